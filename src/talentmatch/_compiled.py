"""The switch and loader of the optional C accelerators.

Four small C extensions (``documents/pdf/_native.c``, ``documents/_native.c``,
``taxonomy/_native.c``, ``models/_native.c``) are built at install when a compiler is
present. Each only speeds up work whose pure-Python code stays the reference, with identical
results. An install
without a compiler goes on without them; ``TALENTMATCH_PURE_PYTHON=1`` turns them off.

Example:
    >>> compiled("talentmatch.no_such_module") is None
    True
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

__all__ = ["PURE_PYTHON_ENV", "compiled", "pure_python"]

PURE_PYTHON_ENV = "TALENTMATCH_PURE_PYTHON"
"""Set to 1 to skip the C accelerators (same output, slower)."""


def pure_python() -> bool:
    """True when ``TALENTMATCH_PURE_PYTHON`` asks for the pure-Python paths.

    Read on every call, so a test or a caller may switch paths at run time.

    Example:
        >>> isinstance(pure_python(), bool)
        True
    """
    return os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0")


def compiled(name: str) -> ModuleType | None:
    """The compiled module ``name``, or None when it was not built.

    Args:
        name: the module's dotted name, e.g. ``"talentmatch.taxonomy._native"``.

    Example:
        >>> compiled("talentmatch.no_such_module") is None
        True
    """
    try:
        return importlib.import_module(name)
    except ImportError:  # built without a compiler: the pure path does the same work
        return None
