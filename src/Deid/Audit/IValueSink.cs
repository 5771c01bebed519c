using System;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// What an output's values are handed to, one by one, in the order they lie in it (<see cref="OutputValues"/>): the windows
    /// the value-by-value look searches (<see cref="ValueWindows"/>), and, when it found something, the walk that places its
    /// matches in the output (<see cref="ValueLocator"/>). The same walk for both, so that a position in one is the same in the
    /// other.
    /// </summary>
    internal interface IValueSink
    {
        /// <summary>True once nothing more is wanted: the walk stops.</summary>
        bool Done { get; }

        /// <summary>A value held in memory.</summary>
        void Add(ReadOnlyMemory<byte> value);

        /// <summary><paramref name="length"/> bytes at <paramref name="offset"/> of <paramref name="source"/>: a value left in the output, or part of one.</summary>
        void Add(DicomValueSource source, long offset, long length);
    }
}
