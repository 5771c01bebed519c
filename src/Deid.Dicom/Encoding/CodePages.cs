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
        /// The code page of an encoding named as Python or IANA name it (<c>UTF-8</c>, <c>utf_8</c>, <c>GB2312</c>, <c>latin_1</c>,
        /// <c>cp1252</c>), or 0: pydicom reads a Specific Character Set that is no defined term by Python's codec of that name.
        /// Only encodings that write ASCII as ASCII count (DICOM's delimiters and padding are ASCII bytes): not UTF-16 or UTF-32.
        /// </summary>
        public static int FindByName(string name)
        {
            if (string.IsNullOrEmpty(name) || name.Length > 40) return 0;
            foreach (string candidate in new[] { name, name.Replace('_', '-'), name.Replace("_", string.Empty).Replace("-", string.Empty) })
            {
                System.Text.Encoding encoding;
                try
                {
                    encoding = System.Text.Encoding.GetEncoding(candidate);
                }
                catch (System.ArgumentException)
                {
                    continue;
                }
                const string Probe = "A\\^= 09az";
                byte[] ascii = encoding.GetBytes(Probe);
                if (ascii.Length == Probe.Length && System.Text.Encoding.ASCII.GetString(ascii) == Probe) return encoding.CodePage;
            }
            return 0;
        }
    }
}
