using System;
using System.IO;

namespace Deid.Tests
{
    /// <summary>Where the repository, the shared material and the test fixtures are.</summary>
    internal static class TestPaths
    {
        private static readonly Lazy<string> Root = new Lazy<string>(() =>
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Deid.PowerShell.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the folder holding Deid.PowerShell.sln above " + AppContext.BaseDirectory);
        });

        public static string RepoRoot => Root.Value;

        public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

        public static string ConformanceRecipes => Path.Combine(Shared, "conformance", "recipes");

        public static string ShippedRecipes => Path.Combine(RepoRoot, "recipes");

        public static string RecipeReference => Path.Combine(RepoRoot, "tests", "Deid.Tests", "Recipes", "Reference");

        public static string Data(params string[] parts) => Path.Combine(Shared, "data", Path.Combine(parts));

        public static string FieldReference => Path.Combine(RepoRoot, "tests", "Deid.Tests", "Fields", "Reference");
    }
}
