using System;
using System.Text;

namespace Deid.Actions
{
    /// <summary>
    /// Our <c>deid_func:dummy_document</c> (deid 0.4.12 has no such function): the D dummy of Encapsulated Document (0042,0011),
    /// a valid empty document of the kind its MIME Type of Encapsulated Document (0042,0012) names. Emptied, as binary D values
    /// are, the document is an empty Type 1 value and the object invalid (leak QA 7, F3: every de-identified PDF and CDA). A kind
    /// it does not know gets no bytes, as BLANK gives.
    /// </summary>
    internal static class DummyDocument
    {
        /// <summary>The function's name after <c>deid_func:</c>.</summary>
        public const string FunctionName = "dummy_document";

        /// <summary>One blank page (PDF 1.4, its cross-reference table exact), even in length so that no pad byte follows.</summary>
        private const string Pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n\n";

        /// <summary>An HL7 CDA document with nothing in it (the CDA Encapsulated Document IOD holds text/XML).</summary>
        private const string Cda = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>\n";

        /// <summary>An ASCII STL solid without facets, and a Wavefront OBJ or MTL file of one comment.</summary>
        private const string Stl = "solid anonymous\nendsolid anonymous\n";
        private const string Obj = "# anonymous\n";

        /// <summary>The dummy for <paramref name="mimeType"/> (parameters after ';' ignored), or an empty array.</summary>
        public static byte[] For(string? mimeType)
        {
            string type = (mimeType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
            string? text = type switch
            {
                "application/pdf" => Pdf,
                "text/xml" or "application/xml" => Cda,
                "model/stl" or "application/sla" => Stl,
                "model/obj" or "model/mtl" => Obj,
                _ => null,
            };
            return text == null ? Array.Empty<byte>() : Encoding.ASCII.GetBytes(text);
        }
    }
}
