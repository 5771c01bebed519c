namespace Deid.Audit
{
    /// <summary>Where a leaked value was found.</summary>
    public enum LeakLocation
    {
        /// <summary>In the output file's bytes as stored.</summary>
        Bytes,

        /// <summary>In the inflated dataset of an output written in Deflated Explicit VR Little Endian.</summary>
        InflatedBytes,

        /// <summary>In the output's file name.</summary>
        FileName,

        /// <summary>
        /// In the name of a folder on the output's path below the folder the outputs were written to (a tree mirrored with
        /// -Recurse keeps folders named after patients).
        /// </summary>
        FolderName,
    }

    /// <summary>What kind of value of the original a leak is, by what the standard says of the element it came from.</summary>
    public enum LeakCategory
    {
        /// <summary>
        /// An attribute PS3.15 Table E.1-1 lists (or one nested in a sequence it lists), or a person name anywhere: identifying
        /// by the standard's own word.
        /// </summary>
        Identifying,

        /// <summary>
        /// Not known to be safe: a private element, a tag the dictionary does not know, text found in binary values, the file
        /// meta's own elements, the preamble.
        /// </summary>
        NotKnownSafe,

        /// <summary>
        /// A standard attribute the table does not list — device, protocol and anatomy text such as ConvolutionKernel or
        /// PositionReferenceIndicator, which the profiles retain. Its value found in the output is often that element itself,
        /// kept on purpose: review these, or leave them out with <c>Where-Object Category -ne Retained</c>.
        /// </summary>
        Retained,
    }

    /// <summary>One identifying value of the original found in a de-identified output.</summary>
    public sealed class DeidLeak
    {
        internal DeidLeak(AuditValue value, string form, LeakLocation location, long byteOffset)
        {
            Category = value.Category;
            ElementPath = value.ElementPath;
            Keyword = value.Keyword;
            VR = value.VR;
            OriginalValue = value.Value;
            Form = form;
            Location = location;
            ByteOffset = byteOffset;
        }

        /// <summary>The original element's tag path in deid's notation, e.g. (0040,0275)__0__(0010,0010); "Preamble" for the preamble.</summary>
        public string ElementPath { get; }

        /// <summary>The original element's keyword path (empty segments for private and unknown tags).</summary>
        public string Keyword { get; }

        /// <summary>The original element's VR.</summary>
        public string VR { get; }

        /// <summary>What the standard says of the original element (<see cref="LeakCategory"/>).</summary>
        public LeakCategory Category { get; }

        /// <summary>The original value (one value of a multi-valued element).</summary>
        public string OriginalValue { get; }

        /// <summary>The form that matched: the value itself, a person-name component, a date with separators, …</summary>
        public string Form { get; }

        /// <summary>Where it was found.</summary>
        public LeakLocation Location { get; }

        /// <summary>
        /// The offset of the first match in the file (or in the inflated dataset); -1 for the file name, and where the form says
        /// where it is instead (an element hidden in another's value).
        /// </summary>
        public long ByteOffset { get; }

        /// <inheritdoc/>
        public override string ToString() => ElementPath + " '" + Form + "' at " + (Location == LeakLocation.FileName ? "file name" : Location + " " + ByteOffset);
    }
}
