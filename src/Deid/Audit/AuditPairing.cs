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

            // Exactly first, then ignoring case where that names one original only: on a file system that tells case apart,
            // a/X.dcm and a/x.dcm are two originals, and the output a/x.dcm was audited against a/X.dcm, whose values are not
            // its own (QA of 2026-12-07). A name two originals share pairs nothing.
            var byRelative = new Dictionary<string, string?>(StringComparer.Ordinal);
            var byRelativeFolded = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var byName = new Dictionary<string, string?>(StringComparer.Ordinal);
            var byNameFolded = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (path, relative, _) in ins)
            {
                if (!byRelative.ContainsKey(relative)) byRelative.Add(relative, path);
                Note(byRelativeFolded, relative, path);
                string name = Path.GetFileName(path);
                Note(byName, name, path);
                Note(byNameFolded, name, path);
            }
            foreach (var (path, relative, inFolder) in outs)
            {
                string name = Path.GetFileName(path);
                string? original = Find(byRelative, relative) ?? Find(byRelativeFolded, relative) ?? Find(byName, name) ?? Find(byNameFolded, name);
                if (original != null)
                    pairs.Add(new AuditPair(original, path, inFolder ? relative : null));
                else
                    unpaired.Add(path);
            }
            return pairs;
        }

        // Null marks a key two originals share: it pairs nothing.
        private static void Note(Dictionary<string, string?> map, string key, string path) => map[key] = map.ContainsKey(key) ? null : path;

        private static string? Find(Dictionary<string, string?> map, string key) => map.TryGetValue(key, out var path) ? path : null;

        // A name starting with a dot below the folder given, or a file the walk's own rule leaves out (FolderWalk.IsLeftOut:
        // hidden, or the atomic writer's temporary copy).
        private static bool IsHidden(string root, string file)
        {
            string? relative = Batch.OutputPaths.RelativeTo(root, file);
            if (relative == null) return false;
            foreach (string part in relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
            {
                if (part.StartsWith(".", StringComparison.Ordinal)) return true;
            }
            try
            {
                return Batch.FolderWalk.IsLeftOut(Path.GetFileName(file), File.GetAttributes(file));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
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
                    // Hidden files are left out, as the walk of -Recurse leaves them (a killed run's hidden temporary copy is no output).
                    var files = new List<string>();
                    foreach (string f in Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories))
                    {
                        if (!IsHidden(p, f)) files.Add(f);
                    }
                    files.Sort(StringComparer.Ordinal);
                    foreach (string f in files)
                    {
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
