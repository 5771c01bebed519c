using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Deid.Dicom;

namespace Deid.Profile
{
    /// <summary>
    /// Finds an identifying element hidden in a kept value (<see cref="HiddenElementScan"/>) anywhere in a file: its file meta,
    /// its dataset and every sequence item, values of 64 KB and more read from their source a window at a time.
    /// </summary>
    /// <remarks>
    /// Pixel data (group 7FE0, encapsulated fragments), Overlay Data, Waveform Data and Spectroscopy Data are left out: samples
    /// are not random, and a dark region of an image reads as one header after another. How their lengths and the elements
    /// after them are read is the reader's to check (PS3.5's rules and the referees' ways, DicomFileReader).
    /// </remarks>
    public static class HiddenElements
    {
        private const int Window = 1 << 20;

        /// <summary>The first identifying element hidden in a value of <paramref name="file"/>, or null when there is none.</summary>
        public static HiddenElement? Find(DicomFile file)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            var path = new List<(DicomTag Tag, int Item)>();
            // A modified file's meta is synchronised as it is written: a version of another length than 2 (a meta read half
            // implicit, which held the other meta elements) is written 00 01, so what it holds is not in the copy.
            var skip = file.IsModified ? DicomTags.FileMetaInformationVersion : default;
            // Big endian too where a reader may read the data so: a big endian file, or one whose syntax is unknown or not given.
            var ts = file.TransferSyntax;
            bool bigEndian = ts.IsBigEndian || !ts.IsKnown || !file.HasFileMetaInformation || !file.FileMetaInformation.Contains(DicomTag.TransferSyntaxUid);
            return Find(file.FileMetaInformation, path, skip, bigEndian) ?? Find(file.Dataset, path, default, bigEndian);
        }

        private static HiddenElement? Find(DicomDataset dataset, List<(DicomTag Tag, int Item)> path, DicomTag skip, bool bigEndian)
        {
            foreach (var element in dataset.Elements)
            {
                if (element.Tag == skip && skip.Value != 0) continue;
                if (element.Sequence is DicomSequence sequence)
                {
                    for (int i = 0; i < sequence.Count; i++)
                    {
                        path.Add((element.Tag, i));
                        var inItem = Find(sequence[i], path, default, bigEndian);
                        path.RemoveAt(path.Count - 1);
                        if (inItem != null) return inItem;
                    }
                    continue;
                }
                if (element.Fragments != null || IsSampleData(element.Tag)) continue;
                // Binary numbers (US to OV) but OW, which private blobs and LUTs are stored as, bytes as OB's are.
                var mode = new HiddenScanMode(bigEndian, element.VR.IsBinaryNumber && element.VR != DicomVR.OW);
                HiddenHeader header;
                if (element.IsLoaded)
                {
                    var value = element.RawValue.Span;
                    if (value.Length < HiddenElementScan.ShortestHeader || (HiddenElementScan.PrintableTextHoldsNone && HiddenElementScan.IsPrintableAscii(value))) continue;
                    if (!HiddenElementScan.Find(value, value.Length, 0, value.Length, mode, out header)) continue;
                }
                else if (element.ValueRef is DicomValueRef reference)
                {
                    if (reference.Length < HiddenElementScan.ShortestHeader || !Find(reference, mode, out header)) continue;
                }
                else
                {
                    continue;
                }
                return new HiddenElement(PathOf(path, element.Tag), element.Tag, header);
            }
            return null;
        }

        // A value left in its source, read a window at a time: windows overlap by what judging a start position needs.
        private static bool Find(DicomValueRef reference, HiddenScanMode mode, out HiddenHeader header)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Window + HiddenElementScan.Reach);
            try
            {
                using var stream = reference.Source.OpenRead();
                stream.Position = reference.Offset;
                long at = 0;
                int held = 0;
                while (true)
                {
                    int wanted = (int)Math.Min(Window + HiddenElementScan.Reach, reference.Length - at);
                    int read;
                    while (held < wanted && (read = stream.Read(buffer, held, wanted - held)) > 0) held += read;
                    // The last window (or a source cut short, which the write will report) is looked at to its end.
                    bool last = held < wanted || at + held >= reference.Length;
                    if (HiddenElementScan.Find(buffer.AsSpan(0, held), last ? held : Window, at, reference.Length, mode, out header)) return true;
                    if (last) return false;
                    Buffer.BlockCopy(buffer, Window, buffer, 0, held - Window);
                    held -= Window;
                    at += Window;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static bool IsSampleData(DicomTag tag)
        {
            ushort group = tag.Group;
            return group == 0x7FE0
                || (group >= 0x6000 && group <= 0x601E && (group & 1) == 0 && tag.Element == 0x3000)
                || tag.Value == 0x54001010 // Waveform Data
                || tag.Value == 0x56000020; // Spectroscopy Data
        }

        private static string PathOf(List<(DicomTag Tag, int Item)> path, DicomTag tag)
        {
            var text = new StringBuilder();
            foreach (var (sequence, item) in path) text.Append(sequence.ToString()).Append("__").Append(item.ToString(CultureInfo.InvariantCulture)).Append("__");
            return text.Append(tag.ToString()).ToString();
        }
    }
}
