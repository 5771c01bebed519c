using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom.Tests.Referee;
using Xunit;
using Xunit.Abstractions;

namespace Deid.Dicom.Tests.Pixels
{
    /// <summary>
    /// Lossless JPEG (Process 14, .57 with every predictor and .70) made by dcmtk's dcmcjpeg from native corpus files
    /// of 8-bit RGB and 16-bit signed monochrome, decoded by us and by dcmdjpeg: the samples must be identical.
    /// </summary>
    public sealed class JpegLosslessTests : IClassFixture<JpegLosslessTests.Files>
    {
        private readonly Files _files;
        private readonly ITestOutputHelper _output;

        public JpegLosslessTests(Files files, ITestOutputHelper output)
        {
            _files = files;
            _output = output;
        }

        public static IEnumerable<object[]> Cases()
        {
            foreach (var source in new[] { "MR_small.dcm", "CT_small.dcm", "SC_rgb_jpeg_dcmd.dcm" })
            {
                yield return new object[] { source, "+e1" };
                for (int sv = 1; sv <= 7; sv++) yield return new object[] { source, $"+sv{sv}" };
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void LosslessFramesEqualDcmdjpegs(string source, string mode)
        {
            string path = _files.Make(source, mode);
            var c = JpegReferee.Compare(path);
            _output.WriteLine(c.ToString());
            Assert.Equal(c.RefereePhotometric, c.OurPhotometric);
            Assert.Equal(0, c.MaxAbsDifference);
        }

        [Fact]
        public void TheCorpusLosslessRgbFileEqualsDcmdjpegs()
        {
            var c = JpegReferee.Compare(PixelTestData.Shared("SC_rgb_jpeg_gdcm.dcm"));
            _output.WriteLine(c.ToString());
            Assert.Equal("RGB", c.OurPhotometric);
            Assert.Equal(0, c.MaxAbsDifference);
        }

        /// <summary>The generated lossless files, made once in a temporary folder.</summary>
        public sealed class Files : IDisposable
        {
            private readonly string _folder = Directory.CreateTempSubdirectory("deid-jpeg-lossless-").FullName;
            private readonly Dictionary<string, string> _made = new Dictionary<string, string>(StringComparer.Ordinal);

            /// <summary>dcmcjpeg's lossless encoding of a pydicom test file: "+e1" for .70, "+svN" for .57 with predictor N.</summary>
            public string Make(string source, string mode)
            {
                lock (_made)
                {
                    string key = source + mode;
                    if (_made.TryGetValue(key, out var made)) return made;
                    string output = Path.Combine(_folder, Path.GetFileNameWithoutExtension(source) + mode.Replace("+", "_") + ".dcm");
                    var args = mode == "+e1" ? new[] { "+e1" } : new[] { "+el", "+sv", mode.Substring(3) };
                    var run = ToolRunner.Run("dcmcjpeg", args.Concat(new[] { PixelTestData.Shared(source), output }).ToArray());
                    if (run.ExitCode != 0) throw new InvalidOperationException(run.Describe());
                    _made[key] = output;
                    return output;
                }
            }

            public void Dispose() => Directory.Delete(_folder, recursive: true);
        }
    }
}
