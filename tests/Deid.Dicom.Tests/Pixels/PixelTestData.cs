using System;
using System.IO;

namespace Deid.Dicom.Tests.Pixels
{
    /// <summary>Builds small image datasets and files for the pixel tests.</summary>
    public static class PixelTestData
    {
        public static readonly DicomTag SamplesPerPixel = new DicomTag(0x0028, 0x0002);
        public static readonly DicomTag PhotometricInterpretation = new DicomTag(0x0028, 0x0004);
        public static readonly DicomTag PlanarConfiguration = new DicomTag(0x0028, 0x0006);
        public static readonly DicomTag NumberOfFrames = new DicomTag(0x0028, 0x0008);
        public static readonly DicomTag Rows = new DicomTag(0x0028, 0x0010);
        public static readonly DicomTag Columns = new DicomTag(0x0028, 0x0011);
        public static readonly DicomTag BitsAllocated = new DicomTag(0x0028, 0x0100);
        public static readonly DicomTag BitsStored = new DicomTag(0x0028, 0x0101);
        public static readonly DicomTag HighBit = new DicomTag(0x0028, 0x0102);
        public static readonly DicomTag PixelRepresentation = new DicomTag(0x0028, 0x0103);

        /// <summary>Writes the Image Pixel module of <paramref name="g"/> into <paramref name="ds"/>.</summary>
        public static void SetImagePixel(DicomDataset ds, PixelFrameGeometry g, bool withNumberOfFrames = true)
        {
            ds.SetNumbers(SamplesPerPixel, DicomVR.US, g.SamplesPerPixel);
            ds.SetString(PhotometricInterpretation, DicomVR.CS, g.PhotometricInterpretation);
            if (g.SamplesPerPixel > 1) ds.SetNumbers(PlanarConfiguration, DicomVR.US, g.PlanarConfiguration);
            if (withNumberOfFrames) ds.SetString(NumberOfFrames, DicomVR.IS, g.NumberOfFrames.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ds.SetNumbers(Rows, DicomVR.US, g.Rows);
            ds.SetNumbers(Columns, DicomVR.US, g.Columns);
            ds.SetNumbers(BitsAllocated, DicomVR.US, g.BitsAllocated);
            ds.SetNumbers(BitsStored, DicomVR.US, g.BitsStored);
            ds.SetNumbers(HighBit, DicomVR.US, g.HighBit);
            ds.SetNumbers(PixelRepresentation, DicomVR.US, g.PixelRepresentation);
        }

        /// <summary>A dataset of Explicit VR Little Endian (or the given encoding) with the module and no Pixel Data.</summary>
        public static DicomDataset Image(PixelFrameGeometry g, DicomEncoding? encoding = null)
        {
            var ds = new DicomDataset(encoding ?? DicomEncoding.ExplicitLittle);
            SetImagePixel(ds, g);
            return ds;
        }

        /// <summary>Deterministic bytes that differ from frame to frame and position to position.</summary>
        public static byte[] Pattern(int length, int seed)
        {
            var b = new byte[length];
            uint x = (uint)(seed * 2654435761u + 12345);
            for (int i = 0; i < length; i++)
            {
                x = x * 1103515245 + 12345;
                b[i] = (byte)(x >> 16);
            }
            return b;
        }

        /// <summary>The little endian frames concatenated, swapped to big endian in units of <paramref name="unit"/> when asked.</summary>
        public static byte[] Swapped(byte[] littleEndian, int unit)
        {
            var b = (byte[])littleEndian.Clone();
            for (int i = 0; i + unit <= b.Length; i += unit) Array.Reverse(b, i, unit);
            return b;
        }

        public static string Shared(string name) => TestData.PathOf("pydicom", "test_files", name);

        /// <summary>A dataset read with every value in memory (a seekable stream source is loaded, not referenced).</summary>
        public static DicomFile OpenInMemory(string path)
        {
            using var stream = new MemoryStream(File.ReadAllBytes(path));
            return DicomFile.Open(stream);
        }
    }

    /// <summary>A value source over an array that counts the bytes read from it, to prove frames are read alone.</summary>
    public sealed class CountingSource : DicomValueSource
    {
        private readonly byte[] _bytes;

        public CountingSource(byte[] bytes) => _bytes = bytes;

        public long BytesRead { get; private set; }

        public int Opens { get; private set; }

        public override string Description => "<counting>";

        public override Stream OpenRead()
        {
            Opens++;
            return new Counting(new MemoryStream(_bytes, false), this);
        }

        private sealed class Counting : Stream
        {
            private readonly MemoryStream _inner;
            private readonly CountingSource _owner;

            public Counting(MemoryStream inner, CountingSource owner)
            {
                _inner = inner;
                _owner = owner;
            }

            public override bool CanRead => true;
            public override bool CanSeek => true;
            public override bool CanWrite => false;
            public override long Length => _inner.Length;
            public override long Position { get => _inner.Position; set => _inner.Position = value; }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = _inner.Read(buffer, offset, count);
                _owner.BytesRead += n;
                return n;
            }
            public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
