"""Workflow-command escaping, checked against a parser that unescapes as the Actions runner does
(actions/runner ``ActionCommand``: ``::name k=v,k=v::message``, ``%25`` decoded last)."""

from __future__ import annotations

import re

import pytest
from github_helpers import CARDS, run_cli

from hfcarbon_lint.base.classification import ReportingClass
from hfcarbon_lint.base.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.reporters.github import annotation, command, escape_data, escape_property

TRICKY = [
    "plain",
    "100% sure",
    "%25 already looks escaped",
    "a:b,c",
    "line one\nline two",
    "windows\r\nline",
    "bare\rcarriage",
    "::error::inside",
    "%0A is not a newline",
    "ünïcødé 🌱, ok: yes",
    "",
]


def runner_parse(line: str) -> tuple[str, dict[str, str], str]:
    """Split and unescape a command line as the runner does."""
    match = re.match(r"^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$", line.strip(), re.DOTALL)
    assert match, f"not a workflow command: {line!r}"
    name, props_text, message = match.groups()

    def unescape(text: str, is_property: bool) -> str:
        pairs = [("%0D", "\r"), ("%0A", "\n")]
        if is_property:
            pairs += [("%3A", ":"), ("%2C", ",")]
        for escaped, raw in [*pairs, ("%25", "%")]:
            text = text.replace(escaped, raw)
        return text

    properties: dict[str, str] = {}
    for pair in (props_text or "").split(","):
        if pair:
            key, _, value = pair.partition("=")
            properties[key] = unescape(value, True)
    return name, properties, unescape(message, False)


def test_message_escaping_table() -> None:
    assert escape_data("50% of\r\nit") == "50%25 of%0D%0Ait"
    assert escape_data("a:b,c") == "a:b,c"  # only properties escape : and ,


def test_property_escaping_table() -> None:
    assert escape_property("50% of\r\nit: a,b") == "50%25 of%0D%0Ait%3A a%2Cb"


@pytest.mark.parametrize("text", TRICKY)
def test_escaping_round_trips_through_the_runner_parser(text: str) -> None:
    line = command("warning", text, {"file": text, "title": text, "line": 3})
    assert "\n" not in line and "\r" not in line  # one command, one line
    name, properties, message = runner_parse(line)
    assert name == "warning"
    assert properties == {"file": text, "title": text, "line": "3"}
    assert message == text


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_properties_cannot_end_the_property_list(text: str) -> None:
    escaped = escape_property(text)
    assert not set(escaped) & {":", ",", "\n", "\r"}


def _diagnostic(message: str, path: str, span: Span, fix: Fix | None = None) -> Diagnostic:
    return Diagnostic("HFC013", "emissions-unit-string", Severity.ERROR, message, path, span, fix)


def test_annotation_of_a_diagnostic_with_every_awkward_character() -> None:
    fix = Fix(Applicability.UNSAFE, "write 1200, in grams", (Edit(0, 1, "x"),))
    diagnostic = _diagnostic("emissions '1.2 kg':\n100%, really", "dir,1/a:b%/README.md", Span.at(6, 14, 6, 22), fix)
    line = annotation(diagnostic)
    assert line == (
        "::error file=dir%2C1/a%3Ab%25/README.md,line=6,col=14,endLine=6,endColumn=22,"
        "title=HFC013 emissions-unit-string::emissions '1.2 kg':%0A100%25, really"
        "%0AFix (--fix --unsafe-fixes): write 1200, in grams"
    )
    _, properties, message = runner_parse(line)
    assert properties["file"] == "dir,1/a:b%/README.md"
    assert message.splitlines() == [
        "emissions '1.2 kg':",
        "100%, really",
        "Fix (--fix --unsafe-fixes): write 1200, in grams",
    ]


def test_multi_line_span_has_no_columns() -> None:
    """GitHub only honours col/endColumn on a single-line annotation; across lines they are left out."""
    line = annotation(_diagnostic("m", "a/README.md", Span.at(2, 5, 4, 3)))
    assert line.startswith("::error file=a/README.md,line=2,endLine=4,title=")


def test_backslash_paths_become_forward_slashes() -> None:
    line = annotation(_diagnostic("m", "models\\a\\README.md", Span.at(1, 1, 1, 2)))
    assert "file=models/a/README.md," in line


def test_hub_cards_are_annotated_without_a_file() -> None:
    diagnostic = _diagnostic("m", "org/model/README.md", Span.at(3, 2, 3, 9))
    report = CardReport(
        "org/model", "org/model/README.md", [diagnostic], ReportingClass.UNKNOWN, None, remote={"repo_id": "org/model"}
    )
    line = annotation(diagnostic, report)
    _, properties, message = runner_parse(line)
    assert "file" not in properties and "line" not in properties
    assert message == "org/model/README.md:3:2: m"


def test_card_with_awkward_folder_name_end_to_end() -> None:
    done = run_cli("check", "--isolated", "--format", "github", "odd%name,v1", cwd=CARDS)
    commands = [runner_parse(line) for line in done.stdout.splitlines() if line.startswith("::")]
    assert {properties["file"] for _, properties, _ in commands} == {"odd%name,v1/README.md"}
    messages = [message for *_, message in commands]
    assert any("'100%, estimated: yes'" in message for message in messages)
    # Plain lines (class, summary) are log text, never commands.
    plain = [line for line in done.stdout.splitlines() if not line.startswith("::")]
    assert plain == [
        "odd%name,v1/README.md: reporting class 3 Energy Awareness, 45 g CO2eq",
        done.stdout.splitlines()[-1],
    ]
