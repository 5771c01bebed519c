using System;
using System.Collections.Generic;

namespace Deid.Audit
{
    /// <summary>
    /// Follows the ISO 2022 designations (PS3.5 §6.1.2.5) through an output's bytes, for outputs whose character sets use code
    /// extensions: where G0 holds a two-byte set (JIS X 0208 or 0212: byte pairs in 0x21–0x7E that read as ASCII to a byte
    /// search), and which escape sequences change nothing (a set designated again, or one designated and replaced before any
    /// character). The same text can be written with escape sequences in different places (<c>ESC $)C 홍 ESC $)C 길</c>, or
    /// <c>ESC $B 山 ESC (B ESC $B 田</c>); a needle is encoded one way, and is looked for again in the text with those removed.
    /// </summary>
    /// <remarks>
    /// The bytes are followed as they lie, not element by element: that serves every part of an output (a window of a large one,
    /// an inflated dataset, elements after the Pixel Data) at the cost of one pass from one escape sequence to the next. The state
    /// returns to the initial set where the decoder's does (<c>DicomCharacterSet</c>): at a control character (which every
    /// element's tag and length hold, so a value's state ends with it), and in single-byte code at the backslash and the name
    /// delimiters '^' and '='. What is not known (the initial set after a return) is taken as unlike any designation, so an
    /// escape sequence is dropped only when it provably changes nothing: the joined text decodes as the original does.
    /// </remarks>
    internal sealed class Iso2022Scanner
    {
        private const byte Esc = 0x1B;
        private readonly bool _twoByteG0;

        private Iso2022Scanner(bool twoByteG0) => _twoByteG0 = twoByteG0;

        /// <summary>
        /// A scanner for an output declaring <paramref name="sets"/>, or null when none uses code extensions: then the output
        /// holds no escape sequences to follow, and its search costs what it did.
        /// </summary>
        public static Iso2022Scanner? For(IReadOnlyList<Deid.Dicom.DicomCharacterSet> sets)
        {
            bool extensions = false, twoByte = false;
            foreach (var set in sets)
            {
                extensions |= set.UsesCodeExtensions;
                twoByte |= set.HasTwoByteG0;
            }
            return extensions ? new Iso2022Scanner(twoByte) : null;
        }

        /// <summary>
        /// The two-byte runs and joined text of the first <paramref name="count"/> bytes of <paramref name="bytes"/>, read
        /// before they are folded.
        /// </summary>
        public Iso2022Text Scan(byte[] bytes, int count)
        {
            var s = new ReadOnlySpan<byte>(bytes, 0, count);
            int first = s.IndexOf(Esc);
            if (first < 0) return Iso2022Text.None;
            var state = new State(_twoByteG0);
            int at = first, next = 0;
            while (at >= 0)
            {
                // In the initial state nothing happens before the next escape sequence but returns to it: the text it starts
                // reaches back to the last of them, and no further than where the text before it ended (an unknown escape
                // sequence ends text too: without the bound, a value of nothing but ESC bytes would be read back to its start
                // at each of them).
                state.Begin(s, at, next);
                next = state.Follow(s, at);
                if (next >= s.Length) break;
                int rest = s.Slice(next).IndexOf(Esc);
                at = rest < 0 ? -1 : next + rest;
            }
            return state.Result();
        }

        // True for a byte before which the initial set is in effect again, in single-byte code (PS3.5 §6.1.2.5.3).
        private static bool IsReturn(byte b) => (b < 0x20 && b != Esc) || b == '\\' || b == '^' || b == '=';

        // Which register an escape sequence designates, and whether with a two-byte set.
        private enum Register
        {
            Unknown,
            G0,
            G0Double,
            G1,
        }

        private static Register Classify(ReadOnlySpan<byte> s, int at, out int length)
        {
            int p = at + 1;
            while (p < s.Length && p - at <= 3 && s[p] >= 0x20 && s[p] <= 0x2F) p++;
            length = p + 1 - at;
            if (p >= s.Length || s[p] < 0x30 || s[p] > 0x7E || p == at + 1) return Register.Unknown;
            var intermediates = s.Slice(at + 1, p - at - 1);
            byte i0 = intermediates[0];
            if (intermediates.Length == 1)
            {
                if (i0 == '(') return Register.G0;
                if (i0 == ')' || i0 == '-') return Register.G1;
                // ESC $ @, ESC $ A, ESC $ B: a two-byte set to G0, the short form ISO 2022 allows for these three.
                if (i0 == '$' && s[p] >= '@' && s[p] <= 'B') return Register.G0Double;
                return Register.Unknown;
            }
            if (intermediates.Length == 2 && i0 == '$')
            {
                if (intermediates[1] == '(') return Register.G0Double;
                if (intermediates[1] == ')' || intermediates[1] == '-') return Register.G1;
            }
            return Register.Unknown;
        }

