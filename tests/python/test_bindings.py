"""The Python package `workplan` over the SWIG module: lifetimes, errors,
round trips, editing, queries, roll-ups and DataFrames.

Run through meson (PYTHONPATH = the build's bindings folder) or with an
installed package; skipped if `workplan` cannot be imported.
"""
import datetime as dt
import gc
import json
import os
import pathlib
import pickle
import subprocess
import sys
import weakref

import pytest

if os.environ.get("WP_REQUIRE_BINDINGS"):  # under meson: the build must provide it
    import workplan
else:
    workplan = pytest.importorskip("workplan")
from workplan import capi  # noqa: E402  (the low-level module)

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLANS = pathlib.Path(os.environ.get("WP_PLANS", ROOT / "examples" / "plans"))
SAMPLE = """示例市科协2025年工作要点
一、重点任务
（一）加强引领
1.深化学习。组织学习不少于12次；力争上半年建成基地两家。（牵头部门：办公室；配合部门：宣传部）
2.服务企业。服务企业1万家，年底前完成。（宣传部牵头，办公室配合）
二、自身建设
1.加强作风。会议控制在50个以内。（责任部门：办公室）
"""


@pytest.fixture
def plan():
    return workplan.from_text(SAMPLE)


# ---- building and reading ------------------------------------------------------


def test_import_metadata_and_tree(plan):
    assert plan.title == "示例市科协2025年工作要点"
    assert plan.kind == "work_plan" and plan.year == 2025
    assert [n.id for n in plan.nodes] == ["1", "2"]
    assert [c.id for c in plan["1"].children] == ["1.1"]
    assert plan["1.1.1"].title == "深化学习"
    assert plan["1.1.1"].parent == plan["1.1"]
    assert plan["1.1.1.t2"].prev == plan["1.1.1.t1"]
    ids = [n.id for n in plan.walk()]
    assert ids[:4] == ["1", "1.1", "1.1.1", "1.1.1.t1"] and len(ids) == len(plan)
    assert plan.report.counts["sections"] == 2 and plan.report.counts["assignments"] == 5
    assert plan["1.1.1.t1"].source is not None


def test_import_from_path_and_bytes(tmp_path):
    p = workplan.from_file(PLANS / "work_plan.txt")
    assert p.doc_number == workplan.DocNumber("示科协发【2025】3号", "示科协发", 2025, 3)
    assert p.issued == dt.date(2025, 2, 18)
    assert "各区县科协" in p.recipients
    gb = SAMPLE.encode("gb18030")
    q = workplan.from_text(gb)
    assert q.title == "示例市科协2025年工作要点"
    assert any("GB18030" in w for _, w in q.report.warnings)
    f = tmp_path / "plan.txt"
    f.write_text(SAMPLE, encoding="utf-8")
    assert workplan.from_file(str(f)) == workplan.from_text(SAMPLE)
    assert workplan.from_text("一、甲\n1.乙。年底前完成。\n", year=2030)["1.1.t1"].deadline.end == dt.date(2030, 12, 31)


def test_from_text_never_reads_a_path(tmp_path):
    # Issue 10 defect 1: a one-line str naming an existing file was read as a path.
    secret = tmp_path / "secret.txt"
    secret.write_text("机密文件标题\n一、甲\n", encoding="utf-8")
    # The literal one-line text: a plan titled with it, or "no content";
    # never the file's content.
    for text in (str(secret), "/etc/passwd", str(secret).encode()):
        try:
            p = workplan.from_text(text)
        except workplan.FormatError as e:
            assert "1 lines" in str(e)
        else:
            assert p.title == os.fsdecode(text) and len(p) == 0
    p = workplan.from_text(str(secret) + "\n一、甲\n")
    assert p.title != "机密文件标题" and len(p) >= 1
    with pytest.raises(TypeError, match="from_file"):
        workplan.from_text(secret)
    assert workplan.from_file(secret).title == "机密文件标题"
    assert workplan.import_file(str(secret)) == workplan.Plan.from_file(secret)
    with pytest.raises(TypeError):
        workplan.from_file(b"/etc/passwd")


