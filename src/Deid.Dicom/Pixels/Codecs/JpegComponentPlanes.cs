using System;
using System.Buffers;
using JpegLibrary;

namespace Deid.Dicom
{
    /// <summary>
    /// Receives JpegLibrary's decoded 8×8 blocks and keeps each component at its own (subsampled) resolution.
    /// </summary>
    /// <remarks>
    /// JpegLibrary hands subsampled components over already widened by sample replication. dcmtk's decoder (IJG
    /// libjpeg) instead interpolates ("fancy" upsampling), so replicated chroma would differ from the referee by far
    /// more than IDCT rounding. Keeping only every (maxH/H)-th, (maxV/V)-th sample undoes the replication exactly and
    /// lets <see cref="JpegColor"/> upsample the way libjpeg does.
    /// </remarks>
    /// <remarks>
    /// 8-bit frames keep their samples as bytes, range limited as they arrive (what <see cref="JpegColor"/> does to every sample
    /// before anything else): half the memory of 16-bit planes, which for a 4:4:4 colour frame were twice the decoded frame.
    /// </remarks>
    internal sealed class JpegComponentPlanes : JpegBlockOutputWriter, IDisposable
    {
        private readonly int[] _hShift;
        private readonly int[] _vShift;
        private readonly int[] _rows;

        public JpegComponentPlanes(JpegStreamInfo info)
        {
            int n = info.Components.Count;
            IsEightBit = info.Precision == 8;
            Planes = new short[n][];
            BytePlanes = new byte[n][];
            Widths = new int[n];
            Heights = new int[n];
            Strides = new int[n];
            _hShift = new int[n];
            _vShift = new int[n];
            _rows = new int[n];
            // Planes cover whole MCUs, as the decoder writes whole blocks; the valid samples are the first
            // ceil(Width × H / maxH) columns and ceil(Height × V / maxV) rows (libjpeg's downsampled_width/height).
            int mcuW = 8 * info.MaxH, mcuH = 8 * info.MaxV;
            int paddedW = (info.Width + mcuW - 1) / mcuW * mcuW;
            int paddedH = (info.Height + mcuH - 1) / mcuH * mcuH;
            for (int i = 0; i < n; i++)
            {
                var c = info.Components[i];
                _hShift[i] = Log2(info.MaxH / c.H);
                _vShift[i] = Log2(info.MaxV / c.V);
                Strides[i] = paddedW >> _hShift[i];
                // Pooled: a frame's planes are megabytes, and a batch decodes frame after frame of the same size. A rented
                // array holds another frame's samples (maybe another patient's): cleared, so that blocks a damaged stream
                // never writes come out as zeros, as they would from a new array.
                _rows[i] = paddedH >> _vShift[i];
                if (IsEightBit)
                {
                    BytePlanes[i] = ArrayPool<byte>.Shared.Rent(Strides[i] * _rows[i]);
                    Array.Clear(BytePlanes[i], 0, Strides[i] * _rows[i]);
                }
                else
                {
                    Planes[i] = ArrayPool<short>.Shared.Rent(Strides[i] * _rows[i]);
                    Array.Clear(Planes[i], 0, Strides[i] * _rows[i]);
                }
                Widths[i] = (info.Width * c.H + info.MaxH - 1) / info.MaxH;
                Heights[i] = (info.Height * c.V + info.MaxV - 1) / info.MaxV;
            }
        }

        /// <summary>True when the samples are in <see cref="BytePlanes"/> (precision 8), else in <see cref="Planes"/>.</summary>
        public bool IsEightBit { get; }

        /// <summary>Samples of each component of a frame of more than 8 bits, row after row, <see cref="Strides"/> apart.</summary>
        public short[][] Planes { get; }

        /// <summary>Samples of each component of an 8-bit frame, already limited to 0-255, row after row, <see cref="Strides"/> apart.</summary>
        public byte[][] BytePlanes { get; }

        /// <summary>Copies <paramref name="count"/> samples of <paramref name="component"/> from <paramref name="start"/>, limited to 0-<paramref name="maxValue"/>.</summary>
        public void ReadSamples(int component, int start, int count, int maxValue, int[] output)
        {
            if (IsEightBit)
            {
                var bytes = BytePlanes[component];
                for (int x = 0; x < count; x++) output[x] = bytes[start + x];
                return;
            }
            var src = Planes[component];
            for (int x = 0; x < count; x++)
            {
                int v = src[start + x];
                output[x] = v < 0 ? 0 : v > maxValue ? maxValue : v;
            }
        }

        /// <summary>Valid columns of each component.</summary>
        public int[] Widths { get; }

        /// <summary>Valid rows of each component.</summary>
        public int[] Heights { get; }

        /// <summary>Samples from one row of a plane to the next.</summary>
        public int[] Strides { get; }

        /// <summary>Component index's horizontal shift: log2(maxH / H).</summary>
        public int HorizontalShift(int component) => _hShift[component];

        /// <summary>Component index's vertical shift: log2(maxV / V).</summary>
        public int VerticalShift(int component) => _vShift[component];

        /// <inheritdoc />
        public override void WriteBlock(ref short blockRef, int componentIndex, int x, int y)
        {
            if ((uint)componentIndex >= (uint)Planes.Length) return;
            int hs = _hShift[componentIndex], vs = _vShift[componentIndex];
            int stride = Strides[componentIndex];
            var plane = Planes[componentIndex];
            var bytePlane = BytePlanes[componentIndex];
            int rows = _rows[componentIndex];
            int hMask = (1 << hs) - 1, vMask = (1 << vs) - 1;
            for (int by = 0; by < 8; by++)
            {
                int fy = y + by;
                if ((fy & vMask) != 0) continue;
                int py = fy >> vs;
                if (py >= rows) break;
                int rowStart = py * stride;
                for (int bx = 0; bx < 8; bx++)
                {
                    int fx = x + bx;
                    if ((fx & hMask) != 0) continue;
                    int px = fx >> hs;
                    if (px >= stride) break;
                    short v = System.Runtime.CompilerServices.Unsafe.Add(ref blockRef, by * 8 + bx);
                    if (bytePlane != null) bytePlane[rowStart + px] = (byte)(v < 0 ? 0 : v > 255 ? 255 : v);
                    else plane[rowStart + px] = v;
                }
            }
        }

        /// <summary>Returns the planes to the pool.</summary>
        public void Dispose()
        {
            for (int i = 0; i < Planes.Length; i++)
            {
                if (Planes[i] != null) ArrayPool<short>.Shared.Return(Planes[i]);
                if (BytePlanes[i] != null) ArrayPool<byte>.Shared.Return(BytePlanes[i]);
                Planes[i] = null!;
                BytePlanes[i] = null!;
            }
        }

        private static int Log2(int v)
        {
            int r = 0;
            while ((1 << r) < v) r++;
            return r;
        }
    }
}
