using System;

namespace Deid.Audit
{
    /// <summary>An output and the original it was made from, as <see cref="AuditPairing.Pair"/> paired them.</summary>
    public sealed class AuditPair
    {
        /// <summary>Creates a pair.</summary>
        public AuditPair(string originalPath, string outputPath, string? outputRelativePath)
        {
            OriginalPath = originalPath ?? throw new ArgumentNullException(nameof(originalPath));
            OutputPath = outputPath ?? throw new ArgumentNullException(nameof(outputPath));
            OutputRelativePath = outputRelativePath;
        }

        /// <summary>The original.</summary>
        public string OriginalPath { get; }

        /// <summary>The de-identified output.</summary>
        public string OutputPath { get; }

        /// <summary>The output's path below the output folder it was found in (its folder names are audited too); null for a file given by itself.</summary>
        public string? OutputRelativePath { get; }
    }
}
