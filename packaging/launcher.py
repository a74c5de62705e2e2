"""The bundle's entry point: the same `sector-desktop` command as the installed package."""

from sector_desktop.cli import main

raise SystemExit(main())
