using System;
using Deid.Batch;
using Deid.Configuration;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;

namespace Deid.Identifiers
{
    /// <summary>Options of deid's <c>get_identifiers</c>.</summary>
    public sealed class IdentifierOptions
    {
        /// <summary>List the elements inside sequence items (deid's <c>expand_sequences</c>, on by default).</summary>
        public bool ExpandSequences { get; init; } = true;

        /// <summary>Leave private elements out.</summary>
        public bool SkipPrivate { get; init; }

        /// <summary>Also list the fields deid protects (Pixel Data, LUT data, transfer syntax, ...); their large values stay unread.</summary>
        public bool DisableSkip { get; init; }

        /// <summary>A recipe whose %values and %fields groups are previewed in the result.</summary>
        public DeidRecipe? Recipe { get; init; }
    }

    /// <summary>Reads identifiers from headers (never pixel data, which stays on disk), as deid's <c>get_identifiers</c> lists them.</summary>
    public static class IdentifierExtractor
    {
        /// <summary>
        /// Reads <paramref name="path"/> and lists its fields. Pixel Data (and any value of 64 KiB or more) stays on disk, unread;
        /// the elements after it are read, because deid lists them (Data Set Trailing Padding, vendor groups such as 7FE1).
        /// A file that breaks after the header (truncated pixel data) is listed up to Pixel Data.
        /// </summary>
        /// <exception cref="DicomFormatException">The file is not DICOM or is broken.</exception>
        public static DicomIdentifiers Extract(string path, IdentifierOptions? options = null) => Extract(path, options, out _);

        private static DicomIdentifiers Extract(string path, IdentifierOptions? options, out long headerBytes)
        {
            var file = Inspection.PastPixelData.Open(path);
            headerBytes = HeaderWeight.Of(file);
            return Extract(file, path, options);
        }

        /// <summary>
        /// Get-DicomIdentifier's reading, several files at a time: each file's identifiers, turned by <paramref name="finish"/>
        /// into what the caller hands on — on the reading thread, so that the thread writing results only writes them
        /// (Get-DicomIdentifier builds its PowerShell objects there). Windows as <see cref="FileWindow{T}.ForHeaders(WeighedRead{T}, int)"/>
        /// sizes them, ending early when their headers are large: a listing holds several times its header's bytes.
        /// </summary>
        public static FileWindow<T> Window<T>(IdentifierOptions options, int throttleLimit, Func<DicomIdentifiers, T> finish)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (finish == null) throw new ArgumentNullException(nameof(finish));
            return FileWindow<T>.ForHeaders((string path, out long weight) => finish(Extract(path, options, out weight)), throttleLimit);
        }

        /// <summary>Lists the fields of a file already read.</summary>
        [System.Runtime.CompilerServices.MethodImpl(HotPath.Optimized)]
        public static DicomIdentifiers Extract(DicomFile file, string path, IdentifierOptions? options = null)
        {
            options ??= new IdentifierOptions();
            var skip = options.DisableSkip ? null : DeidConfiguration.DefaultSkipSet;
            var list = FieldList.Collect(file, skip, null, options.ExpandSequences);
            var fields = new IdentifierFieldTable(list.Count);
            foreach (var f in list)
            {
                if (options.SkipPrivate && (f.Tag.Group & 1) == 1) continue;
                fields[f.TagPath] = new IdentifierField(f);
            }
            var ids = new DicomIdentifiers(path, fields);
            if (options.Recipe != null) Preview(ids, list, options.Recipe);
            return ids;
        }

        private static void Preview(DicomIdentifiers ids, FieldList list, DeidRecipe recipe)
        {
            foreach (var group in recipe.Values) ids.Values[group.Name] = GroupExtractor.ExtractValues(group, list);
            foreach (var group in recipe.Fields)
            {
                ids.FieldGroups[group.Name] = GroupExtractor.ExtractFields(group, list).ConvertAll(f => f.TagPath);
            }
        }
    }
}
