using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Actions
{
    /// <summary>
    /// What a <c>var:</c> variable or a <c>func:</c> function gives, as a value an element can take: text, a number, a date, a
    /// tag, bytes, or a list of them. A database's NULL (<see cref="DBNull"/>, as Invoke-Sqlcmd rows give) is no value; a
    /// character is its text. Anything else (a table, a list of lists, a script block, an object whose text is its type's
    /// name) is refused: written, its ToString put "Deid.Actions.DeidFunction" or "System.Object[]" into the element, and a
    /// character or a DBNull stopped the batch with an InvalidCastException (QA of variables of every PowerShell type,
    /// 2026-12-07).
    /// </summary>
    internal static class VariableValue
    {
        /// <summary>
        /// <paramref name="value"/> as an element can take it, or null with <paramref name="problem"/> null when it is no value
        /// (a DBNull, a list of nothing but DBNulls is kept as an empty list), or null with why it cannot be written.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static object? Normalize(object? value, out string? problem)
        {
            problem = null;
            switch (value)
            {
                case null:
                case DBNull:
                    return null;
                case string:
                case byte[]:
                    return value;
                case char c:
                    return c.ToString();
                default:
                    if (IsScalar(value)) return value;
                    if (value is Delegate)
                    {
                        problem = "a function (a script block), which func: calls and var: cannot write";
                        return null;
                    }
                    if (value is IDictionary)
                    {
                        problem = "a table (a hashtable or dictionary), not a value";
                        return null;
                    }
                    if (value is IEnumerable items)
                    {
                        // The list as given unless an item needs its text (a character) or is no value (a DBNull).
                        var list = new List<object>();
                        bool changed = false;
                        foreach (var item in items)
                        {
                            switch (item)
                            {
                                case null:
                                    continue;
                                case DBNull:
                                    changed = true;
                                    continue;
                                case string:
                                    list.Add(item);
                                    continue;
                                case char c:
                                    list.Add(c.ToString());
                                    changed = true;
                                    continue;
                                default:
                                    if (IsScalar(item))
                                    {
                                        list.Add(item);
                                        continue;
                                    }
                                    problem = $"a list holding {Describe(item)}: a value is text, a number, a date or a list of them";
                                    return null;
                            }
                        }
                        return changed ? list.ToArray() : value;
                    }
                    problem = $"{Describe(value)}, not a value: give text, a number, a date or a list of them";
                    return null;
            }
        }

        // Text, numbers, dates and the like: what ValueSetter writes by its own rules (invariant numbers, DICOM dates).
        [MethodImpl(HotPath.Optimized)]
        private static bool IsScalar(object value) =>
            value is IConvertible || value is DateTimeOffset || value is DicomTag || value is IFormattable;

        private static string Describe(object value) => value switch
        {
            Delegate => "a function",
            IDictionary => "a table",
            IEnumerable => "a list",
            _ => "an object of type " + value.GetType().Name,
        };
    }
}
