using System;
using System.Text;
using Deid.Audit;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// Values laid end to end, a zero byte after each, handed to the search a window at a time in one bounded buffer: each
    /// window's own bytes follow the last one's, with the two bytes before them as they were read (the search folds a window
    /// in place); and a match is placed in the output afterwards by its position (a value left in the output where it lies there).
    /// </summary>
    public sealed class ValueWindowsTests
    {
        private static readonly byte[] Source = Encoding.ASCII.GetBytes("..........0123456789ABCDEFGHIJ");

        [Fact]
        public void WindowsOfAnySize_HoldTheValuesInOrder_WithTheBytesBeforeThemAsRead()
        {
            const string Expected = "ABC\0" + "0123456789ABCDEFGHIJ\0" + "XYZ\0";
            for (int size = 1; size <= 40; size++)
            {
                for (int overlap = 0; overlap <= 5; overlap++)
                {
                    var own = new StringBuilder();
                    int windows = 0;
                    using (var w = new ValueWindows(size, overlap, window =>
                    {
                        string bytes = Encoding.Latin1.GetString(window.Bytes, 0, window.Count);
                        // The bytes before its own are the ones before them in the values, as read; the overlap after them too.
                        int ownStart = window.OwnStart;
                        Assert.Equal(Expected.Substring((int)window.From, bytes.Length), bytes);
                        int ownEnd = Math.Min(window.OwnEnd, window.Count);
                        Assert.Equal(own.Length, (int)window.From + ownStart);
                        own.Append(bytes, ownStart, ownEnd - ownStart);
                        Assert.True(window.Count <= ValueWindows.Lead + Math.Max(ValueWindows.Lead, size) + overlap);
                        // As the search does: folded in place.
                        NeedleSet.Fold(window.Bytes, window.Count);
                        windows++;
                        return true;
                    }))
                    {
                        w.Add(Encoding.ASCII.GetBytes("ABC"));
                        w.Add(DicomValueSource.FromBytes(Source), 10, 20);
                        w.Add(Encoding.ASCII.GetBytes("XYZ"));
                        w.Finish();
                    }
                    Assert.Equal(Expected, own.ToString());
                    // Every window but the last owns a window's bytes; the last, what is left (up to the overlap more).
                    Assert.Equal(Math.Max(1, (Expected.Length - overlap + Math.Max(ValueWindows.Lead, size) - 1) / Math.Max(ValueWindows.Lead, size)), windows);
                }
            }
        }

        [Fact]
        public void AValueLeftInTheOutput_IsPlacedWhereItLies_AndOneInMemoryByItsBytes()
        {
            // The positions of A of ABC, of the zero after it, and of 3 in the value left in the output.
            var output = Encoding.ASCII.GetBytes("header ABC ..........0123456789ABCDEFGHIJ");
            foreach (bool held in new[] { true, false })
            {
                var locator = new ValueLocator(new long[] { 0, 3, 4 + 3 }, held ? output : null);
                locator.Add(Encoding.ASCII.GetBytes("ABC"));
                Assert.False(locator.Done);
                locator.Add(DicomValueSource.FromBytes(output), 21, 20);
                Assert.True(locator.Done);
                // Where a value in memory is in the output is known only from the output's bytes.
                Assert.Equal(held ? 7 : -1, locator.OffsetOf(0));
                Assert.Equal(-1, locator.OffsetOf(3));
                Assert.Equal(24, locator.OffsetOf(7));
            }
        }

        [Fact]
        public void ASearchThatWantsNoMore_EndsTheReading()
        {
            int windows = 0;
            using var w = new ValueWindows(4, 2, _ => ++windows < 2);
            for (int i = 0; i < 100; i++) w.Add(Encoding.ASCII.GetBytes("value"));
            w.Finish();
            Assert.True(w.Done);
            Assert.Equal(2, windows);
        }
    }
}
