using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace Deid.Dicom
{
    /// <summary>Encoding: the reverse of decoding, choosing for each run of text a set the value may switch to.</summary>
    public sealed partial class DicomCharacterSet
    {
        [MethodImpl(HotPath.Optimized)]
        private byte[]? TryEncode(string text, DicomVR vr, out int bad, bool alphabeticGroupRule = true)
        {
            bad = -1;
            if (text.Length == 0) return Array.Empty<byte>();

            bool charsetVr = vr.UsesSpecificCharacterSet;
            bool plain = true;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c >= 0x80 || (c == Esc && _mode == Mode.Iso2022 && charsetVr))
                {
                    plain = false;
                    if (!charsetVr)
                    {
                        bad = i;
                        return null;
                    }

                    break;
                }
            }

            if (plain)
            {
                var ascii = new byte[text.Length];
                for (int i = 0; i < text.Length; i++) ascii[i] = (byte)text[i];
                return ascii;
            }

            switch (_mode)
            {
                case Mode.SingleByte:
                    return EncodeSingleByte(text, out bad);
                case Mode.WholeValue:
                    return EncodeWholeValue(text, out bad);
                default:
                    return EncodeIso2022(text, vr, alphabeticGroupRule, out bad);
            }
        }

        private byte[]? EncodeSingleByte(string text, out int bad)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    bytes[i] = (byte)c;
                }
                else if (_initialG1 != null && _initialG1.TryEncode(c, out ushort code))
                {
                    bytes[i] = (byte)code;
                }
                else
                {
                    bad = i;
                    return null;
                }
            }

            bad = -1;
            return bytes;
        }

        private byte[]? EncodeWholeValue(string text, out int bad)
        {
            bad = -1;
            try
            {
                return _wholeValueEncoding!.GetBytes(text);
            }
            catch (EncoderFallbackException e)
            {
                // The exception's index is relative to the encoder's internal buffer; find the character in the text.
                bad = e.CharUnknown != '\0' ? text.IndexOf(e.CharUnknown) : text.IndexOf(e.CharUnknownHigh);
                if (bad < 0) bad = 0;
                return null;
            }
        }

        private byte[]? EncodeIso2022(string text, DicomVR vr, bool alphabeticGroupRule, out int bad)
        {
            bool personName = vr == DicomVR.PN, multiValued = !vr.IsSingleValuedText;
            var output = new ByteBuilder(text.Length * 2);
            CodeElement g0 = _initialG0;
            CodeElement? g1 = _initialG1;

            // Readers disagree on G1 after a delimiter (PS3.5 resets it, pydicom's text path does not) and after a G0
            // escape (pydicom decodes each escape's fragment with that one set). While that is so, the next G1 character
            // gets its escape sequence even if G1 should already hold its set, and every reader agrees.
            bool g1Unsure = false;

            // PS3.5 §6.2.1: no escape sequence in a person name's first (alphabetic) component group, which holds only the
            // initial sets; dcmtk warns on one. Text that needs one there cannot be held, so the caller writes it in UTF-8.
            int group = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    if (c == Esc)
                    {
                        bad = i;
                        return null;
                    }

                    if (personName)
                    {
                        if (c == '=') group++;
                        else if (c == '\\') group = 0;
                    }

                    bool delimiter = IsDelimiter(c, personName, multiValued);
                    if (g0 != _initialG0 && (delimiter || g0.IsDoubleByte))
                    {
                        // Back to the initial G0 before a delimiter (PS3.5 §6.1.2.5.3), or for ASCII after two-byte code.
                        output.Append(_initialG0.Escape);
                        g0 = _initialG0;
                        g1Unsure = true;
                    }

                    if (delimiter)
                    {
                        // The delimiter itself makes the initial G1 active again; no escape sequence says so.
                        g1Unsure |= g1 != _initialG1;
                        g1 = _initialG1;
                    }

                    output.Append((byte)c);
                    continue;
                }

                CodeElement? target = null;
                bool designate = false;
                ushort code;
                if (g0.IsDoubleByte && g0.TryEncode(c, out code))
                {
                    target = g0;
                }
                else if (g1 != null && g1.TryEncode(c, out code))
                {
                    target = g1;
                    designate = g1Unsure;
                }
                else
                {
                    code = 0;
                    foreach (var element in _writable)
                    {
                        if (element.TryEncode(c, out code))
                        {
                            target = element;
                            designate = true;
                            break;
                        }
                    }

                    if (target == null)
                    {
                        bad = i;
                        return null;
                    }
                }

                if (alphabeticGroupRule && personName && group == 0 && (designate || (!target.IsG0 && g0.IsDoubleByte)))
                {
                    bad = i;
                    return null;
                }

                if (!target.IsG0 && g0.IsDoubleByte)
                {
                    // G1 bytes after two-byte G0 code are valid ISO 2022, but readers that decode an escape's whole
                    // fragment with the G0 set (pydicom via Python's iso2022_jp) reject them.
                    output.Append(_initialG0.Escape);
                    g0 = _initialG0;
                    designate = true;
                }

                if (designate)
                {
                    output.Append(target.Escape);
                    if (target.IsG0)
                    {
                        g0 = target;
                        g1Unsure = true;
                    }
                    else
                    {
                        g1 = target;
                        g1Unsure = false;
                    }
                }

                AppendCode(ref output, target, code);
            }

            if (g0 != _initialG0) output.Append(_initialG0.Escape);
            bad = -1;
            return output.ToArray();
        }

        private static void AppendCode(ref ByteBuilder output, CodeElement element, ushort code)
        {
            switch (element.Kind)
            {
                case CodeElementKind.G1Single:
                    output.Append((byte)code);
                    break;
                case CodeElementKind.G0Double:
                    output.Append((byte)(code >> 8));
                    output.Append((byte)code);
                    break;
                default:
                    output.Append((byte)((code >> 8) | 0x80));
                    output.Append((byte)(code | 0x80));
                    break;
            }
        }

        /// <summary>A growable byte buffer for the encoder's output.</summary>
        private struct ByteBuilder
        {
            private byte[] _buffer;
            private int _length;

            public ByteBuilder(int capacity)
            {
                _buffer = new byte[Math.Max(capacity, 16)];
                _length = 0;
            }

            public void Append(byte b)
            {
                if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
                _buffer[_length++] = b;
            }

            public void Append(byte[] bytes)
            {
                foreach (byte b in bytes) Append(b);
            }

            public byte[] ToArray()
            {
                var result = new byte[_length];
                Buffer.BlockCopy(_buffer, 0, result, 0, _length);
                return result;
            }
        }
    }
}
