namespace Deid.Recipes
{
    /// <summary>How a test or a criteria line joins what comes before it.</summary>
    public enum FilterOperator
    {
        /// <summary>The first test of a line, or a line written without an operator.</summary>
        None,

        /// <summary>'+' (deid's "and").</summary>
        And,

        /// <summary>'||' (deid's "or").</summary>
        Or,
    }
}
