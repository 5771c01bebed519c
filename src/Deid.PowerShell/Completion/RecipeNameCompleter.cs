using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Language;
using Deid.Recipes;

namespace Deid.PowerShell.Completion
{
    /// <summary>Finds the shipped recipes: the <c>recipes</c> folder next to Deid.PowerShell.dll (out/Deid/recipes in the module layout).</summary>
    internal static class ModuleRecipes
    {
        private static readonly Lazy<string?> Folder = new Lazy<string?>(() =>
        {
            string? dir = Path.GetDirectoryName(typeof(ModuleRecipes).Assembly.Location);
            return RecipeLoader.FindRecipeDirectory(dir);
        });

        /// <summary>The shipped recipe folder, or null when the module was laid out without one.</summary>
        public static string? Directory => Folder.Value;

        /// <summary>A loader over the shipped recipes that checks field keywords against the dictionary (a misspelt one is a warning).</summary>
        public static RecipeLoader CreateLoader() => new RecipeLoader(Directory, RecipeParserOptions.WithDictionary());

        /// <summary>
        /// Loads the default recipe ('dicom'): the one way the cmdlets get it, so all of them read the same
        /// file the same way. The result carries the warning that the default is being used.
        /// </summary>
        public static RecipeLoadResult LoadDefault() => CreateLoader().Load(null);

        /// <summary>Loads the default recipe, writing its warnings and errors on <paramref name="cmdlet"/>; null when it could not be loaded.</summary>
        public static DeidRecipe? LoadDefault(Cmdlet cmdlet)
        {
            var result = LoadDefault();
            foreach (var warning in result.Warnings) cmdlet.WriteWarning(warning.ToString());
            foreach (var error in result.Errors) cmdlet.WriteError(Errors.ForRecipe(error));
            if (result.Recipe != null) RecipeMessages.WriteSources(cmdlet, result.Recipe);
            return result.Recipe;
        }
    }

    /// <summary>
    /// Tab completion of shipped recipe names (<c>dicom</c>, <c>dicom.basic-profile.retain-uids</c>, ...) for -Name and -BaseName,
    /// and for -Recipe also of file and folder paths, since -Recipe takes either (see RecipeTransformationAttribute).
    /// </summary>
    public sealed class RecipeNameCompleter : IArgumentCompleter
    {
        /// <summary>
        /// The shipped names that start with what was typed (ignoring case), then those that hold it elsewhere ("ult" finds
        /// dicom.ultrasound: every name starts with "dicom"); in the quotes the user opened.
        /// </summary>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = wordToComplete ?? "";
            string quote = word.Length > 0 && (word[0] == '\'' || word[0] == '"') ? word.Substring(0, 1) : "";
            string typed = word.Trim('\'', '"');
            var results = new List<CompletionResult>();
            var names = ModuleRecipes.CreateLoader().GetShippedNames();
            foreach (bool prefix in new[] { true, false })
            {
                foreach (var name in names)
                {
                    bool starts = name.StartsWith(typed, StringComparison.OrdinalIgnoreCase);
                    if (prefix ? !starts : starts || name.IndexOf(typed, StringComparison.OrdinalIgnoreCase) < 0) continue;
                    results.Add(new CompletionResult(quote + name + quote, name, CompletionResultType.ParameterValue, "Shipped recipe deid." + name));
                }
            }
            // -Name and -BaseName take only names; -Recipe (and Get-DeidRecipe -Path) take a path as well.
            if (!IsNameOnly(parameterName))
            {
                foreach (var path in CompletionCompleters.CompleteFilename(wordToComplete ?? "")) results.Add(path);
            }
            return results;
        }

        private static bool IsNameOnly(string parameterName) =>
            string.Equals(parameterName, "Name", StringComparison.OrdinalIgnoreCase) || string.Equals(parameterName, "BaseName", StringComparison.OrdinalIgnoreCase);
    }
}
