using System;
using System.Collections.Generic;

namespace Deid.Recipes
{
    /// <summary>
    /// The recipe keyword of each <see cref="HeaderActionKind"/>: the one table the parser, <see cref="HeaderAction"/>, the writer and
    /// Get-DeidAction read, so that a new action is one enum case and one row here.
    /// </summary>
    public static class HeaderActionKeywords
    {
        // In enum order, which is also the order deid's documentation and this project's messages list the actions in.
        private static readonly string[] Words = { "ADD", "BLANK", "JITTER", "KEEP", "REPLACE", "REMOVE" };

        private static readonly HeaderActionKind[] Kinds = (HeaderActionKind[])Enum.GetValues(typeof(HeaderActionKind));

        /// <summary>Every action, in enum order.</summary>
        public static IReadOnlyList<HeaderActionKind> All => Kinds;

        /// <summary>Every keyword in upper case, in enum order.</summary>
        public static IReadOnlyList<string> Keywords => Words;

        /// <summary>The keywords for a message: "ADD, BLANK, JITTER, KEEP, REPLACE or REMOVE".</summary>
        public static string ListWithOr { get; } = string.Join(", ", Words, 0, Words.Length - 1) + " or " + Words[Words.Length - 1];

        /// <summary>The keywords for a message: "ADD, BLANK, JITTER, KEEP, REPLACE, REMOVE".</summary>
        public static string ListWithCommas { get; } = string.Join(", ", Words);

        /// <summary>The upper-case recipe keyword of an action.</summary>
        public static string Keyword(HeaderActionKind action)
        {
            int i = (int)action;
            if (i < 0 || i >= Words.Length) throw new ArgumentOutOfRangeException(nameof(action));
            return Words[i];
        }

        /// <summary>Reads a keyword exactly as a recipe must write it (upper case, nothing around it), as deid 0.4.12 does.</summary>
        public static bool TryParse(string? text, out HeaderActionKind action)
        {
            action = default;
            int i = text is null ? -1 : Array.IndexOf(Words, text);
            if (i < 0) return false;
            action = Kinds[i];
            return true;
        }

        /// <summary>Reads a keyword ignoring case and surrounding whitespace (for cmdlets and code; recipe text needs upper case).</summary>
        public static bool TryParseIgnoreCase(string? text, out HeaderActionKind action) =>
            TryParse(text?.Trim().ToUpperInvariant(), out action);
    }
}
