using System;
using System.Linq;
using Deid.Audit;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// Where Iso2022Scanner sees two-byte runs, as the decoder reads them: from ESC $ B to the next escape sequence or control
    /// character, delimiters inside included; a G1 designation after kanji returns G0 to ASCII; none without a JIS set.
    /// </summary>
    public sealed class Iso2022ScannerTests
    {
        private static Iso2022Text Scan(string bytes, params string[] terms)
        {
            var set = DicomCharacterSet.FromTerms(terms.Length == 0 ? new[] { "", "ISO 2022 IR 87" } : terms, out _);
            var scanner = Iso2022Scanner.For(new[] { set });
            Assert.NotNull(scanner);
            var raw = bytes.Select(c => (byte)c).ToArray();
            return scanner!.Scan(raw, raw.Length);
        }

        private static bool Hidden(string bytes, string what, int occurrence = 0, params string[] terms)
        {
            int at = -1;
            for (int i = 0; i <= occurrence; i++) at = bytes.IndexOf(what, at + 1, StringComparison.Ordinal);
            return Scan(bytes, terms).Hides(at, what.Length);
        }

        [Fact]
        public void ARunEndsAtTheReturnToAscii() => Assert.False(Hidden("\u001B$B8!1960\u001B(B 1960", "1960", 1));

        [Fact]
        public void ARunHidesAsciiTextInIt() => Assert.True(Hidden("\u001B$B8!1960\u001B(B 1960", "1960"));

        [Fact]
        public void DelimitersAreBytesOfKanjiInARun() => Assert.True(Hidden("\u001B$B8!\\^=19600402", "19600402"));

        [Fact]
        public void AControlCharacterEndsARun() => Assert.False(Hidden("\u001B$B8!\r\n19600402", "19600402"));

        [Fact]
        public void AKatakanaDesignationAfterKanjiReturnsG0ToAscii() => Assert.False(Hidden("\u001B$B8!\u001B)I\u00B119600402", "19600402"));

        [Fact]
        public void KoreanHasNoTwoByteG0Runs() => Assert.False(Hidden("\u001B$B8!19600402", "19600402", 0, "", "ISO 2022 IR 149"));

        [Fact]
        public void NoCodeExtensionsNoScanner() => Assert.Null(Iso2022Scanner.For(new[] { DicomCharacterSet.FromTerms(new[] { "ISO_IR 100" }, out _) }));

        [Fact]
        public void AValueOfEscapeBytesIsReadToItsEnd() => Assert.Same(Iso2022Text.None, Scan(new string('\u001B', 100_000)));
    }
}
