using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Deid.Dicom.Tests
{
    /// <summary>Locates the repository and the shared test data beside it (../shared).</summary>
    public static class TestData
    {
        private static readonly Lazy<string> Root = new Lazy<string>(() =>
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Deid.PowerShell.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Repository root (Deid.PowerShell.sln) not found above " + AppContext.BaseDirectory);
        });

        public static string RepoRoot => Root.Value;

        public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

        public static string Data => Path.Combine(Shared, "data");

        public static string PathOf(params string[] parts) => Path.Combine(new[] { Data }.Concat(parts).ToArray());

        private static readonly string[] NotDicom = { ".txt", ".json", ".dump", ".icc", ".gz", ".zip" };

        /// <summary>Every file under ../shared/data that is meant to be DICOM (all but licences, notes, JSON, archives), relative to it, sorted.</summary>
        public static IEnumerable<string> AllDicomFiles() =>
            Directory.EnumerateFiles(Data, "*", SearchOption.AllDirectories)
                .Where(p => !NotDicom.Contains(Path.GetExtension(p).ToLowerInvariant()))
                .Where(p => Path.GetFileName(p) is not ("LICENSE" or "README"))
                .Select(p => Path.GetRelativePath(Data, p).Replace('\\', '/'))
                .OrderBy(p => p, StringComparer.Ordinal);

        public static IEnumerable<object[]> AllDicomFilesData() => AllDicomFiles().Select(p => new object[] { p });
    }
}
