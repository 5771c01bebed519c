using System.Collections.Generic;

namespace Deid.Recipes
{
    /// <summary>
    /// The warnings of one parse and the errors it throws, each naming the source, line and column; shared by the parser, the
    /// %filter grammar and the lint checks so they all report positions the same way.
    /// </summary>
    internal sealed class RecipeDiagnostics
    {
        public RecipeDiagnostics(string? source) => Source = source;

        public string? Source { get; }

        public List<RecipeWarning> Warnings { get; } = new List<RecipeWarning>();

        public RecipeException Error(SourceLine line, int indexInContent, string message) =>
            new RecipeException(Source, line.Number, line.Column(indexInContent), message);

        public void Warn(SourceLine line, int indexInContent, string message) =>
            Warnings.Add(new RecipeWarning(Source, line.Number, line.Column(indexInContent), message));
    }
}
