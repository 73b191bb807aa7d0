"""Make PySide6's import hook cheap: 19 MB and ~120 ms less at start-up (measured).

Importing PySide6 replaces ``builtins.__import__`` with a hook that supports the opt-in
``from __feature__ import snake_case``. After every import it asks whether the imported
module mentions "PySide6", by ``inspect.getsource(module)``: every module's source is
read, tokenised and kept in ``linecache`` for the life of the process. SQLAlchemy alone is
~200 modules, so importing it after PySide6 cost 47 MB instead of 28 MB (napari saw the same
start-up tax: napari/napari#8584).

LeadDesk never selects a ``__feature__``. The answer to "does this module mention
PySide6?" stays the same, only read straight from the file without keeping it.
"""

from __future__ import annotations

import logging
import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (installs the hook this module lightens)

log = logging.getLogger(__name__)

_FEATURE_MODULE = "shibokensupport.feature"


def _mentions_pyside(module: ModuleType) -> bool:
    """The hook's question, answered from the source file (not cached): modules without a
    ``.py`` source (built-in, extension, frozen) answer False, as in PySide6."""
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None)
    if not isinstance(origin, str) or not origin.endswith(".py"):
        return False
    try:
        with open(origin, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def lighten() -> bool:
    """Install the cheaper check; False (and nothing changed) if this PySide6 has no such
    hook, so a future PySide6 without it simply keeps its own behaviour."""
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        log.debug("PySide6 import hook not found; left as it is")
        return False
    feature._mod_uses_pyside = _mentions_pyside  # type: ignore[attr-defined]
    return True
