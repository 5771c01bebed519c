using System;
using System.IO;
using System.IO.Compression;

namespace Deid.Dicom
{
    /// <summary>
    /// Inflates a deflated dataset with .NET's <see cref="DeflateStream"/> and adds the two things it does not do: compressed
    /// data that end before the final deflate block are refused as truncated (DeflateStream just ends, so a file cut on an
    /// element boundary read as a shorter, valid dataset, and was written without what was cut), and a corrupt stream is
    /// refused with the file offset where it breaks instead of .NET's ZIP wording ("The archive entry was compressed using an
    /// unsupported compression method").
    /// </summary>
    /// <remarks>
    /// DeflateStream's own check (System.IO.Compression.UseStrictValidation) is a process-wide switch of .NET 7 and later,
    /// not ours to set in someone's PowerShell session, and absent on .NET Framework. Instead: DeflateStream stops asking for
    /// input once its final block is done, on every runtime, so its end after its input ran dry is the one end that can be a
    /// truncation; only then are the compressed bytes read again and their blocks walked (<see cref="DeflateWalker"/>) to
    /// tell. A whole stream followed by other bytes ends without running its input dry and reads as before.
    /// </remarks>
    internal sealed class CheckedInflateStream : ForwardReadStream
    {
        private readonly DeflatedData _data;
        private readonly InputWatch _input;
        private readonly DeflateStream _inflater;
        private bool _checked;

        /// <param name="compressed">The compressed bytes from their start, left open.</param>
        /// <param name="data">The same bytes, to be read again, and where they are.</param>
        public CheckedInflateStream(Stream compressed, DeflatedData data)
        {
            _data = data;
            _input = new InputWatch(compressed);
            _inflater = new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n;
            try
            {
                n = _inflater.Read(buffer, offset, count);
            }
            catch (InvalidDataException ex)
            {
                throw Corrupt(ex);
            }
            if (n == 0 && count > 0 && _input.RanDry && !_checked)
            {
                _checked = true;
                var walk = Walk();
                // No compressed bytes at all is an empty dataset, as after the meta of any file: .NET's DeflateStream writes
                // nothing, not even a final block, for nothing written, so an empty dataset deflated by .NET is that.
                if (walk.Outcome == DeflateWalkOutcome.Truncated && walk.CompressedLength > 0)
                    throw new DicomFormatException(_data.Path, _data.FileOffset + walk.CompressedLength, null,
                        $"The deflated dataset ends before its last deflate block: the file is truncated (its compressed data start at offset {_data.FileOffset}).");
                if (walk.Outcome == DeflateWalkOutcome.Invalid) throw Corrupt(null, walk);
            }
            return n;
        }

        private DeflateWalk Walk()
        {
            var compressed = _data.Compressed;
            using var s = compressed.Source.OpenRead();
            s.Position = compressed.Offset;
            return DeflateWalker.Walk(s, compressed.Length);
        }

        private DicomFormatException Corrupt(InvalidDataException? ex, DeflateWalk? known = null)
        {
            long start = _data.FileOffset;
            if (_data.ZlibHeader)
                return new DicomFormatException(_data.Path, start, null,
                    "The deflated dataset begins with a zlib header (78 xx, RFC 1950), but PS3.5 §A.5 requires raw deflate (RFC 1951) without one: its writer compressed it wrongly. It cannot be read.", ex);
            // Walk the blocks to say where the stream breaks; where the walk finds no fault, .NET's inflater found one the
            // walk does not look for, and the offset is where the compressed data start.
            DeflateWalk? walk = known;
            try
            {
                walk ??= Walk();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The file cannot be read again (changed, gone or locked since): the offset where the data start still says which.
            }
            if (walk is { Outcome: DeflateWalkOutcome.Invalid } w && w.CompressedLength > 0)
                return new DicomFormatException(_data.Path, start + w.CompressedLength - 1, null,
                    $"The deflated dataset is corrupt, not a valid deflate stream: {w.Error} (its compressed data start at offset {start}).", ex);
            return new DicomFormatException(_data.Path, start, null,
                "The deflated dataset is corrupt, not a valid deflate stream (its compressed data start at this offset).", ex);
        }

        protected override void Dispose(bool disposing)
        {
            // The compressed stream is the caller's: the inflater leaves it open.
            if (disposing) _inflater.Dispose();
            base.Dispose(disposing);
        }

        /// <summary>Passes the compressed bytes through and notes whether the inflater read them to their end.</summary>
        private sealed class InputWatch : ForwardReadStream
        {
            private readonly Stream _inner;

            public InputWatch(Stream inner) => _inner = inner;

            /// <summary>A read found no more bytes: the inflater wanted input after the last.</summary>
            public bool RanDry { get; private set; }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = _inner.Read(buffer, offset, count);
                if (n == 0 && count > 0) RanDry = true;
                return n;
            }
        }
    }
}
