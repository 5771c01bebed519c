using System;
using System.IO;
using System.Management.Automation;
using Deid.Dicom;
using Deid.Recipes;

namespace Deid.PowerShell
{
    /// <summary>ErrorRecords with stable ids and the file as target, so scripts can filter and batches can carry on.</summary>
    internal static class Errors
    {
        public static ErrorRecord PathNotFound(string path) =>
            new ErrorRecord(new ItemNotFoundException($"Cannot find path '{path}' because it does not exist.{SpacesAround(path)}{(path != null && Deid.Batch.UndecodableName.Holds(path) ? Deid.Batch.UndecodableName.Hint : string.Empty)}"), "PathNotFound", ErrorCategory.ObjectNotFound, path);

        // A path with spaces around it (a CSV cell typed by hand, a column padded by Excel) that names a file once trimmed: said,
        // not guessed, since a name may end with a space on Linux and macOS.
        private static string SpacesAround(string path)
        {
            if (string.IsNullOrEmpty(path)) return string.Empty;
            string trimmed = path.Trim();
            if (trimmed.Length == path.Length || trimmed.Length == 0 || !Path.IsPathRooted(trimmed)) return string.Empty;
            return File.Exists(trimmed) || Directory.Exists(trimmed)
                ? $" '{trimmed}' exists: the value has spaces around it (a CSV cell?); trim it (for example ForEach-Object {{ $_.Path = $_.Path.Trim(); $_ }})."
                : string.Empty;
        }

        /// <summary>
        /// A wildcard pattern that matched nothing, where a command cannot do its work without a file (an audit, a comparison):
        /// a listing's silence would read as success. Names the parameter and how brackets are written literally.
        /// </summary>
        public static ErrorRecord PatternMatchedNothing(string parameter, string pattern) =>
            new ErrorRecord(new ItemNotFoundException($"-{parameter} '{pattern}' matches no file (escape [ and ] with a backtick, `[, to name them literally)."), "PathNotFound", ErrorCategory.ObjectNotFound, pattern);

        // A per-file record with what to do about it: the message (the exception's, unless given) and a recommended action.
        private static ErrorRecord Advised(Exception ex, string id, ErrorCategory category, string path, string advice, string? message = null) =>
            new ErrorRecord(ex, id, category, path) { ErrorDetails = new ErrorDetails(message ?? ex.Message) { RecommendedAction = advice } };

