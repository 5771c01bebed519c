using System;
using System.Collections.Generic;
using System.IO;

namespace Deid.Batch
{
    /// <summary>
    /// The output files a batch has already claimed, so that two inputs with the same file name never write the same output
    /// (the second is refused, with or without -Force). It keeps a 64-bit hash of each output path rather than the path itself,
    /// with the source that claimed it (a reference to the request's string, so a clash can name both inputs). A collision of
    /// two different paths (probability ≈ n²/2⁶⁵, about 3·10⁻⁸ for a million files) can only refuse a file, never overwrite one.
    /// Thread-safe: with -OutputName the workers claim names as they compute them from the de-identified header.
    /// </summary>
    public sealed class OutputNameClaims
    {
        private readonly Dictionary<ulong, string> _claimed = new Dictionary<ulong, string>();
        // The batch's inputs known so far (all of them when they were listed first): no output may replace one.
        private readonly HashSet<ulong> _inputs = new HashSet<ulong>();
        private readonly bool _ignoreCase;
        // Names compared in one Unicode normalization (NFC): macOS volumes find "café" written with a combining accent under the
        // precomposed é, so two patients' values differing only so named one file, and -Force wrote one copy over the other
        // (QA of 2026-12-07). Only where the file system does so; elsewhere the two are two files.
        private readonly bool _ignoreNormalization;
        // Inputs and outputs are compared as the paths they really name too, links to folders and an input's link to a file
        // resolved: an input reached through a link was otherwise replaced by another input's copy under -Force (QA 2026-12-07).
        private readonly RealFolders _real = new RealFolders();

        /// <summary>Creates an empty set; <paramref name="ignoreCase"/> when the file system does not tell names apart by case.</summary>
        public OutputNameClaims(bool ignoreCase) => _ignoreCase = ignoreCase;

        /// <summary>
        /// Creates an empty set; <paramref name="ignoreCase"/> when the file system does not tell names apart by case,
        /// <paramref name="ignoreNormalization"/> when it does not tell a precomposed letter from the same letter with a
        /// combining mark (macOS).
        /// </summary>
        public OutputNameClaims(bool ignoreCase, bool ignoreNormalization)
        {
            _ignoreCase = ignoreCase;
            _ignoreNormalization = ignoreNormalization;
        }

        /// <summary>An empty set that compares names as this platform's usual file system does (case-insensitively on Windows).</summary>
        public static OutputNameClaims ForCurrentPlatform() => new OutputNameClaims(IsWindows);

        /// <summary>
        /// An empty set that compares names as the file system of <paramref name="folder"/> (which must exist and take a file)
        /// does: case-insensitively on Windows, and wherever a name in another case finds the same file — macOS's default
        /// volumes, an SMB share or a FAT drive mounted on Linux — where <c>-OutputName '{PatientID}/...'</c> giving
        /// <c>abc</c> to one patient and <c>ABC</c> to another would otherwise, with -Force, write the second copy over the
        /// first. Told by a probe file (hidden, removed at once); a folder that takes none is taken as this platform's usual.
        /// </summary>
        public static OutputNameClaims ForFolder(string folder)
        {
            if (folder == null) throw new ArgumentNullException(nameof(folder));
            return new OutputNameClaims(IsWindows || IgnoresCase(folder, File.Exists), IgnoresNormalization(folder, File.Exists));
        }

        /// <summary>
        /// Whether <paramref name="folder"/>'s file system finds a file named with a precomposed é under the same name written e
        /// and a combining accent: a probe file is made under the one and <paramref name="exists"/> asked for the other. False when
        /// no probe can be made.
        /// </summary>
        internal static bool IgnoresNormalization(string folder, Func<string, bool> exists) =>
            FindsUnderAnotherSpelling(folder, ".deid-form-check-" + Guid.NewGuid().ToString("N").Substring(0, 12) + "\u00E9",
                name => name.Normalize(System.Text.NormalizationForm.FormD), exists);

        private static bool IsWindows => Environment.OSVersion.Platform == PlatformID.Win32NT;

        /// <summary>
        /// Whether <paramref name="folder"/>'s file system finds a file by its name in another case: a probe file is made under a
        /// lower-case name and <paramref name="exists"/> asked for its upper-case name while it is there. False when no probe can be made.
        /// </summary>
        internal static bool IgnoresCase(string folder, Func<string, bool> exists) =>
            FindsUnderAnotherSpelling(folder, ".deid-case-check-" + Guid.NewGuid().ToString("N").Substring(0, 12), name => name.ToUpperInvariant(), exists);

