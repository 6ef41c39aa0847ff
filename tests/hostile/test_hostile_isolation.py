"""One bad card never sinks a run: every issue-15 trigger is an ordinary finding, and whatever still
goes wrong inside a card is that card's HFC000 while the run goes on with every output complete."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from hfcarbon_lint.app.check import CheckOptions, run_check
from hfcarbon_lint.lint import engine
from hfcarbon_lint.lint.engine import LintSettings, lint_bytes
from tests.conftest import run_process

BIG = "9" * 400


def carbon(emissions: str, extra: str = "") -> bytes:
    return f"---\nco2_eq_emissions:\n  emissions: {emissions}\n{extra}---\n# Model\n".encode()


# (name, card, code expected at line 3, a word of its message)
TRIGGERS = [
    ("400-digit int", carbon(BIG), "HFC012", "not a finite number"),
    ("hex int past floats", carbon("0x" + "f" * 300), "HFC012", "not a finite number"),
    ("octal int past floats", carbon("0" + "7" * 400), "HFC012", "not a finite number"),
    ("sexagesimal int past floats", carbon(":".join(["59"] * 200)), "HFC012", "not a finite number"),
    ("400-digit !!float", carbon("!!float " + BIG), "HFC012", "not a finite number"),
    ("!!bool maybe", carbon("!!bool maybe"), "HFC001", "cannot be read as !!bool"),
    ("!!timestamp abc", carbon("!!timestamp abc"), "HFC001", "cannot be read as !!timestamp"),
    ("impossible date", carbon("2001-13-45"), "HFC001", "cannot be read as !!timestamp"),
    (
        "denormal figure with hardware, location, hours",
        carbon(
            "1.0e-320", "  hardware_used: 8 x NVIDIA A100\n  geographical_location: us-east-1\n  hours_used: 1000\n"
        ),
        "HFC062",
        "vanishingly less",
    ),
]


@pytest.mark.parametrize(("name", "card", "code", "words"), TRIGGERS, ids=[t[0] for t in TRIGGERS])
def test_each_trigger_is_an_ordinary_finding(name: str, card: bytes, code: str, words: str) -> None:
    report = lint_bytes("README.md", card, LintSettings())
    found = [d for d in report.diagnostics if d.code == code]
    assert found and words in found[0].message and found[0].line == 3
    assert not [d for d in report.diagnostics if d.code == "HFC000"]


def test_bool_maybe_outside_the_carbon_block_is_rejected_like_the_hub_does() -> None:
    report = lint_bytes("README.md", b"---\nlicense: !!bool maybe\nco2_eq_emissions: 5\n---\n", LintSettings())
    assert [(d.code, d.line, d.column) for d in report.diagnostics if d.code == "HFC001"] == [("HFC001", 2, 10)]


def test_a_folder_of_triggers_is_reported_whole(tmp_path: Path) -> None:
    for index, (_, card, _, _) in enumerate(TRIGGERS):
        (tmp_path / f"m{index}").mkdir()
        (tmp_path / f"m{index}" / "README.md").write_bytes(card)
    run = run_process("check", "-f", "json", "-o", f"sarif:{tmp_path / 'out.sarif'}", str(tmp_path))
    document = json.loads(run.out)
    assert len(document["cards"]) == len(TRIGGERS)
    assert "Traceback" not in run.err and "internal error" not in run.err
    assert json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"]
    assert run.code == 1


def test_unsafe_fix_never_writes_a_number_past_the_float_range(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_bytes(b'---\nco2_eq_emissions:\n  emissions: "1e308 kg"\n---\n')
    run = run_process("check", "--fix", "--unsafe-fixes", "-f", "concise", str(card))
    assert card.read_bytes() == b'---\nco2_eq_emissions:\n  emissions: "1e308 kg"\n---\n'
    assert "past the float range" in run.out and "Traceback" not in run.err
    assert run.code == 1


@pytest.fixture
def exploding_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule that raises on cards mentioning 'explode': a stand-in for any bug a card can trigger."""
    from hfcarbon_lint.rules import RULES

    victim = RULES[5]

    def check(ctx):  # type: ignore[no-untyped-def]
        if "explode" in ctx.card.source.text:
            raise RuntimeError("boom\n::error file=x::injected")
        return victim.check(ctx)

    patched = tuple(rule._replace(check=check) if rule is victim else rule for rule in RULES)
    monkeypatch.setattr(engine, "RULES", patched)
    engine._enabled_rules.cache_clear()
    yield
    engine._enabled_rules.cache_clear()


