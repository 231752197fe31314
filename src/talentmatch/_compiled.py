"""The switch and loader of the optional C accelerators.

Small C extensions (``documents/pdf/_native.c``, ``documents/_native.c``,
``taxonomy/_native.c``, ``models/_native.c``, ``extraction/_native.c``,
``extraction/_rules.c``) are built at install when a compiler is present. Each only speeds
up work whose pure-Python code stays the reference, with identical results. An install
without a compiler goes on without them; ``TALENTMATCH_PURE_PYTHON=1`` turns them off.

Example:
    >>> compiled("talentmatch.no_such_module") is None
    True
"""

from __future__ import annotations

import importlib
import logging
import os
from types import ModuleType

logger = logging.getLogger(__name__)

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


def compiled(name: str, like: type | None = None) -> ModuleType | None:
    """The compiled module ``name``, or None when it was not built or is out of date.

    Args:
        name: the module's dotted name, e.g. ``"talentmatch.taxonomy._native"``.
        like: the Protocol that states the module's functions. A module missing one of them
            was built from older sources (an editable install after an update, before its
            extensions were rebuilt): it is not used, and one warning says to rebuild.

    Example:
        >>> compiled("talentmatch.no_such_module") is None
        True
    """
    try:
        module = importlib.import_module(name)
    except ImportError:  # built without a compiler: the pure path does the same work
        return None
    missing = sorted(n for n in _functions(like) if not hasattr(module, n)) if like else []
    if missing:
        logger.warning(
            "compiled module %s is out of date (no %s); using the pure-Python path. "
            "Rebuild it with `pip install -e .` or `make test`.",
            name,
            ", ".join(missing),
        )
        return None
    return module


def _functions(protocol: type) -> list[str]:
    """The public functions a Protocol class states."""
    return [n for n, v in vars(protocol).items() if callable(v) and not n.startswith("_")]
