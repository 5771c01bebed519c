using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Deid.PowerShell.Commands;

namespace Deid.PowerShell.Completion
{
    /// <summary>
    /// Tab completion of Get-DeidFilter's -Group and -Label: the group and label names of the recipe on the command line (-Recipe,
    /// or piped from <c>Get-DeidRecipe -Name ...</c> or a variable; the default recipe when there is none), read as
    /// <see cref="CommandLineRecipe"/> tells. When that recipe cannot be told (the output of another command) or does not load,
    /// -Group offers deid's three groups (whitelist, graylist, blacklist) and -Label nothing. -Label offers only the labels of the
    /// groups -Group names, when it is given.
    /// </summary>
    internal sealed class FilterNameCompleter : IArgumentCompleter
    {
        /// <summary>At most this many labels are offered (the default recipe has about a hundred).</summary>
        internal const int MaxResults = 200;

        /// <summary>deid's filter groups, in the order deid's own recipe has them.</summary>
        internal static readonly IReadOnlyList<string> StandardGroups = new[] { "whitelist", "graylist", "blacklist" };

        /// <summary>The names that start with what was typed (ignoring case), then those that hold it elsewhere, in recipe order.</summary>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var match = CompletionMatch.Of(wordToComplete);
            var names = CommandLineRecipe.FilterNames(commandAst, fakeBoundParameters);
            var results = new List<CompletionResult>();
            if (string.Equals(parameterName, "Label", StringComparison.OrdinalIgnoreCase))
            {
                if (names == null) return results;
                var groups = GroupPatterns(fakeBoundParameters);
                var labels = new List<FilterLabelName>();
                foreach (var label in names.Labels)
                {
                    if (!Wildcards.Matches(groups, label.Group)) continue;
                    if (!labels.Exists(l => string.Equals(l.Label, label.Label, StringComparison.OrdinalIgnoreCase))) labels.Add(label);
                }
                foreach (var label in match.Select(labels, l => l.Label, MaxResults))
                {
                    results.Add(new CompletionResult(match.Format(label.Label, literal: true), label.Label, CompletionResultType.ParameterValue,
                        $"%filter {label.Group}: LABEL {label.Label}"));
                }
                return results;
            }
            var candidates = names?.Groups ?? StandardGroups;
            foreach (var group in match.Select(candidates, g => g, MaxResults))
            {
                string tip = names == null ? $"deid's filter group {group}" : $"%filter {group} ({Labels(names.CountLabels(group))})";
                results.Add(new CompletionResult(match.Format(group, literal: true), group, CompletionResultType.ParameterValue, tip));
            }
            return results;
        }

        private static string Labels(int count) => count == 1 ? "1 label" : count + " labels";

        /// <summary>The -Group patterns the command line gives as text; null (every group) without them or when one is no valid pattern yet.</summary>
        private static List<WildcardPattern>? GroupPatterns(IDictionary? fakeBoundParameters)
        {
            var patterns = Wildcards.Of(GroupsGiven(fakeBoundParameters));
            try
            {
                foreach (var pattern in patterns ?? new List<WildcardPattern>()) pattern.IsMatch(string.Empty); // parsed here, once
                return patterns;
            }
            catch (WildcardPatternException)
            {
                return null;
            }
        }

        /// <summary>The -Group patterns already on the command line, when they are plain text.</summary>
        private static string[]? GroupsGiven(IDictionary? fakeBoundParameters)
        {
            if (fakeBoundParameters == null || !fakeBoundParameters.Contains("Group")) return null;
            object? value = fakeBoundParameters["Group"];
            if (value is PSObject pso) value = pso.BaseObject;
            if (value is string text) return new[] { text };
            if (!(value is IList list)) return null;
            var texts = new List<string>();
            foreach (object? item in list)
            {
                object? inner = item is PSObject p ? p.BaseObject : item;
                if (!(inner is string s)) return null;
                texts.Add(s);
            }
            return texts.ToArray();
        }
    }
}
