using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Deid.Dicom;
using Deid.Identifiers;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Identifiers
{
    /// <summary>
    /// Long text values that need no character set (an RT structure set's contour coordinates) are split into their values
    /// when first read, not when listed: the same values as splitting at once, far less memory for a listing nobody reads.
    /// </summary>
    public sealed class DeferredValueTests : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), "deid-deferred-" + Guid.NewGuid().ToString("N") + ".dcm");

        public DeferredValueTests()
        {
            var file = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 9 }).File;
            var roi = file.Dataset.GetOrAddSequence(new DicomTag(0x3006, 0x0039));
            var random = new Random(4);
            for (int i = 0; i < 200; i++)
            {
                var contour = roi.AddItem().GetOrAddSequence(new DicomTag(0x3006, 0x0040)).AddItem();
                contour.SetString(new DicomTag(0x3006, 0x0042), DicomVR.CS, "CLOSED_PLANAR");
                var points = Enumerable.Range(0, 600).Select(_ => (random.NextDouble() * 500 - 250).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
                contour.SetString(new DicomTag(0x3006, 0x0050), DicomVR.DS, string.Join("\\", points) + (i % 2 == 0 ? " " : string.Empty));
            }
            // Long values of other kinds: text in the character set (split at once) and a long UI list.
            file.Dataset.SetString(new DicomTag(0x0008, 0x1030), DicomVR.LO, new string('S', 60));
            file.Dataset.SetString(new DicomTag(0x0020, 0x4000), DicomVR.LT, "IMAGE COMMENTS " + new string('x', 3000));
            file.Save(_path);
        }

        public void Dispose() => File.Delete(_path);

        private static IEnumerable<(IdentifierField Field, object? Expected)> Pairs(DicomIdentifiers ids, DicomFile file)
        {
            var list = Deid.Fields.FieldList.Collect(file, Deid.Configuration.DeidConfiguration.DefaultSkipSet, null, true);
            foreach (var f in list)
            {
                if (!f.TryGetElement(out var e) || e.Sequence != null || e.ValueRef != null || e.Fragments != null) continue;
                yield return ((IdentifierField)ids.Fields[f.TagPath]!, f.Holder.GetValue(e));
            }
        }

        [Fact]
        public void Every_value_is_what_splitting_at_once_gives()
        {
            var ids = IdentifierExtractor.Extract(_path);
            var file = DicomFile.Open(_path);
            int contours = 0;
            foreach (var (field, expected) in Pairs(ids, file))
            {
                if (expected is string[] many)
                {
                    Assert.Equal(many, Assert.IsType<string[]>(field.Value));
                    if (field.Tag == new DicomTag(0x3006, 0x0050))
                    {
                        contours++;
                        Assert.Equal(600, many.Length);
                        Assert.Same(field.Value, field.Value); // split once, then kept
                        Assert.Equal(string.Join("\\", many), field.ToString());
                    }
                }
                else
                {
                    Assert.Equal(expected, field.Value);
                }
            }
            Assert.Equal(200, contours);
        }

        [Fact]
        public void A_listing_allocates_a_fraction_of_the_split_values()
        {
            IdentifierExtractor.Extract(_path); // warm
            long before = GC.GetAllocatedBytesForCurrentThread();
            var ids = IdentifierExtractor.Extract(_path);
            long listing = GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            foreach (IdentifierField f in ids.Fields.Values) _ = f.Value;
            long values = GC.GetAllocatedBytesForCurrentThread() - before;
            // 200 x 600 strings are about 6 MB; the listing reads the file (1 MB) and lists 600 fields.
            Assert.True(values > 4_000_000, $"splitting the values allocated {values} bytes");
            Assert.True(listing < values / 2, $"the listing allocated {listing} bytes, splitting the values {values}");
        }

        [Fact]
        public void Threads_reading_a_deferred_value_at_once_see_one_array()
        {
            var ids = IdentifierExtractor.Extract(_path);
            var contour = ids.Fields.Values.Cast<IdentifierField>().First(f => f.Tag == new DicomTag(0x3006, 0x0050));
            var seen = new object?[16];
            Parallel.For(0, seen.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => seen[i] = contour.Value);
            Assert.All(seen, v => Assert.Same(seen[0], v));
            Assert.Equal(600, Assert.IsType<string[]>(seen[0]).Length);
        }
    }
}
