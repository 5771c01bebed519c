using System;
using System.Globalization;
using System.IO;
using System.Text;
using Deid.Dicom;

namespace Deid.Inspection
{
    /// <summary>
    /// The length and SHA-256 of a bulk value (Pixel Data, large binary values), read in chunks from the codec's value
    /// references so that comparing two large files never holds a whole Pixel Data in memory, and never prints its bytes.
    /// </summary>
    internal readonly struct BulkValueDigest
    {
        private const int ChunkSize = 81920;

        private BulkValueDigest(string text, string sha256)
        {
            Text = text;
            Sha256 = sha256;
        }

        /// <summary>What a comparison shows: e.g. "(524288 bytes, sha256 0a1b2c3d4e5f6a7b)".</summary>
        public string Text { get; }

        /// <summary>The full digest in lower-case hex: two values are equal when their texts and digests are.</summary>
        public string Sha256 { get; }

        /// <summary>True when <paramref name="element"/> is summarised rather than shown: pixel data, values left in the
        /// source or encapsulated, and binary values too long to show in a line.</summary>
        public static bool IsBulk(in DicomElement element, int maxInlineBytes)
        {
            if (element.IsSequence) return false;
            if (element.ValueRef != null || element.Fragments != null) return true;
            uint tag = element.Tag.Value;
            if (tag == 0x7FE00010 || tag == 0x7FE00008 || tag == 0x7FE00009) return true;
            var vr = DicomDataset.GetEffectiveVR(element);
            return !vr.IsString && !vr.IsBinaryNumber && element.Length > maxInlineBytes;
        }

        /// <summary>
        /// Reads <paramref name="element"/>'s value (in memory, a reference, or fragments) through SHA-256. A value of words of
        /// a big endian dataset (<paramref name="bigEndian"/>: OW, OL, OF, OD, US, ...) is hashed in little endian order, so
        /// that the same pixels in another byte order are the same value (QA 2026-12-07: a big endian copy showed Pixel Data
        /// changed).
        /// </summary>
        public static BulkValueDigest Of(in DicomElement element, bool bigEndian = false)
        {
            var sha = new Hashing.Sha256.Incremental();
            var buffer = new byte[ChunkSize];
            string text;
            if (element.Fragments is DicomFragments fragments)
            {
                foreach (var item in fragments.Items)
                {
                    if (item.Reference is DicomValueRef r) Hash(sha, r, buffer, 1);
                    else sha.Append(item.Bytes.Span);
                }
                text = string.Format(CultureInfo.InvariantCulture, "(Encapsulated, {0} fragment{1}, {2} bytes", fragments.FragmentCount, fragments.FragmentCount == 1 ? "" : "s", fragments.TotalLength);
            }
            else
            {
                int word = bigEndian ? WordSize(DicomDataset.GetEffectiveVR(element)) : 1;
                if (element.ValueRef is DicomValueRef r) Hash(sha, r, buffer, word);
                else if (word == 1) sha.Append(element.RawValue.Span);
                else
                {
                    var value = element.RawValue.Span;
                    for (int at = 0; at < value.Length; at += buffer.Length)
                    {
                        int n = Math.Min(buffer.Length, value.Length - at);
                        value.Slice(at, n).CopyTo(buffer);
                        AppendSwapped(sha, buffer, n, word);
                    }
                }
                text = string.Format(CultureInfo.InvariantCulture, "({0} bytes", element.Length);
            }
            string hex = Hex(sha.Finish());
            return new BulkValueDigest(text + ", sha256 " + hex.Substring(0, 16) + ")", hex);
        }

        /// <summary>The size of the units a value of <paramref name="vr"/> is made of, which a big endian dataset stores reversed (1 for bytes and text).</summary>
        internal static int WordSize(DicomVR vr) => Math.Max(1, vr.UnitSize);

        // Each whole word of the first count bytes reversed, then hashed; a last part word (an odd length) as it is.
        private static void AppendSwapped(Hashing.Sha256.Incremental sha, byte[] buffer, int count, int word)
        {
            int whole = count - count % word;
            for (int i = 0; i < whole; i += word) Array.Reverse(buffer, i, word);
            sha.Append(buffer.AsSpan(0, count));
        }

        private static void Hash(Hashing.Sha256.Incremental sha, DicomValueRef reference, byte[] buffer, int word)
        {
            using Stream s = reference.Source.OpenRead();
            s.Position = reference.Offset;
            long left = reference.Length;
            while (left > 0)
            {
                // A whole chunk (or what is left) before hashing: words must not be split between two reads.
                int want = (int)Math.Min(buffer.Length, left), got = 0;
                while (got < want)
                {
                    int n = s.Read(buffer, got, want - got);
                    if (n <= 0) throw new DicomFormatException(reference.Source.Description, reference.Offset + reference.Length - left + got, null, "The source ended before the referenced value did; was the file changed after it was read?");
                    got += n;
                }
                if (word > 1) AppendSwapped(sha, buffer, got, word);
                else sha.Append(buffer.AsSpan(0, got));
                left -= got;
            }
        }

        private static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
