"""The model-construction accelerator builds the same models as ``trusted_model``.

``models/_native.c`` repeats ``trusted_model``'s four slot writes in C; the Python function
stays the reference. Loading and extraction use whichever ``model_builder()`` returns, so
their outputs are also compared on both paths (tests/test_pdf_speed_paths.py,
tests/test_taxonomy_native.py); here the models themselves are.
"""

from __future__ import annotations

import gc

import pytest
from pydantic import BaseModel, ValidationError

from talentmatch._compiled import PURE_PYTHON_ENV
from talentmatch.config import Limits
from talentmatch.documents import load_document
from talentmatch.errors import DocumentError
from talentmatch.models import Block, BlockKind
from talentmatch.models._trusted import Native, model_builder, native, trusted_model
from talentmatch.models.document import Span
from talentmatch.models.skills import Assertion, MatchKind, Occurrence
from tests.conftest import FIXTURES, require_built


class _Unfrozen(BaseModel):
    name: str


def accelerator() -> Native:
    return require_built(native())


def test_the_environment_switch_selects_the_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    built = accelerator()
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    assert native() is None
    assert model_builder() is trusted_model
    monkeypatch.setenv(PURE_PYTHON_ENV, "0")
    assert native() is built
    assert model_builder() == built.new_model


def test_native_models_are_the_trusted_models() -> None:
    built = accelerator()
    span = {"start": 3, "end": 9, "page": 2}
    occurrence = {
        "span": trusted_model(Span, span),
        "surface": "Python",
        "section_kind": "skills",
        "position_index": None,
        "match": MatchKind.LABEL,
        "assertion": Assertion.CLAIMED,
        "confidence": 0.95,
        "reason": "",
    }
    block = {
        "span": trusted_model(Span, span),
        "kind": BlockKind.HEADING,
        "font_size": 12.5,
        "bold": True,
        "x0": 72.0,
        "column": 1,
    }
    for cls, values in ((Span, span), (Occurrence, occurrence), (Block, block)):
        fast, plain = built.new_model(cls, dict(values)), trusted_model(cls, dict(values))
        assert type(fast) is cls
        assert fast == plain == cls.model_validate(plain.model_dump())
        assert fast.model_dump_json() == plain.model_dump_json()
        assert fast.model_fields_set == plain.model_fields_set == set(cls.model_fields)
        # Every model a builder makes of one class shares one set of field names; the C's is
        # never in a cycle, so the collector need not track it.
        assert built.new_model(cls, dict(values)).model_fields_set is fast.model_fields_set
        assert trusted_model(cls, dict(values)).model_fields_set is plain.model_fields_set
        assert not gc.is_tracked(fast.model_fields_set)
        # The dict given becomes the instance's attributes as it is (no inline values are made
        # for it to replace).
        given = dict(values)
        assert vars(built.new_model(cls, given)) is given
        assert fast.__pydantic_extra__ is None
        assert fast.__pydantic_private__ is None
        assert hash(fast) == hash(plain)
        copied = fast.model_copy(update={"start": 0} if cls is Span else {})
        assert copied is not fast
        assert copied.model_fields_set is not fast.model_fields_set
        field = next(iter(cls.model_fields))
        with pytest.raises(ValidationError):  # frozen
            setattr(fast, field, getattr(fast, field))
    with pytest.raises(TypeError):
        built.new_model(Span, [("start", 1)])  # type: ignore[arg-type]
    for builder in (built.new_model, trusted_model):  # a shared field set needs a frozen model
        with pytest.raises(TypeError, match="frozen models only"):
            builder(_Unfrozen, {"name": "x"})
    with pytest.raises(TypeError):
        built.new_model("Span", {})  # type: ignore[arg-type]


def test_documents_are_identical_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    accelerator()
    paths = sorted((FIXTURES / "documents").rglob("*.docx"))
    paths += sorted((FIXTURES / "documents").rglob("*.txt"))
    assert paths
    results = []
    for pure in ("0", "1"):
        monkeypatch.setenv(PURE_PYTHON_ENV, pure)
        dumped = []
        for path in paths:
            try:
                dumped.append(load_document(path, limits=Limits()).model_dump_json())
            except DocumentError as exc:  # the same error on both paths is the same outcome
                dumped.append(type(exc).__name__)
        results.append(dumped)
    assert results[0] == results[1]
    assert any(item.startswith("{") for item in results[0])