        /// <summary>Turns an exception met while handling <paramref name="path"/> into a record naming file and offset.</summary>
        public static ErrorRecord ForFile(Exception ex, string path)
        {
            switch (ex)
            {
                case DicomFormatException dfe:
                    // A file this module cannot clean, or whose compression uses a feature its codecs do not implement, is
                    // complete: what helps is another decoder, not checking the file.
                    return Advised(dfe, "InvalidDicom", ErrorCategory.InvalidData, path, dfe.IsUnsupported
                        ? "Nothing was written for this file. Do what the message names: decompress it first where its compression is named (gdcmconv --raw, dcmdjpeg), convert it where its encoding is (dcmconv +te: explicit VR little endian), leave out the option it names, or correct the header it names; then clean it again."
                        : "Check that the file is a complete DICOM file; the offset shows where it breaks.");
                case Deid.Batch.DicomDirectoryNotSupportedException _:
                    return Advised(ex, "DicomDirectoryNotSupported", ErrorCategory.InvalidOperation, path,
                        "De-identify the files the DICOMDIR lists, then build a new DICOMDIR from the copies (dcmmkdir).");
                case Deid.Pixels.BurnedTextNotCleanedException { RegionsBlankNothing: true }:
                    return Advised(ex, "BurnedTextNotCleaned", ErrorCategory.InvalidData, path,
                        "Correct the label's coordinates: x0,y0,x1,y1 with x0 < x1 and y0 < y1, inside the image (ctpcoordinates: x,y,width,height); Test-DicomBurnedPixel shows the regions each file gets, and Clear-DicomPixel -Format Png draws them.");
                case Deid.Pixels.BurnedTextNotCleanedException _:
                    return Advised(ex, "BurnedTextNotCleaned", ErrorCategory.InvalidData, path,
                        "Add coordinates for the device to the recipe's label, add -Ocr to find the text, or run without -CleanPixels to copy the pixels as they are (with a warning); review the file's pixels (Clear-DicomPixel -Format Png draws them).");
                case Deid.Actions.LostCharacterException lost when lost.Character >= '\u0080' && lost.Character <= '\u009F':
                    // A C1 control is what Windows-1252's ’ Œ Š € become in a CSV read as Latin-1: the encoding, not the cell.
                    return Advised(ex, "ControlCharacter", ErrorCategory.InvalidData, path,
                        "Nothing was written for this file. Read the CSV as Windows-1252, Excel's \"CSV\" (Import-Csv -Encoding windows-1252 on PowerShell 7, -Encoding Default on Windows PowerShell 5.1), not as Latin1, or save it from Excel as \"CSV UTF-8\"; then run again.",
                        $"{path}: {ex.Message}");
                case Deid.Actions.LostCharacterException lost when lost.Character != '\uFFFD':
                    // Named first, as the other per-file messages are: a crosswalk of thousands of rows must say which row.
                    return Advised(ex, "ControlCharacter", ErrorCategory.InvalidData, path,
                        "Nothing was written for this file. Remove the control character from the variable (its crosswalk cell), then run again.",
                        $"{path}: {ex.Message}");
                case Deid.Actions.LostCharacterException _:
                    return Advised(ex, "LostCharacter", ErrorCategory.InvalidData, path,
                        "Read the crosswalk in its own encoding (Import-Csv -Encoding windows-1252 for Excel's \"CSV\" on PowerShell 7, -Encoding Default on Windows PowerShell 5.1), or save it from Excel as \"CSV UTF-8\"; then run again.",
                        $"{path}: {ex.Message}");
                case Deid.Actions.ValueTooLongException _:
                    return Advised(ex, "ValueTooLong", ErrorCategory.InvalidData, path,
                        "Nothing was written for this file. Shorten the value the recipe line gives (or the variable or function it names), or give it to an element whose VR holds long text (UT, UC).",
                        $"{path}: {ex.Message}");
                case Deid.Profile.HiddenElementException _:
                    return Advised(ex, "HiddenElement", ErrorCategory.InvalidData, path,
                        "Nothing was written for this file. Look at it with another reader (dcmdump, gdcmdump): if it lists the element named, the file is read differently by different readers; remove the element whose value holds it (REMOVE with its tag in the recipe) or repair the file at its source, then run again.");
                case Deid.Crosswalk.CrosswalkConflictException { WithinRun: true }:
                    // Neither key nor recipe is the cause, and another crosswalk would refuse it the same (QA F6).
                    return Advised(ex, "CrosswalkConflict", ErrorCategory.InvalidData, path,
                        "Nothing was written for this file. Give each original one new value: correct the row (or -Variables) that disagrees with the earlier file's, then run this file again (-SkipExisting leaves the copies already written).");
                case Deid.Crosswalk.CrosswalkConflictException _:
                    return Advised(ex, "CrosswalkConflict", ErrorCategory.InvalidData, path,
                        "Nothing was written for this file; its earlier copy and the crosswalk still agree. Run with the key and recipe the crosswalk was made with, or give this run a crosswalk of its own (another -CrosswalkPath).");
                case PixelSpoolException _:
                    return Advised(ex, "PixelSpoolFailed", ErrorCategory.WriteError, path,
                        "Nothing was written for this file. Free space in the temporary folder the message names, or set $env:TMPDIR ($env:TMP on Windows) to a folder with room and start a new PowerShell session (a session keeps the spool folder it made first); then run again.",
                        $"{path}: {ex.Message}");
                case Deid.Crosswalk.CrosswalkJournalException _:
                    return Advised(ex, "CrosswalkJournalNotWritten", ErrorCategory.WriteError, path,
                        "Nothing was written for this file. Free space where the crosswalk is (or let this account write there), then run again with -SkipExisting: the copies written before it are traced in the crosswalk.");
                case UnauthorizedAccessException _:
                    return new ErrorRecord(ex, "AccessDenied", ErrorCategory.PermissionDenied, path);
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, path);
                // Found while writing (another run wrote it meanwhile): the same error a run reports when it finds the output first.
                case OutputExistsException exists:
                    return Advised(ex, "OutputExists", ErrorCategory.ResourceExists, path,
                        "Add -Force to replace existing outputs, or -SkipExisting to leave them (a rerun, or another run writing the same folder).", $"{path}: {exists.Message}");
                case IOException _ when Deid.Batch.DiskFull.Is(ex):
                    return Advised(ex, "DiskFull", ErrorCategory.WriteError, path,
                        "Nothing was written for this file: no part of a copy is left. Free space where the outputs go (or give another -OutputFolder), then run again with -SkipExisting: the copies written before it are whole and are left as they are.",
                        $"{path}: {ex.Message}");
                case IOException _:
                    return new ErrorRecord(ex, "IOError", ErrorCategory.WriteError, path)
                    {
                        ErrorDetails = new ErrorDetails($"{path}: {ex.Message}"),
                    };
                default:
                    // What stops the command (out of memory, a missing assembly) is said as itself: no advice that the rest go on.
                    if (!IsExpected(ex) && !IsFatal(ex)) return Unexpected(ex, path);
                    return new ErrorRecord(ex, ex.GetType().Name, ErrorCategory.NotSpecified, path)
                    {
                        ErrorDetails = new ErrorDetails($"{path}: {ex.Message}"),
                    };
            }
        }

