using System;
using System.IO;
using Deid.Audit;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// The forward-only stream the audit searches a deflated output's inflated dataset through (src/Deid/Audit/BacktrackStream.cs):
    /// windows that start a little before the last one ended read the same bytes as from an array, and a deflate bomb stops.
    /// </summary>
    public class BacktrackStreamTests
    {
        /// <summary>Reads only, front to back, in pieces of at most 1,000 bytes: as an inflating stream gives them.</summary>
        private sealed class ForwardOnly : MemoryStream
        {
            public ForwardOnly(byte[] bytes) : base(bytes, false) { }
            public override bool CanSeek => false;
            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1000));
        }

        [Theory]
        [InlineData(7, 3)]
        [InlineData(4096, 40)]
        [InlineData(5000, 3000)]
        public void OverlappingWindows_ReadWhatTheArrayHolds(int window, int overlap)
        {
            var bytes = new byte[50_000];
            new Random(window).NextBytes(bytes);
            // Each window is read with the overlap before and after it: the next one starts twice the overlap back.
            using var stream = new BacktrackStream(new ForwardOnly(bytes), long.MaxValue, 1);
            stream.Reserve(2 * overlap);
            var buffer = new byte[window + overlap];
            for (long start = 0; start < bytes.Length; start += window)
            {
                long from = Math.Max(0, start - overlap);
                stream.Position = from;
                int got = 0, n;
                while (got < buffer.Length && (n = stream.Read(buffer, got, buffer.Length - got)) > 0) got += n;
                int expected = (int)Math.Min(buffer.Length, bytes.Length - from);
                Assert.Equal(expected, got);
                Assert.Equal(bytes.AsSpan((int)from, got).ToArray(), buffer.AsSpan(0, got).ToArray());
            }
            // Further back than it keeps: refused, not read wrong.
            Assert.Throws<NotSupportedException>(() => stream.Position = bytes.Length - 2 * overlap - 1);
        }

        [Fact]
        public void MoreThanTheLimit_IsRefused()
        {
            using var stream = new BacktrackStream(new ForwardOnly(new byte[10_000]), 5_000, 64);
            var buffer = new byte[4096];
            Assert.Equal(1000, stream.Read(buffer, 0, buffer.Length));
            var ex = Assert.Throws<IOException>(() => { while (stream.Read(buffer, 0, buffer.Length) > 0) { } });
            Assert.Contains("5000 bytes", ex.Message);
        }
    }
}
