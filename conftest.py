"""Session settings for every test and doctest (src and tests)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _tempfile_under_pytest(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Docstring examples write their small files with ``tempfile.mkdtemp()``, as a reader
    would; during a test run those folders go under pytest's temporary root, which pytest
    prunes, instead of piling up in the system's temporary folder."""
    previous = tempfile.tempdir
    tempfile.tempdir = str(tmp_path_factory.mktemp("tempfile"))
    try:
        yield
    finally:
        tempfile.tempdir = previous
