using System;
using System.Collections.Generic;
using System.IO;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Samples;

namespace Deid.Batch
{
    /// <summary>
    /// Runs the paths a first batch takes — recipe parse, engine build, read, identifier extraction, apply, encode — once on a small synthetic file in
    /// memory. A fresh PowerShell spends its first tenth of a second in its own start-up on one core; run on the other core
    /// meanwhile, this moves the engine's first-use costs (type loading, static tables, code the runtime prepares on first call)
    /// out of the first batch. It reads nothing but the recipe text it is given and writes nothing.
    /// </summary>
    public static class EngineWarmup
    {
        private const string FallbackRecipe = "FORMAT dicom\n%header\nADD PatientIdentityRemoved YES\nREPLACE PatientID var:id\n"
            + "REPLACE endswith:InstanceUID deid_func:pydicom_uuid\nJITTER endswith:Date 1\nBLANK contains:Name\nREMOVE ALL\n";

        /// <summary>Warms the engine; <paramref name="recipeText"/> is the recipe a batch will most likely use (null: a small built-in one).</summary>
        /// <returns>Identifier fields plus the elements the warm-up file ended with (so the work cannot be optimized away).</returns>
        public static int Run(string? recipeText) => RunWith(DeidRecipe.Parse(recipeText ?? FallbackRecipe, "warm-up"));

        /// <summary>
        /// Warms the engine with a recipe already loaded (null: a small built-in one), for a host that loads its default recipe the
        /// way its commands do, so the loading is warmed too.
        /// </summary>
        /// <returns>As <see cref="Run(string)"/>.</returns>
        public static int RunWith(DeidRecipe? recipe)
        {
            var engine = new HeaderActionEngine(recipe ?? DeidRecipe.Parse(FallbackRecipe, "warm-up"));
            var sample = DicomSampleGenerator.Create(0, new DicomSampleOptions { Rows = 8, Columns = 8 });
            byte[] bytes;
            using (var buffer = new MemoryStream())
            {
                DicomWriter.Write(sample.File, buffer);
                bytes = buffer.ToArray();
            }
            var file = DicomFile.Open(bytes, null, "warm-up.dcm");
            // Get-DicomIdentifier's path first (it only reads), then Invoke-DeidReplace's.
            int fields = Identifiers.IdentifierExtractor.Extract(file, "warm-up.dcm").Fields.Count;
            var variables = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["id"] = "warm-up" };
            engine.Apply(file, variables, new List<string>(), "warm-up.dcm");
            DicomWriter.Write(file, Stream.Null);
            return fields + file.Dataset.Count;
        }
    }
}
