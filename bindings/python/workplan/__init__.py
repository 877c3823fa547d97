"""workplan: Chinese public-sector work plans as data.

The Python face of libworkplan (a C library): plans with their metadata,
numbered hierarchy, tasks, quantitative targets, deadlines, responsible
units and progress; a query language; roll-ups; import from document text.

>>> import workplan
>>> plan = workplan.Plan.from_text("示例2025年工作要点\\n一、重点任务\\n1.办好活动。开展活动10场以上。（牵头部门：办公室）\\n")
>>> [n.id for n in plan.query("unit:办公室 role:lead")]
['1.1']
>>> plan["1.1.t1"].indicators[0].value
10.0

Errors raise :class:`workplan.Error` subclasses; names follow the data
model (MODEL.md) as in C, CBOR and JSON.
"""
from . import capi as _wp
from .errors import (Error, ExistsError, FileError, FormatError, InvalidArgumentError,
                     IterationOverError, LimitError, NotFoundError, NotSupportedError,
                     OutOfMemoryError, QuerySyntaxError, RemovedError, StructureError, UTF8Error,
                     VersionError)
from .node import Node
from .objects import Assignment, Attrs, Deadline, DocNumber, Indicator, Report, Unit
from .plan import Collection, ImportReport, Plan, iter_corpus, save_corpus
from . import columns
from .rollup import IndicatorRow, Matrix

__version__: str = _wp.WP_VERSION_STRING

load = Plan.load
loads = Plan.loads
from_text = Plan.from_text
from_file = import_file = Plan.from_file
from_json = Plan.from_json

__all__ = [
    "Plan", "Node", "Unit", "Assignment", "Indicator", "Report", "Deadline", "DocNumber", "Attrs",
    "Collection", "ImportReport", "Matrix", "IndicatorRow", "load", "loads", "from_text",
    "from_file", "import_file",
    "iter_corpus", "save_corpus",
    "from_json", "Error", "OutOfMemoryError", "InvalidArgumentError", "NotFoundError",
    "ExistsError", "UTF8Error", "StructureError", "RemovedError", "FileError", "FormatError",
    "VersionError", "LimitError", "QuerySyntaxError", "IterationOverError", "NotSupportedError",
    "__version__",
]
