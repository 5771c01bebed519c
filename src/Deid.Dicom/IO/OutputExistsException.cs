using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// An output that exists already, which <see cref="AtomicFile"/> does not replace unless asked to: found before the write,
    /// or appearing while it was being written (another run writing the same folder), when the finished file's rename refused
    /// to replace it. A caller that skips existing outputs counts it as skipped; any other reports it.
    /// </summary>
    public sealed class OutputExistsException : IOException
    {
        /// <summary>Creates the exception for the output <paramref name="path"/>.</summary>
        public OutputExistsException(string path)
            : base($"'{path}' already exists; it is replaced only when overwriting is asked for.")
        {
            Path = path;
        }

        /// <summary>The existing output.</summary>
        public string Path { get; }
    }
}
