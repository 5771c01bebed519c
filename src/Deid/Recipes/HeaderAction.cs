using System;
using Deid.Fields;

namespace Deid.Recipes
{
    /// <summary>
    /// One action line of a <c>%header</c> (or <c>%labels</c>) section. Equality compares action, field and value; where the line came
    /// from (<see cref="Source"/>, <see cref="Line"/>) is provenance and does not take part.
    /// </summary>
    public sealed class HeaderAction : IEquatable<HeaderAction>
    {
        /// <summary>Creates an action, checking that the value is given exactly when the action takes one.</summary>
        public HeaderAction(HeaderActionKind action, FieldSpec field, ActionValue? value = null, string? source = null, int line = 0)
        {
            Field = field ?? throw new ArgumentNullException(nameof(field));
            switch (action)
            {
                case HeaderActionKind.Add:
                case HeaderActionKind.Replace:
                case HeaderActionKind.Jitter:
                    if (value is null) throw new ArgumentException($"{Keyword(action)} needs a value.", nameof(value));
                    break;
                case HeaderActionKind.Blank:
                case HeaderActionKind.Keep:
                    if (value is not null) throw new ArgumentException($"{Keyword(action)} takes no value.", nameof(value));
                    break;
            }
            Action = action;
            Value = value;
            Source = source;
            Line = line;
        }

        /// <summary>Creates an action from its three words, as PowerShell users write them: <c>[HeaderAction]::new('REPLACE', 'PatientID', 'var:id')</c>.</summary>
        public HeaderAction(string action, string field, string? value = null)
            : this(ParseKind(action), FieldSpec.Parse(field), value is null ? null : ActionValue.Parse(value))
        {
        }

        /// <summary>The action.</summary>
        public HeaderActionKind Action { get; }

        /// <summary>The field the action applies to.</summary>
        public FieldSpec Field { get; }

        /// <summary>The value, or null for actions without one.</summary>
        public ActionValue? Value { get; }

        /// <summary>The recipe file (or name) the action was read from; null when built in code.</summary>
        public string? Source { get; }

        /// <summary>The 1-based line in <see cref="Source"/>; 0 when built in code.</summary>
        public int Line { get; }

        /// <summary>The action keyword in upper case, as recipes write it.</summary>
        public string ActionName => Keyword(Action);

        /// <summary>A copy of this action with a different provenance.</summary>
        public HeaderAction WithSource(string? source, int line) => new HeaderAction(Action, Field, Value, source, line);

        /// <summary>The upper-case recipe keyword of an action (from <see cref="HeaderActionKeywords"/>).</summary>
        public static string Keyword(HeaderActionKind action) => HeaderActionKeywords.Keyword(action);

        /// <summary>Reads an action keyword ignoring case (for cmdlets and code; recipe text needs upper case).</summary>
        public static bool TryParseKind(string? text, out HeaderActionKind action) => HeaderActionKeywords.TryParseIgnoreCase(text, out action);

        private static HeaderActionKind ParseKind(string action) =>
            TryParseKind(action, out var kind) ? kind : throw new ArgumentException($"'{action}' is not a header action; expected {HeaderActionKeywords.ListWithOr}.", nameof(action));

        /// <summary>Parses one action line (<c>REPLACE PatientID var:id</c>) with the recipe grammar; throws <see cref="RecipeException"/> when it is not one.</summary>
        public static HeaderAction Parse(string line)
        {
            if (line == null) throw new ArgumentNullException(nameof(line));
            if (line.IndexOf('\n') >= 0 || line.IndexOf('\r') >= 0) throw new RecipeException(null, 1, 1, "expected one action line.");
            RecipeParseResult result;
            try
            {
                result = new RecipeParser().Parse("FORMAT dicom\n%header\n" + line);
            }
            catch (RecipeException ex)
            {
                throw new RecipeException(null, 1, ex.Column, ex.Reason);
            }
            if (result.Recipe.Header.Count != 1)
            {
                string why = result.Warnings.Count > 0 ? result.Warnings[0].Message : "expected ACTION FIELD [VALUE].";
                throw new RecipeException(null, 1, 1, why);
            }
            var a = result.Recipe.Header[0];
            return new HeaderAction(a.Action, a.Field, a.Value);
        }

        /// <summary>The action as a recipe line: <c>ACTION FIELD [VALUE]</c>.</summary>
        public override string ToString() => RecipeWriter.FormatAction(this);

        /// <inheritdoc/>
        public bool Equals(HeaderAction? other) =>
            other is not null && Action == other.Action && Field.Equals(other.Field) && Equals(Value, other.Value);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as HeaderAction);

        /// <inheritdoc/>
        public override int GetHashCode() => ((int)Action * 397) ^ Field.GetHashCode() ^ (Value?.GetHashCode() ?? 0);
    }
}
