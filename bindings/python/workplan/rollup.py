"""Roll-ups: the responsibility matrix and the indicator table."""
from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, NamedTuple, Optional, Tuple

from . import capi as _wp
from .errors import check
from .node import Node
from .objects import Indicator, Unit

if TYPE_CHECKING:  # pragma: no cover
    from .plan import Plan, _Query

ROLE_NAMES = ("lead", "support", "responsible")


class Matrix:
    """Units × top-level nodes, counting the measures (leaves; or the nodes
    matching the filter) of each column's subtree that each unit leads,
    supports or is responsible for, by effective responsibility (a task
    without an annotation counts for its point's units); ``own=True`` counts
    own assignments only.

    ``units`` are the rows, ``columns`` the top-level nodes; ``cell(unit,
    column)`` gives a ``{"lead": n, "support": n, "responsible": n}`` dict
    and ``total(unit)`` the row's totals (the unit's workload).
    """

    def __init__(self, units: List[Unit], columns: List[Node],
                 counts: Dict[Tuple[int, int], Dict[str, int]], totals: List[Dict[str, int]]) -> None:
        self.units = units
        self.columns = columns
        self._counts = counts
        self._totals = totals

    @classmethod
    def _build(cls, plan: "Plan", query: Optional["_Query"], own: bool = False) -> "Matrix":
        rc, m = _wp.wp_matrix_build_ex(plan._p(), None if query is None else query._ptr,
                                       _wp.WP_ASSIGN_OWN if own else 0)
        check(rc)
        try:
            nu, nc = _wp.wp_matrix_unit_count(m), _wp.wp_matrix_column_count(m)
            units = [Unit(plan, _wp.wp_matrix_unit(m, r)) for r in range(nu)]
            columns = [Node(plan, _wp.wp_matrix_column(m, c)) for c in range(nc)]
            counts = {(r, c): {name: _wp.wp_matrix_cell(m, r, c, role)
                               for role, name in enumerate(ROLE_NAMES)}
                      for r in range(nu) for c in range(nc)}
            totals = [{name: _wp.wp_matrix_unit_total(m, r, role) for role, name in enumerate(ROLE_NAMES)}
                      for r in range(nu)]
        finally:
            _wp.wp_matrix_free(m)
        return cls(units, columns, counts, totals)

    def cell(self, unit: Unit, column: Node) -> Dict[str, int]:
        return dict(self._counts[(self.units.index(unit), self.columns.index(column))])

    def total(self, unit: Unit) -> Dict[str, int]:
        return dict(self._totals[self.units.index(unit)])

    def rows(self):
        """(unit, [cell per column], total) for each unit."""
        for r, u in enumerate(self.units):
            yield u, [dict(self._counts[(r, c)]) for c in range(len(self.columns))], dict(self._totals[r])

    def column_label(self, column: Node) -> str:
        """一 … or the column's title when it has no label."""
        return column.label or column.title or column.id or "?"

    def to_dataframe(self, role: Optional[str] = None):
        """A DataFrame: one row per unit, one column per top-level node (by
        label), values = assignments of ``role`` (None: all roles summed)."""
        from .frames import matrix_frame
        return matrix_frame(self, role)

    def __repr__(self) -> str:
        return f"<Matrix {len(self.units)} units × {len(self.columns)} columns>"


class IndicatorRow(NamedTuple):
    """One indicator with its node, target, latest approved actual and completion."""
    node: Node
    indicator: Indicator
    subject: Optional[str]
    op: str
    target: float
    unit: Optional[str]
    actual: float
    completion: float
    met: bool
    text: str


def indicator_rows(plan: "Plan", filter: Optional[str]) -> List[IndicatorRow]:
    nodes = plan.query(filter if filter else "has:indicator")
    out = []
    for n in nodes:
        for ind in n.indicators:
            out.append(IndicatorRow(n, ind, ind.subject, ind.op, ind.value, ind.unit, ind.actual,
                                    ind.completion, ind.met, ind.text))
    return out
