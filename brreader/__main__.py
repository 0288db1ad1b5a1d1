"""Allow ``python -m brreader``."""

from brreader.cli import main

raise SystemExit(main())
