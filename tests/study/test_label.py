"""The A-E label against hand-computed cases (paper-method.md §2), and the ``label`` command."""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path
from typing import Any

import pytest

from hfcarbon_lint.label import (
    ATTRIBUTE_ORDER,
    ReferenceDataError,
    compound,
    compute_label,
    label_card,
    label_for_report,
    load_reference,
    rate,
)
from hfcarbon_lint.label.reference import parse_reference
from hfcarbon_lint.lint.engine import LintSettings, lint_file

REF = load_reference()
SIZE_REF = REF.attribute("size_efficiency").reference
DATA_REF = REF.attribute("datasets_size_efficiency").reference
# An index well inside each interval (A..E) of the 2023 cuts.
SIZE_INDEX = {"A": 1e6, "B": 300_000, "C": 80_000, "D": 20_000, "E": 5_000}
DATA_INDEX = {"A": 500, "B": 50, "C": 8, "D": 2, "E": 0.1}


def two_attribute_label(size: str, data: str) -> Any:
    """Only the two efficiency attributes (equal weights 0.10 / 0.10), so the mean lands on halves."""
    return compute_label(
        {"size_efficiency": SIZE_INDEX[size] * SIZE_REF, "datasets_size_efficiency": DATA_INDEX[data] * DATA_REF}
    )


# ----------------------------------------------------------------------------- the reference data


def test_reference_data_is_the_papers_2023_table() -> None:
    assert [spec.name for spec in REF.attributes] == list(ATTRIBUTE_ORDER)
    assert math.isclose(sum(REF.weights.values()), 1.0)
    emissions = REF.attribute("emissions")
    assert emissions.reference == 149_200 and emissions.cut_space == "sqrt"
    assert emissions.cuts[0] == 714.7319382763578
    assert REF.attribute("downloads").percentiles == (96, 94, 85, 60)
    # The quirk's reading aid of §2.8: raw index against √-space cuts puts A/B near 208.7 g ...
    assert round(emissions.reference / emissions.cuts[0], 1) == 208.7
    # ... and the consistent reading near 0.29 g.
    assert round(emissions.reference / emissions.cuts[0] ** 2, 2) == 0.29


def test_malformed_reference_data_is_refused() -> None:
    data = json.loads((Path(__file__).parents[2] / "hfcarbon_lint/label/reference_2023.json").read_text())
    data["attributes"][1]["cuts"] = [1, 2, 3, 4]  # ascending
    with pytest.raises(ReferenceDataError, match="descending"):
        parse_reference(data)
    with pytest.raises(ReferenceDataError):
        load_reference("1999")


# ----------------------------------------------------------------------------- sub-ratings


def test_ties_on_a_cut_point_take_the_lower_letter() -> None:
    cuts = REF.attribute("size_efficiency").cuts
    assert rate(cuts[0], cuts) == 1  # exactly b1 is B: A needs index > b1
    assert rate(math.nextafter(cuts[0], math.inf), cuts) == 0
    assert rate(cuts[3], cuts) == 4  # exactly b4 is E
    assert rate(math.nextafter(cuts[3], math.inf), cuts) == 3
    assert rate(math.inf, cuts) == 0


def test_tied_cut_points_leave_empty_intervals() -> None:
    # A population where b1 == b2 == b3 == b4 (e.g. most downloads equal): only A or E remain.
    assert rate(5.0, [5.0, 5.0, 5.0, 5.0]) == 4
    assert rate(5.5, [5.0, 5.0, 5.0, 5.0]) == 0


def test_a_value_outside_every_interval_is_e() -> None:
    result = label_card(None, downloads=0)
    downloads = result.sub_rating("downloads")
    assert downloads.index == 0 and downloads.letter == "E"
    assert "outside every interval" in downloads.why
    assert rate(-1.0, REF.attribute("downloads").cuts) == 4


def test_emissions_square_root_quirk_only_in_paper_compat() -> None:
    # 100 g: index 1,492; √index 38.6. Corrected: √38.6 <= b4 72.9 -> E. Paper: raw 1,492 > b1 714.7 -> A.
    corrected = compute_label({"emissions": 100.0}).sub_rating("emissions")
    paper = compute_label({"emissions": 100.0}, paper_compat=True).sub_rating("emissions")
    assert corrected.index == paper.index == pytest.approx(1492.0)
    assert corrected.compared == pytest.approx(math.sqrt(1492.0)) and corrected.letter == "E"
    assert paper.compared == pytest.approx(1492.0) and paper.letter == "A"
    assert "quirk" in paper.why
    # 0.1 g is A either way (√1,492,000 = 1,221 > 714.7).
    assert compute_label({"emissions": 0.1}).label == compute_label({"emissions": 0.1}, paper_compat=True).label == "A"


