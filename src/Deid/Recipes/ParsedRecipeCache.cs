using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Deid.Recipes
{
    /// <summary>
    /// Recipe files already parsed in this process, each kept with the exact bytes it was parsed from: a runbook that calls a cmdlet
    /// once per file (<c>foreach ($f in $files) { Invoke-DeidReplace -LiteralPath $f -Recipe dicom ... }</c>) parsed the 900-line
    /// default recipe on every call, 4–20 ms each. An entry is used only when the file's bytes now are those it was parsed from
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

        private readonly Dictionary<Key, (byte[] Bytes, RecipeParseResult Result)> _entries = new Dictionary<Key, (byte[] Bytes, RecipeParseResult Result)>();

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
        /// The result of parsing the recipe file at <paramref name="path"/> with <paramref name="options"/>: the one kept when the
        /// file's bytes are the ones it was parsed from, otherwise <paramref name="parse"/>'s (given the file's text, read as
        /// <c>File.ReadAllText(path, new UTF8Encoding(false))</c> reads it), kept for next time. Exceptions of
        /// <paramref name="parse"/> and of reading pass through and nothing is kept.
        /// </summary>
        /// <remarks>
        /// The bytes are read into a pooled buffer and compared there: the shipped recipes are 70–105 KB, so their text (twice
        /// that in UTF-16) or a fresh array of their bytes would be a large-object allocation on every call, and those start full
        /// collections (reading the default recipe's text took 0.85 ms a call in a warm pwsh, most of it that).
        /// </remarks>
        public RecipeParseResult GetOrParse(string path, RecipeParserOptions options, Func<string, RecipeParseResult> parse)
        {
            byte[] buffer = ReadPooled(path, out int length);
            try
            {
                return GetOrParse(path, new ReadOnlySpan<byte>(buffer, 0, length), options, parse);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>As <see cref="GetOrParse(string, RecipeParserOptions, Func{string, RecipeParseResult})"/>, for bytes already read.</summary>
        internal RecipeParseResult GetOrParse(string path, ReadOnlySpan<byte> bytes, RecipeParserOptions options, Func<string, RecipeParseResult> parse)
        {
            var key = new Key(path, options.Keywords, options.SkipUnknownActions);
            lock (_entries)
            {
                if (_entries.TryGetValue(key, out var entry) && bytes.SequenceEqual(entry.Bytes)) return entry.Result;
            }
            byte[] copy = bytes.ToArray();
            // Parsed outside the lock: two threads may both parse a new text; either result is the same recipe.
            var result = parse(Decode(copy));
            lock (_entries)
            {
                Parses++;
                if (_entries.Count >= Capacity && !_entries.ContainsKey(key)) _entries.Clear();
                _entries[key] = (copy, result);
            }
            return result;
        }

        /// <summary>The text of <paramref name="bytes"/> as File.ReadAllText with UTF-8 reads it: a byte order mark chooses the encoding.</summary>
        private static string Decode(byte[] bytes)
        {
            using var reader = new StreamReader(new MemoryStream(bytes, writable: false), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        /// <summary>The whole file in a buffer from the shared pool (the caller returns it); reads until the end, whatever the length said.</summary>
        private static byte[] ReadPooled(string path, out int length)
        {
            // Opened as File.ReadAllText opens it (others may read, not write), so a recipe being written is not read half-way.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            long size = stream.Length;
            byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(size + 1, 4096), int.MaxValue - 64));
            length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= int.MaxValue / 2) throw new IOException($"The recipe file '{path}' is too large.");
                        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    int n = stream.Read(buffer, length, buffer.Length - length);
                    if (n == 0) return buffer;
                    length += n;
                }
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
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
    }
}