def test_units_assignments_indicators_deadlines(plan):
    n = plan["1.1.1"]
    assert [(a.unit.name, a.role) for a in n.assignments] == [("办公室", "lead"), ("宣传部", "support")]
    ind = plan["1.1.1.t1"].indicators[0]
    assert (ind.op, ind.value, ind.unit, ind.text) == ("ge", 12.0, "次", "不少于12次")
    assert ind.node == plan["1.1.1.t1"]
    d = plan["1.1.1.t2"].deadline
    assert (d.end, d.start, d.precision, d.aspirational) == (dt.date(2025, 6, 30), dt.date(2025, 1, 1), "half", True)
    assert plan.unit("办公室").name == "办公室" and plan.unit("不存在") is None
    assert {u.name for u in plan.units} == {"办公室", "宣传部"}


def test_editing(plan):
    sec = plan.add("section", "三、新增", label="三", number=3)
    task = sec.add("task", text="开展宣讲活动不少于100场次", deadline="2025-06-30", status="in_progress")
    unit = task.assign("科普部", "lead", person="王明")
    task.assign(plan.unit("办公室"), "support")
    ind = task.add_indicator("不少于100场次", "ge", 100, "场次", subject="宣讲活动")
    assert task.assignments[0] == workplan.Assignment(unit, "lead", "王明")
    assert task.deadline.end == dt.date(2025, 6, 30) and task.status == "in_progress"
    r = task.report("2025-03-31", percent=40, text="已开展46场", actuals={ind: 46}, state="approved")
    assert r.actuals == {ind: 46.0} and r.state == "approved"
    assert ind.actual == 46 and ind.completion == pytest.approx(0.46) and not ind.met
    task.report(dt.date(2025, 6, 30), actuals={ind: 60}, state="approved")
    assert ind.actual == 106 and ind.met  # cumulative
    task.attrs["weight"] = 3
    task.attrs["note"] = "重点"
    task.attrs["ratio"] = 0.5
    task.attrs["key"] = True
    assert dict(task.attrs) == {"weight": 3, "note": "重点", "ratio": 0.5, "key": True}
    del task.attrs["note"]
    with pytest.raises(KeyError):
        del task.attrs["note"]
    task.unassign("办公室")
    assert [a.unit.name for a in task.assignments] == ["科普部"]
    before = task.insert_before("task", text="前一项")
    assert task.prev == before
    task.move_to(plan["1"])
    assert task.parent == plan["1"]
    assert task in plan.query("kind:task under:1 unit:科普部")
    plan.doc_number = "示科协发〔2025〕9号"
    assert plan.doc_number.text == "示科协发〔2025〕9号"
    plan.issued = dt.date(2025, 1, 2)
    plan.add_recipient("各学会")
    assert plan.recipients[-1] == "各学会"


def test_units_merge(plan):
    a = plan.add_unit("科普部", aliases=["市科普部"])
    b = plan.add_unit("科学普及部")
    plan["1.1.1"].assign(b, "support")
    a.merge(b)
    assert plan.unit("科学普及部") == a
    with pytest.raises(workplan.RemovedError):
        b.name
    assert "merged" in repr(b)


# ---- lifetimes ------------------------------------------------------------------------


def test_plan_dropped_while_nodes_held():
    p = workplan.from_text(SAMPLE)
    ref = weakref.ref(p)
    node = p["1.1.1"]
    ind = p["1.1.1.t1"].indicators[0]
    unit = p.unit("办公室")
    del p
    gc.collect()
    assert ref() is not None  # kept alive by the node
    assert node.title == "深化学习" and ind.value == 12 and unit.name == "办公室"
    assert node.plan.title == "示例市科协2025年工作要点"
    del node, ind, unit
    gc.collect()
    assert ref() is None  # and freed when the last holder goes


