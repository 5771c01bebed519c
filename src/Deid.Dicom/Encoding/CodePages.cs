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
    }
}
