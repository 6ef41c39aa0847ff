"""Golden files for the github, sarif and junit formats and the step summary, from one set of cards.

The cards in ``cards/`` cover: a clean card, the legacy bare number (a multi-line fix), a card
with an error, warnings, infos and safe and unsafe fixes, a folder name that needs escaping in
annotation properties (``%`` and ``,``), a card without front matter, and a missing path.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from github_helpers import CARDS, GOLDEN_TARGETS, assert_golden, run_cli

from hfcarbon_lint import __version__


def golden_run(output_format: str, **env: str) -> str:
    done = run_cli("check", "--isolated", "--format", output_format, *GOLDEN_TARGETS, **env)
    assert done.returncode == 2, done.stderr  # the missing path: could not run
    assert done.stderr == "hfcarbon-lint: missing/README.md: no such file or directory\n"
    return done.stdout


def test_github_golden() -> None:
    assert_golden("github.txt", golden_run("github"))


def test_junit_golden() -> None:
    text = golden_run("junit")
    assert_golden("junit.xml", text)
    root = ET.fromstring(text.encode("utf-8"))
    suites = root.findall("testsuite")
    assert len(suites) == 1
    cases = suites[0].findall("testcase")
    assert [case.get("name") for case in cases] == [f"{t}/README.md" for t in GOLDEN_TARGETS[:-1]] + [
        "missing/README.md"
    ]
    failed = [case.get("name") for case in cases if case.find("failure") is not None]
    assert failed == ["needs-work/README.md"]  # the only card with an error finding
    assert [case.get("name") for case in cases if case.find("error") is not None] == ["missing/README.md"]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "1", "1")


def normalised_sarif(text: str) -> dict[str, Any]:
    """The golden part of a SARIF log: the rule table and rule indexes follow the rule registry and
    are checked against it in test_gh_sarif.py, so other rules' wording cannot break this file."""
    document = json.loads(text)
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["version"] == __version__
    driver["version"] = driver["semanticVersion"] = "<version>"
    driver["rules"] = "<the rule registry>"
    for result in run["results"]:
        result.pop("ruleIndex")
    return document


def test_sarif_golden() -> None:
    document = normalised_sarif(golden_run("sarif"))
    assert_golden("sarif.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def test_step_summary_golden(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier text from the same step.\n", encoding="utf-8")
    golden_run("concise", GITHUB_STEP_SUMMARY=str(summary))
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Earlier text from the same step.\n## hfcarbon-lint\n")  # appended, never replaced
    assert_golden("step-summary.md", text)


def test_one_invocation_writes_annotations_and_sarif_and_junit(tmp_path: Path) -> None:
    """`-o FORMAT:FILE` (repeatable): annotations on stdout, SARIF and JUnit to files, same run;
    a missing parent folder is created."""
    sarif = tmp_path / "results" / "nested" / "cards.sarif"
    junit = tmp_path / "junit.xml"
    done = run_cli(
        "check", "--isolated", "-o", f"sarif:{sarif}", "--output-file", f"junit:{junit}", *GOLDEN_TARGETS,
        GITHUB_ACTIONS="true",
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == golden_run("github")  # github chosen because GITHUB_ACTIONS=true
    assert sarif.read_text(encoding="utf-8") == golden_run("sarif")
    assert junit.read_text(encoding="utf-8") == golden_run("junit")


def test_github_is_the_default_only_on_github_actions() -> None:
    on_actions = run_cli("check", "--isolated", "needs-work", GITHUB_ACTIONS="true")
    assert on_actions.stdout.startswith("::notice file=needs-work/README.md,line=5,")
    elsewhere = run_cli("check", "--isolated", "needs-work")
    assert "::" not in elsewhere.stdout and "needs-work/README.md:6:14: HFC013" in elsewhere.stdout
    asked = run_cli("check", "--isolated", "--format", "concise", "needs-work", GITHUB_ACTIONS="true")
    assert asked.stdout.startswith("needs-work/README.md:5:1: HFC020")  # an explicit format wins
    assert run_cli("check", "--isolated", "needs-work", GITHUB_ACTIONS="false").stdout == elsewhere.stdout


def test_bad_output_file_spec_is_a_usage_error() -> None:
    done = run_cli("check", "--isolated", "-o", "sarif", "clean")
    assert done.returncode == 2
    assert "FORMAT:FILE" in done.stderr and "Traceback" not in done.stderr
    done = run_cli("check", "--isolated", "-o", "xml:out.xml", "clean")
    assert done.returncode == 2 and "sarif" in done.stderr  # lists the formats, ours included


def test_quiet_github_output_is_only_commands() -> None:
    done = run_cli("check", "--isolated", "--quiet", "--format", "github", *GOLDEN_TARGETS)
    lines = done.stdout.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    findings = json.loads(run_cli("check", "--isolated", "--format", "json", *GOLDEN_TARGETS).stdout)["summary"]
    total = findings["errors"] + findings["warnings"] + findings["infos"]
    assert len(lines) == total + 1 == 10  # every finding, and the target that could not be checked


def test_cards_folder_is_what_the_goldens_say() -> None:
    # Guard against a checkout that mangled the fixture names (the % and , folder).
    assert (CARDS / "odd%name,v1" / "README.md").is_file()
