using System;

namespace Deid.Recipes
{
    /// <summary>Recipe text that cannot be read: says where (source, line, column) and what was expected there.</summary>
    public sealed class RecipeException : Exception
    {
        /// <summary>Creates the exception; the message is prefixed with "source:line:column: ".</summary>
        public RecipeException(string? source, int line, int column, string message)
            : base(Format(source, line, column, message))
        {
            SourceName = source;
            Line = line;
            Column = column;
            Reason = message;
        }

        /// <summary>The recipe file or name; null for text without one.</summary>
        public string? SourceName { get; }

        /// <summary>The 1-based line.</summary>
        public int Line { get; }

        /// <summary>The 1-based column.</summary>
        public int Column { get; }

        /// <summary>The message without the location.</summary>
        public string Reason { get; }

        private static string Format(string? source, int line, int column, string message) =>
            $"{source ?? "<recipe>"}:{line}:{column}: {message}";
    }
}
