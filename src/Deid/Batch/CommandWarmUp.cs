using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using Deid.Actions;
using Deid.Dicom;
using Deid.Filters;
using Deid.Identifiers;
using Deid.Pixels;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Batch
{
    /// <summary>
    /// Compiles a command's per-element code on a thread of its own while PowerShell is still binding the command's parameters
    /// and reading its recipe, instead of on the first files: once per process and kind of command (replacing, listing
    /// identifiers, evaluating filters), by doing the command's work on one small synthetic file in memory.
    /// </summary>
    /// <remarks>
    /// Why: the reader's, writer's and engine's per-element methods are compiled fully optimised on first call
    /// (<c>HotPath.Optimized</c>, so that they are never re-tiered), some 170 methods and 90-100 ms of compilation for a
    /// replace of the 2,100 cookies. Without this the first worker compiled them one after another and the second waited on
    /// the same methods: the first output appeared 150 ms after the command started, against 7 ms once compiled (output
    /// files' times, 2026-12-06), while one of the two cores sat idle through PowerShell's parameter binding and the recipe's
    /// parsing. The work is the run's own (what it compiles the first file would have compiled), done earlier on the idle
    /// core; a second command of the kind in the same process finds it done. Nothing it does is seen: no file, no output, no
    /// warning, the user's script-block variables never called (none are given to it), its own UID generator; any failure
    /// only leaves the code to be compiled where it was before. Measured over the 2,100 cookies (fresh pwsh, a Stopwatch
    /// around <c>Invoke-DeidReplace -Path dir/* -Recipe dicom</c>, five alternating runs each): the first output at 93-97
    /// against 140-147 ms, the command 395-410 against 443-479 ms; the whole process's CPU over the 2,000 small CT files
    /// 0.92-0.94 against 0.91-0.94 s.
    /// </remarks>
    public static class CommandWarmUp
    {
        // How long the replace's warm-up waits for the command's recipe after warming the rest: a command that fails its
        // parameter binding never offers one.
        private static readonly TimeSpan RecipeWait = TimeSpan.FromSeconds(10);

        // The recipe of the replace that started it, once bound; read by the warm-up thread.
        private static DeidRecipe? _recipe;
        private static readonly ManualResetEventSlim RecipeOffered = new ManualResetEventSlim(false);

        /// <summary>Invoke-DeidReplace's warm-up, once started (for tests).</summary>
        internal static WarmUpRun? ReplaceRun { get; private set; }

        /// <summary>Get-DicomIdentifier's warm-up, once started (for tests).</summary>
        internal static WarmUpRun? IdentifiersRun { get; private set; }

        /// <summary>Test-DicomBurnedPixel's warm-up, once started (for tests).</summary>
        internal static WarmUpRun? FiltersRun { get; private set; }

        private static int _replace, _identifiers, _filters;

        /// <summary>
        /// Starts the replace's warm-up, the first time in the process: the recipe parser, reader, writer and engine at once,
        /// then the engine with the recipe given to <see cref="Offer"/>. Call it as early as a replace is known to come (a
        /// cmdlet's constructor runs before its parameters are bound).
        /// </summary>
        public static void BeginReplace()
        {
            if (Interlocked.Exchange(ref _replace, 1) == 0) ReplaceRun = WarmUpRun.Start(RunReplace);
        }

        /// <summary>
        /// Starts the warm-up of listing identifiers, the first time in the process: a file read and listed, and its result
        /// turned into what the command writes by <paramref name="finish"/> (Get-DicomIdentifier's PowerShell object).
        /// </summary>
        public static void BeginIdentifiers(Func<DicomIdentifiers, object>? finish = null)
        {
            if (Interlocked.Exchange(ref _identifiers, 1) == 0) IdentifiersRun = WarmUpRun.Start(() => WarmIdentifiers(finish));
        }

        /// <summary>Starts the warm-up of evaluating filters on headers, the first time in the process.</summary>
        public static void BeginFilters()
        {
            if (Interlocked.Exchange(ref _filters, 1) == 0) FiltersRun = WarmUpRun.Start(() => WarmFilters());
        }

        /// <summary>Gives the replace's warm-up the recipe the command will apply, so that the engine's code for its actions is compiled too.</summary>
        public static void Offer(DeidRecipe? recipe)
        {
            if (recipe == null || RecipeOffered.IsSet) return;
            Interlocked.CompareExchange(ref _recipe, recipe, null);
            RecipeOffered.Set();
        }

        // The recipe syntax a replace meets, and one line of each action kind: parsed and compiled into an engine first, since
        // the command's own recipe is parsed and its engine built on the pipeline thread meanwhile (18 and 22 ms the first time,
        // 2 and 0.1 ms after).
        internal const string WarmUpRecipe = @"FORMAT dicom
%filter graylist
LABEL Warm-up
  contains Modality ^(CT)$
  + contains Manufacturer GE
  + equals Rows 2
  ctpcoordinates 0,0,2,1
%header
ADD PatientIdentityRemoved YES
REPLACE PatientName ANONYMOUS
REPLACE StudyDate 19000101
REPLACE SOPInstanceUID deid_func:pydicom_uuid
REPLACE (0008,1111) deid_func:remove_or_empty
BLANK InstitutionName
BLANK (0008,0090)
REMOVE (0010,1040)
REMOVE contains:Physician
REMOVE contains:^[0-9a-f]{3}[13579bdf][0-9a-f]{4}$
REMOVE select:VR:PN
REMOVE select:GROUP:6000
KEEP Modality
JITTER AcquisitionDate 1
";

        private static void RunReplace()
        {
            try
            {
                WarmCodec();
                if (RecipeOffered.Wait(RecipeWait) && Volatile.Read(ref _recipe) is DeidRecipe recipe) WarmRecipe(recipe);
            }
            finally
            {
                // Not kept alive for the rest of the session.
                Volatile.Write(ref _recipe, null);
            }
        }

        /// <summary>
        /// The part of the replace that needs no recipe: the recipe parser and engine (with <see cref="WarmUpRecipe"/>), the
        /// reader and writer, the look into JPEG frames.
        /// </summary>
        internal static void WarmCodec()
        {
            var engine = new HeaderActionEngine(DeidRecipe.Parse(WarmUpRecipe, "warm-up"), new DeidReplaceOptions(), new UidGenerator());
            ReplaceInMemory(engine, SampleBytes());
            WalkJpeg();
        }

        /// <summary>The engine's code for <paramref name="recipe"/>'s actions: the small file de-identified with it, no variables given.</summary>
        internal static void WarmRecipe(DeidRecipe recipe) =>
            ReplaceInMemory(new HeaderActionEngine(recipe, new DeidReplaceOptions(), new UidGenerator()), SampleBytes());

        /// <summary>Get-DicomIdentifier's work on the small file: read, weighed, listed (nested too), finished.</summary>
        internal static DicomIdentifiers WarmIdentifiers(Func<DicomIdentifiers, object>? finish)
        {
            var file = DicomFile.Open(SampleBytes(), DicomReadOptions.Default, "warm-up");
            HeaderWeight.Of(file);
            var ids = IdentifierExtractor.Extract(file, "warm-up", new IdentifierOptions { ExpandSequences = true });
            finish?.Invoke(ids);
            return ids;
        }

        /// <summary>Test-DicomBurnedPixel's work on the small file: its header read and the warm-up recipe's filters evaluated.</summary>
        internal static BurnedPixelResult WarmFilters()
        {
            var evaluator = new FilterEvaluator(DeidRecipe.Parse(WarmUpRecipe, "warm-up"));
            return evaluator.Evaluate(DicomFile.Open(SampleBytes(), FilterEvaluator.ReadOptions, "warm-up"));
        }

        /// <summary>What a worker does to a file, in memory: read, de-identify, name, write.</summary>
        internal static DicomFile ReplaceInMemory(HeaderActionEngine engine, byte[] bytes)
        {
            var file = DicomFile.Open(bytes, DicomReadOptions.Default, "warm-up");
            // What every file's reading asks of its header: strings in its character set, numbers.
            file.Dataset.GetStrings(DicomTags.PatientName);
            file.Dataset.TryGetInteger(DicomTags.Rows, out _);
            OutputPathIdentifiers.Collect(file.Dataset);
            engine.Apply(file, null, new List<DeidWarning>(), "warm-up");
            DicomWriter.Write(file, Stream.Null);
            return file;
        }

        /// <summary>
        /// A small file with what headers commonly hold (names, dates, times, UIDs, numbers, a nested sequence, a private block,
        /// pixel data), written in memory. Built here rather than by the sample generator, whose own first call costs more
        /// than the rest of the warm-up's reading and writing.
        /// </summary>
        internal static byte[] SampleBytes()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
            ds.SetString(DicomTags.ImageType, DicomVR.CS, @"ORIGINAL\PRIMARY\AXIAL");
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "2.25.1");
            ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20200102");
            ds.SetString(DicomTags.AcquisitionDate, DicomVR.DA, "20200102");
            ds.SetString(DicomTags.AcquisitionDateTime, DicomVR.DT, "20200102030405");
            ds.SetString(DicomTags.StudyTime, DicomVR.TM, "030405.123");
            ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "A1");
            ds.SetString(DicomTags.Modality, DicomVR.CS, "CT");
            ds.SetString(DicomTags.Manufacturer, DicomVR.LO, "GE");
            ds.SetString(DicomTags.InstitutionName, DicomVR.LO, "HOSPITAL");
            ds.SetString(DicomTags.InstitutionAddress, DicomVR.ST, "1 STREET");
            ds.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "DOE^JOHN");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "DOE^JANE");
            ds.SetString(DicomTags.PatientID, DicomVR.LO, "123");
            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19700101");
            ds.SetString(DicomTags.PatientSex, DicomVR.CS, "F");
            ds.SetString(DicomTags.PatientAge, DicomVR.AS, "050Y");
            ds.SetString(DicomTags.SliceThickness, DicomVR.DS, "1.25");
            ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, "2.25.2");
            ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, "2.25.3");
            ds.SetString(DicomTags.InstanceNumber, DicomVR.IS, "1");
            var item = ds.GetOrAddSequence(DicomTags.ReferencedStudySequence).AddItem();
            item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, "1.2.840.10008.3.1.2.3.1");
            item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, "2.25.2");
            ds.SetString(new DicomTag(0x0009, 0x0010), DicomVR.LO, "WARM UP");
            ds.SetString(new DicomTag(0x0009, 0x1001), DicomVR.LO, "JANE");
            ds.SetNumbers(DicomTags.SamplesPerPixel, DicomVR.US, 1);
            ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
            ds.SetNumbers(DicomTags.Rows, DicomVR.US, 2);
            ds.SetNumbers(DicomTags.Columns, DicomVR.US, 2);
            ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, 16);
            ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, 12);
            ds.SetNumbers(DicomTags.HighBit, DicomVR.US, 11);
            ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
            ds.SetRawValue(DicomTags.PixelData, DicomVR.OW, new byte[8]);
            using var buffer = new MemoryStream();
            DicomWriter.Write(file, buffer);
            return buffer.ToArray();
        }

        /// <summary>The look for text segments every JPEG file gets, over a minimal baseline codestream.</summary>
        internal static bool WalkJpeg()
        {
            byte[] frame =
            {
                0xFF, 0xD8, // SOI
                0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, // JFIF
                0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, // SOS
                0x12, 0xFF, 0x00, 0x34, // entropy-coded data with a stuffed 0xFF
                0xFF, 0xD9, // EOI
            };
            // Made while the file is written (JpegTextOnWrite); the walk of JpegTextStripper runs only for a file with text.
            var scan = new JpegFrameScan(jpegLs: false);
            scan.Reset();
            scan.Feed(frame.AsSpan(0, 12));
            scan.Feed(frame.AsSpan(12));
            return scan.IsCertainlyClean;
        }
    }

    /// <summary>One warm-up: its thread, and whether it ran to its end.</summary>
    internal sealed class WarmUpRun
    {
        private WarmUpRun(Thread thread) => Thread = thread;

        /// <summary>The warm-up's thread.</summary>
        internal Thread Thread { get; }

        /// <summary>True once the warm-up has run to its end without an exception.</summary>
        internal bool Completed { get; private set; }

        /// <summary>
        /// Runs <paramref name="work"/> on a new background thread (null when none can be started), first loading the caller's
        /// culture's collation (the pipeline's: a -Path with wildcards is listed by the module and sorted by it, and its first
        /// comparison loads it, 8 ms).
        /// </summary>
        internal static WarmUpRun? Start(Action work)
        {
            var culture = CultureInfo.CurrentCulture;
            WarmUpRun? run = null;
            // A thread of its own, not the thread pool's: the commands' workers come from the pool, which adds threads beyond
            // its minimum only slowly, and a worker must never wait for the warm-up to free one.
            var thread = new Thread(() =>
            {
                try
                {
                    culture.CompareInfo.Compare("image1-10.dcm", "IMAGE1-9.dcm", CompareOptions.IgnoreCase);
                    work();
                    run!.Completed = true;
                }
                catch (Exception)
                {
                    // The only effect of a warm-up is compiled code: one that fails (even for want of memory) leaves the
                    // compiling to the first files, and must not end the session as an exception unhandled on its thread would.
                }
            })
            { IsBackground = true, Name = "Deid warm-up" };
            run = new WarmUpRun(thread);
            try
            {
                thread.Start();
            }
            catch (Exception)
            {
                // No thread to be had (a process at its limit): the command runs as it would without a warm-up.
                return null;
            }
            return run;
        }
    }
}
