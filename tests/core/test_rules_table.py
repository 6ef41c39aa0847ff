"""One line per expectation (yamllint style): a card snippet and the diagnostics it must produce.

Each case is (front matter, body, expected) with expected a set of "CODE@line:col".
Lines count from the opening '---' (line 1); infos are included, so every finding is pinned.
"""

from __future__ import annotations

import pytest

from hfcarbon_lint.lint.engine import LintSettings, lint_bytes

FULL = (
    "  source: CodeCarbon\n  training_type: fine-tuning\n  geographical_location: Germany\n  hardware_used: 1 x A100\n"
)

CASES: list[tuple[str, str, str, set[str]]] = [
    ("complete mapping is clean", f"co2_eq_emissions:\n  emissions: 12.5\n{FULL}", "", set()),
    ("no carbon key", "license: mit\n", "", {"HFC010@1:1"}),
    ("no front matter at all", "", "# Title\n", {"HFC010@1:1"}),
    (
        "emissions-only mapping: infos only",
        "co2_eq_emissions:\n  emissions: 3\n",
        "",
        {"HFC020@2:1", "HFC021@2:1", "HFC022@2:1", "HFC023@2:1"},
    ),
    ("legacy bare number", "co2_eq_emissions: 4.2\n", "", {"HFC015@2:1"}),
    ("unit string in kg", f"co2_eq_emissions:\n  emissions: 1.2 kg\n{FULL}", "", {"HFC013@3:14"}),
    ("bare unit string", "co2_eq_emissions: 0.319355 Kg\n", "", {"HFC013@2:19"}),
    ("quoted number", f"co2_eq_emissions:\n  emissions: '12.5'\n{FULL}", "", {"HFC014@3:14"}),
    ("zero is not a measurement", f"co2_eq_emissions:\n  emissions: 0\n{FULL}", "", {"HFC012@3:14"}),
    ("CodeCarbon's zero is a rounded figure", f"co2_eq_emissions:\n  emissions: 0.0\n{FULL}", "", {"HFC018@3:14"}),
    (
        "a zero with CodeCarbon's keys",
        "co2_eq_emissions:\n  emissions: 0.00\n  energy_consumed: 0.0001\n",
        "",
        {"HFC018@3:14", "HFC020@2:1", "HFC021@2:1", "HFC022@2:1", "HFC023@2:1"},
    ),
    (
        "a zero on a card naming CodeCarbon",
        "co2_eq_emissions: 0.0\n",
        "Tracked with CodeCarbon.\n",
        {"HFC018@2:19", "HFC015@2:1"},
    ),
    (
        "a zero without CodeCarbon",
        "co2_eq_emissions:\n  emissions: 0.0\n  source: ML CO2 Impact\n",
        "",
        {"HFC012@3:14", "HFC020@2:1", "HFC021@2:1", "HFC022@2:1"},
    ),
    ("negative", f"co2_eq_emissions:\n  emissions: -3\n{FULL}", "", {"HFC012@3:14"}),
    ("infinite", f"co2_eq_emissions:\n  emissions: .inf\n{FULL}", "", {"HFC012@3:14"}),
    ("placeholder TBD", f"co2_eq_emissions:\n  emissions: TBD\n{FULL}", "", {"HFC016@3:14"}),
    ("spec text copied", f"co2_eq_emissions:\n  emissions: number (in grams of CO2)\n{FULL}", "", {"HFC016@3:14"}),
    ("null emissions", f"co2_eq_emissions:\n  emissions:\n{FULL}", "", {"HFC016@3:3"}),
    ("missing emissions key", f"co2_eq_emissions:\n{FULL}", "", {"HFC011@2:1"}),
    ("a list of one-key maps", "co2_eq_emissions:\n  - emissions: 2\n  - source: CodeCarbon\n", "", {"HFC011@2:1"}),
    ("boolean (and a YAML 1.1 trap)", "co2_eq_emissions: yes\n", "", {"HFC011@2:1", "HFC003@2:19"}),
    ("YAML 1.1 exponent trap", f"co2_eq_emissions:\n  emissions: 1e3\n{FULL}", "", {"HFC003@3:14", "HFC014@3:14"}),
    ("YAML 1.1 octal trap", f"co2_eq_emissions:\n  emissions: 017\n{FULL}", "", {"HFC003@3:14"}),
    (
        "placeholder context",
        "co2_eq_emissions:\n  emissions: 5\n  source: Not specified\n  training_type: unknown\n  geographical_location: Germany\n  hardware_used: A100\n",
        "",
        {"HFC017@4:11", "HFC017@5:18"},
    ),
    (
        "pretraining spelling",
        "co2_eq_emissions:\n  emissions: 5\n  source: CodeCarbon\n  training_type: pretraining\n  geographical_location: Germany\n  hardware_used: A100\n",
        "",
        {"HFC030@5:18"},
    ),
    (
        "free-text training type allowed",
        "co2_eq_emissions:\n  emissions: 5\n  source: CodeCarbon\n  training_type: second-stage pre-training\n  geographical_location: Germany\n  hardware_used: A100\n",
        "",
        set(),
    ),
    (
        "misspelt key",
        "co2_eq_emissions:\n  emissions: 5\n  source: CodeCarbon\n  training_type: fine-tuning\n  geographic_location: Germany\n  hardware_used: A100\n",
        "",
        {"HFC031@6:3"},
    ),
    (
        "tool extension keys are fine",
        f"co2_eq_emissions:\n  emissions: 5\n{FULL}  energy_consumed: 0.01\n  cpu_model: AMD EPYC\n",
        "",
        set(),
    ),
    ("top-level carbon key", "co2_eq_emissions: 5\nhardware_used: A100\n", "", {"HFC015@2:1", "HFC032@3:1"}),
    ("duplicate key", f"co2_eq_emissions:\n  emissions: 5\n  emissions: 5000\n{FULL}", "", {"HFC002@4:3"}),
    ("body only", "license: mit\n", "## Environmental Impact\n- **Carbon Emitted:** 12.3 kg\n", {"HFC041@5:23"}),
    (
        "body placeholder is absent",
        "license: mit\n",
        "- **Carbon Emitted:** [More Information Needed]\n",
        {"HFC010@1:1"},
    ),
    ("body fence is not metadata", "license: mit\n", "```yaml\nCarbon Emitted: 5 kg\n```\n", {"HFC010@1:1"}),
    (
        "body agrees after unit conversion",
        f"co2_eq_emissions:\n  emissions: 6.72\n{FULL}",
        "- Carbon Emitted: 0.007 kg\n",
        set(),
    ),
    (
        "body disagrees by 1000x",
        f"co2_eq_emissions:\n  emissions: 5.6\n{FULL}",
        "Carbon Emitted: 5600 g\n",
        {"HFC040@3:14"},
    ),
    (
        "same digits in kg in the body",
        f"co2_eq_emissions:\n  emissions: 12.5\n{FULL}",
        "- **Carbon Emissions:** 12.5 Kg CO2eq\n",
        {"HFC040@3:14"},
    ),
    (
        "a figure without a unit under the template's grams comment",
        "license: mit\n",
        "## Environmental Impact\n<!-- Total emissions (in grams of CO2eq) go here -->\n- **Carbon Emitted:** 13\n",
        {"HFC041@6:23", "HFC042@6:23"},
    ),
    (
        "a figure without a unit and no statement",
        "license: mit\n",
        "## Environmental Impact\n- **Carbon Emitted:** 13\n",
        {"HFC010@1:1"},
    ),
    ("tab breaks the YAML", "license: mit\n\tco2_eq_emissions: 5\n", "", {"HFC001@3:1"}),
    ("front matter is a list", "- a\n- b\n", "", {"HFC001@2:1"}),
]


@pytest.mark.parametrize(("front", "body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_table(front: str, body: str, expected: set[str]) -> None:
    text = (f"---\n{front}---\n" if front else "") + body
    report = lint_bytes("card.md", text.encode(), LintSettings())
    got = {f"{d.code}@{d.line}:{d.column}" for d in report.diagnostics}
    assert got == expected, [d.message for d in report.diagnostics]
