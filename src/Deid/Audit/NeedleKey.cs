using System;
using System.Runtime.CompilerServices;

namespace Deid.Audit
{
    /// <summary>The rule a needle is matched by: the same bytes under two rules are two needles (<see cref="NeedleSet"/>).</summary>
    internal enum NeedleKind : byte
    {
        Anywhere,
        Word,
        InText,
        Typed,
        Wide,
        Accented,
        AccentedWord,
        Grouped,
    }

    /// <summary>
    /// A needle's identity in a <see cref="NeedleSet"/>: its kind and its folded bytes, compared by content. Keyed so, a set is
    /// built without a string for each pattern (its bytes read as Latin-1, a prefix joined to them), which every form of every
    /// value of every pair audited paid for.
    /// </summary>
    internal readonly struct NeedleKey : IEquatable<NeedleKey>
    {
        private readonly int _hash;

        [MethodImpl(HotPath.Optimized)]
        public NeedleKey(NeedleKind kind, byte[] bytes)
        {
            Kind = kind;
            Bytes = bytes;
            // FNV-1a over the kind and the bytes: patterns are short (a name, a date form, an ID).
            uint h = 2166136261;
            h = (h ^ (byte)kind) * 16777619;
            foreach (byte b in bytes) h = (h ^ b) * 16777619;
            _hash = (int)h;
        }

        public NeedleKind Kind { get; }

        public byte[] Bytes { get; }

        [MethodImpl(HotPath.Optimized)]
        public bool Equals(NeedleKey other) =>
            Kind == other.Kind && (ReferenceEquals(Bytes, other.Bytes) || Bytes.AsSpan().SequenceEqual(other.Bytes));

        public override bool Equals(object? obj) => obj is NeedleKey other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}
