using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace Deid.Recipes
{
    /// <summary>What the value text of a header action is, decided as deid's <c>parse_value</c> decides it (case-sensitive prefixes).</summary>
    public enum ActionValueKind
    {
        /// <summary>Text used as it is, quotes included (deid does not unquote: <c>"REDACTED"</c> is written with its quotes).</summary>
        Literal,

        /// <summary><c>var:NAME</c>: the value of the variable NAME given for the file; no variable means no change.</summary>
        Variable,

        /// <summary><c>func:NAME</c>: a function the caller supplies in the variables, called per element.</summary>
        Function,

        /// <summary><c>deid_func:NAME key=value ...</c>: a built-in function (jitter, dicom_uuid, suffix_uuid, basic_uuid, pydicom_uuid) with arguments.</summary>
        DeidFunction,

        /// <summary>
        /// <c>values:GROUP</c> written as a value (e.g. <c>REMOVE ALL values:names</c>). deid does not expand groups in a value position:
        /// <c>parse_value</c> returns the text itself, so for REMOVE it is a true condition (remove) for text-typed elements.
        /// </summary>
        Values,

        /// <summary><c>fields:GROUP</c> written as a value; like <see cref="Values"/>, deid reads it as literal text.</summary>
        Fields,
    }

    /// <summary>
    /// The value of a header action: the text after the field, with deid's comment rule applied (everything from the first '#' is a
    /// comment) and trailing whitespace trimmed. Two values are equal when their text is equal.
    /// </summary>
    public sealed class ActionValue : IEquatable<ActionValue>
    {
        private static readonly IReadOnlyList<KeyValuePair<string, string>> NoArguments = new KeyValuePair<string, string>[0];

        /// <summary>The deid built-in functions (deid/dicom/actions/__init__.py, <c>deid_funcs</c>).</summary>
        public static readonly IReadOnlyList<string> DeidFunctionNames = new[] { "jitter", "dicom_uuid", "suffix_uuid", "basic_uuid", "pydicom_uuid" };

        /// <summary>
        /// Our keyed built-ins for sharded runs (docs/recipe-semantics.md §8): <c>keyed_id</c> (a pseudonymous ID) and
        /// <c>keyed_jitter</c> (a per-patient date shift), pure functions of the original, the recipe and the key.
        /// </summary>
        public static readonly IReadOnlyList<string> KeyedFunctionNames = new[] { "keyed_id", "keyed_jitter" };

        private ActionValue(string text, ActionValueKind kind, string? name, string? argumentText, IReadOnlyList<KeyValuePair<string, string>> arguments)
        {
            Text = text;
            Kind = kind;
            Name = name;
            ArgumentText = argumentText;
            Arguments = arguments;
        }

        /// <summary>The value text as a recipe writes it.</summary>
        public string Text { get; }

        /// <summary>How deid reads the text.</summary>
        public ActionValueKind Kind { get; }

        /// <summary>The variable, function or group name (everything after the prefix; for deid_func up to the first space); null for literals.</summary>
        public string? Name { get; }

        /// <summary>For <see cref="ActionValueKind.DeidFunction"/>, the text after the function name ("" when none).</summary>
        public string? ArgumentText { get; }

        /// <summary>
        /// For <see cref="ActionValueKind.DeidFunction"/>, the <c>key=value</c> arguments in order, as deid's <c>parse_keyvalue_pairs</c>
        /// reads them: words split on single spaces, words without '=' ignored, value trimmed.
        /// </summary>
        public IReadOnlyList<KeyValuePair<string, string>> Arguments { get; }

        /// <summary>Words of <see cref="ArgumentText"/> that deid ignores because they have no '='.</summary>
        public IReadOnlyList<string> IgnoredArguments
        {
            get
            {
                var list = new List<string>();
                if (ArgumentText == null) return list;
                foreach (var word in ArgumentText.Split(' '))
                {
                    if (word.Length > 0 && word.IndexOf('=') < 0) list.Add(word);
                }
                return list;
            }
        }

        /// <summary>The argument value for <paramref name="key"/> (the last one given), or null.</summary>
        [MethodImpl(HotPath.Optimized)]
        public string? GetArgument(string key)
        {
            string? found = null;
            foreach (var pair in Arguments)
            {
                if (string.Equals(pair.Key, key, StringComparison.Ordinal)) found = pair.Value;
            }
            return found;
        }

        /// <summary>Reads value text; never fails, because any text is at least a literal.</summary>
        public static ActionValue Parse(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            string? why = RecipeWriter.Unwritable(text, tokenized: true);
            if (why != null) throw new FormatException($"'{text}' cannot be a recipe value: {why}.");
            if (text.StartsWith("var:", StringComparison.Ordinal))
                return new ActionValue(text, ActionValueKind.Variable, text.Substring(4), null, NoArguments);
            if (text.StartsWith("func:", StringComparison.Ordinal))
                return new ActionValue(text, ActionValueKind.Function, text.Substring(5), null, NoArguments);
            if (text.StartsWith("deid_func:", StringComparison.Ordinal))
            {
                string option = text.Substring(10);
                int space = option.IndexOf(' ');
                string name = space < 0 ? option : option.Substring(0, space);
                string extras = space < 0 ? "" : option.Substring(space + 1);
                return new ActionValue(text, ActionValueKind.DeidFunction, name, extras, ParseArguments(extras));
            }
            if (text.StartsWith("values:", StringComparison.Ordinal))
                return new ActionValue(text, ActionValueKind.Values, text.Substring(7), null, NoArguments);
            if (text.StartsWith("fields:", StringComparison.Ordinal))
                return new ActionValue(text, ActionValueKind.Fields, text.Substring(7), null, NoArguments);
            return new ActionValue(text, ActionValueKind.Literal, null, null, NoArguments);
        }

        /// <summary>A <c>var:NAME</c> value.</summary>
        public static ActionValue Variable(string name) => Parse("var:" + name);

        /// <summary>A <c>func:NAME</c> value.</summary>
        public static ActionValue Function(string name) => Parse("func:" + name);

        /// <summary>A <c>deid_func:NAME key=value ...</c> value.</summary>
        public static ActionValue DeidFunction(string name, params KeyValuePair<string, string>[] arguments)
        {
            var sb = new StringBuilder("deid_func:").Append(name);
            foreach (var a in arguments) sb.Append(' ').Append(a.Key).Append('=').Append(a.Value);
            return Parse(sb.ToString());
        }

        /// <summary>A literal value; throws <see cref="ArgumentException"/> for text that deid would read as a variable, function or group.</summary>
        public static ActionValue Literal(string text)
        {
            var value = Parse(text);
            if (value.Kind != ActionValueKind.Literal)
                throw new ArgumentException($"'{text}' is read as {value.Kind}, not as a literal: recipes have no way to quote a prefix.", nameof(text));
            return value;
        }

        private static IReadOnlyList<KeyValuePair<string, string>> ParseArguments(string extras)
        {
            if (extras.Length == 0) return NoArguments;
            var list = new List<KeyValuePair<string, string>>();
            foreach (var word in extras.Split(' '))
            {
                int eq = word.IndexOf('=');
                if (eq < 0) continue;
                list.Add(new KeyValuePair<string, string>(word.Substring(0, eq).Trim(), word.Substring(eq + 1).Trim()));
            }
            return list;
        }

        /// <summary>Returns <see cref="Text"/>.</summary>
        public override string ToString() => Text;

        /// <inheritdoc/>
        public bool Equals(ActionValue? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal) && Kind == other.Kind;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as ActionValue);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

        /// <summary>Value equality.</summary>
        public static bool operator ==(ActionValue? a, ActionValue? b) => a is null ? b is null : a.Equals(b);

        /// <summary>Value inequality.</summary>
        public static bool operator !=(ActionValue? a, ActionValue? b) => !(a == b);
    }
}
