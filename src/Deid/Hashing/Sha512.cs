using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Deid.Hashing
{
    /// <summary>
    /// SHA-512 (FIPS 180-4 §6.4) in managed code: deid's <c>pydicom_uuid</c> hashes every UID it remaps with it, and on Linux
    /// System.Security.Cryptography would load OpenSSL for that (see <see cref="Sha256"/>).
    /// </summary>
    internal static class Sha512
    {
        /// <summary>Bytes in a digest.</summary>
        public const int HashSize = 64;

        /// <summary>Bytes in a block.</summary>
        public const int BlockSize = 128;

        /// <summary>The SHA-512 of <paramref name="data"/>.</summary>
        public static byte[] Hash(ReadOnlySpan<byte> data)
        {
            var digest = new byte[HashSize];
            Hash(data, digest);
            return digest;
        }

        /// <summary>Writes the SHA-512 of <paramref name="data"/> to the first 64 bytes of <paramref name="destination"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
        {
            var state = State.Initial;
            state.Finish(data, destination);
        }

        /// <summary>The eight working words between blocks: <see cref="Sha256.State"/>'s shape with 64-bit words.</summary>
        private struct State
        {
            private ulong _h0, _h1, _h2, _h3, _h4, _h5, _h6, _h7;

            /// <summary>The initial hash value (§5.3.5).</summary>
            public static State Initial => new State
            {
                _h0 = 0x6a09e667f3bcc908,
                _h1 = 0xbb67ae8584caa73b,
                _h2 = 0x3c6ef372fe94f82b,
                _h3 = 0xa54ff53a5f1d36f1,
                _h4 = 0x510e527fade682d1,
                _h5 = 0x9b05688c2b3e6c1f,
                _h6 = 0x1f83d9abfb41bd6b,
                _h7 = 0x5be0cd19137e2179,
            };

            /// <summary>Processes whole blocks of <paramref name="blocks"/> (its length a multiple of 128).</summary>
            [MethodImpl(HotPath.Optimized)]
            public void Compress(ReadOnlySpan<byte> blocks)
            {
                Span<ulong> w = stackalloc ulong[80];
                ulong[] k = K;
                for (int at = 0; at + BlockSize <= blocks.Length; at += BlockSize)
                {
                    var block = blocks.Slice(at, BlockSize);
                    for (int t = 0; t < 16; t++) w[t] = BinaryPrimitives.ReadUInt64BigEndian(block.Slice(t * 8, 8));
                    for (int t = 16; t < 80; t++)
                    {
                        ulong w15 = w[t - 15], w2 = w[t - 2];
                        ulong s0 = Rotr(w15, 1) ^ Rotr(w15, 8) ^ (w15 >> 7);
                        ulong s1 = Rotr(w2, 19) ^ Rotr(w2, 61) ^ (w2 >> 6);
                        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
                    }
                    ulong a = _h0, b = _h1, c = _h2, d = _h3, e = _h4, f = _h5, g = _h6, h = _h7;
                    for (int t = 0; t < 80; t++)
                    {
                        ulong t1 = h + (Rotr(e, 14) ^ Rotr(e, 18) ^ Rotr(e, 41)) + ((e & f) ^ (~e & g)) + k[t] + w[t];
                        ulong t2 = (Rotr(a, 28) ^ Rotr(a, 34) ^ Rotr(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
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

            /// <summary>Hashes <paramref name="data"/>, pads (§5.1.2) and writes the digest to <paramref name="destination"/>.</summary>
            [MethodImpl(HotPath.Optimized)]
            public void Finish(ReadOnlySpan<byte> data, Span<byte> destination)
            {
                int whole = data.Length - data.Length % BlockSize;
                Compress(data.Slice(0, whole));
                var rest = data.Slice(whole);
                // The rest, 0x80, zeros, and the length in bits as 128 bits: one block, or two when fewer than 17 bytes are left
                // for them.
                Span<byte> tail = stackalloc byte[2 * BlockSize];
                tail.Clear();
                rest.CopyTo(tail);
                tail[rest.Length] = 0x80;
                int tailLength = rest.Length + 17 <= BlockSize ? BlockSize : 2 * BlockSize;
                BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(tailLength - 16, 8), (ulong)data.Length >> 61);
                BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(tailLength - 8, 8), (ulong)data.Length << 3);
                Compress(tail.Slice(0, tailLength));
                BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(0, 8), _h0);
                BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8, 8), _h1);
                BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(16, 8), _h2);
                BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(24, 8), _h3);
                BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(32, 8), _h4);
                BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(40, 8), _h5);
                BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(48, 8), _h6);
                BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(56, 8), _h7);
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            private static ulong Rotr(ulong x, int n) => (x >> n) | (x << (64 - n));
        }

        private static readonly ulong[] K =
        {
            0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538, 0x59f111f1b605d019,
            0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
            0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3,
            0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65, 0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
            0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
            0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
            0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b, 0xa2bfe8a14cf10364, 0xa81a664bbc423001,
            0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
            0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb,
            0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
            0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c, 0xd186b8c721c0c207,
            0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
            0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a,
            0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
        };
    }
}
