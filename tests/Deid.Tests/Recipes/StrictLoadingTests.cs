using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Recipes
{
    /// <summary>
    /// Issue 11 item 2: a misspelt keyword loaded without a word, a misspelt action was only a warning, and of several bad lines
    /// only the first was reported. Recipes are loaded here as the cmdlets load them (the keyword dictionary on).
    /// </summary>
    public class StrictLoadingTests
    {
        private static readonly RecipeParser Parser = new RecipeParser(RecipeParserOptions.WithDictionary());

        private static string Temp(string text)
        {
            string path = Path.Combine(Path.GetTempPath(), "deid-strict-" + Guid.NewGuid().ToString("N") + ".dicom");
            File.WriteAllText(path, text);
            return path;
        }

        [Fact]
        public void ADicomFileGivenAsARecipe_IsOneErrorQuotingNothingOfIt()
        {
            // What a DICOM file decodes to: the preamble, DICM, then elements holding a patient's ID.
            string text = new string('\0', 128) + "DICM\u0002\0\u0010\0UI\u0014\01.2.840.10008.1.2.1\0\n\u0010\0 \0LO\u0008\0PID77123\nREMOVE x\n";
            var ex = Assert.Throws<RecipeException>(() => Parser.Parse(text, "CT-0001.dcm"));
            Assert.Contains("is a DICOM file, not a recipe", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("PID77123", ex.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("1.2.840", ex.ToString(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("Field,Original,Replacement\nPatientName,KRUMKAKE^FELIX,S1\nPatientID,PID231448,S1\n", 1)] // a crosswalk
        [InlineData("Sup3r-Secret-HMAC-Key-2026\n", 1)] // the key file, -Recipe and -KeyFile swapped
        [InlineData("# patients\n\nADDISON^JOHN\nKRUMKAKE^FELIX\n", 3)] // a list whose first name starts with an action word
        [InlineData("Path;PatientName;PatientID\n/in/a.dcm;KRUMKAKE^FELIX;PID231448\n", 1)]
        public void OtherTextGivenAsARecipe_IsOneErrorQuotingNothingOfIt(string text, int line)
        {
            // QA: each line came back as "'PatientName,KRUMKAKE^FELIX,S1' is not an action", a whole crosswalk (or the key) in the
            // error records and from there in central logs.
            var ex = Assert.Throws<RecipeException>(() => Parser.Parse(text, "cw1.csv"));
            Assert.Contains("this is not a recipe", ex.Message, StringComparison.Ordinal);
            Assert.Equal(line, ex.Line);
            Assert.Single(ex.Errors);
            foreach (var secret in new[] { "KRUMKAKE", "PID231448", "Sup3r", "ADDISON" })
                Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("FORMAT dicom\n%header\nREMOVE PatientID\n")]
        [InlineData("# a site recipe\n\nformat dicom\n%header\nREMOVE PatientID\n")]
        [InlineData("%header\nREMOVE PatientID\n")] // no FORMAT: an error of its own, with the lines read as a recipe
        [InlineData("REMOVE PatientID\n")]
        [InlineData("FORMT dicom\n%header\nREMOVE PatientID\n")] // a misspelt keyword: its own error at its line
        [InlineData("REMVOE PatientID\n")]
        public void ARecipeWhateverItsFirstLine_IsReadAsARecipe(string text)
        {
            try
            {
                Parser.Parse(text, "site.deid");
            }
            catch (RecipeException ex)
            {
                Assert.DoesNotContain("this is not a recipe", ex.ToString(), StringComparison.Ordinal);
            }
        }

        [Fact]
        public void AHashInsideQuotes_IsAnErrorAtItsPlaceSayingSo()
        {
            // QA: '"x' cannot be a recipe value ... (quote the text to keep other whitespace): no file, line or column, and advice
            // to quote what was quoted.
            var ex = Assert.Throws<RecipeException>(() => Parser.Parse("FORMAT dicom\n%header\nREPLACE InstitutionName \"x # y\"\n", "site.deid"));
            Assert.Equal(3, ex.Line);
            Assert.Equal(28, ex.Column);
            Assert.Contains("'#' starts a comment even inside quotes", ex.Message, StringComparison.Ordinal);
            Assert.Contains("site.deid:3:28", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("quote the text", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ATabInAFilterTest_IsSaidToBeATab()
        {
            // QA: "found 'contains Modality CT'" rendered the tabs as spaces; nothing said what was wrong.
            var ex = Assert.Throws<RecipeException>(() => Parser.Parse("FORMAT dicom\n%filter graylist\nLABEL Test\n  contains\tModality\tCT\n  coordinates 0,0,10,10\n", "site.deid"));
            Assert.Equal(4, ex.Line);
            Assert.Equal(11, ex.Column);
            Assert.Contains("a tab separates the words of this filter test", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// A contains or notcontains value that is no regular expression is that line's error when the recipe is read (recipe
        /// fuzz seed 4 case 416: the recipe read, and the filters failed at first use naming the label's line, or never when only
        /// the header actions ran); equals takes text, so the same value there is no error.
        /// </summary>
        [Theory]
        [InlineData("  contains Modality (", 21)]
        [InlineData("  notcontains Manufacturer [abc", 28)]
        [InlineData("  contains Modality CT || contains StudyDescription *x", 53)]
        [InlineData("  + contains ImageType (?P<kind>derived)", 24)]
        public void AFilterValueThatIsNoRegularExpression_IsRefusedAtItsLine(string test, int column)
        {
            var ex = Assert.Throws<RecipeException>(() => Parser.Parse("FORMAT dicom\n%filter graylist\nLABEL Test\n  present Modality\n" + test + "\n  coordinates 0,0,10,10\n", "site.deid"));
            Assert.Equal(5, ex.Line);
            Assert.Equal(column, ex.Column);
            Assert.Contains("is not a regular expression", ex.Message, StringComparison.Ordinal);
            Assert.Contains("site.deid:5:", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// A test with its field and spaces but no value before a split ('||' or '+'): this line's error at the field (recipe fuzz
        /// seed 15 case 56; it was the test's ArgumentException, which ended Get-DeidRecipe without a line).
        /// </summary>
        [Theory]
        [InlineData("  contains Modality || equals Manufacturer GE", 12)]
        [InlineData("  contains Modality  + equals Manufacturer GE", 12)]
        [InlineData("  notequals Modality  || present PatientName", 13)]
        [InlineData("  present Modality + equals StudyDescription   || missing PatientID", 29)]
        public void AFilterTestWithNoValueBeforeASplit_IsRefusedAtItsField(string test, int column)
        {
            var ex = Assert.Throws<RecipeException>(() => Parser.Parse("FORMAT dicom\n%filter graylist\nLABEL Test\n  present Modality\n" + test + "\n  coordinates 0,0,10,10\n", "site.deid"));
            Assert.Equal(5, ex.Line);
            Assert.Equal(column, ex.Column);
            Assert.Contains("expects a field and a value", ex.Message, StringComparison.Ordinal);
            Assert.Contains("no value", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("  equals Modality (")]
        [InlineData("  contains Modality \\(")]
        [InlineData("  contains Manufacturer (?i)siemens|ge")]
        public void AFilterValueThatReads_IsNoError(string test)
        {
            var recipe = Parser.Parse("FORMAT dicom\n%filter graylist\nLABEL Test\n" + test + "\n  coordinates 0,0,10,10\n", "site.deid").Recipe;
            Assert.NotNull(new Deid.Filters.FilterEvaluator(recipe));
        }

        /// <summary>A recipe saved as Windows-1252 (Müller as 4D FC 6C ...) is refused at its line, from a file as from text.</summary>
        [Fact]
        public void ARecipeThatIsNotUtf8_IsRefusedAtItsLine()
        {
            string path = Path.Combine(Path.GetTempPath(), "deid-1252-" + Guid.NewGuid().ToString("N") + ".dicom");
            File.WriteAllBytes(path, System.Text.Encoding.GetEncoding(28591).GetBytes("FORMAT dicom\n%header\nREPLACE PatientName M\u00fcller^Jos\u00e9\n"));
            try
            {
                var ex = Assert.Throws<RecipeException>(() => Parser.ParseFile(path));
                Assert.Equal(3, ex.Line);
                Assert.Equal(22, ex.Column);
                Assert.Contains("not UTF-8", ex.Message, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(path);
            }
            // The same text in UTF-8 is a recipe.
            Assert.Single(Parser.Parse("FORMAT dicom\n%header\nREPLACE PatientName M\u00fcller^Jos\u00e9\n").Recipe.Header);
        }

        [Theory]
        [InlineData("FORMAT dicom\n%header\nREMOVE Patient\u0001Name\n", 3)]
        [InlineData("FORMAT dicom\0\n", 1)]
        public void BinaryText_IsOneErrorAtItsFirstLine(string text, int line)
        {
            var ex = Assert.Throws<RecipeException>(() => Parser.Parse(text, "r.bin"));
            Assert.Contains("binary data", ex.Message, StringComparison.Ordinal);
            Assert.StartsWith($"r.bin:{line}:1:", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Patient", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void TabsFormFeedsAndCrLf_AreText()
        {
            var result = Parser.Parse("FORMAT dicom\r\n%header\r\n\f\nREMOVE\tPatientName\r\n", "r.dicom");
            Assert.Single(result.Recipe.Header);
        }

        [Fact]
        public void MisspeltKeyword_IsAWarningNamingFileLineAndColumn()
        {
            var result = Parser.Parse("FORMAT dicom\n%header\nREMOVE PatientNaem\nREMOVE PatientName\n", "r.dicom");
            var warning = Assert.Single(result.Warnings);
            Assert.StartsWith("r.dicom:3:8: 'PatientNaem' is not a DICOM keyword", warning.ToString());
            Assert.Equal(2, result.Recipe.Header.Count);
        }

        [Theory]
        [InlineData("BLANCK PatientName", "'BLANCK' is not an action")]
        [InlineData("ADDX PatientName 1", "'ADDX' is not an action")]
        [InlineData("blank PatientName", "action keywords must be upper case: deid would skip the line and leave its elements as they are; write BLANK.")]
        public void UnknownAction_IsAnError(string line, string expected)
        {
            var ex = Assert.Throws<RecipeException>(() => Parser.Parse("FORMAT dicom\n%header\n" + line + "\n", "r.dicom"));
            Assert.Equal(3, ex.Line);
            Assert.Equal(1, ex.Column);
            Assert.Contains(expected, ex.Message);
        }

        [Fact]
        public void UnknownAction_ReadAsDeid_IsAWarning()
        {
            var lenient = new RecipeParser(new RecipeParserOptions { SkipUnknownActions = true });
            var result = lenient.Parse("FORMAT dicom\n%header\nBLANCK PatientName\n", "r.dicom");
            Assert.Contains("r.dicom:3:1: 'BLANCK PatientName' is not recognized", Assert.Single(result.Warnings).ToString());
            Assert.Empty(result.Recipe.Header);
        }

        [Fact]
        public void EveryBadLine_IsReported_NotOnlyTheFirst()
        {
            string text = "FORMAT dicom\n%header\nBLANCK PatientName\nJITTER StudyDate soon\nADD contains:Date 1\nREMOVE PatientID\n"
                + "%filter blacklist\nLABEL x\n  contains Modality CT\n  ctpcoordinates 1,2,3\n  equals\n";
            var ex = Assert.Throws<RecipeException>(() => Parser.Parse(text, "r.dicom"));
            Assert.Equal(new[] { 3, 4, 5, 10, 11 }, ex.Errors.Select(e => e.Line));
            Assert.Same(ex, ex.Errors[0]);
            Assert.All(ex.Errors, e => Assert.StartsWith($"r.dicom:{e.Line}:{e.Column}: ", e.Message));
        }

        /// <summary>
        /// A recipe that fails also reports its warnings (QA of the help: "Every mistake at once" lost the misspelt keyword
        /// whenever the file also held an error), so that one round fixes them all.
        /// </summary>
        [Fact]
        public void AFailingRecipe_StillReportsItsWarnings()
        {
            string a = Temp("FORMAT dicom\n%header\nBLANCK PatientName\nREMOVE PatientNaem\nJITTER StudyDate soon\n");
            try
            {
                var result = new RecipeLoader(TestPaths.ShippedRecipes, RecipeParserOptions.WithDictionary()).Load(new[] { a });
                Assert.Null(result.Recipe);
                Assert.Equal(new[] { 3, 5 }, result.Errors.Cast<RecipeException>().Select(e => e.Line).ToArray());
                var warning = Assert.Single(result.Warnings);
                Assert.Equal(4, warning.Line);
                Assert.Contains("PatientNaem", warning.ToString());
            }
            finally
            {
                File.Delete(a);
            }
        }

        [Fact]
        public void Loader_ReportsEveryErrorOfEveryFile()
        {
            string a = Temp("FORMAT dicom\n%header\nBLANCK PatientName\nREMOVE PatientID\nKEEPX StudyDate\n");
            string b = Temp("FORMAT dicom\n%header\nADD contains:x 1\n");
            try
            {
                var result = new RecipeLoader(TestPaths.ShippedRecipes, RecipeParserOptions.WithDictionary()).Load(new[] { a, b });
                Assert.Null(result.Recipe);
                var where = result.Errors.Cast<RecipeException>().Select(e => (e.SourceName ?? "", e.Line)).ToArray();
                Assert.Equal(new[] { (a, 3), (a, 5), (b, 3) }, where);
            }
            finally
            {
                File.Delete(a);
                File.Delete(b);
            }
        }

        [Fact]
        public void ToStrict_MakesTextWarningsErrors_AndKeepsTheDefaultNotice()
        {
            string path = Temp("FORMAT dicom\n%header\nREMOVE PatientNaem\nBLANK endswith:Date extra\n");
            try
            {
                var loader = new RecipeLoader(TestPaths.ShippedRecipes, RecipeParserOptions.WithDictionary());
                var lenient = loader.Load(new[] { path });
                Assert.NotNull(lenient.Recipe);
                Assert.Equal(2, lenient.Warnings.Count);
                Assert.Equal(lenient.Warnings.Select(w => w.ToString()), lenient.Recipe!.LoadWarnings.Select(w => w.ToString()));

                var strict = lenient.ToStrict();
                Assert.Null(strict.Recipe);
                Assert.Equal(new[] { 3, 4 }, strict.Errors.Cast<RecipeException>().Select(e => e.Line));
                Assert.Contains("PatientNaem", strict.Errors[0].Message);

                var defaults = loader.Load(null).ToStrict();
                Assert.NotNull(defaults.Recipe);
                Assert.True(Assert.Single(defaults.Warnings).IsNotice);
            }
            finally
            {
                File.Delete(path);
            }
        }

        public static IEnumerable<object[]> DeidsOwnRecipes()
        {
            foreach (var f in Directory.GetFiles(TestPaths.ConformanceRecipes).Where(f => Path.GetFileName(f) != "deid-default.dicom")) yield return new object[] { f };
            foreach (var f in Directory.GetFiles(TestPaths.ShippedRecipes, "deid.*")) yield return new object[] { f };
        }

        [Theory]
        [MemberData(nameof(DeidsOwnRecipes))]
        public void DeidsOwnRecipes_LoadWithoutWarnings(string path)
        {
            var result = new RecipeLoader(TestPaths.ShippedRecipes, RecipeParserOptions.WithDictionary()).Load(new[] { path }).ToStrict();
            Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.Message)));
            Assert.Empty(result.Warnings);
            Assert.NotNull(result.Recipe);
        }

        /// <summary>
        /// deid 0.4.12's own deid.dicom, as it ships: its misspellings are real (the ADAC and MEDRAD labels can never match, and
        /// REMOVE PatientsName removes nothing), so they are reported, and only they. Ours (recipes/deid.dicom) has none.
        /// </summary>
        [Fact]
        public void DeidsUpstreamDefault_WarnsOnlyAboutItsMisspellings()
        {
            var result = new RecipeLoader(TestPaths.ShippedRecipes, RecipeParserOptions.WithDictionary()).Load(new[] { Path.Combine(TestPaths.ConformanceRecipes, "deid-default.dicom") });
            Assert.NotNull(result.Recipe);
            Assert.Equal(new[] { "490:Manfacturer", "497:Manfacturer", "504:Manufacture", "840:PatientsName", "897:jitter" },
                result.Warnings.Select(w => w.Line + ":" + w.Message.Split('\'')[1]));
        }

        [Theory]
        [InlineData("REPLACE SOPInstanceUID deid_func:pydicom_uuid prefix=1.2.826.0.1.3680043.10.1234.5678.9012.3456.7890.1234.", "at most 43")]
        [InlineData("REPLACE SOPInstanceUID deid_func:pydicom_uuid prefix=1.2.03.", "not a UID root")]
        [InlineData("REPLACE SOPInstanceUID deid_func:pydicom_uuid prefix=1.2.3", "must end with a dot")]
        [InlineData("REPLACE SOPInstanceUID deid_func:dicom_uuid org_root=1.2.826.0.1.3680043.10.1234.5678.9012.3456.7890.1234", "at most 43")]
        public void UidPrefixThatCannotMakeUniqueUids_IsAWarningNamingTheLine(string line, string expected)
        {
            var warning = Assert.Single(Parser.Parse("FORMAT dicom\n%header\n" + line + "\n", "r.dicom").Warnings);
            Assert.Equal(3, warning.Line);
            Assert.Equal(24, warning.Column);
            Assert.Contains(expected, warning.Message);
        }

        [Theory]
        [InlineData("REPLACE SOPInstanceUID deid_func:pydicom_uuid prefix=1.2.826.0.1.3680043.10.")]
        [InlineData("REPLACE SOPInstanceUID deid_func:pydicom_uuid prefix=none")]
        [InlineData("REPLACE SOPInstanceUID deid_func:dicom_uuid org_root=anonymous-organization")]
        [InlineData("REPLACE SOPInstanceUID deid_func:dicom_uuid")]
        public void UsableUidPrefix_Loads(string line) => Assert.Empty(Parser.Parse("FORMAT dicom\n%header\n" + line + "\n", "r.dicom").Warnings);
    }
}
