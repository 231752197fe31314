"""Frozen models built from values the library produced itself, without re-validation.

``trusted_model`` is the reference; ``model_builder()`` returns it, or the optional C
accelerator's copy of it (``_native.c``: the same four slot writes in about half the time),
unless ``TALENTMATCH_PURE_PYTHON=1`` (``talentmatch._compiled``). Both build equal models
(tests/test_models_native.py).

Example:
    >>> from talentmatch.models import Span
    >>> trusted_model(Span, {"start": 1, "end": 3, "page": None}) == Span(start=1, end=3)
    True
"""

from __future__ import annotations

import functools
from typing import Any, Protocol, TypeVar, cast

from pydantic import BaseModel

from talentmatch._compiled import compiled, pure_python

__all__ = ["ModelBuilder", "Native", "model_builder", "native", "trusted_model"]

_Model = TypeVar("_Model", bound=BaseModel)


def trusted_model(cls: type[_Model], values: dict[str, Any]) -> _Model:
    """Build a frozen model from values already known to be valid, without validation.

    What ``model_construct`` does minus its per-field alias and default handling, which
    costs more than the rest of loading or extraction. ``values`` must hold every field,
    already of the field's type. Used only for data the library produced or checked itself;
    tests compare the result with the validated model.

    Raises:
        TypeError: ``cls`` is not a frozen model (its instances share one field set, which
            only a frozen model leaves unchanged).

    Example:
        >>> from talentmatch.models import Span
        >>> span = trusted_model(Span, {"start": 0, "end": 4, "page": 1})
        >>> span == Span.model_validate(span.model_dump())
        True
    """
    instance = _new(cls)
    _set_dict(instance, values)
    _set_fields_set(instance, _fields_set(cls))
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


@functools.cache
def _fields_set(cls: type[BaseModel]) -> set[str]:
    """A model's field names, as the one set that every trusted model of ``cls`` shares.

    ``values`` holds every field, so every field counts as set. Sharing the set is safe
    because the models are frozen: pydantic adds to ``__pydantic_fields_set__`` only on an
    attribute assignment, which a frozen model refuses first, and ``model_copy`` copies the
    set before it adds updated names. Callers must not change ``model_fields_set``.

    Raises:
        TypeError: ``cls`` is not frozen.
    """
    if not cls.model_config.get("frozen"):
        raise TypeError(f"trusted_model builds frozen models only, not {cls.__name__}")
    return set(cls.model_fields)


# Writing through BaseModel's slot and ``__dict__`` descriptors skips the attribute lookup
# of object.__setattr__, which is most of the cost for a small model. The accelerator is
# bound to the same four descriptors.
_new = object.__new__
_DESCRIPTORS = (
    BaseModel.__dict__["__dict__"],
    BaseModel.__dict__["__pydantic_fields_set__"],
    BaseModel.__dict__["__pydantic_extra__"],
    BaseModel.__dict__["__pydantic_private__"],
)
_set_dict, _set_fields_set, _set_extra, _set_private = (d.__set__ for d in _DESCRIPTORS)


class ModelBuilder(Protocol):
    """What ``trusted_model`` and its compiled copy have in common."""

    def __call__(self, cls: type[_Model], values: dict[str, Any], /) -> _Model: ...


class Native(Protocol):
    """The accelerator's functions (the one statement of their types)."""

    def bind_model_slots(self, descriptors: tuple[object, object, object, object], /) -> None: ...

    def new_model(self, cls: type[_Model], values: dict[str, Any], /) -> _Model: ...


@functools.cache
def _loaded() -> Native | None:
    accelerator = cast(Native | None, compiled("talentmatch.models._native", Native))
    if accelerator is not None:
        accelerator.bind_model_slots(_DESCRIPTORS)
    return accelerator


def native() -> Native | None:
    """Return the C accelerator, or None for the pure-Python path.

    Example:
        >>> native() is None or callable(native().new_model)
        True
    """
    return None if pure_python() else _loaded()


def model_builder() -> ModelBuilder:
    """``trusted_model``, or the accelerator's copy of it: ask once per document or text.

    Example:
        >>> from talentmatch.models import Span
        >>> model_builder()(Span, {"start": 0, "end": 4, "page": None}) == Span(start=0, end=4)
        True
    """
    accelerator = native()
    return trusted_model if accelerator is None else accelerator.new_model
