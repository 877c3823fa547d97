"""Plans: load, save, import, edit, query; and collections of plans."""
from __future__ import annotations

import json as _json
import os
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Union

from . import capi as _wp
from .errors import InvalidArgumentError, NotFoundError, check
from .node import Node
from .objects import (NODE_KINDS, PLAN_KINDS, Attrs, DateLike, DocNumber, Field, Unit, _enum,
                      from_date, to_date)

PathLike = Union[str, "os.PathLike[str]"]


class ImportReport(NamedTuple):
    """What the importer found (counts) and what it skipped or doubted
    (warnings as (line, message); line 0 = the whole document)."""
    counts: Dict[str, int]
    warnings: List[tuple]


_COUNT_NAMES = ["sections", "subsections", "points", "items", "tasks", "paragraphs", "table_rows",
                "indicators", "deadlines", "assignments", "units", "lines_skipped"]


class _Query:
    """A parsed query (owned), freed with the object."""

    __slots__ = ("_ptr",)

    def __init__(self, text: str) -> None:
        self._ptr = None
        rc, ptr = _wp.wp_query_parse(text)
        check(rc)
        self._ptr = ptr

    def __del__(self) -> None:
        if getattr(self, "_ptr", None) is not None:
            _wp.wp_query_free(self._ptr)
            self._ptr = None


def _import_options(year: Optional[int], keep_spans: bool):
    opts = _wp.wp_import_options()
    opts.version = _wp.WP_IMPORT_OPTIONS_VERSION
    opts.year_hint = int(year or 0)
    opts.keep_spans = bool(keep_spans)
    return opts


def _query(q: Optional[str]) -> Optional[_Query]:
    return None if q is None else _Query(q)


