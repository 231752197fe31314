"""Decide which text runs a reader of the page cannot see, and why.

A false "hidden" flag harms an innocent candidate (their text vanishes and a reviewer is
told they tried to cheat), so each rule is narrow:

* outside the page box: the run's centre lies outside the visible (crop) box;
* invisible render mode 3 or 7 -- except over a large image, where invisible text is the
  OCR layer of a scan and is what the reader sees;
* tiny: effective font size under 1.5 pt, or glyphs squeezed under 0.3 pt each;
* background colour: the text colour, blended by its opacity, has a contrast ratio under
  1.25 with what is painted beneath it. "Beneath" is the topmost filled area drawn *before*
  the text that covers most of the run, else the white page. White text on a dark sidebar
  is therefore visible, and text over an image or shading (colour unknown) is visible.

When the C accelerator is built, its ``classify_runs`` applies these rules to each run
(``_reason`` in C, with the contrast itself still computed here); runs or paints whose
fields are not of the types the engines give go through ``_reason``. Both paths give the
same verdicts (tests/test_pdf_speed_paths.py).
"""

from __future__ import annotations

from functools import lru_cache
from types import EllipsisType

from talentmatch.documents.pdf._pdfium_api import Native, native
from talentmatch.documents.pdf._scene import RGB, PageScene, Paint, TextRun
from talentmatch.models import FindingKind

__all__ = [
    "MIN_CONTRAST",
    "MIN_GLYPH_ADVANCE",
    "MIN_READABLE_SIZE",
    "OCR_IMAGE_SHARE",
    "classify_hidden",
    "classify_hidden_with",
    "contrast_ratio",
]

MIN_READABLE_SIZE = 1.5
"""Effective font size in points below which text counts as hidden."""
MIN_CONTRAST = 1.25
"""WCAG contrast ratio below which text is indistinguishable from its background."""
MIN_GLYPH_ADVANCE = 0.3
"""Average points per glyph below which text is squeezed to nothing (Tz or matrix tricks)."""
OCR_IMAGE_SHARE = 0.25
"""An image covering this share of the page makes invisible text over it an OCR layer."""
_MAX_PAINTS = 400
_WHITE: RGB = (1.0, 1.0, 1.0)
# The reasons in the order the accelerator's classify_runs takes them.
_KINDS = (
    FindingKind.HIDDEN_OFF_PAGE,
    FindingKind.HIDDEN_INVISIBLE_RENDER,
    FindingKind.HIDDEN_TINY_TEXT,
    FindingKind.HIDDEN_BACKGROUND_COLOR,
)


def _linear(channel: float) -> float:
    c = min(1.0, max(0.0, channel))
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(rgb: RGB) -> float:
    r, g, b = rgb
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio between two sRGB colours (1 = identical, 21 = black on white).

    Example:
        >>> round(contrast_ratio((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)), 1)
        21.0
        >>> contrast_ratio((1.0, 1.0, 1.0), (1.0, 1.0, 1.0))
        1.0
    """
    la, lb = _luminance(a), _luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def _blend(top: RGB, alpha: float, under: RGB) -> RGB:
    a = min(1.0, max(0.0, alpha))
    return (
        top[0] * a + under[0] * (1 - a),
        top[1] * a + under[1] * (1 - a),
        top[2] * a + under[2] * (1 - a),
    )


def _covers(paint: Paint, run: TextRun) -> bool:
    """True when ``paint`` covers at least half of the run's box (or its centre, if flat)."""
    width = run.x1 - run.x0
    height = run.bottom - run.top
    ix = min(paint.x1, run.x1) - max(paint.x0, run.x0)
    iy = min(paint.bottom, run.bottom) - max(paint.top, run.top)
    if width <= 0 or height <= 0:
        cx, cy = (run.x0 + run.x1) / 2, (run.top + run.bottom) / 2
        return paint.x0 <= cx <= paint.x1 and paint.top <= cy <= paint.bottom
    return ix > 0 and iy > 0 and ix * iy >= 0.5 * width * height


def _background(run: TextRun, paints: list[Paint]) -> RGB | None:
    """Colour beneath ``run`` (None when it is an image or shading), white if nothing."""
    for paint in paints:  # topmost first
        if paint.order >= run.order or paint.alpha < 0.5 or not _covers(paint, run):
            continue
        if paint.fill is None:
            return None
        return _blend(paint.fill, paint.alpha, _WHITE)
    return _WHITE


