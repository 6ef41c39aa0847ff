"""The co2_eq_emissions editor: golden before/after cards, byte preservation, refusals."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from tracking_helpers import GOLDEN, check_json, errors_of

from hfcarbon_lint.editing.carbon_block import (
    CardEditError,
    apply_carbon_fields,
    edit_card_bytes,
    format_number,
    plan_carbon_fields,
    set_carbon_fields,
    yaml_scalar,
)
from hfcarbon_lint.editing.textedit import apply_edits
from hfcarbon_lint.parsing.card import parse_card
from hfcarbon_lint.parsing.source import SourceText

FIELDS = {
    "emissions": 1240.5,
    "source": "CodeCarbon",
    "training_type": "fine-tuning",
    "geographical_location": "Quebec, Canada",
    "hardware_used": "1 x NVIDIA A100-SXM4-40GB, AMD EPYC 7763 (64 threads)",
}
CASES = sorted(p.name.removesuffix(".before.md") for p in GOLDEN.glob("*.before.md"))
UPDATE = os.environ.get("HFCARBON_UPDATE_GOLDEN") == "1"


def edited(name: str) -> bytes:
    raw = (GOLDEN / f"{name}.before.md").read_bytes()
    new, _ = edit_card_bytes(f"{name}.md", raw, FIELDS, overwrite=name.endswith("-overwrite"))
    return new


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    after = GOLDEN / f"{name}.after.md"
    new = edited(name)
    if UPDATE:
        after.write_bytes(new)
    assert new == after.read_bytes()


def test_golden_results_pass_the_real_check(tmp_path: Path) -> None:
    """Every edited card checks without errors and reaches Energy Awareness (the real CLI, as a process)."""
    folders = []
    for name in CASES:
        folder = tmp_path / name
        folder.mkdir()
        shutil.copyfile(GOLDEN / f"{name}.after.md", folder / "README.md")
        folders.append(folder / "README.md")
    document = check_json(*folders, cwd=tmp_path)
    assert errors_of(document) == []
    assert len(document["cards"]) == len(CASES)
    for card in document["cards"]:
        assert card["reporting_level"] >= 3, card["path"]
        assert card["emissions_g"] is not None


@pytest.mark.parametrize("name", CASES)
def test_only_the_carbon_block_changes(name: str) -> None:
    """Outside the block every byte survives: the original's lines all appear, in order, in the result."""
    before = (GOLDEN / f"{name}.before.md").read_bytes()
    after = (GOLDEN / f"{name}.after.md").read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    bom = b"\xef\xbb\xbf"
    old_lines = before.removeprefix(bom).splitlines(keepends=True)
    new_lines = after.removeprefix(bom).splitlines(keepends=True)
    position = 0
    for line in old_lines:
        if b"co2_eq_emissions" in line and b"```" not in line and name != "body-with-fences":
            continue  # the rewritten key line (legacy number, flow mapping)
        if line.lstrip().startswith((b"emissions:", b"source:", b"hardware_used:", b"training_type:", b"geographical")):
            continue  # carbon entries that may be rewritten
        while position < len(new_lines) and new_lines[position] != line:
            position += 1
        assert position < len(new_lines), f"{name}: lost line {line!r}"
        position += 1
    if b"\r\n" in before:
        assert after.count(b"\n") == after.count(b"\r\n"), "new lines must use CRLF like the file"


@pytest.mark.parametrize("name", CASES)
def test_result_reads_back_as_the_fields(name: str) -> None:
    after = (GOLDEN / f"{name}.after.md").read_bytes()
    card = parse_card(SourceText.from_bytes("README.md", after))
    assert card.carbon is not None and card.carbon.form == "mapping"
    values = {key: entry.value for key, entry in card.carbon.entries.items()}
    kept = {
        "partial": {"emissions": 12},
        "legacy-bare-number": {"emissions": 12.3},
        "six-space-existing": {"emissions": 3.5},
    }
    kept["flow-mapping"] = {"emissions": 1}
    for key, value in FIELDS.items():
        assert values[key] == kept.get(name, {}).get(key, value), (name, key)


def test_editing_twice_changes_nothing_the_second_time() -> None:
    for name in CASES:
        after = (GOLDEN / f"{name}.after.md").read_bytes()
        again, plan = edit_card_bytes("README.md", after, FIELDS)
        assert again == after and not plan.changed, name


