# Stub for the optional C accelerator built from _native.c (see _pdfium_api.native). The
# same signatures make up the Native protocol in _pdfium_api: mypy needs this stub to import
# the compiled module, and the protocol to type the value native() returns.
from collections.abc import Callable
from typing import Any

from talentmatch.documents.pdf._pdfium_api import Box, LineFacts
from talentmatch.documents.pdf._scene import TextRun

def bind(addresses: tuple[int, ...], /) -> None: ...
def walk(
    page: int,
    raw_texts: dict[int, Any],
    filled: list[Any],
    check: Callable[[], None],
    compose: Callable[..., Any],
    max_objects: int,
    max_paths: int,
    /,
) -> tuple[int, int]: ...
def respace(textpage: int, text: str, first: int, last: int, gap: float, /) -> list[int]: ...
def summarize(raw_texts: dict[int, Any], /) -> tuple[int, dict[Any, int], set[int]]: ...
def special_objects(
    raw_texts: dict[int, Any], odd_keys: set[Any], fonts: set[int], /
) -> list[tuple[int, Any]]: ...
def split_wide(
    textpage: int, text: str, first: int, last: int, em: float, /
) -> list[tuple[int, int]]: ...
def touches(boxes: list[Box], x0: float, top: float, x1: float, bottom: float, /) -> bool: ...
def fast_lines(
    textpage: int,
    text: str,
    bounds: bytes,
    raw_texts: dict[int, Any],
    fonts: dict[int, Any],
    special: list[Box],
    origin: tuple[float, float] | None,
    hypot: Callable[[float, float], float],
    run_type: type[TextRun],
    constants: tuple[float, float, float],
    /,
) -> list[LineFacts | TextRun]: ...
def font_facts(font: int, /) -> tuple[bytes, int, int]: ...
def object_runs(
    textpage: int,
    text: str,
    start: int,
    end: int,
    raw_texts: dict[int, Any],
    fonts: dict[int, Any],
    origin: tuple[float, float],
    hypot: Callable[[float, float], float],
    run_type: type[TextRun],
    constants: tuple[float, float],
    /,
) -> list[TextRun | tuple[int, int, int]]: ...
def page_text(textpage: int, /) -> str: ...
