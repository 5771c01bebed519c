using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;

namespace Deid.Inspection
{
    /// <summary>
    /// The values of a multi-valued element as a list (<c>$ds.ImagePositionPatient[2]</c>, <c>-contains</c>, <c>Measure-Object</c>)
    /// that prints in DICOM's notation, values joined by backslashes, so that Export-Csv writes <c>-45\-45\5</c>, not a type name.
    /// </summary>
    /// <typeparam name="T">The value type: int or double for IS and DS, the binary type for US, SS, UL, SL, FL, FD, SV and UV, string for
    /// text (CS, LO, ..., and AT tags as their text).</typeparam>
    public sealed class DicomMultiValue<T> : ReadOnlyCollection<T>
    {
        /// <summary>Wraps <paramref name="values"/>.</summary>
        public DicomMultiValue(IList<T> values)
            : base(values)
        {
        }

        /// <summary>The values in invariant form joined by backslashes.</summary>
        public override string ToString() => string.Join("\\", this.Select(v => System.Convert.ToString(v, CultureInfo.InvariantCulture)));
    }
}
