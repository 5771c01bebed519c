using System;
using Xunit;

namespace Deid.Dicom.Tests.Values
{
    public class TypedValueTests
    {
        [Theory]
        [InlineData("20050303", 2005, 3, 3)]
        [InlineData("2005.03.03", 2005, 3, 3)]
        [InlineData(" 19991231 ", 1999, 12, 31)]
        public void DatesParse(string text, int y, int m, int d)
        {
            Assert.True(DicomDateTime.TryParseDate(text, out var date));
            Assert.Equal(new DateTime(y, m, d), date);
        }

        [Theory]
        [InlineData("20050230")]
        [InlineData("2005033")]
        [InlineData("ABCDEFGH")]
        [InlineData("")]
        public void BadDatesDoNot(string text) => Assert.False(DicomDateTime.TryParseDate(text, out _));

        [Theory]
        [InlineData("07", 7, 0, 0, 0)]
        [InlineData("0715", 7, 15, 0, 0)]
        [InlineData("071530", 7, 15, 30, 0)]
        [InlineData("071530.25", 7, 15, 30, 2500000)]
        [InlineData("07:15:30", 7, 15, 30, 0)]
        [InlineData("235960", 23, 59, 59, 0)]
        public void TimesParse(string text, int h, int m, int s, long extraTicks)
        {
            Assert.True(DicomDateTime.TryParseTime(text, out var t));
            Assert.Equal(new TimeSpan(h, m, s) + TimeSpan.FromTicks(extraTicks), t);
        }

        [Theory]
        [InlineData("2400")]
        [InlineData("076")]
        [InlineData("0715.5")]
        [InlineData("071530.1234567")]
        public void BadTimesDoNot(string text) => Assert.False(DicomDateTime.TryParseTime(text, out _));

        [Fact]
        public void DateTimesKeepTheirOffsetAndFillMissingParts()
        {
            Assert.True(DicomDateTime.TryParseDateTime("20050303101553.5+0130", out var v, out bool has));
            Assert.True(has);
            Assert.Equal(new DateTimeOffset(2005, 3, 3, 10, 15, 53, 500, new TimeSpan(1, 30, 0)), v);
            Assert.True(DicomDateTime.TryParseDateTime("2005", out var y, out has));
            Assert.False(has);
            Assert.Equal(new DateTimeOffset(2005, 1, 1, 0, 0, 0, TimeSpan.Zero), y);
            Assert.False(DicomDateTime.TryParseDateTime("20051301", out _, out _));
            Assert.False(DicomDateTime.TryParseDateTime("200503031", out _, out _));
        }

        [Fact]
        public void PersonNamesSplitIntoGroupsAndComponents()
        {
            var pn = DicomPersonName.Parse("Yamada^Tarou^^Dr^=山田^太郎=やまだ^たろう");
            Assert.Equal("Yamada", pn.FamilyName);
            Assert.Equal("Tarou", pn.GivenName);
            Assert.Equal("", pn.MiddleName);
            Assert.Equal("Dr", pn.NamePrefix);
            Assert.Equal("山田^太郎", pn.Ideographic);
            Assert.Equal("やまだ^たろう", pn.Phonetic);
            Assert.Equal("", DicomPersonName.Parse("Doe").GivenName);
        }

        [Fact]
        public void DatasetAccessorsDecodeInBothByteOrders()
        {
            foreach (var enc in new[] { DicomEncoding.ExplicitLittle, DicomEncoding.ExplicitBig })
            {
                var ds = new DicomDataset(enc);
                ds.SetString(new DicomTag(0x0008, 0x0020), DicomVR.DA, "20240229");
                ds.SetString(new DicomTag(0x0008, 0x0030), DicomVR.TM, "235959.999999");
                ds.SetString(new DicomTag(0x0008, 0x002A), DicomVR.DT, "20240229235959-0500");
                ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, @"Doe^Jane\Roe^Richard");
                ds.SetNumbers(new DicomTag(0x0028, 0x0106), DicomVR.SS, -5, 7);
                ds.SetNumbers(new DicomTag(0x0018, 0x9089), DicomVR.FD, 0.25, -1e300);
                ds.SetNumbers(new DicomTag(0x0009, 0x1001), DicomVR.UV, 12345678901234d);
                Assert.Equal((ulong)12345678901234, ds.GetValue(new DicomTag(0x0009, 0x1001)));
                ds.SetNumbers(new DicomTag(0x0020, 0x9165), DicomVR.AT, 0x00100010);
                Assert.True(ds.TryGetDate(new DicomTag(0x0008, 0x0020), out var d));
                Assert.Equal(new DateTime(2024, 2, 29), d);
                Assert.True(ds.TryGetTime(new DicomTag(0x0008, 0x0030), out var t));
                Assert.Equal(new TimeSpan(0, 23, 59, 59) + TimeSpan.FromTicks(9999990), t);
                Assert.True(ds.TryGetDateTime(new DicomTag(0x0008, 0x002A), out var dt));
                Assert.Equal(TimeSpan.FromHours(-5), dt.Offset);
                var names = ds.GetPersonNames(new DicomTag(0x0010, 0x0010));
                Assert.Equal(new[] { "Doe", "Roe" }, Array.ConvertAll(names, n => n.FamilyName));
                Assert.Equal(new object[] { (short)-5, (short)7 }, (object[])ds.GetValue(new DicomTag(0x0028, 0x0106))!);
                Assert.Equal(new[] { 0.25, -1e300 }, ds.GetNumbers(new DicomTag(0x0018, 0x9089)));
                Assert.Equal("(0010,0010)", ds.GetString(new DicomTag(0x0020, 0x9165)));
                Assert.False(ds.TryGetDate(new DicomTag(0x0008, 0x0021), out _));
            }
        }
    }
}
