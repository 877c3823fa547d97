"""Value objects and small wrappers: dates, deadlines, document numbers,
units, assignments, indicators, progress reports and custom attributes.

Objects that live inside a plan (Unit, Indicator, Report) hold a reference
to their :class:`~workplan.Plan`, so the plan outlives them; once removed
from the plan (or merged, for units) they raise :class:`RemovedError`.
"""
from __future__ import annotations

import datetime as _dt
from typing import (TYPE_CHECKING, Any, Callable, Dict, Generic, Iterator, List, MutableMapping,
                    NamedTuple, Optional, TypeVar, Union, overload)

from . import capi as _wp
from .errors import RemovedError, check, InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from .node import Node
    from .plan import Plan

DateLike = Union[_dt.date, str]
T = TypeVar("T")


class Field(Generic[T]):
    """A typed property over a C getter and setter taking the object's
    pointer (``obj._p()``), so that editors and type checkers know the
    field's type; the setter raises the library's error."""

    def __init__(self, get: Callable[[Any], T], set_: Optional[Callable[[Any, Any], int]] = None,
                 doc: str = "", convert: Optional[Callable[[Any], Any]] = None) -> None:
        self._get, self._set, self._convert = get, set_, convert
        self.__doc__ = doc

    def __set_name__(self, owner, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, owner: type) -> "Field[T]": ...
    @overload
    def __get__(self, obj: object, owner: type) -> T: ...

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return self._get(obj._p())

    def __set__(self, obj, value: T) -> None:
        if self._set is None:
            raise AttributeError(f"{self._name} is read-only")
        check(self._set(obj._p(), self._convert(value) if self._convert else value))

# ---- dates and enums ---------------------------------------------------------


def to_date(d: int) -> Optional[_dt.date]:
    """A wp_date (0 = none) as a datetime.date or None."""
    if not d:
        return None
    return _dt.date(_wp.wp_date_year(d), _wp.wp_date_month(d), _wp.wp_date_day(d))


def from_date(d: Optional[DateLike]) -> int:
    """A date, ISO string or None as a wp_date."""
    if d is None:
        return 0
    if isinstance(d, str):
        rc, v = _wp.wp_date_parse(d)
        check(rc)
        return v
    if isinstance(d, _dt.datetime):
        d = d.date()
    if not isinstance(d, _dt.date):
        raise TypeError(f"expected a datetime.date or an ISO date string, not {type(d).__name__}")
    v = _wp.wp_date_make(d.year, d.month, d.day)
    if not v:
        raise InvalidArgumentError(f"date out of range: {d}")
    return v


def _enum(names: Dict[str, int], name: Union[str, int], what: str) -> int:
    if isinstance(name, int):
        return name
    try:
        return names[name]
    except KeyError:
        raise InvalidArgumentError(f"unknown {what} {name!r}; one of: {', '.join(names)}") from None


NODE_KINDS = {_wp.wp_node_kind_name(k): k for k in range(7)}
STATUSES = {_wp.wp_status_name(k): k for k in range(6)}
ROLES = {_wp.wp_role_name(k): k for k in range(3)}
OPS = {_wp.wp_op_name(k): k for k in range(7) if _wp.wp_op_name(k)}
PRECISIONS = {_wp.wp_precision_name(k): k for k in range(8) if _wp.wp_precision_name(k)}
REPORT_STATES = {_wp.wp_report_state_name(k): k for k in range(4)}
PLAN_KINDS = {_wp.wp_plan_kind_name(k): k for k in range(16) if _wp.wp_plan_kind_name(k)}


class Deadline(NamedTuple):
    """When a node is due: ``end`` (the last day), an optional ``start``
    (a window such as 上半年), its ``precision`` (day, month, quarter, half,
    year), the words as printed and whether it is hedged (力争)."""
    end: _dt.date
    start: Optional[_dt.date] = None
    precision: str = "day"
    text: Optional[str] = None
    aspirational: bool = False


class DocNumber(NamedTuple):
    """A document number (发文字号) such as 示科协发〔2025〕3号."""
    text: str
    prefix: Optional[str] = None
    year: int = 0
    serial: int = 0

    @staticmethod
    def _from(d) -> Optional["DocNumber"]:
        return None if d is None else DocNumber(d.text, d.prefix, d.year, d.serial)


class Assignment(NamedTuple):
    """A unit's responsibility for a node: role is lead, support or responsible."""
    unit: "Unit"
    role: str
    person: Optional[str] = None


# ---- units ---------------------------------------------------------------------


