using System.Text;
using Deid.Hashing;
using Xunit;

namespace Deid.Tests.Hashing
{
    /// <summary>
    /// QA, 2026-12-06: a key saved with <c>'site secret' | Set-Content site.key</c> (a line end after it, LF on Linux and CR LF
    /// on Windows) gave other UIDs with -KeyFile than the same key typed as -Key, and other UIDs on a Windows and a Linux shard.
    /// </summary>
    public class KeyTextTests
    {
        [Theory]
        [InlineData("site secret", "site secret")]
        [InlineData("site secret\n", "site secret")]
        [InlineData("site secret\r\n", "site secret")]
        [InlineData("site secret\r\n\r\n", "site secret")]
        [InlineData("site\nsecret\n", "site\nsecret")]
        [InlineData("site secret \n", "site secret ")]
        [InlineData("\nsite secret", "\nsite secret")]
        public void LineEndsAtTheEnd_AreNotPartOfTheKey(string file, string key) =>
            Assert.Equal(Encoding.UTF8.GetBytes(key), KeyText.WithoutFinalLineEnds(Encoding.UTF8.GetBytes(file)));

        [Fact]
        public void BinaryKeysAreKeptByteForByte_ButForAFinalLineEnd()
        {
            var bytes = new byte[] { 0, 10, 13, 255, 7 };
            Assert.Same(bytes, KeyText.WithoutFinalLineEnds(bytes));
            Assert.Equal(new byte[] { 0, 10, 13, 255 }, KeyText.WithoutFinalLineEnds(new byte[] { 0, 10, 13, 255, 10 }));
        }
    }
}
