# ruff: noqa: E402, E501, B023
"""Benchmark of the notes area (not collected by pytest): 50,000 notes, FTS search, opening
a person with 1,000 notes, the quick-note window. Run: ``python tests/services/people/bench_notes.py``.
"""

import os
import random
import statistics
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from leaddesk.domain.clock import FixedClock
from leaddesk.domain.model import BlockKind, BlockOutcome, Note, NoteKind, TimeBlock
from leaddesk.paths import resolve_paths
from leaddesk.services.base import ChangeKind
from leaddesk.services.unlocking import create_vault

tmp = Path(tempfile.mkdtemp())
paths = resolve_paths(tmp / "v")
clock = FixedClock(datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")))
svc = create_vault(paths, "pw pw pw pw", clock)
words = [
    "roadmap",
    "budget",
    "hiring",
    "promotion",
    "review",
    "deploy",
    "incident",
    "latency",
    "kubernetes",
    "café",
    "josé",
    "conference",
    "mentoring",
    "burnout",
    "vacation",
    "offsite",
    "architecture",
    "testing",
    "flaky",
    "onboarding",
    "feedback",
    "growth",
    "conflict",
    "release",
    "customer",
    "estimate",
]
rnd = random.Random(1)
people = [svc.people.add(f"Person {i}") for i in range(8)]
t0 = time.perf_counter()
with svc.hub.write(ChangeKind.NOTES) as s:
    for i in range(50_000):
        pid = people[i % 8].id if i >= 1000 else people[0].id
        body = " ".join(rnd.choice(words) for _ in range(rnd.randint(20, 120)))
        s.add(
            Note(
                person_id=pid,
                kind=rnd.choice(list(NoteKind)),
                written_on=date(2026, 11, 18) - timedelta(days=rnd.randint(0, 1500)),
                body=body,
            )
        )
print(f"insert 50k: {time.perf_counter() - t0:.1f}s")
# person 0 has 1000 + 49000/8 notes; make a person with exactly 1000
p1000 = svc.people.add("Thousand")
with svc.hub.write(ChangeKind.NOTES) as s:
    for i in range(1000):
        s.add(
            Note(
                person_id=p1000.id,
                kind=NoteKind.ONE_ON_ONE,
                written_on=date(2026, 11, 18) - timedelta(days=i),
                body="x " * 200,
            )
        )
    s.add(
        TimeBlock(
            title="1:1",
            kind=BlockKind.ONE_ON_ONE,
            start=clock.now() - timedelta(minutes=50),
            end=clock.now() - timedelta(minutes=20),
            person_id=p1000.id,
            outcome=BlockOutcome.DONE,
        )
    )


def bench(fn, n=30):
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1000)
    return statistics.median(ts), max(ts)


for q in ("roadmap", "café budget", "promo", '"flaky onboarding"', "josé AND NEAR(", "zzzz"):
    med, mx = bench(lambda: svc.notes.search(q, limit=100))
    print(
        f"search {q!r}: median {med:.1f} ms, max {mx:.1f} ms, hits {len(svc.notes.search(q, limit=100))}"
    )

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

app = QApplication([])
from leaddesk.ui.context import AppContext
from leaddesk.ui.settings import AppSettings

paths.config_dir.mkdir(parents=True, exist_ok=True)
ctx = AppContext(
    paths, AppSettings(QSettings(str(paths.settings_file), QSettings.Format.IniFormat)), clock
)
ctx.attach(svc)
from leaddesk.ui.people.area import PeopleArea

area = PeopleArea(ctx)
area.resize(1200, 800)
area.show()
area.refresh()
app.processEvents()


def open_person():
    area.open_person(p1000.id)
    app.processEvents()


med, mx = bench(open_person, 15)
print(f"open person with 1000 notes (brief tab): median {med:.1f} ms, max {mx:.1f} ms")


def open_person_notes():
    area.person_page.tabs.setCurrentIndex(1)
    area.open_person(p1000.id)
    app.processEvents()


med, mx = bench(open_person_notes, 15)
print(f"open person with 1000 notes (notes tab): median {med:.1f} ms, max {mx:.1f} ms")
big = people[0].id
med, mx = bench(lambda: (area.open_person(big), app.processEvents()), 10)
print(f"open person with {svc.notes.count_notes(big)} notes (notes tab): median {med:.1f} ms")
med, mx = bench(lambda: (area.refresh(), app.processEvents()), 15)
print(f"people list refresh: median {med:.1f} ms")
from leaddesk.ui.people.quick_note import QuickNoteWindow


def qn():
    w = QuickNoteWindow(ctx, None)
    w.show()
    app.processEvents()
    w.reject()
    app.processEvents()


qn()
med, mx = bench(qn, 15)
print(f"quick note window open+show: median {med:.1f} ms, max {mx:.1f} ms")
svc.close()
