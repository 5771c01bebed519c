using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Deid.Collections;
using Xunit;

namespace Deid.Dicom.Tests.Collections
{
    /// <summary>
    /// The tag-keyed table the per-element paths use instead of Dictionary/HashSet over uint (src/Shared/UInt32Map.cs): it must
    /// answer as a Dictionary does, through growth, colliding keys and refills.
    /// </summary>
    public class UInt32MapTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void RandomOperations_AnswerAsADictionaryDoes(int seed)
        {
            var random = new Random(seed);
            var map = new UInt32Map<int>(random.Next(0, 10));
            var expected = new Dictionary<uint, int>();
            var order = new List<uint>();
            for (int step = 0; step < 20000; step++)
            {
                // Keys from a small range collide and repeat; tags of one group differ in their low bits only.
                uint key = random.Next(3) switch
                {
                    0 => (uint)random.Next(64),
                    1 => 0x00090000u | (uint)random.Next(0x1000, 0x1100),
                    _ => (uint)random.Next(0, 4096) << 20,
                };
                int value = random.Next();
                switch (random.Next(10))
                {
                    case 0:
                    case 1:
                    case 2:
                        bool added = map.TryAdd(key, value);
                        Assert.Equal(!expected.ContainsKey(key), added);
                        if (added)
                        {
                            expected.Add(key, value);
                            order.Add(key);
                        }
                        break;
                    case 3:
                        map.Set(key, value);
                        if (!expected.ContainsKey(key)) order.Add(key);
                        expected[key] = value;
                        break;
                    case 4 when random.Next(200) == 0:
                        map.Clear();
                        expected.Clear();
                        order.Clear();
                        break;
                    default:
                        Assert.Equal(expected.TryGetValue(key, out int want), map.TryGetValue(key, out int got));
                        Assert.Equal(want, got);
                        Assert.Equal(expected.ContainsKey(key), map.ContainsKey(key));
                        break;
                }
                Assert.Equal(expected.Count, map.Count);
            }
            Assert.Equal(order, Enumerable.Range(0, map.Count).Select(map.KeyAt));
        }

        [Fact]
        public void ManyKeys_AllFoundAfterGrowth()
        {
            var map = new UInt32Map<string>();
            for (uint i = 0; i < 100000; i++) Assert.True(map.TryAdd(i * 0x10001u, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            for (uint i = 0; i < 100000; i++)
            {
                Assert.True(map.TryGetValue(i * 0x10001u, out var v));
                Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), v);
            }
            var present = new HashSet<uint>(Enumerable.Range(0, 100000).Select(i => (uint)i * 0x10001u));
            var random = new Random(5);
            for (int i = 0; i < 10000; i++)
            {
                uint key = (uint)random.Next() * 3u;
                Assert.Equal(present.Contains(key), map.ContainsKey(key));
            }
        }

        [Fact]
        public void Clear_LetsGoOfValuesAndRefills()
        {
            var map = new UInt32Map<object>();
            var weak = Fill(map);
            map.Clear();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.False(weak.IsAlive);
            Assert.Equal(0, map.Count);
            Assert.True(map.TryAdd(7, "x"));
            Assert.True(map.TryGetValue(7, out var v) && (string)v == "x");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference Fill(UInt32Map<object> map)
        {
            var value = new object();
            map.TryAdd(1, value);
            return new WeakReference(value);
        }

        /// <summary>
        /// The per-element methods are marked to be compiled optimised once (HotPath): the value must be .NET's
        /// AggressiveOptimization, and the reading and writing loops must carry it.
        /// </summary>
        [Fact]
        public void HotPathMethods_AreMarkedAggressiveOptimization()
        {
            Assert.Equal(MethodImplOptions.AggressiveOptimization, HotPath.Optimized);
            var codec = typeof(DicomDataset).Assembly;
            foreach (var (type, method) in new[] { ("Deid.Dicom.DicomDatasetReader", "ReadElement"), ("Deid.Dicom.DicomWriter", "WriteElement"), ("Deid.Dicom.DicomDataset", "AppendRead") })
            {
                var found = codec.GetType(type, throwOnError: true)!.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
                    .Where(m => m.Name == method).ToList();
                Assert.NotEmpty(found);
                Assert.All(found, m => Assert.True(m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization), type + "." + method));
            }
        }
    }
}
