using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using Deid.Dicom;
using Deid.Pixels;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// A High-Throughput JPEG 2000 file (transfer syntax 1.2.840.10008.1.2.4.201, the form cloud archives export) is cleaned
    /// as a JPEG 2000 one is: decoded (the HT block decoder, refereed against OpenJPH in Deid.Dicom.Tests), the region
    /// blanked, written uncompressed. The file is made here from a synthetic sample by OpenJPH's own encoder, so the cleaned
    /// copy must equal the sample's original samples everywhere outside the region.
    /// </summary>
    public sealed class HtJ2kCleaningTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("deid-htj2k-clean").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        [Theory]
        [InlineData(SampleModality.US, "1.2.840.10008.1.2.4.201")]
        [InlineData(SampleModality.CT, "1.2.840.10008.1.2.4.202")]
        [InlineData(SampleModality.MR, "1.2.840.10008.1.2.4.203")]
        public void HtJ2kFile_DecodedCleanedAndStoredUncompressed(SampleModality modality, string syntax)
        {
            var file = DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = modality, Seed = 12, Rows = 96, Columns = 112 }).File;
            var geometry = PixelFrameGeometry.FromDataset(file.Dataset);
            byte[] original;
            using (var native = NativePixelData.Open(file.Dataset)) original = native.ReadFrame(0);

            byte[] codestream = Encode(original, geometry);
            if ((codestream.Length & 1) == 1) Array.Resize(ref codestream, codestream.Length + 1);
            EncapsulatedPixelDataBuilder.SetPixelData(file.Dataset, EncapsulatedPixelDataBuilder.CreateFragments(new[] { (ReadOnlyMemory<byte>)codestream }, withOffsetTable: false));
            file.ChangeTransferSyntax(TransferSyntax.Lookup(syntax));
            string htj2k = Path.Combine(_dir, "htj2k.dcm");
            file.Save(htj2k);

            var input = DicomFile.Open(htj2k);
            Assert.Equal(syntax, input.TransferSyntax.Uid);
            var region = PixelRegion.Rectangle(0, 0, geometry.Columns / 2, geometry.Rows / 3);
            var result = PixelCleaner.Clean(input, new[] { region }, PixelCompression.None, out var spool);
            Assert.Equal(1, result.FramesCleaned);
            string output = Path.Combine(_dir, "cleaned.dcm");
            try
            {
                input.Save(output);
            }
            finally
            {
                spool?.Dispose();
            }

            var written = DicomFile.Open(output);
            Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, written.TransferSyntax);
            using var cleaned = NativePixelData.Open(written.Dataset);
            Assert.Equal(geometry.PhotometricInterpretation, cleaned.Geometry.PhotometricInterpretation);
            var expected = (byte[])original.Clone();
            FrameCleaner.Apply(expected, geometry, new PixelMask(geometry.Columns, geometry.Rows, new[] { region }));
            Assert.Contains(expected, b => b != 0);
            Assert.Equal(expected, cleaned.ReadFrame(0));
        }

        // The frame as a PGM (big-endian above 8 bits, the maximum value giving the bits stored) through ojph_compress, lossless.
        private byte[] Encode(byte[] frame, PixelFrameGeometry g)
        {
            Assert.Equal(1, g.SamplesPerPixel);
            Assert.Equal(0, g.PixelRepresentation);
            string pgm = Path.Combine(_dir, "frame.pgm");
            using (var output = File.Create(pgm))
            {
                var header = Encoding.ASCII.GetBytes($"P5\n{g.Columns} {g.Rows}\n{(1 << g.BitsStored) - 1}\n");
                output.Write(header, 0, header.Length);
                int bytes = g.BitsAllocated / 8;
                for (int i = 0; i < g.Rows * g.Columns; i++)
                {
                    if (bytes == 1) output.WriteByte(frame[i]);
                    else
                    {
                        output.WriteByte(frame[2 * i + 1]);
                        output.WriteByte(frame[2 * i]);
                    }
                }
            }
            string j2c = Path.Combine(_dir, "frame.j2c");
            var start = new ProcessStartInfo("ojph_compress") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string a in new[] { "-i", pgm, "-o", j2c, "-reversible", "true", "-num_decomps", "3", "-block_size", "{32,32}" }) start.ArgumentList.Add(a);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("ojph_compress did not start (install openjph-tools)");
            string said = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(60000), "ojph_compress did not finish");
            Assert.True(process.ExitCode == 0 && File.Exists(j2c), "ojph_compress: " + said);
            return File.ReadAllBytes(j2c);
        }
    }
}
