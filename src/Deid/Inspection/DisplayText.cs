using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Deid.Inspection
{
    /// <summary>
    /// Text for the module's table views (module/*.Format.ps1xml), which must fit a 120-column console: words wrapped at spaces
    /// (PowerShell's own wrapping cuts words in two), and paths shortened from the left so the part that tells files apart stays.
    /// </summary>
    public static class DisplayText
    {
        /// <summary>
        /// <paramref name="text"/> with its lines wrapped at spaces to at most <paramref name="width"/> characters (a word longer
        /// than that is cut); lines joined by newlines.
        /// </summary>
        public static string Wrap(string? text, int width)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            if (width < 1) throw new ArgumentOutOfRangeException(nameof(width));
            var lines = new List<string>();
            foreach (var line in text!.Replace("\r\n", "\n").Split('\n')) WrapLine(line, width, lines);
            return string.Join(Environment.NewLine, lines);
        }

        private static void WrapLine(string line, int width, List<string> into)
        {
            var current = new StringBuilder();
            foreach (var word in line.Split(' '))
            {
                if (word.Length == 0) continue;
                var rest = word;
                if (current.Length > 0 && current.Length + 1 + rest.Length > width)
                {
                    into.Add(current.ToString());
                    current.Clear();
                }
                while (rest.Length > width)
                {
                    if (current.Length > 0)
                    {
                        into.Add(current.ToString());
                        current.Clear();
                    }
                    into.Add(rest.Substring(0, width));
                    rest = rest.Substring(width);
                }
                if (current.Length > 0) current.Append(' ');
                current.Append(rest);
            }
            if (current.Length > 0 || into.Count == 0) into.Add(current.ToString());
        }

        /// <summary>
        /// <paramref name="path"/> relative to <paramref name="baseFolder"/> when it lies inside it, and when still longer than
        /// <paramref name="width"/> its last whole folders and name after an ellipsis (only the name, cut, if that alone is too long).
        /// Two files with one name in different folders (SE1/IM00001, SE2/IM00001) stay apart.
        /// </summary>
        public static string ShortPath(string? path, string? baseFolder, int width)
        {
            if (string.IsNullOrEmpty(path)) return string.Empty;
            if (width < 2) throw new ArgumentOutOfRangeException(nameof(width));
            string shown = Relative(path!, baseFolder);
            if (shown.Length <= width) return shown;
            const string ellipsis = "\u2026";
            int budget = width - ellipsis.Length;
            int cut = shown.Length - budget;
            // Start the tail at a separator so that it begins with a whole folder name.
            int sep = IndexOfSeparator(shown, cut);
            if (sep >= 0 && sep < shown.Length - 1) return ellipsis + shown.Substring(sep);
            return ellipsis + shown.Substring(cut);
        }

        private static string Relative(string path, string? baseFolder)
        {
            if (string.IsNullOrEmpty(baseFolder)) return path;
            string folder = baseFolder!.TrimEnd('/', '\\');
            if (folder.Length == 0) return path;
            var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (path.Length > folder.Length + 1 && path.StartsWith(folder, comparison) && IsSeparator(path[folder.Length]))
            {
                return path.Substring(folder.Length + 1);
            }
            return path;
        }

        private static int IndexOfSeparator(string s, int start)
        {
            for (int i = start; i < s.Length; i++)
            {
                if (IsSeparator(s[i])) return i;
            }
            return -1;
        }

        private static bool IsSeparator(char c) => c == '/' || c == '\\';
    }
}
