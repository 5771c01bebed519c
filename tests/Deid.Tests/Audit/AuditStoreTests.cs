using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Deid.Audit;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// What the audit keeps from one pair to the next (#14: a study's values and their forms are in each of its files): bounded,
    /// and what is kept is what would have been worked out again.
    /// </summary>
    public sealed class AuditStoreTests
    {
        [Fact]
        public void AStore_HoldsNoMoreThanItsCapacity_AndKeepsWhatIsAskedFor()
        {
            var store = new BoundedStore<string, string>(100);
            store.Set("study", "kept");
            for (int i = 0; i < 1000; i++)
            {
                store.Set("file" + i.ToString(CultureInfo.InvariantCulture), "once");
                // Asked for with every file, as a study's name is: never dropped.
                Assert.True(store.TryGet("study", out var kept));
                Assert.Equal("kept", kept);
                Assert.True(store.Count <= store.Capacity);
            }
            Assert.Equal(100, store.Capacity);
            // What one early file had is gone; what the last files had is there.
            Assert.False(store.TryGet("file0", out _));
            Assert.True(store.TryGet("file999", out _));
        }

        [Fact]
        public void AStore_KeepsOneValueForAKey_WhenTwoThreadsMakeIt()
        {
            var store = new BoundedStore<string, object>(64);
            var made = new object[2];
            System.Threading.Tasks.Parallel.For(0, 2, i =>
            {
                made[i] = new object();
                store.Set("same", made[i]);
            });
            Assert.True(store.TryGet("same", out var kept));
            Assert.Contains(kept, made);
            Assert.Equal(1, store.Count);
        }

        private static AuditValue Value(string keyword, DicomVR vr, string text) =>
            new AuditValue("(0000,0000)", keyword, vr, text, DicomCharacterSet.Default);

        private static string Describe(AuditValue v) => string.Join("|", new[]
        {
            string.Join(",", v.Forms), string.Join(",", v.GroupedForms), string.Join(",", v.AccentedForms),
            string.Join(",", v.WordForms.OrderBy(f => f, System.StringComparer.Ordinal)),
            string.Join(",", v.OutsidePixelForms.OrderBy(f => f, System.StringComparer.Ordinal)),
            string.Join(",", v.InTextForms.OrderBy(f => f, System.StringComparer.Ordinal)),
        });

        public static IEnumerable<object[]> Values() => new[]
        {
            new object[] { "PatientName", "PN", "O'BRIEN^MARY ANN" },
            new object[] { "PatientBirthDate", "DA", "19610307" },
            new object[] { "StudyTime", "TM", "070355.123" },
            new object[] { "PatientID", "LO", "A7731902" },
            new object[] { "PatientAddress", "LO", "7 Whisk Avenue, Oven City NW1 6XE" },
            new object[] { "SeriesDescription", "LO", "CT SERIES 10000" },
            new object[] { "ImageComments", "LT", "CT SERIES 10000" },
            new object[] { "OtherPatientNames", "PN", "M\u00dcLLER^J\u00dcRGEN" },
        };

        /// <summary>
        /// A value's forms, kept (ValueForms), are those worked out again: the first time, the second, and for the same text
        /// under another keyword (an address is split into its parts, a description's number counts from seven digits).
        /// </summary>
        [Theory]
        [MemberData(nameof(Values))]
        public void AValuesFormsKept_AreTheFormsWorkedOut(string keyword, string vr, string text)
        {
            Assert.True(DicomVR.TryParse(vr, out var v));
            var first = Value(keyword, v, text);
            AuditForms.Add(first);
            Assert.NotEmpty(first.Forms);
            var again = Value(keyword, v, text);
            AuditForms.Add(again);
            Assert.Equal(Describe(first), Describe(again));
            Assert.NotSame(first.Forms, again.Forms);
            // Another keyword's forms of the same text are its own.
            var address = Value("PatientAddress", v, text);
            var description = Value("StudyDescription", v, text);
            var id = Value("OtherPatientIDs", v, text);
            AuditForms.Add(address);
            AuditForms.Add(description);
            AuditForms.Add(id);
            if (v == DicomVR.LO && text == "CT SERIES 10000")
            {
                Assert.DoesNotContain("10000", description.GroupedForms);
                Assert.Contains("10000", id.GroupedForms);
            }
            if (v == DicomVR.LO && text.Contains(',')) Assert.Contains("Oven City NW1 6XE", address.Forms);
        }

        [Fact]
        public void AValueWithFormsAlready_IsWorkedOutAlone()
        {
            var listed = Value("PatientID", DicomVR.LO, "QZ-99172");
            listed.Forms.Add("SOMETHING ELSE");
            AuditForms.Add(listed);
            Assert.Contains("SOMETHING ELSE", listed.Forms);
            var fresh = Value("PatientID", DicomVR.LO, "QZ-99172");
            AuditForms.Add(fresh);
            Assert.DoesNotContain("SOMETHING ELSE", fresh.Forms);
        }
    }
}
