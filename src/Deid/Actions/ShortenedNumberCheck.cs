using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Actions
{
    /// <summary>
    /// Notices a variable the recipe writes whose text is a number in scientific notation ("1.23457E+17"): what a spreadsheet
    /// saves for a long ID or accession number it took for a number. Its last digits are gone, and every ID of that length and
    /// lead becomes the same pseudonym, so copies of different patients would share it. Written as given (it is the value the
    /// script gave), and said once per variable and batch, without the value.
    /// </summary>
    internal sealed class ShortenedNumberCheck
    {
        private readonly HashSet<string> _written;
        private readonly ConcurrentDictionary<string, OnceGate> _reported = new ConcurrentDictionary<string, OnceGate>(StringComparer.OrdinalIgnoreCase);

        /// <summary>A check for the variables <paramref name="recipe"/>'s header lines write (<c>var:</c>).</summary>
        public ShortenedNumberCheck(DeidRecipe recipe) => _written = recipe.HeaderValueNames(functionsToo: false);

        /// <summary>Warns, once per variable, of each written variable of <paramref name="variables"/> that a spreadsheet shortened.</summary>
        public void Check(IReadOnlyDictionary<string, object?> variables, string? source, Action<DeidWarning> warn, long sequence)
        {
            if (_written.Count == 0) return;
            foreach (var variable in variables)
            {
                if (!(variable.Value is string text) || !IsScientific(text) || !_written.Contains(variable.Key)) continue;
                var gate = _reported.GetOrAdd(variable.Key, _ => new OnceGate());
                if (!gate.Admit(sequence)) continue;
                warn(new DeidWarning(DeidWarningKind.ShortenedNumber,
                    $"the variable '{variable.Key}' holds a number in scientific notation (#.#####E+##): a spreadsheet saved a long ID it took for a number, and its last digits are lost, so files of different patients may get the same value. Written as given. Format the column as Text before typing or pasting IDs (or edit the CSV as text), then run again. Warned once per variable.",
                    source, null, HeaderActionEngine.StepName)
                { OnceKey = nameof(DeidWarningKind.ShortenedNumber) + ":" + variable.Key });
            }
        }

        /// <summary>
        /// True for a spreadsheet's scientific notation: an optional sign, one digit, optionally a point and digits, then E, an
        /// optional sign and digits ("1.23457E+17", "1E+15", "-2.5e-3"); nothing else, spaces around allowed.
        /// </summary>
        internal static bool IsScientific(string text)
        {
            string s = text.Trim();
            int i = 0;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
            if (i >= s.Length || !IsDigit(s[i])) return false;
            i++;
            if (i < s.Length && s[i] == '.')
            {
                int start = ++i;
                while (i < s.Length && IsDigit(s[i])) i++;
                if (i == start) return false;
            }
            if (i >= s.Length || (s[i] != 'E' && s[i] != 'e')) return false;
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
            int exponent = i;
            while (i < s.Length && IsDigit(s[i])) i++;
            return i > exponent && i == s.Length;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';
    }
}
