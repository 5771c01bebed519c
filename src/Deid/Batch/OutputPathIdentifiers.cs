using System;
using System.Collections.Generic;
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
    public sealed class OutputPathIdentifiers
    {
        private static readonly DicomTag[] WordTags =
        {
            DicomTags.PatientName, DicomTags.PatientID, DicomTags.OtherPatientIDs, DicomTags.PatientBirthName,
            DicomTags.PatientMotherBirthName, DicomTags.PatientBirthDate, DicomTags.AccessionNumber, DicomTags.StudyDate,
        };

        private static readonly DicomTag[] UidTags = { DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.SOPInstanceUID };

        private readonly List<Entry> _entries = new List<Entry>();

        private OutputPathIdentifiers()
        {
        }

        /// <summary>The values of <paramref name="dataset"/> (top level) to look for, read before anything changes them.</summary>
        public static OutputPathIdentifiers Collect(DicomDataset dataset)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            var result = new OutputPathIdentifiers();
            foreach (var tag in WordTags)
            {
                string? value = dataset.GetString(tag);
                if (string.IsNullOrWhiteSpace(value)) continue;
                foreach (string word in Words(value!))
                {
                    if (word.Length >= 3) result._entries.Add(new Entry(tag, value!, word, isUid: false));
                }
            }
            foreach (var tag in UidTags)
            {
                string? value = dataset.GetString(tag)?.Trim('\0', ' ');
                if (!string.IsNullOrEmpty(value) && value!.Length >= 8) result._entries.Add(new Entry(tag, value, value, isUid: true));
            }
            return result;
        }

        /// <summary>
        /// The tags, with their original values, that <paramref name="relativePath"/> (an output's path below its output folder,
        /// or its file name) holds, leaving out those whose value in <paramref name="after"/> (the dataset as written) is unchanged.
        /// </summary>
        public IReadOnlyList<KeyValuePair<DicomTag, string>> Find(string relativePath, DicomDataset after)
        {
            if (relativePath == null) throw new ArgumentNullException(nameof(relativePath));
            if (after == null) throw new ArgumentNullException(nameof(after));
            var found = new List<KeyValuePair<DicomTag, string>>();
            if (_entries.Count == 0) return found;
            var words = new HashSet<string>(Words(relativePath), StringComparer.OrdinalIgnoreCase);
            foreach (var entry in _entries)
            {
                if (found.Exists(f => f.Key == entry.Tag)) continue;
                bool hit = entry.IsUid
                    ? relativePath.IndexOf(entry.Word, StringComparison.Ordinal) >= 0
                    : words.Contains(entry.Word);
                if (!hit) continue;
                string? now = after.GetString(entry.Tag);
                if (string.Equals(now?.Trim('\0', ' '), entry.Value.Trim('\0', ' '), StringComparison.Ordinal)) continue;
                found.Add(new KeyValuePair<DicomTag, string>(entry.Tag, entry.Value));
            }
            return found;
        }

        /// <summary>Runs of letters and digits: the words of a name, an ID, a date or a path.</summary>
        private static IEnumerable<string> Words(string text)
        {
            int start = -1;
            for (int i = 0; i <= text.Length; i++)
            {
                bool inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
                if (inWord && start < 0) start = i;
                else if (!inWord && start >= 0)
                {
                    yield return text.Substring(start, i - start);
                    start = -1;
                }
            }
        }

        private readonly struct Entry
        {
            public Entry(DicomTag tag, string value, string word, bool isUid)
            {
                Tag = tag;
                Value = value;
                Word = word;
                IsUid = isUid;
            }

            public DicomTag Tag { get; }

            public string Value { get; }

            public string Word { get; }

            public bool IsUid { get; }
        }
    }
}
