using System;
using System.Collections.Generic;

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
        /// <paramref name="name"/> (one segment of a path, no separator) as it can be written everywhere: a device name gets a
        /// '_' prefix. The very same string when it needs no change.
        /// </summary>
        public static string Of(string name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            return IsDevice(name) ? "_" + name : name;
        }
    }
}
