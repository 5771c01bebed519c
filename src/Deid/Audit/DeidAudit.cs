using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Deid.Dicom;
using Deid.Recipes;

namespace Deid.Audit
{
    /// <summary>
    /// Test-DeidOutput's engine: looks for every identifying value of an original in the raw bytes of its de-identified output
    /// (and, for Deflated Explicit VR Little Endian, in the inflated dataset), and in the output's file name. Raw bytes, not a
    /// parsed dataset: a value counts wherever it hides — an element, an item, the preamble, a JPEG comment, a private blob.
    /// Which values count, and in which forms, is in <see cref="AuditRules"/> and <see cref="AuditForms"/>.
    /// </summary>
    public sealed class DeidAudit
    {
        private const string DeflatedUid = "1.2.840.10008.1.2.1.99";
        private readonly DeidRecipe? _recipe;
        private readonly OutputBuffers _buffers = new OutputBuffers();

        /// <summary>Creates an audit; values the <paramref name="recipe"/> KEEPs are not leaks.</summary>
        public DeidAudit(DeidRecipe? recipe = null)
        {
            _recipe = recipe;
        }

        /// <summary>The most bytes a deflated output may inflate to before the audit refuses it (a deflate bomb).</summary>
        public long MaxInflatedBytes { get; init; } = 1L << 30;

        /// <summary>
        /// Outputs up to this many bytes are read whole; larger ones are searched a window at a time. Default 64 MiB, one
        /// window: an output read whole costs its size in memory, a window no more than that.
        /// </summary>
        public long InMemoryLimit { get; init; } = 64L << 20;

        /// <summary>The bytes of the output searched at a time when it is larger than <see cref="InMemoryLimit"/>.</summary>
        internal int WindowSize { get; init; } = 64 << 20;

        /// <summary>The bytes of the output's values searched at a time by the value-by-value look (<see cref="ValueSearch"/>).</summary>
        internal int ValueWindowSize { get; init; } = ValueSearch.DefaultWindowBytes;

        /// <summary>Audits <paramref name="outputPath"/> against the original it was made from.</summary>
        /// <exception cref="DicomFormatException">The original cannot be read as DICOM.</exception>
        /// <exception cref="IOException">A file cannot be read, or the output inflates past <see cref="MaxInflatedBytes"/>.</exception>
        public DeidAuditResult Audit(string originalPath, string outputPath) => Audit(originalPath, outputPath, null);

        /// <summary>
        /// Audits <paramref name="outputPath"/> against the original it was made from, searching also the folder names of
        /// <paramref name="outputRelativePath"/>: the output's path below the folder the outputs were written to. The folders
        /// above that one were chosen by whoever ran the batch and are not searched.
        /// </summary>
        /// <exception cref="DicomFormatException">The original cannot be read as DICOM.</exception>
        /// <exception cref="IOException">A file cannot be read, or the output inflates past <see cref="MaxInflatedBytes"/>.</exception>
        public DeidAuditResult Audit(string originalPath, string outputPath, string? outputRelativePath)
        {
            if (originalPath == null) throw new ArgumentNullException(nameof(originalPath));
            if (outputPath == null) throw new ArgumentNullException(nameof(outputPath));
            // Past its Pixel Data: values after the pixels (a private block in 7FE1, say) are audited too (QA, huge files F2).
            var original = Deid.Inspection.PastPixelData.Open(originalPath);
            // A large output (a cine of gigabytes) is searched a window at a time: read whole, one of 2 GiB or more could not be
            // audited at all and a smaller one cost its size in memory (QA, huge files F3).
            // Read into an array kept from an earlier output of the same length, when there is one (OutputBuffers); given back
            // once audited, since nothing audited keeps it.
            byte[]? output = _buffers.Read(outputPath, InMemoryLimit);
            DeidAuditResult result;
            try
            {
                result = Audit(original, originalPath, output, outputPath, outputRelativePath);
            }
            finally
            {
                if (output != null) _buffers.Return(output);
            }
            // Each pair's garbage (needles in every character set, the output's bytes) collected as a batch's is: an audit of
            // 2,000 small CT pairs peaked at 206 MB of RSS, 128 MB with the runtime's young generation held to 4 MB.
            Deid.Batch.AllocationPacer.Shared.AfterFile();
            return result;
        }

