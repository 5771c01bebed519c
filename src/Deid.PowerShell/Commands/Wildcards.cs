using System.Collections.Generic;
using System.Management.Automation;

namespace Deid.PowerShell.Commands
{
    /// <summary>Wildcard filters shared by the Get- cmdlets (case ignored, as deid's get_actions ignores it).</summary>
    internal static class Wildcards
    {
        public static List<WildcardPattern>? Of(string[]? patterns)
        {
            if (patterns == null) return null;
            var list = new List<WildcardPattern>();
            foreach (var p in patterns) list.Add(WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant));
            return list;
        }

        /// <summary>True when no patterns were given or one matches <paramref name="text"/>.</summary>
        public static bool Matches(List<WildcardPattern>? patterns, string text) => patterns == null || AnyMatch(patterns, text);

        private static bool AnyMatch(List<WildcardPattern> patterns, string text)
        {
            foreach (var p in patterns)
            {
                if (p.IsMatch(text)) return true;
            }
            return false;
        }
    }
}
