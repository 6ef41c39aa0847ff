"""The smaller local points of issue 15, each with its test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hfcarbon_lint.lint.engine import LintSettings, lint_bytes
from tests.tracking.tracking_helpers import FAST, clean_env, hfcarbon, script


@pytest.mark.parametrize(("newline", "name"), [(b"\r", "CR"), (b"\r\n", "CRLF"), (b"\n", "LF")])
def test_unreadable_byte_is_located_on_its_line_whatever_the_line_endings(newline: bytes, name: str) -> None:
    raw = newline.join([b"---", b"license: mit", b"---", b"# Model", b"caf\xe9 ok"]) + newline
    [diagnostic] = lint_bytes("README.md", raw, LintSettings()).diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("HFC005", 5, 4)


def test_a_top_level_merge_key_carrying_co2_eq_emissions_is_read() -> None:
    card = (
        b"---\n<<: {co2_eq_emissions: {emissions: 5, source: CodeCarbon, training_type: pre-training,"
        b" geographical_location: France, hardware_used: 1 x A100}}\nlicense: mit\n---\n"
    )
    report = lint_bytes("README.md", card, LintSettings())
    assert report.facts is not None and report.facts.emissions_g == 5
    assert "HFC010" not in [d.code for d in report.diagnostics]


def test_a_merge_key_from_an_anchor_inside_the_carbon_block() -> None:
    card = (
        b"---\ndefaults: &d {source: CodeCarbon, training_type: pre-training}\n"
        b"co2_eq_emissions:\n  <<: *d\n  emissions: 5\n---\n"
    )
    codes = [d.code for d in lint_bytes("README.md", card, LintSettings()).diagnostics]
    assert "HFC022" not in codes and "HFC023" not in codes  # training_type and source come from the merge
    assert "HFC002" not in codes  # merged keys are not duplicates


def test_a_merge_key_that_yaml_safe_load_refuses_is_invalid_front_matter() -> None:
    [diagnostic] = lint_bytes("README.md", b"---\n<<: 5\nco2_eq_emissions: 5\n---\n", LintSettings()).diagnostics
    assert diagnostic.code == "HFC001" and "merge" in diagnostic.message


@pytest.mark.parametrize("value", ["!!bool maybe", "!!int abc", "!!timestamp abc", "2001-13-45"])
def test_a_value_yaml_safe_load_cannot_build_anywhere_in_the_front_matter_is_hfc001(value: str) -> None:
    import yaml

    text = f"---\nlicense: mit\nextra:\n  deep: [{value}]\n---\n"
    with pytest.raises(Exception):  # noqa: B017 - what huggingface_hub's reader does with it
        yaml.safe_load(text.split("---")[1])
    codes = [(d.code, d.line) for d in lint_bytes("README.md", text.encode(), LintSettings()).diagnostics]
    assert ("HFC001", 4) in codes


def test_track_exits_2_when_the_run_succeeded_but_the_card_could_not_be_written(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_bytes(b"---\nlicense: mit\n---\n# My model\n")
    # The command itself makes the card read-only: the measurement cannot go into it afterwards.
    locker = script(tmp_path, "lock.py", f"import os\nos.chmod({str(card)!r}, 0o444)\n")
    extra = ("--tracking-mode", "process", "--cpu-power", "50", "--ram-power", "3")
    command = ["track", "--card", str(card), "--country", "FRA", *FAST, *extra, "--", sys.executable, str(locker)]
    result = hfcarbon(*command, cwd=tmp_path, env=clean_env({"TMPDIR": str(tmp_path)}))
    assert result.code == 2, result.err
    assert "read-only" in result.err and "hfcarbon-lint fill --from-codecarbon" in result.err
    assert card.read_bytes() == b"---\nlicense: mit\n---\n# My model\n"
