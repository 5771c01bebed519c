using System.Linq;
using Deid.Dicom;
using Deid.Fields;
using Xunit;

namespace Deid.Tests.Fields
{
    /// <summary>
    /// Removing a field and its subtree visits the subtree, not the listing: REMOVE over a block of 400,000 private elements
    /// (a fuzz finding) scanned every field per removal. The tests count visits, never time.
    /// </summary>
    public class FieldListRemovalTests
    {
        [Fact]
        public void Removing_every_element_of_a_large_file_visits_each_field_once()
        {
            const int count = 200_000;
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(new DicomTag(0x0011, 0x0010), DicomVR.LO, "FUZZ BLOCK");
            for (int i = 0; i < count; i++)
                file.Dataset.SetString(new DicomTag(0x0011, (ushort)(0x1000 + (i % 0xF000))), DicomVR.LO, "V" + i);
            var list = FieldList.Collect(file);
            int listed = list.Count;
            Assert.True(listed > 60_000, $"{listed} fields");
            foreach (var field in list.ToList()) list.RemoveWithChildren(field.TagPath);
            Assert.Equal(0, list.Count);
            Assert.Empty(list);
            // Quadratic removal would visit listed × listed fields; linear removal visits each once.
            Assert.Equal(listed, list.RemovalVisits);
        }

        [Fact]
        public void Removing_a_sequence_removes_what_its_items_hold_at_every_depth_and_nothing_else()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "KEEP^ME");
            var outer = ds.GetOrAddSequence(new DicomTag(0x0008, 0x1140));
            for (int i = 0; i < 3; i++)
            {
                var item = outer.AddItem();
                item.SetString(DicomTags.PatientName, DicomVR.PN, "NESTED^" + i);
                var inner = item.GetOrAddSequence(new DicomTag(0x0008, 0x1199));
                inner.AddItem().SetString(DicomTags.PatientID, DicomVR.LO, "DEEP" + i);
            }
            var other = ds.GetOrAddSequence(new DicomTag(0x0040, 0x0275));
            other.AddItem().SetString(DicomTags.PatientID, DicomVR.LO, "OTHER");
            var list = FieldList.Collect(file);
            string outerPath = "(0008,1140)";
            Assert.Contains(list, f => f.TagPath.StartsWith(outerPath + FieldPath.Separator, System.StringComparison.Ordinal));

            list.RemoveWithChildren(outerPath);

            Assert.DoesNotContain(list, f => f.TagPath.StartsWith(outerPath, System.StringComparison.Ordinal));
            Assert.Equal(
                new[] { "(0010,0010)", "(0040,0275)", "(0040,0275)__0__(0010,0020)" },
                list.Select(f => f.TagPath).OrderBy(p => p, System.StringComparer.Ordinal).ToArray());
            // The outer sequence, its 3 names, 3 inner sequences and their 3 IDs.
            Assert.Equal(10, list.RemovalVisits);
        }

        [Fact]
        public void Removing_the_children_of_a_blanked_sequence_keeps_the_sequence()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var seq = file.Dataset.GetOrAddSequence(new DicomTag(0x0008, 0x1140));
            seq.AddItem().SetString(DicomTags.PatientID, DicomVR.LO, "A");
            seq.AddItem().SetString(DicomTags.PatientID, DicomVR.LO, "B");
            var list = FieldList.Collect(file);
            Assert.Equal(3, list.Count);
            list.RemoveChildren("(0008,1140)");
            Assert.Equal(new[] { "(0008,1140)" }, list.Select(f => f.TagPath).ToArray());
        }

        /// <summary>
        /// A field removed is gone from every lookup, a field listed again under the same path is found again, and removing its
        /// sequence's children then removes it too: removal marks a path gone in the tables rather than deleting it.
        /// </summary>
        [Fact]
        public void A_field_removed_and_listed_again_is_found_and_removed_with_its_sequence()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var seq = file.Dataset.GetOrAddSequence(new DicomTag(0x0008, 0x1140));
            seq.AddItem().SetString(DicomTags.PatientID, DicomVR.LO, "A");
            var list = FieldList.Collect(file);
            const string nested = "(0008,1140)__0__(0010,0020)";
            var field = list[nested];
            Assert.NotNull(field);
            list.RemoveWithChildren(nested);
            Assert.False(list.Contains(nested));
            Assert.Null(list[nested]);
            Assert.Equal(1, list.Count);
            list.RemoveWithChildren(nested); // twice: nothing more is removed
            Assert.Equal(1, list.Count);
            list.Add(new DeidField(seq[0], seq[0].Elements.First(), field!.KeywordPath, nested, false));
            Assert.True(list.Contains(nested));
            Assert.Equal(2, list.Count);
            Assert.Same(list[nested], list.Single(f => f.TagPath == nested));
            list.RemoveChildren("(0008,1140)");
            Assert.False(list.Contains(nested));
            Assert.Equal(new[] { "(0008,1140)" }, list.Select(f => f.TagPath).ToArray());
        }

        /// <summary>
        /// After items were taken out of a sequence (Clean Structured Content's X), the fields below it are listed under their new
        /// item paths, and an element left out before (kept) stays out.
        /// </summary>
        [Fact]
        public void Relisting_after_items_were_removed_gives_the_new_paths_and_keeps_what_was_left_out()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var seq = file.Dataset.GetOrAddSequence(new DicomTag(0x0040, 0xA730));
            for (int i = 0; i < 3; i++)
            {
                var item = seq.AddItem();
                item.SetString(new DicomTag(0x0040, 0xA160), DicomVR.UT, "T" + i);
                item.GetOrAddSequence(new DicomTag(0x0040, 0x0441)).AddItem().SetString(new DicomTag(0x0040, 0xA160), DicomVR.UT, "M" + i);
            }
            var list = FieldList.Collect(file, skipPaths: new System.Collections.Generic.HashSet<string> { "(0040,A730)__2__(0040,A160)" });
            Assert.False(list.Contains("(0040,A730)__2__(0040,A160)"));
            seq.RemoveAt(0);
            var moved = list.RelistChildren(list["(0040,A730)"]!);
            Assert.Equal("(0040,A730)__0__(0040,A160)", moved["(0040,A730)__1__(0040,A160)"].TagPath);
            Assert.Equal("(0040,A730)__1__(0040,0441)__0__(0040,A160)", moved["(0040,A730)__2__(0040,0441)__0__(0040,A160)"].TagPath);
            Assert.Equal(5, moved.Count);
            Assert.Equal(
                new[]
                {
                    "(0040,A730)", "(0040,A730)__0__(0040,0441)", "(0040,A730)__0__(0040,0441)__0__(0040,A160)", "(0040,A730)__0__(0040,A160)",
                    "(0040,A730)__1__(0040,0441)", "(0040,A730)__1__(0040,0441)__0__(0040,A160)",
                },
                list.Select(f => f.TagPath).OrderBy(p => p, System.StringComparer.Ordinal).ToArray());
            // Each path names the element it lists: item 0 is the old item 1.
            var text = list["(0040,A730)__0__(0040,A160)"]!;
            Assert.True(text.TryGetElement(out var e));
            Assert.Equal("T1", text.Holder.GetString(e.Tag));
            Assert.Single(list.Select(FieldSpec.Parse("(0040,A730)__1__(0040,0441)__0__(0040,A160)")));
        }
    }
}
