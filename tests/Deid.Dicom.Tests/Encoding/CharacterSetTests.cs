using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Deid.Dicom.Tests
{
    public class CharacterSetTests
    {
        /// <summary>Builds bytes from ASCII strings and byte values, so escape sequences stay readable.</summary>
        internal static byte[] Raw(params object[] parts)
        {
            var bytes = new List<byte>();
            foreach (var part in parts)
            {
                if (part is string s) bytes.AddRange(s.Select(c => checked((byte)c)));
                else bytes.Add(checked((byte)(int)part));
            }

            return bytes.ToArray();
        }

        internal static DicomCharacterSet Set(params string[] terms)
        {
            var set = DicomCharacterSet.FromTerms(terms, out var warnings);
            Assert.Empty(warnings);
            return set;
        }

        // The Patient's Name of every file in charset_files/FileInfo.txt, with the string pydicom's test_charset.py
        // expects. pydicom's PersonName drops empty trailing component groups (chrX1, chrX2 end in '='); Decode trims
        // nothing, so the '=' stays here.
        public static TheoryData<string, string[], byte[], string> FileInfoNames => new TheoryData<string, string[], byte[], string>
        {
            { "chrArab", new[] { "ISO_IR 127" }, Raw(0xE2, 0xC8, 0xC7, 0xE6, 0xEA, "^", 0xE4, 0xE6, 0xD2, 0xC7, 0xD1), "قباني^لنزار" },
            { "chrFren", new[] { "ISO_IR 100" }, Raw("Buc^J", 0xE9, "r", 0xF4, "me"), "Buc^Jérôme" },
            { "chrFrenMulti", new[] { "ISO_IR 100" }, Raw("Buc^J", 0xE9, "r", 0xF4, "me"), "Buc^Jérôme" },
            { "chrGerm", new[] { "ISO_IR 100" }, Raw(0xC4, "neas^R", 0xFC, "diger"), "Äneas^Rüdiger" },
            { "chrGreek", new[] { "ISO_IR 126" }, Raw(0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2), "Διονυσιος" },
            {
                "chrH31", new[] { "", "ISO 2022 IR 87" },
                Raw("Yamada^Tarou=", 0x1B, "$B;3ED", 0x1B, "(B^", 0x1B, "$BB@O:", 0x1B, "(B=", 0x1B, "$B$d$^$@", 0x1B, "(B^", 0x1B, "$B$?$m$&", 0x1B, "(B"),
                "Yamada^Tarou=山田^太郎=やまだ^たろう"
            },
            {
                "chrH32", new[] { "ISO 2022 IR 13", "ISO 2022 IR 87" },
                Raw(0xD4, 0xCF, 0xC0, 0xDE, "^", 0xC0, 0xDB, 0xB3, "=", 0x1B, "$B;3ED", 0x1B, "(J^", 0x1B, "$BB@O:", 0x1B, "(J=", 0x1B, "$B$d$^$@", 0x1B, "(J^", 0x1B, "$B$?$m$&", 0x1B, "(J"),
                "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"
            },
            { "chrHbrw", new[] { "ISO_IR 138" }, Raw(0xF9, 0xF8, 0xE5, 0xEF, "^", 0xE3, 0xE1, 0xE5, 0xF8, 0xE4), "שרון^דבורה" },
            {
                "chrI2", new[] { "", "ISO 2022 IR 149" },
                Raw("Hong^Gildong=", 0x1B, "$)C", 0xFB, 0xF3, "^", 0x1B, "$)C", 0xD1, 0xCE, 0xD4, 0xD7, "=", 0x1B, "$)C", 0xC8, 0xAB, "^", 0x1B, "$)C", 0xB1, 0xE6, 0xB5, 0xBF),
                "Hong^Gildong=洪^吉洞=홍^길동"
            },
            { "chrRuss", new[] { "ISO_IR 144" }, Raw(0xBB, 0xEE, 0xDA, "ce", 0xDC, 0xD1, "yp", 0xD3), "Люкceмбypг" },
            { "chrX1", new[] { "ISO_IR 192" }, Raw("Wang^XiaoDong=", 0xE7, 0x8E, 0x8B, "^", 0xE5, 0xB0, 0x8F, 0xE6, 0x9D, 0xB1, "="), "Wang^XiaoDong=王^小東=" },
            { "chrX2", new[] { "GB18030" }, Raw("Wang^XiaoDong=", 0xCD, 0xF5, "^", 0xD0, 0xA1, 0xB6, 0xAB, "="), "Wang^XiaoDong=王^小东=" },
        };

        [Theory]
        [MemberData(nameof(FileInfoNames))]
        public void FileInfo_patient_names_decode_as_pydicom_decodes_them(string file, string[] terms, byte[] raw, string expected)
        {
            Assert.True(file.Length > 0);
            Assert.Equal(expected, Set(terms).Decode(raw, DicomVR.PN));
        }

        [Theory]
        [MemberData(nameof(FileInfoNames))]
        public void FileInfo_patient_names_encode_back_to_the_file_bytes(string file, string[] terms, byte[] raw, string expected)
        {
            Assert.True(file.Length > 0);
            Assert.Equal(raw, Set(terms).Encode(expected, DicomVR.PN));
        }

        // pydicom's ENCODED_NAMES: each single-byte set as a code extension after ASCII.
        public static TheoryData<string, string, byte[]> SingleByteExtensions => new TheoryData<string, string, byte[]>
        {
            { "ISO 2022 IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ", Raw(0x1B, ")I", 0xD4, 0xCF, 0xC0, 0xDE, "^", 0x1B, ")I", 0xC0, 0xDB, 0xB3) },
            { "ISO 2022 IR 100", "Buc^Jérôme", Raw(0x1B, "-ABuc^", 0x1B, "-AJ", 0xE9, "r", 0xF4, "me") },
            { "ISO 2022 IR 101", "Wałęsa", Raw(0x1B, "-BWa", 0xB3, 0xEA, "sa") },
            { "ISO 2022 IR 109", "antaŭnomo", Raw(0x1B, "-Canta", 0xFD, "nomo") },
            { "ISO 2022 IR 110", "vārds", Raw(0x1B, "-Dv", 0xE0, "rds") },
            { "ISO 2022 IR 127", "قباني^لنزار", Raw(0x1B, "-G", 0xE2, 0xC8, 0xC7, 0xE6, 0xEA, "^", 0x1B, "-G", 0xE4, 0xE6, 0xD2, 0xC7, 0xD1) },
            { "ISO 2022 IR 126", "Διονυσιος", Raw(0x1B, "-F", 0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2) },
            { "ISO 2022 IR 138", "שרון^דבורה", Raw(0x1B, "-H", 0xF9, 0xF8, 0xE5, 0xEF, "^", 0x1B, "-H", 0xE3, 0xE1, 0xE5, 0xF8, 0xE4) },
            { "ISO 2022 IR 144", "Люкceмбypг", Raw(0x1B, "-L", 0xBB, 0xEE, 0xDA, "ce", 0xDC, 0xD1, "yp", 0xD3) },
            { "ISO 2022 IR 148", "Çavuşoğlu", Raw(0x1B, "-M", 0xC7, "avu", 0xFE, "o", 0xF0, "lu") },
            { "ISO 2022 IR 166", "นามสกุล", Raw(0x1B, "-T", 0xB9, 0xD2, 0xC1, 0xCA, 0xA1, 0xD8, 0xC5) },
            { "ISO 2022 IR 203", "Œuvre à 5€", Raw(0x1B, "-b", 0xBC, "uvre ", 0xE0, " 5", 0xA4) },
        };

        [Theory]
        [MemberData(nameof(SingleByteExtensions))]
        public void Single_byte_code_extensions_decode_after_ascii(string term, string expected, byte[] raw)
        {
            var set = Set("", term);
            Assert.Equal("ASCII+" + expected, set.Decode(Raw("ASCII+").Concat(raw).ToArray(), DicomVR.PN));
            Assert.Equal("ASCII+" + expected, set.Decode(set.Encode("ASCII+" + expected, DicomVR.LO), DicomVR.LO));

            // In a person name, text needing an escape goes in a later component group (PS3.5 §6.2.1).
            Assert.Equal("ASCII+=" + expected, set.Decode(set.Encode("ASCII+=" + expected, DicomVR.PN), DicomVR.PN));
        }

        [Fact]
        public void Missing_escape_after_a_component_delimiter_reads_the_initial_set()
        {
            // pydicom test_missing_escape_for_single_byte_code_extensions: '^' resets G1 to value 1, which has none,
            // so the last bytes fall back to Latin-1.
            var raw = Raw("ASCII+", 0x1B, ")I", 0xD4, 0xCF, 0xC0, 0xDE, "^", 0xC0, 0xDB, 0xB3);
            Assert.Equal("ASCII+ﾔﾏﾀﾞ^ÀÛ³", Set("", "ISO 2022 IR 13").Decode(raw, DicomVR.PN));
        }

        /// <summary>
        /// Charset QA 2026-12-06, F4: Korean and Chinese systems designate their two-byte G1 set once a value, not again after each
        /// '^'. The later components read as Latin-1 (홍^±æµ¿) and the name was never found; they now read by the set designated
        /// last. A value that designates again reads as before.
        /// </summary>
        [Fact]
        public void A_two_byte_G1_designated_once_a_value_reads_every_component()
        {
            var korean = Set("", "ISO 2022 IR 149");
            Assert.Equal("홍^길동", korean.Decode(Raw(0x1B, "$)C", 0xC8, 0xAB, "^", 0xB1, 0xE6, 0xB5, 0xBF), DicomVR.PN));
            Assert.Equal("홍^길동", korean.Decode(Raw(0x1B, "$)C", 0xC8, 0xAB, "^", 0x1B, "$)C", 0xB1, 0xE6, 0xB5, 0xBF), DicomVR.PN));
            var chinese = Set("", "ISO 2022 IR 58");
            Assert.Equal("王^小东", chinese.Decode(Raw(0x1B, "$)A", 0xCD, 0xF5, "^", 0xD0, 0xA1, 0xB6, 0xAB), DicomVR.PN));
        }

        [Fact]
        public void Multi_valued_LO_switches_sets_per_value()
        {
            var raw = Raw("Buc^J", 0xE9, "r", 0xF4, "me\\", 0x1B, "-F", 0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2, "\\",
                0x1B, "-L", 0xBB, 0xEE, 0xDA, "ce", 0xDC, 0xD1, "yp", 0xD3);
            var set = Set("ISO 2022 IR 100", "ISO 2022 IR 144", "ISO 2022 IR 126");
            Assert.Equal("Buc^Jérôme\\Διονυσιος\\Люкceмбypг", set.Decode(raw, DicomVR.LO));
            Assert.Equal("Buc^Jérôme\\Διονυσιος\\Люкceмбypг", set.Decode(raw, DicomVR.PN));
        }

        [Fact]
        public void Multi_valued_LO_in_a_single_byte_set()
        {
            Assert.Equal("Röntgen\\Thorax ÄP", Set("ISO_IR 100").Decode(Raw("R", 0xF6, "ntgen\\Thorax ", 0xC4, "P"), DicomVR.LO));
        }

        [Fact]
        public void Value_one_holds_until_an_escape_sequence()
        {
            // pydicom test_multi_charset_default_value and test_single_byte_multi_charset_text.
            var set = Set("ISO 2022 IR 100", "ISO 2022 IR 126");
            Assert.Equal("Röntgenaufnahme", set.Decode(Raw("R", 0xF6, "ntgenaufnahme"), DicomVR.LO));
            Assert.Equal("Dionysios is Διονυσιος", set.Decode(Raw("Dionysios is ", 0x1B, "-F", 0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2), DicomVR.LO));
            Assert.Equal("Dionysios=Διονυσιος", set.Decode(Raw("Dionysios=", 0x1B, "-F", 0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2), DicomVR.PN));
        }

        [Fact]
        public void Backslash_resets_to_value_one_in_multi_valued_VRs_but_not_in_LT()
        {
            var set = Set("ISO 2022 IR 100", "ISO 2022 IR 144");
            var raw = Raw(0x1B, "-L", 0xBB, "\\", 0xBB);
            Assert.Equal("Л\\»", set.Decode(raw, DicomVR.LO));
            Assert.Equal("Л\\Л", set.Decode(raw, DicomVR.LT));
        }

        [Fact]
        public void Control_characters_reset_to_value_one_in_text()
        {
            var set = Set("ISO 2022 IR 100", "ISO 2022 IR 144");
            Assert.Equal("Л\r\n»", set.Decode(Raw(0x1B, "-L", 0xBB, "\r\n", 0xBB), DicomVR.LT));
            Assert.Equal("Л\t»", set.Decode(Raw(0x1B, "-L", 0xBB, "\t", 0xBB), DicomVR.ST));
            Assert.Equal("Л^»", set.Decode(Raw(0x1B, "-L", 0xBB, "^", 0xBB), DicomVR.PN));
            Assert.Equal("Л^Л", set.Decode(Raw(0x1B, "-L", 0xBB, "^", 0xBB), DicomVR.LO));
        }

        [Fact]
        public void Delimiter_bytes_inside_a_two_byte_JIS_character_are_not_delimiters()
        {
            // JIS X 0208 0x245C = ぼ, 0x245E = ま, 0x243D = そ: their second bytes are '\', '^' and '='.
            var set = Set("", "ISO 2022 IR 87");
            var raw = Raw("A\\", 0x1B, "$B", 0x24, 0x5C, 0x24, 0x5E, 0x24, 0x3D, 0x1B, "(B\\B");
            Assert.Equal("A\\ぼまそ\\B", set.Decode(raw, DicomVR.LO));
            Assert.Equal("A\\ぼまそ\\B", set.Decode(raw, DicomVR.PN));
            Assert.Equal(raw, set.Encode("A\\ぼまそ\\B", DicomVR.LO));
            Assert.Equal(3, set.Decode(raw, DicomVR.LO).Split('\\').Length);
        }

        [Fact]
        public void Backslash_trail_bytes_in_GB18030_and_GBK_are_part_of_the_character()
        {
            // 0x81 0x5C = 乗, 0x95 0x5C = 昞 in GBK and GB18030.
            var raw = Raw("A\\", 0x81, 0x5C, 0x95, 0x5C, "\\B");
            Assert.Equal("A\\乗昞\\B", Set("GB18030").Decode(raw, DicomVR.LO));
            Assert.Equal("A\\乗昞\\B", Set("GBK").Decode(raw, DicomVR.LO));
            Assert.Equal(raw, Set("GB18030").Encode("A\\乗昞\\B", DicomVR.LO));
        }

        [Fact]
        public void Japanese_supplementary_kanji_encode_as_pydicom_encodes_them()
        {
            // pydicom test_japanese_multi_byte_personname: 鷗 is only in JIS X 0212.
            var set = Set("ISO 2022 IR 6", "ISO 2022 IR 87", "ISO 2022 IR 159");
            var expected = Raw("Mori^Ogai=", 0x1B, "$B?9", 0x1B, "(B^", 0x1B, "$(Dl?", 0x1B, "$B30", 0x1B, "(B=", 0x1B, "$B$b$j", 0x1B, "(B^",
                0x1B, "$B$*$&$,$$", 0x1B, "(B");
            Assert.Equal(expected, set.Encode("Mori^Ogai=森^鷗外=もり^おうがい", DicomVR.PN));
            Assert.Equal("Mori^Ogai=森^鷗外=もり^おうがい", set.Decode(expected, DicomVR.PN));
        }

        [Fact]
        public void Japanese_mixed_sets_encode_as_pydicom_encodes_them()
        {
            // pydicom test_japanese_multi_byte_encoding. Katakana is designated again (ESC ) I) although value 1 put it
            // in G1, because after the G0 escape ESC ( J pydicom would read G1 bytes with that fragment's set.
            var set = Set("ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159");
            var expected = Raw(0x1B, "$B$\"", 0x1B, "(Ja", 0x1B, ")I", 0xB1, 0x1B, "$B%\"", 0x1B, "$(DmN", 0x1B, "(J");
            Assert.Equal(expected, set.Encode("あaｱア齩", DicomVR.LO));
            Assert.Equal("あaｱア齩", set.Decode(expected, DicomVR.LO));
        }

        [Fact]
        public void A_G1_escape_after_kanji_returns_G0_to_the_initial_set_as_pydicom_writes_it()
        {
            // pydicom's encoding of the LO "涌叩ﾃ\謔袵垰宗蜊ど": the backslash follows katakana with G0 still on JIS X 0208.
            var raw = Raw(0x1B, "$BM0C!", 0x1B, ")I", 0xC3, "\\", 0x1B, "$BkbjTT;=!im$I", 0x1B, "(J");
            Assert.Equal("涌叩ﾃ\\謔袵垰宗蜊ど", Set("ISO 2022 IR 13", "ISO 2022 IR 87").Decode(raw, DicomVR.LO));
        }

        [Fact]
        public void G1_is_designated_again_where_readers_could_disagree()
        {
            // After '\' PS3.5 makes value 1's G1 (Latin-1) active again, pydicom's text path keeps Cyrillic: ESC - A
            // makes both read 'é'.
            var latinCyrillic = Set("ISO 2022 IR 100", "ISO 2022 IR 144");
            Assert.Equal(Raw(0x1B, "-L", 0xBB, "\\", 0x1B, "-A", 0xE9), latinCyrillic.Encode("Л\\é", DicomVR.LO));
            Assert.Equal(Raw(0xE9, "\\", 0xE9), latinCyrillic.Encode("é\\é", DicomVR.LO));

            // A G1 byte right after two-byte G0 code: G0 goes back to ASCII first, and G1 is named again. (ж would
            // stay in JIS X 0208, which has the Russian alphabet; the Ukrainian ї is only in ISO-IR 144.)
            var jisCyrillic = Set("ISO 2022 IR 144", "ISO 2022 IR 87");
            Assert.Equal(Raw(0x1B, "$B;3'X", 0x1B, "(B", 0x1B, "-L", 0xF7), jisCyrillic.Encode("山жї", DicomVR.LO));
            Assert.Equal("山жї", jisCyrillic.Decode(jisCyrillic.Encode("山жї", DicomVR.LO), DicomVR.LO));
        }

        [Fact]
        public void Encoder_returns_to_the_initial_G0_before_each_delimiter_and_at_the_end()
        {
            var set = Set("", "ISO 2022 IR 87");
            Assert.Equal(Raw(0x1B, "$B;3ED", 0x1B, "(B\\", 0x1B, "$BB@O:", 0x1B, "(B"), set.Encode("山田\\太郎", DicomVR.LO));
            Assert.Equal(Raw(0x1B, "$B;3ED", 0x1B, "(B\r\n", 0x1B, "$BB@O:", 0x1B, "(B"), set.Encode("山田\r\n太郎", DicomVR.LT));
            Assert.Equal(Raw(0x1B, "$B;3ED", 0x1B, "(Bx"), set.Encode("山田x", DicomVR.LO));
        }

        public static TheoryData<string[], string, string> RoundTrips => new TheoryData<string[], string, string>
        {
            { new[] { "ISO_IR 100" }, "PN", "Buc^Jérôme" },
            { new[] { "ISO_IR 101" }, "LO", "Wałęsa Łódź" },
            { new[] { "ISO_IR 109" }, "LO", "antaŭnomo Ĉeĥio" },
            { new[] { "ISO_IR 110" }, "LO", "vārds Ģirts" },
            { new[] { "ISO_IR 126" }, "PN", "Διονυσιος" },
            { new[] { "ISO_IR 127" }, "PN", "قباني^لنزار" },
            { new[] { "ISO_IR 138" }, "PN", "שרון^דבורה" },
            { new[] { "ISO_IR 144" }, "PN", "Люкceмбypг" },
            { new[] { "ISO_IR 148" }, "LO", "Çavuşoğlu İzmir" },
            { new[] { "ISO_IR 166" }, "LO", "นามสกุล" },
            { new[] { "ISO_IR 203" }, "LO", "Œuvre à 5€, Šárka Žižková" },
            { new[] { "ISO_IR 13" }, "PN", "ﾔﾏﾀﾞ^ﾀﾛｳ" },
            { new[] { "ISO 2022 IR 100" }, "LO", "Buc^Jérôme" },
            { new[] { "", "ISO 2022 IR 144" }, "PN", "Ivanov^Ivan=Иванов^Иван" },
            { new[] { "ISO 2022 IR 100", "ISO 2022 IR 144", "ISO 2022 IR 126" }, "LO", "Jérôme Люкceмбypг Διονυσιος é\\Л\\Δ" },
            { new[] { "ISO 2022 IR 100", "ISO 2022 IR 166" }, "LT", "Zoë นามสกุล\r\nà ล" },
            { new[] { "", "ISO 2022 IR 87" }, "PN", "Yamada^Tarou=山田^太郎=やまだ^たろう" },
            { new[] { "", "ISO 2022 IR 87" }, "LT", "胸部 X 線\r\n所見なし。" },
            { new[] { "ISO 2022 IR 13", "ISO 2022 IR 87" }, "PN", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう" },
            { new[] { "", "ISO 2022 IR 87", "ISO 2022 IR 159" }, "PN", "Mori^Ogai=森^鷗外=もり^おうがい" },
            { new[] { "", "ISO 2022 IR 149" }, "PN", "Hong^Gildong=洪^吉洞=홍^길동" },
            { new[] { "", "ISO 2022 IR 149" }, "LO", "흉부 PA\\김희중" },
            { new[] { "", "ISO 2022 IR 58" }, "PN", "Wang^XiaoDong=王^小东=" },
            { new[] { "ISO_IR 192" }, "PN", "Wang^XiaoDong=王^小東=" },
            { new[] { "ISO_IR 192" }, "LT", "Ünïcödé 😀 𠀋 한국어 日本語\r\n" },
            { new[] { "GB18030" }, "PN", "Wang^XiaoDong=王^小东=" },
            { new[] { "GB18030" }, "LT", "王小东 😀 𠀋 é ₯" },
            { new[] { "GBK" }, "LO", "王小东\\乗昞" },
        };

        [Theory]
        [MemberData(nameof(RoundTrips))]
        public void Encode_then_decode_gives_the_text_back(string[] terms, string vr, string text)
        {
            var set = Set(terms);
            var dicomVr = DicomVR.Parse(vr);
            Assert.True(set.CanEncode(text, dicomVr));
            Assert.Equal(text, set.Decode(set.Encode(text, dicomVr), dicomVr));
        }

        [Fact]
        public void Round_trip_of_every_character_of_every_set()
        {
            // Decode every byte (single-byte sets) or every two-byte cell, then encode what came out: each character
            // that a set reads must be written back to the same bytes.
            foreach (var term in new[] { "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 126", "ISO_IR 127", "ISO_IR 138", "ISO_IR 144", "ISO_IR 148", "ISO_IR 166", "ISO_IR 203", "ISO_IR 13" })
            {
                var set = Set(term);
                for (int b = 0xA0; b < 0x100; b++)
                {
                    string s = set.Decode(new[] { (byte)b }, DicomVR.LO);
                    if (s == "\uFFFD") continue;
                    Assert.Equal(new[] { (byte)b }, set.Encode(s, DicomVR.LO));
                }
            }

            foreach (var (term, escape) in new[] { ("ISO 2022 IR 87", "$B"), ("ISO 2022 IR 159", "$(D"), ("ISO 2022 IR 149", "$)C"), ("ISO 2022 IR 58", "$)A") })
            {
                var set = Set("", term);
                bool g1 = escape[1] == ')';
                int cells = 0;
                for (int row = 0x21; row < 0x7F; row++)
                {
                    for (int cell = 0x21; cell < 0x7F; cell++)
                    {
                        int r = g1 ? row | 0x80 : row, c = g1 ? cell | 0x80 : cell;
                        var raw = g1 ? Raw(0x1B, escape, r, c) : Raw(0x1B, escape, r, c, 0x1B, "(B");
                        string s = set.Decode(raw, DicomVR.LO);
                        Assert.Equal(1, s.Length);
                        // ASCII (JIS X 0212's tilde) is written in G0 ASCII; NEC row 13 is read but not written.
                        if (s == "\uFFFD" || s[0] < 0x80 || (term == "ISO 2022 IR 87" && row == 0x2D)) continue;
                        Assert.Equal(raw, set.Encode(s, DicomVR.LO));
                        cells++;
                    }
                }

                // As many as pydicom's codecs read: JIS X 0208 6879; JIS X 0212 6067 less the tilde; KS X 1001 8225 and
                // the Hangul filler (0xA4D4), which Python's euc_kr reads only inside a composed sequence; GB 2312 7445.
                int expected = term == "ISO 2022 IR 87" ? 6879 : term == "ISO 2022 IR 159" ? 6066 : term == "ISO 2022 IR 149" ? 8226 : 7445;
                Assert.Equal(expected, cells);
            }
        }

        [Fact]
        public void Characters_outside_the_set_cannot_be_encoded()
        {
            var latin1 = Set("ISO_IR 100");
            Assert.False(latin1.CanEncode("Wang 中"));
            var e = Assert.Throws<ArgumentException>(() => latin1.Encode("Wang 中", DicomVR.PN));
            Assert.Contains("'中' (U+4E2D) at index 5", e.Message);
            Assert.Contains("ISO_IR 100", e.Message);
            Assert.Equal("text", e.ParamName);

            Assert.False(DicomCharacterSet.Default.CanEncode("é"));
            Assert.False(Set("", "ISO 2022 IR 87").CanEncode("é"));
            Assert.False(Set("", "ISO 2022 IR 87").CanEncode("한"));
            Assert.False(Set("GBK").CanEncode("😀"));
            Assert.Contains("U+1F600", Assert.Throws<ArgumentException>(() => Set("ISO_IR 100").Encode("a😀", DicomVR.LO)).Message);
            Assert.False(Set("ISO_IR 192").CanEncode("a\uD800b"));
            Assert.False(Set("", "ISO 2022 IR 100").CanEncode("a\u001Bb"));
        }

        [Theory]
        [InlineData(new[] { "", "ISO 2022 IR 87" }, "山田^太郎", false)]
        [InlineData(new[] { "", "ISO 2022 IR 87" }, "Yamada^Tarou=山田^太郎", true)]
        [InlineData(new[] { "", "ISO 2022 IR 87" }, "Yamada=山田\\山田^太郎", false)]
        [InlineData(new[] { "", "ISO 2022 IR 87" }, "Yamada=山田\\Yamada=山田", true)]
        [InlineData(new[] { "", "ISO 2022 IR 149" }, "Иванов", false)]
        [InlineData(new[] { "", "ISO 2022 IR 149" }, "Ivanov==Иванов", true)]
        [InlineData(new[] { "", "ISO 2022 IR 144" }, "Иванов^Иван", false)]
        [InlineData(new[] { "ISO 2022 IR 144" }, "Иванов^Иван", true)]
        [InlineData(new[] { "ISO 2022 IR 100", "ISO 2022 IR 144" }, "Müller^José=Иванов", true)]
        [InlineData(new[] { "ISO 2022 IR 100", "ISO 2022 IR 144" }, "Иванов", false)]
        [InlineData(new[] { "ISO 2022 IR 13", "ISO 2022 IR 87" }, "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎", true)]
        public void A_person_names_first_component_group_takes_no_escape_sequence(string[] terms, string name, bool encodable)
        {
            // PS3.5 §6.2.1: the alphabetic group holds the initial sets only; dcmtk warns on an escape sequence there (codec QA
            // G5: 'Иванов' into an ISO 2022 IR 149 file, Kanji into the alphabetic group of an IR 87 one).
            var set = Set(terms);
            Assert.Equal(encodable, set.CanEncode(name, DicomVR.PN));
            if (encodable) Assert.Equal(name, set.Decode(set.Encode(name, DicomVR.PN), DicomVR.PN));
            else Assert.Throws<ArgumentException>(() => set.Encode(name, DicomVR.PN));

            // Other VRs have no component groups.
            Assert.True(set.CanEncode(name, DicomVR.LO));
        }

        [Fact]
        public void NEC_row_13_is_read_but_not_written()
        {
            var set = Set("", "ISO 2022 IR 87");
            Assert.Equal("①", set.Decode(Raw(0x1B, "$B-!", 0x1B, "(B"), DicomVR.LO));
            Assert.False(set.CanEncode("①"));
        }

        [Fact]
        public void VRs_outside_the_character_set_are_ASCII_with_Latin1_fallback()
        {
            var cyrillic = Set("ISO_IR 144");
            Assert.Equal("ABC\u00E9", cyrillic.Decode(Raw("ABC", 0xE9), DicomVR.CS));
            Assert.Equal("щ", cyrillic.Decode(Raw(0xE9), DicomVR.LO));
            Assert.Equal(Raw("ORIGINAL\\PRIMARY"), cyrillic.Encode("ORIGINAL\\PRIMARY", DicomVR.CS));
            var e = Assert.Throws<ArgumentException>(() => cyrillic.Encode("Ж", DicomVR.CS));
            Assert.Contains("default repertoire of VR CS", e.Message);
            Assert.True(cyrillic.CanEncode("Ж"));
            Assert.False(cyrillic.CanEncode("Ж", DicomVR.CS));
        }

        [Fact]
        public void Default_reads_bytes_above_0x7F_as_Latin1_and_writes_ASCII_only()
        {
            var set = DicomCharacterSet.Default;
            Assert.Empty(set.Terms);
            Assert.Equal("ISO_IR 6", set.ToString());
            Assert.Equal("Buc^Jérôme", set.Decode(Raw("Buc^J", 0xE9, "r", 0xF4, "me"), DicomVR.PN));
            Assert.Equal(Raw("Doe^John"), set.Encode("Doe^John", DicomVR.PN));
            Assert.Throws<ArgumentException>(() => set.Encode("Jérôme", DicomVR.PN));
            Assert.Same(set, DicomCharacterSet.FromTerms(Array.Empty<string>(), out _));
            Assert.Same(set, Set(""));
            Assert.Same(set, Set("ISO_IR 6"));
            Assert.Same(set, Set("ISO_IR 6 "));
        }

        [Fact]
        public void Bad_bytes_become_replacement_characters()
        {
            // pydicom test_bad_encoded_single_encoding.
            Assert.Equal(new string('\uFFFD', 9), Set("ISO_IR 192").Decode(Raw(0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2), DicomVR.PN));
            Assert.Equal("A\uFFFD", Set("", "ISO 2022 IR 87").Decode(Raw("A", 0x1B, "$B", 0x24), DicomVR.LO));
            Assert.Equal("\uFFFDA", Set("", "ISO 2022 IR 149").Decode(Raw(0x1B, "$)C", 0xB1, "A"), DicomVR.LO));
            Assert.Equal("\uFFFD", Set("ISO_IR 127").Decode(Raw(0xA1), DicomVR.LO));
        }

        [Fact]
        public void Unknown_or_undeclared_escape_sequences_stay_in_the_text()
        {
            // pydicom test_unknown_escape_sequence: ESC - F (Greek) is not declared by ISO_IR 100.
            var raw = Raw(0x1B, "-F", 0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2);
            Assert.Equal("\u001B-FÄéïíõóéïò", Set("ISO_IR 100").Decode(raw, DicomVR.PN));
            Assert.Equal("\u001B-FÄéïíõóéïò", Set("ISO 2022 IR 100").Decode(raw, DicomVR.PN));
            Assert.Equal("a\u001B$Zb", Set("", "ISO 2022 IR 87").Decode(Raw("a", 0x1B, "$Zb"), DicomVR.LO));
        }

        [Fact]
        public void Unknown_terms_warn_and_fall_back()
        {
            var set = DicomCharacterSet.FromTerms(new[] { "UNSUPPORTED" }, out var warnings);
            Assert.Same(DicomCharacterSet.Default, set);
            Assert.Equal("Unknown Specific Character Set 'UNSUPPORTED' - using the default repertoire (ISO_IR 6) instead", Assert.Single(warnings));

            set = DicomCharacterSet.FromTerms(new[] { "ISO 2022 IR 100", "ISO 2022 IR 146" }, out warnings);
            Assert.Equal(new[] { "ISO 2022 IR 100" }, set.Terms);
            Assert.Contains("'ISO 2022 IR 146' - ignoring it", Assert.Single(warnings));
            Assert.Equal("é", set.Decode(Raw(0xE9), DicomVR.LO));

            // The warnings come with every call, also when the set comes from the cache.
            DicomCharacterSet.FromTerms(new[] { "UNSUPPORTED" }, out warnings);
            Assert.Single(warnings);
        }

        [Fact]
        public void Misspelt_terms_are_corrected_with_a_warning()
        {
            var set = DicomCharacterSet.FromTerms(new[] { "ISO IR 192" }, out var warnings);
            Assert.True(set.IsUtf8);
            Assert.Equal("Incorrect value for Specific Character Set 'ISO IR 192' - assuming 'ISO_IR 192'", Assert.Single(warnings));

            set = DicomCharacterSet.FromTerms(new[] { "ISO_IR 100", "ISO-IR 144" }, out warnings);
            Assert.Equal(new[] { "ISO_IR 100", "ISO_IR 144" }, set.Terms);
            Assert.Single(warnings);

            set = DicomCharacterSet.FromTerms(new[] { "ISO 2022 IR 100", "ISO_2022_IR+126" }, out warnings);
            Assert.Equal("Dionysios=Διονυσιος", set.Decode(Raw("Dionysios=", 0x1B, "-F", 0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2), DicomVR.PN));
            Assert.Contains("assuming 'ISO 2022 IR 126'", Assert.Single(warnings));

            DicomCharacterSet.FromTerms(new[] { "ISOIR 192" }, out warnings);
            Assert.Contains("Unknown Specific Character Set 'ISOIR 192'", Assert.Single(warnings));

            set = DicomCharacterSet.FromTerms(new[] { "iso_ir 100" }, out warnings);
            Assert.Equal(new[] { "ISO_IR 100" }, set.Terms);
            Assert.Single(warnings);
        }

        [Fact]
        public void Stand_alone_encodings_take_no_code_extensions()
        {
            var set = DicomCharacterSet.FromTerms(new[] { "ISO_IR 192", "ISO 2022 IR 100", "ISO 2022 IR 144" }, out var warnings);
            Assert.Equal("Value 'ISO_IR 192' for Specific Character Set does not allow code extensions, ignoring: ISO 2022 IR 100, ISO 2022 IR 144", Assert.Single(warnings));
            Assert.Equal("Buc^Jérôme", set.Decode(Raw("Buc^J", 0xC3, 0xA9, "r", 0xC3, 0xB4, "me"), DicomVR.PN));

            set = DicomCharacterSet.FromTerms(new[] { "ISO_IR 126", "GBK", "ISO 2022 IR 144", "ISO_IR 192" }, out warnings);
            Assert.Equal(new[] { "ISO_IR 126", "ISO 2022 IR 144" }, set.Terms);
            Assert.Equal(new[] { "Value 'GBK' cannot be used as code extension, ignoring it", "Value 'ISO_IR 192' cannot be used as code extension, ignoring it" }, warnings);
        }

        [Fact]
        public void Instances_are_cached_per_term_list()
        {
            Assert.Same(Set("", "ISO 2022 IR 87"), Set("", "ISO 2022 IR 87"));
            Assert.Same(Set("ISO_IR 100"), DicomCharacterSet.FromTerms(new[] { "ISO IR 100" }, out _));
            Assert.NotSame(Set("ISO_IR 100"), Set("ISO 2022 IR 100"));
            Assert.Same(DicomCharacterSet.Utf8, Set("ISO_IR 192"));
        }

        [Fact]
        public void Properties_describe_the_fast_paths()
        {
            Assert.True(DicomCharacterSet.Default.IsAsciiCompatibleSingleByte);
            Assert.True(Set("ISO_IR 100").IsAsciiCompatibleSingleByte);
            Assert.True(Set("ISO_IR 13").IsAsciiCompatibleSingleByte);
            Assert.False(Set("ISO 2022 IR 100").IsAsciiCompatibleSingleByte);
            Assert.True(Set("ISO 2022 IR 100").UsesCodeExtensions);
            Assert.False(Set("ISO_IR 192").IsAsciiCompatibleSingleByte);
            Assert.True(Set("ISO_IR 192").IsUtf8);
            Assert.False(Set("GB18030").IsUtf8);
            Assert.False(Set("GB18030").UsesCodeExtensions);
            Assert.Equal(@"ISO 2022 IR 13\ISO 2022 IR 87", Set("ISO 2022 IR 13", "ISO 2022 IR 87").ToString());
            Assert.Equal(new[] { "", "ISO 2022 IR 87" }, Set("", "ISO 2022 IR 87").Terms);
            Assert.True(Set("", "ISO 2022 IR 87").HasTwoByteG0);
            Assert.True(Set("ISO 2022 IR 13", "ISO 2022 IR 159").HasTwoByteG0);
            Assert.False(Set("", "ISO 2022 IR 149").HasTwoByteG0);
            Assert.False(Set("ISO_IR 13").HasTwoByteG0);
        }

        [Fact]
        public void Long_values_decode_and_encode()
        {
            string text = string.Concat(Enumerable.Repeat("Yamada=山田^太郎\\", 200));
            var set = Set("", "ISO 2022 IR 87");
            Assert.Equal(text, set.Decode(set.Encode(text, DicomVR.PN), DicomVR.PN));
            var latin = Set("ISO_IR 100");
            string longLatin = string.Concat(Enumerable.Repeat("Jérôme ", 300));
            Assert.Equal(longLatin, latin.Decode(latin.Encode(longLatin, DicomVR.LT), DicomVR.LT));
            string longUtf8 = string.Concat(Enumerable.Repeat("王小東 ", 300));
            Assert.Equal(longUtf8, DicomCharacterSet.Utf8.Decode(Encoding.UTF8.GetBytes(longUtf8), DicomVR.LT));
        }

        [Fact]
        public void Ascii_decoding_allocates_only_the_result()
        {
            var bytes = Encoding.ASCII.GetBytes("ORIGINAL\\PRIMARY\\AXIAL\\CT_SOM5 SPI  ");
            foreach (var set in new[] { DicomCharacterSet.Default, Set("ISO_IR 100"), DicomCharacterSet.Utf8, Set("", "ISO 2022 IR 87"), Set("GB18030") })
            {
                set.Decode(bytes, DicomVR.LO); // warm up
                long before = GC.GetAllocatedBytesForCurrentThread();
                string s = set.Decode(bytes, DicomVR.LO);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(Encoding.ASCII.GetString(bytes), s);
                Assert.True(allocated <= 32 + (2 * bytes.Length), $"{set}: {allocated} bytes for a {bytes.Length}-character string");
            }
        }

        [Fact]
        public void Sets_can_be_used_from_many_threads_at_once()
        {
            var raw = Raw("Hong^Gildong=", 0x1B, "$)C", 0xFB, 0xF3, "^", 0x1B, "$)C", 0xD1, 0xCE, 0xD4, 0xD7);
            var results = new string[64];
            Parallel.For(0, results.Length, i =>
            {
                var set = DicomCharacterSet.FromTerms(new[] { "", "ISO 2022 IR 149" }, out _);
                results[i] = set.Decode(raw, DicomVR.PN) + set.Encode("홍길동", DicomVR.LO).Length;
            });
            Assert.All(results, r => Assert.Equal("Hong^Gildong=洪^吉洞" + 10, r));
        }
    }
}
