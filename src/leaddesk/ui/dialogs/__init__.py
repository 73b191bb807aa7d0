"""Dialogs of the shell: create vault, unlock, preferences, keyboard shortcuts.

Kept import-light on purpose: the unlock dialog is shown before SQLAlchemy and the services
are imported (DESIGN.md "Start-up"), so nothing here imports ``leaddesk.services`` at module
level.
"""
