using System;
using System.Globalization;
using Deid.Dicom;

namespace Deid.Actions
{
    /// <summary>
    /// A new value longer than its element's 16-bit length field holds (65,535 bytes) where the copy is written with explicit VR:
    /// the file meta always, and the dataset of an explicit VR file. No writer can write it, so the file is not written; the
    /// batch goes on. Raised by the action that stored the value, so that the error names its recipe line (the writer's error
    /// named only the element, after a warning that said "written as given"; QA of a 70,000-character REPLACE, 2026-12-07).
    /// </summary>
    public sealed class ValueTooLongException : Exception
    {
        /// <summary>Creates the exception for the action at <paramref name="location"/> storing <paramref name="bytes"/> bytes in <paramref name="field"/>.</summary>
        public ValueTooLongException(string location, string field, DicomVR vr, long bytes)
            : base(string.Format(CultureInfo.InvariantCulture,
                "{0}: the new value of {1} is {2:N0} bytes, more than the 65,535 a {3} value's 16-bit length field holds in an explicit VR file; the file is not written.",
                location, field, bytes, vr))
        {
            Field = field;
            Bytes = bytes;
        }

        /// <summary>The element the value was for.</summary>
        public string Field { get; }

        /// <summary>The value's length in bytes, as encoded.</summary>
        public long Bytes { get; }
    }
}
