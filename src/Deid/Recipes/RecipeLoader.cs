using System;
using System.Collections.Generic;
using System.IO;
using Deid.Fields;

namespace Deid.Recipes
{
    /// <summary>The outcome of loading and combining recipes: the recipe (null when any source failed), warnings and errors.</summary>
    public sealed class RecipeLoadResult
    {
        internal RecipeLoadResult(DeidRecipe? recipe, IReadOnlyList<RecipeWarning> warnings, IReadOnlyList<Exception> errors, IReadOnlyList<string?>? sourceOrder = null)
        {
            Recipe = recipe;
            Warnings = warnings;
            Errors = errors;
            _sourceOrder = sourceOrder;
        }

        // The files the diagnostics name, in the order they were loaded (null: errors' files first, then warnings').
        private readonly IReadOnlyList<string?>? _sourceOrder;

        /// <summary>
        /// Every warning (<see cref="RecipeWarning"/>) and error (<see cref="Exception"/>) in the order of the files: file by file
        /// as they were loaded, and in each by line and column, so a recipe's problems read top to bottom whatever their kind
        /// (a warning for line 4 came before the error for line 3; with -Strict, line 4 after line 11).
        /// </summary>
        public IReadOnlyList<object> InFileOrder()
        {
            var files = new List<string?>(_sourceOrder ?? Array.Empty<string?>());
            foreach (var e in Errors) Rank(files, e is RecipeException r ? r.SourceName : null);
            foreach (var w in Warnings) Rank(files, w.SourceName);
            // By file (an error that names no line, a file not found, first), line and column; ties as they were collected.
            var ordered = new List<(object Item, int File, int Line, int Column, int Index)>();
            foreach (var e in Errors)
                ordered.Add(e is RecipeException r ? (e, files.IndexOf(r.SourceName), r.Line, r.Column, ordered.Count) : (e, -1, 0, 0, ordered.Count));
            foreach (var w in Warnings) ordered.Add((w, files.IndexOf(w.SourceName), w.Line, w.Column, ordered.Count));
            ordered.Sort((a, b) =>
            {
                int c = a.File.CompareTo(b.File);
                if (c == 0) c = a.Line.CompareTo(b.Line);
                if (c == 0) c = a.Column.CompareTo(b.Column);
                return c != 0 ? c : a.Index.CompareTo(b.Index);
            });
            var result = new List<object>(ordered.Count);
            foreach (var o in ordered) result.Add(o.Item);
            return result;
        }

        private static void Rank(List<string?> files, string? source)
        {
            if (!files.Contains(source)) files.Add(source);
        }

        /// <summary>The combined recipe, or null when a source could not be found or read (a partial recipe would under-de-identify).</summary>
        public DeidRecipe? Recipe { get; }

        /// <summary>Warnings from every source and from the combination, in load order.</summary>
        public IReadOnlyList<RecipeWarning> Warnings { get; }

        /// <summary>
        /// Every error: each problem of bad text (<see cref="RecipeException"/>, all of a file's, not only its first),
        /// <see cref="FileNotFoundException"/> for a missing file or name.
        /// </summary>
        public IReadOnlyList<Exception> Errors { get; }

        /// <summary>
        /// This result with every warning about recipe text made an error (and so no recipe): what <c>-Strict</c> asks for. Notices
        /// (<see cref="RecipeWarning.IsNotice"/>) stay warnings.
        /// </summary>
        public RecipeLoadResult ToStrict()
        {
            var warnings = new List<RecipeWarning>();
            var errors = new List<Exception>(Errors);
            foreach (var w in Warnings)
            {
                if (w.IsNotice) warnings.Add(w);
                else errors.Add(w.ToError());
            }
            if (errors.Count == Errors.Count) return this;
            // The warnings made errors take their lines' places among the others.
            var strict = new RecipeLoadResult(null, warnings, errors, _sourceOrder);
            var inOrder = new List<Exception>();
            foreach (var item in strict.InFileOrder())
            {
                if (item is Exception e) inOrder.Add(e);
            }
            return new RecipeLoadResult(null, warnings, inOrder, _sourceOrder);
        }
    }

