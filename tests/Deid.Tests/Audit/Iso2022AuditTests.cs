using System;
using System.IO;
using System.Linq;
using Deid.Audit;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// The audit in values written with ISO 2022 code extensions (QA 2022): the same text written with escape sequences in other
    /// places than the needle's (an escape before each character, a name split in two runs) is still found; bytes of JIS X 0208
    /// kanji that spell ASCII (厩彊梓芦 are "19600402", 姪邸 are "LEE!") are no leak, while the same ASCII after ESC ( B in the
    /// same value is.
    /// </summary>
    public sealed class Iso2022AuditTests : IDisposable
    {
        private const string Esc = "\u001B";
        private static readonly DicomTag ImageComments = new DicomTag(0x0020, 0x4000);
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-audit-iso2022-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public Iso2022AuditTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private string Write(string name, string charset, Action<DicomDataset> fill)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, charset);
            fill(file.Dataset);
            file.EnsureFileMeta();
            string path = Path.Combine(_root, name);
            file.Save(path, overwrite: true);
            return path;
        }

        // An output holding the bytes (each char one byte) as its Image Comments, and nothing else of the original.
        private string Output(string charset, string bytes) => Write("out.dcm", charset, ds =>
        {
            ds.SetString(DicomTags.ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY");
            ds.SetRawValue(ImageComments, DicomVR.LT, Bytes(bytes));
        });

        private static byte[] Bytes(string bytes)
        {
            if (bytes.Length % 2 == 1) bytes += " ";
            return bytes.Select(c => (byte)c).ToArray();
        }

        // Where the bytes stand in the file.
        private static long OffsetOf(string path, string bytes)
        {
            var file = File.ReadAllBytes(path);
            var needle = bytes.Select(c => (byte)c).ToArray();
            for (int i = 0; i + needle.Length <= file.Length; i++)
            {
                if (file.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
            }
            throw new InvalidOperationException("not in the file");
        }

        private static DeidAudit Audit(bool windowed) => windowed ? new DeidAudit { InMemoryLimit = 0, WindowSize = 1 << 20 } : new DeidAudit();

        /// <summary>A Korean name written with an escape sequence before each character (QA: Leaked=False) is found.</summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AKoreanNameWithAnEscapeBeforeEachCharacterIsFound(bool windowed)
        {
            string input = Write("in.dcm", "\\ISO 2022 IR 149", ds => ds.SetString(DicomTags.PatientName, DicomVR.PN, "Hong^Gildong==홍^길동"));
            // 홍길동 흉부 (KS X 1001: C8AB B1E6 B5BF, C8E4 BACE), ESC $ ) C before every character.
            string kc = Esc + "$)C";
            string text = kc + "\u00C8\u00AB" + kc + "\u00B1\u00E6" + kc + "\u00B5\u00BF " + kc + "\u00C8\u00E4" + kc + "\u00BA\u00CE";
            string output = Output("\\ISO 2022 IR 149", text);

            var result = Audit(windowed).Audit(input, output);

            var leak = Assert.Single(result.Leaks, l => l.Keyword == "PatientName");
            Assert.Equal("홍길동", leak.Form);
            Assert.Equal(LeakLocation.Bytes, leak.Location);
            // Where the name starts as written: the value's start, its escape sequence (the needle's whole encoded form).
            Assert.Equal(OffsetOf(output, text), leak.ByteOffset);
        }

        /// <summary>A Japanese family name split over two JIS X 0208 runs (ESC $ B 山 ESC ( B ESC $ B 田 ESC ( B) is found.</summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AJapaneseNameSplitOverTwoDesignationsIsFound(bool windowed)
        {
            string input = Write("in.dcm", "\\ISO 2022 IR 87", ds => ds.SetString(DicomTags.PatientName, DicomVR.PN, "Yamada^Tarou=山田^太郎"));
            // 山 = 3B33 (";3"), 田 = 4544 ("ED"); 部 = 4974 ("It").
            string text = "Dr " + Esc + "$B;3" + Esc + "(B" + Esc + "$BED" + Esc + "(B " + Esc + "$BIt" + Esc + "(B";
            string output = Output("\\ISO 2022 IR 87", text);

            var result = Audit(windowed).Audit(input, output);

            var leak = Assert.Single(result.Leaks, l => l.Keyword == "PatientName");
            Assert.Equal("山田", leak.Form);
            Assert.Equal(OffsetOf(output, text) + "Dr ".Length + 3, leak.ByteOffset);
        }

        /// <summary>
        /// Kanji whose JIS X 0208 bytes spell a birth date, an ID and a short name part are no leak of them (QA: reported as
        /// leaks of PatientBirthDate 19600402 and of LEE).
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void JisBytesThatSpellADateAnIdOrANamePartAreNoLeak(bool windowed)
        {
            string input = Original();
            // 厩彊梓芦 = "19600402", then "QX7741" and 姪邸 = "LEE!" among other kanji, ended by ESC ( B and plain text.
            string text = Esc + "$B8!::19600402!!QX7741!!LEE!!!" + Esc + "(B chest";
            string output = Output("\\ISO 2022 IR 87", text);

            var result = Audit(windowed).Audit(input, output);

            Assert.False(result.Leaked, string.Join(", ", result.Leaks.Select(l => $"{l.Keyword} {l.Form} at {l.ByteOffset}")));
        }

        /// <summary>The same values written in ASCII after ESC ( B in the same value are leaks, found where they stand.</summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void TheSameAsciiAfterTheReturnToAsciiInTheSameValueIsALeak(bool windowed)
        {
            string input = Original();
            string kanji = Esc + "$B8!::19600402!!QX7741!!LEE!!!" + Esc + "(B";
            string ascii = " seen by Lee, 19600402 QX7741";
            string output = Output("\\ISO 2022 IR 87", kanji + ascii);

            var result = Audit(windowed).Audit(input, output);

            long at = OffsetOf(output, kanji + ascii) + kanji.Length;
            var byKeyword = result.Leaks.ToDictionary(l => l.Keyword);
            Assert.Equal(at + ascii.IndexOf("Lee", StringComparison.Ordinal), byKeyword["PatientName"].ByteOffset);
            Assert.Equal(at + ascii.IndexOf("1960", StringComparison.Ordinal), byKeyword["PatientBirthDate"].ByteOffset);
            Assert.Equal(at + ascii.IndexOf("QX", StringComparison.Ordinal), byKeyword["PatientID"].ByteOffset);
        }

        /// <summary>A name in kanji written in JIS X 0208 is still found inside a run, however its bytes read as ASCII.</summary>
        [Fact]
        public void KanjiWhoseBytesAreAsciiAreStillFoundInARun()
        {
            string input = Write("in.dcm", "\\ISO 2022 IR 87", ds => ds.SetString(DicomTags.PatientName, DicomVR.PN, "Yamada^Tarou=山田^太郎"));
            string output = Output("\\ISO 2022 IR 87", Esc + "$B!!;3ED!!" + Esc + "(B");

            var result = new DeidAudit().Audit(input, output);

            Assert.Contains(result.Leaks, l => l.Keyword == "PatientName" && l.Form == "山田");
        }

        private string Original() => Write("in.dcm", "\\ISO 2022 IR 87", ds =>
        {
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "LEE^NG");
            ds.SetString(DicomTags.PatientID, DicomVR.LO, "QX7741");
            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19600402");
        });
    }
}