        /// <summary>
        /// Audits the output <paramref name="outputPath"/> against an opened original: its bytes <paramref name="output"/> when
        /// read whole, or read from the file a window at a time when null.
        /// </summary>
        internal DeidAuditResult Audit(DicomFile original, string originalPath, byte[]? output, string outputPath, string? outputRelativePath = null)
        {
            var values = AuditValueCollector.Collect(original, _recipe, out var writtenLiterals);
            // Its header (overlay planes stored apart come before Pixel Data) serves all but the embedded planes' check.
            DicomFile? written = OpenOutput(output, outputPath, DicomReadOptions.HeaderOnly, out string? unreadable);
            // And read whole, its values left where they are: an output cut short in its pixel data, or broken after them, is no
            // copy either (fuzz seed 105 QA: one cut 100 bytes short read as clean).
            DicomFile? whole = written == null ? null : OpenOutput(output, outputPath, WholeRead, out unreadable);
            var sets = OutputCharacterSets(written);
            var needles = new NeedleSet(values, sets);
            // Escape sequences to follow through the output's bytes: none (null) unless a set it declares uses code extensions.
            var iso2022 = Iso2022Scanner.For(sets);
            var found = new Dictionary<AuditValue, List<DeidLeak>>();

            // The overlay planes are read before the buffer is folded in place.
            var planes = EmbeddedOverlayAudit.Find(original, () => whole, outputPath);
            planes.AddRange(SeparateOverlayAudit.Find(written));
            // Values of 64 KB and more are read from the output's bytes: before they are folded in place.
            var hidden = new List<DeidLeak>(HiddenElementAudit.Find(whole));
            // Matches the output's own kept text accounts for (ExplainedMatches): a kept attribute where it stands, a short name
            // part that is a whole coded value (a patient HEAD^EDITH, Body Part Examined HEAD), ...
            var coded = ExplainedMatches.Collect(written, writtenLiterals);
            // A deflated output's inflated dataset, searched as it is inflated, a window at a time (held whole, a deflated image
            // cost twice its inflated size): before the bytes are folded in place, since it is inflated from them. Its leaks are
            // listed after those of the raw bytes, as when it was searched second.
            var inflatedFound = new Dictionary<AuditValue, List<DeidLeak>>();
            using (var inflated = output != null ? OpenInflated(output) : OpenInflatedFile(outputPath))
            {
                if (inflated != null)
                {
                    SearchWindows(inflated, -1, LeakLocation.InflatedBytes, needles, inflatedFound, coded, PixelValueSpan.None, iso2022, written);
                    // The whole read found a corrupt block before the search did, unless the reader gave up first for another cause.
                    unreadable ??= inflated.Failure;
                }
            }
            // Value by value, where a number or a short word is bounded by its value's ends, not by the tag or length bytes
            // beside it in the file (ValueSearch): the output read whole, so that values after the Pixel Data count too. Before
            // the bytes are folded in place, since values of 64 KB and more are read from them (a deflated output's inflated
            // from them again). Its leaks count for values the byte search does not find, as when it was searched after it.
            bool deflated = written?.TransferSyntax.IsDeflated == true;
            var valueFound = new Dictionary<AuditValue, List<DeidLeak>>();
            ValueSearch.Search(whole ?? written, needles, valueFound, coded, deflated ? LeakLocation.InflatedBytes : LeakLocation.Bytes,
                deflated ? null : output, iso2022, Record, ValueWindowSize);
            // Names written with diacritics are looked for everywhere but in the pixel value: a byte at a time, through pixel
            // data they would cost more than every other needle together. Measured before the bytes are folded in place.
            if (output != null) Search(output, LeakLocation.Bytes, needles, found, coded, PixelValueSpan.Of(written, output), iso2022);
            else SearchFile(outputPath, needles, found, coded, written, iso2022);
            foreach (var entry in inflatedFound)
            {
                foreach (var leak in entry.Value) Record(found, entry.Key, leak);
            }
            foreach (var entry in valueFound)
            {
                if (found.ContainsKey(entry.Key)) continue;
                foreach (var leak in entry.Value) Record(found, entry.Key, leak);
            }
            SearchName(Path.GetFileName(outputPath), LeakLocation.FileName, values, found);
            foreach (string folder in Folders(outputRelativePath)) SearchName(folder, LeakLocation.FolderName, values, found);

            var leaks = new List<DeidLeak>();
            foreach (var value in values)
            {
                if (found.TryGetValue(value, out var list)) leaks.AddRange(list);
            }
            leaks.AddRange(planes);
            // An identifying element hidden in a kept value, unless the original's own value of that attribute was found already
            // (in a UN value holding items, say, which the value search reads as items): one finding for one thing.
            foreach (var leak in hidden)
            {
                if (!leaks.Exists(l => l.Keyword.Length > 0 && l.Keyword == leak.Keyword)) leaks.Add(leak);
            }
            return new DeidAuditResult(outputPath, originalPath, leaks, values.Count) { Unreadable = unreadable };
        }

