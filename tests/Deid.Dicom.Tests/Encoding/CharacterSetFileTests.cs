using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Deid.Dicom.Tests
{
    /// <summary>
    /// Reads Specific Character Set and Patient's Name straight from pydicom's charset test files with a throwaway byte
    /// scanner (the real reader lives elsewhere), to prove the FileInfo.txt bytes and decode what the files hold.
    /// </summary>
    public class CharacterSetFileTests
    {
        // What pydicom's test_charset.py expects for each file's Patient's Name (for chrSQEncoding*, the one in the
        // sequence item), except that Decode keeps the empty trailing component group pydicom's PersonName drops.
        public static TheoryData<string, string> Files => new TheoryData<string, string>
        {
            { "chrArab", "قباني^لنزار" },
            { "chrFren", "Buc^Jérôme" },
            { "chrFrenMulti", "Buc^Jérôme" },
            { "chrGerm", "Äneas^Rüdiger" },
            { "chrGreek", "Διονυσιος" },
            { "chrH31", "Yamada^Tarou=山田^太郎=やまだ^たろう" },
            { "chrH32", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう" },
            { "chrHbrw", "שרון^דבורה" },
            { "chrI2", "Hong^Gildong=洪^吉洞=홍^길동" },
            { "chrJapMulti", "やまだ^たろう" },
            { "chrJapMultiExplicitIR6", "やまだ^たろう" },
            { "chrKoreanMulti", "김희중" },
            { "chrRuss", "Люкceмбypг" },
            { "chrSQEncoding", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう" },
            { "chrSQEncoding1", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう" },
            { "chrX1", "Wang^XiaoDong=王^小東=" },
            { "chrX2", "Wang^XiaoDong=王^小东=" },
        };

        [Theory]
        [MemberData(nameof(Files))]
        public void Patient_name_in_the_file_decodes_as_pydicom_decodes_it(string file, string expected)
        {
            var bytes = File.ReadAllBytes(Path.Combine(CharsetFiles, file + ".dcm"));
            int name = FindElement(bytes, 0x10, 0x10, "PN", 0, bytes.Length);
            Assert.True(name >= 0, "no (0010,0010)");
            int charset = LastElementBefore(bytes, 0x08, 0x05, "CS", name);
            Assert.True(charset >= 0, "no (0008,0005)");

            var terms = Encoding.ASCII.GetString(Value(bytes, charset, "CS")).Split('\\');
            var set = DicomCharacterSet.FromTerms(terms, out var warnings);
            Assert.Empty(warnings);
            Assert.Equal(expected, set.Decode(TrimPadding(Value(bytes, name, "PN")), DicomVR.PN));
        }

        [Theory]
        [MemberData(nameof(CharacterSetTests.FileInfoNames), MemberType = typeof(CharacterSetTests))]
        public void FileInfo_bytes_are_the_bytes_in_the_file(string file, string[] terms, byte[] raw, string expected)
        {
            var bytes = File.ReadAllBytes(Path.Combine(CharsetFiles, file + ".dcm"));
            int name = FindElement(bytes, 0x10, 0x10, "PN", 0, bytes.Length);
            int charset = LastElementBefore(bytes, 0x08, 0x05, "CS", name);
            Assert.Equal(terms, Encoding.ASCII.GetString(Value(bytes, charset, "CS")).Split('\\').Select(t => t.Trim()).ToArray());
            Assert.Equal(raw, TrimPadding(Value(bytes, name, "PN")));
            Assert.False(string.IsNullOrEmpty(expected));
        }

        private static string CharsetFiles
        {
            get
            {
                // The repository's sibling ../shared holds the test data (see shared/README.md).
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "pydicom", "charset_files");
                    if (File.Exists(Path.Combine(dir.FullName, "Deid.PowerShell.sln")) && Directory.Exists(candidate)) return candidate;
                }

                throw new DirectoryNotFoundException("../shared/data/pydicom/charset_files not found beside the repository");
            }
        }

        // Finds the tag's first header in [from, to): group and element little endian, then either the explicit VR
        // with a 16-bit length or an implicit 32-bit length that fits in the file.
        private static int FindElement(byte[] f, byte group, byte element, string vr, int from, int to)
        {
            for (int p = Math.Max(from, 132); p + 8 <= to; p++)
            {
                if (f[p] == group && f[p + 1] == 0 && f[p + 2] == element && f[p + 3] == 0 && HeaderFits(f, p, vr)) return p;
            }

            return -1;
        }

        private static int LastElementBefore(byte[] f, byte group, byte element, string vr, int before)
        {
            int last = -1;
            for (int p = FindElement(f, group, element, vr, 0, before); p >= 0; p = FindElement(f, group, element, vr, p + 1, before)) last = p;
            return last;
        }

        private static bool IsExplicit(byte[] f, int p, string vr) => f[p + 4] == vr[0] && f[p + 5] == vr[1];

        private static bool HeaderFits(byte[] f, int p, string vr)
        {
            long length = IsExplicit(f, p, vr) ? BitConverter.ToUInt16(f, p + 6) : BitConverter.ToUInt32(f, p + 4);
            return p + 8 + length <= f.Length;
        }

        private static byte[] Value(byte[] f, int p, string vr)
        {
            int length = IsExplicit(f, p, vr) ? BitConverter.ToUInt16(f, p + 6) : (int)BitConverter.ToUInt32(f, p + 4);
            return f.AsSpan(p + 8, length).ToArray();
        }

        private static byte[] TrimPadding(byte[] value)
        {
            int n = value.Length;
            while (n > 0 && (value[n - 1] == (byte)' ' || value[n - 1] == 0)) n--;
            return value.AsSpan(0, n).ToArray();
        }
    }
}
