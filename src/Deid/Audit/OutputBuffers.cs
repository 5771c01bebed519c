using System;
using System.Collections.Generic;
using System.IO;

namespace Deid.Audit
{
    /// <summary>
    /// The arrays an audit reads its outputs into, kept for the next output of the same length: a series' images, and the
    /// copies of one image, have one length. An output of 85,000 bytes or more read into a new array each time lands in the
    /// large-object heap, which the young collections that keep a batch's memory flat leave: over the 2,100 JPEG cookies
    /// (0.7 MB each) Test-DeidOutput peaked at 155–207 MB. Kept arrays are few and bounded, and go with the audit that
    /// kept them (one per command).
    /// </summary>
    internal sealed class OutputBuffers
    {
        // Only large-object-heap arrays: smaller ones die young at no cost.
        internal const int MinimumKept = 85_000;
        internal const int MaxKept = 16;
        internal const long MaxKeptBytes = 32L << 20;

        private readonly object _gate = new object();
        private readonly List<byte[]> _kept = new List<byte[]>();
        private long _keptBytes;

        /// <summary>How many arrays are kept now.</summary>
        internal int Count
        {
            get
            {
                lock (_gate) return _kept.Count;
            }
        }

        /// <summary>
        /// The bytes of the file at <paramref name="path"/> (as long as it was when opened), in an array exactly that long; null
        /// when it is longer than <paramref name="limit"/>. Give the array back with <see cref="Return"/> when done with it.
        /// </summary>
        public byte[]? Read(string path, long limit)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            long length = stream.Length;
            if (length > limit) return null;
            var bytes = Rent((int)length);
            int read = 0;
            while (read < bytes.Length)
            {
                int n = stream.Read(bytes, read, bytes.Length - read);
                if (n == 0) break;
                read += n;
            }
            if (read == bytes.Length) return bytes;
            // Shorter than when opened (cut meanwhile): what was there, in an array of its own length.
            var exact = new byte[read];
            Buffer.BlockCopy(bytes, 0, exact, 0, read);
            Return(bytes);
            return exact;
        }

        /// <summary>Keeps <paramref name="bytes"/> for a later output of its length, unless small or the kept are many.</summary>
        public void Return(byte[] bytes)
        {
            if (bytes.Length < MinimumKept || bytes.Length > MaxKeptBytes) return;
            lock (_gate)
            {
                foreach (var kept in _kept)
                {
                    if (ReferenceEquals(kept, bytes)) return;
                }
                // The oldest go first: a corpus's lengths change as its series do.
                while (_kept.Count > 0 && (_kept.Count >= MaxKept || _keptBytes + bytes.Length > MaxKeptBytes))
                {
                    _keptBytes -= _kept[0].Length;
                    _kept.RemoveAt(0);
                }
                _kept.Add(bytes);
                _keptBytes += bytes.Length;
            }
        }

        private byte[] Rent(int length)
        {
            if (length >= MinimumKept)
            {
                lock (_gate)
                {
                    for (int i = _kept.Count - 1; i >= 0; i--)
                    {
                        if (_kept[i].Length != length) continue;
                        var bytes = _kept[i];
                        _kept.RemoveAt(i);
                        _keptBytes -= bytes.Length;
                        return bytes;
                    }
                }
            }
            return new byte[length];
        }
    }
}
