using System;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// Charset QA 2026-12-06, F8: the clean options' person_names group finds no values in a file whose names are Chinese or
    /// Japanese (their two-character parts are below its minimum length), and the batch said so for every file. It is said once
    /// a batch per group now, for the first such file in input order.
    /// </summary>
    public sealed class EmptyGroupOnceTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-empty-group-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public EmptyGroupOnceTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        private DeidFileRequest Request(int i, string name)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
            file.Dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.2.1143.7." + i);
            file.Dataset.SetString(DicomTags.PatientName, DicomVR.PN, name);
            file.EnsureFileMeta();
            string path = Path.Combine(_dir, $"in-{i}.dcm");
            file.Save(path);
            return new DeidFileRequest(path, Path.Combine(_dir, "out", $"out-{i}.dcm"));
        }

        [Fact]
        public void AGroupThatFindsNothing_IsSaidOnceABatch()
        {
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%values person_names\nSPLIT PatientName by=\"^\";minlength=3\n%header\nBLANK words:person_names\n");
            var requests = new[] { Request(0, "王^小东"), Request(1, "DOE^JOHN"), Request(2, "山田^太郎"), Request(3, "李^四") };
            var results = new DeidBatch(new HeaderActionEngine(recipe)) { ThrottleLimit = 2 }.Run(requests).ToList();
            Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.ToString()));
            var said = results.SelectMany(r => r.Warnings).Where(w => w.Kind == DeidWarningKind.EmptyGroup).ToList();
            var once = Assert.Single(said);
            Assert.Equal(requests[0].SourcePath, once.File);
            Assert.Contains("'person_names'", once.Message, StringComparison.Ordinal);
        }
    }
}
