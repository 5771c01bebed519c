using System;

namespace Deid.Dicom
{
    /// <summary>
    /// The layout of the frames of an image (Image Pixel module, PS3.3 §C.7.6.3): how many bytes a frame of native
    /// (uncompressed) Pixel Data takes and where frame <c>i</c> starts. Also what a codec needs to decode a frame.
    /// </summary>
    /// <remarks>
    /// Data with Bits Allocated 1 is packed eight samples to a byte (PS3.5 §8.1.1), and frames follow each other without
    /// padding, so a frame whose bit count is not a multiple of 8 does not start on a byte boundary. Such frames are
    /// described (<see cref="FrameBitLength"/>, <see cref="AreFramesByteAligned"/>) but only the first one can be
    /// addressed in bytes; <see cref="GetFrameOffset"/> refuses the others rather than hand back shifted bits.
    /// <para>
    /// Sizes are those of native Pixel Data, so YBR_FULL_422 counts two samples a pixel. A codec whose codestream
    /// describes its own subsampling (JPEG with YBR_FULL_422) decodes to whatever layout it documents; see <see cref="IPixelCodec"/>.
    /// </para>
    /// </remarks>
    public sealed class PixelFrameGeometry
    {
        /// <summary>Creates a geometry from attribute values, validated as <see cref="FromDataset"/> validates them.</summary>
        /// <exception cref="DicomFormatException">A value is out of range; the exception names the attribute.</exception>
        public PixelFrameGeometry(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored, int highBit,
            int pixelRepresentation, int numberOfFrames = 1, int planarConfiguration = 0, string photometricInterpretation = "MONOCHROME2")
            : this(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit, pixelRepresentation, numberOfFrames,
                planarConfiguration, photometricInterpretation, null)
        {
        }

        private PixelFrameGeometry(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored, int highBit,
            int pixelRepresentation, int numberOfFrames, int planarConfiguration, string photometricInterpretation, string? source)
        {
            // Each message is made only when it is thrown: this runs for every file with pixel data.
            if (!(rows > 0))
                throw new DicomFormatException(source, -1, DicomTags.Rows, $"Rows must be at least 1, not {rows}.");
            if (!(columns > 0))
                throw new DicomFormatException(source, -1, DicomTags.Columns, $"Columns must be at least 1, not {columns}.");
            // PS3.3 allows 1 and 3 (4 is retired but still met in old files); anything else is not an image layout.
            if (!(samplesPerPixel >= 1 && samplesPerPixel <= 4))
                throw new DicomFormatException(source, -1, DicomTags.SamplesPerPixel, $"Samples per Pixel must be 1 to 4, not {samplesPerPixel}.");
            if (!(bitsAllocated == 1 || (bitsAllocated > 0 && bitsAllocated <= 64 && bitsAllocated % 8 == 0)))
                throw new DicomFormatException(source, -1, DicomTags.BitsAllocated, $"Bits Allocated must be 1 or a multiple of 8 up to 64, not {bitsAllocated}.");
            if (!(bitsStored >= 1 && bitsStored <= bitsAllocated))
                throw new DicomFormatException(source, -1, DicomTags.BitsStored, $"Bits Stored must be 1 to Bits Allocated ({bitsAllocated}), not {bitsStored}.");
            // PS3.3 fixes High Bit at Bits Stored - 1; older standards allowed it higher, so only what cannot fit is refused.
            if (!(highBit >= bitsStored - 1 && highBit < bitsAllocated))
                throw new DicomFormatException(source, -1, DicomTags.HighBit, $"High Bit must be from Bits Stored - 1 ({bitsStored - 1}) to Bits Allocated - 1 ({bitsAllocated - 1}), not {highBit}.");
            if (!(pixelRepresentation == 0 || pixelRepresentation == 1))
                throw new DicomFormatException(source, -1, DicomTags.PixelRepresentation, $"Pixel Representation must be 0 (unsigned) or 1 (signed), not {pixelRepresentation}.");
            if (!(numberOfFrames >= 1))
                throw new DicomFormatException(source, -1, DicomTags.NumberOfFrames, $"Number of Frames must be at least 1, not {numberOfFrames}.");
            if (!(planarConfiguration == 0 || planarConfiguration == 1))
                throw new DicomFormatException(source, -1, DicomTags.PlanarConfiguration, $"Planar Configuration must be 0 (interleaved) or 1 (planar), not {planarConfiguration}.");
            if (string.IsNullOrWhiteSpace(photometricInterpretation))
                throw new DicomFormatException(source, -1, DicomTags.PhotometricInterpretation, "Photometric Interpretation is empty.");

            Rows = rows;
            Columns = columns;
            SamplesPerPixel = samplesPerPixel;
            BitsAllocated = bitsAllocated;
            BitsStored = bitsStored;
            HighBit = highBit;
            PixelRepresentation = pixelRepresentation;
            NumberOfFrames = numberOfFrames;
            PlanarConfiguration = samplesPerPixel > 1 ? planarConfiguration : 0;
            PhotometricInterpretation = photometricInterpretation.Trim();
            // Native YBR_FULL_422 keeps two luminance samples and one of each chrominance per pair of pixels (PS3.3
            // §C.7.6.3.1.2): two samples a pixel on average, not three.
            int storedSamples = IsNative422(PhotometricInterpretation, samplesPerPixel) ? 2 : samplesPerPixel;
            FrameBitLength = (long)rows * columns * storedSamples * bitsAllocated;
            FrameLength = (FrameBitLength + 7) / 8;
            // A lying Number of Frames must be a format error naming it, not an overflow (no file holds 2^60 bytes of pixels).
            if (FrameBitLength > (long.MaxValue - 7) / numberOfFrames)
                throw new DicomFormatException(source, -1, DicomTags.NumberOfFrames, $"Number of Frames {numberOfFrames} of {FrameLength} bytes each is more pixel data than any file holds.");
            TotalLength = (FrameBitLength * numberOfFrames + 7) / 8;
        }

