using System;
using System.Collections.Generic;
using System.Linq;
using Deid.Dicom;
using Deid.Steps;

namespace Deid.Crosswalk
{
    /// <summary>
    /// Records, for authorised re-identification, what a run replaced: the identifiers (person names, IDs, accession and study
    /// numbers) and every UID, at any depth, whose value changed — original and new. Reads the header when the steps begin
    /// (before any changes it) and again after the steps before it applied; put it after them. Values that were removed or
    /// emptied have nothing to map and are not recorded. The key is never recorded.
    /// </summary>
    public sealed class CrosswalkStep : IFileStep
    {
        /// <summary>The step's name.</summary>
        public const string StepName = "Crosswalk";

        private static readonly DicomTag[] IdentifierTags =
        {
            DicomTags.PatientName, DicomTags.PatientID, DicomTags.OtherPatientIDs, DicomTags.AccessionNumber, DicomTags.StudyID,
            DicomTags.OtherPatientNames, DicomTags.PatientBirthName,
        };

        private static readonly HashSet<uint> Identifiers = new HashSet<uint>(IdentifierTags.Select(t => t.Value));

        // The same attributes by the label their rows carry (FieldOf), for rows read back from a crosswalk file.
        private static readonly HashSet<string> IdentifierKeywords = new HashSet<string>(IdentifierTags.Select(FieldOf), StringComparer.Ordinal);

        private readonly CrosswalkMap? _map;

        /// <summary>Creates the step; it records each file's rows in its statistics only.</summary>
        public CrosswalkStep()
        {
        }

        /// <summary>
        /// Creates the step for a run that appends to a crosswalk: a file whose rows disagree with <paramref name="map"/> fails with
        /// <see cref="CrosswalkConflictException"/> before it is written, and the rows of each file written are committed to it.
        /// </summary>
        public CrosswalkStep(CrosswalkMap map) => _map = map ?? throw new ArgumentNullException(nameof(map));

        /// <summary>The label of a row: the attribute's keyword, or its tag when the dictionary names none.</summary>
        private static string FieldOf(DicomTag tag) => DicomDictionary.TryGetEntry(tag, out var entry) ? entry.Keyword : tag.ToString();

        /// <summary>True for the identifiers a crosswalk records by attribute (names, IDs, accession and study numbers); every other row is a UID's.</summary>
        public static bool IsIdentifierField(string field) => field != null && IdentifierKeywords.Contains(field);

        /// <inheritdoc/>
        public string Name => StepName;

        /// <inheritdoc/>
        public IFileStepRun Begin(FileStepContext context)
        {
            if (context == null) throw new ArgumentNullException(nameof(context));
            var before = new Dictionary<string, (DicomTag Tag, string Value)>(StringComparer.Ordinal);
            Collect(context.File.Dataset, string.Empty, before);
            return new Run(context, before, _map);
        }

        /// <summary>The values a crosswalk maps, by element path: identifiers at the top level, UIDs at any depth.</summary>
        private static void Collect(DicomDataset dataset, string prefix, Dictionary<string, (DicomTag, string)> into)
        {
            foreach (var e in dataset.Elements)
            {
                if (e.IsSequence)
                {
                    var items = e.Sequence!;
                    string sequence = prefix + e.Tag.ToString();
                    for (int i = 0; i < items.Count; i++) Collect(items[i], sequence + "[" + i + "]", into);
                    continue;
                }
                // Asked before the element's path is built: most elements are neither, and this runs twice a file.
                bool wanted = e.VR == DicomVR.UI || (prefix.Length == 0 && Identifiers.Contains(e.Tag.Value));
                if (!wanted || !e.IsLoaded) continue;
                string? value = dataset.GetString(e)?.Trim();
                if (!string.IsNullOrEmpty(value)) into[prefix + e.Tag.ToString()] = (e.Tag, value!);
            }
        }

        private sealed class Run : IFileStepRun
        {
            private readonly FileStepContext _context;
            private readonly Dictionary<string, (DicomTag Tag, string Value)> _before;
            private readonly CrosswalkMap? _map;

            public Run(FileStepContext context, Dictionary<string, (DicomTag, string)> before, CrosswalkMap? map)
            {
                _context = context;
                _before = before;
                _map = map;
            }

