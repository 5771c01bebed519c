using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Deid.Dicom.Tests.Referee;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// The byte builders, referee runs and assertions the reader-differential tests share (the ports of the adversarial
    /// reviews' generators: ReaderDifferentialTests, ReaderDifferentialSeventhTests, ReaderDifferentialGdcmTests,
    /// ReaderDifferentialGdcmNinthTests), after the reviews' dcm.py: little endian unless told, text padded to even length.
    /// </summary>
    internal static class PolyglotBytes
    {
        internal const string ImplicitLittle = "1.2.840.10008.1.2";
        internal const string ExplicitLittle = "1.2.840.10008.1.2.1";
        internal const string ExplicitBig = "1.2.840.10008.1.2.2";
        internal const string SopClass = "1.2.840.10008.5.1.4.1.1.7";
        internal const string SopInstance = "1.2.826.0.1.3680043.8.498.1234567890";

        /// <summary>The planted Patient's Name every crafted file hides.</summary>
        internal const string LeakName = "LEAKNAME^ALPHA";

        /// <summary>A dcmdump line listing the planted name as (0010,0010), whatever VR dcmdump gives it (PN, UT, "??"), at any depth.</summary>
        internal static readonly Regex DcmdumpListsName = new Regex(@"^\s*\(0010,0010\) \S\S .*\[LEAKNAME\^ALPHA", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        /// <summary>A gdcmdump line listing the planted name as (0010,0010), whatever VR gdcmdump gives it ("PN", "?? (PN)"), at any depth.</summary>
        internal static readonly Regex GdcmdumpListsName = new Regex(@"^\s*\(0010,0010\) .*\[LEAKNAME\^ALPHA", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        internal static byte[] Preamble() => Cat(new byte[128], Encoding.ASCII.GetBytes("DICM"));

        /// <summary>dcm.py basic(): SOP Class, SOP Instance, Modality, Manufacturer, explicit VR little endian.</summary>
        internal static byte[] Basic() => Cat(
            Explicit(0x0008, 0x0016, "UI", Uid(SopClass)),
            Explicit(0x0008, 0x0018, "UI", Uid(SopInstance)),
            Explicit(0x0008, 0x0060, "CS", Text("OT")),
            Explicit(0x0008, 0x0070, "LO", Text("ACME")));

        /// <summary>dcm.py LEAK: the planted Patient's Name, Patient ID and Birth Date.</summary>
        internal static byte[] Leak(bool bigEndian = false, bool explicitVR = true) => explicitVR
            ? Cat(
                Explicit(0x0010, 0x0010, "PN", Text(LeakName), bigEndian),
                Explicit(0x0010, 0x0020, "LO", Text("LEAKID12345"), bigEndian),
                Explicit(0x0010, 0x0030, "DA", Text("19310101"), bigEndian))
            : Cat(
                Implicit(0x0010, 0x0010, Text(LeakName), bigEndian),
                Implicit(0x0010, 0x0020, Text("LEAKID12345"), bigEndian),
                Implicit(0x0010, 0x0030, Text("19310101"), bigEndian));

        internal static byte[] Explicit(ushort group, ushort element, string vr, byte[] value, bool bigEndian = false, uint? length = null)
        {
            bool longForm = vr is "OB" or "OW" or "OF" or "OD" or "OL" or "OV" or "SQ" or "UN" or "UT" or "UC" or "UR" or "SV" or "UV";
            uint l = length ?? (uint)value.Length;
            var tag = bigEndian ? Cat(Be16(group), Be16(element)) : Cat(Le16(group), Le16(element));
            var vrBytes = Encoding.ASCII.GetBytes(vr);
            if (longForm) return Cat(tag, vrBytes, new byte[2], bigEndian ? Be32(l) : Le32(l), value);
            return Cat(tag, vrBytes, bigEndian ? Be16((ushort)l) : Le16((ushort)l), value);
        }

        internal static byte[] Implicit(ushort group, ushort element, byte[] value, bool bigEndian = false, uint? length = null)
        {
            uint l = length ?? (uint)value.Length;
            return bigEndian ? Cat(Be16(group), Be16(element), Be32(l), value) : Cat(Le16(group), Le16(element), Le32(l), value);
        }

        /// <summary>A plain file meta (explicit VR little endian, its group length right) declaring the syntax bytes given.</summary>
        internal static byte[] Meta(byte[] syntax)
        {
            var body = Cat(
                Explicit(0x0002, 0x0001, "OB", new byte[] { 0, 1 }),
                Explicit(0x0002, 0x0002, "UI", Uid(SopClass)),
                Explicit(0x0002, 0x0003, "UI", Uid(SopInstance)),
                Explicit(0x0002, 0x0010, "UI", syntax),
                Explicit(0x0002, 0x0012, "UI", Uid("1.2.3.4.5.6")));
            return Cat(Preamble(), Explicit(0x0002, 0x0000, "UL", Le32((uint)body.Length)), body);
        }

        internal static byte[] ItemDelimiter() => Cat(Le16(0xFFFE), Le16(0xE00D), Le32(0));

        internal static byte[] SequenceDelimiter() => Cat(Le16(0xFFFE), Le16(0xE0DD), Le32(0));

        internal static byte[] Uid(string uid) => Encoding.ASCII.GetBytes(uid.Length % 2 == 0 ? uid : uid + "\0");

        internal static byte[] Text(string text) => Encoding.ASCII.GetBytes(text.Length % 2 == 0 ? text : text + " ");

        internal static byte[] Spaces(int count) => Encoding.ASCII.GetBytes(new string(' ', count));

        internal static byte[] Le16(ushort v)
        {
            var b = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
            return b;
        }

        internal static byte[] Le16(int v) => Le16((ushort)v);

        internal static byte[] Be16(ushort v)
        {
            var b = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
            return b;
        }

        internal static byte[] Be16(int v) => Be16((ushort)v);

        internal static byte[] Le32(uint v)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            return b;
        }

        internal static byte[] Be32(uint v)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
            return b;
        }

        internal static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

        /// <summary>Refused from bytes, header-only, and from a stream.</summary>
        internal static void AssertRefused(byte[] bytes)
        {
            Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes));
            Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes, DicomReadOptions.HeaderOnly));
            using var stream = new MemoryStream(bytes, false);
            Assert.Throws<DicomFormatException>(() => DicomFile.Open(stream));
        }

        /// <summary>
        /// Refused, or read with <paramref name="tag"/> = <paramref name="value"/> as an element (this reader then sees what
        /// dcmtk sees), from bytes, header-only and from a stream. A header-only read stops at top-level Pixel Data, so it need
        /// not hold an element the full reading has after Pixel Data (the g6 files' names, after a Pixel Data of 16,975 bytes).
        /// </summary>
        internal static void AssertRefusedOrSeen(byte[] bytes, DicomTag tag, string value)
        {
            var full = OpenOrRefused(() => DicomFile.Open(bytes));
            if (full != null) AssertSeen(full, "read", tag, value);
            var header = OpenOrRefused(() => DicomFile.Open(bytes, DicomReadOptions.HeaderOnly));
            if (header != null && header.Dataset.Contains(tag)) AssertSeen(header, "read header-only", tag, value);
            else if (header != null) Assert.True(full != null && AfterPixelData(full.Dataset, tag), $"read header-only without {tag}, which the full reading does not have after Pixel Data");
            using var stream = new MemoryStream(bytes, false);
            var streamed = OpenOrRefused(() => DicomFile.Open(stream));
            if (streamed != null) AssertSeen(streamed, "read from a stream", tag, value);
        }

        internal static void AssertSeen(DicomFile file, string how, DicomTag tag, string value)
        {
            string? seen = file.Dataset.GetString(tag);
            Assert.True(seen == value, $"Neither refused nor read as dcmtk reads it: {how}, and {tag} is {(seen == null ? "absent" : "\"" + seen + "\"")}, not \"{value}\" (the elements: {string.Join(" ", file.Dataset.Elements.Select(e => e.Tag))}).");
        }

        internal static bool AfterPixelData(DicomDataset dataset, DicomTag tag)
        {
            var tags = dataset.Elements.Select(e => e.Tag).ToList();
            int pixels = tags.IndexOf(new DicomTag(0x7FE0, 0x0010));
            return pixels >= 0 && tags.IndexOf(tag) > pixels;
        }

        internal static DicomFile? OpenOrRefused(Func<DicomFile> open)
        {
            try
            {
                return open();
            }
            catch (DicomFormatException)
            {
                return null;
            }
        }

        internal static string Head(string text) => text.Length > 3000 ? text.Substring(0, 3000) + "..." : text;

        /// <summary>
        /// The premise of a review's refusal tests: <paramref name="tool"/> (the referee) lists the planted name as an element of
        /// <paramref name="bytes"/>, a line of its output matching <paramref name="listed"/>. Should a builder drift (or the
        /// referee change), this fails, not the refusal tests silently proving nothing.
        /// </summary>
        internal static async Task AssertListsPlantedNameAsync(string tool, byte[] bytes, Regex listed, string file)
        {
            var run = await ToolOnBytesAsync(tool, bytes);
            Assert.True(listed.IsMatch(run.Stdout), $"{tool} does not list (0010,0010) {LeakName} in {file}:\n{run.Describe()}\n{Head(run.Stdout)}");
        }

        /// <summary>Runs a referee tool (dcmdump, gdcmdump) on the bytes, written to a temporary file, with the options before the path.</summary>
        internal static async Task<ToolResult> ToolOnBytesAsync(string tool, byte[] bytes, params string[] options)
        {
            string path = Path.Combine(Path.GetTempPath(), $"deid-differential-{Guid.NewGuid():N}.dcm");
            File.WriteAllBytes(path, bytes);
            try
            {
                return await ToolRunner.RunAsync(tool, options.Append(path).ToArray());
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
