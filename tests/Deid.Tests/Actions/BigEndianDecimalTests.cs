using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using Deid.Actions;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// The decimal digits of new UIDs, written without BigInteger (src/Deid/Actions/BigEndianDecimal.cs): the same digits as
    /// Python's <c>int(hexdigest, 16)</c>, read here through BigInteger.Parse of the hexadecimal text.
    /// </summary>
    public class BigEndianDecimalTests
    {
        private static string Reference(byte[] bytes) =>
            BigInteger.Parse("0" + Convert.ToHexString(bytes), NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void RandomNumbersOfEveryLength_GiveBigIntegersDigits(int seed)
        {
            var random = new Random(seed);
            for (int length = 0; length <= 70; length++)
            {
                for (int n = 0; n < 20; n++)
                {
                    var bytes = new byte[length];
                    random.NextBytes(bytes);
                    // Leading zero bytes and zero limbs inside: both change where the digits start and how chunks join.
                    if (length > 0 && n % 4 == 1) bytes[0] = 0;
                    if (length > 8 && n % 4 == 2) Array.Clear(bytes, length / 2 - 4, 4);
                    Assert.Equal(Reference(bytes), BigEndianDecimal.Format(bytes));
                }
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(4)]
        [InlineData(16)]
        [InlineData(64)]
        public void ZeroAndAllOnes_AreWrittenInFull(int length)
        {
            var zero = new byte[length];
            Assert.Equal("0", BigEndianDecimal.Format(zero));
            var ones = new byte[length];
            for (int i = 0; i < length; i++) ones[i] = 0xFF;
            Assert.Equal(Reference(ones), BigEndianDecimal.Format(ones));
        }

        [Fact]
        public void AUuidAsUid_IsTwoTwentyFiveAndItsHexadecimalNumber()
        {
            // PS3.5 §B.2: "2.25." and the UUID's 128 bits as one unsigned decimal integer (basic_uuid and suffix_uuid in UI elements).
            var random = new Random(14);
            var uuids = new List<string> { "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "FFFFFFFF-0000-0000-0000-00000000000A" };
            for (int n = 0; n < 200; n++)
            {
                var bytes = new byte[16];
                random.NextBytes(bytes);
                uuids.Add(new Guid(bytes).ToString());
            }
            foreach (var uuid in uuids)
            {
                string hex = Guid.Parse(uuid).ToString("N");
                string expected = "2.25." + BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                Assert.Equal(expected, ValueResolver.UuidAsUid(uuid));
            }
        }

        [Fact]
        public void NumbersAroundAChunkOfNineDigits_KeepTheirInnerZeros()
        {
            // 10^9 and 10^18 (and their neighbours) end in whole chunks of zeros that must still be written.
            foreach (var value in new[] { BigInteger.Pow(10, 9), BigInteger.Pow(10, 9) - 1, BigInteger.Pow(10, 18), BigInteger.Pow(10, 18) + 1, BigInteger.Pow(10, 38) })
            {
                var little = value.ToByteArray();
                var big = new byte[little.Length];
                for (int i = 0; i < little.Length; i++) big[i] = little[little.Length - 1 - i];
                Assert.Equal(value.ToString(CultureInfo.InvariantCulture), BigEndianDecimal.Format(big));
            }
        }
    }
}
