using System.Collections.Generic;
using Deid.Fields;
using Xunit;

namespace Deid.Tests.Identifiers
{
    /// <summary>
    /// LowerInvariantComparer: equal exactly when the ToLowerInvariant forms are ordinally equal (deid's lower-cased lookup),
    /// with equal hashes for equal strings — ASCII in place, other text through lower-casing.
    /// </summary>
    public sealed class LowerInvariantComparerTests
    {
        public static IEnumerable<object[]> Pairs() => new[]
        {
            new object[] { "PatientID", "patientid" },
            new object[] { "(0010,0020)", "(0010,0020)" },
            new object[] { "0010000A", "0010000a" },
            new object[] { "ReferencedStudySequence__ReferencedSOPInstanceUID", "referencedstudysequence__referencedsopinstanceuid" },
            new object[] { "PatientID", "PatientId " },
            new object[] { "PatientID", "PatientIE" },
            new object[] { "Kelvin\u212A", "kelvink" },      // the Kelvin sign lower-cases to ASCII k
            new object[] { "\u00C9COLE", "\u00E9cole" },      // É and é
            new object[] { "\u00C9COLE", "ecole" },
            new object[] { "SIEMENS CSA HEADER", "siemens csa header" },
            new object[] { "a", "A\u0301" },
            new object[] { "", "" },
            new object[] { "[", "{" },                        // ASCII punctuation is not folded
            new object[] { "@", "`" },
        };

        [Theory]
        [MemberData(nameof(Pairs))]
        public void AgreesWithToLowerInvariant(string x, string y)
        {
            bool expected = x.ToLowerInvariant() == y.ToLowerInvariant();
            var c = LowerInvariantComparer.Instance;
            Assert.Equal(expected, c.Equals(x, y));
            Assert.Equal(expected, c.Equals(y, x));
            if (expected) Assert.Equal(c.GetHashCode(x), c.GetHashCode(y));
        }

        [Fact]
        public void WorksAsADictionaryComparer()
        {
            var d = new Dictionary<string, int>(LowerInvariantComparer.Instance) { ["PatientName"] = 1, ["(0010,0010)"] = 2, ["kelvink"] = 3 };
            Assert.Equal(1, d["patientname"]);
            Assert.Equal(2, d["(0010,0010)"]);
            Assert.Equal(3, d["KELVIN\u212A"]);
            Assert.False(d.ContainsKey("PatientNam"));
            Assert.False(LowerInvariantComparer.Instance.Equals(null, "x"));
            Assert.True(LowerInvariantComparer.Instance.Equals(null, null));
        }
    }
}
