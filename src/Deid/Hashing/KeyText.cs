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
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            int length = bytes.Length;
            while (length > 0 && (bytes[length - 1] == (byte)'\n' || bytes[length - 1] == (byte)'\r')) length--;
            if (length == bytes.Length) return bytes;
            var trimmed = new byte[length];
            Array.Copy(bytes, trimmed, length);
            return trimmed;
        }
    }
}
