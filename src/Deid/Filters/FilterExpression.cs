using System;
using System.Text.RegularExpressions;

namespace Deid.Filters
{
    /// <summary>
    /// A filter test's value as deid compares it: lower-cased and stripped, and for contains and notcontains a regular
    /// expression (re.search). One place for both the parser's check of a recipe line and the evaluator's compiled test.
    /// </summary>
    internal static class FilterExpression
    {
        /// <summary>The value as deid uses it: lower-cased and stripped, so "\S" is searched as "\s", as deid does.</summary>
        public static string Normalize(string value) => (value ?? throw new ArgumentNullException(nameof(value))).ToLowerInvariant().Trim();

        /// <summary>The regular expression of a normalised contains value.</summary>
        /// <exception cref="ArgumentException">The value is not a regular expression.</exception>
        public static Regex Compile(string normalized) => new Regex(normalized, RegexOptions.CultureInvariant);

        /// <summary>Why the contains value <paramref name="value"/> (as written) is no regular expression, or null when it is one.</summary>
        public static string? Check(string value)
        {
            try
            {
                _ = Compile(Normalize(value));
                return null;
            }
            catch (ArgumentException e)
            {
                return e.Message;
            }
        }
    }
}
