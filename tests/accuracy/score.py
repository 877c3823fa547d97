#!/usr/bin/python3
"""Importer accuracy harness (issue 11).

Imports every case document through the built CLI and scores the result
against the hand-written NNN_name.expected.json beside it, per the contract
of ACCURACY-FORMAT (doc/IMPORT.md, "Accuracy harness"):

    score.py [--workplan PATH] [--floor X] [--min X] [-v] [--only SUBSTR] DIR...

Each DIR holds NNN_name.txt + NNN_name.expected.json pairs; a missing DIR is
skipped. One figure per aspect (kind, metadata, sections, subsections,
points, items/groups, indicators, deadlines, lead, support, rows), each an
F1 or an exact match in [0, 1]; a document's score is the mean of the
aspects that apply to it (present in its expected file, or produced by the
importer where the expected file has none). Prints a per-document table,
the per-aspect means and the overall mean; exits 1 when the mean is below
--floor or a document is below --min. Standard library only.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

ASPECTS = ["kind", "metadata", "sections", "subsections", "points", "items/groups",
           "indicators", "deadlines", "lead", "support", "rows"]
HEADING_KINDS = {"section", "subsection", "point", "item"}
PLAN_FIELDS = ["title", "issuer", "doc_number", "issued", "published", "year", "script"]

_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_TRAIL = "。；;：:，,、！!？?.．"
_LABEL_DROP = re.compile(r"[（）()、.．：:\s\u3000【】\[\]]")


def norm_title(s):
    if s is None:
        return None
    s = _SPACE.sub("", s)
    while s and s[-1] in _TRAIL:
        s = s[:-1]
    return s


def norm_label(s):
    if s is None:
        return None
    return _LABEL_DROP.sub("", s)


def norm_unit(s):
    return _SPACE.sub("", s or "")


def f1(expected, actual):
    """F1 of two multisets (collections.Counter); None when both are empty."""
    ne, na = sum(expected.values()), sum(actual.values())
    if ne == 0 and na == 0:
        return None
    tp = sum((expected & actual).values())
    return 2.0 * tp / (ne + na)


# ---- expected --------------------------------------------------------------

def heading_key(kind, label, title):
    if kind == "section" and label is None:
        return ("group", norm_title(title))
    return (kind, norm_label(label))


def row_key(category, text):
    t = norm_title(text) or ""
    return ("row", norm_title(category) or "", t[:10])


def expected_facts(nodes):
    """Headings, rows and facts of the expected tree, as Counters."""
    out = {a: collections.Counter() for a in ASPECTS}
    def walk(nodes, path):
        for n in nodes:
            kind = n.get("kind")
            if kind == "row":
                key = row_key(n.get("category"), n.get("title"))
                out["rows"][key] += 1
                here = path + (key,)
            elif kind in HEADING_KINDS:
                hk = heading_key(kind, n.get("label"), n.get("title"))
                here = path + (hk,)
                aspect = {"section": "sections", "subsection": "subsections",
                          "point": "points", "item": "items/groups"}[kind]
                if hk[0] == "group":
                    aspect = "items/groups"
                out[aspect][(here, norm_title(n.get("title")))] += 1
            else:
                here = path
            add_facts(out, here, n.get("indicators"), n.get("deadlines"),
                      n.get("lead"), n.get("support"), n.get("responsible"))
            walk(n.get("children") or [], here)
    walk(nodes, ())
    return out


def ind_key(ind):
    op = ind.get("op", "eq")
    value = ind.get("value")
    mx = ind.get("max") if op == "range" else None
    r = lambda v: None if v is None else round(float(v), 6)
    return (op, r(value), r(mx), norm_unit(ind.get("unit")))


def add_facts(out, path, indicators, deadlines, lead, support, responsible):
    for ind in indicators or []:
        out["indicators"][(path, ind_key(ind))] += 1
    for d in deadlines or []:
        out["deadlines"][(path, d)] += 1
    for u in lead or []:
        out["lead"][(path, "lead", norm_unit(u))] += 1
    for u in responsible or []:
        out["lead"][(path, "responsible", norm_unit(u))] += 1
    for u in support or []:
        out["support"][(path, norm_unit(u))] += 1


# ---- actual ----------------------------------------------------------------

def actual_facts(plan):
    out = {a: collections.Counter() for a in ASPECTS}
    units = {u["id"]: u["name"] for u in plan.get("units", [])}

    def node_facts(n, path):
        inds = [ {"op": i.get("op", "eq"), "value": i.get("value"), "max": i.get("max"),
                  "unit": i.get("unit")} for i in n.get("indicators", []) ]
        dl = n.get("deadline")
        dls = [dl["end"]] if dl and dl.get("end") else []
        lead, support, resp = [], [], []
        for a in n.get("assignments", []):
            name = units.get(a.get("unit"), a.get("unit"))
            {"lead": lead, "support": support}.get(a.get("role"), resp).append(name)
        add_facts(out, path, inds, dls, lead, support, resp)

    def walk(nodes, path, in_attachment):
        for n in nodes:
            kind = n.get("kind")
            if kind == "attachment":
                walk(n.get("children", []), path, True)
                continue
            if kind == "task" and in_attachment and path == ():
                key = row_key(n.get("category"), n.get("title") or n.get("text"))
                out["rows"][key] += 1
                node_facts(n, (key,))
                walk(n.get("children", []), (key,), False)
                continue
            if kind in HEADING_KINDS:
                hk = heading_key(kind, n.get("label"), n.get("title"))
                here = path + (hk,)
                aspect = {"section": "sections", "subsection": "subsections",
                          "point": "points", "item": "items/groups"}[kind]
                if hk[0] == "group":
                    aspect = "items/groups"
                out[aspect][(here, norm_title(n.get("title")))] += 1
            else:
                here = path
            node_facts(n, here)
            walk(n.get("children", []), here, in_attachment and kind not in HEADING_KINDS)
    walk(plan.get("nodes", []), (), False)
    return out


# ---- one document ----------------------------------------------------------

def meta_value(plan, field):
    v = plan.get(field)
    if field == "doc_number" and isinstance(v, dict):
        v = v.get("text")
    return v


def meta_equal(field, want, got):
    if want is None:
        return got is None
    if got is None:
        return False
    if field in ("title", "issuer", "doc_number"):
        return norm_title(str(want)) == norm_title(str(got))
    return want == got


def run_import(workplan, txt):
    with tempfile.TemporaryDirectory() as tmp:
        cbor = os.path.join(tmp, "plan.cbor")
        r = subprocess.run([workplan, "import", txt, "-o", cbor], capture_output=True, timeout=60)
        if r.returncode != 0:
            return None, r.stderr.decode("utf-8", "replace").strip()
        r = subprocess.run([workplan, "export", "--format", "json", cbor], capture_output=True,
                           timeout=60)
        if r.returncode != 0:
            return None, r.stderr.decode("utf-8", "replace").strip()
        return json.loads(r.stdout.decode("utf-8"))["plan"], None


def score_document(expected, plan):
    """Aspect → (score or None, details) for one document."""
    res = {}
    want = expected.get("plan", {})
    if "kind" in want:
        got = plan.get("kind", "other")
        res["kind"] = (1.0 if got == want["kind"] else 0.0, [f"want {want['kind']} got {got}"]
                       if got != want["kind"] else [])
    fields = [f for f in PLAN_FIELDS if f in want]
    if fields:
        ok, notes = 0, []
        for f in fields:
            got = meta_value(plan, f)
            if meta_equal(f, want[f], got):
                ok += 1
            else:
                notes.append(f"{f}: want {want[f]!r} got {got!r}")
        res["metadata"] = (ok / len(fields), notes)
    exp = expected_facts(expected.get("nodes", []))
    act = actual_facts(plan)
    for a in ASPECTS[2:]:
        s = f1(exp[a], act[a])
        if s is not None:
            miss = exp[a] - act[a]
            extra = act[a] - exp[a]
            notes = [f"missing {k}" for k in miss] + [f"extra {k}" for k in extra]
            res[a] = (s, notes)
    return res


def cases_in(dirs):
    out = []
    for d in dirs:
        if not os.path.isdir(d):
            print(f"note: {d} not found, skipped", file=sys.stderr)
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".expected.json"):
                base = name[: -len(".expected.json")]
                txt = os.path.join(d, base + ".txt")
                if os.path.exists(txt):
                    out.append((base, txt, os.path.join(d, name)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--workplan", default=os.path.join(here, "..", "..", "build", "tools",
                                                       "workplan"))
    ap.add_argument("--floor", type=float, default=0.0, help="fail when the mean is below")
    ap.add_argument("--min", type=float, default=0.0, help="fail when a document is below")
    ap.add_argument("--only", default=None, help="only cases whose name contains this")
    ap.add_argument("-v", "--verbose", action="store_true", help="print what differs")
    ap.add_argument("--json", default=None, help="write the figures to this file")
    args = ap.parse_args()

    cases = [c for c in cases_in(args.dirs) if args.only is None or args.only in c[0]]
    if not cases:
        print("no cases found: skipped", file=sys.stderr)
        return 77  # meson: skipped
    per_doc, per_aspect = [], collections.defaultdict(list)
    width = max(len(c[0]) for c in cases)
    head = " ".join(f"{a[:5]:>5}" for a in ASPECTS)
    print(f"{'document':<{width}}  score {head}")
    for base, txt, exp_path in cases:
        with open(exp_path, encoding="utf-8") as f:
            expected = json.load(f)
        plan, err = run_import(args.workplan, txt)
        if plan is None:
            res = {"kind": (0.0, [f"import failed: {err}"])}
            score = 0.0
        else:
            res = score_document(expected, plan)
            vals = [v for v, _ in res.values()]
            score = sum(vals) / len(vals) if vals else 1.0
        per_doc.append((base, score))
        for a, (v, _) in res.items():
            per_aspect[a].append(v)
        cells = " ".join(f"{res[a][0]:5.2f}" if a in res else "    -" for a in ASPECTS)
        print(f"{base:<{width}}  {score:5.2f} {cells}")
        if args.verbose:
            for a in ASPECTS:
                if a in res and res[a][1]:
                    for note in res[a][1][:40]:
                        print(f"    {a}: {note}")
    mean = sum(s for _, s in per_doc) / len(per_doc)
    print()
    print("aspect means: " + ", ".join(
        f"{a} {sum(per_aspect[a]) / len(per_aspect[a]):.3f} (n={len(per_aspect[a])})"
        for a in ASPECTS if per_aspect[a]))
    low = [(b, s) for b, s in per_doc if s < 0.6]
    print(f"documents: {len(per_doc)}, below 0.60: {len(low)}"
          + (" (" + ", ".join(f"{b} {s:.2f}" for b, s in low) + ")" if low else ""))
    print(f"mean: {mean:.3f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"mean": mean, "documents": dict(per_doc),
                       "aspects": {a: sum(v) / len(v) for a, v in per_aspect.items() if v}},
                      f, ensure_ascii=False, indent=1)
    failed = False
    if mean < args.floor:
        print(f"FAIL: mean {mean:.3f} below the floor {args.floor:.3f}")
        failed = True
    for b, s in per_doc:
        if s < args.min:
            print(f"FAIL: {b} scores {s:.3f}, below {args.min:.3f}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
