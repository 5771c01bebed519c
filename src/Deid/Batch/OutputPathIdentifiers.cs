using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Batch
{
    /// <summary>
    /// The identifying values of a file that exports put in folder and file names — the patient's names, IDs and birth date,
    /// the accession number, the study date and the instance UIDs — looked for in the path an output is written under. A
    /// recipe changes them in the header; a tree mirrored with -Recurse, or a kept file name, would still carry them. Values
    /// are compared as whole words (a name part of three letters or more, an ID or date of three characters or more), so
    /// 'ANN' does not match 'SCANNER'; UIDs as text anywhere in a name. Collected before the steps run, checked once the
    /// output's name is known, and only values the steps changed count (a value the recipe keeps is in the header anyway).
    /// </summary>
    /// <remarks>
    /// Runs for every file of a batch, so the common case — no value in the path — allocates nothing beyond the values read
    /// and, when the path holds a digit, the few short forms of the IDs (<see cref="Deid.Profile.IdentifierVariants.OfGrouping"/>),
    /// and uses no generic collection of the module's own types (whose code would be compiled at run time, not precompiled).
    /// </remarks>
    public sealed class OutputPathIdentifiers
    {
        private static readonly DicomTag[] Tags =
        {
            DicomTags.PatientName, DicomTags.PatientID, DicomTags.OtherPatientIDs, DicomTags.PatientBirthName,
            DicomTags.PatientMotherBirthName, DicomTags.PatientBirthDate, DicomTags.AccessionNumber, DicomTags.StudyDate,
            DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.SOPInstanceUID,
        };

        // Tags from this index on are UIDs, matched as text.
        private const int FirstUid = 8;

        private readonly string?[] _values;

        private OutputPathIdentifiers(string?[] values)
        {
            _values = values;
        }

        /// <summary>The values of <paramref name="dataset"/> (top level) to look for, read before anything changes them.</summary>
        public static OutputPathIdentifiers Collect(DicomDataset dataset)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            var values = new string?[Tags.Length];
            for (int i = 0; i < Tags.Length; i++)
            {
                string? value = dataset.GetString(Tags[i])?.Trim('\0', ' ');
                if (!string.IsNullOrEmpty(value)) values[i] = value;
            }
            return new OutputPathIdentifiers(values);
        }

        /// <summary>
        /// The tags, with their original values, that <paramref name="relativePath"/> (an output's path below its output folder,
        /// or its file name) holds, leaving out those whose value in <paramref name="after"/> (the dataset as written) is unchanged.
        /// </summary>
        public IReadOnlyList<KeyValuePair<DicomTag, string>> Find(string relativePath, DicomDataset after)
        {
            if (relativePath == null) throw new ArgumentNullException(nameof(relativePath));
            if (after == null) throw new ArgumentNullException(nameof(after));
            List<KeyValuePair<DicomTag, string>>? found = null;
            for (int i = 0; i < Tags.Length; i++)
            {
                string? value = _values[i];
                if (value == null || !(InPath(relativePath, value, i >= FirstUid) || (IsDate(Tags[i]) && DateInPath(relativePath, value))
                    || (IsId(Tags[i]) && RegroupedInPath(relativePath, value)))) continue;
                if (string.Equals(after.GetString(Tags[i])?.Trim('\0', ' '), value, StringComparison.Ordinal)) continue;
                found ??= new List<KeyValuePair<DicomTag, string>>();
                found.Add(new KeyValuePair<DicomTag, string>(Tags[i], value));
            }
            return (IReadOnlyList<KeyValuePair<DicomTag, string>>?)found ?? Array.Empty<KeyValuePair<DicomTag, string>>();
        }

        /// <summary>
        /// Of <paramref name="tags"/> (what -OutputName's tokens read), those this class looks for whose original value is in
        /// <paramref name="after"/> (the dataset as written) unchanged: the recipe keeps it, so the token writes the patient's own
        /// value into the output's path.
        /// </summary>
        public List<DicomTag> KeptAmong(IReadOnlyList<DicomTag> tags, DicomDataset after)
        {
            if (tags == null) throw new ArgumentNullException(nameof(tags));
            if (after == null) throw new ArgumentNullException(nameof(after));
            var kept = new List<DicomTag>();
            for (int i = 0; i < Tags.Length; i++)
            {
                if (_values[i] == null || !Contains(tags, Tags[i])) continue;
                if (string.Equals(after.GetString(Tags[i])?.Trim('\0', ' '), _values[i], StringComparison.Ordinal)) kept.Add(Tags[i]);
            }
            return kept;
        }

        private static bool Contains(IReadOnlyList<DicomTag> tags, DicomTag tag)
        {
            for (int i = 0; i < tags.Count; i++)
            {
                if (tags[i] == tag) return true;
            }
            return false;
        }

        private static bool IsDate(DicomTag tag) => tag == DicomTags.PatientBirthDate || tag == DicomTags.StudyDate;

        private static bool IsId(DicomTag tag) => tag == DicomTags.PatientID || tag == DicomTags.OtherPatientIDs || tag == DicomTags.AccessionNumber;

        /// <summary>
        /// An ID in the forms the descriptor cleaner and the audit know (<see cref="Deid.Profile.IdentifierVariants.OfGrouping"/>):
        /// grouped another way (0048-2913), as a number (482913), without its letters (7731902 for A7731902). Leak QA 3: such
        /// file names got no warning.
        /// </summary>
        private static bool RegroupedInPath(string path, string value)
        {
            // Every such form holds a digit: a path without one (rare) costs no string.
            if (path.IndexOfAny(Digits) < 0) return false;
            foreach (string compact in Deid.Profile.IdentifierVariants.OfGrouping(value))
            {
                if (compact.Length >= 3 && Deid.Profile.IdentifierVariants.IndexOfRegrouped(path, compact, 0, out _) >= 0) return true;
            }
            return false;
        }

        private static readonly char[] Digits = "0123456789".ToCharArray();

        /// <summary>
        /// A DICOM date (yyyyMMdd) written with separators, as exports name folders (1947-11-03, 03.11.1947, 11-03-1947), not inside
        /// a longer number.
        /// </summary>
        private static bool DateInPath(string path, string date)
        {
            if (date.Length != 8) return false;
            foreach (char c in date)
            {
                if (c < '0' || c > '9') return false;
            }
            // Every form holds the year, or its last two digits after a separator ('QZ 03-07-61'; leak QA 2026-12-06): a path
            // without either (nearly every one) costs no string.
            bool year = path.AsSpan().IndexOf(date.AsSpan(0, 4)) >= 0, shortYear = HasShortYear(path, date[2], date[3]);
            if (!year && !shortYear) return false;
            string y = date.Substring(0, 4), yy = date.Substring(2, 2), m = date.Substring(4, 2), d = date.Substring(6, 2);
            // And without the leading zeros of month and day (1961-3-7), as the descriptor cleaner and the audit know it.
            string mu = m.TrimStart('0'), du = d.TrimStart('0');
            if (year && (IsWholeNumberIn(path, d + m + y) || IsWholeNumberIn(path, m + d + y))) return true;
            foreach (char sep in "-._/ ")
            {
                if (year && AnyWholeNumberIn(path, y + sep + m + sep + d, d + sep + m + sep + y, m + sep + d + sep + y, y + sep + mu + sep + du, du + sep + mu + sep + y, mu + sep + du + sep + y)) return true;
                if (shortYear && AnyWholeNumberIn(path, m + sep + d + sep + yy, d + sep + m + sep + yy, mu + sep + du + sep + yy, du + sep + mu + sep + yy)) return true;
            }
            return false;
        }

        private static bool AnyWholeNumberIn(string path, params string[] forms)
        {
            foreach (string form in forms)
            {
                if (IsWholeNumberIn(path, form)) return true;
            }
            return false;
        }

        // The two digits of a year after a separator, ending a number: where a date with a two-digit year can end. Read in place
        // (this runs for every file whose path holds the digits).
        private static bool HasShortYear(string path, char tens, char ones)
        {
            for (int at = 1; at + 1 < path.Length; at++)
            {
                if (path[at] != tens || path[at + 1] != ones || "-._/ ".IndexOf(path[at - 1]) < 0) continue;
                if (IsNumberEnd(path, at + 2)) return true;
            }
            return false;
        }

        // No digit at end, nor a point followed by one (a UID's next component: 1.5.2.25.3 holds no date 5.2.25).
        private static bool IsNumberEnd(string path, int end) =>
            end >= path.Length || !(char.IsDigit(path[end]) || (path[end] == '.' && end + 1 < path.Length && char.IsDigit(path[end + 1])));

        // No digit before at, nor one before a point there.
        private static bool IsNumberStart(string path, int at) =>
            at == 0 || !(char.IsDigit(path[at - 1]) || (path[at - 1] == '.' && at > 1 && char.IsDigit(path[at - 2])));

        // The digits of form in path as a number of their own: no digit next to them, nor a point and a digit (a UID's components).
        private static bool IsWholeNumberIn(string path, string form)
        {
            for (int at = path.IndexOf(form, StringComparison.Ordinal); at >= 0; at = path.IndexOf(form, at + 1, StringComparison.Ordinal))
            {
                if (IsNumberStart(path, at) && IsNumberEnd(path, at + form.Length)) return true;
            }
            return false;
        }

        /// <summary>A UID as text; any other value by its words (runs of letters and digits) of three characters or more.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool InPath(string path, string value, bool uid)
        {
            if (uid) return value.Length >= 8 && path.IndexOf(value, StringComparison.Ordinal) >= 0;
            int start = -1;
            for (int i = 0; i <= value.Length; i++)
            {
                bool inWord = i < value.Length && char.IsLetterOrDigit(value[i]);
                if (inWord && start < 0) start = i;
                else if (!inWord && start >= 0)
                {
                    if (i - start >= 3 && HasWord(path, value, start, i - start)) return true;
                    start = -1;
                }
            }
            return false;
        }

        /// <summary>Whether <paramref name="path"/> holds value[start..start+length) as a whole word, ignoring case.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool HasWord(string path, string value, int start, int length)
        {
            for (int at = 0; at + length <= path.Length; at++)
            {
                if (at > 0 && char.IsLetterOrDigit(path[at - 1])) continue;
                if (at + length < path.Length && char.IsLetterOrDigit(path[at + length])) continue;
                if (string.Compare(path, at, value, start, length, StringComparison.OrdinalIgnoreCase) == 0) return true;
            }
            return false;
        }
    }
}
