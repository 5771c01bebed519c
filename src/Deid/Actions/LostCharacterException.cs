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
            : this(location, variable, field, '\uFFFD')
        {
        }

        /// <summary>
        /// Creates the exception for <paramref name="character"/>: U+FFFD (a character lost when the text was read), or a control
        /// character no DICOM text value of the element's VR may hold (a NUL or an escape from a stray byte in a crosswalk cell,
        /// which dciodvfy rejects; QA 2026-12-07: it was written without a word).
        /// </summary>
        public LostCharacterException(string location, string variable, string field, char character)
            : base(character == '\uFFFD'
                ? $"{location}: variable '{variable}' holds U+FFFD, a character lost when the text was read (a CSV saved in another encoding than UTF-8); {field} would be written without it, so the file is not written."
                : $"{location}: variable '{variable}' holds the control character U+{(int)character:X4}, which no {field} value may hold ({(character >= '\u0080' && character <= '\u009F' ? "Windows-1252 text, Excel's \"CSV\", read as Latin-1?" : "a stray byte in a crosswalk cell?")}); the file is not written.")
        {
            Variable = variable;
            Field = field;
            Character = character;
        }

        /// <summary>The character: U+FFFD, or the first control character the variable holds.</summary>
        public char Character { get; } = '\uFFFD';

        /// <summary>The variable holding the lost character.</summary>
        public string Variable { get; }

        /// <summary>The element it was to be written to.</summary>
        public string Field { get; }
    }
}