        private static bool IsNative422(string photometric, int samples) =>
            samples == 3 && string.Equals(photometric, "YBR_FULL_422", StringComparison.Ordinal);

        /// <summary>Rows (0028,0010): the height of a frame.</summary>
        public int Rows { get; }

        /// <summary>Columns (0028,0011): the width of a frame.</summary>
        public int Columns { get; }

        /// <summary>Samples per Pixel (0028,0002): 1 for monochrome and palette colour, 3 for RGB and YBR.</summary>
        public int SamplesPerPixel { get; }

        /// <summary>Bits Allocated (0028,0100): 1 (packed bits) or a multiple of 8.</summary>
        public int BitsAllocated { get; }

        /// <summary>Bits Stored (0028,0101).</summary>
        public int BitsStored { get; }

        /// <summary>High Bit (0028,0102).</summary>
        public int HighBit { get; }

        /// <summary>Pixel Representation (0028,0103): 0 unsigned, 1 two's complement.</summary>
        public int PixelRepresentation { get; }

        /// <summary>True when samples are signed (Pixel Representation 1).</summary>
        public bool IsSigned => PixelRepresentation == 1;

        /// <summary>Number of Frames (0028,0008); 1 when the dataset has none.</summary>
        public int NumberOfFrames { get; }

        /// <summary>Planar Configuration (0028,0006): 0 when samples are interleaved (and always 0 for one sample per pixel).</summary>
        public int PlanarConfiguration { get; }

        /// <summary>Photometric Interpretation (0028,0004), trimmed, e.g. "MONOCHROME2" or "RGB".</summary>
        public string PhotometricInterpretation { get; }

        /// <summary>
        /// Bytes each sample takes in native Pixel Data: Bits Allocated / 8, and 0 for 1-bit data (eight samples share a byte).
        /// It is also the unit of the byte swap between big and little endian.
        /// </summary>
        public int BytesPerSample => BitsAllocated / 8;

        /// <summary>
        /// The bits of one frame: Rows × Columns × Samples per Pixel × Bits Allocated, except that YBR_FULL_422 stores
        /// two samples a pixel (chrominance is shared by pairs of pixels), as native Pixel Data holds it.
        /// </summary>
        public long FrameBitLength { get; }

        /// <summary>The bytes of one frame of native Pixel Data (for 1-bit data, its bits rounded up to whole bytes).</summary>
        public long FrameLength { get; }

        /// <summary>The bytes all frames take in native Pixel Data, before the value's padding to even length.</summary>
        public long TotalLength { get; }

        /// <summary>True when every frame starts on a byte boundary (always, except 1-bit data whose frames are not multiples of 8 bits).</summary>
        public bool AreFramesByteAligned => FrameBitLength % 8 == 0;

        /// <summary>The byte offset of frame <paramref name="frame"/> (from 0) in native Pixel Data.</summary>
        /// <exception cref="ArgumentOutOfRangeException">There is no such frame.</exception>
        /// <exception cref="NotSupportedException">The frame of 1-bit data does not start on a byte boundary.</exception>
        public long GetFrameOffset(int frame)
        {
            if ((uint)frame >= (uint)NumberOfFrames)
                throw new ArgumentOutOfRangeException(nameof(frame), frame, $"The image has {NumberOfFrames} frame(s); frames are numbered from 0.");
            long bits = FrameBitLength * frame;
            if (bits % 8 != 0)
                throw new NotSupportedException($"Frame {frame} of this 1-bit image starts at bit {bits % 8} of a byte (frames of {FrameBitLength} bits are packed without padding); only byte-aligned frames can be read.");
            return bits / 8;
        }

