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
        /// True when <paramref name="text"/> holds Ã or Â followed by a character a UTF-8 continuation byte (0x80–0xBF) becomes in
        /// Latin-1 (U+0080–U+00BF) or in Windows-1252 (Œ, œ, Š, š, Ž, ž, Ÿ, ƒ, ˆ, ˜, dashes, quotes, €, ™, …): the two-byte form of
        /// every Latin-1 letter (Ã¼ ü, Ã© é, Ãœ Ü, Ã‰ É). Portuguese Ã stands before a letter (JOÃO), never before these.
        /// </summary>
        internal static bool IsMisreadUtf8(string text)
        {
            for (int i = 0; i + 1 < text.Length; i++)
            {
                if (text[i] != 'Ã' && text[i] != 'Â') continue;
                char next = text[i + 1];
                if ((next >= '\u0080' && next <= '\u00BF') || IsWindows1252High(next)) return true;
            }
            return false;
        }

        // The characters Windows-1252 gives the bytes 0x80–0x9F that Latin-1 leaves as controls.
        private static bool IsWindows1252High(char c) =>
            c == '\u20AC' || c == '\u201A' || c == '\u0192' || c == '\u201E' || c == '\u2026' || c == '\u2020' || c == '\u2021'
            || c == '\u02C6' || c == '\u2030' || c == '\u0160' || c == '\u2039' || c == '\u0152' || c == '\u017D' || c == '\u2018'
            || c == '\u2019' || c == '\u201C' || c == '\u201D' || c == '\u2022' || c == '\u2013' || c == '\u2014' || c == '\u02DC'
            || c == '\u2122' || c == '\u0161' || c == '\u203A' || c == '\u0153' || c == '\u017E' || c == '\u0178';
    }
}
