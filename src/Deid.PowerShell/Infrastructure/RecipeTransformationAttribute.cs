using System;
using System.IO;
using System.Management.Automation;
using Deid.PowerShell.Completion;
using Deid.Recipes;

namespace Deid.PowerShell
{
    /// <summary>
    /// Lets -Recipe take a DeidRecipe object, a shipped recipe name (<c>dicom.basic-profile</c>) or the path of a recipe file or
    /// folder, as deid's DeidRecipe(deid=...) does. A name wins over a relative path only when no such file exists.
    /// </summary>
    public sealed class RecipeTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <inheritdoc/>
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is DeidRecipe) return value;
            if (value is FileSystemInfo fsi) value = fsi.FullName;
            if (value is string text)
            {
                var loader = ModuleRecipes.CreateLoader();
                string? path = null;
                try
                {
                    path = engineIntrinsics.SessionState.Path.GetUnresolvedProviderPathFromPSPath(text);
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
                // Not the host: the cmdlet that receives the recipe writes these through WriteWarning (see RecipeMessages).
                RecipeMessages.Defer(result.Recipe, result.Warnings);
                return result.Recipe;
            }
            throw new ArgumentTransformationMetadataException($"-Recipe takes a DeidRecipe (from Get-DeidRecipe), a shipped recipe name or a recipe file path, not {value?.GetType().Name ?? "null"}.");
        }

        /// <summary>True for text that can only be a path: shipped names are file-name words ("dicom.xray.chest"), never these.</summary>
        internal static bool LooksLikePath(string text) =>
            text.IndexOf('/') >= 0 || text.IndexOf('\\') >= 0 || text.IndexOf(':') >= 0 || text.StartsWith("~", StringComparison.Ordinal) || text.StartsWith(".", StringComparison.Ordinal);
    }
}
