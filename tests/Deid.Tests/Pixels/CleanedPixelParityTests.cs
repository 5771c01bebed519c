using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Deid.Dicom;
using Deid.Filters;
using Deid.Pixels;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// Our cleaned pixels against deid 0.4.12's (DicomCleaner.detect + clean), recorded by
    /// tools/deid-reference/record_cleaned_pixels.py into deid-cleaned-pixels.json for every native and RLE file of ../shared/data
    /// that deid flags with our shipped recipes, deid's own dicom.ultrasound and Reference/deid.dicom.pixel-parity (every
    /// coordinate form on every image). Our cleaned frames are laid out as deid's numpy array (frames × rows × cols × samples,
    /// the stored bits as pydicom reads them, 1-bit data one value a byte) in the dtype deid's mask multiplication gives, and
    /// hashed: value for value equal. Where deid's saved file stops matching its own array, the difference is asserted too.
    /// </summary>
    public sealed class CleanedPixelParityTests
    {
        private static readonly string Fixture = Path.Combine(TestPaths.RepoRoot, "tests", "Deid.Tests", "Pixels", "deid-cleaned-pixels.json");

        private static DeidRecipe LoadRecipe(string key) => key switch
        {
            "ours:dicom" => new RecipeLoader(TestPaths.ShippedRecipes).LoadName("dicom").Recipe,
            "ours:dicom.ultrasound" => new RecipeLoader(TestPaths.ShippedRecipes).LoadName("dicom.ultrasound").Recipe,
            "ours:dicom.xray.chest" => new RecipeLoader(TestPaths.ShippedRecipes).LoadName("dicom.xray.chest").Recipe,
            "deid:dicom.ultrasound" => new RecipeLoader(null).LoadPath(
                Path.Combine(TestPaths.RepoRoot, "tests", "Deid.Tests", "Filters", "Reference", "deid.dicom.ultrasound")).Recipe,
            "parity" => new RecipeLoader(null).LoadPath(
                Path.Combine(TestPaths.RepoRoot, "tests", "Deid.Tests", "Pixels", "Reference", "deid.dicom.pixel-parity")).Recipe,
            _ => throw new ArgumentException(key),
        };

        private static JsonDocument Load() => JsonDocument.Parse(File.ReadAllText(Fixture));

        [Fact]
        public void CleanedArrays_EqualDeids_ValueForValue()
        {
            if (!Directory.Exists(TestPaths.Data("deid-data"))) return; // ../shared is not there: nothing to compare with
            using var doc = Load();
            var evaluators = new Dictionary<string, FilterEvaluator>();
            var failures = new List<string>();
            int compared = 0, blanked = 0, refusedAsDeid = 0;
            foreach (var record in doc.RootElement.GetProperty("records").EnumerateArray())
            {
                string key = record.GetProperty("recipe").GetString()!;
                string file = record.GetProperty("file").GetString()!;
                if (!evaluators.TryGetValue(key, out var evaluator)) evaluators[key] = evaluator = new FilterEvaluator(LoadRecipe(key));
                string path = TestPaths.Data(file.Split('/'));
                string where = $"{key} {file}";
                if (record.TryGetProperty("error", out var error))
                {
                    // deid raised (truncated pixel data, a Number of Frames of '1A', no Rows): we must refuse too, or have nothing to clean.
                    if (RefusesOrHasNothingToClean(path, evaluator)) refusedAsDeid++;
                    else failures.Add($"{where}: deid raised {error.GetString()}, ours cleaned it");
                    continue;
                }
                var verdict = evaluator.EvaluateFile(path); // headers only, as Test-DicomBurnedPixel reads them
                if (verdict.Flagged != record.GetProperty("flagged").GetBoolean())
                {
                    failures.Add($"{where}: flagged {verdict.Flagged}, deid {!verdict.Flagged}");
                    continue;
                }
                if (!verdict.Flagged) continue;
                var dicom = DicomFile.Open(path);
                var decision = BurnedPixelDecision.From(verdict);
                IDisposable? spool = null;
                try
                {
                    // A flagged file without regions is left as it is; deid's clean then returns the original array.
                    if (decision.Regions.Count > 0) PixelCleaner.Clean(dicom, decision.Regions, PixelCompression.None, out spool);
                    string dtype = record.GetProperty("dtype").GetString()!;
                    var ours = DeidArray.Describe(dicom.Dataset, path, dtype, SampleIndexes(record));
                    string expectedDtype = DeidArray.PromotedDtype(PixelFrameGeometry.FromDataset(dicom.Dataset));
                    if (expectedDtype != dtype) failures.Add($"{where}: dtype {expectedDtype} by numpy's rules, deid recorded {dtype}");
                    string shape = string.Join(",", ours.Shape);
                    string deidShape = string.Join(",", Array.ConvertAll(ToArray(record.GetProperty("shape")), v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    if (shape != deidShape) failures.Add($"{where}: shape {shape}, deid {deidShape}");
                    else if (ours.Sha256 != record.GetProperty("sha256").GetString()) failures.Add($"{where}: cleaned array differs; samples ours {Samples(ours)}, deid {record.GetProperty("samples")}; zeros ours {ours.Zeros}, deid {record.GetProperty("zeros")}");
                    else if (ours.Zeros != record.GetProperty("zeros").GetInt64()) failures.Add($"{where}: zero count differs");
                    compared++;
                    if (ours.Zeros > 0) blanked++;
                }
                finally
                {
                    spool?.Dispose();
                }
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(compared >= 100, $"only {compared} arrays compared");
            Assert.True(blanked >= 60, $"only {blanked} arrays had blanked pixels");
            Assert.True(refusedAsDeid >= 8, $"only {refusedAsDeid} of deid's errors checked");
        }

        [Fact]
        public void YbrFullToRgb_EqualsPydicomsConversion_ForEveryInput()
        {
            using var doc = Load();
            // Y outermost, then Cb, then Cr, as the recorder's numpy cube: 2^24 triples, 48 MiB of RGB.
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            var plane = new byte[256 * 256 * 3];
            for (int y = 0; y < 256; y++)
            {
                for (int cb = 0; cb < 256; cb++)
                {
                    for (int cr = 0; cr < 256; cr++)
                        NativeYbr422.Convert((byte)y, (byte)cb, (byte)cr, plane.AsSpan(((cb * 256) + cr) * 3, 3));
                }
                hash.AppendData(plane);
            }
            Assert.Equal(doc.RootElement.GetProperty("ybr_full_to_rgb_sha256").GetString(), Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant());
        }

        /// <summary>
        /// deid's save_dicom writes the cleaned array's bytes under the source's header, which then lies about them; ours keeps the
        /// header true (PixelCleaner). Each known case is asserted from the recorded saved file, so a deid that fixed it would show.
        /// </summary>
        [Theory]
        [InlineData("pydicom/test_files/SC_ybr_full_422_uncompressed.dcm", "ybr422")]
        [InlineData("pydicom/test_files/ExplVR_BigEnd.dcm", "planar")]
        [InlineData("pydicom/test_files/liver_1frame.dcm", "onebit")]
        [InlineData("pydicom/test_files/MR_small_bigendian.dcm", "bigendian")]
        public void DeidsSavedFile_DoesNotDescribeItsBytes_OursDoes(string file, string difference)
        {
            using var doc = Load();
            JsonElement record = default;
            foreach (var r in doc.RootElement.GetProperty("records").EnumerateArray())
            {
                if (r.GetProperty("recipe").GetString() == "parity" && r.GetProperty("file").GetString() == file) record = r;
            }
            Assert.Equal(JsonValueKind.Object, record.ValueKind);
            var saved = record.GetProperty("saved");
            long elements = 1;
            foreach (var d in record.GetProperty("shape").EnumerateArray()) elements *= d.GetInt64();
            string ts = saved.GetProperty("TransferSyntaxUID").GetString()!;
            switch (difference)
            {
                case "ybr422":
                    // RGB bytes, three a pixel, still labelled 4:2:2 (which holds two a pixel).
                    Assert.Equal("YBR_FULL_422", saved.GetProperty("PhotometricInterpretation").GetString());
                    Assert.Equal(elements, saved.GetProperty("PixelDataLength").GetInt64());
                    break;
                case "planar":
                    // numpy's interleaved array written under Planar Configuration 1.
                    Assert.Equal(1, saved.GetProperty("PlanarConfiguration").GetInt32());
                    Assert.Equal(record.GetProperty("sha256").GetString(), saved.GetProperty("PixelDataSha256").GetString());
                    break;
                case "onebit":
                    // One byte a pixel under Bits Allocated 1 (eight pixels a byte).
                    Assert.Equal(1, saved.GetProperty("BitsAllocated").GetInt32());
                    Assert.Equal(elements, saved.GetProperty("PixelDataLength").GetInt64());
                    break;
                case "bigendian":
                    // Little endian words in an Explicit VR Big Endian file.
                    Assert.Equal(TransferSyntax.ExplicitVRBigEndian.Uid, ts);
                    Assert.Equal(record.GetProperty("sha256").GetString(), saved.GetProperty("PixelDataSha256").GetString());
                    break;
            }
            if (!File.Exists(TestPaths.Data(file.Split('/')))) return;
            // Ours: the same file cleaned with the same recipe has a header that describes its bytes.
            var dicom = DicomFile.Open(TestPaths.Data(file.Split('/')));
            var decision = BurnedPixelDecision.From(new FilterEvaluator(LoadRecipe("parity")).Evaluate(dicom.Dataset, file));
            PixelCleaner.Clean(dicom, decision.Regions, PixelCompression.None, out var spool);
            using (spool)
            {
                var g = PixelFrameGeometry.FromDataset(dicom.Dataset);
                using var pixels = NativePixelData.Open(dicom.Dataset, file); // checks the value holds every frame of g
                Assert.True(pixels.Length - g.TotalLength <= 1, $"{pixels.Length} bytes for {g}");
                if (difference == "ybr422") Assert.Equal("RGB", g.PhotometricInterpretation);
                if (difference == "onebit") Assert.Equal(elements / 8, g.TotalLength);
                if (difference == "planar") Assert.Equal(1, g.PlanarConfiguration);
                if (difference == "bigendian") Assert.True(pixels.IsBigEndian);
            }
        }

        private static bool RefusesOrHasNothingToClean(string path, FilterEvaluator evaluator)
        {
            try
            {
                var dicom = DicomFile.Open(path);
                var decision = BurnedPixelDecision.From(evaluator.Evaluate(dicom.Dataset, path));
                if (decision.Regions.Count == 0) return true;
                PixelCleaner.Clean(dicom, decision.Regions, PixelCompression.None, out var spool);
                spool?.Dispose();
                return false;
            }
            catch (DicomFormatException)
            {
                return true;
            }
        }

        private static long[] SampleIndexes(JsonElement record)
        {
            var list = new List<long>();
            foreach (var s in record.GetProperty("samples").EnumerateArray()) list.Add(s[0].GetInt64());
            return list.ToArray();
        }

        private static long[] ToArray(JsonElement array)
        {
            var list = new List<long>();
            foreach (var v in array.EnumerateArray()) list.Add(v.GetInt64());
            return list.ToArray();
        }

        private static string Samples(DeidArray.Description d)
        {
            var parts = new List<string>();
            foreach (var kv in d.Samples) parts.Add($"[{kv.Key}, {kv.Value}]");
            return "[" + string.Join(", ", parts) + "]";
        }
    }
}
