"""Exceptions: one class per C error code, all under :class:`Error`.

Every failing call of the C library returns a negative ``wp_error_code``
and leaves a message, and for text input a position, in the thread's last
error. :func:`check` turns that into the matching exception.
"""
from __future__ import annotations

from typing import Dict, Optional, Type

from . import capi as _wp


class Error(Exception):
    """A failure reported by libworkplan.

    Attributes:
        code: the C error code (negative int), e.g. ``-3`` for WP_EINVAL.
        name: its symbolic name, e.g. ``"WP_EINVAL"``.
        message: the library's one-line message (says what and where).
        offset: byte offset in the input, or None.
        line: 1-based line in text input, or None.
        column: 1-based column (characters), or None.
    """

    code: int = _wp.WP_ERROR

    def __init__(self, message: str, *, code: Optional[int] = None, offset: Optional[int] = None,
                 line: Optional[int] = None, column: Optional[int] = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.name = _wp.wp_error_code_name(self.code) or "WP_ERROR"
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return self.message  # the library's message already says where

    def __reduce__(self):  # picklable, e.g. across multiprocessing
        return (_rebuild, (type(self), self.message, self.code, self.offset, self.line, self.column))


def _rebuild(cls, message, code, offset, line, column):
    return cls(message, code=code, offset=offset, line=line, column=column)


class OutOfMemoryError(Error, MemoryError):
    """WP_ENOMEM: an allocation failed."""
    code = _wp.WP_ENOMEM


class InvalidArgumentError(Error, ValueError):
    """WP_EINVAL: an argument is out of range, None where not allowed, or a bad name."""
    code = _wp.WP_EINVAL


class NotFoundError(Error, LookupError):
    """WP_ENOTFOUND: the thing looked up does not exist."""
    code = _wp.WP_ENOTFOUND


class ExistsError(Error, ValueError):
    """WP_EEXISTS: a name or id is already taken."""
    code = _wp.WP_EEXISTS


class UTF8Error(Error, ValueError):
    """WP_EUTF8: text is not valid UTF-8."""
    code = _wp.WP_EUTF8


class StructureError(Error, ValueError):
    """WP_ESTRUCTURE: the tree operation would break the tree's rules."""
    code = _wp.WP_ESTRUCTURE


class RemovedError(Error):
    """WP_EREMOVED: the node, unit, indicator or report was removed from its plan."""
    code = _wp.WP_EREMOVED


class FileError(Error, OSError):
    """WP_EIO: reading or writing a file failed."""
    code = _wp.WP_EIO


class FormatError(Error, ValueError):
    """WP_EFORMAT: malformed input data (CBOR, JSON or document text)."""
    code = _wp.WP_EFORMAT


class VersionError(FormatError):
    """WP_EVERSION: the file was written in a format version this library does not read."""
    code = _wp.WP_EVERSION


class LimitError(Error, ValueError):
    """WP_ELIMIT: the input exceeds a limit (size, depth, count)."""
    code = _wp.WP_ELIMIT


class QuerySyntaxError(Error, ValueError):
    """WP_ESYNTAX: a syntax error in a query; ``column`` says where."""
    code = _wp.WP_ESYNTAX


class IterationOverError(Error):
    """WP_ITEROVER: an iteration is over (internal; not raised by this package's API)."""
    code = _wp.WP_ITEROVER


class NotSupportedError(Error, NotImplementedError):
    """WP_ENOTSUP: the feature is not in this build of libworkplan (e.g. OpenCC)."""
    code = _wp.WP_ENOTSUP


ERRORS: Dict[int, Type[Error]] = {
    cls.code: cls
    for cls in (Error, OutOfMemoryError, InvalidArgumentError, NotFoundError, ExistsError,
                UTF8Error, StructureError, RemovedError, FileError, FormatError, VersionError,
                LimitError, QuerySyntaxError, IterationOverError, NotSupportedError)
}


def last_error(code: Optional[int] = None) -> Error:
    """The thread's last error as an exception (of the class for its code)."""
    e = _wp.wp_error_last()
    code = e.code if code is None or e.code == code else code
    cls = ERRORS.get(code, Error)
    offset = None if e.offset >= (1 << 63) else e.offset  # WP_NO_OFFSET is (size_t)-1
    return cls(e.message or _wp.wp_error_code_name(code) or "error", code=code, offset=offset,
               line=e.line or None, column=e.column or None)


def check(rc: int) -> int:
    """Raise the error for a negative status; return it otherwise."""
    if rc < 0:
        raise last_error(rc)
    return rc
