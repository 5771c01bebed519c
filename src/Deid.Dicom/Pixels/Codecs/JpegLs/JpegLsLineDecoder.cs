using System;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    /// <summary>
    /// Decodes the lines of a scan segment: context determination, MED prediction, regular-mode Golomb decoding and run
    /// mode (T.87 Annex A, decoder side as in Annex F's description of the decoding process).
    /// </summary>
    /// <remarks>
    /// Lines are int spans of (width + 2) pixels: pixel 0 and pixel width + 1 are the edge samples T.87 §A.2.1 and §A.3
    /// define (Ra and Rc of the first pixel, Rd of the last). A pixel holds <c>components</c> consecutive samples when
    /// samples are interleaved (ILV 2), one otherwise.
    /// </remarks>
    internal ref struct JpegLsLineDecoder
    {
        // T.87 §A.7.1.1, J[0..31]: the order of run-length segments as RUNindex grows.
        private static readonly int[] J = { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

        // A valid error value never reaches this (|Errval| < RANGE <= 65536); larger ones come from corrupt data.
        private const int MaxError = 65535;

        private readonly JpegLsContextModel _model;
        private readonly int _near, _maxVal, _range, _t1, _t2, _t3, _reset, _limit, _qbpp;

        /// <summary>Prepares to decode with <paramref name="parameters"/>, updating <paramref name="model"/>.</summary>
        public JpegLsLineDecoder(JpegLsCodingParameters parameters, JpegLsContextModel model, JpegLsBitReader bits)
        {
            _model = model;
            _near = parameters.Near;
            _maxVal = parameters.MaxVal;
            _range = parameters.Range;
            _t1 = parameters.T1;
            _t2 = parameters.T2;
            _t3 = parameters.T3;
            _reset = parameters.Reset;
            _limit = parameters.Limit;
            _qbpp = parameters.QuantizedBitsPerSample;
            Bits = bits;
            RunIndex = 0;
        }

        /// <summary>The bits of the current segment; replaced at each restart marker.</summary>
        public JpegLsBitReader Bits;

        /// <summary>RUNindex (T.87 §A.7.1.1), which the caller keeps per component in line-interleaved scans.</summary>
        public int RunIndex;

        /// <summary>Decodes one line of single samples (ILV 0 or 1) into <paramref name="current"/>.</summary>
        public void DecodeLine(Span<int> previous, Span<int> current, int width)
        {
            // T.87 §A.2.1: Rd of the last pixel repeats Rb; Ra of the first pixel is Rb, and Rc (previous[0]) is what
            // was Ra of the first pixel of the previous line.
            previous[width + 1] = previous[width];
            current[0] = previous[1];
            int i = 1;
            while (i <= width)
            {
                int ra = current[i - 1], rb = previous[i], rc = previous[i - 1], rd = previous[i + 1];
                // T.87 §A.3: local gradients D1..D3 quantised to Q1..Q3 and combined into one context number.
                int qs = (Quantize(rd - rb) * 9 + Quantize(rb - rc)) * 9 + Quantize(rc - ra);
                if (qs != 0)
                {
                    current[i] = DecodeRegular(qs, Predict(ra, rb, rc));
                    i++;
                    continue;
                }

                // T.87 §A.3.3 / §A.7: all gradients within NEAR, so run mode.
                int length = DecodeRunLength(width - i + 1);
                current.Slice(i, length).Fill(ra);
                int end = i + length;
                if (end > width) break;
                int rbEnd = previous[end];
                int riType = Math.Abs(ra - rbEnd) <= _near ? 1 : 0;
                current[end] = DecodeRunInterruption(ra, rbEnd, riType);
                if (RunIndex > 0) RunIndex--;
                i = end + 1;
            }
        }

        /// <summary>
        /// Decodes one line of <paramref name="components"/> interleaved samples a pixel (ILV 2). Run mode needs every
        /// component's context to be 0, and a run covers whole pixels (T.87 §A.3.3 for sample interleaving).
        /// </summary>
        public void DecodeInterleavedLine(Span<int> previous, Span<int> current, int width, int components, Span<int> contexts)
        {
            for (int c = 0; c < components; c++)
            {
                previous[(width + 1) * components + c] = previous[width * components + c];
                current[c] = previous[components + c];
            }
            int i = 1;
            while (i <= width)
            {
                int at = i * components;
                bool allZero = true;
                for (int c = 0; c < components; c++)
                {
                    int ra = current[at - components + c], rb = previous[at + c], rc = previous[at - components + c], rd = previous[at + components + c];
                    int qs = (Quantize(rd - rb) * 9 + Quantize(rb - rc)) * 9 + Quantize(rc - ra);
                    contexts[c] = qs;
                    allZero &= qs == 0;
                }
                if (!allZero)
                {
                    for (int c = 0; c < components; c++)
                    {
                        int ra = current[at - components + c], rb = previous[at + c], rc = previous[at - components + c];
                        current[at + c] = DecodeRegular(contexts[c], Predict(ra, rb, rc));
                    }
                    i++;
                    continue;
                }

                int length = DecodeRunLength(width - i + 1);
                var run = current.Slice(at - components, components);
                for (int p = 0; p < length; p++) run.CopyTo(current.Slice(at + p * components, components));
                int end = i + length;
                if (end > width) break;
                int endAt = end * components;
                for (int c = 0; c < components; c++)
                {
                    // Each component of an interrupting pixel uses the RItype 0 context with Rb as prediction, as CharLS
                    // (and so dcmdjpls, the referee) decode sample-interleaved scans.
                    current[endAt + c] = DecodeRunInterruption(current[at - components + c], previous[endAt + c], 0);
                }
                if (RunIndex > 0) RunIndex--;
                i = end + 1;
            }
        }

        // T.87 §A.3.3, code segment A.4: a gradient quantised to -4..4.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Quantize(int d)
        {
            if (d <= -_t3) return -4;
            if (d <= -_t2) return -3;
            if (d <= -_t1) return -2;
            if (d < -_near) return -1;
            if (d <= _near) return 0;
            if (d < _t1) return 1;
            if (d < _t2) return 2;
            if (d < _t3) return 3;
            return 4;
        }

        // T.87 §A.4.1, code segment A.5: the median edge detector.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Predict(int ra, int rb, int rc)
        {
            int max = ra > rb ? ra : rb, min = ra > rb ? rb : ra;
            if (rc >= max) return min;
            if (rc <= min) return max;
            return ra + rb - rc;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int DecodeRegular(int qs, int predicted)
        {
            // T.87 §A.3.4: a negative context is folded onto its positive twin with the error's sign flipped.
            int sign = qs < 0 ? -1 : 1;
            int q = qs * sign;
            var model = _model;
            // T.87 §A.4.2, code segment A.6: bias-corrected prediction, clamped to 0..MAXVAL.
            int px = predicted + sign * model.C[q];
            if (px > _maxVal) px = _maxVal;
            else if (px < 0) px = 0;

            int k = model.RegularK(q, Bits.Offset);
            int mapped = DecodeMapped(k, _limit);
            // T.87 §A.5.2 inverted: even values are non-negative errors, odd ones negative...
            int error = (mapped >> 1) ^ -(mapped & 1);
            // ...except in the lossless k = 0 case with a negative bias, where the mapping is mirrored (code segment A.11).
            if (k == 0 && _near == 0 && 2 * model.B[q] + model.N[q] - 1 < 0) error = ~error;
            if (error > MaxError || error < -MaxError) JpegLsErrors.ThrowCorrupt(Bits.Offset, "a prediction error is out of range");
            model.UpdateRegular(q, error, _near, _reset, Bits.Offset);
            return Reconstruct(px + sign * error * (2 * _near + 1));
        }

        // T.87 §A.7.2: the sample that ends a run, predicted from Ra (RItype 1) or Rb (RItype 0).
        private int DecodeRunInterruption(int ra, int rb, int riType)
        {
            var model = _model;
            int k = model.RunK(riType, Bits.Offset);
            // T.87 §A.7.2.1: the escape limit shrinks by the J[RUNindex] + 1 bits the run itself spent.
            int mapped = DecodeMapped(k, _limit - J[RunIndex] - 1);
            int error = model.RunError(riType, mapped, k);
            if (error > MaxError || error < -MaxError) JpegLsErrors.ThrowCorrupt(Bits.Offset, "a run interruption error is out of range");
            model.UpdateRun(riType, error, mapped, _reset, Bits.Offset);
            if (riType == 1) return Reconstruct(ra + error * (2 * _near + 1));
            int sign = rb < ra ? -1 : 1;
            return Reconstruct(rb + sign * error * (2 * _near + 1));
        }

        // T.87 §A.7.1.2 (decoder side of code segment A.15): the length of a run, at most pixelCount.
        private int DecodeRunLength(int pixelCount)
        {
            int index = 0;
            while (Bits.ReadBit() != 0)
            {
                int segment = 1 << J[RunIndex];
                int count = Math.Min(segment, pixelCount - index);
                index += count;
                if (count == segment && RunIndex < 31) RunIndex++;
                if (index == pixelCount) return index;
            }
            // A 0 bit: the run stops before the end of the line, after J[RUNindex] more bits of length.
            index += Bits.ReadBits(J[RunIndex]);
            // Equal is not what an encoder writes (the run would have ended the line), but CharLS accepts it; longer is corrupt.
            if (index > pixelCount) JpegLsErrors.ThrowCorrupt(Bits.Offset, "a run is longer than the rest of the line");
            return index;
        }

        // T.87 §A.5.3: the limited-length Golomb code. Fewer than LIMIT - qbpp - 1 leading zeros: q zeros, a 1, then k
        // low bits. Exactly that many: the escape, followed by the mapped value - 1 in qbpp bits.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int DecodeMapped(int k, int limit)
        {
            int escape = Math.Max(0, limit - _qbpp - 1);
            int high = Bits.ReadZeros(escape);
            if (high == escape) return Bits.ReadBits(_qbpp) + 1;
            if (k == 0) return high;
            if (k > 24) JpegLsErrors.ThrowCorrupt(Bits.Offset, "a Golomb parameter is out of range");
            return (high << k) + Bits.ReadBits(k);
        }

        // T.87 §A.4.4 / code segment A.8 and §A.7.2: modulo reduction into the range, then clamping to 0..MAXVAL.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Reconstruct(int value)
        {
            if (value < -_near) value += _range * (2 * _near + 1);
            else if (value > _maxVal + _near) value -= _range * (2 * _near + 1);
            if (value < 0) return 0;
            return value > _maxVal ? _maxVal : value;
        }
    }
}
