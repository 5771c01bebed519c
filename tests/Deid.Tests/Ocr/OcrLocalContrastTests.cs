using System;
using System.Linq;
using Deid.Dicom;
using Deid.Ocr;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Ocr
{
    /// <summary>
    /// QA round 2, findings 2 and 3: text that one global threshold of the luminance image cannot separate from its ground —
    /// red on a green of equal luminance, white on the light end of a grey gradient, white on a flat mid-grey disc — is read
    /// through the local-contrast image, and a flat-ground frame gets no extra Tesseract run.
    /// </summary>
    public class OcrLocalContrastTests
    {
        private const string Name = "FLORENTINE AB", Id = "ID PX104857", Birth = "DOB 14.02.58";

        private static DicomFile File(int width, int height, int samples, byte[] pixels)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "FLORENTINE^AB");
            ds.SetString(DicomTags.PatientID, DicomVR.LO, "PX104857");
            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19580214");
            ds.SetNumbers(DicomTags.SamplesPerPixel, DicomVR.US, samples);
            ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, samples == 1 ? "MONOCHROME2" : "RGB");
            if (samples == 3) ds.SetNumbers(DicomTags.PlanarConfiguration, DicomVR.US, 0);
            ds.SetNumbers(DicomTags.Rows, DicomVR.US, height);
            ds.SetNumbers(DicomTags.Columns, DicomVR.US, width);
            ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.HighBit, DicomVR.US, 7);
            ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
            ds.SetRawValue(DicomTags.PixelData, DicomVR.OB, pixels);
            return file;
        }

        /// <summary>Draws <paramref name="text"/> in the sample generator's bitmap font, calling <paramref name="set"/> for each pixel of it.</summary>
        private static void Draw(string text, int x, int y, int scale, int width, int height, Action<int, int> set)
        {
            foreach (char c in text)
            {
                BitmapFont.Draw(c, x, y, scale, (px, py) =>
                {
                    if (px < width && py < height) set(px, py);
                });
                x += BitmapFont.Advance(scale);
            }
        }

        private static string[] Fields(OcrResult result) => result.Findings.SelectMany(f => f.Field.Split('+')).Distinct().ToArray();

        [Fact]
        public void RedTextOnAGreenOfEqualLuminanceIsRead()
        {
            // BT.601 luma of rgb(255,0,0) is 76.2 and of rgb(0,130,0) 76.3: the luminance image is one flat grey.
            const int w = 320, h = 240;
            var rgb = new byte[w * h * 3];
            for (int i = 0; i < w * h; i++) rgb[i * 3 + 1] = 130;
            Action<int, int> red = (x, y) =>
            {
                int i = (y * w + x) * 3;
                rgb[i] = 255;
                rgb[i + 1] = 0;
            };
            Draw(Name, 12, 20, 2, w, h, red);
            Draw(Id, 150, 80, 1, w, h, red);
            var result = new OcrReader().Read(File(w, h, 3, rgb));
            Assert.Contains("PatientName", Fields(result));
            Assert.Contains("PatientID", Fields(result));
        }

        [Fact]
        public void WhiteTextDownAGreyGradientIsReadOnEveryLine()
        {
            // Ground from grey 25 at the top to 180 at the bottom: the global threshold falls between the ground's ends, so the
            // lower lines (white on a ground above it) merge with their ground.
            const int w = 320, h = 240;
            var grey = new byte[w * h];
            for (int y = 0; y < h; y++) grey.AsSpan(y * w, w).Fill((byte)(25 + 155 * y / (h - 1)));
            Action<int, int> white = (x, y) => grey[y * w + x] = 255;
            Draw(Name, 12, 20, 2, w, h, white);
            Draw(Id, 150, 130, 1, w, h, white);
            Draw(Birth, 12, 200, 2, w, h, white);
            var fields = Fields(new OcrReader().Read(File(w, h, 1, grey)));
            Assert.Contains("PatientName", fields);
            Assert.Contains("PatientID", fields);
            Assert.Contains(fields, f => f == "PatientBirthDate" || f == "Date");
        }

        [Fact]
        public void WhiteTextOnAFlatMidGreyDiscIsRead()
        {
            const int w = 400, h = 400;
            var grey = new byte[w * h];
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int dx = x - 200, dy = y - 210;
                    if (dx * dx + dy * dy < 170 * 170) grey[y * w + x] = 128;
                }
            }
            Action<int, int> white = (x, y) => grey[y * w + x] = 255;
            Draw(Name, 8, 8, 2, w, h, white);
            Draw(Id, 120, 200, 3, w, h, white);
            var fields = Fields(new OcrReader().Read(File(w, h, 1, grey)));
            Assert.Contains("PatientName", fields);
            Assert.Contains("PatientID", fields);
        }
    }
}
