using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Deid.Dicom.Tests.Referee
{
    /// <summary>
    /// <c>DicomFileReader.DcmtkReadsByUid</c> is a table of the transfer syntaxes dcmtk 3.6.7 reads a dataset by; under any
    /// other UID dcmtk guesses the encoding from the data, and the reader checks that guess (seventh review of the parser QA
    /// fixes, 2026-12-07: UIDs this reader knows and dcmtk does not, HTJ2K, Papyrus, SMPTE, any "1.2.840.10008.1.2.4.*", were
    /// read as declared here and guessed big endian there). The table is held to dcmdump itself: each UID declared over data
    /// that are explicit VR big endian, dcmdump says which syntax it used.
    /// </summary>
    public class DcmtkSyntaxTableTests
    {
        [Theory]
        [InlineData("1.2.840.10008.1.2")]
        [InlineData("1.2.840.10008.1.2.1")]
        [InlineData("1.2.840.10008.1.2.1.99")]
        [InlineData("1.2.840.10008.1.2.1.98")]
        [InlineData("1.2.840.10008.1.2.5")]
        [InlineData("1.2.840.10008.1.2.4.50")]
        [InlineData("1.2.840.10008.1.2.4.66")]
        [InlineData("1.2.840.10008.1.2.4.67")]
        [InlineData("1.2.840.10008.1.2.4.70")]
        [InlineData("1.2.840.10008.1.2.4.81")]
        [InlineData("1.2.840.10008.1.2.4.90")]
        [InlineData("1.2.840.10008.1.2.4.95")]
        [InlineData("1.2.840.10008.1.2.4.96")]
        [InlineData("1.2.840.10008.1.2.4.100")]
        [InlineData("1.2.840.10008.1.2.4.108")]
        [InlineData("1.2.840.10008.1.2.4.110")]
        [InlineData("1.2.840.10008.1.2.4.201")]
        [InlineData("1.2.840.10008.1.2.4.205")]
        [InlineData("1.2.840.10008.1.2.4.050")]
        [InlineData("1.2.840.10008.1.2.4.999")]
        [InlineData("1.2.840.10008.1.2.6.1")]
        [InlineData("1.2.840.10008.1.2.7.1")]
        [InlineData("1.2.840.10008.1.2.8.1")]
        [InlineData("1.2.840.10008.1.20")]
        [InlineData("1.2.840.113619.5.2")]
        public async Task The_table_says_what_dcmdump_does(string uid)
        {
            string path = Path.Combine(Path.GetTempPath(), "deid-xfer-" + Guid.NewGuid().ToString("N") + ".dcm");
            try
            {
                File.WriteAllBytes(path, DeclaredOverBigEndianData(uid));
                var dump = await ToolRunner.RunAsync("dcmdump", new[] { path });
                // The dataset's line is the last "Used TransferSyntax" (the meta's comes first). Read by the UID, dcmtk reads the
                // big endian data little endian and fails, or names the declared syntax; guessed, it names big endian.
                string? used = dump.Stdout.Split('\n').LastOrDefault(l => l.Contains("# Used TransferSyntax:", StringComparison.Ordinal) && !l.Contains("Dicom-Meta", StringComparison.Ordinal));
                bool guessed = dump.ExitCode == 0 && used != null && used.Contains("Big Endian Explicit", StringComparison.Ordinal);
                Assert.True(DicomFileReader.DcmtkReadsByUid(uid) == !guessed, $"{uid}: table says {(DicomFileReader.DcmtkReadsByUid(uid) ? "read by its UID" : "guessed")}; {dump.Describe()}\n{used}");
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>
        /// GE's private Implicit VR Big Endian: dcmtk reads by it, this reader cannot, and taken for an unknown syntax the file
        /// was read little endian: refused, with how to convert it.
        /// </summary>
        [Fact]
        public void GEs_private_implicit_big_endian_is_refused()
        {
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(DeclaredOverBigEndianData("1.2.840.113619.5.2")));
            Assert.Contains("GE's private Implicit VR Big Endian", ex.Message, StringComparison.Ordinal);
        }

        // Explicit VR big endian data, (0008,0000) UL then (0008,0060) CS, under a meta declaring uid.
        private static byte[] DeclaredOverBigEndianData(string uid)
        {
            var data = new MemoryStream();
            void Be(ushort g, ushort e, string vr, byte[] value)
            {
                var h = new byte[8];
                BinaryPrimitives.WriteUInt16BigEndian(h, g);
                BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), e);
                h[4] = (byte)vr[0];
                h[5] = (byte)vr[1];
                BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(6), (ushort)value.Length);
                data.Write(h, 0, 8);
                data.Write(value, 0, value.Length);
            }
            Be(0x0008, 0x0000, "UL", new byte[] { 0, 0, 0, 10 });
            Be(0x0008, 0x0060, "CS", Encoding.ASCII.GetBytes("OT"));
            var text = Encoding.ASCII.GetBytes(uid.Length % 2 == 0 ? uid : uid + "\0");
            var ts = new byte[8 + text.Length];
            ts[0] = 0x02;
            ts[2] = 0x10;
            ts[4] = (byte)'U';
            ts[5] = (byte)'I';
            BinaryPrimitives.WriteUInt16LittleEndian(ts.AsSpan(6), (ushort)text.Length);
            text.CopyTo(ts, 8);
            var length = new byte[12];
            length[0] = 0x02;
            length[4] = (byte)'U';
            length[5] = (byte)'L';
            length[6] = 4;
            BinaryPrimitives.WriteUInt32LittleEndian(length.AsSpan(8), (uint)ts.Length);
            var file = new MemoryStream();
            file.Write(new byte[128], 0, 128);
            file.Write(Encoding.ASCII.GetBytes("DICM"), 0, 4);
            file.Write(length, 0, length.Length);
            file.Write(ts, 0, ts.Length);
            data.Position = 0;
            data.CopyTo(file);
            return file.ToArray();
        }
    }
}
