"""Headless subcommands of `sector-desktop`: each opens the profile and calls one service."""

from __future__ import annotations

import argparse

from sector_desktop.store import ProfilePaths, open_profile


def demo_data(args: argparse.Namespace, paths: ProfilePaths) -> int:
    from sector_desktop.services.demo import fill_demo_profile

    db = open_profile(paths)
    summary = fill_demo_profile(db, paths, scale=args.scale, seed=args.seed, if_empty=args.if_empty)
    print(summary)
    return 0
