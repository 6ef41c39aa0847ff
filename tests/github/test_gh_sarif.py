"""SARIF: valid against the official OASIS SARIF 2.1.0 schema (shipped in data/), complete rule
metadata, and fixes that really repair the file when applied as SARIF describes them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from github_helpers import CARDS, DATA, GOLDEN_TARGETS, run_cli, validate_sarif

from hfcarbon_lint import __version__
from hfcarbon_lint.rules import RULES

SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
validate = validate_sarif


def sarif(*args: str, cwd: Path = CARDS) -> dict[str, Any]:
    done = run_cli("check", "--isolated", "--format", "sarif", *args, cwd=cwd)
    assert done.returncode in (0, 1, 2), done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def test_the_schema_is_the_official_one() -> None:
    assert SCHEMA["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def test_golden_cards_validate_against_the_sarif_schema() -> None:
    document = sarif(*GOLDEN_TARGETS)
    assert validate(document) == []
    assert len(document["runs"][0]["results"]) == 9


def test_the_validator_does_reject_invalid_sarif() -> None:
    """A control: the same log with one SARIF mistake each must fail, or the test above proves nothing."""
    document = sarif("needs-work")
    wrong_level = json.loads(json.dumps(document))
    wrong_level["runs"][0]["results"][0]["level"] = "info"  # SARIF says "note"
    zero_line = json.loads(json.dumps(document))
    zero_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    no_message = json.loads(json.dumps(document))
    del no_message["runs"][0]["results"][0]["message"]
    for broken in (wrong_level, zero_line, no_message):
        assert validate(broken), "the schema accepted an invalid log"


def test_clean_and_empty_runs_validate(tmp_path: Path) -> None:
    clean = sarif("clean")
    assert validate(clean) == [] and clean["runs"][0]["results"] == []
    assert clean["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    (tmp_path / "empty").mkdir()
    empty = sarif("empty", cwd=tmp_path)
    assert validate(empty) == [] and empty["runs"][0]["artifacts"] == []


def test_every_rule_is_described_with_a_pinned_help_uri() -> None:
    document = sarif("clean")
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.code for rule in RULES]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor, rule in zip(rules, RULES, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary != ""
        assert descriptor["fullDescription"]["text"] == (rule.doc or rule.summary)
        assert descriptor["help"]["markdown"].startswith(f"**{rule.code} {rule.name}**")
        assert (
            descriptor["helpUri"]
            == f"https://github.com/hfcarbon-lint/hfcarbon-lint/blob/v{__version__}/docs/rules/{rule.code}.md"
        )
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity.label]
        assert descriptor.get("properties", {}).get("fix") == (rule.fix.value if rule.fix else None)


def test_results_point_at_their_rule_and_artifact() -> None:
    document = sarif(*GOLDEN_TARGETS)
    run = document["runs"][0]
    rules, artifacts = run["tool"]["driver"]["rules"], run["artifacts"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifacts[location["index"]]["location"]["uri"] == location["uri"]
        assert not location["uri"].startswith(("/", "./")) and "\\" not in location["uri"]
    severities = {r["ruleId"]: r["level"] for r in run["results"]}
    assert severities["HFC013"] == "error" and severities["HFC030"] == "warning" and severities["HFC020"] == "note"


def test_severity_overrides_change_the_result_level_not_the_default(tmp_path: Path) -> None:
    (tmp_path / "hfcarbon-lint.toml").write_text('[severity]\nHFC030 = "error"\n', encoding="utf-8")
    shutil.copytree(CARDS / "needs-work", tmp_path / "card")
    done = run_cli("check", "--config", "hfcarbon-lint.toml", "--format", "sarif", "card", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    run = json.loads(done.stdout)["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "HFC030")
    assert result["level"] == "error"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["defaultConfiguration"]["level"] == "warning"


def test_paths_are_repository_relative_with_forward_slashes(tmp_path: Path) -> None:
    (tmp_path / "models" / "a").mkdir(parents=True)
    shutil.copy2(CARDS / "needs-work" / "README.md", tmp_path / "models" / "a" / "README.md")
    absolute = str(tmp_path / "models" / "a" / "README.md")
    done = run_cli("check", "--isolated", "--format", "sarif", absolute, cwd=tmp_path, GITHUB_WORKSPACE=str(tmp_path))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(done.stdout)["runs"][0]["results"]
    }
    assert uris == {"models/a/README.md"}
    dotted = run_cli("check", "--isolated", "--format", "sarif", "./models/./a/README.md", cwd=tmp_path)
    assert json.loads(dotted.stdout)["runs"][0]["artifacts"][0]["location"]["uri"] == "models/a/README.md"


# --- fixes ------------------------------------------------------------------------------------


def apply_sarif_replacements(text: str, replacements: list[dict[str, Any]]) -> str:
    """Apply SARIF replacements as a SARIF consumer does: regions are 1-based line/column, end exclusive."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    spans = []
    for replacement in replacements:
        region = replacement["deletedRegion"]
        spans.append(
            (
                offset(region["startLine"], region["startColumn"]),
                offset(region["endLine"], region["endColumn"]),
                replacement["insertedContent"]["text"],
            )
        )
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("card", ["legacy", "needs-work", "odd%name,v1"])
def test_sarif_fixes_reproduce_the_safe_fix(tmp_path: Path, card: str, newline: str) -> None:
    """Applying the SARIF fixes of the safe-fixable results gives byte for byte what `--fix` writes."""
    text = (CARDS / card / "README.md").read_text(encoding="utf-8").replace("\n", newline)
    target = tmp_path / "README.md"
    target.write_bytes(text.encode("utf-8"))
    run = sarif("README.md", cwd=tmp_path)["runs"][0]
    assert validate({"version": "2.1.0", "runs": [run]}) == []
    safe = [
        replacement
        for result in run["results"]
        for fix in result.get("fixes", [])
        if fix["properties"]["applicability"] == "safe"
        for change in fix["artifactChanges"]
        for replacement in change["replacements"]
    ]
    assert safe, "the card has a safe fix"
    expected_from_sarif = apply_sarif_replacements(text, safe)
    done = run_cli("check", "--isolated", "--fix", "README.md", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    fixed = target.read_bytes().decode("utf-8")
    if newline == "\r\n" and "\n" in "".join(r["insertedContent"]["text"] for r in safe):
        # A released report no longer knows the file's newline, so an inserted line break is "\n".
        expected_from_sarif = re.sub(r"(?<!\r)\n", "\r\n", expected_from_sarif)
    assert fixed == expected_from_sarif


def test_fixes_are_labelled_with_their_applicability() -> None:
    run = sarif("needs-work")["runs"][0]
    labels = {r["ruleId"]: [f["properties"]["applicability"] for f in r.get("fixes", [])] for r in run["results"]}
    # "1.2 kg" is a number and a metric unit: converting it keeps its meaning, a safe fix
    assert labels["HFC013"] == ["safe"] and labels["HFC030"] == ["safe"] and labels["HFC020"] == []
    fix = next(r for r in run["results"] if r["ruleId"] == "HFC013")["fixes"][0]
    assert fix["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "1200"
