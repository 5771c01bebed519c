using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// The forms an identifying value may take once a tool has copied it somewhere else: person-name components on their own
    /// (a name reappears as "JOHN SMITH" in a description) and run together, dates with the separators people and other systems
    /// write, times with colons and without their fraction. Case is folded by the search, not here.
    /// </summary>
    internal static class AuditForms
    {
        /// <summary>
        /// Adds the forms of <paramref name="value"/>'s text, each at most once and none trivial, to a value that has none yet:
        /// worked out once for each text, VR and kind of keyword while kept (<see cref="ValueForms"/>).
        /// </summary>
        public static void Add(AuditValue value)
        {
            var keyword = KeywordKind.Other;
            if (IsText(value.VRCode))
            {
                string last = LastKeyword(value.Keyword);
                keyword = Deid.Profile.IdentifierVariants.IsAddress(last) ? KeywordKind.Address : IsFreeText(last) ? KeywordKind.Description : KeywordKind.Other;
            }
            ValueForms.Fill(value, keyword, ComputeForms);
        }

        private static readonly Action<AuditValue> ComputeForms = Compute;

        // The VRs whose values may be IDs, telephone numbers or addresses: their forms depend on the keyword too.
        private static bool IsText(DicomVR vr) => vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.UC || vr == DicomVR.ST || vr == DicomVR.LT;

        [MethodImpl(HotPath.Optimized)]
        private static void Compute(AuditValue value)
        {
            string v = value.Value;
            var vr = value.VRCode;
            Add(value, v);
            if (vr == DicomVR.PN)
            {
                foreach (string group in v.Split('='))
                {
                    Add(value, group);
                    var components = new List<string>();
                    string[] parts = group.Split('^');
                    // Family, given and middle names only: a prefix or suffix (DR, MRS, JR, III, PHD) names no one on its own, and
                    // a two-letter one stands as a word in countless outputs (Modality DR, a physician's "Dr" in any text). It
                    // is still part of the whole name and of its group, which are looked for as they are.
                    for (int index = 0; index < parts.Length && index < 3; index++)
                    {
                        string c = parts[index].Trim();
                        if (c.Length == 0) continue;
                        components.Add(c);
                        Add(value, c, IsWordOnly(c));
                        // Two- and three-letter family and given names (LEE, KIM, NG, WU) are the commonest there are: looked for as
                        // words of their own, though shorter than the minimum length of other values.
                        if (IsShortName(c)) Add(value, c, wordOnly: true, evenIfShort: true);
                        foreach (string variant in Deid.Profile.IdentifierVariants.OfNamePart(c)) Add(value, variant, IsWordOnly(variant));
                        // ALONSO as ＡＬＯＮＳＯ in Chinese, Japanese or Korean text (leak QA 3, HIGH-1).
                        foreach (string wide in Deid.Profile.IdentifierVariants.OfFullWidth(c)) Add(value, wide);
                        // QUIXOTE typed Quíxote: a name registered without its accents, written with them (leak QA 5).
                        if (Deid.Profile.IdentifierVariants.IsAsciiLetters(c) && c.Length >= 3 && !value.AccentedForms.Contains(c.ToLowerInvariant())) value.AccentedForms.Add(c.ToLowerInvariant());
                    }
                    AddJoined(value, components);
                }
            }
            else if (vr == DicomVR.DA)
            {
                foreach (string date in v.Split('-')) AddDate(value, date);
            }
            else if (vr == DicomVR.DT)
            {
                if (v.Length >= 8) AddDate(value, v.Substring(0, 8));
            }
            else if (vr == DicomVR.TM)
            {
                AddTime(value, v);
            }
            else if (IsText(vr))
            {
                // An ID copied by hand or by another system, grouped another way or not at all (ZZC06-4471 as ZZC06 4471,
                // 00482913 as 0048-2913), as a number (482913) or without its letters (A7731902 as 7731902); a telephone number
                // written another way ((555) 019-9123 as 555 019 9123, +44 20 7946 0958 as 020 7946 0958); the clean_descriptor
                // forms, one list for both (IdentifierVariants). An address quoted in parts.
                string keyword = LastKeyword(value.Keyword);
                foreach (string compact in Deid.Profile.IdentifierVariants.OfGrouping(v, IsFreeText(keyword))) AddGrouped(value, compact);
                if (Deid.Profile.IdentifierVariants.IsAddress(keyword))
                {
                    foreach (string part in Deid.Profile.IdentifierVariants.OfAddress(v))
                    {
                        Add(value, part);
                        foreach (string compact in Deid.Profile.IdentifierVariants.OfGrouping(part)) AddGrouped(value, compact);
                    }
                }
            }
        }

        // A description (Study, Series, Requested Procedure Description: mostly a protocol's name and numbers): text, not an
        // identifier, whose number counts on its own only when as long as a record number (IdentifierVariants.OfGrouping).
        // Comments are not: people type references into them ("see case 48213"), and Identifying Comments are there to identify.
        // A private or unknown element is not either: what it holds is not known.
        private static bool IsFreeText(string keyword) => keyword.EndsWith("Description", StringComparison.Ordinal);

        // The keyword of the element itself, the last of a nested keyword path (a__b__c).
        private static string LastKeyword(string path)
        {
            int i = path.LastIndexOf("__", StringComparison.Ordinal);
            return i < 0 ? path : path.Substring(i + 2);
        }

        private static bool IsShortName(string component)
        {
            if (component.Length < 2 || component.Length >= AuditRules.MinimumLength) return false;
            // A two-letter VR code (OB, UN, SH) stands as a word in every explicit VR file's bytes.
            if (component.Length == 2 && DicomVR.TryParse(component.ToUpperInvariant(), out _)) return false;
            foreach (char c in component)
            {
                if (!(c < 0x80 && char.IsLetter(c))) return false;
            }
            return true;
        }

        /// <summary>Person-name components this short count only as whole words; see <see cref="IsWordOnly"/>.</summary>
        public const int WordOnlyMaxLength = 5;

        /// <summary>
        /// True for a person-name component short enough to be part of everyday words: "MARY" is in every "ORIGINAL\PRIMARY"
        /// image type, "GINA" in "ORIGINAL", "NORMA" in "NORMAL", "ELVIS" in "PELVIS". Such a component is a leak where it stands
        /// as a word of its own (not next to a letter); a longer one is a leak wherever it is. Names written run together
        /// ("JOHNSMITH", "jsmith") are forms of their own (<see cref="AddJoined"/>).
        /// Only for ASCII: the boundary test looks at ASCII letters next to a match, which other scripts do not have (Chinese and
        /// Japanese write names inside running text, 患者勅使河原様), and in ISO 2022 every byte of a kanji is an ASCII code, so
        /// the kanji next to a name would look like letters.
        /// </summary>
        public static bool IsWordOnly(string component)
        {
            if (component.Length > WordOnlyMaxLength) return false;
            foreach (char c in component)
            {
                if (c >= 0x80) return false;
            }
            return true;
        }

        /// <summary>True when a form is made of digits and separators only: a match must not continue a longer number.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool IsNumeric(string form)
        {
            if (form.Length == 0 || !IsDigit(form[0]) || !IsDigit(form[form.Length - 1])) return false;
            foreach (char c in form)
            {
                if (!IsDigit(c) && c != '.' && c != ':' && c != '-' && c != '/' && c != '+') return false;
            }
            return true;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        [MethodImpl(HotPath.Optimized)]
        private static void AddDate(AuditValue value, string date)
        {
            if (date.Length != 8 || !IsNumeric(date) || date.IndexOf('.') >= 0) return;
            string y = date.Substring(0, 4), m = date.Substring(4, 2), d = date.Substring(6, 2);
            Add(value, date);
            Add(value, y + "-" + m + "-" + d);
            Add(value, y + "." + m + "." + d);
            Add(value, y + "/" + m + "/" + d);
            Add(value, m + "/" + d + "/" + y);
            Add(value, d + "/" + m + "/" + y);
            Add(value, d + "." + m + "." + y);
            // The forms clean_descriptor strikes, which a person or another system writes too (leak QA 3, MEDIUM-3): dashes and
            // spaces day or month first, parts without their leading zero, and the month by name.
            Add(value, d + "-" + m + "-" + y);
            Add(value, m + "-" + d + "-" + y);
            Add(value, y + " " + m + " " + d);
            Add(value, d + " " + m + " " + y);
            // 61/03/07: the year in two digits, first (leak QA 6, LOW-2).
            string yy = y.Substring(2);
            Add(value, yy + "/" + m + "/" + d);
            // The year in two digits last, month or day first, and the digits run together: how a date is typed into a free-text
            // field or a name ("DOB 03/07/61", "QZ070361"; leak QA 2026-12-06, F1). Numeric forms match only where no digit
            // continues them.
            // Outside the pixel value only: binary pixel bytes hold such short digit runs by chance, and a date typed into a
            // field is header text.
            AddTyped(value, m + "/" + d + "/" + yy);
            AddTyped(value, d + "/" + m + "/" + yy);
            AddTyped(value, m + "-" + d + "-" + yy);
            AddTyped(value, d + "-" + m + "-" + yy);
            AddTyped(value, d + "." + m + "." + yy);
            AddTyped(value, d + m + y);
            AddTyped(value, m + d + y);
            AddTyped(value, d + m + yy);
            AddTyped(value, m + d + yy);
            AddTyped(value, yy + m + d);
            string mu = m.TrimStart('0'), du = d.TrimStart('0');
            if (mu.Length < 2 || du.Length < 2)
            {
                Add(value, y + "-" + mu + "-" + du);
                Add(value, y + "." + mu + "." + du);
                Add(value, mu + "/" + du + "/" + y);
                Add(value, du + "/" + mu + "/" + y);
                Add(value, du + "." + mu + "." + y);
                AddTyped(value, mu + "/" + du + "/" + yy);
                AddTyped(value, du + "/" + mu + "/" + yy);
            }
            int month = int.Parse(m, System.Globalization.CultureInfo.InvariantCulture);
            if (month < 1 || month > 12) return;
            string name = System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);
            string abbreviation = name.Substring(0, 3);
            Add(value, d + abbreviation + y);
            Add(value, d + "-" + abbreviation + "-" + y);
            Add(value, du + " " + abbreviation + " " + y);
            Add(value, du + " " + name + " " + y);
            Add(value, abbreviation + " " + du + " " + y);
            Add(value, name + " " + du + ", " + y);
            Add(value, name + " " + du + " " + y);
            AddTyped(value, du + "-" + abbreviation + "-" + yy);
            Add(value, abbreviation + ". " + du + ", " + y);
            // Year first with the month's name, the day as an ordinal "of" the month, the month in Roman numerals (leak QA 4).
            Add(value, y + "-" + abbreviation + "-" + d);
            Add(value, y + " " + abbreviation + " " + du);
            Add(value, du + Ordinal(du) + " of " + name + " " + y);
            Add(value, du + "." + Deid.Profile.DescriptorCleaner.RomanNumeral(month) + "." + y);
        }

        // The English ordinal suffix of a day: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st.
        private static string Ordinal(string day)
        {
            int n = int.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
            if (n % 100 >= 11 && n % 100 <= 13) return "th";
            switch (n % 10)
            {
                case 1: return "st";
                case 2: return "nd";
                case 3: return "rd";
                default: return "th";
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static void AddTime(AuditValue value, string time)
        {
            int dot = time.IndexOf('.');
            string whole = dot < 0 ? time : time.Substring(0, dot);
            if (whole.Length != 6 || !IsNumeric(whole)) return;
            string colons = whole.Substring(0, 2) + ":" + whole.Substring(2, 2) + ":" + whole.Substring(4, 2);
            Add(value, colons + (dot < 0 ? string.Empty : time.Substring(dot)));
            if (dot < 0) return;
            // Without the fraction: what a tool that keeps only seconds writes.
            Add(value, whole);
            Add(value, colons);
        }

        /// <summary>
        /// A name written out of its PN form: family and given name joined both ways, with a space (the usual way to write a
        /// name, and the only form in which the short components of an ideographic name, 山田 太郎, are found) and run together, as
        /// logins, e-mail addresses, file names and ideographic names are (山田太郎); and the given name's initial before or after
        /// the family name ("jsmith", "smithj").
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void AddJoined(AuditValue value, List<string> components)
        {
            if (components.Count < 2) return;
            string family = components[0], given = components[1];
            Add(value, family + " " + given);
            Add(value, given + " " + family);
            Add(value, family + given);
            Add(value, given + family);
            char initial = given[0];
            if (initial < 0x80 && char.IsLetter(initial))
            {
                Add(value, initial + family);
                Add(value, family + initial);
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static void AddGrouped(AuditValue value, string compact)
        {
            if (AuditRules.IsTrivial(compact, DicomVR.LO)) return;
            foreach (string f in value.GroupedForms)
            {
                if (string.Equals(f, compact, StringComparison.OrdinalIgnoreCase)) return;
            }
            value.GroupedForms.Add(compact);
        }

        // A form looked for outside the pixel value only (AuditValue.OutsidePixelForms), unless it is listed already.
        [MethodImpl(HotPath.Optimized)]
        private static void AddTyped(AuditValue value, string form)
        {
            int before = value.Forms.Count;
            Add(value, form);
            if (value.Forms.Count == before) return;
            string added = value.Forms[value.Forms.Count - 1];
            value.OutsidePixelForms.Add(added);
            // Six digits are a time of day as well (HHMMSS): found only inside text, never as a whole TM value.
            if (added.Length == 6 && Deid.Profile.IdentifierVariants.IsAllDigits(added)) value.InTextForms.Add(added);
        }

        // A form already listed keeps how it was listed first: the whole value is added before its components, so a one-word
        // name stays a form that counts anywhere.
        // evenIfShort: a form shorter than the minimum length that is still looked for (a short name part, as a word of its own:
        // LEE is not found in SLEEP).
        [MethodImpl(HotPath.Optimized)]
        private static void Add(AuditValue value, string form, bool wordOnly = false, bool evenIfShort = false)
        {
            form = form.Trim();
            if (!evenIfShort && AuditRules.IsTrivial(form, value.VRCode == DicomVR.UI ? DicomVR.UI : DicomVR.LO)) return;
            // Case is folded by the search for ASCII only: full-width letters in each case are forms of their own.
            var comparison = Deid.Profile.IdentifierVariants.HasFullWidth(form) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            foreach (string f in value.Forms)
            {
                if (string.Equals(f, form, comparison)) return;
            }
            value.Forms.Add(form);
            if (wordOnly) value.WordForms.Add(form);
        }
    }
}
