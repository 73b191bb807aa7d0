"""Issue 15 (dark theme): the sidebar's Privacy and Lock icons follow the scheme, the padlock
on a protected focus block shows on its dark fill, the person subtitle has contrast."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyleOptionGraphicsItem

from leaddesk.domain.model import BlockKind, TimeBlock
from leaddesk.ui.actions import ActionId
from leaddesk.ui.theme import DARK, LIGHT, ThemeManager, build_palette
from leaddesk.ui.week.block_item import BlockItem, BlockStyle
from tests.conftest import BERLIN


@pytest.fixture
def themed(qapp, app_settings):  # type: ignore[no-untyped-def]
    sheet, palette = qapp.styleSheet(), qapp.palette()
    manager = ThemeManager(qapp, app_settings)
    yield manager
    manager.setParent(None)
    manager.deleteLater()
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def _luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _icon_colour(icon) -> QColor:  # type: ignore[no-untyped-def]
    image = icon.pixmap(24, 24).toImage()
    opaque = [
        image.pixelColor(x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert opaque, "the icon draws something"
    return opaque[len(opaque) // 2]


def test_privacy_and_lock_icons_are_recoloured_when_the_scheme_changes(
    themed, app_settings, make_window
) -> None:
    app_settings.set("ui/theme", "light")
    window = make_window()
    app_settings.set("ui/theme", "dark")
    QApplication.processEvents()
    sidebar = QColor(DARK.sidebar)
    for action_id in (ActionId.PRIVACY_SCREEN, ActionId.LOCK):
        colour = _icon_colour(window.actions_by_id[action_id].icon())
        assert contrast(colour, sidebar) >= 4.5, (action_id, colour.name())


@pytest.mark.parametrize("colors", [LIGHT, DARK], ids=["light", "dark"])
def test_the_padlock_on_a_protected_focus_block_shows(colors, qapp) -> None:
    palette = build_palette(colors)
    style = BlockStyle(palette, QFont())
    start = datetime(2026, 11, 18, 9, tzinfo=BERLIN)
    block = TimeBlock("Deep work", BlockKind.FOCUS, start, start.replace(hour=11), protected=True)
    item = BlockItem(block, BERLIN, False, style)
    item.setRect(QRectF(0, 0, 160, 120))
    image = QImage(160, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor(colors.base))
    painter = QPainter(image)
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    fill = QColor(style.fills[BlockKind.FOCUS])
    # the padlock sits at the top right of the block: its most contrasting pixel
    best = max(
        contrast(image.pixelColor(x, y), fill) for x in range(130, 158) for y in range(2, 20)
    )
    assert best >= 3.0, best


def test_the_person_subtitle_uses_the_theme_muted_colour(themed, app_settings, ctx, qtbot):
    from leaddesk.ui.people.page.shell import PersonPage

    app_settings.set("ui/theme", "dark")
    page = PersonPage(ctx)
    qtbot.addWidget(page)
    label = page.meta_label
    label.ensurePolished()
    colour = label.palette().color(QPalette.ColorRole.WindowText)
    assert contrast(colour, QColor(DARK.window)) >= 4.5, colour.name()
