namespace Deid
{
    /// <summary>
    /// A file name cut to what file systems take: at most so many UTF-16 code units (NTFS counts those) and so many bytes of
    /// UTF-8 (ext4, XFS, Btrfs and APFS count those), whole characters only. One source file compiled into each assembly that
    /// links src/Shared: the atomic writer cuts its temporary names with it, the output names of a template are cut with it.
    /// </summary>
    internal static class NameCut
    {
        /// <summary>
        /// <paramref name="text"/> cut to at most <paramref name="maxLength"/> code units and at most <paramref name="maxBytes"/>
        /// bytes of UTF-8, whole characters only (a surrogate pair is 4 bytes; a lone surrogate 3, as UTF-8 writes U+FFFD);
        /// unchanged when it fits both.
        /// </summary>
        public static string Cut(string text, int maxLength, int maxBytes)
        {
            // Three bytes a unit at most: most names are known to fit without counting.
            if (text.Length <= maxLength && text.Length * 3 <= maxBytes) return text;
            int bytes = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                int size = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                if (i + (pair ? 2 : 1) > maxLength || bytes + size > maxBytes) return text.Substring(0, i);
                bytes += size;
                if (pair) i++;
            }
            return text;
        }
    }
}