def test_zero_emissions_give_an_infinite_index() -> None:
    paper = label_card(0.0, model_size_bytes=1e9, paper_compat=True)
    assert paper.sub_rating("emissions").index == math.inf
    assert paper.sub_rating("emissions").letter == "A"
    assert paper.sub_rating("size_efficiency").index == math.inf  # 1e9 B / 0 g
    assert paper.label == "A"
    assert compute_label({"emissions": 0.0}).sub_rating("emissions").index == math.inf
    # The default does not reward a 0 g claim: not a measurement, skipped with its efficiencies.
    corrected = label_card(0.0, model_size_bytes=1e9, downloads=100)
    assert corrected.sub_rating("emissions").rating is None
    assert corrected.sub_rating("size_efficiency").rating is None
    assert "not a measurement" in corrected.sub_rating("emissions").why
    assert corrected.label is None  # no carbon figure, no carbon-efficiency label (downloads alone were A)
    assert corrected.why == "no label: the card reports 0 g, which is not a measurement (--paper-compat rates it A)"


# ----------------------------------------------------------------------------- the compound label


@pytest.mark.parametrize(
    ("size", "data", "mean", "label"),
    [("A", "B", 0.5, "A"), ("B", "C", 1.5, "C"), ("C", "D", 2.5, "C"), ("D", "E", 3.5, "E"), ("A", "A", 0.0, "A")],
)
def test_rounding_half_to_even(size: str, data: str, mean: float, label: str) -> None:
    result = two_attribute_label(size, data)
    assert result.sub_rating("size_efficiency").letter == size
    assert result.sub_rating("datasets_size_efficiency").letter == data
    assert result.score == mean  # exact: 0.1 / 0.2 is exactly 0.5
    assert result.label == label
    if mean % 1:
        assert "half to even" in result.why


def test_compound_matches_pythons_round() -> None:
    assert compound([(0, 0.5), (1, 0.5)]) == (0.5, 0)
    assert compound([(1, 0.1), (2, 0.1)]) == (1.5, 2)
    assert compound([(None, 0.35), (None, 0.25)]) is None


def test_missing_attributes_renormalise_the_weights() -> None:
    # Emissions 0.1 g (A, weight 0.35) and 1 download (E, weight 0.25); the other three missing.
    result = compute_label({"emissions": 0.1, "downloads": 1})
    assert result.sub_rating("emissions").letter == "A" and result.sub_rating("downloads").letter == "E"
    assert result.sub_rating("emissions").effective_weight == pytest.approx(0.35 / 0.6)
    assert result.sub_rating("downloads").effective_weight == pytest.approx(0.25 / 0.6)
    assert result.score == pytest.approx(4 * 0.25 / 0.6)  # 1.667 -> 2
    assert result.label == "C"
    for name in ("size_efficiency", "datasets_size_efficiency", "performance"):
        assert result.sub_rating(name).rating is None and result.sub_rating(name).effective_weight is None


def test_nothing_known_gives_no_label() -> None:
    result = compute_label({})
    assert result.label is None and result.score is None
    assert "no label" in result.why


# ----------------------------------------------------------------------------- from a card


CARD = """---
license: mit
co2_eq_emissions:
  emissions: 1240.5
  hardware_used: 1 x A100
model-index:
- name: demo
  results:
  - task: {type: text-classification}
    dataset: {name: imdb, type: imdb}
    metrics:
    - {type: accuracy, value: "85.3%"}
    - {type: f1, value: 0.8}
    - {type: accuracy, value: 0.1}
---
# demo
"""


