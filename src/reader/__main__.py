"""`python -m reader` runs the same CLI as the `reader` script."""

from reader.cli import main

raise SystemExit(main())
