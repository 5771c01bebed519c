using System;
using System.Linq;
using System.Text;
using Deid.Batch;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// PortableName: a file or folder name too long for NTFS (255 UTF-16 units) or for ext4, XFS, APFS (255 UTF-8 bytes) is cut
    /// to fit both, keeping its extension, whole characters only, with a hash of what was cut so that different names stay
    /// different (QA3 F11); a name that fits is the very same string.
    /// </summary>
    public sealed class PortableNameTests
    {
        private static int Bytes(string s) => Encoding.UTF8.GetByteCount(s);

        private static void AssertFits(string name)
        {
            Assert.True(name.Length <= 255, $"{name.Length} units");
            Assert.True(Bytes(name) <= 255, $"{Bytes(name)} bytes");
            for (int i = 0; i < name.Length; i++)
            {
                if (char.IsHighSurrogate(name[i])) Assert.True(i + 1 < name.Length && char.IsLowSurrogate(name[++i]), "a split surrogate pair");
                else Assert.False(char.IsLowSurrogate(name[i]), "a split surrogate pair");
            }
        }

        [Theory]
        [InlineData("IM1.dcm")]
        [InlineData("1.2.826.0.1.3680043.8.498.1")]
        public void LeavesNamesThatFitAsTheyAre(string name) => Assert.Same(name, PortableName.Of(name));

        /// <summary>255 units and 255 bytes is the limit itself, not over it.</summary>
        [Fact]
        public void LeavesANameOfExactly255BytesAsItIs()
        {
            string ascii = new string('a', 251) + ".dcm";
            Assert.Same(ascii, PortableName.Fit(ascii));
            string cjk = new string('\u6F22', 64) + new string('a', 59) + ".dcm";
            Assert.Equal(255, Bytes(cjk));
            Assert.Same(cjk, PortableName.Fit(cjk));
        }

        /// <summary>Four 64-character tokens and their separators: 263 units (QA3 F11).</summary>
        [Fact]
        public void CutsANameLongerThan255UnitsKeepingItsExtension()
        {
            string name = string.Join("_", Enumerable.Range(0, 4).Select(i => new string((char)('a' + i), 64))) + ".dcm";
            Assert.Equal(263, name.Length);
            string cut = PortableName.Fit(name);
            AssertFits(cut);
            Assert.Equal(255, cut.Length);
            Assert.StartsWith(name.Substring(0, 200), cut, StringComparison.Ordinal);
            Assert.Matches("~[0-9a-f]{16}\\.dcm$", cut);
        }

        /// <summary>Two 64-character CJK values: 133 units, fine on Windows, but 389 bytes, too long on Linux and macOS (QA3 F11).</summary>
        [Fact]
        public void CutsANameLongerThan255Bytes()
        {
            string name = new string('\u6F22', 64) + "_" + new string('\u5B57', 64) + ".dcm";
            Assert.Equal(389, Bytes(name));
            string cut = PortableName.Fit(name);
            AssertFits(cut);
            Assert.EndsWith(".dcm", cut, StringComparison.Ordinal);
            Assert.StartsWith(new string('\u6F22', 64) + "_\u5B57", cut, StringComparison.Ordinal);
        }

        [Fact]
        public void NeverSplitsACharacterBeyondTheBmp()
        {
            for (int pad = 0; pad < 4; pad++)
            {
                string name = new string('a', pad) + string.Concat(Enumerable.Repeat("\U0001F600", 80)) + ".dcm";
                AssertFits(PortableName.Fit(name));
            }
        }

        /// <summary>
        /// Names that differ only past the cut (the instance's UID after long descriptions) stay different: the cut is followed
        /// by a hash of the whole name, the same on every run.
        /// </summary>
        [Fact]
        public void KeepsNamesThatDifferOnlyPastTheCutApart()
        {
            string shared = new string('d', 300);
            string one = PortableName.Fit(shared + "_1.2.3.1.dcm"), two = PortableName.Fit(shared + "_1.2.3.2.dcm");
            AssertFits(one);
            AssertFits(two);
            Assert.NotEqual(one, two);
            Assert.Equal(one, PortableName.Fit(shared + "_1.2.3.1.dcm"));
        }

        /// <summary>A long tail after the last dot is part of the name, not an extension to keep.</summary>
        [Fact]
        public void KeepsOnlyAShortExtension()
        {
            string cut = PortableName.Fit(new string('x', 200) + "." + new string('y', 100));
            AssertFits(cut);
            Assert.Matches("~[0-9a-f]{16}$", cut);
            string folder = PortableName.Fit(new string('x', 300));
            AssertFits(folder);
            Assert.Matches("^x+~[0-9a-f]{16}$", folder);
        }

        /// <summary>The device prefix is counted in the cut; the cut keeps the name's start, so it stays prefixed.</summary>
        [Fact]
        public void CutsADeviceNameAfterItsPrefix()
        {
            string name = PortableName.Of("CON." + new string('x', 300) + ".dcm");
            AssertFits(name);
            Assert.StartsWith("_CON.xxx", name, StringComparison.Ordinal);
            Assert.EndsWith(".dcm", name, StringComparison.Ordinal);
        }
    }
}
