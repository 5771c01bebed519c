using System.Collections.Generic;
using System.Linq;

namespace Deid.Recipes
{
    /// <summary>
    /// The warnings and errors of one parse, each naming the source, line and column; shared by the parser, the %filter grammar and
    /// the lint checks so they all report positions the same way. Errors are collected, not only thrown: a parse goes on after a bad
    /// line so that one load reports every problem of the file.
    /// </summary>
    internal sealed class RecipeDiagnostics
    {
        public RecipeDiagnostics(string? source) => Source = source;

        public string? Source { get; }

        public List<RecipeWarning> Warnings { get; } = new List<RecipeWarning>();

        public List<RecipeException> Errors { get; } = new List<RecipeException>();

        public RecipeException Error(SourceLine line, int indexInContent, string message) =>
            new RecipeException(Source, line.Number, line.Column(indexInContent), message);

        public void Warn(SourceLine line, int indexInContent, string message) =>
            Warnings.Add(new RecipeWarning(Source, line.Number, line.Column(indexInContent), message));

        /// <summary>Records an error and lets the parse go on with the next line.</summary>
        public void Fail(RecipeException error) => Errors.Add(error);

        /// <summary>Throws the first error by position, carrying all of them in the order of the file, when there was any.</summary>
        public void ThrowIfFailed()
        {
            if (Errors.Count == 0) return;
            // Checks of the whole file (a missing FORMAT line) are made after every line was read but point at a line of their
            // own: the message reads top to bottom, as an editor would show them. The sort is stable, so errors of one line keep
            // the order they were found in.
            var ordered = Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
            throw ordered[0].WithAll(ordered, Warnings);
        }
    }
}
