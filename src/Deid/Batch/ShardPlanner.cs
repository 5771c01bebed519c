using System;
using System.Text;
using Deid.Dicom;

namespace Deid.Batch
{
    /// <summary>
    /// Assigns files to shards for runs on several machines or processes (issue 14): by a hash of the StudyInstanceUID, so a
    /// study never spans shards, and the same on every machine (no coordinator, no shared state). Reads headers only.
    /// </summary>
    public sealed class ShardPlanner
    {
        /// <summary>Creates a planner for <paramref name="shardCount"/> shards (1–1024).</summary>
        public ShardPlanner(int shardCount)
        {
            if (shardCount < 1 || shardCount > 1024) throw new ArgumentOutOfRangeException(nameof(shardCount), "between 1 and 1024 shards");
            ShardCount = shardCount;
        }

        /// <summary>The number of shards.</summary>
        public int ShardCount { get; }

        /// <summary>
        /// The shard (0-based) of a study: SHA-256 of the UID text, its first 8 bytes as an unsigned number, modulo the count. A
        /// cryptographic hash only for its spread and for being the same in every runtime (string.GetHashCode is per process).
        /// </summary>
        public int ShardOf(string studyInstanceUid)
        {
            if (studyInstanceUid == null) throw new ArgumentNullException(nameof(studyInstanceUid));
            byte[] hash = Hashing.Sha256.Hash(Encoding.ASCII.GetBytes(studyInstanceUid.Trim()));
            ulong n = 0;
            for (int i = 0; i < 8; i++) n = (n << 8) | hash[i];
            return (int)(n % (ulong)ShardCount);
        }

        /// <summary>
        /// The shard of the file at <paramref name="path"/>, read up to its pixel data. A file without a StudyInstanceUID is
        /// placed by its path, so it still lands somewhere the same way every time.
        /// </summary>
        public DeidShard Assign(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var file = DicomFile.Open(path, DicomReadOptions.HeaderOnly);
            string? study = file.Dataset.GetString(DicomTags.StudyInstanceUID)?.Trim();
            int shard = string.IsNullOrEmpty(study) ? ShardOf("path:" + path) : ShardOf(study!);
            return new DeidShard(path, shard, ShardCount, string.IsNullOrEmpty(study) ? null : study);
        }
    }

    /// <summary>Where one file goes: its path, its shard (0-based) of how many, and the study that decided it.</summary>
    public sealed class DeidShard
    {
        /// <summary>Creates an assignment.</summary>
        public DeidShard(string path, int shard, int shardCount, string? studyInstanceUid)
        {
            Path = path;
            Shard = shard;
            ShardCount = shardCount;
            StudyInstanceUID = studyInstanceUid;
        }

        /// <summary>The file (bound to -Path/-LiteralPath of the next command by property name).</summary>
        public string Path { get; }

        /// <summary>The shard, from 0.</summary>
        public int Shard { get; }

        /// <summary>How many shards there are.</summary>
        public int ShardCount { get; }

        /// <summary>The original StudyInstanceUID that placed the file; null when the file has none (placed by its path).</summary>
        public string? StudyInstanceUID { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Shard}/{ShardCount} {Path}";
    }
}
