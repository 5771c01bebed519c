using System;
using System.Collections.Generic;

namespace Deid.Recipes
{
    /// <summary>Recipe text that cannot be read: says where (source, line, column) and what was expected there.</summary>
    public sealed class RecipeException : Exception
    {
        private IReadOnlyList<RecipeException>? _errors;

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

        /// <summary>
        /// Every error found in the same recipe text, this one first: the parser goes on after a bad line, so one load reports
        /// them all (a fix-one-rerun-find-the-next loop is what users met before).
        /// </summary>
        public IReadOnlyList<RecipeException> Errors => _errors ?? new[] { this };

        /// <summary>
        /// The warnings met in the same text (a misspelt keyword beside an unknown action): a recipe that fails still reports
        /// every doubt, so that all its mistakes are fixed in one round.
        /// </summary>
        public IReadOnlyList<RecipeWarning> Warnings { get; private set; } = Array.Empty<RecipeWarning>();

        internal RecipeException WithAll(List<RecipeException> errors, List<RecipeWarning>? warnings = null)
        {
            _errors = errors.ToArray();
            if (warnings != null) Warnings = warnings.ToArray();
            return this;
        }

        private static string Format(string? source, int line, int column, string message) =>
            $"{source ?? "<recipe>"}:{line}:{column}: {message}";
    }
}
