using System;
using System.Collections.Generic;
using System.IO;

namespace Deid.Audit
{
    /// <summary>
    /// Pairs outputs with the originals they were made from. Files given one by one on both sides, as many outputs as
    /// originals, pair in order (outputs named by new UIDs share nothing with their originals' names). Otherwise each output
    /// pairs with the original at the same path relative to the folder given (Invoke-DeidReplace keeps relative names),
    /// then with the one original of the same file name.
    /// </summary>
    public static class AuditPairing
    {
        /// <summary>Pairs <paramref name="outputs"/> (files or folders) with <paramref name="originals"/> (files or folders).</summary>
        /// <param name="originals">Original files or folders (searched recursively).</param>
        /// <param name="outputs">Output files or folders (searched recursively).</param>
        /// <param name="unpaired">Outputs for which no original was found.</param>
        /// <returns>The pairs, in the outputs' order; an output found in a folder carries its path below that folder.</returns>
        public static List<AuditPair> Pair(IEnumerable<string> originals, IEnumerable<string> outputs, out List<string> unpaired)
        {
            if (originals == null) throw new ArgumentNullException(nameof(originals));
            if (outputs == null) throw new ArgumentNullException(nameof(outputs));
            var ins = Expand(originals, out bool inFolders);
            var outs = Expand(outputs, out bool outFolders);
            var pairs = new List<AuditPair>();
            unpaired = new List<string>();
            if (!inFolders && !outFolders && ins.Count == outs.Count)
            {
                for (int i = 0; i < ins.Count; i++) pairs.Add(new AuditPair(ins[i].Path, outs[i].Path, null));
                return pairs;
            }

            var byRelative = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var byName = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (path, relative, _) in ins)
            {
                if (!byRelative.ContainsKey(relative)) byRelative.Add(relative, path);
                string name = Path.GetFileName(path);
                byName[name] = byName.ContainsKey(name) ? null : path; // a name two originals share pairs nothing
            }
            foreach (var (path, relative, inFolder) in outs)
            {
                if (byRelative.TryGetValue(relative, out var original) || (byName.TryGetValue(Path.GetFileName(path), out original) && original != null))
                    pairs.Add(new AuditPair(original!, path, inFolder ? relative : null));
                else
                    unpaired.Add(path);
            }
            return pairs;
        }

        private static List<(string Path, string Relative, bool InFolder)> Expand(IEnumerable<string> paths, out bool anyFolder)
        {
            anyFolder = false;
            var result = new List<(string, string, bool)>();
            foreach (string p in paths)
            {
                if (Directory.Exists(p))
                {
                    anyFolder = true;
                    var files = new List<string>(Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories));
                    files.Sort(StringComparer.Ordinal);
                    foreach (string f in files)
                    {
                        // A killed run's half-written copy in the output folder is no output (hidden files are listed here).
                        if (Deid.Dicom.AtomicFile.IsTemporaryName(Path.GetFileName(f))) continue;
                        string full = Path.GetFullPath(f);
                        string? relative = Batch.OutputPaths.RelativeTo(p, full);
                        result.Add((full, relative ?? Path.GetFileName(full), relative != null));
                    }
                }
                else
                {
                    result.Add((p, Path.GetFileName(p), false));
                }
            }
            return result;
        }
    }
}
