using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace Deid.Audit
{
    /// <summary>
    /// The folded bytes of plain ASCII forms (<see cref="NeedleSet.IsPlainAscii"/>), kept from one pair to the next
    /// (<see cref="BoundedStore{TKey, TValue}"/>): the same in every character set, so a form's bytes depend on its text alone.
    /// </summary>
    internal static class FoldedForms
    {
        // A study's forms and some of its files' own; some 250 bytes each. Small on purpose: see ValueForms.Capacity.
        internal const int Capacity = 1024;

        // The shortest form looked for in UTF-16 (NeedleSet): six characters are twelve bytes.
        internal const int Utf16MinimumLength = 6;

        private static readonly BoundedStore<string, FoldedForm> Forms = new BoundedStore<string, FoldedForm>(Capacity, StringComparer.Ordinal);

        /// <summary>The bytes of <paramref name="form"/>, which must be plain ASCII; made once while kept.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static FoldedForm Of(string form)
        {
            if (Forms.TryGet(form, out var known)) return known!;
            var folded = new FoldedForm(form);
            Forms.Set(form, folded);
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
