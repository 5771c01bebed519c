using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom;
using Deid.Samples;

namespace Deid.Fuzz
{
    /// <summary>One unmutated input: its name, bytes, and what a header-only read found (for structure-aware mutations).</summary>
    public sealed class FuzzSeed
    {
        public FuzzSeed(string name, byte[] bytes)
        {
            Name = name;
            Bytes = bytes;
            try
            {
                var file = DicomFile.Open(bytes, DicomReadOptions.HeaderOnly, name);
                Encoding = file.Dataset.Encoding;
                Deflated = file.TransferSyntax.IsDeflated;
                PixelDataOffset = Deflated ? -1 : file.PixelDataOffset;
                DatasetStart = Deflated ? -1 : file.Dataset.SourceOffset;
                if (Deflated) DeflatedStart = Deid.Audit.DeidAudit.MetaEnd(bytes, out _);
            }
            catch (DicomFormatException)
            {
                // A seed that is already broken (the corpus holds a few on purpose) is mutated without structure.
            }
        }

        public string Name { get; }

        public byte[] Bytes { get; }

        /// <summary>The dataset's encoding, when the seed reads.</summary>
        public DicomEncoding? Encoding { get; }

        public bool Deflated { get; }

        /// <summary>Offset of top-level Pixel Data, or -1.</summary>
        public long PixelDataOffset { get; } = -1;

        /// <summary>Offset of the first dataset element, or -1.</summary>
        public long DatasetStart { get; } = -1;

        /// <summary>For a deflated seed, the offset of its compressed dataset (after the file meta), or -1.</summary>
        public long DeflatedStart { get; } = -1;

        public override string ToString() => Name;
    }

    /// <summary>The seeds: the files under ../shared/data (up to a size) and samples from the in-process generator.</summary>
    public static class FuzzCorpus
    {
        private static readonly string[] NotDicom = { ".txt", ".json", ".dump", ".icc", ".gz", ".zip", ".md", ".py" };

        /// <summary>Loads the seeds, sorted by name so that a seed number means the same input on every machine.</summary>
        public static IReadOnlyList<FuzzSeed> Load(string? dataFolder, int maxFileBytes, int samples)
        {
            var seeds = new List<FuzzSeed>();
            if (dataFolder != null && Directory.Exists(dataFolder))
            {
                foreach (var path in Directory.EnumerateFiles(dataFolder, "*", SearchOption.AllDirectories)
                    .Where(p => !NotDicom.Contains(Path.GetExtension(p).ToLowerInvariant()))
                    .Where(p => Path.GetFileName(p) is not ("LICENSE" or "README"))
                    .OrderBy(p => p, StringComparer.Ordinal))
                {
                    var info = new FileInfo(path);
                    if (info.Length == 0 || info.Length > maxFileBytes) continue;
                    seeds.Add(new FuzzSeed(Path.GetRelativePath(dataFolder, path).Replace('\\', '/'), File.ReadAllBytes(path)));
                }
            }
            var syntaxes = new[] { TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian };
            var modalities = (SampleModality[])Enum.GetValues(typeof(SampleModality));
            for (int i = 0; i < samples; i++)
            {
                var options = new DicomSampleOptions
                {
                    Modality = modalities[i % modalities.Length],
                    TransferSyntax = syntaxes[i / modalities.Length % syntaxes.Length],
                    Seed = i,
                    Rows = 64,
                    Columns = 64,
                };
                var sample = DicomSampleGenerator.Create(i, options);
                using var ms = new MemoryStream();
                DicomWriter.Write(sample.File, ms);
                seeds.Add(new FuzzSeed($"sample-{i}-{options.Modality}-{(options.TransferSyntax.IsExplicitVR ? "explicit" : "implicit")}", ms.ToArray()));
            }
            // Deflated ones too, one for every five: ../shared/data holds a single deflated image.
            for (int j = 0; j < Math.Max(1, samples / 5); j++)
            {
                var options = new DicomSampleOptions
                {
                    Modality = modalities[j % modalities.Length],
                    TransferSyntax = TransferSyntax.DeflatedExplicitVRLittleEndian,
                    Seed = samples + j,
                    Rows = 64,
                    Columns = 64,
                };
                var sample = DicomSampleGenerator.Create(samples + j, options);
                using var ms = new MemoryStream();
                DicomWriter.Write(sample.File, ms);
                seeds.Add(new FuzzSeed($"sample-{samples + j}-{options.Modality}-deflated", ms.ToArray()));
            }
            return seeds;
        }
    }
}
