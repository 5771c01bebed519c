using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Deid.Actions
{
    /// <summary>
    /// A date written the way people and converters write one, not DICOM's YYYYMMDD: <c>2015-09-01</c>, <c>2015-09-01T12:00</c>,
    /// <c>09/01/2015</c>, <c>March 3 2015</c>, <c>1 Sep 2015</c>. deid's JITTER hands every value to dateutil's parser first,
    /// so it shifts these and writes them back in DICOM form; a value left as it was would keep the patient's real date (QA: a
    /// migrated JITTER recipe kept every ISO-written date). Narrower than dateutil on purpose: a day, a month and a year must
    /// all be there ("2015" or "12" alone are no dates; dateutil fills in today's month and day), as dateutil reads them:
    /// month before day unless the first number cannot be a month, a two-digit year in the century nearest now. Also a date
    /// of eight digits with a time as dateutil reads it — <c>200805041717</c>, <c>20080504171723</c> (a trailing dot allowed),
    /// <c>20080504T171723.5</c>, <c>20080504 17:17</c>, each with a zone or not — which non-conformant modalities write into a
    /// DA; not digits dateutil cannot read: 10, 13, 15, 16 or more digits (2008050417172310, an accession number), fourteen
    /// digits with a fraction straight after (dateutil overflows), a zone straight after the eight digits.
    /// </summary>
    internal static class WrittenDate
    {
        private const string Time = @"(?:(?:[T ]|,\s*|\s+at\s+)(?<h>[0-9]{1,2}):(?<mi>[0-9]{2})(?::(?<s>[0-9]{2})(?:[.,](?<f>[0-9]{1,6}))?)?\s*(?<ampm>[AaPp]\.?[Mm]\.?)?\s*(?<zone>Z|[+-][0-9]{2}:?[0-9]{2})?)?";
        private const string Month = @"(?<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
        private const string Sep = @"[\s\-/.,]+";
        private const string Day = @"(?<d>[0-9]{1,2})(?:st|nd|rd|th)?";
        // Digits are [0-9], not \d: .NET's \d takes any Unicode digit (full-width ２０１５), which int.Parse then refuses.
        private const string Weekday = @"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?";

        // Eight digits and a time of digits: four or six straight after (a bare dot may follow), or two, four or six after a T
        // or spaces, those six with a fraction (dateutil reads 20080504T171723.5, not 20080504171723.5); a zone after either.
        private const string DigitDateTime = @"^(?<y>[0-9]{4})(?<m>[0-9]{2})(?<d>[0-9]{2})"
            + @"(?:(?<h>[0-9]{2})(?<mi>[0-9]{2})(?<s>[0-9]{2})?\.?|(?:T|\s+)(?<h>[0-9]{2})(?:(?<mi>[0-9]{2})(?:(?<s>[0-9]{2})(?:[.,](?<f>[0-9]*))?)?)?)"
            + @"\s*(?<zone>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$";

        // Each form whole, ignoring case: year first with numbers, numbers with the year last, and a month's name anywhere;
        // eight digits with a time of digits, or with one written with colons (20080504T17:17:23, 20080504 5:17 PM).
        private static readonly Regex[] Forms =
        {
            new Regex(@"^(?<y>[0-9]{4})[-/.](?<m>[0-9]{1,2})[-/.]" + Day + Time + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex(@"^(?<a>[0-9]{1,2})[-/.](?<b>[0-9]{1,2})[-/.](?<y>[0-9]{4}|[0-9]{2})" + Time + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex("^" + Weekday + Month + Sep + Day + Sep + @"(?<y>[0-9]{4})" + Time + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex("^" + Weekday + Day + Sep + Month + Sep + @"(?<y>[0-9]{4}|[0-9]{2})" + Time + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex(@"^(?<y>[0-9]{4})" + Sep + Month + Sep + Day + Time + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex(DigitDateTime, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            new Regex(@"^(?<y>[0-9]{4})(?<m>[0-9]{2})(?<d>[0-9]{2})" + Time + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
        };

        /// <summary>The parts of a written date: the day, and the time and zone when it gave them (kept as they are by a shift).</summary>
        public readonly struct Parts
        {
            public Parts(DateTime date, TimeSpan? time, int fractionDigits, string? zone)
            {
                Date = date;
                TimeOfDay = time;
                FractionDigits = fractionDigits;
                Zone = zone;
            }

            /// <summary>The day (midnight).</summary>
            public DateTime Date { get; }

            /// <summary>The time of day, when one was written.</summary>
            public TimeSpan? TimeOfDay { get; }

            /// <summary>How many digits of fraction of a second were written (0 to 6).</summary>
            public int FractionDigits { get; }

            /// <summary>The offset as DICOM writes it (+HHMM, -HHMM), when one was written; Z is +0000.</summary>
            public string? Zone { get; }
        }

        /// <summary>Reads <paramref name="text"/> as a written date; false when it is none of the forms above, or no real day.</summary>
        public static bool TryParse(string text, out Parts parts)
        {
            parts = default;
            string v = text.Trim();
            if (v.Length < 6 || v.Length > 64) return false;
            foreach (var form in Forms)
            {
                var m = form.Match(v);
                if (!m.Success) continue;
                return TryBuild(m, out parts);
            }
            return false;
        }

        private static bool TryBuild(Match m, out Parts parts)
        {
            parts = default;
            int year = Number(m, "y"), month, day;
            if (m.Groups["y"].Length == 2) year = NearestCentury(year);
            if (m.Groups["mon"].Success)
            {
                month = MonthOf(m.Groups["mon"].Value);
                day = Number(m, "d");
            }
            else if (m.Groups["a"].Success)
            {
                // dateutil: month first, unless the first number cannot be a month.
                int a = Number(m, "a"), b = Number(m, "b");
                if (a > 12 && b <= 12)
                {
                    month = b;
                    day = a;
                }
                else
                {
                    month = a;
                    day = b;
                }
            }
            else
            {
                month = Number(m, "m");
                day = Number(m, "d");
            }
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
            TimeSpan? time = null;
            int fractionDigits = 0;
            if (m.Groups["h"].Success)
            {
                int hour = Number(m, "h"), minute = m.Groups["mi"].Success ? Number(m, "mi") : 0, second = m.Groups["s"].Success ? Number(m, "s") : 0;
                if (m.Groups["ampm"].Success)
                {
                    if (hour < 1 || hour > 12) return false;
                    bool pm = char.ToUpperInvariant(m.Groups["ampm"].Value[0]) == 'P';
                    hour = hour % 12 + (pm ? 12 : 0);
                }
                if (hour > 23 || minute > 59 || second > 59) return false;
                long ticks = 0;
                if (m.Groups["f"].Success)
                {
                    string f = m.Groups["f"].Value;
                    if (f.Length > 6) f = f.Substring(0, 6); // dateutil keeps microseconds
                    fractionDigits = f.Length;
                    ticks = long.Parse(f.PadRight(7, '0'), CultureInfo.InvariantCulture);
                }
                time = new TimeSpan(0, hour, minute, second).Add(TimeSpan.FromTicks(ticks));
            }
            string? zone = null;
            if (m.Groups["zone"].Success)
            {
                string z = m.Groups["zone"].Value;
                zone = z == "Z" || z == "z" ? "+0000" : z.Replace(":", "");
                if (zone.Length == 3) zone += "00"; // +01, hours alone
            }
            parts = new Parts(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified), time, fractionDigits, zone);
            return true;
        }

        private static int Number(Match m, string group) => int.Parse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

        /// <summary>dateutil's rule for a two-digit year: the century that puts it within 50 years of this one.</summary>
        private static int NearestCentury(int twoDigits)
        {
            int now = DateTime.UtcNow.Year;
            int year = now / 100 * 100 + twoDigits;
            if (year >= now + 50) year -= 100;
            else if (year < now - 50) year += 100;
            return year;
        }

        private static int MonthOf(string name)
        {
            switch (name.Substring(0, 3).ToLowerInvariant())
            {
                case "jan": return 1;
                case "feb": return 2;
                case "mar": return 3;
                case "apr": return 4;
                case "may": return 5;
                case "jun": return 6;
                case "jul": return 7;
                case "aug": return 8;
                case "sep": return 9;
                case "oct": return 10;
                case "nov": return 11;
                default: return 12;
            }
        }
    }
}
