using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Deid.Dicom;

namespace Deid.Actions
{
    /// <summary>
    /// Shifts dates by whole days, as deid's JITTER does for DA and DT values — but keeping each value's own precision and format
    /// (deid rewrites a DT as YYYYMMDDHHMMSS.ffffff; we keep "20050303101553" as fourteen digits), so the result stays valid DICOM.
    /// A date not written in DICOM form (2015-09-01, 09/01/2015, March 3 2015) is read as deid's dateutil reads it and written
    /// back in DICOM form (<see cref="WrittenDate"/>).
    /// </summary>
    internal static class DateJitter
    {
        /// <summary>
        /// Shifts one DA or DT value by <paramref name="days"/>; returns false (value unchanged) when it is not a date this VR allows.
        /// For other VRs the value is read as deid reads it there (dateutil, then strptime with its DT formats) and written as
        /// deid writes it.
        /// </summary>
        public static bool TryShift(string value, DicomVR vr, int days, out string shifted)
        {
            shifted = value;
            string v = value.Trim();
            if (v.Length == 0) return false;
            if (vr == DicomVR.DA) return TryShiftDate(v, days, out shifted) || TryShiftWritten(v, vr, days, out shifted) || TryShiftFraction(v, vr, days, out shifted);
            if (vr == DicomVR.DT) return TryShiftDateTime(v, days, out shifted) || TryShiftWritten(v, vr, days, out shifted);
            if (vr == DicomVR.TM) return false; // a whole-day shift leaves a time as it is; deid turns it into a date
            // Other VRs (LO, SH, IS, UT): what dateutil reads, written YYYYMMDD (deid's first format, %Y%m%d), then what deid's
            // strptime fallback reads. Not the first eight digits of any longer run: 2008050417172310, an accession number
            // dateutil cannot read, stays (deid leaves it), rather than become another number that still links.
            return TryShiftDate(v, days, out shifted) || TryShiftWritten(v, vr, days, out shifted) || TryShiftFraction(v, vr, days, out shifted);
        }

