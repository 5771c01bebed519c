using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    /// <summary>
    /// Reads the structure of a Part 10 file — preamble, "DICM", file meta — or of a bare dataset with no meta, and
    /// decides how the dataset is encoded before handing it to <see cref="DicomDatasetReader"/>.
    /// </summary>
    internal static class DicomFileReader
    {
        public static DicomFile Read(Stream stream, string? path, long length, DicomValueSource? source, DicomReadOptions options, long start = 0)
        {
            try
            {
                return ReadCore(stream, path, length, source, options, start);
            }
            catch (DicomFormatException)
            {
                throw;
            }
            catch (InvalidDataException ex)
            {
                // CheckedInflateStream says where a deflate stream breaks; this is for an inflater error that escapes it.
                throw new DicomFormatException(path, -1, null, "The deflated dataset is corrupt, not a valid deflate stream.", ex);
            }
            catch (EndOfStreamException ex)
            {
                throw new DicomFormatException(path, -1, null, "The data ended unexpectedly (truncated).", ex);
            }
        }

        private static DicomFile ReadCore(Stream stream, string? path, long length, DicomValueSource? source, DicomReadOptions options, long start)
        {
            var r = new DicomByteReader(stream, path, length, start);
            byte[]? preamble = null;
            if (r.TryEnsure(132) && r.PeekByte(128) == 'D' && r.PeekByte(129) == 'I' && r.PeekByte(130) == 'C' && r.PeekByte(131) == 'M')
            {
                preamble = r.Span.Slice(0, 128).ToArray();
                r.Advance(132);
            }

            var meta = new DicomDataset(DicomEncoding.ExplicitLittle);
            bool hasMeta = false;
            int metaOddLengths = 0;
            long metaEnd = -1, metaLastEnd = -1;
            // dcmtk takes group 0002 written big endian for the file meta; this reader would read the whole file as one big endian
            // dataset without a transfer syntax, while dcmtk read the dataset by the meta's (little endian) syntax, and listed a
            // patient's name this reader kept inside a Manufacturer (sixth review of the parser QA fixes, 2026-12-07). PS3.10 has
            // the meta little endian; the readers would disagree on every element, so such a file is refused.
            if (r.TryEnsure(8) && r.PeekUInt16(0, false) != 0x0002 && r.PeekUInt16(0, true) == 0x0002)
                throw new DicomFormatException(path, r.Position, null, "The file meta information (group 0002) is written big endian, where PS3.10 has it explicit VR little endian: DICOM readers would disagree on how the dataset is encoded (dcmtk reads it as the meta, others as part of a big endian dataset), so the file is refused.");
            if (r.TryEnsure(8) && r.PeekUInt16(0, false) == 0x0002)
            {
                metaOddLengths = ReadFileMeta(r, meta, options, out metaEnd);
                hasMeta = true;
                // Written as it was, a file cut inside its meta came out as a "de-identified" file of nothing but the meta and what a
                // recipe adds, and counted as a success (codec QA 2026-12-06, F3). A meta its group length says is whole, followed
                // by nothing, is an empty dataset (what REMOVE ALL leaves) and reads as one.
                if (!r.TryEnsure(1) && metaEnd > r.Position)
                    throw new DicomFormatException(path, r.Position, null, $"The file ends inside its file meta information (its group length says {metaEnd - r.Position} more bytes follow): it holds no dataset (truncated).");
                metaLastEnd = r.Position;
            }
            else if (preamble != null && !r.TryEnsure(8))
            {
                // Written as it was, such a file would come out as a "DICOM file" of nothing but what a recipe adds.
                throw new DicomFormatException(path, r.Position, null, "The file ends after its 'DICM' prefix: it holds neither file meta information nor a dataset (truncated).");
            }
            else if (preamble == null)
            {
                // No preamble and no meta: accept a bare dataset only if its first element looks like one.
                if (!LooksLikeDataset(r))
                    throw new DicomFormatException(path, start, null, "Not a DICOM file: there is no 'DICM' prefix at offset 128 and no dataset at offset 0.");
            }

            var file = new DicomFile(preamble, meta, hasMeta, TransferSyntax.ExplicitVRLittleEndian, new DicomDataset())
            {
                SourceLength = length,
            };

            TransferSyntax ts;
            string? tsUid = meta.GetString(DicomTag.TransferSyntaxUid);
            if (!string.IsNullOrEmpty(tsUid))
            {
                ts = TransferSyntax.Lookup(tsUid!);
                // dcmtk reads a UID as text to its first NUL, without the white space around it: "1.2.840.10008.1.2", a NUL and
                // more, or a TAB after it, was Implicit VR Little Endian to dcmtk and a syntax no one defined here, read as
                // explicit VR, and names dcmtk listed stayed in Pixel Data (sixth review). The readers would disagree: refused.
                if (!ts.IsKnown && TransferSyntax.Lookup(AsDcmtkReadsUid(tsUid!)).IsKnown)
                    throw new DicomFormatException(path, r.Position, null, $"The Transfer Syntax UID '{Printable(tsUid!)}' holds bytes other than padding beside the UID of {TransferSyntax.Lookup(AsDcmtkReadsUid(tsUid!)).Name}: DICOM readers would disagree on how the dataset is encoded (dcmtk reads that syntax, others none), so the file is refused.");
                // Read as Explicit VR Little Endian (what the data then look like is checked below), and said: a UID no one defined
                // may be a private syntax whose pixels no reader here decodes (codec QA 2026-12-06).
                if (!ts.IsKnown) file._warnings.Add($"The Transfer Syntax UID '{Printable(tsUid!)}' is not one PS3.5 defines; the dataset is read as {(ts.Encoding.IsExplicitVR ? "explicit" : "implicit")} VR little endian and written under the same UID.");
                // dcmtk sniffs the data of a syntax it does not know: where it would take them for big endian, the readers would
                // disagree on every element (third review of the parser QA fixes, 2026-12-07).
                // dcmtk reads it implicit VR big endian, which this reader does not read: taken for an unknown syntax and read
                // little endian, every element would differ.
                if (ts.Uid == GeImplicitBigEndian)
                    throw new DicomFormatException(path, r.Position, null, $"The Transfer Syntax UID '{GeImplicitBigEndian}' is GE's private Implicit VR Big Endian, which this reader does not read (dcmtk does): DICOM readers would disagree on what the dataset holds, so it is refused. Convert the file to a standard syntax first (dcmconv +ti).");
                // dcmtk guesses the encoding of a syntax it does not know (any but those of DcmtkReadsByUid): where it would take
                // the data for the other byte order, the readers would disagree on every element (third review of the parser QA
                // fixes, 2026-12-07; seventh: syntaxes this reader knows and dcmtk 3.6.7 does not, HTJ2K, Papyrus, SMPTE).
                if (!DcmtkReadsByUid(ts.Uid) && SniffsBigEndian(r) != ts.Encoding.IsBigEndian)
                    throw new DicomFormatException(path, r.Position, null, $"The Transfer Syntax UID '{Printable(tsUid!)}' is not one dcmtk reads by, and its data look {(ts.Encoding.IsBigEndian ? "little" : "big")} endian to it, where this reader would read them {(ts.Encoding.IsBigEndian ? "big" : "little")} endian: DICOM readers would disagree on what the dataset holds, so it is refused.");
                // dcmtk would take the compressed bytes for the dataset (a stored deflate block holds its bytes as they are).
                if (!DcmtkReadsByUid(ts.Uid) && ts.IsDeflated)
                    throw new DicomFormatException(path, r.Position, null, $"The Transfer Syntax UID '{Printable(tsUid!)}' says the dataset is deflated, and dcmtk does not know it: it would read the compressed bytes as the dataset, so DICOM readers would disagree on what it holds; the file is refused.");
            }
            else
            {
                ts = Sniff(r) ??
                    throw new DicomFormatException(path, r.Position, null, "The dataset has no transfer syntax and its data look Implicit VR Big Endian, which dcmtk reads and no standard defines; this reader would read them little endian, and the readers would disagree on what the dataset holds, so it is refused.");
                if (hasMeta) file._warnings.Add($"The file meta has no Transfer Syntax UID; the data look like {ts.Name}.");
            }

            // dcmtk reads whole elements into the meta while their count is short of its group length, in the meta's encoding;
            // this reader ends the meta at the last element of group 0002. Where they differ, the readers disagree on which
            // elements are the meta's, and so on the transfer syntax and on the dataset's first elements: a Transfer Syntax UID
            // past the length left dcmtk none, a dataset element read into the meta in another encoding than the dataset's had
            // another length there, and a patient's name, ID and birth date dcmtk listed stayed here in a kept value (third,
            // fifth and sixth reviews of the parser QA fixes, 2026-12-07). MetaEndsAt says when.
            bool guessedByDcmtk = string.IsNullOrEmpty(tsUid) || !DcmtkReadsByUid(ts.Uid);
            if (metaEnd >= 0 && metaEnd != metaLastEnd && MetaEndsAt(r, meta, metaLastEnd, metaEnd, ts))
                throw new DicomFormatException(path, metaLastEnd, null, $"The file meta's group length (0002,0000) says it ends at offset {metaEnd}, but its last element ends at {metaLastEnd}: DICOM readers would disagree on which elements are the meta's, and so on how the dataset is encoded, so the file is refused.");

            DicomByteReader datasetReader = r;
            DicomValueSource? datasetSource = source;
            InflatedValueSource? inflated = null;
            // pydicom inflates only Deflated Explicit VR Little Endian and reads a JPIP Referenced Deflate dataset's compressed
            // bytes as they are (a stored deflate block holds them unchanged): names it listed there were, inflated, inside a
            // kept value here (eleventh review of the parser QA fixes, 2026-12-08). Refused.
            if (ts.IsDeflated && ts.Uid != "1.2.840.10008.1.2.1.99")
                throw new DicomFormatException(path, r.Position, null, $"The dataset is deflated under {ts.Name}, which pydicom reads without inflating it: DICOM readers would disagree on what it holds, so the file is refused.");
            if (ts.IsDeflated)
            {
                long deflatedStart = r.Position;
                bool zlibHeader = r.TryEnsure(2) && r.PeekByte(0) == 0x78 && ((0x78 << 8) | r.PeekByte(1)) % 31 == 0;
                Stream compressed;
                if (source != null && length >= 0)
                {
                    file.DeflatedSource = new DicomValueRef(source, deflatedStart, length - deflatedStart);
                    compressed = r.RemainingStream();
                }
                else
                {
                    // A stream cannot be read twice: keep the compressed bytes, so that an unmodified dataset is
                    // written back as it was instead of compressed again (deflate output is not unique).
                    var kept = new MemoryStream();
                    r.RemainingStream().CopyTo(kept);
                    var bytes = kept.ToArray();
                    file.DeflatedSource = new DicomValueRef(DicomValueSource.FromBytes(bytes), 0, bytes.Length);
                    compressed = new MemoryStream(bytes, false);
                }
                // Offsets in a deflated dataset count inflated bytes. Large values of a source that can be read again refer to the
                // dataset inflated again from its compressed bytes, so that a deflated image is not held in memory whole (it was,
                // at twice its size when written); a stream's values are in memory, as they are when it is not deflated.
                var deflated = new DeflatedData(file.DeflatedSource, deflatedStart, path, zlibHeader);
                datasetReader = new DicomByteReader(Inflate(compressed, deflated, options.MaxInflatedLength), path, -1) { Inflated = true };
                datasetSource = source != null ? inflated = new InflatedValueSource(deflated, options.MaxInflatedLength) : null;
            }

            var encoding = ts.Encoding;
            if (datasetReader.TryEnsure(6))
            {
                bool looksExplicit = LooksExplicit(datasetReader);
                if (looksExplicit != encoding.IsExplicitVR)
                {
                    // As pydicom does: trust the data over a transfer syntax that does not match them. The writer writes the
                    // syntax declared (dcmtk reads by the declaration), so the output is consistent. Unless the data also hold as
                    // declared, read as forgivingly as dcmtk and gdcm read (ForgivingWalk): then they see one dataset and this
                    // reader another, and what one takes for a value (a name) the other lists as elements. A first element made
                    // to look like the other encoding hid the patient's name, ID and birth date from the recipe inside Pixel
                    // Data or a kept Manufacturer, and the audit, reading as this reader does, saw nothing (parser QA
                    // 2026-12-07, F1; its first fix was passed by VR bytes that are not printable and by one element dcmtk
                    // passes and a strict trial refused). A real mislabelled file does not hold as declared; such a file is refused.
                    if (ts.IsDeflated)
                    {
                        // Deflated data are read once, forward, and the syntax is explicit VR: no writer deflates implicit data.
                        throw new DicomFormatException(path, datasetReader.Position, null,
                            "The transfer syntax says deflated explicit VR but the first element looks implicit VR: DICOM readers may " +
                            "disagree on what the dataset holds, so it is refused.");
                    }
                    if (HoldsAsDeclared(stream, datasetReader, length, encoding))
                    {
                        throw new DicomFormatException(path, datasetReader.Position, null,
                            $"The dataset can be read as {(encoding.IsExplicitVR ? "explicit" : "implicit")} VR, as its transfer syntax says (dcmtk and gdcm " +
                            $"read by the declaration), and as {(looksExplicit ? "explicit" : "implicit")} VR, as its first element looks: DICOM readers would disagree on " +
                            "what it holds (one lists as elements what the other takes for a value), so it is refused. A file that is only " +
                            "mislabelled can be saved again in the encoding its data have (pydicom reads it so) and de-identified then.");
                    }
                    file._warnings.Add($"The transfer syntax says {(encoding.IsExplicitVR ? "explicit" : "implicit")} VR but the data are {(looksExplicit ? "explicit" : "implicit")} VR; read as found, written as declared.");
                    encoding = new DicomEncoding(looksExplicit, encoding.IsBigEndian && looksExplicit);
                }
            }

            // A syntax dcmtk guesses (none, or one it does not know) is guessed by the tags its dictionary knows, and dictionaries
            // differ (dcmtk 3.6.7 knows (0001,0010), (FFFF,0010) and the command group, this one tags added since): whichever
            // byte order this reader takes, the data are walked in the other too, and a file whose other reading lists
            // attributes this reading does not have is refused (seventh review of the parser QA fixes, 2026-12-07: names
            // dcmtk listed in the other byte order stayed here in a kept Manufacturer).
            if (guessedByDcmtk && !ts.IsDeflated && datasetReader.TryEnsure(8) && OtherByteOrderLists(stream, datasetReader, length, encoding))
                throw new DicomFormatException(path, datasetReader.Position, null,
                    $"The dataset has {(string.IsNullOrEmpty(tsUid) ? "no transfer syntax" : "a transfer syntax dcmtk does not read by")}, and read {(encoding.IsBigEndian ? "little" : "big")} endian, as another reader may guess it, it lists elements this reader's {(encoding.IsBigEndian ? "big" : "little")} endian reading does not have: DICOM readers would disagree on what it holds, so it is refused. A file saved again with a Transfer Syntax UID of its encoding can be de-identified.");

            // Sized for as many elements as the last file read on this thread had (and some to add): a batch's files are alike,
            // and growing by doubling from 8 allocated some 10 KB of element arrays for a small CT file's 79 elements.
            var dataset = new DicomDataset(encoding, null, default, TopLevelCapacity(_lastTopLevelCount));
            var reader = new DicomDatasetReader(datasetReader, options, datasetSource);
            reader.ReadTopLevel(dataset);
            // Read to its end, the inflated dataset's length is known; a reader stopped before Pixel Data leaves it to be found.
            if (inflated != null && reader.StoppedAtPixelData < 0) inflated.Length = datasetReader.Position;
            _lastTopLevelCount = dataset.Count;
            r.RecordBufferHint();
            // A term misspelt, unknown or named as Python names encodings: said once for the file (its text is read by the set the
            // warning names; charset QA 2026-12-06 found them read silently).
            foreach (string warning in dataset.ResolveCharacterSet()) file._warnings.Add(warning + ".");
            RestoreMissingOffsetTable(dataset, file);
            if (hasMeta && !meta.IsInTagOrder) file._warnings.Add("The file meta is not in tag order (or holds an element twice): a copy writes it in order, the first of a repeated element kept.");
            if (hasMeta && HoldsMetaGroup(dataset))
                file._warnings.Add("The dataset holds elements of the file meta (group 0002), which belong in the meta alone: copies leave out those the meta holds too.");
            if (reader.TrailingZeroBytes > 0)
                file._warnings.Add($"{reader.TrailingZeroBytes} zero byte(s) follow the dataset's last element (padding, not a data element); copies leave them out.");
            if (reader.StrayItemDelimiters > 0)
                file._warnings.Add($"{reader.StrayItemDelimiters} item delimiter(s) (FFFE,E00D) stand between the dataset's elements, where no item is open; passed over, and copies leave them out.");
            if (reader.UnSequencesOfExplicitItems > 0)
                file._warnings.Add($"{reader.UnSequencesOfExplicitItems} sequence(s) stored as UN hold Explicit VR items, where PS3.5 asks for Implicit VR (an archive's re-encoding); read as they are, written as Implicit VR items.");
            int odd = metaOddLengths + reader.OddLengthValues;
            if (odd > 0) file._warnings.Add($"{odd} value(s) have an odd length, which PS3.5 §7.1.1 forbids; a copy written of the file pads them to even length.");
            var result = new DicomFile(preamble, meta, hasMeta, ts, dataset)
            {
                SourceLength = length,
                DeflatedSource = file.DeflatedSource,
                StoppedBeforePixelData = reader.StoppedAtPixelData >= 0,
                PixelDataOffset = reader.StoppedAtPixelData,
                OddLengthValues = odd,
                ReadWithSopInstanceUid = dataset.Contains(DicomTags.SOPInstanceUID),
            };
            result._warnings.AddRange(file._warnings);
            return result;
        }

        [ThreadStatic]
        private static int _lastTopLevelCount;

        /// <summary>
        /// Whether the dataset at <paramref name="r"/>'s position, read by this reader in <paramref name="ours"/>, lists in the
        /// other byte order, walked as dcmtk reads (<see cref="ForgivingWalk"/>), an attribute this reading does not have. A stream
        /// that cannot seek is walked over its first megabyte; longer, it is taken to list.
        /// </summary>
        private static bool OtherByteOrderLists(Stream stream, DicomByteReader r, long length, DicomEncoding ours)
        {
            var other = new DicomEncoding(ours.IsExplicitVR, !ours.IsBigEndian);
            long start = r.Position;
            return Walks(stream, r, length, end => ForgivingWalk.Lists(stream, start, end, other, ours), bytes => ForgivingWalk.Lists(bytes, other, ours));
        }

        /// <summary>
        /// The syntaxes dcmtk 3.6.7 reads a dataset by (its DcmXfer table; probed with dcmdump: each declared over explicit big
        /// endian data). Under any other UID, HTJ2K, Papyrus, SMPTE ST 2110, JPEG XL among them, dcmtk guesses the encoding from
        /// the data as it does without a syntax (seventh review of the parser QA fixes, 2026-12-07).
        /// </summary>
        /// <summary>GE's private Implicit VR Big Endian syntax (with little endian pixel data), which dcmtk reads by its UID.</summary>
        private const string GeImplicitBigEndian = "1.2.840.113619.5.2";

        internal static bool DcmtkReadsByUid(string uid)
        {
            const string Prefix = "1.2.840.10008.1.2";
            if (uid == GeImplicitBigEndian) return true;
            if (!uid.StartsWith(Prefix, StringComparison.Ordinal)) return false;
            var rest = uid.AsSpan(Prefix.Length);
            if (rest.Length == 0 || rest.SequenceEqual(".1".AsSpan()) || rest.SequenceEqual(".1.99".AsSpan()) || rest.SequenceEqual(".2".AsSpan()) || rest.SequenceEqual(".5".AsSpan()))
                return true;
            if (!rest.StartsWith(".4.".AsSpan()) || rest.Length < 5 || rest.Length > 6 || rest[3] == '0') return false;
            int n = 0;
            foreach (char c in rest.Slice(3))
            {
                if (c < '0' || c > '9') return false;
                n = n * 10 + (c - '0');
            }
            return (n >= 50 && n <= 66) || n == 70 || n == 80 || n == 81 || (n >= 90 && n <= 95) || (n >= 100 && n <= 108);
        }

        /// <summary>
        /// Whether the dataset at <paramref name="datasetReader"/>'s position, whose first element looks like the other encoding,
        /// holds as its transfer syntax declares, read as dcmtk and gdcm read it. Declared implicit VR: when its first element's
        /// length fits in the data (the value of that element, read so, may be what this reader takes for other elements: a
        /// Patient's Name of 20,048 bytes whose values were a name, an ID and a birth date). Declared explicit VR: when its first
        /// element's value, of VR bytes no standard names, is not empty, or a forgiving walk (<see cref="ForgivingWalk"/>) lists an
        /// attribute after it. A stream that cannot seek is walked over its first megabyte.
        /// </summary>
        private static bool HoldsAsDeclared(Stream stream, DicomByteReader datasetReader, long length, DicomEncoding declared)
        {
            bool big = declared.IsBigEndian;
            if (!declared.IsExplicitVR)
            {
                if (!datasetReader.TryEnsure(8)) return false;
                long left = datasetReader.Remaining >= 0 ? datasetReader.Remaining : stream.CanSeek ? stream.Length - datasetReader.Position : -1;
                uint first = datasetReader.PeekUInt32(4, big);
                return first == 0xFFFFFFFF || left < 0 || first <= left - 8;
            }
            if (!datasetReader.TryEnsure(8)) return false;
            byte a = datasetReader.PeekByte(4), b = datasetReader.PeekByte(5);
            bool longLength = ForgivingWalk.HasLongLengthWhenUnknown(a, b);
            if (longLength ? !datasetReader.TryEnsure(12) || datasetReader.PeekUInt32(8, big) != 0 : datasetReader.PeekUInt16(6, big) != 0) return true;
            // As dcmtk reads it, and (little endian) as gdcm reads it again after its explicit reading failed: element by
            // element, implicit where the VR bytes are no VR (eighth review of the parser QA fixes, 2026-12-07: names gdcm
            // listed so stayed here in a kept File-set ID).
            long start = datasetReader.Position;
            return Walks(stream, datasetReader, length,
                end => ForgivingWalk.Lists(stream, start, end, explicitVR: true, big) || (!big && ForgivingWalk.ListsAsGdcmRetries(stream, start, end)),
                bytes => ForgivingWalk.Lists(bytes, explicitVR: true, big) || (!big && ForgivingWalk.ListsAsGdcmRetries(bytes)));
        }

        /// <summary>
        /// A walk of the dataset at <paramref name="r"/>'s position: over the stream to <paramref name="length"/> when it can seek,
        /// else over the first megabyte, buffered; more than that cannot be looked at, and the walk is taken to list.
        /// </summary>
        private static bool Walks(Stream stream, DicomByteReader r, long length, Func<long, bool> overStream, Func<byte[], bool> overBytes)
        {
            if (stream.CanSeek) return overStream(length >= 0 ? length : stream.Length);
            const int Window = 1 << 20;
            return r.TryEnsure(Window) || overBytes(r.Span.ToArray());
        }

        /// <summary>
        /// The element array for a top-level dataset after one of <paramref name="lastCount"/> elements: room for that many and
        /// 16 more, at most 1,024 (40 KB: a rare huge header must not make every later file's array large).
        /// </summary>
        internal static int TopLevelCapacity(int lastCount) => lastCount <= 0 ? 8 : Math.Min(lastCount + 16, 1024);

        // Its own method, so that compiling the reader does not load System.IO.Compression for the files (nearly all) that are
        // not deflated.
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static Stream Inflate(Stream compressed, DeflatedData deflated, long maxInflatedLength) =>
            new InflateLimitStream(new CheckedInflateStream(compressed, deflated), maxInflatedLength, deflated.Path);

        /// <summary>
        /// Encapsulated Pixel Data whose first item is a frame (its writer left out the Basic Offset Table item) gets an empty
        /// table before it, and the reader says so: taken for the table, the frame was emptied as a table that does not fit and
        /// the copy lost its image, and the pixel cleaner refused the file (codec QA 2026-12-06, F1, and round 2, F2, F3).
        /// </summary>
        private static void RestoreMissingOffsetTable(DicomDataset dataset, DicomFile file)
        {
            if (!dataset.TryGetElement(DicomTag.PixelData, out var pixels) || !(pixels.Fragments is DicomFragments fragments)) return;
            if (fragments.Items.Count == 0 || fragments.Items[0].Length < 8) return;
            // A table (its first offset is 0) is known without a look further: the common case costs nothing more.
            var first = fragments.Items[0];
            if (first.Reference == null && first.Bytes.Span[0] == 0) return;
            if (!PixelFrameGeometry.TryNumberOfFrames(dataset, out int frames) || frames < 1) frames = 1;
            if (!FrameFragments.FirstItemIsFrame(fragments, frames)) return;
            fragments.InsertEmptyOffsetTable();
            file._warnings.Add("The Pixel Data has no Basic Offset Table item: its first item is a frame. It is read with an empty offset table before it, which copies are written with (PS3.5 A.4).");
        }

        private static bool HoldsMetaGroup(DicomDataset dataset)
        {
            for (int i = 0; i < dataset.Count; i++)
            {
                ushort group = dataset.ElementAt(i).Tag.Group;
                if (group == 0x0002) return true;
                if (group > 0x0002 && dataset.IsInTagOrder) return false;
            }
            return false;
        }

        // A UID as it may be quoted: its printable ASCII, anything else (a NUL and what follows it) as '?'.
        private static string Printable(string text)
        {
            var chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] < 0x20 || chars[i] > 0x7E) chars[i] = '?';
            }
            return chars.Length > 80 ? new string(chars, 0, 80) + "..." : new string(chars);
        }

        /// <summary>
        /// Whether dcmtk, which reads whole elements into the file meta while their count is short of its group length
        /// (<paramref name="metaEnd"/>), would read the meta otherwise than this reader, which read it to its last element of
        /// group 0002 (<paramref name="end"/>). Short of that: when the length ends before the meta's last element starts (dcmtk
        /// reads the elements left as the dataset's, in the dataset's encoding). Past it: unless the dataset is, like the meta,
        /// explicit VR little endian and not deflated, and its first element has a standard VR (dcmtk then reads that element
        /// into the meta as this reader reads it into the dataset), and that one element reaches the length. A length that is 0,
        /// or off by a few bytes of an ordinary file (pydicom's CT_small with its length 2 off, or counting itself: dcmtk says it
        /// is wrong and reads the same elements; fourth review), is not.
        /// </summary>
        private static bool MetaEndsAt(DicomByteReader r, DicomDataset meta, long end, long metaEnd, TransferSyntax ts)
        {
            // A length of 0: dcmtk ends the meta after it, and reads the rest of group 0002 and the dataset in the encoding it
            // guesses from (0002,0001), explicit VR little endian, whatever the Transfer Syntax UID says (seventh review): the
            // same reading only for such a dataset.
            if (metaEnd == meta.SourceOffset + 12)
                return !meta.Encoding.IsExplicitVR || meta.Encoding.IsBigEndian || ts.IsDeflated || !ts.Encoding.IsExplicitVR || ts.Encoding.IsBigEndian;
            if (metaEnd > end)
            {
                // The dataset's first element, read by dcmtk in the meta's encoding: another encoding gives it another length there
                // (implicit VR read as explicit, big endian as little, deflated bytes as an element; sixth review).
                if (!meta.Encoding.IsExplicitVR || meta.Encoding.IsBigEndian) return true;
                if (ts.IsDeflated || !ts.Encoding.IsExplicitVR || ts.Encoding.IsBigEndian) return true;
                if (!r.TryEnsure(8)) return false;
                // VR bytes no standard names: dcmtk sizes the element by its own rule (4 bytes of length for two upper-case
                // letters), this reader by another or not at all.
                var vr = DicomVR.FromBytes(r.PeekByte(4), r.PeekByte(5));
                if (!vr.IsKnown) return true;
                long first = vr.HasLongLength ? (r.TryEnsure(12) ? 12L + r.PeekUInt32(8, false) : long.MaxValue) : 8L + r.PeekUInt16(6, false);
                return end + first <= metaEnd;
            }
            // Short of the meta's last element: dcmtk stops after the element in which the length ends, and reads the elements left
            // as the dataset's, in its encoding (fifth review: an empty Implementation Class UID past it read as implicit VR, its
            // length 'U','I',0,0, hid this reader's Manufacturer from dcmtk, whose next elements were the names it held; sixth: the
            // same with the length ending inside the element before, not on its boundary).
            long at = meta.SourceOffset, lastStart = at;
            for (int i = 0; i < meta.Count; i++)
            {
                lastStart = at;
                var e = meta.ElementAt(i);
                at += (meta.Encoding.IsExplicitVR && e.VR.HasLongLength ? 12 : 8) + e.Length;
            }
            return metaEnd <= lastStart;
        }

        // metaEnd: where the meta's group length says it ends, -1 without one.
        private static int ReadFileMeta(DicomByteReader r, DicomDataset meta, DicomReadOptions options, out long metaEnd)
        {
            // The meta is always Explicit VR Little Endian by the standard; some old writers used implicit VR.
            if (r.TryEnsure(6) && !LooksExplicit(r)) meta.Encoding = DicomEncoding.ImplicitLittle;
            var reader = new DicomDatasetReader(r, options, null);
            metaEnd = reader.ReadGroup(meta, 0x0002);
            return reader.OddLengthValues;
        }

        // Two capital letters where an explicit VR would be, as pydicom decides (a known VR or not): with only known VRs counted
        // here, an implicit file whose first length bytes were "LL" was read as declared while pydicom read it explicit and listed
        // names kept here in a Manufacturer (eleventh review of the parser QA fixes, 2026-12-08). Taken for explicit, such data
        // are refused (the explicit reading meets VR bytes no standard names) or read as pydicom reads them.
        private static bool LooksExplicit(DicomByteReader r) => r.PeekCapitals(4);

        private static bool LooksLikeDataset(DicomByteReader r)
        {
            if (!r.TryEnsure(8)) return false;
            // Eight zero bytes would read as an element (0000,0000) of length 0, and a file of zeros as thousands of them.
            if (r.PeekUInt32(0, false) == 0 && r.PeekUInt32(4, false) == 0) return false;
            ushort le = r.PeekUInt16(0, false), be = r.PeekUInt16(0, true);
            ushort group = Math.Min(le, be);
            // A private first element (a dataset of private data only, as dcmconv -F writes pydicom's UN_sequence.dcm) is
            // taken when its VR bytes say explicit VR: without them an odd number at offset 0 says too little.
            if ((group & 1) == 1) return LooksExplicit(r);
            if (group > 0x0008) return false;
            if (LooksExplicit(r)) return true;
            uint len = r.PeekUInt32(4, false);
            long remaining = r.Remaining;
            return group == le && (remaining < 0 || len <= remaining - 8);
        }

        /// <summary>
        /// The encoding of a dataset with no transfer syntax, from its first element, as dcmtk (3.6.7,
        /// <c>DcmItem::checkTransferSyntax</c>) guesses it; null for Implicit VR Big Endian, which this reader does not read.
        /// </summary>
        private static TransferSyntax? Sniff(DicomByteReader r)
        {
            if (!r.TryEnsure(8)) return TransferSyntax.ImplicitVRLittleEndian;
            bool big = SniffsBigEndian(r);
            if (LooksExplicit(r)) return big ? TransferSyntax.ExplicitVRBigEndian : TransferSyntax.ExplicitVRLittleEndian;
            return big ? null : TransferSyntax.ImplicitVRLittleEndian;
        }

        /// <summary>
        /// Whether dcmtk takes the data at the reader's position for big endian when no syntax it knows says: when the first tag
        /// is one the dictionary knows read big endian and not little endian, or both and only the big endian group is small
        /// (0008 is likelier than 0800). By the smaller group alone, a first tag of (0060,1000) little endian, (6000,0010) big
        /// endian, was read little endian here and big endian there (third review of the parser QA fixes, 2026-12-07); by the
        /// smaller group where both were known, (5020,2000) and (2050,0020), and with implicit data always little endian, names
        /// dcmtk listed stayed here in a kept value (sixth review). Known as dcmtk knows tags (<see cref="ForgivingWalk.IsKnownToDcmtk"/>).
        /// </summary>
        private static bool SniffsBigEndian(DicomByteReader r)
        {
            if (!r.TryEnsure(8)) return false;
            ushort le = r.PeekUInt16(0, false), be = r.PeekUInt16(0, true);
            bool leKnown = ForgivingWalk.IsKnownToDcmtk(le, r.PeekUInt16(2, false));
            bool beKnown = ForgivingWalk.IsKnownToDcmtk(be, r.PeekUInt16(2, true));
            if (leKnown != beKnown) return beKnown;
            return leKnown && le > 0xFF && be <= 0xFF;
        }

        /// <summary>
        /// A UID as dcmtk reads it: to its first NUL, without any white space (its automatic correction removes leading,
        /// embedded and trailing white space: "1.2.840. 10008.1.2" is Implicit VR Little Endian to it; seventh review).
        /// </summary>
        private static string AsDcmtkReadsUid(string uid)
        {
            int nul = uid.IndexOf('\0');
            var text = new System.Text.StringBuilder(nul >= 0 ? nul : uid.Length);
            foreach (char c in nul >= 0 ? uid.Substring(0, nul) : uid)
            {
                if (c != ' ' && (c < '\t' || c > '\r')) text.Append(c);
            }
            return text.ToString();
        }
    }
}
