using System.Collections.Generic;

namespace Deid.Configuration
{
    /// <summary>
    /// The settings deid keeps in its <c>config.json</c>, in one place that both the identifier extraction and the header engine
    /// read (neither depends on the other for them).
    /// </summary>
    public static class DeidConfiguration
    {
        /// <summary>deid's config.json <c>get.skip</c>: fields no action touches unless skipping is disabled.</summary>
        public static readonly IReadOnlyList<string> DefaultSkip = new[]
        {
            "PixelData", "RedPaletteColorLookupTableData", "GreenPaletteColorLookupTableData", "BluePaletteColorLookupTableData",
            "VOILUTSequence", "FileMetaInformationGroupLength", "FileMetaInformationVersion", "TransferSyntaxUID", "ImplementationClassUID",
        };
    }
}
