using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;
using Deid.Tests.Recipes;
using Xunit;

namespace Deid.Tests.Fields
{
    /// <summary>
    /// The Retain Safe Private Option: PS3.15 Table E.3.10-1 (generated from ../shared/standard/safe_private_attributes.tsv) and
    /// the file's own Private Data Element Characteristics Sequence (0008,0300) decide which private elements stay, in whatever
    /// block their creator occupies; everything else private goes (<c>REMOVE select:private:unsafe</c>).
    /// </summary>
    public class SafePrivateTests
    {
        private static readonly DicomTag Characteristics = new DicomTag(0x0008, 0x0300);

        [Fact]
        public void TheTable_HasEveryRowOfTheStandard()
        {
            int rows = File.ReadAllLines(Path.Combine(TestPaths.Shared, "standard", "safe_private_attributes.tsv")).Count(l => l.Length > 0) - 1;
            Assert.Equal(479, rows);
            Assert.Equal(rows, SafePrivateAttributes.Count);
            Assert.True(SafePrivateAttributes.IsSafeElement("GEMS_ACQU_01", 0x0019, 0x23));
            Assert.True(SafePrivateAttributes.IsSafeElement("SIEMENS MR HEADER ", 0x0019, 0x0C)); // LO padding ignored
            Assert.False(SafePrivateAttributes.IsSafeElement("siemens mr header", 0x0019, 0x0C));  // a creator is compared exactly
            Assert.False(SafePrivateAttributes.IsSafeElement("GEMS_ACQU_01", 0x0019, 0x22));
            Assert.False(SafePrivateAttributes.IsSafeElement("GEMS_ACQU_01", 0x0021, 0x23));
        }

