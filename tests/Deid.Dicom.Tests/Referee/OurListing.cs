using System.Collections.Generic;
using System.Globalization;

namespace Deid.Dicom.Tests.Referee
{
    /// <summary>One element, item or fragment as our reader sees it, named by the same path as <see cref="DumpRow.Path"/>.</summary>
    public sealed class OurRow
    {
        public OurRow(string path, RowKind kind, DicomDataset owner, DicomElement element, DicomDataset? item = null, int fragment = -1)
        {
            Path = path;
            Kind = kind;
            Owner = owner;
            Element = element;
            Item = item;
            FragmentIndex = fragment;
        }

        public string Path { get; }

        public RowKind Kind { get; }

        /// <summary>The dataset holding the element (for an item: the dataset holding its sequence).</summary>
        public DicomDataset Owner { get; }

        /// <summary>The element (for an item or fragment: the sequence or pixel data element it belongs to).</summary>
        public DicomElement Element { get; }

        /// <summary>For an item row: the item.</summary>
        public DicomDataset? Item { get; }

        /// <summary>For a fragment row: its index in <see cref="DicomFragments.Items"/>.</summary>
        public int FragmentIndex { get; }

        public override string ToString() => Path + " " + Element.VR;
    }

    /// <summary>Walks a file read by our reader into rows with the paths <see cref="DcmdumpListing"/> gives dcmdump's lines.</summary>
    public static class OurListing
    {
        public static List<OurRow> Build(DicomFile file)
        {
            var rows = new List<OurRow>();
            Add(rows, file.FileMetaInformation, "meta/");
            Add(rows, file.Dataset, string.Empty);
            return rows;
        }

        public static string TagText(DicomTag tag) =>
            "(" + tag.Group.ToString("x4", CultureInfo.InvariantCulture) + "," + tag.Element.ToString("x4", CultureInfo.InvariantCulture) + ")";

        private static void Add(List<OurRow> rows, DicomDataset ds, string prefix)
        {
            var seen = new Dictionary<uint, int>();
            foreach (var e in ds.Elements)
            {
                seen.TryGetValue(e.Tag.Value, out int occurrence);
                seen[e.Tag.Value] = ++occurrence;
                string path = prefix + TagText(e.Tag) + (occurrence > 1 ? "#" + occurrence.ToString(CultureInfo.InvariantCulture) : string.Empty);
                if (e.Sequence is DicomSequence seq)
                {
                    rows.Add(new OurRow(path, RowKind.Sequence, ds, e));
                    for (int i = 0; i < seq.Count; i++)
                    {
                        string itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                        rows.Add(new OurRow(itemPath, RowKind.Item, ds, e, seq[i]));
                        Add(rows, seq[i], itemPath + "/");
                    }
                }
                else if (e.Fragments is DicomFragments fragments)
                {
                    rows.Add(new OurRow(path, RowKind.PixelSequence, ds, e));
                    for (int i = 0; i < fragments.Items.Count; i++)
                    {
                        rows.Add(new OurRow(path + "/frag[" + i.ToString(CultureInfo.InvariantCulture) + "]", RowKind.Fragment, ds, e, null, i));
                    }
                }
                else
                {
                    rows.Add(new OurRow(path, RowKind.Element, ds, e));
                }
            }
        }
    }
}
