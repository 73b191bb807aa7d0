"""``python -m leaddesk``: the same as the ``leaddesk`` command."""

import sys

from leaddesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
