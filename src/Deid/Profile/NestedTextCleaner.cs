using System;
using System.Collections.Generic;
using Deid.Dicom;

namespace Deid.Profile
{
    /// <summary>
    /// Cleans the free text of one element, or of every element nested in a sequence (code meanings of a code sequence, the
    /// Unformatted Text Value of a graphic annotation), with a <see cref="DescriptorCleaner"/>: the content is kept, the
    /// identifying spans are replaced. Coded values (CS, Coding Scheme Designator, the Code Value of a standard scheme) are left
    /// as they are, a local scheme's Code Value is cleaned as text; a person name always names a person and is replaced by the
    /// dummy ANONYMOUS^ (a family name with its delimiter).
    /// </summary>
    internal sealed class NestedTextCleaner
    {
        /// <summary>The dummy for a person name (PS3.15 action D), as the shipped recipes write it.</summary>
        public const string PersonNameDummy = "ANONYMOUS^";

        // Left as they are. Code Value and Long Code Value are not among them: CleanLocalCodeValue decides for those.
        private static readonly HashSet<uint> CodeTags = new HashSet<uint>
        {
            0x00080102, // Coding Scheme Designator
            0x00080103, // Coding Scheme Version
            0x00080120, // URN Code Value
            0x0040A040, // Value Type
            0x0040A010, // Relationship Type
        };

        private readonly DescriptorCleaner _cleaner;

        public NestedTextCleaner(DescriptorCleaner cleaner) => _cleaner = cleaner ?? throw new ArgumentNullException(nameof(cleaner));

        /// <summary>Spans replaced so far.</summary>
        public int Replaced { get; private set; }

        /// <summary>Values changed so far.</summary>
        public int ValuesChanged { get; private set; }

        /// <summary>Whether an element of <paramref name="vr"/> holds free text worth cleaning.</summary>
        public static bool IsFreeText(DicomVR vr) =>
            vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.ST || vr == DicomVR.LT || vr == DicomVR.UT || vr == DicomVR.UC;

        /// <summary>The cleaned text of a value as stored (multiple values cleaned one by one), each cut to the VR's limit.</summary>
        public string CleanValue(string[] values, DicomVR vr)
        {
            int max = vr.Descriptor.MaxLength;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = _cleaner.Clean(values[i], max, out int n);
                Replaced += n;
            }
            return string.Join("\\", values);
        }

