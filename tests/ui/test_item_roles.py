"""One item-role number, one meaning: every UI role is named in ui/roles.py (issue 14, Names).

Each area used to number its own roles from ``Qt.ItemDataRole.UserRole``, so ``UserRole + 1``
was a row's object in one area and its sort key in another. These checks keep it that way.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt

import leaddesk.ui
from leaddesk.ui import roles

UI_DIR = Path(leaddesk.ui.__file__).parent
# Numbering a role (UserRole + n) or passing a bare number as a role to data()/setData().
NUMBERED_ROLE = re.compile(r"UserRole\s*\+|\.(?:set)?[dD]ata\(\s*(?:\d+\s*,\s*)?\d{3}\b")


def _number(role: object) -> int:
    return int(getattr(role, "value", role))  # UserRole is an enum member, UserRole + n an int


def _role_values() -> dict[str, int]:
    return {
        name: _number(getattr(roles, name))
        for name in dir(roles)
        if name.endswith("_ROLE") and not name.startswith("_")
    }


def test_every_role_has_its_own_number_above_qts_own() -> None:
    values = _role_values()
    assert len(values) >= 8
    assert len(set(values.values())) == len(values), values
    user = _number(Qt.ItemDataRole.UserRole)
    # test_memory_after_lock reads UserRole .. UserRole + 11 of every row: stay inside it
    assert all(user <= v < user + 12 for v in values.values()), values


def test_no_ui_module_numbers_a_role_of_its_own() -> None:
    offenders = []
    for path in sorted(UI_DIR.rglob("*.py")):
        if path.name == "roles.py" and path.parent == UI_DIR:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if NUMBERED_ROLE.search(line):
                offenders.append(f"{path.relative_to(UI_DIR)}:{number}: {line.strip()}")
    assert offenders == [], "name the role in ui/roles.py instead:\n" + "\n".join(offenders)


def test_the_areas_share_the_numbers() -> None:
    """The names each area kept mean the shared role, so one number means one thing."""
    from leaddesk.ui.delegation import model as delegation
    from leaddesk.ui.matrix import model as matrix
    from leaddesk.ui.people import models as people
    from leaddesk.ui.week import models as week

    assert matrix.CARD_ROLE == week.TASK_ROLE == people.OBJECT_ROLE == roles.OBJECT_ROLE
    assert delegation.OBJECT_ROLE == roles.OBJECT_ROLE
    assert matrix.TASK_ID_ROLE == week.TASK_ID_ROLE == roles.TASK_ID_ROLE
    assert delegation.SORT_ROLE == people.SORT_ROLE == roles.SORT_ROLE
    assert delegation.ID_ROLE == roles.ID_ROLE
