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

        /// <summary>As <see cref="Resolve(PSCmdlet, string, bool)"/>; with <paramref name="keepFolders"/> folders are returned too (-Recurse).</summary>
        public static List<string> Resolve(PSCmdlet cmdlet, string input, bool literal, bool keepFolders)
        {
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
                else
                {
                    var paths = cmdlet.GetResolvedProviderPathFromPSPath(input, out var provider);
                    if (provider.Name != "FileSystem") throw new ArgumentException($"'{input}' is not a file-system path.");
                    resolved.AddRange(paths);
                }
            }
            catch (ItemNotFoundException)
            {
                cmdlet.WriteError(Errors.PathNotFound(input));
                return resolved;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException)
            {
                cmdlet.WriteError(new ErrorRecord(ex, "InvalidPath", ErrorCategory.InvalidArgument, input));
                resolved.Clear();
                return resolved;
            }
            if (keepFolders) return resolved;
            resolved.RemoveAll(p =>
            {
                if (!Directory.Exists(p)) return false;
                cmdlet.WriteWarning($"'{p}' is a folder; add -Recurse (or pipe Get-ChildItem -File -Recurse) to process the files in it.");
                return true;
            });
            return resolved;
        }
    }
}
