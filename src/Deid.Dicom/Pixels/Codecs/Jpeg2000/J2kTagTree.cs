using System;

namespace Deid.Dicom
{
    /// <summary>
    /// A tag tree (T.800 B.10.2): a quad-tree of minima over a precinct's code-blocks, in which packet headers code each
    /// code-block's first layer and its zero bit-planes with as few bits as their neighbours allow. Its state carries from one
    /// packet of the precinct to the next.
    /// </summary>
    internal sealed class J2kTagTree
    {
        private readonly int[] _parent;
        private readonly int[] _value;
        private readonly int[] _low;
        private readonly int _leaves;

        /// <summary>A tree over <paramref name="width"/> × <paramref name="height"/> leaves (code-blocks), all values unknown.</summary>
        public J2kTagTree(int width, int height)
        {
            _leaves = width * height;
            // The levels: leaves, then each level halves (rounding up) until one node.
            int nodes = 0;
            int w = width, h = height;
            var widths = new System.Collections.Generic.List<int>();
            var heights = new System.Collections.Generic.List<int>();
            while (true)
            {
                widths.Add(w);
                heights.Add(h);
                nodes += w * h;
                if (w * h <= 1) break;
                w = (w + 1) / 2;
                h = (h + 1) / 2;
            }
            _parent = new int[Math.Max(nodes, 1)];
            _value = new int[_parent.Length];
            _low = new int[_parent.Length];
            int levelStart = 0;
            for (int level = 0; level < widths.Count - 1; level++)
            {
                int lw = widths[level], lh = heights[level];
                int nextStart = levelStart + lw * lh;
                int nw = widths[level + 1];
                for (int y = 0; y < lh; y++)
                {
                    for (int x = 0; x < lw; x++) _parent[levelStart + y * lw + x] = nextStart + (y / 2) * nw + x / 2;
                }
                levelStart = nextStart;
            }
            _parent[_parent.Length - 1] = -1;
            for (int i = 0; i < _value.Length; i++) _value[i] = int.MaxValue;
        }

        /// <summary>
        /// Reads from <paramref name="bits"/> whether leaf <paramref name="leaf"/>'s value is below <paramref name="threshold"/>,
        /// learning as much of it as the bits say.
        /// </summary>
        public bool Decode(ref J2kPacketBits bits, int leaf, int threshold)
        {
            if ((uint)leaf >= (uint)_leaves) throw new ArgumentOutOfRangeException(nameof(leaf));
            Span<int> path = stackalloc int[32];
            int depth = 0;
            for (int node = leaf; node >= 0; node = _parent[node]) path[depth++] = node;
            int low = 0;
            for (int i = depth - 1; i >= 0; i--)
            {
                int node = path[i];
                if (low > _low[node]) _low[node] = low;
                else low = _low[node];
                while (low < threshold && low < _value[node])
                {
                    if (bits.ReadBit() != 0) _value[node] = low;
                    else low++;
                }
                _low[node] = low;
            }
            return _value[leaf] < threshold;
        }

        /// <summary>The leaf's value once <see cref="Decode"/> has found it (int.MaxValue until then).</summary>
        public int Value(int leaf) => _value[leaf];
    }

    /// <summary>
    /// The bits of a packet header (T.800 B.10.1): read most significant first, and after a byte of 0xFF the next byte gives only
    /// seven bits (its first bit is a stuffed 0, so that no marker appears in a header).
    /// </summary>
    internal ref struct J2kPacketBits
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _position;
        private int _buffer;
        private int _count;
        private bool _afterFF;

        public J2kPacketBits(ReadOnlySpan<byte> data, int position)
        {
            _data = data;
            _position = position;
            _buffer = 0;
            _count = 0;
            _afterFF = false;
        }

        /// <summary>Where the next whole byte starts.</summary>
        public int Position => _position;

        public int ReadBit()
        {
            if (_count == 0)
            {
                if (_position >= _data.Length) throw J2kCodestream.Error(_position, "a packet header runs past the tile's data.");
                int b = _data[_position++];
                _count = _afterFF ? 7 : 8;
                _buffer = b;
                _afterFF = b == 0xFF;
            }
            _count--;
            return (_buffer >> _count) & 1;
        }

        public int ReadBits(int n)
        {
            int v = 0;
            for (int i = 0; i < n; i++) v = (v << 1) | ReadBit();
            return v;
        }

        /// <summary>Ends the header: the rest of the current byte is padding, and a last 0xFF is followed by a stuffed byte.</summary>
        public void Align()
        {
            _count = 0;
            if (_afterFF)
            {
                _position++;
                _afterFF = false;
            }
        }
    }
}
