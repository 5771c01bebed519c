using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using Xunit;
using static Deid.Dicom.Tests.Pixels.PixelTestData;

namespace Deid.Dicom.Tests.Pixels
{
    /// <summary>
    /// A test-only codec: a 4-byte little endian length, then the frame's bytes XOR 0x5A. The length lets it ignore
    /// the padding byte a fragment of odd length gets, as real codestreams (JPEG EOI, RLE segment offsets) do.
    /// </summary>
    public sealed class XorCodec : IPixelCodec
    {
        public static readonly TransferSyntax Syntax = TransferSyntax.Lookup("1.2.826.0.1.3680043.10.1418.9.77");

        public IReadOnlyList<TransferSyntax> TransferSyntaxes { get; } = new[] { Syntax };

        public int Decoded { get; private set; }

        public void Decode(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry, Span<byte> destination)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(encodedFrame);
            if (length != destination.Length) throw new DicomFormatException(null, -1, DicomTag.PixelData, $"Frame of {length} bytes, expected {destination.Length}.");
            for (int i = 0; i < length; i++) destination[i] = (byte)(encodedFrame[4 + i] ^ 0x5A);
            Decoded++;
        }

        public void Encode(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, IBufferWriter<byte> destination)
        {
            var span = destination.GetSpan(frame.Length + 4);
            BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)frame.Length);
            for (int i = 0; i < frame.Length; i++) span[4 + i] = (byte)(frame[i] ^ 0x5A);
            destination.Advance(frame.Length + 4);
        }
    }

    public class PixelCodecRegistryTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "deid-codecs-" + Guid.NewGuid().ToString("N"));

        public PixelCodecRegistryTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Theory]
        [InlineData("1.2.840.10008.1.2")]
        [InlineData("1.2.840.10008.1.2.1")]
        [InlineData("1.2.840.10008.1.2.2")]
        [InlineData("1.2.840.10008.1.2.1.99")]
        public void NativeSyntaxesNeedNoCodec(string uid)
        {
            var ts = TransferSyntax.Lookup(uid);
            Assert.True(PixelCodecRegistry.IsNative(ts));
            var registry = new PixelCodecRegistry();
            Assert.False(registry.TryGetCodec(ts, out _));
            var e = Assert.Throws<InvalidOperationException>(() => registry.GetDecoder(ts));
            Assert.Contains("needs no codec", e.Message);
        }

        [Theory]
        [InlineData("1.2.840.10008.1.2.4.90", "cannot decode JPEG 2000 pixel data (1.2.840.10008.1.2.4.90): no decoder is available")]
        [InlineData("1.2.840.10008.1.2.5", "cannot decode RLE Lossless pixel data (1.2.840.10008.1.2.5): no decoder is available")]
        [InlineData("1.2.840.10008.1.2.4.50", "cannot decode JPEG Baseline (Process 1) pixel data (1.2.840.10008.1.2.4.50): no decoder is available")]
        public void ASyntaxWithoutACodecIsNamed(string uid, string message)
        {
            var ts = TransferSyntax.Lookup(uid);
            Assert.False(PixelCodecRegistry.IsNative(ts));
            Assert.Equal(message, Assert.Throws<NotSupportedException>(() => new PixelCodecRegistry().GetDecoder(ts)).Message);
            Assert.Equal(message.Replace("decode", "encode").Replace("decoder", "encoder"),
                Assert.Throws<NotSupportedException>(() => new PixelCodecRegistry().GetEncoder(ts)).Message);
        }

        [Fact]
        public void TheDefaultRegistryHasTheBuiltInCodecs()
        {
            Assert.IsType<RleCodec>(PixelCodecRegistry.Default.GetDecoder(TransferSyntax.RleLossless));
            Assert.IsType<JpegCodec>(PixelCodecRegistry.Default.GetDecoder(TransferSyntax.JpegBaseline));
            Assert.IsType<JpegLsCodec>(PixelCodecRegistry.Default.GetDecoder(TransferSyntax.Lookup("1.2.840.10008.1.2.4.80")));
            var fresh = PixelCodecRegistry.CreateWithBuiltInCodecs();
            Assert.NotSame(PixelCodecRegistry.Default, fresh);
            Assert.Equal(PixelCodecRegistry.Default.RegisteredTransferSyntaxes.Count, fresh.RegisteredTransferSyntaxes.Count);
        }

        [Fact]
        public void RegisteredCodecsAreFoundBySyntaxAndUid()
        {
            var registry = new PixelCodecRegistry();
            var codec = new XorCodec();
            registry.Register(codec);
            Assert.True(registry.TryGetCodec(XorCodec.Syntax, out var found));
            Assert.Same(codec, found);
            Assert.True(registry.TryGetCodec(XorCodec.Syntax.Uid + "\0", out found)); // UIDs as read, padded
            Assert.Same(codec, found);
            Assert.Same(codec, registry.GetDecoder(XorCodec.Syntax));
            Assert.Same(codec, registry.GetEncoder(XorCodec.Syntax));
            Assert.Equal(new[] { XorCodec.Syntax }, registry.RegisteredTransferSyntaxes);
            Assert.False(registry.TryGetCodec(TransferSyntax.RleLossless, out _));

            var replacement = new XorCodec();
            registry.Register(replacement);
            Assert.Same(replacement, registry.GetDecoder(XorCodec.Syntax));
            Assert.True(registry.Unregister(XorCodec.Syntax));
            Assert.False(registry.Unregister(XorCodec.Syntax));
            Assert.Throws<NotSupportedException>(() => registry.GetDecoder(XorCodec.Syntax));
        }

        [Fact]
        public void ACodecForANativeSyntaxIsRefused()
        {
            var registry = new PixelCodecRegistry();
            Assert.Throws<ArgumentException>(() => registry.Register(new NativeClaimingCodec()));
            Assert.Empty(registry.RegisteredTransferSyntaxes);
        }

        [Theory]
        [InlineData("rtdose.dcm", true)]
        [InlineData("rtdose_expb.dcm", false)]
        [InlineData("SC_rgb_small_odd.dcm", true)]
        [InlineData("MR_small_bigendian.dcm", false)]
        public void FramesRoundTripThroughACodecAndTheFragmentBuilder(string name, bool withOffsetTable)
        {
            var registry = new PixelCodecRegistry();
            registry.Register(new XorCodec());
            var source = DicomFile.Open(Shared(name));
            using var native = NativePixelData.Open(source.Dataset);
            var g = native.Geometry;

            // Encode every frame into a new file of the codec's syntax, as a transcoder would.
            var encoder = registry.GetEncoder(XorCodec.Syntax);
            var target = new DicomFile(XorCodec.Syntax);
            SetImagePixel(target.Dataset, g);
            string path = Path.Combine(_folder, "encoded.dcm");
            using (var builder = new EncapsulatedPixelDataBuilder(_folder))
            {
                var buffer = new ArrayBufferWriter<byte>();
                for (int f = 0; f < g.NumberOfFrames; f++)
                {
                    buffer.Clear();
                    encoder.Encode(native.ReadFrame(f), g, buffer);
                    builder.AppendFrame(buffer.WrittenSpan);
                }
                builder.Commit(target.Dataset, withOffsetTable);
                target.Save(path);
            }

            var reread = DicomFile.Open(path);
            Assert.Equal(XorCodec.Syntax, reread.TransferSyntax);
            var decoder = (XorCodec)registry.GetDecoder(reread.TransferSyntax);
            using var encapsulated = EncapsulatedPixelData.Open(reread.Dataset, path);
            Assert.Equal(g.ToString(), encapsulated.Geometry.ToString());
            var frame = new byte[g.FrameLength];
            for (int f = 0; f < g.NumberOfFrames; f++)
            {
                Assert.Equal(4 + g.FrameLength + (g.FrameLength & 1), encapsulated.GetFrameFragments(f).Length);
                encapsulated.DecodeFrame(f, decoder, frame);
                Assert.Equal(native.ReadFrame(f), frame);
            }
            Assert.Equal(g.NumberOfFrames, decoder.Decoded);
        }

        private sealed class NativeClaimingCodec : IPixelCodec
        {
            public IReadOnlyList<TransferSyntax> TransferSyntaxes { get; } = new[] { XorCodec.Syntax, TransferSyntax.ExplicitVRLittleEndian };

            public void Decode(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry, Span<byte> destination) => throw new NotSupportedException();

            public void Encode(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, IBufferWriter<byte> destination) => throw new NotSupportedException();
        }
    }
}