        /// <summary>The designation state of the text being followed, and what has been found.</summary>
        private sealed class State
        {
            private readonly bool _twoByteG0;
            private readonly Iso2022Text.Builder _result = new Iso2022Text.Builder();
            private readonly List<(int Start, int Length)> _dropped = new List<(int, int)>();
            // Each register: the escape sequence in effect (-1: the initial set), the one before it, and one that no character
            // has used yet (-1: none), with their lengths.
            private readonly int[] _current = new int[2], _previous = new int[2], _unused = new int[2], _lengths = new int[2], _previousLengths = new int[2];
            private bool _g0Double;
            private int _runStart = -1;
            private int _textStart;

            public State(bool twoByteG0) => _twoByteG0 = twoByteG0;

            public Iso2022Text Result() => _result.Build();

            /// <summary>
            /// Starts text at the escape sequence at <paramref name="at"/>, after the last return to the initial set and not
            /// before <paramref name="floor"/>.
            /// </summary>
            public void Begin(ReadOnlySpan<byte> s, int at, int floor)
            {
                int p = at;
                while (p > floor && !IsReturn(s[p - 1])) p--;
                _textStart = p;
                _dropped.Clear();
                for (int r = 0; r < 2; r++) _current[r] = _previous[r] = _unused[r] = -1;
                _g0Double = false;
            }

            /// <summary>
            /// Follows the text from the escape sequence at <paramref name="at"/> to where the initial set is in effect again;
            /// returns where to look for the next escape sequence.
            /// </summary>
            public int Follow(ReadOnlySpan<byte> s, int at)
            {
                int p = at;
                while (p < s.Length)
                {
                    byte b = s[p];
                    if (b == Esc)
                    {
                        if (!Designate(s, p, out int length))
                        {
                            // An escape sequence the decoder does not know: it reads on in the initial set.
                            End(s, p);
                            return p + 1;
                        }
                        p += length;
                        continue;
                    }
                    if (_g0Double ? b < 0x20 : IsReturn(b))
                    {
                        End(s, p);
                        return p + 1;
                    }
                    // A character: the register it is read from has been used.
                    if (b >= 0x80) _unused[1] = -1;
                    else if (b > 0x20 && b < 0x7F) _unused[0] = -1;
                    p++;
                }
                End(s, s.Length);
                return s.Length;
            }

            // Applies the escape sequence at s[at]; false for one that designates nothing known.
            private bool Designate(ReadOnlySpan<byte> s, int at, out int length)
            {
                var register = Classify(s, at, out length);
                if (register == Register.Unknown) return false;
                int r = register == Register.G1 ? 1 : 0;
                EndRun(at);
                // The decoder returns G0 to the initial set at a G1 designation after kanji (pydicom writes katakana so): such
                // a designation changes G0 even when it repeats G1's set, and is never dropped.
                bool resetsG0 = r == 1 && _g0Double;
                if (_unused[r] >= 0)
                {
                    // Designated and replaced before any character: it changed nothing.
                    _dropped.Add((_unused[r], _lengths[r]));
                    _current[r] = _previous[r];
                    _lengths[r] = _previousLengths[r];
                    _unused[r] = -1;
                    if (r == 0) _g0Double = _current[0] >= 0 && Classify(s, _current[0], out _) == Register.G0Double;
                }
                if (!resetsG0 && _current[r] >= 0 && _lengths[r] == length && s.Slice(_current[r], length).SequenceEqual(s.Slice(at, length)))
                {
                    // The set in effect, designated again.
                    _dropped.Add((at, length));
                }
                else
                {
                    _previous[r] = _current[r];
                    _previousLengths[r] = _lengths[r];
                    _current[r] = at;
                    _lengths[r] = length;
                    _unused[r] = at;
                    if (r == 0) _g0Double = register == Register.G0Double;
                    if (resetsG0)
                    {
                        _current[0] = _previous[0] = _unused[0] = -1;
                        _g0Double = false;
                    }
                }
                if (_g0Double && _twoByteG0) _runStart = at + length;
                return true;
            }

            private void EndRun(int at)
            {
                if (_runStart < 0) return;
                if (at > _runStart) _result.AddRun(_runStart, at);
                _runStart = -1;
            }

            // The text ends before s[end]: the initial set is in effect again.
            private void End(ReadOnlySpan<byte> s, int end)
            {
                EndRun(end);
                if (_dropped.Count > 0) _result.AddJoined(s, _textStart, end, _dropped);
                _dropped.Clear();
                for (int r = 0; r < 2; r++) _current[r] = _previous[r] = _unused[r] = -1;
                _g0Double = false;
            }
        }
    }
}
