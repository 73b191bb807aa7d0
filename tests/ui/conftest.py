"""Fixtures shared by the UI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent


@pytest.fixture
def deletes_flushed() -> Iterator[None]:
    """After the test, closed windows are really deleted and the garbage collected, so a
    form that leaves wrappers PySide6 cannot collect fails in its own file, not a later one.
    Use with ``pytestmark = pytest.mark.usefixtures("deletes_flushed")``."""
    yield
    import gc

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
