namespace Deid.Pixels
{
    /// <summary>What cleaning did to one file's pixel data.</summary>
    public sealed class PixelCleaningResult
    {
        internal PixelCleaningResult(int frames, int blankedPerFrame, bool clipped, string? transferSyntax, int iconsRemoved = 0, int overlaysCleaned = 0, bool regionsInFrame = true)
        {
            RegionsInFrame = regionsInFrame;
            IconsRemoved = iconsRemoved;
            OverlaysCleaned = overlaysCleaned;
            FramesCleaned = frames;
            PixelsBlankedPerFrame = blankedPerFrame;
            RegionClipped = clipped;
            TransferSyntaxUid = transferSyntax;
        }

        /// <summary>Frames whose pixels were blanked (0 when the mask kept everything).</summary>
        public int FramesCleaned { get; }

        /// <summary>Pixels blanked in each frame.</summary>
        public int PixelsBlankedPerFrame { get; }

        /// <summary>True when a region lay partly outside the frame and was clipped to it.</summary>
        public bool RegionClipped { get; }

        /// <summary>
        /// Icon Image Sequences (0088,0200) removed, at any depth: an icon is a small copy of the image, its burned-in text
        /// included, which the image's regions do not map onto exactly.
        /// </summary>
        public int IconsRemoved { get; }

        /// <summary>
        /// Separate overlay planes (60xx,3000) in which cleaning cleared the bits over blanked pixels: a viewer draws a plane over
        /// the image, so its text would show over the cleaned region. The rest of each plane stays.
        /// </summary>
        public int OverlaysCleaned { get; }

        /// <summary>
        /// False when no clean region covers a pixel of the image (each empty, or wholly outside it): the recipe's regions blank
        /// nothing there, so the text stays (<see cref="PixelMask.CleansInFrame"/>).
        /// </summary>
        public bool RegionsInFrame { get; }

        /// <summary>The transfer syntax the cleaned file is written in, or null when nothing changed.</summary>
        public string? TransferSyntaxUid { get; }
    }
}