def test_removed_node_raises(plan):
    point = plan["1.1.1"]
    task = plan["1.1.1.t1"]
    ind = task.indicators[0]
    point.remove()
    for use in (lambda: point.title, lambda: task.text, lambda: task.assign("办公室"),
                lambda: point.children, lambda: ind.value):
        with pytest.raises(workplan.RemovedError):
            use()
    assert point.removed and task.removed
    assert "removed" in repr(point)
    assert plan.get("1.1.1") is None
    with pytest.raises(KeyError):
        plan["1.1.1"]


def test_collection_keeps_plans_alive():
    coll = workplan.Collection([workplan.from_text(SAMPLE), workplan.from_file(PLANS / "work_plan.txt")])
    hits = coll.query("unit:办公室 role:lead")
    del coll
    gc.collect()
    assert {h.plan.title for h in hits} == {"示例市科协2025年工作要点"}
    # Effective responsibility: each point and its two tasks.
    assert len(hits) == 6 and hits[0].title == "深化学习" and hits[3].title == "深化理论学习"


# ---- errors ------------------------------------------------------------------------------


def test_every_error_code_is_mapped():
    codes = {v for k, v in vars(capi).items() if k.startswith("WP_E") and isinstance(v, int) and v < 0}
    codes |= {capi.WP_ERROR, capi.WP_ITEROVER}
    assert len(codes) == 15
    for code in codes:
        cls = workplan.errors.ERRORS[code]
        assert issubclass(cls, workplan.Error)
        assert cls.code == code
        e = cls("msg", code=code)
        assert e.name == capi.wp_error_code_name(code)
        assert isinstance(pickle.loads(pickle.dumps(e)), cls)
    assert len(set(workplan.errors.ERRORS.values())) == 15


def test_errors_carry_message_and_position(plan, tmp_path):
    with pytest.raises(workplan.QuerySyntaxError) as e:
        plan.query("kind:task due<=tomorrow")
    assert e.value.column == 16 and "date" in e.value.message and isinstance(e.value, ValueError)
    with pytest.raises(workplan.FormatError) as e:
        workplan.loads(plan.dumps()[:-5])
    assert e.value.offset is not None
    with pytest.raises(workplan.FormatError) as e:
        workplan.from_text(b"ab\0cd")
    assert e.value.offset == 2
    with pytest.raises(workplan.FileError):
        workplan.load(tmp_path / "missing.cbor")
    with pytest.raises(OSError):
        workplan.load(tmp_path / "missing.cbor")
    with pytest.raises(workplan.InvalidArgumentError):
        plan.add("no-such-kind")
    with pytest.raises(workplan.StructureError):
        plan["1.1.1.t1"].add("section")
    with pytest.raises(workplan.ExistsError):
        plan["1"].id = "2"
    with pytest.raises(workplan.NotFoundError):
        plan["1"].unassign("不存在")
    with pytest.raises(workplan.UTF8Error) as e:
        workplan.from_json(b'{"format":"workplan","version":1,"plan":{"title":"\xff"}}')
    assert e.value.offset == 50 and e.value.line == 1
    with pytest.raises(workplan.VersionError):
        workplan.from_json('{"format":"workplan","version":99,"plan":{}}')
    with pytest.raises(TypeError):
        workplan.loads("not bytes")
    with pytest.raises(workplan.Error) as e:
        plan["1"].attrs[""] = 1
    assert e.value.code == capi.WP_EINVAL


# ---- formats -------------------------------------------------------------------------------


def test_round_trips(plan, tmp_path):
    data = plan.dumps()
    again = workplan.loads(data)
    assert again == plan and again.dumps() == data
    path = tmp_path / "plan.cbor"
    plan.save(path)
    assert workplan.load(path) == plan and path.read_bytes() == data
    assert workplan.from_json(plan.to_json()) == plan
    d = plan.to_dict()
    assert d["title"] == plan.title and d["nodes"][0]["id"] == "1"
    assert json.loads(plan.to_json(indent=False))["format"] == "workplan"
    c = plan.copy()
    assert c == plan
    c.title = "另一个"
    assert c != plan