        /// <summary>
        /// The character sets the output declares, at the top and in any item with its own (0008,0005): a tool that converted the
        /// file wrote the original's text in those. Empty when the output cannot be read (the byte search still runs on it).
        /// </summary>
        private static List<DicomCharacterSet> OutputCharacterSets(DicomFile? written)
        {
            var sets = new List<DicomCharacterSet>();
            if (written != null) AddSets(written.Dataset, sets);
            return sets;
        }

        /// <summary>The output read as DICOM with <paramref name="options"/>; null, and why, when it cannot be read.</summary>
        private static DicomFile? OpenOutput(byte[]? output, string outputPath, DicomReadOptions options, out string? failure)
        {
            failure = null;
            try
            {
                return output != null ? DicomFile.Open(output, options, outputPath) : DicomFile.Open(outputPath, options);
            }
            catch (DicomFormatException ex)
            {
                failure = ex.Message;
                return null;
            }
        }

        /// <summary>
        /// A whole read (Pixel Data and what follows it, their values left in the bytes or on disk), inflating a deflated output as
        /// far as the audit does: the reader's own default stops at 512 MiB.
        /// </summary>
        private DicomReadOptions WholeRead => _wholeRead ??= new DicomReadOptions { MaxInflatedLength = MaxInflatedBytes };

        private DicomReadOptions? _wholeRead;

        /// <summary><see cref="Search"/> over the output file a window at a time (<see cref="SearchWindows"/>).</summary>
        private void SearchFile(string path, NeedleSet needles, Dictionary<AuditValue, List<DeidLeak>> found, ExplainedMatches coded, DicomFile? written, Iso2022Scanner? iso2022)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            SearchWindows(stream, stream.Length, LeakLocation.Bytes, needles, found, coded, PixelValueSpan.Of(written, stream), iso2022);
        }

