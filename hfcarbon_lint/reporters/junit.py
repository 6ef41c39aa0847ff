"""JUnit XML for CI test-report views: one test suite, one test case per card.

A card with error findings is a failed test case (one ``<failure>`` listing them); its
reporting class, warnings and info findings go to the case's ``<system-out>``. A target
that could not be checked is a test case with an ``<error>``. No timestamps or durations,
so the output is reproducible.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hfcarbon_lint.base.diagnostics import Diagnostic, Severity
from hfcarbon_lint.base.escaping import display_path, visible
from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.lint.results import RunResult
from hfcarbon_lint.reporters.locations import repo_relative
from hfcarbon_lint.reporters.options import RenderOptions

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(result: RunResult, options: RenderOptions) -> str:
    failed = sum(1 for card in result.cards if card.errors)
    counts = {
        "tests": str(len(result.cards) + len(result.failures)),
        "failures": str(failed),
        "errors": str(len(result.failures)),
    }
    root = ET.Element("testsuites", {"name": result.tool_name, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": result.tool_name, **counts, "skipped": "0"})
    for card in result.cards:
        _card_case(suite, card, result.tool_name)
    for failure in result.failures:
        case = ET.SubElement(suite, "testcase", {"classname": result.tool_name, "name": _clean(failure.target)})
        error = ET.SubElement(case, "error", {"message": _clean(f"not checked: {failure.message}")})
        error.text = _clean(f"{display_path(failure.target)}: {visible(failure.message)}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _card_case(suite: ET.Element, card: CardReport, classname: str) -> None:
    path = repo_relative(card.path) if card.remote is None else card.path
    attributes = {"classname": classname, "name": _clean(card.target)}
    if card.remote is None:
        attributes["file"] = _clean(path)
    case = ET.SubElement(suite, "testcase", attributes)
    errors = [d for d in card.diagnostics if d.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        failure = ET.SubElement(
            case,
            "failure",
            {
                "message": _clean(
                    f"{len(errors)} error{'s' if len(errors) != 1 else ''}: {first.code} {first.message}"
                ),
                "type": first.code,
            },
        )
        failure.text = "\n".join(_clean(_line(d)) for d in errors)
    emissions = f", {card.emissions_g:g} g CO2eq" if card.emissions_g is not None else ""
    out = [f"{card.class_phrase}{emissions}"]
    out.extend(_line(d) for d in card.diagnostics if d.severity is not Severity.ERROR)
    ET.SubElement(case, "system-out").text = _clean("\n".join(out))


def _line(d: Diagnostic) -> str:
    # One line each, as in the concise format: text content keeps a raw newline, so a path
    # holding "\n::error ..." would otherwise start a workflow command when the XML is printed
    # in a GitHub Actions log (attributes need nothing: ElementTree writes a newline as &#10;).
    return f"{display_path(d.path)}:{d.line}:{d.column}: {d.code} [{d.name}] {d.severity.label}: {visible(d.message)}"


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
