using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Deid.Dicom;
using Deid.Fields;

namespace Deid.Recipes
{
    /// <summary>
    /// Reads deid recipe text with deid 0.4.12's grammar (deid/config/utils.py: <c>load_deid</c>, <c>parse_config_action</c>,
    /// <c>parse_group_action</c>, <c>parse_filter_group</c>, <c>parse_label</c>, <c>parse_member</c>). Where deid stops with an error
    /// or crashes, this throws <see cref="RecipeException"/> naming line and column and what was expected; where deid skips, ignores
    /// or silently reads text differently from how it looks, this returns a <see cref="RecipeWarning"/>. docs/recipe-semantics.md
    /// lists every such case.
    /// </summary>
    public sealed class RecipeParser
    {
        private static readonly string[] ActionPrefixes = { "ADD", "BLANK", "JITTER", "KEEP", "REPLACE", "REMOVE", "LABEL" };
        private static readonly string[] FilterWords = { "contains", "notcontains", "equals", "notequals", "missing", "present", "empty" };
        private static readonly string[] Sections = { "header", "labels", "filter", "values", "fields" };

        // deid's split_action_line: words split on whitespace, except inside "..." or '...' (glued to what surrounds them).
        private static readonly Regex TokenPattern = new Regex(@"(?:[^\s""']+|""(?:\\.|[^""])*""|'(?:\\.|[^'])*')+", RegexOptions.CultureInvariant);
        private static readonly Regex FormatStrip = new Regex(@"FORMAT|\s+", RegexOptions.CultureInvariant);

        private readonly RecipeParserOptions _options;

        /// <summary>Creates a parser.</summary>
        public RecipeParser(RecipeParserOptions? options = null) => _options = options ?? new RecipeParserOptions();

        /// <summary>Reads a recipe file (UTF-8, BOM allowed); the file name is the source in warnings and errors.</summary>
        public RecipeParseResult ParseFile(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            string text = File.ReadAllText(path, new UTF8Encoding(false));
            return Parse(text, path);
        }

        /// <summary>Reads recipe text; <paramref name="source"/> names it in warnings, errors and provenance.</summary>
        public RecipeParseResult Parse(string text, string? source = null)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var session = new Session(this, source);
            session.Run(SplitLines(text));
            return new RecipeParseResult(session.Recipe, session.Warnings);
        }

