"""What changed between two plans (or two corpora): ``Plan.diff``.

>>> d = old.diff(new)                      # doctest: +SKIP
>>> for e in d.changed: print(e.new.id, [c.description for c in e.changes])
>>> d.to_dataframe()                       # one row per change (pandas)

Matching is done in C (lib/diff/, doc/DIFF.md): nodes are paired by the
bigram similarity of their folded text and by structure; ``threshold``
is the least score for a pair.
"""
from __future__ import annotations

import json as _json
from typing import TYPE_CHECKING, Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from . import capi as _wp
from .errors import check
from .node import Node
from .objects import Unit

if TYPE_CHECKING:  # pragma: no cover
    from .plan import Plan

KINDS = ["unchanged", "changed", "moved", "added", "removed"]
_EDIT_OPS = ["=", "-", "+"]


class Change(NamedTuple):
    """One change of a matched pair (or of the plan's metadata).

    ``what``: title, text, kind, indicator_added, indicator_removed,
    indicator_changed, deadline, lead, support, responsible, status, meta;
    ``field``: the metadata field for ``meta`` (title, issuer, year, …);
    ``old`` / ``new``: the values as text (None where absent);
    ``edits``: for text changes, ``[("=", "新建院士工作站"), ("-", "2"), ("+", "5"), …]``.
    """
    what: str
    field: str
    old: Optional[str]
    new: Optional[str]
    description: str
    edits: List[Tuple[str, str]]


class Entry(NamedTuple):
    """A node of either plan: ``change`` is unchanged, changed, moved,
    added or removed; ``old``/``new`` the nodes (None where absent)."""
    change: str
    old: Optional[Node]
    new: Optional[Node]
    score: float
    similarity: float
    changes: List[Change]


class UnitChange(NamedTuple):
    """A unit of the registries: matched (unchanged / changed: same folded
    name printed differently), added or removed."""
    change: str
    old: Optional[Unit]
    new: Optional[Unit]


def _utf8_slice(text: Optional[str], off: int, length: int) -> str:
    return (text or "").encode("utf-8")[off:off + length].decode("utf-8", "replace")


def _change(c) -> Change:
    old, new = _wp.wp_diff_change_old_value(c), _wp.wp_diff_change_new_value(c)
    edits = []
    for i in range(_wp.wp_diff_change_edit_count(c)):
        op = _wp.wpy_diff_edit_op(c, i)
        base = new if op == _wp.WP_DIFF_INSERT else old
        edits.append((_EDIT_OPS[op], _utf8_slice(base, _wp.wpy_diff_edit_offset(c, i),
                                                 _wp.wpy_diff_edit_length(c, i))))
    return Change(_wp.wp_diff_what_name(_wp.wp_diff_change_what(c)),
                  _wp.wp_diff_change_field(c), old, new,
                  _wp.wp_diff_change_description(c), edits)


def _options(threshold: Optional[float], shift_years: bool, fold_script: bool,
             inherited_units: bool = False):
    opt = _wp.wp_diff_options()
    opt.version = _wp.WP_DIFF_OPTIONS_VERSION
    opt.threshold = 0.4 if threshold is None else float(threshold)
    opt.max_candidates = 24
    opt.shift_years = bool(shift_years)
    opt.fold_script = bool(fold_script)
    opt.inherited_units = bool(inherited_units)
    return opt