            public IStepStatistics Apply()
            {
                var after = new Dictionary<string, (DicomTag Tag, string Value)>(StringComparer.Ordinal);
                Collect(_context.File.Dataset, string.Empty, after);
                var entries = new List<CrosswalkEntry>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                // Top-level elements first (a stable sort): a UID is labelled by the attribute that owns it (StudyInstanceUID), not by
                // a reference to it met earlier in a sequence.
                foreach (var pair in _before.OrderBy(p => Depth(p.Key)))
                {
                    if (!after.TryGetValue(pair.Key, out var now) || now.Value == pair.Value.Value) continue;
                    string field = FieldOf(pair.Value.Tag);
                    foreach (var row in Rows(field, pair.Value.Tag, pair.Value.Value, now.Value))
                    {
                        if (seen.Add(CrosswalkFile.ConflictKey(row) + "\0" + row.Replacement)) entries.Add(row);
                    }
                }
                if (_map != null)
                {
                    // Checked here, before the batch writes: an output whose originals the crosswalk maps otherwise could never
                    // be traced back (it would replace, with -Force, the copy the crosswalk does lead back to).
                    string source = _context.SourcePath ?? string.Empty;
                    _map.Claim(source, entries);
                    var map = _map;
                    long order = _context.Sequence;
                    _context.BeforeOutputAppears(() => map.Journal(source, entries));
                    _context.OnWritten(() => map.Commit(source, entries, order));
                }
                return new CrosswalkStatistics(entries);
            }

            /// <summary>
            /// The rows of one changed value. A multi-valued UID remapped value by value (FailedSOPInstanceUIDList) gives a row per
            /// value, so that each original UID is traced to the new UID it has in every file, alone or beside others.
            /// </summary>
            private static IEnumerable<CrosswalkEntry> Rows(string field, DicomTag tag, string before, string after)
            {
                if (!Identifiers.Contains(tag.Value) && before.IndexOf('\\') >= 0)
                {
                    var originals = before.Split('\\');
                    var replacements = after.Split('\\');
                    if (originals.Length == replacements.Length)
                    {
                        for (int i = 0; i < originals.Length; i++)
                        {
                            string original = originals[i].Trim().TrimEnd('\0');
                            string replacement = replacements[i].Trim().TrimEnd('\0');
                            if (original.Length > 0 && replacement.Length > 0 && original != replacement) yield return new CrosswalkEntry(field, original, replacement);
                        }
                        yield break;
                    }
                }
                yield return new CrosswalkEntry(field, before, after);
            }

            private static int Depth(string path)
            {
                int depth = 0;
                foreach (char c in path) if (c == '[') depth++;
                return depth;
            }
        }
    }

    /// <summary>What <see cref="CrosswalkStep"/> found in one file: its entries.</summary>
    public sealed class CrosswalkStatistics : IStepStatistics
    {
        /// <summary>Creates the statistics.</summary>
        public CrosswalkStatistics(IReadOnlyList<CrosswalkEntry> entries) => _entries = entries ?? throw new ArgumentNullException(nameof(entries));

        private readonly IReadOnlyList<CrosswalkEntry> _entries;

        /// <summary>Original → new, one per distinct pair of the file.</summary>
        /// <remarks>
        /// A method, not a property: a run's results exported into its log (ConvertTo-Json, Export-Clixml, Export-Csv of the
        /// steps) held every original UID and identifier the crosswalk maps (QA of run logs against -PhiMarkers files). The
        /// crosswalk file is where the pairs are kept.
        /// </remarks>
        public IReadOnlyList<CrosswalkEntry> GetEntries() => _entries;

        /// <inheritdoc/>
        public string Step => CrosswalkStep.StepName;

        /// <inheritdoc/>
        public IReadOnlyList<KeyValuePair<string, int>> Counts => new[] { new KeyValuePair<string, int>("Mapped", _entries.Count) };

        /// <inheritdoc/>
        public int Total => _entries.Count;

        /// <summary>"mapped 3" (the pairs are not printed: they hold the original identifiers).</summary>
        public override string ToString() => "mapped " + _entries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
