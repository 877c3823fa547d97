"""Plan.diff and workplan.diff: objects, lifetimes, JSON, DataFrames,
corpora — on the sample plans of examples/diff."""
import gc
import json
import os
import pathlib

import pytest

if os.environ.get("WP_REQUIRE_BINDINGS"):
    import workplan
else:
    workplan = pytest.importorskip("workplan")
from workplan.diff import CorpusDiff, Diff, corpus_diff  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIFF = pathlib.Path(os.environ.get("WP_DIFF_EXAMPLES", ROOT / "examples" / "diff"))


@pytest.fixture
def plans():
    return (workplan.Plan.from_file(DIFF / "plan_2024.txt"),
            workplan.Plan.from_file(DIFF / "plan_2025.txt"))


def test_diff_objects(plans):
    old, new = plans
    d = old.diff(new)
    assert isinstance(d, Diff)
    assert d.summary == {"unchanged": 10, "changed": 13, "moved": 1, "added": 2, "removed": 2}
    assert len(d) == sum(d.summary.values())
    (mv,) = d.moved
    assert mv.old.id == "2.4.t2" and mv.new.id == "3.5.t3"
    whats = {c.what for c in mv.changes}
    assert {"text", "indicator_changed", "lead"} <= whats
    text = next(c for c in mv.changes if c.what == "text")
    # the edits rebuild both texts
    assert "".join(t for op, t in text.edits if op != "+") == text.old
    assert "".join(t for op, t in text.edits if op != "-") == text.new
    raised = [c.description for e in d.changed for c in e.changes if c.what == "indicator_changed"]
    assert "院士专家工作站: target raised from 2 to 5 家" in raised
    assert {e.old.text for e in d.removed} == {"建成科学家精神教育基地2家。", "举办创新成果对接会4场。"}
    assert [u.new.name for u in d.units if u.change == "added"] == ["组织人事部"]
    assert [u.old.name for u in d.units if u.change == "removed"] == ["组织部"]
    assert {c.field for c in d.meta} >= {"year", "doc_number", "title"}


def test_diff_keeps_plans_alive(plans):
    old, new = plans
    d = old.diff(new)
    del old, new, plans
    gc.collect()
    assert d.entries[0].new.title == "强化政治引领"


def test_identical_and_threshold(plans):
    old, new = plans
    d = old.diff(old)
    assert d.summary["unchanged"] == len(old) and not d.meta
    strict = old.diff(new, threshold=0.99)
    assert len(strict.added) > len(old.diff(new).added)
    with pytest.raises(workplan.InvalidArgumentError):
        old.diff(new, threshold=2)


def test_json_and_dataframe(plans):
    old, new = plans
    d = old.diff(new)
    j = d.to_dict()
    assert j["format"] == "workplan-diff" and j["summary"]["moved"] == 1
    assert d.to_json() == old.diff(new).to_json()  # stable
    assert json.loads(d.to_json(indent=False)) == j
    pd = pytest.importorskip("pandas")
    df = d.to_dataframe()
    assert isinstance(df, pd.DataFrame)
    assert set(df["change"]) == {"changed", "moved", "added", "removed"}
    assert (df["what"] == "indicator_changed").sum() == 8  # the eight re-targeted measures
    assert len(d.to_dataframe(unchanged=True)) > len(df)


def test_corpus(plans):
    old, new = plans
    other = workplan.Plan()
    other.issuer = "另一县科协"
    other.title = "另一县科协2024年工作要点"
    c = corpus_diff([old, other], [new])
    assert isinstance(c, CorpusDiff) and len(c) == 2
    kinds = {k: (a, b, d) for k, a, b, d in c}
    a, b, d = kinds["changed"]
    assert a is old and b is new and d.summary["moved"] == 1
    assert kinds["removed"][0] is other and kinds["removed"][2] is None
    del c
    gc.collect()
    assert d.old_plan is old  # the Diff keeps its pair's plans
    pytest.importorskip("pandas")
    assert len(corpus_diff([old], [new]).to_dataframe()) > 10
