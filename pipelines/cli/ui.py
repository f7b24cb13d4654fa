"""`satudata ui up|down|status`: the Dagster UI and daemon (the inbox sensor runs in the daemon)."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("ui", help="the Dagster UI and daemon / antarmuka Dagster")
    p.add_argument("action", choices=("up", "down", "status"))
    p.add_argument("--port", type=int, default=3000)
    p.set_defaults(func=run)


def run(args) -> int:
    from pipelines import ui

    if args.action == "up":
        try:
            state = ui.up(args.port)
        except ui.UiError as err:
            print(f"Dagster UI tidak berjalan / is not running: {err}")
            return 1
        print(f"Dagster UI: {state['url']}  (webserver pid {state['webserver']}, daemon pid {state['daemon']})")
    elif args.action == "down":
        stopped = ui.down()
        print("stopped: " + (", ".join(stopped) or "nothing was running"))
    else:
        for k, v in ui.status().items():
            print(f"{k:<10} {v}")
    return 0
