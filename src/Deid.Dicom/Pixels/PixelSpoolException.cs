using System;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// The frames being rebuilt could not be spooled to their temporary file: its folder (by default a folder of this process's
    /// own in the system's temporary folder) is full, read-only or gone. Said apart from a failure to write the output, since what
    /// helps is room in another folder than the output's.
    /// </summary>
    public sealed class PixelSpoolException : IOException
    {
        /// <summary>Creates the exception for the spool file at <paramref name="path"/>, with what the file system said.</summary>
        public PixelSpoolException(string path, Exception inner)
            : base($"The frames being cleaned could not be spooled in '{System.IO.Path.GetDirectoryName(path)}' (the temporary folder): {inner?.Message}", inner)
        {
            Path = path;
        }

        /// <summary>The spool file that could not be made or written.</summary>
        public string Path { get; }
    }
}
