using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Dicom;

namespace Deid.Batch
{
    /// <summary>
    /// An output name such as <c>{PatientID}/{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm</c>, as CTP, Karnak and
    /// dicognito organise output: header tokens — the keyword of any standard top-level attribute whose value is text or a number,
    /// such as <c>{StudyDate}</c> or <c>{SeriesNumber}</c> — are read from the dataset as written (the de-identified one),
    /// <c>{Name}</c> and <c>{RelativePath}</c> from the source. The result is always a relative path inside the output folder: the template itself
    /// may not be rooted nor climb (<c>..</c>), and every token value is sanitised so that no header value can add a folder,
    /// climb out or name a device.
    /// </summary>
    public sealed class OutputNameTemplate
    {
        /// <summary>What an empty (or absent) token value becomes, so that a missing header element still gives a file name.</summary>
        public const string Placeholder = "unknown";

        // Long enough for any UID (64) or LO value. A name of several tokens can still pass the 255 units or bytes file systems
        // allow: each resolved file and folder name is then cut as a whole (PortableName.Fit).
        private const int MaxTokenLength = 64;

        /// <summary>
        /// The tokens named in messages and help: those of the patient/study/series/instance tree, and the two read from the
        /// source. Any other keyword <see cref="IsHeaderToken"/> accepts is a token too.
        /// </summary>
        public static IReadOnlyList<string> TokenNames { get; } = new[]
        {
            "PatientID", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "Modality", "InstanceNumber", "Name", "RelativePath",
        };

        /// <summary>
        /// Whether <paramref name="keyword"/> (case ignored) names a header token: a standard attribute of the main dataset (not
        /// the file meta group 0002, not a repeating group) whose value is text or a number. Sequences, bulk data (OB, OW, UN,
        /// ...) and tags (AT) give no file name.
        /// </summary>
        public static bool IsHeaderToken(string keyword) => EntryOf(keyword) is DicomDictionaryEntry entry && Unfit(entry) == null;

        /// <summary>
        /// The tokens that complete <paramref name="typed"/> when it ends inside an open brace ("{PatientID}/{Stu"): those whose
        /// name starts with the text after the brace, ignoring case — the ones <see cref="TokenNames"/> lists first, then every
        /// other current (not retired) keyword <see cref="IsHeaderToken"/> accepts, in ordinal order. Empty when the text does
        /// not end inside a brace. For tab completion.
        /// </summary>
        public static IReadOnlyList<string> TokensCompleting(string typed)
        {
            if (typed == null) throw new ArgumentNullException(nameof(typed));
            int open = typed.LastIndexOf('{');
            if (open < 0 || typed.IndexOf('}', open) >= 0) return Array.Empty<string>();
            string prefix = typed.Substring(open + 1);
            var tokens = new List<string>();
            foreach (string name in TokenNames)
            {
                if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) tokens.Add(name);
            }
            var keywords = new List<string>();
            foreach (var entry in DicomDictionary.Entries)
            {
                if (entry.IsRetired || !entry.Keyword.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || tokens.Contains(entry.Keyword)) continue;
                // Offered only where the keyword, typed back, names this entry (Parse looks it up ignoring case).
                if (Unfit(entry) == null && EntryOf(entry.Keyword)?.Tag == entry.Tag) keywords.Add(entry.Keyword);
            }
            keywords.Sort(StringComparer.Ordinal);
            tokens.AddRange(keywords);
            return tokens;
        }

        // The dictionary entry a keyword names, case ignored; null when it names none.
        private static DicomDictionaryEntry? EntryOf(string keyword) =>
            DicomDictionary.TryGetTagIgnoreCase(keyword, out var tag) && DicomDictionary.TryGetEntry(tag, out var entry) ? entry : null;

        // Why an attribute gives no file name, or null when it is a header token: the one rule IsHeaderToken, Parse's message and
        // completion share.
        private static string? Unfit(DicomDictionaryEntry entry)
        {
            if (entry.VR == DicomVR.SQ) return "a sequence";
            if (entry.Tag.Group == 0x0002) return "an element of the file meta information (group 0002)";
            if (entry.IsRepeating) return "an element of a repeating group";
            var vr = entry.VR.Descriptor;
            return entry.VR != DicomVR.AT && (vr.IsText || (vr.IsBinaryNumber && !vr.IsOther)) ? null : $"an attribute of VR {entry.VR}";
        }

