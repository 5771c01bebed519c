using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Audit;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// The value-by-value look reaches every value of the output (audit QA 2026-12-07, F4): one of 64 KB or more, which the
    /// header read leaves in the file; one after the Pixel Data, which the header read stops before; and one inside a UN value
    /// that holds the items of a sequence no dictionary knew, whose inner tag and length bytes border the values in it. Each
    /// had a tag or length byte beside it that reads as a digit or a letter, and a pair that kept an ID or a name there was
    /// called clean.
    /// </summary>
    public sealed class AuditValueReachTests : IDisposable
    {
        private const string Id = "48291377";
        private static readonly TransferSyntax Le = TransferSyntax.ExplicitVRLittleEndian;
        private static readonly TransferSyntax Be = TransferSyntax.Lookup("1.2.840.10008.1.2.2");
        private static readonly DicomTag Creator29 = new DicomTag(0x0029, 0x0010);
        private static readonly DicomTag Private29 = new DicomTag(0x0029, 0x1010);
        private static readonly DicomTag AdmissionId = new DicomTag(0x0038, 0x0010);
        private static readonly DicomTag RadiopharmaceuticalInformation = new DicomTag(0x0054, 0x0016);

        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-reach-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public AuditValueReachTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        // --- Values of 64 KB or more ---

        [Theory]
        [InlineData("1.2.840.10008.1.2.1")]
        [InlineData("1.2.840.10008.1.2.2")]
        [InlineData("1.2.840.10008.1.2.1.99")]
        public void AnIdEndingALargeValue_BeforeAVisitElement_IsFound(string transferSyntax)
        {
            // Little endian: the ID ends a 70,000-byte private OB, and (0038,0010) after it begins with the digit '8'. Big endian:
            // the ID begins one of 69,938 bytes (0x00011132), whose length's last byte before it is the digit '2'. Deflated: as
            // little endian in the inflated dataset, the value read again from the compressed bytes.
            var ts = TransferSyntax.Lookup(transferSyntax);
            bool bigEndian = ts.Encoding.IsBigEndian;
            string output = Output("big-id.dcm", ts, ds =>
            {
                ds.SetString(Creator29, DicomVR.LO, "ACME 1.0");
                ds.SetRawValue(Private29, DicomVR.OB, bigEndian ? Padded(Id + " ", 69_938, atEnd: false) : Padded(" " + Id, 70_000, atEnd: true));
                ds.SetString(AdmissionId, DicomVR.LO, "ADM1");
            });
            if (!ts.IsDeflated) AssertBeside(output, Id, bigEndian ? (byte)'2' : (byte)'8', before: bigEndian);
            AssertFound(output, "PatientID", Id);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void ANamePartEndingALargeValue_BeforeGroup0054_IsFound(bool bigEndian)
        {
            // Little endian: LEE ends the value and (0054,0016) begins with 'T'. Big endian: LEE begins one of 70,000 bytes
            // (0x00011170), whose length's last byte is 'p'.
            var ts = bigEndian ? Be : Le;
            string output = Output("big-word.dcm", ts, ds =>
            {
                ds.SetString(Creator29, DicomVR.LO, "ACME 1.0");
                ds.SetRawValue(Private29, DicomVR.OB, bigEndian ? Padded("LEE ", 70_000, atEnd: false) : Padded(" LEE", 70_000, atEnd: true));
                ds.GetOrAddSequence(RadiopharmaceuticalInformation);
            });
            AssertBeside(output, "LEE", bigEndian ? (byte)'p' : (byte)'T', before: bigEndian);
            AssertFound(output, "PatientName", "LEE");
        }

        [Fact]
        public void ADigitOfALargeValueItself_StillMakesALongerNumber()
        {
            string output = Output("big-longer.dcm", Le, ds =>
            {
                ds.SetString(Creator29, DicomVR.LO, "ACME 1.0");
                ds.SetRawValue(Private29, DicomVR.OB, Padded(" 1" + Id, 70_000, atEnd: true));
                ds.SetString(AdmissionId, DicomVR.LO, "ADM1");
            });
            AssertNotFound(output, "PatientID");
        }

        // --- Values after the Pixel Data ---

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AnIdEndingAValueAfterThePixelData_BeforeAnOddGroupOf39_IsFound(bool deflated)
        {
            // (8039,0010) after it begins with the digit '9'.
            string output = Output("after-pixels-id.dcm", deflated ? TransferSyntax.DeflatedExplicitVRLittleEndian : Le, ds =>
            {
                ds.SetString(new DicomTag(0x7FE1, 0x0010), DicomVR.LO, "ACME 1.0");
                ds.SetString(new DicomTag(0x7FE1, 0x1010), DicomVR.LT, "I " + Id);
                ds.SetString(new DicomTag(0x8039, 0x0010), DicomVR.LO, "ACME 1.0");
            });
            if (!deflated) AssertBeside(output, Id, (byte)'9', before: false);
            AssertFound(output, "PatientID", Id);
        }

        [Fact]
        public void AnIdBeginningAValueAfterThePixelData_AfterADigitLengthByte_IsFound_BigEndian()
        {
            // An LT of 50 bytes: its length's last byte, '2', stands before the ID.
            string output = Output("after-pixels-be.dcm", Be, ds =>
            {
                ds.SetString(new DicomTag(0x7FE1, 0x0010), DicomVR.LO, "ACME 1.0");
                ds.SetString(new DicomTag(0x7FE1, 0x1010), DicomVR.LT, (Id + " admitted, see chart").PadRight(50));
            });
            AssertBeside(output, Id, (byte)'2', before: true);
            AssertFound(output, "PatientID", Id);
        }

        [Fact]
        public void ANamePartEndingAValueAfterThePixelData_BeforeALetter_IsFound()
        {
            // (8055,0010) after it begins with 'U'.
            string output = Output("after-pixels-word.dcm", Le, ds =>
            {
                ds.SetString(new DicomTag(0x7FE1, 0x0010), DicomVR.LO, "ACME 1.0");
                ds.SetString(new DicomTag(0x7FE1, 0x1010), DicomVR.LT, "seen by Dr LEE");
                ds.SetString(new DicomTag(0x8055, 0x0010), DicomVR.LO, "ACME 1.0");
            });
            AssertBeside(output, "LEE", (byte)'U', before: false);
            AssertFound(output, "PatientName", "LEE");
        }

        [Fact]
        public void ANamePartInThePixelValue_IsStillNotAName()
        {
            // Pixel Data is left to the byte search, which looks for short name parts outside it only: two or three letters
            // between two other bytes are chance among pixels.
            string output = Output("pixels-word.dcm", Le, ds => { }, pixels: Padded("\0LEE\0", 70_000, atEnd: false));
            AssertNotFound(output, "PatientName");
        }

        // --- UN values holding items ---

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AnIdInAUnValueHoldingItems_BeforeAVisitElement_IsFound(bool bigEndian)
        {
            // The items are Implicit VR Little Endian in either byte order (PS3.5 §6.2.2); (0038,0010) after the ID reads '8'.
            byte[] un = Item(Element(0x0010, 0x0020, Id) + Element(0x0038, 0x0010, "ADM1"));
            string output = Output("un-id.dcm", bigEndian ? Be : Le, ds => AddUn(ds, un));
            AssertBeside(output, Id, (byte)'8', before: false);
            AssertFound(output, "PatientID", Id);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void ANamePartInAUnValueHoldingItems_BeforeGroup0054_IsFound(bool bigEndian)
        {
            byte[] un = Item(Element(0x0010, 0x0010, "AB^LEE") + Element(0x0054, 0x0016, ""));
            string output = Output("un-word.dcm", bigEndian ? Be : Le, ds => AddUn(ds, un));
            AssertBeside(output, "LEE", (byte)'T', before: false);
            AssertFound(output, "PatientName", "LEE");
        }

        [Fact]
        public void ValuesInNestedSequencesOfAUnValue_AreFound()
        {
            // A sequence of undefined length with an item of undefined length, and one of defined length, inside the item.
            string undefinedSequence = Header(0x0029, 0x1020, 0xFFFFFFFF)
                + Header(0xFFFE, 0xE000, 0xFFFFFFFF) + Element(0x0010, 0x0020, Id) + Element(0x0038, 0x0010, "ADM1") + Header(0xFFFE, 0xE00D, 0)
                + Header(0xFFFE, 0xE0DD, 0);
            string definedSequence = Element(0x0029, 0x1030, Latin1(Item(Element(0x0010, 0x0010, "AB^LEE") + Element(0x0054, 0x0016, ""))));
            byte[] un = Item(undefinedSequence + definedSequence);
            string output = Output("un-nested.dcm", Le, ds => AddUn(ds, un));
            AssertFound(output, "PatientID", Id);
            AssertFound(output, "PatientName", "LEE");
        }

        [Fact]
        public void AnIdInALargeUnValueHoldingItems_IsFound()
        {
            // 64 KB or more: the value stays in the file, and its items are walked there.
            byte[] un = Item(Element(0x0029, 0x1040, new string('x', 70_000)) + Element(0x0010, 0x0020, Id) + Element(0x0038, 0x0010, "ADM1"));
            string output = Output("un-large.dcm", Le, ds => AddUn(ds, un));
            AssertBeside(output, Id, (byte)'8', before: false);
            AssertFound(output, "PatientID", Id);
        }

        [Fact]
        public void ADigitOfAValueInAUnValue_StillMakesALongerNumber()
        {
            byte[] un = Item(Element(0x0010, 0x0020, "1" + Id + " ") + Element(0x0038, 0x0010, "ADM1"));
            string output = Output("un-longer.dcm", Le, ds => AddUn(ds, un));
            // The original's ID is not found; the PatientID element the UN value holds is, as an element hidden in a kept value.
            foreach (var result in AuditEachWay(output))
            {
                var leak = Assert.Single(result.Leaks, l => l.Keyword == "PatientID");
                Assert.StartsWith("hidden in the value of (0029,1010)", leak.OriginalValue, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void AUnValueThatIsNotItems_IsStillSearchedWhole()
        {
            // Text, and bytes that begin as an item whose length runs past the value: each is one value, bounded by its own
            // ends, and the ID ending it is found although (0038,0010) follows.
            foreach (var un in new[] { Encoding.ASCII.GetBytes("I " + Id), Latin1(Header(0xFFFE, 0xE000, 1000) + "x " + Id) })
            {
                string output = Output("un-whole.dcm", Le, ds =>
                {
                    AddUn(ds, un);
                    ds.SetString(AdmissionId, DicomVR.LO, "ADM1");
                });
                AssertBeside(output, Id, (byte)'8', before: false);
                AssertFound(output, "PatientID", Id);
            }
        }

        // --- Windows ---

        [Fact]
        public void WindowsOfAnySize_FindWhatOneWindowFinds()
        {
            // The values are searched a window at a time; a match across a window's end is found by the window it starts in,
            // once, at the same offset, and a longer number is still one.
            byte[] un = Item(Element(0x0010, 0x0010, "AB^LEE") + Element(0x0054, 0x0016, ""));
            string output = Output("windows.dcm", Le, ds =>
            {
                AddUn(ds, un);
                ds.SetString(AdmissionId, DicomVR.LO, "1" + Id + " ");
                ds.SetString(new DicomTag(0x7FE1, 0x0010), DicomVR.LO, "ACME 1.0");
                ds.SetString(new DicomTag(0x7FE1, 0x1010), DicomVR.LT, "I " + Id);
                ds.SetString(new DicomTag(0x8039, 0x0010), DicomVR.LO, "ACME 1.0");
            });
            var whole = new DeidAudit().Audit(Original(), output);
            var id = Single(whole, "PatientID");
            var name = Single(whole, "PatientName");
            for (int window = 1; window <= 64; window++)
            {
                var windowed = new DeidAudit { ValueWindowSize = window }.Audit(Original(), output);
                Assert.Equal(id.ByteOffset, Single(windowed, "PatientID").ByteOffset);
                Assert.Equal(name.ByteOffset, Single(windowed, "PatientName").ByteOffset);
            }
        }

        // --- Helpers ---

        private static DeidLeak Single(DeidAuditResult result, string keyword) => Assert.Single(result.Leaks, l => l.Keyword == keyword);

        // Audited as read whole, from the file a window at a time, and with the values searched in windows smaller than the value.
        private IEnumerable<DeidAuditResult> AuditEachWay(string output)
        {
            string original = Original();
            yield return new DeidAudit().Audit(original, output);
            yield return new DeidAudit { InMemoryLimit = 0 }.Audit(original, output);
            yield return new DeidAudit { ValueWindowSize = 4096 }.Audit(original, output);
        }

        private void AssertFound(string output, string keyword, string form)
        {
            var bytes = File.ReadAllBytes(output);
            bool deflated = DicomFile.Open(output, DicomReadOptions.HeaderOnly).TransferSyntax.IsDeflated;
            foreach (var result in AuditEachWay(output))
            {
                var leak = Assert.Single(result.Leaks, l => l.Keyword == keyword);
                Assert.Equal(form, leak.Form, ignoreCase: true);
                Assert.Equal(deflated ? LeakLocation.InflatedBytes : LeakLocation.Bytes, leak.Location);
                // Where it stands in the output, when known (a value in memory is placed by its bytes when the output is held).
                if (leak.ByteOffset >= 0 && !deflated) Assert.Equal(form, Encoding.ASCII.GetString(bytes, (int)leak.ByteOffset, form.Length), ignoreCase: true);
            }
        }

        private void AssertNotFound(string output, string keyword)
        {
            foreach (var result in AuditEachWay(output)) Assert.DoesNotContain(result.Leaks, l => l.Keyword == keyword);
        }

        // The test's own control: the byte beside the text in the file is one that makes the byte search pass it over.
        private static void AssertBeside(string output, string text, byte neighbour, bool before)
        {
            var bytes = File.ReadAllBytes(output);
            int at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text));
            Assert.True(at > 0, text + " is in the output");
            Assert.Equal(neighbour, before ? bytes[at - 1] : bytes[at + text.Length]);
        }

        private string Original()
        {
            string path = Path.Combine(_root, "original.dcm");
            if (File.Exists(path)) return path;
            var file = new DicomFile(Le);
            var ds = file.Dataset;
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.2.1143.77");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "LEE^MAXWELL");
            ds.SetString(DicomTags.PatientID, DicomVR.LO, Id);
            AddPixels(ds, new byte[16]);
            file.EnsureFileMeta();
            file.Save(path, overwrite: true);
            return path;
        }

        private string Output(string name, TransferSyntax ts, Action<DicomDataset> add, byte[]? pixels = null)
        {
            var file = new DicomFile(ts);
            var ds = file.Dataset;
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "2.25.99");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "ANON");
            ds.SetString(DicomTags.PatientID, DicomVR.LO, "ANON");
            AddPixels(ds, pixels ?? new byte[16]);
            add(ds);
            file.EnsureFileMeta();
            string path = Path.Combine(_root, name);
            file.Save(path, overwrite: true);
            return path;
        }

        private static void AddPixels(DicomDataset ds, byte[] pixels)
        {
            ds.SetNumbers(DicomTags.SamplesPerPixel, DicomVR.US, 1);
            ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
            ds.SetNumbers(DicomTags.Rows, DicomVR.US, pixels.Length / 16);
            ds.SetNumbers(DicomTags.Columns, DicomVR.US, 16);
            ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.HighBit, DicomVR.US, 7);
            ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
            ds.SetRawValue(DicomTag.PixelData, DicomVR.OB, pixels);
        }

        private static void AddUn(DicomDataset ds, byte[] value)
        {
            // A creator no private dictionary knows: the reader keeps the value as UN bytes.
            ds.SetString(Creator29, DicomVR.LO, "ACME 1.0");
            ds.SetRawValue(Private29, DicomVR.UN, value);
        }

        // Text of the given length, 'x' before or after the given end.
        private static byte[] Padded(string text, int length, bool atEnd)
        {
            string fill = new string('x', length - text.Length);
            return Latin1(atEnd ? fill + text : text + fill);
        }

        // Implicit VR Little Endian pieces, as strings of Latin-1 characters (one byte each).
        private static string Header(ushort group, ushort element, uint length) =>
            Latin1(BitConverter.GetBytes(group).Concat(BitConverter.GetBytes(element)).Concat(BitConverter.GetBytes(length)).ToArray());

        private static string Element(ushort group, ushort element, string value) => Header(group, element, (uint)value.Length) + value;

        private static byte[] Item(string content) => Latin1(Header(0xFFFE, 0xE000, (uint)content.Length) + content);

        private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

        private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);
    }
}
