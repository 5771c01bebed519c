using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Deid.Recipes
{
    /// <summary>One word of an action line and where it starts in the line's content.</summary>
    internal readonly struct RecipeToken
    {
        // deid's split_action_line: words split on whitespace, except inside "..." or '...' (glued to what surrounds them).
        private static readonly Regex TokenPattern = new Regex(@"(?:[^\s""']+|""(?:\\.|[^""])*""|'(?:\\.|[^'])*')+", RegexOptions.CultureInvariant);

        public RecipeToken(string text, int index)
        {
            Text = text;
            Index = index;
        }

        public string Text { get; }

        public int Index { get; }

        /// <summary>The words of <paramref name="content"/> as deid's split_action_line finds them.</summary>
        public static List<RecipeToken> Tokenize(string content)
        {
            var list = new List<RecipeToken>();
            foreach (Match m in TokenPattern.Matches(content)) list.Add(new RecipeToken(m.Value, m.Index));
            return list;
        }
    }
}
