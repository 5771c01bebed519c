using Deid.Actions;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// A variable that reads like UTF-8 decoded as Latin-1 or Windows-1252 (a CSV read in the wrong encoding) is told from
    /// names that hold Ã or Â as letters.
    /// </summary>
    public class MisreadTextTests
    {
        [Theory]
        [InlineData("MÃ¼ller^JÃ¼rgen", true)]   // ü read as Latin-1
        [InlineData("MÃœLLER", true)]           // Ü read as Windows-1252 (0x9C is œ there)
        [InlineData("Ã‰MILE", true)]            // É read as Windows-1252 (0x89 is ‰)
        [InlineData("NÂ°12", true)]              // ° (C2 B0)
        [InlineData("JOÃO^SILVA", false)]       // Portuguese Ã before a letter
        [InlineData("Müller", false)]
        [InlineData("Ã", false)]
        [InlineData("", false)]
        public void IsMisreadUtf8_TakesTheTwoByteFormsOfLatinLetters(string text, bool expected) =>
            Assert.Equal(expected, SpreadsheetVariableCheck.IsMisreadUtf8(text));
    }
}
