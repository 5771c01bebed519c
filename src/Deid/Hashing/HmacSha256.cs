using System;
using System.Runtime.CompilerServices;

namespace Deid.Hashing
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104, FIPS 198-1) with one key: the padded key's two blocks are hashed once, here, and each message
    /// starts from copies of those states — every keyed UID and pseudonym of a batch is one HMAC of a few dozen bytes under the
    /// batch's key. Immutable, so one instance serves every thread.
    /// </summary>
    internal sealed class HmacSha256
    {
        /// <summary>Bytes in a MAC.</summary>
        public const int MacSize = Sha256.HashSize;

        private readonly Sha256.State _inner;
        private readonly Sha256.State _outer;

        /// <summary>Prepares the key: hashed first when longer than a block, then padded with zeros to one.</summary>
        public HmacSha256(ReadOnlySpan<byte> key)
        {
            Span<byte> k0 = stackalloc byte[Sha256.BlockSize];
            k0.Clear();
            if (key.Length > Sha256.BlockSize) Sha256.Hash(key, k0);
            else key.CopyTo(k0);
            Span<byte> pad = stackalloc byte[Sha256.BlockSize];
            for (int i = 0; i < pad.Length; i++) pad[i] = (byte)(k0[i] ^ 0x36);
            _inner = Sha256.State.Initial;
            _inner.Compress(pad);
            for (int i = 0; i < pad.Length; i++) pad[i] = (byte)(k0[i] ^ 0x5c);
            _outer = Sha256.State.Initial;
            _outer.Compress(pad);
            k0.Clear();
            pad.Clear();
        }

        /// <summary>The MAC of <paramref name="message"/>.</summary>
        public byte[] Compute(ReadOnlySpan<byte> message)
        {
            var mac = new byte[MacSize];
            Compute(message, mac);
            return mac;
        }

        /// <summary>Writes the MAC of <paramref name="message"/> to the first 32 bytes of <paramref name="destination"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Compute(ReadOnlySpan<byte> message, Span<byte> destination)
        {
            Span<byte> innerHash = stackalloc byte[Sha256.HashSize];
            var inner = _inner;
            inner.Finish(message, Sha256.BlockSize, innerHash);
            var outer = _outer;
            outer.Finish(innerHash, Sha256.BlockSize, destination);
        }
    }
}