        /// <summary>
        /// <see cref="Search"/> over <paramref name="stream"/> a window at a time, to its end (<paramref name="length"/>, or -1 when
        /// only reading finds it). Each window is read with the two bytes before it (a match's context) and the longest needle
        /// after it, so that a match across a window's end is seen whole by that window; a needle is looked for until it is
        /// first found, as in one buffer. A window starts a little before where the last one ended: the stream goes back that
        /// far (a <see cref="BacktrackStream"/> for one that cannot seek).
        /// </summary>
        /// <remarks>
        /// For the inflated dataset of a deflated output, <c>inflatedOf</c> is the output read up to its Pixel Data: the pixel
        /// value is found in the first window, so that names written with diacritics are not looked for in it a byte at a time
        /// (20 s for a 200 MB image), as in any other output's bytes.
        /// </remarks>
        private void SearchWindows(Stream stream, long length, LeakLocation location, NeedleSet needles, Dictionary<AuditValue, List<DeidLeak>> found, ExplainedMatches coded, PixelValueSpan pixels, Iso2022Scanner? iso2022, DicomFile? inflatedOf = null)
        {
            // Needles the output's coded values may explain are counted through every window: (first offset, matches).
            var counted = new Dictionary<NeedleSet.Needle, long[]>();
            var pending = new List<NeedleSet.Needle>(needles.Needles);
            int longest = 0;
            foreach (var needle in pending) longest = Math.Max(longest, needle.MaxSpan);
            const int Lead = 2;
            int overlap = longest + 2;
            if (stream is BacktrackStream backtrack) backtrack.Reserve(Lead + overlap);
            // A window's buffer, as large as the data it holds: a full window is 64 MB, and a deflated report inflates to a few
            // kilobytes (its length is not known before it is inflated, so the buffer grows as the window fills).
            int full = Lead + WindowSize + overlap;
            var buffer = new byte[(int)Math.Min(full, length < 0 ? 64 << 10 : length + Lead + overlap)];
            bool ended = false;
            for (long start = 0; (length < 0 ? !ended : start < length) && pending.Count > 0; start += WindowSize)
            {
                long from = Math.Max(0, start - Lead);
                int lead = (int)(start - from);
                int want = (int)Math.Min(full - (Lead - lead), length < 0 ? long.MaxValue : length - from);
                stream.Position = from;
                int got = 0;
                while (got < want)
                {
                    // Four times larger at each step: fewer copies and less garbage than doubling on the way to a full window.
                    if (got == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(full, 4L * buffer.Length));
                    int n = stream.Read(buffer, got, Math.Min(want, buffer.Length) - got);
                    if (n <= 0) break;
                    got += n;
                }
                ended = got < want;
                if (inflatedOf != null && start == 0) pixels = PixelValueSpan.OfInflated(inflatedOf, buffer, got);
                // Read before folding: folded, ESC ( B and ESC ( b are one.
                var text = iso2022?.Scan(buffer, got) ?? Iso2022Text.None;
                NeedleSet.Fold(buffer, got);
                var window = new ReadOnlySpan<byte>(buffer, 0, got);
                bool last = length < 0 ? ended : start + WindowSize >= length;
                int ownEnd = last ? int.MaxValue : lead + WindowSize;
                // In the order one buffer's search takes them, so that of two forms found at one offset the same is kept.
                var stillPending = new List<NeedleSet.Needle>(pending.Count);
                var gates = new Dictionary<string, bool>(StringComparer.Ordinal);
                foreach (var needle in pending)
                {
                    long at = NeedleSet.MayHold(window, needle, gates) ? text.Find(pixels, window, from, needle, lead) : -1;
                    // A match starting in the overlap belongs to the next window, which sees what follows it.
                    if (at >= ownEnd) at = -1;
                    // Text joined over escape sequences that changed nothing: its matches beyond those of the bytes as written.
                    int joined = text.Joins(pixels, window, from, needle, lead, ownEnd, out long joinedAt);
                    if (at < 0 && joined == 0)
                    {
                        stillPending.Add(needle);
                        continue;
                    }
                    long first = from + (at < 0 || (joinedAt >= 0 && joinedAt < at) ? joinedAt : at);
                    int codes = coded.Capacity(needle);
                    if (codes > 0)
                    {
                        if (!counted.TryGetValue(needle, out var tally)) counted.Add(needle, tally = new long[] { first, 0 });
                        tally[0] = Math.Min(tally[0], first);
                        tally[1] += joined;
                        for (; at >= 0 && at < ownEnd; at = text.Find(pixels, window, from, needle, (int)at + 1)) tally[1]++;
                        // Past what the kept text explains for any of its values: a leak at its first match, no need to count on.
                        if (tally[1] <= codes) stillPending.Add(needle);
                        else RecordUnexplained(found, needle, tally[0], (int)tally[1], coded, location);
                        continue;
                    }
                    RecordUnexplained(found, needle, first, 1, coded, location);
                }
                pending = stillPending;
            }
            // Counted to the end: each value its kept text does not explain.
            foreach (var entry in counted)
            {
                if (entry.Value[1] <= coded.Capacity(entry.Key)) RecordUnexplained(found, entry.Key, entry.Value[0], (int)entry.Value[1], coded, location);
            }
        }

