"""Shared test configuration: paths to the shared third-party data and project fixtures."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

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


def pytest_configure(config: pytest.Config) -> None:
    """Keep the compiled taxonomy cache out of the user's home during tests."""
    if "TALENTMATCH_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="talentmatch-test-cache-")
        os.environ["TALENTMATCH_CACHE_DIR"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
