using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using Deid.Dicom;
using Deid.Pixels;

namespace Deid.Samples
{
    /// <summary>The kinds of synthetic sample New-DicomSample can make.</summary>
    public enum SampleModality
    {
        /// <summary>CT image, 16-bit.</summary>
        CT,

        /// <summary>MR image, 16-bit.</summary>
        MR,

        /// <summary>Ultrasound image, 8-bit, burned-in annotation.</summary>
        US,

        /// <summary>Computed radiography, 16-bit.</summary>
        CR,

        /// <summary>Secondary capture, 8-bit, burned-in annotation.</summary>
        SC,
    }

    /// <summary>What to generate.</summary>
    public sealed class DicomSampleOptions
    {
        /// <summary>The modality (and so the SOP class, bit depth and image type).</summary>
        public SampleModality Modality { get; init; } = SampleModality.CT;

        /// <summary>
        /// The transfer syntax of the files: a native encoding (implicit/explicit LE, explicit BE, deflated), RLE Lossless, or JPEG
        /// Baseline for the 8-bit modalities (US, SC); compressed pixels are one fragment a frame, after an empty offset table.
        /// </summary>
        public TransferSyntax TransferSyntax { get; init; } = TransferSyntax.ExplicitVRLittleEndian;

        /// <summary>The seed: the same seed, options and index give the same bytes.</summary>
        public int Seed { get; init; }

        /// <summary>How many consecutive files share one patient, study and series.</summary>
        public int InstancesPerSeries { get; init; } = 1;

        /// <summary>Image rows.</summary>
        public int Rows { get; init; } = 128;

        /// <summary>Image columns.</summary>
        public int Columns { get; init; } = 128;

        /// <summary>
        /// Plants a unique marker in every identifying value (text, dates, times, UIDs, person names; nested, private, file
        /// meta and preamble included) and adds the awkward places real files hide identity in; see <see cref="DicomSample.Markers"/>.
        /// </summary>
        public bool PhiMarkers { get; init; }

        /// <summary>
        /// Burn the patient's name, ID and birth date (a printed form) and device labels in an OCR-legible size at positions, sizes
        /// and greys that vary with the seed, instead of the small default band; the boxes are in <see cref="DicomSample.BurnedText"/>.
        /// Meant for images of 256 pixels or more a side.
        /// </summary>
        public bool LegibleText { get; init; }
    }

    /// <summary>One generated sample: a file name and the file, plus the fake identity burned into it.</summary>
    public sealed class DicomSample
    {
        internal DicomSample(string fileName, DicomFile file, string patientName, string patientId, IReadOnlyList<PhiMarker> markers)
        {
            FileName = fileName;
            File = file;
            PatientName = patientName;
            PatientId = patientId;
            Markers = markers;
        }

        /// <summary>The suggested file name, e.g. CT-0001.dcm.</summary>
        public string FileName { get; }

        /// <summary>The file, ready to save.</summary>
        public DicomFile File { get; }

        /// <summary>The fake patient name in the header and burned into the pixels.</summary>
        public string PatientName { get; }

        /// <summary>The fake patient ID in the header and burned into the pixels.</summary>
        public string PatientId { get; }

        /// <summary>With <see cref="DicomSampleOptions.PhiMarkers"/>, every marker planted, one per element; otherwise empty.</summary>
        public IReadOnlyList<PhiMarker> Markers { get; }

        /// <summary>With <see cref="DicomSampleOptions.LegibleText"/>, the text burned into the pixels and its boxes; otherwise empty.</summary>
        public IReadOnlyList<BurnedText> BurnedText { get; internal set; } = System.Array.Empty<BurnedText>();
    }

    /// <summary>
    /// Writes realistic synthetic DICOM files with fake PHI where real files carry it — names, IDs, dates, institution,
    /// physicians, UIDs, referenced and request sequences, a private block — and small pixel data with the patient's
    /// name burned in as bright text. Deterministic: samples are test fixtures for us and for users' own Pester tests.
    /// </summary>
    public static class DicomSampleGenerator
    {
        private static readonly string[] FamilyNames =
        {
            "SNICKERDOODLE", "MACAROON", "BISCOTTI", "SHORTBREAD", "GINGERSNAP", "MADELEINE", "AMARETTI", "SPECULOOS",
            "FLORENTINE", "PALMIER", "STROOPWAFEL", "LINZER", "RUGELACH", "ALFAJOR", "KRUMKAKE", "POLVORON",
        };

