"""Bulk columns through the bindings: Collection.rows() and to_dataframe()."""
import datetime as dt
import sys

import pytest

workplan = pytest.importorskip("workplan")


def make_collection():
    p = workplan.Plan()
    p.id = "p1"
    sec = p.add("section", title="总体")
    t = sec.add("task", text="办好活动。")
    t.assign("宣传部", "support")
    t.assign("办公室", "lead")
    t.deadline = dt.date(2024, 6, 30)
    t.add_indicator("10场", "ge", 10, "场")
    t2 = sec.add("task", text="第二项。")
    t2.status = "done"
    p.assign_ids()
    q = workplan.Plan()
    q.id = "p2"
    q.add("task", text="第三项。").assign("办公室", "lead")
    return workplan.Collection([p, q])


def test_rows_match_the_nodes():
    c = make_collection()
    rows = list(c.rows(("id", "title", "text", "units")))
    slow = [(n.id, n.title, n.text, tuple(a.unit.name for a in n.assignments))
            for plan in c for n in plan.walk() if n.kind == "task"]
    assert rows == slow
    assert rows[0][3] == ("宣传部", "办公室")
    assert list(c.rows(("text",))) == ["办好活动。", "第二项。", "第三项。"]
    assert list(c.rows(("kind",), kind=None)) == ["section", "task", "task", "task"]
    assert list(c.rows(("plan", "status", "due", "lead", "indicators"))) == [
        ("p1", "not_started", dt.date(2024, 6, 30), "办公室", 1),
        ("p1", "done", None, None, 0),
        ("p2", "not_started", None, "办公室", 0)]


def test_rows_bad_arguments():
    c = make_collection()
    with pytest.raises(workplan.InvalidArgumentError):
        list(c.rows(("nope",)))
    with pytest.raises(workplan.InvalidArgumentError):
        c.rows(("id",), kind="nope")


def test_to_dataframe():
    pd = pytest.importorskip("pandas")
    c = make_collection()
    df = c.to_dataframe()
    assert list(df.columns) == list(workplan.columns.FIELDS)
    assert len(df) == 3
    assert df["text"].tolist() == ["办好活动。", "第二项。", "第三项。"]
    assert df["plan"].tolist() == ["p1", "p1", "p2"]
    assert str(df["status"].dtype) == "category"
    assert df["status"].tolist() == ["not_started", "done", "not_started"]
    assert df["due"].iloc[0] == pd.Timestamp("2024-06-30")
    assert pd.isna(df["due"].iloc[1])
    assert df["lead"].tolist()[0] == "办公室" and pd.isna(df["lead"].iloc[1])
    assert df["units"].tolist() == [("宣传部", "办公室"), (), ("办公室",)]
    assert df["indicators"].tolist() == [1, 0, 0]
    small = c.to_dataframe(kind="section", fields=["id", "title"])
    assert small.to_dict("records") == [{"id": "1", "title": "总体"}]
    assert len(c.to_dataframe(kind=None)) == 4
    assert len(workplan.Collection().to_dataframe()) == 0


def test_query_ids():
    c = make_collection()
    q = "kind:task unit:办公室"
    assert c.query_ids(q) == [n.id for n in c.query(q)]
    assert c.query_ids("kind:section") == ["1"]
    with pytest.raises(workplan.QuerySyntaxError):
        c.query_ids("kind:")


def kept(c):
    """How many id strs the collection keeps for query_ids."""
    from workplan import capi
    return capi.wpy_idcache_info(c._ids)[0]


