using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using Deid.Fields;

namespace Deid.Recipes
{
    /// <summary>
    /// Reads deid recipe text with deid 0.4.12's grammar (deid/config/utils.py: <c>load_deid</c>, <c>parse_config_action</c>,
    /// <c>parse_group_action</c>, <c>parse_filter_group</c>, <c>parse_label</c>, <c>parse_member</c>). Where deid stops with an error
    /// or crashes, this throws <see cref="RecipeException"/> naming line and column and what was expected; where deid skips, ignores
    /// or silently reads text differently from how it looks, this returns a <see cref="RecipeWarning"/>. docs/recipe-semantics.md
    /// lists every such case. The <c>%filter</c> grammar is in <see cref="FilterParser"/> and the checks that only warn are in
    /// <see cref="RecipeLint"/>.
    /// </summary>
    public sealed class RecipeParser
    {
        // load_deid sends a line starting with any of these to parse_config_action (LABEL too, which only %filter takes).
        private static readonly string[] ActionPrefixes = new List<string>(HeaderActionKeywords.Keywords) { "LABEL" }.ToArray();

        private static readonly Regex FormatStrip = new Regex(@"FORMAT|\s+", RegexOptions.CultureInvariant);

        private readonly RecipeParserOptions _options;

        /// <summary>Creates a parser.</summary>
        public RecipeParser(RecipeParserOptions? options = null) => _options = options ?? new RecipeParserOptions();

        /// <summary>Reads a recipe file (UTF-8, BOM allowed); the file name is the source in warnings and errors.</summary>
        public RecipeParseResult ParseFile(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            // A file read before with the same bytes is not parsed again (ParsedRecipeCache); the caller gets its own copy.
            var parsed = ParsedRecipeCache.Shared.GetOrParse(path, _options, text => Parse(text, path));
            return new RecipeParseResult(parsed.Recipe.Clone(), new List<RecipeWarning>(parsed.Warnings));
        }

        /// <summary>Reads recipe text; <paramref name="source"/> names it in warnings, errors and provenance.</summary>
        public RecipeParseResult Parse(string text, string? source = null)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            RefuseBinary(text, source);
            RefuseUndecodable(text, source);
            var lines = SourceLine.Split(text);
            RefuseOtherText(lines, source);
            var session = new Session(this, source);
            session.Run(lines);
            session.Recipe.SetLoadWarnings(session.Warnings);
            return new RecipeParseResult(session.Recipe, session.Warnings);
        }

        /// <summary>
        /// Refuses text that is not a recipe but a binary file (a DICOM file given as the recipe, the arguments swapped): one
        /// error that quotes nothing of it. Reported line by line, as any other bad text is, its bytes — patient IDs, names,
        /// UIDs — would be copied into dozens of error records, and from there into transcripts and logs.
        /// </summary>
        private static void RefuseBinary(string text, string? source)
        {
            int line = 1;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n') line++;
                if (c >= ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') continue;
                bool dicom = text.Length >= 132 && string.CompareOrdinal(text, 128, "DICM", 0, 4) == 0;
                throw new RecipeException(source, line, 1, dicom
                    ? "this is a DICOM file, not a recipe (a recipe is text: 'FORMAT dicom', then sections of actions). Its content is not shown."
                    : $"this file holds binary data (a control character, code {(int)c}), not recipe text. Its content is not shown.");
            }
        }

        /// <summary>
        /// Refuses text whose first line (after blank and comment lines) is no recipe line at all — not FORMAT, a %section or an
        /// action word — with one error that quotes nothing: a crosswalk, a key file or a list of patients given as the recipe (the
        /// arguments swapped). Read line by line, each line would be quoted back as "not an action", putting every original name
        /// of a crosswalk, or the key itself, into the error records and from there into transcripts and central logs (QA).
        /// </summary>
        private static void RefuseOtherText(List<SourceLine> lines, string? source)
        {
            foreach (var l in lines)
            {
                string c = l.Content;
                if (c.Length == 0 || c[0] == '#') continue;
                if (c[0] == '%' || c.StartsWith("format", StringComparison.OrdinalIgnoreCase) || StartsWithWord(c, ActionPrefixes) || StartsWithMisspeltKeyword(c)) return;
                throw new RecipeException(source, l.Number, 1,
                    "this is not a recipe: its first line is not 'FORMAT dicom', a %section or an action (a crosswalk, a key file or another "
                    + "text file given as the recipe?). Its content is not shown.");
            }
        }

