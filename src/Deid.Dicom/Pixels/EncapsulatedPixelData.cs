using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// Reads the encoded frames of encapsulated (compressed) Pixel Data: finds the fragments of frame <c>i</c> (see
    /// <see cref="FrameFragments.Map"/>) and reads just those, loading fragments left in the source only when asked.
    /// Decoding is a codec's job (<see cref="IPixelCodec"/>, <see cref="PixelCodecRegistry"/>).
    /// </summary>
    /// <remarks>Not thread safe: it keeps the sources of fragments open between frames. Dispose it to close them.</remarks>
    public sealed class EncapsulatedPixelData : IDisposable
    {
        private readonly FrameFragments[] _frames;
        private readonly string? _sourceName;
        private Dictionary<DicomValueSource, Stream>? _streams;

        private EncapsulatedPixelData(PixelFrameGeometry geometry, DicomFragments fragments, FrameFragments[] frames, string? sourceName)
        {
            Geometry = geometry;
            Fragments = fragments;
            _frames = frames;
            _sourceName = sourceName;
        }

        /// <summary>The frame layout once decoded, read from the dataset's Image Pixel module.</summary>
        public PixelFrameGeometry Geometry { get; }

        /// <summary>The items of the Pixel Data element.</summary>
        public DicomFragments Fragments { get; }

        /// <summary>
        /// Prepares to read the encapsulated Pixel Data of <paramref name="dataset"/>: reads the geometry and maps every
        /// frame to its fragments.
        /// </summary>
        /// <exception cref="DicomFormatException">An attribute is missing or invalid, Pixel Data is missing, or its frames cannot be told apart.</exception>
        /// <exception cref="InvalidOperationException">Pixel Data is native; read it with <see cref="NativePixelData"/>.</exception>
        public static EncapsulatedPixelData Open(DicomDataset dataset, string? sourceName = null) => Open(dataset, sourceName, null);

        /// <summary>
        /// As <see cref="Open(DicomDataset, string?)"/>, with the frames mapped to their fragments by <paramref name="map"/>
        /// (<see cref="FrameFragments.MapWithoutOffsetTable"/>, say) instead of by the Basic Offset Table; null maps as usual.
        /// The frames read are then the map's, however many the header declares.
        /// </summary>
        public static EncapsulatedPixelData Open(DicomDataset dataset, string? sourceName, FrameFragments[]? map)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            var geometry = PixelFrameGeometry.FromDataset(dataset, sourceName);
            if (!dataset.TryGetElement(DicomTag.PixelData, out var element))
                throw new DicomFormatException(sourceName, -1, DicomTag.PixelData, "Pixel Data is missing.");
            var fragments = element.Fragments
                ?? throw new InvalidOperationException("Pixel Data is native (not encapsulated); read its frames with NativePixelData.");
            return new EncapsulatedPixelData(geometry, fragments, map ?? FrameFragments.Map(fragments, geometry.NumberOfFrames, sourceName), sourceName);
        }

        /// <summary>The fragments of frame <paramref name="frame"/> (from 0).</summary>
        public FrameFragments GetFrameFragments(int frame)
        {
            if ((uint)frame >= (uint)_frames.Length)
                throw new ArgumentOutOfRangeException(nameof(frame), frame, $"The image has {_frames.Length} frame(s); frames are numbered from 0.");
            return _frames[frame];
        }

        /// <summary>
        /// Reads the encoded bytes of frame <paramref name="frame"/> (its fragments joined) into the start of
        /// <paramref name="destination"/>; returns how many bytes that is (<see cref="FrameFragments.Length"/>).
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the encoded frame.</exception>
        public int ReadFrame(int frame, Span<byte> destination)
        {
            var range = GetFrameFragments(frame);
            if (range.Length > destination.Length)
                throw new ArgumentException($"The destination holds {destination.Length} bytes; encoded frame {frame} takes {range.Length}.", nameof(destination));
            // Through the array overload, a pooled piece at a time (netstandard2.0 streams read only into arrays): one walk of the
            // fragments serves both.
            int length = (int)range.Length;
            byte[] piece = ArrayPool<byte>.Shared.Rent(Math.Min(length, 1 << 16));
            try
            {
                int written = 0;
                while (written < length)
                {
                    int n = ReadFrame(frame, written, piece, 0, Math.Min(piece.Length, length - written));
                    piece.AsSpan(0, n).CopyTo(destination.Slice(written));
                    written += n;
                }
                return written;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(piece);
            }
        }

        /// <summary>
        /// Reads part of encoded frame <paramref name="frame"/>: the bytes from <paramref name="frameOffset"/> (counted in the
        /// frame's fragments joined) into <paramref name="buffer"/> at <paramref name="offset"/>, at most <paramref name="count"/>;
        /// returns how many, fewer only at the frame's end. For reading a frame of any size through a small buffer, straight from
        /// the source into the array (the span overload copies through a pooled piece).
        /// </summary>
        public int ReadFrame(int frame, long frameOffset, byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset > buffer.Length - count) throw new ArgumentOutOfRangeException(nameof(count));
            var range = GetFrameFragments(frame);
            if (frameOffset < 0 || frameOffset > range.Length) throw new ArgumentOutOfRangeException(nameof(frameOffset), frameOffset, $"Encoded frame {frame} has {range.Length} bytes.");
            int written = 0;
            long fragmentStart = 0;
            for (int k = range.FirstItem; k < range.FirstItem + range.Count && written < count; k++)
            {
                var fragment = Fragments.Items[k];
                long fragmentEnd = fragmentStart + fragment.Length;
                long from = frameOffset + written;
                if (from < fragmentEnd)
                {
                    long within = from - fragmentStart;
                    int take = (int)Math.Min(count - written, fragment.Length - within);
                    if (fragment.Reference is DicomValueRef r)
                        PixelBytes.ReadAt(StreamOf(r.Source), r.Offset + within, buffer, offset + written, take, _sourceName ?? r.Source.Description);
                    else
                        fragment.Bytes.Span.Slice((int)within, take).CopyTo(buffer.AsSpan(offset + written));
                    written += take;
                }
                fragmentStart = fragmentEnd;
            }
            return written;
        }

        /// <summary>Reads the encoded bytes of frame <paramref name="frame"/> into a new array.</summary>
        public byte[] ReadFrame(int frame)
        {
            var range = GetFrameFragments(frame);
            if (range.Length > int.MaxValue) throw new InvalidOperationException($"Encoded frame {frame} of {range.Length} bytes cannot be held in one array.");
            var bytes = new byte[range.Length];
            ReadFrame(frame, 0, bytes, 0, bytes.Length);
            return bytes;
        }

        /// <summary>
        /// Decodes frame <paramref name="frame"/> with <paramref name="codec"/> into the first
        /// <see cref="PixelFrameGeometry.FrameLength"/> bytes of <paramref name="destination"/> (little endian samples).
        /// The encoded bytes pass through a pooled buffer.
        /// </summary>
        public void DecodeFrame(int frame, IPixelCodec codec, Span<byte> destination)
        {
            if (codec == null) throw new ArgumentNullException(nameof(codec));
            // A codec may decode into another layout than the dataset's (JPEG's YBR_FULL_422 becomes three samples a pixel of
            // RGB): it checks the destination against its own decoded size.
            var range = GetFrameFragments(frame);
            byte[] encoded = ArrayPool<byte>.Shared.Rent((int)Math.Min(int.MaxValue, range.Length));
            try
            {
                int n = ReadFrame(frame, 0, encoded, 0, (int)range.Length);
                codec.Decode(encoded.AsSpan(0, n), Geometry, destination);
            }
            catch (DicomFormatException e) when (e.Path == null && _sourceName != null)
            {
                // Codecs see bytes, not files: the error gets the file's name here, so a batch reports which file is broken.
                string where = e.Offset >= 0 ? $" (byte {e.Offset} of frame {frame}'s codestream)" : $" (frame {frame})";
                throw new DicomFormatException(_sourceName, -1, e.Tag ?? DicomTag.PixelData, e.Reason + where, e);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(encoded);
            }
        }

        private Stream StreamOf(DicomValueSource source)
        {
            _streams ??= new Dictionary<DicomValueSource, Stream>();
            if (!_streams.TryGetValue(source, out var stream))
            {
                stream = source.OpenRead();
                _streams.Add(source, stream);
            }
            return stream;
        }

        /// <summary>Closes the sources of fragments that were opened.</summary>
        public void Dispose()
        {
            if (_streams == null) return;
            foreach (var s in _streams.Values) s.Dispose();
            _streams = null;
        }
    }
}
