"""The `sector-server` command: `serve` runs the sync server; `admin` manages users and devices."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from pathlib import Path

from sqlalchemy import Engine

from .db import default_data_dir

ENV_URL = "SECTOR_SERVER_DATABASE_URL"
ENV_DATA_DIR = "SECTOR_SERVER_DATA_DIR"
ENV_LOG_LEVEL = "SECTOR_SERVER_LOG_LEVEL"


def _database_url(args: argparse.Namespace) -> str:
    if args.database_url:
        return str(args.database_url)
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    return f"sqlite:///{data_dir / 'server.db'}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sector-server", description="Sector Desktop sync server.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", help=f"SQLAlchemy URL (default: ${ENV_URL} or DATA_DIR/server.db)")
    common.add_argument("--data-dir", help="directory for attachments and the default SQLite database")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (several need PostgreSQL: they share one database)",
    )

    admin = sub.add_parser("admin", parents=[common], help="manage users and devices")
    actions = admin.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create-user", help="add a user")
    create.add_argument("username")
    create.add_argument("--role", choices=["staff", "manager", "admin"], default="staff")
    create.add_argument("--display-name")
    create.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    reset = actions.add_parser("reset-password", help="set a new password")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    actions.add_parser("list-users", help="list accounts (role, linked staff record, disabled) as JSON lines")
    role = actions.add_parser("set-role", help="give an account a role (its staff record follows)")
    role.add_argument("username")
    role.add_argument("role", choices=["staff", "manager", "admin"])
    for verb, what in (
        ("disable-user", "refuse the account's sign-in and devices"),
        ("enable-user", "undo it"),
    ):
        actions.add_parser(verb, help=what).add_argument("username")
    actions.add_parser("list-devices", help="list devices as JSON lines")
    revoke = actions.add_parser("revoke-device", help="sign a device out (e.g. a stolen laptop)")
    revoke.add_argument("device_id")
    revoke.add_argument(
        "--wipe",
        action="store_true",
        help="at its next contact the laptop sends what it holds, then destroys its key and local data",
    )
    actions.add_parser(
        "new-epoch", help="run after restoring a database backup: clients pull everything again"
    )
    check = actions.add_parser(
        "check-values", help="list stored values the model refuses (JSON lines); exit 1 if any remain"
    )
    check.add_argument("--fix", action="store_true", help="replace each with its last valid value")
    return parser


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise ValueError("the two passwords differ")
    return first


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .logs import configure_json_logging

    level = getattr(logging, args.log_level.upper())
    configure_json_logging(level)
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    url = _database_url(args)
    if args.workers < 1:
        print("sector-server: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.workers > 1 and url.startswith("sqlite"):
        # SQLite allows one writer: several processes would only queue behind each other's locks.
        print(
            "sector-server: several --workers need PostgreSQL (--database-url postgresql://…)",
            file=sys.stderr,
        )
        return 2
    logging.getLogger("sector_server").info(
        "starting", extra={"host": args.host, "port": args.port, "workers": args.workers}
    )
    common = {"host": args.host, "port": args.port, "log_config": None, "access_log": False}
    if args.workers == 1:
        from .app import create_app

        uvicorn.run(create_app(url, data_dir), log_level=args.log_level, **common)
        return 0
    # Migrate once here, so the workers never race to migrate; each then builds the app itself.
    from .db import make_engine, migrate

    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    os.environ.update({ENV_URL: url, ENV_DATA_DIR: str(data_dir), ENV_LOG_LEVEL: args.log_level})
    uvicorn.run(
        "sector_desktop.sync.server.app:app_from_environment",
        factory=True,
        workers=args.workers,
        log_level=args.log_level,
        **common,
    )
    return 0


def _admin(args: argparse.Namespace) -> int:
    from . import auth
    from .db import make_engine, migrate, new_epoch

    engine = make_engine(_database_url(args))
    migrate(engine)
    if args.action == "create-user":
        user_id = auth.create_user(engine, args.username, _password(args), args.role, args.display_name)
        print(json.dumps({"user_id": user_id, "username": args.username, "role": args.role}))
    elif args.action == "reset-password":
        auth.reset_password(engine, args.username, _password(args))
        print(json.dumps({"username": args.username, "password": "changed"}))
    elif args.action in ("list-users", "set-role", "disable-user", "enable-user"):
        _accounts(engine, args)
    elif args.action == "list-devices":
        for device in auth.list_devices(engine):
            print(device.model_dump_json())
    elif args.action == "revoke-device":
        print(auth.revoke_device(engine, args.device_id, wipe=args.wipe).model_dump_json())
    elif args.action == "new-epoch":
        print(json.dumps({"epoch": new_epoch(engine)}))
    elif args.action == "check-values":
        return _check_values(engine, args.fix)
    engine.dispose()
    return 0


def _accounts(engine: Engine, args: argparse.Namespace) -> None:
    from . import team

    if args.action == "list-users":
        for user in team.list_users(engine):
            print(user.to_json())
    elif args.action == "set-role":
        print(team.set_role(engine, args.username, args.role).to_json())
    else:
        print(team.set_disabled(engine, args.username, args.action == "disable-user").to_json())


def _check_values(engine: Engine, fix: bool) -> int:
    from .check_values import find_bad_values, fix_bad_values

    bad = list(find_bad_values(engine))
    if fix and bad:
        fix_bad_values(engine, bad)
    for item in bad:
        print(item.to_json())
    left = sum(1 for b in bad if not b.fixed)
    print(f"{len(bad)} bad values found, {len(bad) - left} replaced, {left} left.", file=sys.stderr)
    engine.dispose()
    return 1 if left else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _serve(args) if args.command == "serve" else _admin(args)
    except ValueError as exc:
        print(f"sector-server: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
