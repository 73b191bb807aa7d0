"""Use cases. Each public method is one user action in one transaction, and reports what
kinds of things changed to the listeners of :class:`~leaddesk.services.base.ServiceHub`.
No Qt here (import-linter enforces it)."""