    /// <summary>A recipe to load: a file or folder path, or the name of a shipped recipe.</summary>
    public readonly struct RecipeReference
    {
        private RecipeReference(string text, bool isName)
        {
            Text = text ?? throw new ArgumentNullException(nameof(text));
            IsName = isName;
        }

        /// <summary>The path or name.</summary>
        public string Text { get; }

        /// <summary>True for a shipped recipe name, false for a path.</summary>
        public bool IsName { get; }

        /// <summary>A file or folder.</summary>
        public static RecipeReference ForPath(string path) => new RecipeReference(path, false);

        /// <summary>A shipped recipe name.</summary>
        public static RecipeReference ForName(string name) => new RecipeReference(name, true);

        /// <summary>"name:dicom" or the path.</summary>
        public override string ToString() => IsName ? "name:" + Text : Text;
    }

    /// <summary>
    /// Finds, reads and combines recipes as deid's <c>DeidRecipe(deid, base, default_base)</c> does: shipped recipes are files named
    /// <c>deid.NAME</c> in a recipe folder and are asked for by NAME (<c>dicom</c>, <c>dicom.xray.chest</c>); a folder stands for its
    /// first file whose name starts with "deid"; no recipe at all means the default one.
    /// </summary>
    public sealed class RecipeLoader
    {
        /// <summary>The name of the default recipe (file deid.dicom).</summary>
        public const string DefaultName = "dicom";

        /// <summary>The prefix of recipe file names.</summary>
        public const string FilePrefix = "deid.";

        private readonly RecipeParser _parser;

        /// <summary>Creates a loader over the folder of shipped recipes (may be null when there is none).</summary>
        public RecipeLoader(string? recipeDirectory, RecipeParserOptions? options = null)
        {
            RecipeDirectory = recipeDirectory;
            _parser = new RecipeParser(options);
        }

        /// <summary>The folder of shipped recipes.</summary>
        public string? RecipeDirectory { get; }

        /// <summary>
        /// The shipped recipe folder for an assembly folder: <c>recipes</c> beside it (the module layout, out/Deid/recipes next to
        /// out/Deid/Deid.PowerShell.dll), else the first <c>recipes</c> folder holding a deid.dicom found walking up (a source checkout).
        /// </summary>
        public static string? FindRecipeDirectory(string? assemblyDirectory)
        {
            var dir = assemblyDirectory == null ? null : new DirectoryInfo(assemblyDirectory);
            while (dir != null)
            {
                string candidate = Path.Combine(dir.FullName, "recipes");
                if (File.Exists(Path.Combine(candidate, FilePrefix + DefaultName))) return candidate;
                dir = dir.Parent;
            }
            return null;
        }

        /// <summary>The names of the shipped recipes: "dicom" first, then the others in ordinal order.</summary>
        public IReadOnlyList<string> GetShippedNames()
        {
            var names = new List<string>();
            if (RecipeDirectory == null || !Directory.Exists(RecipeDirectory)) return names;
            foreach (var file in Directory.GetFiles(RecipeDirectory, FilePrefix + "*"))
            {
                string name = Path.GetFileName(file).Substring(FilePrefix.Length);
                if (name.Length > 0) names.Add(name);
            }
            names.Sort((a, b) =>
            {
                if (a == b) return 0;
                if (a == DefaultName) return -1;
                if (b == DefaultName) return 1;
                return string.CompareOrdinal(a, b);
            });
            return names;
        }

        /// <summary>
        /// The shipped recipes in the order of <see cref="GetShippedNames"/>, each with the description its opening comment gives.
        /// </summary>
        public IReadOnlyList<ShippedRecipeInfo> GetShippedRecipes()
        {
            var list = new List<ShippedRecipeInfo>();
            foreach (string name in GetShippedNames())
            {
                list.Add(ShippedRecipeInfo.Read(name, Path.Combine(RecipeDirectory!, FilePrefix + name)));
            }
            return list;
        }

