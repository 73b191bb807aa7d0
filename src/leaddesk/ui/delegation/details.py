"""The delegation tracker's details pane: one delegation's facts, its brief, debrief and
latest check-ins as escaped HTML (the private texts are read only when it is shown); and the
load-per-person summary of its toolbar (``load_summary``).

The facts come from the tracker row already on screen; only the texts and the newest
check-ins are read (``DelegationService.details``: one unit of work, plain rows)."""

from __future__ import annotations

from ...domain import delegation_rules as rules
from ...services.delegations import PersonLoad, TrackerRow
from ..context import AppContext
from ..html_text import escape
from .model import format_day, news_label


def details_html(ctx: AppContext, row: TrackerRow) -> str:
    """The details pane's text for one delegation, read on demand (escaped, each text cut
    to a sensible length)."""
    d = row.delegation  # the facts, as the table shows them
    texts, check_ins = ctx.services.delegations.details(row.id)  # the text, on demand
    today = ctx.clock.today()
    esc = escape
    parts = [
        f"<b>{esc(row.task_title.split(chr(10), 1)[0][:300])}</b> — {esc(row.person_name)}, "
        f"{esc(rules.level_label(d.level))} ({esc(rules.LEVEL_HINTS[d.level])})"
    ]
    facts = [f"started {format_day(d.started_on, today)}"]
    facts.append(f"check in every {d.check_in_every_days} days")
    if d.escalate_after_days:
        facts.append(f"tell me if stuck for more than {d.escalate_after_days} days")
    if row.is_open:
        facts.append(f"last news {news_label(row.days_since_news)}")
    if d.snoozed_until is not None and d.snoozed_until >= today:
        facts.append(f"snoozed until {format_day(d.snoozed_until, today)}")
    if d.closed_on is not None:
        facts.append(f"closed {format_day(d.closed_on, today)}")
    sentence = ", ".join(facts)
    parts.append(esc(sentence[:1].upper() + sentence[1:]))
    if texts.expected_outcome:
        parts.append(f"<b>Done means:</b> {esc(texts.expected_outcome[:1000])}")
    if texts.why_this_person:
        parts.append(f"<b>Why them:</b> {esc(texts.why_this_person[:500])}")
    debrief = [
        ("Worked", texts.debrief_worked),
        ("Hard", texts.debrief_hard),
        ("Differently", texts.debrief_differently),
        ("My support", texts.debrief_support),
    ]
    said = [f"<b>{label}:</b> {esc(text[:500])}" for label, text in debrief if text]
    if said:
        parts.append("<b>Debrief</b> — " + " · ".join(said))
    for entry in check_ins:
        note = esc(entry.note.split("\n", 1)[0][:200]) or "<i>no note</i>"
        parts.append(f"Check-in {format_day(entry.on, today)} ({entry.status_after.value}): {note}")
    return "<br>".join(parts)


def load_summary(loads: list[PersonLoad], private: bool) -> tuple[str, str]:
    """The toolbar's "Active: …" text and its tooltip (no names under the privacy screen)."""
    busy = [x for x in loads if x.active]
    if busy and private:
        text = f"Active: {sum(x.active for x in busy)} with {len(busy)} people"
    elif busy:
        text = "Active: " + " · ".join(f"{x.name} {x.active}" for x in busy[:6])
        if len(busy) > 6:
            text += " · …"
    else:
        text = ""
    tip = "" if private else "\n".join(f"{x.name}: {x.active} active" for x in loads)[:2000]
    return text, tip
