"""brreader: read and search an archive of news interviews from the terminal.

Dependencies point inward: ``tui`` and ``cli`` (the interfaces) use
``search`` (the facade), which uses ``engine`` (the only package that imports
Whoosh), which reads ``articles`` and ``parse``, which build ``model``
(plain data). Only ``tui`` imports Textual. The import-linter contracts in
pyproject.toml hold the layers in place; docs/development.md maps the rooms.
"""

__version__ = "0.1.0"