        // An exception no part of the module raises on purpose: said as such (its type named, the file not blamed), so that it
        // is reported rather than taken for a fault of the file.
        private static ErrorRecord Unexpected(Exception ex, string path) =>
            Advised(ex, "UnexpectedError", ErrorCategory.NotSpecified, path,
                "The other files go on; this one was not finished (an output is written whole or not at all). Unless the error comes from a value or function your script gave (-Variables, a func: script block), it is a bug in Deid: please report it with $error[0].Exception.ToString() and, if you can share it, the file's header (Get-DicomDataset).",
                $"{path}: an unexpected {ex.GetType().FullName} (not a known fault of the file): {ex.Message}");

        /// <summary>
        /// True for an exception met on one file that should not stop the batch: every exception but those that say the
        /// process or the module itself cannot go on (<see cref="IsFatal"/>). The codec's and the recipe's exceptions for bad
        /// input, file-system errors and PowerShell's errors from a user's func: ScriptBlock are that file's problem; anything
        /// else is unexpected, and <see cref="ForFile"/> says so (<c>UnexpectedError</c>) rather than blame the file.
        /// </summary>
        /// <remarks>
        /// Why not stop at an unexpected exception, as the module did until 2026-12-07: four of the fuzzer's findings of
        /// 2026-12-06 and 07 were such exceptions from one odd file, recipe value or variable, and each ended a whole batch of
        /// sound files. An output is written whole or not at all, so carrying on loses nothing; the record stays loud (its own
        /// id, the exception's type) and -ErrorAction Stop stops at it as at any file's error.
        /// </remarks>
        public static bool IsPerFile(Exception ex) => !IsFatal(ex);

        /// <summary>
        /// True for exceptions that say the process or the module cannot go on, whatever the file: memory or stack exhausted,
        /// an assembly missing, mismatched or failing to initialise, a stopped pipeline, a cancelled run. They stop the command.
        /// </summary>
        public static bool IsFatal(Exception ex) =>
            ex is OutOfMemoryException || ex is InsufficientExecutionStackException || ex is StackOverflowException || ex is AccessViolationException
            || ex is TypeLoadException || ex is TypeInitializationException || ex is MissingMemberException || ex is BadImageFormatException || ex is InvalidProgramException
            || ex is OperationCanceledException || ex is PipelineStoppedException || ex is System.Threading.ThreadAbortException;

        // Exceptions raised on purpose for one file (bad input, the file system, a user's ScriptBlock): reported as themselves.
        private static bool IsExpected(Exception ex) =>
            ex is DicomFormatException || ex is RecipeException || ex is Deid.Batch.DicomDirectoryNotSupportedException || ex is Deid.Pixels.BurnedTextNotCleanedException || ex is Deid.Actions.LostCharacterException || ex is Deid.Actions.ValueTooLongException || ex is Deid.Profile.HiddenElementException || ex is IOException || ex is UnauthorizedAccessException || ex is RuntimeException;

        /// <summary>
        /// Hands each value of a <see cref="Deid.Batch.FileWindow{T}"/> to <paramref name="write"/> in input order, and reports a
        /// file whose reading failed in its place; an exception that is no per-file problem is rethrown as it was raised.
        /// </summary>
        public static void WriteInOrder<T>(Cmdlet cmdlet, System.Collections.Generic.IReadOnlyList<Deid.Batch.FileWindowResult<T>> results, Action<string, T> write)
        {
            foreach (var r in results)
            {
                if (r.Error is Exception ex)
                {
                    if (!IsPerFile(ex)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex).Throw();
                    cmdlet.WriteError(ForFile(ex, r.Path));
                    continue;
                }
                write(r.Path, r.Value!);
            }
        }

        /// <summary>A record for a recipe that could not be loaded: bad text names file, line and column; a missing file or name is not found.</summary>
        public static ErrorRecord ForRecipe(Exception error)
        {
            switch (error)
            {
                case RecipeException rex:
                    return new ErrorRecord(rex, "InvalidRecipe", ErrorCategory.ParserError, rex.SourceName)
                    {
                        ErrorDetails = new ErrorDetails(rex.Message) { RecommendedAction = "Correct the recipe text at the line and column given." },
                    };
                case FileNotFoundException fex:
                    return new ErrorRecord(fex, "RecipeNotFound", ErrorCategory.ObjectNotFound, fex.FileName);
                default:
                    return new ErrorRecord(error, "RecipeReadFailed", ErrorCategory.ReadError, null);
            }
        }
    }
}
