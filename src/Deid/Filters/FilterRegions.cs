using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Identifiers;
using Deid.Recipes;

namespace Deid.Filters
{
    /// <summary>Resolves a flagged label's coordinates lines into regions for one dataset (deid's <c>extract_coordinates</c> for from:).</summary>
    internal static class FilterRegions
    {
        private static readonly DicomTag MinX0 = DicomTags.RegionLocationMinX0;
        private static readonly DicomTag MinY0 = DicomTags.RegionLocationMinY0;
        private static readonly DicomTag MaxX1 = DicomTags.RegionLocationMaxX1;
        private static readonly DicomTag MaxY1 = DicomTags.RegionLocationMaxY1;

        public static IReadOnlyList<FilterRegion> Resolve(CompiledFilterLabel label, DicomDataset dataset)
        {
            var lines = label.Coordinates;
            if (lines.Length == 0) return Array.Empty<FilterRegion>();
            var regions = new List<FilterRegion>(lines.Length);
            string group = label.Group, name = label.Label.Name;
            foreach (var c in lines)
            {
                var kind = c.Keep ? FilterRegionKind.Keep : FilterRegionKind.Clean;
                if (c.Kind != CoordinatesKind.FromField)
                {
                    regions.Add(new FilterRegion(kind, c.DeidValue, group, name));
                    continue;
                }
                // Resolved for this file: deid stores the first flagged file's rectangles back into the recipe, so every later file
                // gets those (docs/recipe-semantics.md §6).
                foreach (var rectangle in FromField(c.From!.Text, dataset)) regions.Add(new FilterRegion(kind, rectangle, group, name));
            }
            return regions;
        }

        /// <summary>One "x0,y0,x1,y1" per item of the named top-level sequence that has all four RegionLocation attributes.</summary>
        public static List<string> FromField(string keyword, DicomDataset dataset)
        {
            var result = new List<string>();
            if (!DicomDictionary.TryGetTag(keyword, out var tag) || !dataset.TryGetElement(tag, out var element) || !element.IsSequence) return result;
            foreach (var item in element.Sequence!)
            {
                string? x0 = Value(item, MinX0), y0 = Value(item, MinY0), x1 = Value(item, MaxX1), y1 = Value(item, MaxY1);
                if (x0 == null || y0 == null || x1 == null || y1 == null) continue;
                result.Add(x0 + "," + y0 + "," + x1 + "," + y1);
            }
            return result;
        }

        private static string? Value(DicomDataset item, DicomTag tag) =>
            item.TryGetElement(tag, out var element) ? PythonValue.Str(item, element) : null;
    }
}
