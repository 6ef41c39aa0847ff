"""``hfcarbon-lint rule CODE`` / ``rule --all``: the rule documentation, from the rules' own docstrings."""

from __future__ import annotations

import json

import click

from hfcarbon_lint.rules import RULES, Rule, lookup


def rule_markdown(rule: Rule) -> str:
    fix = f"Fix: {rule.fix.value}." if rule.fix else "Fix: none."
    return (
        f"# {rule.code} {rule.name}\n\nDefault severity: {rule.severity.label}. {fix}\n\n{rule.summary}\n\n{rule.doc}\n".rstrip()
        + "\n"
    )


def rules_table_markdown() -> str:
    """The README's rule table, generated from the registry (a test keeps the README in sync)."""
    rows = ["| Code | Name | Severity | Fix | What it reports |", "|---|---|---|---|---|"]
    for item in RULES:
        fix = item.fix.value if item.fix else ""
        rows.append(
            f"| {item.code} | `{item.name}` | {item.severity.label} | {fix} | {item.summary.replace('|', '/')} |"
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
@click.option("-f", "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
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
