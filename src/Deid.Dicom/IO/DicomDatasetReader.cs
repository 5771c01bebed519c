using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    /// <summary>
    /// Parses data elements from a <see cref="DicomByteReader"/> into datasets: element headers, sequences and items of
    /// defined and undefined length, UN holding implicit VR items, and encapsulated pixel data. Every length is checked
    /// against its container and the source before it is used; every failure is a <see cref="DicomFormatException"/>.
    /// </summary>
    internal sealed class DicomDatasetReader
    {
        private const uint UndefinedLength = 0xFFFFFFFF;
        private readonly DicomByteReader _r;
        private readonly DicomReadOptions _options;
        private readonly DicomValueSource? _source;

        [MethodImpl(HotPath.Optimized)]
        public DicomDatasetReader(DicomByteReader reader, DicomReadOptions options, DicomValueSource? source)
        {
            _r = reader;
            _options = options;
            _source = source;
        }

        /// <summary>How many values (and pixel data fragments) had an odd length: invalid, and padded when written.</summary>
        public int OddLengthValues { get; private set; }

        /// <summary>Elements and sequence items read so far, bounded by <see cref="DicomReadOptions.MaxElementCount"/>.</summary>
        public long ElementCount { get; private set; }

        /// <summary>
        /// How many zero bytes followed the top-level dataset's last element to the end of the source (padding some writers
        /// leave, and a file system's zero-filled tail), read past and not kept; 0 when none.
        /// </summary>
        public long TrailingZeroBytes { get; private set; }

        /// <summary>Item delimiters of no length found at the top level, between elements, and passed over.</summary>
        public int StrayItemDelimiters { get; private set; }

        /// <summary>Sequences stored as UN whose items were Explicit VR, not Implicit VR as PS3.5 asks (read as they are).</summary>
        public int UnSequencesOfExplicitItems { get; private set; }

        // The largest UN sequence read again as Explicit VR items when its Implicit VR reading fails: the whole value is held in
        // the buffer to go back over it, before its first reading. 16 MB held every UN sequence's value in memory, also the
        // conformant ones that read as Implicit VR (a 15 MB icon: 150 MB allocated over ten reads, where as SQ it took none;
        // review of 0ca54ab, F7); an archive's re-encoded sequence of explicit items is a few kilobytes.
        private const int MaxRereadUnSequence = 1 << 20;

        /// <summary>Offset of top-level Pixel Data when reading stopped before it; -1 otherwise.</summary>
        public long StoppedAtPixelData { get; private set; } = -1;

        /// <summary>Reads the top-level dataset to the end of the source (or to Pixel Data when asked to stop there).</summary>
        [MethodImpl(HotPath.Optimized)]
        public void ReadTopLevel(DicomDataset dataset)
        {
            dataset.SourceOffset = _r.Position;
            ReadElements(dataset, -1, undefinedItem: false, depth: 0);
        }

        /// <summary>
        /// Reads elements until <paramref name="end"/> (defined-length item), an item delimiter (undefined-length item)
        /// or the end of the source (top level).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private void ReadElements(DicomDataset ds, long end, bool undefinedItem, int depth)
        {
            bool topLevel = depth == 0;
            bool be = ds.Encoding.IsBigEndian;
            while (true)
            {
                if (end >= 0)
                {
                    long pos = _r.Position;
                    if (pos == end) return;
                    if (pos > end) throw _r.Error($"An element runs {pos - end} bytes past the end of its item.");
                }
                if (!_r.TryEnsure(8))
                {
                    if (topLevel && _r.AtEnd) return;
                    if (topLevel) throw _r.Error("The file ends inside an element header (truncated).");
                    throw _r.Error(undefinedItem
                        ? "The file ends inside a sequence item that has no item delimiter (truncated or missing delimiter)."
                        : "The file ends inside a sequence item (truncated).");
                }
                long start = _r.Position;
                var tag = new DicomTag(_r.PeekUInt16(0, be), _r.PeekUInt16(2, be));

                // Eight zero bytes are no element (no VR, and a group length of no length): at the top level, zeros to the end of
                // the file are padding after the last element, which pydicom reads past too; anything after them is an error.
                // Fewer than eight stay "truncated": a big endian file cut one byte into a header (group 0008 begins 00 08)
                // leaves a lone zero, as a little endian one cut into a (6000,xxxx) overlay header does.
                if (topLevel && tag.Value == 0 && _r.PeekUInt32(4, be) == 0 && TrailingZeros()) return;

                if (tag.Group == 0xFFFE)
                {
                    if (tag == DicomTag.ItemDelimitationItem && undefinedItem)
                    {
                        _r.Advance(8);
                        return;
                    }
                    if (tag == DicomTag.SequenceDelimitationItem && undefinedItem)
                        throw _r.Error("A sequence delimiter was found where an item delimiter was expected (missing item delimiter).", tag);
                    // An item delimiter of no length between the top level's elements (what a writer that dumps an item's
                    // encoding leaves after it) closes nothing: dcmtk passes it silently, gdcm lists it and reads on, and both
                    // read the next element where this reader does; refused, such a file could not be de-identified at all
                    // (sixth review of the parser QA fixes, 2026-12-07).
                    if (topLevel && tag == DicomTag.ItemDelimitationItem && _r.PeekUInt32(4, be) == 0)
                    {
                        _r.Advance(8);
                        StrayItemDelimiters++;
                        continue;
                    }
                    throw _r.Error($"Unexpected {Describe(tag)} in the middle of a dataset.", tag);
                }

                if (topLevel && tag == DicomTag.PixelData && _options.StopBeforePixelData)
                {
                    StoppedAtPixelData = start;
                    return;
                }

                ReadElement(ds, tag, end, depth);
                if (tag.IsPrivateCreator && !ds.Encoding.IsExplicitVR)
                {
                    // Remember where the creator is: looking it up in the dataset is a linear search when the
                    // dataset is out of tag order, which made every private element cost O(n).
                    var key = (ds, tag.Value);
                    _creators ??= new Dictionary<(DicomDataset, uint), int>();
                    if (!_creators.ContainsKey(key)) _creators.Add(key, ds.Count - 1);
                }
            }
        }

        /// <summary>
        /// At the top level, where an element should start and a zero byte is: true (all of them read, <see cref="TrailingZeroBytes"/>
        /// set) when zeros run to the end of the source; throws when other bytes follow them.
        /// </summary>
        private bool TrailingZeros()
        {
            long start = _r.Position;
            long zeros = _r.SkipZeros();
            if (_r.AtEnd)
            {
                TrailingZeroBytes = zeros;
                return true;
            }
            throw _r.Error($"{zeros} zero byte(s) at offset {start}, where a data element should start, are followed by other data: neither an element nor padding at the end of the file.");
        }

        /// <summary>
        /// Reads the elements of one group (the file meta) until the next element belongs to another group; returns where its group
        /// length element says the group ends (-1 without one).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public long ReadGroup(DicomDataset ds, ushort group)
        {
            ds.SourceOffset = _r.Position;
            bool be = ds.Encoding.IsBigEndian;
            long groupEnd = -1;
            while (_r.TryEnsure(8) && _r.PeekUInt16(0, be) == group)
            {
                var tag = new DicomTag(group, _r.PeekUInt16(2, be));
                // An element of the group again, where the group length says the group has ended (or there is none), starts the
                // dataset: a dataset that (wrongly) begins with group 0002 read into the meta gave it two Transfer Syntax UIDs,
                // the second the dataset's (codec QA 2026-12-06, F4). The dataset keeps it, and the reader says so. Within the
                // length a repeat is read as the meta's (it then holds the tag twice; the first is written).
                if ((groupEnd < 0 || _r.Position >= groupEnd) && ds.Contains(tag)) break;
                ReadElement(ds, tag, -1, 0);
                // A group length of more than one value counts by its first, as dcmtk counts it (sixth review of the parser QA
                // fixes, 2026-12-07: "118\0" was no group length here, and the meta's end it gave dcmtk went unchecked).
                if (tag.Element == 0 && groupEnd < 0 && ds.TryGetElement(tag, out var length) && length.Length >= 4 && length.IsLoaded)
                    groupEnd = _r.Position + (be ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(length.RawValue.Span) : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(length.RawValue.Span));
            }
            return groupEnd;
        }

        /// <summary>Reads one element whose tag (already peeked) is at the current position.</summary>
        [MethodImpl(HotPath.Optimized)]
        private void ReadElement(DicomDataset ds, DicomTag tag, long end, int depth)
        {
            Count(tag);
            var enc = ds.Encoding;
            bool be = enc.IsBigEndian;
            long start = _r.Position;
            DicomVR vr;
            uint length;
            if (enc.IsExplicitVR)
            {
                byte b0 = _r.PeekByte(4), b1 = _r.PeekByte(5);
                vr = DicomVR.FromBytes(b0, b1);
                if (!vr.IsKnown) throw _r.Error($"Invalid VR bytes 0x{b0:X2} 0x{b1:X2} in an explicit VR element header.", tag);
                if (vr.HasLongLength)
                {
                    if (!_r.TryEnsure(12)) throw _r.Error("The file ends inside an element header (truncated).", tag);
                    length = _r.PeekUInt32(8, be);
                    _r.Advance(12);
                }
                else
                {
                    length = _r.PeekUInt16(6, be);
                    _r.Advance(8);
                }
            }
            else
            {
                length = _r.PeekUInt32(4, be);
                vr = ImplicitVR(ds, tag);
                _r.Advance(8);
                // gdcm reads this length as 202 (a workaround for Papyrus files) and reads on inside the value (ninth review).
                if (length == 0x031F031C)
                    throw _r.Error("A value length of 0x031F031C in implicit VR, which gdcm reads as 202 (its workaround for Papyrus files): DICOM readers would disagree on what the dataset holds, so the file is refused.", tag, start);
            }

            if (length == UndefinedLength)
            {
                ReadUndefinedLength(ds, tag, vr, start, depth);
                return;
            }

            CheckLength(tag, length, end);
            if ((length & 1) == 1)
            {
                if (vr != DicomVR.SQ) OddLengthValues++;
                // gdcm reads an implicit VR value of length 13 as one of 10 (a workaround for a GE writer), but for a Manufacturer
                // or Institution Name, and reads on 3 bytes early: a Content Date of 13 bytes made it list a patient's name, ID
                // and birth date this reader kept inside a Modality (eighth review of the parser QA fixes, 2026-12-07).
                if (length == 13 && !enc.IsExplicitVR && tag != DicomTags.Manufacturer && tag != DicomTags.InstitutionName)
                    throw _r.Error("A value of length 13 in implicit VR, which gdcm reads as one of 10 (its workaround for a GE writer): DICOM readers would disagree on what the dataset holds, so the file is refused.", tag, start);
            }
            // gdcm reads a UL of length 6 in group 0009 as one of 4 (its workaround for a Siemens writer; eighth review): the same.
            if (length == 6 && vr == DicomVR.UL && tag.Group == 0x0009 && enc.IsExplicitVR)
                throw _r.Error("A UL of length 6 in group 0009, which gdcm reads as one of 4 (its workaround for a Siemens writer): DICOM readers would disagree on what the dataset holds, so the file is refused.", tag, start);
            if (vr == DicomVR.UN && IsSequenceAsUn(ds, tag, length))
            {
                // A sequence the writer did not know, stored as UN of defined length: its items are Implicit VR Little Endian
                // (PS3.5 §6.2.2, CP-246), as gdcm writes them. Read as opaque bytes, the names and UIDs in its items would pass
                // every action unseen; read as items, they are reached like any sequence's (dcmtk +uc, pydicom do the same).
                var unSequence = ReadUnSequence(ds, tag, length, depth);
                ds.AppendRead(new DicomElement(tag, vr, default, unSequence, DicomElementFlags.None));
                return;
            }
            if (vr == DicomVR.SQ)
            {
                var seq = ReadSequence(ds, tag, _r.Position + length, enc, depth);
                ds.AppendRead(new DicomElement(tag, vr, default, seq, DicomElementFlags.None));
                return;
            }
            if (_source != null && length > 0 && (length >= _options.LargeValueThreshold || tag == DicomTag.PixelData))
            {
                long at = _r.Position;
                var reference = new DicomValueRef(_source, at, length);
                // The inflated dataset of a deflated file has no known length to check against: the skip finds the end.
                if (!_r.Skip(length)) throw _r.Error($"The value length {length} runs past the end of the data (truncated).", tag, at);
                ds.AppendRead(new DicomElement(tag, vr, default, reference, DicomElementFlags.None));
                return;
            }
            if (length > int.MaxValue || !_r.TryEnsure((int)length))
                throw _r.Error($"The value length {length} runs past the end of the data (truncated).", tag);
            ds.AppendRead(new DicomElement(tag, vr, _r.Take((int)length), null, DicomElementFlags.None));
        }

        /// <summary>
        /// Reads a sequence stored as UN of defined length: as Implicit VR Little Endian items (PS3.5 §6.2.2), or, when that fails,
        /// as Explicit VR Little Endian items, which some archives write when they re-encode a sequence they do not know (pydicom
        /// reads them so; dcmtk keeps the value whole). Refused, such a file could not be de-identified at all (parser QA
        /// 2026-12-07). Tried again only for a value that fits in the buffer (<see cref="MaxRereadUnSequence"/>); the first
        /// reading's error is the one reported when neither reads.
        /// </summary>
        private DicomSequence ReadUnSequence(DicomDataset ds, DicomTag tag, uint length, int depth)
        {
            long start = _r.Position;
            long end = start + length;
            bool canReread = length <= MaxRereadUnSequence && _r.TryEnsure((int)length);
            long elements = ElementCount;
            int odd = OddLengthValues;
            try
            {
                return ReadSequence(ds, tag, end, DicomEncoding.ImplicitLittle, depth);
            }
            catch (DicomFormatException implicitError) when (canReread && _r.CanRewind(start))
            {
                // Reading on past the value (an item of undefined length whose element runs beyond it) may have replaced the
                // buffer: then the implicit reading's error is the file's (review of 0ca54ab, F5: an InvalidOperationException).
                _r.Rewind(start);
                // The items hold as Implicit VR to a forgiving reader (dcmtk +uc, gdcm), which lists their elements where the
                // Explicit VR reading would take them for values: a stray delimiter that failed this reader's implicit reading
                // hid a patient's name, ID and birth date in a kept Manufacturer (review of 0ca54ab, F3). Refused, as before.
                if (ForgivingWalk.Lists(_r.Span.Slice(0, (int)length).ToArray(), explicitVR: false, bigEndian: false)) throw;
                ElementCount = elements;
                OddLengthValues = odd;
                try
                {
                    var sequence = ReadSequence(ds, tag, end, DicomEncoding.ExplicitLittle, depth);
                    UnSequencesOfExplicitItems++;
                    return sequence;
                }
                catch (DicomFormatException)
                {
                    throw implicitError;
                }
            }
        }

        /// <summary>
        /// Counts one element or item against <see cref="DicomReadOptions.MaxElementCount"/>: each costs memory (tens of
        /// bytes) out of proportion to its few bytes in the file, so a file of empty items could otherwise take many times
        /// its size.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private void Count(DicomTag tag)
        {
            if (++ElementCount > _options.MaxElementCount)
                throw _r.Error($"The file holds more than {_options.MaxElementCount} elements and items (DicomReadOptions.MaxElementCount); refused as hostile or broken.", tag);
        }

        [MethodImpl(HotPath.Optimized)]
        private void CheckLength(DicomTag tag, uint length, long end, string container = "item")
        {
            long pos = _r.Position;
            if (end >= 0 && pos + length > end)
                throw _r.Error($"The length {length} runs past the end of its {container} ({end - pos} bytes left).", tag);
            long remaining = _r.Remaining;
            if (remaining >= 0 && length > remaining)
                throw _r.Error($"The value length {length} runs past the end of the file ({remaining} bytes left).", tag);
        }

        /// <summary>
        /// True when a UN element of defined <paramref name="length"/> at the current position is a sequence: the dictionary
        /// (or, for a private element, the private dictionary under its creator) gives the tag VR SQ, and the value begins with
        /// an item tag. Both, so that binary data that happens to begin like an item is never parsed as one; an item that then
        /// runs past the value is an error naming it, not bytes kept whole with the names inside them.
        /// </summary>
        /// <remarks>
        /// A sequence attribute's UN value of 8 bytes or more that does not begin with an item is refused: pydicom reads it as
        /// items whatever its first four bytes (taking bytes 4-7 for an item's length), gdcm a value beginning with a
        /// byte-swapped item tag as big endian items, and both listed a patient's name, ID and birth date there that this reader
        /// kept as one value (twelfth review, 2026-12-08: a VOI LUT Sequence stored so).
        /// </remarks>
        [MethodImpl(HotPath.Optimized)]
        private bool IsSequenceAsUn(DicomDataset ds, DicomTag tag, uint length)
        {
            if (length < 8 || tag == DicomTag.PixelData || !_r.TryEnsure(8)) return false;
            bool item = _r.PeekUInt16(0, false) == 0xFFFE && _r.PeekUInt16(2, false) == 0xE000;
            if (ImplicitVR(ds, tag) != DicomVR.SQ) return false;
            if (!item)
                throw _r.Error("A sequence attribute stored as UN whose value does not begin with an item: pydicom and gdcm read it as items all the same, this reader as one value; they would disagree on what it holds, so the file is refused.", tag);
            if (ds.Encoding.IsBigEndian) throw UnSequenceInBigEndian(tag);
            return true;
        }

        // PS3.5 §6.2.2 has a UN sequence's items in Implicit VR Little Endian whatever the syntax, and dcmtk and gdcm read them so;
        // pydicom reads them in the dataset's byte order, and in an Explicit VR Big Endian file listed a name, ID and birth date
        // there that this reader kept inside a LUT Data (thirteenth review, 2026-12-08). Refused.
        private DicomFormatException UnSequenceInBigEndian(DicomTag tag) =>
            _r.Error("A sequence stored as UN in a big endian dataset: dcmtk and gdcm read its items little endian, as PS3.5 has them, pydicom big endian; they would disagree on what it holds, so the file is refused.", tag);

        [MethodImpl(HotPath.Optimized)]
        private void ReadUndefinedLength(DicomDataset ds, DicomTag tag, DicomVR vr, long start, int depth)
        {
            var enc = ds.Encoding;
            if (vr == DicomVR.UN && tag != DicomTag.PixelData && enc.IsBigEndian) throw UnSequenceInBigEndian(tag);
            // In implicit VR an undefined length makes a sequence here whatever the dictionary says; pydicom reads one only for a
            // tag the dictionary calls SQ (or does not know), and takes any other for pixel fragments, or, when they do not parse,
            // reads elements from the first sequence delimiter in its bytes: names in a kept float value it listed at the top
            // level (fourteenth review of the parser, 2026-12-08). Refused.
            if (!enc.IsExplicitVR && tag != DicomTag.PixelData && vr != DicomVR.SQ && vr != DicomVR.UN && vr.IsKnown)
                throw _r.Error($"Undefined length on an element the dictionary gives VR {vr} in implicit VR: this reader reads it as a sequence, pydicom as pixel fragments or from its first sequence delimiter on; they would disagree on what it holds, so the file is refused.", tag, start);
            if (vr == DicomVR.SQ || (vr == DicomVR.UN && tag != DicomTag.PixelData) || (!enc.IsExplicitVR && tag != DicomTag.PixelData))
            {
                // UN of undefined length holds items in Implicit VR Little Endian (PS3.5 §6.2.2 note).
                var itemEncoding = vr == DicomVR.UN && enc.IsExplicitVR ? DicomEncoding.ImplicitLittle : enc;
                var seq = ReadSequence(ds, tag, -1, itemEncoding, depth);
                var elementVR = vr == DicomVR.UN ? DicomVR.UN : DicomVR.SQ;
                ds.AppendRead(new DicomElement(tag, elementVR, default, seq, DicomElementFlags.UndefinedLength));
                return;
            }
            if (vr == DicomVR.UN && tag == DicomTag.PixelData)
            {
                // dcmtk and gdcm read a UN of undefined length as a sequence of Implicit VR items (CP-246), Pixel Data too, and
                // list the elements in its items; read here as fragments, a patient's name, ID and birth date in them stayed in
                // every copy (third review of the parser QA fixes, 2026-12-07; sixth: inside a sequence's item as well). The
                // readers would disagree: refused.
                throw _r.Error("Pixel Data stored as UN of undefined length: DICOM readers read it as a sequence of items (CP-246), this reader as pixel fragments; they would disagree on what it holds, so the file is refused.", tag, start);
            }
            // Undefined length on an OB or OW other than Pixel Data: dcmtk refuses it, gdcm reads its items as elements, this
            // reader read fragments: names in them stayed (ninth review of the parser QA fixes, 2026-12-07). Refused.
            if ((vr == DicomVR.OB || vr == DicomVR.OW) && tag != DicomTag.PixelData)
                throw _r.Error($"Undefined length on {vr} data other than Pixel Data: DICOM readers read it as fragments, as elements or not at all, and would disagree on what it holds, so the file is refused.", tag, start);
            if (vr == DicomVR.OB || vr == DicomVR.OW || vr == DicomVR.UN || tag == DicomTag.PixelData)
            {
                var fragments = ReadFragments(tag, enc.IsBigEndian);
                ds.AppendRead(new DicomElement(tag, vr, default, fragments, DicomElementFlags.UndefinedLength));
                return;
            }
            throw _r.Error($"Undefined length is not allowed for an element with VR {vr}.", tag, start);
        }

        [MethodImpl(HotPath.Optimized)]
        private DicomSequence ReadSequence(DicomDataset owner, DicomTag tag, long end, DicomEncoding itemEncoding, int depth)
        {
            if (depth + 1 > _options.MaxSequenceDepth)
                throw _r.Error($"Sequences are nested more than {_options.MaxSequenceDepth} deep.", tag);
            try
            {
                // With the limit raised, the thread's stack may run out first: refuse the input rather than crash.
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            }
            catch (InsufficientExecutionStackException)
            {
                throw _r.Error($"Sequences are nested too deep ({depth + 1} levels) for the stack of the reading thread.", tag);
            }
            var seq = owner.NewReadSequence(tag, 1);
            bool be = itemEncoding.IsBigEndian;
            var items = (IList<DicomDataset>)seq.ItemsForReader;
            while (true)
            {
                long pos = _r.Position;
                if (end >= 0)
                {
                    if (pos == end) return seq;
                    if (pos > end) throw _r.Error($"An item runs {pos - end} bytes past the end of its sequence.", tag);
                }
                if (!_r.TryEnsure(8))
                {
                    throw _r.Error(end < 0
                        ? "The file ends inside a sequence that has no sequence delimiter (truncated or missing delimiter)."
                        : "The file ends inside a sequence (truncated).", tag);
                }
                var itemTag = new DicomTag(_r.PeekUInt16(0, be), _r.PeekUInt16(2, be));
                uint itemLength = _r.PeekUInt32(4, be);
                if (itemTag == DicomTag.SequenceDelimitationItem)
                {
                    if (end >= 0) throw _r.Error("A sequence delimiter was found inside a sequence of defined length.", tag);
                    _r.Advance(8);
                    return seq;
                }
                if (itemTag != DicomTag.Item)
                    throw _r.Error($"Expected an item (FFFE,E000) in sequence {tag}, found {Describe(itemTag)}.", tag);
                _r.Advance(8);
                Count(tag);
                // pydicom reads an item whose first element's VR bytes are two capital letters as explicit VR, whatever the
                // encoding around it: read here as implicit (a UN's items, an implicit file's), names it listed stayed in a kept
                // Manufacturer (eleventh review of the parser QA fixes, 2026-12-08). The readers would disagree: refused.
                if (!itemEncoding.IsExplicitVR && itemLength != 0 && _r.TryEnsure(6) && _r.PeekCapitals(4)
                    && _r.PeekUInt16(0, itemEncoding.IsBigEndian) != 0xFFFE)
                    throw _r.Error("A sequence item read as implicit VR whose first element's VR bytes are two capital letters, which pydicom reads as explicit VR: DICOM readers would disagree on what the item holds, so the file is refused.", tag);
                // No element array until the item has an element: an empty item then costs its object alone.
                var item = new DicomDataset(itemEncoding, owner, tag, capacity: 0) { SourceOffset = pos };
                if (itemLength == UndefinedLength)
                {
                    item.ItemHasUndefinedLength = true;
                    ReadElements(item, -1, undefinedItem: true, depth + 1);
                }
                else
                {
                    CheckLength(tag, itemLength, end, "sequence");
                    ReadElements(item, _r.Position + itemLength, undefinedItem: false, depth + 1);
                }
                items.Add(item);
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private DicomFragments ReadFragments(DicomTag tag, bool be)
        {
            var list = new List<DicomFragment>();
            while (true)
            {
                if (!_r.TryEnsure(8))
                    throw _r.Error("The file ends inside encapsulated pixel data that has no sequence delimiter (truncated).", tag);
                var itemTag = new DicomTag(_r.PeekUInt16(0, be), _r.PeekUInt16(2, be));
                uint length = _r.PeekUInt32(4, be);
                if (itemTag == DicomTag.SequenceDelimitationItem)
                {
                    // Not even the Basic Offset Table item (PS3.5 A.4 asks for it): gdcm stops there with an error and reads on
                    // from a few bytes back, out of step, into what follows (ninth review of the parser QA fixes, 2026-12-07: a
                    // kept Modality's names). The readers would disagree: refused.
                    if (list.Count == 0)
                        throw _r.Error("Encapsulated pixel data with no item at all (not even the Basic Offset Table): gdcm reads on from another place after it, so DICOM readers would disagree on what follows; the file is refused.", tag);
                    _r.Advance(8);
                    return new DicomFragments(list);
                }
                if (itemTag != DicomTag.Item)
                    throw _r.Error($"Expected a fragment item (FFFE,E000) in encapsulated pixel data, found {Describe(itemTag)}.", tag);
                if (length == UndefinedLength) throw _r.Error("A pixel data fragment has undefined length.", tag);
                Count(tag);
                if ((length & 1) == 1) OddLengthValues++;
                _r.Advance(8);
                CheckLength(tag, length, -1);
                // The Basic Offset Table (first item) stays in memory; fragments are left in the source when possible.
                if (_source != null && list.Count > 0 && length > 0)
                {
                    long at = _r.Position;
                    var reference = new DicomValueRef(_source, at, length);
                    if (!_r.Skip(length)) throw _r.Error($"The fragment length {length} runs past the end of the data (truncated).", tag, at);
                    list.Add(new DicomFragment(default, reference));
                }
                else
                {
                    if (length > int.MaxValue || !_r.TryEnsure((int)length))
                        throw _r.Error($"The fragment length {length} runs past the end of the data (truncated).", tag);
                    list.Add(new DicomFragment(_r.Take((int)length), null));
                }
            }
        }

        private Dictionary<(DicomDataset, uint), int>? _creators;
        private uint _lastCreatorTag;
        private DicomDataset? _lastCreatorDataset;
        private string? _lastCreator;

        /// <summary>
        /// The VR the dictionaries give an element, for an implicit VR element and for a UN value that may be a sequence: from the
        /// private dictionary under the element's creator for known private elements, else the data dictionary.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private DicomVR ImplicitVR(DicomDataset ds, DicomTag tag)
        {
            if (tag.IsPrivate && tag.Element >= 0x1000)
            {
                var creatorTag = tag.GetPrivateCreatorTag();
                string? creator;
                if (ReferenceEquals(ds, _lastCreatorDataset) && creatorTag.Value == _lastCreatorTag)
                {
                    creator = _lastCreator;
                }
                else
                {
                    // Implicit VR datasets record where their creators are (see ReadElements); an explicit one, asked only about
                    // a UN value that may be a sequence (IsSequenceAsUn), is searched.
                    if (ds.Encoding.IsExplicitVR)
                        creator = ds.TryGetElement(creatorTag, out var creatorElement) ? ds.GetString(creatorElement) : null;
                    else
                        creator = _creators != null && _creators.TryGetValue((ds, creatorTag.Value), out int at) ? ds.GetString(ds.ElementAt(at)) : null;
                    _lastCreatorDataset = ds;
                    _lastCreatorTag = creatorTag.Value;
                    _lastCreator = creator;
                }
                if (creator != null && PrivateDictionary.TryGetEntry(creator, tag, out var entry) && entry.VR != DicomVR.None) return entry.VR;
                return DicomVR.UN;
            }
            if (tag == DicomTag.PixelData) return DicomVR.OW; // implicit VR pixel data is OW (PS3.5 §A.1)
            var vr = DicomDictionary.GetVR(tag);
            if (vr == DicomVR.US && IsUsOrSs(tag) && PixelRepresentation(ds) == 1) return DicomVR.SS;
            return vr;
        }

        /// <summary>True for "US or SS" attributes (smallest/largest pixel values, LUT descriptors, ...).</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool IsUsOrSs(DicomTag tag)
        {
            if (!DicomDictionary.TryGetEntry(tag, out var entry)) return false;
            foreach (var allowed in entry.AllowedVRs)
            {
                if (allowed == DicomVR.SS) return true;
            }
            return false;
        }

        /// <summary>
        /// Pixel Representation (0028,0103) of this dataset or the nearest enclosing one: 1 means signed, so "US or SS" values
        /// are SS, as dcmtk and pydicom decide for implicit VR data.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static int PixelRepresentation(DicomDataset? ds)
        {
            var tag = DicomTags.PixelRepresentation;
            for (; ds != null; ds = ds.Parent)
            {
                if (ds.TryGetElement(tag, out var e) && e.IsLoaded && e.RawValue.Length >= 2)
                {
                    var span = e.RawValue.Span;
                    return ds.Encoding.IsBigEndian ? (span[0] << 8) | span[1] : span[0] | (span[1] << 8);
                }
            }
            return 0;
        }

        [MethodImpl(HotPath.Optimized)]
        private static string Describe(DicomTag tag) =>
            tag == DicomTag.Item ? "item tag (FFFE,E000)"
            : tag == DicomTag.ItemDelimitationItem ? "item delimiter (FFFE,E00D)"
            : tag == DicomTag.SequenceDelimitationItem ? "sequence delimiter (FFFE,E0DD)"
            : "tag " + tag;
    }
}