        /// <summary>
        /// Reads the geometry from the Image Pixel module of <paramref name="dataset"/>. Rows, Columns, Samples per
        /// Pixel, Bits Allocated, Bits Stored, High Bit, Pixel Representation and Photometric Interpretation are required;
        /// Planar Configuration when Samples per Pixel is above 1; Number of Frames is 1 when absent or empty.
        /// </summary>
        /// <param name="dataset">The dataset holding the image.</param>
        /// <param name="sourceName">The file the dataset came from, for messages; may be null.</param>
        /// <exception cref="DicomFormatException">An attribute is missing or invalid; the exception names it.</exception>
        public static PixelFrameGeometry FromDataset(DicomDataset dataset, string? sourceName = null)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            int samples = RequiredInteger(dataset, DicomTags.SamplesPerPixel, "Samples per Pixel", sourceName);
            int planar = samples > 1 ? RequiredInteger(dataset, DicomTags.PlanarConfiguration, "Planar Configuration", sourceName) : 0;
            string? photometric = dataset.GetString(DicomTags.PhotometricInterpretation);
            if (photometric == null)
                throw new DicomFormatException(sourceName, -1, DicomTags.PhotometricInterpretation, "Photometric Interpretation is missing; it is required to interpret pixel data.");
            return new PixelFrameGeometry(
                RequiredInteger(dataset, DicomTags.Rows, "Rows", sourceName),
                RequiredInteger(dataset, DicomTags.Columns, "Columns", sourceName),
                samples,
                RequiredInteger(dataset, DicomTags.BitsAllocated, "Bits Allocated", sourceName),
                RequiredInteger(dataset, DicomTags.BitsStored, "Bits Stored", sourceName),
                RequiredInteger(dataset, DicomTags.HighBit, "High Bit", sourceName),
                RequiredInteger(dataset, DicomTags.PixelRepresentation, "Pixel Representation", sourceName),
                NumberOfFramesOf(dataset, sourceName),
                planar,
                photometric!,
                sourceName);
        }

        /// <summary>
        /// Checks that a Pixel Data value of <paramref name="length"/> bytes holds every frame; longer values (padding,
        /// trailing bytes some writers leave) are accepted.
        /// </summary>
        /// <exception cref="DicomFormatException">The value is shorter than <see cref="TotalLength"/>.</exception>
        public void ValidatePixelDataLength(long length, string? sourceName = null)
        {
            if (length < TotalLength)
            {
                throw new DicomFormatException(sourceName, -1, DicomTag.PixelData,
                    $"Pixel Data holds {length} bytes, fewer than the {TotalLength} that Number of Frames (0028,0008) {NumberOfFrames} × frames of {Rows} × {Columns} × {SamplesPerPixel} sample(s) of {BitsAllocated} bits need.");
            }
        }

        private static int NumberOfFramesOf(DicomDataset dataset, string? source)
        {
            if (!TryNumberOfFrames(dataset, out int frames))
                throw new DicomFormatException(source, -1, DicomTags.NumberOfFrames, $"Number of Frames '{dataset.GetString(DicomTags.NumberOfFrames)}' is not an integer.");
            return frames;
        }

        /// <summary>
        /// Number of Frames (0028,0008) as the geometry reads it: IS text, absent or empty meaning a single frame, as pydicom and
        /// dcmtk read it; false when it is no integer.
        /// </summary>
        internal static bool TryNumberOfFrames(DicomDataset dataset, out int frames)
        {
            frames = 1;
            if (!dataset.Contains(DicomTags.NumberOfFrames)) return true;
            string? text = dataset.GetString(DicomTags.NumberOfFrames);
            if (string.IsNullOrWhiteSpace(text)) return true;
            return int.TryParse(text!.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out frames);
        }

        private static int RequiredInteger(DicomDataset dataset, DicomTag tag, string name, string? source)
        {
            // The messages are made only when they are thrown: this runs seven times for every file with pixel data, and
            // formatting the value into a message each time was most of its cost.
            var numbers = dataset.GetNumbers(tag);
            if (numbers == null)
                throw new DicomFormatException(source, -1, tag, dataset.Contains(tag) ? $"{name} is not a number." : $"{name} is missing; it is required to interpret pixel data.");
            if (numbers.Length == 0) throw new DicomFormatException(source, -1, tag, $"{name} is empty; it is required to interpret pixel data.");
            double v = numbers[0];
            if (!(v >= int.MinValue && v <= int.MaxValue && v == Math.Floor(v)))
                throw new DicomFormatException(source, -1, tag, $"{name} {v} is not a valid integer.");
            return (int)v;
        }

        /// <summary>The layout in words, for messages.</summary>
        public override string ToString() =>
            $"{NumberOfFrames} frame(s) of {Rows} × {Columns} × {SamplesPerPixel} {PhotometricInterpretation}, {BitsAllocated}/{BitsStored}/{HighBit} bits, {(IsSigned ? "signed" : "unsigned")}{(SamplesPerPixel > 1 ? $", planar {PlanarConfiguration}" : "")}";
    }
}
