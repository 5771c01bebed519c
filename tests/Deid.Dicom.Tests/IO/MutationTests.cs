using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom.Tests.Helpers;
using Xunit;
using Xunit.Sdk;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// Broken input: small real files truncated at every offset, bytes flipped, length fields overwritten, hostile
    /// nesting and lengths. Whatever the damage, reading fails with <see cref="DicomFormatException"/> (never another
    /// exception, a hang or a big allocation), and whatever reads is written back byte for byte.
    /// </summary>
    public class MutationTests
    {
        /// <summary>Small files covering the four decoders: implicit VR, explicit big endian with nested sequences,
        /// deflated, encapsulated JPEG with sequences, and UN of undefined length holding nested items.</summary>
        public static IEnumerable<object[]> Seeds() => new[]
        {
            "rtplan.dcm", "rtdose_expb_1frame.dcm", "image_dfl.dcm", "SC_rgb_small_odd_jpeg.dcm", "UN_sequence.dcm",
        }.Select(f => new object[] { f });

        private static byte[] Load(string name) => File.ReadAllBytes(TestData.PathOf("pydicom", "test_files", name));

        /// <summary>A damaged file; <paramref name="Logical"/> is its size as the reader sees it (inflated, for deflated data).</summary>
        internal sealed record Mutant(string Name, byte[] Bytes, long Logical = 0);

        [Theory]
        [MemberData(nameof(Seeds))]
        public void Truncated_at_every_offset(string seed)
        {
            var original = Load(seed);
            var mutants = Enumerable.Range(0, original.Length).Select(n => new Mutant($"{seed} cut at {n}", original.AsSpan(0, n).ToArray()));
            var logical = Structure.Logical(original, out int dataStart, out bool deflated);
            if (deflated)
            {
                // Also cut the inflated dataset (then deflated again): every offset through the last element header,
                // and a sample of the pixel data after it.
                int structureEnd = Math.Min(logical.Length, StructureEnd(logical) + 64);
                var cuts = Enumerable.Range(dataStart, structureEnd - dataStart).Concat(Enumerable.Range(0, 100).Select(i => structureEnd + (int)((long)(logical.Length - structureEnd) * i / 100)));
                mutants = mutants.Concat(cuts.Select(n => new Mutant($"{seed} inflated cut at {n}", Structure.Physical(logical.AsSpan(0, n).ToArray(), dataStart, true), n)));
            }
            var stats = RunAll(mutants, deflated);
            Assert.True(stats.Failed > original.Length / 2, $"{seed}: only {stats.Failed} of {stats.Total} truncations were refused");
        }

        [Theory]
        [MemberData(nameof(Seeds))]
        public void Random_bytes_flipped(string seed)
        {
            var original = Load(seed);
            var logical = Structure.Logical(original, out int dataStart, out bool deflated);
            var rnd = new Random(20240601 ^ seed.Length * 7919 ^ original.Length);
            var mutants = new List<Mutant>();
            // Aim at the structure (headers and the values between them), not at the pixel data bytes.
            int span = Math.Min(logical.Length, StructureEnd(logical) + 64);
            // Deflated mutants are deflated again, which costs; fewer of them.
            int scale = deflated ? 3 : 1;
            for (int i = 0; i < 1200 / scale; i++)
            {
                var b = (byte[])logical.Clone();
                int at = rnd.Next(span);
                b[at] ^= (byte)rnd.Next(1, 256);
                mutants.Add(new Mutant($"{seed} flip #{i} at {at}", Structure.Physical(b, dataStart, deflated), b.Length));
            }
            for (int i = 0; i < 300 / scale; i++)
            {
                var b = (byte[])logical.Clone();
                int n = rnd.Next(2, 9);
                var where = new List<int>();
                for (int k = 0; k < n; k++)
                {
                    int at = rnd.Next(span);
                    b[at] = (byte)rnd.Next(256);
                    where.Add(at);
                }
                mutants.Add(new Mutant($"{seed} multi-flip #{i} at {string.Join(",", where)}", Structure.Physical(b, dataStart, deflated), b.Length));
            }
            for (int i = 0; i < 300 / scale; i++)
            {
                var b = (byte[])logical.Clone();
                int at = rnd.Next(span - 3);
                uint v = (uint)rnd.Next() ^ ((uint)rnd.Next(2) << 31);
                BitConverter.TryWriteBytes(b.AsSpan(at), v);
                mutants.Add(new Mutant($"{seed} u32 #{i} 0x{v:X8} at {at}", Structure.Physical(b, dataStart, deflated), b.Length));
            }
            if (deflated)
            {
                // Damage to the compressed bytes themselves: the inflater's errors must come out as DicomFormatException.
                for (int i = 0; i < 600; i++)
                {
                    var b = (byte[])original.Clone();
                    int at = rnd.Next(dataStart, b.Length);
                    b[at] ^= (byte)rnd.Next(1, 256);
                    mutants.Add(new Mutant($"{seed} compressed flip #{i} at {at}", b, logical.Length * 2L));
                }
            }
            var stats = RunAll(mutants, deflated);
            Assert.True(stats.Total >= 1200);
        }

        private static readonly uint[] Interesting32 =
        {
            0, 1, 2, 3, 7, 8, 0xFE, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFF0, 0xFFFFFFFE, 0xFFFFFFFF,
        };

        private static readonly uint[] Interesting16 = { 0, 1, 2, 3, 0x7F, 0xFF, 0x7FFF, 0xFFFE, 0xFFFF };

        [Theory]
        [MemberData(nameof(Seeds))]
        public void Length_fields_overwritten(string seed)
        {
            var original = Load(seed);
            var logical = Structure.Logical(original, out int dataStart, out bool deflated);
            var fields = Structure.LengthFields(logical);
            Assert.True(fields.Count > 20, $"{seed}: the walk found only {fields.Count} length fields");
            var mutants = new List<Mutant>();
            foreach (var f in fields)
            {
                uint current = f.Size == 4 ? Structure.U32(logical, f.Offset, f.BigEndian) : Structure.U16(logical, f.Offset, f.BigEndian);
                uint remaining = (uint)(logical.Length - f.Offset - f.Size);
                var values = (f.Size == 4 ? Interesting32 : Interesting16)
                    .Concat(new[] { current + 1, current - 1, current + 2, current - 2, current + 8, current - 8, remaining, remaining + 1, remaining - 1 })
                    .Select(v => f.Size == 2 ? v & 0xFFFF : v)
                    .Where(v => v != current)
                    .Distinct();
                foreach (var v in values)
                {
                    var b = (byte[])logical.Clone();
                    if (f.Size == 4)
                    {
                        if (f.BigEndian) System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(f.Offset), v);
                        else System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(f.Offset), v);
                    }
                    else
                    {
                        if (f.BigEndian) System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(f.Offset), (ushort)v);
                        else System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(f.Offset), (ushort)v);
                    }
                    mutants.Add(new Mutant($"{seed} {f.What} at {f.Offset} = 0x{v:X}", Structure.Physical(b, dataStart, deflated), b.Length));
                }
            }
            RunAll(mutants, deflated);
        }

        // ---- hostile structure ------------------------------------------------------------------------------------

        /// <summary>A Part 10 file (Explicit VR Little Endian unless said otherwise) around a dataset given as bytes.</summary>
        internal static byte[] Part10(byte[] dataset, string ts = "1.2.840.10008.1.2.1")
        {
            var meta = TestEncoder.EncodeDataset(TestEncoder.MetaElements(ts, "1.2.3"), explicitVR: true, bigEndian: false);
            var b = new byte[132 + meta.Length + dataset.Length];
            "DICM"u8.CopyTo(b.AsSpan(128));
            meta.CopyTo(b, 132);
            dataset.CopyTo(b, 132 + meta.Length);
            return b;
        }

        private static byte[] Sop() => TestEncoder.EncodeElement(new TElement(DicomGen.SopClassUid, "UI") { Value = TestEncoder.Text("1.2.3", '\0') }, true, false);

        public static IEnumerable<object[]> Nestings() => new[] { "SQ", "UN", "implicit", "defined" }.Select(k => new object[] { k });

        /// <summary>10 000 nested sequences, each in an item: refused at the depth limit, with no stack overflow.</summary>
        [Theory]
        [MemberData(nameof(Nestings))]
        public void Ten_thousand_nested_sequences_are_refused_at_the_depth_limit(string kind)
        {
            var bytes = Nested(kind, 10_000, closed: true);
            foreach (var options in new[] { DicomReadOptions.Default, DicomReadOptions.HeaderOnly })
            {
                var ex = Guard.Within(() => Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes, options, "nested.dcm")), kind);
                Assert.Contains("64", ex.Reason);
                Assert.Contains("nested", ex.Reason);
                Assert.Equal("nested.dcm", ex.Path);
                Assert.InRange(ex.Offset, 132, bytes.Length);
                Assert.NotNull(ex.Tag);
            }
            // Unclosed (the file just ends deep inside): the depth limit still comes first.
            var open = Nested(kind, 10_000, closed: false);
            var ex2 = Guard.Within(() => Assert.Throws<DicomFormatException>(() => DicomFile.Open(open)), kind);
            Assert.Contains("64", ex2.Reason);
        }

        /// <summary>
        /// A caller may raise the depth limit; nesting deeper than the thread's stack allows must still fail as
        /// DicomFormatException, not crash the process with a stack overflow.
        /// </summary>
        [Theory]
        [MemberData(nameof(Nestings))]
        public void With_the_depth_limit_lifted_deep_nesting_is_refused_before_the_stack_runs_out(string kind)
        {
            var bytes = Nested(kind, 50_000, closed: true);
            Exception? caught = null;
            var thread = new System.Threading.Thread(() =>
            {
                try
                {
                    DicomFile.Open(bytes, new DicomReadOptions { MaxSequenceDepth = int.MaxValue });
                }
                catch (Exception ex)
                {
                    caught = ex;
                }
            }, 256 * 1024);
            thread.Start();
            Assert.True(thread.Join(TimeSpan.FromSeconds(20)), "no result within 20 s");
            var dfe = Assert.IsType<DicomFormatException>(caught);
            Assert.Contains("deep", dfe.Reason);
        }

        [Theory]
        [MemberData(nameof(Nestings))]
        public void Nesting_up_to_the_limit_reads_and_writes_back(string kind)
        {
            var ok = Nested(kind, 64, closed: true);
            var file = DicomFile.Open(ok);
            RoundTripTests.AssertSameBytes(ok, RoundTripTests.Write(file), kind);
            int depth = 0;
            for (var ds = file.Dataset; ds.Count > 1 || (ds.Count == 1 && ds.ElementAt(0).Sequence != null);)
            {
                var seq = ds.Elements.Last().Sequence;
                if (seq == null || seq.Count == 0) break;
                depth++;
                ds = seq[0];
            }
            Assert.Equal(64, depth);
            Assert.Throws<DicomFormatException>(() => DicomFile.Open(Nested(kind, 65, closed: true)));
            // The limit is an option.
            var deeper = DicomFile.Open(Nested(kind, 65, closed: true), new DicomReadOptions { MaxSequenceDepth = 65 });
            Assert.False(deeper.IsModified);
            Assert.Throws<DicomFormatException>(() => DicomFile.Open(ok, new DicomReadOptions { MaxSequenceDepth = 63 }));
        }

        /// <summary>
        /// A dataset of <paramref name="levels"/> nested sequences, each holding one item: SQ of undefined length, UN of
        /// undefined length (implicit VR items), implicit VR with undefined lengths, or SQ and items of defined length.
        /// </summary>
        internal static byte[] Nested(string kind, int levels, bool closed)
        {
            var tag = new DicomTag(0x0040, 0xA730);
            if (kind == "defined")
            {
                // Outside in: level k (counted from the inside) is a 12-byte SQ header and an 8-byte item header around
                // 20 * (k - 1) bytes of deeper levels.
                var d = new MemoryStream();
                for (int k = levels; k >= 1; k--)
                {
                    d.Write(Header(tag, "SQ", (uint)(8 + 20 * (k - 1))));
                    d.Write(TestEncoder.TagLength(0xFFFEE000, (uint)(20 * (k - 1)), false));
                }
                return Part10(Sop().Concat(d.ToArray()).ToArray());
            }
            bool implicitVR = kind == "implicit";
            var open = new MemoryStream();
            var sop = implicitVR ? TestEncoder.EncodeElement(new TElement(DicomGen.SopClassUid, "UI") { Value = TestEncoder.Text("1.2.3", '\0') }, false, false) : Sop();
            open.Write(sop);
            for (int i = 0; i < levels; i++)
            {
                var header = new byte[12];
                TestEncoder.WriteU16(header, 0, tag.Group, false);
                TestEncoder.WriteU16(header, 2, tag.Element, false);
                // UN nests implicit VR items after its first level; the explicit header is only at the top.
                bool explicitHere = !implicitVR && (kind == "SQ" || i == 0);
                if (explicitHere)
                {
                    header[4] = (byte)(kind == "UN" ? 'U' : 'S');
                    header[5] = (byte)(kind == "UN" ? 'N' : 'Q');
                    TestEncoder.WriteU32(header, 8, 0xFFFFFFFF, false);
                    open.Write(header);
                }
                else
                {
                    TestEncoder.WriteU32(header, 4, 0xFFFFFFFF, false);
                    open.Write(header, 0, 8);
                }
                open.Write(TestEncoder.TagLength(0xFFFEE000, 0xFFFFFFFF, false));
            }
            if (closed)
            {
                for (int i = 0; i < levels; i++)
                {
                    open.Write(TestEncoder.TagLength(0xFFFEE00D, 0, false));
                    open.Write(TestEncoder.TagLength(0xFFFEE0DD, 0, false));
                }
            }
            return Part10(open.ToArray(), implicitVR ? "1.2.840.10008.1.2" : "1.2.840.10008.1.2.1");
        }

        public static IEnumerable<object[]> HugeLengthCases() =>
            new[] { "value", "long value", "implicit value", "sequence", "item", "fragment", "offset table", "pixel data", "meta" }
                .SelectMany(k => new[] { 0xFFFFFFF0u, 0xFFFFFFFEu, 0x7FFFFFF0u, 0x80000000u }.Select(v => new object[] { k, v }));

        /// <summary>A claimed length of gigabytes in a small file: refused before anything of that size is allocated.</summary>
        [Theory]
        [MemberData(nameof(HugeLengthCases))]
        public void Huge_claimed_lengths_are_refused_without_allocating(string where, uint length)
        {
            var bytes = HugeLength(where, length, out string ts);
            string path = Path.Combine(Path.GetTempPath(), $"deid-huge-{Guid.NewGuid():N}.dcm");
            File.WriteAllBytes(path, bytes);
            try
            {
                var sources = new (string, Func<DicomFile>)[]
                {
                    ("byte[]", () => DicomFile.Open(bytes, null, "huge.dcm")),
                    ("path", () => DicomFile.Open(path)),
                    ("seekable stream", () => DicomFile.Open(new MemoryStream(bytes), null, "huge.dcm")),
                    ("non-seekable stream", () => DicomFile.Open(new NonSeekableStream(new MemoryStream(bytes)), null, "huge.dcm")),
                    ("deflated", () => DicomFile.Open(Deflated(bytes), null, "huge.dcm")),
                };
                foreach (var (how, open) in sources)
                {
                    if (how == "deflated" && (where == "meta" || ts != "1.2.840.10008.1.2.1")) continue;
                    var (ex, allocated) = Guard.Within(() =>
                    {
                        long before = GC.GetAllocatedBytesForCurrentThread();
                        DicomFormatException? e = null;
                        try
                        {
                            open();
                        }
                        catch (DicomFormatException x)
                        {
                            e = x;
                        }
                        return (e, GC.GetAllocatedBytesForCurrentThread() - before);
                    }, $"{where} {how}");
                    Assert.True(ex != null, $"{where} = 0x{length:X8} via {how}: read without error");
                    Assert.True(allocated < 10L * bytes.Length + (1 << 20), $"{where} = 0x{length:X8} via {how}: allocated {allocated} bytes for a {bytes.Length}-byte file");
                }
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static byte[] Deflated(byte[] part10)
        {
            // The same dataset, deflated, behind a meta that says so.
            int metaEnd = 132 + TestEncoder.EncodeDataset(TestEncoder.MetaElements("1.2.840.10008.1.2.1", "1.2.3"), true, false).Length;
            var data = part10.AsSpan(metaEnd).ToArray();
            var tf = Part10(Array.Empty<byte>(), "1.2.840.10008.1.2.1.99");
            return Structure.Physical(tf.Concat(data).ToArray(), tf.Length, true);
        }

        internal static byte[] HugeLength(string where, uint length, out string ts)
        {
            ts = "1.2.840.10008.1.2.1";
            var ms = new MemoryStream();
            ms.Write(Sop());
            var b = new byte[256];
            switch (where)
            {
                case "value":
                // (0010,0010) PN with a 16-bit length cannot lie by much; use a long VR.
                case "long value":
                    ms.Write(Header(new DicomTag(0x0010, 0x4000), "UT", length));
                    ms.Write(b);
                    break;
                case "implicit value":
                    ts = "1.2.840.10008.1.2";
                    ms = new MemoryStream();
                    ms.Write(TestEncoder.EncodeElement(new TElement(DicomGen.SopClassUid, "UI") { Value = TestEncoder.Text("1.2.3", '\0') }, false, false));
                    ms.Write(TestEncoder.TagLength(0x00104000, length, false));
                    ms.Write(b);
                    break;
                case "sequence":
                    ms.Write(Header(new DicomTag(0x0040, 0xA730), "SQ", length));
                    ms.Write(TestEncoder.TagLength(0xFFFEE000, 8, false));
                    ms.Write(b);
                    break;
                case "item":
                    ms.Write(Header(new DicomTag(0x0040, 0xA730), "SQ", 0xFFFFFFFF));
                    ms.Write(TestEncoder.TagLength(0xFFFEE000, length, false));
                    ms.Write(b);
                    break;
                case "offset table":
                    ms.Write(Header(DicomTag.PixelData, "OB", 0xFFFFFFFF));
                    ms.Write(TestEncoder.TagLength(0xFFFEE000, length, false));
                    ms.Write(b);
                    break;
                case "fragment":
                    ms.Write(Header(DicomTag.PixelData, "OB", 0xFFFFFFFF));
                    ms.Write(TestEncoder.TagLength(0xFFFEE000, 0, false));
                    ms.Write(TestEncoder.TagLength(0xFFFEE000, length, false));
                    ms.Write(b);
                    break;
                case "pixel data":
                    ms.Write(Header(DicomTag.PixelData, "OW", length));
                    ms.Write(b);
                    break;
                case "meta":
                    {
                        var file = Part10(ms.ToArray());
                        // The Media Storage SOP Class UID (0002,0002) is UI; make the version (0002,0001) OB claim the gigabytes.
                        int at = 132 + 12; // after (0002,0000) UL (8-byte header, 4-byte value): the (0002,0001) OB header
                        Assert.Equal(0x0001, Structure.U16(file, at + 2, false));
                        TestEncoder.WriteU32(file, at + 8, length, false);
                        return file;
                    }
            }
            return Part10(ms.ToArray(), ts);
        }

        private static byte[] Header(DicomTag tag, string vr, uint length)
        {
            var h = new byte[12];
            TestEncoder.WriteU16(h, 0, tag.Group, false);
            TestEncoder.WriteU16(h, 2, tag.Element, false);
            h[4] = (byte)vr[0];
            h[5] = (byte)vr[1];
            TestEncoder.WriteU32(h, 8, length, false);
            return h;
        }

        // ---- the oracle -------------------------------------------------------------------------------------------

        internal sealed class Stats
        {
            public int Total;
            public int Failed;
        }

        internal static Stats RunAll(IEnumerable<Mutant> mutants, bool deflated)
        {
            var stats = new Stats();
            Guard.Cases(mutants, m => m.Name, m =>
            {
                stats.Total++;
                if (!Check(m, deflated)) stats.Failed++;
            });
            return stats;
        }

        /// <summary>One mutant: read three ways (with an allocation bound), header-only; if it reads, it writes back identically.</summary>
        private static bool Check(Mutant m, bool deflated)
        {
            var bytes = m.Bytes;
            long before = GC.GetAllocatedBytesForCurrentThread();
            var file = TryRead(m, deflated, () => DicomFile.Open(bytes, null, m.Name));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            long size = Math.Max(bytes.Length, m.Logical);
            if (allocated > 10L * size + (1 << 20))
                throw new XunitException($"allocated {allocated} bytes reading {bytes.Length} ({size} as read)");
            var header = TryRead(m, deflated, () => DicomFile.Open(bytes, DicomReadOptions.HeaderOnly, m.Name));
            var streamed = TryRead(m, deflated, () => DicomFile.Open(new NonSeekableStream(new MemoryStream(bytes, false), 61), null, m.Name));

            if ((file == null) != (streamed == null))
                throw new XunitException($"read from bytes {(file == null ? "failed" : "succeeded")} but from a stream {(streamed == null ? "failed" : "succeeded")}");
            if (file == null) return false;
            if (header == null) throw new XunitException("the full read succeeded but the header-only read failed");
            Touch.All(file);
            Touch.All(streamed!);

            AssertWrittenBack(bytes, RoundTripTests.Write(file), m.Name);
            AssertWrittenBack(bytes, RoundTripTests.Write(streamed!), m.Name + " (from stream)");
            if (!header.StoppedBeforePixelData) AssertWrittenBack(bytes, RoundTripTests.Write(header), m.Name + " (header-only)");
            else Assert.Throws<InvalidOperationException>(() => RoundTripTests.Write(header));

            // Edited, whatever odd structure it has, it is written so that it reads back with the edit.
            AssertEditable(file);
            return true;
        }

        private static readonly DicomTag PatientId = new DicomTag(0x0010, 0x0020);
        private static readonly DicomTag ReferencedSopInstanceUid = new DicomTag(0x0008, 0x1155);

        /// <summary>Edits the top level and the first item of the first sequence; the output reads back with both edits.</summary>
        internal static void AssertEditable(DicomFile file)
        {
            file.Dataset.SetString(PatientId, DicomVR.LO, "EDITED");
            DicomDataset? item = null;
            int at = -1;
            for (int i = 0; i < file.Dataset.Count && item == null; i++)
            {
                if (file.Dataset.ElementAt(i).Sequence is { Count: > 0 } seq)
                {
                    item = seq[0];
                    at = i;
                }
            }
            item?.SetString(ReferencedSopInstanceUid, DicomVR.UI, "1.2.3.4.5");
            var back = DicomFile.Open(RoundTripTests.Write(file));
            if (back.Dataset.Encoding.IsExplicitVR) Assert.Equal("EDITED", back.Dataset.GetString(PatientId));
            else Assert.Equal("EDITED", System.Text.Encoding.ASCII.GetString(back.Dataset.Elements.First(e => e.Tag == PatientId).RawValue.ToArray()).TrimEnd());
            if (item != null)
            {
                // By position: broken files may hold the same tag twice. A meta element repeated in the dataset is left out of the
                // copy (the meta holds it), one position fewer for each before the sequence.
                int skipped = 0;
                for (int i = 0; i < at; i++)
                {
                    var tag = file.Dataset.ElementAt(i).Tag;
                    if (tag.Group == 0x0002 && file.FileMetaInformation.Contains(tag)) skipped++;
                }
                var backItem = back.Dataset.ElementAt(at - skipped).Sequence![0];
                Assert.Equal("1.2.3.4.5", System.Text.Encoding.ASCII.GetString(backItem.Elements.First(e => e.Tag == ReferencedSopInstanceUid).RawValue.ToArray()).TrimEnd('\0'));
            }
        }

        /// <summary>
        /// The output equals the input, except that fields the standard fixes at zero and the codec does not keep —
        /// the reserved bytes of 12-byte explicit VR headers and the length of delimiters — come out as zero; and then
        /// the output still reads as the same dataset.
        /// </summary>
        private static void AssertWrittenBack(byte[] input, byte[] output, string what)
        {
            if (input.AsSpan().SequenceEqual(output)) return;
            // Bytes after a deflated dataset's final deflate block (what is left of a gzip trailer cut short, say) are no part
            // of the dataset and are not copied: the copy is the input up to the end of that block.
            if (output.Length < input.Length && input.AsSpan(0, output.Length).SequenceEqual(output) && DicomFile.Open(input).TransferSyntax.IsDeflated)
            {
                Assert.Equal(Dump.Of(DicomFile.Open(input)), Dump.Of(DicomFile.Open(output)));
                return;
            }
            // A mutant the writer repairs (an odd length, say) is written repaired, and stays so.
            if (RoundTripTests.NeedsRepair(DicomFile.Open(input)))
            {
                RoundTripTests.AssertRepaired(output, what);
                return;
            }
            if (input.Length != output.Length) RoundTripTests.AssertSameBytes(input, output, what);
            for (int i = 0; i < input.Length; i++)
            {
                if (input[i] == output[i]) continue;
                if (output[i] == 0 && (InDelimiterLength(input, i) || InReservedBytes(input, i))) continue;
                RoundTripTests.AssertSameBytes(input, output, what);
            }
            Assert.Equal(Dump.Of(DicomFile.Open(input)), Dump.Of(DicomFile.Open(output)));
        }

        /// <summary>True when byte <paramref name="i"/> is in the length field of an item or sequence delimiter (either byte order).</summary>
        internal static bool InDelimiterLength(byte[] b, int i)
        {
            for (int j = Math.Max(0, i - 7); j <= i - 4; j++)
            {
                bool le = b[j] == 0xFE && b[j + 1] == 0xFF && b[j + 2] is 0x0D or 0xDD && b[j + 3] == 0xE0;
                bool be = b[j] == 0xFF && b[j + 1] == 0xFE && b[j + 2] == 0xE0 && b[j + 3] is 0x0D or 0xDD;
                if (le || be) return true;
            }
            return false;
        }

        /// <summary>True when byte <paramref name="i"/> is one of the two reserved bytes after a long explicit VR (OB, SQ, UN, ...).</summary>
        internal static bool InReservedBytes(byte[] b, int i)
        {
            // The VR is at v, v + 1; the reserved bytes at v + 2, v + 3.
            for (int v = i - 3; v <= i - 2; v++)
            {
                if (v >= 4 && TestEncoder.IsLong(System.Text.Encoding.ASCII.GetString(b, v, 2))) return true;
            }
            return false;
        }


        /// <summary>Where the last element, item or delimiter header found by the structure walk ends.</summary>
        private static int StructureEnd(byte[] logical)
        {
            var fields = Structure.LengthFields(logical);
            return fields.Count == 0 ? logical.Length : fields.Max(f => f.Offset + f.Size);
        }

        private static DicomFile? TryRead(Mutant m, bool deflated, Func<DicomFile> read)
        {
            try
            {
                return read();
            }
            catch (DicomFormatException ex)
            {
                if (ex.Path != m.Name) throw new XunitException($"error names {ex.Path}, not the source {m.Name}: {ex.Message}");
                if (!ex.Message.StartsWith(ex.Path, StringComparison.Ordinal)) throw new XunitException($"message does not start with the source: {ex.Message}");
                if (ex.Offset < -1 || (!deflated && ex.Offset > m.Bytes.Length)) throw new XunitException($"offset {ex.Offset} outside the {m.Bytes.Length}-byte input: {ex.Message}");
                return null;
            }
        }
    }
}
