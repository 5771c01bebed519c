using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// Finds the codec for a transfer syntax's Pixel Data. Native syntaxes (Implicit and Explicit VR Little Endian,
    /// Explicit VR Big Endian, Deflated) need none: their frames are read with <see cref="NativePixelData"/>. A
    /// compressed syntax with no registered codec is refused with a message that names it.
    /// </summary>
    /// <remarks>Thread safe: lookups may run while codecs are registered.</remarks>
    public sealed class PixelCodecRegistry
    {
        private readonly ConcurrentDictionary<string, IPixelCodec> _codecs = new ConcurrentDictionary<string, IPixelCodec>(StringComparer.Ordinal);

        /// <summary>The registry the module uses. It starts with the built-in codecs (see <see cref="CreateWithBuiltInCodecs"/>).</summary>
        public static PixelCodecRegistry Default { get; } = CreateWithBuiltInCodecs();

        /// <summary>A new registry holding the codecs this library ships (RLE Lossless, JPEG, JPEG-LS), which the caller may change freely.</summary>
        public static PixelCodecRegistry CreateWithBuiltInCodecs()
        {
            var registry = new PixelCodecRegistry();
            foreach (var codec in BuiltInCodecs.Create()) registry.Register(codec);
            return registry;
        }

        /// <summary>
        /// Registers <paramref name="codec"/> for each of its transfer syntaxes, replacing any codec registered for
        /// them before (so an application can swap in its own).
        /// </summary>
        /// <exception cref="ArgumentException">The codec names a native transfer syntax, or none.</exception>
        public void Register(IPixelCodec codec)
        {
            if (codec == null) throw new ArgumentNullException(nameof(codec));
            var syntaxes = codec.TransferSyntaxes ?? throw new ArgumentException("The codec lists no transfer syntaxes.", nameof(codec));
            if (syntaxes.Count == 0) throw new ArgumentException("The codec lists no transfer syntaxes.", nameof(codec));
            foreach (var ts in syntaxes)
            {
                if (IsNative(ts)) throw new ArgumentException($"{ts} is native (not encapsulated); its Pixel Data needs no codec.", nameof(codec));
            }
            foreach (var ts in syntaxes) _codecs[ts.Uid] = codec;
        }

        /// <summary>Removes the codec registered for <paramref name="transferSyntax"/>; returns false when there was none.</summary>
        public bool Unregister(TransferSyntax transferSyntax) =>
            _codecs.TryRemove((transferSyntax ?? throw new ArgumentNullException(nameof(transferSyntax))).Uid, out _);

        /// <summary>True when Pixel Data of <paramref name="transferSyntax"/> is native (not encapsulated), so needs no codec.</summary>
        public static bool IsNative(TransferSyntax transferSyntax) =>
            !(transferSyntax ?? throw new ArgumentNullException(nameof(transferSyntax))).IsEncapsulated;

        /// <summary>The transfer syntaxes that have a codec, in no particular order.</summary>
        public IReadOnlyCollection<TransferSyntax> RegisteredTransferSyntaxes
        {
            get
            {
                var list = new List<TransferSyntax>();
                foreach (var uid in _codecs.Keys) list.Add(TransferSyntax.Lookup(uid));
                return list;
            }
        }

        /// <summary>Finds the codec for <paramref name="transferSyntax"/>; false for native syntaxes and unregistered ones.</summary>
        public bool TryGetCodec(TransferSyntax transferSyntax, out IPixelCodec? codec)
        {
            if (transferSyntax == null) throw new ArgumentNullException(nameof(transferSyntax));
            return _codecs.TryGetValue(transferSyntax.Uid, out codec);
        }

        /// <summary>Finds the codec for the transfer syntax with UID <paramref name="uid"/>.</summary>
        public bool TryGetCodec(string uid, out IPixelCodec? codec) => TryGetCodec(TransferSyntax.Lookup(uid), out codec);

        /// <summary>The codec that decodes Pixel Data of <paramref name="transferSyntax"/>.</summary>
        /// <exception cref="InvalidOperationException">The syntax is native: its frames need no decoding.</exception>
        /// <exception cref="NotSupportedException">No codec is registered for it; the message names the syntax.</exception>
        public IPixelCodec GetDecoder(TransferSyntax transferSyntax) => Get(transferSyntax, "decode", "decoder");

        /// <summary>The codec that encodes Pixel Data in <paramref name="transferSyntax"/>.</summary>
        /// <exception cref="InvalidOperationException">The syntax is native: its frames need no encoding.</exception>
        /// <exception cref="NotSupportedException">No codec is registered for it; the message names the syntax.</exception>
        public IPixelCodec GetEncoder(TransferSyntax transferSyntax) => Get(transferSyntax, "encode", "encoder");

        private IPixelCodec Get(TransferSyntax transferSyntax, string verb, string noun)
        {
            if (TryGetCodec(transferSyntax, out var codec)) return codec!;
            if (IsNative(transferSyntax))
                throw new InvalidOperationException($"{transferSyntax} is native: its Pixel Data is not compressed and needs no codec to {verb}; use NativePixelData.");
            throw new NotSupportedException($"cannot {verb} {Describe(transferSyntax)} pixel data ({transferSyntax.Uid}): no {noun} is available");
        }

        /// <summary>A short name: "JPEG 2000" rather than the registry's "JPEG 2000 Image Compression (Lossless Only)".</summary>
        private static string Describe(TransferSyntax ts)
        {
            if (ts.Name == ts.Uid) return "this transfer syntax's";
            int cut = ts.Name.IndexOf(" Image Compression", StringComparison.Ordinal);
            return cut > 0 ? ts.Name.Substring(0, cut) : ts.Name;
        }
    }
}
