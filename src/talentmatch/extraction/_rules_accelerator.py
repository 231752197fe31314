"""The optional C accelerator of candidate resolution (``_rules.c``).

``native()`` returns the compiled module, or None when it was not built (an install without
a compiler) or ``TALENTMATCH_PURE_PYTHON=1`` asks for the pure-Python path. The rules of
``taxonomy_extractor`` (``_plain``, ``_fits``, ``_decide``, ``_mutual``, ``_widen``,
``_list_neighbours``, ``verb_phrases.members``) stay the reference: both paths give identical hits
(tests/test_extraction_rules_native.py). The switch is ``talentmatch._compiled``.

Example:
    >>> native() is None or callable(native().resolve)
    True
"""

from __future__ import annotations

import functools
from typing import Any, Protocol, cast

from talentmatch._compiled import compiled, pure_python

__all__ = ["Native", "native"]


class Native(Protocol):
    """The accelerator's functions, as ``native()`` returns them.

    The one statement of their types: the module is imported by name, so mypy needs no
    stub of the compiled module. Either returns None for an input it hands back to the
    Python path (an odd type, an offset outside the text).
    """

    def resolve(
        self,
        text: str,
        keys: list[str],
        starts: list[int],
        ends: list[int],
        seps: list[str],
        candidates: list[Any],
        layout: Any,
        rules: tuple[Any, ...],
        /,
    ) -> tuple[list[Any], bytearray] | None: ...

    def segments(
        self, layout: Any, offsets: list[int], /
    ) -> list[tuple[tuple[int, int], tuple[int, int]] | None] | None: ...

    def widen(
        self,
        hits: list[Any],
        keys: list[str],
        seps: list[str],
        starts: list[int],
        ends: list[int],
        types: list[Any],
        tool: object,
        fuzzy: object,
        tails: frozenset[str],
        not_after: frozenset[str],
        vendors: frozenset[str],
        /,
    ) -> set[int] | None: ...

    def list_neighbours(
        self, hits: list[Any], keys: list[str], covered: bytearray, joiners: frozenset[str], /
    ) -> set[int] | None: ...

    def members(self, keys: list[str], wanted: frozenset[str], /) -> list[int] | None: ...


@functools.cache
def _loaded() -> Native | None:
    return cast(Native | None, compiled("talentmatch.extraction._rules", Native))


def native() -> Native | None:
    """Return the C accelerator, or None for the pure-Python path.

    Example:
        >>> native() is None or hasattr(native(), "widen")
        True
    """
    return None if pure_python() else _loaded()
