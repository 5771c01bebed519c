using Deid.Actions;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// JITTER of dates not written in DICOM form: deid hands every value to dateutil first, so it shifts them; we left them, with
    /// a warning, and so kept the patient's real dates (QA: a migrated recipe over a converter that writes ISO dates).
    /// </summary>
    public class WrittenDateJitterTests
    {
        [Theory]
        [InlineData("DA", "2015-09-01", "20150906")]
        [InlineData("DA", "2015/09/01", "20150906")]
        [InlineData("DA", "09/01/2015", "20150906")] // dateutil: month first
        [InlineData("DA", "13/01/2015", "20150118")] // but a first number past 12 is the day
        [InlineData("DA", "9-1-2015", "20150906")]
        [InlineData("DA", "2015-02-28", "20150305")]
        [InlineData("DT", "2015-09-01T12:00", "20150906120000")]
        [InlineData("DT", "2015-09-01 12:34:56.789", "20150906123456.789")]
        [InlineData("DT", "2015-09-01T23:59:59Z", "20150906235959+0000")]
        [InlineData("DT", "2015-09-01T08:00+01:00", "20150906080000+0100")]
        [InlineData("DT", "Sep 1, 2015 3:04 PM", "20150906150400")]
        [InlineData("DT", "2015-09-01", "20150906")]
        [InlineData("LO", "March 3 2015", "20150308")]
        [InlineData("LO", "Mar. 3rd, 2015", "20150308")]
        [InlineData("SH", "1 Sep 2015", "20150906")]
        [InlineData("LO", "1-SEP-2015", "20150906")]
        [InlineData("LO", "Tuesday, 1 September 2015", "20150906")]
        [InlineData("LO", "2015 Sep 1", "20150906")]
        [InlineData("LO", "2015-09-01T12:00:00", "20150906")] // deid's %Y%m%d for text
        [InlineData("LO", "01 SEP 15", "20150906")] // a two-digit year in the century nearest now
        [InlineData("LO", "09/01/2015", "20150906")]
        public void ShiftsADateWrittenAnotherWayAndWritesItInDicomForm(string vr, string value, string expected)
        {
            Assert.True(DateJitter.TryShift(value, DicomVR.Parse(vr), 5, out var shifted), value);
            Assert.Equal(expected, shifted);
        }

        [Fact]
        public void ShiftsBackwardsAcrossAYear()
        {
            Assert.True(DateJitter.TryShift("2015-01-03", DicomVR.DA, -5, out var shifted));
            Assert.Equal("20141229", shifted);
        }

        [Theory]
        [InlineData("DA", "2015")] // dateutil fills in today's month and day; a year alone is no day to shift
        [InlineData("LO", "12")]
        [InlineData("LO", "CT SERIES 2")]
        [InlineData("LO", "1.2.840.10008")]
        [InlineData("DA", "2015-02-30")]
        [InlineData("DA", "13/13/2015")]
        [InlineData("LO", "February 30 2015")]
        [InlineData("LO", "Septober 1 2015")]
        [InlineData("DT", "2015-09-01T25:00")]
        [InlineData("DT", "2015-09-01 13:00 PM")]
        [InlineData("LO", "PRIMARY")]
        [InlineData("LO", "\uFF12\uFF10\uFF11\uFF15-\uFF10\uFF19-\uFF10\uFF11")] // full-width digits: no DICOM date, and no crash
        [InlineData("TM", "2015-09-01")] // a whole-day shift leaves a time field as it is (documented)
        public void LeavesWhatIsNoWholeDate(string vr, string value)
        {
            Assert.False(DateJitter.TryShift(value, DicomVR.Parse(vr), 5, out var shifted), value);
            Assert.Equal(value, shifted);
        }

        [Fact]
        public void ShiftsEachValueOfAMultiValuedElement()
        {
            var values = new[] { "2015-09-01", "20150902", "unknown" };
            Assert.True(DateJitter.TryShiftAll(values, DicomVR.DA, 1));
            Assert.Equal(new[] { "20150902", "20150903", "unknown" }, values);
        }
    }
}
