using System;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// The Palette Color Lookup Tables of a PALETTE COLOR image (PS3.3 §C.7.6.3.1.5-6), scaled to 8 bits a channel:
    /// stored index <c>v</c> maps to entry <c>v - FirstMapped</c>, clamped to the table as PS3.3 says for values outside it.
    /// </summary>
    public sealed class PaletteLut
    {
        /// <summary>Creates a palette from three equally long 8-bit tables.</summary>
        public PaletteLut(int firstMapped, byte[] red, byte[] green, byte[] blue)
        {
            Red = red ?? throw new ArgumentNullException(nameof(red));
            Green = green ?? throw new ArgumentNullException(nameof(green));
            Blue = blue ?? throw new ArgumentNullException(nameof(blue));
            if (red.Length == 0 || red.Length != green.Length || red.Length != blue.Length)
                throw new ArgumentException("The red, green and blue tables must be equally long and not empty.", nameof(red));
            FirstMapped = firstMapped;
        }

        /// <summary>The stored value that maps to the first entry (second value of the descriptors).</summary>
        public int FirstMapped { get; }

        /// <summary>The red entries, 8-bit.</summary>
        public byte[] Red { get; }

        /// <summary>The green entries, 8-bit.</summary>
        public byte[] Green { get; }

        /// <summary>The blue entries, 8-bit.</summary>
        public byte[] Blue { get; }

        /// <summary>The entry stored value <paramref name="value"/> maps to.</summary>
        public int IndexOf(long value)
        {
            long i = value - FirstMapped;
            return i < 0 ? 0 : i >= Red.Length ? Red.Length - 1 : (int)i;
        }

        /// <summary>
        /// Reads the Red, Green and Blue Palette Color Lookup Table Descriptor and Data from <paramref name="dataset"/>;
        /// null when any of the six is missing (Segmented palettes are not read).
        /// </summary>
        /// <exception cref="DicomFormatException">A descriptor is malformed or a table is shorter than its descriptor says.</exception>
        public static PaletteLut? FromDataset(DicomDataset dataset)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            if (!dataset.Contains(DicomTags.RedPaletteColorLookupTableData) || !dataset.Contains(DicomTags.GreenPaletteColorLookupTableData)
                || !dataset.Contains(DicomTags.BluePaletteColorLookupTableData))
                return null;
            var red = Descriptor(dataset, DicomTags.RedPaletteColorLookupTableDescriptor);
            var green = Descriptor(dataset, DicomTags.GreenPaletteColorLookupTableDescriptor);
            var blue = Descriptor(dataset, DicomTags.BluePaletteColorLookupTableDescriptor);
            if (red == null || green == null || blue == null) return null;
            return new PaletteLut(red.Value.First,
                Table(dataset, DicomTags.RedPaletteColorLookupTableData, red.Value),
                Table(dataset, DicomTags.GreenPaletteColorLookupTableData, green.Value),
                Table(dataset, DicomTags.BluePaletteColorLookupTableData, blue.Value));
        }

        private static (int Entries, int First, int Bits)? Descriptor(DicomDataset dataset, DicomTag tag)
        {
            var d = dataset.GetNumbers(tag);
            if (d == null) return null;
            if (d.Length < 3) throw new DicomFormatException(null, -1, tag, $"The palette descriptor has {d.Length} value(s); it needs 3.");
            // An entry count of 0 means 65536 (PS3.3 §C.7.6.3.1.5): the count has to fit in 16 bits.
            int entries = d[0] == 0 ? 65536 : (int)d[0];
            int bits = (int)d[2];
            if (entries < 0 || entries > 65536) throw new DicomFormatException(null, -1, tag, $"The palette holds {d[0]} entries; at most 65536 fit.");
            if (bits != 8 && bits != 16) throw new DicomFormatException(null, -1, tag, $"Palette entries are 8 or 16 bits, not {d[2]}.");
            return (entries, (int)d[1], bits);
        }

        private static byte[] Table(DicomDataset dataset, DicomTag tag, (int Entries, int First, int Bits) d)
        {
            dataset.TryGetElement(tag, out var element);
            // Large tables (65536 16-bit entries) are left in the source by the reader: read them from there.
            byte[] raw = element.ValueRef is DicomValueRef r ? r.ReadAll() : element.RawValue.ToArray();
            var table = new byte[d.Entries];
            bool wordPerEntry = d.Bits == 16 || raw.Length >= 2 * d.Entries;
            if (raw.Length < (wordPerEntry ? 2 * d.Entries : d.Entries))
                throw new DicomFormatException(null, -1, tag, $"The palette table holds {raw.Length} bytes; {d.Entries} entries of {d.Bits} bits need more.");
            if (!wordPerEntry)
            {
                // 8-bit entries packed two to an OW word (PS3.3 §C.7.6.3.1.6). In a big endian file the word swap
                // reverses each pair, so undo it to get the entries back in order.
                Array.Copy(raw, table, d.Entries);
                if (dataset.Encoding.IsBigEndian) SwapPairs(table, raw);
                return table;
            }
            bool big = dataset.Encoding.IsBigEndian;
            int max = 0;
            for (int i = 0; i < d.Entries; i++) max = Math.Max(max, Word(raw, i, big));
            // 16-bit entries keep their high byte. A table that says 8 bits but holds one word an entry (seen in the
            // wild) keeps whichever byte carries the values.
            int shift = d.Bits == 16 || max > 255 ? 8 : 0;
            for (int i = 0; i < d.Entries; i++) table[i] = (byte)(Word(raw, i, big) >> shift);
            return table;
        }

        private static int Word(byte[] raw, int i, bool big) =>
            big ? (raw[2 * i] << 8) | raw[(2 * i) + 1] : raw[2 * i] | (raw[(2 * i) + 1] << 8);

        private static void SwapPairs(byte[] table, byte[] raw)
        {
            for (int i = 0; i < table.Length; i++) table[i] = raw[i ^ 1];
        }
    }
}
