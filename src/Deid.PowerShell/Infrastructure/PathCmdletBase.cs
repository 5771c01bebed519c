using System;
using System.Management.Automation;

namespace Deid.PowerShell
{
    /// <summary>
    /// Base for cmdlets that read files: -Path with wildcards, -LiteralPath (bound from PSPath/FullName, so
    /// Get-ChildItem output pipes in), and resolution to file-system paths with non-terminating errors for misses.
    /// The one declaration of -Path and -LiteralPath in the module, so every cmdlet that takes files binds them alike.
    /// A cmdlet that also works without files (Get-DeidRecipe) or takes other input (Invoke-DeidReplace) adds a parameter
    /// set of its own as the default rather than relaxing these: both stay mandatory within their sets.
    /// </summary>
    public abstract class PathCmdletBase : PSCmdlet
    {
        /// <summary>The name of the parameter set of -Path.</summary>
        protected const string PathParameterSet = "Path";

        /// <summary>The name of the parameter set of -LiteralPath.</summary>
        protected const string LiteralPathParameterSet = "LiteralPath";

        /// <summary>Paths to read; wildcards are expanded.</summary>
        [Parameter(Position = 0, ParameterSetName = PathParameterSet, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Paths to read exactly as typed (no wildcards); bound from PSPath or FullName of piped objects.</summary>
        [Parameter(ParameterSetName = LiteralPathParameterSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>True when the literal parameter set is in use.</summary>
        protected bool IsLiteral => ParameterSetName == LiteralPathParameterSet;
    }
}
