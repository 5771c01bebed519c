using System;
using System.Collections.Generic;
using System.Text;
using Deid.Actions;
using Deid.Fields;

namespace Deid.Recipes
{
    /// <summary>
    /// The checks of a parsed line that do not change what is read: fields deid would match nothing with, keywords that are not
    /// DICOM keywords, quotes deid drops. They warn (and, for an ADD of an expander, stop as deid does) so the recipe author learns
    /// where the recipe does not do what it seems to; the parser stays about the grammar.
    /// </summary>
    internal sealed class RecipeLint
    {
        private readonly RecipeDiagnostics _diagnostics;
        private readonly IKeywordLookup? _keywords;

        public RecipeLint(RecipeDiagnostics diagnostics, IKeywordLookup? keywords)
        {
            _diagnostics = diagnostics;
            _keywords = keywords;
        }

        private RecipeException Error(SourceLine line, int indexInContent, string message) => _diagnostics.Error(line, indexInContent, message);

        private void Warn(SourceLine line, int indexInContent, string message) => _diagnostics.Warn(line, indexInContent, message);

        // split_action_line skips a quote that has no partner; say so, because the value then differs from the text.
        public void CheckDroppedQuotes(SourceLine line, List<RecipeToken> tokens)
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

        private void CheckKeyword(SourceLine line, int index, FieldSpec field, bool caseSensitive)
        {
            var keywords = _keywords;
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
                case FieldSpecKind.Select when field.SelectAttribute == FieldMatcher.DictionaryAttribute && field.SelectValue != FieldMatcher.UnknownValue:
                    Warn(line, index, $"select:dictionary:{field.SelectValue} selects nothing; the one dictionary selection is select:dictionary:unknown.");
                    break;
                case FieldSpecKind.Select when field.SelectAttribute == "PRIVATE":
                    if (field.SelectValue != PrivateSafety.UnsafeValue && field.SelectValue != PrivateSafety.SafeValue)
                        Warn(line, index, $"select:private:{field.SelectValue} selects nothing; ours knows select:private:unsafe and select:private:safe (deid knows no select:private).");
                    break;
                case FieldSpecKind.Select when field.SelectAttribute != "VR" && field.SelectAttribute != "GROUP" && field.SelectAttribute != FieldMatcher.DictionaryAttribute:
                    Warn(line, index, $"select:{field.SelectAttribute} selects nothing; deid knows select:VR:XX and select:group:gggg (and ours select:dictionary:unknown, select:private:unsafe and select:private:safe).");
                    break;
                case FieldSpecKind.Select when field.SelectAttribute == "GROUP" && field.SelectGroup == null:
                    Warn(line, index, $"select:group:{field.SelectValue} is larger than any group and selects nothing.");
                    break;
            }
        }

        public void CheckHeaderField(SourceLine line, RecipeToken token, HeaderActionKind kind, FieldSpec field)
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

        // pydicom_uuid prefix= and dicom_uuid org_root= start new UIDs: a root too long for 20 digits of hash makes duplicate UIDs,
        // and pydicom refuses a prefix that is not digits and dots ending with a dot (deid stops on the file). The engine then uses
        // the default root (a deliberate difference, see DeidFailureTests); the warning names the line, and -Strict stops on it.
        public void CheckDeidFunction(SourceLine line, int index, ActionValue value)
        {
            if (value.Name == "pydicom_uuid")
            {
                string? prefix = value.GetArgument("prefix");
                if (prefix == null || prefix == "none" || prefix == "null") return;
                string? problem = UidRoot.Check(prefix) ?? (prefix.EndsWith(".", StringComparison.Ordinal) ? null : $"'{prefix}' must end with a dot, as pydicom's generate_uid wants its prefix.");
                if (problem != null) Warn(line, index, "deid_func:pydicom_uuid prefix=: " + problem + $" New UIDs are made under the default root (2.25. or -UidRoot) instead.");
            }
            else if (value.Name == "dicom_uuid")
            {
                // deid's default org_root ("anonymous-organization") is no UID root and the engine substitutes 2.25 in UI
                // elements; only a numeric root can be too long.
                string? root = value.GetArgument("org_root");
                if (root != null && UidRoot.HasRootSyntax(root) && UidRoot.Check(root) is string problem)
                    Warn(line, index, "deid_func:dicom_uuid org_root=: " + problem + " UID elements get UIDs under 2.25 instead.");
            }
        }

        public void CheckGroupField(SourceLine line, RecipeToken token, FieldSpec field)
        {
            if (field.Kind == FieldSpecKind.Values || field.Kind == FieldSpecKind.Fields)
            {
                Warn(line, token.Index, $"'{field.Text}' selects nothing inside a group: deid resolves values:/fields: only in header actions.");
                return;
            }
            CheckKeyword(line, token.Index, field, caseSensitive: false);
            CheckCommonField(line, token.Index, field, "in a group");
        }

        public void CheckFilterField(SourceLine line, int index, FieldSpec field)
        {
            if (field.Kind == FieldSpecKind.Keyword)
            {
                var keywords = _keywords;
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
