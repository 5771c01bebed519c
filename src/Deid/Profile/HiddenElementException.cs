using System;

namespace Deid.Profile
{
    /// <summary>
    /// A file whose kept values hide an identifying element (<see cref="HiddenElement"/>): another reader may list it, and no
    /// recipe line reaches it, so the file is not written; the batch goes on.
    /// </summary>
    public sealed class HiddenElementException : Exception
    {
        /// <summary>Creates the exception for <paramref name="hidden"/>, found in the copy of <paramref name="path"/>.</summary>
        public HiddenElementException(string path, HiddenElement hidden)
            : base($"{path}: {hidden.Describe()}. Another DICOM reader may list it as an element (one that reads the value as items, or the file out of step with this one), and no recipe line reaches it inside the value, so the file is not written.")
        {
            Hidden = hidden;
        }

        /// <summary>What was found.</summary>
        public HiddenElement Hidden { get; }
    }
}
