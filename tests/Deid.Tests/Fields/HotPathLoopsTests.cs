using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Deid.Actions;
using Deid.Fields;
using Xunit;

namespace Deid.Tests.Fields
{
    /// <summary>
    /// Loops of ours that replaced framework calls on the per-file path (issue 14: under pwsh the framework's code stays in
    /// tiered PGO's instrumented tier for a whole batch): each must answer exactly as the call it replaced, which is the reference.
    /// </summary>
    public class HotPathLoopsTests
    {
        private static string RandomText(Random random, string alphabet, int maxLength)
        {
            var text = new StringBuilder();
            int length = random.Next(0, maxLength + 1);
            for (int i = 0; i < length; i++) text.Append(alphabet[random.Next(alphabet.Length)]);
            return text.ToString();
        }

        [Fact]
        public void SeparatorSearches_AnswerAsIndexOfAndLastIndexOf()
        {
            var random = new Random(14);
            for (int n = 0; n < 20000; n++)
            {
                string path = RandomText(random, "_a(0", 12);
                Assert.Equal(path.IndexOf(FieldPath.Separator, StringComparison.Ordinal), FieldPath.SeparatorAfter(path, 0));
                Assert.Equal(path.IndexOf(FieldPath.Separator, StringComparison.Ordinal) >= 0, FieldPath.IsNested(path));
                Assert.Equal(path.LastIndexOf(FieldPath.Separator, StringComparison.Ordinal), FieldPath.SeparatorBefore(path, path.Length));
                if (path.Length > 0)
                {
                    int end = random.Next(0, path.Length + 1);
                    int expected = end == 0 ? -1 : path.LastIndexOf(FieldPath.Separator, end - 1, StringComparison.Ordinal);
                    Assert.Equal(expected, FieldPath.SeparatorBefore(path, end));
                }
            }
        }

        [Fact]
        public void UidRootSyntax_AnswersAsItsPattern_ButRefusesTheFinalLineFeedDollarLetsThrough()
        {
            var pattern = new Regex(UidRoot.Pattern, RegexOptions.CultureInvariant);
            var random = new Random(14);
            for (int n = 0; n < 50000; n++)
            {
                string root = RandomText(random, "0123..1a", 8);
                Assert.True(pattern.IsMatch(root) == UidRoot.HasRootSyntax(root), $"'{root}'");
            }
            foreach (var root in new[] { "1.2.840.10008.", "0", "0.0.", "10.20.30" }) Assert.True(UidRoot.HasRootSyntax(root), root);
            foreach (var root in new[] { "", ".", "1..2", "01", "1.02", ".1", "1.2a", "1. 2" }) Assert.False(UidRoot.HasRootSyntax(root), root);
            // .NET's $ matches before a final "\n": the pattern takes "1.2\n", which would put a line feed into every new UID.
            Assert.Matches(pattern, "1.2\n");
            Assert.False(UidRoot.HasRootSyntax("1.2\n"));
            Assert.NotNull(UidRoot.Check("1.2.\n"));
        }

        [Fact]
        public void FullPath_AnswersAsGetFullPath()
        {
            var random = new Random(14);
            foreach (var path in new[] { "/", "/tmp", "/tmp/", "/tmp/a.dcm", "//tmp", "/tmp//a", "/tmp/./a", "/tmp/../a", "/tmp/.", "/tmp/..", "/.hidden/..x/x..", "relative/a.dcm", "./a", "a/../b" })
                Assert.Equal(Path.GetFullPath(path), FullPath.Of(path));
            for (int n = 0; n < 20000; n++)
            {
                string path = RandomText(random, "/./a.", 10);
                if (path.Length == 0) continue;
                Assert.True(Path.GetFullPath(path) == FullPath.Of(path), $"'{path}'");
            }
        }

        [Fact]
        public void MarkerByteSearch_AnswersAsIndexOf()
        {
            // Every length around the vector width, the 0xFF at every place in a block, none at all, and random runs.
            var random = new Random(14);
            for (int length = 0; length <= 200; length++)
            {
                var bytes = new byte[length];
                Assert.Equal(-1, Deid.Pixels.JpegCodestream.IndexOfFF(bytes));
                for (int at = 0; at < length; at++)
                {
                    bytes[at] = 0xFF;
                    Assert.Equal(at, Deid.Pixels.JpegCodestream.IndexOfFF(bytes));
                    if (at + 1 < length) Assert.Equal(at, Deid.Pixels.JpegCodestream.IndexOfFF(new ReadOnlySpan<byte>(bytes, 0, at + 1)));
                    bytes[at] = 0xFE;
                }
            }
            for (int n = 0; n < 2000; n++)
            {
                var bytes = new byte[random.Next(0, 3000)];
                random.NextBytes(bytes);
                int offset = bytes.Length == 0 ? 0 : random.Next(0, bytes.Length);
                var span = new ReadOnlySpan<byte>(bytes, offset, bytes.Length - offset);
                Assert.Equal(span.IndexOf((byte)0xFF), Deid.Pixels.JpegCodestream.IndexOfFF(span));
            }
        }

        [Fact]
        public void TwoExpandersOnOneThread_KeepTheirOwnVerdicts_AndAnotherThreadItsOwn()
        {
            // Each expander's table is found through a one-entry cache per thread: alternating between two expanders must never
            // answer one from the other's table.
            var first = new ExpanderVerdicts();
            var second = new ExpanderVerdicts();
            const uint tag = 0x00100010;
            first.Store(tag, null, false, true);
            second.Store(tag, null, false, false);
            for (int i = 0; i < 3; i++)
            {
                Assert.True(first.TryGet(tag, null, false, out bool verdict));
                Assert.True(verdict);
                Assert.True(second.TryGet(tag, null, false, out verdict));
                Assert.False(verdict);
                Assert.False(first.TryGet(tag, "CREATOR", false, out _));
                Assert.False(second.TryGet(tag, null, true, out _));
            }
            bool seenElsewhere = true;
            var other = new System.Threading.Thread(() => seenElsewhere = first.TryGet(tag, null, false, out _));
            other.Start();
            other.Join();
            Assert.False(seenElsewhere);
        }
    }
}
