using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Deid.Recipes;

namespace Deid.PowerShell.Completion
{
    /// <summary>
    /// Tab completion of header actions for Get-DeidAction -Action. PowerShell would complete the enum names (Add, Blank, ...);
    /// this offers the keywords as recipes write them (ADD, BLANK, ...), from <see cref="HeaderActionKeywords"/>.
    /// </summary>
    public sealed class HeaderActionCompleter : IArgumentCompleter
    {
        /// <summary>The keywords that start with what was typed (ignoring case), in alphabetical order.</summary>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? "").Trim('\'', '"');
            var keywords = new List<string>(HeaderActionKeywords.Keywords);
            keywords.Sort(StringComparer.Ordinal);
            var results = new List<CompletionResult>();
            foreach (var keyword in keywords)
            {
                if (!keyword.StartsWith(typed, StringComparison.OrdinalIgnoreCase)) continue;
                results.Add(new CompletionResult(keyword, keyword, CompletionResultType.ParameterValue, keyword));
            }
            return results;
        }
    }
}