class Plan:
    """A work plan: metadata, a unit registry and a tree of nodes.

    Create an empty one with ``Plan()``, or use :meth:`load`, :meth:`loads`,
    :meth:`from_text` (text), :meth:`from_file` (a path) or :meth:`from_json`. Nodes, units and indicators
    taken from a plan keep it alive.
    """

    __slots__ = ("_ptr", "_owner", "report", "__weakref__")

    def __init__(self, _ptr=None, _owner=None) -> None:
        if _ptr is None:
            rc, _ptr = _wp.wp_plan_new()
            check(rc)
        self._ptr = _ptr
        self._owner = _owner  # a Collection that owns the C plan, or None
        self.report: Optional[ImportReport] = None

    def __del__(self) -> None:
        if getattr(self, "_ptr", None) is not None and getattr(self, "_owner", None) is None:
            _wp.wp_plan_free(self._ptr)
        self._ptr = None

    def _p(self):
        return self._ptr

    # ---- loading and saving -------------------------------------------------

    @classmethod
    def load(cls, path: PathLike) -> "Plan":
        """Load a plan from a CBOR file (doc/FORMAT.md)."""
        rc, p = _wp.wp_plan_load(os.fspath(path))
        check(rc)
        return cls(p)

    @classmethod
    def loads(cls, data: bytes) -> "Plan":
        """Load a plan from CBOR bytes."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"expected bytes, not {type(data).__name__}")
        rc, p = _wp.wp_plan_from_cbor(data)
        check(rc)
        return cls(p)

    def save(self, path: PathLike) -> None:
        """Save as CBOR, atomically (a temporary file renamed over ``path``)."""
        check(_wp.wp_plan_save(self._p(), os.fspath(path)))

    def dumps(self) -> bytes:
        """The plan as CBOR bytes (deterministic: equal plans, equal bytes)."""
        rc, data = _wp.wp_plan_to_cbor(self._p())
        check(rc)
        return data

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> "Plan":
        """A plan from its JSON (the shape of MODEL.md)."""
        rc, p = _wp.wp_plan_from_json(text)
        check(rc)
        return cls(p)

    def to_json(self, indent: bool = True) -> str:
        """The plan as JSON text (pretty unless ``indent=False``)."""
        rc, text = _wp.wp_plan_to_json(self._p(), _wp.WP_JSON_PRETTY if indent else _wp.WP_JSON_COMPACT)
        check(rc)
        return text

    def to_dict(self) -> Dict[str, Any]:
        """The plan as plain Python data (parsed from :meth:`to_json`)."""
        return _json.loads(self.to_json(indent=False))["plan"]

    @classmethod
    def from_text(cls, text: Union[str, bytes, bytearray, memoryview], *, year: Optional[int] = None,
                  keep_spans: bool = True) -> "Plan":
        """Import the text of a work-plan document (doc/IMPORT.md).

        ``text`` is always the document's text itself (str, or bytes in UTF-8
        or GB18030), never a file name: ``from_text("/etc/passwd")`` imports
        those eleven characters. To import a file, call :meth:`from_file`
        (or ``workplan.import_file``); a path-like object passed here raises
        ``TypeError``. The import report is left in ``plan.report``.
        """
        if isinstance(text, os.PathLike):
            raise TypeError("from_text takes the text itself; use Plan.from_file(path) for a file")
        if not isinstance(text, (str, bytes, bytearray, memoryview)):
            raise TypeError(f"expected text (str or bytes), not {type(text).__name__}")
        rc, p, rep = _wp.wp_import_text(text, _import_options(year, keep_spans))
        return cls._imported(rc, p, rep)

    @classmethod
    def from_file(cls, path: PathLike, *, year: Optional[int] = None,
                  keep_spans: bool = True) -> "Plan":
        """Import a work-plan document from the file at ``path`` (a str or a
        path-like object), its format detected by content: text (UTF-8 or
        GB18030), a Word .docx or a saved web page (HTML). PDF, .doc,
        images and other formats raise :class:`workplan.FormatError` naming
        the format and what to do. This is the only entry point that reads a
        file named by the caller: :meth:`from_text` never treats its
        argument as a path. The import report is left in ``plan.report``.
        """
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"expected a path (str or os.PathLike), not {type(path).__name__}")
        rc, p, rep = _wp.wp_import_file(os.fspath(path), _import_options(year, keep_spans))
        return cls._imported(rc, p, rep)

    @classmethod
    def _imported(cls, rc: int, p, rep) -> "Plan":
        try:
            report = _report(rep) if rep is not None else None
        finally:
            if rep is not None:
                _wp.wp_import_report_free(rep)
        check(rc)
        plan = cls(p)
        plan.report = report
        return plan

    def copy(self) -> "Plan":
        """A deep copy."""
        rc, p = _wp.wp_plan_copy(self._p())
        check(rc)
        return Plan(p)

    def __eq__(self, other: object) -> bool:
        """Structural equality (every field, every node)."""
        return isinstance(other, Plan) and _wp.wp_plan_equal(self._p(), other._p())

    __hash__ = None  # type: ignore[assignment]  # mutable

    # ---- metadata ---------------------------------------------------------------

    id: Field[Optional[str]] = Field(_wp.wp_plan_id, _wp.wp_plan_set_id,
                                     "The plan id (by default its document number).")
    title: Field[Optional[str]] = Field(_wp.wp_plan_title, _wp.wp_plan_set_title,
                                        "The title (示例市科协2025年工作要点).")
    issuer: Field[Optional[str]] = Field(_wp.wp_plan_issuer, _wp.wp_plan_set_issuer,
                                         "The issuing body (发文机关).")
    publisher: Field[Optional[str]] = Field(_wp.wp_plan_publisher, _wp.wp_plan_set_publisher,
                                            "Who printed it (…办公室 in the 印发 line).")
    script: Field[Optional[str]] = Field(_wp.wp_plan_script, _wp.wp_plan_set_script,
                                         "zh-Hans or zh-Hant.")
    preamble: Field[Optional[str]] = Field(_wp.wp_plan_preamble, _wp.wp_plan_set_preamble,
                                           "The text before the first section.")

    @property
    def kind(self) -> str:
        """work_plan, implementation_plan, summary, notice or other."""
        return _wp.wp_plan_kind_name(_wp.wp_plan_kind_of(self._p()))

    @kind.setter
    def kind(self, name: str) -> None:
        check(_wp.wp_plan_set_kind(self._p(), _enum(PLAN_KINDS, name, "plan kind")))

    @property
    def year(self) -> int:
        return _wp.wp_plan_year(self._p())

    @year.setter
    def year(self, y: int) -> None:
        check(_wp.wp_plan_set_year(self._p(), int(y)))

    @property
    def issued(self):
        """The date of issue (成文日期) as a datetime.date, or None."""
        return to_date(_wp.wp_plan_issued(self._p()))

    @issued.setter
    def issued(self, d: Optional[DateLike]) -> None:
        check(_wp.wp_plan_set_issued(self._p(), from_date(d)))

    @property
    def published(self):
        """The publication date (印发 or web), or None."""
        return to_date(_wp.wp_plan_published(self._p()))

    @published.setter
    def published(self, d: Optional[DateLike]) -> None:
        check(_wp.wp_plan_set_published(self._p(), from_date(d)))

    @property
    def doc_number(self) -> Optional[DocNumber]:
        return DocNumber._from(_wp.wp_plan_doc_number(self._p()))

    @doc_number.setter
    def doc_number(self, d: Union[None, str, DocNumber]) -> None:
        if isinstance(d, str):
            d = DocNumber(d)
        if d is None:
            check(_wp.wpy_plan_set_doc_number(self._p(), None, None, 0, 0))
        else:
            check(_wp.wpy_plan_set_doc_number(self._p(), d.text, d.prefix, d.year, d.serial))

    @property
    def recipients(self) -> List[str]:
        p = self._p()
        return [_wp.wp_plan_recipient(p, i) for i in range(_wp.wp_plan_recipient_count(p))]

    def add_recipient(self, name: str) -> None:
        check(_wp.wp_plan_add_recipient(self._p(), name))

    @property
    def references(self) -> List[tuple]:
        """Cited documents as (title, DocNumber or None)."""
        p = self._p()
        return [(_wp.wp_plan_reference_title(p, i), DocNumber._from(_wp.wp_plan_reference_doc_number(p, i)))
                for i in range(_wp.wp_plan_reference_count(p))]

    def add_reference(self, title: str, number: Optional[DocNumber] = None) -> None:
        n = number or DocNumber(None)  # type: ignore[arg-type]
        check(_wp.wpy_plan_add_reference(self._p(), title, n.text, n.prefix, n.year, n.serial))

    @property
    def attachments(self) -> List[str]:
        p = self._p()
        return [_wp.wp_plan_attachment_title(p, i) for i in range(_wp.wp_plan_attachment_count(p))]

    def add_attachment(self, title: str) -> None:
        check(_wp.wp_plan_add_attachment(self._p(), title))

    @property
    def attrs(self) -> Attrs:
        return Attrs(self, lambda: _wp.wp_plan_attrs(self._p()))

    # ---- nodes -----------------------------------------------------------------------

    def _node(self, ptr) -> Optional[Node]:
        return None if ptr is None else Node(self, ptr)

    def _walk(self, root) -> Iterator[Node]:
        rc, it = (_wp.wp_iter_new_node(root) if root is not None else _wp.wp_iter_new(self._p()))
        check(rc)
        try:
            while True:
                ev = _wp.wp_iter_next(it)
                if ev == _wp.WP_EVENT_DONE:
                    return
                if ev == _wp.WP_EVENT_ENTER:
                    yield Node(self, _wp.wp_iter_node(it))
        finally:
            _wp.wp_iter_free(it)

    @property
    def nodes(self) -> List[Node]:
        """The top-level nodes (sections, attachments …)."""
        out = []
        n = _wp.wp_plan_first_node(self._p())
        while n is not None:
            out.append(Node(self, n))
            n = _wp.wp_node_next(n)
        return out

    def walk(self) -> Iterator[Node]:
        """Every node, depth first, in document order."""
        return self._walk(None)

    def __len__(self) -> int:
        """The number of nodes."""
        return _wp.wp_plan_node_count(self._p())

    def __iter__(self) -> Iterator[Node]:
        return self.walk()

    def __getitem__(self, node_id: str) -> Node:
        """The node with that id; KeyError if none."""
        n = _wp.wp_plan_find_node(self._p(), node_id)
        if n is None:
            raise KeyError(node_id)
        return Node(self, n)

    def __contains__(self, item: object) -> bool:
        """``'1.1.1' in plan`` is true exactly when ``plan['1.1.1']`` works;
        a Node is in the plan when it belongs to it and was not removed."""
        if isinstance(item, str):
            return _wp.wp_plan_find_node(self._p(), item) is not None
        if isinstance(item, Node):
            return (not item.removed and
                    _wp.wpy_addr(_wp.wp_node_plan(item._ptr)) == _wp.wpy_addr(self._p()))
        return False

    def get(self, node_id: str) -> Optional[Node]:
        return self._node(_wp.wp_plan_find_node(self._p(), node_id))

    def _new_node(self, kind, title, text, fields, attach) -> Node:
        rc, n = _wp.wp_node_new(self._p(), _enum(NODE_KINDS, kind, "node kind"))
        check(rc)
        node = Node(self, n)
        try:
            if title is not None:
                node.title = title
            if text is not None:
                node.text = text
            for k, v in fields.items():
                if k not in ("label", "number", "category", "status", "deadline", "id"):
                    raise TypeError(f"unknown node field {k!r}")
                setattr(node, k, v)
            check(attach(n))
        except BaseException:
            _wp.wp_node_remove(n)
            raise
        return node

    def add(self, kind: str = "section", title: Optional[str] = None, text: Optional[str] = None,
            **fields) -> Node:
        """Append a new top-level node and return it."""
        return self._new_node(kind, title, text, fields, lambda n: _wp.wp_plan_append_node(self._p(), n))

    def assign_ids(self) -> None:
        """Give every node without an id its default one (2.3.5, 2.3.5.t1 …)."""
        check(_wp.wp_plan_assign_ids(self._p()))

    # ---- units -------------------------------------------------------------------------

    @property
    def units(self) -> List[Unit]:
        p = self._p()
        return [Unit(self, _wp.wp_plan_unit(p, i)) for i in range(_wp.wp_plan_unit_count(p))]

    def unit(self, name: str) -> Optional[Unit]:
        """The unit with that name or alias, or None. Names match across
        Simplified/Traditional script and full-/half-width forms
        (``plan.unit('学会部')`` finds 學會部)."""
        u = _wp.wp_unit_find(self._p(), name)
        return Unit(self, u) if u is not None else None

    def add_unit(self, name: str, aliases=(), id: Optional[str] = None) -> Unit:
        rc, u = _wp.wp_unit_add(self._p(), name, id)
        check(rc)
        unit = Unit(self, u)
        for a in aliases:
            unit.add_alias(a)
        return unit

    def _unit_arg(self, unit: Union[Unit, str], create: bool = False) -> Unit:
        if isinstance(unit, Unit):
            if unit._plan._p() is not self._p():
                raise InvalidArgumentError("the unit belongs to another plan", code=_wp.WP_EINVAL)
            return unit
        if isinstance(unit, str):
            u = self.unit(unit)
            if u is None:
                if not create:
                    raise NotFoundError(f"no unit named {unit!r}", code=_wp.WP_ENOTFOUND)
                u = self.add_unit(unit)
            return u
        raise TypeError(f"expected a Unit or a unit name, not {type(unit).__name__}")

    # ---- queries and roll-ups ------------------------------------------------------------

    def query(self, text: str, limit: int = 0) -> List[Node]:
        """The nodes matching a query (doc/QUERY.md), in document order,
        e.g. ``plan.query("unit:办公室 role:lead due<=2025-06-30")``."""
        q = _Query(text)
        rc, lst = _wp.wp_query_select(q._ptr, self._p(), int(limit))
        check(rc)
        try:
            return [Node(self, _wp.wp_nodelist_get(lst, i)) for i in range(_wp.wp_nodelist_count(lst))]
        finally:
            _wp.wp_nodelist_free(lst)

    def count(self, text: str) -> int:
        """How many nodes match a query."""
        q = _Query(text)
        rc, n = _wp.wp_query_count(q._ptr, self._p())
        check(rc)
        return n

    def matrix(self, filter: Optional[str] = None, own: bool = False):
        """The responsibility matrix: units × top-level nodes (see :class:`Matrix`);
        ``own=True`` counts own assignments only, not inherited ones."""
        from .rollup import Matrix
        return Matrix._build(self, _query(filter), own)

    def indicators(self, filter: Optional[str] = None):
        """Every indicator of the nodes matching ``filter`` (all when None),
        as :class:`IndicatorRow` with target, actual and completion."""
        from .rollup import indicator_rows
        return indicator_rows(self, filter)

    def overdue(self, as_of: DateLike) -> List[Node]:
        """Nodes due before ``as_of`` and not done or cancelled."""
        d = to_date(from_date(as_of))
        return self.query(f"overdue:{d.isoformat()}")

    def diff(self, other: "Plan", threshold: Optional[float] = None, shift_years: bool = True,
             fold_script: bool = True, inherited_units: bool = False):
        """What changed from this plan to ``other`` (typically next year's):
        a :class:`workplan.diff.Diff` of added, removed, moved and changed
        nodes with their changes (text, indicators, deadline, units,
        status), metadata and units; ``.to_dataframe()`` for pandas.
        ``threshold`` (0..1, default 0.4) is the least match score;
        ``shift_years`` compares deadlines relative to each plan's year;
        ``fold_script`` matches across Traditional/Simplified;
        ``inherited_units`` lists unit changes on every node that inherits
        them, not only where they originate (doc/DIFF.md)."""
        from .diff import plan_diff
        return plan_diff(self, other, threshold, shift_years, fold_script, inherited_units)

    def to_dataframe(self, what: str = "nodes"):
        """A pandas DataFrame of ``"nodes"``, ``"indicators"`` or ``"matrix"``
        (needs pandas, Debian python3-pandas)."""
        from . import frames
        return frames.plan_frame(self, what)

    def __repr__(self) -> str:
        return f"<Plan {self.id or '-'} {self.title!r} ({self.kind}, {len(self)} nodes)>"


def _report(rep) -> ImportReport:
    counts = {name: _wp.wp_import_report_count(rep, i) for i, name in enumerate(_COUNT_NAMES)}
    warnings = [(_wp.wp_import_report_warning_line(rep, i), _wp.wp_import_report_warning(rep, i))
                for i in range(_wp.wp_import_report_warning_count(rep))]
    return ImportReport(counts, warnings)


class Collection:
    """Many plans queried together (e.g. five years of plans of several
    issuers). Results name their plan through ``node.plan``."""

    __slots__ = ("_ptr", "_plans", "_ids")

    def __init__(self, plans=()) -> None:
        self._ptr = None
        rc, c = _wp.wp_collection_new()
        check(rc)
        self._ptr = c
        self._plans: List[Plan] = []
        self._ids = _wp.wpy_idcache_new()  # id strs by corpus position (query_ids)
        for p in plans:
            self.add(p)

    def __del__(self) -> None:
        if getattr(self, "_ptr", None) is not None:
            for p in self._plans:  # their C plans go with the collection
                p._ptr = None
            _wp.wp_collection_free(self._ptr)
            self._ptr = None

    @classmethod
    def load(cls, *paths: PathLike) -> "Collection":
        """Load plans from files holding one plan or a corpus (CBOR sequence or JSON Lines)."""
        c = cls()
        for path in paths:
            check(_wp.wp_collection_load(c._ptr, os.fspath(path)))
        c._sync()
        return c

    def _sync(self) -> None:
        for i in range(len(self._plans), _wp.wp_collection_count(self._ptr)):
            self._plans.append(_Borrowed(_wp.wp_collection_plan(self._ptr, i), self))

    def add(self, plan: Plan) -> Plan:
        """Add a copy of ``plan``; returns the copy held by the collection."""
        rc, p = _wp.wp_plan_copy(plan._p())
        check(rc)
        rc = _wp.wp_collection_add(self._ptr, p)
        if rc < 0:
            _wp.wp_plan_free(p)
            check(rc)
        self._sync()
        return self._plans[-1]

    @property
    def plans(self) -> List[Plan]:
        return list(self._plans)

    def __len__(self) -> int:
        return len(self._plans)

    def __iter__(self) -> Iterator[Plan]:
        return iter(list(self._plans))

    def query(self, text: str, limit: int = 0) -> List[Node]:
        """Matching nodes of every plan, plan by plan, in document order."""
        q = _Query(text)
        out = _wp.wpy_collection_select_nodes(q._ptr, self._ptr, int(limit), self._plans, Node)
        if isinstance(out, int):
            check(out)
        return out

    def count(self, text: str) -> int:
        q = _Query(text)
        rc, n = _wp.wp_collection_count_matches(q._ptr, self._ptr)
        check(rc)
        return n

    def query_ids(self, text: str) -> List[Optional[str]]:
        """The ids of the matching nodes (as :meth:`query`, without a Node
        per match: the fast way to many matches).

        Each id str is made once and kept by the collection (by the node's
        corpus position), so that later queries hand out the same objects
        instead of new ones; everything kept is dropped when a plan is
        added or edited. Cost: 8 bytes per node up to the last one a query
        returned (~10 MB at a million tasks), plus one str (56 bytes for a
        short id) per distinct id returned; :meth:`drop_caches` frees them."""
        q = _Query(text)
        out = _wp.wpy_collection_select_ids_cached(q._ptr, self._ptr, self._ids)
        if isinstance(out, int):
            check(out)
        return out

    def drop_caches(self) -> None:
        """Free the id strs :meth:`query_ids` keeps (made again on demand)."""
        _wp.wpy_idcache_clear_all(self._ids)

    def rows(self, fields=("id", "title", "text", "units"), kind: Optional[str] = "task"):
        """Every node of ``kind`` (None: all) as tuples of ``fields`` (see
        :data:`workplan.columns.FIELDS`; one field: the values alone),
        built in C column by column — the fast way over a whole corpus."""
        from . import columns
        return columns.rows(self, fields, kind)

    def to_dataframe(self, kind: Optional[str] = "task", fields=None):
        """A pandas DataFrame with one row per node of ``kind`` (None: all),
        columns built in C (plan, id, kind, label, title, text, category,
        status, due, lead, units, indicators)."""
        from . import columns
        return columns.frame(self, kind, fields or columns.FIELDS)

    def __repr__(self) -> str:
        return f"<Collection of {len(self)} plans>"


class _Borrowed(Plan):
    """A plan owned by a Collection: keeps the collection alive."""
    __slots__ = ()

    def __init__(self, ptr, owner: Collection) -> None:
        super().__init__(ptr, owner)

    def _p(self):
        if self._ptr is None:
            raise InvalidArgumentError("the collection holding this plan was freed", code=_wp.WP_EINVAL)
        return self._ptr


def iter_corpus(path: PathLike) -> Iterator[Plan]:
    """The plans of a corpus file (CBOR sequence or JSON Lines), one at a
    time: a corpus larger than memory can be scanned."""
    rc, reader = _wp.wp_corpus_reader_open(os.fspath(path))
    check(rc)
    try:
        while True:
            rc, p = _wp.wp_corpus_reader_next(reader)
            if rc == _wp.WP_ITEROVER:
                return
            check(rc)
            yield Plan(p)
    finally:
        _wp.wp_corpus_reader_free(reader)


def save_corpus(plans, path: PathLike, format: str = "cbor") -> int:
    """Write plans to one corpus file (``"cbor"``: a CBOR sequence,
    ``"jsonl"``: JSON Lines), atomically; returns how many were written."""
    fmt = {"cbor": _wp.WP_CORPUS_CBOR, "jsonl": _wp.WP_CORPUS_JSONL}.get(format)
    if fmt is None:
        raise InvalidArgumentError(f"format must be 'cbor' or 'jsonl', not {format!r}",
                                   code=_wp.WP_EINVAL)
    rc, writer = _wp.wp_corpus_writer_open(os.fspath(path), fmt)
    check(rc)
    n = 0
    try:
        for p in plans:
            if not isinstance(p, Plan):
                raise TypeError(f"expected Plan objects, not {type(p).__name__}")
            check(_wp.wp_corpus_writer_add(writer, p._p()))
            n += 1
        check(_wp.wp_corpus_writer_commit(writer))
    finally:
        _wp.wp_corpus_writer_free(writer)  # uncommitted: the old file stays
    return n


# ---- documents in (.docx, HTML), ledgers and reports out (issue 13) ----------
# Added to Plan here, at the end, so that this block stays one piece.

def _read_source(source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    with open(os.fspath(source), "rb") as f:
        return f.read()


def _from_docx(cls, source, *, year: Optional[int] = None, keep_spans: bool = True) -> "Plan":
    """Import a Word .docx (bytes, or a path): paragraphs, Word's automatic
    numbering, tables as task tables; not headers, footers, comments or
    tracked deletions."""
    rc, p, rep = _wp.wpy_import_docx(_read_source(source), _import_options(year, keep_spans))
    return cls._imported(rc, p, rep)


def _from_html(cls, source, *, year: Optional[int] = None, keep_spans: bool = True) -> "Plan":
    """Import a saved web page (bytes, a str of HTML, or a path): the
    article, without navigation, scripts, share widgets or footers."""
    if isinstance(source, str) and "<" in source:
        data: Union[str, bytes] = source
    else:
        data = _read_source(source)
    rc, p, rep = _wp.wpy_import_html(data, _import_options(year, keep_spans))
    return cls._imported(rc, p, rep)


def _plans_of(plan, others) -> list:
    return [plan._p()] + [o._p() for o in others]


def _as_of(as_of) -> Optional[str]:
    return None if as_of is None else str(as_of)[:10]


def _to_csv(self, *others: "Plan", as_of=None, bom: bool = True) -> str:
    """The task ledger (序号, 篇章, 类别, 任务, 牵头单位, 配合单位, 完成时限, 指标,
    状态, 最新进展, 编号) as CSV text (RFC 4180; a BOM unless ``bom=False``).
    Further plans make a corpus ledger with a first column 计划. ``as_of``
    (a date or YYYY-MM-DD) decides 逾期; today by default."""
    rc, text = _wp.wpy_export_csv(_plans_of(self, others), _as_of(as_of), bool(bom))
    check(rc)
    return text


def _to_xlsx(self, path: PathLike, *others: "Plan", as_of=None) -> None:
    """Write the ledger as an Excel workbook (one sheet per plan and a 责任矩阵
    sheet), atomically."""
    check(_wp.wpy_export_xlsx(os.fspath(path), _plans_of(self, others), _as_of(as_of)))


def _report_html(self, *others: "Plan", as_of=None) -> str:
    """A self-contained HTML report: outline, responsibility heatmap,
    indicators with completion bars, overdue tasks."""
    rc, text = _wp.wpy_export_report_html(_plans_of(self, others), _as_of(as_of))
    check(rc)
    return text


Plan.from_docx = classmethod(_from_docx)  # type: ignore[attr-defined]
Plan.from_html = classmethod(_from_html)  # type: ignore[attr-defined]
Plan.to_csv = _to_csv  # type: ignore[attr-defined]
Plan.to_xlsx = _to_xlsx  # type: ignore[attr-defined]
Plan.report_html = _report_html  # type: ignore[attr-defined]