        /// <summary>
        /// The file of a shipped recipe name, with or without its "deid." prefix and in any case (PowerShell names ignore case:
        /// <c>DICOM</c> is <c>dicom</c>); throws <see cref="FileNotFoundException"/> listing the known names, and the one meant
        /// when the text is the end of exactly one (<c>ultrasound</c>: <c>dicom.ultrasound</c>), when there is none.
        /// </summary>
        public string ResolveName(string name)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A recipe name cannot be empty.", nameof(name));
            string trimmed = name.Trim();
            if (trimmed.StartsWith(FilePrefix, StringComparison.OrdinalIgnoreCase) && trimmed.Length > FilePrefix.Length) trimmed = trimmed.Substring(FilePrefix.Length);
            if (RecipeDirectory != null && trimmed.IndexOfAny(Path.GetInvalidFileNameChars()) < 0)
            {
                string path = Path.Combine(RecipeDirectory, FilePrefix + trimmed);
                if (File.Exists(path)) return path;
            }
            var known = GetShippedNames();
            foreach (string shipped in known)
            {
                if (string.Equals(shipped, trimmed, StringComparison.OrdinalIgnoreCase)) return Path.Combine(RecipeDirectory!, FilePrefix + shipped);
            }
            string list = known.Count == 0 ? "no shipped recipes were found" : "shipped recipes: " + string.Join(", ", known);
            string? meant = Suggest(trimmed, known);
            throw new FileNotFoundException($"There is no shipped recipe named '{name}'{(meant == null ? string.Empty : $"; did you mean '{meant}'?")} ({list}).", name);
        }

        /// <summary>The one shipped name that <paramref name="text"/> ends, after a dot (<c>basic-profile</c>: <c>dicom.basic-profile</c>); null when none or several do.</summary>
        private static string? Suggest(string text, IReadOnlyList<string> known)
        {
            if (text.Length == 0) return null;
            string? found = null;
            foreach (string shipped in known)
            {
                if (!shipped.EndsWith("." + text, StringComparison.OrdinalIgnoreCase)) continue;
                if (found != null) return null;
                found = shipped;
            }
            return found;
        }

