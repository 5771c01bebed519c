using System.Collections.Generic;
using System.Management.Automation;
using Deid.Recipes;

namespace Deid.PowerShell
{
    /// <summary>
    /// -Strict on the cmdlets that take -Recipe: the warnings met while the recipe was read (a misspelt keyword, a line deid
    /// skips) become one terminating error listing each with file, line and column, however the recipe was given (a path, a name,
    /// or an object from Get-DeidRecipe, which carries its warnings).
    /// </summary>
    internal static class StrictRecipe
    {
        /// <summary>
        /// <paramref name="recipe"/>, or the module's default recipe when none was given (with its warning), after
        /// <see cref="Enforce"/>: what every cmdlet with -Recipe and -Strict starts with.
        /// </summary>
        public static DeidRecipe? Resolve(PSCmdlet cmdlet, DeidRecipe? recipe, bool strict)
        {
            recipe ??= Completion.ModuleRecipes.LoadDefault(cmdlet);
            Enforce(cmdlet, recipe, strict);
            return recipe;
        }

        /// <summary>Stops <paramref name="cmdlet"/> when <paramref name="strict"/> and the recipe was loaded with warnings about its text.</summary>
        public static void Enforce(PSCmdlet cmdlet, DeidRecipe? recipe, bool strict)
        {
            // Every cmdlet that takes -Recipe passes here first: the one place its load warnings reach WriteWarning.
            RecipeMessages.Report(cmdlet, recipe, strict);
            if (!strict || recipe == null) return;
            var errors = new List<RecipeException>();
            foreach (var w in recipe.LoadWarnings)
            {
                if (!w.IsNotice) errors.Add(w.ToError());
            }
            if (errors.Count == 0) return;
            var lines = new List<string>();
            foreach (var e in errors) lines.Add(e.Message);
            var record = Errors.ForRecipe(errors[0]);
            record.ErrorDetails = new ErrorDetails($"-Strict: the recipe has {errors.Count} warning(s):\n" + string.Join("\n", lines))
            {
                RecommendedAction = "Correct the recipe text at the lines given, or run without -Strict to accept the warnings.",
            };
            cmdlet.ThrowTerminatingError(record);
        }

        /// <summary>The text of every error of a failed load, one per line.</summary>
        public static string Describe(IReadOnlyList<System.Exception> errors)
        {
            var lines = new List<string>();
            foreach (var e in errors) lines.Add(e.Message);
            return string.Join("\n", lines);
        }
    }
}
