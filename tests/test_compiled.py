"""The one switch of the optional C accelerators turns each of them off and on at run time."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from talentmatch._compiled import PURE_PYTHON_ENV, compiled, pure_python
from talentmatch.documents import _assemble
from talentmatch.documents.pdf import _pdfium_api
from talentmatch.models import _trusted
from talentmatch.taxonomy import _accelerator
from tests.conftest import require_built


@pytest.mark.parametrize(
    "native",
    [_pdfium_api.native, _accelerator.native, _trusted.native, _assemble.native],
    ids=["pdf", "taxonomy", "models", "assembly"],
)
def test_the_environment_switch_selects_the_path(
    monkeypatch: pytest.MonkeyPatch, native: Callable[[], object]
) -> None:
    built = require_built(native())
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    assert pure_python()
    assert native() is None
    monkeypatch.setenv(PURE_PYTHON_ENV, "0")
    assert not pure_python()
    assert native() is built
    monkeypatch.delenv(PURE_PYTHON_ENV)
    assert native() is built


def test_a_module_that_was_not_built_is_none() -> None:
    assert compiled("talentmatch.documents.pdf._no_such_accelerator") is None
