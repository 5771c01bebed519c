using System.Globalization;
using Deid.Recipes;

namespace Deid.Actions
{
    /// <summary>How warnings name the recipe line behind them.</summary>
    internal static class ActionLocation
    {
        /// <summary>The action as written, and the recipe file and line it came from when known.</summary>
        public static string Describe(HeaderAction action) =>
            action.Source != null && action.Line > 0
                ? string.Format(CultureInfo.InvariantCulture, "{0} (recipe {1}:{2})", Quote(action.ToString()), System.IO.Path.GetFileName(action.Source), action.Line)
                : Quote(action.ToString());

        /// <summary>Characters of an action's text quoted in a message; the rest is counted, not quoted.</summary>
        internal const int QuotedLength = 120;

        // An action's text as a message quotes it: a 70,000-character REPLACE value was quoted whole in its warning (QA).
        private static string Quote(string text) =>
            text.Length <= QuotedLength + 40
                ? text
                : string.Format(CultureInfo.InvariantCulture, "{0}… ({1:N0} characters)", text.Substring(0, QuotedLength), text.Length);
    }
}
