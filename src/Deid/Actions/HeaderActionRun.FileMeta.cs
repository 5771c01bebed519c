using System;
using System.Collections.Generic;
using Deid.Configuration;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Actions
{
    // The file meta elements the writer writes itself (the SOP UIDs it copies from the dataset, the transfer syntax, the implementation): what a line changing them is told.
    internal sealed partial class HeaderActionRun
    {
        // The file meta's copies of the dataset's SOP UIDs a line changed (usually none).
        private List<(HeaderAction Action, DicomTag Tag, bool Added)>? _metaUidChanges;

        private void NoteMetaChange(HeaderAction action, DicomTag tag, bool added)
        {
            if (WhatTheWriterWrites(tag) != null) (_metaUidChanges ??= new List<(HeaderAction, DicomTag, bool)>()).Add((action, tag, added));
        }

        /// <summary>
        /// For a file meta element the writer writes itself (<see cref="DicomFile.SynchronizeFileMeta"/>): what it writes it as,
        /// for the warning a line changing it gets; null for every other element.
        /// </summary>
        private static string? WhatTheWriterWrites(DicomTag tag)
        {
            if (tag == DicomTags.MediaStorageSOPClassUID) return "is written equal to the dataset's SOPClassUID (PS3.10), and goes when that goes";
            if (tag == DicomTags.MediaStorageSOPInstanceUID) return "is written equal to the dataset's SOPInstanceUID (PS3.10), and goes when that goes";
            if (tag == DicomTag.TransferSyntaxUid) return "says how the dataset is encoded (PS3.10), and is written as the encoding it is written in";
            if (tag == DicomTags.ImplementationClassUID || tag == DicomTags.ImplementationVersionName)
                return "names the program that writes the file (PS3.7 D.3.3.2), and is written as this module's";
            return null;
        }

        private static bool IsMediaStorageUid(DicomTag tag) => tag == DicomTags.MediaStorageSOPClassUID || tag == DicomTags.MediaStorageSOPInstanceUID;

        /// <summary>
        /// The file meta's Media Storage SOP Class and Instance UIDs are written equal to the dataset's SOP Class and Instance UIDs
        /// (PS3.10 §7.1; <see cref="DicomFile.SynchronizeFileMeta"/>): a line that changes the meta's copy alone — deid's own
        /// file-meta example, <c>REPLACE MediaStorageSOPInstanceUID new-id</c> — has no effect on the file written. Said, and not
        /// counted as a replacement (QA: "replaced 1" and the meta as it was).
        /// </summary>
        private void WarnOfMetaThatFollowsTheDataset()
        {
            if (_metaUidChanges == null) return;
            foreach (var change in _metaUidChanges)
            {
                if (!IsMediaStorageUid(change.Tag))
                {
                    WarnOfWriterOwnedMeta(change.Action, change.Tag, change.Added);
                    continue;
                }
                var datasetTag = change.Tag == DicomTags.MediaStorageSOPInstanceUID ? DicomTags.SOPInstanceUID : DicomTags.SOPClassUID;
                string? data = _file.Dataset.GetString(datasetTag)?.TrimEnd('\0', ' ');
                string? meta = _file.FileMetaInformation.GetString(change.Tag)?.TrimEnd('\0', ' ');
                if (data == null || string.Equals(data, meta, StringComparison.Ordinal)) continue;
                if (change.Added) Stats.Added--;
                else Stats.Replaced--;
                // The recipe changes the dataset's UID too (every shipped recipe has both lines): the meta follows that change, and
                // advice to make it was noise on every file whose meta and dataset disagreed (referee sweep 2026-12-06).
                if (_changed.Contains(datasetTag.ToString())) continue;
                string metaName = DeidField.KeywordOf(change.Tag), dataName = DeidField.KeywordOf(datasetTag);
                Warn(DeidWarningKind.NotApplicable, change.Tag.ToString(),
                    $"{Where(change.Action)}: the file meta's {metaName} is written equal to the dataset's {dataName} (PS3.10), so this line changes nothing in the file written; change {dataName} (REPLACE {dataName} ...) and the file meta follows.");
            }
        }

        /// <summary>
        /// Implementation Version Name (0002,0013), like the Class UID, names the program that wrote the file (PS3.7 D.3.3.2):
        /// the writer stamps this module's, so a line setting it changed nothing in the file written, yet read "replaced 1"
        /// (differential QA against deid 0.4.12, H4: deid writes the recipe's value). Said, and not counted. The Class UID is in
        /// deid's skip list (<see cref="DeidConfiguration.DefaultSkip"/>): only a recipe without skipping reaches it; so is the
        /// Transfer Syntax UID, which the writer writes as the encoding the dataset is written in (deid writes any UID there, and a
        /// file whose meta no longer describes its bytes; deid's test suite against ours, 2026-12-06).
        /// </summary>
        private void WarnOfWriterOwnedMeta(HeaderAction action, DicomTag tag, bool added)
        {
            string ours = tag == DicomTag.TransferSyntaxUid ? _file.TransferSyntax.Uid : tag == DicomTags.ImplementationClassUID ? DicomImplementation.ClassUid : DicomImplementation.VersionName;
            if (string.Equals(_file.FileMetaInformation.GetString(tag)?.TrimEnd('\0', ' '), ours, StringComparison.Ordinal)) return;
            if (added) Stats.Added--;
            else Stats.Replaced--;
            Warn(DeidWarningKind.NotApplicable, tag.ToString(), $"{Where(action)}: the file meta's {DeidField.KeywordOf(tag)} {WhatTheWriterWrites(tag)} ({ours}); this line changes nothing in the file written.");
        }

        /// <summary>
        /// REMOVE and BLANK of a file meta element the writer writes itself — the SOP Class and Instance UIDs it copies from the
        /// dataset, the Transfer Syntax UID of the encoding, the Implementation Class UID and Version Name — were counted and then
        /// undone when the file was written (review of the change, F6). Applied as deid applies them (the dataset in memory stays
        /// deid's, element for element), not counted, and said when the line names the element itself (an expander such as ALL
        /// reaching it says nothing).
        /// </summary>
        private bool RewrittenByTheWriter(HeaderAction action, DeidField field)
        {
            string? why = field.IsFileMeta ? WhatTheWriterWrites(field.Tag) : null;
            if (why == null) return false;
            if (action.Field.IsExpander) return true;
            Warn(DeidWarningKind.NotApplicable, field.Tag.ToString(), $"{Where(action)}: the file meta's {DeidField.KeywordOf(field.Tag)} {why}; this line changes nothing in the file written.");
            return true;
        }
    }
}
