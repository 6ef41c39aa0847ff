"""Inline suppression comments, one expectation per line."""

from __future__ import annotations

import pytest

from hfcarbon_lint.lint.engine import LintSettings, lint_bytes

FULL = "  source: CodeCarbon\n  training_type: fine-tuning\n  geographical_location: Germany\n  hardware_used: A100\n"


def codes(text: str, **settings: object) -> set[str]:
    report = lint_bytes("c.md", text.encode(), LintSettings(**settings))  # type: ignore[arg-type]
    return {f"{d.code}@{d.line}" for d in report.diagnostics}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\nco2_eq_emissions: 12  # hfcarbon-lint: ignore[HFC015]\n---\n", set()),
        ("---\n# hfcarbon-lint: ignore[legacy-bare-number]\nco2_eq_emissions: 12\n---\n", set()),
        ("---\nco2_eq_emissions: 12  # hfcarbon-lint: ignore[HFC013]\n---\n", {"HFC015@2", "HFC091@2"}),
        ("---\nco2_eq_emissions: 12  # hfcarbon-lint: ignore[HFC015, HFC999]\n---\n", {"HFC090@2"}),
        ("---\nco2_eq_emissions: 12  # hfcarbon-lint: ignore\n---\n", {"HFC015@2", "HFC090@2"}),
        ("---\n# hfcarbon-lint: ignore-file\nco2_eq_emissions:\n  emissions: 3\n---\n", set()),
        (
            "---\n# hfcarbon-lint: ignore-file[HFC020,HFC021]\nco2_eq_emissions:\n  emissions: 3\n---\n",
            {"HFC022@3", "HFC023@3"},
        ),
        ("---\nlicense: mit\n---\n<!-- hfcarbon-lint: ignore[HFC041] -->\nCarbon Emitted: 3 kg\n", set()),
        ("---\nlicense: mit\n---\nCarbon Emitted: 3 kg <!-- hfcarbon-lint: ignore[HFC041] -->\n", set()),
        ("---\nlicense: mit\n---\n<!-- hfcarbon-lint: ignore-file[HFC010] -->\n", set()),
        (
            "---\nlicense: mit\n---\n# hfcarbon-lint: ignore-file[HFC010]\n",
            {"HFC010@1"},
        ),  # YAML syntax is not a body comment
        (
            "---\nlicense: mit\n\tco2_eq_emissions: 3\n# hfcarbon-lint: ignore-file\n---\n",
            {"HFC001@3"},
        ),  # syntax errors stay
    ],
)
def test_suppression(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_unused_suppression_is_not_reported_for_rules_not_selected() -> None:
    text = "---\nco2_eq_emissions: 12  # hfcarbon-lint: ignore[HFC013]\n---\n"
    assert codes(text, select=("HFC091",)) == set()


def test_the_suppression_rules_cannot_be_silenced_by_ignore_file() -> None:
    # ignore-file silences every rule that checks the card, not the rules about the comments themselves.
    text = "---\n# hfcarbon-lint: ignore-file\n# hfcarbon-lint: ignore[HFC999]\nco2_eq_emissions: 12\n---\n"
    assert codes(text) == {"HFC090@3"}


def test_the_suppression_rules_are_ordinary_rules_with_a_check() -> None:
    from hfcarbon_lint.lint import suppression
    from hfcarbon_lint.parsing.card import extract_facts, parse_card
    from hfcarbon_lint.parsing.source import SourceText
    from hfcarbon_lint.rules import BY_CODE, LintContext

    card = parse_card(SourceText.from_bytes("c.md", b"---\nlicense: mit  # hfcarbon-lint: ignore[HFC013, nope]\n---\n"))
    found = suppression.read(card, lambda code: BY_CODE[code].code if code in BY_CODE else None)
    assert found.apply([]) == []
    context = LintContext(card, extract_facts(card), {"suppressions": found, "enabled_codes": frozenset(BY_CODE)})
    unknown = [f.message for f in BY_CODE["HFC090"].check(context)]
    unused = [f.message for f in BY_CODE["HFC091"].check(context)]
    assert unknown == ["unknown rule 'nope' in suppression comment"]
    assert unused == ["unused suppression (HFC013): nothing to silence here"]
    assert BY_CODE["HFC090"].after_suppression and not BY_CODE["HFC013"].after_suppression
    # Without the engine's suppressions (a card with no comments) they find nothing.
    assert list(BY_CODE["HFC091"].check(context._replace(options={}))) == []


def _diagnostics(text: str) -> list[tuple[str, int, str]]:
    report = lint_bytes("c.md", text.encode(), LintSettings())
    return [(d.code, d.line, d.message) for d in report.diagnostics]


def test_a_code_named_many_times_is_one_code_reported_once() -> None:
    text = (
        "---\nlicense: mit\n---\n<!-- hfcarbon-lint: ignore-file[" + ",".join(["HFC999", "HFC010"] * 5000) + "] -->\n"
    )
    found = _diagnostics(text)
    assert [(code, line) for code, line, _ in found] == [("HFC090", 4)]
    assert "'HFC999'" in found[0][2]


def test_a_directive_with_more_codes_than_rules_is_bounded() -> None:
    from hfcarbon_lint.lint.suppression import MAX_CODES

    names = [f"HFC9{i:04d}" for i in range(3 * MAX_CODES)]
    text = "---\nlicense: mit\n---\n<!-- hfcarbon-lint: ignore-file[" + ",".join(names) + "] -->\n"
    found = _diagnostics(text)
    unknown = [message for code, _, message in found if code == "HFC090"]
    assert len(unknown) == MAX_CODES + 1
    assert any(f"names {3 * MAX_CODES:,} codes" in message for message in unknown)


def test_unclosed_directives_on_one_line_are_not_directives() -> None:
    text = "---\nlicense: mit\n---\n" + "<!-- hfcarbon-lint: ignore[HFC010" * 2000 + "\n"
    assert {code for code, _, _ in _diagnostics(text)} == {"HFC010"}
