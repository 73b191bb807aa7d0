"""Find files shipped in ``leaddesk.resources`` (icons, stylesheets).

The top-level ``resources/`` folder is installed as the ``leaddesk.resources`` package, so
``importlib.resources`` finds it the same way from a source checkout, an editable install
and an installed wheel; never build paths relative to ``__file__`` of another module.
"""

from __future__ import annotations

import pathlib
from importlib import resources

RESOURCE_PACKAGE = "leaddesk.resources"


def resource_path(relative: str) -> pathlib.Path:
    """The path of a shipped resource file, e.g. ``resource_path("styles/app.qss")``.

    Wheels are installed unpacked, so the traversable is a real file-system path.
    """
    root = resources.files(RESOURCE_PACKAGE)
    target = root.joinpath(*pathlib.PurePosixPath(relative).parts)
    return pathlib.Path(str(target))
