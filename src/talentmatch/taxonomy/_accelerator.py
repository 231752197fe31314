"""The optional C accelerator of tokenising, alias scanning and output models (``_native.c``).

``native()`` returns the compiled module, or None when it was not built (an install without
a compiler) or ``TALENTMATCH_PURE_PYTHON=1`` asks for the pure-Python path, which stays the
reference: ``tokens.tokenize`` and ``AliasMatcher.scan_tokens`` give identical tokens and
candidates either way, and ``model_builder()`` models equal to ``trusted_model``'s
(tests/test_taxonomy_native.py).

Example:
    >>> native() is None or callable(native().tokenize)
    True
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar, cast

from pydantic import BaseModel

from talentmatch.models._trusted import trusted_model

__all__ = ["PURE_PYTHON_ENV", "Native", "model_builder", "native"]

_Candidate = TypeVar("_Candidate", bound=tuple[Any, ...])
_Model = TypeVar("_Model", bound=BaseModel)

PURE_PYTHON_ENV = "TALENTMATCH_PURE_PYTHON"
"""Set to 1 to skip the C accelerators (same output, slower)."""


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

    def bind_model_slots(self, descriptors: tuple[object, object, object, object], /) -> None: ...

    def new_model(self, cls: type[_Model], values: dict[str, Any], /) -> _Model: ...


@functools.cache
def _loaded() -> Native | None:
    try:
        module = importlib.import_module("talentmatch.taxonomy._native")
    except ImportError:  # built without a compiler: the pure path does the same work
        return None
    accelerator = cast(Native, module)
    slots = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
    accelerator.bind_model_slots(tuple(BaseModel.__dict__[name] for name in slots))
    return accelerator


def native() -> Native | None:
    """Return the C accelerator, or None for the pure-Python path.

    Example:
        >>> native() is None or hasattr(native(), "scan")
        True
    """
    if os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0"):
        return None
    return _loaded()


def model_builder() -> Callable[[type[_Model], dict[str, Any]], _Model]:
    """``models._trusted.trusted_model``, or the accelerator's copy of it (half the time).

    Example:
        >>> from talentmatch.models import Span
        >>> model_builder()(Span, {"start": 0, "end": 4, "page": None}) == Span(start=0, end=4)
        True
    """
    accelerator = native()
    return trusted_model if accelerator is None else accelerator.new_model
