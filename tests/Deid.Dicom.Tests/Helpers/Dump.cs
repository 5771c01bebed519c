using System;
using System.Text;

namespace Deid.Dicom.Tests.Helpers
{
    /// <summary>
    /// Renders a file or dataset as canonical text — tags, VRs, length kind, item framing and every value byte (references
    /// and fragments read back from their source) — so two reads can be compared with a readable diff.
    /// </summary>
    public static class Dump
    {
        public static string Of(DicomFile file)
        {
            var sb = new StringBuilder();
            sb.Append("preamble ").Append(file.Preamble == null ? "none" : Hex(file.Preamble)).Append('\n');
            sb.Append("meta ").Append(file.HasFileMetaInformation).Append(' ').Append(file.FileMetaInformation.Encoding).Append('\n');
            Append(sb, file.FileMetaInformation, 1, int.MaxValue, true);
            sb.Append("ts ").Append(file.TransferSyntax.Uid).Append(" dataset ").Append(file.Dataset.Encoding).Append('\n');
            Append(sb, file.Dataset, 1, int.MaxValue, true);
            return sb.ToString();
        }

        /// <summary>The elements (the first <paramref name="maxElements"/>); VRs of implicit VR datasets are left out when <paramref name="withVR"/> is false.</summary>
        public static string Of(DicomDataset ds, int maxElements = int.MaxValue, bool withVR = true)
        {
            var sb = new StringBuilder();
            Append(sb, ds, 0, maxElements, withVR);
            return sb.ToString();
        }

        /// <summary>The top-level elements for which <paramref name="which"/> is true (with everything nested in them).</summary>
        public static string Of(DicomDataset ds, Func<DicomElement, bool> which)
        {
            var sb = new StringBuilder();
            Append(sb, ds, 0, int.MaxValue, true, which);
            return sb.ToString();
        }

        private static void Append(StringBuilder sb, DicomDataset ds, int indent, int maxElements, bool withVR, Func<DicomElement, bool>? which = null)
        {
            bool vr = withVR || ds.Encoding.IsExplicitVR;
            for (int i = 0; i < ds.Count && i < maxElements; i++)
            {
                var e = ds.ElementAt(i);
                if (which != null && !which(e)) continue;
                sb.Append(' ', indent * 2).Append(e.Tag);
                if (vr) sb.Append(' ').Append(e.VR);
                sb.Append(e.HasUndefinedLength ? " U" : " D");
                if (e.Sequence is DicomSequence seq)
                {
                    sb.Append(" SQ ").Append(seq.Count).Append('\n');
                    foreach (var item in seq)
                    {
                        sb.Append(' ', indent * 2 + 1).Append("item ").Append(item.ItemHasUndefinedLength ? "U " : "D ").Append(item.Encoding).Append('\n');
                        Append(sb, item, indent + 1, int.MaxValue, withVR);
                    }
                }
                else if (e.Fragments is DicomFragments frags)
                {
                    sb.Append(" FRAGS ").Append(frags.Items.Count).Append('\n');
                    foreach (var f in frags.Items)
                    {
                        sb.Append(' ', indent * 2 + 1).Append(Hex(f.Reference != null ? f.Reference.ReadAll() : f.Bytes.ToArray())).Append('\n');
                    }
                }
                else if (e.ValueRef is DicomValueRef r)
                {
                    sb.Append(" = ").Append(Hex(r.ReadAll())).Append('\n');
                }
                else
                {
                    sb.Append(" = ").Append(Hex(e.RawValue.ToArray())).Append('\n');
                }
            }
        }

        public static string Hex(byte[] bytes)
        {
            // Long values are summarised by length and a hash: diffs stay readable and a changed byte still shows.
            if (bytes.Length <= 64) return Convert.ToHexString(bytes);
            return $"[{bytes.Length}] {Convert.ToHexString(bytes, 0, 16)}..#{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes), 0, 8)}";
        }
    }
}
