"""The demo conversations: one-on-one notes with their action items and topics, feedback
given and received, and a few other notes."""

from __future__ import annotations

from typing import Any

from ...domain.model import ActionOwner, FeedbackTone, NoteKind
from .specs import InDays as d  # d(n): n days from today

# person, days ago, Markdown body, [(owner, text, done days ago)], [topic, resolved?]
ONE_ON_ONES: list[
    tuple[str, int, str, list[tuple[ActionOwner, str, int | None]], list[tuple[str, bool]]]
] = [
    (
        "priya",
        2,
        "## Token refresh rework\n"
        "- PR is big; agreed to split it into **three** reviews.\n"
        "- Worried the ORM upgrade is stuck on the reporting service.\n\n"
        "## Growth\nWants to lead the payment API design next quarter.",
        [
            (ActionOwner.MINE, "Ask the data team lead about the old driver pin", None),
            (ActionOwner.THEIRS, "Split the token PR into three", None),
        ],
        [("Staff-level expectations: what would a promotion case need?", False)],
    ),
    (
        "priya",
        16,
        "## Catch-up\n- Back from holiday, energy good.\n"
        "- Mentoring Lena on code reviews is going well.",
        [(ActionOwner.MINE, "Share the staff engineer rubric", 10)],
        [("Conference budget for spring", True)],
    ),
    (
        "marco",
        1,
        "## CI flakiness\n- The quarantine job works, nightly still red.\n"
        "- Feels he is always the one fixing CI. *Knowledge silo risk.*\n\n"
        "## Career\nInterested in the platform team; wants to talk about it properly.",
        [
            (ActionOwner.MINE, "Book a career conversation (45 min)", None),
            (ActionOwner.THEIRS, "Pair with Lena on the next CI fix", None),
        ],
        [("Rotation of CI ownership across the team", False)],
    ),
    (
        "aisha",
        0,
        "## Week 8\n- Release notes shipped, proud of it.\n"
        "- Onboarding guide gaps: local HTTPS setup, feature flags.\n"
        "- Getting a dog next month 🐶",
        [
            (ActionOwner.MINE, "Add the onboarding gaps to the guide task", None),
            (ActionOwner.THEIRS, "List the three most confusing wiki pages", None),
        ],
        [("How is the first on-call shadow week going?", False)],
    ),
    (
        "aisha",
        7,
        "## Week 7\n- Release notes draft under way.\n"
        "- Unsure when to ask for help; agreed: after 2 hours stuck, ask.",
        [(ActionOwner.THEIRS, "Send the release notes draft to Carla", 3)],
        [("Pairing with Priya on backend tickets", True)],
    ),
    (
        "jonas",
        30,
        "## Observability\n- Metrics migration plan approved.\n"
        "- Tired after three incident-heavy weeks; discussed the on-call load.",
        [
            (ActionOwner.MINE, "Take the holiday on-call slot off Jonas", 24),
            (ActionOwner.MINE, "Raise on-call compensation with Sam", None),
        ],
        [("On-call load: did the rotation change help?", False)],
    ),
    (
        "lena",
        6,
        "## First demo\n- Nervous about the sprint demo; we scripted it "
        "together.\n- Code reviews: wants more detailed comments from seniors.",
        [
            (ActionOwner.MINE, "Ask Priya to pair with Lena on one review a week", 4),
            (ActionOwner.THEIRS, "Rehearse the demo with Marco", None),
        ],
        [("Mentor outside the team", False)],
    ),
    (
        "sam",
        0,
        "## With Sam\n- Headcount plan due next week.\n"
        "- Feedback for me: status updates are too long for the program office.",
        [(ActionOwner.MINE, "Draft the headcount plan", None)],
        [("Promotion case for Priya", False)],
    ),
    (
        "daniel",
        12,
        "## Platform sync\n- Their job-runner replacement lands in Q1; "
        "we migrate after.\n- Offered a talk slot at the tech day.",
        [(ActionOwner.THEIRS, "Share the job-runner migration guide", None)],
        [],
    ),
    (
        "carla",
        8,
        "## Checkout priorities\n- A/B test on the one-page checkout "
        "wants engineering estimates.\n- Latency complaints from two big merchants.",
        [(ActionOwner.MINE, "Send the A/B test estimate", None)],
        [("Latency budget for checkout", False)],
    ),
]

# person key, Note fields (written_on: d(days))
OTHER_NOTES: list[tuple[str, dict[str, Any]]] = [
    (
        "marco",
        dict(
            kind=NoteKind.FEEDBACK_GIVEN,
            written_on=d(-3),
            situation="Tuesday's payment outage, incident call.",
            behavior="Marco took notes, kept the timeline and called out when we were "
            "going in circles.",
            impact="We found the rollback path 20 minutes faster; the postmortem was "
            "easy to write.",
            agreed_actions="Ask him to run the next incident review.",
            tone=FeedbackTone.POSITIVE,
        ),
    ),
    (
        "priya",
        dict(
            kind=NoteKind.FEEDBACK_GIVEN,
            written_on=d(-9),
            situation="The token refresh pull request last week.",
            behavior="Opened a 2,000-line PR without a heads-up or a design note.",
            impact="Reviewers postponed it for days; the release slipped.",
            agreed_actions="Post a short design note before big changes; split PRs over 500 lines.",
            tone=FeedbackTone.CONSTRUCTIVE,
        ),
    ),
    (
        "lena",
        dict(
            kind=NoteKind.FEEDBACK_GIVEN,
            written_on=d(-13),
            situation="Her first production fix.",
            behavior="Wrote a regression test before the fix and explained it in the PR.",
            impact="Reviewers approved within the hour.",
            agreed_actions="Keep doing it; share the approach at the next team sync.",
            tone=FeedbackTone.POSITIVE,
        ),
    ),
    (
        "sam",
        dict(
            kind=NoteKind.FEEDBACK_RECEIVED,
            written_on=d(0),
            situation="Weekly status updates to the program office.",
            behavior="The updates run to two pages.",
            impact="Nobody reads past the first paragraph.",
            agreed_actions="Three bullets: done, next, risks.",
            tone=FeedbackTone.CONSTRUCTIVE,
        ),
    ),
    (
        "aisha",
        dict(
            kind=NoteKind.PERSONAL,
            written_on=d(-4),
            body="Getting a dog next month; may work from home more in the first weeks.",
        ),
    ),
    (
        "jonas",
        dict(
            kind=NoteKind.CONCERN,
            written_on=d(-10),
            body="Seemed drained in the incident review. Check the on-call load at the "
            "next one-on-one — it is overdue.",
        ),
    ),
    (
        "marco",
        dict(
            kind=NoteKind.WIN,
            written_on=d(-3),
            body="Ran the outage timeline brilliantly (see feedback).",
        ),
    ),
]