@pytest.mark.usefixtures("exploding_rule")
@pytest.mark.parametrize("output_format", ["text", "concise", "json", "github", "sarif", "junit"])
def test_an_internal_error_is_that_cards_diagnostic_and_the_run_goes_on(
    tmp_path: Path, output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HFCARBON_LINT_DEBUG", raising=False)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    for name, body in (("a", "fine"), ("b", "explode"), ("c", "fine")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text(f"---\nco2_eq_emissions: 5\n---\n{body}\n")
    out, err = io.StringIO(), io.StringIO()
    extra = (("json", str(tmp_path / "out.json")),)
    options = CheckOptions((str(tmp_path),), LintSettings(), output_format=output_format, extra_outputs=extra)
    code = run_check(options, out, err)
    assert code == 2
    document = json.loads((tmp_path / "out.json").read_text())
    assert [len(card["diagnostics"]) > 0 for card in document["cards"]] == [True, True, True]
    broken = [d for card in document["cards"] for d in card["diagnostics"] if d["code"] == "HFC000"]
    assert len(broken) == 1 and broken[0]["line"] == 1 and broken[0]["column"] == 1
    assert "RuntimeError: boom" in broken[0]["message"] and broken[0]["severity"] == "error"
    assert "b/README.md" in broken[0]["path"]
    assert "HFC000" in summary.read_text()
    assert "HFC000" in out.getvalue() or (output_format == "junit" and "internal-error" in out.getvalue())
    for line in out.getvalue().splitlines() + err.getvalue().splitlines():
        assert not line.lstrip().startswith("::error file=x"), line


@pytest.mark.usefixtures("exploding_rule")
def test_an_internal_error_in_a_worker_process_is_isolated_too(tmp_path: Path) -> None:
    for index in range(80):  # above the threshold that starts worker processes
        (tmp_path / f"m{index:02d}").mkdir()
        body = "explode" if index == 41 else "fine"
        (tmp_path / f"m{index:02d}" / "README.md").write_text(f"---\nco2_eq_emissions: 5\n---\n{body}\n")
    out, err = io.StringIO(), io.StringIO()
    code = run_check(CheckOptions((str(tmp_path),), LintSettings(), output_format="json", jobs=2), out, err)
    document = json.loads(out.getvalue())
    assert code == 2 and len(document["cards"]) == 80
    codes = [[d["code"] for d in card["diagnostics"]] for card in document["cards"]]
    assert codes[41] == ["HFC000"] and all("HFC000" not in c for i, c in enumerate(codes) if i != 41)


@pytest.mark.usefixtures("exploding_rule")
def test_a_fix_run_with_an_internal_error_fixes_the_other_cards(tmp_path: Path) -> None:
    for name, body in (("a", "fine"), ("b", "explode")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text(f"---\nco2_eq_emissions:\n  emissions: '5'\n---\n{body}\n")
    out, err = io.StringIO(), io.StringIO()
    code = run_check(CheckOptions((str(tmp_path),), LintSettings(), fix=True), out, err)
    assert code == 2
    assert "emissions: 5\n" in (tmp_path / "a" / "README.md").read_text()
    assert "emissions: '5'" in (tmp_path / "b" / "README.md").read_text()  # not fixed blind
    assert "HFC000" in out.getvalue()


def test_debug_variable_lets_the_exception_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HFCARBON_LINT_DEBUG", "1")
    monkeypatch.setattr(engine, "lint_source", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        lint_bytes("README.md", b"---\na: 1\n---\n", LintSettings())
    monkeypatch.delenv("HFCARBON_LINT_DEBUG")
    report = lint_bytes("README.md", b"---\na: 1\n---\n", LintSettings())
    assert [d.code for d in report.diagnostics] == ["HFC000"]
    assert os.environ.get("HFCARBON_LINT_DEBUG") is None


def test_a_worker_process_that_dies_loses_no_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-run (out of memory, a signal): the main process lints what it left."""
    from hfcarbon_lint.rules import RULES

    parent = os.getpid()
    victim = RULES[5]

    def check(ctx):  # type: ignore[no-untyped-def]
        if "die" in ctx.card.source.text and os.getpid() != parent:
            os._exit(9)  # the worker vanishes without a word
        return victim.check(ctx)

    monkeypatch.setattr(engine, "RULES", tuple(r._replace(check=check) if r is victim else r for r in RULES))
    engine._enabled_rules.cache_clear()
    try:
        for index in range(80):
            (tmp_path / f"m{index:02d}").mkdir()
            body = "die" if index == 50 else "fine"
            (tmp_path / f"m{index:02d}" / "README.md").write_text(f"---\nco2_eq_emissions: 5\n---\n{body}\n")
        out, err = io.StringIO(), io.StringIO()
        code = run_check(CheckOptions((str(tmp_path),), LintSettings(), output_format="json", jobs=2), out, err)
    finally:
        engine._enabled_rules.cache_clear()
    document = json.loads(out.getvalue())
    paths = [card["path"] for card in document["cards"]]
    assert len(paths) == 80 and paths == sorted(paths)
    assert code == 0


def test_a_failing_label_is_that_cards_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hfcarbon_lint.label import card as label_card

    def broken(report: object) -> None:
        raise KeyError("no such metric")

    monkeypatch.setattr(label_card, "label_for_report", broken)
    monkeypatch.delenv("HFCARBON_LINT_DEBUG", raising=False)
    (tmp_path / "README.md").write_text("---\nco2_eq_emissions: 5\n---\n")
    out, err = io.StringIO(), io.StringIO()
    code = run_check(CheckOptions((str(tmp_path),), LintSettings(), output_format="json", label=True), out, err)
    [card] = json.loads(out.getvalue())["cards"]
    assert code == 2 and "KeyError" in next(d for d in card["diagnostics"] if d["code"] == "HFC000")["message"]
