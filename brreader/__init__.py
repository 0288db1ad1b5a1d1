"""brreader: read and search an archive of news interviews from the terminal.

The package is layered so that each piece only depends on the ones below it:
``model`` (plain data) <- ``parse`` (text to model) <- ``archive`` (files on
disk) <- ``index`` (the only module that imports Whoosh) <- ``search`` (queries,
matches, snippets) <- ``cli``. Nothing here imports Textual.
"""

__version__ = "0.1.0"
