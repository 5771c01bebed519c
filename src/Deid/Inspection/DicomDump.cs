using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Deid.Dicom;
using Deid.Fields;

namespace Deid.Inspection
{
    /// <summary>
    /// A dcmdump-like listing of a dataset: one line per element, "(gggg,eeee) VR value # length Keyword", nested
    /// items indented. Used by the PowerShell default view and by tests that compare us with dcmdump.
    /// </summary>
    public static class DicomDump
    {
        /// <summary>Every element of <paramref name="dataset"/> and its nested items as rows, depth first.</summary>
        public static List<DicomElementRow> Rows(DicomDataset dataset)
        {
            var rows = new List<DicomElementRow>(dataset.Count);
            AddRows(rows, dataset, 0, string.Empty);
            return rows;
        }

        private static void AddRows(List<DicomElementRow> rows, DicomDataset ds, int depth, string prefix)
        {
            foreach (var e in ds.Elements)
            {
                string path = prefix + e.Tag.ToString();
                rows.Add(new DicomElementRow(ds, e, depth, path));
                if (e.Sequence is DicomSequence seq)
                {
                    for (int i = 0; i < seq.Count; i++)
                    {
                        AddRows(rows, seq[i], depth + 1, FieldPath.DescendantPrefix(FieldPath.Item(path, i)));
                    }
                }
            }
        }

        /// <summary>The listing as text, values cut to <paramref name="maxValueWidth"/> characters.</summary>
        public static string Format(DicomDataset dataset, int maxValueWidth = 64)
        {
            var sb = new StringBuilder();
            AppendLines(sb, dataset, 0, maxValueWidth);
            return sb.ToString();
        }

        private static void AppendLines(StringBuilder sb, DicomDataset ds, int depth, int width)
        {
            string indent = new string(' ', depth * 2);
            foreach (var e in ds.Elements)
            {
                sb.Append(indent).Append(e.Tag.ToString()).Append(' ').Append(e.VR.ToString()).Append(' ');
                string value = FormatValue(ds, e, width);
                sb.Append(value);
                int pad = Math.Max(1, 40 - depth * 2 - 15 - value.Length);
                sb.Append(' ', pad).Append("# ");
                sb.Append(e.Length >= 0 ? e.Length.ToString(CultureInfo.InvariantCulture) : "u/l");
                string keyword = DicomNames.Keyword(ds, e.Tag);
                if (keyword.Length > 0) sb.Append(' ').Append(keyword);
                sb.Append('\n');
                if (e.Sequence is DicomSequence seq)
                {
                    for (int i = 0; i < seq.Count; i++)
                    {
                        sb.Append(indent).Append("  (FFFE,E000) item ").Append(i + 1).Append(" of ").Append(seq.Count).Append('\n');
                        AppendLines(sb, seq[i], depth + 2, width);
                    }
                }
            }
        }

        /// <summary>
        /// The value of an element as one line: text in brackets, numbers joined with backslashes, sequences and
        /// left-in-source data described, bytes in hex; cut to <paramref name="maxWidth"/> characters.
        /// </summary>
        public static string FormatValue(DicomDataset ds, in DicomElement e, int maxWidth)
        {
            string text;
            if (e.Sequence is DicomSequence seq)
            {
                text = $"(Sequence, {seq.Count} item{(seq.Count == 1 ? "" : "s")})";
            }
            else if (e.Fragments is DicomFragments f)
            {
                text = $"(Encapsulated, {f.FragmentCount} fragment{(f.FragmentCount == 1 ? "" : "s")}, {f.TotalLength} bytes)";
            }
            else if (e.ValueRef is DicomValueRef r)
            {
                text = $"(Not loaded, {r.Length} bytes)";
            }
            else
            {
                var vr = DicomDataset.GetEffectiveVR(e);
                var raw = e.RawValue.Span;
                if (raw.Length == 0) text = "(no value)";
                else if (vr.IsString) text = "[" + ds.GetString(e) + "]";
                else if (vr.IsBinaryNumber) text = string.Join("\\", ds.GetStrings(e));
                else text = Hex(raw, maxWidth);
            }
            return DicomNames.Ellipsize(text, maxWidth);
        }

        private static string Hex(ReadOnlySpan<byte> bytes, int maxWidth)
        {
            int n = Math.Min(bytes.Length, Math.Max(1, maxWidth / 3 + 1));
            var sb = new StringBuilder(n * 3);
            for (int i = 0; i < n; i++)
            {
                if (i > 0) sb.Append('\\');
                sb.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            }
            if (n < bytes.Length) sb.Append("...");
            return sb.ToString();
        }
    }
}
