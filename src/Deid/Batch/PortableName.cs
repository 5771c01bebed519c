using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Deid.Hashing;

namespace Deid.Batch
{
    /// <summary>
    /// One file or folder name made writable on every platform this module runs on, whatever platform made it: an output tree
    /// (or a crosswalk naming it) written on Linux is often copied to Windows, so the Windows rules apply everywhere.
    /// </summary>
    internal static class PortableName
    {
        // What Windows takes as a device rather than a file, in any folder. Windows 10 and Server (up to 2022) also know
        // CONIN$, CONOUT$ and the superscript-digit ports, and some versions COM0/LPT0 (QA3 F1).
        private static readonly HashSet<string> DeviceNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
        };

        /// <summary>
        /// Whether Windows takes <paramref name="name"/> as a device: the part before the first dot, its trailing spaces
        /// dropped (Windows 10 reads <c>CON .dcm</c> as CON), is a device name, case ignored.
        /// </summary>
        public static bool IsDevice(string name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            int dot = name.IndexOf('.');
            return DeviceNames.Contains((dot < 0 ? name : name.Substring(0, dot)).TrimEnd(' '));
        }

        /// <summary>
        /// The longest name written, in UTF-16 units and in UTF-8 bytes: NTFS allows 255 units, ext4, XFS, Btrfs and APFS 255
        /// bytes. (AtomicFile cuts its own temporary names to fit, so an output name of this length is written.)
        /// </summary>
        public const int MaxLength = 255;

        // The longest ending kept whole when a name is cut: '.dcm', '.dicom', '.png', not the tail of a description after a dot.
        private const int MaxExtension = 16;

        /// <summary>
        /// <paramref name="name"/> (one segment of a path, no separator) as it can be written everywhere: a device name gets a
        /// '_' prefix, and a name too long for a file system is cut (<see cref="Fit(string)"/>). The very same string when it
        /// needs no change.
        /// </summary>
        public static string Of(string name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            // The prefix first, so that the cut counts it. A cut keeps the start of the name up to its first dot (or puts '~' and
            // hex digits before it), so it cannot make a device name.
            return Fit(IsDevice(name) ? "_" + name : name);
        }

        /// <summary>
        /// <paramref name="name"/> when it fits <see cref="MaxLength"/> UTF-16 units and UTF-8 bytes; otherwise cut to fit both,
        /// keeping its extension (the part from the last dot, when short): see <see cref="Fit(string, string)"/>.
        /// </summary>
        public static string Fit(string name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            if (Fits(name)) return name;
            int dot = name.LastIndexOf('.');
            string extension = dot > 0 && name.Length - dot <= MaxExtension ? name.Substring(dot) : string.Empty;
            return Fit(name.Substring(0, name.Length - extension.Length), extension);
        }

        /// <summary>
        /// <paramref name="stem"/> followed by <paramref name="ending"/> (an extension, or a preview's '.frame0001.png') when that
        /// fits <see cref="MaxLength"/> UTF-16 units and UTF-8 bytes (QA3 F11: several long tokens made a 263-character name,
        /// two 64-character CJK values 389 bytes, and the file could not be written). Otherwise the stem is cut, never inside a
        /// surrogate pair, and followed by '~', the 64-bit hash of the whole stem in hex and the ending.
        /// </summary>
        /// <remarks>
        /// Why a hash rather than the plain cut: the end of a long name is where names of one folder usually differ (the
        /// instance's UID or number after long descriptions), so plain cuts would give every file of a series one name, and
        /// the claims would refuse all but the first. The hash of the whole stem keeps different names apart, and gives the same
        /// name on every run and platform (a rerun with -SkipExisting finds what the first wrote). Should two stems ever share
        /// a hash, the output-name claims refuse the second file: nothing is overwritten.
        /// </remarks>
        public static string Fit(string stem, string ending)
        {
            if (stem == null) throw new ArgumentNullException(nameof(stem));
            if (ending == null) throw new ArgumentNullException(nameof(ending));
            string whole = stem + ending;
            if (Fits(whole)) return whole;
            string tail = "~" + StringHash.Of(stem).ToString("x16", CultureInfo.InvariantCulture) + ending;
            return NameCut.Cut(stem, MaxLength - tail.Length, MaxLength - Encoding.UTF8.GetByteCount(tail)) + tail;
        }

        private static bool Fits(string name) =>
            name.Length * 3 <= MaxLength || (name.Length <= MaxLength && Encoding.UTF8.GetByteCount(name) <= MaxLength);
    }
}
