namespace Deid
{
    /// <summary>
    /// Text measured and cut by characters, not UTF-16 code units: a character beyond the Basic Multilingual Plane (an emoji, a
    /// rare kanji such as 𠮷) is two units, and half of one cannot be encoded or written into a file name.
    /// </summary>
    internal static class Characters
    {
        /// <summary>How many characters <paramref name="text"/> holds, a surrogate pair counted once.</summary>
        public static int Count(string text)
        {
            int n = text.Length;
            foreach (char c in text)
            {
                if (char.IsLowSurrogate(c)) n--;
            }
            return n;
        }

        /// <summary>
        /// <paramref name="text"/> cut to at most <paramref name="maxLength"/> code units, never between the halves of a
        /// surrogate pair (one unit fewer then); unchanged when it is no longer.
        /// </summary>
        public static string Cut(string text, int maxLength)
        {
            if (text.Length <= maxLength) return text;
            int cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
            return text.Substring(0, cut);
        }
    }
}
