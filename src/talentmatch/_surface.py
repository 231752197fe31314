"""The public API surface as text: names in ``__all__`` with their signatures.

``scripts/export_api.py`` writes it to ``tests/snapshots/public_api.txt``; a test fails when
the surface changes unnoticed.
"""

from __future__ import annotations

import enum
import inspect

from pydantic import BaseModel

__all__ = ["public_surface"]


def public_surface() -> str:
    """Return one line per public name: ``name: kind signature``.

    Example:
        >>> "load_document: function" in public_surface()
        True
    """
    import talentmatch

    lines = []
    for name in sorted(talentmatch.__all__):
        obj = getattr(talentmatch, name)
        if inspect.ismodule(obj):
            lines.append(f"{name}: module")
        elif inspect.isclass(obj) and issubclass(obj, enum.Enum):
            members = ", ".join(str(member.value) for member in obj)
            lines.append(f"{name}: enum[{members}]")
        elif inspect.isclass(obj) and issubclass(obj, BaseException):
            lines.append(f"{name}: exception code={getattr(obj, 'code', '?')}")
        elif inspect.isclass(obj) and issubclass(obj, BaseModel):
            fields = ", ".join(
                f"{field}{'' if info.is_required() else '?'}"
                for field, info in obj.model_fields.items()
            )
            lines.append(f"{name}: model({fields})")
        elif inspect.isclass(obj):
            try:
                signature = str(inspect.signature(obj))
            except (TypeError, ValueError):
                signature = "(...)"
            lines.append(f"{name}: class{signature}")
        elif callable(obj):
            lines.append(f"{name}: function{inspect.signature(obj)}")
        else:
            lines.append(f"{name}: {type(obj).__name__} = {obj!r}")
    return "\n".join(lines) + "\n"
