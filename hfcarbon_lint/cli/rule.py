"""``hfcarbon-lint rule CODE`` / ``rule --all``: the rule documentation, from the rules' own docstrings."""

from __future__ import annotations

import json
import re
import textwrap
from typing import NamedTuple

import click

from hfcarbon_lint.cli.options import format_option
from hfcarbon_lint.rules import RULES, Rule, lookup

FIX_FLAGS = {"safe": "`--fix`", "unsafe": "`--fix --unsafe-fixes`"}
EXAMPLE = re.compile(r"^(Fail|Pass)\b.*::$")


class RuleDoc(NamedTuple):
    """A rule's docstring cut into the sections of its page (as ruff's rule pages)."""

    why: list[str]  # paragraphs
    examples: list[tuple[str, str]]  # (caption, code)
    fix: list[str]  # the paragraphs that start with "Fix"


def split_doc(doc: str) -> RuleDoc:
    """Cut a rule docstring into prose, ``Fail::``/``Pass::`` examples and ``Fix`` paragraphs.

    Docstrings are written for ``help()`` in reStructuredText's small subset: paragraphs,
    double backquotes, and literal blocks introduced by ``::`` and indented four spaces.
    """
    why: list[str] = []
    examples: list[tuple[str, str]] = []
    fix: list[str] = []
    for block in re.split(r"\n\s*\n(?=\S)", doc.strip()) if doc.strip() else []:
        head, _, literal = block.partition("::\n")
        if literal:
            code = textwrap.dedent(literal).strip("\n")
            caption = head.strip()
            if EXAMPLE.match(caption + "::"):
                examples.append((caption, code))
            else:  # prose introducing a literal block: keep both in place
                why.append(f"{caption}:\n\n```yaml\n{code}\n```")
        elif block.startswith("Fix"):
            fix.append(block.strip())
        else:
            why.append(block.strip())
    return RuleDoc(why, examples, fix)


def rule_markdown(rule: Rule) -> str:
    """The rule's page: what ``hfcarbon-lint rule CODE`` prints and docs/rules/CODE.md holds."""
    doc = split_doc(rule.doc)
    fix = rule.fix.value if rule.fix else None
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        f"Default severity: {rule.severity.label}. Fix: {fix or 'none'}."
        + (f" Fixed by {FIX_FLAGS[fix]}." if fix in FIX_FLAGS else ""),
        "",
        "## What it does",
        "",
        rule.summary,
        "",
    ]
    if doc.why:
        lines += ["## Why is this bad?", "", "\n\n".join(doc.why), ""]
    if doc.examples:
        lines += ["## Example", ""]
        for caption, code in doc.examples:
            lines += [f"{caption}:", "", "```yaml", code, "```", ""]
    if doc.fix:
        lines += ["## Fix", "", "\n\n".join(doc.fix), ""]
    return "\n".join(lines).rstrip() + "\n"


def rules_table_markdown() -> str:
    """The rule table of docs/rules/index.md, generated from the registry (a test keeps the page in sync)."""
    rows = ["| Code | Name | Severity | Fix | What it reports |", "|---|---|---|---|---|"]
    for item in RULES:
        fix = item.fix.value if item.fix else ""
        rows.append(
            f"| [{item.code}]({item.code}.md) | `{item.name}` | {item.severity.label} | {fix} | {item.summary.replace('|', '/')} |"
        )
    return "\n".join(rows) + "\n"


def rule_object(rule: Rule) -> dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.label,
        "fix": rule.fix.value if rule.fix else None,
        "summary": rule.summary,
        "explanation": rule.doc,
    }


@click.command()
@click.argument("code", required=False, metavar="CODE|NAME")
@click.option("--all", "show_all", is_flag=True, help="Every rule.")
@format_option(["text", "json"], help="The rule's documentation as text, or as a JSON object.")
def rule(code: str | None, show_all: bool, output_format: str) -> int:
    """Explain a rule, by code (HFC013) or name (emissions-unit-string)."""
    if show_all == (code is not None):
        raise click.UsageError("give one rule CODE, or --all")
    chosen = list(RULES) if show_all else [lookup(code or "")]
    if chosen == [None]:
        raise click.BadParameter(f"unknown rule {code!r}; `hfcarbon-lint rule --all` lists them", param_hint="CODE")
    rules = [r for r in chosen if r is not None]
    if output_format == "json":
        payload = [rule_object(r) for r in rules]
        click.echo(json.dumps(payload if show_all else payload[0], indent=2))
    else:
        click.echo("\n".join(rule_markdown(r) for r in rules).rstrip())
    return 0
