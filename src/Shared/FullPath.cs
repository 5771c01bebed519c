using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Deid
{
    /// <summary>
    /// <see cref="Path.GetFullPath(string)"/>, answered without it for a path that is already full and normalised on a system
    /// whose separator is '/' (rooted, no empty, "." or ".." segment, no NUL): what a batch's own paths are, several times a
    /// file (the output paths, the atomic writer's target). Why: under pwsh the framework's normalisation stays in tiered PGO's
    /// instrumented code for the whole run (see <see cref="HotPath"/>). Anything else, and every path on Windows, goes to the
    /// framework. One source file compiled into each assembly that links src/Shared.
    /// </summary>
    internal static class FullPath
    {
        /// <summary>The full path of <paramref name="path"/>, as <see cref="Path.GetFullPath(string)"/> gives it.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static string Of(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (Path.DirectorySeparatorChar != '/' || path.Length == 0 || path[0] != '/') return Path.GetFullPath(path);
            // Walk the segments after each '/': an empty one (a doubled or, but for the last, trailing separator), "." or ".."
            // would be rewritten by the framework.
            int start = 1;
            for (int i = 1; i <= path.Length; i++)
            {
                if (i < path.Length && path[i] != '/')
                {
                    if (path[i] == '\0') return Path.GetFullPath(path);
                    continue;
                }
                int length = i - start;
                bool last = i == path.Length;
                if ((length == 0 && !last) || (length == 1 && path[start] == '.') || (length == 2 && path[start] == '.' && path[start + 1] == '.'))
                    return Path.GetFullPath(path);
                start = i + 1;
            }
            return path;
        }
    }
}
