using System.Linq;
using System.Runtime.CompilerServices;

namespace Deid.Audit
{
    /// <summary>
    /// A value's forms as <see cref="AuditForms"/> works them out, kept by what they depend on (the value's text, its VR, what
    /// its keyword says: an address, a description) so that the next pair with the same value copies them instead: a study's
    /// name, IDs and twenty-odd forms of each date are in every one of its files.
    /// </summary>
    internal sealed class ValueForms
    {
        // A study's values (some forty) and a few files' own; a kilobyte or two each. Small on purpose, as FoldedForms's: over
        // files that share nothing (one-image studies) what is kept must die young. With 2,048 values and 4,096 forms, 2,000
        // such pairs cost 66 full collections and some 15 % more time than keeping nothing; with 256 and 1,024, none and no more.
        internal const int Capacity = 256;

        private static readonly BoundedStore<(Deid.Dicom.DicomVR VR, KeywordKind Keyword, string Text), ValueForms> Store =
            new BoundedStore<(Deid.Dicom.DicomVR, KeywordKind, string), ValueForms>(Capacity);

        private readonly string[] _forms, _grouped, _accented, _word, _outsidePixels, _inText;

        private ValueForms(AuditValue value)
        {
            _forms = value.Forms.ToArray();
            _grouped = value.GroupedForms.ToArray();
            _accented = value.AccentedForms.ToArray();
            _word = value.WordForms.ToArray();
            _outsidePixels = value.OutsidePixelForms.ToArray();
            _inText = value.InTextForms.ToArray();
        }

        /// <summary>
        /// Gives <paramref name="value"/> (none of its forms listed yet) the forms kept for its key, or those
        /// <paramref name="compute"/> adds to it, then kept.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static void Fill(AuditValue value, KeywordKind keyword, System.Action<AuditValue> compute)
        {
            if (value.Forms.Count > 0 || value.GroupedForms.Count > 0 || value.AccentedForms.Count > 0)
            {
                // Forms listed already would be kept as the text's own: worked out for this value alone.
                compute(value);
                return;
            }
            var key = (value.VRCode, keyword, value.Value);
            if (Store.TryGet(key, out var known))
            {
                known!.CopyTo(value);
                return;
            }
            compute(value);
            Store.Set(key, new ValueForms(value));
        }

        [MethodImpl(HotPath.Optimized)]
        private void CopyTo(AuditValue value)
        {
            value.Forms.AddRange(_forms);
            value.GroupedForms.AddRange(_grouped);
            value.AccentedForms.AddRange(_accented);
            value.WordForms.UnionWith(_word);
            value.OutsidePixelForms.UnionWith(_outsidePixels);
            value.InTextForms.UnionWith(_inText);
        }
    }

    /// <summary>
    /// What a text value's keyword says its forms depend on (<see cref="AuditForms"/>): an address is also looked for in its
    /// parts, a description's number alone only from seven digits.
    /// </summary>
    internal enum KeywordKind
    {
        Other,
        Address,
        Description,
    }
}
