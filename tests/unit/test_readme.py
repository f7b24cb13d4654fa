"""The README documents every command of the CLI and the two set-up commands."""

import re

import pytest

from pipelines.cli import COMMANDS, build_parser
from pipelines.spec import project_root

README = (project_root() / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_every_listed_command_module_is_present():
    assert commands() == sorted(COMMANDS)


@pytest.mark.parametrize("command", commands())
def test_command_is_in_readme(command):
    assert re.search(rf"`satudata {command}\b", README), f"README does not show `satudata {command}`"


def test_setup_commands_in_readme():
    assert "make demo" in README and "make test" in README
