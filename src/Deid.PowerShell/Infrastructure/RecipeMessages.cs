using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Recipes;

namespace Deid.PowerShell
{
    /// <summary>
    /// The warnings of a recipe loaded by <see cref="RecipeTransformationAttribute"/>. An argument transformation runs before
    /// any cmdlet exists, so it cannot call WriteWarning (writing to the host instead bypasses -WarningAction and
    /// -WarningVariable); the warnings wait here, keyed on the recipe object, until the cmdlet that received it reports them.
    /// </summary>
    internal static class RecipeMessages
    {
        // Weak: a recipe bound but never used by a cmdlet (a failed bind) must not be kept alive by its warnings.
        private static readonly ConditionalWeakTable<DeidRecipe, IReadOnlyList<RecipeWarning>> Pending = new ConditionalWeakTable<DeidRecipe, IReadOnlyList<RecipeWarning>>();

        /// <summary>Holds the load warnings of <paramref name="recipe"/> until a cmdlet reports them.</summary>
        public static void Defer(DeidRecipe recipe, IReadOnlyList<RecipeWarning> warnings)
        {
            lock (Pending)
            {
                Pending.Remove(recipe);
                Pending.Add(recipe, warnings);
            }
        }

        /// <summary>
        /// Writes, once, the warnings held for <paramref name="recipe"/> through the cmdlet's WriteWarning, and says with -Verbose
        /// which recipe files or shipped names the recipe was read from. With <paramref name="strict"/> only the notices are
        /// written: the other warnings become -Strict's error, which lists them, and were said twice as warning and error.
        /// </summary>
        public static void Report(System.Management.Automation.Cmdlet cmdlet, DeidRecipe? recipe, bool strict = false)
        {
            if (recipe == null) return;
            IReadOnlyList<RecipeWarning>? warnings;
            lock (Pending)
            {
                if (!Pending.TryGetValue(recipe, out warnings)) return;
                Pending.Remove(recipe);
            }
            WriteSources(cmdlet, recipe);
            foreach (var w in warnings)
            {
                if (strict && !w.IsNotice) continue;
                cmdlet.WriteWarning(w.ToString());
            }
        }

        /// <summary>-Verbose: the files (or shipped names) the recipe was read from, in load order.</summary>
        public static void WriteSources(System.Management.Automation.Cmdlet cmdlet, DeidRecipe recipe)
        {
            if (recipe.Sources.Count == 0) cmdlet.WriteVerbose("Recipe: built in code (no recipe file).");
            else cmdlet.WriteVerbose("Recipe loaded from: " + string.Join(", ", recipe.Sources));
        }
    }
}
