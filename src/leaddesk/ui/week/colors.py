"""Block kind colours: the Okabe-Ito palette (distinguishable with colour-vision deficiency),
plus a second, non-colour cue (a hatch pattern or a short tag) so no kind is told by colour
alone. Fills are light tints of the kind colour over the base colour, so text keeps the
palette's contrast in light and dark themes; a solid stripe on the left carries the hue.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ...domain.model import BlockKind

KIND_COLORS: dict[BlockKind, str] = {
    BlockKind.FOCUS: "#0072B2",  # blue
    BlockKind.THINKING: "#CC79A7",  # reddish purple
    BlockKind.MEETING: "#E69F00",  # orange
    BlockKind.ONE_ON_ONE: "#009E73",  # bluish green
    BlockKind.REVIEW: "#56B4E9",  # sky blue
    BlockKind.ADMIN: "#7F7F7F",  # grey
    BlockKind.BREAK: "#F0E442",  # yellow
    BlockKind.BUFFER: "#D55E00",  # vermillion
}

KIND_TAGS: dict[BlockKind, str] = {
    BlockKind.FOCUS: "F",
    BlockKind.THINKING: "T",
    BlockKind.MEETING: "M",
    BlockKind.ONE_ON_ONE: "1:1",
    BlockKind.REVIEW: "R",
    BlockKind.ADMIN: "A",
    BlockKind.BREAK: "B",
    BlockKind.BUFFER: "Bf",
}

KIND_PATTERNS: dict[BlockKind, Qt.BrushStyle] = {
    BlockKind.BREAK: Qt.BrushStyle.BDiagPattern,
    BlockKind.BUFFER: Qt.BrushStyle.FDiagPattern,
}


def kind_color(kind: BlockKind) -> QColor:
    return QColor(KIND_COLORS[kind])


def tint(kind: BlockKind, base: QColor, strength: float = 0.28) -> QColor:
    """The kind colour mixed into ``base`` (a light fill in light mode, dark in dark mode)."""
    color = kind_color(kind)
    mix = strength if base.lightness() > 128 else strength + 0.12
    return QColor(
        round(base.red() * (1 - mix) + color.red() * mix),
        round(base.green() * (1 - mix) + color.green() * mix),
        round(base.blue() * (1 - mix) + color.blue() * mix),
    )
