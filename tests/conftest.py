"""Shared test configuration: paths to the shared third-party data and project fixtures."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED_DATA = Path(os.environ.get("TALENTMATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.load_profile("default")


def shared(*parts: str) -> Path:
    """Path into ../shared/data, skipping the test with a reason when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path} (CI always has it)")
    return path


_Built = TypeVar("_Built")


def require_built(found: _Built | None) -> _Built:
    """A C accelerator's module (``native()``), skipping the test when it was not built (an
    install without a compiler; CI builds every one)."""
    if found is None:
        pytest.skip("the C accelerator is not built here (installed without a compiler)")
    return found


def pytest_configure(config: pytest.Config) -> None:
    """Keep the compiled taxonomy cache out of the user's home during tests."""
    if "TALENTMATCH_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="talentmatch-test-cache-")
        os.environ["TALENTMATCH_CACHE_DIR"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def load_script(path: Path, name: str) -> ModuleType:
    """Import a script (fixture generator, benchmark) by path, once per test session.

    The module is registered in ``sys.modules`` because dataclasses look their module up.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