        private static List<SourceLine> SplitLines(string text)
        {
            var lines = new List<SourceLine>();
            int n = 1, start = 0;
            if (text.Length > 0 && text[0] == '\uFEFF') start = 1;
            for (int i = start; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] == '\n' || text[i] == '\r')
                {
                    lines.Add(new SourceLine(n++, text.Substring(start, i - start)));
                    if (i < text.Length && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                    start = i + 1;
                }
            }
            return lines;
        }

        private readonly struct SourceLine
        {
            public SourceLine(int number, string raw)
            {
                Number = number;
                Raw = raw;
                int indent = 0;
                while (indent < raw.Length && char.IsWhiteSpace(raw[indent])) indent++;
                Indent = indent;
                Content = raw.Trim();
            }

            public int Number { get; }

            public string Raw { get; }

            public int Indent { get; }

            public string Content { get; }

            public int Column(int indexInContent) => Indent + indexInContent + 1;
        }

        internal readonly struct Token
        {
            public Token(string text, int index)
            {
                Text = text;
                Index = index;
            }

            public string Text { get; }

            public int Index { get; }
        }

        internal static List<Token> Tokenize(string content)
        {
            var list = new List<Token>();
            foreach (Match m in TokenPattern.Matches(content)) list.Add(new Token(m.Value, m.Index));
            return list;
        }

        /// <summary>True when deid's parse_member would split this test text at a '+' or '||' (the first one is followed by a filter word).</summary>
        internal static bool WouldSplit(string member) => FindSplit(member, out _, out _);

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

        private static bool StartsWithAny(string text, string[] prefixes, StringComparison comparison)
        {
            foreach (var p in prefixes)
            {
                if (text.StartsWith(p, comparison)) return true;
            }
            return false;
        }

        private sealed class Session
        {
            private readonly RecipeParser _parser;
            private readonly string? _source;
            private string? _section;
            private FilterGroup? _filterGroup;
            private RecipeGroup? _group;
            private bool _sawFormat;

            public Session(RecipeParser parser, string? source)
            {
                _parser = parser;
                _source = source;
                if (source != null) Recipe.Sources.Add(source);
            }

            public DeidRecipe Recipe { get; } = new DeidRecipe();

            public List<RecipeWarning> Warnings { get; } = new List<RecipeWarning>();

            private RecipeException Error(SourceLine line, int indexInContent, string message) =>
                new RecipeException(_source, line.Number, line.Column(indexInContent), message);

            private void Warn(SourceLine line, int indexInContent, string message) =>
                Warnings.Add(new RecipeWarning(_source, line.Number, line.Column(indexInContent), message));

            public void Run(List<SourceLine> lines)
            {
                for (int i = 0; i < lines.Count; i++)
                {
                    var line = lines[i];
                    string c = line.Content;
                    if (c.Length == 0 || c[0] == '#') continue;

                    if (c.StartsWith("format", StringComparison.OrdinalIgnoreCase))
                    {
                        ParseFormat(line);
                        continue;
                    }

                    if (c[0] == '%')
                    {
                        ParseSection(line);
                        continue;
                    }

                    string upper = c.ToUpperInvariant();
                    if ((upper.StartsWith("FIELD", StringComparison.Ordinal) || upper.StartsWith("SPLIT", StringComparison.Ordinal))
                        && (_section == "values" || _section == "fields"))
                    {
                        ParseGroupAction(line);
                        continue;
                    }

                    if (StartsWithAny(upper, ActionPrefixes, StringComparison.Ordinal))
                    {
                        if (upper.StartsWith("LABEL", StringComparison.Ordinal) && _section == "filter")
                        {
                            // parse_filter_group: the label's lines run to the next LABEL or section line (blank lines were dropped).
                            var members = new List<SourceLine>();
                            while (i + 1 < lines.Count)
                            {
                                var next = lines[i + 1];
                                string nu = next.Content.ToUpperInvariant();
                                if (nu.StartsWith("LABEL", StringComparison.Ordinal) || nu.StartsWith("%", StringComparison.Ordinal)) break;
                                if (next.Content.Length > 0) members.Add(next);
                                i++;
                            }
                            ParseLabel(line, members);
                        }
                        else
                        {
                            ParseAction(line);
                        }
                        continue;
                    }

                    string hint = _section == "filter"
                        ? "criteria and coordinates lines must follow a LABEL line"
                        : _section == "values" || _section == "fields"
                            ? $"%{_section} groups take FIELD{(_section == "values" ? " and SPLIT" : "")} lines"
                            : "expected a comment, FORMAT, a %section line or an action (ADD, BLANK, JITTER, KEEP, REPLACE, REMOVE)";
                    Warn(line, 0, $"'{c}' is not recognized and deid skips it: {hint}.");
                }

                if (!_sawFormat)
                {
                    int first = 1;
                    foreach (var l in lines)
                    {
                        if (l.Content.Length > 0 && l.Content[0] != '#')
                        {
                            first = l.Number;
                            break;
                        }
                    }
                    throw new RecipeException(_source, first, 1, "expected a 'FORMAT dicom' line: deid 0.4.12 cannot load a recipe without one.");
                }
            }

            private void ParseFormat(SourceLine line)
            {
                string c = line.Content;
                if (!c.StartsWith("FORMAT", StringComparison.Ordinal))
                    throw Error(line, 0, $"expected 'FORMAT dicom' with FORMAT in upper case; deid reads '{c}' as an unknown format.");
                string format = FormatStrip.Replace(c, "").ToLowerInvariant();
                if (format != DeidRecipe.DicomFormat)
                {
                    string why = format.IndexOf('#') >= 0 ? " (a comment cannot follow FORMAT on the same line)" : "";
                    throw Error(line, Math.Min(7, c.Length), $"expected 'FORMAT dicom': '{format}' is not a format deid knows{why}.");
                }
                Recipe.Format = format;
                _sawFormat = true;
            }

            private void ParseSection(SourceLine line)
            {
                string text = line.Content.Split('#')[0].Trim();
                int ws = 0;
                while (ws < text.Length && !char.IsWhiteSpace(text[ws])) ws++;
                string keyword = text.Substring(0, ws).Replace("%", "").ToLowerInvariant();
                string? name = ws < text.Length ? text.Substring(ws).Trim() : null;
                if (name != null && name.Length == 0) name = null;

                if (Array.IndexOf(Sections, keyword) < 0)
                    throw Error(line, 0, $"expected a section: %header, %filter NAME, %values NAME, %fields NAME or %labels; '%{keyword}' is not one.");
                if (keyword == "header" || keyword == "labels")
                {
                    if (name != null) throw Error(line, text.IndexOf(name, ws, StringComparison.Ordinal), $"%{keyword} takes no name; found '{name}'.");
                    _section = keyword;
                    _filterGroup = null;
                    _group = null;
                    return;
                }
                if (name == null) throw Error(line, text.Length, $"expected a name after %{keyword}, e.g. %{keyword} {(keyword == "filter" ? "graylist" : "names")}.");

                _section = keyword;
                _filterGroup = null;
                _group = null;
                if (keyword == "filter")
                {
                    _filterGroup = Recipe.GetFilterGroup(name);
                    if (_filterGroup == null)
                    {
                        _filterGroup = new FilterGroup(name);
                        Recipe.Filters.Add(_filterGroup);
                    }
                }
                else if (keyword == "values")
                {
                    var g = Recipe.GetValuesGroup(name);
                    if (g == null)
                    {
                        g = new ValuesGroup(name);
                        Recipe.Values.Add(g);
                    }
                    _group = g;
                }
                else
                {
                    var g = Recipe.GetFieldsGroup(name);
                    if (g == null)
                    {
                        g = new FieldsGroup(name);
                        Recipe.Fields.Add(g);
                    }
                    _group = g;
                }
            }

            private FieldSpec ParseField(SourceLine line, Token token)
            {
                if (!FieldSpec.TryParse(token.Text, out var spec, out var error)) throw Error(line, token.Index, error!);
                return spec;
            }

            // split_action_line skips a quote that has no partner; say so, because the value then differs from the text.
            private void CheckDroppedQuotes(SourceLine line, List<Token> tokens)
            {
                var joined = new StringBuilder();
                foreach (var t in tokens) joined.Append(t.Text);
                int kept = NonWhiteSpaceBeforeHash(joined.ToString()), written = NonWhiteSpaceBeforeHash(line.Content);
                if (kept != written)
                    Warn(line, 0, "deid drops a quote that has no closing partner (e.g. an apostrophe) and splits the words around it; quote the whole value or remove the stray quote.");
            }

            private static int NonWhiteSpaceBeforeHash(string text)
            {
                int n = 0;
                foreach (char ch in text)
                {
                    if (ch == '#') break;
                    if (!char.IsWhiteSpace(ch)) n++;
                }
                return n;
            }

            private static bool IsCommentStart(List<Token> tokens, int index) => index < tokens.Count && tokens[index].Text.StartsWith("#", StringComparison.Ordinal);

            // _remove_comments: the remaining words joined by single spaces, cut at the first '#'.
            private string JoinValue(SourceLine line, List<Token> tokens, int from, out string raw)
            {
                var sb = new StringBuilder();
                for (int i = from; i < tokens.Count; i++)
                {
                    if (i > from) sb.Append(' ');
                    sb.Append(tokens[i].Text);
                }
                string joined = sb.ToString();
                int hash = joined.IndexOf('#');
                raw = hash < 0 ? joined : joined.Substring(0, hash);
                if (hash > 0 && joined[hash - 1] != ' ')
                    Warn(line, tokens[from].Index, $"'#' starts a comment anywhere in a value, so deid uses '{raw.TrimEnd()}' and drops '{joined.Substring(hash)}'.");
                return raw.TrimEnd();
            }

            private void ParseAction(SourceLine line)
            {
                var tokens = Tokenize(line.Content);
                string actionText = tokens[0].Text.Replace(" ", "");
                if (tokens.Count < 2) throw Error(line, line.Content.Length, $"expected a field after {actionText}.");
                CheckDroppedQuotes(line, tokens);

                HeaderActionKind kind;
                bool known = actionText switch
                {
                    "ADD" or "BLANK" or "JITTER" or "KEEP" or "REPLACE" or "REMOVE" => true,
                    _ => false,
                };
                if (!known)
                {
                    if (HeaderAction.TryParseKind(actionText, out var k))
                        Warn(line, 0, $"deid 0.4.12 ignores '{actionText}': action keywords must be upper case ({HeaderAction.Keyword(k)}); the line is skipped.");
                    else if (string.Equals(actionText, "LABEL", StringComparison.OrdinalIgnoreCase))
                        Warn(line, 0, "LABEL lines belong in a %filter section; deid ignores this one.");
                    else
                        Warn(line, 0, $"'{actionText}' is not an action (expected ADD, BLANK, JITTER, KEEP, REPLACE or REMOVE); deid ignores the line.");
                    return;
                }
                HeaderAction.TryParseKind(actionText, out kind);

                if (_section == null)
                    throw Error(line, 0, $"expected a section line (%header) before {actionText}.");
                if (_section == "filter")
                    throw Error(line, 0, $"expected LABEL in a %filter section; {actionText} is a header action and belongs under %header.");
                if (_section == "values" || _section == "fields")
                    throw Error(line, 0, $"expected FIELD{(_section == "values" ? " or SPLIT" : "")} in a %{_section} section; {actionText} is a header action and belongs under %header.");

                var field = ParseField(line, tokens[1]);
                bool inHeader = _section == "header";
                ActionValue? value = null;
                string? raw = null;
                string? text = tokens.Count > 2 ? JoinValue(line, tokens, 2, out raw) : null;
                int valueIndex = tokens.Count > 2 ? tokens[2].Index : line.Content.Length;

                switch (kind)
                {
                    case HeaderActionKind.Add:
                    case HeaderActionKind.Replace:
                    case HeaderActionKind.Jitter:
                        if (text == null) throw Error(line, valueIndex, $"expected a value after {actionText} {field}.");
                        if (text.Length == 0)
                        {
                            if (kind == HeaderActionKind.Jitter)
                                throw Error(line, valueIndex, "expected a number of days (or var:, func:, deid_func:) after JITTER FIELD; a comment is not a value.");
                            Warn(line, valueIndex, $"the value of {actionText} {field} is empty because '#' starts a comment; deid uses an empty string.");
                        }
                        value = ActionValue.Parse(text);
                        if (kind == HeaderActionKind.Jitter && value.Kind == ActionValueKind.Literal && !PythonText.IsInt(text))
                            throw Error(line, valueIndex, $"expected a whole number of days after JITTER {field}, found '{text}'.");
                        break;
                    case HeaderActionKind.Remove:
                        if (text != null)
                        {
                            if (text.Length == 0)
                            {
                                Warn(line, valueIndex, $"deid 0.4.12 reads the comment after REMOVE {field} as an empty condition and removes nothing; it is read here as a plain REMOVE.");
                            }
                            else
                            {
                                value = ActionValue.Parse(text);
                                if (inHeader && value.Kind != ActionValueKind.Function)
                                    Warn(line, valueIndex, $"REMOVE takes an optional func: condition; deid treats '{text}' as a condition that is true for text elements (and converts it for numeric ones).");
                            }
                        }
                        break;
                    default:
                        if (text != null && !IsCommentStart(tokens, 2))
                            Warn(line, valueIndex, $"{actionText} takes no value; deid ignores '{text}'.");
                        break;
                }

                if (value != null && raw != null && raw.Length != value.Text.Length
                    && (value.Kind == ActionValueKind.Variable || value.Kind == ActionValueKind.Function))
                {
                    Warn(line, valueIndex, $"deid 0.4.12 keeps the space before the comment and looks up '{raw}' (which is never defined); it is read here as '{value.Text}'.");
                }

                if (inHeader) CheckHeaderField(line, tokens[1], kind, field);

                var action = new HeaderAction(kind, field, value, _source, line.Number);
                if (inHeader) Recipe.Header.Add(action);
                else Recipe.Labels.Add(action);
            }

            private void ParseGroupAction(SourceLine line)
            {
                var tokens = Tokenize(line.Content);
                string actionText = tokens[0].Text.Replace(" ", "");
                if (_section == "fields" && !line.Content.ToUpperInvariant().StartsWith("FIELD", StringComparison.Ordinal))
                    throw Error(line, 0, $"expected FIELD: %fields groups take only FIELD lines, found {actionText}.");
                if (tokens.Count < 2) throw Error(line, line.Content.Length, $"expected a field or expander after {actionText}.");
                CheckDroppedQuotes(line, tokens);
                var field = ParseField(line, tokens[1]);

                GroupActionKind kind;
                if (actionText == "FIELD") kind = GroupActionKind.Field;
                else if (actionText == "SPLIT") kind = GroupActionKind.Split;
                else
                {
                    Warn(line, 0, $"deid 0.4.12 stores '{actionText}' but ignores it when extracting the group: group actions are FIELD and SPLIT in upper case.");
                    return;
                }

                string? value = null;
                int valueIndex = tokens.Count > 2 ? tokens[2].Index : line.Content.Length;
                if (tokens.Count > 2)
                {
                    if (_section == "fields")
                    {
                        if (!IsCommentStart(tokens, 2)) Warn(line, valueIndex, $"FIELD in %fields takes nothing after the field; deid ignores '{line.Content.Substring(valueIndex)}'.");
                    }
                    else
                    {
                        value = JoinValue(line, tokens, 2, out _);
                        if (value.Length == 0)
                        {
                            if (kind == GroupActionKind.Split)
                                Warn(line, valueIndex, "deid 0.4.12 fails on SPLIT followed by a comment (it parses the empty text as parameters); read here as SPLIT with default parameters.");
                            value = null;
                        }
                        else if (kind == GroupActionKind.Field)
                        {
                            Warn(line, valueIndex, $"FIELD takes no parameters; deid keeps '{value}' but ignores it.");
                        }
                        else
                        {
                            if (!SplitOptions.TryParse(value, out _, out var error, out var ignored)) throw Error(line, valueIndex, error!);
                            foreach (var name in ignored)
                                Warn(line, valueIndex, $"SPLIT knows the parameters by and minlength; deid ignores '{name}'.");
                        }
                    }
                }

                CheckGroupField(line, tokens[1], field);
                _group!.Actions.Add(new GroupAction(kind, field, value, _source, line.Number));
            }

            private void ParseLabel(SourceLine labelLine, List<SourceLine> members)
            {
                string name = labelLine.Content.Substring(5).Split('#')[0].Trim();
                var label = new FilterLabel(name, _source, labelLine.Number);
                _filterGroup!.Labels.Add(label);

                foreach (var member in members)
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

                    if (!StartsWithAny(body.ToLowerInvariant(), FilterWords, StringComparison.Ordinal))
                    {
                        string hint = StartsWithAny(body.ToLowerInvariant(), new[] { "ctpcoordinates", "ctpkeepcoordinates", "coordinates", "keepcoordinates" }, StringComparison.Ordinal)
                            ? " (coordinates lines take no operator)"
                            : "";
                        Warn(member, offset, $"'{body}' is not a filter{hint}: expected contains, notcontains, equals, notequals, missing, present or empty; deid skips it.");
                        continue;
                    }
                    label.Criteria.Add(ParseMember(member, body, offset, op));
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
                        int hash = value.IndexOf(" #", StringComparison.Ordinal);
                        if (hash >= 0)
                            Warn(line, fieldAt + space2 + 1, $"'#' does not start a comment in a criteria line; deid compares with the whole text '{value}'.");
                    }
                    else
                    {
                        fieldText = afterPredicate.Trim();
                    }

                    if (repeatedSpace)
                        Warn(line, fieldAt, $"deid 0.4.12 reads an empty field name because of the repeated space after '{predicateText}'; read here as the field '{fieldText}'.");
                    if (!FieldSpec.TryParse(fieldText, out var field, out var fieldError))
                    {
                        string message = fieldText.Length == 0 ? $"expected a field after {predicateText}." : $"{predicateText}: {fieldError}";
                        throw Error(line, fieldAt, message);
                    }
                    CheckFilterField(line, fieldAt, field);
                    tests.Add(new FilterTest(joinOperators[n], predicate, field, value));
                    n++;
                }
                return new FilterCriterion(lineOperator, tests, line.Number);
            }

            private void CheckKeyword(SourceLine line, int index, FieldSpec field, bool caseSensitive)
            {
                var keywords = _parser._options.Keywords;
                if (keywords == null || field.Kind != FieldSpecKind.Keyword) return;
                if (keywords.TryGetTag(field.Text, out _)) return;
                Warn(line, index, caseSensitive
                    ? $"'{field.Text}' is not a DICOM keyword as spelled; deid cannot add it."
                    : $"'{field.Text}' is not a DICOM keyword as spelled; deid compares it ignoring case with keywords, names and paths, and it probably matches nothing.");
            }

            private void CheckCommonField(SourceLine line, int index, FieldSpec field, string where)
            {
                switch (field.Kind)
                {
                    case FieldSpecKind.Tag when field.TagSpelling == TagSpelling.Hex:
                        Warn(line, index, $"deid matches nothing with '{field.Text}' {where}; write {field.Tag} or {field.Tag!.Value.ToHexString()}.");
                        break;
                    case FieldSpecKind.Tag when field.TagSpelling == TagSpelling.Comma:
                        Warn(line, index, $"deid matches nothing with '{field.Text}'; write {field.Tag} or {field.Tag!.Value.ToHexString()}.");
                        break;
                    case FieldSpecKind.Other:
                        Warn(line, index, $"'{field.Text}' is not a keyword, tag or expander; deid compares it ignoring case with keywords, names and paths, and it probably matches nothing.");
                        break;
                    case FieldSpecKind.UnknownExpander:
                        Warn(line, index, $"'{field.Expander}:' is not an expander deid knows (contains, startswith, endswith, except, select, all, values, fields); it selects nothing.");
                        break;
                    case FieldSpecKind.Select when field.SelectAttribute != "VR" && field.SelectAttribute != "GROUP":
                        Warn(line, index, $"select:{field.SelectAttribute} selects nothing; deid knows select:VR:XX and select:group:gggg.");
                        break;
                    case FieldSpecKind.Select when field.SelectAttribute == "GROUP" && field.SelectGroup == null:
                        Warn(line, index, $"select:group:{field.SelectValue} is larger than any group and selects nothing.");
                        break;
                }
            }

            private void CheckHeaderField(SourceLine line, Token token, HeaderActionKind kind, FieldSpec field)
            {
                if (kind == HeaderActionKind.Add)
                {
                    switch (field.Kind)
                    {
                        case FieldSpecKind.Keyword:
                            CheckKeyword(line, token.Index, field, caseSensitive: true);
                            return;
                        case FieldSpecKind.Tag when field.TagSpelling == TagSpelling.Bare:
                            return;
                        case FieldSpecKind.Tag:
                        case FieldSpecKind.PrivateTag:
                        case FieldSpecKind.Path:
                        case FieldSpecKind.Other:
                            Warn(line, token.Index, $"deid 0.4.12 can ADD only a keyword or a tag written ggggeeee; it fails on '{field.Text}'.");
                            return;
                        default:
                            throw Error(line, token.Index, $"ADD needs one element: a keyword or a tag written ggggeeee; '{field.Text}' is an expander.");
                    }
                }
                if (kind == HeaderActionKind.Keep && (field.Kind == FieldSpecKind.Values || field.Kind == FieldSpecKind.Fields))
                {
                    Warn(line, token.Index, $"deid 0.4.12 protects nothing with KEEP {field.Text}: KEEP expands its field without the groups.");
                    return;
                }
                CheckKeyword(line, token.Index, field, caseSensitive: false);
                CheckCommonField(line, token.Index, field, "in a header action");
            }

            private void CheckGroupField(SourceLine line, Token token, FieldSpec field)
            {
                if (field.Kind == FieldSpecKind.Values || field.Kind == FieldSpecKind.Fields)
                {
                    Warn(line, token.Index, $"'{field.Text}' selects nothing inside a group: deid resolves values:/fields: only in header actions.");
                    return;
                }
                CheckKeyword(line, token.Index, field, caseSensitive: false);
                CheckCommonField(line, token.Index, field, "in a group");
            }

            private void CheckFilterField(SourceLine line, int index, FieldSpec field)
            {
                if (field.Kind == FieldSpecKind.Keyword)
                {
                    var keywords = _parser._options.Keywords;
                    if (keywords != null && !keywords.TryGetTag(field.Text, out _))
                        Warn(line, index, $"'{field.Text}' is not a DICOM keyword as spelled; deid's filters look fields up by exact keyword and will never find it.");
                    return;
                }
                if (field.Kind == FieldSpecKind.Tag && field.TagSpelling == TagSpelling.Hex) return;
                if (field.Text.IndexOf("0x", StringComparison.Ordinal) >= 0)
                {
                    Warn(line, index, $"deid's filters read a field containing '0x' as a number and fail on '{field.Text}'; write 0xggggeeee.");
                    return;
                }
                string suggestion = field.Tag.HasValue ? $"; write 0x{field.Tag.Value.ToHexString()}" : "";
                Warn(line, index, $"deid's filters take a keyword or a 0xggggeeee number; '{field.Text}' is looked up as a keyword and never found{suggestion}.");
            }
        }
    }
}
