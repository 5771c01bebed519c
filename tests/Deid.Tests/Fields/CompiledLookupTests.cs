using System;
using System.Collections.Generic;
using System.Linq;
using Deid.Dicom;
using Deid.Fields;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Fields
{
    /// <summary>
    /// The engine's shortcuts give deid's answers: an exact field text resolved to tags once (<see cref="ExactTagResolver"/>) selects
    /// the same fields, in the same order, as comparing the text with every name of every element; an expander's verdicts kept per
    /// tag and creator (<see cref="ExpanderVerdicts"/>) select what matching each element does. Checked on samples with nested
    /// sequences, private blocks and unknown tags, for every name each of their elements has, in three cases.
    /// </summary>
    public class CompiledLookupTests
    {
        public static TheoryData<SampleModality> Modalities => new TheoryData<SampleModality>(Enum.GetValues<SampleModality>());

        private static FieldList Listing(SampleModality modality) =>
            FieldList.Collect(DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = modality, Seed = 3, PhiMarkers = true }).File);

        private static IEnumerable<string> NamesOf(DeidField f)
        {
            yield return f.Keyword;
            yield return f.Name;
            yield return f.KeywordPath;
            yield return f.TagPath;
            yield return f.Tag.ToString();
            yield return f.Tag.ToHexString();
            if (f.PrivateCreator != null) yield return FieldMatcher.PrivateCreatorSyntax(f, f.PrivateCreator);
        }

        [Theory]
        [MemberData(nameof(Modalities))]
        public void ExactLookupByTag_SelectsWhatTheTextLookupSelects(SampleModality modality)
        {
            var fields = Listing(modality);
            var texts = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in fields)
            {
                foreach (var name in NamesOf(f).Where(n => n.Length > 0))
                {
                    texts.Add(name);
                    texts.Add(name.ToLowerInvariant());
                    texts.Add(name.ToUpperInvariant());
                }
            }
            int resolved = 0;
            foreach (var text in texts)
            {
                if (!FieldSpec.TryParse(text, out var spec, out _) || spec.IsExpander) continue;
                if (spec.ExactTags != null) resolved++;
                var byText = fields.FindExact(text).Select(f => f.TagPath).ToArray();
                Assert.True(byText.SequenceEqual(fields.FindExact(spec).Select(f => f.TagPath)), $"'{text}' selects differently");
            }
            // Most names are resolved to tags: the shortcut is taken, not only the fallback tested.
            Assert.True(resolved > texts.Count / 3, $"{resolved} of {texts.Count} texts resolved to tags");
        }

        [Fact]
        public void ExactTags_NameTheDictionaryTagsAndDeclineWhatOnlyElementsCanAnswer()
        {
            Assert.Equal(new uint[] { 0x00100010 }, FieldSpec.Parse("PatientName").ExactTags);
            Assert.Equal(new uint[] { 0x00100010 }, FieldSpec.Parse("patientname").ExactTags);
            Assert.Equal(new uint[] { 0x00100010 }, FieldSpec.Parse("(0010,0010)").ExactTags);
            Assert.Equal(new uint[] { 0x00100010 }, FieldSpec.Parse("00100010").ExactTags);
            Assert.Equal(new uint[] { 0x00080060 }, FieldSpec.Parse("Modality").ExactTags); // keyword and name alike
            Assert.Equal(Array.Empty<uint>(), FieldSpec.Parse("NoSuchKeyword").ExactTags);
            Assert.Null(FieldSpec.Parse("ReferencedStudySequence__ReferencedSOPInstanceUID").ExactTags);
            Assert.Null(FieldSpec.Parse("(0019,\"GEMS_ACQU_01\",10)").ExactTags);
            Assert.Null(FieldSpec.Parse("contains:Name").ExactTags);
        }

        [Fact]
        public void NoDictionaryKeywordOrNameIsEightHexDigits()
        {
            // fields: groups re-select a listed field by "ggggeeee", looked up by tag alone (FieldList.FindByTag): that is deid's
            // answer only while no keyword or name could be spelled that way.
            static bool Hex8(string s) => s.Length == 8 && s.All(Uri.IsHexDigit);
            Assert.DoesNotContain(DicomDictionary.Entries, e => Hex8(e.Keyword) || Hex8(e.Name));
        }

        [Theory]
        [MemberData(nameof(Modalities))]
        public void ExpanderVerdicts_SelectWhatMatchingEachElementSelects(SampleModality modality)
        {
            var fields = Listing(modality);
            var specs = new[]
            {
                "contains:Name", "contains:^[0-9a-f]{3}[13579bdf][0-9a-f]{4}$", "contains:^60[0-9a-f]{2}3000$", "startswith:Referenced",
                "endswith:Date", "endswith:UID", "except:Date", "contains:sequence__", "contains:private", "contains:\"",
                "select:dictionary:unknown", "select:VR:PN", "select:group:0010", "startswith:\\(0008",
                // Patterns that match nested keyword paths: none may be taken for one of hexadecimal digits only.
                "contains:^[a-z_0-9]+$", "contains:^[0-9a-f_]+$", "contains:__[0-9]+__", "except:^[0-9a-f]{8}$",
            }.Select(FieldSpec.Parse).ToArray();
            foreach (var spec in specs)
            {
                var expected = fields.Where(f => FieldMatcher.Matches(spec, f)).Select(f => f.TagPath).ToArray();
                // Twice: computed, then from the stored verdicts.
                Assert.Equal(expected, fields.Select(spec).Select(f => f.TagPath).ToArray());
                Assert.Equal(expected, fields.Select(spec).Select(f => f.TagPath).ToArray());
            }
        }

        [Theory]
        [InlineData("contains:^50[0-9a-f]{6}$", true)] // the shipped recipes' repeating groups and private attributes
        [InlineData("contains:^60[0-9a-f]{2}3000$", true)]
        [InlineData("contains:^[0-9a-f]{3}[13579bdf][0-9a-f]{4}$", true)]
        [InlineData("contains:^0010[0-9a-f]+$", true)]
        [InlineData("contains:^0010[0-9a-f]*$", true)]
        [InlineData("contains:^50[0-9a-f]{6}", false)] // not anchored at the end
        [InlineData("contains:50[0-9a-f]{6}$", false)] // nor at the start
        [InlineData("contains:^[a-z_0-9]{8}$", false)] // letters beyond f
        [InlineData("contains:^[^_]{8}$", false)]
        [InlineData("contains:^5.{7}$", false)]
        [InlineData("contains:^(50|60)[0-9a-f]{6}$", false)]
        [InlineData("contains:^[0-9a-f_]+$", false)]
        [InlineData("startswith:50", false)] // ^(50): a group, which the check does not read
        [InlineData("select:VR:PN", false)]
        public void APatternOfHexadecimalDigitsOnly_IsKnown(string text, bool expected) =>
            Assert.Equal(expected, FieldSpec.Parse(text).MatchesHexDigitsOnly);

        [Fact]
        public void ExpanderVerdicts_StayWithinTheirBound()
        {
            var verdicts = new ExpanderVerdicts();
            for (uint tag = 0; tag < ExpanderVerdicts.Capacity + 1000; tag++) verdicts.Store(0x00090000 | tag, "CREATOR", nested: false, verdict: true);
            Assert.Equal(ExpanderVerdicts.Capacity, verdicts.Count);
            Assert.True(verdicts.TryGet(0x00090000, "CREATOR", false, out bool first) && first);
            Assert.False(verdicts.TryGet(0x00090000 | (ExpanderVerdicts.Capacity + 10), "CREATOR", false, out _));
        }

        [Fact]
        public void ExpanderVerdicts_KeepTagCreatorAndDepthApart()
        {
            var verdicts = new ExpanderVerdicts();
            // One private tag under many creators (a corpus from many vendors), at both depths, and the creator-less key.
            for (int c = 0; c < 500; c++)
            {
                verdicts.Store(0x00091010, "VENDOR " + c, nested: false, verdict: c % 3 == 0);
                verdicts.Store(0x00091010, "VENDOR " + c, nested: true, verdict: c % 3 != 0);
            }
            verdicts.Store(0x00091010, null, nested: false, verdict: true);
            for (int c = 0; c < 500; c++)
            {
                Assert.True(verdicts.TryGet(0x00091010, "VENDOR " + c, false, out bool top));
                Assert.Equal(c % 3 == 0, top);
                Assert.True(verdicts.TryGet(0x00091010, "VENDOR " + c, true, out bool nested));
                Assert.Equal(c % 3 != 0, nested);
            }
            Assert.True(verdicts.TryGet(0x00091010, null, false, out bool none) && none);
            Assert.False(verdicts.TryGet(0x00091010, null, true, out _));
            Assert.False(verdicts.TryGet(0x00091010, "VENDOR 500", false, out _));
            Assert.False(verdicts.TryGet(0x00091011, "VENDOR 1", false, out _));
        }

        [Fact]
        public void ExpanderVerdicts_SharedByThreads_GiveOnlyStoredVerdicts()
        {
            var verdicts = new ExpanderVerdicts();
            static bool Expected(uint tag, int creator) => ((tag * 7) + (uint)creator) % 5 < 2;
            int found = 0;
            System.Threading.Tasks.Parallel.For(0, 4, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
            {
                var random = new Random(worker);
                for (int i = 0; i < 50000; i++)
                {
                    uint tag = 0x00090000u | (uint)random.Next(0x1000, 0x1400);
                    int creator = random.Next(8);
                    if (verdicts.TryGet(tag, "C" + creator, false, out bool verdict))
                    {
                        Assert.Equal(Expected(tag, creator), verdict);
                        System.Threading.Interlocked.Increment(ref found);
                    }
                    else
                    {
                        verdicts.Store(tag, "C" + creator, false, Expected(tag, creator));
                    }
                }
            });
            Assert.True(found > 100000, "verdicts were found again: " + found);
            Assert.True(verdicts.Count <= ExpanderVerdicts.Capacity);
        }

        [Fact]
        public void ExpanderVerdicts_OfAThreadThatEnded_AreGivenBack()
        {
            // A recipe's verdicts live as long as the parsed recipe, which is cached for the process; a long-lived host gets new
            // pool threads call after call. A thread's table must go with the thread, not stay for the recipe's life.
            var verdicts = new ExpanderVerdicts();
            var tables = new List<WeakReference>();
            for (int i = 0; i < 4; i++)
            {
                var thread = new System.Threading.Thread(() =>
                {
                    verdicts.Store(0x00091010, "CREATOR", nested: false, verdict: true);
                    lock (tables) tables.Add(new WeakReference(verdicts.CurrentTable));
                });
                thread.Start();
                thread.Join();
            }
            for (int i = 0; i < 5 && tables.Exists(t => t.IsAlive); i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            Assert.Empty(tables.FindAll(t => t.IsAlive));
            GC.KeepAlive(verdicts);
        }
    }
}