def test_cbor_is_readable_by_cbor2(plan):
    cbor2 = pytest.importorskip("cbor2")
    doc = cbor2.loads(plan.dumps())  # cbor2 drops the self-describe tag 55799
    assert doc.tag == 0x57504C4E and doc.value[1][1] == plan.title


# ---- queries and roll-ups ---------------------------------------------------------------------


def test_query_and_count(plan):
    assert [n.id for n in plan.query("unit:办公室 role:lead")] == ["1.1.1", "1.1.1.t1", "1.1.1.t2"]
    assert [n.id for n in plan.query("own.unit:办公室 role:lead")] == ["1.1.1"]
    assert plan.count("kind:task") == len(plan.query("kind:task")) == 4
    assert [n.id for n in plan.query("has:indicator ind.op:le")] == ["2.1.t1"]
    assert len(plan.query("kind:task", limit=2)) == 2
    assert [n.id for n in plan.overdue("2025-07-01")] == ["1.1.1.t2"]
    assert plan["1.1.1.t2"].is_overdue(dt.date(2025, 7, 1))


def test_matrix_and_indicators(plan):
    m = plan.matrix()
    office = plan.unit("办公室")
    # Cells count measures (leaves) by effective assignments: 1.1.1.t1 and
    # t2 (led by 办公室), 1.1.2.t1 (supported), 2.1.t1 (responsible).
    assert m.cell(office, plan["1"]) == {"lead": 2, "support": 1, "responsible": 0}
    assert m.total(office) == {"lead": 2, "support": 1, "responsible": 1}
    assert [m.column_label(c) for c in m.columns] == ["一", "二"]
    rows = plan.indicators()
    assert [(r.node.id, r.op, r.target, r.unit) for r in rows][:2] == [("1.1.1.t1", "ge", 12.0, "次"),
                                                                       ("1.1.1.t2", "eq", 2.0, "家")]
    assert all(isinstance(r, workplan.IndicatorRow) for r in rows)


def test_dataframes(plan):
    pd = pytest.importorskip("pandas")
    nodes = plan.to_dataframe("nodes")
    assert isinstance(nodes, pd.DataFrame) and len(nodes) == len(plan)
    assert nodes.set_index("id").loc["1.1.1", "lead"] == ["办公室"]
    inds = plan.to_dataframe("indicators")
    assert list(inds["target"])[:2] == [12.0, 2.0]
    mat = plan.to_dataframe("matrix")
    assert mat.loc["办公室", "一"] == 3 and mat.loc["办公室", "二"] == 1
    assert plan.matrix().to_dataframe("lead").loc["宣传部", "一"] == 1
    with pytest.raises(ValueError):
        plan.to_dataframe("units")


# ---- Python niceties ----------------------------------------------------------------------------


def test_repr_docstrings_and_types(plan):
    assert repr(plan).startswith("<Plan ") and "work_plan" in repr(plan)
    assert repr(plan["1.1.1"]) == "<Node point 1.1.1 '深化学习'>"
    assert "ge 12次" in repr(plan["1.1.1.t1"].indicators[0])
    for obj in (workplan.Plan, workplan.Plan.query, workplan.Node.assign, workplan.Indicator.op,
                workplan.Plan.from_text, workplan.Matrix):
        assert obj.__doc__
    assert (pathlib.Path(workplan.__file__).parent / "py.typed").exists()
    assert workplan.__version__ == "0.1.0"


def test_example_draws_png(tmp_path):
    pytest.importorskip("matplotlib")
    pytest.importorskip("pandas")
    out = tmp_path / "matrix.png"
    script = ROOT / "examples" / "python" / "analysis.py"
    r = subprocess.run([sys.executable, str(script), str(PLANS / "work_plan.txt"), "-o", str(out)],
                       capture_output=True, text=True, env=dict(os.environ, MPLCONFIGDIR=str(tmp_path)))
    assert r.returncode == 0, r.stderr
    assert "宣传部" in r.stdout and "院士专家工作站" in r.stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 5000
    assert "Glyph" not in r.stderr  # no missing-glyph warnings: the CJK font was used


