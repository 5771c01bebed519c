using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Deid.Hashing;

namespace Deid.Actions
{
    /// <summary>
    /// Makes the new UIDs (and other generated identifiers) of deid's functions. One instance serves a whole batch, so the same
    /// original always gets the same replacement in every file. With a key, replacements are a keyed hash (HMAC-SHA256) of the
    /// original: the same in a later run or on another machine, unguessable without the key — what lets shards run apart and agree.
    /// Without a key, <c>pydicom_uuid</c> is deid's unkeyed SHA-512 of the original, and the random functions are random but
    /// remembered for the batch.
    /// </summary>
    public sealed class UidGenerator
    {
        // The key's padded blocks, hashed once; null without a key. The key's own bytes are not kept.
        private readonly HmacSha256? _mac;
        private readonly string _defaultPrefix = "2.25.";
        private readonly ConcurrentDictionary<string, string> _remembered = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Creates a generator; <paramref name="key"/> (any bytes, at least 16 recommended) makes every function keyed.</summary>
        public UidGenerator(byte[]? key = null)
        {
            _mac = key == null || key.Length == 0 ? null : new HmacSha256(key);
        }

        /// <summary>
        /// The prefix <c>pydicom_uuid</c> uses when the recipe gives none (deid's default is "2.25."). With a key, UIDs are
        /// "root." + a 128-bit keyed hash cut to 64 characters. Only a root <see cref="UidRoot.IsPrefix"/> accepts (at most
        /// <see cref="UidRoot.MaxLength"/> characters and its dot) can be set: a longer one would make duplicate UIDs.
        /// </summary>
        public string DefaultPrefix
        {
            get => _defaultPrefix;
            init => _defaultPrefix = UidRoot.IsPrefix(value) ? value : throw new ArgumentException(UidRoot.Check(value) ?? $"'{value}' must end with a dot.", nameof(value));
        }


        /// <summary>True when replacements are keyed hashes.</summary>
        public bool IsKeyed => _mac != null;

        /// <summary>How many distinct originals have been given random replacements (for reports).</summary>
        public int RememberedCount => _remembered.Count;

        /// <summary>
        /// deid's <c>pydicom_uuid</c>: <c>prefix</c> + the decimal SHA-512 of the original, cut to 64 characters (pydicom's
        /// <c>generate_uid</c> with the original as entropy). Keyed: prefix + the decimal of the first 128 bits of HMAC-SHA256.
        /// With <paramref name="stableRemapping"/> false (and no key) the UID is random, remembered for the batch. A prefix that
        /// would leave fewer than <see cref="UidRoot.MinimumOwnDigits"/> digits is refused (<see cref="ArgumentException"/>).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public string PydicomUuid(string original, string? prefix = null, bool stableRemapping = true)
        {
            prefix ??= DefaultPrefix;
            if (_mac != null) return UidRoot.Compose(prefix, Keyed("pydicom_uuid", original));
            if (!stableRemapping) return Remember("pydicom_uuid|" + prefix, original, () => UidRoot.Compose(prefix, Random128()));
            // The files of a series repeat its study, series and frame of reference UIDs: the last result per slot answers
            // those without hashing again (a pure function, so a stale slot is only a miss).
            int slot = RecentSlot(original);
            var recent = Volatile.Read(ref _recent[slot]);
            if (recent != null && recent.Prefix == prefix && recent.Original == original) return recent.Uid;
            var hash = Sha512.Hash(Encoding.UTF8.GetBytes(original));
            string uid = UidRoot.Compose(prefix, BigEndianDecimal.Format(hash));
            Volatile.Write(ref _recent[slot], new RecentUid(prefix, original, uid));
            return uid;
        }

        private const int RecentSlots = 256; // a power of two

        private readonly RecentUid?[] _recent = new RecentUid?[RecentSlots];

        // A slot of _recent for the original: any spread will do (a collision is only a miss), so the hash of our string tables
        // rather than the framework's, which stays instrumented under pwsh (see HotPath).
        [MethodImpl(HotPath.Optimized)]
        private static int RecentSlot(string original) => (int)(Collections.OrdinalString.Hash(original) & (RecentSlots - 1));

        private sealed class RecentUid
        {
            public RecentUid(string prefix, string original, string uid)
            {
                Prefix = prefix;
                Original = original;
                Uid = uid;
            }

            public string Prefix { get; }

            public string Original { get; }