        private static readonly string[] GivenNames =
        {
            "MOLLY", "OSCAR", "HAZEL", "RUFUS", "IMOGEN", "FELIX", "MAUDE", "OTTO", "PEARL", "CASPER", "GRETA", "BRUNO",
        };

        private static readonly string[] Institutions =
        {
            "SAINT CRUMB GENERAL HOSPITAL", "OVEN VALLEY MEDICAL CENTER", "BAKERS ROW CLINIC", "DOUGH COUNTY IMAGING",
        };

        private static readonly string[] Streets = { "12 SPRINKLE LANE", "404 CRUMB STREET", "7 WHISK AVENUE", "88 FLOUR ROAD" };

        /// <summary>
        /// Samples 0 to <paramref name="count"/> − 1 for <paramref name="options"/>, each made when asked for. Between samples the
        /// garbage of the one before is collected as a batch's is (<see cref="Batch.AllocationPacer"/>): thousands of samples
        /// otherwise let the heap grow to the runtime's own young-generation budget first (New-DicomSample -Count 2000 peaked at
        /// 201 MB of RSS, 134 MB with that budget set to 4 MB). A combination the generator refuses throws at the first.
        /// </summary>
        public static IEnumerable<DicomSample> CreateMany(DicomSampleOptions options, int count)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
            return Iterate(options, count);
        }

