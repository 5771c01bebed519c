using System.Collections.Generic;
using System.Linq;
using System.Text;
using Deid.Audit;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// The audit takes a plain ASCII form's bytes as they are, without encoding it in each character set the output may be
    /// written in (#14: an audit allocated some 850 KB a small CT pair, much of it there). That is right only if every character
    /// set DICOM defines writes such text as its ASCII bytes: pinned here for every defined term and combination.
    /// </summary>
    public sealed class NeedleSetTests
    {
        public static IEnumerable<object[]> Sets()
        {
            string[][] terms =
            {
                new[] { "" }, new[] { "ISO_IR 6" }, new[] { "ISO_IR 100" }, new[] { "ISO_IR 101" }, new[] { "ISO_IR 109" },
                new[] { "ISO_IR 110" }, new[] { "ISO_IR 126" }, new[] { "ISO_IR 127" }, new[] { "ISO_IR 138" }, new[] { "ISO_IR 144" },
                new[] { "ISO_IR 148" }, new[] { "ISO_IR 166" }, new[] { "ISO_IR 203" }, new[] { "ISO_IR 13" }, new[] { "ISO_IR 192" },
                new[] { "GB18030" }, new[] { "GBK" },
                new[] { "ISO 2022 IR 6" }, new[] { "ISO 2022 IR 100" }, new[] { "ISO 2022 IR 13" },
                new[] { "", "ISO 2022 IR 87" }, new[] { "ISO 2022 IR 6", "ISO 2022 IR 87" }, new[] { "ISO 2022 IR 13", "ISO 2022 IR 87" },
                new[] { "ISO 2022 IR 6", "ISO 2022 IR 87", "ISO 2022 IR 159" }, new[] { "", "ISO 2022 IR 149" },
                new[] { "", "ISO 2022 IR 58" }, new[] { "ISO 2022 IR 6", "ISO 2022 IR 100" }, new[] { "ISO 2022 IR 6", "ISO 2022 IR 126" },
            };
            return terms.Select(t => new object[] { t });
        }

        [Theory]
        [MemberData(nameof(Sets))]
        public void PlainAsciiText_IsItsAsciiBytes_InEveryCharacterSet(string[] terms)
        {
            var set = DicomCharacterSet.FromTerms(terms, out var warnings);
            Assert.Empty(warnings);
            var printable = new string(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => c != '\\' && c != '~').ToArray());
            foreach (string text in new[] { printable, "DOE^JOHN", "ZZC06-4471", "1.2.840.113619.2.55", "Saint Crumb General Hospital" })
            {
                Assert.True(NeedleSet.IsPlainAscii(text));
                foreach (var vr in new[] { DicomVR.LO, DicomVR.PN, DicomVR.SH, DicomVR.LT, DicomVR.UC, DicomVR.ST })
                {
                    byte[]? bytes = set.EncodeForSearch(text, vr);
                    // None (the set cannot hold it) is the same to the audit: the form's UTF-8 and Latin-1 writings are its ASCII.
                    if (bytes != null) Assert.Equal(Encoding.ASCII.GetBytes(text), bytes);
                }
            }
        }

        [Theory]
        [InlineData("YEN\\SIGN")]
        [InlineData("OVER~LINE")]
        [InlineData("M\u00dcLLER")]
        [InlineData("\u5c71\u7530")]
        [InlineData("TAB\tBED")]
        public void TextThatMayDifferBetweenSets_IsNotPlainAscii(string text) => Assert.False(NeedleSet.IsPlainAscii(text));
    }
}
