using System.Collections.Generic;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>One identifying value of the original and the forms it may take in an output.</summary>
    internal sealed class AuditValue
    {
        public AuditValue(string elementPath, string keyword, DicomVR vr, string value, DicomCharacterSet characterSet, LeakCategory category = LeakCategory.NotKnownSafe)
        {
            Category = category;
            ElementPath = elementPath;
            Keyword = keyword;
            VRCode = vr;
            Value = value;
            CharacterSet = characterSet;
        }

        public string ElementPath { get; }

        /// <summary>What the standard says of the element the value came from.</summary>
        public LeakCategory Category { get; }

        public string Keyword { get; }

        public DicomVR VRCode { get; }

        public string VR => VRCode == DicomVR.None ? "OB" : VRCode.ToString();

        public string Value { get; }

        /// <summary>The character set the original value was written in (the dataset's or the item's own).</summary>
        public DicomCharacterSet CharacterSet { get; }

        /// <summary>The value and its normalised forms; see <see cref="AuditForms"/>.</summary>
        public List<string> Forms { get; } = new List<string>();

        /// <summary>
        /// IDs and telephone numbers as their letters and digits, found with any grouping
        /// (<see cref="Deid.Profile.IdentifierVariants.OfGrouping"/>).
        /// </summary>
        public List<string> GroupedForms { get; } = new List<string>();

        /// <summary>
        /// Name parts in ASCII letters, lower case, also looked for written with diacritics (QUIXOTE as Quíxote:
        /// <see cref="AccentedMatch"/>).
        /// </summary>
        public List<string> AccentedForms { get; } = new List<string>();

        /// <summary>
        /// The forms of <see cref="Forms"/> that count only as a whole word (short person-name components: "MARY" is a leak in
        /// "seen by Mary", not in "PRIMARY"); see <see cref="AuditForms.IsWordOnly"/>.
        /// </summary>
        public HashSet<string> WordForms { get; } = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// The forms of <see cref="Forms"/> looked for everywhere but in the pixel value: dates with a two-digit year or run
        /// together (03/07/61, 070361), which a person types into text and which binary pixel bytes hold by chance.
        /// </summary>
        public HashSet<string> OutsidePixelForms { get; } = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// The forms of <see cref="Forms"/> found only inside text (after a printable character other than the value separator):
        /// six digits run together (070361), which a time of day is too — StudyTime 070355 is no leak of a birth date 1955-03-07.
        /// </summary>
        public HashSet<string> InTextForms { get; } = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
    }
}
