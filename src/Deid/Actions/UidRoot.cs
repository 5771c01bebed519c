using System.Text.RegularExpressions;

namespace Deid.Actions
{
    /// <summary>
    /// What a UID root may be (pydicom's <c>RE_VALID_UID_PREFIX</c>): numeric components without leading zeros, separated by dots.
    /// One pattern for the cmdlets' <c>-UidRoot</c> and for the prefixes a recipe's <c>deid_func</c> names.
    /// </summary>
    public static class UidRoot
    {
        /// <summary>A root, with or without its final dot (<c>-UidRoot</c> accepts both).</summary>
        public const string Pattern = @"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\.?$";

        private static readonly Regex Root = new Regex(Pattern, RegexOptions.CultureInvariant);

        /// <summary>
        /// True when <paramref name="prefix"/> is a prefix pydicom's <c>generate_uid</c> accepts: a root ending with its dot, at most
        /// 54 characters (so that a UID made from it keeps room for at least ten digits of its own).
        /// </summary>
        public static bool IsPrefix(string prefix) =>
            prefix != null && prefix.Length <= 54 && prefix.Length > 0 && prefix[prefix.Length - 1] == '.' && Root.IsMatch(prefix);
    }
}