def test_plan_reports_added_replaced_kept() -> None:
    source = SourceText.from_bytes("README.md", (GOLDEN / "partial.before.md").read_bytes())
    plan = plan_carbon_fields(source, FIELDS)
    assert plan.added == ("source", "training_type", "geographical_location", "hardware_used")
    assert plan.kept == ("emissions",) and plan.replaced == ()
    plan = plan_carbon_fields(source, FIELDS, overwrite=True)
    assert plan.replaced == ("emissions",)
    legacy = SourceText.from_bytes("README.md", (GOLDEN / "legacy-bare-number.before.md").read_bytes())
    assert plan_carbon_fields(legacy, FIELDS).converted_legacy
    empty = SourceText.from_bytes("README.md", b"")
    assert plan_carbon_fields(empty, FIELDS).created_front_matter
    done = SourceText.from_bytes("README.md", (GOLDEN / "partial-overwrite.after.md").read_bytes())
    again = plan_carbon_fields(done, {**FIELDS, "source": "my notes"}, overwrite=False)
    assert again.kept == ("source",) and set(again.unchanged) == set(FIELDS) - {"source"}


def test_set_carbon_fields_returns_edits_for_apply_edits() -> None:
    source = SourceText.from_text("README.md", "---\r\nlicense: mit\r\n---\r\nbody\r\n")
    edits = set_carbon_fields(source, {"emissions": 5})
    assert apply_edits(source, edits) == "---\r\nlicense: mit\r\nco2_eq_emissions:\r\n  emissions: 5\r\n---\r\nbody\r\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("---\nlicense: [mit\n---\n", "does not parse"),
        ("---\nlicense: mit\n", "never closed"),
        ("----\nlicense: mit\n----\n", "opening fence"),
        ("---\n- a\n- b\n---\n", "does not parse"),
        ("---\nco2_eq_emissions:\n  - 1\n---\n", "overwrite"),
    ],
)
def test_refuses_cards_it_cannot_edit_safely(text: str, problem: str) -> None:
    with pytest.raises(CardEditError, match=problem):
        apply_carbon_fields(SourceText.from_text("README.md", text), {"emissions": 1})


def test_a_list_is_replaced_with_overwrite() -> None:
    result = apply_carbon_fields(
        SourceText.from_text("README.md", "---\nco2_eq_emissions:\n  - 1\nlicense: mit\n---\n"), {"emissions": 2}, True
    )
    assert yaml.safe_load(result.text.split("---")[1]) == {"co2_eq_emissions": {"emissions": 2}, "license": "mit"}


def test_values_that_need_quoting_read_back_exactly() -> None:
    tricky = {
        "emissions": 0.000012,
        "source": "CodeCarbon: offline # measured",
        "geographical_location": "Quebec, Canada",
        "hardware_used": "yes",
        "training_type": "- fine-tuning",
    }
    for text in ("---\nlicense: mit\n---\n", "---\nco2_eq_emissions: {emissions: 1}\n---\n"):
        result = apply_carbon_fields(SourceText.from_text("README.md", text), tricky, overwrite=True)
        loaded = yaml.safe_load(result.text.split("---")[1])["co2_eq_emissions"]
        assert loaded == tricky


def test_numbers_are_plain_decimals() -> None:
    assert format_number(1.2e-05) == "0.000012"
    assert format_number(1240.0) == "1240"
    assert format_number(1e21) == "1000000000000000000000"
    assert yaml.safe_load(f"x: {format_number(8.751e-07)}")["x"] == pytest.approx(8.751e-07)
    assert yaml_scalar("Quebec, Canada", flow=True) == '"Quebec, Canada"'
    assert yaml_scalar("Quebec, Canada") == "Quebec, Canada"
    with pytest.raises(ValueError):
        format_number(float("nan"))


def test_an_alias_is_replaced_not_followed() -> None:
    text = "---\nhw: &h A100\nco2_eq_emissions:\n  emissions: 1\n  hardware_used: *h  # shared\n---\n"
    result = apply_carbon_fields(SourceText.from_text("README.md", text), {"hardware_used": "H100"}, overwrite=True)
    assert "  hardware_used: H100  # shared\n" in result.text
    assert "hw: &h A100\n" in result.text


def test_a_nested_value_last_keeps_following_comments_in_place() -> None:
    text = "---\nco2_eq_emissions:\n  emissions: 3\n  extra:\n    gpu: A100\n# about license\nlicense: mit\n---\n"
    result = apply_carbon_fields(SourceText.from_text("README.md", text), {"source": "CodeCarbon"})
    assert "    gpu: A100\n  source: CodeCarbon\n# about license\nlicense: mit\n" in result.text
