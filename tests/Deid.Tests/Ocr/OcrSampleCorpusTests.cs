using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom;
using Deid.Filters;
using Deid.Ocr;
using Deid.Pixels;
using Deid.Recipes;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Ocr
{
    /// <summary>
    /// Issue 13's corpus: New-DicomSample's legible text (the file's own name, ID and birth date at varying positions, sizes and
    /// greys, device labels beside them) read by Tesseract through the whole pixel path: every PHI box found, labels left
    /// alone, the cleaned file read again holds none of the PHI, and no pixel outside the rectangles changed.
    /// </summary>
    public class OcrSampleCorpusTests
    {
        public static IEnumerable<object[]> Corpus() =>
            from modality in new[] { SampleModality.US, SampleModality.CT, SampleModality.MR, SampleModality.SC }
            from seed in new[] { 1, 2, 3 }
            select new object[] { modality, seed };

        private static DicomSample Sample(SampleModality modality, int seed) =>
            DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = modality, Seed = seed, Rows = 512, Columns = 512, LegibleText = true });

        private static double Covered(BurnedText box, IEnumerable<OcrFinding> findings)
        {
            var list = findings.ToList();
            int covered = 0, total = 0;
            for (int y = box.Y0; y < box.Y1; y++)
            {
                for (int x = box.X0; x < box.X1; x++)
                {
                    total++;
                    if (list.Any(f => x >= f.X0 && x < f.X1 && y >= f.Y0 && y < f.Y1)) covered++;
                }
            }
            return (double)covered / total;
        }

        /// <summary>The native pixel bytes as written: Pixel Data is the last element, so the file's last rows × columns × samples × bytes.</summary>
        private static byte[] PixelBytes(DicomFile file)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            var ds = file.Dataset;
            ds.TryGetInteger(DicomTags.SamplesPerPixel, out long spp);
            ds.TryGetInteger(DicomTags.BitsAllocated, out long bits);
            int length = (int)(512 * 512 * spp * (bits / 8));
            return new System.ArraySegment<byte>(ms.ToArray(), checked((int)ms.Length - length), length).ToArray();
        }

        [Fact]
        public void TheLegibleBandVariesWithTheSeed_AndLeavesTheRestOfTheFileAsItWas()
        {
            var a = Sample(SampleModality.US, 1);
            var b = Sample(SampleModality.US, 2);
            Assert.Equal(3, a.BurnedText.Count(t => t.IsIdentifying));
            Assert.Contains(a.BurnedText, t => !t.IsIdentifying && t.Text.Length > 3);
            Assert.NotEqual(a.BurnedText.Select(t => t.Rectangle), b.BurnedText.Select(t => t.Rectangle));
            var name = a.BurnedText.Single(t => t.Keyword == "PatientName");
            Assert.Equal(a.PatientName.Replace('^', ' '), name.Text);
            Assert.Contains(a.PatientId, a.BurnedText.Select(t => t.Text));
            // Without the option the same seed gives the same header.
            var plain = DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = SampleModality.US, Seed = 1, Rows = 512, Columns = 512 });
            Assert.Empty(plain.BurnedText);
            Assert.Equal(plain.File.Dataset.GetString(DicomTags.SOPInstanceUID), a.File.Dataset.GetString(DicomTags.SOPInstanceUID));
            Assert.Equal(plain.PatientName, a.PatientName);
        }

        [Theory]
        [MemberData(nameof(Corpus))]
        public void EveryPhiBoxIsFound_LabelsSurvive_AndTheCleanedFileHoldsNoPhi(SampleModality modality, int seed)
        {
            var sample = Sample(modality, seed);
            var reader = new OcrReader();
            // Through the same path the cmdlets take: the recipe's filters (none flag a synthetic sample) plus OCR.
            var verdict = new FilterEvaluator(DeidRecipe.Parse("FORMAT dicom\n", "none.dicom")).Evaluate(sample.File).WithOcr(reader.Read(sample.File));
            string found = string.Join("; ", verdict.Ocr!.Findings);
            foreach (var box in sample.BurnedText.Where(t => t.IsIdentifying))
                Assert.True(Covered(box, verdict.Ocr.Findings) >= 0.9, $"{modality}/{seed}: {box} covered {Covered(box, verdict.Ocr.Findings):P0}: {found}");
            foreach (var label in sample.BurnedText.Where(t => !t.IsIdentifying && t.Text != "ID" && t.Text != "DOB"))
                Assert.True(Covered(label, verdict.Ocr.Findings) < 0.05, $"{modality}/{seed}: {label} was marked: {found}");
            Assert.True(verdict.Flagged);
            Assert.Contains("ocr", verdict.Group);

            byte[] before = PixelBytes(sample.File);
            var decision = BurnedPixelDecision.From(verdict);
            PixelCleaner.Clean(sample.File, decision.Regions, PixelCompression.None, out var spool);
            using (spool)
            {
                byte[] after = PixelBytes(sample.File);
                int bytesPerPixel = before.Length / (512 * 512);
                int changedOutside = 0;
                for (int i = 0; i < 512 * 512; i++)
                {
                    int x = i % 512, y = i / 512;
                    if (verdict.Ocr.Findings.Any(f => x >= f.X0 && x < f.X1 && y >= f.Y0 && y < f.Y1)) continue;
                    for (int b = 0; b < bytesPerPixel; b++) if (before[i * bytesPerPixel + b] != after[i * bytesPerPixel + b]) changedOutside++;
                }
                Assert.Equal(0, changedOutside);
                // Read again: nothing identifying is left for OCR to find, and no word of the name survives in any form.
                var again = reader.Read(sample.File);
                Assert.Empty(again.Findings);
                var words = TesseractEngine.Locate().Read(OcrImage.From(PngPreview.Render(sample.File, 0))).Select(w => OcrText.Canonical(w.Text)).ToList();
                foreach (var part in sample.PatientName.Split('^').Where(p => p.Length >= 3))
                    Assert.DoesNotContain(words, w => w.Contains(OcrText.Canonical(part)));
                Assert.DoesNotContain(words, w => w.Contains(OcrText.Canonical(sample.PatientId.Substring(3))));
            }
        }
    }
}
