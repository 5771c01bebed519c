using Deid.Hashing;
using Xunit;

namespace Deid.Tests.Hashing
{
    public sealed class StringHashTests
    {
        /// <summary>
        /// A crosswalk's identifier rows are hashed as "Field\0Original" without building that string; the crosswalk file's rows,
        /// the run's and a merge's must all agree on it.
        /// </summary>
        [Theory]
        [InlineData("PatientID", "PID-1")]
        [InlineData("", "")]
        [InlineData("AccessionNumber", "")]
        [InlineData("PatientName", "Buc^J\u00e9r\u00f4me")]
        [InlineData("PatientName", "\u5c71\u7530^\u592a\u90ce")]
        public void TheHashOfTwoPartsAndASeparator_IsTheHashOfThemJoined(string first, string second)
        {
            Assert.Equal(StringHash.Of(first + "\0" + second), StringHash.Of(first, '\0', second));
            Assert.NotEqual(StringHash.Of(first + "\0" + second), StringHash.Of(first, '\u0001', second));
        }

        [Fact]
        public void ValuesDifferingInTheirLastCharacter_Differ_AndCaseIsIgnoredOnlyWhenAsked()
        {
            Assert.NotEqual(StringHash.Of("1.2.3.41"), StringHash.Of("1.2.3.42"));
            Assert.NotEqual(StringHash.Of("abc.dcm"), StringHash.Of("ABC.dcm"));
            Assert.Equal(StringHash.Of("abc.dcm", ignoreCase: true), StringHash.Of("ABC.dcm", ignoreCase: true));
        }
    }
}
