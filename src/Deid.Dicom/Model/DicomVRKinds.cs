namespace Deid.Dicom
{
    /// <summary>How a binary VR stores one value (PS3.5 Table 6.2-1), which fixes its size, sign and byte swapping.</summary>
    public enum DicomNumberType : byte
    {
        /// <summary>Not a binary number: text, SQ, or the byte streams OB and UN.</summary>
        None,

        /// <summary>Unsigned 16-bit integer (US, OW).</summary>
        UInt16,

        /// <summary>Signed 16-bit integer (SS).</summary>
        Int16,

        /// <summary>Unsigned 32-bit integer (UL, OL).</summary>
        UInt32,

        /// <summary>Signed 32-bit integer (SL).</summary>
        Int32,

        /// <summary>Unsigned 64-bit integer (UV, OV).</summary>
        UInt64,

        /// <summary>Signed 64-bit integer (SV).</summary>
        Int64,

        /// <summary>IEEE 754 32-bit float (FL, OF).</summary>
        Float32,

        /// <summary>IEEE 754 64-bit float (FD, OD).</summary>
        Float64,

        /// <summary>An attribute tag (AT): a pair of 16-bit numbers, group then element.</summary>
        Tag,
    }

    /// <summary>
    /// What a value given as text or .NET objects (a recipe's value, a script's argument) is converted to when it is set
    /// into an element of the VR, following deid's <c>convert_value</c>.
    /// </summary>
    public enum DicomValueKind : byte
    {
        /// <summary>The text's bytes (UTF-8), as deid writes them into OB, OW, OL, OV, UN and unknown VRs.</summary>
        Bytes,

        /// <summary>Text, encoded in the dataset's character set where the VR uses it, values joined by backslashes.</summary>
        Text,

        /// <summary>Attribute tags (AT).</summary>
        Tag,

        /// <summary>Integers, truncated as Python's <c>int()</c> does (US, SS, UL, SL, SV, UV).</summary>
        Integer,

        /// <summary>Floating-point numbers (FL, FD, OF, OD).</summary>
        Float,

        /// <summary>A sequence of items (SQ): no value can replace them.</summary>
        Sequence,
    }

    /// <summary>
    /// The Python number type deid's <c>convert_value</c> gives a value of the VR: FL and FD become <c>float</c>, US, SS,
    /// UL, SL, SV and UV <c>int</c>, every other VR stays <c>str</c> or <c>bytes</c>. Decides, for example, whether the text
    /// "0" is true in a REMOVE condition (see <see cref="DicomVRDescriptor.IsTruthy"/>).
    /// </summary>
    public enum DicomNumericKind : byte
    {
        /// <summary>Not a number: text or bytes, true when not empty.</summary>
        None,

        /// <summary>Python <c>int</c>: true when not zero.</summary>
        Integer,

        /// <summary>Python <c>float</c>: true when not zero.</summary>
        Float,
    }
}
