using System;
using System.Collections.Concurrent;

namespace Deid.Dicom
{
    /// <summary>
    /// A transfer syntax: how the dataset after the file meta is encoded (VR explicit or implicit, byte order, deflate)
    /// and whether Pixel Data is encapsulated in fragments.
    /// </summary>
    public sealed class TransferSyntax : IEquatable<TransferSyntax>
    {
        private const int MaxCached = 64;

        private static readonly ConcurrentDictionary<string, TransferSyntax> Cache = new ConcurrentDictionary<string, TransferSyntax>(StringComparer.Ordinal);

        private TransferSyntax(string uid, bool isExplicitVR, bool isBigEndian, bool isDeflated, bool isEncapsulated, bool isKnown)
        {
            Uid = uid;
            IsExplicitVR = isExplicitVR;
            IsBigEndian = isBigEndian;
            IsDeflated = isDeflated;
            IsEncapsulated = isEncapsulated;
            IsKnown = isKnown;
            Name = DicomUids.TryGet(uid, out var info) ? info.Name : uid;
        }

        /// <summary>Implicit VR Little Endian (1.2.840.10008.1.2), the default transfer syntax.</summary>
        public static readonly TransferSyntax ImplicitVRLittleEndian = Lookup("1.2.840.10008.1.2");

        /// <summary>Explicit VR Little Endian (1.2.840.10008.1.2.1).</summary>
        public static readonly TransferSyntax ExplicitVRLittleEndian = Lookup("1.2.840.10008.1.2.1");

        /// <summary>Explicit VR Big Endian (1.2.840.10008.1.2.2, retired but still met in archives).</summary>
        public static readonly TransferSyntax ExplicitVRBigEndian = Lookup("1.2.840.10008.1.2.2");

        /// <summary>Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99).</summary>
        public static readonly TransferSyntax DeflatedExplicitVRLittleEndian = Lookup("1.2.840.10008.1.2.1.99");

        /// <summary>JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50).</summary>
        public static readonly TransferSyntax JpegBaseline = Lookup("1.2.840.10008.1.2.4.50");

        /// <summary>RLE Lossless (1.2.840.10008.1.2.5).</summary>
        public static readonly TransferSyntax RleLossless = Lookup("1.2.840.10008.1.2.5");

        /// <summary>The UID, e.g. "1.2.840.10008.1.2.1".</summary>
        public string Uid { get; }

        /// <summary>The registry name, e.g. "Explicit VR Little Endian", or the UID when not in the registry.</summary>
        public string Name { get; }

        /// <summary>True when element headers carry their VR.</summary>
        public bool IsExplicitVR { get; }

        /// <summary>True for Explicit VR Big Endian.</summary>
        public bool IsBigEndian { get; }

        /// <summary>True when the dataset after the file meta is a raw deflate (RFC 1951) stream.</summary>
        public bool IsDeflated { get; }

        /// <summary>True when Pixel Data is encapsulated (compressed frames in fragments).</summary>
        public bool IsEncapsulated { get; }

        /// <summary>False for a UID this library does not know; such data are read as Explicit VR Little Endian.</summary>
        public bool IsKnown { get; }

        /// <summary>The element encoding of the dataset.</summary>
        public DicomEncoding Encoding => new DicomEncoding(IsExplicitVR, IsBigEndian);

        /// <summary>
        /// Finds the transfer syntax for a UID. Properties follow from the UID families of PS3.5 §10 and Annex A;
        /// an unknown UID is taken as an encapsulated Explicit VR Little Endian syntax, as PS3.5 requires of new ones.
        /// </summary>
        public static TransferSyntax Lookup(string uid)
        {
            uid = (uid ?? throw new ArgumentNullException(nameof(uid))).TrimEnd('\0', ' ');
            if (Cache.TryGetValue(uid, out var cached)) return cached;
            // The cache is bounded: files can name any UID (up to 64 KB long), and a batch over many of them must not
            // keep them all. Uncached instances compare equal by UID all the same.
            var ts = Create(uid);
            return Cache.Count < MaxCached ? Cache.GetOrAdd(uid, ts) : ts;
        }

        private static TransferSyntax Create(string uid)
        {
            switch (uid)
            {
                case "1.2.840.10008.1.2":
                case "1.2.840.10008.1.20": // Papyrus 3 Implicit VR Little Endian
                    return new TransferSyntax(uid, false, false, false, false, true);
                case "1.2.840.10008.1.2.1":
                case "1.2.840.10008.1.2.4.94": // JPIP Referenced: pixel data is a reference, not encapsulated
                case "1.2.840.10008.1.2.4.204":
                case "1.2.840.10008.1.2.7.1":
                case "1.2.840.10008.1.2.7.2":
                case "1.2.840.10008.1.2.7.3":
                    return new TransferSyntax(uid, true, false, false, false, true);
                case "1.2.840.10008.1.2.2":
                    return new TransferSyntax(uid, true, true, false, false, true);
                case "1.2.840.10008.1.2.1.99":
                case "1.2.840.10008.1.2.4.95": // JPIP Referenced Deflate
                case "1.2.840.10008.1.2.4.205":
                    return new TransferSyntax(uid, true, false, true, false, true);
            }
            bool known = uid.StartsWith("1.2.840.10008.1.2.4.", StringComparison.Ordinal)
                || uid == "1.2.840.10008.1.2.5" || uid == "1.2.840.10008.1.2.1.98" || uid == "1.2.840.10008.1.2.8.1";
            return new TransferSyntax(uid, true, false, false, true, known);
        }

        /// <inheritdoc/>
        public bool Equals(TransferSyntax? other) => other != null && other.Uid == Uid;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as TransferSyntax);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Uid);

        /// <summary>The name and UID.</summary>
        public override string ToString() => Name == Uid ? Uid : $"{Name} ({Uid})";
    }

    /// <summary>How elements of one dataset are encoded: VR explicit or implicit, and byte order.</summary>
    public readonly struct DicomEncoding : IEquatable<DicomEncoding>
    {
        /// <summary>Creates an encoding.</summary>
        public DicomEncoding(bool isExplicitVR, bool isBigEndian)
        {
            IsExplicitVR = isExplicitVR;
            IsBigEndian = isBigEndian;
        }

        /// <summary>True when element headers carry their VR.</summary>
        public bool IsExplicitVR { get; }

        /// <summary>True when numbers are stored most significant byte first.</summary>
        public bool IsBigEndian { get; }

        /// <summary>Explicit VR Little Endian, the encoding of the file meta and of most files.</summary>
        public static DicomEncoding ExplicitLittle => new DicomEncoding(true, false);

        /// <summary>Implicit VR Little Endian, also the encoding inside UN of undefined length.</summary>
        public static DicomEncoding ImplicitLittle => new DicomEncoding(false, false);

        /// <summary>Explicit VR Big Endian.</summary>
        public static DicomEncoding ExplicitBig => new DicomEncoding(true, true);

        /// <inheritdoc/>
        public bool Equals(DicomEncoding other) => IsExplicitVR == other.IsExplicitVR && IsBigEndian == other.IsBigEndian;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is DicomEncoding e && Equals(e);

        /// <inheritdoc/>
        public override int GetHashCode() => (IsExplicitVR ? 1 : 0) | (IsBigEndian ? 2 : 0);

        /// <inheritdoc/>
        public override string ToString() => (IsExplicitVR ? "Explicit" : "Implicit") + (IsBigEndian ? " Big Endian" : " Little Endian");
    }
}
