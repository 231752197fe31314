"""Keep PDF engines' log records out of the caller's logs, and count them.

pypdf reports every robustness fix on a malformed file through ``logging`` (loggers named
after its modules, ``pypdf._reader`` and so on). That is noise for a caller loading
resumes, and it can quote file content. Changing logger levels is global and not
thread-safe, so instead a ``logging.Filter`` is attached once to each engine logger: it
drops a record only while the current context (thread or task) is inside a read, and
counts it there. Records emitted outside a read pass untouched.

A filter on a logger only sees records created on that very logger (not its children),
which is why it is attached to every engine module's logger, including ones imported later
(checked at the start of each read).
"""

from __future__ import annotations

import functools
import logging
import sys
from contextvars import ContextVar, Token

__all__ = ["EngineLog", "captured_engine_logs"]

_PREFIXES = ("pypdf", "pypdfium2")
_SINK: ContextVar[EngineLog | None] = ContextVar("talentmatch_pdf_engine_log", default=None)


class EngineLog:
    """Counts of engine log records dropped during one read (no text is kept)."""

    __slots__ = ("errors", "warnings")

    def __init__(self) -> None:
        self.warnings = 0
        self.errors = 0

    @property
    def total(self) -> int:
        """Warnings plus errors."""
        return self.warnings + self.errors


class _DropDuringRead(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        sink = _SINK.get()
        if sink is None:
            return True
        if record.levelno >= logging.ERROR:
            sink.errors += 1
        elif record.levelno >= logging.WARNING:
            sink.warnings += 1
        return False


def _engine_logger_names() -> set[str]:
    names = {name for name in list(sys.modules) if name.startswith(_PREFIXES)}
    names.update(_PREFIXES)
    return {n for n in names if n.split(".")[0] in _PREFIXES}


@functools.lru_cache(maxsize=1)
def _attach_filters(module_count: int) -> None:
    """Attach the filter to every engine logger; rerun only when modules were imported."""
    for name in _engine_logger_names():
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DropDuringRead) for f in logger.filters):
            logger.addFilter(_DropDuringRead())


class _Captured:
    """The context ``captured_engine_logs`` returns (a class: a generator-based context
    manager costs a few microseconds per document)."""

    __slots__ = ("log", "token")

    log: EngineLog
    token: Token[EngineLog | None]

    def __enter__(self) -> EngineLog:
        _attach_filters(len(sys.modules))
        self.log = EngineLog()
        self.token = _SINK.set(self.log)
        return self.log

    def __exit__(self, *exc: object) -> None:
        _SINK.reset(self.token)


def captured_engine_logs() -> _Captured:
    """Drop and count engine log records emitted in this context while the block runs.

    Example:
        >>> import logging
        >>> with captured_engine_logs() as log:
        ...     logging.getLogger("pypdf._reader").warning("odd xref")
        >>> log.warnings
        1
    """
    return _Captured()
