using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Deid.Audit;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// A UN value read as the Implicit VR Little Endian items of a sequence no dictionary knew: all its element values, at any
    /// depth, or none when it is not items to its end (then it is searched whole, as before).
    /// </summary>
    public sealed class ImplicitItemsTests
    {
        [Fact]
        public void ItemsToTheEnd_GiveEveryElementValueInOrder_NestedOnesToo()
        {
            string undefinedSequence = Header(0x0029, 0x1020, 0xFFFFFFFF)
                + Header(0xFFFE, 0xE000, 0xFFFFFFFF) + Element(0x0010, 0x0020, "cd") + Header(0xFFFE, 0xE00D, 0)
                + Header(0xFFFE, 0xE0DD, 0);
            string definedSequence = Element(0x0029, 0x1030, Item(Element(0x0010, 0x0010, "ef")));
            string value = Item(Element(0x0008, 0x0080, "ab") + undefinedSequence + definedSequence + Element(0x0008, 0x0081, ""))
                + Item(Element(0x0010, 0x0030, "gh"));
            Assert.Equal(new[] { "ab", "cd", "ef", "gh" }, Values(value));
        }

        [Fact]
        public void ADefinedSequenceEndedByASequenceDelimiter_IsItems()
        {
            // Some writers end a sequence of defined length with a delimiter too.
            Assert.Equal(new[] { "ab" }, Values(Item(Element(0x0010, 0x0020, "ab")) + Header(0xFFFE, 0xE0DD, 0)));
        }

        [Theory]
        [MemberData(nameof(NotItems))]
        public void AValueThatIsNotItemsToItsEnd_GivesNothing(string value)
        {
            Assert.Null(Values(value));
        }

        public static IEnumerable<object[]> NotItems()
        {
            yield return new object[] { "I 48291377" };
            yield return new object[] { "" };
            // An item that runs past the value; bytes after the last item; an element that runs past its item.
            yield return new object[] { Header(0xFFFE, 0xE000, 100) + Element(0x0010, 0x0020, "ab") };
            yield return new object[] { Item(Element(0x0010, 0x0020, "ab")) + "xx" };
            yield return new object[] { Header(0xFFFE, 0xE000, 10) + Header(0x0010, 0x0020, 4) + "ab" };
            // A sequence of undefined length without its delimiter; a nested value that begins as an item and is not one.
            yield return new object[] { Item(Header(0x0029, 0x1020, 0xFFFFFFFF) + Item(Element(0x0010, 0x0020, "ab"))) };
            yield return new object[] { Item(Element(0x0029, 0x1030, Header(0xFFFE, 0xE000, 50) + "ab")) };
            // A delimiter where an element should be.
            yield return new object[] { Item(Header(0xFFFE, 0xE0DD, 0)) };
            // Nested deeper than a reader accepts.
            string deep = Element(0x0010, 0x0020, "ab");
            for (int i = 0; i < 70; i++) deep = Item(Element(0x0029, 0x1030, deep));
            yield return new object[] { deep };
        }

        // The values the walk gives, as text; null when the value is not items.
        private static string[]? Values(string value)
        {
            var bytes = Encoding.Latin1.GetBytes(value);
            var values = new List<string>();
            bool items = ImplicitItems.Walk(bytes.Length, (offset, into) =>
            {
                Array.Copy(bytes, offset, into, 0, into.Length);
                return true;
            }, (start, length) => values.Add(Encoding.Latin1.GetString(bytes, (int)start, (int)length)));
            if (!items) Assert.Empty(values);
            return items ? values.ToArray() : null;
        }

        private static string Header(ushort group, ushort element, uint length) =>
            Encoding.Latin1.GetString(BitConverter.GetBytes(group).Concat(BitConverter.GetBytes(element)).Concat(BitConverter.GetBytes(length)).ToArray());

        private static string Element(ushort group, ushort element, string value) => Header(group, element, (uint)value.Length) + value;

        private static string Item(string content) => Header(0xFFFE, 0xE000, (uint)content.Length) + content;
    }
}
