using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// Issue 14's functions for sharded runs: <c>deid_func:keyed_id</c> and <c>deid_func:keyed_jitter</c> are pure functions of
    /// (original, recipe, key), so separate engines — separate processes, machines, shards — agree byte for byte.
    /// </summary>
    public class KeyedFunctionTests
    {
        private const string Recipe = "FORMAT dicom\n%header\n"
            + "REPLACE PatientID deid_func:keyed_id prefix=ANON digits=8\n"
            + "REPLACE AccessionNumber deid_func:keyed_id prefix=A digits=12\n"
            + "REPLACE select:VR:DA deid_func:keyed_jitter min=-400 max=-30\n"
            + "REPLACE StudyInstanceUID deid_func:pydicom_uuid\n"
            + "REPLACE SeriesInstanceUID deid_func:pydicom_uuid\n"
            + "REPLACE SOPInstanceUID deid_func:pydicom_uuid\n"
            + "REPLACE PatientName ANONYMOUS\n";

        private static readonly byte[] Key = Encoding.UTF8.GetBytes("a key of the hospital, 32 bytes!");

        private static DicomFile Sample(int index) =>
            DicomSampleGenerator.Create(index, new DicomSampleOptions { Modality = SampleModality.CT, Seed = 14, InstancesPerSeries = 3 }).File;

        private static byte[] Run(HeaderActionEngine engine, DicomFile file, List<string>? warnings = null)
        {
            engine.Apply(file, null, warnings ?? new List<string>(), "shard.dcm");
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }

        private static HeaderActionEngine Engine(byte[]? key) => new HeaderActionEngine(DeidRecipe.Parse(Recipe, "keyed.dicom"), null, new UidGenerator(key));

        [Fact]
        public void TwoShardsInSeparateEnginesWriteTheBytesOfOneRunOverTheWhole()
        {
            var whole = Engine(Key);
            var all = Enumerable.Range(0, 6).Select(i => Run(whole, Sample(i))).ToList();
            var first = Engine(Key);
            var second = Engine(Key);
            // The halves in the other order, as shards finish in any order.
            var secondHalf = Enumerable.Range(3, 3).Reverse().Select(i => (i, Run(second, Sample(i)))).ToList();
            var firstHalf = Enumerable.Range(0, 3).Select(i => (i, Run(first, Sample(i)))).ToList();
            foreach (var (i, bytes) in firstHalf.Concat(secondHalf)) Assert.Equal(all[i], bytes);
        }

        [Fact]
        public void KeyedIdIsPrefixedDigits_TheSameForTheSameOriginal_AndDependsOnTheKey()
        {
            var a = Sample(0);
            var b = Sample(3); // another patient (three instances per series and patient)
            string originalA = a.Dataset.GetString(DicomTags.PatientID)!, originalB = b.Dataset.GetString(DicomTags.PatientID)!;
            Assert.NotEqual(originalA, originalB);
            var engine = Engine(Key);
            Run(engine, a);
            Run(engine, b);
            var again = Sample(1);
            Run(Engine(Key), again);
            string idA = a.Dataset.GetString(DicomTags.PatientID)!;
            Assert.Matches("^ANON[0-9]{8}$", idA);
            Assert.Matches("^A[0-9]{12}$", a.Dataset.GetString(DicomTags.AccessionNumber)!);
            Assert.Equal(idA, again.Dataset.GetString(DicomTags.PatientID));
            Assert.NotEqual(idA, b.Dataset.GetString(DicomTags.PatientID));
            var otherKey = Sample(0);
            Run(Engine(Encoding.UTF8.GetBytes("another key, another hospital!!")), otherKey);
            Assert.NotEqual(idA, otherKey.Dataset.GetString(DicomTags.PatientID));
            Assert.DoesNotContain(originalA.Substring(3), idA);
        }

        /// <summary>
        /// docs/scale-out.md's recipe: the keyed lines added to a copy of a shipped recipe, whose own lines already put a dummy in
        /// PatientID and the dates. The keyed functions read the header as it was read, so each patient keeps a pseudonym and a
        /// date shift of their own — before, every patient became the pseudonym of "ANONYMOUS" and every date a shifted 19000101.
        /// </summary>
        [Fact]
        public void KeyedFunctionsReadTheOriginal_EvenAfterAnEarlierLineWroteADummy()
        {
            string shipped = File.ReadAllText(Path.Combine(TestPaths.ShippedRecipes, "deid.dicom.basic-profile"));
            string site = shipped.TrimEnd() + "\n"
                + "REPLACE PatientID deid_func:keyed_id prefix=SITE digits=8\n"
                + "REPLACE select:VR:DA deid_func:keyed_jitter min=-400 max=-30\n";
            var engine = new HeaderActionEngine(DeidRecipe.Parse(site, "deid.site"), null, new UidGenerator(Key));
            var keyedOnly = Engine(Key);
            var ids = new List<string>();
            foreach (int i in new[] { 0, 3 })
            {
                var file = Sample(i);
                string birth = file.Dataset.GetString(DicomTags.PatientBirthDate)!;
                Run(engine, file);
                var reference = Sample(i);
                Run(keyedOnly, reference);
                string id = file.Dataset.GetString(DicomTags.PatientID)!;
                Assert.Matches("^SITE[0-9]{8}$", id);
                // The pseudonym of the original ID, as the keyed line alone makes it from the same key.
                Assert.Equal(reference.Dataset.GetString(DicomTags.PatientID)!.Substring("ANON".Length), id.Substring("SITE".Length));
                // The patient's own birth date, shifted — not the dummy 19000101.
                Assert.Equal(reference.Dataset.GetString(DicomTags.PatientBirthDate), file.Dataset.GetString(DicomTags.PatientBirthDate));
                Assert.InRange(Days(birth, file.Dataset.GetString(DicomTags.PatientBirthDate)!), -400, -30);
                ids.Add(id);
            }
            Assert.NotEqual(ids[0], ids[1]);

            // A file without an accession number keeps none, rather than sharing one pseudonym with every other such file.
            var empty = Sample(0);
            empty.Dataset.SetString(DicomTags.AccessionNumber, DicomVR.SH, string.Empty);
            Run(Engine(Key), empty);
            Assert.Equal(string.Empty, empty.Dataset.GetString(DicomTags.AccessionNumber) ?? string.Empty);
        }

        [Fact]
        public void KeyedJitterShiftsEveryDateOfAPatientByTheSameDaysInTheRange()
        {
            var engine = Engine(Key);
            var shifts = new List<int>();
            foreach (int i in new[] { 0, 1, 2, 3 })
            {
                var file = Sample(i);
                var before = file.Dataset.GetString(DicomTags.StudyDate)!;
                var birth = file.Dataset.GetString(DicomTags.PatientBirthDate)!;
                Run(engine, file);
                int shift = Days(before, file.Dataset.GetString(DicomTags.StudyDate)!);
                Assert.InRange(shift, -400, -30);
                // The interval between a patient's dates is kept: birth and study move together.
                Assert.Equal(shift, Days(birth, file.Dataset.GetString(DicomTags.PatientBirthDate)!));
                shifts.Add(shift);
            }
            // Files 0-2 are one patient; 3 is another, with its own shift.
            Assert.Equal(shifts[0], shifts[1]);
            Assert.Equal(shifts[0], shifts[2]);
            Assert.NotEqual(shifts[0], shifts[3]);
        }

        [Fact]
        public void WithoutAKeyTheValuesAgreeWithinOneRunOnly_AndSaySo()
        {
            var engine = Engine(null);
            var warnings = new List<string>();
            var a = Sample(0);
            var b = Sample(1);
            Run(engine, a, warnings);
            Run(engine, b);
            Assert.Equal(a.Dataset.GetString(DicomTags.PatientID), b.Dataset.GetString(DicomTags.PatientID));
            Assert.Contains(warnings, w => w.Contains("without a key"));
            var other = Sample(0);
            Run(Engine(null), other);
            Assert.NotEqual(a.Dataset.GetString(DicomTags.PatientID), other.Dataset.GetString(DicomTags.PatientID));
        }

        [Fact]
        public void BadArgumentsAreReplacedByTheDefaultsWithAWarning()
        {
            var engine = new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientID deid_func:keyed_id digits=99\nREPLACE StudyDate deid_func:keyed_jitter min=x\n", "bad.dicom"), null, new UidGenerator(Key));
            var warnings = new List<string>();
            var file = Sample(0);
            Run(engine, file, warnings);
            Assert.Matches("^[0-9]{10}$", file.Dataset.GetString(DicomTags.PatientID)!);
            Assert.Contains(warnings, w => w.Contains("digits=99"));
            Assert.Contains(warnings, w => w.Contains("min=x"));
        }

        private static int Days(string before, string after) =>
            (int)(System.DateTime.ParseExact(after, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)
                - System.DateTime.ParseExact(before, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)).TotalDays;
    }
}
