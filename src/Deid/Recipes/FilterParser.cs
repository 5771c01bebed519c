using System;
using System.Collections.Generic;
using Deid.Fields;

namespace Deid.Recipes
{
    /// <summary>
    /// The grammar of a <c>%filter</c> section's LABEL blocks (deid/config/utils.py: <c>parse_filter_group</c>, <c>parse_label</c>,
    /// <c>parse_member</c>): criteria lines of tests joined by '+' and '||', and coordinates lines. Kept apart from the header grammar
    /// because the two share nothing but the position reporting.
    /// </summary>
    internal sealed class FilterParser
    {
        private static readonly string[] FilterWords = { "contains", "notcontains", "equals", "notequals", "missing", "present", "empty" };

        private readonly RecipeDiagnostics _diagnostics;
        private readonly RecipeLint _lint;

        public FilterParser(RecipeDiagnostics diagnostics, RecipeLint lint)
        {
            _diagnostics = diagnostics;
            _lint = lint;
        }

        private RecipeException Error(SourceLine line, int indexInContent, string message) => _diagnostics.Error(line, indexInContent, message);

        private void Warn(SourceLine line, int indexInContent, string message) => _diagnostics.Warn(line, indexInContent, message);

        /// <summary>True when deid's parse_member would split this test text at a '+' or '||' (the first one is followed by a filter word).</summary>
        public static bool WouldSplit(string member) => FindSplit(member, out _, out _);

        // parse_member: the first '||' or '+' of the text (a '+' wins a tie it cannot have) splits it when a filter word (compared
        // case-sensitively, anywhere) follows; otherwise the operator is part of the value and no later one is looked at.
        private static bool FindSplit(string member, out int index, out string op)
        {
            int orIndex = member.IndexOf("||", StringComparison.Ordinal);
            int andIndex = member.IndexOf('+');
            index = -1;
            op = "";
            if (orIndex < 0 && andIndex < 0) return false;
            bool and = andIndex >= 0 && (orIndex < 0 || orIndex >= andIndex);
            op = and ? "+" : "||";
            index = and ? andIndex : orIndex;
            string rest = member.Substring(index + op.Length);
            foreach (var w in FilterWords)
            {
                if (rest.IndexOf(w, StringComparison.Ordinal) >= 0) return true;
            }
            return false;
        }

        // parse_filter_group: a LABEL line and the lines after it up to the next LABEL or section line (blank lines were dropped).
        // Returns the index of the label's last line, where the caller goes on.
        public int ParseLabel(FilterGroup group, List<SourceLine> lines, int index)
        {
            var labelLine = lines[index];
            var members = new List<SourceLine>();
            while (index + 1 < lines.Count)
            {
                var next = lines[index + 1];
                string nu = next.Content.ToUpperInvariant();
                if (nu.StartsWith("LABEL", StringComparison.Ordinal) || nu.StartsWith("%", StringComparison.Ordinal)) break;
                if (next.Content.Length > 0) members.Add(next);
                index++;
            }
            ParseMembers(group, labelLine, members);
            return index;
        }

        private void ParseMembers(FilterGroup group, SourceLine labelLine, List<SourceLine> members)
        {
            string name = labelLine.Content.Substring(5).Split('#')[0].Trim();
            var label = new FilterLabel(name, _diagnostics.Source, labelLine.Number);
            group.Labels.Add(label);

            foreach (var member in members)
            {
                try
                {
                    string m = member.Content;
                    string lower = m.ToLowerInvariant();
                    if (TryCoordinates(member, lower, "ctpcoordinates", false, true, label)) continue;
                    if (TryCoordinates(member, lower, "ctpkeepcoordinates", true, true, label)) continue;
                    if (TryCoordinates(member, lower, "coordinates", false, false, label)) continue;
                    if (TryCoordinates(member, lower, "keepcoordinates", true, false, label)) continue;

                    var op = FilterOperator.None;
                    int offset = 0;
                    if (m.StartsWith("+", StringComparison.Ordinal))
                    {
                        op = FilterOperator.And;
                        offset = 1;
                    }
                    else if (m.StartsWith("||", StringComparison.Ordinal))
                    {
                        op = FilterOperator.Or;
                        offset = 2;
                    }
                    while (offset < m.Length && char.IsWhiteSpace(m[offset])) offset++;
                    string body = m.Substring(offset).TrimEnd();
                    if (body.StartsWith("#", StringComparison.Ordinal)) continue;

                    if (!RecipeParser.StartsWithAny(body.ToLowerInvariant(), FilterWords, StringComparison.Ordinal))
                    {
                        string hint = RecipeParser.StartsWithAny(body.ToLowerInvariant(), new[] { "ctpcoordinates", "ctpkeepcoordinates", "coordinates", "keepcoordinates" }, StringComparison.Ordinal)
                            ? " (coordinates lines take no operator)"
                            : "";
                        Warn(member, offset, $"'{body}' is not a filter{hint}: expected contains, notcontains, equals, notequals, missing, present or empty; deid skips it.");
                        continue;
                    }
                    label.Criteria.Add(ParseMember(member, body, offset, op));
                }
                catch (RecipeException ex)
                {
                    // The next member is read all the same: one load reports every problem.
                    _diagnostics.Fail(ex);
                }
            }
        }

