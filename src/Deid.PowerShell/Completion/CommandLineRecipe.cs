using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Language;
using Deid.Recipes;

namespace Deid.PowerShell.Completion
{
    /// <summary>One label of a recipe's filters, by name: what -Label completion offers.</summary>
    internal sealed class FilterLabelName
    {
        public FilterLabelName(string group, string label)
        {
            Group = group;
            Label = label;
        }

        /// <summary>The %filter group the label is in.</summary>
        public string Group { get; }

        /// <summary>The label's name.</summary>
        public string Label { get; }
    }

    /// <summary>The names in a recipe's %filter sections: the groups and their labels, in recipe order.</summary>
    internal sealed class RecipeFilterNames
    {
        public RecipeFilterNames(IEnumerable<DeidRecipe> recipes)
        {
            var groups = new List<string>();
            var labels = new List<FilterLabelName>();
            foreach (var recipe in recipes)
            {
                foreach (var group in recipe.Filters)
                {
                    if (!groups.Exists(g => string.Equals(g, group.Name, StringComparison.OrdinalIgnoreCase))) groups.Add(group.Name);
                    foreach (var label in group.Labels) labels.Add(new FilterLabelName(group.Name, label.Name));
                }
            }
            Groups = groups;
            Labels = labels;
        }

        /// <summary>The group names, each once (case ignored), in the order the recipe first has them.</summary>
        public IReadOnlyList<string> Groups { get; }

        /// <summary>Every label, in recipe order.</summary>
        public IReadOnlyList<FilterLabelName> Labels { get; }

        /// <summary>How many labels <paramref name="group"/> has (case ignored).</summary>
        public int CountLabels(string group)
        {
            int count = 0;
            foreach (var label in Labels)
            {
                if (string.Equals(label.Group, group, StringComparison.OrdinalIgnoreCase)) count++;
            }
            return count;
        }
    }

    /// <summary>
    /// The recipe a Get-DeidFilter command line names, as far as completion can tell without running anything:
    /// the -Recipe argument as PowerShell bound it while completing (a shipped name, a path, a variable holding a DeidRecipe, a list
    /// of these), or the recipes piped from <c>Get-DeidRecipe -Name ...</c> or from a <c>$variable</c>; the default recipe when the
    /// command names none. A file is read and parsed once; later completions reuse its names until its size or time changes.
    /// </summary>
    internal static class CommandLineRecipe
    {
        private const int CacheLimit = 64;
        private static readonly Dictionary<string, CacheEntry> Cache = new Dictionary<string, CacheEntry>(StringComparer.Ordinal);

        /// <summary>The filter names of the command's recipe, or null when it cannot be told cheaply (or does not load).</summary>
        public static RecipeFilterNames? FilterNames(CommandAst? commandAst, IDictionary? fakeBoundParameters)
        {
            try
            {
                var session = new Session();
                object? value;
                if (fakeBoundParameters != null && fakeBoundParameters.Contains("Recipe")) value = fakeBoundParameters["Recipe"];
                else if (RecipeWritten(commandAst)) return null; // an expression PowerShell would not evaluate while completing
                else if (!PipedInput(commandAst, session, out value)) value = RecipeLoader.DefaultName;
                var recipes = new List<DeidRecipe>();
                return Collect(value, session, recipes, nested: false) ? new RecipeFilterNames(recipes) : null;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                // Completion offers less, never an error: a recipe that cannot be read falls back to the standard names.
                return null;
            }
        }

        /// <summary>
        /// Whether the command line gives a recipe PowerShell did not bind while completing: a -Recipe parameter (or a prefix of it,
        /// -Rec), or an argument by position (the recipe is the only positional parameter).
        /// </summary>
        private static bool RecipeWritten(CommandAst? commandAst)
        {
            if (commandAst == null) return false;
            var elements = commandAst.CommandElements;
            for (int i = 1; i < elements.Count; i++)
            {
                if (!(elements[i] is CommandParameterAst parameter)) return true;
                string name = parameter.ParameterName;
                if (name.Length > 0 && "Recipe".StartsWith(name, StringComparison.OrdinalIgnoreCase)) return true;
                // -Group x, -Label x: the next element is the value; -Strict, -Verbose, -Debug take none; -Name:value holds its own.
                if (parameter.Argument == null && !IsSwitch(name)) i++;
            }
            return false;
        }

