"""The published schema: valid draft 2020-12, usable by other tools, shipped in the wheel, one source of truth."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from hfcarbon_lint.rules.schema import SCHEMA_FILENAME, _validator, bounded, load_schema, quick_valid, schema_path
from tests.conftest import CORPUS, REPO

SCHEMA_FILE = REPO / "schemas" / SCHEMA_FILENAME


def test_schema_is_valid_and_documented() -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] and schema["description"]
    for name, definition in schema["$defs"].items():
        assert definition.get("title") and definition.get("description"), name


def test_package_reads_the_published_file() -> None:
    assert schema_path().resolve() == SCHEMA_FILE.resolve()
    assert load_schema() == json.loads(SCHEMA_FILE.read_text())


@pytest.mark.parametrize(
    ("front_matter", "valid"),
    [
        ("co2_eq_emissions: 12.5\n", True),
        ("co2_eq_emissions:\n  emissions: 12.5\n  source: CodeCarbon\n", True),
        ("license: mit\n", True),
        ('co2_eq_emissions:\n  emissions: "1.2 kg"\n', False),
        ("co2_eq_emissions:\n  source: CodeCarbon\n", False),
        ("co2_eq_emissions: -1\n", False),
    ],
)
def test_other_tools_can_use_it(front_matter: str, valid: bool, tmp_path: Path) -> None:
    document = tmp_path / "front-matter.yaml"
    document.write_text(front_matter)
    run = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA_FILE), str(document)],
        capture_output=True,
        text=True,
    )
    assert (run.returncode == 0) is valid, run.stdout + run.stderr


def test_quick_evaluator_agrees_with_jsonschema() -> None:
    values: list[object] = [None, True, 0, -1, 1.5, float("nan"), float("inf"), "x", [], {}, [1], {"emissions": None},
                            {"emissions": "3"}, {"emissions": 3, "source": ""}, {"emissions": 3, "source": 4},
                            {"emissions": 2, "extra": [1]}, {"emissions": True}, {"source": "a"}, 10**30]
    if CORPUS.is_dir():
        from hfcarbon_lint.parsing.card import parse_card
        from hfcarbon_lint.parsing.source import SourceText, UnreadableCard

        for card in CORPUS.glob("*.md"):
            try:
                parsed = parse_card(SourceText.from_bytes(card.name, card.read_bytes()))
            except UnreadableCard:
                continue
            if parsed.carbon is not None:
                values.append(bounded(parsed.carbon.value))
    validator = _validator()
    decided = 0
    for value in values:
        quick = quick_valid({"co2_eq_emissions": value})
        if quick is not None:
            decided += 1
            assert quick == validator.is_valid({"co2_eq_emissions": value}), value
    assert decided == len(values)  # every keyword our schema uses is understood


def test_wheel_carries_the_schema(tmp_path: Path) -> None:
    builder = pytest.importorskip("hatchling.builders.wheel")
    wheel = Path(next(builder.WheelBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"])))
    with zipfile.ZipFile(wheel) as archive:
        assert f"hfcarbon_lint/schemas/{SCHEMA_FILENAME}" in archive.namelist()
        assert json.loads(archive.read(f"hfcarbon_lint/schemas/{SCHEMA_FILENAME}")) == json.loads(SCHEMA_FILE.read_text())
