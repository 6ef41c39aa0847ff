"""SARIF 2.1.0 for code scanning (``github/codeql-action/upload-sarif``) and other SARIF viewers.

One run: the tool driver lists every rule (id, name, descriptions, help, a ``helpUri``
pinned to this version, default level); each diagnostic is a result with a physical
location (a repository-relative URI and a region in 1-based lines and Unicode code-point
columns, end exclusive as in SARIF) and, where the rule can repair it, a ``fixes`` entry
whose replacements are regions of the file. Each card is an artifact whose property bag
carries its reporting class and reported emissions. Targets that could not be checked are
tool execution notifications, and make ``executionSuccessful`` false.
"""

from __future__ import annotations

import json
import math
from typing import Any

from hfcarbon_lint.base.diagnostics import Applicability, Diagnostic, Fix, Severity
from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.lint.results import RunResult
from hfcarbon_lint.parsing.source import SourceText
from hfcarbon_lint.reporters.locations import artifact_uri
from hfcarbon_lint.reporters.options import RenderOptions
from hfcarbon_lint.rules import RULES, Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/hfcarbon-lint/hfcarbon-lint"
LEVELS: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def help_uri(rule: Rule, version: str) -> str:
    """The rule's documentation at the tag of this version, so an old result never points at newer docs."""
    return f"{INFORMATION_URI}/blob/v{version}/docs/rules/{rule.code}.md"


def render(result: RunResult, options: RenderOptions) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def document(result: RunResult) -> dict[str, Any]:
    rule_index = {rule.code: index for index, rule in enumerate(RULES)}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for card in result.cards:
        uri = artifact_uri(card.path)
        artifact_index = len(artifacts)
        artifacts.append(_artifact(card, uri))
        for diagnostic in card.diagnostics:
            results.append(_result(diagnostic, card, uri, artifact_index, rule_index))
    invocation: dict[str, Any] = {"executionSuccessful": not result.failures}
    if result.failures:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": f"{failure.target}: {failure.message}"}}
            for failure in result.failures
        ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver(result.tool_name, result.tool_version)},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "artifacts": artifacts,
                "results": results,
            }
        ],
    }


def driver(name: str, version: str) -> dict[str, Any]:
    return {
        "name": name,
        "version": version,
        "semanticVersion": version,
        "informationUri": INFORMATION_URI,
        "rules": [rule_descriptor(rule, version) for rule in RULES],
    }


def rule_descriptor(rule: Rule, version: str) -> dict[str, Any]:
    if rule.fix is None:
        fix = "no automatic fix"
    else:
        fix = "safe fix: `--fix`" if rule.fix is Applicability.SAFE else "unsafe fix: `--fix --unsafe-fixes`"
    footer = f"Default severity: {rule.severity.label}; {fix}."
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc or rule.summary},
        "help": {
            "text": f"{rule.summary}\n\n{rule.doc}".strip(),
            "markdown": "\n\n".join(
                part for part in (f"**{rule.code} {rule.name}**: {rule.summary}", rule.doc, footer) if part
            ),
        },
        "helpUri": help_uri(rule, version),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }
    if rule.fix is not None:
        descriptor["properties"] = {"fix": rule.fix.value}
    return descriptor


def _artifact(card: CardReport, uri: str) -> dict[str, Any]:
    # A card that was not read has no class: the properties say so rather than leave them out.
    cls = card.reporting_class
    properties: dict[str, Any] = {
        "reportingClass": cls.label if cls is not None else None,
        "reportingLevel": cls.level if cls is not None else None,
    }
    emissions = card.emissions_g
    if emissions is not None and math.isfinite(emissions):
        properties["emissionsGrams"] = emissions
    if card.remote is not None:
        properties["remote"] = card.remote
    return {"location": {"uri": uri}, "properties": properties}


def _result(
    diagnostic: Diagnostic, card: CardReport, uri: str, artifact_index: int, rule_index: dict[str, int]
) -> dict[str, Any]:
    location = {"uri": uri, "index": artifact_index}
    item: dict[str, Any] = {"ruleId": diagnostic.code}
    if diagnostic.code in rule_index:
        item["ruleIndex"] = rule_index[diagnostic.code]
    item["level"] = LEVELS[diagnostic.severity]
    item["message"] = {"text": diagnostic.message}
    item["locations"] = [{"physicalLocation": {"artifactLocation": location, "region": region_of(diagnostic)}}]
    source = card.card.source if card.card is not None else None
    if diagnostic.fix is not None:
        fix = _fix(diagnostic.fix, location, source)
        if fix is not None:
            item["fixes"] = [fix]
    return item


def region_of(diagnostic: Diagnostic) -> dict[str, int]:
    end_line, end_column = diagnostic.end_line, diagnostic.end_column
    if (end_line, end_column) < (diagnostic.line, diagnostic.column):  # never an inverted region
        end_line, end_column = diagnostic.line, diagnostic.column
    return {
        "startLine": diagnostic.line,
        "startColumn": diagnostic.column,
        "endLine": end_line,
        "endColumn": end_column,
    }


def _fix(fix: Fix, location: dict[str, Any], source: SourceText | None) -> dict[str, Any] | None:
    """The fix as replacements of file regions; None if an edit cannot be placed in the file."""
    newline = source.newline if source is not None else "\n"
    replacements = []
    for edit in sorted(fix.edits, key=lambda e: (e.start_offset, e.end_offset)):
        start, end = edit.start, edit.end
        if (start is None or end is None) and source is not None:
            start, end = source.position(edit.start_offset), source.position(edit.end_offset)
        if start is None or end is None:
            return None
        replacements.append(
            {
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                },
                # Line breaks in the new text follow the file's own (when known), as `--fix` writes them.
                "insertedContent": {"text": edit.replacement.replace("\n", newline)},
            }
        )
    return {
        "description": {"text": fix.description},
        "artifactChanges": [{"artifactLocation": location, "replacements": replacements}],
        "properties": {"applicability": fix.applicability.value},
    }
