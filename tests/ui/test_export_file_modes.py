"""Every export written from the UI is 0600 from the first byte (plaintext about people)."""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest

from leaddesk.domain.model import BlockKind
from tests.conftest import BERLIN, file_mode

pytestmark = pytest.mark.usefixtures("permissive_umask")


WEEK = date(2026, 11, 16)


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


def test_plan_pdf_and_markdown_exports_are_0600(qtbot, planned, export_dir) -> None:
    from leaddesk.ui.review.steps.plan import PlanPage

    page = PlanPage(planned)
    qtbot.addWidget(page)
    page.load(WEEK)
    pdf = export_dir / "plan.pdf"
    md = export_dir / "plan.md"
    page.export_plan(pdf, "pdf")
    page.export_plan(md, "md")
    assert pdf.read_bytes().startswith(b"%PDF") and file_mode(pdf) == 0o600
    assert md.read_text(encoding="utf-8").startswith("# Plan") and file_mode(md) == 0o600
    assert sorted(p.name for p in export_dir.iterdir()) == ["plan.md", "plan.pdf"]


def test_render_plan_pdf_replaces_a_readable_file_with_a_private_one(planned, export_dir) -> None:
    from leaddesk.ui.plan_pdf import render_plan_pdf

    target = export_dir / "plan.pdf"
    target.write_bytes(b"old")
    os.chmod(target, 0o644)
    render_plan_pdf(planned.services, WEEK, target)
    assert target.read_bytes().startswith(b"%PDF") and file_mode(target) == 0o600


def test_insights_chart_png_is_0600(qtbot, planned, export_dir) -> None:
    from leaddesk.ui.review.insights import InsightsView

    view = InsightsView(planned)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.refresh()
    target = export_dir / "insights.png"
    view.export_png(target)
    assert target.read_bytes().startswith(b"\x89PNG") and file_mode(target) == 0o600
    assert [p.name for p in export_dir.iterdir()] == ["insights.png"]


def test_week_ics_export_is_0600(qtbot, planned, export_dir) -> None:
    from leaddesk.ui.week.area import WeekArea

    area = WeekArea(planned)
    qtbot.addWidget(area)
    area.refresh()
    target = export_dir / "week.ics"
    area.export_calendar(str(target))
    assert b"BEGIN:VCALENDAR" in target.read_bytes() and file_mode(target) == 0o600
