using System;
using System.Collections.Generic;
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
            foreach (var input in IsLiteral ? LiteralPath : Path)
            {
                foreach (var p in FileResolver.Resolve(this, input, IsLiteral)) yield return p;
            }
        }
    }
}
