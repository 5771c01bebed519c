#!/usr/bin/env python3
"""Write the synthetic input of the engine's differential tests with pydicom (deterministic: same bytes every run).

  python3 make_inputs.py OUT_FOLDER

vr-matrix.dcm holds one element of every VR class the header actions treat differently (text, US/SS/UL/SL/FL/FD/DS/IS,
DA/TM/DT, UI, OB/OW/UN, AT, SQ), at the top level, nested (two and three levels) and in private blocks (two creators in one
group, a private sequence with its own creator, an element without creator), with invented identifying values (JOHN DOE) for
the %values tests. A 4x4 Pixel Data keeps it small. odd-groups.dcm has elements in the odd groups 0003, 0005 and 0007, which
pydicom counts as private. Nothing in them comes from a real person.
"""
import os
import sys

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

STUDY = "1.2.826.0.1.3680043.8.498.1001"
SERIES = "1.2.826.0.1.3680043.8.498.1001.1"
SOP = "1.2.826.0.1.3680043.8.498.1001.1.1"
FRAME = "1.2.826.0.1.3680043.8.498.1001.2"
CT = "1.2.840.10008.5.1.4.1.1.2"


def item(**elements):
    ds = Dataset()
    for (tag, vr), value in elements.items():
        ds.add_new(tag, vr, value)
    return ds


