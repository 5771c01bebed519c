using System;
using System.Collections.Generic;
using System.Text;

namespace Deid.Audit
{
    /// <summary>
    /// The folded bytes of plain ASCII forms (<see cref="NeedleSet.IsPlainAscii"/>), kept from one pair to the next: the same in
    /// every character set, so a form's bytes depend on its text alone, and the values of one study's files (the patient's
    /// name, IDs and dates, the institution) are audited again with every file. One store for all threads (kept per thread,
    /// the pool's many threads each held their own: 20,000 pairs peaked 25 MB higher); bounded, emptied when full, so memory
    /// stays flat over any corpus.
    /// </summary>
    internal static class FoldedForms
    {
        // The forms a few dozen files of one study add to what its first file had; some 250 bytes each.
        internal const int Capacity = 4096;

        // The shortest form looked for in UTF-16 (NeedleSet): six characters are twelve bytes.
        internal const int Utf16MinimumLength = 6;

        private static readonly Dictionary<string, FoldedForm> Forms = new Dictionary<string, FoldedForm>(StringComparer.Ordinal);

        /// <summary>The bytes of <paramref name="form"/>, which must be plain ASCII; computed once while kept.</summary>
        public static FoldedForm Of(string form)
        {
            lock (Forms)
            {
                if (Forms.TryGetValue(form, out var known)) return known;
            }
            // Made outside the lock: two threads may make the same form's, equal, and keep either.
            var folded = new FoldedForm(form);
            lock (Forms)
            {
                if (Forms.Count >= Capacity) Forms.Clear();
                Forms[form] = folded;
            }
            return folded;
        }
    }

    /// <summary>
    /// One plain ASCII form's folded bytes, as text and as UTF-16LE (null when shorter than
    /// <see cref="FoldedForms.Utf16MinimumLength"/>). Shared by the needles of every pair that has the form: never changed.
    /// </summary>
    internal sealed class FoldedForm
    {
        public FoldedForm(string form)
        {
            Ascii = Encoding.ASCII.GetBytes(form);
            NeedleSet.Fold(Ascii);
            if (form.Length >= FoldedForms.Utf16MinimumLength)
            {
                Wide = Encoding.Unicode.GetBytes(form);
                NeedleSet.Fold(Wide);
            }
            Numeric = AuditForms.IsNumeric(form);
            AsciiText = NeedleSet.IsAsciiText(form);
        }

        public byte[] Ascii { get; }

        public byte[]? Wide { get; }

        public bool Numeric { get; }

        public bool AsciiText { get; }
    }
}
