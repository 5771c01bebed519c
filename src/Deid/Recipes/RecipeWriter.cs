using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Deid.Recipes
{
    /// <summary>
    /// Writes a recipe as recipe text that <see cref="RecipeParser"/> (and deid 0.4.12) reads back to an equal recipe: FORMAT, then
    /// %filter, %values, %fields, %header and %labels sections, each item on its own line.
    /// </summary>
    public static class RecipeWriter
    {
        /// <summary>The recipe as text, lines ending in '\n'.</summary>
        public static string Write(DeidRecipe recipe)
        {
            if (recipe == null) throw new ArgumentNullException(nameof(recipe));
            var sb = new StringBuilder();
            sb.Append("FORMAT ").Append(recipe.Format).Append('\n');

            foreach (var group in recipe.Filters)
            {
                sb.Append('\n').Append("%filter ").Append(group.Name).Append('\n');
                foreach (var label in group.Labels)
                {
                    sb.Append('\n');
                    AppendLabel(sb, label);
                }
            }

            foreach (var group in recipe.Values) AppendGroup(sb, group);
            foreach (var group in recipe.Fields) AppendGroup(sb, group);

            if (recipe.Header.Count > 0)
            {
                sb.Append('\n').Append("%header").Append('\n').Append('\n');
                foreach (var action in recipe.Header) sb.Append(FormatAction(action)).Append('\n');
            }

            if (recipe.Labels.Count > 0)
            {
                sb.Append('\n').Append("%labels").Append('\n').Append('\n');
                foreach (var action in recipe.Labels) sb.Append(FormatAction(action)).Append('\n');
            }
            return sb.ToString();
        }

        private static void AppendGroup(StringBuilder sb, RecipeGroup group)
        {
            sb.Append('\n').Append('%').Append(group.SectionName).Append(' ').Append(group.Name).Append('\n');
            foreach (var action in group.Actions) sb.Append(action.ToString()).Append('\n');
        }

        private static void AppendLabel(StringBuilder sb, FilterLabel label)
        {
            sb.Append("LABEL");
            if (label.Name.Length > 0) sb.Append(' ').Append(label.Name);
            sb.Append('\n');
            foreach (var criterion in label.Criteria) sb.Append("  ").Append(FormatCriterion(criterion)).Append('\n');
            foreach (var coordinates in label.Coordinates) sb.Append("  ").Append(coordinates.ToString()).Append('\n');
        }

        /// <summary>
        /// Writes the recipe to <paramref name="path"/> (UTF-8, no BOM) atomically: into a temporary file in the same folder, then
        /// renamed over the target, so a reader never sees half a recipe. An existing file is replaced only when
        /// <paramref name="overwrite"/>; otherwise <see cref="IOException"/>.
        /// </summary>
        public static void WriteFile(DeidRecipe recipe, string path, bool overwrite)
        {
            if (recipe == null) throw new ArgumentNullException(nameof(recipe));
            if (path == null) throw new ArgumentNullException(nameof(path));
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full)) throw new IOException($"'{full}' is a folder.");
            if (!overwrite && File.Exists(full)) throw new IOException($"The file '{full}' already exists.");
            byte[] bytes = new UTF8Encoding(false).GetBytes(Write(recipe));
            // The module's one atomic write: its failures name the recipe file, never the temporary file it renames.
            Deid.Dicom.AtomicFile.Write(full, overwrite, s => s.Write(bytes, 0, bytes.Length));
        }

        /// <summary>One LABEL with its lines, as recipe text.</summary>
        public static string FormatLabel(FilterLabel label)
        {
            if (label == null) throw new ArgumentNullException(nameof(label));
            var sb = new StringBuilder();
            AppendLabel(sb, label);
            return sb.ToString().TrimEnd('\n');
        }

        /// <summary>One header action line: <c>ACTION FIELD [VALUE]</c>; an empty value is written as a comment mark, as deid reads it.</summary>
        public static string FormatAction(HeaderAction action)
        {
            if (action == null) throw new ArgumentNullException(nameof(action));
            var text = action.ActionName + " " + action.Field.Text;
            if (action.Value is null) return text;
            return action.Value.Text.Length == 0 ? text + " #" : text + " " + action.Value.Text;
        }

        /// <summary>One criteria line: optional '+' or '||', then the tests joined by their operators.</summary>
        public static string FormatCriterion(FilterCriterion criterion)
        {
            if (criterion == null) throw new ArgumentNullException(nameof(criterion));
            var sb = new StringBuilder();
            if (criterion.Operator == FilterOperator.And) sb.Append("+ ");
            else if (criterion.Operator == FilterOperator.Or) sb.Append("|| ");
            for (int i = 0; i < criterion.Tests.Count; i++)
            {
                var test = criterion.Tests[i];
                if (i > 0) sb.Append(test.Operator == FilterOperator.Or ? " || " : " + ");
                sb.Append(test.ToString());
            }
            return sb.ToString();
        }

        /// <summary>
        /// Checks that free text (a value, a name) survives being written and read back: no line break, no '#', no surrounding
        /// whitespace and, where <paramref name="tokenized"/>, no whitespace runs outside quotes (deid joins words with one space).
        /// </summary>
        internal static string? Unwritable(string text, bool tokenized, bool allowHash = false)
        {
            if (text.IndexOf('\n') >= 0 || text.IndexOf('\r') >= 0) return "it contains a line break";
            if (!allowHash && text.IndexOf('#') >= 0) return "'#' would start a comment";
            if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[text.Length - 1]))) return "it starts or ends with whitespace";
            if (tokenized)
            {
                var tokens = RecipeToken.Tokenize(text);
                var parts = new List<string>();
                foreach (var t in tokens) parts.Add(t.Text);
                if (!string.Equals(string.Join(" ", parts), text, StringComparison.Ordinal))
                    return "deid reads its words joined by single spaces (quote the text to keep other whitespace)";
            }
            return null;
        }
    }
}
