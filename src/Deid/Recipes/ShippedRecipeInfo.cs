using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Deid.Recipes
{
    /// <summary>
    /// A recipe shipped with the module, as listed by <c>Get-DeidRecipe -ListAvailable</c>: its name (what -Name and -Recipe
    /// take), what it is for (from its opening comment) and its file. Listing reads only the comment, not the recipe.
    /// </summary>
    public sealed class ShippedRecipeInfo
    {
        /// <summary>Creates the entry of the shipped recipe <paramref name="name"/> in <paramref name="path"/>.</summary>
        public ShippedRecipeInfo(string name, string path, string description)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Description = description ?? string.Empty;
        }

        /// <summary>The name to load it by: <c>dicom</c>, <c>dicom.basic-profile.retain-uids</c>.</summary>
        public string Name { get; }

        /// <summary>What the recipe is for, from its opening comment; empty when it has none.</summary>
        public string Description { get; }

        /// <summary>The recipe file (named <c>deid.</c> and the name).</summary>
        public string Path { get; }

        /// <summary>The name.</summary>
        public override string ToString() => Name;

        /// <summary>
        /// Reads the description of the recipe file <paramref name="path"/> shipped as <paramref name="name"/>: its opening comment
        /// lines up to a blank line, a recipe line or the generator's note (a line starting "GENERATED"), without the
        /// "Deid.PowerShell recipe 'name'" that opens the shipped ones. Reading stops at the first line that is not a comment, so
        /// listing all the shipped recipes reads a few hundred bytes of each.
        /// </summary>
        public static ShippedRecipeInfo Read(string name, string path)
        {
            var lines = new List<string>();
            using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            {
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    string text = line.Trim();
                    if (!text.StartsWith("#", StringComparison.Ordinal)) break;
                    text = text.TrimStart('#').Trim();
                    if (text.Length == 0 || text.StartsWith("GENERATED", StringComparison.Ordinal)) break;
                    lines.Add(text);
                }
            }
            return new ShippedRecipeInfo(name, path, Describe(name, string.Join(" ", lines)));
        }

        // "Deid.PowerShell recipe 'dicom', the default: every attribute ..." reads, in a list of names, as "The default: every
        // attribute ...": the name is already the first column.
        private static string Describe(string name, string comment)
        {
            string opening = $"Deid.PowerShell recipe '{name}'";
            if (comment.StartsWith(opening, StringComparison.OrdinalIgnoreCase))
                comment = comment.Substring(opening.Length).TrimStart(':', ',', ' ');
            return comment.Length == 0 ? comment : char.ToUpperInvariant(comment[0]) + comment.Substring(1);
        }
    }
}