        /// <summary>
        /// Blocks placed where no reader expects them: GEMS_ACQU_01 in block 0x42 of group 0019, an unknown creator beside it,
        /// ACME blocks the file declares MIXED and SAFE, one it declares UNSAFE, an element without creator, and markers in every
        /// element that must go.
        /// </summary>
        internal static DicomFile SafeAndUnsafe()
        {
            var file = MarkerFile.Create();
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0019, 0x0042), DicomVR.LO, "GEMS_ACQU_01");
            ds.SetString(new DicomTag(0x0019, 0x0043), DicomVR.LO, "MKUNKNOWNCREATOR");
            ds.SetString(new DicomTag(0x0019, 0x4223), DicomVR.DS, "1.375");              // Table Speed: safe
            ds.SetString(new DicomTag(0x0019, 0x4222), DicomVR.LO, "MKNOTINTABLE");       // not in the table
            ds.SetString(new DicomTag(0x0019, 0x4323), DicomVR.LO, "MKOTHERCREATOR");     // same byte, another creator
            ds.SetString(new DicomTag(0x0019, 0x5001), DicomVR.LO, "MKNOCREATOR");        // block 0x50 has no creator
            ds.SetString(new DicomTag(0x0029, 0x0011), DicomVR.LO, "ACME MIXED");
            ds.SetString(new DicomTag(0x0029, 0x1105), DicomVR.LO, "DECLARED SAFE");
            ds.SetString(new DicomTag(0x0029, 0x1106), DicomVR.LO, "MKDECLAREDUNSAFE");
            ds.SetString(new DicomTag(0x0029, 0x1107), DicomVR.PN, "MKDECLAREDPN^JOHN"); // declared safe, but a PN
            ds.SetString(new DicomTag(0x0031, 0x0040), DicomVR.LO, "ACME SAFE");
            ds.SetString(new DicomTag(0x0031, 0x4001), DicomVR.SH, "WHOLE BLOCK");
            ds.SetString(new DicomTag(0x0033, 0x0010), DicomVR.LO, "ACME UNSAFE");
            ds.SetString(new DicomTag(0x0033, 0x1001), DicomVR.LO, "MKUNSAFEBLOCK");
            var declarations = ds.GetOrAddSequence(Characteristics);
            Declare(declarations.AddItem(), 0x0029, "ACME MIXED", "MIXED", 0x05, 0x07);
            Declare(declarations.AddItem(), 0x0031, "ACME SAFE", "SAFE");
            Declare(declarations.AddItem(), 0x0033, "ACME UNSAFE", "UNSAFE", 0x01);
            return file;
        }

        private static void Declare(DicomDataset item, ushort group, string creator, string status, params double[] safeElements)
        {
            item.SetNumbers(new DicomTag(0x0008, 0x0301), DicomVR.US, group);
            item.SetString(new DicomTag(0x0008, 0x0302), DicomVR.LO, creator);
            item.SetString(new DicomTag(0x0008, 0x0303), DicomVR.CS, status);
            if (safeElements.Length > 0) item.SetNumbers(new DicomTag(0x0008, 0x0304), DicomVR.US, safeElements);
        }

        private static DicomDataset Run(string recipe, DicomFile file, out byte[] bytes)
        {
            bytes = MarkerFile.RunShipped(recipe, file);
            return DicomFile.Open(bytes).Dataset;
        }

        [Fact]
        public void RetainSafePrivate_KeepsTheSafeElements_WithTheirCreators_InAnyBlock()
        {
            var ds = Run("dicom.basic-profile.retain-safe-private", SafeAndUnsafe(), out var bytes);
            Assert.Equal("GEMS_ACQU_01", ds.GetString(new DicomTag(0x0019, 0x0042)));
            Assert.Equal("1.375", ds.GetString(new DicomTag(0x0019, 0x4223)));
            Assert.Equal("ACME MIXED", ds.GetString(new DicomTag(0x0029, 0x0011)));
            Assert.Equal("DECLARED SAFE", ds.GetString(new DicomTag(0x0029, 0x1105)));
            Assert.Equal("ACME SAFE", ds.GetString(new DicomTag(0x0031, 0x0040)));
            Assert.Equal("WHOLE BLOCK", ds.GetString(new DicomTag(0x0031, 0x4001)));
            var privateTags = new List<string>();
            foreach (var e in ds.Elements)
            {
                if (e.Tag.IsPrivate) privateTags.Add(e.Tag.ToString());
            }
            Assert.Equal(new[] { "(0019,0042)", "(0019,4223)", "(0029,0011)", "(0029,1105)", "(0031,0040)", "(0031,4001)" }, privateTags);
            var markers = new[] { "MKUNKNOWNCREATOR", "MKNOTINTABLE", "MKOTHERCREATOR", "MKNOCREATOR", "MKDECLAREDUNSAFE", "MKDECLAREDPN", "MKUNSAFEBLOCK" };
            Assert.Empty(MarkerFile.Surviving(bytes, markers.Select(m => (m, "private"))));
            Assert.Empty(MarkerFile.Surviving(bytes, MarkerFile.Markers));
        }

        /// <summary>
        /// A slot the table lists is safe for the kind of value the table gives it: text where a number (DS), a code (CS) or a UID
        /// belongs goes, whether written with that VR, another VR, or as UN; a number in the number's slot, even as UN, stays.
        /// </summary>
        [Theory]
        [InlineData("DS", "1.375", true)]
        [InlineData("DS", "-2.5E-3\\4", true)]
        [InlineData("DS", "MKDSTEXT", false)]
        [InlineData("LO", "MKWRONGVR", false)]
        [InlineData("UN", "12.5", true)]
        [InlineData("UN", "MKUNTEXT^JOHN", false)]
        public void RetainSafePrivate_KeepsASafeSlot_OnlyWithAValueOfItsVR(string vr, string value, bool kept)
        {
            var file = MarkerFile.Create();
            var ds = file.Dataset;
            var tableSpeed = new DicomTag(0x0019, 0x1023); // GEMS_ACQU_01 Table Speed: DS in Table E.3.10-1
            ds.SetString(new DicomTag(0x0019, 0x0010), DicomVR.LO, "GEMS_ACQU_01");
            if (vr == "UN") ds.SetRawValue(tableSpeed, DicomVR.UN, System.Text.Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + " "));
            else ds.SetString(tableSpeed, vr == "DS" ? DicomVR.DS : DicomVR.LO, value);
            var written = Run("dicom.basic-profile.retain-safe-private", file, out var bytes);
            Assert.Equal(kept, written.Contains(tableSpeed));
            Assert.Equal(kept, MarkerFile.Contains(bytes, System.Text.Encoding.ASCII.GetBytes(value)));
        }

        [Theory]
        [InlineData("DS", "1.5", true)]
        [InlineData("DS", "1.5 DOE", false)]
        [InlineData("IS", "-12\\7", true)]
        [InlineData("IS", "1.5", false)]
        [InlineData("CS", "AXIAL_2", true)]
        [InlineData("CS", "doe", false)]
        [InlineData("UI", "1.2.840.10008.1.2\0", true)]
        [InlineData("UI", "1.2.JOHN", false)]
        [InlineData("US", "ab", true)]
        [InlineData("UL", "abcdef", false)]
        [InlineData("LO", "any text at all", true)]
        [InlineData("", "no VR in the table", true)]
        public void ValueFits_JudgesTheBytesByTheTablesVR(string safeVR, string value, bool fits)
        {
            var ds = new DicomDataset();
            var tag = new DicomTag(0x0019, 0x1001);
            ds.SetRawValue(tag, DicomVR.UN, System.Text.Encoding.ASCII.GetBytes(value));
            Assert.True(ds.TryGetElement(tag, out var e));
            Assert.Equal(fits, PrivateSafety.ValueFits(safeVR, e));
        }

        [Fact]
        public void BasicProfile_RemovesEveryPrivateElement_SafeOrNot()
        {
            var ds = Run("dicom.basic-profile", SafeAndUnsafe(), out _);
            foreach (var e in ds.Elements) Assert.False(e.Tag.IsPrivate, e.Tag + " kept");
        }

        [Fact]
        public void WithoutDeclarations_OnlyTheTableCounts()
        {
            var file = SafeAndUnsafe();
            file.Dataset.Remove(Characteristics);
            var ds = Run("dicom.basic-profile.retain-safe-private", file, out _);
            Assert.Equal("1.375", ds.GetString(new DicomTag(0x0019, 0x4223)));
            Assert.False(ds.Contains(new DicomTag(0x0029, 0x1105)));
            Assert.False(ds.Contains(new DicomTag(0x0029, 0x0011)));
            Assert.False(ds.Contains(new DicomTag(0x0031, 0x4001)));
        }

        [Fact]
        public void TheExpander_SelectsOnlyUnsafePrivateElements()
        {
            var spec = FieldSpec.Parse("select:private:unsafe");
            var file = SafeAndUnsafe();
            var selected = FieldList.Collect(file).Select(spec).Select(f => f.TagPath).ToList();
            Assert.Contains("(0019,0043)", selected);
            Assert.Contains("(0008,1140)__0__(0011,1001)", selected); // nested private elements are judged too
            Assert.DoesNotContain("(0019,4223)", selected);
            Assert.DoesNotContain("(0010,0010)", selected);           // public elements never
            Assert.Empty(new RecipeParser().Parse("FORMAT dicom\n%header\nREMOVE select:private:unsafe\n").Warnings);
            Assert.Empty(new RecipeParser().Parse("FORMAT dicom\n%header\nREMOVE select:private:safe\n").Warnings);
            var warning = Assert.Single(new RecipeParser().Parse("FORMAT dicom\n%header\nREMOVE select:private:known\n").Warnings);
            Assert.Contains("select:private:unsafe", warning.ToString());
        }

        /// <summary>
        /// A safe sequence slot (Philips Imaging DD 001 (2001,xx5F) Stack Sequence, which no private dictionary here knows) stored
        /// as UN bytes: its items cannot be judged one by one, so the bytes go; written as a sequence, it stays, and a name in its
        /// items is removed by the items' own rules.
        /// </summary>
        [Fact]
        public void RetainSafePrivate_KeepsASafeSequenceOnlyAsItems()
        {
            var stack = new DicomTag(0x2001, 0x105F);
            var opaque = MarkerFile.Create();
            opaque.Dataset.SetString(new DicomTag(0x2001, 0x0010), DicomVR.LO, "Philips Imaging DD 001");
            opaque.Dataset.SetRawValue(stack, DicomVR.UN, System.Text.Encoding.ASCII.GetBytes("MKOPAQUESAFESQ^JOHN"));
            var written = Run("dicom.basic-profile.retain-safe-private", opaque, out var bytes);
            Assert.False(written.Contains(stack));
            Assert.False(MarkerFile.Contains(bytes, System.Text.Encoding.ASCII.GetBytes("MKOPAQUESAFESQ")));

            var items = MarkerFile.Create();
            items.Dataset.SetString(new DicomTag(0x2001, 0x0010), DicomVR.LO, "Philips Imaging DD 001");
            var item = items.Dataset.GetOrAddSequence(stack).AddItem();
            item.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "MKINSAFESQ^JOHN");
            item.SetString(new DicomTag(0x0020, 0x0013), DicomVR.IS, "7");
            written = Run("dicom.basic-profile.retain-safe-private", items, out bytes);
            Assert.True(written.Contains(stack));
            Assert.False(MarkerFile.Contains(bytes, System.Text.Encoding.ASCII.GetBytes("MKINSAFESQ")));
        }

        /// <summary>
        /// In Implicit VR the reader knows a private element's VR only from a dictionary: Table E.3.10-1's VRs are in the
        /// generated private dictionary, so the Stack Sequence (in no vendor dictionary here) is read as items and kept.
        /// </summary>
        [Fact]
        public void InImplicitVr_ASafeSequenceTheVendorDictionaryLacks_IsReadAsItems()
        {
            var stack = new DicomTag(0x2001, 0x105F);
            var file = new DicomFile(TransferSyntax.ImplicitVRLittleEndian);
            file.Dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.3");
            file.Dataset.SetString(new DicomTag(0x2001, 0x0010), DicomVR.LO, "Philips Imaging DD 001");
            var item = file.Dataset.GetOrAddSequence(stack).AddItem();
            item.SetString(new DicomTag(0x0020, 0x0013), DicomVR.IS, "7");
            item.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "MKIMPLICITSQ^JOHN");
            file.EnsureFileMeta();
            var read = DicomFile.Open(MarkerFile.Bytes(file));
            Assert.True(read.Dataset.TryGetElement(stack, out var e));
            Assert.True(e.IsSequence);
            var written = Run("dicom.basic-profile.retain-safe-private", read, out var bytes);
            Assert.Equal("7", Assert.Single(written.GetSequence(stack)!).GetString(new DicomTag(0x0020, 0x0013)));
            Assert.False(MarkerFile.Contains(bytes, System.Text.Encoding.ASCII.GetBytes("MKIMPLICITSQ")));
        }

        [Fact]
        public void TheSafeExpander_SelectsTheKeptPrivateDataElements_NotTheirCreators()
        {
            var file = SafeAndUnsafe();
            var fields = FieldList.Collect(file);
            var safe = fields.Select(FieldSpec.Parse("select:private:safe")).Select(f => f.TagPath).ToList();
            Assert.Equal(new[] { "(0019,4223)", "(0029,1105)", "(0031,4001)" }, safe.OrderBy(t => t, System.StringComparer.Ordinal));
            // Every private element is one or the other, or a creator.
            var unsafeOnes = fields.Select(FieldSpec.Parse("select:private:unsafe")).Select(f => f.TagPath).ToList();
            Assert.Empty(safe.Intersect(unsafeOnes));
        }

        /// <summary>
        /// The table vouches for a text slot's meaning, not for what was typed into it: the patient's name, ID and birth date
        /// typed into a safe text slot (GEMS_ACQU_01 Internal Pulse Sequence Name, LO; NQHeader Return Message, LT) are struck,
        /// the rest of the text kept; a safe slot without identifiers keeps its bytes.
        /// </summary>
        [Fact]
        public void RetainSafePrivate_CleansTheTextOfSafeSlots()
        {
            var file = MarkerFile.Create();
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0010, 0x0030), DicomVR.DA, "19471103");
            ds.SetString(new DicomTag(0x0019, 0x0010), DicomVR.LO, "GEMS_ACQU_01");
            ds.SetString(new DicomTag(0x0019, 0x109E), DicomVR.LO, "FSE FOR MKPATIENT PID-1");
            ds.SetString(new DicomTag(0x0099, 0x0010), DicomVR.LO, "NQHeader");
            ds.SetString(new DicomTag(0x0099, 0x1005), DicomVR.LT, "Report for John Mkpatient born 03.11.1947 sent");
            ds.SetString(new DicomTag(0x0099, 0x1020), DicomVR.SH, "mm");
            var written = Run("dicom.basic-profile.retain-safe-private", file, out var bytes);
            string pulse = written.GetString(new DicomTag(0x0019, 0x109E)) ?? string.Empty;
            Assert.StartsWith("FSE FOR ", pulse);
            Assert.DoesNotContain("MKPATIENT", pulse);
            Assert.DoesNotContain("PID-1", pulse);
            string message = written.GetString(new DicomTag(0x0099, 0x1005)) ?? string.Empty;
            Assert.StartsWith("Report for ", message);
            Assert.DoesNotContain("Mkpatient", message);
            Assert.DoesNotContain("1947", message);
            Assert.Equal("mm", written.GetString(new DicomTag(0x0099, 0x1020)));
            Assert.Equal("GEMS_ACQU_01", written.GetString(new DicomTag(0x0019, 0x0010)));
            Assert.Empty(MarkerFile.Surviving(bytes, new[] { ("MKPATIENT", "safe slot"), ("PID-1", "safe slot") }));
        }

        /// <summary>
        /// Leak QA 4, MEDIUM-4: in an Implicit VR file a block the file declares safe is read as UN (no dictionary knows it), and
        /// was kept byte for byte — the clean_descriptor of the option's text slots passed UN by. Text read as UN is now cleaned
        /// as text; bytes that only hold text inside (a sequence item stored as bytes) go; binary numbers and text with nothing
        /// to strike keep their bytes.
        /// </summary>
        [Fact]
        public void InImplicitVr_ADeclaredSafeBlockReadAsUN_IsCleanedOrRemoved()
        {
            var file = new DicomFile(TransferSyntax.ImplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.4");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "MKQUIXOTE^ALONSO");
            ds.SetString(DicomTags.PatientID, DicomVR.LO, "00482913");
            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19610307");
            ds.SetString(new DicomTag(0x0011, 0x0010), DicomVR.LO, "QA SAFE");
            ds.SetString(new DicomTag(0x0011, 0x1001), DicomVR.LO, "pv Mkquixote dob 1961 03 07");
            // An item of (0011,1003) LT written as bytes: tag, length, then the element in implicit VR.
            var text = System.Text.Encoding.ASCII.GetBytes("pvn mrn 0048-2913 ");
            var element = new byte[8 + text.Length];
            System.BitConverter.GetBytes((ushort)0x0011).CopyTo(element, 0);
            System.BitConverter.GetBytes((ushort)0x1003).CopyTo(element, 2);
            System.BitConverter.GetBytes(text.Length).CopyTo(element, 4);
            text.CopyTo(element, 8);
            var item = new byte[8 + element.Length];
            new byte[] { 0xFE, 0xFF, 0x00, 0xE0 }.CopyTo(item, 0);
            System.BitConverter.GetBytes(element.Length).CopyTo(item, 4);
            element.CopyTo(item, 8);
            ds.SetRawValue(new DicomTag(0x0011, 0x1002), DicomVR.UN, item);
            var numbers = new byte[8];
            System.BitConverter.GetBytes(1.5f).CopyTo(numbers, 0);
            System.BitConverter.GetBytes(-2.25f).CopyTo(numbers, 4);
            ds.SetRawValue(new DicomTag(0x0011, 0x1004), DicomVR.UN, numbers);
            ds.SetString(new DicomTag(0x0011, 0x1005), DicomVR.LO, "T2 FLAIR AXIAL");
            Declare(ds.GetOrAddSequence(Characteristics).AddItem(), 0x0011, "QA SAFE", "SAFE");
            file.EnsureFileMeta();
            var read = DicomFile.Open(MarkerFile.Bytes(file));
            Assert.True(read.Dataset.TryGetElement(new DicomTag(0x0011, 0x1001), out var un));
            Assert.Equal(DicomVR.UN, un.VR);

            var written = Run("dicom.basic-profile.retain-safe-private", read, out var bytes);
            Assert.True(written.TryGetElement(new DicomTag(0x0011, 0x1001), out var cleaned));
            Assert.Equal("pv XXX dob XXX", System.Text.Encoding.ASCII.GetString(cleaned.RawValue.ToArray()).TrimEnd(' ', '\0'));
            Assert.False(written.Contains(new DicomTag(0x0011, 0x1002)));
            Assert.True(written.TryGetElement(new DicomTag(0x0011, 0x1004), out var kept));
            Assert.Equal(numbers, kept.RawValue.ToArray());
            Assert.True(written.TryGetElement(new DicomTag(0x0011, 0x1005), out var flair));
            Assert.Equal("T2 FLAIR AXIAL", System.Text.Encoding.ASCII.GetString(flair.RawValue.ToArray()).TrimEnd(' ', '\0'));
            Assert.Empty(MarkerFile.Surviving(bytes, new[] { ("Mkquixote", "UN text"), ("0048-2913", "UN item"), ("1961 03 07", "UN text") }));
        }

        /// <summary>
        /// QA 2026-12-07: what the option keeps must not lead back to the source. A UID a safe slot holds (NQHeader Analyzed
        /// Series UID) or a block the file declares safe holds gets the same new UID as the standard element holding it; a
        /// registered UID stays; a DA holding the birth date is emptied (it cannot hold XXX; as UN it is text, struck); bytes
        /// that spell the name as UTF-16 (after two binary bytes that read as a Latin letter) are emptied; binary numbers keep
        /// their bytes.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void RetainSafePrivate_RemapsKeptUids_EmptiesKeptDatesAndBlobsThatNameThePatient(bool implicitVr)
        {
            const string Series = "1.2.826.0.1.3680043.8.498.555.7";
            var file = new DicomFile(implicitVr ? TransferSyntax.ImplicitVRLittleEndian : TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.4");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "KOWALSKI^JAN");
            ds.SetString(DicomTags.PatientID, DicomVR.LO, "P77312");
            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19580214");
            ds.SetString(new DicomTag(0x0020, 0x000E), DicomVR.UI, Series);
            ds.SetString(new DicomTag(0x0099, 0x0010), DicomVR.LO, "NQHeader");
            ds.SetString(new DicomTag(0x0099, 0x1002), DicomVR.UI, Series);
            ds.SetString(new DicomTag(0x0011, 0x0010), DicomVR.LO, "QA SAFE");
            ds.SetString(new DicomTag(0x0011, 0x1001), DicomVR.UI, Series + "\\1.2.840.10008.1.2.1");
            ds.SetString(new DicomTag(0x0011, 0x1002), DicomVR.DA, "19580214");
            ds.SetString(new DicomTag(0x0011, 0x1003), DicomVR.DA, "20200101");
            var blob = new byte[] { 0x01, 0x02 }.Concat(System.Text.Encoding.Unicode.GetBytes("KOWALSKI JAN")).ToArray();
            ds.SetRawValue(new DicomTag(0x0011, 0x1004), DicomVR.OB, blob);
            var numbers = new byte[] { 0x01, 0x02, 0x00, 0x00, 0x10, 0x27, 0x00, 0x00 };
            ds.SetRawValue(new DicomTag(0x0011, 0x1005), DicomVR.OB, numbers);
            Declare(ds.GetOrAddSequence(Characteristics).AddItem(), 0x0011, "QA SAFE", "SAFE");
            file.EnsureFileMeta();
            var read = DicomFile.Open(MarkerFile.Bytes(file));

            var written = Run("dicom.basic-profile.retain-safe-private", read, out var bytes);
            string series = written.GetString(new DicomTag(0x0020, 0x000E))!;
            Assert.NotEqual(Series, series);
            Assert.Equal(series, Text(written, 0x0099, 0x1002));
            Assert.Equal(series + "\\1.2.840.10008.1.2.1", Text(written, 0x0011, 0x1001));
            // Read as UN (Implicit VR, a block no dictionary knows) a date is text, and its date is struck.
            Assert.Equal(implicitVr ? "XXX" : string.Empty, Text(written, 0x0011, 0x1002));
            Assert.Equal(string.Empty, Text(written, 0x0011, 0x1004));
            Assert.True(written.TryGetElement(new DicomTag(0x0011, 0x1005), out var kept));
            Assert.Equal(numbers, kept.RawValue.ToArray());
            Assert.DoesNotContain(Series, System.Text.Encoding.ASCII.GetString(bytes), System.StringComparison.Ordinal);
            Assert.Empty(MarkerFile.Surviving(bytes, new[] { ("KOWALSKI", "UTF-16"), ("19580214", "DA") }));
            Assert.False(System.Text.Encoding.ASCII.GetString(bytes).Contains("K\0O\0W\0A\0L\0", System.StringComparison.Ordinal));
        }

        /// <summary>
        /// QA 2026-12-07: a Japanese name a vendor wrote into a block the file declares safe, in Shift_JIS, EUC-JP or UTF-8 (no
        /// character set of the file declares them), was kept. Such bytes are emptied; bytes beyond ASCII that spell no name stay.
        /// </summary>
        [Theory]
        [InlineData(932)]
        [InlineData(20932)]
        [InlineData(65001)]
        public void RetainSafePrivate_EmptiesKeptBytesThatSpellACjkNameInAVendorsCodePage(int codePage)
        {
            System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0005), DicomVR.CS, "\\ISO 2022 IR 87");
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.4");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "Yamada^Tarou=山田^太郎");
            ds.SetString(new DicomTag(0x0011, 0x0010), DicomVR.LO, "QA SAFE");
            var name = new byte[] { 0x01, 0x00 }.Concat(System.Text.Encoding.GetEncoding(codePage).GetBytes("山田太郎")).ToArray();
            if (name.Length % 2 == 1) name = name.Concat(new byte[] { 0 }).ToArray();
            ds.SetRawValue(new DicomTag(0x0011, 0x1001), DicomVR.OB, name);
            var other = new byte[] { 0x81, 0x40, 0x90, 0x7F, 0xE4, 0x12, 0x00, 0x01 };
            ds.SetRawValue(new DicomTag(0x0011, 0x1002), DicomVR.OB, other);
            Declare(ds.GetOrAddSequence(Characteristics).AddItem(), 0x0011, "QA SAFE", "SAFE");
            file.EnsureFileMeta();

            var written = Run("dicom.basic-profile.retain-safe-private", DicomFile.Open(MarkerFile.Bytes(file)), out var bytes);
            Assert.True(written.TryGetElement(new DicomTag(0x0011, 0x1001), out var emptied));
            Assert.Equal(0, emptied.RawValue.Length);
            Assert.True(written.TryGetElement(new DicomTag(0x0011, 0x1002), out var kept));
            Assert.Equal(other, kept.RawValue.ToArray());
            Assert.False(MarkerFile.Contains(bytes, System.Text.Encoding.GetEncoding(codePage).GetBytes("山田")));
        }

        /// <summary>
        /// QA of 2026-12-07 (second pass): a slot Table E.3.10-1 gives a binary number (FL under NQLeft, SL under GEMS_SERS_01)
        /// or a block the file declares safe (an FL, an OD) kept the patient's name written into its bytes; numbers stay.
        /// </summary>
        [Fact]
        public void RetainSafePrivate_EmptiesBinaryNumbersThatSpellTheName_KeepsRealNumbers()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.4");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "ZZLEAKNAME^ZZGIVEN");
            var named = System.Text.Encoding.ASCII.GetBytes("F1a ZZLEAKNAME  ");
            var floats = new byte[8];
            System.BitConverter.GetBytes(1.5f).CopyTo(floats, 0);
            System.BitConverter.GetBytes(-2.25f).CopyTo(floats, 4);
            ds.SetString(new DicomTag(0x0199, 0x0010), DicomVR.LO, "NQLeft");
            ds.SetRawValue(new DicomTag(0x0199, 0x1001), DicomVR.FL, named);
            ds.SetString(new DicomTag(0x0025, 0x0010), DicomVR.LO, "GEMS_SERS_01");
            ds.SetRawValue(new DicomTag(0x0025, 0x1007), DicomVR.SL, named);
            ds.SetString(new DicomTag(0x0033, 0x0010), DicomVR.LO, "QA SAFE");
            ds.SetRawValue(new DicomTag(0x0033, 0x1001), DicomVR.FL, named);
            ds.SetRawValue(new DicomTag(0x0033, 0x1002), DicomVR.OD, named);
            ds.SetRawValue(new DicomTag(0x0033, 0x1003), DicomVR.FL, floats);
            Declare(ds.GetOrAddSequence(Characteristics).AddItem(), 0x0033, "QA SAFE", "SAFE");
            file.EnsureFileMeta();

            var written = Run("dicom.basic-profile.retain-safe-private", DicomFile.Open(MarkerFile.Bytes(file)), out var bytes);
            foreach (var (g, e) in new (ushort, ushort)[] { (0x0199, 0x1001), (0x0025, 0x1007), (0x0033, 0x1001), (0x0033, 0x1002) })
            {
                Assert.True(written.TryGetElement(new DicomTag(g, e), out var emptied), $"({g:X4},{e:X4}) removed, not emptied");
                Assert.Equal(0, emptied.RawValue.Length);
            }
            Assert.True(written.TryGetElement(new DicomTag(0x0033, 0x1003), out var kept));
            Assert.Equal(floats, kept.RawValue.ToArray());
            Assert.False(MarkerFile.Contains(bytes, System.Text.Encoding.ASCII.GetBytes("ZZLEAKNAME")));
        }

        /// <summary>
        /// QA of 2026-12-07 (second pass): a safe private text written in UTF-8 or UTF-16 in a file that declares Latin-1 decodes
        /// into letters that spell nothing, and kept the name; the same text in Latin-1 is struck, and text naming no one stays.
        /// </summary>
        [Theory]
        [InlineData("utf-8")]
        [InlineData("utf-16")]
        public void RetainSafePrivate_EmptiesSafeTextThatSpellsTheNameInAnotherEncoding(string encoding)
        {
            var latin1 = System.Text.Encoding.GetEncoding(28591);
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0005), DicomVR.CS, "ISO_IR 100");
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.4");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "ZZMÜLLERX^ZZJOSÉX");
            ds.SetString(new DicomTag(0x0019, 0x0010), DicomVR.LO, "GEMS_ACQU_01");
            var wrong = System.Text.Encoding.GetEncoding(encoding).GetBytes("scan ZZMÜLLERX");
            if (wrong.Length % 2 == 1) wrong = wrong.Concat(new byte[] { 0x20 }).ToArray();
            ds.SetRawValue(new DicomTag(0x0019, 0x109E), DicomVR.LO, wrong);
            ds.SetString(new DicomTag(0x0099, 0x0010), DicomVR.LO, "NQHeader");
            ds.SetRawValue(new DicomTag(0x0099, 0x1005), DicomVR.LT, latin1.GetBytes("scan ZZMÜLLERX"));
            ds.SetString(new DicomTag(0x0043, 0x0010), DicomVR.LO, "GEMS_PARM_01");
            ds.SetRawValue(new DicomTag(0x0043, 0x1027), DicomVR.SH, latin1.GetBytes("1.375:1 é "));
            file.EnsureFileMeta();

            var written = Run("dicom.basic-profile.retain-safe-private", DicomFile.Open(MarkerFile.Bytes(file)), out var bytes);
            Assert.True(written.TryGetElement(new DicomTag(0x0019, 0x109E), out var emptied));
            Assert.Equal(0, emptied.RawValue.Length);
            Assert.Equal("scan XXX", written.GetString(new DicomTag(0x0099, 0x1005)));
            Assert.Equal("1.375:1 é", written.GetString(new DicomTag(0x0043, 0x1027)));
            Assert.False(MarkerFile.Contains(bytes, System.Text.Encoding.GetEncoding(encoding).GetBytes("ZZMÜLLERX")));
        }

        private static string Text(DicomDataset ds, ushort group, ushort element)
        {
            Assert.True(ds.TryGetElement(new DicomTag(group, element), out var e), $"({group:X4},{element:X4}) kept");
            return System.Text.Encoding.ASCII.GetString(e.RawValue.ToArray()).TrimEnd(' ', '\0');
        }
    }
}
