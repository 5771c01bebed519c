using System.IO;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>The spool folder is the process's: tests that count on it being empty run alone.</summary>
    [CollectionDefinition(nameof(SpoolFolderLifetimeTests), DisableParallelization = true)]
    public sealed class SpoolFolderCollection
    {
    }

    /// <summary>
    /// QA 2026-12-07: a Start-Job process is killed when its command ends, before its exit handler runs, and left an empty
    /// spool folder in the temporary folder for every job that cleaned pixels. The folder now goes when its last spool file
    /// does, and the next spool makes it again.
    /// </summary>
    [Collection(nameof(SpoolFolderLifetimeTests))]
    public sealed class SpoolFolderLifetimeTests
    {
        [Fact]
        public void The_folder_goes_with_its_last_spool_file_and_comes_back_with_the_next()
        {
            var first = new EncapsulatedPixelDataBuilder();
            var second = new EncapsulatedPixelDataBuilder();
            string folder = Path.GetDirectoryName(first.TemporaryPath)!;
            Assert.Equal(folder, Path.GetDirectoryName(second.TemporaryPath));
            first.Dispose();
            first.Dispose(); // twice: released once
            Assert.True(Directory.Exists(folder), "the second builder's file is still in it");
            second.Dispose();
            Assert.False(Directory.Exists(folder));

            using var third = new EncapsulatedPixelDataBuilder();
            string again = Path.GetDirectoryName(third.TemporaryPath)!;
            Assert.True(File.Exists(third.TemporaryPath));
            Assert.StartsWith("deid-spool-", Path.GetFileName(again), System.StringComparison.Ordinal);
        }
    }
}
