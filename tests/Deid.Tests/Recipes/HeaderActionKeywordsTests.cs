using System;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Recipes
{
    /// <summary>The keyword table has one row per action, and each row reads back to its action.</summary>
    public class HeaderActionKeywordsTests
    {
        [Fact]
        public void EveryAction_HasItsUpperCaseName_AsKeyword_AndReadsBack()
        {
            var kinds = (HeaderActionKind[])Enum.GetValues(typeof(HeaderActionKind));
            Assert.Equal(kinds.Length, HeaderActionKeywords.Keywords.Count);
            foreach (var kind in kinds)
            {
                string keyword = HeaderActionKeywords.Keyword(kind);
                Assert.Equal(kind.ToString().ToUpperInvariant(), keyword);
                Assert.True(HeaderActionKeywords.TryParse(keyword, out var read));
                Assert.Equal(kind, read);
                Assert.False(HeaderActionKeywords.TryParse(keyword.ToLowerInvariant(), out _));
                Assert.True(HeaderActionKeywords.TryParseIgnoreCase(" " + keyword.ToLowerInvariant() + " ", out read));
                Assert.Equal(kind, read);
            }
            Assert.Equal("ADD, BLANK, JITTER, KEEP, REPLACE or REMOVE", HeaderActionKeywords.ListWithOr);
        }
    }
}
