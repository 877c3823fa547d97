"""The fair benchmark: workplan against its peers, in one run, one table.

Driven by bench/run.sh (which builds wpbench and the bindings); run it
with Debian's interpreter (/usr/bin/python3: cbor2, pandas, sqlite3).

    compare.py run --build BUILD --data DIR --tasks N [--repeat R] [--json OUT]
    compare.py growth A.json B.json C.json      (the growth table)

Every figure is the median of R interleaved rounds (workplan, peer,
workplan, peer …) measured in this run. Loads and resident memory are
measured in fresh processes; queries and saves in long-lived ones (the
C side in `wpbench serve`, the Python side here).
"""
import argparse
import gc
import glob
import json
import os
import statistics
import subprocess
import sys
import time

TASK, LEAD = 4, 0                  # WP_NODE_TASK, WP_ROLE_LEAD
DONE_LIKE = (2, 4, 5)              # done, extended, cancelled
QUERY_NAMES = {
    "count": "count tasks of unit 科学普及部1",
    "lead": "list tasks unit + lead (ids)",
    "indicator": "indicator unit 家, value ≥ 100 (ids)",
    "overdue": "overdue as of 2024-07-01 (ids)",
    "text": "text contains 智库 (ids)",
}
BINDING_QUERIES = {
    "count": "kind:task unit:科学普及部1",
    "lead": "kind:task unit:科学普及部1 role:lead",
    "indicator": "kind:task ind.unit:家 value>=100",
    "overdue": "kind:task overdue:2024-07-01",
    "text": "kind:task text:智库",
}


def now():
    return time.perf_counter()


def med(xs):
    return statistics.median(xs) if xs else float("nan")


# ---- fresh-process measurements ------------------------------------------------

def kv(out):
    d = {}
    for line in out.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            d[k.strip()] = v.strip()
    return d


def run_kv(cmd, env=None):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return kv(out)


PY_LOAD = r"""
import gc, sys, time
mode, path = sys.argv[1], sys.argv[2]
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1])
base = rss()
t = time.perf_counter()
objs = []
if mode == 'cbor2':
    import cbor2
    with open(path, 'rb') as f:
        size = f.seek(0, 2); f.seek(0)
        while f.tell() < size:
            objs.append(cbor2.load(f))
else:
    import json
    with open(path, 'rb') as f:
        for line in f:
            objs.append(json.loads(line))
ms = (time.perf_counter() - t) * 1000
print(f'ms={ms:.3f}'); print(f'rss_kb={rss()}'); print(f'base_kb={base}')
"""


def py_load(python, mode, path):
    d = run_kv([python, "-c", PY_LOAD, mode, path])
    return float(d["ms"]), int(d["rss_kb"])


# ---- the data, as cbor2 dicts and as pandas frames --------------------------------

def cbor2_plans(path):
    import cbor2
    plans = []
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        f.seek(0)
        while f.tell() < size:
            item = cbor2.load(f)
            while hasattr(item, "tag"):
                item = item.value
            plans.append(item[1])
    return plans


def walk_dicts(nodes):
    stack = list(reversed(nodes))
    while stack:
        n = stack.pop()
        yield n
        ch = n.get(15)
        if ch:
            stack.extend(reversed(ch))


def iterate_dicts(plans):
    """Every task: read its title, text and unit names (the Python peer)."""
    n = 0
    for p in plans:
        units = p.get(15, ())
        for node in walk_dicts(p.get(17, ())):
            if node[2] != TASK:
                continue
            _title, _text = node.get(5), node.get(6)
            _names = [units[a[1]][2] for a in node.get(10, ())]
            n += 1
    return n


def task_rows(plans):
    """Row lists a pandas user builds from the decoded dicts."""
    tasks = {"id": [], "plan": [], "nid": [], "text": [], "status": [], "due": []}
    assign = {"node": [], "unit": [], "role": []}
    ind = {"node": [], "unit": [], "value": []}
    rowid = 0
    for p in plans:
        units = [u[2] for u in p.get(15, ())]
        pid = p.get(1)
        for node in walk_dicts(p.get(17, ())):
            if node[2] != TASK:
                continue
            rowid += 1
            dl = node.get(8)
            tasks["id"].append(rowid)
            tasks["plan"].append(pid)
            tasks["nid"].append(node.get(1))
            tasks["text"].append(node.get(6))
            tasks["status"].append(node.get(9, 0))
            tasks["due"].append(dl[3] if dl else 0)
            for a in node.get(10, ()):
                assign["node"].append(rowid)
                assign["unit"].append(units[a[1]])
                assign["role"].append(a[2])
            for i in node.get(11, ()):
                ind["node"].append(rowid)
                ind["unit"].append(i.get(5))
                ind["value"].append(i.get(4))
    return tasks, assign, ind


