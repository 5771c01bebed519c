using Deid.Ocr;
using Xunit;

namespace Deid.Tests.Ocr
{
    public class OcrTextTests
    {
        [Theory]
        [InlineData("John", "JOHN")]
        [InlineData("J0HN", "JOHN")]
        [InlineData("5MITH", "SMITH")]
        [InlineData("Müller-Lüdenscheidt", "MUIIERIUDENSCHEIDT")]
        [InlineData("DOE^JOHN", "DOEJOHN")]
        [InlineData("1958-02-14", "I9SBOZI4")]
        [InlineData("", "")]
        public void CanonicalFoldsCaseAccentsPunctuationAndConfusables(string text, string expected) =>
            Assert.Equal(expected, OcrText.Canonical(text));

        [Theory]
        [InlineData("FLOREMTIME", "FLORENTINE", true)]  // two substitutions in ten letters
        [InlineData("FLORENTTINE", "FLORENTINE", true)] // a doubled letter
        [InlineData("FLORNTINE", "FLORENTINE", true)]   // a lost letter
        [InlineData("SMYTHE", "SMITH", false)]          // two edits in five letters
        [InlineData("SMITT", "SMITH", true)]
        [InlineData("DOE", "DOE", true)]
        [InlineData("DOF", "DOE", false)]               // short words must match exactly
        [InlineData("MARTINEZ", "MARTIN", false)]
        public void FuzzyMatchToleratesTypicalOcrErrorsOnly(string read, string value, bool same)
        {
            string target = OcrText.Canonical(value);
            Assert.Equal(same, OcrText.WithinEdits(OcrText.Canonical(read), target, OcrText.AllowedEdits(target.Length)));
        }

        [Theory]
        [InlineData("19580214")]
        [InlineData("1958-02-14")]
        [InlineData("14/02/1958")]
        [InlineData("02/14/1958")]
        [InlineData("14.02.58")]
        [InlineData("14.02.1958")]
        [InlineData("Feb 14 1958")]
        [InlineData("14-FEB-1958")]
        [InlineData("February 14, 1958")]
        [InlineData("14 February 1958")]
        [InlineData("2/14/1958")]
        public void DateFormsCoverTheUsualPrintedForms(string printed) =>
            Assert.Contains(OcrText.Canonical(printed), DateForms.Of("19580214"));

        [Theory]
        [InlineData("")]
        [InlineData("1958")]
        [InlineData("19581314")]
        [InlineData("ABCDEFGH")]
        public void DateFormsOfSomethingThatIsNoDateAreEmpty(string value) => Assert.Empty(DateForms.Of(value));
    }
}
