using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace Deid.Dicom
{
    /// <summary>
    /// The DICOM UID registry (PS3.6 Annex A): transfer syntaxes, SOP classes, well-known instances and the like. Generated
    /// by tools/Generate-Dictionary.ps1 and parsed once, at first use; lookups do not allocate.
    /// </summary>
    public static partial class DicomUids
    {
        /// <summary>Every UID of the registry, in ordinal order of the UID string.</summary>
        public static IReadOnlyList<DicomUidInfo> All => Data.ReadOnlyAll;

        /// <summary>
        /// Finds a UID of the registry. Trailing NULs and spaces (the padding of a UI value) are ignored; otherwise the
        /// comparison is exact.
        /// </summary>
        /// <param name="uid">The UID.</param>
        /// <param name="info">The registry row, or null when the UID is not in the registry.</param>
        /// <returns>True when the UID was found.</returns>
        public static bool TryGet(string? uid, [NotNullWhen(true)] out DicomUidInfo? info)
        {
            info = null;
            if (uid == null) return false;
            int i = DictionaryTable.BinarySearch(Data.Uids, DictionaryTable.TrimPadding(uid));
            if (i < 0) return false;
            info = Data.All[i];
            return true;
        }

        /// <summary>The parsed table; the runtime builds it, once and thread-safely, the first time a member is used.</summary>
        private static class Data
        {
            internal static readonly string[] Uids;
            internal static readonly DicomUidInfo[] All;
            internal static readonly IReadOnlyList<DicomUidInfo> ReadOnlyAll;

            static Data()
            {
                int[] lineStarts = DictionaryTable.LineStarts(Table, TableLineLengths, TableRowCount, nameof(DicomUids));
                Uids = new string[TableRowCount];
                All = new DicomUidInfo[TableRowCount];
                for (int row = 0; row < TableRowCount; row++)
                {
                    var rest = Table.Slice(lineStarts[row], TableLineLengths[row]); // UID, type, retired, keyword, name, info
                    string uid = DictionaryTable.Text(DictionaryTable.NextField(ref rest));
                    string type = DictionaryTable.Text(DictionaryTable.NextField(ref rest));
                    if (row > 0 && type == All[row - 1].Type) type = All[row - 1].Type;
                    bool retired = DictionaryTable.Retired(DictionaryTable.NextField(ref rest));
                    string keyword = DictionaryTable.Text(DictionaryTable.NextField(ref rest));
                    string name = DictionaryTable.Text(DictionaryTable.NextField(ref rest));
                    string info = DictionaryTable.Text(rest);
                    if (row > 0 && string.CompareOrdinal(Uids[row - 1], uid) >= 0)
                    {
                        throw new InvalidOperationException($"The {nameof(DicomUids)} table is not in ordinal order at '{uid}'. Regenerate it with tools/Generate-Dictionary.ps1.");
                    }
                    Uids[row] = uid;
                    All[row] = new DicomUidInfo(uid, type, retired, keyword, name, info);
                }
                ReadOnlyAll = new ReadOnlyCollection<DicomUidInfo>(All);
            }
        }
    }
}