        // Each value the needle stands for, unless the output's kept text holds as many matches of it as were found (one owner
        // of a needle can be a kept attribute where it stands, another a removed description with the same text).
        [MethodImpl(HotPath.Optimized)]
        private static void RecordUnexplained(Dictionary<AuditValue, List<DeidLeak>> found, NeedleSet.Needle needle, long at, int matches, ExplainedMatches coded, LeakLocation location)
        {
            var capacities = coded.Capacities(needle);
            for (int i = 0; i < needle.Owners.Count; i++)
            {
                if (i < capacities.Length && matches <= capacities[i]) continue;
                var (value, form) = needle.Owners[i];
                Record(found, value, new DeidLeak(value, form, location, at));
            }
        }

        /// <summary><see cref="OpenInflated(byte[])"/> for an output read from its file.</summary>
        private BacktrackStream? OpenInflatedFile(string path)
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            try
            {
                var head = new byte[64 << 10];
                int got = 0, n;
                while (got < head.Length && (n = stream.Read(head, got, head.Length - got)) > 0) got += n;
                Array.Resize(ref head, got);
                int start = MetaEnd(head, out string? transferSyntax);
                if (start < 0 || transferSyntax != DeflatedUid)
                {
                    stream.Dispose();
                    return null;
                }
                stream.Position = start;
                return Inflating(stream);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        private static void AddSets(DicomDataset dataset, List<DicomCharacterSet> sets)
        {
            var own = dataset.CharacterSet;
            if (!sets.Exists(s => ReferenceEquals(s, own) || string.Join("\\", s.Terms) == string.Join("\\", own.Terms))) sets.Add(own);
            foreach (var e in dataset.Elements)
            {
                if (e.Sequence is not DicomSequence seq) continue;
                for (int i = 0; i < seq.Count; i++) AddSets(seq[i], sets);
            }
        }

        // One leak per value and location: the earliest match of any of its forms.
        [MethodImpl(HotPath.Optimized)]
        private static void Search(byte[] buffer, LeakLocation location, NeedleSet needles, Dictionary<AuditValue, List<DeidLeak>> found, ExplainedMatches coded, PixelValueSpan pixels, Iso2022Scanner? iso2022)
        {
            // Read before folding: folded, ESC ( B and ESC ( b are one.
            var text = iso2022?.Scan(buffer, buffer.Length) ?? Iso2022Text.None;
            NeedleSet.Fold(buffer);
            var gates = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var needle in needles.Needles)
            {
                long at = NeedleSet.MayHold(buffer, needle, gates) ? text.Find(pixels, buffer, 0, needle, 0) : -1;
                // Text joined over escape sequences that changed nothing: its matches beyond those of the bytes as written.
                int joined = text.Joins(pixels, buffer, 0, needle, 0, int.MaxValue, out long joinedAt);
                if (at < 0 && joined == 0) continue;
                int capacity = coded.Capacity(needle);
                int matches = joined + (at < 0 ? 0 : capacity <= 0 ? 1 : text.Count(pixels, buffer, 0, needle, at, capacity + 1));
                RecordUnexplained(found, needle, at < 0 || (joinedAt >= 0 && joinedAt < at) ? joinedAt : at, matches, coded, location);
            }
        }

