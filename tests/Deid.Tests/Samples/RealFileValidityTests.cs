using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Samples
{
    /// <summary>
    /// The real files of ../shared/data (pydicom's codec and character-set files, deid's samples: waveforms, RT, SR, every
    /// transfer syntax) through the default recipe: dciodvfy finds no error in the output that the input did not have. The
    /// synthetic samples of <see cref="DeidentifiedValidityTests"/> have no waveform: this is where UnformattedTextValue, Type
    /// 1C in each Waveform Annotation item, was found emptied (now a dummy).
    /// </summary>
    public class RealFileValidityTests
    {
        private static readonly Lazy<DeidRecipe> Recipe = new Lazy<DeidRecipe>(() => new RecipeLoader(TestPaths.ShippedRecipes).LoadName("dicom").Recipe!);

        /// <summary>Every file the reader opens, but DICOMDIRs (refused by the batch: DicomDirectoryTests).</summary>
        public static IEnumerable<object[]> Files()
        {
            string data = TestPaths.Data();
            foreach (string path in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
            {
                DicomFile file;
                try
                {
                    file = DicomFile.Open(path);
                }
                catch (Exception ex) when (ex is DicomFormatException || ex is IOException)
                {
                    continue;
                }
                if (!DicomDirectoryNotSupportedException.IsDicomDirectory(file)) yield return new object[] { Path.GetRelativePath(data, path) };
            }
        }

        /// <summary>An error without the values dciodvfy quotes after '=' or as a UID: the same fault with a new value is the same fault.</summary>
        private static string Shape(string error) => Regex.Replace(Regex.Replace(error, "= <[^>]*>", "= <>"), "<[0-9.]+>", "<>");

        /// <summary>dciodvfy's words for a file it could not parse to the end (pydicom's files without a transfer syntax, say).</summary>
        private static bool Unparsed(IEnumerable<string> errors) => errors.Any(e => e.Contains("Tags out of order") || e.Contains("read failed"));

        private static string Dcmdump(DicomFile file)
        {
            string path = Path.Combine(Path.GetTempPath(), "deid-validity-" + Guid.NewGuid().ToString("N") + ".dcm");
            try
            {
                file.Save(path);
                var start = new ProcessStartInfo("dcmdump", "-q \"" + path + "\"") { RedirectStandardError = true, RedirectStandardOutput = true };
                using var process = Process.Start(start) ?? throw new InvalidOperationException("dcmdump did not start (install dcmtk)");
                var stdout = process.StandardOutput.ReadToEndAsync();
                string stderr = process.StandardError.ReadToEnd();
                Assert.True(process.WaitForExit(60000), "dcmdump did not finish");
                Assert.Equal(0, process.ExitCode);
                return stderr + stdout.Result;
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>
        /// The dummy person name is a family name with its delimiter (ANONYMOUS^): a name with no caret at all is the retired
        /// ACR-NEMA form to dciodvfy, which warned of it in every output whose input named people as FAMILY^GIVEN.
        /// </summary>
        [Theory]
        [InlineData("pydicom/test_files/CT_small.dcm")]
        [InlineData("pydicom/test_files/MR_small.dcm")]
        [InlineData("pydicom/test_files/test-SR.dcm")]
        [InlineData("deid-data/dicom-cookies/image1.dcm")]
        public void TheDefaultRecipe_AddsNoRetiredPersonNameWarning(string relative)
        {
            string input = TestPaths.Data(relative);
            static string[] Retired(string[] lines) => lines.Where(l => l.Contains("Retired Person Name form", StringComparison.Ordinal)).Select(Shape).ToArray();
            var before = Retired(Dciodvfy.Verify(input));
            var file = DicomFile.Open(input);
            new HeaderActionEngine(Recipe.Value).Apply(file, new Dictionary<string, object?> { ["date_shift_days"] = "-10" }, new List<string>(), input);
            Assert.Equal("ANONYMOUS^", file.Dataset.GetString(DicomTags.PatientName));
            var added = Retired(Dciodvfy.Verify(file)).Where(w => !before.Contains(w)).ToArray();
            Assert.True(added.Length == 0, string.Join(Environment.NewLine, added));
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void TheDefaultRecipe_AddsNoDciodvfyError(string relative)
        {
            string input = TestPaths.Data(relative);
            var before = Dciodvfy.Errors(Dciodvfy.Verify(input)).Select(Shape).ToHashSet();
            var file = DicomFile.Open(input);
            new HeaderActionEngine(Recipe.Value).Apply(file, new Dictionary<string, object?> { ["date_shift_days"] = "-10" }, new List<string>(), input);
            var after = Dciodvfy.Errors(Dciodvfy.Verify(file)).Select(Shape).ToList();
            if (Unparsed(before))
            {
                // dciodvfy could not read the input (no transfer syntax in its meta, a deflated dataset): dcmtk must read what we
                // wrote without an error or warning.
                string listing = Dcmdump(file);
                Assert.DoesNotMatch("(?m)^(E|W):", listing);
                return;
            }
            // Structured Reports included: their Type 2 Referenced Performed Procedure Step Sequence is emptied, not removed (leak QA 6, HIGH-2).
            var added = after.Where(e => !before.Contains(e)).Distinct().ToArray();
            Assert.True(added.Length == 0, string.Join(Environment.NewLine, added));
        }
    }
}
