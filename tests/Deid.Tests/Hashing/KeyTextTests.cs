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

        [Theory]
        [InlineData("utf-8")] // Set-Content -Encoding UTF8 in Windows PowerShell 5.1: a byte order mark
        [InlineData("utf-16")] // 'key' > site.key, Out-File in Windows PowerShell 5.1: UTF-16LE with its mark
        [InlineData("utf-16BE")]
        public void AKeySavedAsTextWithAByteOrderMark_IsTheKeyTypedAsMinusKey(string encodingName)
        {
            // Review 2026-12-06: one key saved two ways gave two sets of UIDs, and the shards of one corpus disagreed.
            var encoding = Encoding.GetEncoding(encodingName);
            byte[] file = Concat(encoding.GetPreamble(), encoding.GetBytes("site secret \u00e9\r\n"));
            Assert.Equal(Encoding.UTF8.GetBytes("site secret \u00e9"), KeyText.FromFile(file));
        }

        [Fact]
        public void ABinaryKeyThatStartsLikeAMarkButIsNoText_IsKeptAsItIs()
        {
            // FF FE then an unpaired surrogate (00 D8 then 41 00): no UTF-16 text; taken byte for byte.
            var bytes = new byte[] { 0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00 };
            Assert.Equal(bytes, KeyText.FromFile(bytes));
            var plain = new byte[] { 1, 2, 3, 10 };
            Assert.Equal(new byte[] { 1, 2, 3 }, KeyText.FromFile(plain));
        }

        private static byte[] Concat(byte[] a, byte[] b)
        {
            var all = new byte[a.Length + b.Length];
            a.CopyTo(all, 0);
            b.CopyTo(all, a.Length);
            return all;
        }

        [Fact]
        public void BinaryKeysAreKeptByteForByte_ButForAFinalLineEnd()
        {
            var bytes = new byte[] { 0, 10, 13, 255, 7 };
            Assert.Same(bytes, KeyText.WithoutFinalLineEnds(bytes));
            Assert.Equal(new byte[] { 0, 10, 13, 255 }, KeyText.WithoutFinalLineEnds(new byte[] { 0, 10, 13, 255, 10 }));
        }
    }
}
