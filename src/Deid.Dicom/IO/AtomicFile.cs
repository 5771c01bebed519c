using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// Writes a file through a temporary file in the same folder and a rename, so a reader (or a crash) never sees a
    /// half-written output, and an existing file is never replaced by accident.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>
        /// Writes <paramref name="path"/> with <paramref name="write"/>, which gets an unbuffered stream (write in large
        /// chunks). Throws <see cref="IOException"/> when the file exists and <paramref name="overwrite"/> is false; on any
        /// failure the temporary file is removed and nothing is left at <paramref name="path"/> that was not there before — except
        /// when a replace removed the old file and the new one could not be moved into its place: the temporary file, then the
        /// only copy, is kept, and the message names it.
        /// </summary>
        public static void Write(string path, bool overwrite, Action<Stream> write) => Write(path, overwrite, write, durable: false);

        /// <summary>
        /// As <see cref="Write(string, bool, Action{Stream})"/>; with <paramref name="durable"/> the data are flushed to the disk
        /// (fsync) before the rename, so even a power failure cannot leave a renamed but empty file — at a large cost in speed.
        /// Without it, a crash of the process still never leaves a partial output.
        /// </summary>
        public static void Write(string path, bool overwrite, Action<Stream> write, bool durable) => Write(path, overwrite, write, durable, ownerOnly: false);

        /// <summary>
        /// As <see cref="Write(string, bool, Action{Stream}, bool)"/>; with <paramref name="ownerOnly"/> the file is made readable by
        /// its owner only (0600 on Unix) before anything is written in it, for what identifies patients outside the outputs (a
        /// re-identification crosswalk), which the usual umask would leave readable by every local user.
        /// </summary>
        public static void Write(string path, bool overwrite, Action<Stream> write, bool durable, bool ownerOnly) => Write(path, overwrite, write, durable, ownerOnly, null);

        /// <summary>
        /// As <see cref="Write(string, bool, Action{Stream}, bool, bool)"/>; <paramref name="beforeRename"/> (if any) is called
        /// once the temporary file is complete and closed, just before the rename: what it throws removes the temporary file and
        /// is thrown as it is, so nothing appears at <paramref name="path"/> unless it returned.
        /// </summary>
        public static void Write(string path, bool overwrite, Action<Stream> write, bool durable, bool ownerOnly, Action? beforeRename)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (write == null) throw new ArgumentNullException(nameof(write));
            string full = FullPath.Of(path);
            string dir = Path.GetDirectoryName(full) ?? ".";
            if (!overwrite && File.Exists(full)) throw Exists(full);
            string temp = Path.Combine(dir, TemporaryName(Path.GetFileName(full)));
            bool writing = false, hooking = false, stranded = false, hidden = false;
            // Known to RemoveStale before it exists: another thread clearing the folder leaves it alone without looking it up.
            InFlight.TryAdd(temp, 0);
            try
            {
                // Unbuffered (bufferSize 1): the writer buffers in a pooled array already, and a FileStream buffer of its own
                // would be 64 KB of garbage per file — in a batch, the largest single allocation of the whole replace.
                using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
                {
                    if (ownerOnly) UnixMode.Restrict(temp, UnixMode.OwnerFile, "the file");
                    // The dot hides it on Linux and macOS; on Windows the attribute does, so a killed run's leftover is not
                    // listed as a file like any other (Explorer, Get-ChildItem, the next run's -Recurse).
                    hidden = HiddenFile.Hide(temp);
                    writing = true;
                    write(fs);
                    writing = false;
                    fs.Flush(durable);
                }
                // Its own failures are its own, as the write callback's are: the temporary file is not what failed, so they are
                // thrown unchanged (the last catch below).
                hooking = true;
                beforeRename?.Invoke();
                hooking = false;
                // A rename keeps the attributes: the output itself is not to be hidden.
                if (hidden) HiddenFile.Show(temp);
                Rename(temp, full, overwrite, ref stranded);
            }
            // The file system's failures on the temporary file or the rename. What the write callback throws is its own (reading
            // an input that went away is not a failure to write the output) unless it names the temporary file (a full disk).
            catch (IOException) when (stranded)
            {
                // The temporary file is the only copy of the file's content now: left where the message says.
                throw;
            }
            catch (Exception ex) when ((ex is IOException || ex is UnauthorizedAccessException) && ex.GetType().Assembly == typeof(IOException).Assembly && !hooking
                && (!writing || ex.Message.IndexOf(Path.GetFileName(temp), StringComparison.Ordinal) >= 0))
            {
                TryDelete(temp);
                throw Renamed(ex, temp, full);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
            finally
            {
                InFlight.TryRemove(temp, out _);
            }
        }

        /// <summary>The temporary files this process is writing now, by full path.</summary>
        private static readonly ConcurrentDictionary<string, byte> InFlight = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

        /// <summary>
        /// The hidden temporary name for <paramref name="name"/>: unique, and no longer than a name the file system takes (255),
        /// so an output whose own name fits is never refused because the temporary name does not.
        /// </summary>
        internal static string TemporaryName(string name) => TemporaryPrefix(name) + UniqueSuffix() + ".tmp";

        /// <summary>What every temporary name of <paramref name="name"/> begins with: ".", the name cut to fit, ".".</summary>
        private static string TemporaryPrefix(string name)
        {
            const int MaxStem = 255 - 1 - 1 - 12 - 4;
            // Cut by UTF-8 bytes, whole characters only: Linux and macOS limit a name to 255 bytes, not characters, so a name of
            // letters outside ASCII cut by characters stayed too long and its output could not be written (QA 2026-12-07). On
            // Windows, whose limit is 255 UTF-16 units, it only cuts more.
            return "." + NameCut.Cut(name, int.MaxValue, MaxStem) + ".";
        }

        /// <summary>
        /// Removes from <paramref name="folder"/> (not below it) the temporary files <see cref="Write(string, bool, Action{Stream}, bool)"/>
        /// names (".name.0123456789ab.tmp") that were last written more than <paramref name="age"/> ago: what a killed run left
        /// half-written, which no later run would otherwise see (the names are hidden) or ever remove. A live writer writes its
        /// file without pause, so one untouched that long is a dead run's; a writer that stalled longer fails at its rename and
        /// reports it, its input untouched. Returns how many were removed; a file that cannot be removed is left.
        /// </summary>
        public static int RemoveStale(string folder, TimeSpan age)
        {
            if (folder == null) throw new ArgumentNullException(nameof(folder));
            int removed = 0;
            DateTime before = DateTime.UtcNow - age;
            IEnumerable<string> candidates;
            try
            {
                candidates = Directory.EnumerateFiles(folder, ".*.tmp", SearchOption.TopDirectoryOnly);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return 0;
            }
            try
            {
                foreach (string path in candidates)
                {
                    if (!IsTemporaryName(Path.GetFileName(path)) || InFlight.ContainsKey(path)) continue;
                    try
                    {
                        if (File.GetLastWriteTimeUtc(path) >= before) continue;
                        File.Delete(path);
                        removed++;
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        // Another run's, being removed by it, or not ours to remove: left as it is.
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // The folder went away or stopped being readable while listed: nothing more to remove.
            }
            return removed;
        }

        /// <summary>
        /// Removes the temporary files of <paramref name="path"/> itself (".name.0123456789ab.tmp" beside it) that this process is
        /// not writing, whatever their age: for a file only one writer at a time may write (a crosswalk, under its lock), whose
        /// half-written copy a killed run left holding what the file holds — for a crosswalk, rows that re-identify patients,
        /// which nothing else would ever remove (QA 2026-12-07). Returns how many were removed.
        /// </summary>
        public static int RemoveTemporaries(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            int removed = 0;
            foreach (string temp in Temporaries(path))
            {
                try
                {
                    File.Delete(temp);
                    removed++;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Not ours to remove: left as it is.
                }
            }
            return removed;
        }

        /// <summary>
        /// The temporary copies of <paramref name="path"/> beside it that no write of this process is making: a killed run's,
        /// or the one a replace that failed half way kept (the file's new content, the file itself gone). Empty when the folder
        /// cannot be listed.
        /// </summary>
        public static List<string> Temporaries(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var found = new List<string>();
            string full = FullPath.Of(path);
            string? folder = Path.GetDirectoryName(full);
            if (folder == null) return found;
            string stem = TemporaryPrefix(Path.GetFileName(full));
            try
            {
                foreach (string temp in Directory.EnumerateFiles(folder, stem + "*.tmp", SearchOption.TopDirectoryOnly))
                {
                    string name = Path.GetFileName(temp);
                    if (name.StartsWith(stem, StringComparison.Ordinal) && name.Length == stem.Length + 12 + 4 && IsTemporaryName(name) && !InFlight.ContainsKey(temp)) found.Add(temp);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // The folder cannot be listed: nothing found.
            }
            return found;
        }

        /// <summary>
        /// True for a name <see cref="Write(string, bool, Action{Stream})"/> gives its temporary files: "." + a name + "." +
        /// twelve lower-case hex digits + ".tmp". Listings of inputs leave such files out: a killed run's half-written copy is
        /// not an input.
        /// </summary>
        public static bool IsTemporaryName(string name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            const int Tail = 1 + 12 + 4; // ".0123456789ab.tmp"
            if (name.Length < 1 + 1 + Tail || name[0] != '.' || !name.EndsWith(".tmp", StringComparison.Ordinal)) return false;
            int dot = name.Length - Tail;
            if (name[dot] != '.') return false;
            for (int i = dot + 1; i < dot + 13; i++)
            {
                char c = name[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
            }
            return true;
        }

        /// <summary>
        /// Twelve hex digits no other call in this process gives (a counter through a bijection of 48 bits, so they do not
        /// look sequential), from a start no other process is likely to share. A clash with another process's file cannot
        /// overwrite it: the temporary file is created exclusively, and that write fails instead.
        /// </summary>
        /// <remarks>Why not <see cref="Guid.NewGuid"/>: it asks the kernel for random bytes, one system call per output.</remarks>
        private static string UniqueSuffix() => Suffix(unchecked((ulong)System.Threading.Interlocked.Increment(ref _counter)), TemporarySeed);

        /// <summary>
        /// The suffix of the <paramref name="n"/>th name from <paramref name="seed"/>: a bijection of the low 48 bits of
        /// <paramref name="n"/> (an odd multiplier, an added constant and a right xorshift each are), so no two of 2^48 counts share one.
        /// </summary>
        internal static string Suffix(ulong n, ulong seed)
        {
            const ulong Mask = (1UL << 48) - 1;
            ulong x = unchecked((n * 0x9E3779B97F4BUL + seed) & Mask);
            x ^= x >> 23;
            return x.ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
        }

        private static long _counter;

        private static readonly ulong TemporarySeed = SeedFromGuid();

        private static ulong SeedFromGuid() => BitConverter.ToUInt64(Guid.NewGuid().ToByteArray(), 0);

        /// <summary>
        /// Moves the finished temporary file to its name. On Linux one <c>renameat2</c> call, which with
        /// <c>RENAME_NOREPLACE</c> refuses an output that appeared meanwhile in the same step as the rename (no window between
        /// a check and the move); elsewhere, or where the file system does not take the flag, .NET's own move and replace.
        /// </summary>
        private static void Rename(string temp, string full, bool overwrite, ref bool stranded)
        {
            // A test's stand-in for the replace or the move stands for the whole "elsewhere" branch (on Linux renameat2 would answer first).
            switch (ReplaceForTest != null || MoveForTest != null ? KernelRename.Outcome.NotApplied : KernelRename.TryRename(temp, full, noReplace: !overwrite))
            {
                case KernelRename.Outcome.Renamed:
                    return;
                case KernelRename.Outcome.Exists:
                    throw Exists(full);
            }
            if (overwrite && File.Exists(full))
            {
                Replace(temp, full, ref stranded);
            }
            else
            {
                Move(temp, full);
            }
        }

        /// <summary>
        /// Moves <paramref name="temp"/> to <paramref name="full"/>, which does not exist: a sharing violation or access denied
        /// from a scanner that opened the fresh file (see <see cref="Replace"/>) is tried again a few times.
        /// </summary>
        private static void Move(string temp, string full)
        {
            var move = MoveForTest ?? File.Move;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    move(temp, full);
                    return;
                }
                catch (IOException) when (File.Exists(full))
                {
                    // The destination appeared meanwhile: we never overwrite silently.
                    throw Exists(full);
                }
                catch (Exception ex) when ((ex is IOException || ex is UnauthorizedAccessException) && attempt < ReplaceAttempts && File.Exists(temp) && PassingFailure(ex))
                {
                    Pause(attempt);
                }
            }
        }

        /// <summary>Waits before attempt <paramref name="attempt"/> + 1 of a rename: 25 ms, then twice as long each time.</summary>
        private static void Pause(int attempt) => (PauseForTest ?? (n => System.Threading.Thread.Sleep(25 << (n - 1))))(attempt);

        /// <summary>How many times a replace or move that failed for a reason that passes is tried in all.</summary>
        internal const int ReplaceAttempts = 5;

        /// <summary>
        /// Replaces <paramref name="full"/> with <paramref name="temp"/> (Win32 <c>ReplaceFile</c> on Windows, a rename elsewhere),
        /// never losing both. <c>ReplaceFile</c> without a backup name that fails with ERROR_UNABLE_TO_MOVE_REPLACEMENT has
        /// already removed the replaced file, and the new content is then only in the temporary file, which the caller's cleanup
        /// deleted: the old copy and the new one were both lost — for a crosswalk, every earlier run's rows (QA F10). So when the
        /// target is gone and the temporary file is still there, the temporary file is moved into place instead. And a scanner
        /// (antivirus, the search indexer, a sync agent) that opens a freshly closed file without sharing delete makes the replace
        /// fail for a moment with a sharing violation or access denied: that is tried again a few times, a little later each time,
        /// before the file fails.
        /// </summary>
        private static void Replace(string temp, string full, ref bool stranded)
        {
            var replace = ReplaceForTest ?? ((source, destination) => File.Replace(source, destination, null));
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    if (File.Exists(full)) replace(temp, full);
                    else File.Move(temp, full); // removed by a replace that failed half way (or by someone else): nothing to replace
                    return;
                }
                catch (Exception ex) when ((ex is IOException || ex is UnauthorizedAccessException) && attempt < ReplaceAttempts && File.Exists(temp)
                    && (!File.Exists(full) || PassingFailure(ex)))
                {
                    Pause(attempt);
                }
                catch (Exception ex) when ((ex is IOException || ex is UnauthorizedAccessException) && File.Exists(temp) && !File.Exists(full))
                {
                    // Still no way to move it into place: the temporary file is all there is of the file now, and it is kept.
                    stranded = true;
                    throw new IOException($"'{full}' was removed while it was being replaced and its new content could not be moved into its place: it is kept in '{temp}'. Rename that file to '{Path.GetFileName(full)}'. {ex.Message}", ex);
                }
            }
        }

        /// <summary>
        /// A failure that is over in a moment: a sharing or lock violation, access denied (a scanner holding the file), or
        /// ReplaceFile's "unable to remove the replaced file" (ERROR_UNABLE_TO_REMOVE_REPLACED, 1175: nothing was changed).
        /// </summary>
        internal static bool PassingFailure(Exception ex)
        {
            if (ex is UnauthorizedAccessException) return true;
            switch (ex.HResult)
            {
                case unchecked((int)0x80070020): // ERROR_SHARING_VIOLATION
                case unchecked((int)0x80070021): // ERROR_LOCK_VIOLATION
                case unchecked((int)0x80070005): // ERROR_ACCESS_DENIED (as an IOException)
                case unchecked((int)0x80070497): // ERROR_UNABLE_TO_REMOVE_REPLACED
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Tests only: stands for <see cref="File.Replace(string, string, string)"/> on this thread (and skips <c>renameat2</c>), so
        /// a test on Linux can make the replace fail as Windows does. Per thread: tests of other classes write files meanwhile.
        /// </summary>
        [ThreadStatic]
        internal static Action<string, string>? ReplaceForTest;

        /// <summary>Tests only: stands for <see cref="File.Move(string, string)"/> of a temporary file to a name not taken, on this thread.</summary>
        [ThreadStatic]
        internal static Action<string, string>? MoveForTest;

        /// <summary>Tests only: stands for the pause between two attempts of a replace (gets the attempt just failed), on this thread.</summary>
        [ThreadStatic]
        internal static Action<int>? PauseForTest;

        private static OutputExistsException Exists(string full) => new OutputExistsException(full);

        /// <summary>
        /// The same failure told of <paramref name="full"/>: the temporary file is an internal detail, and a message naming it
        /// (".x.dcm.1a2b3c4d5e6f.tmp") sends the reader looking for a file that no longer exists; a message naming no file (a
        /// name too long, a full disk) gets the output's name. The original stays as the inner exception.
        /// </summary>
        private static Exception Renamed(Exception ex, string temp, string full)
        {
            string message = ex.Message.Replace(temp, full).Replace(Path.GetFileName(temp), Path.GetFileName(full));
            if (message.IndexOf(full, StringComparison.Ordinal) < 0) message = $"Cannot write '{full}': {message}";
            switch (ex)
            {
                case UnauthorizedAccessException _:
                    return new UnauthorizedAccessException(message, ex);
                case PathTooLongException _:
                    return new PathTooLongException(message, ex);
                case DirectoryNotFoundException _:
                    return new DirectoryNotFoundException(message, ex);
                case FileNotFoundException _:
                    return new FileNotFoundException(message, full, ex);
                default:
                    return new IOException(message, ex);
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
            }
            catch (IOException)
            {
                // Best effort: the temporary name is hidden and unique; a leftover never poses as an output.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
