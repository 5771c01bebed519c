using System.Collections.Generic;
using Deid.Inspection;

namespace Deid.Audit
{
    /// <summary>What the leak audit found in one de-identified output.</summary>
    public sealed class DeidAuditResult
    {
        internal DeidAuditResult(string path, string originalPath, IReadOnlyList<DeidLeak> leaks, int valuesSearched)
        {
            Path = path;
            OriginalPath = originalPath;
            Leaks = JoinedList<DeidLeak>.From(leaks);
            ValuesSearched = valuesSearched;
        }

        /// <summary>The de-identified output.</summary>
        public string Path { get; }

        /// <summary>The original it was made from.</summary>
        public string OriginalPath { get; }

        /// <summary>True when at least one identifying value of the original is in the output.</summary>
        public bool Leaked => Leaks.Count > 0;

        /// <summary>Each leaked value, in the original's element order, with the first place it was found.</summary>
        public JoinedList<DeidLeak> Leaks { get; }

        /// <summary>How many identifying values of the original were looked for.</summary>
        public int ValuesSearched { get; }

        /// <summary>
        /// Why the output cannot be read as DICOM (not a DICOM file, cut short anywhere, its Pixel Data or a deflated dataset
        /// broken), or null when it can. Its bytes are searched all the same, but an output no reader can open whole is no
        /// de-identified copy: Test-DeidOutput reports it as an error, and -Quiet answers False (QA round 3: a truncated output
        /// read as clean; fuzz seed 105: one cut in its pixel data did too).
        /// </summary>
        public string? Unreadable { get; internal set; }

        /// <inheritdoc/>
        public override string ToString() => Path + (Leaked ? ": " + Leaks.Count + " leak(s)" : Unreadable != null ? ": not readable as DICOM" : ": clean");
    }
}
