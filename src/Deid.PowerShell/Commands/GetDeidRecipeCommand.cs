using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Deid.PowerShell.Completion;
using Deid.Recipes;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Reads deid recipes and combines them into one DeidRecipe.
    /// Loads recipe files (-Path, -LiteralPath) and shipped recipes (-Name) and combines them in this order:
    /// the base (-IncludeBase: the default recipe 'dicom', or -BaseName), the names, the paths. With none, the default recipe is
    /// loaded with a warning, as deid does. (deid itself loads a base last; see docs/recipe-semantics.md.) Bad recipe text is reported as an error naming file, line and column; what deid would
    /// ignore or read differently is reported as a warning.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DeidRecipe", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(DeidRecipe))]
    [OutputType(typeof(ShippedRecipeInfo), ParameterSetName = new[] { ListSet })]
    public sealed class GetDeidRecipeCommand : PathCmdletBase
    {
        // A set no parameter names: -Path and -LiteralPath (mandatory in their own sets) do not exist in it, so plain
        // Get-DeidRecipe and Get-DeidRecipe -Name x bind here, while piped paths still find the Path or LiteralPath set.
        private const string NameSet = "Name";
        // Lists the shipped recipes instead of loading any, as Get-Module -ListAvailable lists modules.
        private const string ListSet = "ListAvailable";
        private readonly List<RecipeReference> _sources = new List<RecipeReference>();
        private bool _failed;

        /// <summary>
        /// Shipped recipes by name: dicom, dicom.ultrasound, dicom.basic-profile.retain-uids, ... With -ListAvailable, the names to
        /// list, wildcards allowed.
        /// </summary>
        [Parameter]
        [ArgumentCompleter(typeof(RecipeNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Lists the shipped recipes (those -Name matches, wildcards allowed) with what each is for, loading none.</summary>
        [Parameter(ParameterSetName = ListSet, Mandatory = true)]
        public SwitchParameter ListAvailable { get; set; }

        /// <summary>Loads the base recipe (the default 'dicom', or -BaseName) before the others.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        public SwitchParameter IncludeBase { get; set; }

        /// <summary>The shipped recipe to use as base with -IncludeBase.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [ArgumentCompleter(typeof(RecipeNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? BaseName { get; set; }

        /// <summary>Turns every warning about recipe text into an error: nothing is returned unless the recipes load cleanly.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        public SwitchParameter Strict { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing() => DebugParameter.KeepFromPrompting(this);

        /// <summary>Resolves the paths of this pipeline input.</summary>
        protected override void ProcessRecord()
        {
            // Only the declaration of -Path/-LiteralPath is shared: recipes resolve their own way (folders, shipped names).
            if (ParameterSetName == PathParameterSet)
            {
                foreach (var p in Path)
                {
                    try
                    {
                        var resolved = GetResolvedProviderPathFromPSPath(p, out var provider);
                        if (provider.Name != "FileSystem") throw new IOException($"'{p}' is not a file system path.");
                        if (resolved.Count == 0)
                        {
                            // A recipe in a folder named with brackets ('recipes [v2]/deid.mine'), as every -Path of the module.
                            string literal = FileResolver.ExistingAsWritten(this, p) ?? throw new ItemNotFoundException($"Cannot find a recipe file matching '{p}'.");
                            _sources.Add(RecipeReference.ForPath(literal));
                            continue;
                        }
                        foreach (var r in resolved) _sources.Add(RecipeReference.ForPath(r));
                    }
                    catch (ItemNotFoundException) when (!WildcardPattern.ContainsWildcardCharacters(p) && ModuleRecipes.CreateLoader().IsShippedName(p))
                    {
                        // As deid's get_deid: text that is not an existing path is the name of a shipped recipe.
                        _sources.Add(RecipeReference.ForName(p));
                    }
                    catch (System.Exception ex) when (ex is ItemNotFoundException || ex is IOException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException)
                    {
                        _failed = true;
                        WriteError(new ErrorRecord(NeitherPathNorName(ex, p), "RecipePathNotFound", ErrorCategory.ObjectNotFound, p));
                    }
                }
            }
            else if (IsLiteral)
            {
                foreach (var p in LiteralPath) _sources.Add(RecipeReference.ForPath(FileSystemPath.Resolve(this, p, nameof(LiteralPath))));
            }
        }

        // A bare word that is no file ('ultrasound', 'nope') was most likely meant as a shipped recipe's name: the error says
        // that it is none either, with the names (and the one meant, when the word ends exactly one).
        private static System.Exception NeitherPathNorName(System.Exception ex, string text)
        {
            if (!(ex is ItemNotFoundException) || text.IndexOfAny(new[] { '/', '\\' }) >= 0 || WildcardPattern.ContainsWildcardCharacters(text)) return ex;
            try
            {
                ModuleRecipes.CreateLoader().ResolveName(text);
                return ex;
            }
            catch (FileNotFoundException name)
            {
                return new ItemNotFoundException(ex.Message + " " + name.Message, ex);
            }
            catch (System.ArgumentException)
            {
                return ex;
            }
        }

        /// <summary>Loads and combines everything given.</summary>
        protected override void EndProcessing()
        {
            // -ListAvailable:$false (a runbook's switch passed through) loads, as if it were not given.
            if (ParameterSetName == ListSet && ListAvailable.IsPresent)
            {
                WriteShippedList();
                return;
            }
            if (_failed || !NamesArePlain()) return;
            if (BaseName != null && !IncludeBase.IsPresent)
                WriteWarning("-BaseName is used only with -IncludeBase; the base is not loaded.");
            var sources = new List<RecipeReference>();
            if (Name != null) foreach (var n in Name) sources.Add(RecipeReference.ForName(n));
            sources.AddRange(_sources);
            var result = ModuleRecipes.CreateLoader().Load(sources, IncludeBase.IsPresent, BaseName);
            if (Strict.IsPresent) result = result.ToStrict();
            // Top to bottom of each file, warnings and errors alike, as the README promises (QA: line 4's warning came first).
            foreach (var item in result.InFileOrder())
            {
                if (item is RecipeWarning warning) WriteWarning(warning.ToString());
                else WriteError(Errors.ForRecipe((System.Exception)item));
            }
            if (result.Recipe == null) return;
            RecipeMessages.WriteSources(this, result.Recipe);
            WriteObject(result.Recipe);
        }

        private void WriteShippedList()
        {
            var shipped = ModuleRecipes.CreateLoader().GetShippedRecipes();
            var patterns = new List<(string Text, WildcardPattern Pattern)>();
            if (Name != null) foreach (var n in Name) patterns.Add((n, new WildcardPattern(n.Trim(), WildcardOptions.IgnoreCase)));
            var matched = new bool[patterns.Count];
            foreach (var recipe in shipped)
            {
                bool listed = patterns.Count == 0;
                for (int i = 0; i < patterns.Count; i++)
                {
                    // The file's "deid." prefix may be given, as -Name accepts it when loading.
                    if (!patterns[i].Pattern.IsMatch(recipe.Name) && !patterns[i].Pattern.IsMatch(RecipeLoader.FilePrefix + recipe.Name)) continue;
                    matched[i] = true;
                    listed = true;
                }
                if (listed) WriteObject(recipe);
            }
            // As Get-Command: a plain name that lists nothing is an error, a pattern that matches nothing is not.
            for (int i = 0; i < patterns.Count; i++)
            {
                if (matched[i] || WildcardPattern.ContainsWildcardCharacters(patterns[i].Text)) continue;
                var names = new List<string>();
                foreach (var recipe in shipped) names.Add(recipe.Name);
                WriteError(new ErrorRecord(
                    new ItemNotFoundException($"There is no shipped recipe named '{patterns[i].Text}' (shipped recipes: {string.Join(", ", names)})."),
                    "RecipeNameNotFound", ErrorCategory.ObjectNotFound, patterns[i].Text));
            }
        }

        // Loading takes names, not patterns: 'dicom.basic-profile.*' would combine a dozen recipes, each undoing the options of
        // the one before. The error points at the listing, which takes them.
        private bool NamesArePlain()
        {
            bool plain = true;
            if (Name == null) return plain;
            foreach (var n in Name)
            {
                if (!WildcardPattern.ContainsWildcardCharacters(n)) continue;
                plain = false;
                WriteError(new ErrorRecord(
                    new System.ArgumentException($"-Name takes the names of recipes to load and combine, not patterns ('{n}'). To see the shipped recipes it matches: Get-DeidRecipe -ListAvailable -Name '{n}'."),
                    "RecipeNamePattern", ErrorCategory.InvalidArgument, n));
            }
            return plain;
        }
    }
}
