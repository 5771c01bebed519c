using System;
using System.Collections.Generic;
using System.Linq;

namespace Deid.Dicom.Tests.Referee
{
    /// <summary>The files of ../shared/data the referee tests run over.</summary>
    public static class RefereeCorpus
    {
        private const string DicomdirTests = "pydicom/test_files/dicomdirtests/";

        /// <summary>The files of the corpus that are broken on purpose and must not be read (our reader throws).</summary>
        public static readonly IReadOnlyCollection<string> MustError = new[]
        {
            "pydicom/test_files/MR_truncated.dcm",
            "pydicom/test_files/rtplan_truncated.dcm",
            "pydicom/test_files/no_meta.dcm",
            DicomdirTests + "DICOMDIR-nooffset",
        };

        /// <summary>Every DICOM file of the shared data except <see cref="MustError"/>, relative to the data folder.</summary>
        public static IEnumerable<string> ReadableFiles() => TestData.AllDicomFiles().Where(p => !MustError.Contains(p));

        public static IEnumerable<object[]> ReadableFilesData() => ReadableFiles().Select(p => new object[] { p });

        /// <summary>
        /// The files the write referee edits: every readable file, except that of the image series below dicomdirtests
        /// (77654033/CT2, TINY_ALPHA/.../SE000000 and the like: images of one series written by one tool, 90 files
        /// between them) only the first file of each folder is taken, since each costs five tool runs and the others
        /// add no transfer syntax, structure or character set. The DICOMDIR variants are all kept.
        /// </summary>
        public static IEnumerable<string> WriteFiles() =>
            ReadableFiles()
                .GroupBy(p => p.Substring(0, p.LastIndexOf('/') + 1), StringComparer.Ordinal)
                .SelectMany(g => g.Key.StartsWith(DicomdirTests, StringComparison.Ordinal) && g.Key != DicomdirTests
                    ? g.Where(p => p.EndsWith("/DICOMDIR", StringComparison.Ordinal)).Concat(g.Where(p => !p.EndsWith("/DICOMDIR", StringComparison.Ordinal)).Take(1))
                    : g);

        public static IEnumerable<object[]> WriteFilesData() => WriteFiles().Select(p => new object[] { p });
    }
}
