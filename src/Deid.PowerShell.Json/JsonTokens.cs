using System;
using System.Collections;
using System.Numerics;
using System.Reflection;
using Deid.Inspection;
using Newtonsoft.Json.Linq;

namespace Deid.PowerShell
{
    /// <summary>
    /// Values of a dataset view as the JSON ConvertTo-Json would write for them at any -Depth: the view's own properties (Path,
    /// ItemPath, TransferSyntax, ElementCount) and then one property per keyword, items as objects, lists as arrays, other objects
    /// by their public fields and properties (JsonObject.ProcessValue in PowerShell's source does the same). Built only when a
    /// <see cref="DicomSequenceItem"/> is asked for its JSON.
    /// </summary>
    internal static class JsonTokens
    {
        // Levels of objects and arrays, counted from the item (1). ConvertTo-Json reads an item back through a JsonReader whose
        // MaxDepth is 64 and fails past it, so a container deeper than this is written as its text, as ConvertTo-Json writes what
        // is past -Depth. Only a file nesting sequences some 30 deep below an item gets there.
        private const int MaxDepth = 60;

        /// <summary>Written after the item path of an item nested too deep to write (some 30 sequences below the item converted).</summary>
        public const string CutNote = "(not written: nested too deep for ConvertTo-Json)";

        /// <summary>The JSON of one item or dataset at nesting level <paramref name="depth"/>.</summary>
        public static JToken FromView(DicomDatasetView view, int depth)
        {
            // Said in the value itself: ConvertTo-Json cannot be told to warn from here, and a cut item must not pass for a whole one.
            if (depth > MaxDepth) return new JValue(view.ToString() + " " + CutNote);
            var json = new JObject();
            Fill(json, view, depth);
            return json;
        }

        /// <summary>
        /// Adds the properties of <paramref name="view"/> to <paramref name="json"/>, an object at nesting level <paramref name="depth"/>
        /// (an item is 1), as <see cref="FromView"/> writes them.
        /// </summary>
        public static void Fill(JObject json, DicomDatasetView view, int depth)
        {
            foreach (var name in DicomSequenceItem.ViewPropertyNames) json.Add(name, Value(DicomSequenceItem.ViewProperty(view, name), depth + 1));
            // The keywords DatasetObjects gives a script object: never one of the view's own names, each once whatever its case.
            // (Counted here: a DicomSequenceItem's JObject index stays empty.)
            var taken = DatasetObjects.TakenNames(typeof(DicomDatasetView));
            foreach (var kv in view.NamedValues())
            {
                if (taken.Add(kv.Key)) json.Add(kv.Key, Value(kv.Value, depth + 1));
            }
        }

        /// <summary>One value as JSON: text, numbers, dates and flags as they are, items as objects, lists as arrays.</summary>
        public static JToken Value(object? value, int depth)
        {
            switch (value)
            {
                case null:
                    return JValue.CreateNull();
                case string _:
                case char _:
                case bool _:
                case DateTime _:
                case DateTimeOffset _:
                case Guid _:
                case Uri _:
                case double _:
                case float _:
                case decimal _:
                case BigInteger _:
                    return new JValue(value);
                case DicomDatasetView view:
                    return FromView(view, depth);
            }
            var type = value.GetType();
            if (type.IsEnum)
            {
                // As ConvertTo-Json without -EnumsAsStrings: the number, or the name where JavaScript cannot hold it.
                var underlying = Enum.GetUnderlyingType(type);
                return underlying == typeof(long) || underlying == typeof(ulong)
                    ? new JValue(value.ToString())
                    : new JValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            }
            if (type.IsPrimitive) return new JValue(value);
            if (depth > MaxDepth) return new JValue(value.ToString());
            if (value is IDictionary dictionary)
            {
                var json = new JObject();
                foreach (DictionaryEntry entry in dictionary) json[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] = Value(entry.Value, depth + 1);
                return json;
            }
            if (value is IEnumerable many)
            {
                var array = new JArray();
                foreach (var v in many) array.Add(Value(v, depth + 1));
                return array;
            }
            return FromObject(value, type, depth);
        }

        // An object by its public fields and then its public properties without parameters; a property that throws is null.
        private static JObject FromObject(object value, Type type, int depth)
        {
            var json = new JObject();
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                json[field.Name] = Read(() => field.GetValue(value), depth);
            }
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var getter = property.GetGetMethod();
                if (getter == null || getter.GetParameters().Length != 0 || json.ContainsKey(property.Name)) continue;
                json[property.Name] = Read(() => getter.Invoke(value, Array.Empty<object>()), depth);
            }
            return json;
        }

        private static JToken Read(Func<object?> get, int depth)
        {
            object? v;
            try
            {
                v = get();
            }
            catch (Exception)
            {
                v = null;
            }
            return Value(v, depth + 1);
        }
    }
}
