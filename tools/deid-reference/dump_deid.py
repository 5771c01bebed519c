#!/usr/bin/env python3
"""Dump what deid 0.4.12 makes of recipes and field specs, as JSON test fixtures for Deid.Tests.

Set up deid first (see ../shared/tools/deid-reference.sh), then:
  python3 dump_deid.py recipes OUT.json RECIPE...          deid's load_deid() of each recipe file
  python3 dump_deid.py fields OUT.json SPECS.txt DICOM...  deid's field list of each file and what each spec selects

The fixtures hold deid's parse results and element descriptions (tags, keywords, names, VRs, paths), never element values.
"""
import json
import os
import sys


def dump_recipes(out, paths):
    from deid.config.utils import load_deid

    result = {}
    for path in paths:
        try:
            result[os.path.basename(path)] = {"ok": True, "deid": load_deid(path)}
        except BaseException as exc:  # deid exits (SystemExit) or crashes on bad text
            result[os.path.basename(path)] = {"ok": False, "error": type(exc).__name__}
    with open(out, "w") as fh:
        json.dump(result, fh, indent=1, sort_keys=True)


def dump_fields(out, specs_file, paths):
    import pydicom
    from deid.dicom.fields import expand_field_expression, get_fields_with_lookup

    with open(specs_file) as fh:
        specs = [line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#")]
    result = {}
    for path in paths:
        ds = pydicom.dcmread(path, force=True)
        contenders = get_fields_with_lookup(ds)
        candidates = []
        for uid, field in contenders.items():
            el = field.element
            candidates.append({
                "tag": "%08X" % int(el.tag),
                "keyword": el.keyword or "",
                "name": el.name or "",
                "vr": el.VR,
                "creator": getattr(el, "private_creator", None),
                "keywordPath": field.name,
                "tagPath": field.uid,
                "fileMeta": bool(field.is_filemeta),
            })
        expansions = {}
        for spec in specs:
            try:
                found = expand_field_expression(field=spec, dicom=ds, contenders=contenders)
                expansions[spec] = sorted(found.keys())
            except BaseException as exc:
                expansions[spec] = "error:" + type(exc).__name__
        result[os.path.basename(path)] = {"candidates": candidates, "expansions": expansions}
    with open(out, "w") as fh:
        json.dump(result, fh, indent=1, sort_keys=True)


if __name__ == "__main__":
    os.environ.setdefault("MESSAGELEVEL", "0")
    mode, out = sys.argv[1], sys.argv[2]
    if mode == "recipes":
        dump_recipes(out, sys.argv[3:])
    elif mode == "fields":
        dump_fields(out, sys.argv[3], sys.argv[4:])
    else:
        sys.exit("usage: dump_deid.py recipes|fields OUT ...")
