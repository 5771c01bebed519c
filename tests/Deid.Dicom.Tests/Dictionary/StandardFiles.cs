using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Deid.Dicom.Tests.Dictionary
{
    /// <summary>The standard extract the dictionaries are generated from: ../shared/standard beside the repository.</summary>
    internal static class StandardFiles
    {
        private static readonly Lazy<string> Folder = new Lazy<string>(Find);

        public static string PathOf(string fileName) => Path.Combine(Folder.Value, fileName);

        /// <summary>The rows of a tab-separated file with a header line, as dictionaries keyed by column name.</summary>
        public static List<Dictionary<string, string>> ReadTsv(string fileName)
        {
            string[] lines = File.ReadAllLines(PathOf(fileName));
            string[] header = lines[0].Split('\t');
            return lines.Skip(1)
                .Where(l => l.Length > 0)
                .Select(l => l.Split('\t'))
                .Select(cols => header.Select((h, i) => (h, v: cols[i])).ToDictionary(p => p.h, p => p.v))
                .ToList();
        }

        private static string Find()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Deid.PowerShell.sln")))
                {
                    string standard = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "standard"));
                    if (!Directory.Exists(standard)) throw new DirectoryNotFoundException($"The standard extract is not at {standard}.");
                    return standard;
                }
            }
            throw new DirectoryNotFoundException($"No folder holding Deid.PowerShell.sln above {AppContext.BaseDirectory}.");
        }
    }
}
