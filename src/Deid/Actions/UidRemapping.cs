using System;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Deid.Dicom;

namespace Deid.Actions
{
    /// <summary>
    /// How a UID function treats a value beyond deid's one-hash-per-value (issue #10 class 4): UIDs embedded in text (a
    /// RetrieveURL carries the original StudyInstanceUID) are remapped one by one to exactly what a UI element holding that UID
    /// gets, and with <c>keep_registered=true</c> the UIDs of the PS3.6 registry (SOP classes, transfer syntaxes, coding schemes,
    /// well-known instances) stay as they are while every other UID of a multi-valued UI element is remapped value by value.
    /// </summary>
    internal static class UidRemapping
    {
        // A dotted run of digits with at least three components, not glued to a digit before it: what a UID looks like inside a
        // URL (?studyUID=1.2.3&..., /studies/1.2.3/series/...). Two components ("2.5 mm") are too often a decimal number.
        private static readonly Regex Candidate = new Regex(@"(?<![0-9])[0-9]+(?:\.[0-9]+){2,}", RegexOptions.CultureInvariant);

        /// <summary>True for the text VRs whose values may carry UIDs inside other text.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool EmbedsUids(DicomVR vr) =>
            vr == DicomVR.UR || vr == DicomVR.UT || vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.LO;

        /// <summary>True when <paramref name="uid"/> is in the PS3.6 UID registry (generated from uids.tsv, see <see cref="DicomUids"/>).</summary>
        public static bool IsRegistered(string uid) => DicomUids.TryGet(uid, out _);

        /// <summary>PS3.5 §9.1: components of digits without leading zeros (except "0" itself), at most 64 characters.</summary>
        public static bool IsUid(string text)
        {
            if (text.Length == 0 || text.Length > 64) return false;
            int start = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] != '.')
                {
                    if (text[i] < '0' || text[i] > '9') return false;
                    continue;
                }
                int length = i - start;
                if (length == 0 || (length > 1 && text[start] == '0')) return false;
                start = i + 1;
            }
            return true;
        }

        /// <summary>
        /// Replaces each UID embedded in <paramref name="text"/> by <paramref name="map"/> of it (registered ones kept when
        /// <paramref name="keepRegistered"/>), the rest of the text as it is. False when the text holds no UID.
        /// </summary>
        public static bool TryReplaceEmbedded(string text, Func<string, string> map, bool keepRegistered, out string result)
        {
            bool found = false;
            result = Candidate.Replace(text, m =>
            {
                if (!IsUid(m.Value)) return m.Value;
                found = true;
                return keepRegistered && IsRegistered(m.Value) ? m.Value : map(m.Value);
            });
            return found;
        }

        /// <summary>
        /// True when <paramref name="text"/> is one or more UIDs separated by backslashes, each of at least three components (what
        /// a UI value read as UN holds; "1.5" is more likely a number).
        /// </summary>
        public static bool IsUidList(string text)
        {
            if (text.Length == 0) return false;
            foreach (var value in text.Split('\\'))
            {
                string v = value.Trim().TrimEnd('\0');
                if (!IsUid(v)) return false;
                int dots = 0;
                foreach (char c in v) if (c == '.') dots++;
                if (dots < 2) return false;
            }
            return true;
        }

        /// <summary>
        /// Maps each value of a (multi-valued) UI text on its own: a registered UID is kept when <paramref name="keepRegistered"/>,
        /// an empty value stays empty, every other value becomes <paramref name="map"/> of it.
        /// </summary>
        public static string MapValues(string text, Func<string, string> map, bool keepRegistered)
        {
            var values = text.Split('\\');
            for (int i = 0; i < values.Length; i++)
            {
                string v = values[i].Trim().TrimEnd('\0');
                if (v.Length == 0 || (keepRegistered && IsRegistered(v))) values[i] = v;
                else values[i] = map(v);
            }
            return string.Join("\\", values);
        }
    }
}