        /// <summary>
        /// Refuses text with U+FFFD, what a byte that is not UTF-8 reads as (a recipe saved as Windows-1252 with an accented
        /// REPLACE value): written on, it would put the replacement character into every output instead of the letter meant.
        /// deid, reading the file as UTF-8, fails on it too.
        /// </summary>
        private static void RefuseUndecodable(string text, string? source)
        {
            int at = text.IndexOf('\uFFFD');
            if (at < 0) return;
            int line = 1, start = 0;
            for (int i = 0; i < at; i++)
            {
                if (text[i] != '\n') continue;
                line++;
                start = i + 1;
            }
            throw new RecipeException(source, line, at - start + 1,
                "this line holds bytes that are not UTF-8 text (the recipe was saved in another encoding, such as Windows-1252); save it as UTF-8.");
        }

        // A recipe whose first word is a keyword misspelt (FORMT dicom, REMVOE PatientID): read as a recipe, so that its own error
        // names the word at its line; only letters, within two edits of FORMAT or an action.
        private static bool StartsWithMisspeltKeyword(string line)
        {
            int end = 0;
            while (end < line.Length && !char.IsWhiteSpace(line[end])) end++;
            if (end < 3 || end >= line.Length) return false;
            string word = line.Substring(0, end).ToUpperInvariant();
            foreach (char ch in word)
            {
                if (ch < 'A' || ch > 'Z') return false;
            }
            if (Deid.Ocr.OcrText.WithinEdits(word, "FORMAT", 2)) return true;
            foreach (var keyword in ActionPrefixes)
            {
                if (Deid.Ocr.OcrText.WithinEdits(word, keyword, 2)) return true;
            }
            return false;
        }

        // An action word as a word of its own ("ADD PatientName", not "ADDISON^JOHN", a name in a list given as the recipe).
        private static bool StartsWithWord(string text, string[] words)
        {
            foreach (var w in words)
            {
                if (text.StartsWith(w, StringComparison.OrdinalIgnoreCase) && (text.Length == w.Length || char.IsWhiteSpace(text[w.Length]))) return true;
            }
            return false;
        }

        internal static bool StartsWithAny(string text, string[] prefixes, StringComparison comparison)
        {
            foreach (var p in prefixes)
            {
                if (text.StartsWith(p, comparison)) return true;
            }
            return false;
        }

        private sealed class Session
        {
            private readonly string? _source;
            private readonly RecipeDiagnostics _diagnostics;
            private readonly RecipeLint _lint;
            private readonly FilterParser _filters;
            private RecipeSection _section;
            private FilterGroup? _filterGroup;
            private RecipeGroup? _group;
            private readonly bool _skipUnknownActions;
            private bool _sawFormat;

            public Session(RecipeParser parser, string? source)
            {
                _source = source;
                _diagnostics = new RecipeDiagnostics(source);
                _lint = new RecipeLint(_diagnostics, parser._options.Keywords);
                _filters = new FilterParser(_diagnostics, _lint);
                _skipUnknownActions = parser._options.SkipUnknownActions;
                if (source != null) Recipe.Sources.Add(source);
            }

            public DeidRecipe Recipe { get; } = new DeidRecipe();

            public List<RecipeWarning> Warnings => _diagnostics.Warnings;

            private RecipeException Error(SourceLine line, int indexInContent, string message) => _diagnostics.Error(line, indexInContent, message);

            private void Warn(SourceLine line, int indexInContent, string message) => _diagnostics.Warn(line, indexInContent, message);

            public void Run(List<SourceLine> lines)
            {
                for (int i = 0; i < lines.Count; i++)
                {
                    try
                    {
                        i = ParseLine(lines, i);
                    }
                    catch (RecipeException ex)
                    {
                        // Go on with the next line: one load reports every problem of the file.
                        _diagnostics.Fail(ex);
                    }
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
                    // First among the errors of its line: the missing FORMAT line is why the lines after it read wrongly.
                    _diagnostics.Errors.Insert(0, new RecipeException(_source, first, 1, "expected a 'FORMAT dicom' line: deid 0.4.12 cannot load a recipe without one."));
                }
                _diagnostics.ThrowIfFailed();
            }