        private static bool IsSwitch(string name)
        {
            foreach (string switchName in new[] { "Strict", "Verbose", "Debug" })
            {
                if (switchName.StartsWith(name, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        /// <summary>
        /// What the command before this one in the pipeline sends, when it can be told: <c>$variable | ...</c> (the variable's
        /// value) or <c>Get-DeidRecipe -Name a, b | ...</c> (those names, and nothing else on that command). False when this
        /// command is first, or the input is anything else (unknown; it is not the default recipe then).
        /// </summary>
        private static bool PipedInput(CommandAst? commandAst, Session session, out object? value)
        {
            value = null;
            if (!(commandAst?.Parent is PipelineAst pipeline)) return false;
            int at = pipeline.PipelineElements.IndexOf(commandAst);
            if (at <= 0) return false;
            value = Unknown.Value;
            var before = pipeline.PipelineElements[at - 1];
            if (before is CommandExpressionAst expression && expression.Expression is VariableExpressionAst variable && !variable.Splatted)
            {
                var engine = session.Engine;
                if (engine != null) value = engine.SessionState.PSVariable.GetValue(variable.VariablePath.UserPath);
                return true;
            }
            if (before is CommandAst command && string.Equals(command.GetCommandName(), "Get-DeidRecipe", StringComparison.OrdinalIgnoreCase))
            {
                var elements = command.CommandElements;
                if (elements.Count == 3 && elements[1] is CommandParameterAst parameter && parameter.Argument == null
                    && string.Equals(parameter.ParameterName, "Name", StringComparison.OrdinalIgnoreCase))
                {
                    var names = new List<object>();
                    var items = elements[2] is ArrayLiteralAst array ? (IEnumerable<ExpressionAst>)array.Elements : new[] { (ExpressionAst)elements[2] };
                    foreach (var item in items)
                    {
                        if (!(item is StringConstantExpressionAst constant)) return true;
                        names.Add(new ShippedName(constant.Value));
                    }
                    value = names;
                }
            }
            return true;
        }

        // Adds the recipes value stands for; false when one of them cannot be told or loaded.
        private static bool Collect(object? value, Session session, List<DeidRecipe> recipes, bool nested)
        {
            if (value is PSObject pso) value = pso.BaseObject;
            switch (value)
            {
                case DeidRecipe recipe:
                    recipes.Add(recipe);
                    return true;
                case string text:
                    return Add(LoadText(text, session), recipes);
                case ShippedName name:
                    return Add(LoadCached("name:" + name.Text.ToLowerInvariant(), null, () => ModuleRecipes.CreateLoader().Load(null, new[] { name.Text })), recipes);
                case FileSystemInfo item:
                    return Add(LoadPath(item.FullName), recipes);
                case IList list when !nested && list.Count > 0:
                    foreach (object? item in list)
                    {
                        if (!Collect(item, session, recipes, nested: true)) return false;
                    }
                    return true;
                default:
                    return false;
            }
        }

        private static bool Add(DeidRecipe? recipe, List<DeidRecipe> recipes)
        {
            if (recipe == null) return false;
            recipes.Add(recipe);
            return true;
        }

        // As RecipeTransformationAttribute reads -Recipe text: an existing file or folder, else a shipped name unless it looks like a path.
        private static DeidRecipe? LoadText(string text, Session session)
        {
            if (text.Trim().Length == 0) return null;
            string? path = null;
            var engine = session.Engine;
            if (engine != null)
            {
                try
                {
                    path = engine.SessionState.Path.GetUnresolvedProviderPathFromPSPath(text);
                }
                catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException || ex is PSInvalidOperationException)
                {
                }
            }
            else if (Path.IsPathRooted(text))
            {
                path = text;
            }
            if (path != null && (File.Exists(path) || Directory.Exists(path))) return LoadPath(path);
            if (RecipeTransformationAttribute.LooksLikePath(text)) return null;
            return LoadCached("name:" + text.ToLowerInvariant(), null, () => ModuleRecipes.CreateLoader().Load(null, new[] { text }));
        }

        private static DeidRecipe? LoadPath(string path)
        {
            string full = Path.GetFullPath(path);
            return LoadCached("path:" + full, Stamp(full), () => ModuleRecipes.CreateLoader().Load(new[] { full }));
        }

        /// <summary>
        /// What tells a recipe file changed without reading it: its size and time; for a folder (whose recipe is its first deid*
        /// file) the names, sizes and times of those files.
        /// </summary>
        private static string Stamp(string path)
        {
            if (File.Exists(path))
            {
                var file = new FileInfo(path);
                return file.Length + "/" + file.LastWriteTimeUtc.Ticks;
            }
            var stamp = new System.Text.StringBuilder();
            foreach (var file in new DirectoryInfo(path).GetFiles("deid*"))
            {
                stamp.Append(file.Name).Append('/').Append(file.Length).Append('/').Append(file.LastWriteTimeUtc.Ticks).Append(';');
            }
            return stamp.ToString();
        }

        // Shipped recipes (stamp null) are the module's own files: read once a process. A recipe that does not load is remembered too.
        private static DeidRecipe? LoadCached(string key, string? stamp, Func<RecipeLoadResult> load)
        {
            lock (Cache)
            {
                if (Cache.TryGetValue(key, out var hit) && hit.Stamp == stamp) return hit.Recipe;
            }
            var recipe = load().Recipe;
            lock (Cache)
            {
                if (Cache.Count >= CacheLimit) Cache.Clear();
                Cache[key] = new CacheEntry(stamp, recipe);
            }
            return recipe;
        }

        private sealed class CacheEntry
        {
            public CacheEntry(string? stamp, DeidRecipe? recipe)
            {
                Stamp = stamp;
                Recipe = recipe;
            }

            public string? Stamp { get; }

            public DeidRecipe? Recipe { get; }
        }

        /// <summary>A name given to Get-DeidRecipe -Name: only a shipped recipe, never a path.</summary>
        private sealed class ShippedName
        {
            public ShippedName(string text) => Text = text;

            public string Text { get; }
        }

        /// <summary>Piped input completion cannot tell (the output of a command, an expression).</summary>
        private sealed class Unknown
        {
            public static readonly Unknown Value = new Unknown();
        }

        /// <summary>
        /// The session the completion runs in, asked for only when a path or a variable needs it: a completer is not given one,
        /// and $ExecutionContext is what a script block run here sees.
        /// </summary>
        private sealed class Session
        {
            private bool _asked;
            private EngineIntrinsics? _engine;

            public EngineIntrinsics? Engine
            {
                get
                {
                    if (_asked) return _engine;
                    _asked = true;
                    try
                    {
                        var output = ScriptBlock.Create("$ExecutionContext").Invoke();
                        _engine = output.Count == 1 ? output[0]?.BaseObject as EngineIntrinsics : null;
                    }
                    catch (Exception ex) when (ex is RuntimeException || ex is PSInvalidOperationException)
                    {
                        _engine = null;
                    }
                    return _engine;
                }
            }
        }
    }
}
