using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Actions;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;

namespace Deid.Profile
{
    /// <summary>
    /// Our <c>deid_func:</c> extensions for the PS3.15 options (deid 0.4.12 has none of them; docs/recipe-semantics.md §8):
    /// <c>clean_descriptor</c> keeps a descriptor's text with its identifying spans replaced (on a sequence: every free text
    /// inside it — code meanings, annotation text), <c>clean_structured_content</c> applies Table E.3.4-1 to a content tree.
    /// One instance per file: what identifies the patient is collected from the header as read, when the header step begins.
    /// </summary>
    internal sealed class ProfileFunctions
    {
        /// <summary>Cleans a descriptor (text) or every free text inside a sequence.</summary>
        public const string CleanDescriptor = "clean_descriptor";

        /// <summary>Applies Table E.3.4-1 to a Content, Acquisition Context or Specimen Preparation Sequence.</summary>
        public const string CleanStructuredContent = "clean_structured_content";

        private static readonly ConditionalWeakTable<DeidRecipe, RecipeUse> Uses = new ConditionalWeakTable<DeidRecipe, RecipeUse>();
        private static readonly DicomTag VerificationFlag = new DicomTag(0x0040, 0xA493);
        private static readonly DicomTag VerifyingObserverSequence = new DicomTag(0x0040, 0xA073);
        private static readonly DicomTag VerificationDateTime = new DicomTag(0x0040, 0xA030);

        private readonly NestedTextCleaner _text;
        private readonly ProfileOptions _options;

        private ProfileFunctions(OriginalIdentifiers identifiers, ProfileOptions options)
        {
            _text = new NestedTextCleaner(new DescriptorCleaner(identifiers));
            _options = options;
        }

        /// <summary>Spans replaced in this file.</summary>
        public int Replaced => _text.Replaced;

        /// <summary>True when <paramref name="name"/> is one of ours.</summary>
        public static bool IsProfileFunction(string? name) => name == CleanDescriptor || name == CleanStructuredContent;

        /// <summary>True when <paramref name="value"/> is <c>deid_func:</c> one of ours (the one test for every caller).</summary>
        internal static bool IsProfileFunction(ActionValue? value) =>
            value != null && value.Kind == ActionValueKind.DeidFunction && IsProfileFunction(value.Name);

        /// <summary>
        /// The functions for one file, or null when <paramref name="recipe"/> uses none (nothing is collected then). Call before
        /// any action changes <paramref name="dataset"/>.
        /// </summary>
        public static ProfileFunctions? ForFile(DeidRecipe recipe, DicomDataset dataset)
        {
            var use = Uses.GetValue(recipe, r => new RecipeUse(r));
            if (!use.UsesFunctions) return null;
            // Collecting the file's identifying values walks and reads every element (about 0.7 ms of CPU a small CT file):
            // done only for a file holding an element one of the functions' lines names, when each names one tag (every
            // recipe cleans some sixty labels that most files lack; 2026-12-07).
            if (use.Targets != null && !HoldsAny(dataset, use.Targets)) return null;
            return new ProfileFunctions(OriginalIdentifiers.Collect(dataset), use.Claim?.Options ?? ProfileOptions.None);
        }

        /// <summary>Whether <paramref name="dataset"/> holds, at any depth, an element of one of <paramref name="tags"/>.</summary>
        private static bool HoldsAny(DicomDataset dataset, HashSet<uint> tags)
        {
            foreach (var (_, element) in dataset.EnumerateRecursive())
            {
                if (tags.Contains(element.Tag.Value)) return true;
            }
            return false;
        }

