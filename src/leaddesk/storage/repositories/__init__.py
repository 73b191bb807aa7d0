"""Repositories: every query the services run, kept in storage (issue 14, item 1).

One module per area of the vault (``tasks``, ``blocks``, ``delegations``, ``notes``,
``people``, ``reviews``, ``calendar``...). Each holds one class, ``<Area>Repository``, made
per unit of work from the SQLAlchemy ``Session`` the service opened with ``ctx.read()`` or
``ctx.write()``::

    with self.ctx.read() as s:
        cards = TaskRepository(s).board_cards(today)

The rules stay in the services and the domain; a repository only knows how rows are stored
and turns them into the domain's types (or small ``NamedTuple`` rows declared beside the
query). So:

- a method is named for what it returns or changes (``open_in_quadrant``, ``move_to``),
  never for the screen that asks;
- no validation, no clock, no change notices here: the service decides, the repository
  reads and writes what it is told;
- SQL text, ``select()`` and the typed Core columns of ``storage.tables`` appear only here
  (and in migrations), so a change of the schema is a change of one package.

mypy runs strict on this package, like the rest of storage.
"""
