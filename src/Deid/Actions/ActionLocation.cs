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
                ? string.Format(CultureInfo.InvariantCulture, "{0} (recipe {1}:{2})", action, System.IO.Path.GetFileName(action.Source), action.Line)
                : action.ToString();
    }
}
