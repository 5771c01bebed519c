using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace Deid.PowerShell
{
    /// <summary>
    /// Turns one -Path (wildcards) or -LiteralPath argument into file-system file paths, the same way for every cmdlet: missing
    /// paths and other providers are non-terminating errors, folders a warning (pipe Get-ChildItem -File for their contents).
    /// </summary>
    internal static class FileResolver
    {
        public static IEnumerable<string> Resolve(PSCmdlet cmdlet, string input, bool literal) => Resolve(cmdlet, input, literal, keepFolders: false);

        /// <summary>
        /// A -Path that matches nothing as a pattern but names an existing file or folder as it is written: a file named with
        /// brackets, 'a[1].dcm'. This is how the module's own objects reach it — their Path binds to -Path by property name, and
        /// '[1]' as a pattern matches only 'a1.dcm' — so without it such files left a batch with no error at all.
        /// </summary>
        private static void AddLiteralMatch(PSCmdlet cmdlet, string input, List<string> resolved)
        {
            if (ExistingAsWritten(cmdlet, input) is string p) resolved.Add(p);
        }

        /// <summary>
        /// The file-system path of <paramref name="input"/> read literally, when it holds wildcard characters and names an existing
        /// file or folder as written; otherwise null. For a -Path that matched nothing as a pattern (see AddLiteralMatch).
        /// </summary>
        internal static string? ExistingAsWritten(PSCmdlet cmdlet, string input)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(input)) return null;
            string p;
            try
            {
                p = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out var provider, out _);
                if (provider.Name != "FileSystem") return null;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ItemNotFoundException)
            {
                return null;
            }
            return File.Exists(p) || Directory.Exists(p) ? p : null;
        }

        /// <summary>
        /// A -Path whose folder part holds brackets that name an existing folder as written ('./Study [1]/*.dcm', an export named
        /// by study): as a pattern, '[1]' matches only 'Study 1', so the whole path matched nothing and the batch was silently
        /// empty (QA 2026-12-07). The same path with its folder part escaped (taken as written) and its last part still a
        /// pattern; null when the folder part has no wildcard characters or names no folder as written.
        /// </summary>
        private static string? WithFolderAsWritten(PSCmdlet cmdlet, string input) =>
            FolderAsWritten(cmdlet, input, out int cut) == null ? null : WildcardPattern.Escape(input.Substring(0, cut)) + input.Substring(cut);

        /// <summary>
        /// The folder the part of <paramref name="input"/> before its last separator (at <paramref name="cut"/>) names when read as
        /// written, when that part holds wildcard characters and the folder exists; otherwise null.
        /// </summary>
        private static string? FolderAsWritten(PSCmdlet cmdlet, string input, out int cut)
        {
            cut = Math.Max(input.LastIndexOf('/'), input.LastIndexOf('\\'));
            if (cut <= 0) return null;
            return ExistingAsWritten(cmdlet, input.Substring(0, cut)) is string folder && Directory.Exists(folder) ? folder : null;
        }

        /// <summary>As <see cref="Resolve(PSCmdlet, string, bool)"/>; with <paramref name="keepFolders"/> folders are returned too (-Recurse).</summary>
        public static List<string> Resolve(PSCmdlet cmdlet, string input, bool literal, bool keepFolders)
        {
            var resolved = ResolveAsGiven(cmdlet, input, literal, keepFolders, out bool notFound, out bool matchedFolders);
            // Only a pattern that matched nothing at all: one that matched folders (left out, with a warning) meant those.
            if (resolved.Count > 0 || matchedFolders || literal || !(WithFolderAsWritten(cmdlet, input) is string asWritten))
            {
                if (notFound) cmdlet.WriteError(Errors.PathNotFound(input));
                if (resolved.Count > 0 && !literal) WarnOfOtherFolder(cmdlet, input, resolved);
                return resolved;
            }
            cmdlet.WriteVerbose($"-Path '{input}' matched nothing as a pattern; its folder exists as written, so it is read as '{asWritten}'.");
            resolved = ResolveAsGiven(cmdlet, asWritten, literal: false, keepFolders, out notFound, out _);
            if (notFound) cmdlet.WriteError(Errors.PathNotFound(input));
            return resolved;
        }

        /// <summary>
        /// Says so when a pattern's folder part matched another folder than one that exists as written: './Study [1]/*.dcm' read
        /// 'Study 1' (PowerShell's rule: '[1]' is a set of one character) while 'Study [1]' is there too, another study's files,
        /// without a word (QA 2026-12-07). Asked only of a folder part holding wildcard characters.
        /// </summary>
        private static void WarnOfOtherFolder(PSCmdlet cmdlet, string input, List<string> resolved)
        {
            // The whole path too: 'Study [1]' given to -Recurse matched 'Study 1' while 'Study [1]' is there (QA of 2026-12-07:
            // only a folder part before a separator was looked at, and the commonest form read another study unsaid).
            if (ExistingAsWritten(cmdlet, input) is string whole)
            {
                if (!resolved.Exists(p => Deid.Batch.OutputPaths.IsSameOrInside(whole, p)))
                {
                    cmdlet.WriteWarning($"-Path '{input}' is read as a pattern, and it matched '{resolved[0]}'{(resolved.Count > 1 ? $" and {resolved.Count - 1} more" : string.Empty)}; '{whole}' named as written is not read. To read that one, escape the brackets with a backtick (`[ and `]) or use -LiteralPath.");
                    return;
                }
            }
            if (!(FolderAsWritten(cmdlet, input, out _) is string folder)) return;
            string prefix = folder.TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
            foreach (string p in resolved)
            {
                if (!p.StartsWith(prefix, StringComparison.Ordinal))
                {
                    cmdlet.WriteWarning($"-Path '{input}' is read as a pattern, and its folder part matched '{Path.GetDirectoryName(p)}'; the folder '{folder}' named as written is not read. To read that one, escape the brackets with a backtick (`[ and `]) or use -LiteralPath.");
                    return;
                }
            }
        }

        /// <summary>
        /// The resolution itself; <paramref name="notFound"/> when PowerShell found no such path (reported by the caller),
        /// <paramref name="matchedFolders"/> when folders matched and were left out.
        /// </summary>
        private static List<string> ResolveAsGiven(PSCmdlet cmdlet, string input, bool literal, bool keepFolders, out bool notFound, out bool matchedFolders)
        {
            notFound = false;
            matchedFolders = false;
            // Most inputs are absolute paths of existing files streamed one by one ([IO.Directory]::EnumerateFiles, a CSV's Path
            // column, -Path with an array); PowerShell's own resolution costs about 0.2 ms each (its globber), more than reading the
            // header, so such a path is taken as it is when PowerShell would resolve it to itself. Everything else goes through
            // PowerShell, whose errors and warnings stay the ones the user sees.
            if (IsPlainFilePath(input, literal)) return new List<string> { input };
            // Get-ChildItem's objects bind their PSPath, qualified by the provider: no current location is involved then.
            if (literal && input.StartsWith(FileSystemQualifier, StringComparison.OrdinalIgnoreCase))
            {
                string bare = input.Substring(FileSystemQualifier.Length);
                if (IsPlainFilePath(bare, literal: true)) return new List<string> { bare };
            }
            var resolved = new List<string>();
            try
            {
                if (literal)
                {
                    string p = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out var provider, out _);
                    if (provider.Name != "FileSystem") throw new ArgumentException($"'{input}' is not a file-system path.");
                    if (!File.Exists(p) && !Directory.Exists(p))
                    {
                        cmdlet.WriteError(Errors.PathNotFound(input));
                        return resolved;
                    }
                    resolved.Add(p);
                }
                else if (LeafGlob.TryExpand(cmdlet, input) is List<KeyValuePair<string, bool>> listed && listed.Count > 0)
                {
                    // Folders are known from the listing: no second look at each entry.
                    foreach (var entry in listed)
                    {
                        if (entry.Value && !keepFolders) { WarnOfFolder(cmdlet, entry.Key); matchedFolders = true; }
                        else resolved.Add(entry.Key);
                    }
                    return resolved;
                }
                else
                {
                    var paths = cmdlet.GetResolvedProviderPathFromPSPath(input, out var provider);
                    if (provider.Name != "FileSystem") throw new ArgumentException($"'{input}' is not a file-system path.");
                    resolved.AddRange(paths);
                    if (resolved.Count == 0) AddLiteralMatch(cmdlet, input, resolved);
                }
            }
            catch (ItemNotFoundException)
            {
                AddLiteralMatch(cmdlet, input, resolved);
                notFound = resolved.Count == 0;
                return resolved;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException)
            {
                cmdlet.WriteError(new ErrorRecord(ex, "InvalidPath", ErrorCategory.InvalidArgument, input));
                resolved.Clear();
                return resolved;
            }
            if (keepFolders) return resolved;
            matchedFolders = resolved.RemoveAll(p =>
            {
                if (!Directory.Exists(p)) return false;
                WarnOfFolder(cmdlet, p);
                return true;
            }) > 0;
            return resolved;
        }

        /// <summary>
        /// As <see cref="Resolve(PSCmdlet, string, bool, bool)"/> for a command that cannot do its work without a file (an audit, a
        /// comparison): a pattern that matches nothing is an error naming <paramref name="parameter"/> (a missing path already is
        /// one), where a listing would stay silent.
        /// </summary>
        public static List<string> ResolveRequired(PSCmdlet cmdlet, string input, string parameter, bool keepFolders)
        {
            var resolved = Resolve(cmdlet, input, literal: false, keepFolders);
            if (resolved.Count == 0 && WildcardPattern.ContainsWildcardCharacters(input)) cmdlet.WriteError(Errors.PatternMatchedNothing(parameter, input));
            return resolved;
        }

        /// <summary>Says that <paramref name="folder"/>, named or matched, is left out, and how to take its files.</summary>
        private static void WarnOfFolder(PSCmdlet cmdlet, string folder)
        {
            // Only cmdlets that take -Recurse suggest it (Compare-DicomDataset and Merge-DeidCrosswalk have none).
            // A folder that came down the pipeline is often one of Get-ChildItem -Recurse's, beside its files: -Recurse would
            // read those files twice, so leaving folders out (-File) is offered first.
            cmdlet.WriteWarning(!(cmdlet is FileCmdletBase)
                ? $"'{folder}' is a folder; pipe Get-ChildItem -File -Recurse to process the files in it."
                : cmdlet.MyInvocation.ExpectingInput
                    ? $"'{folder}' is a folder; pipe Get-ChildItem -File to leave folders out, or add -Recurse to process the files in it."
                    : $"'{folder}' is a folder; add -Recurse (or pipe Get-ChildItem -File -Recurse) to process the files in it.");
        }

        private const string FileSystemQualifier = @"Microsoft.PowerShell.Core\FileSystem::";

        private static readonly bool IsWindows = System.IO.Path.DirectorySeparatorChar == '\\';

        /// <summary>
        /// True when <paramref name="input"/> is an existing file that PowerShell would resolve to exactly this text: fully qualified
        /// and already normalised (GetFullPath gives it back), with no wildcard or escape character for -Path, no backslash on Unix
        /// (PowerShell reads it as a separator). PowerShell takes such a path as a file-system path wherever the current location is
        /// ("/x" on Unix even from Env:, "C:\x" names its drive).
        /// </summary>
        internal static bool IsPlainFilePath(string input, bool literal)
        {
            if (input.Length < 2) return false;
            if (IsWindows)
            {
                // "C:\x" only: "\x" is relative to the current drive and "\\server" shares go through PowerShell.
                if (!(char.IsLetter(input[0]) && input[1] == ':' && input.Length > 2 && input[2] == '\\')) return false;
            }
            else
            {
                if (input[0] != '/' || input.IndexOf('\\') >= 0) return false;
            }
            if (!literal && (input.IndexOf('`') >= 0 || WildcardPattern.ContainsWildcardCharacters(input))) return false;
            string full;
            try
            {
                full = System.IO.Path.GetFullPath(input);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                return false;
            }
            return string.Equals(full, input, StringComparison.Ordinal) && File.Exists(input);
        }
    }
}
