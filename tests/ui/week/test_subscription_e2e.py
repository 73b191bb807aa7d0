"""A week with a subscribed calendar beside the user's own blocks, under a real window
server (marker e2e). Set LEADDESK_SCREENSHOT_DIR to keep the screenshot (docs/ has one).

Run with ``QT_QPA_PLATFORM=xcb xvfb-run -a python -m pytest -m e2e tests/ui/week``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from leaddesk.domain.model import BlockKind

from .conftest import at

pytestmark = pytest.mark.e2e
FIXTURE = Path(__file__).parents[2] / "fixtures" / "ics" / "producers" / "google_work.ics"


@pytest.fixture(autouse=True)
def _needs_a_window_server() -> None:
    if os.environ.get("QT_QPA_PLATFORM") != "xcb":
        pytest.skip("needs a real window server: QT_QPA_PLATFORM=xcb xvfb-run -a ...")


def test_week_with_a_subscribed_calendar_beside_own_blocks(
    area, services, ctx, qtbot, tmp_path
) -> None:
    services.blocks.create("Deep work: cache design", BlockKind.FOCUS, at(16, 10), at(16, 12))
    services.blocks.create("Lunch", BlockKind.BREAK, at(17, 12), at(17, 13))
    services.blocks.create("Write RFC", BlockKind.FOCUS, at(18, 13), at(18, 15), protected=True)
    source = services.calendar_sources.add("file", str(FIXTURE), "Work (Google)")
    qtbot.waitUntil(
        lambda: any(b.read_only for b in area.blocks), timeout=10_000
    )  # read off the GUI thread on subscribe
    area.resize(1280, 720)
    area.show()
    area.grid.scroll_to_hour(8)
    qtbot.wait(300)
    subscribed = [b for b in area.blocks if b.read_only]
    own = [b for b in area.blocks if not b.read_only]
    assert len(own) == 3 and len(subscribed) >= 5
    assert any(b.kind is BlockKind.ONE_ON_ONE for b in subscribed) is False  # no people yet
    target = Path(os.environ.get("LEADDESK_SCREENSHOT_DIR", str(tmp_path)))
    target.mkdir(parents=True, exist_ok=True)
    image = area.grab()
    assert image.save(str(target / "week-with-subscribed-calendar.png"))
    assert source.location not in area.status_label.text()
