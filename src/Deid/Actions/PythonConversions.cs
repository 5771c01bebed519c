using System;
using System.Globalization;
using Deid.Dicom;
using Deid.Fields;

namespace Deid.Actions
{
    /// <summary>
    /// The Python conversions deid's actions rely on, in one place: the truthiness of a REMOVE condition and the number of days
    /// of a JITTER value, each as Python (and pydicom's typing of a value by its VR) would decide it.
    /// </summary>
    internal static class PythonConversions
    {
        /// <summary>
        /// Python truthiness of a REMOVE condition; with <paramref name="typedBy"/> (a literal's element) text is first typed by the
        /// element's VR as deid's convert_value types it.
        /// </summary>
        public static bool IsTrue(object? condition, DeidField? typedBy)
        {
            switch (condition)
            {
                case null:
                    return false;
                case bool b:
                    return b;
                case string s when typedBy == null:
                    return s.Length > 0;
                case string s:
                    var vr = typedBy.VR;
                    if (vr == DicomVR.FL || vr == DicomVR.FD)
                        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double dv) && dv != 0;
                    if (vr == DicomVR.US || vr == DicomVR.SS || vr == DicomVR.UL || vr == DicomVR.SL || vr == DicomVR.SV || vr == DicomVR.UV)
                        return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long lv) && lv != 0;
                    return s.Length > 0;
                case IConvertible c when !(condition is DateTime):
                    try
                    {
                        return c.ToDouble(CultureInfo.InvariantCulture) != 0;
                    }
                    catch (FormatException)
                    {
                        return true;
                    }
                    catch (InvalidCastException)
                    {
                        return true;
                    }
                case System.Collections.ICollection coll:
                    return coll.Count > 0;
                default:
                    return true;
            }
        }

        public static bool TryDays(object? value, out int days)
        {
            days = 0;
            switch (value)
            {
                case null:
                    return false;
                case string s:
                    if (!double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || double.IsNaN(d) || Math.Abs(d) > 3_650_000) return false;
                    days = (int)Math.Truncate(d);
                    return true;
                case IConvertible c when !(value is DateTime) && !(value is bool):
                    try
                    {
                        double x = c.ToDouble(CultureInfo.InvariantCulture);
                        if (double.IsNaN(x) || Math.Abs(x) > 3_650_000) return false;
                        days = (int)Math.Truncate(x);
                        return true;
                    }
                    catch (FormatException)
                    {
                        return false;
                    }
                default:
                    return false;
            }
        }
    }
}
