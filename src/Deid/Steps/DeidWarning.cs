using System;

namespace Deid.Steps
{
    /// <summary>
    /// A problem that did not stop a file: which file, which field, what happened and of what kind, so that a runbook can filter
    /// (<c>Where-Object Kind -eq MissingVariable</c>) instead of matching message text. Prints as its message.
    /// </summary>
    public sealed class DeidWarning
    {
        /// <summary>Creates a warning.</summary>
        public DeidWarning(DeidWarningKind kind, string message, string? file = null, string? field = null, string? step = null)
        {
            Kind = kind;
            Message = message ?? throw new ArgumentNullException(nameof(message));
            File = file;
            Field = field;
            Step = step;
        }

        /// <summary>What kind of problem it is.</summary>
        public DeidWarningKind Kind { get; }

        /// <summary>The full message, with the recipe line that caused it where there is one.</summary>
        public string Message { get; }

        /// <summary>The input file, or null when not known.</summary>
        public string? File { get; }

        /// <summary>The field concerned (a tag path such as <c>(0008,1110)__0__(0008,1155)</c> or the recipe's field text), or null.</summary>
        public string? Field { get; }

        /// <summary>The step that raised it (<c>Header</c>, <c>Pixels</c>, ...), or null.</summary>
        public string? Step { get; }

        /// <summary>
        /// For a warning a batch gives once (burned-in annotation copied, a variable written nowhere): what it is about. Only the
        /// first file in input order that has it keeps it (<see cref="Deid.Batch.DeidFileResult.KeepFirstOnceWarnings"/>), so
        /// the file it names is the same whatever order parallel workers finish in. Null for a warning of one file.
        /// </summary>
        public string? OnceKey { get; init; }

        /// <summary>The message: warnings print, log and export as text.</summary>
        public override string ToString() => Message;
    }
}
