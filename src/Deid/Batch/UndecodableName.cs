using System.IO;

namespace Deid.Batch
{
    /// <summary>
    /// A folder entry whose name on disk is not valid UTF-8 (a file copied from an old Latin-1 share, "M\xfcller.dcm"): .NET
    /// lists it with U+FFFD in place of the bytes it could not decode, and cannot pass that name back to the file system, so
    /// the entry can be neither read nor told from a hidden one (its attributes read as all set). Listings leave hidden
    /// entries out, so such a file was dropped without a word from -Path folder/* and -Recurse (QA: a folder of 11 files gave
    /// 10 copies and no error); it is reported instead.
    /// </summary>
    public static class UndecodableName
    {
        /// <summary>True when <paramref name="entry"/>, as listed, names nothing the file system can find because of its name.</summary>
        /// <remarks>A name starting with a dot is hidden whatever its other bytes, and left out as hidden.</remarks>
        public static bool Is(FileSystemInfo entry) =>
            entry.Name.IndexOf('\uFFFD') >= 0 && !entry.Name.StartsWith(".", System.StringComparison.Ordinal) && !File.Exists(entry.FullName) && !Directory.Exists(entry.FullName);

        /// <summary>True when <paramref name="path"/> holds U+FFFD: a name read from a listing whose bytes were not UTF-8.</summary>
        public static bool Holds(string path) => path.IndexOf('\uFFFD') >= 0;

        /// <summary>Why such an entry cannot be opened, and what to do (the error record names its path).</summary>
        public static IOException Error() => new IOException(
            $"its name on disk is not valid UTF-8 (U+FFFD stands for the bytes that could not be decoded), and .NET can open only names it can decode. Rename it with a UTF-8 name (convmv -f latin1 -t utf8 --notest, or mv), then run again; the other files go on.");

        /// <summary>The hint for a path that was not found and holds U+FFFD (a name from [IO.Directory]::EnumerateFiles, say).</summary>
        /// <remarks>A CSV's Path cell read in the wrong encoding holds it too, and is the likelier cause for a row (QA of 2026-12-07).</remarks>
        public const string Hint = " Its name holds U+FFFD: if it came from a CSV's Path cell, the CSV is not UTF-8 (Excel's \"CSV\" is Windows-1252): read it with Import-Csv -Encoding windows-1252 (-Encoding Default on Windows PowerShell 5.1) or save it as \"CSV UTF-8\"; if it came from a folder listing, the name on disk is probably not valid UTF-8, which .NET cannot open: rename it with a UTF-8 name (convmv -f latin1 -t utf8 --notest, or mv).";
    }
}