        private bool TryCoordinates(SourceLine line, string lower, string keyword, bool keep, bool ctp, FilterLabel label)
        {
            if (!lower.StartsWith(keyword, StringComparison.Ordinal)) return false;
            string m = line.Content;
            if (!m.StartsWith(keyword, StringComparison.Ordinal))
                Warn(line, 0, $"deid 0.4.12 needs '{keyword}' in lower case (it removes the keyword case-sensitively and then fails on the numbers); read here as {keyword}.");
            int index = keyword.Length;
            string rest = m.Substring(index);
            while (index < m.Length && char.IsWhiteSpace(m[index])) index++;
            if (!FilterCoordinates.TryParse(keep, ctp, rest, out var coordinates, out var error)) throw Error(line, index, error!);
            // An empty rectangle (30,40,20,10 written the wrong way round, 0,0,0,0, a width of 0) blanks nothing, as numpy's slice in
            // deid takes it; a flagged file would keep its text (QA pixels 2026-12-06). Cleaning refuses such a file; said here first.
            if (coordinates.Kind == CoordinatesKind.Rectangle && (coordinates.XMax <= coordinates.XMin || coordinates.YMax <= coordinates.YMin))
            {
                Warn(line, index, ctp
                    ? $"{keyword} {rest.Trim()} is an empty region (a width or height of 0 or less): it {(keep ? "keeps" : "blanks")} nothing; write x,y,width,height with a positive width and height."
                    : $"{keyword} {rest.Trim()} is an empty region (x1 ≤ x0 or y1 ≤ y0): it {(keep ? "keeps" : "blanks")} nothing; write x0,y0,x1,y1 with x0 < x1 and y0 < y1.");
            }
            label.Coordinates.Add(coordinates);
            return true;
        }

