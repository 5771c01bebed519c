using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// The private elements a file declares safe itself, in its Private Data Element Characteristics Sequence (0008,0300; PS3.3
    /// C.12.1.1.7): per item a Private Group Reference (0008,0301) and Private Creator Reference (0008,0302) name a block, and its
    /// Block Identifying Information Status (0008,0303) says SAFE (no element of the block identifies), UNSAFE, or MIXED — then
    /// Nonidentifying Private Elements (0008,0304) lists the safe ones by the low byte of their element number. Anything else
    /// (UNSAFE, a missing or unknown status, a MIXED block without its list) declares nothing safe.
    /// </summary>
    internal sealed class DeclaredSafePrivate
    {
        private static readonly DicomTag CharacteristicsSequence = new DicomTag(0x0008, 0x0300);
        private static readonly DicomTag GroupReference = new DicomTag(0x0008, 0x0301);
        private static readonly DicomTag CreatorReference = new DicomTag(0x0008, 0x0302);
        private static readonly DicomTag BlockStatus = new DicomTag(0x0008, 0x0303);
        private static readonly DicomTag NonidentifyingElements = new DicomTag(0x0008, 0x0304);

        // One reading per top-level dataset: the declaration is read the first time the file's private elements are judged,
        // before the REMOVE that judges them changes anything.
        private static readonly ConditionalWeakTable<DicomDataset, DeclaredSafePrivate> Cache = new ConditionalWeakTable<DicomDataset, DeclaredSafePrivate>();

        private readonly HashSet<(ushort, string)> _wholeBlocks = new HashSet<(ushort, string)>();
        private readonly HashSet<(ushort, string)> _mixedBlocks = new HashSet<(ushort, string)>();
        private readonly HashSet<(ushort, string, byte)> _elements = new HashSet<(ushort, string, byte)>();

        private DeclaredSafePrivate(DicomDataset root)
        {
            var items = root.GetSequence(CharacteristicsSequence);
            if (items == null) return;
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (!item.TryGetInteger(GroupReference, out long group) || group < 0 || group > 0xFFFF || (group & 1) == 0) continue;
                string? creator = item.GetString(CreatorReference);
                if (string.IsNullOrEmpty(creator)) continue;
                var block = ((ushort)group, SafePrivateAttributes.NormalizeCreator(creator!));
                string status = (item.GetString(BlockStatus) ?? string.Empty).Trim().ToUpperInvariant();
                if (status == "SAFE")
                {
                    _wholeBlocks.Add(block);
                }
                else if (status == "MIXED")
                {
                    foreach (var n in item.GetNumbers(NonidentifyingElements) ?? Array.Empty<double>())
                    {
                        if (n < 0 || n > 0xFF) continue;
                        _elements.Add((block.Item1, block.Item2, (byte)n));
                        _mixedBlocks.Add(block);
                    }
                }
            }
        }

        /// <summary>The declarations of the file whose dataset (or a sequence item of it) is <paramref name="dataset"/>.</summary>
        public static DeclaredSafePrivate Of(DicomDataset dataset)
        {
            var root = dataset;
            while (root.Parent != null) root = root.Parent;
            return Cache.GetValue(root, r => new DeclaredSafePrivate(r));
        }

        /// <summary>True when the file declares element <paramref name="elementByte"/> of the creator's block safe.</summary>
        public bool IsSafeElement(string creator, ushort group, byte elementByte)
        {
            string normalized = SafePrivateAttributes.NormalizeCreator(creator);
            return _wholeBlocks.Contains((group, normalized)) || _elements.Contains((group, normalized, elementByte));
        }

        /// <summary>True when the file declares any element of the creator's block safe: its creator element is kept.</summary>
        public bool HasSafeElements(string creator, ushort group)
        {
            var block = (group, SafePrivateAttributes.NormalizeCreator(creator));
            return _wholeBlocks.Contains(block) || _mixedBlocks.Contains(block);
        }
    }
}
