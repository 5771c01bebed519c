using System;
using System.Collections.Generic;
using System.IO;

namespace Deid.Crosswalk
{
    /// <summary>
    /// A file's new values disagree with the crosswalk: an original it changed is mapped otherwise there (by the crosswalk file
    /// the run appends to, another key or recipe, or by another file of the run). The file is not written, so every output stays
    /// re-identifiable through the crosswalk; the batch goes on.
    /// </summary>
    public sealed class CrosswalkConflictException : IOException
    {
        /// <summary>At most this many conflicts are quoted in the message; all are in <see cref="Conflicts"/>.</summary>
        public const int QuotedConflicts = 3;

        /// <summary>Creates the exception for <paramref name="sourcePath"/> with its <paramref name="conflicts"/> (messages).</summary>
        public CrosswalkConflictException(string sourcePath, IReadOnlyList<string> conflicts)
            : this(sourcePath, conflicts, withinRun: false)
        {
        }

        /// <summary>
        /// Creates the exception for <paramref name="sourcePath"/> with its <paramref name="conflicts"/> (messages);
        /// <paramref name="withinRun"/> when each is with an earlier file of the same run, not with the crosswalk file.
        /// </summary>
        public CrosswalkConflictException(string sourcePath, IReadOnlyList<string> conflicts, bool withinRun)
            : base(Describe(sourcePath, conflicts, withinRun))
        {
            SourcePath = sourcePath;
            Conflicts = conflicts;
            WithinRun = withinRun;
        }

        /// <summary>
        /// True when every conflict is with an earlier file of this run (two rows or inputs giving one original two values),
        /// none with the crosswalk file: another key or recipe is then no cause, and another crosswalk no cure.
        /// </summary>
        public bool WithinRun { get; }

        /// <summary>The input that was not written.</summary>
        public string SourcePath { get; }

        /// <summary>Each original mapped two ways, as a sentence naming its attribute and both mappings (never the original).</summary>
        public IReadOnlyList<string> Conflicts { get; }

        /// <summary>A message quoting the first few <paramref name="conflicts"/> and counting the rest.</summary>
        public static string Quote(IReadOnlyList<string> conflicts)
        {
            if (conflicts == null) throw new ArgumentNullException(nameof(conflicts));
            int shown = Math.Min(conflicts.Count, QuotedConflicts);
            var parts = new List<string>(shown + 1);
            for (int i = 0; i < shown; i++) parts.Add(conflicts[i]);
            if (conflicts.Count > shown) parts.Add($"({conflicts.Count - shown} more.)");
            return string.Join(" ", parts);
        }

        private static string Describe(string sourcePath, IReadOnlyList<string> conflicts, bool withinRun) => withinRun
            ? $"'{sourcePath}' was not written: it gives {conflicts.Count} of its originals other new values than an earlier file of this run gave them (two rows or inputs of this run disagree), so one original would lead to two values. " + Quote(conflicts)
            : $"'{sourcePath}' was not written: the crosswalk maps {conflicts.Count} of its originals to other values than this run gives them (another key or recipe?), so the copy could not be traced back through it. " + Quote(conflicts);
    }
}
