"""The JSON output, version 1: a stable interface (fields are only ever added)."""

from __future__ import annotations

import json
import math
from typing import Any

from hfcarbon_lint.base.diagnostics import Diagnostic, Edit
from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.lint.results import RunResult
from hfcarbon_lint.reporters.options import RenderOptions

JSON_FORMAT_VERSION = 1


def render(result: RunResult, options: RenderOptions) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def document(result: RunResult) -> dict[str, Any]:
    return {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": result.tool_name, "version": result.tool_version},
        "cards": [card_object(card) for card in result.cards],
        "not_checked": [{"target": f.target, "message": f.message} for f in result.failures],
        "summary": result.summary(),
    }


def card_object(card: CardReport) -> dict[str, Any]:
    fields = card.facts.as_fields() if card.facts else {}
    return {
        "target": card.target,
        "path": card.path,
        "remote": card.remote,
        "reporting_class": card.reporting_class.label if card.reporting_class is not None else None,
        "reporting_level": card.reporting_class.level if card.reporting_class is not None else None,
        "emissions_g": _finite(card.emissions_g),
        "fields": {k: _finite(v) for k, v in fields.items()},
        "diagnostics": [diagnostic_object(d) for d in card.diagnostics],
        "label": card.label.to_dict() if card.label is not None else None,
    }


def diagnostic_object(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "code": d.code,
        "name": d.name,
        "severity": d.severity.label,
        "message": d.message,
        "fix": None
        if d.fix is None
        else {
            "applicability": d.fix.applicability.value,
            "description": d.fix.description,
            "edits": [edit_object(e) for e in d.fix.edits],
        },
    }


def edit_object(edit: Edit) -> dict[str, Any]:
    located: dict[str, Any] = {"content": edit.replacement}
    if edit.start is not None and edit.end is not None:
        located.update(
            {
                "line": edit.start.line,
                "column": edit.start.column,
                "end_line": edit.end.line,
                "end_column": edit.end.column,
            }
        )
    return located


def _finite(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value
