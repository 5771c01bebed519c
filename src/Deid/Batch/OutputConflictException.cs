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
            : this(sourcePath, outputPath, otherSource, overwritesInput: false)
        {
        }

        /// <summary>
        /// As <see cref="OutputConflictException(string, string, string)"/>; with <paramref name="overwritesInput"/>, the output is
        /// another input of the batch (<see cref="OtherSource"/>), which is never replaced, even with -Force.
        /// </summary>
        public OutputConflictException(string sourcePath, string outputPath, string? otherSource, bool overwritesInput)
            : base(overwritesInput
                ? $"'{sourcePath}' would be written to '{outputPath}', which is an input of this batch: inputs are never replaced, even with -Force. Write the copies to a folder of their own (-OutputFolder)."
                : otherSource == null
                ? $"'{outputPath}' already exists; it is replaced only with -Force (or skipped with -SkipExisting)."
                : string.Equals(System.IO.Path.GetFullPath(sourcePath), System.IO.Path.GetFullPath(otherSource), System.StringComparison.Ordinal)
                ? $"'{sourcePath}' was given twice in this batch; its copy '{outputPath}' is written once."
                : $"'{sourcePath}' would be written to '{outputPath}', which '{otherSource}' of this batch already writes; {Remedy(sourcePath, otherSource)}")
        {
            SourcePath = sourcePath;
            OutputPath = outputPath;
            OtherSource = overwritesInput ? outputPath : otherSource;
            OverwritesInput = overwritesInput;
        }

        // Two files of one name in different folders are a tree flattened into one folder (Get-ChildItem -Recurse piped without
        // -RelativeTo): keeping the folders is the fix, and the one the message should name first.
        private static string Remedy(string sourcePath, string otherSource) =>
            string.Equals(System.IO.Path.GetFileName(sourcePath), System.IO.Path.GetFileName(otherSource), System.StringComparison.Ordinal)
            && !string.Equals(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(sourcePath)), System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(otherSource)), System.StringComparison.Ordinal)
                ? "the same file name in two folders: keep their folders below -OutputFolder with -RelativeTo <the folder they are under> (or -Path <folder> -Recurse), or name the copies from the header with -OutputName."
                : "give the inputs distinct names (another -OutputName) or separate output folders.";

        /// <summary>The input that was not written.</summary>
        public string SourcePath { get; }

        /// <summary>The output that is taken.</summary>
        public string OutputPath { get; }

        /// <summary>The other input of the batch that writes the output (or, with <see cref="OverwritesInput"/>, is it), or null when the output exists on disk.</summary>
        public string? OtherSource { get; }

        /// <summary>True when the output is another input of the batch, which no copy replaces.</summary>
        public bool OverwritesInput { get; }
    }
}
