#!/usr/bin/env python3
"""Run the engine's differential cases through deid 0.4.12 and record what it did, for Deid.Tests (no Python at test time).

Set up deid first (source ../shared/tools/deid-reference.sh DEID_TREE PYDICOM_TREE), then from the repository root:

  python3 tools/deid-reference/replace_cases.py replace tests/Deid.Tests/Actions/Reference
      reads cases.json there (a case's recipe is its "recipe" lines, or the repository file "recipeFile"); for every case and input runs get_identifiers-free replace_identifiers(save=True) with the case's
      recipe, variables (and the functions named below), options; writes deid's file to expected/<case>/<input file name>
      (Pixel Data longer than 1 KiB is dropped from the recorded copy, and said so) and deid-results.json: per case and
      input, "ok" or the exception deid raised, and the warnings deid and pydicom gave.
  python3 tools/deid-reference/replace_cases.py identifiers OUT.json DICOM...
      deid's get_identifiers for each file: key, tag, keyword, VR, str(value), and the values one by one.

Input names: "actions:NAME" is Reference/inputs/NAME (make_inputs.py makes vr-matrix.dcm and odd-groups.dcm; the sample-CT
files come from DicomSampleGenerator, see ReferenceInputTests), anything else is relative to ../shared. cases.json is edited
by hand. Two cases record what deid does with today's date (jitter-tm, jitter-dt-year): their files change when re-recorded.
deid caches its field listing per dataset object (functools.cache on _get_fields_inner); the cache is cleared before each
file so that every run starts as a fresh process would.
"""
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import traceback
import warnings

os.environ.setdefault("MESSAGELEVEL", "2")  # deid's bot: errors and warnings

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(REPO), "shared")

TEXT_VRS = ("PN", "LO", "SH", "ST", "LT", "UT", "UC")


# ---- functions for func: values; tests/Deid.Tests/Actions/ReferenceFunctions.cs mirrors each one ----

def is_doe(item, value, field, dicom):
    """REMOVE condition: a text element whose value contains DOE."""
    if field.element.VR not in TEXT_VRS:
        return False
    v = field.element.value
    values = list(v) if isinstance(v, (list, tuple)) or type(v).__name__ == "MultiValue" else [v]
    return any("DOE" in str(x) for x in values)


def const_false(item, value, field, dicom):
    return False


def returns_none(item, value, field, dicom):
    return None


def field_name(item, value, field, dicom):
    """The field name deid passes: the nested keyword path for an element, the recipe text for ADD."""
    return field.name if hasattr(field, "name") else str(field)


def make_id(item, value, field, dicom):
    """A value built from the variables."""
    return "ID-" + str(item.get("id"))


def returns_no(item, value, field, dicom):
    """A REMOVE condition that is text: Python's truth of a non-empty str is True."""
    return "no"


FUNCTIONS = {f.__name__: f for f in (is_doe, const_false, returns_none, field_name, make_id, returns_no)}


def input_path(name, reference):
    if name.startswith("actions:"):
        return os.path.join(reference, "inputs", name[len("actions:"):])
    return os.path.join(SHARED, name)


def clear_caches():
    from deid.dicom import fields

    fields._get_fields_inner.cache_clear()


def run_replace(reference):
    import pydicom
    from deid.config import DeidRecipe
    from deid.dicom import replace_identifiers
    from deid.logger import bot

    with open(os.path.join(reference, "cases.json")) as fh:
        cases = json.load(fh)["cases"]
    expected = os.path.join(reference, "expected")
    shutil.rmtree(expected, ignore_errors=True)
    results = {}
    for case in cases:
        name = case["name"]
        options = case.get("options", {})
        case_results = results[name] = {}
        workdir = tempfile.mkdtemp()
        recipe_path = os.path.join(workdir, "deid.recipe")
        if "recipeFile" in case:
            shutil.copyfile(os.path.join(REPO, case["recipeFile"]), recipe_path)
        else:
            with open(recipe_path, "w") as fh:
                fh.write("\n".join(case["recipe"]) + "\n")
        for inp in case["inputs"]:
            path = os.path.abspath(input_path(inp, reference))
            base = os.path.basename(path)
            variables = dict(case.get("vars", {}).get("*", {}))
            variables.update(case.get("vars", {}).get(base, {}))
            for fname in case.get("functions", []):
                variables[fname] = FUNCTIONS[fname]
            outdir = os.path.join(workdir, "out-" + base)
            os.makedirs(outdir)
            clear_caches()
            log = io.StringIO()
            entry = {}
            with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
                warnings.simplefilter("always")
                bot.errorStream = bot.outputStream = log
                try:
                    recipe = DeidRecipe(recipe_path)
                    replace_identifiers(
                        [path],
                        ids={path: variables},
                        deid=recipe,
                        save=True,
                        overwrite=True,
                        output_folder=outdir,
                        strip_sequences=options.get("strip_sequences", False),
                        remove_private=options.get("remove_private", False),
                        disable_skip=options.get("disable_skip", False),
                    )
                    entry["status"] = "ok"
                except BaseException as exc:  # deid exits (SystemExit) or crashes
                    entry["status"] = "error"
                    entry["error"] = "%s: %s" % (type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")
                    entry["where"] = traceback.extract_tb(exc.__traceback__)[-1].name
            entry["log"] = [line for line in log.getvalue().splitlines() if line.strip()]
            entry["pydicomWarnings"] = sorted({str(w.message).splitlines()[0] for w in caught})
            written = os.path.join(outdir, base)
            if entry["status"] == "ok" and os.path.exists(written):
                ds = pydicom.dcmread(written, force=True)
                target = os.path.join(expected, name)
                os.makedirs(target, exist_ok=True)
                if "PixelData" in ds and len(ds.PixelData) > 1024:
                    del ds.PixelData
                    entry["pixelDataDropped"] = True
                    ds.save_as(os.path.join(target, base))
                else:
                    shutil.copyfile(written, os.path.join(target, base))
            case_results[base] = entry
        shutil.rmtree(workdir, ignore_errors=True)
    with open(os.path.join(reference, "deid-results.json"), "w") as fh:
        json.dump(results, fh, indent=1, sort_keys=True)
        fh.write("\n")


def describe(value):
    """The values of an element one by one, as text (bytes as hex)."""
    from pydicom.multival import MultiValue
    from pydicom.sequence import Sequence

    if isinstance(value, Sequence):
        return {"items": len(value)}
    values = list(value) if isinstance(value, MultiValue) else ([] if value in (None, "") else [value])
    out = []
    for v in values:
        out.append(v.hex() if isinstance(v, bytes) else str(v))
    return {"values": out}


def run_identifiers(out, paths):
    from deid.dicom import get_identifiers

    result = {}
    for path in paths:
        clear_caches()
        full = os.path.abspath(path)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            ids = get_identifiers([full])
        rows = []
        for key, field in ids[full].items():
            el = field.element
            row = {
                "key": key,
                "tag": "%08X" % int(el.tag),
                "keyword": el.keyword or "",
                "vr": el.VR,
                "str": "" if el.VR == "SQ" else str(el.value),
            }
            row.update(describe(el.value))
            rows.append(row)
        result[os.path.relpath(full, SHARED) if full.startswith(SHARED) else os.path.basename(full)] = rows
    with open(out, "w") as fh:
        json.dump(result, fh, indent=1, sort_keys=True, ensure_ascii=False)
        fh.write("\n")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "replace":
        run_replace(sys.argv[2])
    elif mode == "identifiers":
        run_identifiers(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
