using System.IO;
using Deid.Batch;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// What a clash of two inputs tells the user to do: a tree flattened into one folder (one file name in two folders, as a
    /// Get-ChildItem -Recurse pipe gives) is told to keep the folders; other clashes to name the copies apart.
    /// </summary>
    public sealed class OutputConflictExceptionTests
    {
        private static readonly string Root = Path.Combine(Path.GetTempPath(), "export");

        [Fact]
        public void OneFileNameInTwoFoldersIsToldToKeepTheFolders()
        {
            var ex = new OutputConflictException(Path.Combine(Root, "a", "IM1.dcm"), Path.Combine(Root, "out", "IM1.dcm"), Path.Combine(Root, "b", "IM1.dcm"));
            Assert.Contains("-RelativeTo", ex.Message);
            Assert.Contains("-Recurse", ex.Message);
            Assert.Contains(Path.Combine(Root, "b", "IM1.dcm"), ex.Message);
        }

        [Fact]
        public void DifferentNamesAreToldToNameTheCopiesApart()
        {
            var ex = new OutputConflictException(Path.Combine(Root, "a", "IM1.dcm"), Path.Combine(Root, "out", "CT.dcm"), Path.Combine(Root, "a", "IM2.dcm"));
            Assert.Contains("distinct names", ex.Message);
            Assert.DoesNotContain("-RelativeTo", ex.Message);
        }

        [Fact]
        public void TheSameFileTwiceIsSaidSo()
        {
            string source = Path.Combine(Root, "a", "IM1.dcm");
            var ex = new OutputConflictException(source, Path.Combine(Root, "out", "IM1.dcm"), source);
            Assert.Contains("given twice", ex.Message);
        }

        [Fact]
        public void AnExistingOutputNamesForceAndSkipExisting()
        {
            var ex = new OutputConflictException(Path.Combine(Root, "a", "IM1.dcm"), Path.Combine(Root, "out", "IM1.dcm"), null);
            Assert.Contains("-Force", ex.Message);
            Assert.Contains("-SkipExisting", ex.Message);
            Assert.Null(ex.OtherSource);
        }
    }
}
