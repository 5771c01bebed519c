using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Deid.Dicom;
using Deid.Fields;
using Xunit;

namespace Deid.Tests.Fields
{
    /// <summary>
    /// FieldMatcher against deid 0.4.12 itself: Reference/deid-fields.json holds, for eight DICOM files, deid's list of fields
    /// (get_fields_with_lookup: tag, keyword, name, VR, private creator, nested paths) and what expand_field_expression selected
    /// for each spec of field-specs.txt. We rebuild the candidates from the list and must select exactly the same ones.
    /// </summary>
    public class FieldMatcherReferenceTests
    {
        private static readonly JsonObject Reference = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.FieldReference, "deid-fields.json")))!;

        public static IEnumerable<object[]> Files() => Reference.Select(kv => new object[] { kv.Key });

        internal static List<FieldCandidate> Candidates(string file)
        {
            var list = new List<FieldCandidate>();
            foreach (var c in (JsonArray)Reference[file]!["candidates"]!)
            {
                DicomVR.TryParse((string)c!["vr"]!, out var vr);
                list.Add(new FieldCandidate(
                    new DicomTag(uint.Parse((string)c["tag"]!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                    (string)c["keyword"]!, (string)c["name"]!, vr, (string?)c["creator"], (string)c["keywordPath"]!, (string)c["tagPath"]!, (bool)c["fileMeta"]!));
            }
            return list;
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void EverySpec_SelectsWhatDeidSelects(string file)
        {
            var candidates = Candidates(file);
            var failures = new List<string>();
            foreach (var kv in (JsonObject)Reference[file]!["expansions"]!)
            {
                string spec = kv.Key;
                if (kv.Value is JsonValue v && v.TryGetValue<string>(out var err))
                {
                    Assert.StartsWith("error:", err);
                    Assert.False(FieldSpec.TryParse(spec, out _, out _), $"deid fails on '{spec}', so must we");
                    continue;
                }
                var expected = ((JsonArray)kv.Value!).Select(x => (string)x!).ToList();
                var actual = FieldMatcher.Select(FieldSpec.Parse(spec), candidates).Select(c => c.TagPath).OrderBy(s => s, StringComparer.Ordinal).ToList();
                if (!expected.SequenceEqual(actual))
                    failures.Add($"{spec}: deid {expected.Count} [{string.Join(" ", expected.Take(6))}] ours {actual.Count} [{string.Join(" ", actual.Take(6))}]");
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Fact]
        public void Reference_CoversTheSurprisingCases()
        {
            // The fixture shows these deid behaviours; the assertions keep them visible.
            var overlay = (JsonObject)Reference["examples_overlay.dcm"]!["expansions"]!;
            Assert.Empty((JsonArray)overlay["OverlayData"]!);           // repeating-group elements have no keyword in pydicom
            Assert.NotEmpty((JsonArray)overlay["(6000,3000)"]!);        // ... but their tag matches
            Assert.NotEmpty((JsonArray)overlay["contains:Overlay"]!);   // ... and their name
            var ct = (JsonObject)Reference["CT_small.dcm"]!["expansions"]!;
            Assert.Empty((JsonArray)ct["0x00100010"]!);                 // 0x spelling matches nothing in header actions
            Assert.Empty((JsonArray)ct["0010,0010"]!);
            Assert.Single((JsonArray)ct["00100010"]!);
            Assert.Single((JsonArray)ct["(0009,\"GEMS_IDEN_01\",01)"]!);
            Assert.Single((JsonArray)ct["(0009,\"gems_iden_01\",01)"]!); // exact matching ignores case, creator included
            Assert.Empty((JsonArray)ct["values:x"]!);
        }
    }
}