def _off_page(run: TextRun, width: float, height: float) -> bool:
    cx = (run.x0 + run.x1) / 2
    cy = (run.top + run.bottom) / 2
    return not (-1.0 <= cx <= width + 1.0 and -1.0 <= cy <= height + 1.0)


def _over_large_image(run: TextRun, images: list[Paint]) -> bool:
    cx = (run.x0 + run.x1) / 2
    cy = (run.top + run.bottom) / 2
    return any(p.x0 <= cx <= p.x1 and p.top <= cy <= p.bottom for p in images)


def _squeezed(run: TextRun) -> bool:
    if run.replaced:
        return False
    glyphs = len(run.text.replace(" ", ""))
    if glyphs < 4:
        return False
    height = run.bottom - run.top
    # A run taller than two lines is vertical text; its glyphs advance downwards.
    extent = height if height > 2 * run.size else run.x1 - run.x0
    return extent / glyphs < MIN_GLYPH_ADVANCE


def classify_hidden(scene: PageScene) -> None:
    """Set ``hidden`` on every run of ``scene`` that a reader cannot see.

    Example:
        >>> run = TextRun("note", 10, 10, 40, 20, size=10, fill=(1.0, 1.0, 1.0))
        >>> scene = PageScene(width=600, height=800, runs=[run])
        >>> classify_hidden(scene)
        >>> run.hidden.value
        'hidden_background_color'
    """
    classify_hidden_with(scene, native())


def classify_hidden_with(scene: PageScene, accelerator: Native | None) -> None:
    """``classify_hidden`` with the accelerator to use (None: the pure path), which a caller
    classifying a document's pages looks up once."""
    page_area = scene.width * scene.height
    images = [p for p in scene.paints if p.fill is None and p.area >= OCR_IMAGE_SHARE * page_area]
    paints = sorted(
        (p for p in scene.paints if p.x1 - p.x0 >= 2 and p.bottom - p.top >= 2),
        key=lambda p: p.area,
        reverse=True,
    )[:_MAX_PAINTS]
    paints.sort(key=lambda p: p.order, reverse=True)
    contrasts: dict[tuple[RGB, float, RGB], float] = {}
    if accelerator is not None:

        def reason(run: TextRun) -> FindingKind | EllipsisType | None:
            return _reason(run, scene, paints, images, contrasts) if run.text.strip() else ...

        if accelerator.classify_runs(
            scene.runs,
            scene.width,
            scene.height,
            paints,
            images,
            _KINDS,
            contrasts,
            _WHITE,
            _blended_contrast,
            reason,
            (MIN_READABLE_SIZE, MIN_GLYPH_ADVANCE, MIN_CONTRAST),
        ):
            return
    for run in scene.runs:
        if run.text.strip():
            run.hidden = _reason(run, scene, paints, images, contrasts)


# A pure function of a few colours that every page of every document asks about again
# (black or dark grey on white above all): remembered across pages and documents.
@lru_cache(maxsize=1024)
def _blended_contrast(fill: RGB, alpha: float, background: RGB) -> float:
    return contrast_ratio(_blend(fill, alpha, background), background)


def _reason(
    run: TextRun,
    scene: PageScene,
    paints: list[Paint],
    images: list[Paint],
    contrasts: dict[tuple[RGB, float, RGB], float],
) -> FindingKind | None:
    if _off_page(run, scene.width, scene.height):
        return FindingKind.HIDDEN_OFF_PAGE
    if run.render_mode in (3, 7):
        if _over_large_image(run, images):
            return None
        return FindingKind.HIDDEN_INVISIBLE_RENDER
    if run.size < MIN_READABLE_SIZE or _squeezed(run):
        return FindingKind.HIDDEN_TINY_TEXT
    if run.fill is None or run.render_mode in (1, 5):
        return None  # unknown colour, or stroked outlines whose stroke colour is what shows
    background = _background(run, paints) if paints else _WHITE
    if background is None:
        return None
    key = (run.fill, run.alpha, background)
    ratio = contrasts.get(key)
    if ratio is None:
        ratio = contrasts[key] = _blended_contrast(run.fill, run.alpha, background)
    if ratio < MIN_CONTRAST:
        return FindingKind.HIDDEN_BACKGROUND_COLOR
    return None
