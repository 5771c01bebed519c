using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Actions;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;
using Deid.Samples;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// The engine asks only the recipe lines that can select something in a file, found from the file's tags
    /// (<see cref="TagPlan"/>, issue 14): the same bytes and the same warnings as asking every line, for every shipped recipe over
    /// synthetic and real files, and for recipes whose lines list fields the file did not have (ADD, a cleaned content tree).
    /// </summary>
    public class TagPlanTests
    {
        private static readonly byte[] Key = Encoding.UTF8.GetBytes("the plan and every line agree!!!");
        private static readonly Dictionary<string, object?> Variables = new Dictionary<string, object?> { ["date_shift_days"] = "-30" };

        public static IEnumerable<object[]> ShippedRecipes() =>
            Directory.EnumerateFiles(TestPaths.ShippedRecipes, "deid.*").Select(p => Path.GetFileName(p).Substring(5)).OrderBy(n => n, StringComparer.Ordinal).Select(n => new object[] { n });

        /// <summary>Synthetic files of every modality with a marker in every identifying element, and real files of ../shared/data (SR, RT, waveforms, private blocks).</summary>
        private static IEnumerable<(string Name, Func<DicomFile> Open)> Inputs()
        {
            foreach (var modality in new[] { SampleModality.CT, SampleModality.MR, SampleModality.US, SampleModality.CR, SampleModality.SC })
            {
                var m = modality;
                yield return (m.ToString(), () => DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = m, Seed = 14, PhiMarkers = true }).File);
            }
            foreach (string relative in new[]
            {
                "pydicom/test_files/test-SR.dcm", "pydicom/test_files/reportsi.dcm", "pydicom/test_files/CT_small.dcm",
                "pydicom/test_files/rtplan.dcm", "pydicom/test_files/waveform_ecg.dcm", "pydicom/test_files/MR_small.dcm",
                "pydicom/test_files/priv_SQ.dcm", "pydicom/test_files/nested_priv_SQ.dcm", "deid-data/dicom-cookies/image1.dcm",
            })
            {
                string path = TestPaths.Data(relative);
                if (File.Exists(path)) yield return (relative, () => DicomFile.Open(path));
            }
        }

        private static (byte[] Bytes, string[] Warnings) Run(DeidRecipe recipe, Func<DicomFile> open, bool everyLine)
        {
            var engine = new HeaderActionEngine(recipe, null, new UidGenerator(Key)) { AskEveryLine = everyLine };
            var file = open();
            var warnings = new List<DeidWarning>();
            engine.Apply(file, Variables, warnings, "plan.dcm");
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return (ms.ToArray(), warnings.Select(w => w.Message).ToArray());
        }

        private static void AssertSameAsEveryLine(DeidRecipe recipe, string label)
        {
            foreach (var (name, open) in Inputs())
            {
                var planned = Run(recipe, open, everyLine: false);
                var every = Run(recipe, open, everyLine: true);
                Assert.True(every.Bytes.AsSpan().SequenceEqual(planned.Bytes), $"{label} on {name}: the bytes differ");
                Assert.Equal(every.Warnings, planned.Warnings);
            }
        }

        [Theory]
        [MemberData(nameof(ShippedRecipes))]
        public void AShippedRecipe_WritesWhatAskingEveryLineWrites(string recipe) =>
            AssertSameAsEveryLine(new RecipeLoader(TestPaths.ShippedRecipes).LoadName(recipe).Recipe!, recipe);

        [Theory]
        // An ADD lists a field the file did not have: the lines after it that name its tag must still find it.
        [InlineData("ADD PatientComments added by the recipe\nREPLACE PatientComments replaced after the add\nREMOVE (0010,4000)")]
        [InlineData("ADD (0011,0010) A CREATOR\nADD (0011,1001) private text\nREPLACE (0011,1001) changed\nBLANK (0011,0010)")]
        // Lines no tag stands for are asked in every file: patterns, expanders, groups, names.
        [InlineData("REMOVE contains:Date\nREPLACE endswith:Name SOMEONE\nBLANK startswith:Referring\nREMOVE select:VR:PN")]
        [InlineData("REPLACE values:names NAME-GONE\nREMOVE fields:dates\n%values names\nFIELD PatientName\nSPLIT PatientName by=\"^\";minlength=3\n%fields dates\nFIELD contains:Date")]
        [InlineData("KEEP PatientID\nREMOVE ALL\nREPLACE PatientID kept-and-replaced")]
        // select:GROUP lines are asked where the file has an element of the group.
        [InlineData("REMOVE select:GROUP:0010\nREPLACE select:GROUP:0008 GROUPED\nBLANK select:GROUP:6000\nREMOVE select:GROUP:12345\nREPLACE select:GROUP:0002 META")]
        [InlineData("REPLACE Patient's Name NOT-A-KEYWORD\nREMOVE patientname\nJITTER StudyDate 5\nREMOVE StudyDate")]
        public void ARecipeWhoseLinesListNewFieldsOrNameNoTag_WritesWhatAskingEveryLineWrites(string lines) =>
            AssertSameAsEveryLine(DeidRecipe.Parse("FORMAT dicom\n%header\n" + lines + "\n", "inline.dicom"), lines);

        [Fact]
        public void AnAddThenAReplaceOfItsTag_ReplacesWhatWasAdded()
        {
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%header\nADD PatientComments first\nREPLACE PatientComments second\n", "inline.dicom");
            var file = DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = SampleModality.CT, Seed = 14 }).File;
            file.Dataset.Remove(DicomTags.PatientComments);
            new HeaderActionEngine(recipe).Apply(file, null, new List<string>());
            Assert.Equal("second", file.Dataset.GetString(DicomTags.PatientComments));
        }

        [Fact]
        public void TheDefaultRecipe_AsksAFewOfItsLinesInASmallFile_AndEveryLineNoTagStandsFor()
        {
            var recipe = new RecipeLoader(TestPaths.ShippedRecipes).LoadName("dicom").Recipe!;
            var plan = new HeaderActionEngine(recipe).HeaderPlan;
            var file = DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = SampleModality.CT, Seed = 14 }).File;
            var fields = FieldList.Collect(file);
            var asked = plan.Mark(fields);
            Assert.Equal(recipe.Header.Count, plan.Count);
            int count = asked.Count(a => a);
            Assert.True(count < recipe.Header.Count / 5, $"{count} of {recipe.Header.Count} lines asked");
            var tags = new HashSet<uint>(fields.Select(f => f.Tag.Value));
            for (int i = 0; i < asked.Length; i++)
            {
                var a = recipe.Header[i];
                bool byTag = a.Action != HeaderActionKind.Add && FieldList.SelectsByTag(a.Field);
                bool byGroup = a.Field.Kind == FieldSpecKind.Select && a.Field.SelectAttribute == "GROUP";
                // Never skipped: a line no tag or group stands for, or one that names a tag or group of the file.
                bool mayFind = byTag ? a.Field.ExactTags!.Any(tags.Contains) : !byGroup || tags.Any(t => t >> 16 == a.Field.SelectGroup);
                if (mayFind) Assert.True(asked[i], $"line {i} ({a}) not asked");
            }
        }
    }
}