        /// <summary>
        /// The cleaned text for a text element (each value cleaned, cut to the VR's limit); for a UI element (or UN text that is
        /// a list of UIDs) each UID mapped by <paramref name="uids"/>, registered ones kept; for a DA or DT an empty value when
        /// it holds a date; null for other VRs.
        /// </summary>
        public string? CleanText(DicomDataset holder, in DicomElement element, Func<string, string>? uids = null)
        {
            var vr = DicomDataset.GetEffectiveVR(element);
            if (vr == DicomVR.PN) return NestedTextCleaner.PersonNameDummy;
            // A UID a kept private element holds (NQHeader's Analyzed Series UID, a block the file declares safe) is the original's:
            // beside the remapped standard element it links the copy back to its source. It gets what the standard element gets,
            // registered UIDs kept (QA 2026-12-07).
            if (vr == DicomVR.UI) return uids == null ? null : UidRemapping.MapValues(holder.GetString(element) ?? string.Empty, uids, keepRegistered: true);
            if ((vr.IsBytes || vr.IsBinaryNumber || vr == DicomVR.AT) && !element.IsSequence && element.IsLoaded
                && !(vr == DicomVR.UN && Deid.Fields.PrivateSafety.IsPrintableText(element.RawValue.Span)))
            {
                // Bytes a kept private block holds (a vendor's blob in a slot Table E.3.10-1 lists, a block the file declares
                // safe) that spell the patient's name or ID, as text or as UTF-16, are emptied: nothing in them can be struck
                // without knowing the blob's layout (QA 2026-12-07: a UTF-16 name in an OB was kept). Numbers too: a slot the
                // table gives FL or SL holds whatever bytes a writer put there, and the name written into one was kept (QA of
                // 2026-12-07, second pass).
                return _text.BinaryHoldsIdentifying(element.RawValue.Span) ? string.Empty : null;
            }
            // A private value read as UN (an implicit VR file, a block no dictionary knows) that is text is cleaned as text: kept
            // as its bytes stood, it kept every name and ID typed into it (leak QA 4, MEDIUM-4). Its values are split as LO's
            // are, and not cut (UN has no limit; LT's is the largest a text value of the header is given).
            if (vr == DicomVR.UN)
            {
                if (element.IsSequence || !element.IsLoaded || !Deid.Fields.PrivateSafety.IsPrintableText(element.RawValue.Span)) return null;
                string text = holder.CharacterSet.Decode(element.RawValue.ToArray(), DicomVR.LT).TrimEnd('\0', ' ');
                if (uids != null && UidRemapping.IsUidList(text)) return UidRemapping.MapValues(text, uids, keepRegistered: true);
                string cleaned = _text.CleanValue(text.Split('\\'), DicomVR.LT);
                // Nothing struck: the bytes stay as they were, not decoded and encoded again.
                return string.Equals(cleaned, text, StringComparison.Ordinal) ? null : cleaned;
            }
            if (vr == DicomVR.DA || vr == DicomVR.DT)
            {
                // A date the file keeps in a private block it declares safe (a birth date in a vendor's DA) cannot hold the token:
                // a value with a date struck is emptied. Kept as it stood, the same date read as UN in an Implicit VR copy became
                // XXX (QA 2026-12-07).
                var dates = holder.GetStrings(element);
                string joined = string.Join("\\", dates);
                return string.Equals(_text.CleanValue(dates, DicomVR.LT), joined, StringComparison.Ordinal) ? null : string.Empty;
            }
            if (!NestedTextCleaner.IsFreeText(vr) && vr != DicomVR.CS) return null;
            var values = holder.GetStrings(element);
            // CleanValue cleans the array in place: the original is taken first.
            string? original = element.Tag == GraphicLayer ? string.Join("\\", values) : null;
            int struck = _text.Replaced;
            string result = _text.CleanValue(values, vr);
            // Text written in another encoding than the file declares (a vendor's UTF-8 or UTF-16 under ISO_IR 100) decodes into
            // letters that spell nothing, so nothing was struck: its bytes are read in the encodings a vendor may have used, and
            // a value that spells a name there is emptied, since it cannot be struck where it stands (QA of 2026-12-07: a UTF-8
            // ZZMÜLLERX in a safe private LO of a Latin-1 file was kept). Only bytes beyond ASCII or a NUL can be such text.
            if (_text.Replaced == struck && NestedTextCleaner.IsFreeText(vr) && element.IsLoaded && MayBeOtherEncoding(element.RawValue.Span)
                && _text.BinaryHoldsIdentifying(element.RawValue.Span))
                return string.Empty;
            return original != null ? DistinctLayer(original, result, vr) : result;
        }

        // A NUL pads some writers' text to an even length: only one before the end marks UTF-16.
        private static bool MayBeOtherEncoding(ReadOnlySpan<byte> bytes)
        {
            int end = bytes.Length;
            while (end > 0 && bytes[end - 1] == 0) end--;
            for (int i = 0; i < end; i++)
            {
                if (bytes[i] >= 0x80 || bytes[i] == 0) return true;
            }
            return false;
        }

