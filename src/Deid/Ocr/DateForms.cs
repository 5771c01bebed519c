using System.Collections.Generic;
using System.Globalization;

namespace Deid.Ocr
{
    /// <summary>
    /// The ways a DICOM date is printed on a screen: 19580214, 1958-02-14, 14/02/1958, 02/14/1958, 14.02.58, Feb 14 1958,
    /// 14-FEB-1958, February 14, 1958 … Returned folded (<see cref="OcrText.Canonical"/>), so separators and spacing don't matter.
    /// </summary>
    public static class DateForms
    {
        private static readonly string[] Months = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };

        /// <summary>The folded printed forms of a DA value (or the date part of a DT); empty when it is not a date.</summary>
        public static IReadOnlyCollection<string> Of(string dicomDate)
        {
            var forms = new HashSet<string>();
            string v = (dicomDate ?? string.Empty).Trim();
            if (v.Length < 8 || !int.TryParse(v.Substring(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year)
                || !int.TryParse(v.Substring(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int month)
                || !int.TryParse(v.Substring(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int day)
                || month < 1 || month > 12 || day < 1 || day > 31)
            {
                return forms;
            }
            string yyyy = year.ToString("D4", CultureInfo.InvariantCulture), yy = (year % 100).ToString("D2", CultureInfo.InvariantCulture);
            string mm = month.ToString("D2", CultureInfo.InvariantCulture), dd = day.ToString("D2", CultureInfo.InvariantCulture);
            string m = month.ToString(CultureInfo.InvariantCulture), d = day.ToString(CultureInfo.InvariantCulture);
            string mon = Months[month - 1];
            string monthName = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);
            foreach (string form in new[]
            {
                yyyy + mm + dd, dd + mm + yyyy, mm + dd + yyyy, dd + mm + yy, mm + dd + yy, yy + mm + dd,
                d + "/" + m + "/" + yyyy, m + "/" + d + "/" + yyyy, d + "." + m + "." + yy, m + "/" + d + "/" + yy,
                dd + mon + yyyy, mon + dd + yyyy, mon + d + yyyy, d + mon + yyyy, dd + mon + yy, yyyy + mon + dd,
                monthName + d + yyyy, d + monthName + yyyy, monthName + dd + yyyy,
            })
            {
                string folded = OcrText.Canonical(form);
                if (folded.Length >= 6) forms.Add(folded);
            }
            return forms;
        }
    }
}
