"""Plain-Python domain: the things a tech lead plans with, and the rules about them.

Nothing here imports Qt, SQLAlchemy or any other layer of LeadDesk (enforced by
import-linter), so the rules can be tested and reused without a database or a screen.
"""
