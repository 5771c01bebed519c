using System;
using System.Collections.Generic;
using System.IO;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Recipes
{
    /// <summary>
    /// A recipe file read again with the same text is not parsed again (<see cref="ParsedRecipeCache"/>): each caller still gets a
    /// recipe of its own, an edit is always seen, and a broken recipe fails every time.
    /// </summary>
    public sealed class ParsedRecipeCacheTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-recipe-cache-" + Guid.NewGuid().ToString("N"));

        public ParsedRecipeCacheTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        private static readonly RecipeParser Parser = new RecipeParser(RecipeParserOptions.WithDictionary());

        private string Write(string name, string text)
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllText(path, text);
            return path;
        }

        private const string Recipe = "FORMAT dicom\n%filter graylist\nLABEL Burned\n  contains Modality US\n%header\nREPLACE PatientID AAAA\nREMOVE PatientNaem\n";

        [Fact]
        public void The_same_text_is_parsed_once_and_each_caller_gets_a_recipe_of_its_own()
        {
            string path = Write("deid.one", Recipe);
            var first = Parser.ParseFile(path);
            var second = Parser.ParseFile(path);
            // Parsed once: the immutable actions are the same objects.
            Assert.Same(first.Recipe.Header[0], second.Recipe.Header[0]);
            Assert.NotSame(first.Recipe, second.Recipe);
            Assert.Equal(first.Recipe, second.Recipe);
            // The warning (a misspelt keyword) is given every time, not only on the first read.
            Assert.Single(first.Warnings);
            Assert.Single(second.Warnings);
            Assert.Equal(first.Warnings[0].ToString(), second.Warnings[0].ToString());
            Assert.Single(second.Recipe.LoadWarnings);

            // What one caller changes reaches no other, however deep.
            first.Recipe.Header.Clear();
            first.Recipe.Filters[0].Labels[0].Criteria.Clear();
            first.Recipe.Filters.Clear();
            first.Recipe.Format = "other";
            var third = Parser.ParseFile(path);
            Assert.Equal(2, second.Recipe.Header.Count);
            Assert.Single(second.Recipe.Filters[0].Labels[0].Criteria);
            Assert.Equal(second.Recipe, third.Recipe);
            Assert.Equal("dicom", third.Recipe.Format);
        }

        [Fact]
        public void An_edit_that_keeps_the_length_and_the_time_is_seen()
        {
            string path = Write("deid.edit", Recipe);
            var time = File.GetLastWriteTimeUtc(path);
            Assert.Equal("AAAA", Parser.ParseFile(path).Recipe.Header[0].Value!.Text);
            File.WriteAllText(path, Recipe.Replace("AAAA", "BBBB"));
            File.SetLastWriteTimeUtc(path, time);
            var edited = Parser.ParseFile(path).Recipe;
            Assert.Equal("BBBB", edited.Header[0].Value!.Text);
            File.WriteAllText(path, Recipe);
            File.SetLastWriteTimeUtc(path, time);
            Assert.Equal("AAAA", Parser.ParseFile(path).Recipe.Header[0].Value!.Text);
        }

        [Fact]
        public void A_broken_recipe_fails_every_time_and_loads_once_mended()
        {
            string path = Write("deid.broken", "FORMAT dicom\n%header\nBLANCK PatientName\n");
            for (int i = 0; i < 3; i++)
            {
                var ex = Assert.Throws<RecipeException>(() => Parser.ParseFile(path));
                Assert.Contains("'BLANCK' is not an action", ex.Message);
            }
            File.WriteAllText(path, "FORMAT dicom\n%header\nBLANK PatientName\n");
            Assert.Equal(HeaderActionKind.Blank, Parser.ParseFile(path).Recipe.Header[0].Action);
        }

        [Fact]
        public void Parser_options_are_part_of_what_is_kept()
        {
            string path = Write("deid.options", "FORMAT dicom\n%header\nBLANCK PatientName\nREMOVE PatientID\n");
            var lenient = new RecipeParser(new RecipeParserOptions { SkipUnknownActions = true });
            // Lenient first, then strict: the strict parser must not be handed the lenient result.
            Assert.Single(lenient.ParseFile(path).Recipe.Header);
            Assert.Throws<RecipeException>(() => Parser.ParseFile(path));
            Assert.Single(lenient.ParseFile(path).Recipe.Header);
            // Without the keyword dictionary a misspelt keyword is not flagged; with it, it is.
            string misspelt = Write("deid.keywords", "FORMAT dicom\n%header\nREMOVE PatientNaem\n");
            Assert.Empty(new RecipeParser().ParseFile(misspelt).Warnings);
            Assert.Single(Parser.ParseFile(misspelt).Warnings);
            Assert.Empty(new RecipeParser().ParseFile(misspelt).Warnings);
        }

        [Fact]
        public void Two_files_of_the_same_text_keep_their_own_provenance()
        {
            string a = Write("deid.a", Recipe);
            string b = Write("deid.b", Recipe);
            Assert.Equal(a, Parser.ParseFile(a).Recipe.Header[0].Source);
            Assert.Equal(b, Parser.ParseFile(b).Recipe.Header[0].Source);
            Assert.Equal(a, Parser.ParseFile(a).Recipe.Header[0].Source);
        }

        [Fact]
        public void The_cache_is_bounded_and_changed_bytes_replace_their_entry()
        {
            var cache = new ParsedRecipeCache();
            var options = new RecipeParserOptions();
            byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
            RecipeParseResult Parse(string text) => new RecipeParser(options).Parse(text);
            const string Remove = "FORMAT dicom\n%header\nREMOVE PatientID\n";
            for (int i = 0; i < ParsedRecipeCache.Capacity * 3; i++)
            {
                cache.GetOrParse("file" + i, Bytes(Remove), options, Parse);
                Assert.InRange(cache.Count, 1, ParsedRecipeCache.Capacity);
            }
            int parses = cache.Parses;
            var kept = cache.GetOrParse("x", Bytes(Remove), options, Parse);
            Assert.Same(kept, cache.GetOrParse("x", Bytes(Remove), options, _ => throw new InvalidOperationException("parsed again")));
            var changed = cache.GetOrParse("x", Bytes(Remove.Replace("PatientID", "PatientNam")), options, Parse);
            Assert.NotSame(kept, changed);
            Assert.Equal(parses + 2, cache.Parses);
            // A parse that throws keeps nothing: the next call parses again.
            Assert.Throws<InvalidOperationException>(() => cache.GetOrParse("y", Bytes("bad"), options, _ => throw new InvalidOperationException("bad")));
            Assert.Equal("y-parsed", cache.GetOrParse("y", Bytes("bad"), options, _ => new RecipeParseResult(new DeidRecipe { Format = "y-parsed" }, new List<RecipeWarning>())).Recipe.Format);
        }

        [Fact]
        public void A_file_is_read_as_File_ReadAllText_reads_it_whatever_its_byte_order_mark_and_size()
        {
            var cache = new ParsedRecipeCache();
            var options = new RecipeParserOptions();
            string text = "FORMAT dicom\n%header\nREPLACE PatientName \"Ünïcødé ✓\"\n" + new string('#', 300000) + "\n";
            foreach (var encoding in new System.Text.Encoding[] { new System.Text.UTF8Encoding(true), new System.Text.UTF8Encoding(false), new System.Text.UnicodeEncoding(false, true), new System.Text.UnicodeEncoding(true, true) })
            {
                string path = Path.Combine(_dir, "deid.enc" + encoding.WebName + encoding.GetPreamble().Length);
                File.WriteAllText(path, text, encoding);
                string? seen = null;
                cache.GetOrParse(path, options, t =>
                {
                    seen = t;
                    return new RecipeParser(options).Parse(t, path);
                });
                Assert.Equal(File.ReadAllText(path, new System.Text.UTF8Encoding(false)), seen);
            }
        }
    }
}
