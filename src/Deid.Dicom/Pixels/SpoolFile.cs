using System;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// The temporary file a pixel data builder writes its frames to: made in the folder the builder was given or in this
    /// process's spool folder (<see cref="SpoolDirectory"/>), every failure to make or write it a <see cref="PixelSpoolException"/>
    /// (a full temporary folder is not the output's, and says so), and deleted when disposed without throwing.
    /// </summary>
    internal sealed class SpoolFile : IDisposable
    {
        private FileStream? _stream;

        // Named by the spool folder, which counts it until it is released (once).
        private bool _counted;

        private SpoolFile(string path, FileStream stream, bool counted)
        {
            Path = path;
            _stream = stream;
            _counted = counted;
        }

        /// <summary>The file.</summary>
        public string Path { get; }

        /// <summary>Makes a new file named <paramref name="prefix"/> and a unique part, in <paramref name="folder"/> or, when null, the spool folder.</summary>
        public static SpoolFile Create(string prefix, string? folder, int bufferSize)
        {
            // Named in the temporary folder until the spool folder is made: a failure to make that folder names where it would be.
            string path = System.IO.Path.Combine(folder ?? System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N") + ".tmp");
            bool counted = false;
            try
            {
                if (folder == null)
                {
                    path = SpoolDirectory.NewFile(prefix);
                    counted = true;
                }
                return new SpoolFile(path, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize, FileOptions.SequentialScan), counted);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                if (counted) SpoolDirectory.Release();
                throw new PixelSpoolException(path, ex);
            }
        }

        /// <summary>Appends <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public void Write(byte[] buffer, int offset, int count)
        {
            try
            {
                Open.Write(buffer, offset, count);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new PixelSpoolException(Path, ex);
            }
        }

        /// <summary>Writes what the stream still buffers and closes it, keeping the file for the dataset that now refers to it.</summary>
        public void Close()
        {
            try
            {
                Open.Flush();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new PixelSpoolException(Path, ex);
            }
            _stream!.Dispose();
            _stream = null;
        }

        private FileStream Open => _stream ?? throw new InvalidOperationException("The spool file is closed.");

        /// <summary>Closes the stream if open and deletes the file, best effort and without throwing.</summary>
        public void Dispose()
        {
            try
            {
                _stream?.Dispose();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Closing writes what the stream still buffers, and a full temporary folder fails that: the file is deleted below
                // anyway, and a Dispose that threw hid why the cleaning had stopped (QA, a full TMPDIR: a bare "No space left").
            }
            _stream = null;
            try
            {
                File.Delete(Path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Best effort: a reader still holding the file open (on Windows) keeps it; the temporary folder is cleaned eventually.
            }
            if (_counted)
            {
                _counted = false;
                SpoolDirectory.Release();
            }
        }
    }
}
