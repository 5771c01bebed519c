using Deid.Actions;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// JITTER of a date-time written as digits (20080504171723, 200805041717) outside a DT. deid's get_timestamp hands the value
    /// to dateutil, which reads these, and writes strftime("%Y%m%d"): a DA written so by a non-conformant modality became
    /// 20080507, where ours left the real date with a warning (QA finding 03); in LO/SH ours shifted the first eight digits of
    /// any longer run of digits and kept the rest, so an accession number 2008050417172310 (which dateutil cannot read, and deid
    /// leaves) became another linkable number, and real date-times kept their time (QA finding 02). Every expected value was
    /// checked with deid 0.4.12's jitter_timestamp and python-dateutil 2.8.2.
    /// </summary>
    public class DateTimeJitterTests
    {
        [Theory]
        // DA: dateutil reads them; deid writes %Y%m%d.
        [InlineData("DA", "20080504171723", "20080507")]
        [InlineData("DA", "200805041717", "20080507")]
        [InlineData("DA", "20080504171723+0100", "20080507")]
        [InlineData("DA", "20080504171723-01:30", "20080507")]
        [InlineData("DA", "20080504171723Z", "20080507")]
        [InlineData("DA", "200805041717+01", "20080507")]
        [InlineData("DA", "20080504171723.", "20080507")]
        [InlineData("DA", "20080504T171723", "20080507")]
        [InlineData("DA", "20080504 171723", "20080507")]
        [InlineData("DA", "20080504T1717", "20080507")]
        [InlineData("DA", "20080504T17", "20080507")]
        [InlineData("DA", "20080504T171723.5+0100", "20080507")]
        [InlineData("DA", "20080504T17:17:23", "20080507")]
        [InlineData("DA", "20080504 5:17 PM", "20080507")]
        [InlineData("DA", "20080504000000", "20080507")]
        // DA with a fraction: dateutil overflows, strptime("%Y%m%d") fails and deid stops on the file; ours writes the date
        // shifted as a valid DA rather than keep the real one.
        [InlineData("DA", "20080504171723.5", "20080507")]
        [InlineData("DA", "20080504171723.123456+0100", "20080507")]
        // Text VRs: what dateutil reads is written %Y%m%d, deid's first format.
        [InlineData("LO", "20080504171723", "20080507")]
        [InlineData("SH", "200805041717", "20080507")]
        [InlineData("IS", "200805041717", "20080507")]
        [InlineData("LO", "20080504171723-0500", "20080507")]
        [InlineData("LO", "20080504T171723", "20080507")]
        [InlineData("UT", "20080504 17:17", "20080507")]
        [InlineData("LO", "20080504T171723.1234567", "20080507")]
        // Text VRs, fourteen digits with a fraction: dateutil overflows; deid's strptime("%Y%m%d%H%M%S.%f%z"), then without %z,
        // reads it and writes that format.
        [InlineData("LO", "20080504171723.5", "20080507171723.500000")]
        [InlineData("LO", "20080504171723.000000", "20080507171723.000000")]
        [InlineData("LO", "20080504171723.123456+0100", "20080507171723.123456+0100")]
        [InlineData("LO", "20080504171723.5+01:00", "20080507171723.500000+0100")]
        [InlineData("LO", "20080504171723.5Z", "20080507171723.500000+0000")]
        [InlineData("LO", "20080504171723.5-0000", "20080507171723.500000+0000")]
        public void ShiftsADateTimeAsDeidDoes(string vr, string value, string expected)
        {
            Assert.True(DateJitter.TryShift(value, DicomVR.Parse(vr), 3, out var shifted), value);
            Assert.Equal(expected, shifted);
        }

        [Theory]
        // dateutil overflows or refuses, and no strptime format of deid's reads them: deid leaves them (in a DA it stops on the
        // file), ours leaves them with the warning.
        [InlineData("SH", "2008050417172310")] // an accession number, no date
        [InlineData("LO", "20080504.5")]
        [InlineData("LO", "2008050417")]
        [InlineData("LO", "2008050417172")]
        [InlineData("LO", "200805041717231")]
        [InlineData("LO", "20080504171723123")]
        [InlineData("LO", "20080504171723.1234567")] // strptime's %f takes six digits at most
        [InlineData("LO", "20080504171723.5+01")]   // and %z hours and minutes
        [InlineData("LO", "20080504+0100")]
        [InlineData("LO", "20080504Z")]
        [InlineData("LO", "20080504T171")]
        [InlineData("LO", "20080504 171723 extra")]
        [InlineData("LO", "20081304171723")]
        [InlineData("LO", "20080504250000")]
        [InlineData("LO", "200805041760")]
        [InlineData("DA", "2008050417172310")]
        [InlineData("DA", "20080504.5")]
        [InlineData("DA", "20080230171723")]
        [InlineData("DA", "20080504+0100")]
        public void LeavesDigitsDateutilCannotRead(string vr, string value)
        {
            Assert.False(DateJitter.TryShift(value, DicomVR.Parse(vr), 3, out var shifted), value);
            Assert.Equal(value, shifted);
        }

        /// <summary>DT keeps its own precision and form, as documented (deid appends .000000): unchanged by this fix.</summary>
        [Theory]
        [InlineData("20080504171723", "20080507171723")]
        [InlineData("200805041717", "200805071717")]
        [InlineData("20080504171723.5", "20080507171723.5")]
        [InlineData("20080504171723.123456+0100", "20080507171723.123456+0100")]
        [InlineData("20080504", "20080507")]
        public void DtKeepsItsPrecision(string value, string expected)
        {
            Assert.True(DateJitter.TryShift(value, DicomVR.DT, 3, out var shifted), value);
            Assert.Equal(expected, shifted);
        }

        [Fact]
        public void ADaHoldingADateTimeIsShiftedAndWrittenAsAValidDa()
        {
            var file = EngineRegressionTests.Small();
            file.Dataset.SetString(new DicomTag(0x0008, 0x0020), DicomVR.DA, "20080504171723");
            file.Dataset.SetString(new DicomTag(0x0008, 0x0021), DicomVR.DA, "200805041717");
            var (ds, warnings) = EngineRegressionTests.Run("JITTER StudyDate 3\nJITTER SeriesDate 3", file);
            Assert.Empty(warnings);
            Assert.Equal("20080507", ds.GetString(new DicomTag(0x0008, 0x0020)));
            Assert.Equal("20080507", ds.GetString(new DicomTag(0x0008, 0x0021)));
        }

        [Fact]
        public void AnAccessionNumberOfDigitsIsLeftWithAWarning()
        {
            var file = EngineRegressionTests.Small();
            file.Dataset.SetString(new DicomTag(0x0008, 0x0050), DicomVR.SH, "2008050417172310");
            var (ds, warnings) = EngineRegressionTests.Run("JITTER AccessionNumber 3", file);
            Assert.Equal("2008050417172310", ds.GetString(new DicomTag(0x0008, 0x0050)));
            Assert.Contains(warnings, w => w.Contains("JITTER does not apply to (0008,0050) (its SH value is no date it can shift: '9999999999999999')", System.StringComparison.Ordinal));
        }

        [Fact]
        public void ADateTimeInTextIsWrittenAsDeidWritesIt()
        {
            var file = EngineRegressionTests.Small();
            file.Dataset.SetString(new DicomTag(0x0008, 0x1030), DicomVR.LO, "20080504171723");
            file.Dataset.SetString(new DicomTag(0x0008, 0x103E), DicomVR.LO, "20080504.5");
            var (ds, warnings) = EngineRegressionTests.Run("JITTER StudyDescription 3\nJITTER SeriesDescription 3", file);
            Assert.Equal("20080507", ds.GetString(new DicomTag(0x0008, 0x1030)));
            Assert.Equal("20080504.5", ds.GetString(new DicomTag(0x0008, 0x103E)));
            Assert.Single(warnings);
            Assert.Contains("JITTER does not apply to (0008,103E)", warnings[0], System.StringComparison.Ordinal);
        }

        /// <summary>
        /// A multi-valued element whose values only partly shift (a year alone beside dates) was silent about the values left:
        /// each of JITTER, deid_func:jitter and deid_func:keyed_jitter says how many, by their shape, never their digits.
        /// </summary>
        [Theory]
        [InlineData("JITTER (0018,1200) 3")]
        [InlineData("REPLACE (0018,1200) deid_func:jitter days=3")]
        [InlineData("REPLACE (0018,1200) deid_func:keyed_jitter")]
        public void AValueLeftBesideShiftedDates_IsSaid(string line)
        {
            var file = EngineRegressionTests.Small();
            file.Dataset.SetString(new DicomTag(0x0018, 0x1200), DicomVR.DA, "20080504\\2007\\20080505");
            var (ds, warnings) = EngineRegressionTests.Run(line, file);
            var values = ds.GetStrings(new DicomTag(0x0018, 0x1200));
            Assert.Equal("2007", values[1]);
            Assert.NotEqual("20080504", values[0]);
            var warning = Assert.Single(warnings, w => w.Contains("but left one value it cannot read as a date as written ('9999')", System.StringComparison.Ordinal));
            Assert.Contains("(0018,1200)", warning, System.StringComparison.Ordinal);
        }

        [Fact]
        public void AMultiValuedDaShiftsEachDateTime()
        {
            var values = new[] { "20080504171723", "20080505" };
            Assert.True(DateJitter.TryShiftAll(values, DicomVR.DA, 3));
            Assert.Equal(new[] { "20080507", "20080508" }, values);
        }
    }
}
