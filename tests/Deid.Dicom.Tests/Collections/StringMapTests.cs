using System;
using System.Collections.Generic;
using System.Linq;
using Deid.Collections;
using Xunit;

namespace Deid.Dicom.Tests.Collections
{
    /// <summary>
    /// The string-keyed table the field listing uses for tag paths instead of Dictionary (src/Shared/StringMap.cs): it must answer
    /// as an ordinal Dictionary does, through growth, shared prefixes and equal hashes.
    /// </summary>
    public class StringMapTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void RandomOperations_AnswerAsAnOrdinalDictionaryDoes(int seed)
        {
            var random = new Random(seed);
            var map = new StringMap<int>(random.Next(0, 10));
            var expected = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int step = 0; step < 20000; step++)
            {
                // Tag paths of a few shapes: shared beginnings, the same length, case differences, the empty string.
                string key = random.Next(4) switch
                {
                    0 => $"(0008,{random.Next(0, 40):X4})",
                    1 => $"(0040,A730)__{random.Next(0, 30)}__(0040,A160)",
                    2 => random.Next(2) == 0 ? "(0009,10aa)" : "(0009,10AA)",
                    _ => new string('_', random.Next(0, 5)),
                };
                if (random.Next(3) == 0)
                {
                    int value = random.Next();
                    map.Set(key, value);
                    expected[key] = value;
                }
                else if (random.Next(4) == 0)
                {
                    // The one-probe look-and-add: a new key starts at the default, a known one keeps its value, and what is
                    // written through the reference is the key's value after.
                    ref int slot = ref map.GetValueRefOrAddDefault(key, out bool exists);
                    Assert.Equal(expected.TryGetValue(key, out int before), exists);
                    Assert.Equal(exists ? before : 0, slot);
                    if (random.Next(2) == 0)
                    {
                        slot = random.Next();
                        expected[key] = slot;
                    }
                    else
                    {
                        expected[key] = slot;
                    }
                }
                bool found = map.TryGetValue(key, out int got);
                Assert.Equal(expected.TryGetValue(key, out int want), found);
                if (found) Assert.Equal(want, got);
            }
            Assert.Equal(expected.Count, map.Count);
            foreach (var pair in expected)
            {
                Assert.True(map.TryGetValue(pair.Key, out int value));
                Assert.Equal(pair.Value, value);
            }
        }

        [Fact]
        public void KeysEqualInTextAreOneKey_WhateverTheStringObject()
        {
            var map = new StringMap<string>();
            string a = "(0010,0010)";
            string b = new string(a.ToCharArray());
            map.Set(a, "first");
            map.Set(b, "second");
            Assert.Equal(1, map.Count);
            Assert.True(map.TryGetValue(a, out var value));
            Assert.Equal("second", value);
            Assert.False(map.TryGetValue("(0010,0020)", out _));
        }

        [Fact]
        public void ANullKey_IsRefusedAsByADictionary()
        {
            var map = new StringMap<int>();
            Assert.Throws<ArgumentNullException>(() => map.Set(null!, 1));
            Assert.Throws<ArgumentNullException>(() => map.TryGetValue(null!, out _));
        }

        [Fact]
        public void LookAndAdd_AddsThroughGrowth_AndRefusesANullKey()
        {
            var map = new StringMap<string?>(1);
            var keys = Enumerable.Range(0, 5_000).Select(i => $"(0040,A730)__{i}__(0040,A160)").ToList();
            foreach (var key in keys)
            {
                ref var slot = ref map.GetValueRefOrAddDefault(key, out bool exists);
                Assert.False(exists);
                Assert.Null(slot);
                slot = key.ToUpperInvariant();
            }
            Assert.Equal(keys.Count, map.Count);
            foreach (var key in keys)
            {
                Assert.Equal(key.ToUpperInvariant(), map.GetValueRefOrAddDefault(key, out bool exists));
                Assert.True(exists);
            }
            Assert.Equal(keys.Count, map.Count);
            Assert.Throws<ArgumentNullException>(() => map.GetValueRefOrAddDefault(null!, out _));
        }

        [Fact]
        public void ManyKeys_SurviveGrowth()
        {
            var map = new StringMap<int>();
            var keys = Enumerable.Range(0, 50_000).Select(i => $"(0011,{i % 0xFFFF:X4})__{i / 0xFFFF}").ToList();
            for (int i = 0; i < keys.Count; i++) map.Set(keys[i], i);
            Assert.Equal(keys.Count, map.Count);
            for (int i = 0; i < keys.Count; i++)
            {
                Assert.True(map.TryGetValue(keys[i], out int value));
                Assert.Equal(i, value);
            }
        }
    }
}
