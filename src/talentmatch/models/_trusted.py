"""Frozen models built from values the library produced itself, without re-validation.

Example:
    >>> from talentmatch.models import Span
    >>> trusted_model(Span, {"start": 1, "end": 3, "page": None}) == Span(start=1, end=3)
    True
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["trusted_model"]

_Model = TypeVar("_Model", bound=BaseModel)


def trusted_model(cls: type[_Model], values: dict[str, Any]) -> _Model:
    """Build a frozen model from values already known to be valid, without validation.

    What ``model_construct`` does minus its per-field alias and default handling, which
    costs more than the rest of loading or extraction. ``values`` must hold every field,
    already of the field's type. Used only for data the library produced or checked itself;
    tests compare the result with the validated model.

    Example:
        >>> from talentmatch.models import Span
        >>> span = trusted_model(Span, {"start": 0, "end": 4, "page": 1})
        >>> span == Span.model_validate(span.model_dump())
        True
    """
    instance = _new(cls)
    _set_dict(instance, values)
    _set_fields_set(instance, set(_field_names(cls)))
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


@functools.cache
def _field_names(cls: type[BaseModel]) -> frozenset[str]:
    """A model's field names: ``values`` holds exactly these, and copying a frozenset into
    the instance's own set is cheaper than building one from the dict's keys."""
    return frozenset(cls.model_fields)


# Writing through BaseModel's slot and ``__dict__`` descriptors skips the attribute lookup
# of object.__setattr__, which is most of the cost for a small model.
_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
