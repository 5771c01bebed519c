using System;
using System.IO;
using System.Management.Automation;
using Deid.PowerShell.Completion;
using Deid.Recipes;

namespace Deid.PowerShell
{
    /// <summary>
    /// Lets -Recipe take a DeidRecipe object, a shipped recipe name (<c>dicom.basic-profile</c>) or the path of a recipe file or
    /// folder, as deid's DeidRecipe(deid=...) does. A name wins over a relative path only when no such file exists. Several of
    /// them (<c>-Recipe dicom, ./deid.site</c>) are combined in the order given, as Get-DeidRecipe combines its sources.
    /// </summary>
    public sealed class RecipeTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <inheritdoc/>
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is System.Collections.IList list && !(value is string)) return Combine(engineIntrinsics, list);
            var recipe = Load(engineIntrinsics, value, out var warnings);
            // Not the host: the cmdlet that receives the recipe writes these through WriteWarning (see RecipeMessages).
            if (warnings != null) RecipeMessages.Defer(recipe, warnings);
            return recipe;
        }

        // A recipe from each item, combined in order; the warnings of every part wait for the cmdlet together.
        private static DeidRecipe Combine(EngineIntrinsics engineIntrinsics, System.Collections.IList items)
        {
            if (items.Count == 0) throw new ArgumentTransformationMetadataException("-Recipe was given an empty list; give a recipe name, a path or a DeidRecipe.");
            var parts = new System.Collections.Generic.List<DeidRecipe>();
            var warnings = new System.Collections.Generic.List<RecipeWarning>();
            bool loaded = false;
            foreach (object? item in items)
            {
                object? value = item is PSObject pso ? pso.BaseObject : item;
                if (value is System.Collections.IList && !(value is string))
                    throw new ArgumentTransformationMetadataException("-Recipe takes a list of recipe names, paths or DeidRecipe objects, not a list of lists.");
                parts.Add(Load(engineIntrinsics, value, out var partWarnings));
                if (partWarnings == null) continue;
                loaded = true;
                warnings.AddRange(partWarnings);
            }
            // One: that recipe itself, as when it is given alone.
            if (parts.Count == 1)
            {
                if (loaded) RecipeMessages.Defer(parts[0], warnings);
                return parts[0];
            }
            DeidRecipe combined;
            try
            {
                combined = DeidRecipe.Combine(parts);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentTransformationMetadataException("Cannot combine the recipes given to -Recipe: " + ex.Message, ex);
            }
            RecipeMessages.Defer(combined, warnings);
            return combined;
        }

        // One recipe from one item; the warnings of a recipe loaded here (null for a DeidRecipe given as it is, whose loading
        // cmdlet has reported them).
        private static DeidRecipe Load(EngineIntrinsics engineIntrinsics, object? value, out System.Collections.Generic.IReadOnlyList<RecipeWarning>? warnings)
        {
            warnings = null;
            if (value is DeidRecipe given) return given;
            if (value is FileSystemInfo fsi) value = fsi.FullName;
            // '' named the current folder, which has no recipe file, so the default was loaded with a warning (QA round 3).
            if (value is string blank && blank.Trim().Length == 0)
                throw new ArgumentTransformationMetadataException("-Recipe was given an empty string; give a recipe name (dicom, dicom.basic-profile ...), a recipe file's path or a DeidRecipe, or leave -Recipe out for the default.");
            if (value is string text)
            {
                var loader = ModuleRecipes.CreateLoader();
                string? path = null;
                try
                {
                    path = engineIntrinsics.SessionState.Path.GetUnresolvedProviderPathFromPSPath(text, out var provider, out _);
                    // Another provider's item (the location at Env: or HKLM:) is no recipe file: taken as such, .NET looked for it
                    // in the process's working folder (QA F4).
                    if (provider.Name != "FileSystem") path = null;
                }
                catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException)
                {
                }
                bool exists = path != null && (File.Exists(path) || Directory.Exists(path));
                // Text written as a path (a folder separator, or ./ ~ ..) that names nothing is a missing file, not a shipped name:
                // "no shipped recipe named './site.recipe'" and a list of names would hide the typo in the path.
                if (!exists && LooksLikePath(text))
                    throw new ArgumentTransformationMetadataException($"Cannot load recipe '{text}': there is no such file ('{path ?? text}').", new FileNotFoundException(null, path ?? text));
                var result = exists
                    ? loader.Load(new[] { path! })
                    : loader.Load(null, new[] { text });
                if (result.Recipe == null)
                {
                    var first = result.Errors.Count > 0 ? result.Errors[0] : new InvalidOperationException("The recipe could not be loaded.");
                    string all = result.Errors.Count > 1 ? $"{result.Errors.Count} errors:\n" + StrictRecipe.Describe(result.Errors) : first.Message;
                    throw new ArgumentTransformationMetadataException($"Cannot load recipe '{text}': {all}", first);
                }
                warnings = result.Warnings;
                return result.Recipe;
            }
            throw new ArgumentTransformationMetadataException($"-Recipe takes a DeidRecipe (from Get-DeidRecipe), a shipped recipe name or a recipe file path, not {value?.GetType().Name ?? "null"}.");
        }

        /// <summary>True for text that can only be a path: shipped names are file-name words ("dicom.xray.chest"), never these.</summary>
        internal static bool LooksLikePath(string text) =>
            text.IndexOf('/') >= 0 || text.IndexOf('\\') >= 0 || text.IndexOf(':') >= 0 || text.StartsWith("~", StringComparison.Ordinal) || text.StartsWith(".", StringComparison.Ordinal);
    }
}
