using System;
using System.Globalization;
using Deid.Fields;

namespace Deid.Actions
{
    /// <summary>
    /// The Python conversions deid's actions rely on, in one place: the truthiness of a REMOVE condition and the number of days
    /// of a JITTER value, a number typed by Python's <c>int()</c>, each as Python (and pydicom's typing of a value by its VR) would decide it.
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
                    return typedBy.VR.Descriptor.IsTruthy(s);
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

        /// <summary>
        /// deid's <c>int(value)</c> of a JITTER's days: text must be a whole number ("5.5" makes Python's int() fail, so deid
        /// gives up on the file; we leave the element with a warning, as a literal "5.5" is refused when the recipe loads); a
        /// number is truncated, as int(5.5) is 5.
        /// </summary>
        public static bool TryDays(object? value, out int days)
        {
            days = 0;
            switch (value)
            {
                case null:
                    return false;
                case string s:
                    if (!long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole) || Math.Abs(whole) > 3_650_000) return false;
                    days = (int)whole;
                    return true;
                case char c:
                    return TryDays(c.ToString(), out days);
                case IConvertible c when !(value is DateTime) && !(value is bool):
                    try
                    {
                        double x = c.ToDouble(CultureInfo.InvariantCulture);
                        if (double.IsNaN(x) || Math.Abs(x) > 3_650_000) return false;
                        days = (int)Math.Truncate(x);
                        return true;
                    }
                    catch (Exception e) when (e is FormatException || e is InvalidCastException)
                    {
                        // No number (a DBNull has none): no days, as text that is none.
                        return false;
                    }
                default:
                    return false;
            }
        }

        /// <summary>Python's int(): integers and integral text; a float value is truncated, text with a decimal point is not an integer.</summary>
        public static bool TryInteger(object item, out double value)
        {
            switch (item)
            {
                case string s:
                    if (long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long l))
                    {
                        value = l;
                        return true;
                    }
                    value = 0;
                    return false;
                case double d:
                    value = Math.Truncate(d);
                    return !double.IsNaN(d) && !double.IsInfinity(d);
                case float f:
                    value = Math.Truncate(f);
                    return !float.IsNaN(f) && !float.IsInfinity(f);
                case IConvertible c when !(item is bool) && !(item is DateTime) && !(item is char):
                    value = Math.Truncate(c.ToDouble(CultureInfo.InvariantCulture));
                    return true;
                default:
                    value = 0;
                    return false;
            }
        }
    }
}
