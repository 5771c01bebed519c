using System;
using System.Linq;
using Deid.Fields;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Recipes
{
    /// <summary>Each construct of the recipe language, parsed to the objects deid means.</summary>
    public class ParserConstructTests
    {
        private static RecipeParseResult Parse(string body) => new RecipeParser().Parse("FORMAT dicom\n" + body, "t");

        private static HeaderAction Action(string line) => Parse("%header\n" + line).Recipe.Header.Single();

        [Fact]
        public void CommentsBlankLinesAndIndentation_AreIgnored()
        {
            var r = Parse("\n# comment\n   \n\t%header   # why\n\n   # indented\n\tREMOVE PatientID\n\r\n");
            Assert.Empty(r.Warnings);
            Assert.Equal("REMOVE PatientID", r.Recipe.Header.Single().ToString());
            Assert.Equal(8, r.Recipe.Header[0].Line);
        }

        [Fact]
        public void CrLfAndBom_AreRead()
        {
            var r = new RecipeParser().Parse("\uFEFFFORMAT dicom\r\n%header\r\nREMOVE PatientID\r\n");
            Assert.Equal(3, r.Recipe.Header.Single().Line);
        }

        [Theory]
        [InlineData("ADD PatientIdentityRemoved YES", HeaderActionKind.Add, "PatientIdentityRemoved", "YES", ActionValueKind.Literal)]
        [InlineData("REPLACE PatientID var:id", HeaderActionKind.Replace, "PatientID", "var:id", ActionValueKind.Variable)]
        [InlineData("REPLACE PatientName func:make_name", HeaderActionKind.Replace, "PatientName", "func:make_name", ActionValueKind.Function)]
        [InlineData("REPLACE SOPInstanceUID deid_func:pydicom_uuid", HeaderActionKind.Replace, "SOPInstanceUID", "deid_func:pydicom_uuid", ActionValueKind.DeidFunction)]
        [InlineData("JITTER StudyDate -31", HeaderActionKind.Jitter, "StudyDate", "-31", ActionValueKind.Literal)]
        [InlineData("JITTER endswith:Date var:jitter", HeaderActionKind.Jitter, "endswith:Date", "var:jitter", ActionValueKind.Variable)]
        [InlineData("REMOVE ALL func:is_phi", HeaderActionKind.Remove, "ALL", "func:is_phi", ActionValueKind.Function)]
        [InlineData("REMOVE ALL values:names", HeaderActionKind.Remove, "ALL", "values:names", ActionValueKind.Values)]
        [InlineData("ADD PatientComments VAR:x", HeaderActionKind.Add, "PatientComments", "VAR:x", ActionValueKind.Literal)]
        [InlineData("ADD ClinicalTrialSponsorName \"A  quoted  value\"", HeaderActionKind.Add, "ClinicalTrialSponsorName", "\"A  quoted  value\"", ActionValueKind.Literal)]
        [InlineData("ADD DeidentificationMethod   many    spaced words", HeaderActionKind.Add, "DeidentificationMethod", "many spaced words", ActionValueKind.Literal)]
        [InlineData("ADD PatientComments text # comment", HeaderActionKind.Add, "PatientComments", "text", ActionValueKind.Literal)]
        public void Actions_WithValues(string line, HeaderActionKind kind, string field, string value, ActionValueKind valueKind)
        {
            var a = Action(line);
            Assert.Equal(kind, a.Action);
            Assert.Equal(field, a.Field.Text);
            Assert.Equal(value, a.Value!.Text);
            Assert.Equal(valueKind, a.Value.Kind);
        }

        [Theory]
        [InlineData("REMOVE PatientID", HeaderActionKind.Remove)]
        [InlineData("BLANK InstitutionName", HeaderActionKind.Blank)]
        [InlineData("KEEP Modality", HeaderActionKind.Keep)]
        [InlineData("REMOVE ALL", HeaderActionKind.Remove)]
        public void Actions_WithoutValues(string line, HeaderActionKind kind)
        {
            var a = Action(line);
            Assert.Equal(kind, a.Action);
            Assert.Null(a.Value);
        }

        [Fact]
        public void RemoveAll_IsTheAllExpander()
        {
            Assert.Equal(FieldSpecKind.All, Action("REMOVE ALL").Field.Kind);
            Assert.Equal(FieldSpecKind.All, Action("BLANK all").Field.Kind);
        }

        [Fact]
        public void DeidFunction_Arguments_AsDeidReadsThem()
        {
            var v = Action("REPLACE StudyInstanceUID deid_func:dicom_uuid org_root=1.2.826.0.1 flag x=a=b").Value!;
            Assert.Equal("dicom_uuid", v.Name);
            Assert.Equal("org_root=1.2.826.0.1 flag x=a=b", v.ArgumentText);
            Assert.Equal(new[] { "org_root=1.2.826.0.1", "x=a=b" }, v.Arguments.Select(p => p.Key + "=" + p.Value));
            Assert.Equal("1.2.826.0.1", v.GetArgument("org_root"));
            Assert.Equal("a=b", v.GetArgument("x"));
            Assert.Equal(new[] { "flag" }, v.IgnoredArguments);

            var j = Action("REPLACE AcquisitionDate deid_func:jitter days=3 years=1").Value!;
            Assert.Equal("jitter", j.Name);
            Assert.Equal("3", j.GetArgument("days"));
        }

        /// <summary>
        /// JITTER takes days; a built-in function gives the new value itself (deid_func:keyed_jitter the shifted date), which JITTER
        /// reads as days and so leaves every date unchanged, file after file (QA). deid parses it, so it loads, with a warning
        /// at its line pointing at REPLACE.
        /// </summary>
        [Theory]
        [InlineData("JITTER StudyDate deid_func:keyed_jitter min=-30 max=-1", "REPLACE StudyDate deid_func:keyed_jitter min=-30 max=-1")]
        [InlineData("JITTER AcquisitionDate deid_func:jitter days=3", "REPLACE AcquisitionDate deid_func:jitter days=3")]
        public void JitterWithABuiltInFunction_WarnsPointingAtReplace(string line, string meant)
        {
            var result = new RecipeParser().Parse("FORMAT dicom\n%header\n" + line + "\n");
            var w = Assert.Single(result.Warnings);
            Assert.Equal(3, w.Line);
            Assert.Contains($"write '{meant}'", w.Message, StringComparison.Ordinal);
            Assert.Equal(ActionValueKind.DeidFunction, Assert.Single(result.Recipe.Header).Value!.Kind);
            // A variable or a function of the caller's still gives the days.
            Assert.Equal(ActionValueKind.Variable, Action("JITTER StudyDate var:shift").Value!.Kind);
        }

        [Fact]
        public void PrivateCreatorSyntax_IsOneField()
        {
            var a = Action("REMOVE (0033,\"MITRA OBJECT UTF8 ATTRIBUTES 1.0\",1E)");
            Assert.Equal(FieldSpecKind.PrivateTag, a.Field.Kind);
            Assert.Equal("MITRA OBJECT UTF8 ATTRIBUTES 1.0", a.Field.PrivateCreator);
            Assert.Equal(0x0033, a.Field.PrivateGroup);
            Assert.Equal(0x1E, a.Field.PrivateElementOffset);
            Assert.Null(a.Field.Tag); // its element number is the file's: (0033,xx1E) in whichever block the creator holds
            var b = Action("REPLACE (7FE1,\"Philips Imaging DD 001\",08) \"REDACTED\"");
            Assert.Equal("\"REDACTED\"", b.Value!.Text); // deid keeps the quotes
            var c = Action("REMOVE 0021,\"Siemens: Thorax/Multix FD Post Processing\",15");
            Assert.Equal(FieldSpecKind.PrivateTag, c.Field.Kind);
            Assert.Equal("Siemens: Thorax/Multix FD Post Processing", c.Field.PrivateCreator);
        }

        [Fact]
        public void HeaderSection_CanBeReopened_AndLabelsSectionIsSeparate()
        {
            var r = Parse("%header\nREMOVE A\n%labels\nADD VERSION 1.0\n%header\nREMOVE B\n").Recipe;
            Assert.Equal(new[] { "REMOVE A", "REMOVE B" }, r.Header.Select(a => a.ToString()));
            Assert.Equal("ADD VERSION 1.0", r.Labels.Single().ToString());
        }

        [Fact]
        public void Filters_OperatorsAndInnerOperators()
        {
            var r = Parse("%filter graylist\nLABEL x # comment\n  contains A a\n  + contains B b || equals C c + missing D\n  || empty E\n").Recipe;
            var label = r.Filters.Single().Labels.Single();
            Assert.Equal("x", label.Name);
            Assert.Equal(new[] { FilterOperator.None, FilterOperator.And, FilterOperator.Or }, label.Criteria.Select(c => c.Operator));
            var second = label.Criteria[1];
            Assert.Equal(new[] { FilterOperator.Or, FilterOperator.And }, second.InnerOperators);
            Assert.Equal(new[] { "contains B b", "equals C c", "missing D" }, second.Tests.Select(t => t.ToString()));
            Assert.Equal("+ contains B b || equals C c + missing D", second.ToString());
        }

        [Fact]
        public void Filters_PlusInsideValue_StaysInTheValue()
        {
            var r = Parse("%filter g\nLABEL x\n  contains ManufacturerModelName SOMATOM Definition AS+\n  contains ImageType DERIVED+SECONDARY+SCREEN SAVE\n").Recipe;
            var tests = r.Filters[0].Labels[0].Criteria.Select(c => c.Tests.Single().Value).ToArray();
            Assert.Equal(new[] { "SOMATOM Definition AS+", "DERIVED+SECONDARY+SCREEN SAVE" }, tests);
        }

        [Fact]
        public void Filters_FieldSpellings()
        {
            var r = Parse("%filter g\nLABEL x\n  present 0x00100010\n  equals Rows 512\n");
            Assert.Empty(r.Warnings);
            var fields = r.Recipe.Filters[0].Labels[0].Criteria.Select(c => c.Tests[0].Field).ToArray();
            Assert.Equal(TagSpelling.Hex, fields[0].TagSpelling);
            Assert.Equal(0x00100010u, fields[0].Tag!.Value.Value);
            Assert.Equal(FieldSpecKind.Keyword, fields[1].Kind);
        }

        [Fact]
        public void Coordinates_AllForms()
        {
            var r = Parse("%filter g\nLABEL x\n  coordinates 0,0,512,110\n  keepcoordinates 1, 2, 3, 4\n  ctpcoordinates 10,20,100,50\n  ctpkeepcoordinates 450,0,672, 85\n"
                + "  coordinates all\n  ctpcoordinates all\n  keepcoordinates from:SequenceOfUltrasoundRegions\n").Recipe;
            var c = r.Filters[0].Labels[0].Coordinates;
            Assert.Equal(new[] { "coordinates", "keepcoordinates", "ctpcoordinates", "ctpkeepcoordinates", "coordinates", "ctpcoordinates", "keepcoordinates" }, c.Select(x => x.Keyword));
            Assert.Equal((0, 0, 512, 110), (c[0].XMin, c[0].YMin, c[0].XMax, c[0].YMax));
            Assert.Equal((1, 2, 3, 4), (c[1].XMin, c[1].YMin, c[1].XMax, c[1].YMax));
            Assert.Equal((10, 20, 110, 70), (c[2].XMin, c[2].YMin, c[2].XMax, c[2].YMax));
            Assert.Equal("10,20,110,70", c[2].DeidValue);
            Assert.Equal("450,0,1122,85", c[3].DeidValue);
            Assert.True(c[3].Keep);
            Assert.Equal(CoordinatesKind.All, c[4].Kind);
            Assert.Equal(CoordinatesKind.All, c[5].Kind);
            Assert.Equal(CoordinatesKind.FromField, c[6].Kind);
            Assert.Equal("SequenceOfUltrasoundRegions", c[6].From!.Text);
        }

        [Fact]
        public void Label_WithOnlyCoordinates_AndEmptyName()
        {
            var r = Parse("%filter g\nLABEL\n  coordinates all\nLABEL Next\n").Recipe;
            Assert.Equal(new[] { "", "Next" }, r.Filters[0].Labels.Select(l => l.Name));
            Assert.Empty(r.Filters[0].Labels[0].Criteria);
        }

        [Fact]
        public void Groups_FieldAndSplit()
        {
            var r = Parse("%values names\nSPLIT PatientName\nSPLIT OperatorsName by=' ';minlength=2\nFIELD startswith:Operator\n%fields ids\nFIELD endswith:ID\nFIELD (0010,0020) # comment\n").Recipe;
            var values = r.Values.Single();
            Assert.Equal(" ", values.Actions[0].Split!.By);
            Assert.Equal(1, values.Actions[0].Split!.MinLength);
            Assert.Equal(" ", values.Actions[1].Split!.By);
            Assert.Equal(2, values.Actions[1].Split!.MinLength);
            Assert.Null(values.Actions[2].Split);
            Assert.Equal(new[] { "endswith:ID", "(0010,0020)" }, r.Fields.Single().Actions.Select(a => a.Field.Text));
        }

        [Fact]
        public void EmptyNamedGroups_AreKept()
        {
            var r = Parse("%values none\n%fields nothing\n%filter empty\n").Recipe;
            Assert.Equal("none", r.Values.Single().Name);
            Assert.Equal("nothing", r.Fields.Single().Name);
            Assert.Empty(r.Filters.Single().Labels);
            Assert.Equal(r, DeidRecipe.Parse(r.ToString()));
        }

        [Fact]
        public void ATabBeforeAGroupsName_IsReadAsASpaceWithAWarning()
        {
            // deid's load_deid splits at spaces: "%values<TAB>names" becomes the section "valuesnames", and deid stops.
            var r = Parse("%values\tnames\nFIELD PatientID\n%header\nREPLACE values:names X\n");
            Assert.Equal("names", r.Recipe.Values.Single().Name);
            var warning = Assert.Single(r.Warnings);
            Assert.Contains("'%valuesnames'", warning.ToString());
            Assert.Empty(Parse("%values names\nFIELD PatientID\n").Warnings);
        }

        [Fact]
        public void KeywordDictionary_WarnsAboutUnknownKeywords()
        {
            var options = new RecipeParserOptions { Keywords = new Keywords("PatientID", "PatientName", "Modality") };
            var r = new RecipeParser(options).Parse("FORMAT dicom\n%filter g\nLABEL x\n  contains Modalty CT\n%header\nREMOVE PatientsName\nREMOVE patientid\nADD patientname x\nREMOVE PatientID\n", "k");
            Assert.Equal(new[]
            {
                "k:4:12: 'Modalty' is not a DICOM keyword as spelled; deid's filters look fields up by exact keyword and will never find it.",
                "k:6:8: 'PatientsName' is not a DICOM keyword as spelled; deid compares it ignoring case with keywords, names and paths, and it probably matches nothing.",
                "k:7:8: 'patientid' is not a DICOM keyword as spelled; deid compares it ignoring case with keywords, names and paths, and it probably matches nothing.",
                "k:8:5: 'patientname' is not a DICOM keyword as spelled; deid cannot add it.",
            }, r.Warnings.Select(w => w.ToString()));
        }

        [Theory]
        [InlineData("%header\nJITTER StudyDate ten\n", 3, 18, "expected a whole number of days after JITTER StudyDate, found 'ten'.")]
        [InlineData("%header\nJITTER StudyDate # none\n", 3, 18, "expected a number of days")]
        [InlineData("%header\nADD contains:Name x\n", 3, 5, "ADD needs one element")]
        [InlineData("%header\nREMOVE contains:(\n", 3, 8, "expected a regular expression after 'contains:'")]
        [InlineData("%header\nREMOVE select:VR\n", 3, 8, "expected select:ATTRIBUTE:VALUE")]
        [InlineData("%header\nREMOVE select:group:zz\n", 3, 8, "expected a hexadecimal group number")]
        [InlineData("%header foo\n", 2, 9, "%header takes no name")]
        [InlineData("%filter g\nLABEL x\n  coordinates 1,2,3\n", 4, 15, "coordinates expects xmin,ymin,xmax,ymax")]
        [InlineData("%filter g\nLABEL x\n  coordinates 0,0,10,10 # note\n", 4, 15, "coordinates expects four integers")]
        [InlineData("%values v\nSPLIT PatientName by=\n", 3, 19, "expected a separator after by=")]
        public void Errors_SayWhereAndWhat(string body, int line, int column, string message)
        {
            var ex = Assert.Throws<RecipeException>(() => Parse(body));
            Assert.Equal(line, ex.Line);
            Assert.Equal(column, ex.Column);
            Assert.Contains(message, ex.Reason);
            Assert.Equal("t", ex.SourceName);
        }

        [Fact]
        public void Errors_AreReportedInTheOrderOfTheFile_TheMissingFormatFirst()
        {
            // The FORMAT check runs after every line was read; its error still leads, as the line it names is the first.
            var ex = Assert.Throws<RecipeException>(() => new RecipeParser().Parse("# no format\nREPLACE PatientName x\n%header\nBLAH x y\nREMOVE\n", "t"));
            Assert.Equal(new[] { 2, 2, 4, 5 }, ex.Errors.Select(e => e.Line));
            Assert.Contains("FORMAT dicom", ex.Errors[0].Reason);
            Assert.Contains("section line", ex.Errors[1].Reason);
            Assert.Same(ex, ex.Errors[0]);
            Assert.Equal(2, ex.Line);
        }

        [Fact]
        public void HeaderAction_ParseAndConstruct()
        {
            var a = HeaderAction.Parse("REPLACE PatientID var:id");
            Assert.Equal(new HeaderAction(HeaderActionKind.Replace, FieldSpec.Parse("PatientID"), ActionValue.Variable("id")), a);
            Assert.Null(a.Source);
            var ex = Assert.Throws<RecipeException>(() => HeaderAction.Parse("ADD PatientID"));
            Assert.Equal(1, ex.Line);
            Assert.Throws<System.ArgumentException>(() => new HeaderAction("BLANK", "PatientID", "x"));
            Assert.Throws<System.ArgumentException>(() => new HeaderAction("TOUCH", "PatientID"));
        }

        private sealed class Keywords : IKeywordLookup
        {
            private readonly string[] _known;

            public Keywords(params string[] known) => _known = known;

            public bool TryGetTag(string keyword, out Deid.Dicom.DicomTag tag)
            {
                tag = default;
                return _known.Contains(keyword);
            }
        }
    }
}
