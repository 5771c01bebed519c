using System;
using System.Collections.Generic;
using System.Linq;
using Deid.Actions;
using Deid.Dicom;
using Deid.Tests.Conformance;
using Xunit;
using static Deid.Tests.Actions.ReferenceCases;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// The cases where deid 0.4.12 raised instead of writing a file (deid-results.json holds each error): ours writes valid DICOM
    /// (checked for all of them in <see cref="DeidDifferentialTests.WhereDeidFailsOursWritesValidDicom"/>) that applies the rest of
    /// the recipe, and warns about the action it could not apply.
    /// </summary>
    public class DeidFailureTests
    {
        private static (DicomFile Input, DicomFile Ours, List<string> Warnings) Ours(string caseName, string file, string deidError)
        {
            Assert.StartsWith(deidError, Outcome(caseName, file).Error);
            var warnings = new List<string>();
            var ours = RunOurs(caseName, file, warnings);
            return (DicomFile.Open(InputPath(Input(caseName, file))), ours, warnings);
        }

        private static List<string> SequenceDifferences(DicomFile input, DicomFile ours, uint tag)
        {
            input.Dataset.TryGetElement(new DicomTag(tag), out var a);
            ours.Dataset.TryGetElement(new DicomTag(tag), out var b);
            Assert.True(b.IsSequence);
            var diffs = new List<string>();
            for (int i = 0; i < a.Sequence!.Count; i++) diffs.AddRange(DatasetComparer.Differences(a.Sequence[i], b.Sequence![i]));
            Assert.Equal(a.Sequence.Count, b.Sequence!.Count);
            return diffs;
        }

        [Theory]
        [InlineData("replace-sequence", 0x00081110u)]
        [InlineData("add-sequence", 0x00081110u)]
        [InlineData("replace-private-sequence", 0x00111006u)]
        public void TextNeverReplacesASequence_DeidCrashes(string caseName, uint tag)
        {
            var (input, ours, warnings) = Ours(caseName, "vr-matrix.dcm", "TypeError: Sequence contents must be 'Dataset' instances");
            // Its items are as they were, but for the PatientName the second action replaces at every depth.
            var diffs = SequenceDifferences(input, ours, tag);
            diffs.Remove("(0010,0010): [STILL-DONE], expected [PRIV^NESTED]");
            Assert.Empty(diffs);
            Assert.Contains(warnings, w => w.Contains("is a sequence; a value cannot replace its items"));
            Assert.Equal("STILL-DONE", At(ours.Dataset, "(0010,0010)"));
        }

        [Fact]
        public void ValuesFoundInsideASequenceReplaceTheNestedElementsNotTheSequence_DeidCrashes()
        {
            var (input, ours, _) = Ours("sample-files-values", "sample-CT-0001.dcm", "TypeError: Sequence contents must be 'Dataset' instances");
            var parts = input.Dataset.GetString(new DicomTag(0x0010, 0x0010))!.Split('^').Where(p => p.Length >= 3).ToArray();
            Assert.Equal("REDACTED", At(ours.Dataset, "(0010,0010)"));
            Assert.Equal("REDACTED", At(ours.Dataset, "(0040,0275)__0__(0032,1060)"));
            Assert.Equal("S-1", At(ours.Dataset, "(0010,0020)"));
            Assert.StartsWith("(sequence of 1)", At(ours.Dataset, "(0040,0275)"));
            foreach (var (path, holder, e) in WrittenValues.Walk(ours.Dataset, ""))
            {
                if (e.IsSequence || e.Tag == DicomTag.PixelData) continue;
                string text = holder.GetString(e) ?? "";
                Assert.False(parts.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)), $"{path} still holds '{text}'");
            }
        }

        [Theory]
        [InlineData("replace-us-overflow", "(0028,0010)", "4", "OSError: ushort format requires", "'70000' does not fit US")]
        [InlineData("replace-ul-negative", "(0028,9001)", "70000", "OSError: argument out of range", "'-1' does not fit UL")]
        [InlineData("replace-ds-text", "(0018,0050)", "1.25", "ValueError: could not convert string to float", "'abc' is not a valid DS")]
        public void ANumberTheVrCannotHoldRemovesTheElement_DeidCrashes(string caseName, string path, string original, string deidError, string warning)
        {
            // The original value must not remain (issue #10): what no VR of the element can take removes it, with a warning.
            var (input, ours, warnings) = Ours(caseName, "vr-matrix.dcm", deidError);
            Assert.Equal(original, At(input.Dataset, path));
            Assert.Null(At(ours.Dataset, path));
            Assert.Contains(warnings, w => w.Contains(warning) && w.Contains("removed so that its original value does not remain"));
            Assert.Equal("STILL-DONE", At(ours.Dataset, "(0010,0010)"));
        }

        [Fact]
        public void AddOfAnAbsentNumericElementIsTyped_DeidCannotWriteTheText()
        {
            var (_, ours, warnings) = Ours("add-new-numeric", "vr-matrix.dcm", "OSError: required argument is not an integer");
            Assert.True(ours.Dataset.TryGetElement(new DicomTag(0x0028, 0x0006), out var e));
            Assert.Equal(DicomVR.US, e.VR);
            Assert.Equal(new[] { 0.0 }, ours.Dataset.GetNumbers(new DicomTag(0x0028, 0x0006)));
            Assert.Empty(warnings);
        }

        [Fact]
        public void AddOfAParenthesisedTagAddsIt_DeidCrashes()
        {
            var (_, ours, _) = Ours("add-paren-tag", "vr-matrix.dcm", "ValueError: Unable to create an element tag from '0x(0010,1000)'");
            Assert.True(ours.Dataset.TryGetElement(new DicomTag(0x0010, 0x1000), out var e));
            Assert.Equal(DicomVR.LO, e.VR);
            Assert.Equal("OTHER-ID", ours.Dataset.GetString(e));
        }

        [Fact]
        public void APrefixPydicomRefusesFallsBackToTheDefaultRoot_DeidCrashes()
        {
            var (input, ours, warnings) = Ours("pydicom-uuid-bad-prefix", "vr-matrix.dcm", "ValueError: The 'prefix' is not valid for use with a UID");
            Assert.Equal(new UidGenerator().PydicomUuid(At(input.Dataset, "(0020,000D)")!), At(ours.Dataset, "(0020,000D)"));
            Assert.Contains(warnings, w => w.Contains("'1.2.3' is not a UID prefix"));
            Assert.Equal("STILL-DONE", At(ours.Dataset, "(0010,0010)"));
        }

        [Fact]
        public void RemoveAllWithKeepOnASequenceNestedInItsOwnTag_DeidCrashes()
        {
            // test-SR.dcm has Content Sequences inside Content Sequences: deid's get_nested_field stops at the outer one of the same tag.
            var (_, ours, _) = Ours("remove-all-keep", "test-SR.dcm", "AttributeError: 'FileDataset' object has no attribute 'value'");
            Assert.Equal(new[] { "(0008,0020)", "(0010,0020)" }, ours.Dataset.Elements.Select(e => e.Tag.ToString()).ToArray());
            // The meta keeps what deid's skip list protects; (0002,0002)/(0002,0003) are removed, as deid removes them on CT_small.dcm.
            Assert.Equal("1.2.840.10008.1.2.1", ours.FileMetaInformation.GetString(DicomTag.TransferSyntaxUid));
            Assert.Null(ours.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003)));
            Assert.Null(Expected("remove-all-keep", "CT_small.dcm").FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003)));
        }

        [Fact]
        public void RemoveAllWithReplaceAndJitterOnNestedContentSequences_DeidCrashes()
        {
            var (input, ours, warnings) = Ours("remove-all-replace", "test-SR.dcm", "AttributeError: 'FileDataset' object has no attribute 'value'");
            Assert.Equal("ANON", At(ours.Dataset, "(0010,0020)"));
            Assert.Equal(new UidGenerator().PydicomUuid(At(input.Dataset, "(0020,000D)")!), At(ours.Dataset, "(0020,000D)"));
            // StudyDate is empty in test-SR.dcm: JITTER has nothing to shift, and an empty value leaks nothing, so the REMOVE ALL
            // it held back does not apply: the Type 2 date stays present and empty (a value it left unchanged would be removed).
            Assert.Equal(string.Empty, At(ours.Dataset, "(0008,0020)"));
            Assert.DoesNotContain(warnings, w => w.Contains("(0008,0020) was kept for a REPLACE or JITTER that left it unchanged"));
            Assert.Equal(3, ours.Dataset.Count);
        }

        [Fact]
        public void BlankAllOnNestedContentSequences_DeidCrashes()
        {
            var (input, ours, _) = Ours("blank-all", "test-SR.dcm", "AttributeError: 'FileDataset' object has no attribute 'value'");
            Assert.Equal(input.Dataset.Count, ours.Dataset.Count);
            foreach (var e in ours.Dataset.Elements)
            {
                if (e.IsSequence) Assert.Empty(e.Sequence!);
                else Assert.Equal(0, e.RawValue.Length);
            }
            Assert.Equal("1.2.840.10008.1.2.1", ours.FileMetaInformation.GetString(DicomTag.TransferSyntaxUid));
        }

        [Fact]
        public void AddWithPrivateCreatorSyntaxAddsToTheCreatorsBlock_DeidCrashes()
        {
            var (_, ours, warnings) = Ours("add-private-creator", "vr-matrix.dcm", "ValueError: Unable to create an element tag from '0x(0011,\"DEID TEST\",09)'");
            Assert.True(ours.Dataset.TryGetElement(new DicomTag(0x0011, 0x1009), out var e));
            Assert.Equal("ADDED", System.Text.Encoding.ASCII.GetString(e.RawValue.Span).TrimEnd('\0', ' '));
            Assert.Contains(warnings, w => w.Contains("no private block of creator 'NO SUCH CREATOR'"));
            Assert.Equal("STILL-DONE", At(ours.Dataset, "(0010,0010)"));
        }
    }
}
