using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Deid.Dicom;
using Xunit;
using Xunit.Abstractions;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// Every case of Reference/cases.json (recipe × input × variables × options) run through our engine and compared, element by
    /// element, with the file deid 0.4.12 wrote for it. The only differences allowed are our deliberate ones, each named below and
    /// checked value by value in <see cref="DeliberateDifferenceTests"/>; where deid failed, ours must write valid DICOM that applies
    /// the recipe (<see cref="DeidFailureTests"/>).
    /// </summary>
    public class DeidDifferentialTests
    {
        private static readonly Regex DtPrecision = new Regex(@"^(?<path>.+): \[(?<ours>[0-9]{14})(?<tz>([+-][0-9]{4})?)\], expected \[\k<ours>\.000000\k<tz>\]$");

        /// <summary>The deliberate differences from deid, per case: a test of each difference line and why it is ours.</summary>
        internal static readonly Dictionary<string, (string Why, Func<string, bool> Allowed)> Deliberate = new Dictionary<string, (string, Func<string, bool>)>
        {
            ["add-tag-new"] = ("ADD ggggeeee of an absent element takes the dictionary VR; deid's add_tag gives ST (a VR the tag does not have)",
                d => d == "(0010,0021): VR LO, expected ST"),
            ["replace-is-decimal"] = ("a decimal is not an IS: ours removes the element (the original must not remain) and warns; pydicom writes the invalid IS",
                d => d == "(0020,0013): missing in ours (expected [4.5])"),
            ["replace-numeric-unconvertible"] = ("text no VR of the element can take: ours removes the element and warns; deid says BLANKED and keeps the original",
                d => Regex.IsMatch(d, @"^\((0028,001[01]|0018,1320|0018,9219|0011,1003)\): missing in ours \(expected \[")),
            ["jitter"] = ("JITTER keeps a DT value's own precision; deid rewrites it as YYYYMMDDHHMMSS.ffffff", d => DtPrecision.IsMatch(d)),
            ["deid-func-jitter"] = ("deid_func:jitter keeps a DT value's own precision", d => DtPrecision.IsMatch(d)),
            ["jitter-tm"] = ("JITTER refuses a TM; deid writes today's date shifted into it", d => d.StartsWith("(0008,0030): [101553.123], expected [", StringComparison.Ordinal)),
            ["jitter-dt-year"] = ("JITTER refuses a DT without a day; dateutil fills in today's month and day", d => d.StartsWith("(0018,9151): [2005], expected [2005", StringComparison.Ordinal)),
            ["remove-keep-nested"] = ("KEEP protects an element that exists only nested; deid protects nothing then",
                d => d.Contains(": unexpected in ours", StringComparison.Ordinal) && (d.Contains("(0008,1155): ", StringComparison.Ordinal) || d.Contains("(0010,0021): ", StringComparison.Ordinal))),
            ["remove-private-keep"] = ("-RemovePrivate spares KEEP-protected private elements and their creators",
                d => d.Contains(": unexpected in ours", StringComparison.Ordinal) && (d.Contains("(0011,0010): ", StringComparison.Ordinal) || d.Contains("(0011,1001): ", StringComparison.Ordinal))),
            ["values-remove"] = ("values: never matches a sequence (deid matches the printed sequence, element names included, and removes all of it)",
                d => Regex.IsMatch(d, @"^\([0-9A-F]{4},[0-9A-F]{4}\): unexpected in ours \(sequence of [0-9]+\)$")),
            ["values-field-split"] = ("values: also matches each value as literal text: a person name such as DOE^JOHN is an anchored pattern in deid, which matches nothing and lets the name through",
                d => d == "(0008,0090): [NOPE], expected [WHO^REFERRING]" || d == "(0010,0010): [NOPE], expected [DOE^JOHN]" || d == @"(0010,1001): [NOPE], expected [DOE^J\ROE^JANE]"),
            ["sample-files"] = ("values: never matches a sequence", d => Regex.IsMatch(d, @"^\([0-9A-F]{4},[0-9A-F]{4}\): unexpected in ours \(sequence of [0-9]+\)$")),
            ["remove-replace-unchanged"] = ("an element spared from REMOVE for a REPLACE/JITTER that changed nothing is removed at the end; deid keeps the original value",
                d => d.Contains(": missing in ours (expected", StringComparison.Ordinal)),
            ["pydicom-uuid-multivalued"] = ("a multi-valued UI is remapped value by value; deid hashes str(list) into one UID (a value and both links lost)",
                d => Regex.IsMatch(d, @"^\(0008,0062\): \[2\.25\.[0-9]+\\2\.25\.[0-9]+\], expected \[2\.25\.[0-9]+\]$")),
            ["pydicom-uuid-random"] = ("random UIDs differ by nature; deid's stable_remapping=false hashes the empty string (one UID for all)",
                d => Regex.IsMatch(d, @"^\(0020,00(0D|0E|52)\): \[2\.25\.[0-9]+\], expected \[2\.25\.[0-9]+\]$")),
            ["remove-all-disable-skip"] = ("a file meta is written with its version and transfer syntax; deid removes them and pydicom writes a meta without",
                d => d.StartsWith("meta (0002,0001): unexpected in ours", StringComparison.Ordinal) || d.StartsWith("meta (0002,0010): unexpected in ours", StringComparison.Ordinal)),
            ["add-file-meta"] = ("ADD of a group 0002 element to a file without meta adds nothing; deid writes it before the dataset, without preamble, in another encoding",
                d => d.StartsWith("meta (0002,0016): missing in ours", StringComparison.Ordinal)),
            ["shipped-dicom.basic-profile.retain-long-modified-dates"] = ("our shipped date option: DT precision kept, a year-only DT refused",
                d => DtPrecision.IsMatch(d) || d.StartsWith("(0018,9151): [2005], expected [2005", StringComparison.Ordinal)),
            ["shipped-dicom.basic-profile.clean-descriptors"] = ("BLANK values: never empties a sequence; the nested elements holding a name are blanked one by one; "
                + "deid_func:clean_descriptor (ours) keeps a descriptor with its identifying spans replaced by XXX where deid's BLANK empties it",
                d => Regex.IsMatch(d, @"^\([0-9A-F]{4},[0-9A-F]{4}\): [0-9]+ items, expected 0$") || Regex.IsMatch(d, @"^\([0-9A-F]{4},[0-9A-F]{4}\): \[[^\]]*XXX[^\]]*\], expected \[\]$")),
            ["transfer-syntaxes"] = ("group length elements a dataset holds are kept and recomputed; pydicom drops them when it writes",
                d => Regex.IsMatch(d, @"^\([0-9A-F]{4},0000\): unexpected in ours \(\[[0-9]+\]\)$")),
            ["remove-meta"] = ("the file meta names the dataset's SOP class and instance (PS3.10); deid writes a meta without them",
                d => d.StartsWith("meta (0002,0002): unexpected in ours", StringComparison.Ordinal)),
            ["random-uid-functions"] = ("random values differ by nature, and into UI elements ours writes UIDs (2.25) where deid writes text",
                d => Regex.IsMatch(d, @"^(\(0008,00(18|50|80)\)|\(0010,0020\)|\(0010,1002\)__[01]__\(0010,0020\)|\(0020,00(0D|0E|52)\)): ")),
        };

        private readonly ITestOutputHelper _output;

        public DeidDifferentialTests(ITestOutputHelper output) => _output = output;

        public static IEnumerable<object[]> DeidWrote() => Pairs(ok: true);

        public static IEnumerable<object[]> DeidFailed() => Pairs(ok: false);

        private static IEnumerable<object[]> Pairs(bool ok)
        {
            foreach (var c in ReferenceCases.Cases.Values)
            {
                foreach (var input in c.Inputs)
                {
                    string file = ReferenceCases.FileName(input);
                    if (ReferenceCases.Outcome(c.Name, file).Ok == ok) yield return new object[] { c.Name, file };
                }
            }
        }

        [Theory]
        [MemberData(nameof(DeidWrote))]
        public void MatchesDeidElementForElement(string caseName, string file)
        {
            var warnings = new List<string>();
            var ours = ReferenceCases.RunOurs(caseName, file, warnings);
            foreach (var w in warnings) _output.WriteLine("warning: " + w);
            var diffs = ReferenceCases.Differences(caseName, file, ours);
            // (0002,0003): deid leaves it stale when SOPInstanceUID changes; ours follows it (checked for every output below).
            diffs.RemoveAll(d => d.StartsWith("meta (0002,0003): ", StringComparison.Ordinal));
            if (Deliberate.TryGetValue(caseName, out var deliberate))
            {
                _output.WriteLine($"deliberate: {deliberate.Why}");
                diffs.RemoveAll(d => deliberate.Allowed(d));
            }
            foreach (var d in diffs) _output.WriteLine(d);
            Assert.True(diffs.Count == 0, $"{diffs.Count} differences from deid for {caseName}/{file}:\n" + string.Join("\n", diffs.Take(30)));
            AssertValid(caseName, file, ours);
        }

        [Theory]
        [MemberData(nameof(DeidFailed))]
        public void WhereDeidFailsOursWritesValidDicom(string caseName, string file)
        {
            var outcome = ReferenceCases.Outcome(caseName, file);
            _output.WriteLine("deid: " + outcome.Error);
            Assert.False(File.Exists(Path.Combine(ReferenceCases.Reference, "expected", caseName, file)));
            var ours = ReferenceCases.RunOurs(caseName, file, new List<string>());
            AssertValid(caseName, file, ours);
        }

        /// <summary>Every case and input has a recorded outcome, every recorded file a case: the recording is complete.</summary>
        [Fact]
        public void RecordingCoversEveryCase()
        {
            int pairs = 0;
            foreach (var c in ReferenceCases.Cases.Values)
            {
                Assert.False(string.IsNullOrWhiteSpace(c.Doc));
                foreach (var input in c.Inputs)
                {
                    Assert.True(File.Exists(ReferenceCases.InputPath(input)), input);
                    string file = ReferenceCases.FileName(input);
                    var outcome = ReferenceCases.Outcome(c.Name, file);
                    Assert.Equal(outcome.Ok, File.Exists(Path.Combine(ReferenceCases.Reference, "expected", c.Name, file)));
                    pairs++;
                }
            }
            var recorded = Directory.GetDirectories(Path.Combine(ReferenceCases.Reference, "expected")).Select(Path.GetFileName);
            Assert.All(recorded, r => Assert.True(ReferenceCases.Cases.ContainsKey(r!), r));
            Assert.All(Deliberate.Keys, k => Assert.True(ReferenceCases.Cases.ContainsKey(k), k));
            Assert.True(pairs >= 90, $"{pairs} case inputs");
        }

        /// <summary>Each deliberate difference shows in at least one input of its case (else the table is stale).</summary>
        [Theory]
        [MemberData(nameof(DeliberateCases))]
        public void DeliberateDifferenceShows(string caseName)
        {
            var (why, allowed) = Deliberate[caseName];
            int shown = 0;
            foreach (var input in ReferenceCases.Get(caseName).Inputs)
            {
                string file = ReferenceCases.FileName(input);
                var ours = ReferenceCases.RunOurs(caseName, file, new List<string>());
                shown += ReferenceCases.Differences(caseName, file, ours).Count(d => allowed(d));
            }
            Assert.True(shown > 0, $"{caseName}: the deliberate difference ({why}) does not show: update the table");
        }

        public static IEnumerable<object[]> DeliberateCases() => Deliberate.Keys.Select(k => new object[] { k });

        internal static void AssertValid(string caseName, string file, DicomFile ours)
        {
            var input = DicomFile.Open(ReferenceCases.InputPath(ReferenceCases.Input(caseName, file)));
            var problems = WrittenValues.Problems(input, ours);
            Assert.True(problems.Count == 0, $"{caseName}/{file}: ours wrote invalid values:\n" + string.Join("\n", problems));
        }
    }
}
