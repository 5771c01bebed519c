using System;
using System.Collections.Generic;
using System.Globalization;
using Deid.Dicom;

namespace Deid.Profile
{
    /// <summary>
    /// What identifies the patient in one file, collected once from the header as read (before any action changes it), for the
    /// descriptor cleaner: the words of every person name (any PN element, at any depth), and the values and dates of the
    /// attributes PS3.15 Table E.1-1 lists (IDs, accession numbers, institution, addresses, ...), each date also in the compact
    /// forms a descriptor may spell it in (ddMMyyyy, MMddyyyy, ddMMyy, yyMMdd).
    /// </summary>
    internal sealed class OriginalIdentifiers
    {
        /// <summary>Shorter values are not collected: a 1- or 2-character ID or code would strike common words and numbers.</summary>
        internal const int MinimumValueLength = 3;

        /// <summary>Name words shorter than this are initials; they would strike every such letter in a descriptor.</summary>
        internal const int MinimumNameLength = 2;

        // Ordinal, not ignoring case: the regex's ignoring of case is not Unicode's (Σ does not match a final ς), so the written
        // forms of a name (ΝΙΚΟΣ, νικος) are kept each as it is.
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _grouped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<DateTime> _dates = new HashSet<DateTime>();

        private OriginalIdentifiers()
        {
        }

        /// <summary>Words of person names (family, given, middle name; titles and suffixes are not identifying).</summary>
        public IReadOnlyCollection<string> Names => _names;

        /// <summary>True when <paramref name="word"/> is one of <see cref="Names"/>.</summary>
        public bool IsName(string word) => _names.Contains(word);

        /// <summary>Identifying values and the compact forms of the dates, matched as literal text.</summary>
        public IReadOnlyCollection<string> Values => _values;

        /// <summary>
        /// IDs and telephone numbers as their letters and digits only, matched with any grouping
        /// (<see cref="IdentifierVariants.OfGrouping"/>).
        /// </summary>
        public IReadOnlyCollection<string> Grouped => _grouped;

        /// <summary>The dates the header holds in Table E.1-1 attributes.</summary>
        public IReadOnlyCollection<DateTime> Dates => _dates;

        /// <summary>Collects from <paramref name="dataset"/> and every nested item; call before any step changes it.</summary>
        public static OriginalIdentifiers Collect(DicomDataset dataset)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            var ids = new OriginalIdentifiers();
            foreach (var (holder, element) in dataset.EnumerateRecursive())
            {
                if (element.IsSequence || !element.IsLoaded || element.RawValue.Length == 0) continue;
                // By the attribute's own VR: a PatientID written as CS or OB is still the patient's ID (leak QA 3, HIGH-2).
                var vr = DicomDataset.GetAttributeVR(element);
                if (vr == DicomVR.PN)
                {
                    foreach (var v in holder.GetStrings(element, vr)) ids.AddName(v);
                    continue;
                }
                if (!IdentifyingAttributes.Contains(element.Tag) || !vr.Descriptor.IsText) continue;
                if (vr == DicomVR.DA || vr == DicomVR.DT)
                {
                    foreach (var v in holder.GetStrings(element, vr)) ids.AddDate(v);
                }
                else if (vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.ST || vr == DicomVR.LT || vr == DicomVR.UT
                    || vr == DicomVR.UC || vr == DicomVR.AE || vr == DicomVR.UR)
                {
                    // Codes (CS), ages (AS), times (TM) and numbers identify nobody on their own.
                    bool address = DicomDictionary.TryGetEntry(element.Tag, out var entry) && IdentifierVariants.IsAddress(entry.Keyword);
                    foreach (var v in holder.GetStrings(element, vr))
                    {
                        ids.AddValue(v);
                        if (!address) continue;
                        foreach (var part in IdentifierVariants.OfAddress(v))
                        {
                            if (part.Length >= MinimumValueLength) ids._values.Add(part);
                            // A postcode with another space or none (NW1 6XE as NW16XE).
                            foreach (var compact in IdentifierVariants.OfGrouping(part))
                            {
                                if (compact.Length >= MinimumValueLength) ids._grouped.Add(compact);
                            }
                        }
                    }
                }
            }
            return ids;
        }

        /// <summary>Adds a person name as DICOM stores it (components split by ^, groups by =).</summary>
        internal void AddName(string personName)
        {
            foreach (var group in personName.Split('='))
            {
                var components = group.Split('^');
                // Family, given and middle names; the prefix (Dr, Mr) and suffix (Jr, III) are titles shared by many.
                for (int c = 0; c < components.Length && c < 3; c++)
                {
                    foreach (var word in components[c].Split(new[] { ' ', ',', '.', '\t' }, StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (word.Length >= MinimumNameLength) AddNameWord(word);
                        // O'BRIEN written OBRIEN, O BRIEN or BRIEN; DOE-SMITH as DOE SMITH.
                        foreach (var variant in IdentifierVariants.OfNamePart(word))
                        {
                            if (variant.Length >= MinimumNameLength) AddNameWord(variant);
                        }
                    }
                }
                // Family and given name run together, as ideographic names are written (山田太郎) and logins are (DOESMITHJOHN).
                string family = components[0].Trim(), given = components.Length > 1 ? components[1].Trim() : string.Empty;
                if (family.Length > 0 && given.Length > 0)
                {
                    AddNameWord(family + given);
                    AddNameWord(given + family);
                }
            }
        }

        // A name word and the ways it is written without its accents, in other cases and widths (Müller as MUELLER, Пётр as Петр).
        private void AddNameWord(string word)
        {
            foreach (var written in IdentifierVariants.OfWriting(word)) _names.Add(written);
        }

        // Long enough to strike, and not a number of three digits: a Study ID of 256 would strike "Matrix 256x256" (leak QA 6),
        // so numbers count from four.
        private static bool IsStruck(string v) => v.Length >= MinimumValueLength && !(v.Length < 4 && IdentifierVariants.IsAllDigits(v));

        /// <summary>Adds an identifying value (and each of its lines, for addresses).</summary>
        internal void AddValue(string value)
        {
            string v = value.Trim();
            if (IsStruck(v)) _values.Add(v);
            // An ID or telephone number grouped another way, or not at all (ZZC06-4471 as ZZC06 4471 or ZZC064471, 00482913 as
            // 0048-2913, (555) 019-9123 as 5550199123), printed as a number (482913), without its letters (A7731902 as 7731902),
            // or a telephone number in its national form (leak QA 3, HIGH-1).
            foreach (var compact in IdentifierVariants.OfGrouping(v))
            {
                if (IsStruck(compact)) _grouped.Add(compact);
            }
            if (v.IndexOfAny(new[] { '\r', '\n' }) < 0) return;
            foreach (var line in v.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string l = line.Trim();
                if (l.Length >= MinimumValueLength) _values.Add(l);
            }
        }

        /// <summary>Adds a DA or DT value's date, and its compact forms without separators.</summary>
        internal void AddDate(string value)
        {
            string v = value.Trim();
            if (v.Length < 8 || !DateTime.TryParseExact(v.Substring(0, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return;
            _dates.Add(date);
            foreach (var format in new[] { "yyyyMMdd", "ddMMyyyy", "MMddyyyy", "ddMMyy", "yyMMdd", "MMddyy" })
            {
                _values.Add(date.ToString(format, CultureInfo.InvariantCulture));
            }
        }
    }
}
