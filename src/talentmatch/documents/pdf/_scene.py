"""What a PDF engine reports about one page: positioned text runs and painted areas.

Both engines (pdfium, pypdf) turn a page into a ``PageScene``; everything after that
(hidden-text rules, reading order, line building) is engine-neutral, so the two engines
give the same ``RawExtraction`` contract and differ only in what they can see.

Coordinates are *display* points: origin at the top-left corner of the visible page box
(CropBox clipped to MediaBox), x to the right, y downward, after the page's /Rotate is
applied, so a line of text on a rotated page is horizontal here as a reader sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from talentmatch.models import FindingKind

__all__ = ["PageFrame", "PageScene", "Paint", "TextRun"]

RGB = tuple[float, float, float]


@dataclass(slots=True)
class TextRun:
    """Text drawn by one text object / show operation in one graphics state.

    ``size`` is the effective font size in points (font size times the text and current
    transformation matrices). ``fill`` is the fill colour as RGB in 0..1, or None when it
    cannot be known (patterns, shadings, unusual colour spaces). ``order`` is the paint order
    on the page, used to find what lies beneath the text.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool = False
    render_mode: int = 0
    fill: RGB | None = (0.0, 0.0, 0.0)
    alpha: float = 1.0
    order: int = 0
    hidden: FindingKind | None = None
    replaced: bool = False
    """The text replaces its glyphs (/ActualText), so its box says nothing about its size."""

    @property
    def height(self) -> float:
        """Height of the run's box."""
        return self.bottom - self.top

    @property
    def center_y(self) -> float:
        """Vertical centre of the run's box."""
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Paint:
    """A filled area drawn on the page: a filled path, an image or a shading.

    ``fill`` is None for images and shadings, whose colours are unknown.
    """

    x0: float
    top: float
    x1: float
    bottom: float
    fill: RGB | None
    alpha: float
    order: int

    @property
    def area(self) -> float:
        """Area of the painted box in square points."""
        return max(0.0, self.x1 - self.x0) * max(0.0, self.bottom - self.top)


@dataclass(slots=True)
class PageScene:
    """The text runs and painted areas of one page, in display coordinates."""

    width: float
    height: float
    runs: list[TextRun] = field(default_factory=list)
    paints: list[Paint] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PageFrame:
    """Maps PDF user-space boxes to display coordinates for one page.

    ``box`` is the visible page box (x0, y0, x1, y1) in user space; ``rotation`` is the
    page's clockwise /Rotate in degrees (0, 90, 180 or 270).

    Example:
        >>> frame = PageFrame(box=(0.0, 0.0, 600.0, 800.0), rotation=0)
        >>> frame.to_display(10.0, 700.0, 110.0, 712.0)
        (10.0, 88.0, 110.0, 100.0)
    """

    box: tuple[float, float, float, float]
    rotation: int

    @classmethod
    def from_boxes(
        cls,
        media: tuple[float, float, float, float],
        crop: tuple[float, float, float, float] | None,
        rotation: int,
    ) -> PageFrame:
        """Build a frame from MediaBox and CropBox (the crop clipped to the media box)."""
        mx0, my0, mx1, my1 = _normalised(media)
        box = (mx0, my0, mx1, my1)
        if crop is not None:
            cx0, cy0, cx1, cy1 = _normalised(crop)
            clipped = (max(mx0, cx0), max(my0, cy0), min(mx1, cx1), min(my1, cy1))
            if clipped[2] - clipped[0] > 1 and clipped[3] - clipped[1] > 1:
                box = clipped
        if box[2] - box[0] <= 1 or box[3] - box[1] <= 1:
            box = (0.0, 0.0, 612.0, 792.0)  # a degenerate box: assume US Letter
        return cls(box=box, rotation=rotation % 360 if rotation % 90 == 0 else 0)

    @property
    def width(self) -> float:
        """Display width in points."""
        x0, y0, x1, y1 = self.box
        return (y1 - y0) if self.rotation in (90, 270) else (x1 - x0)

    @property
    def height(self) -> float:
        """Display height in points."""
        x0, y0, x1, y1 = self.box
        return (x1 - x0) if self.rotation in (90, 270) else (y1 - y0)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """Map a user-space point to display coordinates."""
        x0, y0, x1, y1 = self.box
        if self.rotation == 90:
            return y - y0, x - x0
        if self.rotation == 180:
            return x1 - x, y - y0
        if self.rotation == 270:
            return y1 - y, x1 - x
        return x - x0, y1 - y

    def to_display(
        self, left: float, bottom: float, right: float, top: float
    ) -> tuple[float, float, float, float]:
        """Map a user-space box to a display box (x0, top, x1, bottom)."""
        if self.rotation == 0:
            x0, _, _, y1 = self.box
            return (
                min(left, right) - x0,
                y1 - max(bottom, top),
                max(left, right) - x0,
                y1 - min(bottom, top),
            )
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _normalised(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
