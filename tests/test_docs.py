"""Docs the tests keep honest: every command and option is documented."""

from __future__ import annotations

import click
import pytest

from claimtrace.cli import main
from tests.conftest import ROOT

CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    assert isinstance(main, click.Group)
    return sorted(main.commands.items())


@pytest.mark.parametrize("name", [name for name, _ in _commands()])
def test_command_is_documented(name: str) -> None:
    assert f"## `claimtrace {name}" in CLI_DOC, f"docs/cli.md has no section for {name}"
    assert f"claimtrace {name}" in README, f"README does not mention claimtrace {name}"


@pytest.mark.parametrize(
    "name,option",
    [
        (name, opt)
        for name, command in _commands()
        for param in command.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--")
    ],
)
def test_option_is_documented(name: str, option: str) -> None:
    section = CLI_DOC.split(f"## `claimtrace {name}", 1)[1].split("\n## ", 1)[0]
    assert option in section, f"docs/cli.md does not document {option} of {name}"


def test_quick_start_has_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in quick.strip().splitlines() if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == ["make demo", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
