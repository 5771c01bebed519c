using System;
using System.Collections.Generic;

namespace Deid.Recipes
{
    /// <summary>
    /// Recipe files already parsed in this process, each kept with the exact text it was parsed from: a runbook that calls a cmdlet
    /// once per file (<c>foreach ($f in $files) { Invoke-DeidReplace -LiteralPath $f -Recipe dicom ... }</c>) parsed the 900-line
    /// default recipe on every call, 4–20 ms each. An entry is used only when the file's text now is the text it was parsed from
    /// (compared whole, so an edit that keeps the length and the modification time is still seen), with the same parser options;
    /// a recipe that fails to parse is never kept, so its errors are reported every time.
    /// </summary>
    /// <remarks>
    /// The parsed recipe itself is never handed out: <see cref="DeidRecipe"/> is mutable, and what one caller changes in it must not
    /// reach the next. Callers get a <see cref="DeidRecipe.Clone"/>, which shares only the immutable actions and tests — and with them
    /// what those learn once per recipe (the tags an exact field names, an expander's verdict on a tag), which stays true.
    /// </remarks>
    internal sealed class ParsedRecipeCache
    {
        /// <summary>Files kept at most; past this the cache starts again empty (a session rarely uses more than a few recipes).</summary>
        internal const int Capacity = 16;

        private readonly Dictionary<Key, Entry> _entries = new Dictionary<Key, Entry>();

        /// <summary>The cache of this process.</summary>
        public static ParsedRecipeCache Shared { get; } = new ParsedRecipeCache();

        /// <summary>How many times a text was parsed rather than found (for tests).</summary>
        internal int Parses { get; private set; }

        /// <summary>Entries held (for tests: the bound holds).</summary>
        internal int Count
        {
            get
            {
                lock (_entries) return _entries.Count;
            }
        }

        /// <summary>
        /// The result of parsing <paramref name="text"/>, read from <paramref name="path"/> with <paramref name="options"/>: the one
        /// kept when the same file had the same text, otherwise <paramref name="parse"/>'s, kept for next time. Exceptions of
        /// <paramref name="parse"/> pass through and nothing is kept.
        /// </summary>
        public RecipeParseResult GetOrParse(string path, string text, RecipeParserOptions options, Func<RecipeParseResult> parse)
        {
            var key = new Key(path, options.Keywords, options.SkipUnknownActions);
            lock (_entries)
            {
                if (_entries.TryGetValue(key, out var entry) && string.Equals(entry.Text, text, StringComparison.Ordinal)) return entry.Result;
            }
            // Parsed outside the lock: two threads may both parse a new text; either result is the same recipe.
            var result = parse();
            lock (_entries)
            {
                Parses++;
                if (_entries.Count >= Capacity && !_entries.ContainsKey(key)) _entries.Clear();
                _entries[key] = new Entry(text, result);
            }
            return result;
        }

        private readonly struct Key : IEquatable<Key>
        {
            private readonly string _path;
            private readonly object? _keywords;
            private readonly bool _skipUnknown;

            public Key(string path, object? keywords, bool skipUnknown)
            {
                _path = path;
                _keywords = keywords;
                _skipUnknown = skipUnknown;
            }

            // The keyword lookup by reference: the dictionary's is one instance; another is a caller's own and is compared as such.
            public bool Equals(Key other) =>
                string.Equals(_path, other._path, StringComparison.Ordinal) && ReferenceEquals(_keywords, other._keywords) && _skipUnknown == other._skipUnknown;

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_path) ^ (_skipUnknown ? 1 : 0);
        }

        private sealed class Entry
        {
            public Entry(string text, RecipeParseResult result)
            {
                Text = text;
                Result = result;
            }

            public string Text { get; }

            public RecipeParseResult Result { get; }
        }
    }
}
