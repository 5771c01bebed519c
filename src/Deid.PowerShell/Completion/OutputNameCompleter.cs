using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Deid.Batch;

namespace Deid.PowerShell.Completion
{
    /// <summary>
    /// Tab completion inside an -OutputName template: after an open brace, the tokens (<c>'{PatientID}/{Stu</c> offers
    /// <c>'{PatientID}/{StudyDate}</c>, <c>'{PatientID}/{StudyInstanceUID}</c>, ...), in the quotes the user opened.
    /// </summary>
    public sealed class OutputNameCompleter : IArgumentCompleter
    {
        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = wordToComplete ?? string.Empty;
            // Unquoted, PowerShell reads a brace as a script block and never asks; the completion keeps the quote that was typed.
            string quote = word.Length > 0 && (word[0] == '\'' || word[0] == '"') ? word.Substring(0, 1) : "'";
            string typed = word.Trim('\'', '"');
            string before = typed.Substring(0, typed.LastIndexOf('{') + 1);
            foreach (string token in OutputNameTemplate.TokensCompleting(typed))
            {
                string text = before + token + "}";
                yield return new CompletionResult(quote + text + quote, token, CompletionResultType.ParameterValue, "{" + token + "}");
            }
        }
    }
}
