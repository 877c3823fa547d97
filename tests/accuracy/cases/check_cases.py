#!/usr/bin/env python3
"""Validate the hand-written accuracy cases (stdlib only).

Checks that every NNN_name.txt has its NNN_name.expected.json and the
reverse, that each expected file follows ACCURACY-FORMAT.md (keys, kinds,
ops, ISO dates, labels, pattern ids), and that every pattern id is used by
at least two cases.  Prints a per-pattern count.  Exit 1 on any problem.

Usage: check_cases.py [DIR]   (default: the directory of this script)
"""
import datetime
import json
import os
import re
import sys

PATTERNS = {"indent", "long-heading", "furniture", "kinds", "indicators-missed",
            "indicators-misread", "figure-title", "metadata", "summary", "resp-forms"}
EXTRA = {"zh-Hant", "gb18030", "word-text", "page-numbers"}
PLAN_KEYS = {"kind", "title", "issuer", "doc_number", "issued", "published", "year", "script"}
PLAN_KINDS = {"work_plan", "implementation_plan", "summary", "notice", "other"}
NODE_KINDS = {"section", "subsection", "point", "item", "row"}
NODE_KEYS = {"kind", "label", "title", "lead", "support", "responsible", "indicators",
             "deadlines", "children", "category"}
OPS = {"eq", "ge", "gt", "le", "lt", "approx", "range"}
IND_KEYS = {"op", "value", "max", "unit"}
NAME = re.compile(r"^(\d{3})_[a-z0-9-]+$")


def iso(s):
    try:
        return datetime.date.fromisoformat(s).isoformat() == s
    except (TypeError, ValueError):
        return False


def check_node(n, where, errs, parent_kind=None):
    if not isinstance(n, dict):
        errs.append(f"{where}: node is not an object")
        return
    for k in n:
        if k not in NODE_KEYS:
            errs.append(f"{where}: unknown key {k!r}")
    kind = n.get("kind")
    if kind not in NODE_KINDS:
        errs.append(f"{where}: bad kind {kind!r}")
    if kind == "row":
        if "children" in n or "label" in n:
            errs.append(f"{where}: a row has no label or children")
        if "indicators" in n:
            errs.append(f"{where}: rows carry no indicators in the format")
    else:
        if "label" not in n:
            errs.append(f"{where}: label missing (use null for an unnumbered group)")
        if not isinstance(n.get("children"), list):
            errs.append(f"{where}: children must be a list")
    if "category" in n and kind != "row":
        errs.append(f"{where}: category only on rows")
    if not isinstance(n.get("title"), str) or not n["title"].strip():
        errs.append(f"{where}: title missing")
    elif n["title"].rstrip()[-1:] in "。；！？":
        errs.append(f"{where}: title keeps its sentence end")
    for role in ("lead", "support", "responsible"):
        if role in n:
            v = n[role]
            if not (isinstance(v, list) and v and all(isinstance(x, str) and x for x in v)):
                errs.append(f"{where}: {role} must be a non-empty list of names")
    for d in n.get("deadlines", []):
        if not iso(d):
            errs.append(f"{where}: deadline {d!r} is not ISO")
    if "deadlines" in n and not n["deadlines"]:
        errs.append(f"{where}: empty deadlines (omit the key)")
    if "indicators" in n:
        if not n["indicators"]:
            errs.append(f"{where}: empty indicators (omit the key)")
        for i, ind in enumerate(n["indicators"]):
            w = f"{where}.ind{i}"
            for k in ind:
                if k not in IND_KEYS:
                    errs.append(f"{w}: unknown key {k!r}")
            if ind.get("op") not in OPS:
                errs.append(f"{w}: bad op {ind.get('op')!r}")
            if not isinstance(ind.get("value"), (int, float)) or isinstance(ind.get("value"), bool):
                errs.append(f"{w}: value must be a number")
            if ind.get("op") == "range":
                if not isinstance(ind.get("max"), (int, float)) or ind["max"] <= ind.get("value", 0):
                    errs.append(f"{w}: range needs max > value")
            elif "max" in ind:
                errs.append(f"{w}: max only for range")
            if "unit" in ind and (not isinstance(ind["unit"], str) or not ind["unit"]):
                errs.append(f"{w}: unit must be a non-empty string")
    for j, c in enumerate(n.get("children", []) or []):
        check_node(c, f"{where}/{j}", errs, kind)


