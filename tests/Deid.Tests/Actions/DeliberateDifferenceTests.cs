using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Deid.Actions;
using Deid.Dicom;
using Xunit;
using static Deid.Tests.Actions.ReferenceCases;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// Our deliberate differences from deid 0.4.12, each shown on deid's own recorded output next to ours: what deid wrote, what we
    /// write, and (in the test name) why. docs/recipe-semantics.md §4 lists them.
    /// </summary>
    public class DeliberateDifferenceTests
    {
        private static readonly Regex Uid = new Regex(@"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$");

        private static (DicomFile Deid, DicomFile Ours, List<string> Warnings) Both(string caseName, string file)
        {
            var warnings = new List<string>();
            var ours = RunOurs(caseName, file, warnings);
            return (Expected(caseName, file), ours, warnings);
        }

        [Theory]
        [InlineData("vr-matrix.dcm", "(0008,1110)__0__(0008,1155)")]
        [InlineData("vr-matrix.dcm", "(0008,1140)__0__(0008,1155)")]
        [InlineData("vr-matrix.dcm", "(0040,A730)__0__(0008,1199)__0__(0008,1155)")]
        [InlineData("vr-matrix.dcm", "(0010,1002)__0__(0010,0021)")]
        [InlineData("rtstruct.dcm", "(3006,0010)__0__(3006,0012)__0__(0008,1155)")]
        public void KeepProtectsAnElementThatExistsOnlyNested_DeidProtectsNothing(string file, string path)
        {
            var (deid, ours, _) = Both("remove-keep-nested", file);
            var input = DicomFile.Open(InputPath(Input("remove-keep-nested", file)));
            Assert.Null(At(deid.Dataset, path));
            Assert.Equal(At(input.Dataset, path), At(ours.Dataset, path));
            // The REMOVE still removes what KEEP does not name, in both.
            Assert.Null(At(ours.Dataset, "(0020,000D)"));
            Assert.Null(At(deid.Dataset, "(0020,000D)"));
        }

        [Fact]
        public void PydicomUuidRemapsAMultiValuedUidValueByValue_DeidHashesPythonsListIntoOne()
        {
            // deid hashes str(value), "['1.2...2', '1.2...4']", into one UID: the element loses a value and both links. Each value
            // gets what a single-valued element holding it gets.
            const string Ct = "1.2.840.10008.5.1.4.1.1.2", Mr = "1.2.840.10008.5.1.4.1.1.4";
            var (deid, ours, warnings) = Both("pydicom-uuid-multivalued", "vr-matrix.dcm");
            var g = new UidGenerator();
            Assert.Equal(g.PydicomUuid("['" + Ct + "', '" + Mr + "']"), At(deid.Dataset, "(0008,0062)"));
            Assert.Equal(g.PydicomUuid(Ct) + "\\" + g.PydicomUuid(Mr), At(ours.Dataset, "(0008,0062)"));
            Assert.Empty(warnings);
        }

        [Fact]
        public void KeepOfANestedElementDoesNotKeepTheSequenceHoldingIt_AsDeid()
        {
            // REMOVE ALL removes the top-level sequence, and the kept element with it: KEEP protects the element, not its container.
            var (ds, _) = EngineRegressionTests.Run("KEEP ReferencedSOPInstanceUID\nREMOVE ALL");
            Assert.False(ds.Contains(new DicomTag(0x0008, 0x1110)));
        }

        [Fact]
        public void RemovePrivateSparesKeptPrivateElementsAndTheirCreators_DeidRemovesThem()
        {
            var (deid, ours, _) = Both("remove-private-keep", "vr-matrix.dcm");
            Assert.Null(At(deid.Dataset, "(0011,1001)"));
            Assert.Equal("PRIVATE NAME DOE", At(ours.Dataset, "(0011,1001)"));
            Assert.Equal("DEID TEST", At(ours.Dataset, "(0011,0010)"));
            // A top-level KEEP protects the tag at every depth, so the nested copy and its creator stay as well.
            Assert.Equal("NESTED PRIVATE DOE", At(ours.Dataset, "(0010,1002)__1__(0011,1001)"));
            Assert.Equal("DEID TEST", At(ours.Dataset, "(0010,1002)__1__(0011,0010)"));
            // Every other private element is gone, at every depth, in both.
            var kept = new HashSet<string> { "(0011,0010)", "(0011,1001)", "(0010,1002)__1__(0011,0010)", "(0010,1002)__1__(0011,1001)" };
            Assert.Empty(WrittenValues.Walk(ours.Dataset, "").Where(x => x.Element.Tag.IsPrivate && !kept.Contains(x.Path)).Select(x => x.Path));
            Assert.Empty(WrittenValues.Walk(deid.Dataset, "").Where(x => x.Element.Tag.IsPrivate).Select(x => x.Path));
            Assert.Equal("X", At(ours.Dataset, "(0010,0010)"));
        }

        [Theory]
        [InlineData("values-remove", "sample-CT-0001.dcm", "(0008,1110)")]
        [InlineData("values-remove", "sample-CT-0001.dcm", "(0040,0275)")]
        [InlineData("sample-files", "sample-CT-0001.dcm", "(0040,0275)")]
        [InlineData("sample-files", "sample-CT-0002.dcm", "(0040,0275)")]
        public void ValuesNeverMatchASequence_DeidMatchesItsPrintedForm(string caseName, string file, string sequence)
        {
            // deid searches str(Sequence), element names included ("Referenced Study Sequence" holds "Study"), and removes it whole.
            var (deid, ours, _) = Both(caseName, file);
            Assert.Null(At(deid.Dataset, sequence));
            Assert.StartsWith("(sequence of", At(ours.Dataset, sequence));
            // What stays holds none of the group's values: each nested element that held one was removed on its own.
            var input = DicomFile.Open(InputPath(Input(caseName, file)));
            string[] values = caseName == "values-remove"
                ? new[] { "STUDY", input.Dataset.GetString(new DicomTag(0x0008, 0x1030))!.Split(' ').Last() }
                : input.Dataset.GetString(new DicomTag(0x0010, 0x0010))!.Split('^');
            foreach (var (path, holder, e) in WrittenValues.Walk(ours.Dataset, ""))
            {
                if (!path.StartsWith(sequence + "__", StringComparison.Ordinal) || e.IsSequence) continue;
                string text = holder.GetString(e) ?? "";
                Assert.DoesNotContain(values, v => text.Contains(v, StringComparison.OrdinalIgnoreCase));
            }
            if (caseName == "sample-files")
                Assert.Null(At(ours.Dataset, sequence + "__0__(0032,1060)")); // "IMAGING REQUESTED BY <given>'S PHYSICIAN"
        }

        [Fact]
        public void OurCleanDescriptorsOptionBlanksNamesInsideSequencesNotTheSequences_DeidEmptiesThem()
        {
            // Ours runs the clean-descriptors recipe we ship now (the case's frozen copy predates deid_func:clean_descriptor).
            var shipped = new Deid.Recipes.RecipeLoader(TestPaths.ShippedRecipes).LoadName("dicom.basic-profile.clean-descriptors").Recipe;
            var deid = Expected("shipped-dicom.basic-profile.clean-descriptors", "sample-CT-0001.dcm");
            var ours = RunOurs("shipped-dicom.basic-profile.clean-descriptors", "sample-CT-0001.dcm", new List<string>(), recipe: shipped);
            var input = DicomFile.Open(InputPath(Input("shipped-dicom.basic-profile.clean-descriptors", "sample-CT-0001.dcm")));
            Assert.Equal("(sequence of 0)", At(deid.Dataset, "(0040,0275)"));
            Assert.Equal("(sequence of 1)", At(ours.Dataset, "(0040,0275)"));
            // "IMAGING REQUESTED BY <given name>'S PHYSICIAN" keeps its content without the name (deid_func:clean_descriptor on the
            // sequence); the rest of the request stays.
            Assert.Equal("IMAGING REQUESTED BY XXX'S PHYSICIAN", At(ours.Dataset, "(0040,0275)__0__(0032,1060)"));
            Assert.Equal(At(input.Dataset, "(0040,0275)__0__(0040,0007)"), At(ours.Dataset, "(0040,0275)__0__(0040,0007)"));
            var names = new[] { "(0010,0010)", "(0008,0090)" }.SelectMany(p => At(input.Dataset, p)!.Split('^')).Where(n => n.Length >= 3).ToArray();
            foreach (var (path, holder, e) in WrittenValues.Walk(ours.Dataset, ""))
            {
                if (e.IsSequence || e.Tag == DicomTag.PixelData) continue;
                string text = holder.GetString(e) ?? "";
                Assert.False(names.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)), $"{path} holds '{text}'");
            }
        }

        [Theory]
        [InlineData("jitter", "vr-matrix.dcm", "(0008,002A)", "20050303101553", "20050308101553")]
        [InlineData("jitter", "vr-matrix.dcm", "(0018,9074)", "20050303101553+0100", "20050308101553+0100")]
        [InlineData("jitter", "vr-matrix.dcm", "(0011,1008)", "20010101120000", "20010106120000")]
        [InlineData("jitter", "vr-matrix.dcm", "(0040,A730)__0__(0008,1199)__0__(0040,A120)", "20050303101553.123456", "20050308101553.123456")]
        [InlineData("jitter", "test-SR.dcm", "(0040,A073)__1__(0040,A030)", "20010213184746", "20010216184746")]
        [InlineData("deid-func-jitter", "vr-matrix.dcm", "(0008,002A)", "20050303101553", "20050301101553")]
        public void JitterKeepsADateTimesOwnPrecision_DeidAppendsMicroseconds(string caseName, string file, string path, string before, string after)
        {
            var (deid, ours, _) = Both(caseName, file);
            Assert.Equal(before, At(DicomFile.Open(InputPath(Input(caseName, file))).Dataset, path));
            Assert.Equal(after, At(ours.Dataset, path));
            string expected = before.Contains('.') ? after : after.Substring(0, 14) + ".000000" + after.Substring(14);
            Assert.Equal(expected, At(deid.Dataset, path));
        }

        [Fact]
        public void JitterRefusesATime_DeidWritesADateIntoIt()
        {
            var (deid, ours, warnings) = Both("jitter-tm", "vr-matrix.dcm");
            Assert.Equal("101553.123", At(ours.Dataset, "(0008,0030)"));
            Assert.Contains(warnings, w => w.Contains("JITTER does not apply to (0008,0030)") && w.Contains("TM"));
            // The value left unshifted is the patient's: the warning gives its shape, never its digits.
            Assert.DoesNotContain(warnings, w => w.Contains("101553", StringComparison.Ordinal));
            Assert.Contains(warnings, w => w.Contains("'999999.999'", StringComparison.Ordinal));
            Assert.Matches(@"^[0-9]{8}$", At(deid.Dataset, "(0008,0030)")); // today's date plus 5 days, in a TM
            Assert.Contains(Outcome("jitter-tm", "vr-matrix.dcm").PydicomWarnings, w => w.StartsWith("Invalid value for VR TM", StringComparison.Ordinal));
        }

        [Fact]
        public void JitterRefusesADateTimeWithoutDay_DeidFillsInToday()
        {
            var (deid, ours, warnings) = Both("jitter-dt-year", "vr-matrix.dcm");
            Assert.Equal("2005", At(ours.Dataset, "(0018,9151)"));
            Assert.Contains(warnings, w => w.Contains("JITTER does not apply to (0018,9151)"));
            Assert.Matches(@"^2005[0-9]{4}000000\.000000$", At(deid.Dataset, "(0018,9151)"));
        }

        [Fact]
        public void AddOfAnAbsentTagTakesTheDictionaryVR_DeidWritesST()
        {
            var (deid, ours, _) = Both("add-tag-new", "vr-matrix.dcm");
            ours.Dataset.TryGetElement(new DicomTag(0x0010, 0x0021), out var e);
            deid.Dataset.TryGetElement(new DicomTag(0x0010, 0x0021), out var d);
            Assert.Equal(DicomVR.LO, e.VR);
            Assert.Equal(DicomVR.ST, d.VR);
            Assert.Equal("ISSUER-ADDED", ours.Dataset.GetString(e));
            Assert.Equal("ISSUER-ADDED", deid.Dataset.GetString(d));
        }

        [Fact]
        public void ADecimalIsNoIS_DeidWritesItAnyway()
        {
            var (deid, ours, warnings) = Both("replace-is-decimal", "vr-matrix.dcm");
            Assert.Equal("4.5", At(deid.Dataset, "(0020,0013)"));
            Assert.Null(At(ours.Dataset, "(0020,0013)")); // the original 7 must not remain either (issue #10)
            Assert.Contains(warnings, w => w.Contains("'4.5' is not a valid IS") && w.Contains("removed so that its original value does not remain"));
            Assert.Equal("STILL-DONE", At(ours.Dataset, "(0010,0010)"));
        }

        [Theory]
        [InlineData("pydicom-uuid", "vr-matrix.dcm")]
        [InlineData("pydicom-uuid", "CT_small.dcm")]
        [InlineData("pydicom-uuid", "test-SR.dcm")]
        [InlineData("random-uid-functions", "vr-matrix.dcm")]
        public void MediaStorageSopInstanceUidFollowsTheNewSopInstanceUid_DeidLeavesItStale(string caseName, string file)
        {
            var (deid, ours, _) = Both(caseName, file);
            var input = DicomFile.Open(InputPath(Input(caseName, file)));
            string original = input.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003))!;
            Assert.Equal(original, deid.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003)));
            Assert.NotEqual(original, ours.Dataset.GetString(new DicomTag(0x0008, 0x0018)));
            Assert.Equal(ours.Dataset.GetString(new DicomTag(0x0008, 0x0018)), ours.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003)));
        }

        [Fact]
        public void AFileWithoutMetaIsWrittenWithoutMeta_AsDeid()
        {
            var (deid, ours, _) = Both("pydicom-uuid", "rtstruct.dcm");
            Assert.False(ours.HasFileMetaInformation);
            Assert.Equal(0, ours.FileMetaInformation.Count);
            Assert.Equal(0, deid.FileMetaInformation.Count);
            Assert.NotEqual("1.2.826.0.1.3680043.8.498.2010020400001", ours.Dataset.GetString(new DicomTag(0x0008, 0x0018)));
        }

        [Fact]
        public void AFileMetaKeepsItsVersionAndTransferSyntax_DeidWritesAMetaWithoutThem()
        {
            // REMOVE ALL with disable_skip reaches (0002,0001) and (0002,0010): pydicom then writes a file meta without a transfer
            // syntax, which readers must guess. Ours rewrites both: the file stays a readable Part 10 file.
            var (deid, ours, _) = Both("remove-all-disable-skip", "vr-matrix.dcm");
            Assert.Null(deid.FileMetaInformation.GetString(DicomTag.TransferSyntaxUid));
            Assert.Equal("1.2.840.10008.1.2.1", ours.FileMetaInformation.GetString(DicomTag.TransferSyntaxUid));
            Assert.True(ours.FileMetaInformation.Contains(new DicomTag(0x0002, 0x0001)));
            Assert.Equal(new[] { "(0010,0020)" }, ours.Dataset.Elements.Select(e => e.Tag.ToString()).ToArray());
            Assert.Equal("KEPT", At(ours.Dataset, "(0010,0020)"));
        }

        [Theory]
        [InlineData("rtstruct.dcm")]
        [InlineData("ExplVR_LitEndNoMeta.dcm")]
        public void AddToTheFileMetaOfAFileWithoutMetaAddsNothing_DeidWritesAHybrid(string file)
        {
            var (deid, ours, warnings) = Both("add-file-meta", file);
            // deid's file starts with (0002,0016) in explicit VR, without preamble, and goes on with the dataset (rtstruct.dcm's in implicit VR).
            byte[] written = File.ReadAllBytes(Path.Combine(Reference, "expected", "add-file-meta", file));
            Assert.Equal(new byte[] { 0x02, 0x00, 0x16, 0x00, (byte)'A', (byte)'E' }, written.Take(6).ToArray());
            Assert.Equal("DEID_AE", deid.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0016)));
            Assert.False(ours.HasFileMetaInformation);
            Assert.Equal(0, ours.FileMetaInformation.Count);
            Assert.Contains(warnings, w => w.Contains("belongs to the file meta, which") && w.Contains("nothing added"));
        }

        [Fact]
        public void GroupLengthsAreKeptAndRecomputed_PydicomDropsThem()
        {
            var (deid, ours, _) = Both("transfer-syntaxes", "ExplVR_BigEnd.dcm");
            var input = DicomFile.Open(InputPath(Input("transfer-syntaxes", "ExplVR_BigEnd.dcm")));
            Assert.Equal("18", At(input.Dataset, "(0010,0000)")); // PatientName "Anonymized": 8 + 10 bytes
            Assert.Equal("10", At(ours.Dataset, "(0010,0000)")); // PatientName "X ": 8 + 2 bytes
            Assert.Equal("X", At(ours.Dataset, "(0010,0010)"));
            Assert.Null(At(deid.Dataset, "(0010,0000)"));
            Assert.True(ours.TransferSyntax.IsBigEndian);
        }

        [Fact]
        public void TheFileMetaAlwaysNamesTheSopClassAndInstance_DeidWritesAMetaWithoutThem()
        {
            var (deid, ours, _) = Both("remove-meta", "vr-matrix.dcm");
            Assert.Null(deid.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0002)));
            Assert.Null(deid.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003)));
            Assert.Equal(ours.Dataset.GetString(new DicomTag(0x0008, 0x0016)), ours.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0002)));
            Assert.Equal(ours.Dataset.GetString(new DicomTag(0x0008, 0x0018)), ours.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003)));
        }

        [Theory]
        [InlineData("(0010,0010)", "DOE^JOHN")]
        [InlineData("(0011,1006)__0__(0010,0010)", "PRIV^NESTED")]
        [InlineData("(0008,0050)", "ACC-7788")]
        [InlineData("(0008,1030)", "CT HEAD FOR JOHN DOE")]
        [InlineData("(0020,0013)", "4.5")]
        public void ARemoveHeldBackForAReplaceThatChangedNothingStillRemoves_DeidLeaksTheOriginal(string path, string deidKept)
        {
            var (deid, ours, warnings) = Both("remove-replace-unchanged", "vr-matrix.dcm");
            Assert.Equal(deidKept, At(deid.Dataset, path));
            Assert.Null(At(ours.Dataset, path));
            Assert.Contains(warnings, w => w.Contains(path.Split("__").Last()) && w.Contains("removed"));
            Assert.Equal("CHANGED", At(ours.Dataset, "(0008,0080)"));
            Assert.Equal("CHANGED", At(deid.Dataset, "(0008,0080)"));
        }

        [Fact]
        public void StableRemappingFalseGivesDistinctRandomUids_DeidGivesEveryElementTheHashOfNothing()
        {
            var (deid, ours, _) = Both("pydicom-uuid-random", "vr-matrix.dcm");
            // pydicom's generate_uid(prefix, entropy_srcs=[]) hashes "": one UID for the study and the series alike.
            string empty;
            using (var sha = SHA512.Create()) empty = ("2.25." + System.Numerics.BigInteger.Parse("0" + Convert.ToHexString(sha.ComputeHash(Array.Empty<byte>())), System.Globalization.NumberStyles.HexNumber).ToString()).Substring(0, 64);
            Assert.Equal(empty, At(deid.Dataset, "(0020,000D)"));
            Assert.Equal(empty, At(deid.Dataset, "(0020,000E)"));
            var uids = new[] { At(ours.Dataset, "(0020,000D)"), At(ours.Dataset, "(0020,000E)"), At(ours.Dataset, "(0020,0052)") };
            Assert.Equal(3, uids.Distinct().Count());
            Assert.All(uids, u => Assert.Matches(@"^2\.25\.[1-9][0-9]*$", u));
            Assert.DoesNotContain(empty, uids);
        }

        [Theory]
        [InlineData("(0008,0018)")]
        [InlineData("(0020,000D)")]
        [InlineData("(0020,000E)")]
        public void RandomUuidFunctionsWriteUidsIntoUiElements_DeidWritesText(string path)
        {
            var (deid, ours, _) = Both("random-uid-functions", "vr-matrix.dcm");
            Assert.DoesNotMatch(Uid, At(deid.Dataset, path));
            Assert.Matches(Uid, At(ours.Dataset, path));
        }

        [Fact]
        public void RandomUuidFunctionsGiveTextElementsDeidsForm()
        {
            var (deid, ours, _) = Both("random-uid-functions", "vr-matrix.dcm");
            foreach (var d in new[] { deid, ours })
            {
                Assert.Matches(@"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", At(d.Dataset, "(0008,0050)"));
                Assert.Matches(@"^patientid-[0-9a-f-]{36}$", At(d.Dataset, "(0010,0020)"));
                Assert.Matches(@"^otherpatientidssequence__patientid-[0-9a-f-]{36}$", At(d.Dataset, "(0010,1002)__1__(0010,0020)"));
                Assert.Matches(@"^anonymous-organization\.[0-9]+$", At(d.Dataset, "(0008,0080)"));
                Assert.Matches(@"^1\.2\.3\.[0-9]+$", At(d.Dataset, "(0020,0052)"));
            }
        }

        [Fact]
        public void RandomUuidFunctionsGiveOneOriginalOneReplacement_DeidANewOneEachTime()
        {
            // deid calls uuid4() for each element; ours remembers the replacement of each original for the batch, so references agree.
            var uids = new UidGenerator();
            var a = RunOurs("random-uid-functions", "vr-matrix.dcm", new List<string>(), uids);
            var b = RunOurs("random-uid-functions", "vr-matrix.dcm", new List<string>(), uids);
            Assert.Equal(At(a.Dataset, "(0020,000D)"), At(b.Dataset, "(0020,000D)"));
            Assert.Equal(At(a.Dataset, "(0010,0020)"), At(b.Dataset, "(0010,0020)"));
        }
    }
}
