using System;

namespace Deid.Actions
{
    /// <summary>
    /// A variable a recipe writes holds U+FFFD, what a byte that was not UTF-8 became when the text was read: a crosswalk
    /// saved by Excel as "CSV" (Windows-1252) and read by Import-Csv as UTF-8, so "Müller" arrives as "M\uFFFDller". Written
    /// on, the letter is lost for good and the copy no longer matches the crosswalk, so the file is not written; the batch
    /// goes on (recipes and the module's own crosswalk files are refused the same way, at their line).
    /// </summary>
    public sealed class LostCharacterException : Exception
    {
        /// <summary>Creates the exception for variable <paramref name="variable"/>, to be written to <paramref name="field"/>.</summary>
        public LostCharacterException(string location, string variable, string field)
            : base($"{location}: variable '{variable}' holds U+FFFD, a character lost when the text was read (a CSV saved in another encoding than UTF-8); {field} would be written without it, so the file is not written.")
        {
            Variable = variable;
            Field = field;
        }

        /// <summary>The variable holding the lost character.</summary>
        public string Variable { get; }

        /// <summary>The element it was to be written to.</summary>
        public string Field { get; }
    }
}
