using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// deid 0.4.12's rules for which listed elements a field spec selects (deid/dicom/fields.py: <c>expand_field_expression</c>,
    /// <c>FieldsWithLookups.get_exact_matches</c>, <c>DicomField.name_contains</c>, <c>DicomField.select_matches</c>).
    /// <see cref="FieldSpecKind.Values"/> and <see cref="FieldSpecKind.Fields"/> need the extracted groups and are resolved by the
    /// engine; here, as in deid's <c>expand_field_expression</c>, they select nothing.
    /// </summary>
    internal static class FieldMatcher
    {
        /// <summary>True when <paramref name="spec"/> selects <paramref name="candidate"/> under deid's rules.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool Matches(FieldSpec spec, IFieldCandidate candidate)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            if (candidate == null) throw new ArgumentNullException(nameof(candidate));
            switch (spec.Kind)
            {
                case FieldSpecKind.All:
                    return true;
                case FieldSpecKind.Keyword:
                case FieldSpecKind.Tag:
                case FieldSpecKind.PrivateTag:
                case FieldSpecKind.Path:
                case FieldSpecKind.Other:
                    return MatchesExactly(spec.Text, candidate);
                case FieldSpecKind.Contains:
                case FieldSpecKind.StartsWith:
                case FieldSpecKind.EndsWith:
                    return NameContains(spec.Regex!, candidate);
                case FieldSpecKind.Except:
                    return !NameContains(spec.Regex!, candidate);
                case FieldSpecKind.Select:
                    return SelectMatches(spec, candidate);
                default:
                    return false;
            }
        }

        /// <summary>The candidates <paramref name="spec"/> selects, in their order.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static List<T> Select<T>(FieldSpec spec, IEnumerable<T> candidates) where T : IFieldCandidate
        {
            if (candidates == null) throw new ArgumentNullException(nameof(candidates));
            var result = new List<T>();
            foreach (var c in candidates)
            {
                if (Matches(spec, c)) result.Add(c);
            }
            return result;
        }

        /// <summary>
        /// deid's exact lookup: the text, lower-cased, equals one of the candidate's lower-cased nested keyword path, "(gggg,eeee)",
        /// "ggggeeee", dictionary name, keyword, tag path, or — for an odd group — its private creator syntax with and without parentheses.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool MatchesExactly(string text, IFieldCandidate candidate)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            if (candidate == null) throw new ArgumentNullException(nameof(candidate));
            string key = text.ToLowerInvariant();
            if (EqualsLower(candidate.KeywordPath, key)) return true;
            if (EqualsLower(TagString(candidate), key)) return true;
            if (EqualsLower(StrippedTag(candidate), key)) return true;
            if (EqualsLower(candidate.Name, key)) return true;
            if (EqualsLower(candidate.Keyword, key)) return true;
            if (EqualsLower(candidate.TagPath, key)) return true;
            if (IsOddGroup(candidate))
            {
                // deid formats a missing creator as "None" (Python's str(None)); keep that so the same texts match.
                if (EqualsLower(CreatorSyntax(candidate), key) || EqualsLower(CreatorSyntaxParenthesized(candidate), key)) return true;
            }
            return false;
        }

        /// <summary>
        /// deid's <c>name_contains</c>: a regular expression search (ignoring case) in the nested keyword path, "(gggg,eeee)",
        /// "GGGGEEEE", dictionary name and keyword, and for a private element with a known creator its creator syntax
        /// <c>GGGG,"creator",EE</c> with and without parentheses.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool NameContains(Regex expression, IFieldCandidate candidate)
        {
            if (expression == null) throw new ArgumentNullException(nameof(expression));
            if (candidate == null) throw new ArgumentNullException(nameof(candidate));
            return TagNamesContain(expression, candidate, includeKeywordPath: true);
        }

        /// <summary>
        /// <see cref="Matches"/> for a listed field, with a name expander's verdict on the names its tag and creator determine taken
        /// from <see cref="FieldSpec.Verdicts"/> (computed on first meeting, then shared by every file of the run); only a nested
        /// field's keyword path is searched each time. The result is always the one <see cref="Matches"/> gives.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool MatchesListed(FieldSpec spec, DeidField field)
        {
            switch (spec.Kind)
            {
                case FieldSpecKind.Contains:
                case FieldSpecKind.StartsWith:
                case FieldSpecKind.EndsWith:
                    return NameContainsListed(spec, field);
                case FieldSpecKind.Except:
                    return !NameContainsListed(spec, field);
                case FieldSpecKind.Select when spec.SelectAttribute == DictionaryAttribute:
                    return spec.SelectValue == UnknownValue && IsUnknownStandardTag(field.Tag);
                default:
                    return Matches(spec, field);
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static bool NameContainsListed(FieldSpec spec, DeidField field)
        {
            var expression = spec.Regex!;
            bool nested = field.IsNested;
            var verdicts = spec.Verdicts;
            if (!verdicts.TryGet(field.Tag.Value, field.PrivateCreator, nested, out bool verdict))
            {
                verdict = TagNamesContain(expression, field, includeKeywordPath: !nested);
                verdicts.Store(field.Tag.Value, field.PrivateCreator, nested, verdict);
            }
            // At the top level the keyword path is the keyword, so the stored verdict covered it; nested, it is searched here —
            // unless the pattern matches hexadecimal digits only and the path holds the separator, which no such pattern matches.
            if (verdict || !nested) return verdict;
            if (spec.MatchesHexDigitsOnly && FieldPath.IsNested(field.KeywordPath)) return false;
            return expression.IsMatch(KeywordPathLower(field));
        }

        // NameContains over every name but the keyword path, which is added when it is a function of the tag (top level).
        [MethodImpl(HotPath.Optimized)]
        private static bool TagNamesContain(Regex expression, IFieldCandidate candidate, bool includeKeywordPath)
        {
            if (includeKeywordPath && expression.IsMatch(KeywordPathLower(candidate))) return true;
            if (expression.IsMatch(TagStringLower(candidate))) return true;
            if (expression.IsMatch(StrippedTag(candidate))) return true;
            if (expression.IsMatch(candidate.Name)) return true;
            if (expression.IsMatch(candidate.Keyword)) return true;
            if (IsOddGroup(candidate) && candidate.PrivateCreator != null)
            {
                if (expression.IsMatch(CreatorSyntax(candidate)) || expression.IsMatch(CreatorSyntaxParenthesized(candidate))) return true;
            }
            return false;
        }

        /// <summary>
        /// Ours: true when <paramref name="candidate"/> is a standard element written with a VR other than the one VR PS3.6 gives
        /// it, and that one is <paramref name="vr"/>. A person's name written as LO by a faulty writer (Secondary Reviewer Name)
        /// still names a person, and escaped <c>REMOVE select:VR:PN</c> (QA 2026-12-07; deid, reading the VR as written, misses
        /// it too). Attributes the dictionary gives several VRs (US or SS, OB or OW) are matched as written only.
        /// </summary>
        private static bool HasDictionaryVR(IFieldCandidate candidate, string? vr)
        {
            var tag = candidate.Tag;
            if (tag.IsPrivate || candidate.VR == DicomVR.UN || !DicomDictionary.TryGetEntry(tag, out var entry) || entry.AllowedVRs.Count != 1) return false;
            var listed = entry.VR;
            return listed != candidate.VR && string.Equals(listed.ToString(), vr, StringComparison.Ordinal);
        }

        /// <summary>
        /// deid's <c>select_matches</c>: VR equal to the first two letters, or group equal to the hexadecimal number; other attributes
        /// select nothing — except ours, <c>select:dictionary:unknown</c> (<see cref="IsUnknownStandardTag"/>) and
        /// <c>select:private:unsafe</c> and <c>select:private:safe</c> (the Retain Safe Private Option).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool SelectMatches(FieldSpec spec, IFieldCandidate candidate)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            if (candidate == null) throw new ArgumentNullException(nameof(candidate));
            if (spec.Kind != FieldSpecKind.Select) return false;
            if (spec.SelectAttribute == "VR") return string.Equals(candidate.VR.ToString(), spec.SelectValue, StringComparison.Ordinal) || HasDictionaryVR(candidate, spec.SelectValue);
            if (spec.SelectAttribute == "GROUP") return spec.SelectGroup.HasValue && candidate.Tag.Group == spec.SelectGroup.Value;
            if (spec.SelectAttribute == DictionaryAttribute) return spec.SelectValue == UnknownValue && IsUnknownStandardTag(candidate.Tag);
            // Ours (Retain Safe Private Option): private elements neither PS3.15 Table E.3.10-1 nor the file's (0008,0300) declares safe.
            if (spec.SelectAttribute == "PRIVATE")
            {
                if (spec.SelectValue == PrivateSafety.UnsafeValue) return PrivateSafety.IsUnsafe(candidate);
                return spec.SelectValue == PrivateSafety.SafeValue && PrivateSafety.IsSafeDataElement(candidate);
            }
            return false;
        }

        /// <summary>The attribute of our <c>select:dictionary:unknown</c> as the parser upper-cases it.</summary>
        internal const string DictionaryAttribute = "DICTIONARY";

        /// <summary>The one value <c>select:dictionary:</c> knows.</summary>
        internal const string UnknownValue = "unknown";

        /// <summary>
        /// Ours (issue #10): an even-group (standard) tag other than a group length that PS3.6, repeating groups included, does not
        /// know. PS3.15 lets an implementation remove what it does not know to be safe; deid's select: cannot name such elements.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool IsUnknownStandardTag(DicomTag tag) =>
            !tag.IsPrivate && tag.Element != 0 && !DicomDictionary.TryGetEntry(tag, out _);

        // pydicom's BaseTag.is_private: any odd group.
        [MethodImpl(HotPath.Optimized)]
        private static bool IsOddGroup(IFieldCandidate c) => (c.Tag.Group & 1) == 1;

        private static string TagString(IFieldCandidate c) => c is ICachedFieldText t ? t.TagString : c.Tag.ToString();

        [MethodImpl(HotPath.Optimized)]
        private static string StrippedTag(IFieldCandidate c) => c is ICachedFieldText t ? t.StrippedTag : c.Tag.ToHexString();

        private static string KeywordPathLower(IFieldCandidate c) => c is ICachedFieldText t ? t.KeywordPathLower : c.KeywordPath.ToLowerInvariant();

        [MethodImpl(HotPath.Optimized)]
        private static string TagStringLower(IFieldCandidate c) => c is ICachedFieldText t ? t.TagStringLower : c.Tag.ToString().ToLowerInvariant();

        private static string CreatorSyntax(IFieldCandidate c) => c is ICachedFieldText t ? t.CreatorSyntax : PrivateCreatorSyntax(c, c.PrivateCreator ?? "None");

        [MethodImpl(HotPath.Optimized)]
        private static string CreatorSyntaxParenthesized(IFieldCandidate c) => c is ICachedFieldText t ? t.CreatorSyntaxParenthesized : "(" + PrivateCreatorSyntax(c, c.PrivateCreator ?? "None") + ")";

        internal static string PrivateCreatorSyntax(IFieldCandidate c, string creator) =>
            c.Tag.Group.ToString("X4", CultureInfo.InvariantCulture) + ",\"" + creator + "\"," + (c.Tag.Element & 0xFF).ToString("X2", CultureInfo.InvariantCulture);

        [MethodImpl(HotPath.Optimized)]
        private static bool EqualsLower(string? value, string lowerKey) =>
            !string.IsNullOrEmpty(value) && string.Equals(value!.ToLowerInvariant(), lowerKey, StringComparison.Ordinal);
    }
}
