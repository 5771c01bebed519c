"""Records deid 0.4.12's cleaned pixel arrays (DicomCleaner.detect + DicomCleaner.clean) as a JSON fixture.

usage: source ../shared/tools/deid-reference.sh DEID PYDICOM && \
       $DEID_PY tools/deid-reference/record_cleaned_pixels.py SHARED_DATA RECIPES PARITY_RECIPE OUT.json

Only native (uncompressed, deflated, big endian) and RLE Lossless files: Debian's python3-pil is too old for pydicom's JPEG
plugin and no JPEG-LS or JPEG 2000 plugin is installed, so deid cannot clean the others here. For every recipe (ours as
shipped, deid's own dicom.ultrasound, and PARITY_RECIPE, made to give every image a mask with each coordinate form) and every
such file that deid flags, the record holds what deid's save_dicom writes around the array (photometric interpretation,
planar configuration, bits allocated, transfer syntax and Pixel Data length, to show where its header stops matching the bytes), the labels that matched, the cleaned array's shape and dtype (numpy's promotion of
the uint8 mask times the pixel array), a SHA-256 of its bytes in C order and little endian, and a few sample values. A file
deid cannot clean (it raises) is recorded with the exception's name. Each file gets a freshly loaded recipe, because deid
writes the rectangles of a from: line back into the shared recipe object.

The fixture also holds the SHA-256 of pydicom's YBR_FULL to RGB conversion (pydicom.pixels.processing) over every 8-bit
(Y, Cb, Cr) triple, Y outermost: deid cleans YBR data after pydicom converted it to RGB, and our conversion must agree.
"""
import glob
import hashlib
import json
import os
import sys

import tempfile

import numpy as np
import pydicom
from deid.dicom import DicomCleaner
from pydicom.pixels.processing import convert_color_space

data, recipes_dir, parity_recipe, out = sys.argv[1:5]
files = sorted(glob.glob(os.path.join(data, "deid-data", "*", "*.dcm")))
files += sorted(glob.glob(os.path.join(data, "pydicom", "test_files", "*.dcm")))
recipes = {
    "ours:dicom": os.path.join(recipes_dir, "deid.dicom"),
    "ours:dicom.ultrasound": os.path.join(recipes_dir, "deid.dicom.ultrasound"),
    "ours:dicom.xray.chest": os.path.join(recipes_dir, "deid.dicom.xray.chest"),
    "deid:dicom.ultrasound": "dicom.ultrasound",
    "parity": parity_recipe,
}
RLE = "1.2.840.10008.1.2.5"


def cleanable(path):
    """Native or RLE pixel data: what pydicom decodes without an image plugin."""
    try:
        ds = pydicom.dcmread(path, force=True, stop_before_pixels=False)
    except Exception:  # noqa: BLE001 - unreadable files are not candidates
        return False
    if "PixelData" not in ds:
        return False
    ts = getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", None)
    return ts is None or not ts.is_compressed or ts == RLE


def samples(arr):
    flat = arr.reshape(-1)
    picks = sorted({0, flat.size // 3, flat.size // 2, (2 * flat.size) // 3, flat.size - 1})
    return [[int(i), flat[i].item()] for i in picks]


def saved_header(cleaner):
    """What deid's save_dicom writes around the cleaned array: its header must describe the bytes, and often does not."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            saved = pydicom.dcmread(cleaner.save_dicom(output_folder=folder), force=True)
        except Exception as e:  # noqa: BLE001
            return {"error": type(e).__name__}
        return {
            "PhotometricInterpretation": str(saved.get("PhotometricInterpretation", "")),
            "PlanarConfiguration": saved.get("PlanarConfiguration"),
            "BitsAllocated": saved.get("BitsAllocated"),
            "TransferSyntaxUID": str(saved.file_meta.TransferSyntaxUID),
            "PixelDataLength": len(saved.PixelData),
            "PixelDataSha256": hashlib.sha256(saved.PixelData).hexdigest(),
        }


records = []
candidates = [p for p in files if cleanable(p)]
for key, recipe in recipes.items():
    for path in candidates:
        rel = os.path.relpath(path, data).replace(os.sep, "/")
        cleaner = DicomCleaner(deid=recipe, output_folder=os.devnull)
        try:
            result = cleaner.detect(path)
        except Exception as e:  # noqa: BLE001 - a crash is a verdict to record
            records.append({"recipe": key, "file": rel, "error": type(e).__name__, "stage": "detect"})
            continue
        if not result["flagged"]:
            records.append({"recipe": key, "file": rel, "flagged": False})
            continue
        labels = [r["name"] if "name" in r else r.get("reason") for r in result["results"]]
        record = {"recipe": key, "file": rel, "flagged": True, "groups": [r["group"] for r in result["results"]]}
        try:
            cleaned = cleaner.clean()
        except Exception as e:  # noqa: BLE001
            record.update({"error": type(e).__name__, "message": str(e)[:200], "stage": "clean"})
            records.append(record)
            continue
        if cleaned is None:
            record["error"] = "None"
            records.append(record)
            continue
        little = np.ascontiguousarray(cleaned, dtype=cleaned.dtype.newbyteorder("<"))
        record.update({
            "shape": list(cleaned.shape),
            "dtype": cleaned.dtype.name,
            "sha256": hashlib.sha256(little.tobytes()).hexdigest(),
            "samples": samples(little),
            "zeros": int(np.count_nonzero(little == 0)),
        })
        record["saved"] = saved_header(cleaner)
        records.append(record)

cube = np.stack(np.meshgrid(np.arange(256), np.arange(256), np.arange(256), indexing="ij"), -1)
cube = cube.reshape(256 * 256, 256, 3).astype(np.uint8)
rgb = convert_color_space(cube, "YBR_FULL", "RGB")
with open(out, "w", encoding="utf-8") as f:
    json.dump({"deid": "0.4.12", "pydicom": pydicom.__version__, "numpy": np.__version__,
               "ybr_full_to_rgb_sha256": hashlib.sha256(rgb.tobytes()).hexdigest(),
               "records": records}, f, indent=1, sort_keys=True)
print(len(records), "records,", sum(1 for r in records if "sha256" in r), "arrays,", sum(1 for r in records if "error" in r), "errors")
