using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Security.Cryptography;
using Deid.Dicom;
using Deid.Pixels;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// A dataset's pixels as deid's cleaned numpy array holds them: pydicom's <c>pixel_array</c> (frames × rows × cols × samples,
    /// a frame or sample axis only when there is more than one; planar data interleaved; the Bits Stored bits shifted down to
    /// the low bits and sign extended; 1-bit data unpacked to one 0/1 value a byte; YBR_FULL converted to RGB) multiplied by deid's
    /// uint8 mask, so in numpy's promoted dtype — then hashed, C order, little endian.
    /// </summary>
    internal static class DeidArray
    {
        public sealed class Description
        {
            public List<long> Shape { get; } = new List<long>();

            public string Sha256 { get; set; } = string.Empty;

            public long Zeros { get; set; }

            public SortedDictionary<long, long> Samples { get; } = new SortedDictionary<long, long>();
        }

        /// <summary>numpy's result type of uint8 (deid's mask) times pydicom's pixel dtype.</summary>
        public static string PromotedDtype(PixelFrameGeometry g)
        {
            if (g.BitsAllocated == 1) return "uint8";
            if (g.PhotometricInterpretation.StartsWith("YBR_FULL", StringComparison.Ordinal)) return "uint8";
            string sign = g.IsSigned ? "int" : "uint";
            // uint8 * int8 needs int16 to hold both ranges; every wider type holds uint8 already.
            int bits = g.IsSigned && g.BitsAllocated == 8 ? 16 : g.BitsAllocated;
            return sign + bits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public static Description Describe(DicomDataset dataset, string path, string dtype, IReadOnlyCollection<long> sampleIndexes)
        {
            var stored = PixelFrameGeometry.FromDataset(dataset, path);
            // pydicom expands native 4:2:2 and converts it to RGB (a flagged file without regions is left so by us).
            var g = stored.PhotometricInterpretation == "YBR_FULL_422" ? NativeYbr422.RgbGeometry(stored) : stored;
            int size = dtype switch
            {
                "uint8" => 1,
                "int16" or "uint16" => 2,
                "int32" or "uint32" => 4,
                _ => throw new NotSupportedException(dtype),
            };
            var result = new Description();
            if (g.NumberOfFrames > 1) result.Shape.Add(g.NumberOfFrames);
            result.Shape.Add(g.Rows);
            result.Shape.Add(g.Columns);
            if (g.SamplesPerPixel > 1) result.Shape.Add(g.SamplesPerPixel);
            var wanted = new HashSet<long>(sampleIndexes);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            int pixels = g.Rows * g.Columns, samples = g.SamplesPerPixel;
            var outFrame = new byte[(long)pixels * samples * size];
            long index = 0;
            var values = new long[4];
            foreach (var frame in Frames(dataset, path, stored))
            {
                for (int p = 0; p < pixels; p++)
                {
                    Read(frame, g, p, values);
                    for (int s = 0; s < samples; s++, index++)
                    {
                        long v = values[s];
                        if (v == 0) result.Zeros++;
                        if (wanted.Contains(index)) result.Samples[index] = v;
                        var at = outFrame.AsSpan((int)(((long)p * samples + s) * size), size);
                        switch (size)
                        {
                            case 1: at[0] = unchecked((byte)v); break;
                            case 2: BinaryPrimitives.WriteInt16LittleEndian(at, unchecked((short)v)); break;
                            default: BinaryPrimitives.WriteInt32LittleEndian(at, unchecked((int)v)); break;
                        }
                    }
                }
                hash.AppendData(outFrame);
            }
            result.Sha256 = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
            return result;
        }

        private static void Read(byte[] frame, PixelFrameGeometry g, int p, long[] values)
        {
            if (g.BitsAllocated == 1)
            {
                values[0] = (frame[p >> 3] >> (p & 7)) & 1;
                return;
            }
            int bytes = g.BytesPerSample, samples = g.SamplesPerPixel, pixels = g.Rows * g.Columns;
            for (int s = 0; s < samples; s++)
            {
                int offset = (g.PlanarConfiguration == 1 ? (s * pixels) + p : (p * samples) + s) * bytes;
                ulong raw = bytes switch
                {
                    1 => frame[offset],
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(offset)),
                    _ => BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(offset)),
                };
                // pydicom's unused-bits correction: shift left by BitsAllocated - BitsStored, then back (arithmetic when signed).
                int drop = 64 - g.BitsStored;
                values[s] = g.IsSigned ? (long)(raw << drop) >> drop : (long)((raw << drop) >> drop);
            }
            if (samples == 3 && g.PhotometricInterpretation == "YBR_FULL")
            {
                var rgb = new byte[3];
                NativeYbr422.Convert((byte)values[0], (byte)values[1], (byte)values[2], rgb);
                for (int s = 0; s < 3; s++) values[s] = rgb[s];
            }
        }

        private static IEnumerable<byte[]> Frames(DicomDataset dataset, string path, PixelFrameGeometry g)
        {
            dataset.TryGetElement(DicomTag.PixelData, out var element);
            if (element.Fragments == null)
            {
                using var native = NativePixelData.Open(dataset, path);
                for (int i = 0; i < g.NumberOfFrames; i++)
                {
                    var frame = native.ReadFrame(i);
                    if (g.PhotometricInterpretation != "YBR_FULL_422")
                    {
                        yield return frame;
                        continue;
                    }
                    var rgb = new byte[frame.Length / 2 * 3];
                    NativeYbr422.ToRgb(frame, rgb);
                    yield return rgb;
                }
                yield break;
            }
            // The fixture holds native and RLE sources only: an RLE source without regions to clean is still encapsulated.
            var codec = PixelCodecRegistry.Default.GetDecoder(TransferSyntax.RleLossless);
            using var encapsulated = EncapsulatedPixelData.Open(dataset, path);
            for (int i = 0; i < g.NumberOfFrames; i++)
            {
                var frame = new byte[g.FrameLength];
                encapsulated.DecodeFrame(i, codec, frame);
                yield return frame;
            }
        }
    }
}
