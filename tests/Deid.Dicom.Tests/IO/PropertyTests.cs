using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Deid.Dicom.Tests.Helpers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// Property tests over generated datasets. Inputs are built as bytes by the test's own encoder (never by the
    /// codec's writer), so "read, write, same bytes" checks the reader and the writer against an independent
    /// encoding. Seeds are fixed: a run is the same run everywhere; change the Replay to explore further.
    /// </summary>
    public class PropertyTests
    {
        private const string Seed = "(4242424242,1234567891)";

        private static byte[] Write(DicomFile f)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(f, ms);
            return ms.ToArray();
        }

        [Property(MaxTest = 500, EndSize = 60, Replay = Seed)]
        public Property Byte_built_files_read_and_write_back_identically() =>
            Prop.ForAll(Arb.From(DicomGen.File()), tf =>
            {
                var bytes = TestEncoder.Encode(tf);
                var file = DicomFile.Open(bytes);

                // Valid files come back byte for byte; odd-length values (the generator makes some) are padded.
                RoundTripTests.AssertWrittenBackOrRepaired(bytes, file, Write(file), tf.Describe);
                Assert.Equal(tf.HasMeta, file.HasFileMetaInformation);
                Assert.Equal(tf.Preamble != null, file.Preamble != null);
                Assert.Equal(new DicomEncoding(tf.ExplicitVR, tf.BigEndian), file.Dataset.Encoding);
                Assert.Equal(TestEncoder.ExpectedDump(tf.Dataset, tf.ExplicitVR, tf.BigEndian, withVR: false), Dump.Of(file.Dataset, withVR: false));
                CheckValues(file.Dataset, tf.Dataset);

                // The same bytes when every value is left in the source, and when read from a stream that cannot seek.
                var refs = DicomFile.Open(bytes, new DicomReadOptions { LargeValueThreshold = 1 });
                RoundTripTests.AssertWrittenBackOrRepaired(bytes, refs, Write(refs), tf.Describe + " (threshold 1)");
                var streamed = DicomFile.Open(new NonSeekableStream(new MemoryStream(bytes), chunk: 37));
                RoundTripTests.AssertWrittenBackOrRepaired(bytes, streamed, Write(streamed), tf.Describe + " (non-seekable)");

                // Header-only: exactly the elements before top-level Pixel Data.
                var header = DicomFile.Open(bytes, DicomReadOptions.HeaderOnly);
                int pixel = tf.Dataset.FindIndex(e => e.Tag == DicomTag.PixelData);
                var before = pixel < 0 ? tf.Dataset : tf.Dataset.Take(pixel).ToList();
                Assert.Equal(TestEncoder.ExpectedDump(before, tf.ExplicitVR, tf.BigEndian, withVR: false), Dump.Of(header.Dataset, withVR: false));
                Assert.Equal(pixel >= 0, header.StoppedBeforePixelData);
            });

        [Property(MaxTest = 300, EndSize = 60, Replay = Seed)]
        public Property Model_built_datasets_encode_as_the_standard_says_and_read_back() =>
            Prop.ForAll(Arb.From(ModelCase()), mc =>
            {
                var (kind, tree, shuffleSeed) = mc;
                var ts = Syntaxes[kind];
                var file = new DicomFile(ts);
                Build(file.Dataset, tree, new Random(shuffleSeed));
                Assert.True(file.IsModified);
                bool ex = ts.IsExplicitVR, be = ts.IsBigEndian;

                // The dataset as the codec writes it is byte for byte what an independent encoder makes of the same tree.
                using (var ms = new MemoryStream())
                {
                    DicomWriter.WriteDataset(file.Dataset, ms);
                    RoundTripTests.AssertSameBytes(TestEncoder.EncodeDataset(tree, ex, be), ms.ToArray(), ts.Name);
                }
                Assert.Equal(TestEncoder.EncodeDataset(tree, ex, be).Length, DicomWriter.Measure(file.Dataset, file.Dataset.Encoding));

                var bytes = Write(file);
                var back = DicomFile.Open(bytes);
                Assert.True(back.HasFileMetaInformation);
                Assert.Equal(ts, back.TransferSyntax);
                Assert.Equal(tree[1].Strings![0], back.FileMetaInformation.GetString(MetaTagsForTests.MediaStorageSopInstanceUid));
                Assert.Equal(tree[0].Strings![0], back.FileMetaInformation.GetString(MetaTagsForTests.MediaStorageSopClassUid));
                Assert.Equal(DicomImplementation.ClassUid, back.FileMetaInformation.GetString(MetaTagsForTests.ImplementationClassUid));
                Assert.Equal(TestEncoder.ExpectedDump(tree, ex, be, withVR: false), Dump.Of(back.Dataset, withVR: false));
                CheckValues(back.Dataset, tree);
                // Read back unmodified, it writes the same bytes (the deflated ones included).
                RoundTripTests.AssertSameBytes(bytes, Write(back), ts.Name + " (second write)");
            });

        [Property(MaxTest = 300, EndSize = 60, Replay = Seed)]
        public Property Edited_files_write_what_they_hold() =>
            // Files the writer repairs (odd lengths) change on write whatever the edits; the property is about edits.
            Prop.ForAll(Arb.From(DicomGen.File().Where(f => !RoundTripTests.NeedsRepair(DicomFile.Open(TestEncoder.Encode(f)))).SelectMany(f => Gen.Choose(0, int.MaxValue).Select(s => (f, s)))), c =>
            {
                var (tf, seed) = c;
                var bytes = TestEncoder.Encode(tf);
                var file = DicomFile.Open(bytes);
                var rnd = new Random(seed);
                int edits = rnd.Next(1, 4);
                var log = new List<string>();
                for (int i = 0; i < edits; i++) log.Add(Edit(file.Dataset, rnd));
                string what = tf.Describe + " edits: " + string.Join("; ", log);

                var written = Write(file);
                // Writing is repeatable: the second write of the same edited model gives the same bytes.
                RoundTripTests.AssertSameBytes(written, Write(file), what + " (written twice)");
                // And after AcceptChanges (as after a save), the model still writes what it holds.
                var accepted = DicomFile.Open(bytes);
                var replay = new Random(seed);
                for (int i = 0, n = replay.Next(1, 4); i < n; i++) Edit(accepted.Dataset, replay);
                Write(accepted);
                accepted.Dataset.AcceptChanges();
                accepted.FileMetaInformation.AcceptChanges();
                RoundTripTests.AssertSameBytes(written, Write(accepted), what + " (after AcceptChanges)");
                var back = DicomFile.Open(written);
                // Everything the edited model holds is in the output (group lengths aside: they are recomputed).
                Assert.Equal(WithoutGroupLengths(Dump.Of(file.Dataset, withVR: false)), WithoutGroupLengths(Dump.Of(back.Dataset, withVR: false)));
                Assert.Equal(WithoutGroupLengths(Dump.Of(file.FileMetaInformation)), WithoutGroupLengths(Dump.Of(back.FileMetaInformation)));
                AssertGroupLengths(back.Dataset, file.Dataset, what);
                // And the output, unmodified, writes itself again.
                RoundTripTests.AssertSameBytes(written, Write(back), what + " (second write)");
            });

        /// <summary>The generator really produces what the properties claim to cover (a degenerate generator proves nothing).</summary>
        [Fact]
        public void The_generator_covers_every_VR_and_structure()
        {
            var files = DicomGen.File().Sample(400, new Rnd(20240601UL, 1357913579UL), 60);
            var vrs = new HashSet<string>();
            var features = new HashSet<string>();
            void Walk(IEnumerable<TElement> elements, bool explicitVR)
            {
                foreach (var e in elements)
                {
                    vrs.Add(e.VR);
                    if (e.Items != null)
                    {
                        features.Add(e.VR == "UN" ? "UN sequence" : e.UndefinedLength ? "SQ undefined" : "SQ defined");
                        foreach (var item in e.Items)
                        {
                            features.Add(item.UndefinedLength ? "item undefined" : "item defined");
                            Walk(item.Elements, explicitVR && e.VR != "UN");
                        }
                        if (e.Items.Any(i => i.Elements.Any(x => x.Items != null))) features.Add("nested sequences");
                        if (!explicitVR) features.Add("sequence in implicit VR");
                    }
                    if (e.Fragments != null) features.Add(e.Fragments[0].Length > 0 ? "offset table" : "empty offset table");
                    if (e.Value != null && e.Value.Length % 2 == 1) features.Add("odd length");
                    if (e.Tag.IsGroupLength) features.Add(e.ComputeGroupLength ? "group length" : "wrong group length");
                    if (e.Tag.IsPrivateCreator) features.Add("private creator");
                    if (e.Tag.IsPrivate && e.Tag.Element >= 0x1000) features.Add("private element");
                    if (e.Strings is { Length: > 1 }) features.Add("multi-valued text");
                    if (e.Numbers is { Length: > 1 }) features.Add("multi-valued numbers");
                }
            }
            foreach (var f in files)
            {
                Walk(f.Dataset, f.ExplicitVR);
                features.Add(f.Deflated ? "deflated" : f.BigEndian ? "big endian" : f.ExplicitVR ? "explicit little" : "implicit little");
                if (!f.HasMeta) features.Add(f.Preamble == null ? "bare" : "preamble without meta");
            }
            Assert.Equal(DicomVR.All.Select(v => v.ToString()).OrderBy(v => v), vrs.OrderBy(v => v));
            foreach (var f in new[]
            {
                "UN sequence", "SQ undefined", "SQ defined", "item undefined", "item defined", "nested sequences", "sequence in implicit VR",
                "offset table", "empty offset table", "odd length", "group length", "wrong group length", "private creator", "private element",
                "multi-valued text", "multi-valued numbers", "deflated", "big endian", "explicit little", "implicit little", "bare", "preamble without meta",
            })
            {
                Assert.Contains(f, features);
            }
        }

        private static readonly TransferSyntax[] Syntaxes =
        {
            TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian,
            TransferSyntax.DeflatedExplicitVRLittleEndian,
        };

        private static Gen<(int, List<TElement>, int)> ModelCase() =>
            from kind in Gen.Choose(0, 3)
            from tree in DicomGen.TopLevel(new GenContext { ExplicitVR = kind != 0, BigEndian = kind == 2, ForModel = true })
            from seed in Gen.Choose(0, int.MaxValue)
            select (kind, tree, seed);

        /// <summary>Builds the tree with the public API, adding elements in a random order (the dataset keeps tag order).</summary>
        internal static void Build(DicomDataset ds, List<TElement> elements, Random rnd)
        {
            foreach (var e in elements.OrderBy(_ => rnd.Next()))
            {
                var vr = DicomVR.Parse(e.VR);
                if (e.Items != null)
                {
                    var seq = ds.GetOrAddSequence(e.Tag);
                    foreach (var item in e.Items)
                    {
                        var d = seq.AddItem();
                        d.ItemHasUndefinedLength = item.UndefinedLength;
                        Build(d, item.Elements, rnd);
                    }
                }
                else if (e.Strings != null)
                {
                    if (e.Strings.Length > 1 && rnd.Next(2) == 0) ds.SetStrings(e.Tag, vr, e.Strings);
                    else ds.SetString(e.Tag, vr, string.Join("\\", e.Strings));
                }
                else if (e.Numbers != null)
                {
                    ds.SetNumbers(e.Tag, vr, e.Numbers);
                }
                else
                {
                    ds.SetRawValue(e.Tag, vr, (byte[])e.Value!.Clone());
                }
            }
        }

        /// <summary>Checks decoded values (explicit VR data only: implicit VR values decode by the dictionary's VR).</summary>
        internal static void CheckValues(DicomDataset ds, List<TElement> expected)
        {
            Assert.Equal(expected.Count, ds.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                var t = expected[i];
                var e = ds.ElementAt(i);
                Assert.Equal(t.Tag, e.Tag);
                if (t.Items != null)
                {
                    var seq = Assert.IsType<DicomSequence>(e.Sequence);
                    Assert.Equal(t.Items.Count, seq.Count);
                    for (int k = 0; k < seq.Count; k++)
                    {
                        Assert.Same(ds, seq[k].Parent);
                        Assert.Equal(t.Tag, seq[k].ParentTag);
                        Assert.Equal(t.Items[k].UndefinedLength, seq[k].ItemHasUndefinedLength);
                        CheckValues(seq[k], t.Items[k].Elements);
                    }
                    continue;
                }
                if (!ds.Encoding.IsExplicitVR || e.VR == DicomVR.UN) continue;
                Assert.Equal(t.VR, e.VR.ToString());
                if (t.Strings != null) Assert.Equal(t.Strings, ds.GetStrings(e));
                if (t.Numbers != null)
                {
                    if (t.VR == "AT")
                    {
                        Assert.Equal(t.Numbers.Select(n => new DicomTag((uint)n)).ToArray(), DicomValueDecoder.DecodeTags(e.RawValue.Span, ds.Encoding.IsBigEndian));
                    }
                    else
                    {
                        Assert.Equal(t.Numbers, ds.GetNumbers(t.Tag));
                    }
                }
                if (t.Tag.IsPrivate && t.Tag.Element >= 0x1000)
                {
                    var creator = expected.FirstOrDefault(x => x.Tag == t.Tag.GetPrivateCreatorTag());
                    if (creator?.Strings is { Length: 1 } cs)
                    {
                        Assert.Equal(cs[0], ds.GetPrivateCreator(t.Tag));
                        Assert.True(ds.TryFindPrivateTag(t.Tag.Group, cs[0], (byte)t.Tag.Element, out var found));
                        Assert.Equal(t.Tag, found);
                    }
                }
            }
        }

        private static readonly DicomTag[] EditTags =
        {
            new DicomTag(0x0010, 0x0010), new DicomTag(0x0010, 0x0020), new DicomTag(0x0008, 0x0020), new DicomTag(0x0020, 0x000D),
            new DicomTag(0x0009, 0x0010), new DicomTag(0x0029, 0x1011),
        };

        /// <summary>One random edit somewhere in the dataset tree; returns what it did.</summary>
        private static string Edit(DicomDataset top, Random rnd)
        {
            var all = new List<DicomDataset> { top };
            foreach (var (_, e) in top.EnumerateRecursive())
            {
                if (e.Sequence is DicomSequence s) all.AddRange(s);
            }
            var ds = all[rnd.Next(all.Count)];
            string where = ds == top ? "top" : "item of " + ds.ParentTag;
            switch (rnd.Next(6))
            {
                case 0:
                    {
                        var tag = EditTags[rnd.Next(EditTags.Length)];
                        ds.SetString(tag, DicomVR.LO, rnd.Next(2) == 0 ? "EDITED" : "ODD");
                        return $"{where}: set {tag}";
                    }
                case 1 when ds.Count > 0:
                    {
                        var e = ds.ElementAt(rnd.Next(ds.Count));
                        ds.Remove(e.Tag);
                        return $"{where}: removed {e.Tag}";
                    }
                case 2:
                    {
                        var tag = EditTags[rnd.Next(EditTags.Length)];
                        var b = new byte[rnd.Next(0, 9)];
                        rnd.NextBytes(b);
                        ds.SetRawValue(tag, DicomVR.OB, b);
                        return $"{where}: raw {tag} [{b.Length}]";
                    }
                case 3:
                    {
                        var seqs = ds.Elements.Where(e => e.Sequence != null).ToList();
                        if (seqs.Count == 0) goto default;
                        var seq = seqs[rnd.Next(seqs.Count)].Sequence!;
                        var item = seq.AddItem();
                        item.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "NEW ITEM");
                        return $"{where}: item added to {seq.Tag}";
                    }
                case 4:
                    {
                        var seqs = ds.Elements.Where(e => e.Sequence is { Count: > 0 }).ToList();
                        if (seqs.Count == 0) goto default;
                        var seq = seqs[rnd.Next(seqs.Count)].Sequence!;
                        seq.RemoveAt(rnd.Next(seq.Count));
                        return $"{where}: item removed from {seq.Tag}";
                    }
                default:
                    {
                        var tag = EditTags[rnd.Next(EditTags.Length)];
                        ds.SetEmpty(tag, DicomVR.SH);
                        return $"{where}: emptied {tag}";
                    }
            }
        }

        private static string WithoutGroupLengths(string dump) => Regex.Replace(dump, @"(\([0-9A-F]{4},0000\)[^=\n]*)= [0-9A-F]*", "$1= (group length)");

        /// <summary>
        /// Group lengths of groups the edit touched hold the group's encoded length (measured independently here);
        /// untouched ones keep the value they were read with.
        /// </summary>
        private static void AssertGroupLengths(DicomDataset written, DicomDataset edited, string what)
        {
            for (int i = 0; i < written.Count; i++)
            {
                var e = written.ElementAt(i);
                if (e.Sequence is DicomSequence seq)
                {
                    var editedSeq = edited.GetSequence(e.Tag)!;
                    for (int k = 0; k < seq.Count; k++) AssertGroupLengths(seq[k], editedSeq[k], what);
                    continue;
                }
                if (!e.Tag.IsGroupLength || !e.IsLoaded || e.RawValue.Length != 4) continue;
                bool be = written.Encoding.IsBigEndian;
                var raw = e.RawValue.Span;
                uint value = be ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw) : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(raw);
                if (edited.IsGroupModified(e.Tag.Group) && (e.VR == DicomVR.UL || !written.Encoding.IsExplicitVR))
                {
                    long actual = 0;
                    for (int k = i + 1; k < written.Count && written.ElementAt(k).Tag.Group == e.Tag.Group; k++)
                        actual += Measure.Element(written.ElementAt(k), written.Encoding);
                    Assert.True(actual == value, $"{what}: group length {e.Tag} is {value}, the group has {actual} bytes");
                }
                else
                {
                    var original = edited.Elements.First(x => x.Tag == e.Tag);
                    Assert.Equal(original.RawValue.ToArray(), e.RawValue.ToArray());
                }
            }
        }
    }

    /// <summary>Encoded sizes computed on the test side from PS3.5 §7 (independent of the writer's Measure).</summary>
    internal static class Measure
    {
        public static long Element(DicomElement e, DicomEncoding enc)
        {
            long header = enc.IsExplicitVR && TestEncoder.IsLong(e.VR.ToString()) ? 12 : 8;
            if (e.Sequence is DicomSequence seq)
            {
                var itemEnc = e.VR == DicomVR.UN && enc.IsExplicitVR ? DicomEncoding.ImplicitLittle : enc;
                long n = 0;
                foreach (var item in seq)
                {
                    n += 8 + (item.ItemHasUndefinedLength ? 8 : 0);
                    foreach (var inner in item.Elements) n += Element(inner, itemEnc);
                }
                return header + n + (e.HasUndefinedLength ? 8 : 0);
            }
            if (e.Fragments is DicomFragments frags) return header + 8 + frags.Items.Sum(f => 8 + f.Length);
            return header + e.Length;
        }
    }
}
