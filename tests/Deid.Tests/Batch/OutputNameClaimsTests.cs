using System;
using System.Collections.Generic;
using System.IO;
using Deid.Batch;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// OutputNameClaims: a path is claimed once; the same path again (or, case-insensitively, the same name in another case) is
    /// refused; distinct names — including a large set of near-identical numbered names — are all accepted.
    /// </summary>
    public sealed class OutputNameClaimsTests
    {
        [Fact]
        public void SecondClaimOfTheSamePathIsRefused()
        {
            var claims = new OutputNameClaims(ignoreCase: false);
            Assert.True(claims.TryClaim("/out/image1.dcm"));
            Assert.True(claims.TryClaim("/out/image2.dcm"));
            Assert.False(claims.TryClaim("/out/image1.dcm"));
            Assert.Equal(2, claims.Count);
        }

        /// <summary>
        /// QA 2026-12-07: an input reached through a link (to the file, or through a linked folder) is the file the link leads to;
        /// another input's copy claimed there was written over the original under -Force. Claims compare what paths really name.
        /// </summary>
        [Fact]
        public void AnOutputOnTheFileBehindALinkedInput_IsRefused_AndTwoSpellingsOfOneOutputAreOneClaim()
        {
            string root = Path.Combine(Path.GetTempPath(), "claims-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(Path.Combine(root, "archive"));
                Directory.CreateDirectory(Path.Combine(root, "in"));
                File.WriteAllText(Path.Combine(root, "archive", "b.dcm"), "original");
                File.CreateSymbolicLink(Path.Combine(root, "in", "a.dcm"), Path.Combine(root, "archive", "b.dcm"));
                Directory.CreateSymbolicLink(Path.Combine(root, "alias"), Path.Combine(root, "archive"));

                var claims = new OutputNameClaims(ignoreCase: false);
                Assert.False(claims.AddInput(Path.Combine(root, "in", "a.dcm"), out _));
                Assert.False(claims.TryClaim(Path.Combine(root, "archive", "b.dcm"), Path.Combine(root, "in", "b.dcm"), out _, out bool isInput));
                Assert.True(isInput);
                // Its own target is the batch's "input itself" check, not a clash with another input.
                Assert.True(claims.TryClaim(Path.Combine(root, "archive", "b.dcm"), Path.Combine(root, "in", "a.dcm"), out _, out _));

                var folders = new OutputNameClaims(ignoreCase: false);
                Assert.False(folders.AddInput(Path.Combine(root, "alias", "b.dcm"), out _));
                Assert.False(folders.TryClaim(Path.Combine(root, "archive", "b.dcm"), Path.Combine(root, "in", "b.dcm"), out _, out isInput));
                Assert.True(isInput);
                Assert.True(folders.TryClaim(Path.Combine(root, "archive", "c.dcm"), Path.Combine(root, "in", "c.dcm"), out _, out _));
                Assert.False(folders.TryClaim(Path.Combine(root, "alias", "c.dcm"), Path.Combine(root, "in", "d.dcm"), out string by, out isInput));
                Assert.False(isInput);
                Assert.Equal(Path.Combine(root, "in", "c.dcm"), by);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        [Fact]
        public void CaseMattersOnlyWhenTheFileSystemSaysSo()
        {
            var sensitive = new OutputNameClaims(ignoreCase: false);
            Assert.True(sensitive.TryClaim("/out/Image1.dcm"));
            Assert.True(sensitive.TryClaim("/out/image1.DCM"));

            var insensitive = new OutputNameClaims(ignoreCase: true);
            Assert.True(insensitive.TryClaim(@"C:\out\Image1.dcm"));
            Assert.False(insensitive.TryClaim(@"C:\OUT\image1.DCM"));
        }

        /// <summary>
        /// QA of 2026-12-07: macOS finds "café" written with a combining accent under the precomposed é, so two patients' values
        /// differing only so named one file and -Force wrote one copy over the other. Where the file system says so (a probe,
        /// below), the two are one name; elsewhere two.
        /// </summary>
        [Fact]
        public void UnicodeFormMattersOnlyWhenTheFileSystemSaysSo()
        {
            string composed = "/out/caf\u00E9.dcm", decomposed = "/out/cafe\u0301.dcm";
            var distinct = new OutputNameClaims(ignoreCase: false, ignoreNormalization: false);
            Assert.True(distinct.TryClaim(composed));
            Assert.True(distinct.TryClaim(decomposed));
            var folded = new OutputNameClaims(ignoreCase: true, ignoreNormalization: true);
            Assert.True(folded.TryClaim(composed, "/in/a.dcm", out _));
            Assert.False(folded.TryClaim(decomposed, "/in/b.dcm", out string claimedBy));
            Assert.Equal("/in/a.dcm", claimedBy);

            string folder = Path.Combine(Path.GetTempPath(), "deid-form-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                Assert.False(OutputNameClaims.IgnoresNormalization(folder, File.Exists));
                string? asked = null;
                Assert.True(OutputNameClaims.IgnoresNormalization(folder, p => { asked = p; return true; }));
                Assert.EndsWith("e\u0301", asked, System.StringComparison.Ordinal);
                Assert.Empty(Directory.GetFileSystemEntries(folder));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>
        /// How a folder's file system compares names is probed, not assumed from the platform: a probe file under a lower-case name,
        /// asked for in upper case while it is there, then removed. This machine's temporary folder tells case apart; a file system
        /// that finds the probe in upper case (as macOS's and SMB's do) gives claims that ignore case.
        /// </summary>
        [Fact]
        public void ForFolder_ProbesWhetherTheFileSystemIgnoresCase_AndLeavesNothing()
        {
            string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "deid-case-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            System.IO.Directory.CreateDirectory(folder);
            try
            {
                var claims = OutputNameClaims.ForFolder(folder);
                Assert.True(claims.TryClaim(System.IO.Path.Combine(folder, "abc.dcm")));
                Assert.Equal(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS(), !claims.TryClaim(System.IO.Path.Combine(folder, "ABC.dcm")));
                Assert.Empty(System.IO.Directory.GetFileSystemEntries(folder));

                string? asked = null;
                bool sawProbe = false;
                Assert.True(OutputNameClaims.IgnoresCase(folder, path =>
                {
                    asked = path;
                    sawProbe = System.IO.File.Exists(System.IO.Path.Combine(folder, System.IO.Path.GetFileName(path).ToLowerInvariant()));
                    return true;
                }));
                Assert.True(sawProbe);
                Assert.StartsWith(".DEID-CASE-CHECK-", System.IO.Path.GetFileName(asked!), StringComparison.Ordinal);
                Assert.Empty(System.IO.Directory.GetFileSystemEntries(folder));
                Assert.False(OutputNameClaims.IgnoresCase(System.IO.Path.Combine(folder, "missing"), _ => true));
            }
            finally
            {
                System.IO.Directory.Delete(folder, true);
            }
        }

        /// <summary>
        /// QA, 2026-12-06: `-Path A/*, B/* -OutputFolder B -Force` replaced B's originals with A's copies before B's were read.
        /// An input of the batch is never claimed as another's output; an input that arrives after its path was claimed as an
        /// output is told apart (its copy's source named); an output on its own input is left to the batch's own check.
        /// </summary>
        [Fact]
        public void AnInputIsNeverAnotherFilesOutput()
        {
            var claims = new OutputNameClaims(ignoreCase: false);
            Assert.False(claims.AddInput("/data/B/x.dcm", out _));
            Assert.False(claims.TryClaim("/data/B/x.dcm", "/data/A/x.dcm", out string other, out bool isInput));
            Assert.True(isInput);
            Assert.Equal("/data/B/x.dcm", other);
            Assert.True(claims.TryClaim("/data/B/x.dcm", "/data/B/x.dcm", out _, out isInput)); // its own: the batch says "the input itself"
            Assert.False(isInput);

            Assert.True(claims.TryClaim("/out/y.dcm", "/data/A/y.dcm", out _, out _));
            Assert.True(claims.AddInput("/out/y.dcm", out string writtenFrom));
            Assert.Equal("/data/A/y.dcm", writtenFrom);
            Assert.False(claims.AddInput("/data/A/y.dcm", out _));

            var insensitive = new OutputNameClaims(ignoreCase: true);
            insensitive.AddInput(@"C:\Data\B\X.dcm", out _);
            Assert.False(insensitive.TryClaim(@"c:\data\b\x.DCM", @"C:\Data\A\x.dcm", out _, out isInput));
            Assert.True(isInput);
        }

        [Fact]
        public void NamesDifferingOnlyInAHighByteAreDifferentNames()
        {
            // Both bytes of each UTF-16 code unit are hashed: names that differ only in a high byte are different names.
            var claims = new OutputNameClaims(ignoreCase: false);
            Assert.True(claims.TryClaim("/out/\u0141.dcm"));
            Assert.True(claims.TryClaim("/out/\u0041.dcm"));
            Assert.True(claims.TryClaim("/out/\u0241.dcm"));
            Assert.False(claims.TryClaim("/out/\u0141.dcm"));
        }

        [Fact]
        public void ManyNumberedNamesNeverCollide()
        {
            // The corpus shape that matters in practice: a million outputs differing in a few digits.
            var claims = new OutputNameClaims(ignoreCase: false);
            for (int i = 0; i < 1_000_000; i++)
                Assert.True(claims.TryClaim($"/data/out/{i:D7}-image{i % 7 + 1}.dcm"), $"name {i} was refused");
            Assert.Equal(1_000_000, claims.Count);
            Assert.False(claims.TryClaim("/data/out/0999999-image1.dcm")); // 999999 = 7 × 142857
        }

        [Fact]
        public void HashUsesAllSixtyFourBits()
        {
            // Consecutive names must differ in both halves of the hash, or the set would degrade to 32-bit collisions.
            var high = new HashSet<uint>();
            var low = new HashSet<uint>();
            for (int i = 0; i < 10_000; i++)
            {
                ulong h = OutputNameClaims.Hash($"{i:D5}.dcm", ignoreCase: false);
                high.Add((uint)(h >> 32));
                low.Add((uint)h);
            }
            Assert.Equal(10_000, high.Count);
            Assert.Equal(10_000, low.Count);
        }

        [Fact]
        public void NullPathIsAnArgumentError() =>
            Assert.Throws<ArgumentNullException>(() => new OutputNameClaims(false).TryClaim(null!));

        [Fact]
        public void ARefusedClaimNamesTheSourceThatHoldsIt()
        {
            var claims = new OutputNameClaims(ignoreCase: false);
            Assert.True(claims.TryClaim("/out/CT.dcm", "/in/a.dcm", out _));
            Assert.False(claims.TryClaim("/out/CT.dcm", "/in/b.dcm", out string other));
            Assert.Equal("/in/a.dcm", other);
        }

        [Fact]
        public void ClaimsFromManyThreadsGrantEachNameOnce()
        {
            var claims = new OutputNameClaims(ignoreCase: false);
            int granted = 0;
            System.Threading.Tasks.Parallel.For(0, 8000, i =>
            {
                if (claims.TryClaim("/out/" + (i % 1000) + ".dcm", "/in/" + i, out _)) System.Threading.Interlocked.Increment(ref granted);
            });
            Assert.Equal(1000, granted);
            Assert.Equal(1000, claims.Count);
        }
    }
}
