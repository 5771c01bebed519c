using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using Deid.Dicom;
using Deid.Fields;

namespace Deid.Identifiers
{
    /// <summary>
    /// What deid's <c>get_identifiers</c> returns for one file: its fields keyed the way deid keys them (<c>(0010,0020)</c>, nested
    /// <c>(0040,0275)__0__(0008,1110)__0__(0008,1155)</c>), and a case-insensitive table of variables for the user to fill in for
    /// <c>var:</c> values before the file goes to a replace.
    /// </summary>
    public sealed class DicomIdentifiers
    {
        internal DicomIdentifiers(string path, OrderedDictionary fields)
        {
            Path = path;
            Fields = fields;
        }

        /// <summary>The file the identifiers were read from.</summary>
        public string Path { get; }

        /// <summary>
        /// The fields in deid's order (top level, file meta, then nested items breadth first): tag path → <see cref="IdentifierField"/>.
        /// </summary>
        public OrderedDictionary Fields { get; }

        /// <summary>
        /// Values for the recipe's <c>var:</c> references (and functions for <c>func:</c>), keyed case-insensitively. Empty when
        /// extracted; fill it in before piping the object to a replace.
        /// </summary>
        public Dictionary<string, object?> Variables { get; } = new VariableTable();

        /// <summary>For a recipe given at extraction: the values each <c>%values</c> group finds in this file.</summary>
        public Dictionary<string, IReadOnlyList<string>> Values { get; } = new GroupTable();

        /// <summary>For a recipe given at extraction: the tag paths each <c>%fields</c> group selects in this file.</summary>
        public Dictionary<string, IReadOnlyList<string>> FieldGroups { get; } = new GroupTable();

        /// <summary>The field with <paramref name="tagPath"/>, or null.</summary>
        public IdentifierField? GetField(string tagPath) => Fields[tagPath] as IdentifierField;

        /// <summary>
        /// (Keyword, value) for each top-level element with a keyword (not file meta, not sequences), the properties
        /// Get-DicomIdentifier adds: numbers (IS, DS, US, SS, UL, SL, FL, FD, …) typed by <see cref="Inspection.ScriptValue.Convert"/>,
        /// anything else as its text (<see cref="IdentifierField.ToString"/>), and after each date its <c>&lt;Keyword&gt;AsDateTime</c>
        /// companion. <see cref="Fields"/> keep deid's values.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(HotPath.Optimized)]
        public IEnumerable<KeyValuePair<string, object?>> NamedValues()
        {
            var elements = new List<KeyValuePair<string, KeyValuePair<DicomVR, object?>>>(Fields.Count);
            var byKeyword = new Dictionary<string, IdentifierField>(Fields.Count, StringComparer.Ordinal);
            // By index: the table's enumerator boxes an entry for each field.
            for (int i = 0; i < Fields.Count; i++)
            {
                var field = (IdentifierField)Fields[i]!;
                if (field.IsFileMeta || field.Keyword.Length == 0 || FieldPath.IsNested(field.Path) || field.ItemCount.HasValue) continue;
                if (byKeyword.ContainsKey(field.Keyword)) continue;
                byKeyword.Add(field.Keyword, field);
                elements.Add(new KeyValuePair<string, KeyValuePair<DicomVR, object?>>(field.Keyword, new KeyValuePair<DicomVR, object?>(field.VR, field.Value)));
            }
            // Made whole rather than yielded, so that it can be marked (see ScriptValue.Properties).
            var properties = Inspection.ScriptValue.PropertyList(elements);
            for (int i = 0; i < properties.Count; i++)
            {
                // A number stays typed; text (and a number that did not parse) is the field's one line of text.
                var property = properties[i];
                object? value = property.Value;
                if (value != null && !IsNumber(value) && byKeyword.TryGetValue(property.Key, out var field))
                    properties[i] = new KeyValuePair<string, object?>(property.Key, field.ToString());
            }
            return properties;
        }

        /// <summary>The path.</summary>
        public override string ToString() => Path;

        /// <summary>
        /// The <see cref="Variables"/> of an identifier object as Export-Csv wrote them (<c>name=value; …</c>, names in order),
        /// read back as a table (text, and dates as dates), so that a whole exported object comes back as a crosswalk row; null when
        /// <paramref name="text"/> is not of that form.
        /// </summary>
        public static Dictionary<string, object>? ParseVariablesText(string text) => VariableTable.Parse(text);

        /// <summary>
        /// Whether <paramref name="text"/> is how Export-Csv writes an identifier object's <see cref="Fields"/> ("12 fields"): a
        /// row holding it beside a Variables column is such an export, whose Variables are read back with
        /// <see cref="ParseVariablesText"/>.
        /// </summary>
        public static bool IsFieldCountText(string text) => text != null && IdentifierFieldTable.IsCountText(text);

        private static bool IsNumber(object value) =>
            value is int || value is long || value is double || value is float || value is ushort || value is short || value is uint
            || value is ulong || value.GetType().IsGenericType && value.GetType().GetGenericTypeDefinition() == typeof(Inspection.DicomMultiValue<>)
            && !(value is Inspection.DicomMultiValue<string>);
    }

