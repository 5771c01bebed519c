using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Filters;
using Deid.Ocr;
using Deid.Recipes;

namespace Deid.Pixels
{
    /// <summary>Turns the verdict of a recipe's filters into the regions the pixel step blanks, and builds that step for a recipe.</summary>
    public static class BurnedPixelDecision
    {
        /// <summary>
        /// The cleaning decision of <paramref name="result"/>: flagged as the filters say, with every matched label's regions in
        /// order. A region that cannot be read is an error, not a region skipped: skipping it would leave the text it names.
        /// </summary>
        public static PixelCleaningDecision From(BurnedPixelResult result)
        {
            if (result == null) return PixelCleaningDecision.NotFlagged;
            // The verdict is kept even when nothing matched, so -Debug can say so for every file.
            if (!result.Flagged) return new PixelCleaningDecision(false, Array.Empty<PixelRegion>(), result);
            var regions = new List<PixelRegion>(result.Coordinates.Count);
            foreach (var c in result.Coordinates)
            {
                if (!PixelRegion.TryParse(c.Rectangle, c.Kind == FilterRegionKind.Keep, out var region))
                {
                    throw new DicomFormatException(result.Path, 0, null,
                        $"Label '{c.Label}' of filter group '{c.Group}' gives the region '{c.Rectangle}', which is not x0,y0,x1,y1 or all; file not cleaned.");
                }
                regions.Add(region);
            }
            return new PixelCleaningDecision(true, regions, result);
        }

        /// <summary>
        /// The pixel step of <paramref name="recipe"/>'s %filter sections: each file is evaluated on its header as read (before the
        /// header step removes what the filters look at), and flagged files have their regions blanked.
        /// </summary>
        public static PixelCleaningStep CreateStep(DeidRecipe recipe, PixelCompression compression = PixelCompression.None) =>
            CreateStep(recipe, compression, null);

        /// <summary>
        /// The pixel step of <paramref name="recipe"/>'s filters and, when <paramref name="ocr"/> is given, of what OCR reads in the
        /// pixels of every file (matched against the file's original header): both kinds of region are blanked in one pass.
        /// </summary>
        public static PixelCleaningStep CreateStep(DeidRecipe recipe, PixelCompression compression, OcrReader? ocr)
        {
            var evaluator = new FilterEvaluator(recipe);
            return new PixelCleaningStep(context =>
            {
                var verdict = evaluator.Evaluate(context.File.Dataset, context.SourcePath);
                if (ocr != null)
                {
                    var read = ocr.Read(context.File);
                    if (read.CapWarning is string capped) context.Warn(new Steps.DeidWarning(Steps.DeidWarningKind.OcrCapped, capped, context.SourcePath, null, "pixels"));
                    // The default reads the first frame (devices burn the same text into every frame of a cine). Said once a
                    // batch: a cine with text only in a later frame was written as it was, without a word (QA OCR 2026-12-07).
                    else if (read.FirstFrameOnly is string firstOnly)
                    {
                        context.Warn(new Steps.DeidWarning(Steps.DeidWarningKind.OcrCapped, firstOnly + " (Said for the first such file of the batch.)", context.SourcePath, null, "pixels")
                        { OnceKey = "OcrFirstFrameOnly" });
                    }
                    verdict = verdict.WithOcr(read);
                }
                return From(verdict);
            }, compression);
        }
    }
}
