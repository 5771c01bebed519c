using System;
using System.Runtime.CompilerServices;

namespace Deid.Pixels
{
    /// <summary>
    /// The look for text segments in one JPEG or JPEG-LS frame, fed its bytes in order as a write copies them, rather than
    /// reading the frame again beforehand: the same walk as <see cref="JpegTextStripper"/>'s (marker segments from SOI, each
    /// segment's first payload bytes classified by the same rule, the entropy-coded data searched for the next marker), as a
    /// state machine. It answers only one question, whether the frame is certainly clean: a well-formed codestream that ends
    /// at EOI followed by padding alone, with no segment the walk would remove or cut. Anything else (text, a malformed or
    /// truncated codestream, a frame that ends without EOI) is "not certain", and the caller then runs the walk itself, which
    /// decides and reports exactly as before.
    /// </summary>
    internal sealed class JpegFrameScan
    {
        private enum State
        {
            Start0,
            Start1,
            Marker0,
            Marker1,
            Length0,
            Length1,
            Payload,
            Skip,
            Entropy,
            EntropyFF,
            AfterEoi,
            NotCertain,
        }

        // The payload bytes that tell a segment's kind (JFIF, Adobe, mrfx): as many as the walk looks at.
        private const int ClassifyBytes = 5;

        private readonly bool _jpegLs;
        private readonly byte[] _payload = new byte[ClassifyBytes];
        private State _state;
        private byte _marker;
        private int _segment;
        private int _collected;
        private long _skip;

        /// <summary>A scan of a JPEG (or, with <paramref name="jpegLs"/>, JPEG-LS) frame, at its first byte.</summary>
        public JpegFrameScan(bool jpegLs) => _jpegLs = jpegLs;

        /// <summary>Starts over at the first byte of the next frame.</summary>
        public void Reset() => _state = State.Start0;

        /// <summary>True once the frame has ended, so far as fed, at EOI and padding, with nothing to remove before it.</summary>
        public bool IsCertainlyClean => _state == State.AfterEoi;

        /// <summary>Feeds the frame's next bytes.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Feed(ReadOnlySpan<byte> bytes)
        {
            int i = 0;
            while (i < bytes.Length)
            {
                switch (_state)
                {
                    case State.Entropy:
                        {
                            // Most of a frame: the entropy-coded data, searched a vector at a time for 0xFF.
                            int found = JpegCodestream.IndexOfFF(bytes.Slice(i));
                            if (found < 0) return;
                            i += found + 1;
                            _state = State.EntropyFF;
                            continue;
                        }
                    case State.Skip:
                        {
                            long take = Math.Min(_skip, bytes.Length - i);
                            i += (int)take;
                            _skip -= take;
                            if (_skip == 0) EndSegment();
                            continue;
                        }
                    case State.AfterEoi:
                        // What follows EOI is padding (0x00 or 0xFF) or a place to hide text.
                        for (; i < bytes.Length; i++)
                        {
                            if (!CodestreamEdit.IsPaddingByte(bytes[i]))
                            {
                                _state = State.NotCertain;
                                return;
                            }
                        }
                        return;
                    case State.NotCertain:
                        return;
                }
                Step(bytes[i++]);
            }
        }

        // One byte in the states that look at each byte.
        [MethodImpl(HotPath.Optimized)]
        private void Step(byte b)
        {
            switch (_state)
            {
                case State.Start0:
                    _state = b == 0xFF ? State.Start1 : State.NotCertain;
                    return;
                case State.Start1:
                    _state = b == JpegTextStripper.Soi ? State.Marker0 : State.NotCertain;
                    return;
                case State.Marker0:
                    _state = b == 0xFF ? State.Marker1 : State.NotCertain;
                    return;
                case State.EntropyFF:
                    if (JpegCodestream.IsMarkerAfterFF(b))
                    {
                        _state = State.Marker1;
                        Step(b);
                    }
                    else
                    {
                        _state = State.Entropy;
                    }
                    return;
                case State.Marker1:
                    if (b == 0xFF) return; // fill bytes before a marker (ITU-T T.81 §B.1.1.2)
                    if (b == JpegTextStripper.Eoi)
                    {
                        _state = State.AfterEoi;
                        return;
                    }
                    if (JpegTextStripper.IsStandalone(b))
                    {
                        _state = State.Marker0;
                        return;
                    }
                    _marker = b;
                    _state = State.Length0;
                    return;
                case State.Length0:
                    _segment = b << 8;
                    _state = State.Length1;
                    return;
                case State.Length1:
                    _segment |= b;
                    if (_segment < 2)
                    {
                        _state = State.NotCertain;
                        return;
                    }
                    _collected = 0;
                    _state = State.Payload;
                    if (_segment == 2) Classify();
                    return;
                case State.Payload:
                    _payload[_collected++] = b;
                    if (_collected == Math.Min(_segment - 2, ClassifyBytes)) Classify();
                    return;
            }
        }

        // The segment's kind is known from its first payload bytes: text to remove (or to cut) means not certain; otherwise
        // the rest of the segment is skipped unread, as the walk skips it.
        private void Classify()
        {
            int keep = JpegTextStripper.Keep(_marker, new ReadOnlySpan<byte>(_payload, 0, _collected), _jpegLs);
            if (keep < 0 || keep < _segment - 2)
            {
                _state = State.NotCertain;
                return;
            }
            _skip = _segment - 2 - _collected;
            if (_skip > 0) _state = State.Skip;
            else EndSegment();
        }

        private void EndSegment() => _state = _marker == JpegTextStripper.Sos ? State.Entropy : State.Marker0;
    }
}
