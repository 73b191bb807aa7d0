"""Encrypted storage: SQLAlchemy 2.x over SQLCipher 4. No Qt here (import-linter enforces it)."""