class Unit:
    """A responsible unit (责任单位) of a plan's registry."""

    __slots__ = ("_plan", "_ptr")

    def __init__(self, plan: "Plan", ptr) -> None:
        self._plan = plan
        self._ptr = ptr

    def _p(self):
        if not _wp.wpy_unit_live(self._ptr):
            raise RemovedError("unit was merged into another and left the registry",
                               code=_wp.WP_EREMOVED)
        return self._ptr

    @property
    def id(self) -> str:
        """The unit id (u1, u2 …), used by assignments in files."""
        return _wp.wp_unit_id(self._p())

    @property
    def name(self) -> str:
        return _wp.wp_unit_name(self._p())

    @property
    def aliases(self) -> List[str]:
        p = self._p()
        return [_wp.wp_unit_alias(p, i) for i in range(_wp.wp_unit_alias_count(p))]

    def add_alias(self, alias: str) -> None:
        check(_wp.wp_unit_add_alias(self._p(), alias))

    def merge(self, other: "Unit") -> None:
        """Take over ``other``'s aliases and assignments; ``other`` becomes removed."""
        check(_wp.wp_unit_merge(self._p(), other._p()))

    @property
    def plan(self) -> "Plan":
        return self._plan

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unit) and _wp.wpy_addr(self._ptr) == _wp.wpy_addr(other._ptr)

    def __hash__(self) -> int:
        return _wp.wpy_addr(self._ptr)

    def __repr__(self) -> str:
        if not _wp.wpy_unit_live(self._ptr):
            return "<Unit (merged)>"
        return f"<Unit {self.id} {self.name!r}>"


# ---- indicators ------------------------------------------------------------------


class Indicator:
    """A quantitative target of a node (新建院士工作站2家以上 → op ge, value 2, unit 家)."""

    __slots__ = ("_plan", "_ptr")

    def __init__(self, plan: "Plan", ptr) -> None:
        self._plan = plan
        self._ptr = ptr

    def _p(self):
        if not _wp.wpy_indicator_live(self._ptr):
            raise RemovedError("indicator was removed from its node", code=_wp.WP_EREMOVED)
        return self._ptr

    @property
    def node(self) -> "Node":
        return self._plan._node(_wp.wp_indicator_node(self._p()))

    text: Field[Optional[str]] = Field(_wp.wp_indicator_text, _wp.wp_indicator_set_text,
                                       "The words of the target as printed.")
    subject: Field[Optional[str]] = Field(_wp.wp_indicator_subject, _wp.wp_indicator_set_subject,
                                          "What is counted (院士工作站), or None.")
    unit: Field[Optional[str]] = Field(_wp.wp_indicator_unit, _wp.wp_indicator_set_unit,
                                       "Measure word or symbol (家, 场次, %), or None.")
    value: Field[float] = Field(_wp.wp_indicator_value, _wp.wp_indicator_set_value,
                                "The target value (NaN if not set).", float)
    aspirational: Field[bool] = Field(_wp.wp_indicator_aspirational, _wp.wp_indicator_set_aspirational,
                                      "Hedged with 力争 / 争取.", bool)
    cumulative: Field[bool] = Field(_wp.wp_indicator_cumulative, _wp.wp_indicator_set_cumulative,
                                    "Actuals add up (counts) rather than replace each other (rates).",
                                    bool)
    baseline: Field[float] = Field(_wp.wp_indicator_baseline, _wp.wp_indicator_set_baseline,
                                   "The starting value (NaN if not set).", float)
    max: Field[float] = Field(_wp.wp_indicator_max, _wp.wp_indicator_set_max,
                              "High bound of a range target (NaN if not a range).", float)

    @property
    def op(self) -> str:
        """Comparator: eq, ge, gt, le, lt, approx or range."""
        return _wp.wp_op_name(_wp.wp_indicator_op(self._p()))

    @op.setter
    def op(self, name: str) -> None:
        check(_wp.wp_indicator_set_op(self._p(), _enum(OPS, name, "op")))

    @property
    def actual(self) -> float:
        """The latest approved actual (summed if cumulative), NaN if none."""
        return _wp.wp_indicator_actual(self._p())

    @property
    def completion(self) -> float:
        """actual / target as a ratio (NaN when either is unknown)."""
        return _wp.wp_indicator_completion(self._p())

    @property
    def met(self) -> bool:
        """Whether the approved actual satisfies the target."""
        return _wp.wp_indicator_met(self._p())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Indicator) and _wp.wpy_addr(self._ptr) == _wp.wpy_addr(other._ptr)

    def __hash__(self) -> int:
        return _wp.wpy_addr(self._ptr)

    def __repr__(self) -> str:
        if not _wp.wpy_indicator_live(self._ptr):
            return "<Indicator (removed)>"
        return f"<Indicator {self.op} {self.value:g}{self.unit or ''} {self.text!r}>"


# ---- progress reports ----------------------------------------------------------------


