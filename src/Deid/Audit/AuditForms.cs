using System;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// The forms an identifying value may take once a tool has copied it somewhere else: person-name components on their own
    /// (a name reappears as "JOHN SMITH" in a description), dates with the separators people and other systems write, times
    /// with colons and without their fraction. Case is folded by the search, not here.
    /// </summary>
    internal static class AuditForms
    {
        /// <summary>Adds the forms of <paramref name="value"/>'s text, each at most once and none trivial.</summary>
        public static void Add(AuditValue value)
        {
            string v = value.Value;
            var vr = value.VRCode;
            Add(value, v);
            if (vr == DicomVR.PN)
            {
                foreach (string group in v.Split('='))
                {
                    Add(value, group);
                    foreach (string component in group.Split('^')) Add(value, component.Trim());
                }
            }
            else if (vr == DicomVR.DA)
            {
                foreach (string date in v.Split('-')) AddDate(value, date);
            }
            else if (vr == DicomVR.DT)
            {
                if (v.Length >= 8) AddDate(value, v.Substring(0, 8));
            }
            else if (vr == DicomVR.TM)
            {
                AddTime(value, v);
            }
        }

        /// <summary>True when a form is made of digits and separators only: a match must not continue a longer number.</summary>
        public static bool IsNumeric(string form)
        {
            if (form.Length == 0 || !IsDigit(form[0]) || !IsDigit(form[form.Length - 1])) return false;
            foreach (char c in form)
            {
                if (!IsDigit(c) && c != '.' && c != ':' && c != '-' && c != '/' && c != '+') return false;
            }
            return true;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static void AddDate(AuditValue value, string date)
        {
            if (date.Length != 8 || !IsNumeric(date) || date.IndexOf('.') >= 0) return;
            string y = date.Substring(0, 4), m = date.Substring(4, 2), d = date.Substring(6, 2);
            Add(value, date);
            Add(value, y + "-" + m + "-" + d);
            Add(value, y + "." + m + "." + d);
            Add(value, y + "/" + m + "/" + d);
            Add(value, m + "/" + d + "/" + y);
            Add(value, d + "/" + m + "/" + y);
            Add(value, d + "." + m + "." + y);
        }

        private static void AddTime(AuditValue value, string time)
        {
            int dot = time.IndexOf('.');
            string whole = dot < 0 ? time : time.Substring(0, dot);
            if (whole.Length != 6 || !IsNumeric(whole)) return;
            string colons = whole.Substring(0, 2) + ":" + whole.Substring(2, 2) + ":" + whole.Substring(4, 2);
            Add(value, colons + (dot < 0 ? string.Empty : time.Substring(dot)));
            if (dot < 0) return;
            // Without the fraction: what a tool that keeps only seconds writes.
            Add(value, whole);
            Add(value, colons);
        }

        private static void Add(AuditValue value, string form)
        {
            form = form.Trim();
            if (AuditRules.IsTrivial(form, value.VRCode == DicomVR.UI ? DicomVR.UI : DicomVR.LO)) return;
            foreach (string f in value.Forms)
            {
                if (string.Equals(f, form, StringComparison.OrdinalIgnoreCase)) return;
            }
            value.Forms.Add(form);
        }
    }
}
