using System;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;

namespace Deid.Actions
{
    /// <summary>
    /// Our <c>deid_func:dummy value=TEXT</c> (deid 0.4.12 has no such function): PS3.15's D, a dummy in place of a value, where
    /// there is a value. An element present with an empty value stays empty. A literal <c>REPLACE … ANONYMOUS</c> wrote the dummy
    /// there too, so a CT without contrast came out with Contrast/Bolus Agent "ANONYMOUS" and an unrecorded operator with a name:
    /// the copy said something the original did not, and a study filtered by "has a contrast agent" took in every image
    /// (gdcmanon as referee, 2026-12-07: 26 of pydicom's files). An empty value holds nothing to hide, and leaving it so is as
    /// valid as the original was: Type 2 and 3 values may be empty, and a Type 1 value that is empty was already invalid.
    /// </summary>
    /// <remarks>
    /// An element that is absent (an ADD) gets the dummy. The REPLACE that calls the function still spares its element from every
    /// REMOVE (deid's rule), and an empty value spared so stays (<c>RemoveSparedButUnchanged</c>): the shipped recipes' Type 2
    /// person names keep their place under <c>REMOVE select:VR:PN</c>.
    /// </remarks>
    internal static class DummyValue
    {
        /// <summary>The function's name after <c>deid_func:</c>.</summary>
        public const string FunctionName = "dummy";

        /// <summary>The argument naming the dummy.</summary>
        public const string ValueArgument = "value";

        /// <summary>True when <paramref name="value"/> calls this function.</summary>
        public static bool IsCalledBy(ActionValue? value) =>
            value != null && value.Kind == ActionValueKind.DeidFunction && string.Equals(value.Name, FunctionName, StringComparison.Ordinal);

        /// <summary>
        /// True when <paramref name="field"/> is present with nothing in its value: no bytes, or, in a text VR, only padding
        /// (spaces, NULs), value separators and, in a person name, component and group delimiters ("^^", "\").
        /// </summary>
        public static bool IsBlank(DeidField field)
        {
            if (!field.TryGetElement(out var e) || !e.IsLoaded || e.IsSequence) return false;
            var bytes = e.RawValue.Span;
            if (bytes.Length == 0) return true;
            var vr = DicomDataset.GetEffectiveVR(e);
            if (!vr.IsString) return false;
            bool personName = vr == DicomVR.PN;
            foreach (byte b in bytes)
            {
                if (b == 0x20 || b == 0x00 || b == (byte)'\\') continue;
                if (personName && (b == (byte)'^' || b == (byte)'=')) continue;
                return false;
            }
            return true;
        }
    }
}