        /// <summary>
        /// True when binary <paramref name="bytes"/> (a kept private OB, OW or UN that is not text) spell an identifying span as
        /// single-byte text or as UTF-16 in either byte order and alignment: a vendor's blob holding the patient's name as a
        /// Windows string. Control characters and undecodable units count as separators, not as the struck whole.
        /// </summary>
        public bool BinaryHoldsIdentifying(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0) return false;
            var chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++) chars[i] = Visible(bytes[i]);
            if (Holds(new string(chars))) return true;
            for (int offset = 0; offset < 2; offset++)
            {
                int n = (bytes.Length - offset) / 2;
                if (n == 0) continue;
                var little = new char[n];
                var big = new char[n];
                for (int i = 0; i < n; i++)
                {
                    byte a = bytes[offset + 2 * i], b = bytes[offset + 2 * i + 1];
                    little[i] = Visible((char)(a | (b << 8)));
                    big[i] = Visible((char)((a << 8) | b));
                }
                if (Holds(new string(little)) || Holds(new string(big))) return true;
                // Binary units beside a name read as letters of some script (01 02 before "S\0A\0..." is U+0201, a Latin letter)
                // and hide a word's start: read again with every unit beyond Latin-1 as a separator.
                for (int i = 0; i < n; i++)
                {
                    if (little[i] > 0xFF) little[i] = ' ';
                    if (big[i] > 0xFF) big[i] = ' ';
                }
                if (Holds(new string(little)) || Holds(new string(big))) return true;
            }
            // A name in UTF-8, or a Chinese, Japanese or Korean name in a vendor's own code page (Shift_JIS, EUC-JP, GBK, EUC-KR,
            // Big5), which no character set of the file declares (QA 2026-12-07: 山田太郎 in Shift_JIS in a kept OB). Only
            // bytes beyond ASCII can be such text.
            bool high = false;
            foreach (byte b in bytes) high |= b >= 0x80;
            if (!high) return false;
            var array = bytes.ToArray();
            foreach (var encoding in MultiByte)
            {
                string decoded = encoding.GetString(array);
                var visible = new char[decoded.Length];
                for (int i = 0; i < decoded.Length; i++) visible[i] = Visible(decoded[i]);
                if (Holds(new string(visible))) return true;
            }
            return false;
        }

        // UTF-8 and the East Asian code pages. Decoding never throws: bytes an encoding does not map become U+FFFD, a separator here.
        private static IEnumerable<System.Text.Encoding> MultiByte
        {
            get
            {
                yield return Utf8;
                foreach (var encoding in EastAsianCodePages.Decoders) yield return encoding;
            }
        }

        private static readonly System.Text.Encoding Utf8 = new System.Text.UTF8Encoding(false, false);

        private bool Holds(string text)
        {
            _cleaner.Clean(text, out int n);
            return n > 0;
        }

        // A control character, a surrogate half (UTF-16 read at the wrong alignment) or a non-character is a separator.
        private static char Visible(char c) =>
            c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || char.IsSurrogate(c) || c == '\uFFFD' || c == '\uFFFE' || c == '\uFFFF' ? ' ' : c;

        private static char Visible(byte b) => Visible((char)b);

        /// <summary>Cleans the element <paramref name="tag"/> of <paramref name="holder"/> in place; true when it changed.</summary>
        public bool CleanElement(DicomDataset holder, DicomTag tag)
        {
            if (!holder.TryGetElement(tag, out var e) || e.IsSequence || !e.IsLoaded || e.RawValue.Length == 0) return false;
            var vr = DicomDataset.GetEffectiveVR(e);
            if (vr == DicomVR.PN)
            {
                holder.SetString(tag, vr, PersonNameDummy);
                ValuesChanged++;
                return true;
            }
            if (!IsFreeText(vr) && vr != DicomVR.CS) return false;
            var values = holder.GetStrings(e);
            string before = string.Join("\\", values);
            int replacedBefore = Replaced;
            string after = CleanValue(values, vr);
            if (Replaced == replacedBefore && after == before) return false;
            holder.SetString(tag, vr, after);
            ValuesChanged++;
            return true;
        }

        /// <summary>
        /// Cleans a code item's Code Value or Long Code Value (<paramref name="tag"/>) when its scheme is local: such a value is
        /// whatever a site typed, and a record number used as a code (99MRN "00482913") was kept while its meaning was cleaned
        /// (leak QA 4, LOW-7a). A standard scheme's code names a concept and stays; so does a local code holding nothing identifying.
        /// </summary>
        private void CleanLocalCodeValue(DicomDataset code, DicomTag tag)
        {
            if (!CodingSchemes.IsStandard(code.GetString(DicomTags.CodingSchemeDesignator))) CleanElement(code, tag);
        }

        /// <summary>Cleans every free-text and person-name element in the items of <paramref name="sequence"/>, at every depth.</summary>
        public void CleanBelow(DicomSequence sequence)
        {
            foreach (var item in sequence) CleanItem(item);
        }

        private void CleanItem(DicomDataset item)
        {
            var tags = new List<DicomTag>(item.Count);
            foreach (var e in item.Elements) tags.Add(e.Tag);
            foreach (var tag in tags)
            {
                if (!item.TryGetElement(tag, out var e)) continue;
                if (e.Sequence is DicomSequence nested)
                {
                    CleanBelow(nested);
                    continue;
                }
                if (tag == DicomTags.CodeValue || tag == DicomTags.LongCodeValue)
                {
                    CleanLocalCodeValue(item, tag);
                    continue;
                }
                if (CodeTags.Contains(tag.Value) || tag.IsPrivate) continue;
                var vr = DicomDataset.GetEffectiveVR(e);
                if (vr == DicomVR.PN || IsFreeText(vr)) CleanElement(item, tag);
            }
        }
    }
}
