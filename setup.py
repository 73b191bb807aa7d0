"""Package layout: code under src/, shipped resources from the top-level resources/ folder.

pyproject.toml cannot combine package discovery with mapping an outside folder into the
package, so the package list is computed here; everything else is declared in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    package_dir={"": "src", "leaddesk.resources": "resources"},
    # The icon and stylesheet folders are listed as (data-only) packages so setuptools
    # ships them without its "package would be ignored" warning.
    packages=[
        *find_packages("src"),
        "leaddesk.resources",
        "leaddesk.resources.icons",
        "leaddesk.resources.styles",
    ],
)
