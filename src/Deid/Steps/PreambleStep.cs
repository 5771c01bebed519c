using System;
using System.Runtime.CompilerServices;

namespace Deid.Steps
{
    /// <summary>
    /// Writes the 128-byte file preamble as zeros: it is free for any use (PS3.10 §7.1), so a source may have put text there —
    /// a name, an accession number — that the codec, which writes an unchanged file byte for byte, would carry over. With
    /// <see cref="Keep"/> it is left as it is, for DICOM/TIFF dual-format files, whose TIFF header lives there.
    /// </summary>
    public sealed class PreambleStep : IFileStep
    {
        /// <summary>The step's name in results and warnings.</summary>
        public const string StepName = "Preamble";

        /// <summary>Creates the step; <paramref name="keep"/> leaves every preamble as it is (and only counts the non-zero ones).</summary>
        public PreambleStep(bool keep = false) => Keep = keep;

        /// <summary>True when preambles are kept as they are.</summary>
        public bool Keep { get; }

        /// <inheritdoc/>
        public string Name => StepName;

        /// <inheritdoc/>
        public IFileStepRun Begin(FileStepContext context)
        {
            if (context == null) throw new ArgumentNullException(nameof(context));
            return new Run(this, context);
        }

        private sealed class Run : IFileStepRun
        {
            private readonly PreambleStep _step;
            private readonly FileStepContext _context;

            public Run(PreambleStep step, FileStepContext context)
            {
                _step = step;
                _context = context;
            }

            public IStepStatistics Apply()
            {
                var preamble = _context.File.Preamble;
                if (preamble == null || IsZero(preamble)) return new PreambleStatistics(false, false);
                if (_step.Keep) return new PreambleStatistics(false, true);
                _context.File.Preamble = new byte[128];
                return new PreambleStatistics(true, false);
            }

            // A loop of ours, not Array.TrueForAll: a delegate call per byte in framework code that pwsh leaves in tiered PGO's
            // instrumented tier (see HotPath) cost 2 % of a small file's CPU, 128 calls and probes a file.
            [MethodImpl(HotPath.Optimized)]
            private static bool IsZero(byte[] preamble)
            {
                for (int i = 0; i < preamble.Length; i++)
                {
                    if (preamble[i] != 0) return false;
                }
                return true;
            }
        }
    }
}