def test_pandas_is_optional():
    """Without pandas the package works and to_dataframe() says what to install."""
    code = ("import sys; sys.modules['pandas'] = None\n"
            "import workplan\n"
            "p = workplan.from_text('一、甲\\n1.乙。开展活动3场。\\n')\n"
            "assert p.count('kind:task') == 1\n"
            "try:\n    p.to_dataframe()\nexcept ImportError as e:\n    print(e)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "python3-pandas" in r.stdout


def test_corpus_files(tmp_path):
    plans = [workplan.from_text(SAMPLE), workplan.from_file(PLANS / "work_plan.txt")]
    for fmt in ("cbor", "jsonl"):
        path = tmp_path / f"corpus.{fmt}"
        assert workplan.save_corpus(plans, path, format=fmt) == 2
        back = list(workplan.iter_corpus(path))
        assert back == plans
        coll = workplan.Collection.load(path)
        assert len(coll) == 2 and coll.count("own.unit:办公室 role:lead") == 2
        assert [h.plan.id for h in coll.query("own.unit:办公室 role:lead")] == [plans[0].id, plans[1].id]
        assert coll.count("unit:办公室 role:lead") == 6
    # A failed write leaves the old file as it was.
    old = (tmp_path / "corpus.cbor").read_bytes()
    with pytest.raises(TypeError):
        workplan.save_corpus([plans[0], "not a plan"], tmp_path / "corpus.cbor")
    assert (tmp_path / "corpus.cbor").read_bytes() == old
    with pytest.raises(workplan.FormatError):
        list(workplan.iter_corpus(PLANS / "work_plan.txt"))


# ---- effective responsibility, folding, membership (issue 12) ---------------------------------


TRAD = """示例市科協2025年工作要點
一、重點任務
1.加強科普。組織科普活動不少於12次。（牽頭部門：學會部；配合部門：辦公室）
2.服務企業。服務企業100家。
"""


def test_contains_matches_getitem(plan):
    assert "1.1.1" in plan and plan["1.1.1"].id == "1.1.1"
    assert "9.9" not in plan and plan.get("9.9") is None
    assert 42 not in plan and None not in plan
    node = plan["1.1.1.t1"]
    assert node in plan
    other = workplan.from_text(SAMPLE)
    assert other["1.1.1.t1"] not in plan
    node.remove()
    assert "1.1.1.t1" not in plan and node not in plan


def test_effective_assignments(plan):
    task = plan["1.1.1.t1"]
    assert task.assignments == []
    assert [(a.unit.name, a.role) for a in task.effective_assignments] == [("办公室", "lead"), ("宣传部", "support")]
    assert task.responsibility_source == plan["1.1.1"]
    assert plan["1"].effective_assignments == [] and plan["1"].responsibility_source is None
    task.assign("科普部")
    assert [(a.unit.name, a.role) for a in task.effective_assignments] == [("科普部", "lead")]
    assert plan.count("kind:task unit:办公室 role:lead") == 1
    assert plan.count("kind:task own.unit:办公室") == 0
    own = plan.matrix(own=True, filter="*")
    assert own.total(plan.unit("办公室")) == {"lead": 1, "support": 1, "responsible": 1}


def test_unit_folds_scripts_and_widths():
    plan = workplan.from_text(TRAD)
    xh = plan.unit("學會部")
    assert xh is not None and plan.unit("学会部") == xh
    assert plan.unit("办公室") == plan.unit("辦公室") is not None
    assert plan.unit("学会") is None
    simp = [n.id for n in plan.query("unit:学会部 role:lead")]
    assert simp == [n.id for n in plan.query("unit:學會部 role:lead")] and simp
    assert [n.id for n in plan.query("text~科普活动")] == [n.id for n in plan.query("text~科普活動")]
    unit = plan.add_unit("ＩＴ中心")
    assert plan.unit("IT中心") == unit
