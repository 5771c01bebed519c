using System.Collections.Generic;
using System.Linq;
using Deid.Dicom;
using Deid.Ocr;
using Xunit;

namespace Deid.Tests.Ocr
{
    public class OcrMatcherTests
    {
        private static OcrTargetSet Targets(string name = "FLORENTINE^AB", string id = "PX104857", string birth = "19580214")
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTags.PatientName, DicomVR.PN, name);
            ds.SetString(DicomTags.PatientID, DicomVR.LO, id);
            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, birth);
            ds.SetString(DicomTags.InstitutionName, DicomVR.LO, "Springfield General Hospital");
            var seq = ds.GetOrAddSequence(DicomTags.RequestAttributesSequence).AddItem();
            seq.SetString(DicomTags.ScheduledPerformingPhysicianName, DicomVR.PN, "HIBBERT^JULIUS");
            return OcrTargetSet.FromDataset(ds);
        }

        // Words on one line, 10 px apart, each 10 px per character and 20 px high.
        private static List<OcrWord> Line(int line, params string[] texts)
        {
            var words = new List<OcrWord>();
            int x = 10;
            foreach (string t in texts)
            {
                words.Add(new OcrWord(t, 90, x, line * 40, t.Length * 10, 20, 1, 1, line));
                x += t.Length * 10 + 10;
            }
            return words;
        }

        private static IReadOnlyList<OcrFinding> Match(OcrTargetSet targets, IReadOnlyList<OcrWord> words, OcrScope scope = OcrScope.Identifiers) =>
            new OcrMatcher(targets, scope).Match(words, 1, 2000, 2000);

        [Fact]
        public void NameMisreadByOcrStillMatchesAndShortGivenNameOnlyBesideIt()
        {
            var words = Line(0, "FLOREMTIME", "AB").Concat(Line(1, "AB", "MODE")).ToList();
            var found = Match(Targets(), words);
            var f = Assert.Single(found);
            Assert.Equal("PatientName", f.Field);
            Assert.Equal(0, f.Y0 > 0 ? 0 : f.Y0);
            Assert.True(f.X1 >= words[1].Right, "the short given name beside the family name is part of the rectangle");
            Assert.True(f.Y1 < 40, "the 'AB' on the next line, alone, is left alone");
        }

        [Theory]
        [InlineData("FLORENTINE", "CASPER")]
        [InlineData("CASPER", "FLORENTINE")]
        [InlineData("FLORENTINE,", "CASPER")]
        [InlineData("FLORENTINE^CASPER")]
        [InlineData("Casper", "Florentine")]
        public void NameInAnyOrderAndSeparatorIsOneRectangle(params string[] texts)
        {
            var words = Line(0, texts);
            var f = Assert.Single(Match(Targets("FLORENTINE^CASPER"), words));
            Assert.Equal("PatientName", f.Field);
            Assert.True(f.X0 <= words[0].Left && f.X1 >= words[words.Count - 1].Right, $"{f} spans every word");
        }

        [Theory]
        [InlineData("FLORENTINE*CASPER")] // '^' as Tesseract reads it (QA OCR: DOE*JOHN stayed)
        [InlineData("FLORENTINE~CASPER")]
        [InlineData("FLORENTINE/CASPER")]
        [InlineData("C.FLORENTINE")]
        public void ANameJoinedByWhatOcrMakesOfACaret_IsFound(string text)
        {
            var f = Assert.Single(Match(Targets("FLORENTINE^CASPER"), Line(0, text)));
            Assert.Equal("PatientName", f.Field);
        }

        [Fact]
        public void AHyphenatedFamilyNameIsFoundWholeAndAfterAComma()
        {
            // QA OCR: "WASHINGTON-SMYTHE, ELIZABETH ANNE": the given names were blanked, the family name stayed.
            var words = Line(0, "WASHINGTON-SMYTHE,", "ELIZABETH", "ANNE");
            var f = Assert.Single(Match(Targets("WASHINGTON-SMYTHE^ELIZABETH^ANNE"), words));
            Assert.True(f.X0 <= words[0].Left && f.X1 >= words[2].Right, f.ToString());
        }

        [Fact]
        public void ANameOfTwoShortPartsIsFoundWhenBothStandSideBySide()
        {
            // QA OCR: LI^WU, NG^BO: no longer part vouches for them; the two side by side vouch for each other.
            var words = Line(0, "LI", "WU", "4829137");
            var found = Match(Targets("LI^WU", "4829137"), words);
            var f = Assert.Single(found);
            Assert.True(f.X0 <= words[0].Left && f.X1 >= words[2].Right, f.ToString());
            // One alone is no name: "MI 1.1" on an ultrasound, "WU" beside a word that is not the name.
            Assert.Empty(Match(Targets("MI^ABC"), Line(0, "TIS", "0.4", "MI", "1.1")));
            Assert.Empty(Match(Targets("LI^WU"), Line(0, "WU", "MODE")));
        }

        [Fact]
        public void AShortNamePartMisreadCountsOnlyBesideTheRestOfTheName()
        {
            // OTTO read as OTT: one edit on a four-letter part, accepted because POLVORON beside it vouches for it.
            var f = Assert.Single(Match(Targets("POLVORON^OTTO"), Line(0, "POLVORON", "OTT")));
            Assert.True(f.X1 >= 10 + 80 + 10 + 30, f.ToString());
            // Alone, neither OTT nor OTTO's neighbours on another line are blanked.
            Assert.Empty(Match(Targets("POLVORON^OTTO"), Line(0, "OTT", "MODE")));
            Assert.Empty(Match(Targets("POLVORON^OTTO"), Line(0, "GAIN", "52", "DR", "60")));
        }

        [Fact]
        public void NestedPersonNamesAreTargetsToo()
        {
            var found = Match(Targets(), Line(0, "Dr", "Julius", "Hibbert"));
            var f = Assert.Single(found);
            Assert.Equal("ScheduledPerformingPhysicianName", f.Field);
        }

        [Theory]
        [InlineData("DOB:", "14.02.58")]
        [InlineData("Feb", "14", "1958")]
        [InlineData("1958-02-14")]
        [InlineData("14/02/1958")]
        public void BirthDateInItsPrintedFormsIsFound(params string[] texts)
        {
            var found = Match(Targets(), Line(0, texts));
            Assert.NotEmpty(found);
        }

        [Fact]
        public void IdInsideALabelledWordAndMultiWordInstitutionAreFound()
        {
            var found = Match(Targets(), Line(0, "ID:PX104857").Concat(Line(1, "Springfield", "General", "Hospital")).ToList());
            Assert.Equal(new[] { "PatientID", "InstitutionName" }, found.Select(f => f.Field));
        }

        [Theory]
        [InlineData("TIS", "0.4", "MI", "1.1")]
        [InlineData("C5-1", "ABD")]
        [InlineData("GAIN", "52", "DR", "60")]
        [InlineData("AB")]
        public void ScannerLabelsSurviveIdentifiersScope(params string[] texts) =>
            Assert.Empty(Match(Targets(), Line(0, texts)));

        [Fact]
        public void UnknownDatesAndLongNumbersAreFoundByTheirShape()
        {
            var found = Match(Targets(), Line(0, "2021/03/04").Concat(Line(1, "Acc", "99887766")).ToList());
            Assert.Equal(new[] { "Date", "Id" }, found.Select(f => f.Field));
        }

        /// <summary>
        /// QA 2026-12-06: a burned-in "DOB SEP 15 1991" that no header value matched stayed in a cleaned copy: Tesseract reads
        /// the date as three words, and the date shapes looked at one word at a time. A date in three words is a date.
        /// </summary>
        [Theory]
        [InlineData("DOB", "SEP", "15", "1991")]
        [InlineData("Sep.", "15,", "1991")]
        [InlineData("15", "September", "1991")]
        [InlineData("born", "3rd", "MAR", "58")]
        [InlineData("1991", "SEP", "15")]
        [InlineData("dec", "31", "2024")]
        [InlineData("DOB", "JUL", "38", "1965")]
        public void DatesPrintedAsThreeWordsAreFoundByTheirShape(params string[] texts)
        {
            var line = Line(0, texts);
            var f = Assert.Single(Match(Targets(), line));
            Assert.Equal("Date", f.Field);
            // The three parts of the date, and no label before them.
            var dateWords = line.Skip(texts.Length - 3).ToList();
            Assert.True(f.X0 <= dateWords[0].Left && f.X1 >= dateWords[2].Right, $"{f.X0}-{f.X1} covers the date");
            if (texts.Length > 3) Assert.True(f.X0 > line[0].Right - 5, "the label before the date is left");
        }

        [Theory]
        [InlineData("MAY", "BE", "2")]
        [InlineData("GAIN", "52", "DR", "60")]
        [InlineData("SEP", "15")]
        [InlineData("DEPTH", "15", "CM")]
        [InlineData("MAR", "123", "1991")]
        [InlineData("1991", "15", "SEP")]
        public void WordsThatOnlyLookLikePartsOfADateAreNot(params string[] texts) =>
            Assert.Empty(Match(Targets(), Line(0, texts)));

        [Fact]
        public void AllTextScopeReportsEveryConfidentWord()
        {
            var words = Line(0, "TIS", "0.4").Concat(new[] { new OcrWord("blur", 20, 300, 0, 40, 20, 1, 1, 0) }).ToList();
            var found = Match(Targets(), words, OcrScope.AllText);
            var f = Assert.Single(found);
            Assert.Equal("Text", f.Field);
            Assert.True(f.X1 < 300, "the low-confidence word is not part of it");
        }

        [Fact]
        public void RectanglesAreGrownByAMarginAndMappedBackThroughTheScale()
        {
            var words = new List<OcrWord> { new OcrWord("PX104857", 90, 400, 400, 160, 40, 1, 1, 1) };
            var f = Assert.Single(new OcrMatcher(Targets()).Match(words, 4, 128, 128));
            // 400/4 = 100 less a 10 px (scaled) margin; right edge 560 + 10 → 143 clipped to 128.
            Assert.Equal((97, 97, 128, 113), (f.X0, f.Y0, f.X1, f.Y1));
        }
    }
}
