using System;
using System.Collections.Generic;
using System.Globalization;
using Deid.Fields;

namespace Deid.Recipes
{
    /// <summary>The actions of <c>%values</c> and <c>%fields</c> groups.</summary>
    public enum GroupActionKind
    {
        /// <summary>FIELD SPEC: in %fields the elements SPEC selects; in %values their whole values.</summary>
        Field,

        /// <summary>SPLIT SPEC [by="X";minlength=N]: (%values only) the values SPEC selects, split by X (default a space), parts of at least N characters (default 1).</summary>
        Split,
    }

    /// <summary>The parameters of a SPLIT action as deid's <c>extract_values_list</c> reads them.</summary>
    public sealed class SplitOptions : IEquatable<SplitOptions>
    {
        /// <summary>Creates options.</summary>
        public SplitOptions(string by = " ", int minLength = 1)
        {
            if (string.IsNullOrEmpty(by)) throw new ArgumentException("The split separator cannot be empty.", nameof(by));
            By = by;
            MinLength = minLength;
        }

        /// <summary>The separator (quotes around it removed); a space when not given.</summary>
        public string By { get; }

        /// <summary>The shortest part kept; 1 when not given.</summary>
        public int MinLength { get; }

        /// <summary>
        /// Reads <c>by="^";minlength=4</c>: parameters separated by ';', each NAME=VALUE with exactly one '='; minlength must be an
        /// integer; by is trimmed of single then double quotes. Unknown names are ignored (reported in <paramref name="ignored"/>).
        /// </summary>
        public static bool TryParse(string text, out SplitOptions options, out string? error, out List<string> ignored)
        {
            options = null!;
            error = null;
            ignored = new List<string>();
            string by = " ";
            int minLength = 1;
            foreach (var param in (text ?? "").Split(';'))
            {
                var pieces = param.Split('=');
                if (pieces.Length != 2)
                {
                    error = $"expected NAME=VALUE parameters separated by ';' (by=\"^\";minlength=4), found '{param}'.";
                    return false;
                }
                string name = pieces[0].Trim(), value = pieces[1].Trim();
                if (name == "minlength")
                {
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out minLength))
                    {
                        error = $"expected an integer for minlength, found '{value}'.";
                        return false;
                    }
                }
                else if (name == "by")
                {
                    by = value.Trim('\'').Trim('"');
                    if (by.Length == 0)
                    {
                        error = "expected a separator after by= (deid cannot split by an empty string)";
                        return false;
                    }
                }
                else
                {
                    ignored.Add(name);
                }
            }
            options = new SplitOptions(by, minLength);
            return true;
        }

        /// <inheritdoc/>
        public bool Equals(SplitOptions? other) => other is not null && By == other.By && MinLength == other.MinLength;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as SplitOptions);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(By) ^ MinLength;

        /// <summary>"by=X;minlength=N".</summary>
        public override string ToString() => $"by=\"{By}\";minlength={MinLength.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>One FIELD or SPLIT line of a group. Equality compares action, field and value text.</summary>
    public sealed class GroupAction : IEquatable<GroupAction>
    {
        /// <summary>Creates a group action; <paramref name="value"/> is the parameter text (SPLIT) or text deid keeps but ignores (FIELD in %values).</summary>
        public GroupAction(GroupActionKind action, FieldSpec field, string? value = null, string? source = null, int line = 0)
        {
            Action = action;
            Field = field ?? throw new ArgumentNullException(nameof(field));
            if (value != null)
            {
                string? why = RecipeWriter.Unwritable(value, tokenized: true);
                if (why != null) throw new ArgumentException($"'{value}' cannot be written after {(action == GroupActionKind.Split ? "SPLIT" : "FIELD")}: {why}.", nameof(value));
            }
            Value = value;
            Source = source;
            Line = line;
            if (action == GroupActionKind.Split)
            {
                if (value is null) Split = new SplitOptions();
                else if (SplitOptions.TryParse(value, out var options, out var error, out _)) Split = options;
                else throw new ArgumentException(error, nameof(value));
            }
        }

        /// <summary>Creates a group action from its words: <c>[GroupAction]::new('SPLIT', 'PatientName', 'by="^";minlength=3')</c>.</summary>
        public GroupAction(string action, string field, string? value = null)
            : this(ParseKind(action), FieldSpec.Parse(field), value)
        {
        }

        /// <summary>FIELD or SPLIT.</summary>
        public GroupActionKind Action { get; }

        /// <summary>The field or expander.</summary>
        public FieldSpec Field { get; }

        /// <summary>The parameter text after the field, or null.</summary>
        public string? Value { get; }

        /// <summary>The SPLIT parameters (defaults when none were written); null for FIELD.</summary>
        public SplitOptions? Split { get; }

        /// <summary>The recipe the line was read from.</summary>
        public string? Source { get; }

        /// <summary>The 1-based line.</summary>
        public int Line { get; }

        /// <summary>FIELD or SPLIT, as recipes write it.</summary>
        public string ActionName => Action == GroupActionKind.Split ? "SPLIT" : "FIELD";

        private static GroupActionKind ParseKind(string action) => action?.Trim().ToUpperInvariant() switch
        {
            "FIELD" => GroupActionKind.Field,
            "SPLIT" => GroupActionKind.Split,
            _ => throw new ArgumentException($"'{action}' is not a group action; expected FIELD or SPLIT.", nameof(action)),
        };

        /// <summary>The line as recipe text.</summary>
        public override string ToString() => Value is null ? $"{ActionName} {Field}" : $"{ActionName} {Field} {Value}";

        /// <inheritdoc/>
        public bool Equals(GroupAction? other) =>
            other is not null && Action == other.Action && Field.Equals(other.Field) && string.Equals(Value, other.Value, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as GroupAction);

        /// <inheritdoc/>
        public override int GetHashCode() => (int)Action ^ Field.GetHashCode() ^ (Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value));
    }

    /// <summary>A named <c>%values</c> or <c>%fields</c> group.</summary>
    public abstract class RecipeGroup
    {
        /// <summary>Creates an empty group.</summary>
        protected RecipeGroup(string name) => Name = name;

        private string _name = "";

        /// <summary>The group name, referenced as values:NAME or fields:NAME.</summary>
        public string Name
        {
            get => _name;
            set => _name = RecipeNames.CheckGroupName(value);
        }

        /// <summary>The FIELD/SPLIT lines in order.</summary>
        public List<GroupAction> Actions { get; } = new List<GroupAction>();

        /// <summary>"values" or "fields".</summary>
        public abstract string SectionName { get; }

        /// <summary>"%values NAME (n actions)".</summary>
        public override string ToString() => $"%{SectionName} {Name} ({Actions.Count} actions)";

        /// <summary>True when both groups have the same type, name and actions.</summary>
        protected bool GroupEquals(RecipeGroup? other) =>
            other is not null && other.GetType() == GetType() && string.Equals(Name, other.Name, StringComparison.Ordinal)
            && RecipeEquality.SequenceEqual(Actions, other.Actions);

        /// <summary>Hash of name and count.</summary>
        protected int GroupHash() => StringComparer.Ordinal.GetHashCode(Name) ^ Actions.Count;
    }

    /// <summary>A <c>%values NAME</c> group: values extracted from the dataset (FIELD and SPLIT).</summary>
    public sealed class ValuesGroup : RecipeGroup, IEquatable<ValuesGroup>
    {
        /// <summary>Creates an empty values group.</summary>
        public ValuesGroup(string name) : base(name) { }

        /// <inheritdoc/>
        public override string SectionName => "values";

        /// <summary>A copy with its own action list.</summary>
        public ValuesGroup Clone()
        {
            var c = new ValuesGroup(Name);
            c.Actions.AddRange(Actions);
            return c;
        }

        /// <inheritdoc/>
        public bool Equals(ValuesGroup? other) => GroupEquals(other);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as ValuesGroup);

        /// <inheritdoc/>
        public override int GetHashCode() => GroupHash();
    }

    /// <summary>A <c>%fields NAME</c> group: elements selected by FIELD lines.</summary>
    public sealed class FieldsGroup : RecipeGroup, IEquatable<FieldsGroup>
    {
        /// <summary>Creates an empty fields group.</summary>
        public FieldsGroup(string name) : base(name) { }

        /// <inheritdoc/>
        public override string SectionName => "fields";

        /// <summary>A copy with its own action list.</summary>
        public FieldsGroup Clone()
        {
            var c = new FieldsGroup(Name);
            c.Actions.AddRange(Actions);
            return c;
        }

        /// <inheritdoc/>
        public bool Equals(FieldsGroup? other) => GroupEquals(other);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as FieldsGroup);

        /// <inheritdoc/>
        public override int GetHashCode() => GroupHash();
    }
}
