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
                case byte[]:
                    return value;
            }
            if (TryScalar(value, out object scalar)) return scalar;
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
            if (!(value is IEnumerable items))
            {
                problem = $"{Describe(value)}, not a value: give text, a number, a date or a list of them";
                return null;
            }
            // The list as given unless an item needs its text (a character) or is no value (a DBNull).
            var list = new List<object>();
            bool changed = false;
            foreach (var item in items)
            {
                if (item == null) continue;
                if (item is DBNull)
                {
                    changed = true;
                    continue;
                }
                if (!TryScalar(item, out object one))
                {
                    problem = $"a list holding {Describe(item)}: a value is text, a number, a date or a list of them";
                    return null;
                }
                changed |= !ReferenceEquals(one, item);
                list.Add(one);
            }
            return changed ? list.ToArray() : value;
        }

        // One value as ValueSetter writes it by its own rules (invariant numbers, DICOM dates): text, a character's text, a
        // number, a date, a tag; false for anything else.
        [MethodImpl(HotPath.Optimized)]
        private static bool TryScalar(object item, out object scalar)
        {
            scalar = item is char c ? c.ToString() : item;
            return item is string || item is IConvertible || item is DateTimeOffset || item is DicomTag || item is IFormattable;
        }

        private static string Describe(object value) => value switch
        {
            Delegate => "a function",
            IDictionary => "a table",
            IEnumerable => "a list",
            _ => "an object of type " + value.GetType().Name,
        };
    }
}
