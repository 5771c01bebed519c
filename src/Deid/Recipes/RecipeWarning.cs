namespace Deid.Recipes
{
    /// <summary>
    /// Something in a recipe that deid 0.4.12 ignores, skips or reads differently from how it looks; returned as data so that callers
    /// (a cmdlet's WriteWarning, a test) decide how to show it.
    /// </summary>
    public sealed class RecipeWarning
    {
        /// <summary>Creates a warning.</summary>
        public RecipeWarning(string? source, int line, int column, string message)
            : this(source, line, column, message, false)
        {
        }

        internal RecipeWarning(string? source, int line, int column, string message, bool isNotice)
        {
            IsNotice = isNotice;
            SourceName = source;
            Line = line;
            Column = column;
            Message = message;
        }

        /// <summary>The recipe file or name; null for text without one.</summary>
        public string? SourceName { get; }

        /// <summary>The 1-based line (0 when the warning is not about a line).</summary>
        public int Line { get; }

        /// <summary>The 1-based column (0 when not known).</summary>
        public int Column { get; }

        /// <summary>What is wrong and what deid does with it.</summary>
        public string Message { get; }

        /// <summary>
        /// True for a note about how the recipe was chosen (no recipe given: the default is used) rather than about recipe text;
        /// <c>-Strict</c> leaves it a warning.
        /// </summary>
        public bool IsNotice { get; }

        /// <summary>The warning as an error at the same place, for <c>-Strict</c>.</summary>
        public RecipeException ToError() => new RecipeException(SourceName, Line, Column, Message + " (a warning, an error with -Strict)");

        /// <summary>"source:line:column: message".</summary>
        public override string ToString() =>
            Line > 0 ? $"{SourceName ?? "<recipe>"}:{Line}:{Column}: {Message}" : SourceName == null ? Message : $"{SourceName}: {Message}";
    }
}