        // Literal text (Token null) and tokens, in order; a header token with the tag it reads (null for Name and RelativePath).
        private readonly List<(string Text, string? Token, DicomTag? Tag)> _parts;

        private OutputNameTemplate(string template, List<(string, string?, DicomTag?)> parts)
        {
            Template = template;
            _parts = parts;
        }

        /// <summary>The template as given.</summary>
        public string Template { get; }

        /// <summary>True when a header token is used: the name depends on the dataset, so it is known only once the file is read.</summary>
        public bool UsesHeader => _parts.Exists(p => p.Tag != null);

        /// <summary>The attributes the header tokens read, each once, in template order.</summary>
        public IReadOnlyList<DicomTag> HeaderTags
        {
            get
            {
                var tags = new List<DicomTag>();
                foreach (var p in _parts)
                {
                    if (p.Tag is DicomTag tag && !tags.Contains(tag)) tags.Add(tag);
                }
                return tags;
            }
        }

        /// <summary>
        /// Parses <paramref name="template"/>. Throws <see cref="ArgumentException"/> for an empty or rooted template, a <c>..</c>
        /// segment, a file or folder name starting with a dot (hidden), a name ending in a separator, an unknown token or an unclosed brace — each could put a copy outside the output
        /// folder or make every name the same.
        /// </summary>
        public static OutputNameTemplate Parse(string template)
        {
            if (string.IsNullOrWhiteSpace(template)) throw new ArgumentException("The output name template is empty.", nameof(template));
            if (Path.IsPathRooted(template))
                throw new ArgumentException($"The output name template '{template}' is rooted; it must be relative to the output folder.", nameof(template));
            // A colon names a drive or an alternate data stream on Windows, and no file name there may hold one; inside a token
            // it reads as a .NET format ({SeriesNumber:000}), which tokens do not take (QA: this was called "rooted").
            if (template.IndexOf(':') >= 0)
                throw new ArgumentException($"The output name template '{template}' holds ':', which a Windows file name cannot (it names a drive or a stream); tokens take no format ('{{SeriesNumber:000}}'), write '{{SeriesNumber}}'.", nameof(template));
            foreach (var segment in template.Split('/', '\\'))
            {
                if (segment.Trim() == "..") throw new ArgumentException($"The output name template '{template}' climbs out of the output folder ('..').", nameof(template));
                // Token values never start with a dot (Sanitize trims them); literal text could, and would hide the copies from
                // Get-ChildItem and -Recurse, and make them look like this module's temporary files (".name.xxxx.tmp").
                if (segment.Length > 1 && segment[0] == '.' && segment != "..")
                    throw new ArgumentException($"The output name template '{template}' names hidden files or folders ('{segment}'), which Get-ChildItem and -Recurse leave out; start each name with something other than a dot.", nameof(template));
            }
            char last = template[template.Length - 1];
            if (last == '/' || last == '\\') throw new ArgumentException($"The output name template '{template}' ends in a folder separator; it must end in a file name.", nameof(template));

            var parts = new List<(string, string?, DicomTag?)>();
            var text = new StringBuilder();
            for (int i = 0; i < template.Length; i++)
            {
                char c = template[i];
                if (c == '}') throw new ArgumentException($"The output name template '{template}' has a '}}' with no '{{' at {i + 1}.", nameof(template));
                if (c != '{')
                {
                    text.Append(c);
                    continue;
                }
                int close = template.IndexOf('}', i + 1);
                if (close < 0) throw new ArgumentException($"The output name template '{template}' has an unclosed '{{' at {i + 1}.", nameof(template));
                string name = template.Substring(i + 1, close - i - 1);
                string? known = Known(name, out var header);
                if (known == null && EntryOf(name) is DicomDictionaryEntry refused && Unfit(refused) is string why)
                    throw new ArgumentException($"The output name template '{template}' uses '{{{name}}}', {why}, which gives no file name; a token is the keyword of a top-level attribute whose value is text or a number.", nameof(template));
                if (known == null)
                    throw new ArgumentException($"The output name template '{template}' uses an unknown token '{{{name}}}': a token is {{Name}}, {{RelativePath}} or the keyword of a standard top-level attribute whose value is text or a number ({{{string.Join("}, {", TokenNames.Take(TokenNames.Count - 2))}}}, {{StudyDate}}, {{SeriesNumber}}, ...).", nameof(template));
                if (text.Length > 0) parts.Add((text.ToString(), null, null));
                text.Clear();
                parts.Add((string.Empty, known, header?.Tag));
                i = close;
            }
            if (text.Length > 0) parts.Add((text.ToString(), null, null));
            return new OutputNameTemplate(template, parts);
        }

