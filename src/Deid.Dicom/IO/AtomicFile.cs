using System;
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
        /// failure the temporary file is removed and nothing is left at <paramref name="path"/> that was not there before.
        /// </summary>
        public static void Write(string path, bool overwrite, Action<Stream> write) => Write(path, overwrite, write, durable: false);

        /// <summary>
        /// As <see cref="Write(string, bool, Action{Stream})"/>; with <paramref name="durable"/> the data are flushed to the disk
        /// (fsync) before the rename, so even a power failure cannot leave a renamed but empty file — at a large cost in speed.
        /// Without it, a crash of the process still never leaves a partial output.
        /// </summary>
        public static void Write(string path, bool overwrite, Action<Stream> write, bool durable)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (write == null) throw new ArgumentNullException(nameof(write));
            string full = Path.GetFullPath(path);
            string dir = Path.GetDirectoryName(full) ?? ".";
            if (!overwrite && File.Exists(full)) throw new IOException($"'{full}' already exists; it is replaced only when overwriting is asked for.");
            string temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
            try
            {
                // Unbuffered (bufferSize 1): the writer buffers in a pooled array already, and a FileStream buffer of its own
                // would be 64 KB of garbage per file — in a batch, the largest single allocation of the whole replace.
                using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
                {
                    write(fs);
                    fs.Flush(durable);
                }
                if (overwrite && File.Exists(full))
                {
                    File.Replace(temp, full, null);
                }
                else
                {
                    // Fails if the destination appeared meanwhile: we never overwrite silently.
                    File.Move(temp, full);
                }
            }
            catch
            {
                TryDelete(temp);
                throw;
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
