"""pandas DataFrames of nodes, indicators and the responsibility matrix.

pandas is optional (Debian python3-pandas): it is imported only here, when
a DataFrame is asked for.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from .plan import Plan
    from .rollup import Matrix


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the machine
        raise ImportError("to_dataframe() needs pandas (Debian: apt-get install python3-pandas)") from e
    return pandas


def plan_frame(plan: "Plan", what: str):
    pd = _pandas()
    if what == "nodes":
        rows = [dict(n.to_dict(), plan=plan.id) for n in plan.walk()]
        cols = ["plan", "id", "kind", "label", "title", "text", "category", "status", "deadline",
                "lead", "support", "responsible", "indicators"]
        return pd.DataFrame(rows, columns=cols)
    if what == "indicators":
        rows = [{"plan": plan.id, "node": r.node.id, "subject": r.subject, "op": r.op,
                 "target": r.target, "unit": r.unit, "actual": r.actual,
                 "completion": r.completion, "met": r.met, "text": r.text}
                for r in plan.indicators()]
        return pd.DataFrame(rows, columns=["plan", "node", "subject", "op", "target", "unit",
                                           "actual", "completion", "met", "text"])
    if what == "matrix":
        return plan.matrix().to_dataframe()
    raise ValueError(f"what must be 'nodes', 'indicators' or 'matrix', not {what!r}")


def matrix_frame(m: "Matrix", role: Optional[str]):
    pd = _pandas()
    labels = [m.column_label(c) for c in m.columns]
    data = []
    for _unit, cells, _total in m.rows():
        data.append([c[role] if role else sum(c.values()) for c in cells])
    return pd.DataFrame(data, index=pd.Index([u.name for u in m.units], name="unit"),
                        columns=labels)
