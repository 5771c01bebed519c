using System;

namespace Deid.Hashing
{
    /// <summary>The key a key file holds.</summary>
    public static class KeyText
    {
        /// <summary>
        /// <paramref name="bytes"/> without the line ends (CR, LF) at their end. A key saved by <c>Set-Content</c>, <c>echo</c> or
        /// an editor ends with one — LF on Linux, CR LF on Windows — which the person who typed the key never meant as part of
        /// it: kept, the same key file copied between a Windows and a Linux host (or typed as -Key on one of them) would give
        /// other UIDs and IDs on each, and the shards of one corpus would no longer agree.
        /// </summary>
        public static byte[] WithoutFinalLineEnds(byte[] bytes)
            => TrimLineEnds(bytes ?? throw new ArgumentNullException(nameof(bytes)));

        /// <summary>
        /// The key a key file holds, as the same text typed as -Key gives it (UTF-8): its byte order mark dropped, and text saved
        /// as UTF-16 (what Windows PowerShell 5.1's <c>&gt;</c> and <c>Out-File</c> write, with a mark) read as text and taken
        /// in UTF-8; then without its final line ends (<see cref="WithoutFinalLineEnds"/>). Any other file is taken byte for
        /// byte (a random binary key). Without this, one key saved two ways gave two sets of UIDs and IDs, and shards disagreed.
        /// </summary>
        public static byte[] FromFile(byte[] bytes)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            {
                var text = new byte[bytes.Length - 3];
                Array.Copy(bytes, 3, text, 0, text.Length);
                return TrimLineEnds(text);
            }
            if (bytes.Length >= 2 && bytes.Length % 2 == 0 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            {
                var encoding = bytes[0] == 0xFF
                    ? new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)
                    : new System.Text.UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
                try
                {
                    string text = encoding.GetString(bytes, 2, bytes.Length - 2);
                    return TrimLineEnds(System.Text.Encoding.UTF8.GetBytes(text));
                }
                catch (System.Text.DecoderFallbackException)
                {
                    // Not UTF-16 text after all: a binary key that starts with those two bytes, taken as it is.
                }
            }
            return TrimLineEnds(bytes);
        }

        private static byte[] TrimLineEnds(byte[] bytes)
        {
            int length = bytes.Length;
            while (length > 0 && (bytes[length - 1] == (byte)'\n' || bytes[length - 1] == (byte)'\r')) length--;
            if (length == bytes.Length) return bytes;
            var trimmed = new byte[length];
            Array.Copy(bytes, trimmed, length);
            return trimmed;
        }
    }
}
