using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Deid.Dicom;

namespace Deid.Benchmarks
{
    /// <summary>Header-only parse and full read+write of deid's seven cookie files (the corpus of the targets).</summary>
    [MemoryDiagnoser]
    public class CodecBenchmarks
    {
        private string[] _files = Array.Empty<string>();

        [GlobalSetup]
        public void Setup() => _files = BenchCorpus.CookieFiles();

        [Benchmark(Description = "header-only parse, 7 cookies")]
        public int HeaderOnly()
        {
            int n = 0;
            foreach (var f in _files) n += DicomFile.Open(f, DicomReadOptions.HeaderOnly).Dataset.Count;
            return n;
        }

        [Benchmark(Description = "read + write unmodified, 7 cookies")]
        public long ReadWrite()
        {
            long n = 0;
            foreach (var f in _files)
            {
                var file = DicomFile.Open(f);
                using var sink = new CountingStream();
                DicomWriter.Write(file, sink);
                n += sink.Length;
            }
            return n;
        }

        /// <summary>A stream that only counts: measures our work, not the disk's.</summary>
        private sealed class CountingStream : Stream
        {
            private long _length;
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => _length;
            public override long Position { get => _length; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => _length += count;
        }
    }
}
