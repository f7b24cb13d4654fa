"""`satudata portal up [--port N] | down | status`: the local CKAN portal the pipeline publishes to.

Exit codes: 0 done, 1 the portal could not be brought up (the reason is printed)."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("portal", help="run the local CKAN portal / jalankan portal CKAN lokal")
    p.add_argument("--dir", type=Path, default=None,
                   help="state folder of the portal (default: .portal/ at the repo root)")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    up = actions.add_parser("up", help="install, initialise and start the portal (idempotent)")
    up.add_argument("--port", type=int, default=None, help="CKAN's port (default: the last one, else 5000)")
    up.add_argument("--solr-url", default=None, metavar="URL",
                    help="serve search from this Solr core (CKAN's own search) instead of PostgreSQL; "
                         "kept for later `up`s; an empty value returns to PostgreSQL. Then run "
                         "`ckan -c <dir>/ckan.ini search-index rebuild` once")
    up.set_defaults(func=run_up)
    down = actions.add_parser("down", help="stop what `up` started, keeping the data")
    down.set_defaults(func=run_down)
    status = actions.add_parser("status", help="say what runs where")
    status.set_defaults(func=run_status)


def _say(text: str) -> None:
    print(text, flush=True)


def _progress():
    """A printer of progress lines that show the seconds since it was made."""
    started = time.monotonic()

    def say(text: str) -> None:
        print(f"[{time.monotonic() - started:5.1f} s] {text}", flush=True)

    return say


def run_up(args) -> int:
    from pipelines.portal import PortalError, up
    from pipelines.portal.ckan_cli import CkanError
    from pipelines.portal.install import InstallError
    from pipelines.portal.layout import Layout
    from pipelines.portal.postgres import PostgresError
    from pipelines.portal.redis import RedisError

    say = _progress()
    try:
        solr = None if args.solr_url is None else ({"solr_url": args.solr_url} if args.solr_url else {})
        connection = up(args.dir, args.port, log=say, extra_settings=solr)
    except (PortalError, CkanError, InstallError, PostgresError, RedisError) as exc:
        print(f"Portal tidak dapat dijalankan / the portal could not start:\n{exc}", file=sys.stderr)
        return 1
    layout = Layout.at(args.dir)
    say(f"portal: {connection.url}  sysadmin: {connection.sysadmin}")
    say(f"connection file (url, token): {layout.connection_file}")
    return 0


def run_down(args) -> int:
    from pipelines.portal import down

    if not down(args.dir, log=_say):
        _say("nothing was running")
    return 0


def run_status(args) -> int:
    from pipelines.portal import status

    found = status(args.dir)
    if not found:
        _say("no portal here yet: run `satudata portal up`")
        return 0
    for name, info in found.items():
        state = f"running (pid {info['pid']})" if info["running"] else "stopped"
        where = f"  {info['address']}" if info["address"] else ""
        _say(f"{name:<9} {state}{where}")
    return 0
