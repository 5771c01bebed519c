namespace Deid.Recipes
{
    /// <summary>
    /// The header actions deid 0.4.12 stores (<c>parse_config_action</c>); the keyword must be written in upper case.
    /// Their recipe keywords live in <see cref="HeaderActionKeywords"/>, the one table every reader and writer of them uses.
    /// </summary>
    public enum HeaderActionKind
    {
        /// <summary>ADD FIELD VALUE: add the element, or overwrite it when present.</summary>
        Add,

        /// <summary>BLANK FIELD: keep the element with an empty value.</summary>
        Blank,

        /// <summary>JITTER FIELD DAYS: shift a DA/DT value by a number of days.</summary>
        Jitter,

        /// <summary>KEEP FIELD: protect the elements from every other action (deid removes them from the candidates).</summary>
        Keep,

        /// <summary>REPLACE FIELD VALUE: set the value of elements that are present.</summary>
        Replace,

        /// <summary>REMOVE FIELD [CONDITION]: delete the elements (unless a REPLACE or JITTER also selects them); an optional func: decides per element.</summary>
        Remove,
    }
}
