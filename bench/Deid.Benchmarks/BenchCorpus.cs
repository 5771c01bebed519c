using System;
using System.Collections.Generic;
using System.IO;

namespace Deid.Benchmarks
{
    /// <summary>Where the benchmarks find their inputs: the repository (for the shipped recipes) and deid's seven cookie files beside it.</summary>
    internal static class BenchCorpus
    {
        /// <summary>The repository root: the first folder above the benchmark binaries that holds Deid.PowerShell.sln.</summary>
        public static string RepositoryRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Deid.PowerShell.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("Deid.PowerShell.sln was not found above " + AppContext.BaseDirectory);
        }

        /// <summary>deid's cookie files (../shared/data/deid-data/dicom-cookies), in ordinal order so every run sees the same sequence.</summary>
        public static string[] CookieFiles()
        {
            var cookies = Path.Combine(RepositoryRoot(), "..", "shared", "data", "deid-data", "dicom-cookies");
            var list = new List<string>(Directory.GetFiles(cookies, "*.dcm"));
            list.Sort(StringComparer.Ordinal);
            return list.ToArray();
        }
    }
}