        /// <summary>Reads one recipe file, or the recipe a folder stands for (its first file starting with "deid"), as deid's find_deid does.</summary>
        public RecipeParseResult LoadPath(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var warnings = new List<RecipeWarning>();
            string file = path;
            if (Directory.Exists(path))
            {
                var contenders = new List<string>();
                foreach (var f in Directory.GetFiles(path))
                {
                    if (Path.GetFileName(f).StartsWith("deid", StringComparison.Ordinal)) contenders.Add(f);
                }
                contenders.Sort(StringComparer.Ordinal);
                if (contenders.Count == 0)
                {
                    warnings.Add(new RecipeWarning(path, 0, 0, $"No recipe file (a name starting with 'deid') in the folder; using the default recipe '{DefaultName}', as deid does."));
                    file = ResolveName(DefaultName);
                }
                else
                {
                    if (contenders.Count > 1)
                        warnings.Add(new RecipeWarning(path, 0, 0, $"Several recipe files in the folder; using the first, {Path.GetFileName(contenders[0])} (deid uses the first it lists)."));
                    file = contenders[0];
                }
            }
            else if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Cannot find recipe file '{path}'.", path);
            }
            var result = _parser.ParseFile(file);
            warnings.AddRange(result.Warnings);
            return new RecipeParseResult(result.Recipe, warnings);
        }

        /// <summary>Reads a shipped recipe by name.</summary>
        public RecipeParseResult LoadName(string name)
        {
            string file = ResolveName(name);
            var result = _parser.ParseFile(file);
            return new RecipeParseResult(result.Recipe, result.Warnings);
        }

        /// <summary>
        /// Loads and combines recipes in this order: the base (when <paramref name="includeBase"/>: <paramref name="baseName"/>, default
        /// "dicom"), then <paramref name="names"/>, then <paramref name="paths"/>; later ones win conflicts (see <see cref="DeidRecipe.Combine"/>).
        /// With nothing given, the default recipe is loaded with a warning, as deid does. Every failing source is reported; the recipe is
        /// returned only when all succeed.
        /// </summary>
        public RecipeLoadResult Load(IEnumerable<string>? paths, IEnumerable<string>? names = null, bool includeBase = false, string? baseName = null)
        {
            var sources = new List<RecipeReference>();
            if (names != null) foreach (var n in names) sources.Add(RecipeReference.ForName(n));
            if (paths != null) foreach (var p in paths) sources.Add(RecipeReference.ForPath(p));
            return Load(sources, includeBase, baseName);
        }

        /// <summary>Loads and combines <paramref name="sources"/> in their order, after the base when <paramref name="includeBase"/>.</summary>
        public RecipeLoadResult Load(IEnumerable<RecipeReference> sources, bool includeBase, string? baseName)
        {
            var list = new List<RecipeReference>();
            if (includeBase) list.Add(RecipeReference.ForName(string.IsNullOrWhiteSpace(baseName) ? DefaultName : baseName!));
            if (sources != null) list.AddRange(sources);
            return LoadAll(list);
        }

        /// <summary>True when <paramref name="name"/> is a shipped recipe.</summary>
        public bool IsShippedName(string name)
        {
            try
            {
                ResolveName(name);
                return true;
            }
            catch (FileNotFoundException)
            {
                return false;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private RecipeLoadResult LoadAll(List<RecipeReference> sources)
        {
            var warnings = new List<RecipeWarning>();
            var errors = new List<Exception>();
            if (sources.Count == 0)
            {
                warnings.Add(new RecipeWarning(null, 0, 0, $"No recipe given; using the default recipe '{DefaultName}'.", isNotice: true));
                sources.Add(RecipeReference.ForName(DefaultName));
            }

            var recipes = new List<DeidRecipe>();
            var order = new List<string?>();
            foreach (var source in sources)
            {
                int warned = warnings.Count, failed = errors.Count;
                try
                {
                    var result = source.IsName ? LoadName(source.Text) : LoadPath(source.Text);
                    warnings.AddRange(result.Warnings);
                    recipes.Add(result.Recipe);
                }
                catch (RecipeException ex)
                {
                    warnings.AddRange(ex.Warnings);
                    errors.AddRange(ex.Errors);
                }
                catch (IOException ex)
                {
                    errors.Add(ex);
                }
                catch (UnauthorizedAccessException ex)
                {
                    errors.Add(ex);
                }
                // The files this source's diagnostics name, in the order loaded (a folder or name resolves to a file of its own).
                for (int i = warned; i < warnings.Count; i++) if (!order.Contains(warnings[i].SourceName)) order.Add(warnings[i].SourceName);
                for (int i = failed; i < errors.Count; i++)
                {
                    if (errors[i] is RecipeException r && !order.Contains(r.SourceName)) order.Add(r.SourceName);
                }
            }
            if (errors.Count > 0) return new RecipeLoadResult(null, warnings, errors, order);

            var combined = DeidRecipe.Combine(recipes);
            warnings.AddRange(CheckReferences(combined));
            combined.SetLoadWarnings(warnings);
            return new RecipeLoadResult(combined, warnings, errors, order);
        }

        /// <summary>Warnings for values:/fields: references (in header fields) to groups the recipe does not define: deid selects nothing for them.</summary>
        public static IReadOnlyList<RecipeWarning> CheckReferences(DeidRecipe recipe)
        {
            if (recipe == null) throw new ArgumentNullException(nameof(recipe));
            var warnings = new List<RecipeWarning>();
            foreach (var action in recipe.Header)
            {
                var field = action.Field;
                if (field.Kind == FieldSpecKind.Values && recipe.GetValuesGroup(field.GroupName!) == null)
                    warnings.Add(new RecipeWarning(action.Source, action.Line, 0, $"{action.ActionName} {field}: there is no '%values {field.GroupName}' group, so it selects nothing."));
                else if (field.Kind == FieldSpecKind.Fields && recipe.GetFieldsGroup(field.GroupName!) == null)
                    warnings.Add(new RecipeWarning(action.Source, action.Line, 0, $"{action.ActionName} {field}: there is no '%fields {field.GroupName}' group, so it selects nothing."));
            }
            return warnings;
        }
    }
}
