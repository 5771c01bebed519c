using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Deid.Dicom;

namespace Deid.PowerShell.Completion
{
    /// <summary>
    /// Tab completion of DICOM keywords from the module's standard dictionary (<see cref="DicomDictionary"/>), for Get-DeidAction
    /// -Field: <c>PatientN</c> offers PatientName, ...; the keywords that start with what was typed (ignoring case) first, then those
    /// that hold it, each in alphabetical order, at most <see cref="MaxResults"/>. Text that starts with an opening parenthesis
    /// completes to tags instead: <c>'(0010,</c> offers <c>'(0010,0010)'</c>, ... (quoted: PowerShell reads a bare parenthesis as
    /// an expression). The lists are made from the dictionary once a process.
    /// </summary>
    internal sealed class DicomKeywordCompleter : IArgumentCompleter
    {
        /// <summary>At most this many are offered: "Date" alone is in some 120 keywords, and an empty word would list 5,000.</summary>
        internal const int MaxResults = 100;

        private static readonly Lazy<Keyword[]> ByKeyword = new Lazy<Keyword[]>(() =>
        {
            var list = new List<Keyword>();
            foreach (var entry in DicomDictionary.Entries)
            {
                if (entry.Keyword.Length > 0) list.Add(new Keyword(entry));
            }
            var sorted = list.ToArray();
            Array.Sort(sorted, (a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name));
            return sorted;
        });

        private static readonly Lazy<Keyword[]> ByTag = new Lazy<Keyword[]>(() =>
        {
            // The dictionary's entries are in tag order; a repeating group's row, (60xx,3000), names no one tag.
            var list = new List<Keyword>();
            foreach (var keyword in ByKeyword.Value)
            {
                if (!keyword.IsRepeating) list.Add(keyword);
            }
            var sorted = list.ToArray();
            Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Tag, b.Tag));
            return sorted;
        });

        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var match = CompletionMatch.Of(wordToComplete);
            bool tags = match.Typed.StartsWith("(", StringComparison.Ordinal);
            var results = new List<CompletionResult>();
            foreach (var keyword in match.Select(tags ? ByTag.Value : ByKeyword.Value, k => tags ? k.Tag : k.Name, MaxResults))
            {
                string text = tags ? keyword.Tag : keyword.Name;
                string list = tags ? keyword.Tag + " " + keyword.Name : keyword.Name;
                results.Add(new CompletionResult(match.Format(text, literal: false), list, CompletionResultType.ParameterValue, keyword.ToolTip));
            }
            return results;
        }

        /// <summary>One dictionary row, as completion shows it.</summary>
        private sealed class Keyword
        {
            public Keyword(DicomDictionaryEntry entry)
            {
                Name = entry.Keyword;
                Tag = entry.Tag.ToString();
                IsRepeating = entry.IsRepeating;
                string tag = entry.ToString();
                tag = tag.Substring(0, tag.IndexOf(' ')); // (60xx,3000) for a repeating group
                string vr = entry.AllowedVRs.Count == 0 ? string.Empty : " " + string.Join(" or ", entry.AllowedVRs);
                ToolTip = $"{tag} {entry.Name}{vr}{(entry.IsRetired ? " (retired)" : string.Empty)}";
            }

            /// <summary>The keyword, PatientName.</summary>
            public string Name { get; }

            /// <summary>The tag as (gggg,eeee), as FieldSpec.Names writes it.</summary>
            public string Tag { get; }

            /// <summary>True for a repeating-group row such as (60xx,3000).</summary>
            public bool IsRepeating { get; }

            /// <summary>(0010,0010) Patient's Name PN.</summary>
            public string ToolTip { get; }
        }
    }
}
