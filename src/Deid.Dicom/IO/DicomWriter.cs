using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    /// <summary>
    /// Writes files and datasets. Unmodified elements are written exactly as they were read (VR as in the source,
    /// undefined lengths, item framing); modified ones are encoded afresh, and lengths of sequences, items and modified
    /// groups are recomputed. Values left in the source are copied stream to stream. Two repairs of invalid input are
    /// made on every write, so that every output is valid (see docs/architecture.md, "Writing"): odd-length values are
    /// padded to even length, and a dataset whose data contradict the declared transfer syntax is written in the one declared.
    /// </summary>
    public static partial class DicomWriter
    {
        private const uint UndefinedLength = 0xFFFFFFFF;

        /// <summary>Writes a whole file (preamble, meta, dataset) to <paramref name="output"/>.</summary>
        /// <exception cref="InvalidOperationException">The file was read header-only.</exception>
        /// <exception cref="DicomFormatException">A value cannot be encoded (too long for its length field, say): bad data, which a
        /// batch reports for that file, not a bug.</exception>
        [MethodImpl(HotPath.Optimized)]
        public static void Write(DicomFile file, Stream output, DicomWriteOptions? options = null)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            if (output == null) throw new ArgumentNullException(nameof(output));
            options ??= DicomWriteOptions.Default;
            if (file.StoppedBeforePixelData)
                throw new InvalidOperationException("This file was read header-only (stopped before Pixel Data); writing it would lose the pixel data.");
            if (options.UpdateFileMeta && file.IsModified) file.SynchronizeFileMeta();

            using (var w = new Sink(output, file.SourcePath))
            {
                w.Observer = options.PixelDataObserver;
                w.ObservedDataset = file.Dataset;
                if (file.Preamble != null)
                {
                    w.Write(file.Preamble.AsSpan(0, Math.Min(128, file.Preamble.Length)));
                    for (int i = file.Preamble.Length; i < 128; i++) w.WriteByte(0);
                    w.Write(new byte[] { (byte)'D', (byte)'I', (byte)'C', (byte)'M' });
                }
                // A group 0002 element in the dataset that the meta holds too: written after the meta, readers take it for more
                // meta (dcmtk: "found twice", a second Transfer Syntax UID contradicting the first; codec QA 2026-12-06, F4). The
                // meta's is the file's own; the reader said so when it read them (DicomFile.Warnings).
                bool metaWritten = file.HasFileMetaInformation || file.FileMetaInformation.Count > 0;
                if (metaWritten) WriteElements(w, file.FileMetaInformation, file.FileMetaInformation.Encoding);

                var ts = file.TransferSyntax;
                var encoding = DatasetEncoding(file);
                if (ts.IsDeflated)
                {
                    // Not after AcceptChanges either: the original compressed bytes would bring back what was edited. Nor
                    // when the dataset needs a repair (odd lengths, a contradicted syntax): the source bytes hold the fault.
                    if (options.ReuseUnmodifiedDeflatedData && file.DeflatedSource != null && !file.Dataset.ChangedSinceRead
                        && file.OddLengthValues == 0 && encoding.Equals(file.Dataset.Encoding))
                    {
                        w.Copy(DeflateStreamOnly(file.DeflatedSource));
                        return;
                    }
                    w.Flush();
                    WriteDeflated(output, w, file.Dataset, encoding, metaWritten ? file.FileMetaInformation : null);
                    return;
                }
                WriteElements(w, file.Dataset, encoding, metaWritten ? file.FileMetaInformation : null);
            }
        }

        /// <summary>
        /// The compressed bytes of <paramref name="compressed"/> up to the end of their final deflate block: bytes a file holds after
        /// its deflate stream are no part of the dataset (the inflater never reads them), and copied with it they could carry
        /// anything — appended text with a patient's name — into a copy whose recipe changed nothing (QA 2026-12-06).
        /// </summary>
        private static DicomValueRef DeflateStreamOnly(DicomValueRef compressed)
        {
            DeflateWalk walk;
            using (var s = compressed.Source.OpenRead())
            {
                if (s.CanSeek) s.Position = compressed.Offset;
                else if (compressed.Offset != 0) return compressed;
                walk = DeflateWalker.Walk(s, compressed.Length);
            }
            long after = compressed.Length - walk.CompressedLength;
            if (walk.Outcome != DeflateWalkOutcome.Complete || after <= 0 || IsGzipTrailer(compressed, walk)) return compressed;
            return new DicomValueRef(compressed.Source, compressed.Offset, walk.CompressedLength);
        }

        /// <summary>
        /// Whether the bytes after the stream are the eight a gzip writer ends with (CRC-32, then the inflated length modulo 2^32,
        /// RFC 1952): some writers leave them (pydicom's image_dfl.dcm), they say nothing of anyone, and a file is copied back
        /// byte for byte with them. Told by the length, which the walk counted.
        /// </summary>
        private static bool IsGzipTrailer(DicomValueRef compressed, DeflateWalk walk)
        {
            if (compressed.Length - walk.CompressedLength != 8) return false;
            byte[] trailer = new DicomValueRef(compressed.Source, compressed.Offset + walk.CompressedLength, 8).ReadAll();
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer.AsSpan(4)) == unchecked((uint)walk.InflatedLength);
        }

        // Its own method, so that compiling the writer does not load System.IO.Compression for the files (nearly all) that are
        // not deflated.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void WriteDeflated(Stream output, Sink outer, DicomDataset dataset, DicomEncoding encoding, DicomDataset? writtenMeta)
        {
            bool empty = true;
            for (int i = 0; i < dataset.Count && empty; i++) empty = IsInWrittenMeta(dataset.ElementAt(i).Tag, writtenMeta);
            if (empty)
            {
                // Nothing to compress (REMOVE ALL on a file without pixels): .NET's DeflateStream then writes no bytes at all, not
                // even a final block, which zlib and pydicom refuse as a truncated stream (writer QA 2026-12-06). An empty final
                // block of fixed codes, as dcmtk writes.
                output.Write(new byte[] { 0x03, 0x00 }, 0, 2);
                return;
            }
            using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
            using (var inner = new Sink(deflate, outer))
            {
                WriteElements(inner, dataset, encoding, writtenMeta);
            }
        }

        // A group 0002 element of the dataset that the meta written before it holds too: left out (see Write).
        [MethodImpl(HotPath.Optimized)]
        private static bool IsInWrittenMeta(DicomTag tag, DicomDataset? writtenMeta) =>
            writtenMeta != null && tag.Group == 0x0002 && writtenMeta.Contains(tag);

        /// <summary>Writes the elements of a dataset (no preamble or meta) in its own encoding.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static void WriteDataset(DicomDataset dataset, Stream output)
        {
            using var w = new Sink(output, source: null);
            WriteElements(w, dataset, dataset.Encoding);
        }

        /// <summary>The number of bytes the dataset's elements take when written in <paramref name="encoding"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static long Measure(DicomDataset dataset, DicomEncoding encoding)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            bool converting = !dataset.Encoding.Equals(encoding);
            long n = 0;
            for (int i = 0; i < dataset.Count; i++) n += MeasureElement(dataset, dataset.ElementAt(i), encoding, converting);
            return n;
        }

        [MethodImpl(HotPath.Optimized)]
        private static long MeasureElement(DicomDataset ds, in DicomElement e, DicomEncoding enc, bool converting)
        {
            // A recomputed group length is written as 4 bytes, whatever size the value had in the source.
            if (IsRecomputedGroupLength(ds, e, converting)) return 8 + 4;
            long value = MeasureValue(ds, e, enc);
            var vr = VRFor(ds, e, enc, value, converting);
            long header = enc.IsExplicitVR && vr.HasLongLength ? 12 : 8;
            return header + value;
        }

        /// <summary>
        /// Bytes after the header: the value padded to even length, items with their framing, and a closing delimiter for
        /// undefined length.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static long MeasureValue(DicomDataset ds, in DicomElement e, DicomEncoding enc)
        {
            switch (e.Payload)
            {
                case DicomSequence seq:
                    {
                        var itemEnc = ItemEncoding(e, enc);
                        long n = 0;
                        foreach (var item in seq) n += 8 + Measure(item, itemEnc) + (item.ItemHasUndefinedLength ? 8 : 0);
                        return n + (e.HasUndefinedLength ? 8 : 0);
                    }
                case DicomFragments frags:
                    {
                        long n = 8;
                        foreach (var f in frags.Items) n += 8 + Even(f.Length);
                        return n;
                    }
                case DicomValueRef r:
                    return Even(r.Length);
                default:
                    return Even(e.Raw.Length);
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static DicomEncoding ItemEncoding(in DicomElement e, DicomEncoding enc) =>
            e.VR == DicomVR.UN && enc.IsExplicitVR ? DicomEncoding.ImplicitLittle : enc;

        /// <summary>
        /// Writes the elements of <paramref name="ds"/> in <paramref name="enc"/>, which differs from the dataset's own
        /// encoding only when its file declares another transfer syntax than its data use (see <see cref="DatasetEncoding"/>).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void WriteElements(Sink w, DicomDataset ds, DicomEncoding enc, DicomDataset? writtenMeta = null)
        {
            bool converting = !ds.Encoding.Equals(enc);
            for (int i = 0; i < ds.Count; i++)
            {
                var e = ds.ElementAt(i);
                if (IsInWrittenMeta(e.Tag, writtenMeta)) continue;
                if (IsRecomputedGroupLength(ds, e, converting) || IsGroupLengthOfPaddedGroup(ds, i))
                {
                    WriteHeader(w, e.Tag, e.VR, 4, enc);
                    w.Write(GroupLengthValue(ds, i, enc, converting));
                    continue;
                }
                WriteElement(w, ds, e, enc, converting);
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static void WriteElement(Sink w, DicomDataset ds, in DicomElement e, DicomEncoding enc, bool converting)
        {
            switch (e.Payload)
            {
                case DicomSequence seq:
                    {
                        var itemEnc = ItemEncoding(e, enc);
                        uint length = e.HasUndefinedLength ? UndefinedLength : ToLength(w, MeasureValue(ds, e, enc), e.Tag);
                        WriteHeader(w, e.Tag, VRFor(ds, e, enc, 0, converting), length, enc);
                        foreach (var item in seq)
                        {
                            uint itemLength = item.ItemHasUndefinedLength ? UndefinedLength : ToLength(w, Measure(item, itemEnc), e.Tag);
                            WriteTagAndLength(w, DicomTag.Item, itemLength, itemEnc.IsBigEndian);
                            WriteElements(w, item, itemEnc);
                            if (item.ItemHasUndefinedLength) WriteTagAndLength(w, DicomTag.ItemDelimitationItem, 0, itemEnc.IsBigEndian);
                        }
                        if (e.HasUndefinedLength) WriteTagAndLength(w, DicomTag.SequenceDelimitationItem, 0, itemEnc.IsBigEndian);
                        return;
                    }
                case DicomFragments frags:
                    {
                        WriteHeader(w, e.Tag, VRFor(ds, e, enc, 0, converting), UndefinedLength, enc);
                        var observer = e.Tag == DicomTag.PixelData && ReferenceEquals(ds, w.ObservedDataset) ? w.Observer : null;
                        for (int i = 0; i < frags.Items.Count; i++)
                        {
                            var f = frags.Items[i];
                            // PS3.5 §A.4: a fragment has even length; an odd one is padded with a zero byte.
                            WriteTagAndLength(w, DicomTag.Item, ToLength(w, Even(f.Length), e.Tag), enc.IsBigEndian);
                            if (f.Reference != null)
                            {
                                w.Copy(f.Reference, observer, i);
                            }
                            else
                            {
                                observer?.Observe(i, f.Bytes.Span);
                                w.Write(f.Bytes.Span);
                            }
                            if ((f.Length & 1) == 1) w.WriteByte(0);
                        }
                        observer?.Complete();
                        WriteTagAndLength(w, DicomTag.SequenceDelimitationItem, 0, enc.IsBigEndian);
                        return;
                    }
                case DicomValueRef r:
                    {
                        long padded = Even(r.Length);
                        WriteHeader(w, e.Tag, VRFor(ds, e, enc, padded, converting), ToLength(w, padded, e.Tag), enc);
                        if (NeedsSwap(ds, e, enc)) w.Write(Swapped(r.ReadAll(), e.VR));
                        else w.Copy(r);
                        if (padded != r.Length) w.WriteByte(e.VR.PaddingByte);
                        return;
                    }
                default:
                    {
                        long padded = Even(e.Raw.Length);
                        WriteHeader(w, e.Tag, VRFor(ds, e, enc, padded, converting), (uint)padded, enc);
                        if (NeedsSwap(ds, e, enc)) w.Write(Swapped(e.Raw.ToArray(), e.VR));
                        else w.Write(e.Raw.Span);
                        if (padded != e.Raw.Length) w.WriteByte(e.VR.PaddingByte);
                        return;
                    }
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static uint ToLength(Sink w, long length, DicomTag tag)
        {
            if (length >= UndefinedLength) throw new DicomFormatException(w.Source, -1, tag, $"The value is too long ({length} bytes) for a 32-bit length.");
            return (uint)length;
        }

        [MethodImpl(HotPath.Optimized)]
        private static void WriteHeader(Sink w, DicomTag tag, DicomVR vr, uint length, DicomEncoding enc)
        {
            Span<byte> h = stackalloc byte[12];
            bool be = enc.IsBigEndian;
            WriteU16(h, tag.Group, be);
            WriteU16(h.Slice(2), tag.Element, be);
            if (!enc.IsExplicitVR)
            {
                WriteU32(h.Slice(4), length, be);
                w.Write(h.Slice(0, 8));
                return;
            }
            if (vr == DicomVR.None) throw new DicomFormatException(w.Source, -1, tag, "The element has no VR and cannot be written with explicit VR.");
            h[4] = (byte)(vr.Code >> 8);
            h[5] = (byte)vr.Code;
            if (vr.HasLongLength)
            {
                h[6] = 0;
                h[7] = 0;
                WriteU32(h.Slice(8), length, be);
                w.Write(h);
            }
            else
            {
                if (length > 0xFFFF) throw new DicomFormatException(w.Source, -1, tag, $"The value ({length} bytes) is too long for VR {vr}, whose length field is 16 bits.");
                WriteU16(h.Slice(6), (ushort)length, be);
                w.Write(h.Slice(0, 8));
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static void WriteTagAndLength(Sink w, DicomTag tag, uint length, bool be)
        {
            Span<byte> h = stackalloc byte[8];
            WriteU16(h, tag.Group, be);
            WriteU16(h.Slice(2), tag.Element, be);
            WriteU32(h.Slice(4), length, be);
            w.Write(h);
        }

        [MethodImpl(HotPath.Optimized)]
        private static void WriteU16(Span<byte> s, ushort v, bool be)
        {
            if (be) BinaryPrimitives.WriteUInt16BigEndian(s, v); else BinaryPrimitives.WriteUInt16LittleEndian(s, v);
        }

        [MethodImpl(HotPath.Optimized)]
        private static void WriteU32(Span<byte> s, uint v, bool be)
        {
            if (be) BinaryPrimitives.WriteUInt32BigEndian(s, v); else BinaryPrimitives.WriteUInt32LittleEndian(s, v);
        }

        /// <summary>A pooled output buffer, with stream-to-stream copies for values left in their source.</summary>
        private sealed class Sink : IDisposable
        {
            private readonly Stream _out;
            private readonly Dictionary<DicomValueSource, Stream> _sources;
            private readonly bool _ownsSources;
            private byte[] _buf;
            private int _len;

            /// <summary>The file being written out (its source), named in the errors for values that cannot be encoded.</summary>
            public string? Source { get; }

            [MethodImpl(HotPath.Optimized)]
            public Sink(Stream output, string? source)
            {
                Source = source;
                _out = output;
                _buf = ArrayPool<byte>.Shared.Rent(1 << 16);
                _sources = new Dictionary<DicomValueSource, Stream>();
                _ownsSources = true;
            }

            [MethodImpl(HotPath.Optimized)]
            public Sink(Stream output, Sink shareSourcesWith)
            {
                Source = shareSourcesWith.Source;
                _out = output;
                _buf = ArrayPool<byte>.Shared.Rent(1 << 16);
                _sources = shareSourcesWith._sources;
                _ownsSources = false;
            }

            [MethodImpl(HotPath.Optimized)]
            public void WriteByte(byte b)
            {
                if (_len == _buf.Length) Flush();
                _buf[_len++] = b;
            }

            [MethodImpl(HotPath.Optimized)]
            public void Write(ReadOnlySpan<byte> data)
            {
                while (!data.IsEmpty)
                {
                    if (_len == _buf.Length) Flush();
                    int n = Math.Min(data.Length, _buf.Length - _len);
                    data.Slice(0, n).CopyTo(_buf.AsSpan(_len));
                    _len += n;
                    data = data.Slice(n);
                }
            }

            /// <summary>Sees the top-level Pixel Data's fragments as they are written (<see cref="DicomWriteOptions.PixelDataObserver"/>).</summary>
            public IFragmentObserver? Observer { get; set; }

            /// <summary>The top-level dataset, whose Pixel Data <see cref="Observer"/> sees.</summary>
            public DicomDataset? ObservedDataset { get; set; }

            /// <summary>
            /// Copies a value left in its source. With <paramref name="observer"/>, each piece is shown to it as fragment
            /// <paramref name="item"/> on its way through the buffer: one read and one write of the bytes, where the kernel's
            /// copy and a separate look read them twice. Over the 2,100 cookies the workers' CPU went from 570-630 to 520-570
            /// ms for a fresh pwsh's replace, and 64 KB reads and writes cost about what the kernel's copy does (291 against
            /// 272-276 ms in a model of the I/O alone, bench/CopyModel.py, against 322-338 for the copy and then the look).
            /// </summary>
            [MethodImpl(HotPath.Optimized)]
            public void Copy(DicomValueRef r, IFragmentObserver? observer = null, int item = 0)
            {
                if (!_sources.TryGetValue(r.Source, out var s))
                {
                    s = r.Source.OpenRead();
                    _sources.Add(r.Source, s);
                }
                long left = r.Length;
                // Only a file can take the kernel's copy. Into anything else (a deflating stream above all) the value goes through
                // the buffer like a value held in memory, in the same full-buffer writes: deflate's output depends on how its
                // input is cut, and a deflated output must not depend on whether its values were read or left in the file.
                if (observer == null && left >= _buf.Length && _out is FileStream)
                {
                    // Large values (pixel data): let the kernel copy file to file when it can.
                    Flush();
                    long done = KernelCopy.TryCopy(s, r.Offset, _out, left);
                    left -= done;
                    s.Position = r.Offset + done;
                }
                else
                {
                    s.Position = r.Offset;
                }
                while (left > 0)
                {
                    if (_len == _buf.Length) Flush();
                    int n = s.Read(_buf, _len, (int)Math.Min(left, _buf.Length - _len));
                    if (n <= 0) throw new IOException($"{r.Source.Description} ended before the value at offset {r.Offset} could be copied; was it changed after it was read?");
                    observer?.Observe(item, new ReadOnlySpan<byte>(_buf, _len, n));
                    _len += n;
                    left -= n;
                }
            }

            [MethodImpl(HotPath.Optimized)]
            public void Flush()
            {
                if (_len > 0) _out.Write(_buf, 0, _len);
                _len = 0;
            }

            [MethodImpl(HotPath.Optimized)]
            public void Dispose()
            {
                if (_buf.Length == 0) return;
                Flush();
                ArrayPool<byte>.Shared.Return(_buf);
                _buf = Array.Empty<byte>();
                if (_ownsSources)
                {
                    foreach (var s in _sources.Values) s.Dispose();
                    _sources.Clear();
                }
            }
        }
    }
}
