"""Bulk columns through the bindings: Collection.rows() and to_dataframe()."""
import datetime as dt

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
