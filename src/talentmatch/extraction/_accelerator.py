"""The optional C accelerator of skill-mention assembly (``_native.c``).

``native()`` returns the compiled module, or None when it was not built (an install without
a compiler) or ``TALENTMATCH_PURE_PYTHON=1`` asks for the pure-Python path, which stays the
reference: ``TaxonomyExtractor._occurrences`` and ``_mentions`` give identical mentions either
way (tests/test_extraction_native.py). The accelerator runs their loops for the common case,
calls the rules back in Python, and returns None for input it leaves to the Python loops.
The switch is ``talentmatch._compiled``.

Example:
    >>> native() is None or callable(native().mentions)
    True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, cast

from talentmatch._compiled import compiled, pure_python
from talentmatch.models.skills import Occurrence, SkillMention

__all__ = ["Native", "native"]


class Native(Protocol):
    """The accelerator's functions, as ``native()`` returns them.

    The one statement of their types: the module is imported by name, so mypy needs no
    stub of the compiled module. ``context`` is ``taxonomy_extractor._native_context()``.
    """

    def occurrences(
        self,
        hits: list[Any],
        text: str,
        keys: list[str],
        seps: list[str],
        skill_tokens: set[int],
        types: list[Any],
        scopes: list[tuple[int, int, Any]],
        boilerplate: list[tuple[int, int]],
        title_end: int,
        page_starts: list[int],
        page_numbers: list[int],
        sections: list[tuple[int, int, str | None]],
        positions: list[tuple[int, int, int | None]],
        language_rejected: Callable[[Any], bool],
        context: tuple[object, ...],
        /,
    ) -> dict[int, list[Occurrence]] | None: ...

    def mentions(
        self,
        grouped: dict[int, list[Occurrence]],
        concepts: tuple[Any, ...],
        keep_unclaimed: bool,
        is_resume: bool,
        ref: str,
        months: Callable[[set[int]], tuple[int | None, str | None]],
        context: tuple[object, ...],
        /,
    ) -> list[SkillMention] | None: ...


@functools.cache
def _loaded() -> Native | None:
    return cast(Native | None, compiled("talentmatch.extraction._native", Native))


def native() -> Native | None:
    """Return the C accelerator, or None for the pure-Python path.

    Example:
        >>> native() is None or callable(native().occurrences)
        True
    """
    return None if pure_python() else _loaded()
