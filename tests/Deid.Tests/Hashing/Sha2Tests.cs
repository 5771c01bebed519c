using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Deid.Hashing;
using Xunit;

namespace Deid.Tests.Hashing
{
    /// <summary>
    /// Our SHA-256, SHA-512 and HMAC-SHA256 against the published vectors (FIPS 180-4's examples, RFC 4231) and against .NET's
    /// own implementations on random inputs of every length around the block and padding boundaries: a UID hashed differently
    /// would silently map the same original to another UID than in an earlier run.
    /// </summary>
    public class Sha2Tests
    {
        private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

        [Theory]
        [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
        [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
        [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
        [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
        public void Sha256_MatchesThePublishedVectors(string message, string expected)
        {
            Assert.Equal(expected, Hex(Sha256.Hash(Encoding.ASCII.GetBytes(message))));
        }

        [Theory]
        [InlineData("", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
        [InlineData("abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
        [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445")]
        [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")]
        public void Sha512_MatchesThePublishedVectors(string message, string expected)
        {
            Assert.Equal(expected, Hex(Sha512.Hash(Encoding.ASCII.GetBytes(message))));
        }

        [Fact]
        public void AMillionAs_MatchThePublishedDigests()
        {
            var million = Enumerable.Repeat((byte)'a', 1_000_000).ToArray();
            Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Hex(Sha256.Hash(million)));
            Assert.Equal("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b", Hex(Sha512.Hash(million)));
        }

        [Fact]
        public void EveryLengthUpTo600Bytes_MatchesDotNet()
        {
            // Every length across several blocks: the padding takes one block or two depending on what is left, at 55/56 and
            // 111/112 bytes, and every multiple of the block size.
            var random = new Random(14);
            using var sha256 = SHA256.Create();
            using var sha512 = SHA512.Create();
            for (int length = 0; length <= 600; length++)
            {
                var data = new byte[length];
                random.NextBytes(data);
                Assert.Equal(Hex(sha256.ComputeHash(data)), Hex(Sha256.Hash(data)));
                Assert.Equal(Hex(sha512.ComputeHash(data)), Hex(Sha512.Hash(data)));
            }
        }

        [Fact]
        public void IncrementalSha256_GivesTheSameDigestHoweverTheDataIsCut()
        {
            var random = new Random(15);
            using var sha256 = SHA256.Create();
            for (int round = 0; round < 200; round++)
            {
                var data = new byte[random.Next(0, 3000)];
                random.NextBytes(data);
                var hasher = new Sha256.Incremental();
                int at = 0;
                while (at < data.Length)
                {
                    // Pieces of 0 to 150 bytes: smaller and larger than a block, some ending exactly on one.
                    int n = Math.Min(data.Length - at, random.Next(0, 151));
                    hasher.Append(data.AsSpan(at, n));
                    at += n;
                }
                Assert.Equal(Hex(sha256.ComputeHash(data)), Hex(hasher.Finish()));
            }
        }

        // RFC 4231, test cases 1, 2, 3, 4, 6 and 7 (6 and 7: keys longer than a block, hashed first). The repeated bytes are
        // built rather than typed: 20 bytes of 0xaa and 50 of 0xdd (case 3), 50 of 0xcd (case 4), 131 of 0xaa (cases 6, 7).
        [Theory]
        [InlineData(1, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
        [InlineData(2, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
        [InlineData(3, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")]
        [InlineData(4, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")]
        [InlineData(6, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")]
        [InlineData(7, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")]
        public void HmacSha256_MatchesRfc4231(int testCase, string expected)
        {
            static byte[] Repeat(byte b, int n) => Enumerable.Repeat(b, n).ToArray();
            var (key, data) = testCase switch
            {
                1 => (Repeat(0x0b, 20), Encoding.ASCII.GetBytes("Hi There")),
                2 => (Encoding.ASCII.GetBytes("Jefe"), Encoding.ASCII.GetBytes("what do ya want for nothing?")),
                3 => (Repeat(0xaa, 20), Repeat(0xdd, 50)),
                4 => (Enumerable.Range(1, 25).Select(i => (byte)i).ToArray(), Repeat(0xcd, 50)),
                6 => (Repeat(0xaa, 131), Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First")),
                _ => (Repeat(0xaa, 131), Encoding.ASCII.GetBytes("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.")),
            };
            Assert.Equal(expected, Hex(new HmacSha256(key).Compute(data)));
        }

        [Fact]
        public void HmacSha256_MatchesDotNetForKeysAndMessagesOfManyLengths()
        {
            var random = new Random(16);
            foreach (int keyLength in new[] { 1, 16, 32, 63, 64, 65, 100, 200 })
            {
                var key = new byte[keyLength];
                random.NextBytes(key);
                var ours = new HmacSha256(key);
                using var theirs = new HMACSHA256(key);
                for (int length = 0; length <= 200; length += 7)
                {
                    var message = new byte[length];
                    random.NextBytes(message);
                    Assert.Equal(Hex(theirs.ComputeHash(message)), Hex(ours.Compute(message)));
                }
                // The same instance answers again and again: its key states are copied, never consumed.
                var once = ours.Compute(Encoding.UTF8.GetBytes("pydicom_uuid\u00011.2.3"));
                Assert.Equal(Hex(once), Hex(ours.Compute(Encoding.UTF8.GetBytes("pydicom_uuid\u00011.2.3"))));
            }
        }
    }
}