class Diff:
    """The comparison of two plans. Keeps both plans alive.

    ``entries``: every node of both plans once (new-plan order, removed
    nodes after their old neighbours); ``meta``: metadata changes;
    ``units``: the unit registries side by side; ``summary``: counts.
    """

    __slots__ = ("_ptr", "_owner", "old_plan", "new_plan", "_entries")

    def __init__(self, ptr, old_plan: "Plan", new_plan: "Plan", owner=None) -> None:
        self._ptr = ptr
        self._owner = owner  # a CorpusDiff owning the C diff, or None
        self.old_plan = old_plan
        self.new_plan = new_plan
        self._entries: Optional[List[Entry]] = None

    def __del__(self) -> None:
        if getattr(self, "_ptr", None) is not None and getattr(self, "_owner", None) is None:
            _wp.wp_diff_free(self._ptr)
        self._ptr = None

    @property
    def entries(self) -> List[Entry]:
        if self._entries is None:
            out = []
            for i in range(_wp.wp_diff_entry_count(self._ptr)):
                e = _wp.wp_diff_entry_at(self._ptr, i)
                o, n = _wp.wp_diff_entry_old(e), _wp.wp_diff_entry_new(e)
                out.append(Entry(
                    KINDS[_wp.wp_diff_entry_kind(e)],
                    Node(self.old_plan, o) if o is not None else None,
                    Node(self.new_plan, n) if n is not None else None,
                    _wp.wp_diff_entry_score(e), _wp.wp_diff_entry_similarity(e),
                    [_change(_wp.wp_diff_entry_change(e, j))
                     for j in range(_wp.wp_diff_entry_change_count(e))]))
            self._entries = out
        return self._entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return _wp.wp_diff_entry_count(self._ptr)

    def _of(self, kind: str) -> List[Entry]:
        return [e for e in self.entries if e.change == kind]

    @property
    def added(self) -> List[Entry]:
        return self._of("added")

    @property
    def removed(self) -> List[Entry]:
        return self._of("removed")

    @property
    def changed(self) -> List[Entry]:
        return self._of("changed")

    @property
    def moved(self) -> List[Entry]:
        return self._of("moved")

    @property
    def summary(self) -> Dict[str, int]:
        return {k: _wp.wp_diff_count(self._ptr, i) for i, k in enumerate(KINDS)}

    @property
    def meta(self) -> List[Change]:
        return [_change(_wp.wp_diff_meta_at(self._ptr, i))
                for i in range(_wp.wp_diff_meta_count(self._ptr))]

    @property
    def units(self) -> List[UnitChange]:
        out = []
        for i in range(_wp.wp_diff_unit_count(self._ptr)):
            k = check(_wp.wpy_diff_unit_kind(self._ptr, i))
            o, n = _wp.wpy_diff_unit_old(self._ptr, i), _wp.wpy_diff_unit_new(self._ptr, i)
            out.append(UnitChange(KINDS[k], Unit(self.old_plan, o) if o is not None else None,
                                  Unit(self.new_plan, n) if n is not None else None))
        return out

    def to_json(self, indent: bool = True) -> str:
        """The stable JSON of doc/DIFF.md."""
        rc, text = _wp.wp_diff_to_json(self._ptr, _wp.WP_JSON_PRETTY if indent else _wp.WP_JSON_COMPACT)
        check(rc)
        return text

    def to_dict(self):
        return _json.loads(self.to_json(indent=False))

    def to_dataframe(self, unchanged: bool = False):
        """A pandas DataFrame, one row per change (a row with what=None for
        an added, removed or unchanged node): change, old/new node ids,
        score, what, old, new, description. Needs pandas."""
        from .frames import _pandas
        pd = _pandas()
        rows = []
        for e in self.entries:
            if e.change == "unchanged" and not unchanged:
                continue
            base = {"change": e.change, "old_id": e.old.id if e.old else None,
                    "new_id": e.new.id if e.new else None,
                    "kind": (e.new or e.old).kind, "score": e.score,
                    "title": (e.new or e.old).title or (e.new or e.old).text}
            if not e.changes:
                rows.append(dict(base, what=None, old=None, new=None, description=e.change))
            for c in e.changes:
                rows.append(dict(base, what=c.what, old=c.old, new=c.new, description=c.description))
        return pd.DataFrame(rows, columns=["change", "old_id", "new_id", "kind", "score", "title",
                                           "what", "old", "new", "description"])

    def __repr__(self) -> str:
        s = self.summary
        return ("<Diff " + ", ".join(f"{v} {k}" for k, v in s.items() if v) + ">")


def plan_diff(old: "Plan", new: "Plan", threshold: Optional[float] = None,
              shift_years: bool = True, fold_script: bool = True,
              inherited_units: bool = False) -> Diff:
    """Compare two plans (see :meth:`Plan.diff`)."""
    rc, ptr = _wp.wp_plan_diff(old._p(), new._p(),
                               _options(threshold, shift_years, fold_script, inherited_units))
    check(rc)
    return Diff(ptr, old, new)


class CorpusDiff:
    """Two corpora compared: ``pairs`` as (change, old plan, new plan,
    Diff or None), plans paired by issuer and kind across years."""

    __slots__ = ("_ptr", "pairs", "__weakref__")

    def __init__(self, olds: Sequence["Plan"], news: Sequence["Plan"], threshold=None,
                 shift_years: bool = True, fold_script: bool = True,
                 inherited_units: bool = False) -> None:
        self._ptr = None
        olds, news = list(olds), list(news)
        va, vb = _wp.wpy_planv_new(len(olds)), _wp.wpy_planv_new(len(news))
        try:
            for i, p in enumerate(olds):
                _wp.wpy_planv_set(va, i, p._p())
            for i, p in enumerate(news):
                _wp.wpy_planv_set(vb, i, p._p())
            rc, ptr = _wp.wpy_corpus_diff(va, vb, _options(threshold, shift_years, fold_script,
                                                                 inherited_units))
            check(rc)
            self._ptr = ptr
            self.pairs: List[Tuple[str, Optional["Plan"], Optional["Plan"], Optional[Diff]]] = []
            for i in range(_wp.wp_corpus_diff_count(ptr)):
                k = _wp.wpy_cdiff_kind(ptr, i)
                ia, ib = _wp.wpy_cdiff_index(ptr, i, va, 0), _wp.wpy_cdiff_index(ptr, i, vb, 1)
                a = olds[ia] if ia >= 0 else None
                b = news[ib] if ib >= 0 else None
                d = _wp.wpy_cdiff_diff(ptr, i)
                self.pairs.append((KINDS[k], a, b, Diff(d, a, b, owner=self) if d is not None else None))
        finally:
            _wp.wpy_planv_free(va)
            _wp.wpy_planv_free(vb)

    def __del__(self) -> None:
        if getattr(self, "_ptr", None) is not None:
            _wp.wp_corpus_diff_free(self._ptr)
            self._ptr = None

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def to_dataframe(self):
        """One row per change of every pair, with the two plans' ids and years."""
        from .frames import _pandas
        pd = _pandas()
        frames = []
        for change, a, b, d in self.pairs:
            if d is None:
                p = a or b
                frames.append(pd.DataFrame([{"change": change, "description": f"plan {change}",
                                             "title": p.title}]))
                continue
            f = d.to_dataframe()
            f.insert(0, "old_plan", a.id)
            f.insert(1, "new_plan", b.id)
            frames.append(f)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def corpus_diff(olds: Sequence["Plan"], news: Sequence["Plan"], **kw) -> CorpusDiff:
    """Compare two sets of plans (e.g. ``Collection.load(...).plans``)."""
    return CorpusDiff(olds, news, **kw)