            // One line (a LABEL block in %filter: the label and its members); returns the index of the last line it read.
            private int ParseLine(List<SourceLine> lines, int i)
            {
                var line = lines[i];
                string c = line.Content;
                if (c.Length == 0 || c[0] == '#') return i;

                if (c.StartsWith("format", StringComparison.OrdinalIgnoreCase))
                {
                    ParseFormat(line);
                    return i;
                }

                if (c[0] == '%')
                {
                    ParseSection(line);
                    return i;
                }

                string upper = c.ToUpperInvariant();
                if ((upper.StartsWith("FIELD", StringComparison.Ordinal) || upper.StartsWith("SPLIT", StringComparison.Ordinal))
                    && _section.IsGroup())
                {
                    ParseGroupAction(line);
                    return i;
                }

                if (StartsWithAny(upper, ActionPrefixes, StringComparison.Ordinal))
                {
                    if (upper.StartsWith("LABEL", StringComparison.Ordinal) && _section == RecipeSection.Filter)
                        return _filters.ParseLabel(_filterGroup!, lines, i);
                    ParseAction(line);
                    return i;
                }

                if (!_section.IsGroup() && _section != RecipeSection.Filter && !_skipUnknownActions)
                {
                    // Where actions belong, an unknown word is most likely a misspelt action (BLANCK PatientName): deid skips the
                    // line and the element is left as it was, so it stops the load.
                    string word = c.Split(' ', '\t')[0];
                    throw Error(line, 0, $"'{word}' is not an action: expected {HeaderActionKeywords.ListWithOr} (in upper case), a comment, FORMAT or a %section line.");
                }
                string hint = _section == RecipeSection.Filter
                    ? "criteria and coordinates lines must follow a LABEL line"
                    : _section.IsGroup()
                        ? $"%{_section.Keyword()} groups take FIELD{(_section == RecipeSection.Values ? " and SPLIT" : "")} lines"
                        : $"expected a comment, FORMAT, a %section line or an action ({HeaderActionKeywords.ListWithCommas})";
                Warn(line, 0, $"'{c}' is not recognized and deid skips it: {hint}.");
                return i;
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

                if (!RecipeSections.TryParse(keyword, out var section))
                    throw Error(line, 0, $"expected a section: %header, %filter NAME, %values NAME, %fields NAME or %labels; '%{keyword}' is not one.");
                if (section == RecipeSection.Header || section == RecipeSection.Labels)
                {
                    if (name != null) throw Error(line, text.IndexOf(name, ws, StringComparison.Ordinal), $"%{keyword} takes no name; found '{name}'.");
                    _section = section;
                    _filterGroup = null;
                    _group = null;
                    return;
                }
                if (name == null) throw Error(line, text.Length, $"expected a name after %{keyword}, e.g. %{keyword} {(section == RecipeSection.Filter ? "graylist" : "names")}.");
                // load_deid splits a section line at spaces only: after a tab it reads one word ("valuesnames") and stops.
                if (text[ws] != ' ')
                    Warn(line, ws, $"deid separates a section's name with a space only: it reads '%{keyword}' and '{name}' as one word, '%{keyword}{name}', which is no section, and stops; write a space.");

                _section = section;
                _filterGroup = null;
                _group = null;
                if (section == RecipeSection.Filter)
                {
                    _filterGroup = Recipe.GetFilterGroup(name);
                    if (_filterGroup == null)
                    {
                        _filterGroup = new FilterGroup(name);
                        Recipe.Filters.Add(_filterGroup);
                    }
                }
                else if (section == RecipeSection.Values)
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

            private FieldSpec ParseField(SourceLine line, RecipeToken token)
            {
                if (!FieldSpec.TryParse(token.Text, out var spec, out var error)) throw Error(line, token.Index, error!);
                return spec;
            }

            private static bool IsCommentStart(List<RecipeToken> tokens, int index) => index < tokens.Count && tokens[index].Text.StartsWith("#", StringComparison.Ordinal);

            // _remove_comments: the remaining words joined by single spaces, cut at the first '#'.
            private string JoinValue(SourceLine line, List<RecipeToken> tokens, int from, out string raw)
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

            /// <summary>
            /// The value, or an error at its place in the line: a value cut by '#' inside quotes (<c>"x # y"</c>: deid cuts it there
            /// too, leaving <c>"x</c>) said as such, not with advice to quote what is quoted already (QA).
            /// </summary>
            private ActionValue ParseValue(SourceLine line, int valueIndex, string text)
            {
                try
                {
                    return ActionValue.Parse(text);
                }
                catch (FormatException ex)
                {
                    int hash = line.Content.IndexOf('#', valueIndex);
                    if (hash >= 0 && line.Content.IndexOf('"', valueIndex) is int quote && quote >= 0 && quote < hash)
                        throw Error(line, hash, $"'#' starts a comment even inside quotes, so the value is cut to '{text}' (deid cuts it there too); a recipe value cannot hold '#'.");
                    throw Error(line, valueIndex, ex.Message);
                }
            }

            private void ParseAction(SourceLine line)
            {
                var tokens = RecipeToken.Tokenize(line.Content);
                string actionText = tokens[0].Text.Replace(" ", "");
                if (tokens.Count < 2) throw Error(line, line.Content.Length, $"expected a field after {actionText}.");
                _lint.CheckDroppedQuotes(line, tokens);

                if (!HeaderActionKeywords.TryParse(actionText, out var kind))
                {
                    // deid skips these lines, leaving their elements as they were: an error unless asked to read as deid does.
                    if (string.Equals(actionText, "LABEL", StringComparison.OrdinalIgnoreCase))
                        Warn(line, 0, "LABEL lines belong in a %filter section; deid ignores this one.");
                    else if (HeaderActionKeywords.TryParseIgnoreCase(actionText, out var k))
                        UnknownAction(line, $"deid 0.4.12 ignores '{actionText}': action keywords must be upper case: deid would skip the line and leave its elements as they are; write {HeaderActionKeywords.Keyword(k)}.");
                    else
                        UnknownAction(line, $"'{actionText}' is not an action (expected {HeaderActionKeywords.ListWithOr}); deid ignores the line.");
                    return;
                }

                if (_section == RecipeSection.None)
                    throw Error(line, 0, $"expected a section line (%header) before {actionText}.");
                if (_section == RecipeSection.Filter)
                    throw Error(line, 0, $"expected LABEL in a %filter section; {actionText} is a header action and belongs under %header.");
                if (_section.IsGroup())
                    throw Error(line, 0, $"expected FIELD{(_section == RecipeSection.Values ? " or SPLIT" : "")} in a %{_section.Keyword()} section; {actionText} is a header action and belongs under %header.");

                var field = ParseField(line, tokens[1]);
                bool inHeader = _section == RecipeSection.Header;
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
                        value = ParseValue(line, valueIndex, text);
                        if (kind == HeaderActionKind.Jitter && value.Kind == ActionValueKind.Literal && !PythonText.IsInt(text))
                            throw Error(line, valueIndex, $"expected a whole number of days after JITTER {field}, found '{text}'.");
                        // The built-in functions give a value, not days: deid_func:keyed_jitter (and jitter) give the shifted date
                        // itself, which JITTER reads as a number of days and so leaves every date unchanged (QA). deid parses the
                        // line all the same, so it loads, with a warning (an error with -Strict).
                        if (kind == HeaderActionKind.Jitter && value.Kind == ActionValueKind.DeidFunction)
                            Warn(line, valueIndex, $"JITTER takes a number of days (or var:/func: giving one); {text.Split(' ')[0]} gives the new value itself, so no date would change: write 'REPLACE {field} {text}'.");
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
                                value = ParseValue(line, valueIndex, text);
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

                if (value != null && value.Kind == ActionValueKind.DeidFunction) _lint.CheckDeidFunction(line, valueIndex, value);

                if (value != null && raw != null && raw.Length != value.Text.Length
                    && (value.Kind == ActionValueKind.Variable || value.Kind == ActionValueKind.Function))
                {
                    Warn(line, valueIndex, $"deid 0.4.12 keeps the space before the comment and looks up '{raw}' (which is never defined); it is read here as '{value.Text}'.");
                }

                if (inHeader) _lint.CheckHeaderField(line, tokens[1], kind, field);

                var action = new HeaderAction(kind, field, value, _source, line.Number);
                if (inHeader) Recipe.Header.Add(action);
                else Recipe.Labels.Add(action);
            }

            private void UnknownAction(SourceLine line, string message)
            {
                if (_skipUnknownActions) Warn(line, 0, message);
                else throw Error(line, 0, message);
            }

            private void ParseGroupAction(SourceLine line)
            {
                var tokens = RecipeToken.Tokenize(line.Content);
                string actionText = tokens[0].Text.Replace(" ", "");
                if (_section == RecipeSection.Fields && !line.Content.ToUpperInvariant().StartsWith("FIELD", StringComparison.Ordinal))
                    throw Error(line, 0, $"expected FIELD: %fields groups take only FIELD lines, found {actionText}.");
                if (tokens.Count < 2) throw Error(line, line.Content.Length, $"expected a field or expander after {actionText}.");
                _lint.CheckDroppedQuotes(line, tokens);
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
                    if (_section == RecipeSection.Fields)
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

                _lint.CheckGroupField(line, tokens[1], field);
                _group!.Actions.Add(new GroupAction(kind, field, value, _source, line.Number));
            }
        }
    }
}