def test_query_ids_are_kept_and_never_stale():
    c = make_collection()
    q = "kind:task unit:办公室"
    slow = lambda text=q: [n.id for n in c.query(text)]  # noqa: E731
    a = c.query_ids(q)
    assert a == slow() == ["1.t1", None] and kept(c) == 2
    def refs_held():  # outside pytest's assertion rewriting, which keeps temporaries
        b = c.query_ids(q)
        same = b == a and b[0] is a[0]  # the same str, not a new one
        with_b = sys.getrefcount(a[0])  # a, b and the collection hold it
        del b
        without_b = sys.getrefcount(a[0])
        c.drop_caches()
        return same, with_b - without_b, without_b - sys.getrefcount(a[0])
    assert refs_held() == (True, 1, 1) and kept(c) == 0
    a = c.query_ids(q)  # made again, and kept
    assert a == ["1.t1", None] and kept(c) == 2
    assert c.query_ids("kind:task") == ["1.t1", "1.t2", None] and kept(c) == 3
    assert c.query_ids(q)[0] is a[0]
    # An id edited: the next query gives the new id, not the kept one.
    task = c.plans[0]["1.t1"]
    task.id = "renamed"
    assert c.query_ids(q) == slow() == ["renamed", None]
    # A node inserted before the matches: every position moves.
    c.plans[0]["1"].insert_before("paragraph", text="前言", id="0")
    assert c.query_ids(q) == slow() == ["renamed", None]
    assert c.query_ids("kind:task") == slow("kind:task") == ["renamed", "1.t2", None]
    # A node removed, and the second plan's task given an id.
    c.plans[0]["0"].remove()
    c.plans[1].add("task", text="第四项。", id="p2.t2").assign("办公室", "lead")
    assert c.query_ids(q) == slow() == ["renamed", None, "p2.t2"]
    # A plan added.
    p3 = workplan.Plan()
    p3.id = "p3"
    p3.add("task", text="第五项。", id="x").assign("办公室", "support")
    c.add(p3)
    assert c.query_ids(q) == slow() == ["renamed", None, "p2.t2", "x"]
    assert [n.plan.id for n in c.query(q)] == ["p1", "p2", "p2", "p3"]
    assert [n.plan is c.plans[i] for n, i in zip(c.query(q), (0, 1, 1, 2))] == [True] * 4
    assert [n.id for n in c.query(q, limit=2)] == ["renamed", None]
    with pytest.raises(workplan.QuerySyntaxError):
        c.query("kind:")
    # Edits of a plan outside the collection leave what is kept alone.
    before = c.query_ids(q)
    p3.add("task", text="不在集合中。", id="y")
    assert c.query_ids(q)[3] is before[3]
    c.drop_caches()
    assert kept(c) == 0
    assert c.query_ids(q) == before and kept(c) == 4


def test_query_ids_plan_by_plan_queries():
    c = make_collection()
    q = "status:done OR text:第三"  # not answered by the corpus index
    assert c.query_ids(q) == [n.id for n in c.query(q)] == ["1.t2", None]
    assert c.query_ids(q)[0] is c.query_ids("kind:task")[1]


def test_to_dataframe_fields_and_shared_tuples():
    pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    c = make_collection()
    df = c.to_dataframe(fields=["due", "units", "plan", "id", "status"])
    assert list(df.columns) == ["due", "units", "plan", "id", "status"]
    assert df["units"].tolist() == [t[3] for t in c.rows(("id", "title", "text", "units"))]
    assert df["id"].tolist() == [r for r in c.rows(("id",))]
    # equal units tuples are one object (built once in C)
    assert df["units"].iloc[2] is c.to_dataframe(fields=["units"])["units"].iloc[2] or \
        df["units"].iloc[2] == ("办公室",)
    big = workplan.Collection([make_collection_plan(i) for i in range(3)])
    u = big.to_dataframe(fields=["units"])["units"].tolist()
    same = [x for x in u if x == ("办公室",)]
    assert len(same) == 3 and all(x is same[0] for x in same)
    no_objects = c.to_dataframe(fields=["plan", "indicators"])
    assert no_objects["indicators"].tolist() == [1, 0, 0]
    with pytest.raises(workplan.InvalidArgumentError):
        c.to_dataframe(fields=["id", "nope"])
    cols = workplan.columns._Columns(c)
    with pytest.raises(ValueError):  # not an object array of the right shape
        workplan.capi.wpy_columns_fill(cols._ptr, [0], np.empty((1, 2), dtype=object))
    with pytest.raises(ValueError):
        workplan.capi.wpy_columns_fill(cols._ptr, [0], np.zeros((1, 3)))
    with pytest.raises(ValueError):
        workplan.capi.wpy_columns_fill(cols._ptr, [99], np.empty((1, 3), dtype=object))


def make_collection_plan(i):
    p = workplan.Plan()
    p.id = f"q{i}"
    p.add("task", text=f"任务{i}。").assign("办公室", "lead")
    return p


def test_text_columns_every_width():
    """The C decoder of the columns: ASCII, Latin-1, CJK, astral, mixed."""
    pytest.importorskip("pandas")
    texts = ["plain ascii", "café é", "推进科普工作", "𠀀𝄞 emoji 😀 and 中文", "a", "",
             "ｆｕｌｌ　ｗｉｄｔｈ", "\u00ff\u0100\uffff"]
    p = workplan.Plan()
    for t in texts:
        p.add("task", text=t or None)
    c = workplan.Collection([p])
    want = [t or None for t in texts]
    assert c.to_dataframe(fields=["text"])["text"].tolist() == want
    assert list(c.rows(("text",))) == want
