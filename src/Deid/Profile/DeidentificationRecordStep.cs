using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Pixels;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Profile
{
    /// <summary>
    /// Records in each file what was done, as PS3.15 E.1.1 and PS3.3 C.7.1.1 (Patient Module, de-identification) ask, for recipes
    /// that declare the PS3.15 profile (their <c>ADD DeidentificationMethod</c> holds only CID 7050 code meanings, the Basic
    /// Profile's among them — the shipped <c>dicom.basic-profile*</c> recipes): Patient Identity Removed (0012,0062) YES,
    /// De-identification Method (0012,0063) and De-identification Method Code Sequence (0012,0064) with the code of the profile
    /// and of each option, plus Clean Pixel Data (113101) when the pixel step cleaned this file's pixels, and Longitudinal Temporal
    /// Information Modified (0028,0303) as the recipe treated dates; an SR whose Verifying Observer Sequence the recipe emptied
    /// no longer claims VERIFIED (PS3.3 C.17.2). Other recipes (the default <c>dicom</c>) are left exactly as
    /// deid would write them. It runs after the header and pixel steps.
    /// </summary>
    public sealed class DeidentificationRecordStep : IFileStep
    {
        /// <summary>The step's name in results and warnings.</summary>
        public const string StepName = "Record";

        private static readonly DicomTag PatientIdentityRemoved = new DicomTag(0x0012, 0x0062);
        private static readonly DicomTag DeidentificationMethod = new DicomTag(0x0012, 0x0063);
        private static readonly DicomTag DeidentificationMethodCodeSequence = new DicomTag(0x0012, 0x0064);
        private static readonly DicomTag LongitudinalTemporalInformationModified = new DicomTag(0x0028, 0x0303);
        private static readonly DicomTag CodeValue = new DicomTag(0x0008, 0x0100);
        private static readonly DicomTag CodingSchemeDesignator = new DicomTag(0x0008, 0x0102);
        private static readonly DicomTag CodeMeaning = new DicomTag(0x0008, 0x0104);

        private readonly ProfileClaim? _claim;

        /// <summary>Creates the step for <paramref name="recipe"/>; it does nothing when the recipe declares no PS3.15 profile.</summary>
        public DeidentificationRecordStep(DeidRecipe recipe) => _claim = ProfileClaim.FromRecipe(recipe ?? throw new ArgumentNullException(nameof(recipe)));

        /// <summary>True when the recipe declares the profile, so files are recorded.</summary>
        public bool Records => _claim != null;

        /// <inheritdoc/>
        public string Name => StepName;

        /// <inheritdoc/>
        public IFileStepRun Begin(FileStepContext context)
        {
            if (context == null) throw new ArgumentNullException(nameof(context));
            return new Run(_claim, context);
        }

        private sealed class Run : IFileStepRun
        {
            private readonly ProfileClaim? _claim;
            private readonly FileStepContext _context;

            public Run(ProfileClaim? claim, FileStepContext context)
            {
                _claim = claim;
                _context = context;
            }

            public IStepStatistics Apply()
            {
                if (_claim == null) return new DeidentificationRecordStatistics(0);
                // The pixel step decided from the original header; a flagged file with regions is cleaned, or fails and is not written.
                bool pixels = _context.Shared.TryGetValue(PixelCleaningStep.StepName, out var d) && d is PixelCleaningDecision p && p.Flagged && !p.NamesNoRegionToBlank;
                var codes = new List<DeidentificationMethodCode>(_claim.Codes);
                string method = _claim.Method;
                if (pixels && !codes.Exists(c => c.Value == DeidentificationMethodCodes.CleanPixelData))
                {
                    var clean = DeidentificationMethodCodes.Get(DeidentificationMethodCodes.CleanPixelData);
                    codes.Add(clean);
                    method += "\\" + clean.Meaning;
                }
                codes.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
                // The Basic Profile empties Verifying Observer Sequence (D, no dummy item): an SR must then stop claiming VERIFIED.
                ProfileFunctions.KeepVerificationHonest(_context.File.Dataset);
                Write(_context.File.Dataset, codes, method, _claim.Temporal(_context.Variables));
                return new DeidentificationRecordStatistics(codes.Count);
            }
        }

        /// <summary>Writes the four attributes (new elements take their place in tag order).</summary>
        internal static void Write(DicomDataset dataset, IReadOnlyList<DeidentificationMethodCode> codes, string method, string temporal)
        {
            dataset.SetString(PatientIdentityRemoved, DicomVR.CS, "YES");
            dataset.SetString(DeidentificationMethod, DicomVR.LO, method);
            // An input de-identified before holds its own codes: replaced, never merged, so the sequence says what this run did.
            dataset.Remove(DeidentificationMethodCodeSequence);
            var sequence = dataset.GetOrAddSequence(DeidentificationMethodCodeSequence);
            foreach (var code in codes)
            {
                var item = sequence.AddItem();
                item.SetString(CodeValue, DicomVR.SH, code.Value);
                item.SetString(CodingSchemeDesignator, DicomVR.SH, code.Scheme);
                item.SetString(CodeMeaning, DicomVR.LO, code.Meaning);
            }
            dataset.SetString(LongitudinalTemporalInformationModified, DicomVR.CS, temporal);
        }
    }
}
