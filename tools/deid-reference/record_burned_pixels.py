"""Records deid 0.4.12's burned-pixel verdicts (deid.dicom.pixels.detect.has_burned_pixels) as a JSON fixture.

usage: source ../shared/tools/deid-reference.sh DEID PYDICOM && $DEID_PY record_burned_pixels.py SHARED_DATA OUR_RECIPES OUT.json

Each file is evaluated with a freshly loaded recipe, because deid writes the rectangles a from:FIELD line resolves for the first
flagged file back into the shared recipe object (later files would get the first file's rectangles). deid's result has no label
name; the label is found through the coordinates list, which deid returns by reference from the label it evaluated.
"""
import glob
import json
import os
import sys

from deid.config import DeidRecipe
from deid.dicom.pixels.detect import has_burned_pixels

data, our_recipes, out = sys.argv[1], sys.argv[2], sys.argv[3]
files = sorted(glob.glob(os.path.join(data, "deid-data", "*", "*.dcm")))
files += sorted(glob.glob(os.path.join(data, "pydicom", "test_files", "*.dcm")))
recipes = {
    "ours:dicom": os.path.join(our_recipes, "deid.dicom"),
    "deid:dicom": "dicom",
    "deid:dicom.ultrasound": "dicom.ultrasound",
}


def load(recipe):
    # deid_recipe(path) reads a file; a bare name loads deid's shipped recipe of that name.
    return DeidRecipe(recipe, base=False) if os.path.isfile(recipe) else DeidRecipe(recipe)


records = []
for key, recipe in recipes.items():
    for path in files:
        rel = os.path.relpath(path, data).replace(os.sep, "/")
        deid = load(recipe)
        labels = {}
        for group, items in deid.get_filters().items():
            for item in items:
                labels[id(item["coordinates"])] = item.get("name", "")
        try:
            result = has_burned_pixels(path, force=True, deid=deid)
        except Exception as e:  # noqa: BLE001 - a crash is a verdict to record
            records.append({"recipe": key, "file": rel, "error": type(e).__name__})
            continue
        matches = []
        for r in result["results"]:
            coords = []
            for kind, value in r["coordinates"]:
                values = value if isinstance(value, list) else [value]
                for v in values:
                    coords.append({"kind": "keep" if kind == 1 else "clean", "rectangle": str(v)})
            matches.append({"group": r["group"], "label": labels.get(id(r["coordinates"])), "reason": r["reason"], "coordinates": coords})
        records.append({"recipe": key, "file": rel, "flagged": result["flagged"], "matches": matches})

with open(out, "w", encoding="utf-8") as f:
    json.dump({"deid": "0.4.12", "pydicom": "3.0.1", "records": records}, f, indent=1, sort_keys=True)
print(len(records), "records")
