using System;
using System.Collections.Generic;
using System.Linq;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// A new DA, TM or DT value given as text that is no date or time of its VR (what a spreadsheet makes of a date column:
    /// "1/1/2020", its serial 43831) is written as given, as deid writes it, with a warning giving its shape, not the value.
    /// </summary>
    public class DateValueWarningTests
    {
        private static DicomFile File()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.8.498.5.5");
            file.Dataset.SetString(DicomTags.StudyDate, DicomVR.DA, "20190101");
            file.Dataset.SetString(DicomTags.StudyTime, DicomVR.TM, "101010");
            file.Dataset.SetString(DicomTags.AcquisitionDateTime, DicomVR.DT, "20190101101010");
            file.Dataset.SetString(DicomTags.PatientAge, DicomVR.AS, "061Y");
            return file;
        }

        private static (DicomFile File, List<DeidWarning> Said) Run(string line, object? value = null)
        {
            var file = File();
            var warnings = new List<DeidWarning>();
            var variables = new Dictionary<string, object?> { ["v"] = value };
            new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\n" + line + "\n", "site.deid")).Apply(file, variables, warnings, "f.dcm");
            return (file, warnings.Where(w => w.Kind == DeidWarningKind.ValueNotOfItsVR).ToList());
        }

        [Theory]
        [InlineData("StudyDate", "1/1/2020", "'9/9/9999'")]
        [InlineData("StudyDate", "43831", "'99999'")]
        [InlineData("StudyDate", "2020-01-01", "'9999-99-99'")]
        [InlineData("StudyDate", "20201301", "'99999999'")]
        [InlineData("StudyTime", "10:10 AM", "'99:99 AA'")]
        [InlineData("StudyDate", "2020.01.01", "'9999.99.99'")]   // the retired ACR-NEMA forms: readers take them, a new value
        [InlineData("StudyTime", "08:30:00", "'99:99:99'")]       // may not be one (PS3.5 6.2); a spreadsheet writes times so
        [InlineData("AcquisitionDateTime", "2020-01-01T10:00", "'9999-99-99A99:99'")]
        [InlineData("PatientAge", "45", "'99'")]
        [InlineData("PatientAge", "3.00:00:00", "'9.99:99:99'")]
        public void AValueThatIsNoDateOfItsVR_IsWrittenAsGiven_AndItsShapeSaid(string keyword, string value, string shape)
        {
            var (file, said) = Run($"REPLACE {keyword} var:v", value);
            Assert.True(DicomDictionary.TryGetTag(keyword, out var tag));
            Assert.Equal(value, file.Dataset.GetString(tag));
            var w = Assert.Single(said);
            Assert.Contains(shape, w.Message, StringComparison.Ordinal);
            Assert.Contains("(recipe site.deid:3)", w.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(value, w.Message.Replace(shape, string.Empty), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("REPLACE StudyDate 20200101")]
        [InlineData("REPLACE StudyDate 20200101\\20200102")]
        [InlineData("BLANK StudyDate")]
        [InlineData("REPLACE StudyTime 1010")]
        [InlineData("REPLACE StudyTime 101010.123456")]
        [InlineData("REPLACE AcquisitionDateTime 2020")]
        [InlineData("REPLACE AcquisitionDateTime 20200101101010.5+0100")]
        [InlineData("JITTER StudyDate 31")]
        [InlineData("REPLACE PatientAge 045Y")]
        [InlineData("REPLACE PatientAge 003D")]
        [InlineData("REPLACE PatientComments 1/1/2020")] // not a date VR
        public void DatesOfTheirVR_AndOtherVRs_AreNotSaid(string line)
        {
            Assert.Empty(Run(line).Said);
        }

        [Fact]
        public void ATimeSpanForAnAge_AndANumberForADate_AreSaid()
        {
            var (file, said) = Run("REPLACE PatientAge var:v", System.TimeSpan.FromDays(3));
            Assert.Equal("3.00:00:00", file.Dataset.GetString(DicomTags.PatientAge));
            Assert.Contains("'9.99:99:99'", Assert.Single(said).Message, StringComparison.Ordinal);
            Assert.Contains("'99999'", Assert.Single(Run("REPLACE StudyDate var:v", 43831).Said).Message, StringComparison.Ordinal);
            Assert.Empty(Run("REPLACE StudyDate var:v", 20200101).Said);
        }

        /// <summary>
        /// JITTER and deid_func:jitter keep what they cannot shift and say so (PartlyShifted) of the original's values: not said
        /// again as a new value a spreadsheet reformatted (review: every such file had both warnings).
        /// </summary>
        [Theory]
        [InlineData("JITTER StudyDate 5")]
        [InlineData("REPLACE StudyDate deid_func:jitter")]
        public void WhatAJitterLeavesUnshifted_IsSaidOnce(string line)
        {
            var file = File();
            file.Dataset.SetString(DicomTags.StudyDate, DicomVR.DA, "20190101\\NOTADATE");
            var warnings = new List<DeidWarning>();
            var variables = new Dictionary<string, object?> { ["jitter"] = 5 };
            new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\n" + line + "\n", "site.deid")).Apply(file, variables, warnings, "f.dcm");
            string shifted = file.Dataset.GetString(DicomTags.StudyDate)!;
            Assert.EndsWith("\\NOTADATE", shifted, StringComparison.Ordinal);
            Assert.NotEqual("20190101\\NOTADATE", shifted);
            Assert.Contains(warnings, w => w.Message.Contains("left one value it cannot read as a date", StringComparison.Ordinal));
            Assert.DoesNotContain(warnings, w => w.Kind == DeidWarningKind.ValueNotOfItsVR);
        }

        [Fact]
        public void ADateObject_IsFormattedByTheVR_AndNotSaid()
        {
            var (file, said) = Run("REPLACE StudyDate var:v", new DateTime(2020, 1, 2));
            Assert.Equal("20200102", file.Dataset.GetString(DicomTags.StudyDate));
            Assert.Empty(said);
        }
    }
}
