"""Nodes: the headings, work points, tasks, paragraphs and attachments of a plan."""
from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterator, List, Mapping, Optional, Tuple, Union

from . import capi as _wp
from .errors import RemovedError, check
from .objects import (NODE_KINDS, PRECISIONS, ROLES, STATUSES, Assignment, Attrs, DateLike,
                      Deadline, Field, Indicator, Report, Unit, _enum, from_date, to_date)

if TYPE_CHECKING:  # pragma: no cover
    from .plan import Plan


class Node:
    """One node of a plan's tree.

    A node keeps its plan alive: dropping the :class:`Plan` while holding a
    node is safe. After :meth:`remove` (of it or an ancestor) every use
    raises :class:`~workplan.RemovedError`.
    """

    __slots__ = ("_plan", "_ptr")

    def __init__(self, plan: "Plan", ptr) -> None:
        # Collection.query (capi.i wpy_collection_select_nodes) fills these
        # two slots without calling __init__: keep __init__ to them.
        self._plan = plan
        self._ptr = ptr

    def _p(self):
        if _wp.wp_node_is_removed(self._ptr):
            raise RemovedError("node was removed from its plan", code=_wp.WP_EREMOVED)
        return self._ptr

    # ---- identity and fields -------------------------------------------------

    @property
    def plan(self) -> "Plan":
        return self._plan

    @property
    def removed(self) -> bool:
        """True once the node (or an ancestor) was removed."""
        return _wp.wp_node_is_removed(self._ptr)

    @property
    def id(self) -> Optional[str]:
        """The node id (2.3.5, 2.3.5.t1, a1.r3 …)."""
        return _wp.wp_node_id(self._p())

    @id.setter
    def id(self, v: str) -> None:
        check(_wp.wp_node_set_id(self._p(), v))

    @property
    def kind(self) -> str:
        """section, subsection, point, item, task, paragraph or attachment."""
        return _wp.wp_node_kind_name(_wp.wp_node_kind_of(self._p()))

    @kind.setter
    def kind(self, name: str) -> None:
        check(_wp.wp_node_set_kind(self._p(), _enum(NODE_KINDS, name, "node kind")))

    label: Field[Optional[str]] = Field(_wp.wp_node_label, _wp.wp_node_set_label,
                                        "The label as printed (一, （一）, 1), or None.")
    title: Field[Optional[str]] = Field(_wp.wp_node_title, _wp.wp_node_set_title, "The heading, or None.")
    text: Field[Optional[str]] = Field(_wp.wp_node_text, _wp.wp_node_set_text, "The body text, or None.")
    category: Field[Optional[str]] = Field(_wp.wp_node_category, _wp.wp_node_set_category,
                                           "The category of a task-table row (类别), or None.")

    @property
    def number(self) -> int:
        """The ordinal of its label (三 → 3), 0 if none."""
        return _wp.wp_node_number(self._p())

    @number.setter
    def number(self, v: int) -> None:
        check(_wp.wp_node_set_number(self._p(), int(v)))

    @property
    def status(self) -> str:
        """not_started, in_progress, done, delayed, extended or cancelled."""
        return _wp.wp_status_name(_wp.wp_node_status(self._p()))

    @status.setter
    def status(self, name: str) -> None:
        check(_wp.wp_node_set_status(self._p(), _enum(STATUSES, name, "status")))

    @property
    def deadline(self) -> Optional[Deadline]:
        d = _wp.wp_node_deadline(self._p())
        if d is None:
            return None
        return Deadline(to_date(d.end), to_date(d.start), _wp.wp_precision_name(d.precision),
                        d.text, bool(d.aspirational))

    @deadline.setter
    def deadline(self, d: Union[None, Deadline, DateLike]) -> None:
        p = self._p()
        if d is None:
            check(_wp.wpy_node_set_deadline(p, None, 0, 0, 0, False))
            return
        if not isinstance(d, Deadline):
            d = Deadline(d)  # a date or an ISO string: the last day
        check(_wp.wpy_node_set_deadline(p, d.text, from_date(d.start), from_date(d.end),
                                        _enum(PRECISIONS, d.precision, "precision"),
                                        bool(d.aspirational)))

    @property
    def source(self) -> Optional[Tuple[int, int]]:
        """(offset, length) of the node's text in the imported document, or None."""
        ok, off, length = _wp.wp_node_source(self._p())
        return (off, length) if ok else None

    @property
    def attrs(self) -> Attrs:
        """Custom attributes (str, int, float, bool)."""
        return Attrs(self, lambda: _wp.wp_node_attrs(self._p()))

    def is_overdue(self, as_of: DateLike) -> bool:
        """Due before ``as_of`` and not done or cancelled."""
        return _wp.wp_node_is_overdue(self._p(), from_date(as_of))

    # ---- tree --------------------------------------------------------------------

    @property
    def parent(self) -> Optional["Node"]:
        """The parent node; None for a top-level node."""
        return self._plan._node(_wp.wp_node_parent(self._p()))

    @property
    def children(self) -> List["Node"]:
        out = []
        c = _wp.wp_node_first_child(self._p())
        while c is not None:
            out.append(Node(self._plan, c))
            c = _wp.wp_node_next(c)
        return out

    @property
    def next(self) -> Optional["Node"]:
        return self._plan._node(_wp.wp_node_next(self._p()))

    @property
    def prev(self) -> Optional["Node"]:
        return self._plan._node(_wp.wp_node_prev(self._p()))

    @property
    def depth(self) -> int:
        """0 for a top-level node."""
        return _wp.wp_node_depth(self._p())

    def walk(self) -> Iterator["Node"]:
        """This node and its descendants, depth first, in document order."""
        yield from self._plan._walk(self._p())

    def add(self, kind: str = "task", title: Optional[str] = None, text: Optional[str] = None,
            **fields) -> "Node":
        """Append a new child node and return it (fields: label, number,
        category, status, deadline, id)."""
        return self._plan._new_node(kind, title, text, fields, lambda n: _wp.wp_node_append_child(self._p(), n))

    def insert_before(self, kind: str = "task", title: Optional[str] = None,
                      text: Optional[str] = None, **fields) -> "Node":
        """A new sibling before this node."""
        return self._plan._new_node(kind, title, text, fields, lambda n: _wp.wp_node_insert_before(self._p(), n))

    def insert_after(self, kind: str = "task", title: Optional[str] = None,
                     text: Optional[str] = None, **fields) -> "Node":
        """A new sibling after this node."""
        return self._plan._new_node(kind, title, text, fields, lambda n: _wp.wp_node_insert_after(self._p(), n))

    def move_to(self, parent: Optional["Node"]) -> None:
        """Move this node (with its subtree) to the end of ``parent``'s
        children (None: the top level)."""
        p = self._p()
        check(_wp.wp_node_unlink(p))
        if parent is None:
            check(_wp.wp_plan_append_node(self._plan._p(), p))
        else:
            check(_wp.wp_node_append_child(parent._p(), p))

    def remove(self) -> None:
        """Remove the node and its subtree from the plan. Node objects for
        them raise RemovedError afterwards."""
        check(_wp.wp_node_remove(self._p()))

    # ---- responsibility -----------------------------------------------------------

    @property
    def assignments(self) -> List[Assignment]:
        p = self._p()
        return [Assignment(Unit(self._plan, _wp.wp_node_assignment_unit(p, i)),
                           _wp.wp_role_name(_wp.wp_node_assignment_role(p, i)),
                           _wp.wp_node_assignment_person(p, i))
                for i in range(_wp.wp_node_assignment_count(p))]

    @property
    def effective_assignments(self) -> List[Assignment]:
        """The assignments that apply to this node: its own if it has any,
        else those of its nearest ancestor that has some (what queries and
        roll-ups use)."""
        p = self._p()
        return [Assignment(Unit(self._plan, _wp.wp_node_effective_assignment_unit(p, i)),
                           _wp.wp_role_name(_wp.wp_node_effective_assignment_role(p, i)),
                           _wp.wp_node_effective_assignment_person(p, i))
                for i in range(_wp.wp_node_effective_assignment_count(p))]

    @property
    def responsibility_source(self) -> Optional["Node"]:
        """The node whose assignments are this node's effective ones (itself
        or an ancestor), or None."""
        n = _wp.wp_node_assignment_source(self._p())
        return Node(self._plan, n) if n is not None else None

    def assign(self, unit: Union[Unit, str], role: str = "lead", person: Optional[str] = None) -> Unit:
        """Assign a unit (a Unit, or a name: found or added to the registry)."""
        u = self._plan._unit_arg(unit, create=True)
        check(_wp.wp_node_assign(self._p(), u._p(), _enum(ROLES, role, "role"), person))
        return u

    def unassign(self, unit: Union[Unit, str], role: Optional[str] = None) -> None:
        """Drop the assignments of ``unit`` (of one role, or all)."""
        u = self._plan._unit_arg(unit)
        p = self._p()
        for i in reversed(range(_wp.wp_node_assignment_count(p))):
            if (_wp.wpy_addr(_wp.wp_node_assignment_unit(p, i)) == _wp.wpy_addr(u._p()) and
                    (role is None or _wp.wp_role_name(_wp.wp_node_assignment_role(p, i)) == role)):
                check(_wp.wp_node_unassign(p, i))

    # ---- targets and progress ---------------------------------------------------------

    @property
    def indicators(self) -> List[Indicator]:
        p = self._p()
        return [Indicator(self._plan, _wp.wp_node_indicator(p, i))
                for i in range(_wp.wp_node_indicator_count(p))]

    def add_indicator(self, text: str, op: str = "eq", value: Optional[float] = None,
                      unit: Optional[str] = None, subject: Optional[str] = None,
                      aspirational: bool = False, cumulative: bool = True) -> Indicator:
        """Add a quantitative target, e.g. ``add_indicator("2家以上", "ge", 2, "家")``."""
        rc, ptr = _wp.wp_node_add_indicator(self._p(), text)
        check(rc)
        ind = Indicator(self._plan, ptr)
        ind.op = op
        if value is not None:
            ind.value = value
        if unit is not None:
            ind.unit = unit
        if subject is not None:
            ind.subject = subject
        ind.aspirational = aspirational
        ind.cumulative = cumulative
        return ind

    def remove_indicator(self, indicator: Indicator) -> None:
        check(_wp.wp_node_remove_indicator(self._p(), _wp.wp_indicator_index(indicator._p())))

    @property
    def reports(self) -> List[Report]:
        p = self._p()
        return [Report(self._plan, _wp.wp_node_report(p, i)) for i in range(_wp.wp_node_report_count(p))]

    def report(self, date: DateLike, *, percent: Optional[float] = None, text: Optional[str] = None,
               state: str = "submitted", by: Optional[Union[Unit, str]] = None,
               actuals: Optional[Mapping[Indicator, float]] = None) -> Report:
        """Add a progress report; only ``state="approved"`` ones count in roll-ups."""
        rc, ptr = _wp.wp_node_add_report(self._p(), from_date(date))
        check(rc)
        r = Report(self._plan, ptr)
        if percent is not None:
            r.percent = percent
        if text is not None:
            r.text = text
        if by is not None:
            r.by = by
        for ind, v in (actuals or {}).items():
            r.set_actual(ind, v)
        r.state = state
        return r

    # ---- Python protocol ----------------------------------------------------------------

    def to_dict(self) -> Dict[str, object]:
        """The node's own fields (not its children) as plain Python values."""
        d = self.deadline
        return {
            "id": self.id, "kind": self.kind, "label": self.label, "title": self.title,
            "text": self.text, "category": self.category, "status": self.status,
            "deadline": d.end if d else None,
            "lead": [a.unit.name for a in self.assignments if a.role == "lead"],
            "support": [a.unit.name for a in self.assignments if a.role == "support"],
            "responsible": [a.unit.name for a in self.assignments if a.role == "responsible"],
            "indicators": len(self.indicators),
        }

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and _wp.wpy_addr(self._ptr) == _wp.wpy_addr(other._ptr)

    def __hash__(self) -> int:
        return _wp.wpy_addr(self._ptr)

    def __repr__(self) -> str:
        if self.removed:
            return "<Node (removed)>"
        words = self.title or self.text or ""
        if len(words) > 24:
            words = words[:24] + "…"
        return f"<Node {self.kind} {self.id} {words!r}>"
