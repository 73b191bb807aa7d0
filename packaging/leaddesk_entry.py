"""Entry point of the frozen (PyInstaller) build: the same as the ``leaddesk`` command.

Kept outside the package so PyInstaller runs it as ``__main__`` while ``leaddesk`` itself is
imported as a normal package (relative imports and ``importlib.resources`` keep working).
"""

import sys

from leaddesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
