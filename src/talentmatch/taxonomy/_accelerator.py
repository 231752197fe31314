"""The optional C accelerator of tokenising and alias scanning (``_native.c``).

``native()`` returns the compiled module, or None when it was not built (an install without
a compiler) or ``TALENTMATCH_PURE_PYTHON=1`` asks for the pure-Python path, which stays the
reference: ``tokens.tokenize`` and ``AliasMatcher.scan_tokens`` give identical tokens and
candidates either way (tests/test_taxonomy_native.py). The switch is ``talentmatch._compiled``.

Example:
    >>> native() is None or callable(native().tokenize)
    True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar, cast

from talentmatch._compiled import compiled, pure_python

__all__ = ["Native", "native"]

_Candidate = TypeVar("_Candidate", bound=tuple[Any, ...])


class Native(Protocol):
    """The accelerator's functions, as ``native()`` returns them.

    The one statement of their types: the module is imported by name, so mypy needs no
    stub of the compiled module.
    """

    def tokenize(
        self, text: str, normalize: Callable[[str], str], /
    ) -> tuple[list[str], list[int], list[int], list[str]]: ...

    def scan(
        self,
        keys: list[str],
        seps: list[str],
        table: dict[str, Any],
        indexed: Mapping[str, object],
        build: Callable[[str], None],
        candidate_type: type[_Candidate],
        separator: str,
        /,
    ) -> list[_Candidate]: ...


@functools.cache
def _loaded() -> Native | None:
    return cast(Native | None, compiled("talentmatch.taxonomy._native", Native))


def native() -> Native | None:
    """Return the C accelerator, or None for the pure-Python path.

    Example:
        >>> native() is None or hasattr(native(), "scan")
        True
    """
    return None if pure_python() else _loaded()