        // parse_member: the first '||' or '+' splits the line when the text after it contains a filter word; the left part is one
        // test, the right part is parsed the same way. A '+' or '||' followed by no filter word is part of the value.
        private FilterCriterion ParseMember(SourceLine line, string body, int bodyOffset, FilterOperator lineOperator)
        {
            var tests = new List<FilterTest>();
            var pending = new Queue<KeyValuePair<string, int>>();
            pending.Enqueue(new KeyValuePair<string, int>(body, bodyOffset));
            var joinOperators = new List<FilterOperator> { FilterOperator.None };
            int n = 0;
            while (pending.Count > 0)
            {
                var piece = pending.Dequeue();
                string member = piece.Key;
                int at = piece.Value;
                int lead = 0;
                while (lead < member.Length && char.IsWhiteSpace(member[lead])) lead++;
                member = member.Trim();
                at += lead;

                if (FindSplit(member, out int idx, out string split))
                {
                    pending.Enqueue(new KeyValuePair<string, int>(member.Substring(idx + split.Length), at + idx + split.Length));
                    joinOperators.Add(split == "+" ? FilterOperator.And : FilterOperator.Or);
                    member = member.Substring(0, idx);
                }

                string splitHint = n > 0
                    ? $" (deid split the line at the '{(joinOperators[n] == FilterOperator.And ? "+" : "||")}' before it because a filter word follows; a '+' or '||' inside a value cannot be followed by another test)"
                    : "";
                int space = member.IndexOf(' ');
                if (space < 0 && member.IndexOf('\t') >= 0)
                    throw Error(line, at + member.IndexOf('\t'), "a tab separates the words of this filter test: write spaces (deid splits a test at spaces only, and fails on this line; header actions take tabs, filter tests do not).");
                if (space < 0)
                    throw Error(line, at, $"expected a filter test 'PREDICATE FIELD [VALUE]', found '{member}'{splitHint}.");
                string predicateText = member.Substring(0, space).Trim();
                if (!FilterTest.TryParsePredicate(predicateText, out var predicate))
                    throw Error(line, at, $"'{predicateText}' is not a filter: expected contains, notcontains, equals, notequals, missing, present or empty{splitHint}.");
                string afterPredicate = member.Substring(space + 1);
                int fieldAt = at + space + 1;
                bool repeatedSpace = false;
                if (afterPredicate.StartsWith(" ", StringComparison.Ordinal))
                {
                    int extra = 0;
                    while (extra < afterPredicate.Length && afterPredicate[extra] == ' ') extra++;
                    afterPredicate = afterPredicate.Substring(extra);
                    fieldAt += extra;
                    repeatedSpace = true;
                }

                string fieldText;
                string? value = null;
                bool needsValue = predicate == FilterPredicate.Contains || predicate == FilterPredicate.NotContains
                    || predicate == FilterPredicate.Equals || predicate == FilterPredicate.NotEquals;
                if (needsValue)
                {
                    int space2 = afterPredicate.IndexOf(' ');
                    if (space2 < 0)
                        throw Error(line, fieldAt, $"{predicateText} expects a field and a value, found '{afterPredicate}'.");
                    fieldText = afterPredicate.Substring(0, space2);
                    value = afterPredicate.Substring(space2 + 1).Trim();
                    // "contains Modality || equals ..." (spaces but no value before the split): this line's error. It was the test's
                    // ArgumentException, which ended Get-DeidRecipe without a line (recipe fuzz seed 15 case 56). deid reads an
                    // empty value there, which contains matches in every element: no filter means that.
                    if (value.Length == 0)
                        throw Error(line, fieldAt, $"{predicateText} expects a field and a value, found the field '{fieldText}' and no value.");
                    int hash = value.IndexOf(" #", StringComparison.Ordinal);
                    if (hash >= 0)
                        Warn(line, fieldAt + space2 + 1, $"'#' does not start a comment in a criteria line; deid compares with the whole text '{value}'.");
                    // A contains value is a regular expression (deid's re.search): one that is none is this line's error, not
                    // the label's when the filters are first used (recipe fuzz seed 4 case 416), nor deid's at its first image.
                    if ((predicate == FilterPredicate.Contains || predicate == FilterPredicate.NotContains)
                        && Deid.Filters.FilterExpression.Check(value) is string regexError)
                        throw Error(line, fieldAt + space2 + 1, $"'{value}' is not a regular expression ({predicateText} takes one, as deid's re.search does): {regexError}");
                }
                else
                {
                    fieldText = afterPredicate.Trim();
                }

                if (repeatedSpace)
                    Warn(line, fieldAt, $"deid 0.4.12 reads an empty field name because of the repeated space after '{predicateText}'; read here as the field '{fieldText}'.");
                if (!FieldSpec.TryParse(fieldText, out var field, out var fieldError))
                {
                    if (!needsValue && fieldText.Length > 0)
                    {
                        // deid takes the whole rest as the field name, which no element has: the recipe loads, the test finds nothing.
                        Warn(line, fieldAt, $"{predicateText} takes one field; deid reads the whole text '{fieldText}' as a field name, which names no element ({predicateText} is then {(predicate == FilterPredicate.Missing ? "always true" : "never true")}).");
                        tests.Add(new FilterTest(joinOperators[n], predicate, FieldSpec.WholeText(fieldText), value));
                        n++;
                        continue;
                    }
                    string message = fieldText.Length == 0 ? $"expected a field after {predicateText}." : $"{predicateText}: {fieldError}";
                    throw Error(line, fieldAt, message);
                }
                _lint.CheckFilterField(line, fieldAt, field);
                tests.Add(new FilterTest(joinOperators[n], predicate, field, value));
                n++;
            }
            return new FilterCriterion(lineOperator, tests, line.Number);
        }
    }
}
