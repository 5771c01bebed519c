using System;
using System.Collections.Generic;

namespace Deid.Pixels
{
    /// <summary>
    /// A file the recipe's filters flag as holding burned-in text, asked to be cleaned (<c>-CleanPixels</c>), whose matching
    /// labels name no region to blank and which OCR did not read: nothing says where the text is, so a copy would hold it.
    /// The file is not written and the batch goes on, as <c>Clear-DicomPixel</c> refuses the same file. (deid's cleaner leaves
    /// such an image as it is; written among cleaned copies and reported as succeeded, it would look clean.)
    /// </summary>
    public sealed class BurnedTextNotCleanedException : Exception
    {
        /// <summary>Creates the exception for <paramref name="path"/>, flagged by <paramref name="labels"/>.</summary>
        public BurnedTextNotCleanedException(string path, IReadOnlyList<string> labels)
            : this(path, labels, NoRegion)
        {
        }

        /// <summary>
        /// Creates the exception for <paramref name="path"/>, flagged by <paramref name="labels"/>, whose regions cannot be used:
        /// <paramref name="why"/> says why (every region empty or outside the image).
        /// </summary>
        public BurnedTextNotCleanedException(string path, IReadOnlyList<string> labels, string why)
            : base(Describe(path, labels, why))
        {
            RegionsBlankNothing = why != NoRegion;
            Path = path;
            Labels = labels ?? Array.Empty<string>();
        }

        private const string NoRegion = "no matching label names a region to blank";

        /// <summary>True when the labels name regions but none covers a pixel of the image (empty, or outside it).</summary>
        public bool RegionsBlankNothing { get; }

        /// <summary>The file that was not written.</summary>
        public string Path { get; }

        /// <summary>The labels that flagged it.</summary>
        public IReadOnlyList<string> Labels { get; }

        private static string Describe(string path, IReadOnlyList<string>? labels, string why)
        {
            string by = labels == null || labels.Count == 0 ? string.Empty : $" (by {string.Join(", ", labels)})";
            return $"'{path}' is flagged as holding burned-in text{by}, but {why}, so its pixels cannot be cleaned; not written, since the copy would hold the text.";
        }
    }
}
