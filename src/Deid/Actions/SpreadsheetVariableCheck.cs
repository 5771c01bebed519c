using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Actions
{
    /// <summary>
    /// Notices a variable the recipe writes whose text shows what a spreadsheet did to it, said once per variable and batch,
    /// without the value, and written as given (it is the value the script gave):
    /// <list type="bullet">
    /// <item>a number in scientific notation ("1.23457E+17", <see cref="DeidWarningKind.ShortenedNumber"/>): what a spreadsheet
    /// saves for a long ID or accession number it took for a number. Its last digits are gone, and every ID of that length
    /// and lead becomes the same pseudonym, so copies of different patients would share it;</item>
    /// <item>UTF-8 text decoded as Latin-1 or Windows-1252 ("MÃ¼ller", <see cref="DeidWarningKind.MisreadText"/>): a CSV read in
    /// the wrong encoding (<c>Import-Csv -Encoding Latin1</c> over a file PowerShell 7's Export-Csv wrote). Every byte is a
    /// letter there, so nothing else catches it (QA of 2026-12-07).</item>
    /// </list>
    /// </summary>
    internal sealed class SpreadsheetVariableCheck
    {
        private readonly HashSet<string> _written;
        private readonly ConcurrentDictionary<string, OnceGate> _reported = new ConcurrentDictionary<string, OnceGate>(StringComparer.OrdinalIgnoreCase);

        /// <summary>A check for the variables <paramref name="recipe"/>'s header lines write (<c>var:</c>).</summary>
        public SpreadsheetVariableCheck(DeidRecipe recipe) => _written = recipe.HeaderValueNames(functionsToo: false);

        /// <summary>Warns, once per variable and kind, of each written variable of <paramref name="variables"/> a spreadsheet changed.</summary>
        public void Check(IReadOnlyDictionary<string, object?> variables, string? source, Action<DeidWarning> warn, long sequence)
        {
            if (_written.Count == 0) return;
            foreach (var variable in variables)
            {
                if (!(variable.Value is string text) || !_written.Contains(variable.Key)) continue;
                if (IsScientific(text))
                {
                    Warn(DeidWarningKind.ShortenedNumber, variable.Key,
                        $"the variable '{variable.Key}' holds a number in scientific notation (#.#####E+##): a spreadsheet saved a long ID it took for a number, and its last digits are lost, so files of different patients may get the same value. Written as given. Format the column as Text before typing or pasting IDs (or edit the CSV as text), then run again. Warned once per variable.");
                }
                else if (IsMisreadUtf8(text))
                {
                    Warn(DeidWarningKind.MisreadText, variable.Key,
                        $"the variable '{variable.Key}' reads like UTF-8 text decoded as Latin-1 or Windows-1252 (Ã or Â before another accented sign, as MÃ¼ller for Müller): its CSV was read in the wrong encoding. Written as given. Read the CSV with Import-Csv -Encoding utf8, then run again. Warned once per variable.");
                }
            }

            void Warn(DeidWarningKind kind, string name, string message)
            {
                string key = kind + ":" + name;
                if (!_reported.GetOrAdd(key, _ => new OnceGate()).Admit(sequence)) return;
                warn(new DeidWarning(kind, message, source, null, HeaderActionEngine.StepName) { OnceKey = key });
            }
        }

        /// <summary>
        /// True when <paramref name="text"/> reads as UTF-8 decoded in an ANSI code page (Ã¼ for ü, Ãœ for Ü), as a crosswalk
        /// cell is judged (<see cref="Crosswalk.SpreadsheetText.LooksMisdecoded"/>). Portuguese Ã stands before a letter (JOÃO).
        /// </summary>
        internal static bool IsMisreadUtf8(string text) => Crosswalk.SpreadsheetText.LooksMisdecoded(text);

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