    /// <summary>One identifier field: where it is, what it is called, and its value.</summary>
    public sealed class IdentifierField
    {
        internal IdentifierField(DeidField field)
        {
            Tag = field.Tag;
            Keyword = field.Keyword;
            Name = field.Name;
            VR = field.VR;
            Path = field.TagPath;
            KeywordPath = field.KeywordPath;
            PrivateCreator = field.PrivateCreator;
            IsFileMeta = field.IsFileMeta;
            if (field.TryGetElement(out var e))
            {
                if (e.Sequence is DicomSequence seq)
                {
                    ItemCount = seq.Count;
                }
                else if (e.ValueRef != null || e.Fragments != null)
                {
                    // Left on disk (a large binary value): shown by its length, as a value read is (differential QA, 2026-12-06:
                    // 240,000 bytes of Waveform Data printed as nothing).
                    _unreadLength = e.Length;
                }
                else
                {
                    // A private value stored as UN is read by the VR its creator's dictionary gives it, as pydicom reads it for
                    // get_identifiers (differential QA, 2026-12-06: an AGFA block's station name and identification code showed
                    // as "(6 bytes)" and "(118 bytes)").
                    var vr = PrivateValueVR.Of(field.Holder, e);
                    VR = vr;
                    if (IsDeferred(e, vr))
                    {
                        // Split when first asked for: an RT structure set's 3,000 contours of 600 coordinates were 1.8 million
                        // strings (90 MB a file) that hardly anyone reads; the element keeps the header's bytes instead.
                        _deferred = new DeferredValue(field.Holder, e, vr);
                    }
                    else
                    {
                        _value = field.Holder.GetValue(e, vr);
                    }
                }
            }
        }

        // Long text values whose splitting needs no character set (DS, IS, UI, CS, dates...): the element's bytes decode the
        // same later, while short ones (nearly all) are split at once and hold nothing of the file.
        private const int DeferredLength = 1024;

        private readonly object? _value;

        // The length of a value left on disk, for ToString; -1 otherwise.
        private readonly long _unreadLength = -1;

        // Only for a long value split when first read (rare): kept apart so that every other field is some 40 bytes smaller
        // (a field per element, a hundred and more a file, held while Get-DicomIdentifier's windows are alive).
        private readonly DeferredValue? _deferred;

        private static bool IsDeferred(in DicomElement e, DicomVR vr)
        {
            if (e.Length < DeferredLength) return false;
            var d = vr.Descriptor;
            return d.IsText && !d.UsesSpecificCharacterSet;
        }

        /// <summary>The tag.</summary>
        public DicomTag Tag { get; }

        /// <summary>The keyword (empty for private and repeating-group elements).</summary>
        public string Keyword { get; }

        /// <summary>The dictionary name.</summary>
        public string Name { get; }

        /// <summary>The VR the value is read as: the element's, or for a private value stored as UN the one its creator's dictionary gives it (as pydicom reads it).</summary>
        public DicomVR VR { get; }

        /// <summary>The tag path, deid's key: <c>(0008,1110)__0__(0008,1155)</c>.</summary>
        public string Path { get; }

        /// <summary>The nested keyword path: <c>ReferencedStudySequence__ReferencedSOPInstanceUID</c>.</summary>
        public string KeywordPath { get; }

        /// <summary>The private creator, for private data elements.</summary>
        public string? PrivateCreator { get; }

        /// <summary>True for file meta elements.</summary>
        public bool IsFileMeta { get; }

        /// <summary>The value: text, text[] for several values, numbers; null for sequences and empty values.</summary>
        public object? Value
        {
            get
            {
                return _deferred == null ? _value : _deferred.Value;
            }
        }

        private sealed class DeferredValue
        {
            private readonly DicomDataset _holder;
            private readonly DicomElement _element;
            private readonly DicomVR _vr;
            private object? _value;

            public DeferredValue(DicomDataset holder, DicomElement element, DicomVR vr)
            {
                _holder = holder;
                _element = element;
                _vr = vr;
            }

            // Idempotent: threads racing here split the same bytes, and the first array published is kept.
            public object? Value =>
                System.Threading.Volatile.Read(ref _value)
                ?? System.Threading.Interlocked.CompareExchange(ref _value, _holder.GetValue(_element, _vr), null)
                ?? _value;
        }

        /// <summary>For a sequence, its number of items; otherwise null.</summary>
        public int? ItemCount { get; }

        /// <summary>The value as one line of text (values joined by backslashes), so that exports show values, not type names.</summary>
        public override string ToString()
        {
            switch (Value)
            {
                case null:
                    return ItemCount.HasValue ? $"(sequence of {ItemCount})" : _unreadLength >= 0 ? $"({_unreadLength} bytes)" : string.Empty;
                case string s:
                    return s;
                case string[] many:
                    return string.Join("\\", many);
                case byte[] bytes:
                    // An empty value is None to deid, '' here as for every other empty value.
                    return bytes.Length == 0 ? string.Empty : $"({bytes.Length} bytes)";
                case Array values:
                    // object[], and typed arrays such as several AT tags (a DicomTag[] printed its type name).
                    var texts = new string[values.Length];
                    for (int i = 0; i < texts.Length; i++) texts[i] = Convert.ToString(values.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                    return string.Join("\\", texts);
                default:
                    return Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }
    }
}
