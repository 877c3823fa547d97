"""Bulk export: the nodes of many plans as columns built in C (columns.h).

One C pass collects the rows; each column then becomes one Python list
(or one bytes buffer of int32 for numpy) in a single C call. This is the
fast way to a pandas DataFrame, and to iterate over every task of a
corpus: no Node proxy is created per row.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, List, Sequence, Tuple

from . import capi as _wp
from .errors import InvalidArgumentError, check
from .objects import NODE_KINDS, ROLES, STATUSES

if TYPE_CHECKING:  # pragma: no cover
    from .plan import Collection

TEXT_FIELDS = {"id": _wp.WP_COL_ID, "label": _wp.WP_COL_LABEL, "title": _wp.WP_COL_TITLE,
               "text": _wp.WP_COL_TEXT, "category": _wp.WP_COL_CATEGORY}
INT_FIELDS = {"kind": _wp.WP_COL_KIND, "status": _wp.WP_COL_STATUS, "due": _wp.WP_COL_DUE,
              "indicators": _wp.WP_COL_INDICATORS}
#: Fields rows() and to_dataframe() know, in DataFrame column order.
FIELDS = ("plan", "id", "kind", "label", "title", "text", "category", "status", "due", "lead",
          "units", "indicators")

_KIND_NAMES = [_wp.wp_node_kind_name(k) for k in range(len(NODE_KINDS))]
_STATUS_NAMES = [_wp.wp_status_name(k) for k in range(len(STATUSES))]


class _Columns:
    """A C table (wp_columns) over a collection; freed with the object."""

    __slots__ = ("_ptr", "_owner")

    def __init__(self, coll: "Collection", kind: str = "task") -> None:
        self._ptr = None
        if kind is None or kind == "all":
            k = _wp.WP_COLUMNS_ALL_KINDS
        elif kind in NODE_KINDS:
            k = NODE_KINDS[kind]
        else:
            raise InvalidArgumentError(f"unknown node kind {kind!r}", code=_wp.WP_EINVAL)
        rc, ptr = _wp.wp_collection_columns(coll._ptr, k)
        check(rc)
        self._ptr = ptr
        self._owner = coll  # the C table borrows from the collection's plans

    def __del__(self) -> None:
        if getattr(self, "_ptr", None) is not None:
            _wp.wp_columns_free(self._ptr)
            self._ptr = None

    def __len__(self) -> int:
        return _wp.wp_columns_rows(self._ptr)

    def texts(self, field: str) -> List[Any]:
        return _wp.wpy_columns_texts(self._ptr, TEXT_FIELDS[field])

    def ints(self, col: int) -> memoryview:
        return memoryview(_wp.wpy_columns_ints(self._ptr, col)).cast("i")

    def plan_ids(self) -> List[Any]:
        return _wp.wpy_columns_plan_ids(self._ptr)

    def unit_names(self) -> List[str]:
        return _wp.wpy_columns_unit_names(self._ptr)

    def units(self, role: str = None) -> List[Tuple[str, ...]]:
        r = -1 if role is None else ROLES[role]
        return _wp.wpy_columns_units(self._ptr, r)

    def column(self, field: str) -> List[Any]:
        """One field as a plain Python list."""
        if field in TEXT_FIELDS:
            return self.texts(field)
        if field == "plan":
            ids = self.plan_ids()
            return [ids[i] for i in self.ints(_wp.WP_COL_PLAN)]
        if field == "kind":
            return [_KIND_NAMES[k] for k in self.ints(_wp.WP_COL_KIND)]
        if field == "status":
            return [_STATUS_NAMES[k] for k in self.ints(_wp.WP_COL_STATUS)]
        if field == "due":
            from .objects import to_date
            return [to_date(d) if d else None for d in self.ints(_wp.WP_COL_DUE)]
        if field == "lead":
            names = self.unit_names()
            return [names[c] if c >= 0 else None for c in self.ints(_wp.WP_COL_LEAD)]
        if field == "units":
            return self.units()
        if field == "indicators":
            return list(self.ints(_wp.WP_COL_INDICATORS))
        raise InvalidArgumentError(f"unknown field {field!r} (known: {', '.join(FIELDS)})",
                                   code=_wp.WP_EINVAL)


def rows(coll: "Collection", fields: Sequence[str], kind: str = "task") -> Iterator[tuple]:
    cols = _Columns(coll, kind)
    lists = [cols.column(f) for f in fields]
    del cols
    if len(lists) == 1:
        return iter(lists[0])
    return zip(*lists)


def frame(coll: "Collection", kind: str = "task", fields: Sequence[str] = FIELDS):
    from .frames import _pandas
    pd = _pandas()
    import numpy as np
    for f in fields:
        if f not in FIELDS:
            raise InvalidArgumentError(f"unknown field {f!r} (known: {', '.join(FIELDS)})",
                                       code=_wp.WP_EINVAL)
    cols = _Columns(coll, kind)
    n = len(cols)
    # The text columns and the units tuples: one 2-D object array filled in
    # C in one pass over the rows, handed to pandas as one block (no copy).
    obj_fields = [f for f in fields if f in TEXT_FIELDS or f == "units"]
    obj = np.empty((len(obj_fields), n), dtype=object)
    if obj_fields and n:
        _wp.wpy_columns_fill(cols._ptr, [TEXT_FIELDS.get(f, -1) for f in obj_fields], obj)
    df = pd.DataFrame(obj.T, columns=obj_fields, copy=False)
    for loc, f in enumerate(fields):
        if f in TEXT_FIELDS or f == "units":
            continue
        if f == "plan":
            ids = cols.plan_ids()
            codes = np.frombuffer(cols.ints(_wp.WP_COL_PLAN), dtype=np.int32)
            if len(set(ids)) == len(ids) and None not in ids:
                v = pd.Categorical.from_codes(codes, categories=ids)
            else:
                v = np.array(ids, dtype=object)[codes] if n else []
        elif f in ("kind", "status"):
            names = _KIND_NAMES if f == "kind" else _STATUS_NAMES
            codes = np.frombuffer(cols.ints(INT_FIELDS[f]), dtype=np.int32)
            v = pd.Categorical.from_codes(codes, categories=names)
        elif f == "due":
            d = np.frombuffer(cols.ints(_wp.WP_COL_DUE), dtype=np.int32).astype(np.int64)
            has = d > 0
            d = np.where(has, d, 19700101)
            months = (d // 10000 - 1970) * 12 + (d // 100 % 100 - 1)
            days = months.astype("datetime64[M]").astype("datetime64[D]") + (d % 100 - 1)
            days[~has] = np.datetime64("NaT")
            v = days.astype("datetime64[ns]")
        elif f == "lead":
            codes = np.frombuffer(cols.ints(_wp.WP_COL_LEAD), dtype=np.int32)
            v = pd.Categorical.from_codes(codes, categories=cols.unit_names())
        else:  # indicators
            v = np.frombuffer(cols.ints(_wp.WP_COL_INDICATORS), dtype=np.int32)
        df.insert(loc, f, v)
    return df