def test_label_for_a_linted_card_reads_emissions_and_model_index(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(CARD, encoding="utf-8")
    report = lint_file(card, LintSettings())
    result = label_for_report(report, downloads=120)
    assert result is not None
    emissions = result.sub_rating("emissions")
    assert emissions.value == 1240.5 and emissions.letter == "E" and emissions.source == "card metadata"
    performance = result.sub_rating("performance")
    expected = statistics.harmonic_mean([0.853, 0.8])  # the first accuracy, "85.3%" read as 0.853
    assert performance.value == pytest.approx(expected)
    assert performance.letter == "C"  # index 1.0026 in (0.9095, 1.0865]
    assert "approximate" in performance.why
    # E (0.35) + A downloads (0.25) + C performance (0.2): (4*0.35 + 0 + 2*0.2) / 0.8 = 2.25 -> C
    assert result.score == pytest.approx(2.25) and result.label == "C"


def test_rouge_percentages_differ_between_modes(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(
        "---\nco2_eq_emissions: 10\nmodel-index:\n- name: s\n  results:\n  - metrics:\n    - {type: rouge1, value: 45.0}\n---\n",
        encoding="utf-8",
    )
    report = lint_file(card, LintSettings())
    corrected = label_for_report(report)
    paper = label_for_report(report, paper_compat=True)
    assert corrected is not None and paper is not None
    assert corrected.sub_rating("performance").value == pytest.approx(0.45)
    assert paper.sub_rating("performance").rating is None  # 45 stays 45: outside 0-1, skipped
    assert "outside" in paper.sub_rating("performance").why


def test_a_card_without_emissions_gets_no_label_whatever_else_is_known(tmp_path: Path, cli: Any) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: mit\n---\n# nothing\n", encoding="utf-8")
    for downloads in (None, 100.0):
        result = label_for_report(lint_file(card, LintSettings()), downloads=downloads)
        assert result is not None and result.label is None
        assert result.why == "no label: the card reports no emissions"
    run = cli("label", str(card), "--downloads", "100")
    assert (run.code, run.out) == (0, f"{card}: no label: the card reports no emissions\n")
    document = json.loads(cli("label", str(card), "--downloads", "100", "-f", "json").out)
    assert document["label"] is None and document["why"] == "no label: the card reports no emissions"


@pytest.mark.parametrize(
    ("grams", "letter", "band"),
    [
        (0.1, "A", "below 0.292 g"),
        (1.0, "B", "0.292 to 1.81 g"),
        (5.0, "C", "1.81 to 6.83 g"),
        (12.0, "D", "6.83 to 28.1 g"),
        (1240.5, "E", "28.1 g or more"),
    ],
)
def test_every_label_says_its_population_and_the_emissions_band(grams: float, letter: str, band: str) -> None:
    result = label_card(grams)
    assert (result.sub_rating("emissions").letter, result.emissions_band) == (letter, band)
    assert "1,419 Hugging Face models" in result.population and "AutoTrain" in result.population
    assert f"emissions {letter} = {band}" in result.summary() and "2023 Hub population" in result.summary()
    paper = label_card(grams, paper_compat=True)  # the raw-index quirk: wider bands
    assert paper.emissions_band is not None and paper.emissions_band != band


def test_the_label_command_explains_the_letter(cli: Any) -> None:
    run = cli("label", "examples/model-card/README.md")
    assert run.code == 0, run.err
    assert "relative to the 1,419 Hugging Face models that reported emissions by 2023" in run.out
    assert "emissions E means 28.1 g or more CO2eq against this population" in run.out


# ----------------------------------------------------------------------------- the command


def test_label_command_text(cli: Any, tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(CARD, encoding="utf-8")
    result = cli("label", str(card), "--downloads", "120", "--model-size-bytes", "267000000")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith(f"{card}: label ")
    assert "corrected mode" in lines[0]
    for title in ("emissions", "model size efficiency", "dataset size efficiency", "downloads", "performance"):
        assert any(line.strip().startswith(title) for line in lines), title
    assert "--datasets-size-bytes" in result.out  # says how to give the missing attribute
    assert "[--downloads]" in result.out


def test_label_command_json(cli: Any, tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(CARD, encoding="utf-8")
    result = cli("label", str(card), "--format", "json", "--paper-compat")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["mode"] == "paper-compat" and data["label"] in "ABCDE"
    assert [a["attribute"] for a in data["attributes"]] == list(ATTRIBUTE_ORDER)
    assert data["attributes"][0]["letter"] == "D"  # 1,240.5 g, raw index 120.3 in (72.9, 147.8]


def test_label_command_zero_emissions_json_infinity(cli: Any, tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nco2_eq_emissions: 0\n---\n", encoding="utf-8")
    data = json.loads(cli("label", str(card), "--format", "json", "--paper-compat").out)
    assert data["attributes"][0]["index"] == "+inf" and data["label"] == "A"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing-card.md",), "missing-card.md: no such file"),
        (("README.md", "--downloads", "-3"), "non-negative"),
    ],
)
def test_label_command_errors(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text(CARD, encoding="utf-8")
    result = cli("label", *args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_label_command_folder_with_two_cards(cli: Any, tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text(CARD, encoding="utf-8")
    result = cli("label", str(tmp_path))
    assert result.code == 2
    assert result.err.strip().count("\n") == 0 and "name one card" in result.err
