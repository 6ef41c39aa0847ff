"""The rule pages' examples are true: every ``Fail`` example fires its rule, every ``Pass`` example does not.

The examples live in the rules' docstrings (``hfcarbon-lint rule CODE`` and docs/rules/CODE.md
show them), so this test lints each one as a card.
"""

from __future__ import annotations

import pytest

from hfcarbon_lint.cli.rule import rule_markdown, split_doc
from hfcarbon_lint.lint.engine import LintSettings, lint_bytes
from hfcarbon_lint.rules import RULES, Rule

# Rules whose trigger is not a card's text alone: hfcarbon-lint's own failure, a byte-order mark or
# non-UTF-8 bytes, a file over the size limit, a CSV next to the card, a --min-class setting,
# suppression comments (their pages explain them in prose).
WITHOUT_EXAMPLES = {"HFC000", "HFC004", "HFC005", "HFC006", "HFC045", "HFC050", "HFC090", "HFC091"}


def card_of(example: str) -> bytes:
    """A card from an example: a whole card (fences included), or front matter with an optional ``---`` and body."""
    text = example.replace("<TAB>", "\t")
    if not text.startswith("---"):
        text = "---\n" + text + ("\n" if "\n---\n" in text else "\n---\n")
    return text.encode()


EXAMPLES = [
    pytest.param(rule, caption, code, id=f"{rule.code}-{caption.split()[0]}-{index}")
    for rule in RULES
    for index, (caption, code) in enumerate(split_doc(rule.doc).examples)
]


@pytest.mark.parametrize(("rule", "caption", "code"), EXAMPLES)
def test_the_example_does_what_its_caption_says(rule: Rule, caption: str, code: str) -> None:
    report = lint_bytes("README.md", card_of(code), LintSettings())
    fired = {d.code for d in report.diagnostics}
    if caption.startswith("Fail"):
        assert rule.code in fired, f"{rule.code}'s failing example does not fire it:\n{code}"
    else:
        assert rule.code not in fired, f"{rule.code}'s passing example fires it:\n{code}"


def test_every_rule_page_has_its_sections() -> None:
    for rule in RULES:
        page = rule_markdown(rule)
        assert page.startswith(f"# {rule.code} {rule.name}\n"), rule.code
        assert "## What it does" in page and "## Why is this bad?" in page, rule.code
        if rule.code not in WITHOUT_EXAMPLES:
            examples = [caption for caption, _ in split_doc(rule.doc).examples]
            assert any(c.startswith("Fail") for c in examples), f"{rule.code} has no Fail:: example"
            assert "## Example" in page


def test_split_doc_reads_the_docstring_conventions() -> None:
    doc = split_doc(
        "Why it matters.\n\nIn grams::\n\n    emissions: 1\n\nFail::\n\n    a: 1\n\n    b: 2\n\nFix (safe): do it.\n"
    )
    assert doc.why == ["Why it matters.", "In grams:\n\n```yaml\nemissions: 1\n```"]
    assert doc.examples == [("Fail", "a: 1\n\nb: 2")]
    assert doc.fix == ["Fix (safe): do it."]
