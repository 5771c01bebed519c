using System;
using System.IO;
using System.Linq;
using Deid.Fuzz;
using Xunit;

namespace Deid.Tests.Fuzz
{
    /// <summary>
    /// 2,000 seeded mutants of ../shared/data and generated samples (truncations, byte flips, lying lengths, deep nesting,
    /// private blocks, empty-item floods, deflate bombs, bad character sets, hostile RLE/JPEG/JPEG-LS fragments, image
    /// geometry that contradicts the pixels) through the entry points of every cmdlet: each produces output or one of the
    /// documented per-file exceptions, within a timeout and an allocation bound. `build.ps1 Fuzz` runs 10,000 and more.
    /// </summary>
    public class FuzzTests
    {
        /// <summary>
        /// Findings of seed 2 reported and not yet fixed (outside the codec); each must still be found, so that a fix removes
        /// it from here. Any other finding fails the test.
        /// </summary>
        /// <remarks>
        /// Fixed: 1148 (JPEG declared YBR_PARTIAL_420 is refused per file, PixelCleanerHostileTests) and 1160 (a Number of Frames
        /// above the fragment count is a format error, not an array sized by it).
        /// </remarks>
        private static readonly long[] KnownOpen = System.Array.Empty<long>();

        // A run in a work folder of its own, removed afterwards whatever happened.
        private static FuzzReport Run(FuzzRunner runner)
        {
            var work = Path.Combine(Path.GetTempPath(), "deid-fuzz-test-" + Guid.NewGuid().ToString("N"));
            try
            {
                return runner.Run(work);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        [Fact]
        public void Two_thousand_seeded_mutants_break_no_rule()
        {
            // Small seeds and small bombs, floods and blocks: CI has about a minute; build.ps1 Fuzz runs the large ones.
            var seeds = FuzzCorpus.Load(TestPaths.Data(), maxFileBytes: 200 << 10, samples: 10);
            Assert.True(seeds.Count > 100, $"only {seeds.Count} seeds under {TestPaths.Data()}");
            var settings = new FuzzSettings
            {
                Seed = 2,
                Cases = 2_000,
                CaseTimeout = TimeSpan.FromSeconds(30),
                // A block of 400,000 private elements takes about 5 s through the six entry points (linear since removals are
                // batched per action: FieldListRemovalTests, HeaderActionRun.FlushRemovals); build.ps1 Fuzz runs those, and
                // Findings_of_the_full_size_run_stay_fixed replays one. CI keeps blocks small enough to stay within its time.
                MaxPrivateElements = 5_000,
                MaxEmptyItems = 100_000,
                InflateLimit = 2 << 20,
                MaxFailures = 10,
            };
            var runner = new FuzzRunner(seeds, new FuzzTargets(TestPaths.ShippedRecipes, settings.InflateLimit), settings);
            var report = Run(runner);
            var unknown = report.Findings.Where(f => !KnownOpen.Contains(f.Case)).ToList();
            Assert.True(unknown.Count == 0, report + "\n" + string.Join("\n", unknown));
            Assert.Equal(KnownOpen, report.Findings.Select(f => f.Case).OrderBy(c => c).ToArray());
            Assert.Equal(2_000, report.Cases);
            // Not degenerate: every kind of mutation ran, some inputs were refused and some written.
            foreach (var kind in Enum.GetNames(typeof(FuzzMutation))) Assert.True(report.ByMutation.ContainsKey(kind), $"no {kind} case: {report}");
            Assert.InRange(report.Refused, 100, 1_900);
        }

        [Fact]
        public void Findings_of_the_full_size_run_stay_fixed()
        {
            // build.ps1 Fuzz's corpus and sizes (tools/Deid.Fuzz Program defaults), seed 1: case 38 (400,000 private elements,
            // 1.2 GB allocated before the engine and bound fixes), 1123 (a native frame of 415 MB declared over 3 KB of pixels)
            // 1135 (65535 rows over a 100-line JPEG frame, 300 MB allocated before the decoder refused it) and 2958 (the same
            // over a JPEG-LS frame, 540 MB for a 752-byte file).
            var seeds = FuzzCorpus.Load(TestPaths.Data(), maxFileBytes: 4 << 20, samples: 20);
            var settings = new FuzzSettings { Seed = 1 };
            var targets = new FuzzTargets(TestPaths.ShippedRecipes, settings.InflateLimit);
            foreach (long i in new long[] { 38, 1123, 1135, 2958 })
            {
                // The case timeout tells a hang from work, not speed: case 38 takes 5-11 s alone and passed 30 s on a machine
                // busy with other builds (2026-12-07), so it is given room here.
                var runner = new FuzzRunner(seeds, targets, new FuzzSettings { Seed = 1, First = i, Cases = 1, CaseTimeout = TimeSpan.FromSeconds(180) });
                var report = Run(runner);
                Assert.True(report.Findings.Count == 0, report + "\n" + string.Join("\n", report.Findings));
            }
        }

        [Fact]
        public void Audit_findings_of_seed_105_stay_fixed()
        {
            // The first run with Test-DeidOutput among the entry points (build.ps1 Fuzz -Seed 105): deflated mutants audited as
            // outputs of their seeds, whose deflate streams break off in a corrupt block, ended the audit with .NET's
            // InvalidDataException (cases 6, 78 and 136: a deflate bomb, empty items, a length field).
            var seeds = FuzzCorpus.Load(TestPaths.Data(), maxFileBytes: 4 << 20, samples: 20);
            var settings = new FuzzSettings { Seed = 105 };
            var targets = new FuzzTargets(TestPaths.ShippedRecipes, settings.InflateLimit);
            foreach (long i in new long[] { 6, 78, 136 })
            {
                var runner = new FuzzRunner(seeds, targets, new FuzzSettings { Seed = 105, First = i, Cases = 1 });
                var report = Run(runner);
                Assert.True(report.Findings.Count == 0, report + "\n" + string.Join("\n", report.Findings));
            }
        }

        /// <summary>
        /// 600 seeded mutants of the shipped recipes and of deid's grammar and the conformance recipes: read as the cmdlets read
        /// them, each fails only with a RecipeException naming one of its lines, or reads, writes back (Export-DeidRecipe) as
        /// text that reads to an equal recipe, and runs through the header actions, filters, identifier extraction and audit of
        /// three samples without any other exception. `Deid.Fuzz.dll --recipes N` runs more.
        /// </summary>
        [Fact]
        public void Six_hundred_recipe_mutants_break_no_rule()
        {
            var more = Directory.GetFiles(Path.Combine(TestPaths.RecipeReference, "recipes")).Concat(Directory.GetFiles(TestPaths.ConformanceRecipes));
            var work = Path.Combine(Path.GetTempPath(), "deid-recipe-fuzz-test-" + Guid.NewGuid().ToString("N"));
            try
            {
                var fuzz = new RecipeFuzz(TestPaths.ShippedRecipes, more, Path.Combine(work, "samples"), 4);
                long refused = 0, applied = 0;
                var problems = new System.Collections.Generic.List<string>();
                for (long i = 0; i < 600; i++)
                {
                    string? problem = fuzz.Run(i, work, ref refused, ref applied);
                    if (problem != null) problems.Add($"case {i} ({MutantOf(fuzz, i)}): {problem}");
                }
                Assert.True(problems.Count == 0, string.Join("\n", problems.Take(5)));
                // Not degenerate: many mutants are refused, and many read and run.
                Assert.InRange(refused, 100, 500);
                Assert.Equal(600, refused + applied);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        /// <summary>Recipe fuzz seed 15, case 56: a filter test with a field and spaces but no value before '||' ended the read with an ArgumentException.</summary>
        [Fact]
        public void Recipe_seed_15_case_56_is_refused_at_its_line()
        {
            var more = Directory.GetFiles(Path.Combine(TestPaths.RecipeReference, "recipes")).Concat(Directory.GetFiles(TestPaths.ConformanceRecipes));
            var work = Path.Combine(Path.GetTempPath(), "deid-recipe-fuzz-test-" + Guid.NewGuid().ToString("N"));
            try
            {
                var fuzz = new RecipeFuzz(TestPaths.ShippedRecipes, more, Path.Combine(work, "samples"), 15);
                long refused = 0, applied = 0;
                Assert.Null(fuzz.Run(56, work, ref refused, ref applied));
            }
            finally
            {
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
        }

        /// <summary>
        /// Every header action on a field of every VR (and a private one, a sequence, Specific Character Set) with awkward values:
        /// letters where numbers go, characters beyond ASCII, a backslash, 70,000 characters, numbers out of range, variables and
        /// functions. Each recipe is refused at its line or runs as the mutants do (RecipeFuzz.RunGrid).
        /// </summary>
        [Fact]
        public void Every_action_on_every_VR_with_awkward_values_breaks_no_rule()
        {
            var work = Path.Combine(Path.GetTempPath(), "deid-recipe-grid-test-" + Guid.NewGuid().ToString("N"));
            try
            {
                var fuzz = new RecipeFuzz(TestPaths.ShippedRecipes, Array.Empty<string>(), Path.Combine(work, "samples"), 4);
                var problems = fuzz.RunGrid(work);
                Assert.True(problems.Count == 0, string.Join("\n", problems.Take(5)));
                Assert.True(fuzz.GridCounts.Fields >= 35, $"{fuzz.GridCounts.Fields} fields");
                Assert.True(fuzz.GridCounts.Applied > 1_500, $"{fuzz.GridCounts}");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        private static string MutantOf(RecipeFuzz fuzz, long i)
        {
            fuzz.Mutant(i, out string what);
            return what;
        }

        [Fact]
        public void A_recipe_case_is_the_same_text_every_time()
        {
            var work = Path.Combine(Path.GetTempPath(), "deid-recipe-fuzz-test-" + Guid.NewGuid().ToString("N"));
            try
            {
                var a = new RecipeFuzz(TestPaths.ShippedRecipes, Array.Empty<string>(), Path.Combine(work, "a"), 9);
                var b = new RecipeFuzz(TestPaths.ShippedRecipes, Array.Empty<string>(), Path.Combine(work, "b"), 9);
                Assert.Equal(a.Mutant(17, out string whatA), b.Mutant(17, out string whatB));
                Assert.Equal(whatA, whatB);
                Assert.NotEqual(a.Mutant(17, out _), a.Mutant(18, out _));
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        [Fact]
        public void A_case_is_the_same_input_every_time()
        {
            var seeds = FuzzCorpus.Load(TestPaths.Data("pydicom", "test_files"), maxFileBytes: 64 << 10, samples: 2);
            var settings = new FuzzSettings { Seed = 7 };
            var targets = new FuzzTargets(TestPaths.ShippedRecipes, settings.InflateLimit);
            var a = new FuzzRunner(seeds, targets, settings).Mutant(123, out var seedA, out var mutationA);
            var b = new FuzzRunner(seeds, targets, settings).Mutant(123, out var seedB, out var mutationB);
            Assert.Equal(seedA.Name, seedB.Name);
            Assert.Equal(mutationA, mutationB);
            Assert.True(a.SequenceEqual(b));
            Assert.False(a.SequenceEqual(new FuzzRunner(seeds, targets, settings).Mutant(124, out _, out _)) && seedA.Bytes.SequenceEqual(a));
        }
    }
}