        /// <summary>
        /// The relative output name for a file: header tokens from <paramref name="dataset"/> (the de-identified header),
        /// <c>{Name}</c> the source's file name and <c>{RelativePath}</c> <paramref name="relativePath"/> (its path below
        /// -RelativeTo or the -Recurse folder; its file name when null), each sanitised.
        /// </summary>
        public string Resolve(DicomDataset dataset, string sourcePath, string? relativePath)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            if (sourcePath == null) throw new ArgumentNullException(nameof(sourcePath));
            var name = new StringBuilder();
            foreach (var (text, token, tag) in _parts)
            {
                if (token == null)
                {
                    name.Append(text);
                    continue;
                }
                if (token == "Name")
                {
                    name.Append(Sanitize(Path.GetFileName(sourcePath)));
                }
                else if (token == "RelativePath")
                {
                    // The one token that may hold folders: each of them sanitised like a value, so '..' or a rooted part cannot survive.
                    var segments = (relativePath ?? Path.GetFileName(sourcePath)).Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries);
                    if (segments.Length == 0) segments = new[] { string.Empty };
                    for (int i = 0; i < segments.Length; i++) segments[i] = Sanitize(segments[i]);
                    name.Append(string.Join("/", segments));
                }
                else
                {
                    name.Append(Sanitize(dataset.GetString(tag!.Value)));
                }
            }
            return EachSegment(name.ToString());
        }

        // Each file and folder name of the resolved path made portable: literal text and a token together can form a device
        // name no token is ('COM{SeriesNumber}' gives COM1; QA3 F1), and several tokens a name longer than a file system takes
        // (QA3 F11), so the rules are applied to the whole name, not per token.
        private static string EachSegment(string relative)
        {
            StringBuilder? result = null;
            int start = 0;
            for (int i = 0; i <= relative.Length; i++)
            {
                if (i < relative.Length && relative[i] != '/' && relative[i] != '\\') continue;
                string segment = relative.Substring(start, i - start);
                string portable = PortableName.Of(segment);
                if (result == null && !ReferenceEquals(portable, segment)) result = new StringBuilder(relative, 0, start, relative.Length + 1);
                if (result != null)
                {
                    result.Append(portable);
                    if (i < relative.Length) result.Append(relative[i]);
                }
                start = i + 1;
            }
            // Unchanged (the usual case): the very string, so ordinary names are exactly what they were.
            return result?.ToString() ?? relative;
        }

        /// <summary>
        /// A value made safe as one file-name component: folder separators, characters Windows or POSIX forbid in names and
        /// control characters become '_'; leading and trailing spaces and dots go (so '..' cannot climb and Windows keeps the
        /// name); device names (CON, NUL, ...) get a '_' prefix; at most 64 characters; empty becomes <see cref="Placeholder"/>.
        /// </summary>
        public static string Sanitize(string? value)
        {
            if (value == null) return Placeholder;
            var sb = new StringBuilder(value.Length);
            foreach (char c in value)
            {
                bool bad = c < 0x20 || c == 0x7F || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|';
                sb.Append(bad ? '_' : c);
            }
            string s = sb.ToString().Trim(' ', '.');
            // Not between the two halves of a character beyond the BMP (an emoji, a rare kanji): cut alone, the high half was
            // written as U+FFFD into the file name (charset QA 2026-12-06, F9).
            if (s.Length > MaxTokenLength) s = Characters.Cut(s, MaxTokenLength).TrimEnd(' ', '.');
            if (s.Length == 0) return Placeholder;
            if (PortableName.IsDevice(s)) s = "_" + s;
            return s;
        }

        // The token's own spelling (Name, RelativePath, or the dictionary's keyword, with its entry), or null when it names no
        // token.
        private static string? Known(string name, out DicomDictionaryEntry? header)
        {
            header = null;
            if (string.Equals(name, "Name", StringComparison.OrdinalIgnoreCase)) return "Name";
            if (string.Equals(name, "RelativePath", StringComparison.OrdinalIgnoreCase)) return "RelativePath";
            var entry = EntryOf(name);
            if (entry == null || Unfit(entry) != null) return null;
            header = entry;
            return entry.Keyword;
        }

        /// <inheritdoc/>
        public override string ToString() => Template;
    }
}