class Report:
    """A progress report on a node: date, reporting unit, text, percent,
    state (draft, submitted, approved, returned) and actuals per indicator.
    Only approved reports count in roll-ups."""

    __slots__ = ("_plan", "_ptr")

    def __init__(self, plan: "Plan", ptr) -> None:
        self._plan = plan
        self._ptr = ptr

    def _p(self):
        if not _wp.wpy_report_live(self._ptr):
            raise RemovedError("report was removed from its node", code=_wp.WP_EREMOVED)
        return self._ptr

    @property
    def node(self) -> "Node":
        return self._plan._node(_wp.wp_report_node(self._p()))

    @property
    def date(self) -> Optional[_dt.date]:
        return to_date(_wp.wp_report_date(self._p()))

    @date.setter
    def date(self, d: DateLike) -> None:
        check(_wp.wp_report_set_date(self._p(), from_date(d)))

    @property
    def by(self) -> Optional[Unit]:
        u = _wp.wp_report_by(self._p())
        return Unit(self._plan, u) if u is not None else None

    @by.setter
    def by(self, unit: Optional[Union[Unit, str]]) -> None:
        u = None if unit is None else self._plan._unit_arg(unit)._p()
        check(_wp.wp_report_set_by(self._p(), u))

    @property
    def text(self) -> Optional[str]:
        return _wp.wp_report_text(self._p())

    @text.setter
    def text(self, v: Optional[str]) -> None:
        check(_wp.wp_report_set_text(self._p(), v))

    @property
    def percent(self) -> float:
        return _wp.wp_report_percent(self._p())

    @percent.setter
    def percent(self, v: float) -> None:
        check(_wp.wp_report_set_percent(self._p(), float(v)))

    @property
    def state(self) -> str:
        return _wp.wp_report_state_name(_wp.wp_report_state_of(self._p()))

    @state.setter
    def state(self, name: str) -> None:
        check(_wp.wp_report_set_state(self._p(), _enum(REPORT_STATES, name, "report state")))

    @property
    def actuals(self) -> Dict[Indicator, float]:
        p = self._p()
        return {Indicator(self._plan, _wp.wp_report_actual_indicator(p, i)):
                _wp.wp_report_actual_value(p, i) for i in range(_wp.wp_report_actual_count(p))}

    def set_actual(self, indicator: Indicator, value: float) -> None:
        check(_wp.wp_report_set_actual(self._p(), indicator._p(), float(value)))

    def __repr__(self) -> str:
        if not _wp.wpy_report_live(self._ptr):
            return "<Report (removed)>"
        return f"<Report {self.date} {self.state}>"


# ---- custom attributes ---------------------------------------------------------------


class Attrs(MutableMapping[str, Any]):
    """Custom attributes of a plan or node: str, int, float or bool values."""

    __slots__ = ("_owner", "_get")

    def __init__(self, owner, get) -> None:
        self._owner = owner  # keeps the plan (and checks the node) alive
        self._get = get      # returns the wp_attrs pointer, raising if dead

    def __getitem__(self, key: str) -> Any:
        v = _wp.wp_attrs_get(self._get(), key)
        if v is None:
            raise KeyError(key)
        return _value(v)

    def __setitem__(self, key: str, value: Any) -> None:
        a = self._get()
        if isinstance(value, bool):
            check(_wp.wp_attrs_set_bool(a, key, value))
        elif isinstance(value, int):
            check(_wp.wp_attrs_set_int(a, key, value))
        elif isinstance(value, float):
            check(_wp.wp_attrs_set_float(a, key, value))
        elif isinstance(value, str):
            check(_wp.wp_attrs_set_text(a, key, value))
        else:
            raise TypeError(f"attribute values are str, int, float or bool, not {type(value).__name__}")

    def __delitem__(self, key: str) -> None:
        a = self._get()
        if _wp.wp_attrs_get(a, key) is None:
            raise KeyError(key)
        check(_wp.wp_attrs_remove(a, key))

    def __iter__(self) -> Iterator[str]:
        a = self._get()
        return iter([_wp.wp_attrs_key(a, i) for i in range(_wp.wp_attrs_count(a))])

    def __len__(self) -> int:
        return _wp.wp_attrs_count(self._get())

    def __repr__(self) -> str:
        return f"Attrs({dict(self)!r})"


def _value(v) -> Any:
    t = _wp.wpy_value_type(v)
    if t == _wp.WP_VALUE_TEXT:
        return _wp.wpy_value_text(v)
    if t == _wp.WP_VALUE_INT:
        return _wp.wpy_value_int(v)
    if t == _wp.WP_VALUE_FLOAT:
        return _wp.wpy_value_float(v)
    return _wp.wpy_value_bool(v)
