"""The one switch of the optional C accelerators turns each of them off and on at run time."""

from __future__ import annotations

import logging
import sys
import types
from collections.abc import Callable

import pytest

from talentmatch._compiled import PURE_PYTHON_ENV, compiled, pure_python
from talentmatch.documents import _assemble
from talentmatch.documents.pdf import _pdfium_api
from talentmatch.extraction import _accelerator as _extraction
from talentmatch.extraction import _rules_accelerator
from talentmatch.models import _trusted
from talentmatch.taxonomy import _accelerator
from tests.conftest import require_built


@pytest.mark.parametrize(
    "native",
    [
        _pdfium_api.native,
        _accelerator.native,
        _trusted.native,
        _assemble.native,
        _extraction.native,
        _rules_accelerator.native,
    ],
    ids=["pdf", "taxonomy", "models", "assembly", "extraction", "rules"],
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


def test_a_module_built_from_older_sources_is_not_used(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # An editable install updated without rebuilding keeps the old extension: a function
    # the Protocol states is missing, so the module is left alone rather than failing
    # every call that reaches the new function.
    stale = types.ModuleType("talentmatch._stale_accelerator")
    stale.tokenize = lambda text: []  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, stale.__name__, stale)
    with caplog.at_level(logging.WARNING, logger="talentmatch._compiled"):
        assert compiled(stale.__name__, _accelerator.Native) is None
    assert "out of date (no scan)" in caplog.text
    stale.scan = lambda *args: []  # type: ignore[attr-defined]
    assert compiled(stale.__name__, _accelerator.Native) is stale
    assert compiled(stale.__name__) is stale  # no Protocol given: not checked


@pytest.mark.parametrize(
    ("module", "protocol"),
    [
        ("talentmatch.documents.pdf._native", _pdfium_api.Native),
        ("talentmatch.taxonomy._native", _accelerator.Native),
        ("talentmatch.models._native", _trusted.Native),
        ("talentmatch.documents._native", _assemble.Native),
        ("talentmatch.extraction._native", _extraction.Native),
        ("talentmatch.extraction._rules", _rules_accelerator.Native),
    ],
    ids=["pdf", "taxonomy", "models", "assembly", "extraction", "rules"],
)
def test_each_built_module_has_every_function_its_protocol_states(
    module: str, protocol: type
) -> None:
    built = require_built(compiled(module))
    assert compiled(module, protocol) is built
