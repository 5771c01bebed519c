using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Deid.Dicom;
using Deid.Tests.Conformance;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// Checks that every value the engine wrote (an element whose decoded value differs from the input's, or that is new) is valid
    /// for its VR, and that the file meta names the dataset's SOP instance: what "ours writes valid DICOM" means in these tests.
    /// Values the input already had are not judged (test files carry odd values of their own).
    /// </summary>
    public static class WrittenValues
    {
        private static readonly Regex Uid = new Regex(@"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$");
        private static readonly Regex Tm = new Regex(@"^([01][0-9]|2[0-3])([0-5][0-9]([0-5][0-9](\.[0-9]{1,6})?)?)?$");
        private static readonly Regex Dt = new Regex(@"^[0-9]{4}(([0-9]{2}){0,5}(\.[0-9]{1,6})?)?([+-][0-9]{4})?$");
        private static readonly Regex As = new Regex(@"^[0-9]{3}[DWMY]$");

        public static List<string> Problems(DicomFile input, DicomFile output)
        {
            var problems = new List<string>();
            var before = Flatten(input.Dataset, "");
            foreach (var (path, ds, e) in Walk(output.Dataset, ""))
            {
                string now = DatasetComparer.Describe(ds, e);
                if (before.TryGetValue(path, out var was) && was == now) continue;
                problems.AddRange(Check(path, ds, e));
            }
            string? sop = output.Dataset.GetString(new DicomTag(0x0008, 0x0018));
            if (output.HasFileMetaInformation && sop != null && output.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003)) != sop)
                problems.Add($"meta (0002,0003) {output.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003))} is not the SOPInstanceUID {sop}");
            return problems;
        }

        private static IEnumerable<string> Check(string path, DicomDataset ds, DicomElement e)
        {
            if (e.IsSequence || !e.IsLoaded) yield break;
            var vr = DicomDataset.GetEffectiveVR(e);
            int unit = vr == DicomVR.AT ? 4 : vr.UnitSize;
            if (vr.IsBinaryNumber && e.RawValue.Length % unit != 0) yield return $"{path}: {e.RawValue.Length} bytes for {vr}";
            if (e.RawValue.Length % 2 != 0) yield return $"{path}: odd length {e.RawValue.Length}";
            if (!vr.IsString) yield break;
            foreach (var v in ds.GetStrings(e))
            {
                if (v.Length == 0) continue;
                bool ok = true;
                if (vr == DicomVR.UI) ok = v.Length <= 64 && Uid.IsMatch(v);
                else if (vr == DicomVR.DS || vr == DicomVR.IS) ok = Deid.Actions.ValueSetter.IsNumberString(v, vr);
                else if (vr == DicomVR.DA) ok = DateTime.TryParseExact(v, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
                else if (vr == DicomVR.TM) ok = Tm.IsMatch(v);
                else if (vr == DicomVR.DT) ok = Dt.IsMatch(v) && (v.Length < 8 || DateTime.TryParseExact(v.Substring(0, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
                else if (vr == DicomVR.AS) ok = As.IsMatch(v);
                if (!ok) yield return $"{path}: '{v}' is not a valid {vr}";
            }
        }

        private static Dictionary<string, string> Flatten(DicomDataset ds, string prefix)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (path, holder, e) in Walk(ds, prefix)) d[path] = DatasetComparer.Describe(holder, e);
            return d;
        }

        /// <summary>Every element with its tag path, depth first.</summary>
        public static IEnumerable<(string Path, DicomDataset Holder, DicomElement Element)> Walk(DicomDataset ds, string prefix)
        {
            foreach (var e in ds.Elements.ToList())
            {
                string path = prefix + e.Tag;
                yield return (path, ds, e);
                if (e.Sequence is DicomSequence seq)
                {
                    for (int i = 0; i < seq.Count; i++)
                    {
                        foreach (var x in Walk(seq[i], path + "__" + i.ToString(CultureInfo.InvariantCulture) + "__")) yield return x;
                    }
                }
            }
        }
    }
}