def pandas_frames(plans):
    import pandas as pd
    tasks, assign, ind = task_rows(plans)
    t = pd.DataFrame(tasks)
    t["plan"] = t["plan"].astype("category")
    t["status"] = t["status"].astype("category")
    t["due"] = pd.to_datetime(t["due"].where(t["due"] > 0).astype("Int64").astype(str),
                              format="%Y%m%d", errors="coerce")
    a = pd.DataFrame(assign)
    a["unit"] = a["unit"].astype("category")
    a["role"] = a["role"].astype("category")
    i = pd.DataFrame(ind)
    i["unit"] = i["unit"].astype("category")
    return t, a, i


def pandas_query(name, t, a, i):
    import numpy as np
    import pandas as pd
    if name == "count":
        return int((a["unit"] == "科学普及部1").sum())
    if name == "lead":
        return len(a["node"].to_numpy()[((a["unit"] == "科学普及部1") & (a["role"] == LEAD)).to_numpy()])
    if name == "indicator":
        return len(i["node"].to_numpy()[((i["unit"] == "家") & (i["value"] >= 100)).to_numpy()])
    if name == "overdue":
        m = (t["due"] < pd.Timestamp("2024-07-01")) & ~t["status"].isin(DONE_LIKE)
        return len(t["id"].to_numpy()[m.to_numpy()])
    if name == "text":
        return len(t["id"].to_numpy()[t["text"].str.contains("智库", regex=False).to_numpy()])
    raise ValueError(name)


# ---- the C side, served ----------------------------------------------------------

