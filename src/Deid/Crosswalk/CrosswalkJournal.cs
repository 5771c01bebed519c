using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Deid.Crosswalk
{
    /// <summary>
    /// The rows of a run's written files, appended to a hidden file beside the crosswalk as each file is written
    /// (<c>.crosswalk.csv.0123456789ab.journal</c>), so that a run killed before its end (kill -9, a power cut, the machine
    /// restarted) loses no copy's way back: the next run appending to the crosswalk merges what a dead run's journal holds
    /// (<see cref="CrosswalkFile.Recover"/>) before it reads the crosswalk. A live run holds its journal open for exclusive use,
    /// which is how a journal is told from a dead run's. Removed when the run has appended its rows.
    /// </summary>
    public sealed class CrosswalkJournal : IDisposable
    {
        private readonly FileStream _stream;
        private readonly object _gate = new object();
        private bool _failed;

        private CrosswalkJournal(string path, FileStream stream)
        {
            Path = path;
            _stream = stream;
        }

        /// <summary>The journal's file.</summary>
        public string Path { get; }

        /// <summary>Starts a journal beside the crosswalk at <paramref name="crosswalkPath"/>, readable by its owner only.</summary>
        public static CrosswalkJournal Start(string crosswalkPath)
        {
            if (crosswalkPath == null) throw new ArgumentNullException(nameof(crosswalkPath));
            string full = System.IO.Path.GetFullPath(crosswalkPath);
            string folder = System.IO.Path.GetDirectoryName(full) ?? ".";
            string name = Name(System.IO.Path.GetFileName(full), Guid.NewGuid().ToString("N").Substring(0, 12));
            string path = System.IO.Path.Combine(folder, name);
            // Under the crosswalk's lock, which CrosswalkFile.Recover holds while it looks for dead runs' journals: between the
            // rename that makes the journal and the open that holds it, it is held by no one and would pass for a dead run's.
            using (CrosswalkFile.Lock(full, CrosswalkFile.DefaultLockWait))
            {
                // Owner only before the first row: like the crosswalk, it maps new identifiers back to the patients' own.
                Deid.Dicom.AtomicFile.Write(path, overwrite: false, s => s.Write(HeaderBytes, 0, HeaderBytes.Length), durable: false, ownerOnly: true);
                // Hidden on Windows as its dot hides it elsewhere: a dead run's journal is no file for Explorer or -Recurse to show.
                HiddenFile.Hide(path);
                // Read and write: the rows of the files written are read back from it for the append at the end.
                var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1);
                stream.Seek(0, SeekOrigin.End);
                return new CrosswalkJournal(path, stream);
            }
        }

        /// <summary>The journals' file name ending.</summary>
        public const string Extension = ".journal";

        /// <summary>The name of a journal of the crosswalk named <paramref name="crosswalkName"/>, told apart by twelve hex digits.</summary>
        internal static string Name(string crosswalkName, string twelveHexDigits) => "." + crosswalkName + "." + twelveHexDigits + Extension;

        private static readonly byte[] HeaderBytes = new UTF8Encoding(false).GetBytes(CrosswalkFile.Header + "\n");

        /// <summary>
        /// Appends <paramref name="rows"/> (one file's, before its output appears) and hands them to the system, where they outlive
        /// the process. Throws <see cref="IOException"/> when they cannot be written (a full disk): the journal is cut back to its
        /// last whole row first, so a later file's rows do not run on from half a row; a journal that cannot be cut back refuses
        /// every later append.
        /// </summary>
        public void Append(IReadOnlyList<CrosswalkEntry> rows) => AppendRows(rows);

        /// <summary>As <see cref="Append"/>; returns where the rows are in the journal, to read them back (<see cref="ReadAt"/>).</summary>
        internal (long Offset, int Length) AppendRows(IReadOnlyList<CrosswalkEntry> rows)
        {
            if (rows == null) throw new ArgumentNullException(nameof(rows));
            if (rows.Count == 0) return (0, 0);
            byte[] bytes = Encode(rows);
            lock (_gate)
            {
                if (_failed) throw new IOException($"The crosswalk journal '{Path}' could not be written earlier and is no longer appended to.");
                long whole = _stream.Position;
                try
                {
                    _stream.Write(bytes, 0, bytes.Length);
                    _stream.Flush();
                    return (whole, bytes.Length);
                }
                catch (IOException)
                {
                    try
                    {
                        _stream.SetLength(whole);
                        _stream.Seek(whole, SeekOrigin.Begin);
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ObjectDisposedException)
                    {
                        _failed = true;
                    }
                    throw;
                }
            }
        }

        /// <summary>
        /// Reads <paramref name="buffer"/>'s length of bytes at <paramref name="offset"/> (rows <see cref="AppendRows"/> wrote),
        /// through the handle the run holds: a second handle would find the journal locked as a live run's.
        /// </summary>
        internal void ReadAt(long offset, byte[] buffer)
        {
            lock (_gate)
            {
                long end = _stream.Position;
                try
                {
                    _stream.Seek(offset, SeekOrigin.Begin);
                    ReadExactly(_stream, buffer);
                }
                finally
                {
                    _stream.Seek(end, SeekOrigin.Begin);
                }
            }
        }

        /// <summary>Fills <paramref name="buffer"/> from <paramref name="stream"/>; <see cref="EndOfStreamException"/> when it ends first.</summary>
        internal static void ReadExactly(Stream stream, byte[] buffer) => ReadExactly(stream, buffer, buffer.Length);

        /// <summary>Fills the first <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="stream"/>.</summary>
        internal static void ReadExactly(Stream stream, byte[] buffer, int count)
        {
            int done = 0;
            while (done < count)
            {
                int read = stream.Read(buffer, done, count - done);
                if (read <= 0) throw new EndOfStreamException("The crosswalk journal is shorter than the rows written to it.");
                done += read;
            }
        }

        /// <summary>Rows as the journal and the crosswalk hold them: CSV lines in UTF-8, each ended by a line feed.</summary>
        internal static byte[] Encode(IEnumerable<CrosswalkEntry> rows) => new UTF8Encoding(false).GetBytes(CrosswalkFile.Rows(rows));

        /// <summary>Closes and removes the journal: its rows are in the crosswalk (or beside it).</summary>
        public void Complete()
        {
            Dispose();
            try
            {
                File.Delete(Path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Left; its rows are in the crosswalk, so merging it again adds nothing.
            }
        }

        /// <summary>Closes the journal, keeping it (a run that could not append its rows).</summary>
        public void Dispose()
        {
            lock (_gate) _stream.Dispose();
        }

        /// <summary>The journals beside <paramref name="crosswalkPath"/> that no live run holds: dead runs'.</summary>
        public static List<string> Orphans(string crosswalkPath)
        {
            if (crosswalkPath == null) throw new ArgumentNullException(nameof(crosswalkPath));
            string full = System.IO.Path.GetFullPath(crosswalkPath);
            string folder = System.IO.Path.GetDirectoryName(full) ?? ".";
            var orphans = new List<string>();
            if (!Directory.Exists(folder)) return orphans;
            foreach (string path in Directory.EnumerateFiles(folder, Name(System.IO.Path.GetFileName(full), "*"), SearchOption.TopDirectoryOnly))
            {
                try
                {
                    using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1)) { }
                    orphans.Add(path);
                }
                catch (IOException)
                {
                    // Held: a live run's.
                }
            }
            orphans.Sort(StringComparer.Ordinal);
            return orphans;
        }
    }
}
