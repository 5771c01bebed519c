using System;

namespace Deid.Crosswalk
{
    /// <summary>
    /// One row of a re-identification crosswalk: an original identifier or UID and what the run replaced it with. The file it
    /// goes into is as sensitive as the originals: keep it where the key is kept, never beside the de-identified data.
    /// </summary>
    public sealed class CrosswalkEntry : IEquatable<CrosswalkEntry>
    {
        /// <summary>Creates an entry.</summary>
        public CrosswalkEntry(string field, string original, string replacement)
        {
            Field = field ?? throw new ArgumentNullException(nameof(field));
            Original = original ?? throw new ArgumentNullException(nameof(original));
            Replacement = replacement ?? throw new ArgumentNullException(nameof(replacement));
        }

        /// <summary>The attribute's keyword (for UIDs, the first attribute the value was met in, e.g. StudyInstanceUID).</summary>
        public string Field { get; }

        /// <summary>The original value.</summary>
        public string Original { get; }

        /// <summary>The value in the de-identified output.</summary>
        public string Replacement { get; }

        /// <summary>True when both say the same original maps to the same replacement (the field is only a label).</summary>
        public bool Equals(CrosswalkEntry? other) =>
            other != null && string.Equals(Original, other.Original, StringComparison.Ordinal) && string.Equals(Replacement, other.Replacement, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as CrosswalkEntry);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Original) ^ StringComparer.Ordinal.GetHashCode(Replacement);

        /// <inheritdoc/>
        public override string ToString() => $"{Field}: {Original} -> {Replacement}";
    }
}
