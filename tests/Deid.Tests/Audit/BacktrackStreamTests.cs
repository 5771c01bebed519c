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

        /// <summary>Gives its bytes, then fails as an inflating stream does at a corrupt block.</summary>
        private sealed class CorruptAfter : MemoryStream
        {
            public CorruptAfter(byte[] bytes) : base(bytes, false) { }
            public override bool CanSeek => false;
            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = base.Read(buffer, offset, Math.Min(count, 1000));
                return n > 0 ? n : throw new InvalidDataException("The archive entry was compressed using an unsupported compression method.");
            }
        }

        /// <summary>
        /// A corrupt block ends the stream where it stands, with why (fuzz seed 105: the exception went up through Test-DeidOutput
        /// and ended its run): the bytes before it read as usual, and reads after it give nothing.
        /// </summary>
        [Fact]
        public void ACorruptBlock_EndsTheStreamThere_WithWhy()
        {
            var bytes = new byte[2500];
            new Random(5).NextBytes(bytes);
            using var stream = new BacktrackStream(new CorruptAfter(bytes), long.MaxValue, 64);
            var buffer = new byte[4096];
            int got = 0, n;
            while ((n = stream.Read(buffer, got, buffer.Length - got)) > 0) got += n;
            Assert.Equal(bytes, buffer.AsSpan(0, got).ToArray());
            Assert.Equal("its deflated dataset breaks off in a corrupt block (inflated to at least byte 2500): The archive entry was compressed using an unsupported compression method.", stream.Failure);
            Assert.Equal(0, stream.Read(buffer, 0, buffer.Length));
            stream.Position = 2490; // what it kept is still there to go back to
            Assert.Equal(10, stream.Read(buffer, 0, buffer.Length));
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
