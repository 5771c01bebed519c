using System;
using System.IO;
using Deid.Batch;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>Issue 11 item 5: a copy keeps its place in the tree, and never lands outside the output folder.</summary>
    public class OutputPathsTests
    {
        private static readonly string Out = Path.Combine(Path.GetTempPath(), "deid-out");

        [Fact]
        public void APathTheSystemCannotNormalise_IsThatOutputsNameError_NotAnotherKindOfFailure()
        {
            // .NET Framework's Path.GetFullPath: PathTooLongException (an IOException) past 260 characters without long paths,
            // NotSupportedException for a ':' past the drive. They escaped the per-file catch and ended the command (QA F5).
            string relative = "PATIENT/STUDY/SERIES/IM000123";
            try
            {
                OutputPaths.FullPathForTest = p => p.EndsWith("IM000123", StringComparison.Ordinal) ? throw new PathTooLongException("The specified path, file name, or both are too long.") : p;
                var tooLong = Assert.Throws<ArgumentException>(() => OutputPaths.Under(Out, relative));
                Assert.Contains(relative, tooLong.Message);
                Assert.Contains("260", tooLong.Message);
                Assert.Contains("LongPathsEnabled", tooLong.Message);
                Assert.IsType<PathTooLongException>(tooLong.InnerException);

                OutputPaths.FullPathForTest = p => p.EndsWith("IM000123", StringComparison.Ordinal) ? throw new NotSupportedException("The given path's format is not supported.") : p;
                var unsupported = Assert.Throws<ArgumentException>(() => OutputPaths.Under(Out, relative));
                Assert.Contains(relative, unsupported.Message);
                Assert.IsType<NotSupportedException>(unsupported.InnerException);
            }
            finally
            {
                OutputPaths.FullPathForTest = null;
            }
        }

        [Theory]
        [InlineData("SE1/IM00001", "SE1", "IM00001")]
        [InlineData("SE2\\IM00001", "SE2", "IM00001")]
        [InlineData("a/./b.dcm", "a", "b.dcm")]
        public void Under_JoinsInsideTheFolder(string relative, string folder, string name) =>
            Assert.Equal(Path.Combine(Out, folder, name), OutputPaths.Under(Out, relative));

        [Theory]
        [InlineData("../x.dcm")]
        [InlineData("a/../../x.dcm")]
        [InlineData("a/..")]
        [InlineData("/etc/passwd")]
        [InlineData("C:\\x.dcm")]
        [InlineData("")]
        [InlineData(".")]
        public void Under_RefusesWhatCouldLeaveTheFolder(string relative) =>
            Assert.Throws<ArgumentException>(() => OutputPaths.Under(Out, relative));

        [Fact]
        public void RelativeTo_GivesThePathInsideTheRoot_OrNull()
        {
            string root = Path.Combine(Path.GetTempPath(), "export");
            Assert.Equal(Path.Combine("SE1", "IM00001"), OutputPaths.RelativeTo(root, Path.Combine(root, "SE1", "IM00001")));
            Assert.Equal(Path.Combine("SE1", "IM00001"), OutputPaths.RelativeTo(root + Path.DirectorySeparatorChar, Path.Combine(root, "SE1", "IM00001")));
            Assert.Null(OutputPaths.RelativeTo(root, Path.Combine(Path.GetTempPath(), "export2", "IM00001")));
            Assert.Null(OutputPaths.RelativeTo(root, root));
        }

        [Fact]
        public void IsSameOrInside_TheFolderItselfAndWhatIsUnderIt_NotASiblingSharingItsName()
        {
            string root = Path.Combine(Path.GetTempPath(), "export");
            Assert.True(OutputPaths.IsSameOrInside(root, root));
            Assert.True(OutputPaths.IsSameOrInside(root + Path.DirectorySeparatorChar, root));
            Assert.True(OutputPaths.IsSameOrInside(root, Path.Combine(root, "SE1")));
            Assert.True(OutputPaths.IsSameOrInside(root, Path.Combine(root, "SE1", "..", "SE2", "IM1")));
            Assert.False(OutputPaths.IsSameOrInside(root, Path.Combine(Path.GetTempPath(), "export2")));
            Assert.False(OutputPaths.IsSameOrInside(Path.Combine(root, "SE1"), root));
        }

        /// <summary>
        /// QA of 2026-12-07: on a file system that ignores case (macOS, an SMB share) a crosswalk in ~/share/deid was let into
        /// -OutputFolder ~/Share/Deid. A folder of the same letters in another case is asked, by a probe, whether it is the same
        /// one; on this machine's file system the two are two folders, and the probe says so.
        /// </summary>
        [Fact]
        public void IsReallySameOrInside_AsksAFolderSpelledInAnotherCase_WhetherItIsTheSame()
        {
            string root = Path.Combine(Path.GetTempPath(), "deid-case-" + Guid.NewGuid().ToString("N"));
            string upper = Path.Combine(root, "Share", "Deid"), lower = Path.Combine(root, "share", "deid");
            Directory.CreateDirectory(upper);
            Directory.CreateDirectory(lower);
            try
            {
                string crosswalk = Path.Combine(lower, "map.csv");
                var asked = new System.Collections.Generic.List<(string, string)>();
                Assert.True(OutputPaths.IsReallySameOrInside(upper, crosswalk, (a, b) => { asked.Add((a, b)); return true; }));
                Assert.Equal((lower, upper), Assert.Single(asked));
                Assert.False(OutputPaths.IsReallySameOrInside(upper, crosswalk));
                Assert.False(OutputPaths.IsReallySameOrInside(upper, Path.Combine(root, "share", "deidx", "map.csv"), (a, b) => true));
                Assert.Empty(Directory.GetFileSystemEntries(upper));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
