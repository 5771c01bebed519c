namespace Deid.Recipes
{
    /// <summary>A filter test (deid's <c>filters</c> tuple, deid/config/standards.py).</summary>
    public enum FilterPredicate
    {
        /// <summary>contains FIELD REGEX: a value of the field, lower-cased and trimmed, matches the lower-cased regular expression (search).</summary>
        Contains,

        /// <summary>notcontains FIELD REGEX: the negation of <see cref="Contains"/>.</summary>
        NotContains,

        /// <summary>equals FIELD TEXT: a value of the field equals the text, ignoring case and surrounding whitespace ('|' is not special).</summary>
        Equals,

        /// <summary>notequals FIELD TEXT: the negation of <see cref="Equals"/>.</summary>
        NotEquals,

        /// <summary>missing FIELD: the field is absent (or its value is None).</summary>
        Missing,

        /// <summary>present FIELD: not <see cref="Missing"/>.</summary>
        Present,

        /// <summary>empty FIELD: the field is present and its value is empty; an absent field is not empty.</summary>
        Empty,
    }
}
