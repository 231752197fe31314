"""Write the public API surface snapshot that tests/test_public_api.py compares against.

Run after a deliberate change to the public API, and add a CHANGELOG line.
"""

from __future__ import annotations

from pathlib import Path

from talentmatch._surface import public_surface

OUT = Path(__file__).resolve().parent.parent / "tests" / "snapshots" / "public_api.txt"


def main() -> None:
    """Write the snapshot."""
    OUT.write_text(public_surface(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(OUT.parent.parent.parent)}")


if __name__ == "__main__":
    main()