        /// <summary>
        /// Makes a probe file <paramref name="name"/> in <paramref name="folder"/> (hidden, removed when closed) and asks
        /// <paramref name="exists"/> for the name <paramref name="respell"/> gives it while it is there; false when no probe can
        /// be made (a folder that cannot be written, a name the file system refuses).
        /// </summary>
        private static bool FindsUnderAnotherSpelling(string folder, string name, Func<string, string> respell, Func<string, bool> exists)
        {
            try
            {
                using (new FileStream(Path.Combine(folder, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                    return exists(Path.Combine(folder, respell(name)));
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException)
            {
                return false;
            }
        }

        /// <summary>How many outputs have been claimed.</summary>
        public int Count
        {
            get
            {
                lock (_claimed) return _claimed.Count;
            }
        }

        /// <summary>Claims <paramref name="outputPath"/>; false when an earlier call claimed it (or a path equal to it).</summary>
        public bool TryClaim(string outputPath)
        {
            if (outputPath == null) throw new ArgumentNullException(nameof(outputPath));
            return TryClaim(outputPath, string.Empty, out _);
        }

        /// <summary>
        /// Claims <paramref name="outputPath"/> for <paramref name="sourcePath"/>; false, with the source of the earlier claim in
        /// <paramref name="claimedBy"/>, when it was claimed already.
        /// </summary>
        public bool TryClaim(string outputPath, string sourcePath, out string claimedBy) => TryClaim(outputPath, sourcePath, out claimedBy, out _);

        /// <summary>
        /// As <see cref="TryClaim(string, string, out string)"/>; also false, with <paramref name="isInput"/> set and
        /// <paramref name="claimedBy"/> the output itself, when the output is another input of the batch (<see cref="AddInput"/>):
        /// with -Force it would be replaced before, or after, it is read.
        /// </summary>
        public bool TryClaim(string outputPath, string sourcePath, out string claimedBy, out bool isInput)
        {
            if (outputPath == null) throw new ArgumentNullException(nameof(outputPath));
            if (sourcePath == null) throw new ArgumentNullException(nameof(sourcePath));
            ulong key = Key(outputPath);
            ulong real = Key(_real.OfFile(outputPath, followLink: false));
            lock (_claimed)
            {
                // An output on its own input is the batch's own check ("the input itself"), with its own message.
                if ((_inputs.Contains(key) || _inputs.Contains(real)) && !IsOwnInput(key, real, sourcePath))
                {
                    claimedBy = outputPath;
                    isInput = true;
                    return false;
                }
                isInput = false;
                if (_claimed.TryGetValue(key, out var earlier) || _claimed.TryGetValue(real, out earlier))
                {
                    claimedBy = earlier;
                    return false;
                }
                _claimed.Add(key, sourcePath);
                if (real != key) _claimed.Add(real, sourcePath);
            }
            claimedBy = string.Empty;
            return true;
        }

        /// <summary>Whether an output (its path's and its real path's hashes) is the input <paramref name="sourcePath"/> itself.</summary>
        private bool IsOwnInput(ulong key, ulong real, string sourcePath)
        {
            ulong source = Key(sourcePath);
            if (key == source || real == source) return true;
            ulong realSource = Key(_real.OfFile(sourcePath, followLink: true));
            return key == realSource || real == realSource;
        }

        /// <summary>
        /// Notes <paramref name="inputPath"/> as an input of the batch, so that no output replaces it; true, with the input whose
        /// copy it is in <paramref name="writtenFrom"/>, when an earlier file of the batch already claimed it as its output.
        /// </summary>
        public bool AddInput(string inputPath, out string writtenFrom)
        {
            if (inputPath == null) throw new ArgumentNullException(nameof(inputPath));
            ulong key = Key(inputPath);
            ulong real = Key(_real.OfFile(inputPath, followLink: true));
            lock (_claimed)
            {
                _inputs.Add(key);
                _inputs.Add(real);
                if ((_claimed.TryGetValue(key, out var source) || _claimed.TryGetValue(real, out source)) && Key(source) != key)
                {
                    writtenFrom = source;
                    return true;
                }
            }
            writtenFrom = string.Empty;
            return false;
        }

        /// <summary>The 64-bit hash a name is claimed by (<see cref="Deid.Hashing.StringHash"/>).</summary>
        internal static ulong Hash(string path, bool ignoreCase) => Deid.Hashing.StringHash.Of(path, ignoreCase);

        // The hash of a path as this set compares names: in NFC first where the file system ignores the difference (ASCII
        // paths, nearly all, are NFC already and are hashed as they are).
        private ulong Key(string path) =>
            Hash(_ignoreNormalization && !Deid.Profile.IdentifierVariants.IsAscii(path) ? path.Normalize(System.Text.NormalizationForm.FormC) : path, _ignoreCase);
    }
}
