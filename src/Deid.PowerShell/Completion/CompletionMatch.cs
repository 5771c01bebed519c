using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace Deid.PowerShell.Completion
{
    /// <summary>
    /// What the completers of names that are not paths share: reading the word being completed (the quote the user opened, the
    /// text without it), choosing the candidates (those starting with the text first, then those holding it elsewhere, case
    /// ignored; with wildcards in the text, those the pattern matches), and writing a candidate back as PowerShell can read it.
    /// </summary>
    internal readonly struct CompletionMatch
    {
        private readonly WildcardPattern? _pattern;

        private CompletionMatch(string quote, string typed)
        {
            Quote = quote;
            Typed = typed;
            _pattern = WildcardPattern.ContainsWildcardCharacters(typed) ? new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant) : null;
        }

        /// <summary>The quote the user opened (<c>'</c> or <c>"</c>), or empty.</summary>
        public string Quote { get; }

        /// <summary>The text typed so far, without its quotes.</summary>
        public string Typed { get; }

        /// <summary>Reads the word PowerShell passes to a completer.</summary>
        public static CompletionMatch Of(string? wordToComplete)
        {
            string word = wordToComplete ?? string.Empty;
            string quote = word.Length > 0 && (word[0] == '\'' || word[0] == '"') ? word.Substring(0, 1) : string.Empty;
            return new CompletionMatch(quote, word.Trim('\'', '"'));
        }

        /// <summary>
        /// The candidates that start with the typed text (ignoring case), in their order, then those that hold it elsewhere; with
        /// wildcards typed, those the text matches as a pattern (an implied * at its end). At most <paramref name="max"/>.
        /// </summary>
        public List<T> Select<T>(IReadOnlyList<T> candidates, Func<T, string> nameOf, int max)
        {
            var found = new List<T>();
            if (_pattern != null)
            {
                try
                {
                    foreach (var candidate in candidates)
                    {
                        if (found.Count >= max) break;
                        if (_pattern.IsMatch(nameOf(candidate))) found.Add(candidate);
                    }
                }
                catch (WildcardPatternException)
                {
                    // A pattern still being typed ("[a"): nothing matches it yet.
                }
                return found;
            }
            foreach (bool prefix in new[] { true, false })
            {
                foreach (var candidate in candidates)
                {
                    if (found.Count >= max) return found;
                    string name = nameOf(candidate);
                    bool starts = name.StartsWith(Typed, StringComparison.OrdinalIgnoreCase);
                    if (prefix ? starts : !starts && name.IndexOf(Typed, StringComparison.OrdinalIgnoreCase) >= 0) found.Add(candidate);
                }
            }
            return found;
        }

        /// <summary>
        /// The text that replaces the word: <paramref name="value"/> in the quote the user opened, or in single quotes when it
        /// holds what PowerShell would read otherwise (a space, a comma, a bracket, ...). With <paramref name="literal"/> the
        /// wildcard characters are escaped, for a parameter that takes patterns and should find exactly this name.
        /// </summary>
        public string Format(string value, bool literal)
        {
            string text = literal ? WildcardPattern.Escape(value) : value;
            string quote = Quote.Length > 0 ? Quote : NeedsQuotes(text) ? "'" : string.Empty;
            if (quote == "'") return "'" + text.Replace("'", "''") + "'";
            if (quote == "\"") return "\"" + text.Replace("`", "``").Replace("\"", "`\"").Replace("$", "`$") + "\"";
            return text;
        }

        private static bool NeedsQuotes(string text)
        {
            if (text.Length == 0) return true;
            if (text[0] == '-' || text[0] == '@' || text[0] == '#' || text[0] == '<' || text[0] == '>') return true;
            foreach (char c in text)
            {
                if (char.IsWhiteSpace(c) || "'\"`$(){}[],;|&".IndexOf(c) >= 0) return true;
            }
            return false;
        }
    }
}
