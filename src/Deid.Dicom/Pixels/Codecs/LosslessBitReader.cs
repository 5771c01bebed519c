using System;

namespace Deid.Dicom
{
    /// <summary>A canonical Huffman table (T.81 Annex C and F.2.2.3) for lossless difference categories.</summary>
    internal sealed class LosslessHuffmanTable
    {
        private readonly int[] _maxCode = new int[18];
        private readonly int[] _valPtr = new int[17];
        private readonly int[] _minCode = new int[17];
        private readonly byte[] _values;

        public LosslessHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
        {
            _values = values.ToArray();
            int code = 0, k = 0;
            for (int len = 1; len <= 16; len++)
            {
                int count = counts[len - 1];
                _valPtr[len] = k;
                _minCode[len] = code;
                code += count;
                k += count;
                _maxCode[len] = count == 0 ? -1 : code - 1;
                code <<= 1;
            }
            _maxCode[17] = int.MaxValue;
        }

        /// <summary>The symbol of the code of <paramref name="length"/> bits, or -1 when no code of that length matches.</summary>
        public int Lookup(int code, int length) =>
            code <= _maxCode[length] ? _values[_valPtr[length] + code - _minCode[length]] : -1;
    }

    /// <summary>
    /// Reads entropy-coded bits of one scan: drops the zero stuffed after 0xFF, and refuses to read into a marker (a
    /// scan whose data ends before its samples do is corrupt or truncated, never padded with zeros as libjpeg does).
    /// </summary>
    internal ref struct LosslessBitReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _pos;
        private int _bits;
        private int _count;

        public LosslessBitReader(ReadOnlySpan<byte> data, int pos)
        {
            _data = data;
            _pos = pos;
            _bits = 0;
            _count = 0;
        }

        private int ReadBit()
        {
            if (_count == 0)
            {
                if (_pos >= _data.Length) throw new JpegDataException("the scan data ends before its last sample (truncated frame)");
                byte b = _data[_pos];
                if (b == 0xFF)
                {
                    if (_pos + 1 >= _data.Length || _data[_pos + 1] != 0x00)
                        throw new JpegDataException($"a marker at byte {_pos} interrupts the scan data before its last sample");
                    _pos++;
                }
                _pos++;
                _bits = b;
                _count = 8;
            }
            _count--;
            return (_bits >> _count) & 1;
        }

        private int ReadBits(int n)
        {
            int v = 0;
            for (int i = 0; i < n; i++) v = (v << 1) | ReadBit();
            return v;
        }

        /// <summary>Decodes one difference (T.81 H.1.2.2): a category from the table, then that many extra bits.</summary>
        public int ReadDifference(LosslessHuffmanTable table)
        {
            int code = 0;
            int ssss = -1;
            for (int len = 1; len <= 16 && ssss < 0; len++)
            {
                code = (code << 1) | ReadBit();
                ssss = table.Lookup(code, len);
            }
            if (ssss < 0) throw new JpegDataException($"a Huffman code near byte {_pos} is not in the table (corrupt data or table)");
            if (ssss == 0) return 0;
            if (ssss == 16) return 32768;
            if (ssss > 16) throw new JpegDataException($"difference category {ssss} is above 16");
            int v = ReadBits(ssss);
            // Extend (F.2.2.1): values below 2^(ssss-1) are negative.
            return v < (1 << (ssss - 1)) ? v - (1 << ssss) + 1 : v;
        }

        /// <summary>Expects an RSTn marker at the next byte boundary, after the bits left in the current byte.</summary>
        public void ReadRestartMarker()
        {
            _count = 0;
            while (_pos < _data.Length && _data[_pos] == 0xFF && _pos + 1 < _data.Length && _data[_pos + 1] == 0xFF) _pos++;
            if (_pos + 1 >= _data.Length || _data[_pos] != 0xFF || _data[_pos + 1] < 0xD0 || _data[_pos + 1] > 0xD7)
                throw new JpegDataException($"expected a restart marker at byte {_pos}");
            _pos += 2;
        }

        /// <summary>The position of the marker that follows the scan.</summary>
        public int EndOfScan()
        {
            int p = _pos;
            while (p < _data.Length && !(_data[p] == 0xFF && p + 1 < _data.Length && _data[p + 1] != 0x00 && (_data[p + 1] < 0xD0 || _data[p + 1] > 0xD7))) p++;
            if (p >= _data.Length) throw new JpegDataException("no marker follows the scan data (truncated frame)");
            return p;
        }
    }
}
