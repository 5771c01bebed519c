using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Deid.Dicom;

namespace Deid.Tests.Conformance
{
    /// <summary>
    /// Compares two datasets by decoded elements — tag path, VR, value; sequences item by item — as the conformance kit's README
    /// asks: byte layout (lengths, padding, defined/undefined lengths) is not compared.
    /// </summary>
    public static class DatasetComparer
    {
        public static List<string> Differences(DicomDataset expected, DicomDataset actual, ISet<uint>? ignore = null, string prefix = "")
        {
            var diffs = new List<string>();
            var e = Index(expected);
            var a = Index(actual);
            foreach (var tag in e.Keys.Union(a.Keys).OrderBy(t => t))
            {
                if (ignore != null && ignore.Contains(tag)) continue;
                string path = prefix + new DicomTag(tag);
                bool inE = e.TryGetValue(tag, out var ee), inA = a.TryGetValue(tag, out var ae);
                if (!inA) { diffs.Add($"{path}: missing in ours (expected {Describe(expected, ee)})"); continue; }
                if (!inE) { diffs.Add($"{path}: unexpected in ours ({Describe(actual, ae)})"); continue; }
                var vrE = DicomDataset.GetEffectiveVR(ee);
                var vrA = DicomDataset.GetEffectiveVR(ae);
                if (vrE != vrA) diffs.Add($"{path}: VR {vrA}, expected {vrE}");
                if (ee.IsSequence || ae.IsSequence)
                {
                    var se = ee.Sequence;
                    var sa = ae.Sequence;
                    int ne = se?.Count ?? 0, na = sa?.Count ?? 0;
                    if (ne != na) { diffs.Add($"{path}: {na} items, expected {ne}"); continue; }
                    for (int i = 0; i < ne; i++) diffs.AddRange(Differences(se![i], sa![i], ignore, path + "__" + i.ToString(CultureInfo.InvariantCulture) + "__"));
                    continue;
                }
                string ve = Describe(expected, ee), va = Describe(actual, ae);
                if (ve != va) diffs.Add($"{path}: {va}, expected {ve}");
            }
            return diffs;
        }

        private static Dictionary<uint, DicomElement> Index(DicomDataset ds)
        {
            var d = new Dictionary<uint, DicomElement>();
            foreach (var el in ds.Elements) d[el.Tag.Value] = el;
            return d;
        }

        public static string Describe(DicomDataset ds, DicomElement e)
        {
            if (e.Sequence is DicomSequence s) return $"sequence of {s.Count}";
            if (e.Fragments is DicomFragments f) return $"fragments {f.FragmentCount} / {f.TotalLength} bytes";
            byte[] raw = e.ValueRef is DicomValueRef r ? r.ReadAll() : e.RawValue.ToArray();
            var vr = DicomDataset.GetEffectiveVR(e);
            if (vr.IsString || vr.IsBinaryNumber || vr == DicomVR.AT)
            {
                if (e.ValueRef != null) return "bytes " + Convert.ToBase64String(raw);
                return "[" + string.Join("\\", ds.GetStrings(e)) + "]";
            }
            // OB/UN/unknown: bytes without trailing padding
            int n = raw.Length;
            if (n > 0 && raw[n - 1] == 0 && (n & 1) == 0) n--;
            return "bytes " + Convert.ToBase64String(raw, 0, n);
        }
    }
}
