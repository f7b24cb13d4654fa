"""The ``satudata`` command line. Each subcommand lives in its own module with a
``register(subparsers)`` function that adds its parser and sets ``func``."""

from __future__ import annotations

import argparse
import importlib
import sys

# Subcommand modules, in the order `satudata --help` lists them.
COMMANDS = ("datasets", "inspect", "draft", "check", "suites", "run", "inbox", "status", "portal", "ui")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="satudata",
        description="Satu Data pipeline: check, convert and publish departmental data.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"pipelines.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"pipelines.cli.{name}":
                continue  # that command is not part of this checkout yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code = args.func(args)
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