def read_doc(path):
    """The document's text: UTF-8, else GB18030 (one case is GB18030)."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def squash(s):
    return re.sub(r"[\s\u3000\u00a0]+", "", s)


def check_text(n, doc, where, errs):
    """Titles and unit names must be printed in the document."""
    t = n.get("title")
    if isinstance(t, str) and squash(t) not in doc:
        errs.append(f"{where}: title {t!r} not found in the document")
    for role in ("lead", "support", "responsible"):
        for u in n.get(role, []) or []:
            if isinstance(u, str) and squash(u) not in doc:
                errs.append(f"{where}: unit {u!r} not found in the document")
    for j, c in enumerate(n.get("children", []) or []):
        check_text(c, doc, f"{where}/{j}", errs)


def check_file(path, errs):
    try:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
    except (OSError, ValueError) as e:
        errs.append(f"{path}: {e}")
        return []
    for k in d:
        if k not in ("patterns", "plan", "nodes"):
            errs.append(f"{path}: unknown top-level key {k!r}")
    pats = d.get("patterns", [])
    if not pats:
        errs.append(f"{path}: no patterns")
    for p in pats:
        if p not in PATTERNS and p not in EXTRA:
            errs.append(f"{path}: unknown pattern {p!r}")
    plan = d.get("plan", {})
    for k in plan:
        if k not in PLAN_KEYS:
            errs.append(f"{path}: unknown plan key {k!r}")
    if plan.get("kind") not in PLAN_KINDS:
        errs.append(f"{path}: plan kind {plan.get('kind')!r}")
    if plan.get("script") not in ("zh-Hans", "zh-Hant"):
        errs.append(f"{path}: script {plan.get('script')!r}")
    for k in ("issued", "published"):
        if plan.get(k) is not None and not iso(plan[k]):
            errs.append(f"{path}: {k} {plan[k]!r} is not ISO")
    if "year" in plan and plan["year"] is not None and not (
            isinstance(plan["year"], int) and 1949 <= plan["year"] <= 2100):
        errs.append(f"{path}: bad year")
    for k in ("title", "issuer", "doc_number"):
        if plan.get(k) is not None and not isinstance(plan[k], str):
            errs.append(f"{path}: {k} must be text or null")
    nodes = d.get("nodes")
    if not isinstance(nodes, list) or not nodes:
        errs.append(f"{path}: nodes must be a non-empty list")
    else:
        txt = path[:-len(".expected.json")] + ".txt"
        doc = squash(read_doc(txt)) if os.path.exists(txt) else None
        for i, n in enumerate(nodes):
            check_node(n, f"{os.path.basename(path)}:{i}", errs)
            if doc is not None:
                check_text(n, doc, f"{os.path.basename(path)}:{i}", errs)
        if doc is not None:
            for k in ("title", "issuer", "doc_number"):
                v = plan.get(k)
                if isinstance(v, str) and squash(v) not in doc:
                    errs.append(f"{path}: plan {k} {v!r} not found in the document")
    return pats


def main():
    here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    errs = []
    names = sorted(os.listdir(here))
    txts = {n[:-4] for n in names if n.endswith(".txt")}
    exps = {n[:-len(".expected.json")] for n in names if n.endswith(".expected.json")}
    for b in sorted(txts ^ exps):
        errs.append(f"{b}: .txt and .expected.json must come in pairs")
    seen = {}
    for b in sorted(txts):
        if not NAME.match(b):
            errs.append(f"{b}: name must be NNN_short-name")
        elif NAME.match(b).group(1) in seen:
            errs.append(f"{b}: number already used by {seen[NAME.match(b).group(1)]}")
        else:
            seen[NAME.match(b).group(1)] = b
    counts = {p: 0 for p in sorted(PATTERNS | EXTRA)}
    index = ""
    if os.path.exists(os.path.join(here, "INDEX.md")):
        with open(os.path.join(here, "INDEX.md"), encoding="utf-8") as f:
            index = f.read()
    for b in sorted(exps):
        for p in check_file(os.path.join(here, b + ".expected.json"), errs):
            counts[p] += 1
        if b not in index:
            errs.append(f"{b}: not listed in INDEX.md")
    for p in sorted(PATTERNS):
        if counts[p] < 2:
            errs.append(f"pattern {p!r} has {counts[p]} case(s), needs 2")
    print(f"{len(exps)} cases")
    for p, c in counts.items():
        print(f"  {p:20s} {c}")
    for e in errs:
        print("ERROR:", e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
