using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Deid.Hashing
{
    /// <summary>
    /// SHA-256 (FIPS 180-4 §6.2) in managed code. Why not System.Security.Cryptography: on Linux that loads OpenSSL (libcrypto,
    /// libssl and .NET's shim), some 5 MB of a batch's peak memory and an initialisation, to hash a few dozen bytes a UID — the
    /// hashes here are of UIDs, study keys and the odd bulk value, where a call into OpenSSL costs more than the hash.
    /// </summary>
    internal static class Sha256
    {
        /// <summary>Bytes in a digest.</summary>
        public const int HashSize = 32;

        /// <summary>Bytes in a block.</summary>
        public const int BlockSize = 64;

        /// <summary>The SHA-256 of <paramref name="data"/>.</summary>
        public static byte[] Hash(ReadOnlySpan<byte> data)
        {
            var digest = new byte[HashSize];
            Hash(data, digest);
            return digest;
        }

        /// <summary>Writes the SHA-256 of <paramref name="data"/> to the first 32 bytes of <paramref name="destination"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
        {
            var state = State.Initial;
            state.Finish(data, 0, destination);
        }

        private static readonly uint[] K =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        /// <summary>
        /// The eight working words between blocks. A struct, so a state after some blocks (HMAC's padded key) is kept and copied
        /// for each message instead of hashing the key again.
        /// </summary>
        internal struct State
        {
            private uint _h0, _h1, _h2, _h3, _h4, _h5, _h6, _h7;

            /// <summary>The initial hash value (§5.3.3).</summary>
            public static State Initial => new State
            {
                _h0 = 0x6a09e667,
                _h1 = 0xbb67ae85,
                _h2 = 0x3c6ef372,
                _h3 = 0xa54ff53a,
                _h4 = 0x510e527f,
                _h5 = 0x9b05688c,
                _h6 = 0x1f83d9ab,
                _h7 = 0x5be0cd19,
            };

            /// <summary>Processes whole blocks of <paramref name="blocks"/> (its length a multiple of 64).</summary>
            [MethodImpl(HotPath.Optimized)]
            public void Compress(ReadOnlySpan<byte> blocks)
            {
                Span<uint> w = stackalloc uint[64];
                uint[] k = K;
                for (int at = 0; at + BlockSize <= blocks.Length; at += BlockSize)
                {
                    var block = blocks.Slice(at, BlockSize);
                    for (int t = 0; t < 16; t++) w[t] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(t * 4, 4));
                    for (int t = 16; t < 64; t++)
                    {
                        uint w15 = w[t - 15], w2 = w[t - 2];
                        uint s0 = Rotr(w15, 7) ^ Rotr(w15, 18) ^ (w15 >> 3);
                        uint s1 = Rotr(w2, 17) ^ Rotr(w2, 19) ^ (w2 >> 10);
                        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
                    }
                    uint a = _h0, b = _h1, c = _h2, d = _h3, e = _h4, f = _h5, g = _h6, h = _h7;
                    for (int t = 0; t < 64; t++)
                    {
                        uint t1 = h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[t] + w[t];
                        uint t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
                        h = g;
                        g = f;
                        f = e;
                        e = d + t1;
                        d = c;
                        c = b;
                        b = a;
                        a = t1 + t2;
                    }
                    _h0 += a;
                    _h1 += b;
                    _h2 += c;
                    _h3 += d;
                    _h4 += e;
                    _h5 += f;
                    _h6 += g;
                    _h7 += h;
                }
            }

            /// <summary>
            /// Hashes <paramref name="data"/> after the <paramref name="before"/> bytes already compressed into this state (a
            /// multiple of 64), pads (§5.1.1) and writes the digest to <paramref name="destination"/>.
            /// </summary>
            [MethodImpl(HotPath.Optimized)]
            public void Finish(ReadOnlySpan<byte> data, long before, Span<byte> destination)
            {
                int whole = data.Length - data.Length % BlockSize;
                Compress(data.Slice(0, whole));
                var rest = data.Slice(whole);
                // The rest, 0x80, zeros, and the length in bits: one block, or two when fewer than 9 bytes are left for them.
                Span<byte> tail = stackalloc byte[2 * BlockSize];
                tail.Clear();
                rest.CopyTo(tail);
                tail[rest.Length] = 0x80;
                int tailLength = rest.Length + 9 <= BlockSize ? BlockSize : 2 * BlockSize;
                BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(tailLength - 8, 8), (ulong)(before + data.Length) * 8);
                Compress(tail.Slice(0, tailLength));
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(0, 4), _h0);
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4, 4), _h1);
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8, 4), _h2);
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12, 4), _h3);
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16, 4), _h4);
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20, 4), _h5);
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24, 4), _h6);
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(28, 4), _h7);
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            private static uint Rotr(uint x, int n) => (x >> n) | (x << (32 - n));
        }

        /// <summary>SHA-256 of data given piece by piece (a bulk value read in chunks).</summary>
        internal sealed class Incremental
        {
            private State _state = State.Initial;
            private readonly byte[] _pending = new byte[BlockSize];
            private int _pendingLength;
            private long _compressed;

            /// <summary>Adds <paramref name="data"/> to the message.</summary>
            public void Append(ReadOnlySpan<byte> data)
            {
                if (_pendingLength > 0)
                {
                    int take = Math.Min(BlockSize - _pendingLength, data.Length);
                    data.Slice(0, take).CopyTo(_pending.AsSpan(_pendingLength));
                    _pendingLength += take;
                    data = data.Slice(take);
                    if (_pendingLength < BlockSize) return;
                    _state.Compress(_pending);
                    _compressed += BlockSize;
                    _pendingLength = 0;
                }
                int whole = data.Length - data.Length % BlockSize;
                _state.Compress(data.Slice(0, whole));
                _compressed += whole;
                data.Slice(whole).CopyTo(_pending);
                _pendingLength = data.Length - whole;
            }

            /// <summary>The digest of everything appended (the hasher is then spent).</summary>
            public byte[] Finish()
            {
                var digest = new byte[HashSize];
                _state.Finish(_pending.AsSpan(0, _pendingLength), _compressed, digest);
                return digest;
            }
        }
    }
}
