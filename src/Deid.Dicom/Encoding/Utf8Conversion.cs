using System;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// Rewrites the text of a dataset in ISO_IR 192 (UTF-8): what a writer does when a new value (a German or Spanish pseudonym
    /// in a file of the default repertoire, Japanese in a Latin-1 file) cannot be written in the dataset's own character set.
    /// UTF-8 holds every character, so every value reads as before; only its bytes change.
    /// </summary>
    public static class Utf8Conversion
    {
        /// <summary>
        /// Converts the dataset whose Specific Character Set <paramref name="dataset"/>'s text is written in — itself, or the
        /// nearest enclosing one that declares a set, or the top — with every nested item that inherits that set, and sets its
        /// (0008,0005) to ISO_IR 192. Items declaring their own set are left as they are. Nothing changes, and false is returned,
        /// when a value cannot be decoded in its declared set (its bytes would be lost), would outgrow its VR's 16-bit length
        /// field in UTF-8, or is left in the file beyond <paramref name="maxValueLength"/> bytes.
        /// </summary>
        public static bool TryConvert(DicomDataset dataset, long maxValueLength = 16L << 20) => TryConvert(dataset, out _, maxValueLength);

        /// <summary>As <see cref="TryConvert(DicomDataset, long)"/>; <paramref name="refusal"/> says why nothing changed.</summary>
        /// <remarks>
        /// Text in the default repertoire (no Specific Character Set, or a term no one defined) with bytes beyond ASCII is in no
        /// declared set: its Latin-1 reading is a guess, and converted it would be written into the file for good (a Chinese
        /// institution name as <c>±±¾©Ð­ºÍÒ½Ôº</c>; charset QA 2026-12-06, F1). Such a dataset is not converted.
        /// </remarks>
        public static bool TryConvert(DicomDataset dataset, out string? refusal, long maxValueLength = 16L << 20)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            var owner = dataset;
            while (!owner.Contains(DicomTag.SpecificCharacterSet) && owner.Parent != null) owner = owner.Parent;
            // Decoded first, all of them, while every dataset still reads with its old set.
            var texts = new List<(DicomDataset Holder, DicomTag Tag, DicomVR VR, string Text)>();
            refusal = Collect(owner, maxValueLength, texts, DicomCharacterSet.Utf8, declaring: false);
            if (refusal != null) return false;
            owner.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
            foreach (var (holder, tag, vr, text) in texts) holder.SetString(tag, vr, text);
            return true;
        }

        /// <summary>
        /// Decodes, in the sets they are written in now, the text values of <paramref name="owner"/> (and of the items that
        /// inherit its set) that <paramref name="target"/> must write anew: every value beyond ASCII. With
        /// <paramref name="declaring"/>, a value whose bytes no set in force declares keeps its bytes (the new set is what says
        /// what they are, as <c>ADD SpecificCharacterSet GB18030</c> does for a file written without one); otherwise such a value
        /// refuses the change. Returns why nothing may change, or null.
        /// </summary>
        internal static string? Collect(DicomDataset owner, long maxValueLength, List<(DicomDataset, DicomTag, DicomVR, string)> texts, DicomCharacterSet target, bool declaring)
        {
            foreach (var (holder, e, vr) in TextOf(owner))
            {
                ReadOnlySpan<byte> raw;
                if (e.IsLoaded) raw = e.RawValue.Span;
                else if (e.ValueRef is DicomValueRef r && r.Length <= maxValueLength) raw = r.ReadAll();
                // A value too large to hold in memory needs no rewrite when it is ASCII, which UTF-8 writes alike (a 60 MB report
                // of plain text blocked the switch, and the replacement that needed it was removed).
                else if (e.ValueRef is DicomValueRef large && IsAscii(large)) continue;
                else return $"{e.Tag} holds {e.Length} bytes of text, too many to rewrite";
                if (IsAscii(raw)) continue;
                string text = holder.CharacterSet.Decode(raw, vr, out bool undeclared);
                if (undeclared)
                {
                    // Kept only where the old set declares nothing beyond ASCII (so the new one says what the bytes are) and the
                    // new set reads them whole: no escape sequence (whose declared part would be relabelled as something else),
                    // nothing it cannot decode (Latin-1 bytes under ISO_IR 192 read J�r�me; review of the change, F2) and no byte
                    // it leaves undeclared in turn (8-bit bytes under \ISO 2022 IR 87 or the default repertoire; charset
                    // differential QA, F1). Otherwise the change is refused, as for any text it cannot write.
                    if (declaring && holder.CharacterSet.DeclaresNothingBeyondAscii && raw.IndexOf((byte)0x1B) < 0
                        && target.Decode(raw, vr, out bool stillUndeclared).IndexOf('\uFFFD') < 0 && !stillUndeclared) continue;
                    if (declaring) return $"{e.Tag} holds bytes beyond ASCII in no declared character set that {Name(target)} does not read as text";
                    return $"{e.Tag} holds bytes beyond ASCII in no declared character set (Specific Character Set is absent or no defined term, or no G1 set is designated where they stand), which {Name(target)} would write as a guess; declare the set the file is written in first (REPLACE SpecificCharacterSet ISO_IR 100 for Latin-1, GB18030, ...) or give an ASCII value";
                }
                // Without the padding space: written again, the value is padded anew (UTF-8 changes its length), and the old pad
                // became a second trailing space (charset QA 2026-12-06, F10).
                text = text.TrimEnd(' ');
                if (text.IndexOf('\uFFFD') >= 0) return $"{e.Tag} cannot be read in its character set {holder.CharacterSet}, and its bytes would be lost";
                // Never the value itself in the message: it may be a name.
                if (!target.CanEncode(text, vr)) return $"{e.Tag} holds characters {Name(target)} cannot write";
                // UTF-8 takes up to three bytes where the old set took one: a value that would outgrow the 16-bit length field of
                // its VR could not be written at all.
                if (!vr.Descriptor.HasLongLength && target.Encode(text, vr).Length > 0xFFFE) return $"{e.Tag} would outgrow its length field in {Name(target)}";
                texts.Add((holder, e.Tag, vr, text));
            }
            return null;
        }

        private static string Name(DicomCharacterSet set) => set.Terms.Count == 0 ? "the default repertoire" : string.Join("\\", set.Terms);

        /// <summary>
        /// The text elements (VRs that use Specific Character Set) written in the character set <paramref name="owner"/> declares:
        /// its own and those of the items nested in it that declare none of their own, at any depth.
        /// </summary>
        public static IEnumerable<(DicomDataset Holder, DicomElement Element, DicomVR VR)> TextOf(DicomDataset owner)
        {
            if (owner == null) throw new ArgumentNullException(nameof(owner));
            return TextOf(owner, top: true);
        }

        private static IEnumerable<(DicomDataset, DicomElement, DicomVR)> TextOf(DicomDataset dataset, bool top)
        {
            if (!top && dataset.Contains(DicomTag.SpecificCharacterSet)) yield break;
            foreach (var e in dataset.Elements)
            {
                if (e.Sequence is DicomSequence seq)
                {
                    for (int i = 0; i < seq.Count; i++)
                    {
                        foreach (var t in TextOf(seq[i], top: false)) yield return t;
                    }
                    continue;
                }
                var vr = DicomDataset.GetEffectiveVR(e);
                if (vr.UsesSpecificCharacterSet) yield return (dataset, e, vr);
            }
        }

        /// <summary>True when the value left in the source is ASCII throughout (<see cref="IsAscii(ReadOnlySpan{byte})"/>), read a block at a time.</summary>
        private static bool IsAscii(DicomValueRef value)
        {
            var buffer = new byte[64 * 1024];
            using var stream = value.Source.OpenRead();
            stream.Position = value.Offset;
            long left = value.Length;
            while (left > 0)
            {
                int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n <= 0) return false;
                if (!IsAscii(buffer.AsSpan(0, n))) return false;
                left -= n;
            }
            return true;
        }

        /// <summary>True for text bytes every character set reads alike (and UTF-8 writes alike): no byte beyond ASCII, no ISO 2022 escape.</summary>
        public static bool IsAscii(ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes)
            {
                if (b >= 0x80 || b == 0x1B) return false;
            }
            return true;
        }
    }
}