def vr_matrix():
    ds = Dataset()
    add = ds.add_new
    add(0x00080005, "CS", "ISO_IR 100")
    add(0x00080016, "UI", CT)
    add(0x00080018, "UI", SOP)
    add(0x00080020, "DA", "20050303")
    add(0x00080030, "TM", "101553.123")
    add(0x0008002A, "DT", "20050303101553")
    add(0x00080050, "SH", "ACC-7788")
    add(0x00080060, "CS", "CT")
    add(0x00080062, "UI", [CT, "1.2.840.10008.5.1.4.1.1.4"])
    add(0x00080080, "LO", "NOWHERE GENERAL HOSPITAL")
    add(0x00080081, "ST", "1 JOHN DOE STREET, NOWHERE")
    add(0x00080090, "PN", "WHO^REFERRING")
    add(0x00081030, "LO", "CT HEAD FOR JOHN DOE")
    # ReferencedStudySequence: a nested UID equal to the StudyInstanceUID (references must follow it).
    ref_study = Dataset()
    ref_study.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
    ref_study.ReferencedSOPInstanceUID = STUDY
    ds.ReferencedStudySequence = Sequence([ref_study])
    # ReferencedImageSequence: nested IS and US (multi-valued) and a nested UID.
    ref_image = Dataset()
    ref_image.ReferencedSOPClassUID = CT
    ref_image.ReferencedSOPInstanceUID = SOP
    ref_image.add_new(0x00081160, "IS", ["1", "2"])
    ref_image.add_new(0x0062000B, "US", [3, 4])
    ds.ReferencedImageSequence = Sequence([ref_image])
    add(0x00100010, "PN", "DOE^JOHN")
    add(0x00100020, "LO", "PID-123")
    add(0x00100030, "DA", "19700101")
    add(0x00100040, "CS", "M")
    add(0x00101001, "PN", ["DOE^J", "ROE^JANE"])
    add(0x00101010, "AS", "035Y")
    # OtherPatientIDsSequence: nested text (PatientID at depth 1, as the top-level keyword), a nested date, a nested private block.
    other1 = Dataset()
    other1.PatientID = "OTHER-1"
    other1.IssuerOfPatientID = "ISSUER JOHN"
    other1.TypeOfPatientID = "TEXT"
    other2 = Dataset()
    other2.PatientID = "OTHER-2"
    other2.add_new(0x00100030, "DA", "19700102")
    other2.add_new(0x00110010, "LO", "DEID TEST")
    other2.add_new(0x00111001, "LO", "NESTED PRIVATE DOE")
    ds.OtherPatientIDsSequence = Sequence([other1, other2])
    add(0x001021B0, "LT", "John Doe reports headache")
    add(0x00181200, "DA", ["20010101", "20020202"])
    add(0x00181201, "TM", ["101010", "111111"])
    add(0x00181320, "FL", 1.25)
    add(0x00189074, "DT", "20050303101553+0100")
    add(0x00189151, "DT", "2005")
    add(0x00189219, "SS", -7)
    add(0x00186020, "SL", -70000)
    add(0x00082134, "FD", 0.5)
    add(0x00081163, "FD", [1.5, 2.5])
    add(0x0016002B, "OB", b"MAKER SECRET\x00\x01")
    add(0x00321060, "LO", "SECRET PROCEDURE")
    add(0x00180050, "DS", "1.25")
    add(0x00200013, "IS", "7")
    add(0x0020000D, "UI", STUDY)
    add(0x0020000E, "UI", SERIES)
    add(0x00200052, "UI", FRAME)
    add(0x00280002, "US", 1)
    add(0x00280004, "CS", "MONOCHROME2")
    add(0x00280009, "AT", [0x00181063])
    add(0x00280010, "US", 4)
    add(0x00280011, "US", 4)
    add(0x00280100, "US", 16)
    add(0x00280101, "US", 12)
    add(0x00280102, "US", 11)
    add(0x00280103, "US", 0)
    add(0x00281221, "OW", b"\x01\x00\x02\x00\x03\x00")
    add(0x00289001, "UL", 70000)
    # ContentSequence: three levels (the inner one a ReferencedSOPSequence: a sequence nested in one of its own tag makes deid's
    # REMOVE ALL crash, see test-SR.dcm), with DT/DA/TM/UT/UI inside.
    inner = Dataset()
    inner.add_new(0x0040A160, "UT", "Deep note about John Doe")
    inner.add_new(0x0040A120, "DT", "20050303101553.123456")
    inner.add_new(0x00081155, "UI", SOP)
    inner.add_new(0x0040A161, "FD", [0.25, 0.75])
    inner.add_new(0x00420011, "OB", b"%PDF-1.4 NESTED")
    middle = Dataset()
    middle.add_new(0x0040A010, "CS", "CONTAINS")
    middle.add_new(0x0040A040, "CS", "CONTAINER")
    middle.add_new(0x0040A121, "DA", "20050304")
    middle.add_new(0x0040A122, "TM", "235959")
    middle.add_new(0x00081199, "SQ", Sequence([inner]))
    ds.ContentSequence = Sequence([middle])
    # Private block of group 0011: two creators; every VR class; a private sequence with its own creator inside.
    add(0x00110010, "LO", "DEID TEST")
    add(0x00110011, "LO", "OTHER VENDOR")
    add(0x00111001, "LO", "PRIVATE NAME DOE")
    add(0x00111002, "DA", "20010101")
    add(0x00111003, "US", 42)
    add(0x00111004, "OB", b"\x01\x02\x03\x04")
    add(0x00111005, "UN", b"SECRET JOHN")
    priv_item = Dataset()
    priv_item.add_new(0x00100010, "PN", "PRIV^NESTED")
    priv_item.add_new(0x00110010, "LO", "DEID TEST")
    priv_item.add_new(0x00111001, "LO", "NESTED IN PRIVATE SQ")
    add(0x00111006, "SQ", Sequence([priv_item]))
    add(0x00111007, "DS", "12.5")
    add(0x00111008, "DT", "20010101120000")
    add(0x00111101, "LO", "OTHER VENDOR TEXT")
    # A private element without its creator.
    add(0x00131010, "LO", "ORPHAN DOE")
    add(0x0040A124, "UI", "1.2.826.0.1.3680043.8.498.1001.9")
    add(0x00400241, "AE", "STATION_JOHN")
    add(0x0072006D, "UN", b"UNVALUE")
    add(0x7FE00010, "OW", bytes(range(32)))

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT
    meta.MediaStorageSOPInstanceUID = SOP
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = "1.2.826.0.1.3680043.8.498.1"
    meta.ImplementationVersionName = "DEID_MATRIX"
    ds.file_meta = meta
    ds.preamble = b"\0" * 128
    return ds


def odd_groups():
    """Odd groups below 0008 (0003, 0005, 0007): private for pydicom (is_private = odd group), with and without creators."""
    ds = Dataset()
    ds.add_new(0x00030010, "LO", "LOW GROUP")
    ds.add_new(0x00031001, "LO", "LOW PRIVATE DOE")
    ds.add_new(0x00050020, "LO", "NO CREATOR")
    ds.add_new(0x00070010, "LO", "SEVEN")
    ds.add_new(0x00071001, "DA", "20010101")
    ds.add_new(0x00080016, "UI", CT)
    ds.add_new(0x00080018, "UI", SOP + ".7")
    ds.add_new(0x00100010, "PN", "DOE^JOHN")
    ds.add_new(0x00100020, "LO", "PID-7")
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT
    meta.MediaStorageSOPInstanceUID = SOP + ".7"
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = "1.2.826.0.1.3680043.8.498.1"
    meta.ImplementationVersionName = "DEID_ODD"
    ds.file_meta = meta
    ds.preamble = b"\0" * 128
    return ds


if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    vr_matrix().save_as(os.path.join(out, "vr-matrix.dcm"), enforce_file_format=True)
    odd_groups().save_as(os.path.join(out, "odd-groups.dcm"), enforce_file_format=True)
