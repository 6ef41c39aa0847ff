"""The subcommands agree with each other on the options they share."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from hfcarbon_lint.cli import COMMANDS
from hfcarbon_lint.cli.app import cli as group
from tests.conftest import run_process, write_card


def test_every_format_option_has_the_short_f() -> None:
    """`-f json` works wherever `--format json` does (check, audit, rule, label, study, estimate)."""
    context = click.Context(group)
    with_format = {}
    for name in COMMANDS:
        command = group.get_command(context, name)
        assert command is not None, name
        for param in command.params:
            if isinstance(param, click.Option) and "--format" in param.opts:
                with_format[name] = param.opts
    assert {"check", "estimate", "label", "study"} <= set(with_format)
    assert {name: opts for name, opts in with_format.items() if "-f" not in opts} == {}


@pytest.mark.parametrize("name", ["check", "audit", "estimate", "rule", "label", "study"])
def test_every_format_option_is_spelled_and_explained_alike(name: str) -> None:
    """One builder (cli.options.format_option): `-f/--format` binds output_format, lists its
    choices in --help and says what it does in every command."""
    help_text = run_process(name, "--help").out
    assert re.search(r"^\s+-f, --format \[[a-z|]+\]\s+[A-Z]", help_text, re.MULTILINE), help_text
    refused = run_process(name, "-f", "nosuchformat")
    assert refused.code == 2 and "Invalid value for '-f' / '--format': 'nosuchformat' is not one of" in refused.err


def test_an_output_file_that_cannot_be_written_is_a_one_line_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`-o json:FOLDER` (or a path under a file) is the user's slip, not an internal error: the
    other outputs are still written, and the run exits 2 because an asked-for output is missing."""
    card = write_card(tmp_path, "co2_eq_emissions:\n  emissions: 12\n")
    (tmp_path / "taken").mkdir()
    run = cli("check", "-o", f"json:{tmp_path / 'taken'}", "-o", f"sarif:{tmp_path / 'ok.sarif'}", str(card))
    assert run.code == 2
    assert run.err.splitlines() == [f"hfcarbon-lint: cannot write {tmp_path / 'taken'} (-o json): Is a directory"]
    assert "internal error" not in run.err and "1 card checked" in run.out
    assert json.loads((tmp_path / "ok.sarif").read_text(encoding="utf-8"))["runs"]
    under_a_file = tmp_path / "ok.sarif" / "out.json"
    run = cli("check", "--exit-zero", "-o", f"json:{under_a_file}", str(card))
    assert run.code == 2 and run.err.startswith(f"hfcarbon-lint: cannot write {under_a_file} (-o json): ")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('ignore = ["HFC999"]', "unknown rule 'HFC999'"),
        ('select = ["nonsense"]', "unknown rule 'nonsense'"),
        ("min-class = 9", "min-class: unknown reporting class 9"),
    ],
)
def test_a_bad_value_in_the_config_file_names_the_file(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, message: str
) -> None:
    """A user who never typed --ignore is told where HFC999 came from."""
    card = write_card(tmp_path, "co2_eq_emissions:\n  emissions: 12\n")
    config = tmp_path / "pyproject.toml"
    config.write_text(f"[tool.hfcarbon-lint]\n{line}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = cli("check", str(card))
    assert run.code == 2 and f"Error: {config}: {message}" in run.err
    assert cli("check", "--isolated", str(card)).code == 0
