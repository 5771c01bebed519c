using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Deid.Recipes;

namespace Deid.Fuzz
{
    /// <summary>
    /// build.ps1 Fuzz: seeded mutations of ../shared/data and generated samples through the cmdlets' entry points.
    /// Options: --cases N (10000), --seed S (1), --first I (0), --timeout SECONDS (30), --inflate-limit BYTES (32 MiB),
    /// --max-file BYTES (seed files up to this size, 4 MiB), --data FOLDER, --write-case I FILE (save one mutant),
    /// --max-private N (largest private block, 400000), --trace (time each entry point); --recipes N fuzzes N mutants of the
    /// shipped recipes' text instead (<see cref="RecipeFuzz"/>; --recipes 0, every header action on every VR with awkward
    /// values), and --write-case I FILE then saves recipe case I.
    /// Exit code 0 when no case broke a rule, 1 otherwise.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            long cases = 10_000, first = 0, inflate = 32L << 20, recipeCases = 0;
            int seed = 1, maxFile = 4 << 20, timeout = 30, maxPrivate = 400_000;
            string? data = null, writeCase = null;
            long writeIndex = -1;
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--cases": cases = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--first": first = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--timeout": timeout = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--inflate-limit": inflate = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--max-file": maxFile = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--data": data = Next(); break;
                    case "--recipes": recipeCases = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--max-private": maxPrivate = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--trace": FuzzTargets.Trace = Console.WriteLine; break;
                    case "--write-case":
                        writeIndex = long.Parse(Next(), CultureInfo.InvariantCulture);
                        writeCase = Next();
                        break;
                    default:
                        Console.Error.WriteLine($"Unknown option {args[i]}");
                        return 2;
                }
            }
            string root = FindRoot();
            data ??= Path.GetFullPath(Path.Combine(root, "..", "shared", "data"));
            string recipes = RecipeLoader.FindRecipeDirectory(AppContext.BaseDirectory) ?? Path.Combine(root, "recipes");
            if (Array.IndexOf(args, "--recipes") >= 0)
            {
                var more = new List<string>();
                foreach (string folder in new[] { Path.Combine(root, "tests", "Deid.Tests", "Recipes", "Reference", "recipes"), Path.Combine(data, "..", "conformance", "recipes") })
                {
                    if (Directory.Exists(folder)) more.AddRange(Directory.GetFiles(folder));
                }
                return FuzzRecipes(recipes, more, seed, first, recipeCases, writeIndex, writeCase);
            }
            var settings = new FuzzSettings { Seed = seed, First = first, Cases = cases, CaseTimeout = TimeSpan.FromSeconds(timeout), InflateLimit = inflate, MaxPrivateElements = maxPrivate };
            var seeds = FuzzCorpus.Load(data, maxFile, samples: 20);
            var runner = new FuzzRunner(seeds, new FuzzTargets(recipes, inflate), settings);
            if (writeCase != null)
            {
                File.WriteAllBytes(writeCase, runner.Mutant(writeIndex, out var s, out var m));
                Console.WriteLine($"case {writeIndex}: {s.Name}; {m}");
                return 0;
            }
            Console.WriteLine($"Fuzzing {cases} cases from {seeds.Count} seeds (seed {seed}, first case {first}), recipes from {recipes}");
            var work = Path.Combine(Path.GetTempPath(), "deid-fuzz-" + Guid.NewGuid().ToString("N"));
            try
            {
                var report = runner.Run(work, Console.WriteLine);
                Console.WriteLine(report);
                foreach (var f in report.Findings) Console.WriteLine(f);
                return report.Findings.Count == 0 ? 0 : 1;
            }
            finally
            {
                DeleteWork(work);
            }
        }

        // A hung case may still hold its file: what cannot be deleted is left in the temporary folder.
        private static void DeleteWork(string work)
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private static int FuzzRecipes(string recipes, List<string> more, int seed, long first, long cases, long writeIndex, string? writeCase)
        {
            var work = Path.Combine(Path.GetTempPath(), "deid-recipe-fuzz-" + Guid.NewGuid().ToString("N"));
            try
            {
                var fuzz = new RecipeFuzz(recipes, more, Path.Combine(work, "samples"), seed);
                if (writeCase != null)
                {
                    File.WriteAllText(writeCase, fuzz.Mutant(writeIndex, out string what));
                    Console.WriteLine($"recipe case {writeIndex}: {what}");
                    return 0;
                }
                if (cases == 0)
                {
                    // --recipes 0: the grid of awkward values for every VR (RecipeFuzz.RunGrid) instead of mutants.
                    var problems = fuzz.RunGrid(work);
                    foreach (string p in problems) Console.WriteLine("FINDING grid " + p);
                    Console.WriteLine($"grid: {fuzz.GridCounts.Fields} fields, {fuzz.GridCounts.Refused} recipes refused, {fuzz.GridCounts.Applied} run, {problems.Count} findings");
                    return problems.Count == 0 ? 0 : 1;
                }
                Console.WriteLine($"Fuzzing {cases} recipe mutants (seed {seed}, first case {first}) of the recipes in {recipes}");
                long refused = 0, applied = 0, findings = 0;
                for (long i = first; i < first + cases; i++)
                {
                    string? problem = fuzz.Run(i, work, ref refused, ref applied);
                    if (problem != null)
                    {
                        findings++;
                        fuzz.Mutant(i, out string what);
                        Console.WriteLine($"FINDING seed {seed} recipe case {i} ({what}): {problem}");
                        if (findings >= 50) break;
                    }
                    if ((i + 1 - first) % 1000 == 0) Console.WriteLine($"{i + 1 - first} recipe cases, {findings} findings");
                }
                Console.WriteLine($"{cases} recipe cases ({refused} refused as recipes, {applied} read and applied), {findings} findings");
                return findings == 0 ? 0 : 1;
            }
            finally
            {
                DeleteWork(work);
            }
        }

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Deid.PowerShell.sln"))) dir = dir.Parent;
            return dir?.FullName ?? Directory.GetCurrentDirectory();
        }
    }
}
