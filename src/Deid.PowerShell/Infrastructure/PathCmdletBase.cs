using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace Deid.PowerShell
{
    /// <summary>
    /// Base for cmdlets that read files: -Path with wildcards, -LiteralPath (bound from PSPath/FullName, so
    /// Get-ChildItem output pipes in), and resolution to file-system paths with non-terminating errors for misses.
    /// </summary>
    public abstract class PathCmdletBase : PSCmdlet
    {
        /// <summary>Paths to read; wildcards are expanded.</summary>
        [Parameter(Position = 0, ParameterSetName = "Path", Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Paths to read exactly as typed (no wildcards); bound from PSPath or FullName of piped objects.</summary>
        [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>True when the literal parameter set is in use.</summary>
        protected bool IsLiteral => ParameterSetName == "LiteralPath";

        /// <summary>
        /// The file-system paths named by the current record. Missing paths and non-file-system providers give a
        /// non-terminating error; directories are skipped with a warning (pipe Get-ChildItem -File for their contents).
        /// </summary>
        protected IEnumerable<string> ResolveFiles()
        {
            var inputs = IsLiteral ? LiteralPath : Path;
            foreach (var input in inputs)
            {
                var resolved = new List<string>();
                try
                {
                    if (IsLiteral)
                    {
                        string p = SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out var provider, out _);
                        if (provider.Name != "FileSystem") throw new ArgumentException($"'{input}' is not a file-system path.");
                        if (!File.Exists(p) && !Directory.Exists(p))
                        {
                            WriteError(Errors.PathNotFound(input));
                            continue;
                        }
                        resolved.Add(p);
                    }
                    else
                    {
                        var paths = GetResolvedProviderPathFromPSPath(input, out var provider);
                        if (provider.Name != "FileSystem") throw new ArgumentException($"'{input}' is not a file-system path.");
                        resolved.AddRange(paths);
                    }
                }
                catch (ItemNotFoundException)
                {
                    WriteError(Errors.PathNotFound(input));
                    continue;
                }
                catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException)
                {
                    WriteError(new ErrorRecord(ex, "InvalidPath", ErrorCategory.InvalidArgument, input));
                    continue;
                }
                foreach (var p in resolved)
                {
                    if (Directory.Exists(p))
                    {
                        WriteWarning($"'{p}' is a folder; pipe Get-ChildItem -File -Recurse to read the files in it.");
                        continue;
                    }
                    yield return p;
                }
            }
        }
    }
}