        private static IEnumerable<DicomSample> Iterate(DicomSampleOptions options, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (i > 0) Batch.AllocationPacer.Shared.AfterFile();
                yield return Create(i, options);
            }
        }

        /// <summary>Creates sample number <paramref name="index"/> (0-based) for <paramref name="options"/>.</summary>
        public static DicomSample Create(int index, DicomSampleOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (index < 0) throw new ArgumentOutOfRangeException(nameof(index));
            var ts = options.TransferSyntax;
            bool rle = ts == TransferSyntax.RleLossless, jpeg = ts == TransferSyntax.JpegBaseline;
            if (ts.IsEncapsulated && !rle && !jpeg)
                throw new NotSupportedException($"Samples are written uncompressed, RLE Lossless or JPEG Baseline; {ts.Name} is not supported.");
            int perSeries = Math.Max(1, options.InstancesPerSeries);
            int series = index / perSeries;
            int instance = index % perSeries + 1;
            var modality = options.Modality;
            if (jpeg && modality != SampleModality.US && modality != SampleModality.SC)
                throw new NotSupportedException($"JPEG Baseline holds 8-bit samples; {modality} samples have 12 bits stored. Use the US or SC modality, or RLE Lossless.");

            // Patient-level values depend only on (seed, series); instance-level ones on the index too.
            var pr = new SampleRandom(Mix(options.Seed, series, 0x5A17));
            var ir = new SampleRandom(Mix(options.Seed, index, 0x1A57 + (int)modality));
            string family = pr.Pick(FamilyNames), given = pr.Pick(GivenNames);
            string patientName = family + "^" + given;
            string patientId = "PID" + (100000 + pr.Next(900000)).ToString(CultureInfo.InvariantCulture);
            var birth = new DateTime(1930, 1, 1).AddDays(pr.Next(365 * 70));
            var study = new DateTime(2005, 1, 1).AddDays(pr.Next(365 * 18)).AddSeconds(pr.Next(8 * 3600, 18 * 3600));
            var acquired = study.AddSeconds(60 + instance * 7 + ir.Next(5));
            string accession = "ACC" + (10000000 + pr.Next(90000000)).ToString(CultureInfo.InvariantCulture);
            string institution = pr.Pick(Institutions);
            string referring = pr.Pick(FamilyNames) + "^" + pr.Pick(GivenNames) + "^^DR";
            string performing = pr.Pick(FamilyNames) + "^" + pr.Pick(GivenNames);
            string operatorName = pr.Pick(FamilyNames) + "^" + pr.Pick(GivenNames);
            string seriesKey = options.Seed.ToString(CultureInfo.InvariantCulture) + "/" + series.ToString(CultureInfo.InvariantCulture) + "/" + modality;
            string studyUid = Uid("study/" + seriesKey);
            string seriesUid = Uid("series/" + seriesKey);
            string sopUid = Uid("instance/" + seriesKey + "/" + instance.ToString(CultureInfo.InvariantCulture));
            string frameUid = Uid("frame/" + seriesKey);
            string requestedUid = Uid("request/" + seriesKey);

            // RLE and JPEG: the dataset is Explicit VR Little Endian, its Pixel Data encoded once every value is set.
            var file = new DicomFile(rle || jpeg ? TransferSyntax.ExplicitVRLittleEndian : ts);
            var ds = file.Dataset;
            string sopClass = SopClass(modality);
            bool eightBit = modality == SampleModality.US || modality == SampleModality.SC;

            ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
            ds.SetString(DicomTags.ImageType, DicomVR.CS, SampleModules.ImageType(modality));
            ds.SetString(DicomTags.InstanceCreationDate, DicomVR.DA, Da(acquired));
            ds.SetString(DicomTags.InstanceCreationTime, DicomVR.TM, Tm(acquired));
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, sopClass);
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, sopUid);
            ds.SetString(DicomTags.StudyDate, DicomVR.DA, Da(study));
            ds.SetString(DicomTags.SeriesDate, DicomVR.DA, Da(study));
            ds.SetString(DicomTags.AcquisitionDate, DicomVR.DA, Da(acquired));
            ds.SetString(DicomTags.ContentDate, DicomVR.DA, Da(acquired));
            ds.SetString(DicomTags.AcquisitionDateTime, DicomVR.DT, Da(acquired) + Tm(acquired));
            ds.SetString(DicomTags.StudyTime, DicomVR.TM, Tm(study));
            ds.SetString(DicomTags.SeriesTime, DicomVR.TM, Tm(study.AddSeconds(30)));
            ds.SetString(DicomTags.AcquisitionTime, DicomVR.TM, Tm(acquired));
            ds.SetString(DicomTags.ContentTime, DicomVR.TM, Tm(acquired));
            ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, accession);
            ds.SetString(DicomTags.Modality, DicomVR.CS, SampleModules.ModalityCode(modality));
            if (modality == SampleModality.SC) ds.SetString(DicomTags.ConversionType, DicomVR.CS, "WSD");
            ds.SetString(DicomTags.Manufacturer, DicomVR.LO, "DEID SAMPLE DEVICES");
            ds.SetString(DicomTags.InstitutionName, DicomVR.LO, institution);
            ds.SetString(DicomTags.InstitutionAddress, DicomVR.ST, pr.Pick(Streets) + ", OVEN CITY");
            ds.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, referring);
            ds.SetString(DicomTags.StationName, DicomVR.SH, "STATION" + pr.Next(10, 99).ToString(CultureInfo.InvariantCulture));
            ds.SetString(DicomTags.StudyDescription, DicomVR.LO, modality + " STUDY FOR " + given);
            ds.SetString(DicomTags.SeriesDescription, DicomVR.LO, modality + " SERIES " + (series + 1).ToString(CultureInfo.InvariantCulture));
            ds.SetString(DicomTags.InstitutionalDepartmentName, DicomVR.LO, "RADIOLOGY");
            ds.SetString(DicomTags.PerformingPhysicianName, DicomVR.PN, performing);
            ds.SetString(DicomTags.OperatorsName, DicomVR.PN, operatorName);
            ds.SetString(DicomTags.ManufacturerModelName, DicomVR.LO, "SAMPLER " + modality + " 3000");
            AddReferencedStudy(ds, studyUid);
            ds.SetString(DicomTags.PatientName, DicomVR.PN, patientName);
            ds.SetString(DicomTags.PatientID, DicomVR.LO, patientId);
            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, Da(birth));
            ds.SetString(DicomTags.PatientSex, DicomVR.CS, pr.Next(2) == 0 ? "F" : "M");
            ds.SetString(DicomTags.PatientAge, DicomVR.AS, Age(birth, study));
            ds.SetString(DicomTags.PatientAddress, DicomVR.LO, pr.Pick(Streets) + ", OVEN CITY");
            ds.SetString(DicomTags.PatientTelephoneNumbers, DicomVR.SH, "555-01" + pr.Next(10, 99).ToString(CultureInfo.InvariantCulture));
            ds.SetString(DicomTags.DeviceSerialNumber, DicomVR.LO, "SN" + pr.Next(100000, 999999).ToString(CultureInfo.InvariantCulture));
            ds.SetString(DicomTags.SoftwareVersions, DicomVR.LO, "1.0.0");
            ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid);
            ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, seriesUid);
            ds.SetString(DicomTags.StudyID, DicomVR.SH, "S" + pr.Next(1000, 9999).ToString(CultureInfo.InvariantCulture));
            ds.SetString(DicomTags.SeriesNumber, DicomVR.IS, (series + 1).ToString(CultureInfo.InvariantCulture));
            ds.SetString(DicomTags.InstanceNumber, DicomVR.IS, instance.ToString(CultureInfo.InvariantCulture));
            if (modality == SampleModality.CT || modality == SampleModality.MR) ds.SetString(DicomTags.FrameOfReferenceUID, DicomVR.UI, frameUid);
            ds.SetNumbers(DicomTags.SamplesPerPixel, DicomVR.US, 1);
            ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
            ds.SetNumbers(DicomTags.Rows, DicomVR.US, options.Rows);
            ds.SetNumbers(DicomTags.Columns, DicomVR.US, options.Columns);
            ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, eightBit ? 8 : 16);
            ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, eightBit ? 8 : 12);
            ds.SetNumbers(DicomTags.HighBit, DicomVR.US, eightBit ? 7 : 11);
            ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
            if (modality == SampleModality.CT)
            {
                ds.SetString(DicomTags.RescaleIntercept, DicomVR.DS, "-1024");
                ds.SetString(DicomTags.RescaleSlope, DicomVR.DS, "1");
            }
            ds.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "YES");
            SampleModules.Add(ds, modality, instance);
            AddRequestAttributes(ds, pr, studyUid, requestedUid, given);
            // A private block with PHI in it, as vendors' blocks often hold.
            ds.SetString(PrivateCreator, DicomVR.LO, "DEID SAMPLE PRIVATE");
            ds.SetString(PrivateNickname, DicomVR.LO, "NICKNAME " + given);
            ds.SetString(PrivateBirthDate, DicomVR.DA, Da(birth));

            // -LegibleText: its own random stream, so every other value of the file is the same with and without it.
            var legible = options.LegibleText
                ? LegibleTextBand.Layout(options.Columns, options.Rows, eightBit ? 255 : 4095, family, given, patientId, birth, new SampleRandom(Mix(options.Seed, index, 0x0C12 + (int)modality)))
                : new List<BurnedText>();
            byte[] pixels = Pixels(options, eightBit, ts.IsBigEndian, patientName + " " + patientId, ir, legible);
            ds.SetRawValue(DicomTags.PixelData, eightBit ? DicomVR.OB : DicomVR.OW, pixels);

            file.EnsureFileMeta();
            IReadOnlyList<PhiMarker> markers = options.PhiMarkers
                ? PhiMarkerPlanter.Plant(file, options.Rows, options.Columns, seriesKey + "/" + index.ToString(CultureInfo.InvariantCulture))
                : Array.Empty<PhiMarker>();
            if (rle || jpeg)
            {
                // -PhiMarkers in a JPEG sample: a comment segment with the (marked) name and ID, as some devices write into the
                // codestream itself; a de-identified copy must not keep it.
                string? comment = jpeg && options.PhiMarkers
                    ? "PATIENT " + ds.GetString(DicomTags.PatientName) + " ID " + ds.GetString(DicomTags.PatientID)
                    : null;
                Encapsulate(file, pixels, ts, comment);
                if (comment != null) markers = new List<PhiMarker>(markers) { new PhiMarker(comment, "(7FE0,0010)", "PixelData", "OB") };
            }
            string name = modality + "-" + (index + 1).ToString("D4", CultureInfo.InvariantCulture) + ".dcm";
            return new DicomSample(name, file, patientName, patientId, markers) { BurnedText = legible };
        }

        /// <summary>
        /// Replaces the native Pixel Data with its RLE Lossless or JPEG Baseline encoding (one frame, one fragment) and declares
        /// the syntax; a JPEG sample is marked lossy (PS3.3 C.7.6.1.1.5: Lossy Image Compression, its ratio and method).
        /// </summary>
        private static void Encapsulate(DicomFile file, byte[] pixels, TransferSyntax ts, string? comment)
        {
            var ds = file.Dataset;
            var geometry = PixelFrameGeometry.FromDataset(ds);
            var encoded = new GrowableBufferWriter();
            if (ts == TransferSyntax.JpegBaseline) JpegBaselineEncoder.Encode(pixels, geometry, encoded);
            else PixelCodecRegistry.Default.GetEncoder(ts).Encode(pixels, geometry, encoded);
            byte[] frame = encoded.WrittenSpan.ToArray();
            if (comment != null) frame = WithComment(frame, comment);
            var frames = new[] { (ReadOnlyMemory<byte>)frame };
            EncapsulatedPixelDataBuilder.SetPixelData(ds, EncapsulatedPixelDataBuilder.CreateFragments(frames, withOffsetTable: false));
            if (ts == TransferSyntax.JpegBaseline)
            {
                ds.SetString(DicomTags.LossyImageCompression, DicomVR.CS, "01");
                double ratio = (double)pixels.Length / encoded.WrittenSpan.Length;
                ds.SetString(DicomTags.LossyImageCompressionRatio, DicomVR.DS, ratio.ToString("0.##", CultureInfo.InvariantCulture));
                ds.SetString(DicomTags.LossyImageCompressionMethod, DicomVR.CS, "ISO_10918_1");
            }
            file.ChangeTransferSyntax(ts);
        }

        /// <summary>The codestream with a COM segment holding <paramref name="comment"/> (ASCII) right after its SOI.</summary>
        private static byte[] WithComment(byte[] codestream, string comment)
        {
            byte[] text = Encoding.ASCII.GetBytes(comment);
            int length = text.Length + 2;
            var result = new byte[codestream.Length + 2 + length];
            codestream.AsSpan(0, 2).CopyTo(result);
            result[2] = 0xFF;
            result[3] = 0xFE;
            result[4] = (byte)(length >> 8);
            result[5] = (byte)length;
            text.CopyTo(result, 6);
            codestream.AsSpan(2).CopyTo(result.AsSpan(6 + text.Length));
            return result;
        }

        private static void AddReferencedStudy(DicomDataset ds, string studyUid)
        {
            var item = ds.GetOrAddSequence(DicomTags.ReferencedStudySequence).AddItem();
            item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, "1.2.840.10008.3.1.2.3.1");
            item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, studyUid);
        }

        private static void AddRequestAttributes(DicomDataset ds, SampleRandom r, string studyUid, string requestedUid, string given)
        {
            var item = ds.GetOrAddSequence(DicomTags.RequestAttributesSequence).AddItem();
            AddReferencedStudy(item, studyUid);
            item.SetString(DicomTags.RequestedProcedureDescription, DicomVR.LO, "IMAGING REQUESTED BY " + given + "'S PHYSICIAN");
            item.SetString(DicomTags.ScheduledProcedureStepDescription, DicomVR.LO, "ROUTINE PROTOCOL");
            item.SetString(DicomTags.ScheduledProcedureStepID, DicomVR.SH, "SPS" + r.Next(1000, 9999).ToString(CultureInfo.InvariantCulture));
            item.SetString(DicomTags.RequestedProcedureID, DicomVR.SH, "RP" + r.Next(1000, 9999).ToString(CultureInfo.InvariantCulture));
            item.SetString(DicomTags.UID, DicomVR.UI, requestedUid);
        }

        private static byte[] Pixels(DicomSampleOptions o, bool eightBit, bool bigEndian, string text, SampleRandom r, IReadOnlyList<BurnedText> legible)
        {
            int rows = o.Rows, cols = o.Columns, bytesPer = eightBit ? 1 : 2;
            int max = eightBit ? 255 : 4095;
            var data = new byte[rows * cols * bytesPer];
            double cx = cols / 2.0, cy = rows * 0.55, radius = Math.Min(rows, cols) * 0.35;
            for (int y = 0; y < rows; y++)
            {
                for (int x = 0; x < cols; x++)
                {
                    double d = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                    int v = d < radius ? (int)(max * 0.35 + max * 0.1 * Math.Cos(d / 3.0)) : (int)(max * 0.03);
                    v += r.Next(max / 64 + 1);
                    Put(data, y * cols + x, Math.Min(v, max - 1), eightBit, bigEndian);
                }
            }
            if (legible.Count > 0)
            {
                foreach (var piece in legible) LegibleTextBand.Burn(piece, cols, rows, (i, v) => Blend(data, i, v, eightBit, bigEndian));
                return data;
            }
            // Burn the text, scaled so it is legible, into a band at the top.
            int scale = Math.Max(1, cols / 128);
            int x0 = 2, y0 = 2;
            foreach (char c in text)
            {
                BitmapFont.Draw(c, x0, y0, scale, (px, py) =>
                {
                    if (px < cols && py < rows) Put(data, py * cols + px, max, eightBit, bigEndian);
                });
                x0 += BitmapFont.Advance(scale);
                if (x0 + BitmapFont.Width * scale >= cols)
                {
                    x0 = 2;
                    y0 += (BitmapFont.Height + 2) * scale;
                }
            }
            return data;
        }

        /// <summary>Mixes <paramref name="value"/> (grey, coverage) into pixel <paramref name="index"/>: anti-aliased text.</summary>
        private static void Blend(byte[] data, int index, (int Grey, double Coverage) value, bool eightBit, bool bigEndian)
        {
            int old = eightBit ? data[index] : bigEndian ? data[index * 2] << 8 | data[index * 2 + 1] : data[index * 2 + 1] << 8 | data[index * 2];
            Put(data, index, (int)Math.Round(old * (1 - value.Coverage) + value.Grey * value.Coverage), eightBit, bigEndian);
        }

        private static void Put(byte[] data, int index, int value, bool eightBit, bool bigEndian)
        {
            if (eightBit)
            {
                data[index] = (byte)value;
                return;
            }
            int at = index * 2;
            data[at + (bigEndian ? 1 : 0)] = (byte)value;
            data[at + (bigEndian ? 0 : 1)] = (byte)(value >> 8);
        }

        private static string SopClass(SampleModality m) => m switch
        {
            SampleModality.CT => "1.2.840.10008.5.1.4.1.1.2",
            SampleModality.MR => "1.2.840.10008.5.1.4.1.1.4",
            SampleModality.US => "1.2.840.10008.5.1.4.1.1.6.1",
            SampleModality.CR => "1.2.840.10008.5.1.4.1.1.1",
            _ => "1.2.840.10008.5.1.4.1.1.7",
        };

        // The sample's private block: creator (0009,0010) reserves block 10, elements (0009,1000)-(0009,10FF).
        private static DicomTag PrivateCreator => new DicomTag(0x0009, 0x0010);

        private static DicomTag PrivateNickname => new DicomTag(0x0009, 0x1001);

        private static DicomTag PrivateBirthDate => new DicomTag(0x0009, 0x1002);

        private static string Da(DateTime d) => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        private static string Tm(DateTime d) => d.ToString("HHmmss", CultureInfo.InvariantCulture);

        private static string Age(DateTime birth, DateTime at)
        {
            int years = at.Year - birth.Year - (at.DayOfYear < birth.DayOfYear ? 1 : 0);
            return Math.Max(0, Math.Min(years, 999)).ToString("D3", CultureInfo.InvariantCulture) + "Y";
        }

        private static ulong Mix(int seed, int index, int salt) =>
            ((ulong)(uint)seed << 32) ^ (uint)index ^ ((ulong)(uint)salt << 17) ^ 0xD1B54A32D192ED03UL;

        /// <summary>A UID under 2.25 (PS3.5 §B.2) from a hash of <paramref name="key"/>: stable, unique per key.</summary>
        internal static string Uid(string key)
        {
            byte[] hash = Hashing.Sha256.Hash(Encoding.UTF8.GetBytes("deid-sample/" + key));
            var bytes = new byte[17];
            Array.Copy(hash, bytes, 16); // little-endian, extra zero byte keeps it positive
            return "2.25." + new BigInteger(bytes).ToString(CultureInfo.InvariantCulture);
        }
    }
}
