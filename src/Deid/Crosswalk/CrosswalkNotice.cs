using System;

namespace Deid.Crosswalk
{
    /// <summary>What a crosswalk cell may have lost on its way through a spreadsheet (<see cref="CrosswalkNotice"/>).</summary>
    public enum CrosswalkNoticeKind
    {
        /// <summary>
        /// A cell in scientific notation (<c>1.23457E+14</c>): a spreadsheet took a long ID for a number and saved it shortened;
        /// its last digits are gone, and two IDs of one length and lead now read the same.
        /// </summary>
        ShortenedNumber,

        /// <summary>
        /// An original that reads as UTF-8 text decoded in an ANSI code page (<c>MÃ¼ller</c> for <c>Müller</c>): Excel on Windows
        /// opens a CSV without a byte order mark so, and saved back the text is the original.
        /// </summary>
        Mojibake,
    }

    /// <summary>
    /// A cell of a crosswalk that reads, but whose text a spreadsheet probably changed, so that it no longer leads back to the
    /// patient: named by file, line and column, never by its value (an original is a patient's identifier).
    /// </summary>
    public sealed class CrosswalkNotice
    {
        /// <summary>Creates a notice.</summary>
        public CrosswalkNotice(CrosswalkNoticeKind kind, string file, int line, string column, string message)
        {
            Kind = kind;
            File = file ?? throw new ArgumentNullException(nameof(file));
            Line = line;
            Column = column ?? throw new ArgumentNullException(nameof(column));
            Message = message ?? throw new ArgumentNullException(nameof(message));
        }

        /// <summary>What the cell looks like it lost.</summary>
        public CrosswalkNoticeKind Kind { get; }

        /// <summary>The crosswalk file.</summary>
        public string File { get; }

        /// <summary>The line the row starts on (1 is the header); 0 for a notice that counts the cells not named one by one.</summary>
        public int Line { get; }

        /// <summary>The column: Original or Replacement.</summary>
        public string Column { get; }

        /// <summary>A sentence naming file, line and column and what to do, without the cell's value.</summary>
        public string Message { get; }

        /// <inheritdoc/>
        public override string ToString() => Message;
    }
}
