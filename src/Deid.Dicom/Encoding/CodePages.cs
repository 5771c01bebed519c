using System.Text;

namespace Deid.Dicom
{
    /// <summary>
    /// The code pages behind the character sets, with the fallbacks DICOM decoding wants: decoding never throws (bad
    /// bytes become U+FFFD, as pydicom's <c>errors='replace'</c> does), encoding throws so that an unrepresentable
    /// character is reported rather than silently written as '?'.
    /// </summary>
    internal static class CodePages
    {
        // The static constructor runs once, under the runtime's type-initialization lock, before any member is used.
        static CodePages() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        /// <summary>Returns the encoding of a code page with strict encoding and U+FFFD-replacing decoding.</summary>
        public static System.Text.Encoding Get(int codePage) =>
            System.Text.Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback("\uFFFD"));

        /// <summary>
        /// The code page of an encoding named as Python or IANA name it (<c>UTF-8</c>, <c>utf8</c>, <c>GB2312</c>, <c>latin_1</c>,
        /// <c>cp1252</c>, <c>cp932</c>, <c>iso8859_15</c>, <c>mac_roman</c>), or 0: pydicom reads a Specific Character Set that is no
        /// defined term by Python's codec of that name. Only encodings that write ASCII as ASCII, one character at a time, count
        /// (DICOM's delimiters and padding are ASCII bytes): not UTF-16 or UTF-32, and not the 7-bit ones that switch sets with
        /// escape sequences of their own (ISO-2022-JP, HZ, UTF-7), whose text the ASCII reading would keep undecoded.
        /// </summary>
        public static int FindByName(string name)
        {
            if (string.IsNullOrEmpty(name) || name.Length > 40) return 0;
            string bare = name.Replace("_", string.Empty).Replace("-", string.Empty).Replace(" ", string.Empty).ToLowerInvariant();
            int codePage = PythonAlias(bare);
            if (codePage != 0) return Usable(codePage) ? codePage : 0;
            foreach (string candidate in new[] { name, name.Replace('_', '-'), bare })
            {
                try
                {
                    codePage = System.Text.Encoding.GetEncoding(candidate).CodePage;
                }
                catch (System.Exception e) when (e is System.ArgumentException || e is System.NotSupportedException)
                {
                    // NotSupportedException: an encoding the runtime names but refuses (UTF-7 on .NET 5 and later).
                    continue;
                }
                return Usable(codePage) ? codePage : 0;
            }
            return 0;
        }

        // Python's spellings .NET does not know, and the strict GB 2312 its "gb2312" widens to GBK (charset QA round 2, F4, F5).
        private static int PythonAlias(string bare)
        {
            if (bare == "utf8" || bare == "u8" || bare == "utf8sig" || bare == "utf") return 65001;
            if (bare == "gb2312" || bare == "euccn" || bare == "eucgb2312cn") return 20936;
            if (bare == "macroman" || bare == "macintosh") return 10000;
            if (bare.StartsWith("cp", System.StringComparison.Ordinal) && int.TryParse(bare.Substring(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int cp)) return cp;
            if (bare.StartsWith("iso8859", System.StringComparison.Ordinal) && int.TryParse(bare.Substring(7), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int part))
                return part switch { 1 => 28591, 2 => 28592, 3 => 28593, 4 => 28594, 5 => 28595, 6 => 28596, 7 => 28597, 8 => 28598, 9 => 28599, 13 => 28603, 15 => 28605, _ => 0 };
            return 0;
        }

        private static bool Usable(int codePage)
        {
            if ((codePage >= 50220 && codePage <= 50229) || codePage == 52936 || codePage == 65000) return false;
            System.Text.Encoding encoding;
            try
            {
                encoding = System.Text.Encoding.GetEncoding(codePage);
            }
            catch (System.Exception e) when (e is System.ArgumentException || e is System.NotSupportedException)
            {
                return false;
            }
            const string Probe = "A\\^= 09az";
            byte[] ascii = encoding.GetBytes(Probe);
            return ascii.Length == Probe.Length && System.Text.Encoding.ASCII.GetString(ascii) == Probe;
        }
    }
}
