using System;
using System.Buffers.Binary;
using Deid.Dicom;
using Deid.Pixels;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>Hand-made frames with their exact 8-bit renderings, worked out by hand from PS3.3.</summary>
    public class FrameRendererTests
    {
        private static PixelFrameGeometry Mono(int rows, int columns, int allocated, int stored, int high, int signed, string photometric = "MONOCHROME2") =>
            new PixelFrameGeometry(rows, columns, 1, allocated, stored, high, signed, 1, 0, photometric);

        private static byte[] Words(params int[] values)
        {
            var bytes = new byte[values.Length * 2];
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), unchecked((ushort)values[i]));
            return bytes;
        }

        private static byte[] Ints(params int[] values)
        {
            var bytes = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
            return bytes;
        }

        private static byte[] Render(byte[] frame, PixelFrameGeometry g, FrameRenderOptions? o = null) =>
            FrameRenderer.Render(frame, g, o).Span.ToArray();

        [Fact]
        public void Monochrome2WithoutWindowStretchesMinToMax() =>
            Assert.Equal(new byte[] { 0, 64, 128, 255 }, Render(new byte[] { 0, 50, 100, 200 }, Mono(2, 2, 8, 8, 7, 0)));

        [Fact]
        public void FlatFrameIsBlack() =>
            Assert.Equal(new byte[] { 0, 0 }, Render(new byte[] { 7, 7 }, Mono(1, 2, 8, 8, 7, 0)));

        [Fact]
        public void WindowFollowsTheLinearFunctionOfPs33()
        {
            // c = 100, w = 51: black up to 74.5, white above 124.5, ((x - 99.5) / 50 + 0.5) × 255 between.
            var o = new FrameRenderOptions { WindowCenter = 100, WindowWidth = 51 };
            Assert.Equal(new byte[] { 0, 3, 130, 252, 255, 255 }, Render(Words(74, 75, 100, 124, 125, 4000), Mono(1, 6, 16, 16, 15, 0), o));
        }

        [Fact]
        public void RescaleIsAppliedBeforeTheWindow()
        {
            // Slope 2, intercept -100: stored 0, 25, 50, 100 are -100, -50, 0, 100; window c = 0, w = 101 spans (-50.5, 49.5].
            var o = new FrameRenderOptions { RescaleSlope = 2, RescaleIntercept = -100, WindowCenter = 0, WindowWidth = 101 };
            Assert.Equal(new byte[] { 0, 1, 129, 255 }, Render(Words(0, 25, 50, 100), Mono(2, 2, 16, 12, 11, 0), o));
        }

        [Fact]
        public void WindowWidthBelowOneFallsBackToMinMax()
        {
            var o = new FrameRenderOptions { WindowCenter = 100, WindowWidth = 0 };
            Assert.Equal(new byte[] { 0, 255 }, Render(new byte[] { 10, 20 }, Mono(1, 2, 8, 8, 7, 0), o));
        }

        [Fact]
        public void NegativeSlopeReversesTheStretch() =>
            Assert.Equal(new byte[] { 255, 0 }, Render(new byte[] { 10, 20 }, Mono(1, 2, 8, 8, 7, 0), new FrameRenderOptions { RescaleSlope = -1 }));

        [Fact]
        public void Monochrome1IsInverted()
        {
            var g = Mono(1, 3, 8, 8, 7, 0, "MONOCHROME1");
            Assert.Equal(new byte[] { 255, 127, 0 }, Render(new byte[] { 0, 127, 254 }, g));
            var o = new FrameRenderOptions { WindowCenter = 100, WindowWidth = 51 };
            Assert.Equal(new byte[] { 255, 125, 0 }, Render(new byte[] { 74, 100, 200 }, g, o));
        }

        [Fact]
        public void UnusedHighBitsAreMasked()
        {
            // 12 of 16 bits stored: 0xF800 holds 2048 under an overlay nibble, 0xFFFF holds 4095, 0xF400 holds 1024.
            Assert.Equal(new byte[] { 128, 0, 255, 64 }, Render(Words(0xF800, 0x0000, 0xFFFF, 0xF400), Mono(2, 2, 16, 12, 11, 0)));
        }

        [Fact]
        public void HighBitAboveBitsStoredSelectsTheBitsBelowIt()
        {
            // 8 bits stored ending at bit 11: 0x0AB0 holds 0xAB; the low nibble and the top nibble are not pixel data.
            var o = new FrameRenderOptions { WindowCenter = 128, WindowWidth = 256 };
            Assert.Equal(new byte[] { 171, 0, 255 }, Render(Words(0xFAB5, 0xF00F, 0x0FF0), Mono(1, 3, 16, 8, 11, 0), o));
        }

        [Fact]
        public void SignIsExtendedFromHighBit()
        {
            // 12 signed bits in 16: 0xF800 and 0x0800 are both -2048 (the top nibble is not pixel data), 0x07FF is 2047,
            // 0x0FFF is -1, 0x0C18 is -1000.
            Assert.Equal(new byte[] { 0, 0, 255, 127, 128 }, Render(Words(0xF800, 0x0800, 0x07FF, 0x0FFF, 0x0000), Mono(1, 5, 16, 12, 11, 1)));
            var o = new FrameRenderOptions { WindowCenter = -1000, WindowWidth = 2 };
            Assert.Equal(new byte[] { 0, 255, 255 }, Render(Words(0x0800, 0x0C18, 0x0000), Mono(1, 3, 16, 12, 11, 1), o));
        }

        [Fact]
        public void EightBitSigned() =>
            Assert.Equal(new byte[] { 0, 255, 128, 127 }, Render(new byte[] { 0x80, 0x7F, 0x00, 0xFF }, Mono(2, 2, 8, 8, 7, 1)));

        [Fact]
        public void ThirtyTwoBitUnsignedAndSigned()
        {
            Assert.Equal(new byte[] { 0, 128, 255 }, Render(Ints(0, 100000, 200000), Mono(1, 3, 32, 32, 31, 0)));
            Assert.Equal(new byte[] { 0, 128, 255 }, Render(Ints(-100000, 0, 100000), Mono(1, 3, 32, 32, 31, 1)));
            Assert.Equal(new byte[] { 255, 0 }, Render(Ints(unchecked((int)0xFFFFFFFF), 0), Mono(1, 2, 32, 32, 31, 0)));
        }

        [Fact]
        public void RgbInterleavedAndPlanarGiveTheSameImage()
        {
            var expected = new byte[] { 10, 20, 30, 40, 50, 60 };
            var interleaved = new PixelFrameGeometry(1, 2, 3, 8, 8, 7, 0, 1, 0, "RGB");
            var planar = new PixelFrameGeometry(1, 2, 3, 8, 8, 7, 0, 1, 1, "RGB");
            Assert.Equal(expected, Render(expected, interleaved));
            Assert.Equal(expected, Render(new byte[] { 10, 40, 20, 50, 30, 60 }, planar));
            Assert.Equal(3, FrameRenderer.Render(expected, interleaved).Channels);
        }

        [Fact]
        public void SixteenBitRgbKeepsTheTopEightBits() =>
            Assert.Equal(new byte[] { 255, 128, 1 }, Render(Words(0xFF00, 0x8000, 0x01FF), new PixelFrameGeometry(1, 1, 3, 16, 16, 15, 0, 1, 0, "RGB")));

        [Fact]
        public void YbrFullIsConvertedToRgb()
        {
            // Y 76, Cb 85, Cr 255: R = 76 + 1.402 × 127, G = 76 + 0.344136 × 43 - 0.714136 × 127, B = 76 - 1.772 × 43.
            var interleaved = new PixelFrameGeometry(1, 2, 3, 8, 8, 7, 0, 1, 0, "YBR_FULL");
            var planar = new PixelFrameGeometry(1, 2, 3, 8, 8, 7, 0, 1, 1, "YBR_FULL");
            var expected = new byte[] { 254, 0, 0, 128, 128, 128 };
            Assert.Equal(expected, Render(new byte[] { 76, 85, 255, 128, 128, 128 }, interleaved));
            Assert.Equal(expected, Render(new byte[] { 76, 128, 85, 128, 255, 128 }, planar));
        }

        [Fact]
        public void NativeYbrFull422SharesChrominanceByPairs()
        {
            var g = new PixelFrameGeometry(2, 2, 3, 8, 8, 7, 0, 1, 0, "YBR_FULL_422");
            Assert.Equal(8, g.FrameLength);
            var expected = new byte[] { 254, 0, 0, 255, 74, 74, 128, 128, 128, 200, 200, 200 };
            Assert.Equal(expected, Render(new byte[] { 76, 150, 85, 255, 128, 200, 128, 128 }, g));
        }

        [Fact]
        public void PaletteMapsThroughTheTableAndClampsOutsideIt()
        {
            var g = Mono(1, 5, 8, 8, 7, 0, "PALETTE COLOR");
            var o = new FrameRenderOptions { Palette = new PaletteLut(10, new byte[] { 0, 100, 200 }, new byte[] { 1, 2, 3 }, new byte[] { 9, 8, 7 }) };
            Assert.Equal(new byte[] { 0, 1, 9, 100, 2, 8, 200, 3, 7, 0, 1, 9, 200, 3, 7 }, Render(new byte[] { 10, 11, 12, 5, 20 }, g, o));
            // Without a table the indices are shown as grey.
            Assert.Equal(new byte[] { 85, 102, 119, 0, 255 }, Render(new byte[] { 10, 11, 12, 5, 20 }, g));
        }

        [Fact]
        public void PaletteAndWindowAreReadFromTheDataset()
        {
            var g = Mono(1, 3, 16, 16, 15, 0, "PALETTE COLOR");
            var ds = new DicomDataset(DicomEncoding.ExplicitLittle);
            foreach (var (descriptor, data, words) in new[]
            {
                (DicomTags.RedPaletteColorLookupTableDescriptor, DicomTags.RedPaletteColorLookupTableData, new[] { 0x0000, 0x6400, 0xC8FF }),
                (DicomTags.GreenPaletteColorLookupTableDescriptor, DicomTags.GreenPaletteColorLookupTableData, new[] { 0xFFFF, 0x0100, 0x0000 }),
                (DicomTags.BluePaletteColorLookupTableDescriptor, DicomTags.BluePaletteColorLookupTableData, new[] { 0x1000, 0x2000, 0x3000 }),
            })
            {
                ds.SetNumbers(descriptor, DicomVR.US, 3, 1000, 16);
                ds.SetRawValue(data, DicomVR.OW, Words(words));
            }
            var image = FrameRenderer.Render(Words(1000, 1001, 1002), g, ds);
            Assert.Equal(new byte[] { 0, 255, 16, 100, 1, 32, 200, 0, 48 }, image.Span.ToArray());
        }

        [Fact]
        public void EightBitPaletteEntriesArePackedInWords()
        {
            var ds = new DicomDataset(DicomEncoding.ExplicitLittle);
            ds.SetNumbers(DicomTags.RedPaletteColorLookupTableDescriptor, DicomVR.US, 4, 0, 8);
            ds.SetNumbers(DicomTags.GreenPaletteColorLookupTableDescriptor, DicomVR.US, 4, 0, 8);
            ds.SetNumbers(DicomTags.BluePaletteColorLookupTableDescriptor, DicomVR.US, 4, 0, 8);
            ds.SetRawValue(DicomTags.RedPaletteColorLookupTableData, DicomVR.OW, new byte[] { 0, 85, 170, 255 });
            ds.SetRawValue(DicomTags.GreenPaletteColorLookupTableData, DicomVR.OW, new byte[] { 1, 2, 3, 4 });
            ds.SetRawValue(DicomTags.BluePaletteColorLookupTableData, DicomVR.OW, new byte[] { 9, 9, 9, 9 });
            var palette = PaletteLut.FromDataset(ds)!;
            Assert.Equal(new byte[] { 0, 85, 170, 255 }, palette.Red);
            Assert.Equal(new byte[] { 1, 2, 3, 4 }, palette.Green);
        }

        [Fact]
        public void FirstOfSeveralWindowValuesAndRescaleComeFromTheDataset()
        {
            var ds = new DicomDataset(DicomEncoding.ExplicitLittle);
            ds.SetString(DicomTags.WindowCenter, DicomVR.DS, "100\\2000");
            ds.SetString(DicomTags.WindowWidth, DicomVR.DS, "51\\4000");
            ds.SetString(DicomTags.RescaleSlope, DicomVR.DS, "2");
            ds.SetString(DicomTags.RescaleIntercept, DicomVR.DS, "-100");
            var o = FrameRenderOptions.FromDataset(ds);
            Assert.Equal(100, o.WindowCenter);
            Assert.Equal(51, o.WindowWidth);
            // Stored 100 is 100 after rescale: the window's middle.
            Assert.Equal(new byte[] { 0, 130, 255 }, FrameRenderer.Render(Words(80, 100, 150), Mono(1, 3, 16, 16, 15, 0), ds).Span.ToArray());
        }

        private static void Window(DicomDataset group, string center, string width)
        {
            var item = group.GetOrAddSequence(DicomTags.FrameVOILUTSequence).AddItem();
            item.SetString(DicomTags.WindowCenter, DicomVR.DS, center);
            item.SetString(DicomTags.WindowWidth, DicomVR.DS, width);
        }

        [Fact]
        public void AnEnhancedImagesWindowAndRescaleComeFromItsFunctionalGroups_TheFramesOwnFirst()
        {
            // Pixel QA (2026-12-05): an Enhanced CT keeps its window in the functional groups only. Rendered min to max, text at
            // 200 HU over soft tissue between air and bone was 13 grey levels above its ground, and OCR found nothing.
            var ds = new DicomDataset(DicomEncoding.ExplicitLittle);
            ds.SetString(DicomTags.WindowCenter, DicomVR.DS, "9");
            ds.SetString(DicomTags.WindowWidth, DicomVR.DS, "9");
            var shared = ds.GetOrAddSequence(DicomTags.SharedFunctionalGroupsSequence).AddItem();
            Window(shared, "40", "400");
            var transformation = shared.GetOrAddSequence(DicomTags.PixelValueTransformationSequence).AddItem();
            transformation.SetString(DicomTags.RescaleSlope, DicomVR.DS, "1");
            transformation.SetString(DicomTags.RescaleIntercept, DicomVR.DS, "-1024");
            var perFrame = ds.GetOrAddSequence(DicomTags.PerFrameFunctionalGroupsSequence);
            perFrame.AddItem();
            Window(perFrame.AddItem(), "300", "1500");

            var first = FrameRenderOptions.FromDataset(ds, 0);
            Assert.Equal((40.0, 400.0, 1.0, -1024.0), (first.WindowCenter, first.WindowWidth, first.RescaleSlope, first.RescaleIntercept));
            var second = FrameRenderOptions.FromDataset(ds, 1);
            Assert.Equal((300.0, 1500.0, -1024.0), (second.WindowCenter, second.WindowWidth, second.RescaleIntercept));
            // A frame past the per-frame items takes the shared group; a classic image its top-level attributes.
            Assert.Equal(40.0, FrameRenderOptions.FromDataset(ds, 5).WindowCenter);
            ds.Remove(DicomTags.SharedFunctionalGroupsSequence);
            Assert.Equal((9.0, 0.0), (FrameRenderOptions.FromDataset(ds, 0).WindowCenter!.Value, FrameRenderOptions.FromDataset(ds, 0).RescaleIntercept));

            // Air, soft tissue, text at 200 HU and bone (stored values, intercept -1024): the text stands out in the window.
            ds.Remove(DicomTags.PerFrameFunctionalGroupsSequence);
            ds.Remove(DicomTags.WindowCenter);
            ds.Remove(DicomTags.WindowWidth);
            shared = ds.GetOrAddSequence(DicomTags.SharedFunctionalGroupsSequence).AddItem();
            Window(shared, "40", "400");
            transformation = shared.GetOrAddSequence(DicomTags.PixelValueTransformationSequence).AddItem();
            transformation.SetString(DicomTags.RescaleIntercept, DicomVR.DS, "-1024");
            var pixels = FrameRenderer.Render(Words(24, 1064, 1224, 2824), Mono(1, 4, 16, 12, 11, 0), FrameRenderOptions.FromDataset(ds, 0)).Span.ToArray();
            Assert.True(pixels[2] - pixels[1] > 100, string.Join(",", pixels));
        }

        [Fact]
        public void ShortFramesAndUnknownLayoutsAreRefused()
        {
            Assert.Throws<ArgumentException>(() => FrameRenderer.Render(new byte[3], Mono(2, 2, 8, 8, 7, 0)));
            Assert.Throws<NotSupportedException>(() => FrameRenderer.Render(new byte[8], new PixelFrameGeometry(1, 2, 4, 8, 8, 7, 0, 1, 0, "CMYK")));
            Assert.Throws<NotSupportedException>(() => FrameRenderer.Render(new byte[8], Mono(1, 1, 64, 64, 63, 0)));
        }

        [Fact]
        public void LuminanceUsesBt601Weights()
        {
            var rgb = new RenderedImage(4, 1, 3, new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255 });
            var grey = FrameRenderer.ToLuminance(rgb);
            Assert.Equal(1, grey.Channels);
            Assert.Equal(new byte[] { 76, 150, 29, 255 }, grey.Span.ToArray());
        }

        [Fact]
        public void UpscaleRepeatsPixels()
        {
            var grey = new RenderedImage(2, 2, 1, new byte[] { 1, 2, 3, 4 });
            Assert.Equal(new byte[] { 1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4 }, FrameRenderer.Upscale(grey, 2).Span.ToArray());
            var rgb = FrameRenderer.Upscale(new RenderedImage(2, 1, 3, new byte[] { 1, 2, 3, 4, 5, 6 }), 3);
            Assert.Equal((6, 3), (rgb.Width, rgb.Height));
            Assert.Equal(new byte[] { 1, 2, 3, 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6, 4, 5, 6 }, rgb.Span.Slice(18 * 2).ToArray());
            Assert.Throws<ArgumentOutOfRangeException>(() => FrameRenderer.Upscale(grey, 0));
        }

        [Theory]
        [InlineData("MONOCHROME2", 0, 255)]
        [InlineData("MONOCHROME1", 255, 0)]
        public void OneBitFramesAreBlackAndWhite(string photometric, byte zero, byte one)
        {
            // 3 × 3 = 9 bits, first pixel in the lowest bit: pixels 0, 2 and 8 set.
            var g = new PixelFrameGeometry(3, 3, 1, 1, 1, 0, 0, 1, 0, photometric);
            var image = FrameRenderer.Render(new byte[] { 0b0000_0101, 0b0000_0001 }, g);
            Assert.Equal(1, image.Channels);
            Assert.Equal(new[] { one, zero, one, zero, zero, zero, zero, zero, one }, image.Span.ToArray());
        }
    }
}
