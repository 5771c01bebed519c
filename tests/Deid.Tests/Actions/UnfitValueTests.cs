using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// An action that says change (REPLACE, JITTER, a UID function, ADD over a present element) never leaves the original value:
    /// a value the element's VR cannot take is written with the dictionary's VR, or the element is removed — counted and warned.
    /// Each input is written and read back first, so the elements carry their wrong VR as a crafted file would.
    /// </summary>
    public class UnfitValueTests
    {
        private static readonly DicomTag PatientId = new DicomTag(0x0010, 0x0020);
        private static readonly DicomTag OperatorsName = new DicomTag(0x0008, 0x1070);
        private static readonly DicomTag PatientName = new DicomTag(0x0010, 0x0010);
        private static readonly DicomTag StudyDate = new DicomTag(0x0008, 0x0020);
        private static readonly DicomTag StudyUid = new DicomTag(0x0020, 0x000D);
        private static readonly DicomTag InstanceNumber = new DicomTag(0x0020, 0x0013);

        /// <summary>A file holding the given elements, written and read back so that they carry their VR as a file would.</summary>
        private static DicomFile Crafted(Action<DicomDataset> plant)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.5.5");
            plant(file.Dataset);
            file.EnsureFileMeta();
            return DicomFile.Open(Bytes(file));
        }

        private static byte[] Bytes(DicomFile file)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }

        private static (byte[] Written, DicomDataset Dataset, ReplaceStatistics Stats, List<DeidWarning> Warnings) Run(string header, DicomFile file)
        {
            var warnings = new List<DeidWarning>();
            var stats = new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\n" + header + "\n")).Apply(file, null, warnings, "crafted.dcm");
            byte[] written = Bytes(file);
            return (written, DicomFile.Open(written).Dataset, stats, warnings);
        }

        private static bool Holds(byte[] bytes, string text) => Encoding.ASCII.GetString(bytes).Contains(text, StringComparison.Ordinal);

        /// <summary>
        /// Text that is no UID (letters, an empty component, 65 characters) in a UI element: deid writes it, and deid's own tutorial
        /// puts "cookiemonster-image-1" into SOPInstanceUID; ours writes it too, as a UID would be, and the meta follows. Either
        /// way the original is gone, from the meta too.
        /// </summary>
        [Theory]
        [InlineData("1.2.3.4a", false)]
        [InlineData("1.2.9\\x", false)]
        [InlineData("1..2", false)]
        [InlineData("1.2.12345678901234567890123456789012345678901234567890123456789012", false)]
        [InlineData("1.2.826.0.1.3680043.8.498.77", true)]
        [InlineData("1.2.3\\1.2.4", true)]
        public void TextThatIsNoUid_InAUidElement_IsWrittenAsDeidWritesIt(string value, bool isUid)
        {
            var input = Crafted(ds => ds.SetString(StudyUid, DicomVR.UI, "1.2.826.0.1.3680043.8.498.99"));
            var (bytes, ds, _, warnings) = Run("REPLACE StudyInstanceUID " + value + "\nREPLACE SOPInstanceUID " + value, input);
            Assert.False(Holds(bytes, "1.2.826.0.1.3680043.8.498.99"));
            Assert.False(Holds(bytes, "1.2.826.0.1.3680043.8.498.5.5"));
            Assert.Equal(value, ds.GetString(StudyUid));
            Assert.Equal(value, ds.GetString(new DicomTag(0x0008, 0x0018)));
            // Written as deid writes it; a value past UI's 64 characters is said to be too long (QA), nothing else.
            if (value.Length > 64) Assert.All(warnings, w => Assert.Equal(DeidWarningKind.ValueTooLong, w.Kind));
            else Assert.Empty(warnings);
            Assert.Equal(value.Split('\\')[0], DicomFile.Open(bytes).FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003))?.Split('\\')[0]);
            _ = isUid;
        }

        [Theory]
        [InlineData("PatientName", 70, true)]
        [InlineData("PatientName", 64, false)]
        [InlineData("InstitutionName", 65, true)]
        [InlineData("StationName", 17, true)] // SH: 16
        public void AValueLongerThanItsVrAllows_IsWrittenWithAWarning(string keyword, int length, bool warned)
        {
            // QA: a func: returning 560 characters for a PN was written without a word.
            string value = new string('A', length);
            Assert.True(DicomDictionary.TryGetTag(keyword, out var tag));
            var (_, ds, _, warnings) = Run($"REPLACE {keyword} {value}", Crafted(d => d.SetString(tag, DicomDictionary.GetVR(tag), "ORIGINAL")));
            Assert.Equal(value, ds.GetString(tag));
            if (warned)
            {
                var w = Assert.Single(warnings);
                Assert.Equal(DeidWarningKind.ValueTooLong, w.Kind);
                Assert.Contains($"of {length} characters, where", w.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.Empty(warnings);
            }
        }

        /// <summary>Charset QA round 2, F7: 40 emoji were "80 characters" (UTF-16 units) and warned of.</summary>
        [Theory]
        [InlineData(40, false)]
        [InlineData(65, true)]
        public void CharactersBeyondTheBmpCountOnce(int count, bool warned)
        {
            string value = string.Concat(System.Linq.Enumerable.Repeat("\U0001F600", count));
            var (_, _, _, warnings) = Run($"REPLACE InstitutionName {value}", Crafted(d => d.SetString(new DicomTag(0x0008, 0x0080), DicomVR.LO, "ORIGINAL")));
            var tooLong = System.Linq.Enumerable.Where(warnings, w => w.Kind == DeidWarningKind.ValueTooLong).ToList();
            if (warned) Assert.Contains($"of {count} characters", Assert.Single(tooLong).Message, StringComparison.Ordinal);
            else Assert.Empty(tooLong);
        }

        [Fact]
        public void APersonNameIsMeasuredPerComponentGroup_AndAMultiValuePerValue()
        {
            string group = new string('B', 60);
            var (_, _, _, warnings) = Run($"REPLACE PatientName {group}={group}\nREPLACE OtherPatientIDs {group}\\{group}",
                Crafted(d =>
                {
                    d.SetString(DicomTags.PatientName, DicomVR.PN, "DOE^JOHN");
                    d.SetString(new DicomTag(0x0010, 0x1000), DicomVR.LO, "X");
                }));
            Assert.Empty(warnings);
        }

        /// <summary>The meta's copy of a removed SOP Instance UID goes with it: the original instance UID must not stay in the file.</summary>
        [Fact]
        public void ARemovedSopInstanceUid_LeavesNoCopyInTheMeta()
        {
            var input = Crafted(_ => { });
            Assert.True(Holds(Bytes(input), "1.2.826.0.1.3680043.8.498.5.5"));
            var (bytes, _, _, _) = Run("REMOVE SOPInstanceUID", input);
            Assert.False(Holds(bytes, "1.2.826.0.1.3680043.8.498.5.5"));
        }

        [Fact]
        public void APatientIdStoredAsIsIsReEncodedAsLo()
        {
            var input = Crafted(ds => ds.SetString(PatientId, DicomVR.IS, "987654"));
            Assert.True(input.Dataset.TryGetElement(PatientId, out var before));
            Assert.Equal(DicomVR.IS, before.VR);
            var (written, ds, stats, warnings) = Run("REPLACE PatientID ANONYMOUS", input);
            Assert.False(Holds(written, "987654"));
            Assert.True(ds.TryGetElement(PatientId, out var e));
            Assert.Equal(DicomVR.LO, e.VR);
            Assert.Equal("ANONYMOUS", ds.GetString(e));
            Assert.Equal(1, stats.Replaced);
            var w = Assert.Single(warnings);
            Assert.Equal(DeidWarningKind.ReEncoded, w.Kind);
            Assert.Equal("(0010,0020)", w.Field);
            Assert.Contains("re-encoded as LO", w.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AnOperatorsNameStoredAsUsIsReEncodedAsPn()
        {
            var input = Crafted(ds => ds.SetRawValue(OperatorsName, DicomVR.US, Encoding.ASCII.GetBytes("SMITH^JO")));
            Assert.True(Holds(Bytes(input), "SMITH^JO"));
            var (written, ds, stats, warnings) = Run("REPLACE OperatorsName ANONYMOUS", input);
            Assert.False(Holds(written, "SMITH^JO"));
            Assert.True(ds.TryGetElement(OperatorsName, out var e));
            Assert.Equal(DicomVR.PN, e.VR);
            Assert.Equal("ANONYMOUS", ds.GetString(e));
            Assert.Equal(1, stats.Replaced);
            Assert.Equal(DeidWarningKind.ReEncoded, Assert.Single(warnings).Kind);
        }

        [Fact]
        public void AUnValueReplacedGetsTheDictionaryVr()
        {
            var input = Crafted(ds => ds.SetRawValue(PatientName, DicomVR.UN, Encoding.ASCII.GetBytes("DOE^JOHN")));
            var (written, ds, stats, warnings) = Run("REPLACE PatientName ANONYMOUS", input);
            Assert.False(Holds(written, "DOE^JOHN"));
            Assert.True(ds.TryGetElement(PatientName, out var e));
            Assert.Equal(DicomVR.PN, e.VR);
            Assert.Equal("ANONYMOUS", ds.GetString(e));
            Assert.Equal(1, stats.Replaced);
            Assert.Empty(warnings); // reading UN as the dictionary's VR is what pydicom does; nothing to report
        }

        [Fact]
        public void AUnValueWhoseReplacementTheDictionaryVrCannotTakeIsRemoved()
        {
            var input = Crafted(ds => ds.SetRawValue(InstanceNumber, DicomVR.UN, Encoding.ASCII.GetBytes("31337 ")));
            var (written, ds, stats, warnings) = Run("REPLACE InstanceNumber ANONYMOUS", input);
            Assert.False(Holds(written, "31337"));
            Assert.False(ds.Contains(InstanceNumber));
            Assert.Equal(1, stats.Removed);
            Assert.Equal(0, stats.Replaced);
            var w = Assert.Single(warnings);
            Assert.Equal(DeidWarningKind.RemovedUnfit, w.Kind);
            Assert.Contains("not a valid IS", w.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AUidFunctionIntoAUidStoredAsUsWritesAUi()
        {
            var input = Crafted(ds => ds.SetRawValue(StudyUid, DicomVR.US, Encoding.ASCII.GetBytes("1.2.840.99.1")));
            var (written, ds, _, warnings) = Run("REPLACE StudyInstanceUID deid_func:pydicom_uuid", input);
            Assert.False(Holds(written, "1.2.840.99.1"));
            Assert.True(ds.TryGetElement(StudyUid, out var e));
            Assert.Equal(DicomVR.UI, e.VR);
            Assert.StartsWith("2.25.", ds.GetString(e), StringComparison.Ordinal);
            Assert.Equal(DeidWarningKind.ReEncoded, Assert.Single(warnings).Kind);
        }

        [Theory]
        [InlineData("JITTER StudyDate 5")]
        [InlineData("REPLACE StudyDate deid_func:jitter days=5")]
        public void ADateStoredInAVrDatesNeverHaveIsRemovedWhenItCannotBeShifted(string action)
        {
            var input = Crafted(ds => ds.SetRawValue(StudyDate, DicomVR.OB, Encoding.ASCII.GetBytes("19700101")));
            var (written, ds, stats, warnings) = Run(action, input);
            Assert.False(Holds(written, "19700101"));
            Assert.False(ds.Contains(StudyDate));
            Assert.Equal(1, stats.Removed);
            Assert.Equal(DeidWarningKind.RemovedUnfit, Assert.Single(warnings).Kind);
        }

        [Fact]
        public void AJitteredDateStoredAsLoIsShiftedThere()
        {
            // A date the shift can read stays in its VR, shifted: nothing original remains.
            var input = Crafted(ds => ds.SetString(StudyDate, DicomVR.LO, "19700101"));
            var (written, ds, stats, warnings) = Run("JITTER StudyDate 5", input);
            Assert.False(Holds(written, "19700101"));
            Assert.Equal("19700106", ds.GetString(StudyDate));
            Assert.Equal(1, stats.Jittered);
            Assert.Empty(warnings);
        }

        [Fact]
        public void JitterOfATimeInItsOwnVrIsStillLeftAsDocumented()
        {
            var input = Crafted(ds => ds.SetString(new DicomTag(0x0008, 0x0030), DicomVR.TM, "101553"));
            var (_, ds, _, warnings) = Run("JITTER StudyTime 5", input);
            Assert.Equal("101553", ds.GetString(new DicomTag(0x0008, 0x0030)));
            Assert.Equal(DeidWarningKind.NotApplicable, Assert.Single(warnings).Kind);
        }

        [Fact]
        public void AddOverAPresentElementWithAForeignVrReEncodesIt()
        {
            var input = Crafted(ds => ds.SetString(PatientId, DicomVR.IS, "987654"));
            var (written, ds, stats, warnings) = Run("ADD PatientID NEWID", input);
            Assert.False(Holds(written, "987654"));
            Assert.True(ds.TryGetElement(PatientId, out var e));
            Assert.Equal(DicomVR.LO, e.VR);
            Assert.Equal(1, stats.Replaced);
            Assert.Equal(DeidWarningKind.ReEncoded, Assert.Single(warnings).Kind);
        }

        [Fact]
        public void APrivateElementNoVrCanTakeTheValueIsRemoved()
        {
            var input = Crafted(ds =>
            {
                ds.SetString(new DicomTag(0x0011, 0x0010), DicomVR.LO, "LEAK CREATOR");
                ds.SetNumbers(new DicomTag(0x0011, 0x1003), DicomVR.UL, 4242424242);
            });
            var (_, ds, stats, warnings) = Run("REPLACE (0011,\"LEAK CREATOR\",03) SECRET", input);
            Assert.False(ds.Contains(new DicomTag(0x0011, 0x1003)));
            Assert.True(ds.Contains(new DicomTag(0x0011, 0x0010)));
            Assert.Equal(1, stats.Removed);
            Assert.Equal(DeidWarningKind.RemovedUnfit, Assert.Single(warnings).Kind);
        }

        [Fact]
        public void ARemoveSparedForAnUnfitReplaceIsRemovedOnceAndCountedOnce()
        {
            var input = Crafted(ds => ds.SetString(InstanceNumber, DicomVR.IS, "31337"));
            var (written, ds, stats, warnings) = Run("REMOVE InstanceNumber\nREPLACE InstanceNumber 4.5", input);
            Assert.False(Holds(written, "31337"));
            Assert.False(ds.Contains(InstanceNumber));
            Assert.Equal(1, stats.Removed);
            Assert.Equal(DeidWarningKind.RemovedUnfit, Assert.Single(warnings).Kind);
        }

        [Fact]
        public void NestedElementsWithForeignVrsAreReachedToo()
        {
            var input = Crafted(ds =>
            {
                var item = ds.GetOrAddSequence(new DicomTag(0x0010, 0x1002)).AddItem();
                item.SetString(PatientId, DicomVR.IS, "555123");
            });
            var (written, ds, _, warnings) = Run("REPLACE PatientID X", input);
            Assert.False(Holds(written, "555123"));
            var item = ds.GetSequence(new DicomTag(0x0010, 0x1002))![0];
            Assert.True(item.TryGetElement(PatientId, out var e));
            Assert.Equal(DicomVR.LO, e.VR);
            Assert.Equal("(0010,1002)__0__(0010,0020)", Assert.Single(warnings).Field);
            Assert.True(warnings.All(w => w.Step == HeaderActionEngine.StepName));
        }
    }
}