        /// <summary>
        /// A date written another way (<see cref="WrittenDate"/>: 2015-09-01, 09/01/2015, March 3 2015), shifted and written in DICOM
        /// form as deid's strftime writes it: YYYYMMDD for DA and for text, and for DT the date with the time and zone it gave
        /// (HHMMSS, the fraction's own digits, +HHMM), so the value is valid in its VR afterwards.
        /// </summary>
        private static bool TryShiftWritten(string v, DicomVR vr, int days, out string shifted)
        {
            shifted = v;
            if (!WrittenDate.TryParse(v, out var parts) || !TryAdd(parts.Date, days, out var day)) return false;
            var text = new System.Text.StringBuilder(day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            if (vr == DicomVR.DT && parts.TimeOfDay is TimeSpan time)
            {
                text.Append(time.ToString("hhmmss", CultureInfo.InvariantCulture));
                if (parts.FractionDigits > 0)
                    text.Append('.').Append((time.Ticks % TimeSpan.TicksPerSecond).ToString("0000000", CultureInfo.InvariantCulture), 0, parts.FractionDigits);
                if (parts.Zone != null) text.Append(parts.Zone);
            }
            shifted = text.ToString();
            return true;
        }

        // Fourteen digits with a fraction of one to six digits, and a zone or not: dateutil overflows on them, so deid's
        // get_timestamp falls back to strptime, which reads them with its DT formats (%Y%m%d%H%M%S.%f%z, %Y%m%d%H%M%S.%f).
        private static readonly Regex FractionDateTime = new Regex(
            @"^(?<dt>[0-9]{14})\.(?<f>[0-9]{1,6})(?:(?<z>Z)|(?<z>[+-])(?<zh>[0-9]{2}):?(?<zm>[0-5][0-9]))?$", RegexOptions.CultureInvariant);

        /// <summary>
        /// A date-time of fourteen digits with a fraction (<c>20080504171723.5</c>), which dateutil cannot read. In text deid's
        /// strptime reads it and writes its format: <c>20080507171723.500000</c>, with the zone as +HHMM when one was written
        /// (Z is +0000). In a DA deid's strptime("%Y%m%d") fails and deid stops on the file; ours writes the date shifted
        /// (YYYYMMDD) rather than keep the real one.
        /// </summary>
        private static bool TryShiftFraction(string v, DicomVR vr, int days, out string shifted)
        {
            shifted = v;
            var m = FractionDateTime.Match(v);
            if (!m.Success) return false;
            if (m.Groups["zh"].Success && int.Parse(m.Groups["zh"].Value, NumberStyles.None, CultureInfo.InvariantCulture) > 23) return false; // Python's timezone: under a day
            if (!DateTime.TryParseExact(m.Groups["dt"].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
            if (!TryAdd(d, days, out var r)) return false;
            if (vr == DicomVR.DA)
            {
                shifted = r.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                return true;
            }
            var text = new System.Text.StringBuilder(r.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));
            text.Append('.').Append(m.Groups["f"].Value.PadRight(6, '0'));
            if (m.Groups["z"].Success)
            {
                // strftime's %z: +HHMM, and +0000 for Z or -0000.
                string hhmm = m.Groups["zh"].Success ? m.Groups["zh"].Value + m.Groups["zm"].Value : "0000";
                text.Append(hhmm == "0000" ? '+' : m.Groups["z"].Value[0]).Append(hhmm);
            }
            shifted = text.ToString();
            return true;
        }

        /// <summary>
        /// Shifts each value of a multi-valued element in place (values that are not dates stay as they are); true when at least
        /// one value moved.
        /// </summary>
        public static bool TryShiftAll(string[] values, DicomVR vr, int days) => TryShiftAll(values, vr, days, out _);

        /// <summary>
        /// As <see cref="TryShiftAll(string[], DicomVR, int)"/>; <paramref name="left"/> holds the values that are not empty and
        /// did not move (a year alone, text): beside shifted dates they may be dates too, written another way, and the caller
        /// says so (differential QA against deid, 2026-12-06: a partly shifted value was silent).
        /// </summary>
        public static bool TryShiftAll(string[] values, DicomVR vr, int days, out string[] left)
        {
            bool any = false;
            List<string>? unshifted = null;
            for (int i = 0; i < values.Length; i++)
            {
                if (TryShift(values[i], vr, days, out var shifted))
                {
                    values[i] = shifted;
                    any = true;
                }
                else if (values[i].Trim().Length > 0)
                {
                    (unshifted ??= new List<string>()).Add(values[i]);
                }
            }
            left = unshifted?.ToArray() ?? Array.Empty<string>();
            return any;
        }

        /// <summary>
        /// DA: YYYYMMDD, and the ACR-NEMA YYYY.MM.DD, which a reader must accept but a writer must not write (PS3.5 §6.2): it is
        /// written back as YYYYMMDD, as deid's strftime("%Y%m%d") writes it.
        /// </summary>
        private static bool TryShiftDate(string v, int days, out string shifted)
        {
            shifted = v;
            string format = v.Length == 10 && v[4] == '.' && v[7] == '.' ? "yyyy.MM.dd" : "yyyyMMdd";
            if (!DateTime.TryParseExact(v, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
            if (!TryAdd(d, days, out var r)) return false;
            shifted = r.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            return true;
        }

        /// <summary>DT: YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&amp;ZZXX]; the date part moves, the rest is kept as written.</summary>
        private static bool TryShiftDateTime(string v, int days, out string shifted)
        {
            shifted = v;
            int digits = 0;
            while (digits < v.Length && char.IsDigit(v[digits])) digits++;
            if (digits < 8) return false; // a year or year-month alone has no day to shift
            if (!DateTime.TryParseExact(v.Substring(0, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
            if (!TryAdd(d, days, out var r)) return false;
            shifted = r.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + v.Substring(8);
            return true;
        }

        private static bool TryAdd(DateTime d, int days, out DateTime result)
        {
            result = d;
            try
            {
                result = d.AddDays(days);
                return result.Year >= 1 && result.Year <= 9999;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        }
    }
}
