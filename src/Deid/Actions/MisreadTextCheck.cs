using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Actions
{
    /// <summary>
    /// Notices a variable the recipe writes whose text reads like UTF-8 decoded as Latin-1 or Windows-1252 ("MÃ¼ller",
    /// "MÃœLLER"): a CSV read in the wrong encoding (<c>Import-Csv -Encoding Latin1</c> over a file saved as UTF-8 without a
    /// byte order mark, which PowerShell 7's Export-Csv writes). Every byte is a letter there, so nothing else catches it, and the
    /// copy would carry the mangled name or ID (QA of 2026-12-07). Written as given, and said once per variable and batch,
    /// without the value.
    /// </summary>
    internal sealed class MisreadTextCheck
    {
        private readonly HashSet<string> _written;
        private readonly ConcurrentDictionary<string, OnceGate> _reported = new ConcurrentDictionary<string, OnceGate>(StringComparer.OrdinalIgnoreCase);

        /// <summary>A check for the variables <paramref name="recipe"/>'s header lines write (<c>var:</c>).</summary>
        public MisreadTextCheck(DeidRecipe recipe) => _written = recipe.HeaderValueNames(functionsToo: false);

        /// <summary>Warns, once per variable, of each written variable of <paramref name="variables"/> that reads as misread UTF-8.</summary>
        public void Check(IReadOnlyDictionary<string, object?> variables, string? source, Action<DeidWarning> warn, long sequence)
        {
            if (_written.Count == 0) return;
            foreach (var variable in variables)
            {
                if (!(variable.Value is string text) || !IsMisreadUtf8(text) || !_written.Contains(variable.Key)) continue;
                var gate = _reported.GetOrAdd(variable.Key, _ => new OnceGate());
                if (!gate.Admit(sequence)) continue;
                warn(new DeidWarning(DeidWarningKind.MisreadText,
                    $"the variable '{variable.Key}' reads like UTF-8 text decoded as Latin-1 or Windows-1252 (Ã or Â before another accented sign, as MÃ¼ller for Müller): its CSV was read in the wrong encoding. Written as given. Read the CSV with Import-Csv -Encoding utf8, then run again. Warned once per variable.",
                    source, null, HeaderActionEngine.StepName)
                { OnceKey = nameof(DeidWarningKind.MisreadText) + ":" + variable.Key });
            }
        }

        /// <summary>
        /// True when <paramref name="text"/> reads as UTF-8 decoded in an ANSI code page (Ã¼ for ü, Ãœ for Ü), as a crosswalk
        /// cell is judged (<see cref="Crosswalk.SpreadsheetText.LooksMisdecoded"/>). Portuguese Ã stands before a letter (JOÃO).
        /// </summary>
        internal static bool IsMisreadUtf8(string text) => Crosswalk.SpreadsheetText.LooksMisdecoded(text);
    }
}
