using System.IO;

namespace Deid.Batch
{
    /// <summary>
    /// A file's output is taken: it exists already (replaced only with -Force), or another input of the same batch writes it
    /// (never replaced). The file is not written; the batch goes on.
    /// </summary>
    public sealed class OutputConflictException : IOException
    {
        /// <summary>Creates the exception for <paramref name="sourcePath"/>, whose output <paramref name="outputPath"/> is taken.</summary>
        public OutputConflictException(string sourcePath, string outputPath, string? otherSource)
            : base(otherSource == null
                ? $"'{outputPath}' already exists; it is replaced only with -Force (or skipped with -SkipExisting)."
                : string.Equals(System.IO.Path.GetFullPath(sourcePath), System.IO.Path.GetFullPath(otherSource), System.StringComparison.Ordinal)
                ? $"'{sourcePath}' was given twice in this batch; its copy '{outputPath}' is written once."
                : $"'{sourcePath}' would be written to '{outputPath}', which '{otherSource}' of this batch already writes; give the inputs distinct names (another -OutputName) or separate output folders.")
        {
            SourcePath = sourcePath;
            OutputPath = outputPath;
            OtherSource = otherSource;
        }

        /// <summary>The input that was not written.</summary>
        public string SourcePath { get; }

        /// <summary>The output that is taken.</summary>
        public string OutputPath { get; }

        /// <summary>The other input of the batch that writes the output, or null when the output exists on disk.</summary>
        public string? OtherSource { get; }
    }
}
