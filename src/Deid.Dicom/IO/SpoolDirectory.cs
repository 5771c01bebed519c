using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// Where pixel data being rebuilt is spooled: a folder of this process's own in the system's temporary folder, readable by
    /// its owner only. The spool holds image frames (cleaned so far, the rest as read); in the shared temporary folder, with the
    /// usual 0644, any local user could read them, and a killed run left them there (QA, huge files F5). The folder is made
    /// 0700 before anything is written in it, so no file in it is ever open to others; it is removed when the process exits, and
    /// folders of processes that no longer run (killed) are removed, an hour later, by the next process that spools.
    /// </summary>
    internal static class SpoolDirectory
    {
        private const string Prefix = "deid-spool-";
        private static readonly object Gate = new object();
        private static string? _path;
        private static int _active;
        private static bool _orphansRemoved;

        /// <summary>The folder, made on first use: <c>deid-spool-&lt;pid&gt;-&lt;random&gt;</c> in the temporary folder.</summary>
        public static string Path
        {
            get
            {
                lock (Gate)
                {
                    if (_path != null && Directory.Exists(_path)) return _path;
                    string root = System.IO.Path.GetTempPath();
                    // Once a process: the folder is made again after each time it emptied (Release), and the temporary folder
                    // need not be listed for each.
                    if (!_orphansRemoved)
                    {
                        _orphansRemoved = true;
                        RemoveOrphans(root);
                    }
                    int pid = Process.GetCurrentProcess().Id;
                    string path = System.IO.Path.Combine(root, Prefix + pid.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 12));
                    Directory.CreateDirectory(path);
                    MakePrivate(path);
                    if (_path == null) AppDomain.CurrentDomain.ProcessExit += (s, e) => TryDelete(_path);
                    _path = path;
                    return path;
                }
            }
        }

        /// <summary>
        /// A new file name in the folder, for a builder's spool; counted until <see cref="Release"/>, so the folder stays while
        /// any spool file may be in it.
        /// </summary>
        public static string NewFile(string prefix)
        {
            lock (Gate)
            {
                string file = System.IO.Path.Combine(Path, prefix + Guid.NewGuid().ToString("N") + ".tmp");
                _active++;
                return file;
            }
        }

        /// <summary>
        /// Says that a file <see cref="NewFile"/> named is gone. When none is left, the folder is removed (made again by the next
        /// spool): a job process killed when its command ends (Start-Job) never runs the exit handler, and left an empty folder
        /// in the temporary folder for every job that cleaned pixels (QA 2026-12-07).
        /// </summary>
        public static void Release()
        {
            lock (Gate)
            {
                if (_active > 0 && --_active == 0) TryDelete(_path);
            }
        }

        // Owner only (0700). Windows folders under the user's profile are private already.
        private static void MakePrivate(string path) => UnixMode.Restrict(path, UnixMode.OwnerFolder, "the spool folder");

        // Spool folders whose process no longer runs: left by a run that was killed. Only on Linux, where /proc tells.
        internal static void RemoveOrphans(string root)
        {
            if (!Directory.Exists("/proc/self")) return;
            try
            {
                foreach (string dir in Directory.EnumerateDirectories(root, Prefix + "*"))
                {
                    string name = System.IO.Path.GetFileName(dir);
                    int dash = name.IndexOf('-', Prefix.Length);
                    if (dash < 0 || !int.TryParse(name.Substring(Prefix.Length, dash - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
                    // An hour old as well: a process in another PID namespace sharing this folder is not in our /proc.
                    if (!Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture)) && Directory.GetLastWriteTimeUtc(dir) < DateTime.UtcNow.AddHours(-1)) TryDelete(dir);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static void TryDelete(string? dir)
        {
            if (dir == null) return;
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
