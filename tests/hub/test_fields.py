"""Export fields derived from the Hub's JSON: domain, model size, datasets, metrics; the cardData round trip."""

from __future__ import annotations

import pytest

from hfcarbon_lint.hub.carddata import lint_card_data, synthetic_card
from hfcarbon_lint.hub.domains import domain_of
from hfcarbon_lint.hub.fields import card_datasets, card_metrics, model_size_bytes
from hfcarbon_lint.lint.engine import LintSettings


@pytest.mark.parametrize(
    ("pipeline_tag", "tags", "expected"),
    [
        ("text-classification", [], "NLP"),
        ("feature-extraction", [], "NLP"),
        ("image-segmentation", [], "Computer Vision"),
        ("automatic-speech-recognition", [], "Audio"),
        ("image-text-to-text", [], "Multimodal"),
        ("reinforcement-learning", [], "Reinforcement Learning"),
        ("tabular-regression", [], "Tabular"),
        ("graph-ml", [], "Other"),
        ("some-future-task", [], "Other"),
        (None, ["pytorch", "summarization"], "NLP"),
        (None, ["image-classification", "visual-question-answering"], "Multimodal"),
        (None, ["pytorch"], None),
    ],
)
def test_domain_of(pipeline_tag, tags, expected):  # type: ignore[no-untyped-def]
    assert domain_of(pipeline_tag, tags) == expected


def test_model_size_from_safetensors_dtypes_else_used_storage():  # type: ignore[no-untyped-def]
    assert model_size_bytes({"safetensors": {"parameters": {"F32": 10, "BF16": 5, "I8": 3}, "total": 18}}) == 53
    assert model_size_bytes({"safetensors": {"parameters": {"F4": 8}, "total": 8}}) == 4
    unknown_dtype = {"safetensors": {"parameters": {"WEIRD": 10}, "total": 10}, "usedStorage": 999}
    assert model_size_bytes(unknown_dtype) == 999
    assert model_size_bytes({"usedStorage": 1234}) == 1234
    assert model_size_bytes({"usedStorage": True}) is None
    assert model_size_bytes({}) is None


def test_card_datasets_prefers_the_card_then_tags():  # type: ignore[no-untyped-def]
    assert card_datasets({"datasets": ["imdb", "imdb", "squad"]}, ["dataset:other"]) == ["imdb", "squad"]
    assert card_datasets({"datasets": "glue"}) == ["glue"]
    assert card_datasets(None, ["transformers", "dataset:imdb"]) == ["imdb"]
    assert card_datasets({"datasets": [None, {"x": 1}]}, []) == []


def test_metrics_from_model_index():  # type: ignore[no-untyped-def]
    card = {
        "model-index": [
            {"name": "m", "results": [
                {"metrics": [{"type": "Accuracy", "value": "91.5%"}, {"type": "rouge-1", "value": 40.1}]},
                {"metrics": [{"type": "accuracy", "value": 0.5}, {"type": "ROUGE_L", "value": "38,2"},
                             {"type": "f1", "value": True}]},
            ]},
        ]
    }
    assert card_metrics(card) == {"accuracy": 91.5, "f1": None, "rouge1": 40.1, "rougeL": 38.2}
    assert card_metrics({"model-index": "broken"}) == dict.fromkeys(("accuracy", "f1", "rouge1", "rougeL"))
    assert card_metrics(None)["accuracy"] is None


def test_card_data_round_trip_lints_like_the_card():  # type: ignore[no-untyped-def]
    info = {"id": "org/m", "sha": "a" * 40, "cardData": {"license": "mit", "tags": ["distilled"],
            "co2_eq_emissions": {"emissions": "0.5 kg", "hardware_used": "1 GPU", "geographic_location": "FR"}}}
    report = lint_card_data(info, LintSettings(), None)
    assert report.path == "hf://org/m/README.md#cardData"
    assert report.reporting_class.label == "Energy Optimization"  # promoted by the card's own tag
    assert report.emissions_g == 500
    codes = {d.code for d in report.diagnostics}
    assert {"HFC013", "HFC031"} <= codes
    assert synthetic_card(None) == b"" and synthetic_card({}) == b""
    assert synthetic_card({"co2_eq_emissions": 1e-05}).decode().splitlines()[1] == "co2_eq_emissions: 1.0e-05"