        private static readonly DicomTag GraphicLayer = new DicomTag(0x0070, 0x0002);
        private Dictionary<string, string>? _layers;

        /// <summary>
        /// A Graphic Layer's cleaned name, the same for the same original wherever it stands (each annotation names its layer by
        /// it) and distinct for distinct originals: the names of a presentation state's layers must differ (PS3.3 C.10.7), and two
        /// named after the patient both became XXX, every annotation then on one layer (QA 2026-12-07). A name the cleaning made
        /// equal to another layer's gets " 2", " 3", … within the VR's length.
        /// </summary>
        private string DistinctLayer(string original, string cleaned, DicomVR vr)
        {
            // A presentation state has a few layers: the names given are looked through, not kept in a set of their own.
            _layers ??= new Dictionary<string, string>(StringComparer.Ordinal);
            if (_layers.TryGetValue(original, out var known)) return known;
            string name = cleaned;
            int max = vr.MaxLength > 0 ? vr.MaxLength : 64;
            for (int n = 2; _layers.ContainsValue(name); n++)
            {
                string suffix = " " + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                name = (cleaned.Length + suffix.Length > max ? cleaned.Substring(0, Math.Max(0, max - suffix.Length)).TrimEnd() : cleaned) + suffix;
            }
            _layers.Add(original, name);
            return name;
        }

        /// <summary>
        /// Applies function <paramref name="name"/> to the sequence <paramref name="tag"/> of <paramref name="holder"/>; true when
        /// items were removed (the item paths listed before no longer hold).
        /// </summary>
        public bool CleanSequence(string name, DicomDataset holder, DicomTag tag)
        {
            var sequence = holder.GetSequence(tag);
            if (sequence == null) return false;
            if (name == CleanDescriptor)
            {
                _text.CleanBelow(sequence);
                return false;
            }
            var content = new StructuredContentCleaner(_text, _options);
            content.Clean(holder, tag);
            KeepVerificationHonest(holder);
            return content.ItemsRemoved > 0;
        }

        /// <summary>
        /// PS3.3 C.17.2 (SR Document General): Verifying Observer Sequence is required, with at least one item, when Verification
        /// Flag is VERIFIED. When de-identification removed or emptied it, the document can no longer claim to be verified: the flag
        /// becomes UNVERIFIED, and the empty sequence and a Verification DateTime outside it (which would date a verification no
        /// one is named for) are removed.
        /// </summary>
        internal static bool KeepVerificationHonest(DicomDataset dataset)
        {
            if (!string.Equals(dataset.GetString(VerificationFlag)?.Trim(), "VERIFIED", StringComparison.Ordinal)) return false;
            var observers = dataset.GetSequence(VerifyingObserverSequence);
            if (observers != null && observers.Count > 0) return false;
            dataset.SetString(VerificationFlag, DicomVR.CS, "UNVERIFIED");
            dataset.Remove(VerifyingObserverSequence);
            dataset.Remove(VerificationDateTime);
            return true;
        }

        private sealed class RecipeUse
        {
            public RecipeUse(DeidRecipe recipe)
            {
                var targets = new HashSet<uint>();
                bool anyOther = false;
                foreach (var a in recipe.Header)
                {
                    if (!IsProfileFunction(a.Value)) continue;
                    UsesFunctions = true;
                    // A REPLACE of one standard tag touches only elements of that tag, at any depth; anything else (a keyword,
                    // an expander, an ADD) may touch any file.
                    if (a.Action == HeaderActionKind.Replace && a.Field.Kind == FieldSpecKind.Tag && a.Field.Tag is DicomTag tag && !tag.IsPrivate)
                        targets.Add(tag.Value);
                    else
                        anyOther = true;
                }
                if (UsesFunctions) Claim = ProfileClaim.FromRecipe(recipe);
                if (UsesFunctions && !anyOther) Targets = targets;
            }

            public bool UsesFunctions { get; }

            /// <summary>The tags the functions' lines name, when each names one standard tag; null when a line may touch any element.</summary>
            public HashSet<uint>? Targets { get; }

            public ProfileClaim? Claim { get; }
        }
    }
}
