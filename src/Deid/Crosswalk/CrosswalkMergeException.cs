using System;
using System.IO;

namespace Deid.Crosswalk
{
    /// <summary>A crosswalk to merge could not be read (missing, unreadable, or a malformed row): the merge writes nothing.</summary>
    public sealed class CrosswalkMergeException : IOException
    {
        /// <summary>Creates the exception for <paramref name="file"/>, with what went wrong in <paramref name="inner"/>.</summary>
        public CrosswalkMergeException(string file, Exception inner)
            : base(inner is InvalidDataException ? (inner ?? throw new ArgumentNullException(nameof(inner))).Message : $"'{file}': {inner?.Message}", inner)
        {
            File = file ?? throw new ArgumentNullException(nameof(file));
        }

        /// <summary>The crosswalk that could not be read.</summary>
        public string File { get; }
    }
}
