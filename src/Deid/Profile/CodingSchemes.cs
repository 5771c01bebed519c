using System;
using System.Collections.Generic;

namespace Deid.Profile
{
    /// <summary>
    /// Coding schemes whose codes and meanings are published vocabulary (PS3.16 8.1). Local schemes (99..., L, LOCAL) hold
    /// whatever a site typed: their meanings excuse nothing in the audit, and their code values are cleaned as text.
    /// </summary>
    internal static class CodingSchemes
    {
        private static readonly HashSet<string> Standard = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "DCM", "SCT", "SRT", "SNM3", "LN", "UCUM", "NCIt", "RADLEX", "MDC", "FMA", "NEU", "UMLS", "NCDR", "ACR", "BI", "ICDO3",
            "I10", "I9C", "I11", "HPC", "ITIS_TSN", "PUBCHEM_CID", "MSH",
        };

        /// <summary>True when <paramref name="designator"/> (a Coding Scheme Designator, padding ignored) names a standard scheme.</summary>
        public static bool IsStandard(string? designator) => designator != null && Standard.Contains(designator.Trim());
    }
}
