"""Every export written from the UI is 0600 from the first byte (plaintext about people)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from leaddesk.domain.model import BlockKind
from tests.conftest import BERLIN

WEEK = date(2026, 11, 16)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder of its own (tmp_path also holds the test's XDG dirs)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def planned(ctx):  # type: ignore[no-untyped-def]
    ctx.services.tasks.capture("Write the migration RFC")
    ctx.services.blocks.create(
        "Deep work: RFC",
        BlockKind.FOCUS,
        datetime(2026, 11, 18, 9, tzinfo=BERLIN),
        datetime(2026, 11, 18, 11, tzinfo=BERLIN),
    )
    return ctx


def test_plan_pdf_and_markdown_exports_are_0600(qtbot, planned, out) -> None:
    from leaddesk.ui.review.steps import PlanPage

    page = PlanPage(planned)
    qtbot.addWidget(page)
    page.load(WEEK)
    pdf = out / "plan.pdf"
    md = out / "plan.md"
    page.export_plan(pdf, "pdf")
    page.export_plan(md, "md")
    assert pdf.read_bytes().startswith(b"%PDF") and mode(pdf) == 0o600
    assert md.read_text(encoding="utf-8").startswith("# Plan") and mode(md) == 0o600
    assert sorted(p.name for p in out.iterdir()) == ["plan.md", "plan.pdf"]


def test_render_plan_pdf_replaces_a_readable_file_with_a_private_one(planned, out) -> None:
    from leaddesk.ui.plan_pdf import render_plan_pdf

    target = out / "plan.pdf"
    target.write_bytes(b"old")
    os.chmod(target, 0o644)
    render_plan_pdf(planned.services, WEEK, target)
    assert target.read_bytes().startswith(b"%PDF") and mode(target) == 0o600


def test_insights_chart_png_is_0600(qtbot, planned, out) -> None:
    from leaddesk.ui.review.insights import InsightsView

    view = InsightsView(planned)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.refresh()
    target = out / "insights.png"
    view.export_png(target)
    assert target.read_bytes().startswith(b"\x89PNG") and mode(target) == 0o600
    assert [p.name for p in out.iterdir()] == ["insights.png"]


def test_week_ics_export_is_0600(qtbot, planned, out) -> None:
    from leaddesk.ui.week.area import WeekArea

    area = WeekArea(planned)
    qtbot.addWidget(area)
    area.refresh()
    target = out / "week.ics"
    area.export_calendar(str(target))
    assert b"BEGIN:VCALENDAR" in target.read_bytes() and mode(target) == 0o600
