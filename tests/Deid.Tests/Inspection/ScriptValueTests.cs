using System;
using System.Collections.Generic;
using System.Linq;
using Deid.Dicom;
using Deid.Identifiers;
using Deid.Inspection;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Inspection
{
    public class ScriptValueTests
    {
        [Theory]
        [InlineData("10", 10)]
        [InlineData(" +7 ", 7)]
        [InlineData("-3", -3)]
        public void IntegerStringsBecomeInts(string text, int expected) => Assert.Equal(expected, Assert.IsType<int>(ScriptValue.Convert(DicomVR.IS, text)));

        [Fact]
        public void AnIntegerStringPastIntRangeBecomesALong() => Assert.Equal(3000000000L, Assert.IsType<long>(ScriptValue.Convert(DicomVR.IS, "3000000000")));

        [Theory]
        [InlineData("5.0", 5.0)]
        [InlineData("-1.5e2", -150.0)]
        [InlineData(".25", 0.25)]
        public void DecimalStringsBecomeDoubles(string text, double expected) => Assert.Equal(expected, Assert.IsType<double>(ScriptValue.Convert(DicomVR.DS, text)));

        [Theory]
        [InlineData("NaN")]
        [InlineData("1,000")]
        [InlineData("abc")]
        public void ANumberStringThatIsNotANumberStaysText(string text) => Assert.Equal(text, ScriptValue.Convert(DicomVR.DS, text));

        [Fact]
        public void AnEmptyNumberStringIsNull()
        {
            Assert.Null(ScriptValue.Convert(DicomVR.IS, string.Empty));
            Assert.Null(ScriptValue.Convert(DicomVR.DS, "  "));
        }

        [Fact]
        public void MultiValuesBecomeTypedListsThatPrintWithBackslashes()
        {
            var ds = Assert.IsType<DicomMultiValue<double>>(ScriptValue.Convert(DicomVR.DS, new[] { "-45", "-45", "5.0" }));
            Assert.Equal(new[] { -45.0, -45.0, 5.0 }, ds);
            Assert.Equal("-45\\-45\\5", ds.ToString());
            var us = Assert.IsType<DicomMultiValue<ushort>>(ScriptValue.Convert(DicomVR.US, new object[] { (ushort)1, (ushort)2 }));
            Assert.Equal(new ushort[] { 1, 2 }, us);
            var mixed = Assert.IsType<DicomMultiValue<long>>(ScriptValue.Convert(DicomVR.IS, new[] { "1", "3000000000" }));
            Assert.Equal(new[] { 1L, 3000000000L }, mixed);
            Assert.Equal(new[] { "1", "x" }, ScriptValue.Convert(DicomVR.IS, new[] { "1", "x" }));
        }

        [Fact]
        public void TextAndDatesAreLeftAlone()
        {
            Assert.Equal("20060522", ScriptValue.Convert(DicomVR.DA, "20060522"));
            Assert.Equal("DOE^JOHN", ScriptValue.Convert(DicomVR.PN, "DOE^JOHN"));
            Assert.Equal((ushort)512, ScriptValue.Convert(DicomVR.US, (ushort)512));
        }

        [Fact]
        public void ADateTakesItsPairedTime()
        {
            Assert.Equal(new DateTime(2006, 5, 22, 11, 45, 35), ScriptValue.ToDateTime(DicomVR.DA, "20060522", "114535"));
            Assert.Equal(new DateTime(2006, 5, 22), ScriptValue.ToDateTime(DicomVR.DA, "20060522"));
            Assert.Equal(new DateTime(2006, 5, 22), ScriptValue.ToDateTime(DicomVR.DA, "20060522", "99"));
            Assert.Equal(new DateTime(2006, 5, 22, 11, 46, 45), ScriptValue.ToDateTime(DicomVR.DT, "20060522114645+0200"));
            Assert.Equal("StudyTime", ScriptValue.PairedTimeKeyword("StudyDate"));
        }

        [Theory]
        [InlineData("20061322")]
        [InlineData("not a date")]
        [InlineData("")]
        [InlineData("20060230")]
        public void AnInvalidDateIsNullNeverAnException(string text) => Assert.Null(ScriptValue.ToDateTime(DicomVR.DA, text));

        [Fact]
        public void PropertiesAddACompanionAfterEachDate()
        {
            var elements = new List<KeyValuePair<string, KeyValuePair<DicomVR, object?>>>
            {
                Element("StudyDate", DicomVR.DA, "20060522"),
                Element("StudyTime", DicomVR.TM, "114535"),
                Element("InstanceNumber", DicomVR.IS, "10"),
                Element("PatientBirthDate", DicomVR.DA, "19571341"),
            };
            var properties = ScriptValue.Properties(elements).ToList();
            Assert.Equal(new[] { "StudyDate", "StudyDateAsDateTime", "StudyTime", "InstanceNumber", "PatientBirthDate", "PatientBirthDateAsDateTime" }, properties.Select(p => p.Key));
            Assert.Equal(new DateTime(2006, 5, 22, 11, 45, 35), properties[1].Value);
            Assert.Equal(10, properties[3].Value);
            Assert.Null(properties[5].Value);
        }

        [Fact]
        public void DatasetViewsAndIdentifiersGiveNumbersButFieldsKeepDeidsText()
        {
            var sample = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 1 }).File;
            var view = new DicomDatasetView(sample, "x.dcm");
            var named = view.NamedValues().ToDictionary(p => p.Key, p => p.Value);
            Assert.IsType<int>(named["InstanceNumber"]);
            Assert.IsType<int>(view["InstanceNumber"]);
            Assert.IsType<DicomMultiValue<double>>(named["ImagePositionPatient"]);
            Assert.IsType<DateTime>(named["StudyDateAsDateTime"]);

            var ids = IdentifierExtractor.Extract(sample, "x.dcm");
            var idNamed = ids.NamedValues().ToDictionary(p => p.Key, p => p.Value);
            Assert.IsType<int>(idNamed["InstanceNumber"]);
            Assert.IsType<ushort>(idNamed["Rows"]);
            Assert.IsType<string>(idNamed["PatientName"]);
            Assert.Equal("ORIGINAL\\PRIMARY\\AXIAL", idNamed["ImageType"]);
            Assert.IsType<string>(ids.GetField("(0020,0013)")!.Value);
            Assert.EndsWith("fields", ids.Fields.ToString());
            ids.Variables["b"] = 2;
            ids.Variables["A"] = "x";
            Assert.Equal("A=x; b=2", ids.Variables.ToString());
        }

        /// <summary>
        /// QA 2026-12-07: a whole identifier object through Export-Csv and Import-Csv came back with its Variables as one text
        /// column, and Invoke-DeidReplace found none of them. The text reads back as the table it was written from.
        /// </summary>
        [Theory]
        [InlineData("id", "SUBJ-001")]
        [InlineData("note", "a; b")]
        [InlineData("empty", "")]
        [InlineData("eq", "x=y")]
        [InlineData("zz", "left; b=FAKE")]
        [InlineData("path", @"C:\in\; b=\")]
        public void VariablesText_ReadsBackAsTheTableItWasWrittenFrom(string name, string value)
        {
            var ids = new DicomIdentifiers("x.dcm", new System.Collections.Specialized.OrderedDictionary());
            ids.Variables["b"] = 2;
            ids.Variables[name] = value;
            var back = DicomIdentifiers.ParseVariablesText(ids.Variables.ToString()!);
            Assert.NotNull(back);
            // A value holding "; " is kept whole: the part after it has no name of its own.
            Assert.Equal(value, back![name]);
            Assert.Equal("2", back["b"]);
            Assert.Empty(DicomIdentifiers.ParseVariablesText(string.Empty)!);
            Assert.Null(DicomIdentifiers.ParseVariablesText("no variables here"));
            Assert.Equal("x; y", DicomIdentifiers.ParseVariablesText("a=x; y")!["a"]);
            // A date comes back a date (its text was written into a DA as it stood), and only the round-trip form does.
            var dated = new DicomIdentifiers("x.dcm", new System.Collections.Specialized.OrderedDictionary());
            dated.Variables["d"] = new DateTime(2020, 1, 2, 9, 30, 0);
            dated.Variables["t"] = "2020-01-02";
            var dates = DicomIdentifiers.ParseVariablesText(dated.Variables.ToString()!)!;
            Assert.Equal(new DateTime(2020, 1, 2, 9, 30, 0), dates["d"]);
            Assert.Equal("2020-01-02", dates["t"]);
        }

        [Fact]
        public void TagsBecomeTheirText()
        {
            var tag = new DicomTag(0x0018, 0x1063);
            Assert.Equal("(0018,1063)", ScriptValue.Convert(DicomVR.AT, tag));
            // Several: a list that prints DICOM's way, as Export-Csv writes it (a string[] was written as System.String[]).
            var several = Assert.IsType<DicomMultiValue<string>>(ScriptValue.Convert(DicomVR.AT, new[] { tag, new DicomTag(0x0054, 0x0080) }));
            Assert.Equal(new[] { "(0018,1063)", "(0054,0080)" }, several);
            Assert.Equal("(0018,1063)\\(0054,0080)", several.ToString());
            var text = Assert.IsType<DicomMultiValue<string>>(ScriptValue.Convert(DicomVR.CS, new[] { "ORIGINAL", "PRIMARY" }));
            Assert.Equal("ORIGINAL\\PRIMARY", text.ToString());
            Assert.IsType<string[]>(ScriptValue.Convert(DicomVR.CS, new[] { "ORIGINAL" }));
            // Private tags too, whose DicomTag would nest its private creator's tag without end.
            Assert.Equal("(0029,1010)", ScriptValue.Convert(DicomVR.AT, new DicomTag(0x0029, 0x1010)));
        }

        [Fact]
        public void ValuesLeftInTheFileBecomeTheirLengthAndPlace()
        {
            var reference = new DicomValueRef(DicomValueSource.FromBytes(new byte[100]), 20, 64);
            var native = Assert.IsType<DicomBulkValue>(ScriptValue.Convert(DicomVR.OW, reference));
            Assert.Equal(64, native.Length);
            Assert.Equal(20L, native.Offset);
            Assert.Null(native.FragmentCount);
            Assert.Equal("64 bytes", native.ToString());

            var fragments = DicomFragments.Create(new[]
            {
                new DicomFragment(new DicomValueRef(DicomValueSource.FromBytes(new byte[100]), 8, 0)),
                new DicomFragment(new byte[] { 1, 2 }),
                new DicomFragment(new byte[] { 3, 4, 5, 6 }),
            });
            var encapsulated = Assert.IsType<DicomBulkValue>(ScriptValue.Convert(DicomVR.OB, fragments));
            Assert.Equal(6, encapsulated.Length);
            Assert.Equal(8L, encapsulated.Offset);
            Assert.Equal(2, encapsulated.FragmentCount);
            Assert.Equal("2 fragments, 6 bytes", encapsulated.ToString());
            Assert.Null(Assert.IsType<DicomBulkValue>(ScriptValue.Convert(DicomVR.OB, DicomFragments.Create(new[] { new DicomFragment(new byte[] { 1, 2 }) }))).Offset);
        }

        [Fact]
        public void AnEmptyOffsetTable_StartsRightBeforeTheFirstFragmentsItemHeader()
        {
            var source = DicomValueSource.FromBytes(new byte[100]);
            var afterEmptyTable = DicomFragments.Create(new[]
            {
                new DicomFragment(ReadOnlyMemory<byte>.Empty),
                new DicomFragment(new DicomValueRef(source, 40, 10)),
            });
            Assert.Equal(32L, Assert.IsType<DicomBulkValue>(ScriptValue.Convert(DicomVR.OB, afterEmptyTable)).Offset);
            var afterFullTable = DicomFragments.Create(new[]
            {
                new DicomFragment(new byte[] { 0, 0, 0, 0 }),
                new DicomFragment(new DicomValueRef(source, 40, 10)),
            });
            Assert.Equal(28L, Assert.IsType<DicomBulkValue>(ScriptValue.Convert(DicomVR.OB, afterFullTable)).Offset);
        }

        [Fact]
        public void AFilesEncapsulatedPixelData_StartsWhereItsFirstItemsValueIs()
        {
            string jpeg = TestPaths.Data("pydicom", "test_files", "JPGExtended.dcm");
            if (!System.IO.File.Exists(jpeg)) return; // ../shared is not there
            var pixels = Assert.IsType<DicomBulkValue>(new DicomDatasetView(DicomFile.Open(jpeg), jpeg).NamedValues().First(p => p.Key == "PixelData").Value);
            byte[] bytes = System.IO.File.ReadAllBytes(jpeg);
            long offset = Assert.NotNull(pixels.Offset);
            // 8 bytes before it: the offset table's item header (FFFE,E000) and its length; after the table, the first fragment's.
            Assert.Equal(new byte[] { 0xFE, 0xFF, 0x00, 0xE0 }, bytes.AsSpan((int)offset - 8, 4).ToArray());
            uint tableLength = BitConverter.ToUInt32(bytes, (int)offset - 4);
            Assert.Equal(new byte[] { 0xFE, 0xFF, 0x00, 0xE0 }, bytes.AsSpan((int)(offset + tableLength), 4).ToArray());
            // The first fragment is a JPEG codestream: it starts with SOI.
            Assert.Equal(new byte[] { 0xFF, 0xD8 }, bytes.AsSpan((int)(offset + tableLength + 8), 2).ToArray());
        }

        [Fact]
        public void AFilesPixelDataAndTagsReadAsPlainValues()
        {
            string jpeg = TestPaths.Data("pydicom", "test_files", "JPGExtended.dcm");
            if (!System.IO.File.Exists(jpeg)) return; // ../shared is not there
            var file = DicomFile.Open(jpeg);
            var named = new DicomDatasetView(file, jpeg).NamedValues().ToDictionary(p => p.Key, p => p.Value);
            var pixels = Assert.IsType<DicomBulkValue>(named["PixelData"]);
            Assert.True(pixels.FragmentCount >= 1);
            Assert.True(pixels.Length > 0);
            var pointer = named["FrameIncrementPointer"];
            Assert.All(pointer is string one ? new[] { one } : ((System.Collections.Generic.IEnumerable<string>)pointer!).ToArray(), t => Assert.Matches(@"^\([0-9A-F]{4},[0-9A-F]{4}\)$", t));
        }

        [Fact]
        public void ADeflatedFilesPixelData_HasItsLengthButNoPlaceInTheFile()
        {
            string deflated = TestPaths.Data("pydicom", "test_files", "image_dfl.dcm");
            if (!System.IO.File.Exists(deflated)) return; // ../shared is not there
            var named = new DicomDatasetView(DicomFile.Open(deflated), deflated).NamedValues().ToDictionary(p => p.Key, p => p.Value);
            var pixels = Assert.IsType<DicomBulkValue>(named["PixelData"]);
            Assert.Equal(262144, pixels.Length);
            // Left in the file, compressed: an offset would count inflated bytes, which no byte of the file is at.
            Assert.Null(pixels.Offset);
            Assert.Equal("262144 bytes", pixels.ToString());
        }

        private static KeyValuePair<string, KeyValuePair<DicomVR, object?>> Element(string keyword, DicomVR vr, object? value) =>
            new KeyValuePair<string, KeyValuePair<DicomVR, object?>>(keyword, new KeyValuePair<DicomVR, object?>(vr, value));
    }
}
