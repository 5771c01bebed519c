using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Deid.Actions;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// Issue 11 item 1: a UID root long enough to leave only a few digits made duplicate UIDs (a 60-character root gave 2,000 files
    /// 730 distinct SOPInstanceUIDs) and invalid ones (a 63-character root gave a UID ending in a dot).
    /// </summary>
    public class UidRootTests
    {
        private static readonly Regex ValidUid = new Regex(@"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$");

        private static string RootOfLength(int length)
        {
            // "1.2.3.4..." padded with 9s in the last component, exactly `length` characters.
            string root = "1.2.826.0.1";
            return root + "." + new string('9', Math.Max(1, length - root.Length - 1));
        }

        [Theory]
        [InlineData(43, true)]
        [InlineData(44, false)]
        [InlineData(60, false)]
        [InlineData(63, false)]
        public void Check_AllowsAtMost43Characters_AndSaysSo(int length, bool allowed)
        {
            string root = RootOfLength(length);
            Assert.Equal(length, root.Length);
            string? problem = UidRoot.Check(root);
            Assert.Equal(allowed, problem == null);
            Assert.Equal(allowed, UidRoot.Check(root + ".") == null);
            if (!allowed) Assert.Contains("at most 43", problem);
        }

        [Theory]
        [InlineData("")]
        [InlineData(".")]
        [InlineData("1..2")]
        [InlineData("1.02")]
        [InlineData("1.2a")]
        [InlineData(".1.2")]
        public void Check_RefusesWhatIsNotARoot(string root) => Assert.NotNull(UidRoot.Check(root));

        [Fact]
        public void IsPrefix_WantsTheFinalDot_AndTheLengthLimit()
        {
            Assert.True(UidRoot.IsPrefix("2.25."));
            Assert.False(UidRoot.IsPrefix("2.25"));
            Assert.True(UidRoot.IsPrefix(RootOfLength(43) + "."));
            Assert.False(UidRoot.IsPrefix(RootOfLength(50) + ".")); // pydicom allows 54; it would leave 13 digits
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void LongestRoot_GivesDistinctValidUids(bool keyed)
        {
            var uids = new UidGenerator(keyed ? new byte[16] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 } : null) { DefaultPrefix = RootOfLength(43) + "." };
            var made = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < 20000; i++)
            {
                string uid = uids.PydicomUuid("1.2.3.4." + i.ToString(CultureInfo.InvariantCulture));
                Assert.True(uid.Length <= 64, uid);
                Assert.Matches(ValidUid, uid);
                Assert.True(uid.Length - RootOfLength(43).Length - 1 >= UidRoot.MinimumOwnDigits, uid);
                made.Add(uid);
            }
            Assert.Equal(20000, made.Count);
        }

        [Theory]
        [InlineData(44)]
        [InlineData(60)]
        [InlineData(63)]
        public void Generator_RefusesATooLongRoot(int length)
        {
            var ex = Assert.Throws<ArgumentException>(() => new UidGenerator { DefaultPrefix = RootOfLength(length) + "." });
            Assert.Contains("at most 43", ex.Message);
            Assert.Throws<ArgumentException>(() => new UidGenerator().PydicomUuid("1.2.3", RootOfLength(length) + "."));
        }

        [Fact]
        public void Compose_CutsToSixtyFourWithoutEndingInADot()
        {
            string uid = UidRoot.Compose(RootOfLength(43) + ".", new string('7', 60));
            Assert.Equal(64, uid.Length);
            Assert.EndsWith("7", uid);
        }
    }
}
