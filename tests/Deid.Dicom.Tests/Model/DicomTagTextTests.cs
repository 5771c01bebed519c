using System;
using System.Globalization;
using System.Threading.Tasks;
using Xunit;

namespace Deid.Dicom.Tests.Model
{
    /// <summary>The "(gggg,eeee)" text of a tag, which is kept per tag once made.</summary>
    public class DicomTagTextTests
    {
        private static string Expected(uint value) =>
            string.Format(CultureInfo.InvariantCulture, "({0:X4},{1:X4})", value >> 16, value & 0xFFFF);

        [Fact]
        public void The_text_is_upper_case_hex_in_parentheses()
        {
            Assert.Equal("(0010,0010)", new DicomTag(0x0010, 0x0010).ToString());
            Assert.Equal("(7FE0,0010)", DicomTag.PixelData.ToString());
            Assert.Equal("(0009,10AB)", new DicomTag(0x0009, 0x10AB).ToString());
            Assert.Equal("(FFFE,E000)", DicomTag.Item.ToString());
            Assert.Equal("(0000,0000)", new DicomTag(0, 0).ToString());
        }

        [Fact]
        public void A_tag_asked_again_gives_the_same_string()
        {
            var tag = new DicomTag(0x0010, 0x0020);
            Assert.Same(tag.ToString(), tag.ToString());
        }

        [Fact]
        public void Tags_sharing_a_cache_slot_never_get_each_others_text_even_from_many_threads()
        {
            // Far more tags than cache slots, asked in different orders on several threads: every answer must be the tag's own.
            var values = new uint[50_000];
            var random = new Random(7);
            for (int i = 0; i < values.Length; i++) values[i] = (uint)random.Next() ^ ((uint)random.Next(0, 4) << 31);
            int wrong = 0;
            Parallel.For(0, 8, worker =>
            {
                for (int round = 0; round < 3; round++)
                {
                    for (int k = 0; k < values.Length; k++)
                    {
                        uint v = values[(k * (worker + 1) + round) % values.Length];
                        if (new DicomTag(v).ToString() != Expected(v)) System.Threading.Interlocked.Increment(ref wrong);
                    }
                }
            });
            Assert.Equal(0, wrong);
        }
    }
}
