"""Nothing from a card or a path reaches a terminal or a workflow unescaped."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from hfcarbon_lint.base.escaping import diff_for, display_path, for_log, neutralise, visible
from tests.conftest import run_process

EVIL_DIR = "x\n::error file=evil::INJECTED"
# A raw control character other than newline (and tab, which the text format turns into a space).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ESC_BODY = "---\nco2_eq_emissions:\n  emissions: '12'\n---\n\x1b[2J\x1b]0;pwned\x07 Carbon emitted: \x1b[2J12 kg\n"


def commands(text: str) -> list[str]:
    """Lines the GitHub Actions runner would run as workflow commands (it trims each line first)."""
    return [line for line in text.splitlines() if line.strip().startswith("::")]


def evil_repo(tmp_path: Path) -> Path:
    folder = tmp_path / "repo" / EVIL_DIR
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("---\nco2_eq_emissions:\n  emissions: '12'\n---\n", encoding="utf-8")
    return tmp_path / "repo"


@pytest.mark.parametrize("output_format", ["text", "concise", "github"])
def test_a_path_with_a_workflow_command_never_starts_a_command(tmp_path: Path, output_format: str) -> None:
    repo = evil_repo(tmp_path)
    run = run_process("check", "--fix", "-f", output_format, str(repo), env={"GITHUB_ACTIONS": "true"})
    assert "Fixed 1 finding in" in run.err and "\\x0a::error file=evil::INJECTED" in run.err
    assert commands(run.err) == []
    if output_format == "github":  # its own commands only, the path escaped inside a property
        assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in commands(run.out))
        assert not [line for line in run.out.splitlines() if line.startswith("::error file=evil")]
        assert "/x%0A%3A%3Aerror file=evil%3A%3AINJECTED/README.md," in run.out
    else:
        assert commands(run.out) == []
        assert "\\x0a::error file=evil::INJECTED/README.md:" in run.out


def test_junit_printed_in_a_log_starts_no_command(tmp_path: Path) -> None:
    """JUnit's text lines are one per finding: a newline in a path stays escaped there too."""
    import xml.etree.ElementTree as ET

    repo = evil_repo(tmp_path)
    (repo / EVIL_DIR / "README.md").write_text("---\nco2_eq_emissions:\n  emissions: 1.2 kg\n---\n", encoding="utf-8")
    run = run_process("check", "-f", "junit", str(repo), "no\n::error::missing", env={"GITHUB_ACTIONS": "true"})
    assert run.code == 2 and commands(run.out) == []
    root = ET.fromstring(run.out)
    failure, error = root.find(".//failure"), root.find(".//error")
    assert failure is not None and error is not None
    assert "x\\x0a::error file=evil::INJECTED/README.md:3:14: HFC013" in (failure.text or "")
    assert (error.text or "").startswith("no\\x0a::error::missing: ")
    case = root.find(".//testcase[@file]")  # attributes keep the real name (written as &#10;)
    assert case is not None and case.get("file", "").endswith(EVIL_DIR + "/README.md")


def test_failure_messages_are_escaped(tmp_path: Path) -> None:
    missing = str(tmp_path / "no\n::error::here\x1b[2J")
    run = run_process("check", missing, env={"GITHUB_ACTIONS": "true"})
    assert run.code == 2 and commands(run.err) == [] and not RAW_CONTROL.search(run.err)
    assert "no\\x0a::error::here\\x1b[2J" in run.err


def test_a_path_that_starts_with_a_command_is_prefixed(tmp_path: Path) -> None:
    folder = tmp_path / "::warning::x"
    folder.mkdir()
    (folder / "README.md").write_text("---\nco2_eq_emissions:\n  emissions: '12'\n---\n", encoding="utf-8")
    run = run_process("check", "-f", "concise", "--select", "HFC014", "::warning::x", cwd=tmp_path)
    assert run.out.startswith("./::warning::x/README.md:3:14: HFC014") and commands(run.out) == []


@pytest.mark.parametrize("output_format", ["text", "concise"])
def test_control_characters_of_the_card_are_shown_as_escapes(tmp_path: Path, output_format: str) -> None:
    card = tmp_path / "README.md"
    card.write_text(ESC_BODY, encoding="utf-8")
    run = run_process("check", "-f", output_format, "--select", "HFC014,HFC041", str(card))
    assert not RAW_CONTROL.search(run.out) and not RAW_CONTROL.search(run.err)
    assert "HFC014" in run.out


