"""The click-free parser of the common ``check`` line agrees with click, or leaves the line to click."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest

from hfcarbon_lint.cli import app, fast_path, with_default_command
from hfcarbon_lint.cli.check import check
from tests.conftest import REPO


def click_parameters(args: list[str]) -> dict[str, Any]:
    """What click hands ``check`` for this command line (as the group would route it)."""
    routed = with_default_command(args)
    assert routed[0] == "check"
    return dict(check.make_context("check", routed[1:]).params)


PARSED_BY_BOTH = [
    ["README.md"],
    ["check", "README.md"],
    ["check", "a/README.md", "b/README.md", "-"],
    ["-q", "README.md"],
    ["README.md", "--quiet", "--strict", "--exit-zero"],
    ["--fix", "--unsafe-fixes", "--exit-non-zero-on-fix", "models/"],
    ["--diff", "--label", "--isolated", "README.md"],
    ["--format", "json", "README.md"],
    ["-f", "concise", "README.md"],
    ["--format=sarif", "README.md", "--format", "github"],  # the last one wins, as in click
    ["--color", "always", "README.md"],
    ["--color=never", "README.md"],
    ["--select", "HFC01", "--select=HFC020,HFC021", "--ignore", "missing-source", "README.md"],
    ["--exclude", "vendor/*", "--exclude=*.tmp.md", "models"],
    ["--min-class", "3", "README.md"],
    ["--min-class=Energy Awareness", "README.md"],
    ["--classification", "replication", "README.md"],
    ["--stdin-filename", "models/x/README.md", "-"],
    ["-j", "1", "models/"],
    ["--jobs=04", "models/", "--jobs", "2"],
    ["--select=", "README.md"],
    ["org/model"],
    [""],
]

LEFT_TO_CLICK = [
    [],
    ["check"],
    ["--help"],
    ["-h", "README.md"],
    ["--version"],
    ["check", "--help", "README.md"],
    ["rule", "--all"],
    ["audit", "org"],
    ["-q", "check", "README.md"],  # a group option in front of the subcommand: click's error
    ["--", "-odd-name.md"],
    ["-qf", "json", "README.md"],
    ["-fjson", "README.md"],
    ["-f=json", "README.md"],
    ["--format", "yaml", "README.md"],  # not a choice: click's error message
    ["--format", "README.md"],  # click reads README.md as the format
    ["--format"],
    ["--select", "-q", "README.md"],
    ["--quiet=yes", "README.md"],
    ["--no-such-option", "README.md"],
    ["--output-file", "json:out.json", "README.md"],
    ["--revision", "main", "org/model"],
    ["--timeout", "3", "org/model"],
    ["--config", "hfcarbon.toml", "README.md"],
    ["--remote", "org/model"],
    ["--offline", "org/model"],
    ["--jobs", "0", "models/"],
    ["-j", "+2", "models/"],
    ["-j2", "models/"],
    ["--jobs=", "models/"],
    ["-q"],
]


@pytest.mark.parametrize("args", PARSED_BY_BOTH, ids=" ".join)
def test_fast_path_parses_as_click_does(args: list[str]) -> None:
    assert fast_path.parse(args) == click_parameters(args)


@pytest.mark.parametrize("args", LEFT_TO_CLICK, ids=" ".join)
def test_everything_else_is_left_to_click(args: list[str]) -> None:
    assert fast_path.parse(args) is None


def test_tables_name_checks_own_options() -> None:
    options = {name: param for param in check.params for name in param.opts}
    defaults = click_parameters(["README.md"])
    del defaults["targets"]
    assert fast_path.DEFAULTS == defaults
    for flag, name in fast_path.FLAGS.items():
        assert options[flag].name == name and options[flag].is_flag, flag
    for option, (name, choices) in fast_path.VALUES.items():
        param = options[option]
        assert param.name == name and not param.is_flag and not param.multiple, option
        expected = tuple(param.type.choices) if isinstance(param.type, click.Choice) else None
        assert (sorted(choices) if choices else None) == (sorted(expected) if expected else None), option
        assert isinstance(param.type, click.Choice) or param.type is click.STRING, option
    for option, name in fast_path.REPEATABLE.items():
        assert options[option].name == name and options[option].multiple, option
    for option, name in fast_path.COUNTS.items():
        param = options[option]
        assert param.name == name and isinstance(param.type, click.IntRange) and param.type.min == 1, option


def test_both_paths_give_the_same_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = REPO / "examples" / "needs-work" / "README.md"
    for args in (["--isolated", str(card)], ["-q", "--format", "json", "--isolated", str(card)],
                 ["--select", "HFC02", "--diff", "--isolated", str(card)]):
        fast = fast_path.run(list(args))
        fast_out = capsys.readouterr()
        slow = app.run(list(args))
        slow_out = capsys.readouterr()
        assert fast is not None
        assert (fast, fast_out.out, fast_out.err) == (slow, slow_out.out, slow_out.err)


def test_a_bad_value_found_after_parsing_gets_clicks_usage_error(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "hfcarbon_lint", "--select", "HFC999", "--isolated", "README.md"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "Usage: hfcarbon-lint check [OPTIONS]" in run.stderr
    assert "unknown rule 'HFC999'" in run.stderr


def test_the_common_line_does_not_import_click() -> None:
    probe = ("import sys\nfrom hfcarbon_lint.cli import main\ncode = main(sys.argv[1:])\n"
             "print('click' in sys.modules, code)")
    run = subprocess.run([sys.executable, "-c", probe, "--isolated", "-q", "examples/model-card/README.md"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["False", "0"], run.stderr


TOKENS = [
    "README.md", "models/", "-", "", "check", "rule", "--", "-q", "--quiet", "--strict", "--exit-zero", "--fix",
    "--unsafe-fixes", "--diff", "--label", "--isolated", "--offline", "-f", "--format", "json", "text", "yaml",
    "--format=github", "--color", "always", "--color=auto", "--select", "HFC01", "--select=HFC020,x", "--ignore",
    "--exclude", "*.md", "--min-class", "3", "--min-class=", "--classification", "ladder", "--stdin-filename",
    "-j", "2", "0", "--jobs=3", "--jobs", "-x", "--help", "--version", "org/model", "--revision",
]


def test_random_command_lines_parse_alike_or_go_to_click() -> None:
    import random

    chooser = random.Random(2)
    parsed = 0
    for _ in range(3000):
        args = [chooser.choice(TOKENS) for _ in range(chooser.randint(1, 7))]
        fast = fast_path.parse(list(args))
        if fast is None:
            continue
        parsed += 1
        assert fast == click_parameters(args), args
    assert parsed > 300  # the comparison is not vacuous
