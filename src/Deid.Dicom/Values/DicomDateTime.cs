using System;
using System.Globalization;

namespace Deid.Dicom
{
    /// <summary>
    /// Parsing of the date and time VRs (PS3.5 Table 6.2-1): DA <c>YYYYMMDD</c> (and the old <c>YYYY.MM.DD</c>), TM
    /// <c>HH[MM[SS[.F{1-6}]]]</c> (and the old <c>HH:MM:SS</c>), DT <c>YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&amp;ZZXX]</c>.
    /// Missing components take their lowest value; the offset of a DT, when present, is kept.
    /// </summary>
    public static class DicomDateTime
    {
        /// <summary>Parses a DA value.</summary>
        public static bool TryParseDate(string? text, out DateTime date)
        {
            date = default;
            if (text == null) return false;
            string s = text.Trim();
            if (s.Length == 10 && s[4] == '.' && s[7] == '.') s = s.Substring(0, 4) + s.Substring(5, 2) + s.Substring(8, 2);
            return s.Length == 8 && DateTime.TryParseExact(s, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        }

        /// <summary>Parses a TM value into a time of day.</summary>
        public static bool TryParseTime(string? text, out TimeSpan time)
        {
            time = default;
            if (text == null) return false;
            string s = text.Trim().Replace(":", string.Empty);
            if (s.Length < 2) return false;
            int dot = s.IndexOf('.');
            string whole = dot >= 0 ? s.Substring(0, dot) : s;
            if (whole.Length != 2 && whole.Length != 4 && whole.Length != 6) return false;
            if (!AllDigits(whole)) return false;
            int h = Two(whole, 0), m = whole.Length >= 4 ? Two(whole, 2) : 0, sec = whole.Length >= 6 ? Two(whole, 4) : 0;
            if (h > 23 || m > 59 || sec > 60) return false; // 60: a leap second, which PS3.5 allows
            long ticks = 0;
            if (dot >= 0)
            {
                string frac = s.Substring(dot + 1);
                if (frac.Length == 0 || frac.Length > 6 || !AllDigits(frac) || whole.Length != 6) return false;
                ticks = long.Parse(frac.PadRight(7, '0'), CultureInfo.InvariantCulture);
            }
            time = new TimeSpan(h, m, Math.Min(sec, 59)) + TimeSpan.FromTicks(ticks);
            return true;
        }

        /// <summary>Parses a DT value; the offset is the value's own when it has one, else none (zero, unknown).</summary>
        public static bool TryParseDateTime(string? text, out DateTimeOffset value, out bool hasOffset)
        {
            value = default;
            hasOffset = false;
            if (text == null) return false;
            string s = text.Trim();
            TimeSpan offset = TimeSpan.Zero;
            int sign = Math.Max(s.LastIndexOf('+'), s.LastIndexOf('-'));
            if (sign > 0)
            {
                string z = s.Substring(sign + 1);
                if (z.Length != 4 || !AllDigits(z)) return false;
                offset = new TimeSpan(Two(z, 0), Two(z, 2), 0);
                if (s[sign] == '-') offset = -offset;
                hasOffset = true;
                s = s.Substring(0, sign);
            }
            int dot = s.IndexOf('.');
            string whole = dot >= 0 ? s.Substring(0, dot) : s;
            if (whole.Length < 4 || whole.Length > 14 || (whole.Length & 1) == 1 || !AllDigits(whole)) return false;
            int year = int.Parse(whole.Substring(0, 4), CultureInfo.InvariantCulture);
            int month = whole.Length >= 6 ? Two(whole, 4) : 1, day = whole.Length >= 8 ? Two(whole, 6) : 1;
            int hour = whole.Length >= 10 ? Two(whole, 8) : 0, minute = whole.Length >= 12 ? Two(whole, 10) : 0, second = whole.Length >= 14 ? Two(whole, 12) : 0;
            long ticks = 0;
            if (dot >= 0)
            {
                string frac = s.Substring(dot + 1);
                if (frac.Length == 0 || frac.Length > 6 || !AllDigits(frac) || whole.Length != 14) return false;
                ticks = long.Parse(frac.PadRight(7, '0'), CultureInfo.InvariantCulture);
            }
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return false;
            try
            {
                value = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset).AddTicks(ticks);
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        }

        private static bool AllDigits(string s)
        {
            foreach (char c in s)
            {
                if (c < '0' || c > '9') return false;
            }
            return true;
        }

        private static int Two(string s, int at) => (s[at] - '0') * 10 + (s[at + 1] - '0');
    }
}
