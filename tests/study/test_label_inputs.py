"""``label``'s inputs gathered in the core (``app.label_inputs``), usable without the command."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hfcarbon_lint.app.label_inputs import LabelInputError, gather_label_inputs

CARD = "---\nco2_eq_emissions:\n  emissions: 12.5\n---\n# model\n"


def test_a_local_card_and_the_given_values(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(CARD, encoding="utf-8")
    inputs = gather_label_inputs(str(card), {"downloads": 120.0, "model_size": None})
    assert inputs.report.facts is not None and inputs.report.path == str(card)
    assert inputs.known == {"downloads": 120.0}  # a value not given is not known
    assert inputs.sources == {"downloads": "--downloads"} and inputs.warnings == ()


def test_standard_input_is_read_from_the_stream_given() -> None:
    inputs = gather_label_inputs("-", {}, stdin=io.BytesIO(CARD.encode()))
    assert inputs.report.target == "-" and "12.5" in repr(inputs.report.facts)


def test_a_folder_of_two_cards_is_a_one_line_error(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text(CARD, encoding="utf-8")
    with pytest.raises(LabelInputError, match=r"a folder with 2 cards; name one card file$"):
        gather_label_inputs(str(tmp_path), {})