def test_the_caret_still_points_under_the_same_characters_after_escapes() -> None:
    from hfcarbon_lint.base.classification import ReportingClass
    from hfcarbon_lint.base.diagnostics import Diagnostic, Severity, Span
    from hfcarbon_lint.lint.engine import CardReport
    from hfcarbon_lint.reporters import RenderOptions
    from hfcarbon_lint.reporters.text import render_card

    line = "\x1b[2J\x1b]0;t\x07 Carbon: 12 kg"
    column = line.index("12") + 1
    diagnostic = Diagnostic("HFC041", "x", Severity.WARNING, "m", "README.md", Span.at(4, column, 4, column + 5))
    card = CardReport("README.md", "README.md", [diagnostic], ReportingClass.UNKNOWN, None, source_lines={4: line})
    source, caret = render_card(card, RenderOptions(quiet=True)).splitlines()[1:3]
    start = caret.index("^")
    assert not RAW_CONTROL.search(source)
    assert source[start:] == "12 kg" and caret.count("^") == 5


def test_the_caret_covers_escaped_characters_inside_the_span(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: mit\n---\n- **Carbon Emitted:** 12 kg \x1b[2J\n", encoding="utf-8")
    run = run_process("check", "-f", "text", "--select", "HFC041", str(card))
    source, caret = [line for line in run.out.splitlines() if "| " in line][:2]
    start = caret.index("^")
    assert source[start:] == "12 kg \\x1b[2J" and caret.count("^") == len("12 kg \\x1b[2J")


def test_structured_formats_carry_control_characters_escaped(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text('---\nco2_eq_emissions:\n  emissions: "\\e[2J 5 kg"\n---\n', encoding="utf-8")
    for output_format in ("json", "sarif"):
        run = run_process("check", "-f", output_format, str(card))
        assert not RAW_CONTROL.search(run.out)
        json.loads(run.out)


def test_diff_is_exact_for_patch_and_escaped_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    diff = "--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-\x1b[2J '12'\n+\x1b[2J 12\n ::error::x\n"

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert diff_for(io.StringIO(), diff) == diff  # a pipe or a file: byte-exact for patch(1)
    shown = diff_for(Terminal(), diff)
    assert "\x1b" not in shown and "-\\x1b[2J '12'" in shown and commands(shown) == []
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert commands(diff_for(io.StringIO(), diff)) == []  # the Actions log


def test_track_messages_are_escaped(tmp_path: Path) -> None:
    card = tmp_path / "no\x1b[2Jdir" / "README.md"
    run = run_process("fill", "--from-codecarbon", str(tmp_path / "x.csv"), "--card", str(card))
    assert run.code == 2 and not RAW_CONTROL.search(run.err)


def test_helpers() -> None:
    assert visible("a\x1b[31m\u202eb\tc") == "a\\x1b[31m\\u202eb\\x09c"
    assert visible("a\tb", keep_tab=True) == "a\tb"
    assert visible("plain ünïcode ✓") == "plain ünïcode ✓"
    assert display_path("  ::error::x") == "./  ::error::x"
    assert display_path("models/a") == "models/a"
    assert neutralise("a\n ::set-output name=x::y\nb::c\n") == "a\n#  ::set-output name=x::y\nb::c\n"
    assert for_log("hfcarbon-lint: x\n::error::y") == "hfcarbon-lint: x\\x0a::error::y"


UNSAFE = [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\u061c", "\u200e", "\u200f", "\u2028", "\u2029"]
UNSAFE += [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\ufeff"]


@pytest.mark.parametrize("keep_tab", [False, True])
def test_every_unsafe_character_is_escaped_in_ascii_and_in_other_text(keep_tab: bool) -> None:
    # visible() returns printable ASCII as it is and runs the pattern otherwise: both paths must escape the same characters.
    for char in UNSAFE:
        kept = keep_tab and char == "\t"
        for text in (f"a{char}b", f"é{char}b"):
            assert (char in visible(text, keep_tab=keep_tab)) is kept, (hex(ord(char)), text)
    for char in (" ", "~", "\xa0", "é", "\u2027", "\u202f", "\ufefe"):
        assert visible(f"a{char}b", keep_tab=keep_tab) == f"a{char}b"


def test_diff_headers_keep_a_path_with_a_newline_on_one_line(tmp_path: Path) -> None:
    repo = evil_repo(tmp_path)
    run = run_process("check", "--diff", str(repo))  # stdout is a pipe: the diff is exact otherwise
    headers = [line for line in run.out.splitlines() if line.startswith(("--- ", "+++ "))]
    assert len(headers) == 2 and all(line.endswith("x\\x0a::error file=evil::INJECTED/README.md") for line in headers)
    assert commands(run.out) == [] and run.code == 1
