using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Identifiers;
using Deid.Recipes;

namespace Deid.Benchmarks
{
    /// <summary>
    /// Commands measured as whole processes by bench/EndToEnd.ps1:
    /// headers DIR | copy SRC DST | ids DIR | replace SRC DST RECIPE [THREADS] | replace-passes SRC DST RECIPE PASSES [THREADS] |
    /// jpeg-walk DIR PASSES | make-large PATH MEGABYTES.
    /// Each prints files, bytes and seconds on one line ("files=N bytes=N seconds=S").
    /// </summary>
    internal static class EndToEnd
    {
        public static bool TryRun(string[] args, out int code)
        {
            code = 0;
            var sw = Stopwatch.StartNew();
            long files = 0, bytes = 0;
            switch (args[0])
            {
                case "headers":
                    foreach (var f in Files(args[1]))
                    {
                        var file = DicomFile.Open(f, DicomReadOptions.HeaderOnly);
                        if (file.Dataset.Count == 0) code = 1;
                        files++;
                        bytes += new FileInfo(f).Length;
                    }
                    break;
                case "copy":
                    Directory.CreateDirectory(args[2]);
                    foreach (var f in Files(args[1]))
                    {
                        DicomFile.Open(f).Save(Path.Combine(args[2], Path.GetFileName(f)), overwrite: true);
                        files++;
                        bytes += new FileInfo(f).Length;
                    }
                    break;
                case "ids":
                    foreach (var f in Files(args[1]))
                    {
                        var ids = IdentifierExtractor.Extract(f);
                        if (ids.Fields.Count == 0) code = 1;
                        files++;
                        bytes += new FileInfo(f).Length;
                    }
                    break;
                case "replace":
                    var batch = ReplaceBatch(DeidRecipe.Parse(File.ReadAllText(args[3]), args[3]), args.Length > 4 ? int.Parse(args[4]) : Environment.ProcessorCount);
                    Directory.CreateDirectory(args[2]);
                    foreach (var r in batch.Run(Requests(Files(args[1]), args[2])))
                    {
                        if (!r.Succeeded) { Console.Error.WriteLine(r); code = 1; }
                        files++;
                        bytes += new FileInfo(r.SourcePath).Length;
                    }
                    break;
                case "replace-passes":
                    files = ReplacePasses(args[1], args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), args.Length > 5 ? int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : Environment.ProcessorCount, out bytes);
                    break;
                case "phases":
                    files = Phases(args[1], args[2], args.Length > 3 ? int.Parse(args[3]) : 5, out bytes);
                    break;
                case "ids-phases":
                    files = IdsPhases(args[1], args.Length > 2 ? int.Parse(args[2]) : 5, out bytes);
                    break;
                case "audit-passes":
                    files = AuditPasses(args[1], args[2], args.Length > 3 ? args[3] : null, args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 4, out bytes);
                    break;
                case "jpeg-walk":
                    files = JpegWalk.Run(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 4, out bytes);
                    break;
                case "make-large-headers":
                    files = MakeLargeHeaders(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), out bytes);
                    break;
                case "make-large":
                    MakeLarge(args[1], long.Parse(args[2]), deflated: args.Length > 3 && args[3] == "deflated");
                    files = 1;
                    bytes = new FileInfo(args[1]).Length;
                    break;
                default:
                    return false;
            }
            // Allocation and collections tell where CPU goes beyond the work itself (GC and its write barriers scale with them).
            Console.WriteLine(FormattableString.Invariant($"files={files} bytes={bytes} seconds={sw.Elapsed.TotalSeconds:F3} allocated/file={GC.GetTotalAllocatedBytes() / Math.Max(files, 1)} gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)}"));
            return true;
        }

        /// <summary>
        /// Steady-state cost of each phase per file (the files held in memory, <paramref name="rounds"/> passes, the first one
        /// discarded as warm-up): where the engine's time goes once the JIT is done, to set beside the end-to-end CPU per file.
        /// </summary>
        private static long Phases(string dir, string recipePath, int rounds, out long bytes)
        {
            var data = new List<byte[]>();
            foreach (var f in Files(dir)) data.Add(File.ReadAllBytes(f));
            bytes = 0;
            foreach (var d in data) bytes += d.Length;
            var engine = new HeaderActionEngine(DeidRecipe.Parse(File.ReadAllText(recipePath), recipePath));
            var warnings = new List<string>();
            var read = new Stopwatch();
            var apply = new Stopwatch();
            var write = new Stopwatch();
            long allocated = 0, readBytes = 0, applyBytes = 0, writeBytes = 0;
            var cpu = TimeSpan.Zero;
            for (int round = 0; round < rounds; round++)
            {
                if (round == 1)
                {
                    read.Reset();
                    apply.Reset();
                    write.Reset();
                    allocated = GC.GetAllocatedBytesForCurrentThread();
                    readBytes = applyBytes = writeBytes = 0;
                    cpu = Process.GetCurrentProcess().TotalProcessorTime;
                }
                foreach (var d in data)
                {
                    long a0 = GC.GetAllocatedBytesForCurrentThread();
                    read.Start();
                    var file = DicomFile.Open(d);
                    read.Stop();
                    long a1 = GC.GetAllocatedBytesForCurrentThread();
                    apply.Start();
                    engine.Apply(file, null, warnings);
                    apply.Stop();
                    long a2 = GC.GetAllocatedBytesForCurrentThread();
                    write.Start();
                    DicomWriter.Write(file, Stream.Null);
                    write.Stop();
                    long a3 = GC.GetAllocatedBytesForCurrentThread();
                    readBytes += a1 - a0;
                    applyBytes += a2 - a1;
                    writeBytes += a3 - a2;
                    warnings.Clear();
                }
            }
            double n = (double)data.Count * (rounds - 1);
            // Process CPU (this thread, and whatever the runtime does beside it) is steadier than wall time on a shared machine.
            double cpuPerFile = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / n;
            Console.WriteLine(FormattableString.Invariant($"per file (steady state): CPU {cpuPerFile:F1} us; wall: read {read.Elapsed.TotalMilliseconds * 1000 / n:F1} us, apply {apply.Elapsed.TotalMilliseconds * 1000 / n:F1} us, write {write.Elapsed.TotalMilliseconds * 1000 / n:F1} us; allocated per file: read {readBytes / n:F0} B, apply {applyBytes / n:F0} B, write {writeBytes / n:F0} B, all {(GC.GetAllocatedBytesForCurrentThread() - allocated) / n:F0} B"));
            return data.Count;
        }

        /// <summary>
        /// The replace of a batch, from disk to disk, pass after pass in one process: CPU per file per pass, which shows how long
        /// the runtime takes to reach its final code (README, "Where the per-file CPU goes"). Copy the module's ReadyToRun images
        /// (out/Deid/ReadyToRun/linux-x64) beside this program to measure what the module runs.
        /// </summary>
        private static long ReplacePasses(string dir, string outDir, string recipePath, int passes, int threads, out long bytes)
        {
            var recipe = DeidRecipe.Parse(File.ReadAllText(recipePath), recipePath);
            var sources = new List<string>(Files(dir));
            bytes = 0;
            foreach (var f in sources) bytes += new FileInfo(f).Length;
            var perPass = new List<string>();
            for (int pass = 0; pass < passes; pass++)
            {
                if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
                Directory.CreateDirectory(outDir);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                foreach (var r in ReplaceBatch(recipe, threads).Run(Requests(sources, outDir)))
                {
                    if (!r.Succeeded) throw new InvalidOperationException(r.ToString());
                }
                perPass.Add(FormattableString.Invariant($"{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / sources.Count:F0}"));
            }
            Console.WriteLine("CPU per pass, us a file: " + string.Join(", ", perPass));
            return sources.Count * (long)passes;
        }

        // A batch as Invoke-DeidReplace makes one (a new engine, outputs replaced), and its requests: each file by its own name.
        private static DeidBatch ReplaceBatch(DeidRecipe recipe, int threads) =>
            new DeidBatch(new HeaderActionEngine(recipe)) { Overwrite = true, ThrottleLimit = threads };

        private static List<DeidFileRequest> Requests(IEnumerable<string> sources, string outDir)
        {
            var requests = new List<DeidFileRequest>();
            foreach (var f in sources) requests.Add(new DeidFileRequest(f, Path.Combine(outDir, Path.GetFileName(f))));
            return requests;
        }

        /// <summary>
        /// Test-DeidOutput's audit of each original in <paramref name="originals"/> against the file of the same name in
        /// <paramref name="outputs"/>, on one thread, <paramref name="rounds"/> passes in one process: CPU, wall time and
        /// allocation a pair for each pass (the first one with the JIT), and how many pairs leaked.
        /// </summary>
        private static long AuditPasses(string originals, string outputs, string? recipePath, int rounds, out long bytes)
        {
            var files = new List<string>(Files(originals));
            files.Sort(StringComparer.Ordinal);
            bytes = 0;
            var audit = recipePath == null ? new Deid.Audit.DeidAudit() : new Deid.Audit.DeidAudit(DeidRecipe.Parse(File.ReadAllText(recipePath), recipePath));
            for (int round = 0; round < rounds; round++)
            {
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                int leaked = 0;
                foreach (var f in files)
                {
                    if (audit.Audit(f, Path.Combine(outputs, Path.GetFileName(f))).Leaked) leaked++;
                    if (round == 0) bytes += new FileInfo(f).Length;
                }
                double n = files.Count;
                Console.WriteLine(FormattableString.Invariant($"pass {round}: {wall.Elapsed.TotalMilliseconds * 1000 / n:F0} us a pair, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / n:F0} us, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / n / 1024:F0} KB allocated, {leaked} leaked"));
            }
            return files.Count;
        }

        /// <summary>Steady-state cost of Get-DicomIdentifier's engine part per file: read (as it reads) and list the fields.</summary>
        private static long IdsPhases(string dir, int rounds, out long bytes)
        {
            var files = new List<string>(Files(dir));
            bytes = 0;
            var read = new Stopwatch();
            var list = new Stopwatch();
            long readBytes = 0, listBytes = 0;
            var perRound = new List<string>();
            for (int round = 0; round < rounds; round++)
            {
                if (round == 1)
                {
                    read.Reset();
                    list.Reset();
                    readBytes = listBytes = 0;
                }
                var roundTime = Stopwatch.StartNew();
                foreach (var f in files)
                {
                    long a0 = GC.GetAllocatedBytesForCurrentThread();
                    read.Start();
                    var file = DicomFile.Open(f, DicomReadOptions.Default);
                    read.Stop();
                    long a1 = GC.GetAllocatedBytesForCurrentThread();
                    list.Start();
                    var ids = IdentifierExtractor.Extract(file, f);
                    list.Stop();
                    long a2 = GC.GetAllocatedBytesForCurrentThread();
                    readBytes += a1 - a0;
                    listBytes += a2 - a1;
                    if (ids.Fields.Count == 0) throw new InvalidOperationException(f);
                }
                perRound.Add(FormattableString.Invariant($"{roundTime.Elapsed.TotalMilliseconds * 1000 / files.Count:F0}"));
            }
            // How long the runtime takes to reach its final code (tiered compilation, with Tiered PGO's instrumented tiers):
            // the rounds get faster for tens of thousands of files. DOTNET_TieredPGO=0 beside a default run shows its share.
            Console.WriteLine("read + list per round, us a file: " + string.Join(", ", perRound));
            double n = (double)files.Count * (rounds - 1);
            Console.WriteLine(FormattableString.Invariant($"per file (steady state): read {read.Elapsed.TotalMilliseconds * 1000 / n:F1} us {readBytes / n:F0} B, list {list.Elapsed.TotalMilliseconds * 1000 / n:F1} us {listBytes / n:F0} B"));
            return files.Count;
        }

        private static IEnumerable<string> Files(string dir)
        {
            var list = new List<string>(Directory.GetFiles(dir));
            list.Sort(StringComparer.Ordinal);
            return list;
        }

        /// <summary>
        /// A multi-frame file with megabytes × 1 MiB of pixel data (frames of 1024×1024 8-bit), written without ever holding the
        /// pixels: they come from a sparse raw file through a value reference.
        /// </summary>
        /// <summary>
        /// <paramref name="count"/> copies of a file whose header is an RT structure set's bulk: <paramref name="contours"/> items
        /// of ROI Contour Sequence, each a contour of 200 points (600 DS values), about 4 KB of header a contour.
        /// </summary>
        private static int MakeLargeHeaders(string folder, int count, int contours, out long bytes)
        {
            Directory.CreateDirectory(folder);
            var file = Samples.DicomSampleGenerator.Create(0, new Samples.DicomSampleOptions { Seed = 3 }).File;
            var roi = file.Dataset.GetOrAddSequence(new DicomTag(0x3006, 0x0039));
            var random = new Random(1);
            var points = new System.Text.StringBuilder();
            for (int i = 0; i < contours; i++)
            {
                var contour = roi.AddItem().GetOrAddSequence(new DicomTag(0x3006, 0x0040)).AddItem();
                contour.SetString(new DicomTag(0x3006, 0x0042), DicomVR.CS, "CLOSED_PLANAR");
                points.Clear();
                for (int k = 0; k < 600; k++)
                {
                    if (k > 0) points.Append('\\');
                    points.Append((random.NextDouble() * 500).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
                }
                contour.SetString(new DicomTag(0x3006, 0x0050), DicomVR.DS, points.ToString());
            }
            string first = Path.Combine(folder, "rtstruct-0000.dcm");
            file.Save(first, overwrite: true);
            for (int i = 1; i < count; i++) File.Copy(first, Path.Combine(folder, $"rtstruct-{i:D4}.dcm"), overwrite: true);
            bytes = new FileInfo(first).Length * count;
            return count;
        }

        private static void MakeLarge(string path, long megabytes, bool deflated)
        {
            string raw = path + ".raw";
            using (var fs = new FileStream(raw, FileMode.Create, FileAccess.Write)) fs.SetLength(megabytes << 20);
            var file = Samples.DicomSampleGenerator.Create(0, new Samples.DicomSampleOptions { Modality = Samples.SampleModality.US, Rows = 1024, Columns = 1024 }).File;
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0028, 0x0008), DicomVR.IS, megabytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ds.SetValueRef(DicomTag.PixelData, DicomVR.OB, new DicomValueRef(DicomValueSource.FromFile(raw), 0, megabytes << 20));
            // Deflated: the memory rows of a file whose dataset is inflated to be read (its large values stay in the file).
            if (deflated) file.ChangeTransferSyntax(TransferSyntax.DeflatedExplicitVRLittleEndian);
            file.Save(path, overwrite: true);
            File.Delete(raw);
        }
    }
}
