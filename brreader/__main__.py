"""Allow ``python -m brreader`` (the same entry as the ``brreader`` command)."""

from brreader.client import main

raise SystemExit(main())