            public string Uid { get; }
        }

        /// <summary>deid's <c>dicom_uuid</c>: <c>org_root.</c> + a 128-bit number (random in deid; keyed or remembered here), cut to 64 characters.</summary>
        public string DicomUuid(string original, string orgRoot = "anonymous-organization") =>
            _mac != null
                ? Cut(orgRoot + "." + Keyed("dicom_uuid", original))
                : Remember("dicom_uuid|" + orgRoot, original, () => Cut(orgRoot + "." + Random128()));

        /// <summary>deid's <c>basic_uuid</c>: a UUID string (random, remembered for the batch; keyed when a key is given).</summary>
        public string BasicUuid(string original) =>
            _mac != null ? KeyedGuid("basic_uuid", original).ToString() : Remember("basic_uuid", original, () => Guid.NewGuid().ToString());

        /// <summary>deid's <c>suffix_uuid</c>: the lower-cased field name, "-", a UUID (random, remembered; keyed when a key is given).</summary>
        public string SuffixUuid(string fieldName, string original)
        {
            string prefix = fieldName.ToLowerInvariant() + "-";
            return _mac != null ? prefix + KeyedGuid("suffix_uuid", original) : Remember("suffix_uuid|" + prefix, original, () => prefix + Guid.NewGuid());
        }

        /// <summary>
        /// Our <c>deid_func:keyed_id</c>: <paramref name="prefix"/> + <paramref name="digits"/> decimal digits of HMAC-SHA256 of
        /// the original — a pseudonymous ID (PatientID, AccessionNumber) that is the same for the same original in every run and
        /// shard given the same key, and cannot be reversed or guessed without it. Without a key the digits are random,
        /// remembered for the batch (consistent within one run only).
        /// </summary>
        public string KeyedId(string original, string prefix, int digits)
        {
            if (digits < 1 || digits > 38) throw new ArgumentOutOfRangeException(nameof(digits), "between 1 and 38 digits");
            string number = _mac != null ? Keyed("keyed_id", original) : Remember("keyed_id|" + prefix, original, Random128);
            // 128 bits are 38–39 decimal digits: the last digits of the number, zero-padded, are uniform enough for an ID.
            number = number.PadLeft(39, '0');
            return prefix + number.Substring(number.Length - digits);
        }

        /// <summary>
        /// Our <c>deid_func:keyed_jitter</c>: the whole-day shift of the patient whose identity is <paramref name="patient"/>,
        /// in [<paramref name="minimumDays"/>, <paramref name="maximumDays"/>]: with a key, a keyed hash of the patient — the same
        /// patient gets the same shift in every file, run and shard, so intervals between a patient's dates are kept; without a
        /// key, random and remembered for the batch.
        /// </summary>
        public int DateShiftDays(string patient, int minimumDays, int maximumDays)
        {
            if (maximumDays < minimumDays) throw new ArgumentException("The maximum shift is below the minimum.", nameof(maximumDays));
            string number = _mac != null ? Keyed("keyed_jitter", patient) : Remember("keyed_jitter", patient, Random128);
            var span = new BigInteger((long)maximumDays - minimumDays + 1);
            return minimumDays + (int)(BigInteger.Parse(number, CultureInfo.InvariantCulture) % span);
        }

        private string Remember(string function, string original, Func<string> make) =>
            _remembered.GetOrAdd(function + "\u0001" + original, _ => make());

        private string Keyed(string purpose, string original) => BigEndianDecimal.Format(Keyed128(purpose, original));

        private Guid KeyedGuid(string purpose, string original)
        {
            var bytes = Keyed128(purpose, original);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5-style marker: name-based
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes);
        }

        /// <summary>The first 128 bits of the HMAC of <paramref name="purpose"/> and <paramref name="original"/> under the key.</summary>
        private byte[] Keyed128(string purpose, string original)
        {
            var mac = _mac!.Compute(Encoding.UTF8.GetBytes(purpose + "\u0001" + original));
            var first = new byte[16];
            Array.Copy(mac, first, 16);
            return first;
        }

        // The one use of System.Security.Cryptography left here (a cryptographic random source), kept in its own method so
        // that compiling the stable functions never loads it.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string Random128()
        {
            var bytes = new byte[16];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            return BigEndianDecimal.Format(bytes);
        }

        private static string Cut(string uid) => uid.Length <= 64 ? uid : uid.Substring(0, 64);
    }
}