        /// <summary>The folder names of a relative path, without its file name.</summary>
        private static IEnumerable<string> Folders(string? relativePath)
        {
            if (string.IsNullOrEmpty(relativePath)) yield break;
            var parts = relativePath!.Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < parts.Length - 1; i++)
            {
                if (parts[i] != "." && parts[i] != "..") yield return parts[i];
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static void SearchName(string name, LeakLocation location, List<AuditValue> values, Dictionary<AuditValue, List<DeidLeak>> found)
        {
            var folded = Encoding.UTF8.GetBytes(name);
            NeedleSet.Fold(folded);
            foreach (var value in values)
            {
                foreach (string form in value.Forms)
                {
                    var bytes = Encoding.UTF8.GetBytes(form);
                    NeedleSet.Fold(bytes);
                    if (NeedleSet.Find(folded, new NeedleSet.Needle(bytes, AuditForms.IsNumeric(form), value.WordForms.Contains(form))) < 0) continue;
                    Record(found, value, new DeidLeak(value, form, location, -1));
                    break;
                }
                foreach (string compact in value.GroupedForms)
                {
                    var bytes = Encoding.ASCII.GetBytes(compact);
                    NeedleSet.Fold(bytes);
                    if (NeedleSet.Find(folded, new NeedleSet.Needle(bytes, AuditForms.IsNumeric(compact), grouped: true)) < 0) continue;
                    Record(found, value, new DeidLeak(value, compact, location, -1));
                    break;
                }
            }
        }

        private static void Record(Dictionary<AuditValue, List<DeidLeak>> found, AuditValue value, DeidLeak leak)
        {
            if (!found.TryGetValue(value, out var list))
            {
                list = new List<DeidLeak>(1);
                found.Add(value, list);
            }
            int i = list.FindIndex(l => l.Location == leak.Location);
            if (i < 0) list.Add(leak);
            else if (leak.ByteOffset < list[i].ByteOffset) list[i] = leak;
        }

        /// <summary>
        /// The dataset after the file meta, inflated as it is read, when the output's Transfer Syntax UID says deflated; else null.
        /// The caller disposes it.
        /// </summary>
        private BacktrackStream? OpenInflated(byte[] file)
        {
            int start = MetaEnd(file, out string? transferSyntax);
            if (start < 0 || transferSyntax != DeflatedUid) return null;
            return Inflating(new MemoryStream(file, start, file.Length - start, false));
        }

        /// <summary>
        /// The deflated dataset read from <paramref name="compressed"/> (disposed with it), inflated up to
        /// <see cref="MaxInflatedBytes"/>, going back as far as a window search needs.
        /// </summary>
        private BacktrackStream Inflating(Stream compressed) =>
            new BacktrackStream(new DeflateStream(compressed, CompressionMode.Decompress), MaxInflatedBytes, BacktrackBytes);

        /// <summary>How far a window search goes back: the two bytes of context and the longest needle, with room to spare.</summary>
        private const int BacktrackBytes = 64 << 10;

        /// <summary>
        /// Walks the file meta (group 0002, always explicit VR little endian, PS3.10 §7.1) after the preamble and "DICM";
        /// returns where the dataset starts, or -1 for a file without meta.
        /// </summary>
        internal static int MetaEnd(byte[] file, out string? transferSyntax)
        {
            transferSyntax = null;
            if (file.Length < 132 || file[128] != 'D' || file[129] != 'I' || file[130] != 'C' || file[131] != 'M') return -1;
            int pos = 132;
            while (pos + 8 <= file.Length && file[pos] == 0x02 && file[pos + 1] == 0x00)
            {
                int element = file[pos + 2] | (file[pos + 3] << 8);
                string vr = Encoding.ASCII.GetString(file, pos + 4, 2);
                bool longForm = vr == "OB" || vr == "OW" || vr == "OF" || vr == "SQ" || vr == "UT" || vr == "UN" || vr == "UC" || vr == "UR"
                    || vr == "OD" || vr == "OL" || vr == "OV" || vr == "SV" || vr == "UV";
                long length;
                int header;
                if (longForm)
                {
                    if (pos + 12 > file.Length) return -1;
                    length = (uint)(file[pos + 8] | (file[pos + 9] << 8) | (file[pos + 10] << 16) | (file[pos + 11] << 24));
                    header = 12;
                }
                else
                {
                    length = file[pos + 6] | (file[pos + 7] << 8);
                    header = 8;
                }
                if (pos + header + length > file.Length) return -1;
                if (element == 0x0010) transferSyntax = Encoding.ASCII.GetString(file, pos + header, (int)length).TrimEnd('\0', ' ');
                pos += header + (int)length;
            }
            return pos;
        }
    }
}
