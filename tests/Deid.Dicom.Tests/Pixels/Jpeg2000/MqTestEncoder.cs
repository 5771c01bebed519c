using System.Collections.Generic;

namespace Deid.Dicom.Tests.Pixels.Jpeg2000
{
    /// <summary>
    /// The MQ arithmetic encoder of T.800 Annex C.2 (INITENC, ENCODE, BYTEOUT with bit stuffing, FLUSH), written from the
    /// standard's flow charts for tests only: it produces the segments <see cref="J2kMqDecoder"/> must read back.
    /// </summary>
    internal sealed class MqTestEncoder
    {
        // Table C.2, typed again here rather than shared, so that a slip in either copy shows up as a round-trip failure.
        private static readonly int[] Qe =
        {
            0x5601, 0x3401, 0x1801, 0x0AC1, 0x0521, 0x0221, 0x5601, 0x5401, 0x4801, 0x3801, 0x3001, 0x2401, 0x1C01, 0x1601,
            0x5601, 0x5401, 0x5101, 0x4801, 0x3801, 0x3401, 0x3001, 0x2801, 0x2401, 0x2201, 0x1C01, 0x1801, 0x1601, 0x1401,
            0x1201, 0x1101, 0x0AC1, 0x09C1, 0x08A1, 0x0521, 0x0441, 0x02A1, 0x0221, 0x0141, 0x0111, 0x0085, 0x0049, 0x0025,
            0x0015, 0x0009, 0x0005, 0x0001, 0x5601,
        };

        private static readonly int[] Nmps =
        {
            1, 2, 3, 4, 5, 38, 7, 8, 9, 10, 11, 12, 13, 29, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
            32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 45, 46,
        };

        private static readonly int[] Nlps =
        {
            1, 6, 9, 12, 29, 33, 6, 14, 14, 14, 17, 18, 20, 21, 14, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 23, 24, 25, 26, 27,
            28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 46,
        };

        private readonly int[] _index = new int[19];
        private readonly int[] _mps = new int[19];
        private List<byte> _out = new List<byte>();
        private uint _a;
        private uint _c;
        private int _ct;

        /// <summary>The initial states of T.800 Table D.7.</summary>
        public void ResetContexts()
        {
            for (int i = 0; i < _index.Length; i++)
            {
                _index[i] = 0;
                _mps[i] = 0;
            }
            _index[0] = 4;
            _index[17] = 3;
            _index[18] = 46;
        }

        public void SetContext(int cx, int index, int mps)
        {
            _index[cx] = index;
            _mps[cx] = mps;
        }

        /// <summary>INITENC: a new segment; the context states are kept.</summary>
        public void Start()
        {
            // The first element stands for the byte before the segment (BP = BPST - 1), dropped at the end.
            _out = new List<byte> { 0 };
            _a = 0x8000;
            _c = 0;
            _ct = 12;
        }

        public void Encode(int d, int cx)
        {
            int i = _index[cx];
            uint qe = (uint)Qe[i];
            _a -= qe;
            if (d == _mps[cx])
            {
                // CODEMPS
                if ((_a & 0x8000) == 0)
                {
                    if (_a < qe) _a = qe;
                    else _c += qe;
                    _index[cx] = Nmps[i];
                    RenormE();
                }
                else
                {
                    _c += qe;
                }
            }
            else
            {
                // CODELPS
                if (_a < qe) _c += qe;
                else _a = qe;
                if (i == 0 || i == 6 || i == 14) _mps[cx] = 1 - _mps[cx];
                _index[cx] = Nlps[i];
                RenormE();
            }
        }

        /// <summary>FLUSH, then the segment's bytes.</summary>
        public byte[] Flush()
        {
            // SETBITS
            uint tempc = _c + _a;
            _c |= 0xFFFF;
            if (_c >= tempc) _c -= 0x8000;
            _c <<= _ct;
            ByteOut();
            _c <<= _ct;
            ByteOut();
            if (_out[_out.Count - 1] == 0xFF) _out.RemoveAt(_out.Count - 1);
            return _out.GetRange(1, _out.Count - 1).ToArray();
        }

        private void RenormE()
        {
            do
            {
                _a <<= 1;
                _c <<= 1;
                _ct--;
                if (_ct == 0) ByteOut();
            }
            while ((_a & 0x8000) == 0);
        }

        private void ByteOut()
        {
            int last = _out.Count - 1;
            if (_out[last] == 0xFF)
            {
                _out.Add((byte)(_c >> 20));
                _c &= 0xFFFFF;
                _ct = 7;
            }
            else if (_c < 0x8000000)
            {
                _out.Add((byte)(_c >> 19));
                _c &= 0x7FFFF;
                _ct = 8;
            }
            else
            {
                _out[last]++;
                if (_out[last] == 0xFF)
                {
                    _c &= 0x7FFFFFF;
                    _out.Add((byte)(_c >> 20));
                    _c &= 0xFFFFF;
                    _ct = 7;
                }
                else
                {
                    _out.Add((byte)(_c >> 19));
                    _c &= 0x7FFFF;
                    _ct = 8;
                }
            }
        }
    }

    /// <summary>The raw (bypass) bit writer of D.6: MSB first, a 0 bit stuffed after each 0xFF byte.</summary>
    internal sealed class RawTestWriter
    {
        private readonly List<byte> _out = new List<byte>();
        private int _acc;
        private int _ct = 8;

        public void Write(int bit)
        {
            _ct--;
            _acc |= bit << _ct;
            if (_ct == 0)
            {
                _out.Add((byte)_acc);
                _ct = _acc == 0xFF ? 7 : 8;
                _acc = 0;
            }
        }

        public byte[] Flush()
        {
            int full = _out.Count > 0 && _out[_out.Count - 1] == 0xFF ? 7 : 8;
            if (_ct < full) _out.Add((byte)_acc); // pending bits, the rest 0
            // The decoder reads 0xFF past the end of a segment, so a trailing 0xFF need not be sent (and must not be).
            if (_out.Count > 0 && _out[_out.Count - 1] == 0xFF) _out.RemoveAt(_out.Count - 1);
            return _out.ToArray();
        }
    }
}
