"""The reporting ladder of paper-method.md §1, one line per expectation."""

from __future__ import annotations

import pytest

from hfcarbon_lint.base.classification import ReportingClass, classify

C = ReportingClass


@pytest.mark.parametrize(
    ("emissions", "hardware", "tags", "promote", "expected"),
    [
        (False, False, (), True, C.UNKNOWN),
        (False, True, (), True, C.CONTEXT),
        (True, False, (), True, C.BASIC),
        (True, True, (), True, C.AWARENESS),
        (True, True, ("distilled",), True, C.OPTIMIZATION),
        (True, True, ("Pruned",), True, C.OPTIMIZATION),
        (True, True, ("optimized", "EcoCard"), True, C.CERTIFIED),
        (True, True, ("EcoCard",), True, C.AWARENESS),  # certification needs optimisation first
        (True, False, ("distilled", "ecocard"), True, C.BASIC),  # ladder: only from Energy Awareness
        (False, True, ("distilled",), True, C.CONTEXT),
        (True, True, ("distilled", "ecocard"), False, C.AWARENESS),  # replication: never promoted
    ],
)
def test_classify(
    emissions: bool, hardware: bool, tags: tuple[str, ...], promote: bool, expected: ReportingClass
) -> None:
    assert classify(emissions, hardware, tags, promote) is expected


def test_levels_and_exact_names() -> None:
    assert [(c.level, c.label) for c in C] == [
        (0, "Unknown Energy Efficiency"),
        (1, "Context Reporting"),
        (2, "Basic Energy Reporting"),
        (3, "Energy Awareness"),
        (4, "Energy Optimization"),
        (5, "Certified Energy Efficiency"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", C.AWARENESS),
        ("Energy Awareness", C.AWARENESS),
        ("energy-awareness", C.AWARENESS),
        ("0", C.UNKNOWN),
        ("certified energy efficiency", C.CERTIFIED),
    ],
)
def test_parse(text: str, expected: ReportingClass) -> None:
    assert ReportingClass.parse(text) is expected


def test_parse_rejects_unknown() -> None:
    with pytest.raises(ValueError, match="unknown reporting class"):
        ReportingClass.parse("7")
