using System.Collections.Generic;

namespace Deid.Audit
{
    /// <summary>What the leak audit found in one de-identified output.</summary>
    public sealed class DeidAuditResult
    {
        internal DeidAuditResult(string path, string originalPath, IReadOnlyList<DeidLeak> leaks, int valuesSearched)
        {
            Path = path;
            OriginalPath = originalPath;
            Leaks = leaks;
            ValuesSearched = valuesSearched;
        }

        /// <summary>The de-identified output.</summary>
        public string Path { get; }

        /// <summary>The original it was made from.</summary>
        public string OriginalPath { get; }

        /// <summary>True when at least one identifying value of the original is in the output.</summary>
        public bool Leaked => Leaks.Count > 0;

        /// <summary>Each leaked value, in the original's element order, with the first place it was found.</summary>
        public IReadOnlyList<DeidLeak> Leaks { get; }

        /// <summary>How many identifying values of the original were looked for.</summary>
        public int ValuesSearched { get; }

        /// <inheritdoc/>
        public override string ToString() => Path + (Leaked ? ": " + Leaks.Count + " leak(s)" : ": clean");
    }
}
