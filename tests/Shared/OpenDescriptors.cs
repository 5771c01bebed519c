using System.IO;
using System.Linq;

namespace Deid.TestSupport
{
    /// <summary>The descriptors this process holds open on a file (Linux: /proc/self/fd), for tests that a handle was closed.</summary>
    internal static class OpenDescriptors
    {
        /// <summary>How many of this process's open descriptors are <paramref name="path"/>.</summary>
        public static int Of(string path)
        {
            string full = Path.GetFullPath(path);
            return Directory.GetFiles("/proc/self/fd").Count(fd =>
            {
                try
                {
                    return new FileInfo(fd).LinkTarget == full;
                }
                catch (IOException)
                {
                    return false; // a descriptor closed while listing
                }
            });
        }
    }
}
