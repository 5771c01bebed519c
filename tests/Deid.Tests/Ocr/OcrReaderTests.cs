using System.Collections.Generic;
using System.Linq;
using Deid.Dicom;
using Deid.Ocr;
using Xunit;

namespace Deid.Tests.Ocr
{
    /// <summary>Tesseract itself (installed by .ci/run) reading text burned into synthetic frames.</summary>
    public class OcrReaderTests
    {
        private const int Width = 320, Height = 240;

        private static DicomFile File(TextImage image)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "FLORENTINE^AB");
            ds.SetString(DicomTags.PatientID, DicomVR.LO, "PX104857");
            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19580214");
            ds.SetNumbers(DicomTags.SamplesPerPixel, DicomVR.US, 1);
            ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
            ds.SetNumbers(DicomTags.Rows, DicomVR.US, image.Height);
            ds.SetNumbers(DicomTags.Columns, DicomVR.US, image.Width);
            ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.HighBit, DicomVR.US, 7);
            ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
            ds.SetRawValue(DicomTags.PixelData, DicomVR.OB, (byte[])image.Pixels.Clone());
            return file;
        }

        private static (TextImage Image, List<(int, int, int, int)> Phi, List<(int, int, int, int)> Labels) Screen()
        {
            var image = new TextImage(Width, Height);
            var phi = new List<(int, int, int, int)>
            {
                image.Draw("FLORENTINE AB", 10, 10, 2, 235),
                image.Draw("ID PX104857", 150, 70, 1, 170),
                image.Draw("DOB 14.02.58", 12, 205, 2, 200),
            };
            var labels = new List<(int, int, int, int)>
            {
                image.Draw("TIS 0.4 MI 1.1", 210, 10, 1, 220),
                image.Draw("C5-1 ABD", 200, 120, 2, 150),
            };
            return (image, phi, labels);
        }

        private static double Covered((int X0, int Y0, int X1, int Y1) box, IReadOnlyList<OcrFinding> findings)
        {
            int covered = 0, total = 0;
            for (int y = box.Y0; y < box.Y1; y++)
            {
                for (int x = box.X0; x < box.X1; x++)
                {
                    total++;
                    if (findings.Any(f => x >= f.X0 && x < f.X1 && y >= f.Y0 && y < f.Y1)) covered++;
                }
            }
            return (double)covered / total;
        }

        /// <summary>
        /// QA OCR 2026-12-07: text touching the frame's edge (0 px from it) was never found, while 1 px in it was: Tesseract
        /// garbles glyphs cut by the page's edge. The frame is read with a light border around it.
        /// </summary>
        [Theory]
        [InlineData(0, 0)]
        [InlineData(-1, 0)]
        [InlineData(0, -1)]
        public void TextTouchingTheFramesEdgeIsFound(int left, int top)
        {
            var image = new TextImage(Width, Height);
            // Drawn once to learn its size, then where it touches the left, right or bottom edge.
            var (x0, y0, x1, y1) = image.Draw("FLORENTINE AB", 0, 0, 2, 235);
            image = new TextImage(Width, Height);
            int x = left >= 0 ? 0 : Width - (x1 - x0), y = top >= 0 ? 0 : Height - (y1 - y0);
            var box = image.Draw("FLORENTINE AB", x, y, 2, 235);
            var result = new OcrReader().Read(File(image));
            Assert.True(Covered(box, result.Findings) >= 0.9, $"edge text {box} covered {Covered(box, result.Findings):P0}: {string.Join("; ", result.Findings)}");
            Assert.All(result.Findings, f => Assert.True(f.X0 >= 0 && f.Y0 >= 0 && f.X1 <= Width && f.Y1 <= Height, f.ToString()));
        }

        /// <summary>
        /// QA OCR 2026-12-07: a 128 px frame is upscaled four times, and blocky glyphs Tesseract reads right at their own size
        /// were misread at 4x (QA7731924 became rSig24, and the ID was left). Such a frame is also read as it is. The frame is
        /// QA's own (Frames/blocky-128.pgm: KOWALSKI at 4,4 and QA7731924 at 4,110 in a 5x7 pixel font, all invented).
        /// </summary>
        [Fact]
        public void ASmallFramesBlockyTextIsFoundAtItsOwnSizeToo()
        {
            byte[] pgm = System.IO.File.ReadAllBytes(System.IO.Path.Combine(TestPaths.RepoRoot, "tests", "Deid.Tests", "Ocr", "Frames", "blocky-128.pgm"));
            var image = new TextImage(128, 128);
            System.Array.Copy(pgm, pgm.Length - 128 * 128, image.Pixels, 0, 128 * 128);
            Assert.Equal(4, OcrImage.ScaleFor(128, 128));
            var file = File(image);
            file.Dataset.SetString(DicomTags.PatientName, DicomVR.PN, "KOWALSKI^MARTHA");
            file.Dataset.SetString(DicomTags.PatientID, DicomVR.LO, "QA7731924");
            var result = new OcrReader().Read(file);
            Assert.Contains(result.Findings, f => f.Field.Split('+').Contains("PatientID") && f.Y0 >= 100);
            Assert.Contains(result.Findings, f => f.Field.Split('+').Contains("PatientName") && f.Y1 <= 30);
        }

        [Fact]
        public void EveryPhiBoxIsFoundAndLabelsAreLeftAlone()
        {
            var (image, phi, labels) = Screen();
            var result = new OcrReader().Read(File(image));
            Assert.Equal(1, result.FramesRead);
            // The "ID"/"DOB" labels in front of a value may be swallowed with it; the value itself must be covered.
            Assert.All(new[] { phi[0], (186, 70, phi[1].Item3, phi[1].Item4), (60, 205, phi[2].Item3, phi[2].Item4) },
                box => Assert.True(Covered(box, result.Findings) >= 0.9, $"PHI box {box} covered {Covered(box, result.Findings):P0}: {string.Join("; ", result.Findings)}"));
            Assert.All(labels, box => Assert.True(Covered(box, result.Findings) < 0.05, $"label {box} was marked: {string.Join("; ", result.Findings)}"));
            Assert.Contains(result.Findings, f => f.Field.Split('+').Contains("PatientName") && f.Confidence > 0);
            Assert.Contains(result.Findings, f => f.Field.Split('+').Contains("PatientID"));
            // The birth date is found by its value or, misread beyond the edits allowed, by its shape.
            Assert.Contains(result.Findings, f => f.Field.Split('+').Intersect(new[] { "PatientBirthDate", "Date" }).Any());
        }

        [Fact]
        public void AfterBlankingTheFindingsTesseractReadsNoPhiAndOtherPixelsAreUntouched()
        {
            var (image, _, labels) = Screen();
            var reader = new OcrReader();
            var findings = reader.Read(File(image)).Findings;
            var cleaned = new TextImage(Width, Height);
            System.Array.Copy(image.Pixels, cleaned.Pixels, image.Pixels.Length);
            foreach (var f in findings)
            {
                for (int y = f.Y0; y < f.Y1; y++) for (int x = f.X0; x < f.X1; x++) cleaned.Pixels[y * Width + x] = 0;
            }
            var again = reader.Read(File(cleaned));
            Assert.Empty(again.Findings);
            // Outside the rectangles nothing changed, and the labels are still there to read.
            int changedOutside = 0;
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    bool inside = findings.Any(f => x >= f.X0 && x < f.X1 && y >= f.Y0 && y < f.Y1);
                    if (!inside && cleaned.Pixels[y * Width + x] != image.Pixels[y * Width + x]) changedOutside++;
                }
            }
            Assert.Equal(0, changedOutside);
            var words = TesseractEngine.Locate().Read(OcrImage.From(cleaned.ToRendered())).Select(w => w.Text).ToList();
            Assert.Contains("ABD", words);
            Assert.DoesNotContain(words, w => OcrText.Canonical(w).Contains("FLOREN"));
        }

        [Fact]
        public void AllTextScopeMarksTheLabelsToo()
        {
            var (image, _, labels) = Screen();
            var result = new OcrReader(new OcrOptions { Scope = OcrScope.AllText }).Read(File(image));
            // Tesseract is less sure of some label words than the default 60 % confidence asks, so each label is marked at least in part.
            Assert.All(labels, box => Assert.True(Covered(box, result.Findings) > 0.3, $"label {box}: {string.Join("; ", result.Findings)}"));
        }

        [Fact]
        public void AMissingTesseractNamesThePackageToInstall()
        {
            var e = Assert.Throws<TesseractNotFoundException>(() => new OcrReader(new OcrOptions { TesseractPath = "/nonexistent/tesseract" }));
            Assert.Contains("tesseract-ocr", e.Message);
            Assert.Contains("-TesseractPath", e.Message);
        }
    }
}
