"""Where the trip map puts things on screen, as plain rectangles.

Stop names and the overlays (legend, scale bar, data credit) are placed here,
without Qt, so the rules can be tested with numbers: a rectangle is
``(left, top, right, bottom)`` in widget pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Rect = tuple[float, float, float, float]
Point = tuple[float, float]
Segment = tuple[Point, Point]

LABEL_GAP = 2.0  # between a pin's rim and its name
PIN_PAD = 3.0  # a name keeps this clear of other pins
EDGE = 10.0  # overlays keep this clear of the widget's edges


def overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(a: Rect, bounds: Rect) -> bool:
    return a[0] >= bounds[0] and a[1] >= bounds[1] and a[2] <= bounds[2] and a[3] <= bounds[3]


def _side(p: Point, q: Point, r: Point) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def _crosses(a: Point, b: Point, c: Point, d: Point) -> bool:
    return (_side(a, b, c) > 0) != (_side(a, b, d) > 0) and \
        (_side(c, d, a) > 0) != (_side(c, d, b) > 0)


def segment_hits(box: Rect, segment: Segment) -> bool:
    """Does a route segment pass through ``box``?"""
    (ax, ay), (bx, by) = segment
    left, top, right, bottom = box
    if max(ax, bx) < left or min(ax, bx) > right or max(ay, by) < top or min(ay, by) > bottom:
        return False
    if left <= ax <= right and top <= ay <= bottom or left <= bx <= right and top <= by <= bottom:
        return True
    corners = [(left, top), (right, top), (right, bottom), (left, bottom)]
    return any(_crosses(segment[0], segment[1], corners[i], corners[(i + 1) % 4])
               for i in range(4))


@dataclass(frozen=True)
class LabelRequest:
    """A name to place beside a pin at (x, y) of ``radius``; ``size`` is (w, h)."""

    x: float
    y: float
    radius: float
    size: tuple[float, float]


def candidates(request: LabelRequest) -> list[Rect]:
    """Right, left, above, below: the order a name is tried in."""
    x, y, (w, h) = request.x, request.y, request.size
    gap = request.radius + LABEL_GAP
    return [(x + gap, y - h / 2, x + gap + w, y + h / 2),
            (x - gap - w, y - h / 2, x - gap, y + h / 2),
            (x - w / 2, y - gap - h, x + w / 2, y - gap),
            (x - w / 2, y + gap, x + w / 2, y + gap + h)]


def pin_box(request: LabelRequest, pad: float = 0.0) -> Rect:
    r = request.radius + pad
    return request.x - r, request.y - r, request.x + r, request.y + r


def _same_spot(a: LabelRequest, b: LabelRequest) -> bool:
    """Is most of one pin under the other?"""
    return (a.x - b.x) ** 2 + (a.y - b.y) ** 2 < min(a.radius, b.radius) ** 2


def place_labels(requests: Sequence[LabelRequest], bounds: Rect,
                 blocked: Sequence[Rect] = (), routes: Sequence[Segment] = ()
                 ) -> list[Rect | None]:
    """A box for each name, in priority order (``requests`` come most important
    first), or None where every side would cover a placed name, another pin
    or ``blocked`` (the overlays), or leave ``bounds``. A side clear of the
    routes is preferred; crossing a route is allowed when nothing else fits.
    Pins on (nearly) one spot get one name: two names would point at one pin."""
    pins = [pin_box(r, PIN_PAD) for r in requests]
    taken: list[Rect] = list(blocked)
    placed: list[Rect | None] = []
    for index, request in enumerate(requests):
        same_spot = [_same_spot(request, other) for other in requests]
        if any(same_spot[j] and placed[j] is not None for j in range(index)):
            placed.append(None)
            continue
        others = [p for j, p in enumerate(pins) if j != index and not same_spot[j]]
        free = [box for box in candidates(request) if inside(box, bounds)
                and not any(overlaps(box, t) for t in taken)
                and not any(overlaps(box, p) for p in others)]
        box = next((b for b in free if not any(segment_hits(b, s) for s in routes)),
                   free[0] if free else None)
        placed.append(box)
        if box is not None:
            taken.append(box)
    return placed


@dataclass(frozen=True)
class Overlays:
    """Where the legend, the scale bar and the credit go (None: not shown)."""

    legend: Rect | None
    scale: Rect
    credit: Rect

    def rects(self) -> list[Rect]:
        return [r for r in (self.legend, self.scale, self.credit) if r is not None]


def layout_overlays(width: float, height: float, legend: tuple[float, float],
                    scale: tuple[float, float], credit: tuple[float, float],
                    gap: float = 6.0) -> Overlays:
    """The credit bottom right, the scale bar right above it, the legend bottom
    left: raised above the credit when the two would meet, and above the scale
    bar too when the view is too narrow for both side by side. Nothing overlaps."""
    cw, ch = credit
    credit_box = (width - EDGE - cw, height - 4 - ch, width - EDGE, height - 4)
    sw, sh = scale
    scale_box = (width - EDGE - sw, credit_box[1] - gap - sh, width - EDGE, credit_box[1] - gap)
    lw, lh = legend
    if lw <= 0 or lh <= 0:
        return Overlays(None, scale_box, credit_box)
    bottom = height - EDGE
    if EDGE + lw + gap > credit_box[0]:  # would meet the credit: stand on top of it
        bottom = credit_box[1] - gap
        if EDGE + lw + gap > scale_box[0]:  # would meet the scale bar too
            bottom = scale_box[1] - gap
    legend_box = (EDGE, bottom - lh, EDGE + lw, bottom)
    return Overlays(legend_box, scale_box, credit_box)
