using System.Collections.Generic;
using Deid.Dicom;
using Deid.Profile;

namespace Deid.Audit
{
    /// <summary>
    /// The audit's look for an identifying element hidden in a kept value of the output (<see cref="HiddenElements"/>): another
    /// reader may list it as the patient's name while this one reads it as, say, a Manufacturer's bytes. The original's values
    /// cannot tell it, since the reader that collects them reads the original the same way: it is found by its header.
    /// </summary>
    internal static class HiddenElementAudit
    {
        /// <summary>One leak for the first hidden element of <paramref name="written"/> (the output read whole), or none.</summary>
        public static IEnumerable<DeidLeak> Find(DicomFile? written)
        {
            if (written == null || !(HiddenElements.Find(written) is HiddenElement hidden)) yield break;
            // Named as the element another reader lists; where it hides is its value and form (its value is not given: it is
            // the output's to show, and a report may travel further than the file).
            var value = new AuditValue(hidden.Tag.ToString(), hidden.Keyword, hidden.VR, $"hidden in the value of {hidden.CarrierPath}",
                DicomCharacterSet.Default, LeakCategory.Identifying);
            yield return new DeidLeak(value, hidden.Describe(), LeakLocation.Bytes, -1);
        }
    }
}
