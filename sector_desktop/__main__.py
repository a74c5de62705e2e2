"""Allow `python -m sector_desktop`."""

from sector_desktop.cli import main

raise SystemExit(main())
