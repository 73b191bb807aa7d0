"""The printed plan shows next week's blocks and open tasks, and never private text."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from leaddesk.domain.model import BlockKind, NoteKind, Quadrant
from leaddesk.ui.plan_pdf import next_week_start, plan_html, render_plan_pdf

BERLIN = ZoneInfo("Europe/Berlin")
NEXT_MONDAY = date(2026, 11, 23)  # the fixed clock is Wednesday 18 November 2026
SECRET_TASK_NOTE = "SECRET-TASK-NOTE-7731"
SECRET_PERSON_NOTE = "CONFIDENTIAL-ONE-ON-ONE-4410"


@pytest.fixture
def planned(services):  # type: ignore[no-untyped-def]
    """A week with blocks, tasks in every quadrant and private text that must stay out."""
    from leaddesk.domain.model import Note
    from leaddesk.services.base import ChangeKind

    roadmap = services.tasks.capture("Draft the Q1 roadmap", quadrant=Quadrant.SCHEDULE)
    services.tasks.update(roadmap.id, notes=SECRET_TASK_NOTE, estimate_minutes=150)
    services.tasks.capture("Fix the release blocker", quadrant=Quadrant.DO, due_on=NEXT_MONDAY)
    services.tasks.capture("Rotate on-call", quadrant=Quadrant.DELEGATE)
    services.tasks.capture("Budget question", needed_by=date(2026, 11, 25))
    services.tasks.capture("Old dashboard idea", quadrant=Quadrant.DELETE)
    person = services.people.add("Ada Example")
    with services.hub.write(ChangeKind.NOTES) as s:
        s.add(
            Note(
                person_id=person.id,
                kind=NoteKind.ONE_ON_ONE,
                written_on=date(2026, 11, 17),
                body=SECRET_PERSON_NOTE,
            )
        )
    services.blocks.create(
        "Roadmap deep work",
        BlockKind.FOCUS,
        datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN),
        datetime(2026, 11, 24, 11, 30, tzinfo=BERLIN),
        task_id=roadmap.id,
        protected=True,
    )
    services.blocks.create(
        "One-on-one Ada",
        BlockKind.ONE_ON_ONE,
        datetime(2026, 11, 26, 14, 0, tzinfo=BERLIN),
        datetime(2026, 11, 26, 14, 30, tzinfo=BERLIN),
        person_id=person.id,
    )
    services.blocks.create(  # this week, not next: must not be printed
        "This week's retro",
        BlockKind.MEETING,
        datetime(2026, 11, 19, 15, 0, tzinfo=BERLIN),
        datetime(2026, 11, 19, 16, 0, tzinfo=BERLIN),
    )
    return services


def test_next_week_start_is_the_coming_monday(clock) -> None:  # type: ignore[no-untyped-def]
    assert next_week_start(clock.today()) == NEXT_MONDAY
    assert next_week_start(date(2026, 11, 23)) == date(2026, 11, 30)  # on a Monday
    assert next_week_start(clock.today(), first_weekday=6) == date(2026, 11, 22)  # Sunday


def test_plan_lists_next_weeks_blocks_in_local_time_and_open_tasks(planned, clock) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.plan_pdf import week_blocks

    blocks = week_blocks(planned, NEXT_MONDAY)
    text = plan_html(NEXT_MONDAY, BERLIN, blocks, planned.tasks.open_tasks(), generated=clock.now())
    assert "Plan for week 48 (23 Nov – 29 Nov 2026)" in text
    assert "Tuesday 24 Nov · 2.5 h planned" in text
    assert "09:00–11:30" in text and "Roadmap deep work" in text and "(protected)" in text
    assert "Thursday 26 Nov" in text and "14:00–14:30" in text and "One-on-one" in text
    assert "This week&#x27;s retro" not in text and "retro" not in text
    assert text.index("Fix the release blocker") < text.index("Draft the Q1 roadmap")
    assert "2 h 30 min" in text and "due 2026-11-23" in text and "answer by 2026-11-25" in text
    assert "Old dashboard idea" not in text  # Delete quadrant is on its way out
    assert SECRET_TASK_NOTE not in text and SECRET_PERSON_NOTE not in text


def test_plan_escapes_titles(clock) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.domain.model import Task

    task = Task(title="<b>bold</b> & <script>", quadrant=Quadrant.DO)
    text = plan_html(NEXT_MONDAY, BERLIN, [], [task], generated=clock.now())
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;" in text
    assert "No time blocks planned for this week." in text


def test_render_writes_a_pdf_with_the_plan_and_without_private_text(
    qapp, planned, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out" / "plan.pdf"
    render_plan_pdf(planned, NEXT_MONDAY, target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Plan for week 48" in text
    assert "Roadmap deep work" in text and "Fix the release blocker" in text
    assert SECRET_TASK_NOTE not in text and SECRET_PERSON_NOTE not in text
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    assert "A4" in info.stdout and "LeadDesk plan 2026-W48" in info.stdout


def test_render_refuses_an_unwritable_place(qapp, services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        render_plan_pdf(services, NEXT_MONDAY, blocker / "plan.pdf")