class Served:
    def __init__(self, wpbench, corpus, db):
        self.p = subprocess.Popen([wpbench, "serve", corpus, db], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        line = self.p.stdout.readline()
        if not line.startswith("ready"):
            raise RuntimeError(f"wpbench serve: {line!r}")

    def ask(self, cmd):
        self.p.stdin.write(cmd + "\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline().split()
        if len(line) != 2:
            raise RuntimeError(f"wpbench serve: {cmd}: {line!r}")
        return float(line[0]), int(line[1])

    def close(self):
        self.p.stdin.write("quit\n")
        self.p.stdin.flush()
        self.p.wait()


# ---- the run ---------------------------------------------------------------------

def ensure_data(wpbench, data, tasks, smoke):
    os.makedirs(data, exist_ok=True)
    base = os.path.join(data, f"corpus-{tasks}")
    corpus, db, jsonl = base + ".cbor", base + ".sqlite", base + ".jsonl"
    if not (os.path.exists(corpus) and os.path.exists(db) and os.path.exists(jsonl)):
        subprocess.run([wpbench, "gen", corpus, db, jsonl, str(tasks)], check=True,
                       stdout=subprocess.DEVNULL)
    n_small = 100 if smoke else 1000
    text_dir = os.path.join(data, f"text-{n_small}")
    if not os.path.exists(os.path.join(text_dir, "small", f"{n_small - 1:04d}.txt")):
        os.makedirs(text_dir, exist_ok=True)
        subprocess.run([wpbench, "gentext", text_dir, "10000", str(n_small), "20"], check=True)
    return corpus, db, jsonl, text_dir


def measure(args):
    wpbench = os.path.join(args.build, "bench", "wpbench")
    corpus, db, jsonl, text_dir = ensure_data(wpbench, args.data, args.tasks, args.smoke)
    python = sys.executable
    R = args.repeat
    res = {"tasks": args.tasks, "repeat": R, "rows": {}}
    rows = res["rows"]
    size = os.path.getsize(corpus)
    res["file_mb"] = size / 1e6
    res["jsonl_mb"] = os.path.getsize(jsonl) / 1e6
    res["db_mb"] = os.path.getsize(db) / 1e6

    def row(key, ours, peers, unit="ms"):
        rows[key] = {"ours": ours, "peers": peers, "unit": unit}

    def log(msg):
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    # Load and resident memory: fresh processes, interleaved.
    log("load")
    t = {"wp": [], "cbor2": [], "json": [], "floor": []}
    rss = {"wp": [], "cbor2": []}
    for _ in range(R):
        d = run_kv([wpbench, "load", corpus])
        t["wp"].append(float(d["load_ms"]))
        rss["wp"].append(int(d["rss_kb"]))
        ms, kb = py_load(python, "cbor2", corpus)
        t["cbor2"].append(ms)
        rss["cbor2"].append(kb)
        t["json"].append(py_load(python, "json", jsonl)[0])
        t["floor"].append(float(run_kv([wpbench, "floor", corpus])["floor_ms"]))
    row("load", med(t["wp"]), {"cbor2.loads (GC on)": med(t["cbor2"]),
                               "json.loads": med(t["json"]),
                               "libcbor stream floor": med(t["floor"])})
    row("rss", med(rss["wp"]) / 1024, {"cbor2 objects": med(rss["cbor2"]) / 1024,
                                       "file size": size / 2**20}, "MB")

    log("decode with cbor2 for the Python peers")
    plans = cbor2_plans(corpus)
    served = Served(wpbench, corpus, db)
    try:
        log("save")
        t = {"wp": [], "cbor2": [], "json": []}
        import cbor2
        for _ in range(R):
            t["wp"].append(served.ask("save")[0])
            s = now()
            for p in plans:
                cbor2.dumps(p)
            t["cbor2"].append((now() - s) * 1000)
            s = now()
            for p in plans:
                json.dumps(p, ensure_ascii=False)
            t["json"].append((now() - s) * 1000)
        row("save", med(t["wp"]), {"cbor2.dumps": med(t["cbor2"]), "json.dumps": med(t["json"])})

        log("pandas frames")
        tf, af, inf = pandas_frames(plans)
        log("queries")
        counts = {}
        for name in QUERY_NAMES:
            t = {"wp": [], "sql": [], "pd": []}
            served.ask(("wpcount " if name == "count" else "wp ") + name)  # warm indexes
            served.ask("sql " + name)  # warm the page cache
            for _ in range(R):
                ms, n_wp = served.ask(("wpcount " if name == "count" else "wp ") + name)
                t["wp"].append(ms)
                ms, n_sql = served.ask("sql " + name)
                t["sql"].append(ms)
                s = now()
                n_pd = pandas_query(name, tf, af, inf)
                t["pd"].append((now() - s) * 1000)
            counts[name] = (n_wp, n_sql, n_pd)
            if not n_wp == n_sql == n_pd:
                log(f"MISMATCH {name}: workplan {n_wp}, SQLite {n_sql}, pandas {n_pd}")
                res["mismatch"] = True
            row("q_" + name, med(t["wp"]), {"SQLite (covering index)": med(t["sql"]),
                                            "pandas (category)": med(t["pd"])})
        res["counts"] = counts
    finally:
        served.close()

    # Python: the bindings against cbor2 dicts and pandas.
    log("python bindings")
    sys.path.insert(0, os.path.join(args.build, "bindings", "python"))
    import workplan
    coll = workplan.Collection.load(corpus)
    have_fast = hasattr(coll, "rows")

    def iterate_wp():
        n = 0
        if have_fast:
            for _title, _text, _names in coll.rows(("title", "text", "units")):
                n += 1
            return n
        for plan in coll:
            for node in plan.walk():
                if node.kind != "task":
                    continue
                _title, _text = node.title, node.text
                _names = [a.unit.name for a in node.assignments]
                n += 1
        return n

    t = {"wp": [], "dicts": []}
    limit = args.tasks if args.tasks <= 100000 or have_fast else None
    for _ in range(R if limit else 0):
        s = now()
        n_wp = iterate_wp()
        t["wp"].append((now() - s) * 1000)
        s = now()
        n_d = iterate_dicts(plans)
        t["dicts"].append((now() - s) * 1000)
        if n_wp != n_d:
            log(f"MISMATCH iteration: workplan {n_wp}, dicts {n_d}")
            res["mismatch"] = True
    if not limit:  # the slow path at 1M: one round over a tenth, scaled
        s = now()
        n = 0
        for plan in list(coll)[: len(coll) // 10]:
            for node in plan.walk():
                if node.kind == "task":
                    _title, _text = node.title, node.text
                    _names = [a.unit.name for a in node.assignments]
                    n += 1
        t["wp"].append((now() - s) * 1000 * len(coll) / max(1, len(coll) // 10))
        s = now()
        iterate_dicts(plans)
        t["dicts"].append((now() - s) * 1000)
    row("py_iter", med(t["wp"]), {"iterating cbor2 dicts": med(t["dicts"])})

    for name, q in BINDING_QUERIES.items():
        t = {"wp": [], "pd": []}
        coll.count(q)  # the first query builds the indexes
        for _ in range(R):
            s = now()
            if name == "count":
                got = coll.count(q)
            elif hasattr(coll, "query_ids"):
                got = len(coll.query_ids(q))
            else:
                got = len([n.id for n in coll.query(q)])
            t["wp"].append((now() - s) * 1000)
            s = now()
            want = pandas_query(name, tf, af, inf)
            t["pd"].append((now() - s) * 1000)
            if got != want:
                log(f"MISMATCH Python query {name}: workplan {got}, pandas {want}")
                res["mismatch"] = True
        row("py_q_" + name, med(t["wp"]), {"pandas (category)": med(t["pd"])})

    # The DataFrame: the peer's eight columns (text included), then every
    # column to_dataframe() gives by default (twelve), both against the peer.
    t = {"wp": [], "wp_all": [], "pd": []}
    if hasattr(coll, "to_dataframe"):
        for _ in range(R):
            s = now()
            df = coll.to_dataframe(fields=FRAME_FIELDS)
            t["wp"].append((now() - s) * 1000)
            del df
            s = now()
            df = coll.to_dataframe()
            t["wp_all"].append((now() - s) * 1000)
            del df
            s = now()
            df = pandas_rows_frame(plans)
            t["pd"].append((now() - s) * 1000)
            del df
    else:
        s = now()
        df = pandas_rows_frame(plans)
        t["pd"].append((now() - s) * 1000)
    row("py_frame", med(t["wp"]) if t["wp"] else None,
        {"pd.DataFrame from cbor2 dicts": med(t["pd"])})
    row("py_frame_all", med(t["wp_all"]) if t["wp_all"] else None,
        {"pd.DataFrame from cbor2 dicts (8 columns)": med(t["pd"])})
    del coll, plans, tf, af, inf
    gc.collect()

    # Import: one large document, and many small ones.
    log("import")
    large = os.path.join(text_dir, "large.txt")
    small = sorted(glob.glob(os.path.join(text_dir, "small", "*.txt")))
    t = {"large": [], "small": []}
    for _ in range(R):
        d = run_kv([wpbench, "import", large])
        t["large"].append(int(d["import_bytes"]) / 1e6 / (float(d["import_ms"]) / 1000))
        d = run_kv([wpbench, "import"] + small)
        t["small"].append(int(d["import_bytes"]) / 1e6 / (float(d["import_ms"]) / 1000))
    res["import_large_mb"] = os.path.getsize(large) / 1e6
    res["import_small_n"] = len(small)
    row("import_large", med(t["large"]), {}, "MB/s")
    row("import_small", med(t["small"]), {}, "MB/s")
    log("done")
    return res


#: The columns of pandas_rows_frame, asked of to_dataframe() for the same work.
FRAME_FIELDS = ("plan", "id", "title", "text", "status", "due", "lead", "units")


def pandas_rows_frame(plans):
    """What a pandas user does without workplan: one row per task, units joined."""
    import pandas as pd
    rows = {"plan": [], "id": [], "title": [], "text": [], "status": [], "due": [], "lead": [],
            "units": []}
    for p in plans:
        units = p.get(15, ())
        for node in walk_dicts(p.get(17, ())):
            if node[2] != TASK:
                continue
            dl = node.get(8)
            names = [units[a[1]][2] for a in node.get(10, ())]
            rows["plan"].append(p.get(1))
            rows["id"].append(node.get(1))
            rows["title"].append(node.get(5))
            rows["text"].append(node.get(6))
            rows["status"].append(node.get(9, 0))
            rows["due"].append(dl[3] if dl else 0)
            rows["lead"].append(names[0] if names else None)
            rows["units"].append("、".join(names))
    df = pd.DataFrame(rows)
    for c in ("plan", "status", "lead"):
        df[c] = df[c].astype("category")
    return df


# ---- printing ------------------------------------------------------------------------

LABELS = {
    "load": "load corpus",
    "rss": "resident after load",
    "save": "save corpus (to memory)",
    **{"q_" + k: "query: " + v for k, v in QUERY_NAMES.items()},
    "py_iter": "Python: iterate tasks (title, text, unit names)",
    **{"py_q_" + k: "Python query: " + v for k, v in QUERY_NAMES.items()},
    "py_frame": "Python: DataFrame of all tasks (8 columns, text included)",
    "py_frame_all": "Python: DataFrame of all tasks (all 12 columns)",
    "import_large": "import one large document",
    "import_small": "import many small documents",
}


def fmt(v, unit):
    if v is None:
        return "—"
    if unit == "MB" or unit == "MB/s":
        return f"{v:,.1f} {unit}"
    if v >= 100:
        return f"{v:,.0f} ms"
    if v >= 1:
        return f"{v:.2f} ms"
    return f"{v:.3f} ms"


def table(res):
    out = [f"{res['tasks']:,} tasks; CBOR {res['file_mb']:.1f} MB, JSON Lines "
           f"{res['jsonl_mb']:.1f} MB, SQLite {res['db_mb']:.1f} MB; medians of "
           f"{res['repeat']} interleaved rounds.", "",
           "| what | workplan | peer | peer's figure | peer / workplan |",
           "|---|---|---|---|---|"]
    for key, label in LABELS.items():
        r = res["rows"].get(key)
        if r is None:
            continue
        ours, unit = r["ours"], r["unit"]
        if key.startswith("import"):
            label += f" ({res['import_large_mb']:.1f} MB)" if key == "import_large" else \
                f" ({res['import_small_n']} files)"
        if not r["peers"]:
            out.append(f"| {label} | {fmt(ours, unit)} | — | — | — |")
            continue
        for i, (peer, theirs) in enumerate(r["peers"].items()):
            if ours is None or theirs is None:
                ratio = "—"
            elif unit == "MB":
                ratio = f"{ours / theirs:.2f}× (workplan / peer)"
            else:
                ratio = f"{theirs / ours:.1f}×" if ours > 0 else "—"
            out.append(f"| {label if i == 0 else ''} | {fmt(ours, unit) if i == 0 else ''} | "
                       f"{peer} | {fmt(theirs, unit)} | {ratio} |")
    return "\n".join(out)


def growth(paths):
    runs = [json.load(open(p)) for p in paths]
    runs.sort(key=lambda r: r["tasks"])
    head = "| what | " + " | ".join(f"{r['tasks']:,} tasks" for r in runs) + \
        " | per task, largest / smallest |"
    out = [head, "|---|" + "---|" * len(runs) + "---|"]
    for key, label in LABELS.items():
        vals = [r["rows"].get(key) for r in runs]
        if any(v is None or v["ours"] is None for v in vals):
            continue
        unit = vals[0]["unit"]
        cells = [fmt(v["ours"], unit) for v in vals]
        if unit == "MB/s":
            flat = "—"
        else:
            a = vals[0]["ours"] / runs[0]["tasks"]
            b = vals[-1]["ours"] / runs[-1]["tasks"]
            flat = f"{b / a:.2f}" if a > 0 else "—"
        out.append(f"| {label} | " + " | ".join(cells) + f" | {flat} |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--build", required=True)
    r.add_argument("--data", required=True)
    r.add_argument("--tasks", type=int, required=True)
    r.add_argument("--repeat", type=int, default=3)
    r.add_argument("--smoke", action="store_true")
    r.add_argument("--json")
    g = sub.add_parser("growth")
    g.add_argument("files", nargs="+")
    args = ap.parse_args()
    if args.cmd == "growth":
        print(growth(args.files))
        return
    res = measure(args)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)
    print(table(res))
    if res.get("mismatch"):
        sys.exit("compare.py: workplan and a peer disagree on a result (see MISMATCH above)")


if __name__ == "__main__":
    main()
