namespace Deid.Samples
{
    /// <summary>
    /// SplitMix64: a tiny PRNG whose sequence is fixed by its seed on every runtime, so samples are the same bytes
    /// on every machine (System.Random's seeded sequence is not a documented contract).
    /// </summary>
    internal sealed class SampleRandom
    {
        private ulong _state;

        public SampleRandom(ulong seed) => _state = seed;

        public ulong NextUInt64()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>A number in [0, max).</summary>
        public int Next(int max) => (int)(NextUInt64() % (ulong)max);

        /// <summary>A number in [min, max).</summary>
        public int Next(int min, int max) => min + Next(max - min);

        public T Pick<T>(T[] items) => items[Next(items.Length)];
    }
}
