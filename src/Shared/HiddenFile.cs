using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Deid
{
    /// <summary>
    /// The Hidden attribute on the module's own files (temporary copies, a crosswalk's journal and lock), on Windows. Their names
    /// begin with a dot, which hides them on Linux and macOS; on Windows nothing did, so Explorer, Get-ChildItem and -Recurse
    /// saw a killed run's half-written copies as files like any other (QA F6). Elsewhere nothing is done: .NET on macOS would
    /// set a hidden flag of its own, which the dot already stands for. One source file compiled into each assembly that links
    /// src/Shared.
    /// </summary>
    internal static class HiddenFile
    {
        private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>
        /// Marks <paramref name="path"/> hidden on Windows. Best effort: a file system without the attribute leaves the file as
        /// it is, which costs only its being seen. Returns whether it was marked (false elsewhere than Windows).
        /// </summary>
        public static bool Hide(string path)
        {
            if (!IsWindows) return false;
            try
            {
                // Normal means "no other attribute" and is not to be combined with one.
                File.SetAttributes(path, (File.GetAttributes(path) & ~FileAttributes.Normal) | FileAttributes.Hidden);
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                return false;
            }
        }

        /// <summary>
        /// Takes the Hidden attribute <see cref="Hide"/> set off <paramref name="path"/> again, before the file takes a name of its
        /// own (a rename keeps the attributes): what fails is thrown, as an output left hidden would be one nobody sees.
        /// </summary>
        public static void Show(string path)
        {
            if (!IsWindows) return;
            var attributes = File.GetAttributes(path) & ~FileAttributes.Hidden;
            File.SetAttributes(path, attributes == 0 ? FileAttributes.Normal : attributes);
        }
    }
}
