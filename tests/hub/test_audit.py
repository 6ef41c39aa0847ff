"""``hfcarbon-lint audit``: many models against the fake Hub; request counts, --deep, exports, failures."""

from __future__ import annotations

import csv
import json
import math
import re

import pytest
from fakehub import FakeHub, closed_port_endpoint
from hubcards import BODY_ONLY_CARD, CARD, KG_CARD

from hfcarbon_lint.hub.export import COLUMNS

LEGACY = "---\nlicense: mit\nco2_eq_emissions: 12\n---\n# legacy number\n"
PLAIN = "---\nlicense: mit\n---\n# no carbon\n"


def populate(hub: FakeHub, count: int, author: str = "org") -> None:
    """``count`` models: every 4th reports 12 g (legacy form), the others report nothing."""
    for i in range(count):
        hub.add_model(
            f"{author}/m{i:04d}",
            LEGACY if i % 4 == 0 else PLAIN,
            pipeline_tag="fill-mask",
            tags=["transformers", "pytorch"],
            downloads=i,
        )


def test_default_audit_costs_one_request_per_page(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    populate(hub, 250)
    hub.add_model("other/x", LEGACY)
    run = cli("audit", "org")
    assert run.code == 0, run.err
    assert hub.count("GET", "/api/models") == math.ceil(250 / hub.page_size) == 3
    assert hub.count() == 3  # no README, no model info
    assert "Audit of 250 models (author org)" in run.out
    assert "checked 250, not checked 0" in run.out
    assert re.search(r"^  0 Unknown Energy Efficiency +187 +74\.8%$", run.out, re.MULTILINE)
    assert re.search(r"^  2 Basic Energy Reporting +63 +25\.2%$", run.out, re.MULTILINE)
    assert "Reporting emissions: 63 of 250 checked models (25.2%)" in run.out
    assert "Reported emissions: median 12 g, total 756 g CO2eq" in run.out
    assert "Worst offenders" in run.out and "HFC015" in run.out


def test_limit_search_and_filter(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    populate(hub, 30)
    hub.add_model("org/special-bert", CARD, tags=["co2_eq_emissions", "transformers"])
    run = cli("audit", "org", "--limit", "5", "-f", "json")
    assert json.loads(run.out)["audit"]["models"] == 5
    assert hub.count("GET", "/api/models") == 1
    run = cli("audit", "org", "--search", "special", "-f", "json")
    assert [c["target"] for c in json.loads(run.out)["cards"]] == ["org/special-bert"]
    run = cli("audit", "--filter", "co2_eq_emissions", "-f", "json")  # models carrying the key, as on the Hub
    expected = [f"org/m{i:04d}" for i in range(0, 30, 4)] + ["org/special-bert"]
    assert [c["target"] for c in json.loads(run.out)["cards"]] == expected


def test_deep_reads_readme_bodies_concurrently(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    populate(hub, 6)
    hub.add_model("org/body-only", BODY_ONLY_CARD)
    default = json.loads(cli("audit", "org", "-f", "json").out)
    body = next(c for c in default["cards"] if c["target"] == "org/body-only")
    assert body["reporting_class"] == "Unknown Energy Efficiency" and body["remote"]["source"] == "cardData"
    hub.reset_counts()
    deep = json.loads(cli("audit", "org", "--deep", "--concurrency", "4", "-f", "json").out)
    body = next(c for c in deep["cards"] if c["target"] == "org/body-only")
    assert body["reporting_class"] == "Energy Awareness"
    assert body["emissions_g"] == 50 and body["remote"]["source"] == "hub"
    assert body["path"] == "hf://org/body-only/README.md"
    assert deep["audit"]["mode"] == "deep"
    assert [c["target"] for c in deep["cards"]] == [c["target"] for c in default["cards"]]  # listing order
    assert hub.count("HEAD", "/org/") == 0 and hub.count("GET", "/org/") == 7  # one GET per README
    assert hub.count("GET", "/api/models") == 1


def test_deep_failures_metadata_fallback_and_not_checked(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/good", KG_CARD)
    hub.add_model("org/gated", CARD, gated="manual")
    hub.add_model("org/no-card", None)
    hub.add_model("org/broken", CARD)
    hub.fail("org/broken", status=500)
    run = cli("audit", "org", "--deep", "-f", "json")
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    audit = doc["audit"]
    assert audit["checked"] == 3 and audit["not_checked"] == 1
    assert doc["not_checked"] == [
        {"target": "org/broken", "message": "README.md: the Hub answered HTTP 500: injected HTTP 500"}
    ]
    assert audit["not_checked_models"][0]["reason"] == "server-error"
    fallback = {entry["repo_id"]: entry["reason"] for entry in audit["metadata_only"]}
    assert set(fallback) == {"org/gated", "org/no-card"}
    assert "gated repo" in fallback["org/gated"] and "cardData" in fallback["org/gated"]
    gated = next(c for c in doc["cards"] if c["target"] == "org/gated")
    assert gated["reporting_class"] == "Energy Awareness" and gated["remote"]["source"] == "cardData"
    text = cli("audit", "org", "--deep").out
    assert "Not checked (1):\n  org/broken: README.md: the Hub answered HTTP 500: injected HTTP 500" in text
    assert "Checked from metadata only (2):" in text


def test_json_is_the_check_document_plus_audit(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    model = hub.add_model(
        "org/good",
        CARD,
        pipeline_tag="text-classification",
        tags=["transformers", "dataset:imdb"],
        safetensors={"parameters": {"F32": 1000, "BF16": 10}, "total": 1010},
        downloads=7,
        likes=3,
    )
    doc = json.loads(cli("audit", "org", "-f", "json").out)
    assert set(doc) == {"version", "tool", "cards", "not_checked", "summary", "audit"}
    assert doc["version"] == 1 and doc["summary"]["cards"] == 1
    card = doc["cards"][0]
    assert card["path"] == "hf://org/good/README.md#cardData"
    assert card["remote"] == {"repo_id": "org/good", "revision": "main", "commit": model.commit(), "source": "cardData"}
    assert card["model"]["model_size_bytes"] == 4020 and card["model"]["domain"] == "NLP"
    assert card["model"]["accuracy"] == 0.91 and card["model"]["f1"] == 88.5
    audit = doc["audit"]
    assert audit["by_class"]["Energy Awareness"] == 1
    assert audit["reporting_share"] == 1.0 and audit["median_emissions_g"] == 1200 == audit["total_emissions_g"]


def test_csv_export_columns_and_values(hub, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    hub.add_model(
        "org/good",
        CARD,
        pipeline_tag="automatic-speech-recognition",
        library_name="transformers",
        tags=["transformers", "dataset:imdb"],
        used_storage=5000,
        downloads=42,
    )
    hub.add_model("org/plain", PLAIN)
    hub.add_dataset("imdb", used_storage=84_125_825)
    target = tmp_path / "models.csv"
    run = cli("audit", "org", "--export", str(target), "--dataset-sizes")
    assert run.code == 0 and "wrote 2 rows" in run.err
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS
    by_repo = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}  # completion order
    good = by_repo["org/good"]
    assert good["repo_id"] == "org/good" and good["downloads"] == "42" and good["domain"] == "Audio"
    assert good["tags"] == "transformers;dataset:imdb" and good["datasets"] == "imdb"
    # No safetensors and the listing does not offer usedStorage: size unknown; a named repo's model info has it.
    assert good["datasets_size_bytes"] == "84125825" and good["model_size_bytes"] == ""
    assert good["emissions_g"] == "1200.0" and good["hardware_used"] == "1 x NVIDIA A100"
    assert good["reporting_class"] == "Energy Awareness" and good["reporting_level"] == "3"
    assert good["accuracy"] == "0.91" and good["rouge1"] == ""
    plain = by_repo["org/plain"]
    assert plain["emissions_g"] == "" and plain["tags"] == "" and plain["datasets_size_bytes"] == ""
    assert cli("audit", "org/good", "--export", str(target)).code == 0
    with target.open(newline="", encoding="utf-8") as handle:
        assert dict(zip(COLUMNS, list(csv.reader(handle))[1], strict=True))["model_size_bytes"] == "5000"


def test_jsonl_export_types(hub, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    hub.add_model("org/good", CARD, tags=["transformers", "dataset:imdb"])
    hub.add_model("org/plain", PLAIN)
    target = tmp_path / "models.jsonl"
    assert cli("audit", "org", "--export", str(target)).code == 0
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [list(row) for row in rows] == [list(COLUMNS)] * 2
    good, plain = sorted(rows, key=lambda row: row["repo_id"])
    assert good["tags"] == ["transformers", "dataset:imdb"] and good["datasets"] == ["imdb"]
    assert good["emissions_g"] == 1200 and isinstance(good["reporting_level"], int)
    assert good["datasets_size_bytes"] is None  # not asked for (--dataset-sizes)
    assert plain["emissions_g"] is None and plain["domain"] is None and plain["datasets"] == []


def test_dataset_sizes_are_asked_once_per_dataset(hub, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    for i in range(5):
        hub.add_model(f"org/m{i}", CARD.replace("- imdb", "- imdb\n- squad" if i % 2 else "- imdb"))
    hub.add_model("org/unknown-data", CARD.replace("- imdb", "- not-on-the-hub"))
    hub.add_dataset("imdb", used_storage=100)
    hub.add_dataset("squad", used_storage=20)
    target = tmp_path / "out.jsonl"
    assert cli("audit", "org", "--dataset-sizes", "--export", str(target)).code == 0
    sizes = {r["repo_id"]: r["datasets_size_bytes"] for r in map(json.loads, target.read_text().splitlines())}
    assert sizes == {
        "org/m0": 100,
        "org/m1": 120,
        "org/m2": 100,
        "org/m3": 120,
        "org/m4": 100,
        "org/unknown-data": None,
    }
    assert hub.count("GET", "/api/datasets/") == 3


def test_export_is_streamed_row_by_row(hub, hub_env, tmp_path):  # type: ignore[no-untyped-def]
    from hfcarbon_lint.hub.audit import run_audit
    from hfcarbon_lint.hub.client import HubConfig
    from hfcarbon_lint.hub.export import ExportWriter
    from hfcarbon_lint.hub.request import AuditRequest
    from hfcarbon_lint.lint.engine import LintSettings

    populate(hub, 5)
    target = tmp_path / "stream.csv"
    seen_on_disk: list[int] = []
    with ExportWriter(target) as writer:

        def on_outcome(outcome):  # type: ignore[no-untyped-def]
            writer.write(outcome.row)
            seen_on_disk.append(len(target.read_text(encoding="utf-8").splitlines()) - 1)

        run_audit(
            AuditRequest(authors=("org",), deep=True, concurrency=2), LintSettings(), HubConfig.from_env(), on_outcome
        )
    assert seen_on_disk == [1, 2, 3, 4, 5]


def test_named_repos_and_from_file(hub, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    hub.add_model("org/a", KG_CARD)
    hub.add_model("acme/b", CARD)
    listing = tmp_path / "repos.txt"
    listing.write_text("# models to check\nacme/b\norg/missing  # gone\n\n", encoding="utf-8")
    run = cli("audit", "org/a", "--from-file", str(listing), "-f", "json")
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    assert [c["target"] for c in doc["cards"]] == ["org/a", "acme/b"]
    assert doc["not_checked"][0]["target"] == "org/missing"
    assert "repository not found" in doc["not_checked"][0]["message"]
    assert hub.count("GET", "/api/models/") == 3 and hub.count("GET", "/api/models") == 3


def test_from_file_with_no_usable_line_says_so(hub, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    listing = tmp_path / "repos.txt"
    listing.write_text("a--b\n# only a comment\nbad..name/x\n", encoding="utf-8")
    run = cli("audit", "--from-file", str(listing))
    assert run.code == 2
    assert f"Invalid value for --from-file: {listing}: no usable line" in run.err
    assert "name an AUTHOR" not in run.err
    assert hub.count() == 0


def test_named_repos_at_a_revision(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    model = hub.add_model("org/a", CARD, revisions={"v1": KG_CARD})
    card = json.loads(cli("audit", "org/a", "--revision", "v1", "-f", "json").out)["cards"][0]
    assert card["remote"]["commit"] == model.commit("v1")
    assert [d["code"] for d in card["diagnostics"] if d["severity"] == "error"] == ["HFC013"]


def test_no_model_could_be_checked_is_exit_2(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    run = cli("audit", "org/missing")
    assert run.code == 2 and "Not checked (1)" in run.out
    run = cli("audit", "nobody")
    assert run.code == 2 and run.err == "hfcarbon-lint: audit: no models found (author nobody)\n"


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ({"status": 500}, "model listing (page 1): the Hub answered HTTP 500"),
        ({"status": 401}, "model listing (page 1): authentication required (HTTP 401)"),
        ({"kind": "stall", "seconds": 3}, "model listing (page 1): no answer from"),
    ],
)
def test_listing_failure_is_one_line_exit_2(hub, hub_env, cli, monkeypatch, fault, expected):  # type: ignore[no-untyped-def]
    populate(hub, 3)
    monkeypatch.setenv("HFCARBON_LINT_HUB_TIMEOUT", "0.5")
    hub.fail("*", route="list", **fault)
    run = cli("audit", "org")
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("hfcarbon-lint: audit: " + expected) and run.err.count("\n") == 1


def test_listing_connection_refused(hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HF_ENDPOINT", closed_port_endpoint())
    run = cli("audit", "org")
    assert run.code == 2 and "connection refused" in run.err and run.err.count("\n") == 1


def test_listing_429_retry_after_then_pages(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    populate(hub, 150)
    hub.fail("*", route="list", status=429, headers={"Retry-After": "0"}, times=1)
    monkeypatch.setenv("HFCARBON_LINT_HUB_RETRIES", "1")
    run = cli("audit", "org", "-f", "json")
    assert run.code == 0 and json.loads(run.out)["audit"]["models"] == 150
    assert hub.count("GET", "/api/models") == 3  # the refused page, then both pages


def test_offline_audit_reads_the_cache_only(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    populate(hub, 4)
    assert cli("audit", "org", "--deep").code == 0  # fills the cache
    hub.reset_counts()
    run = cli("audit", "org", "--offline", "-f", "json")
    assert run.code == 0
    assert "offline: reading the local cache only" in run.err
    doc = json.loads(run.out)
    assert doc["audit"]["mode"] == "cache" and doc["audit"]["checked"] == 4
    assert {c["remote"]["source"] for c in doc["cards"]} == {"cache"}
    assert hub.count() == 0
    run = cli("audit", "org/never-downloaded", "--offline")
    assert run.code == 2 and "not in the local cache" in run.out


def test_min_class_policy_exit_1(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/good", CARD)
    hub.add_model("org/plain", PLAIN)
    assert cli("audit", "org").code == 0
    assert cli("audit", "org", "--min-class", "2").code == 1
    assert cli("audit", "org/good", "--min-class", "2").code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["audit"], "name an AUTHOR"),
        (["audit", "org", "--revision", "v1"], "--revision applies to README downloads"),
        (["audit", "--filter", "x", "--offline"], "not available with --offline"),
        (["audit", "org", "--export", "out.parquet"], "must end in .csv or .jsonl"),
        (["audit", "not a name!"], "neither an author nor"),
    ],
)
def test_usage_errors_exit_2_without_requests(hub, hub_env, cli, args, message):  # type: ignore[no-untyped-def]
    run = cli(*args)
    assert run.code == 2 and message in run.err
    assert hub.count() == 0


def test_process_audit_no_progress_bar_when_piped(hub, proc, tmp_path):  # type: ignore[no-untyped-def]
    populate(hub, 120)
    target = tmp_path / "rows.csv"
    run = proc("audit", "org", "--deep", "--concurrency", "8", "--export", str(target))
    assert run.code == 0, run.err
    assert "Audit of 120 models" in run.out
    assert run.err == f"hfcarbon-lint: audit: wrote 120 rows to {target}\n"  # no tqdm output on a pipe
    assert len(target.read_text(encoding="utf-8").splitlines()) == 121


def test_show_diagnostics_lists_every_finding_before_the_summary(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/kg", KG_CARD)
    run = cli("audit", "org", "--show-diagnostics")
    first, _, rest = run.out.partition("Audit of 1 model")
    assert "hf://org/kg/README.md#cardData:" in first and "HFC013" in first
    assert "hf://" not in rest


def test_label_uses_the_listings_downloads(hub, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    # 12 g -> emissions index 149200/12 = 12433, sqrt 111.5 in (b4 72.9, b3 147.8] -> D;
    # downloads 100 -> index 8.5e-05 > b1 7.3e-05 -> A; weights 0.35 and 0.25 -> mean 1.75 -> C
    hub.add_model("org/popular", LEGACY, downloads=100)
    hub.add_model("org/silent", PLAIN, downloads=0)
    export = tmp_path / "labels.jsonl"
    run = cli("audit", "org", "--label", "--export", str(export))
    assert run.code == 0, run.err
    assert "Efficiency labels: A 0, B 0, C 1, D 0, E 0; no label 1" in run.out
    rows = {row["repo_id"]: row for row in map(json.loads, export.read_text().splitlines())}
    assert rows["org/popular"]["label"] == "C"
    assert rows["org/silent"]["label"] is None  # no emissions: no carbon-efficiency label, downloads or not
    document = json.loads(cli("audit", "org", "--label", "-f", "json").out)
    labels = {card["target"]: card["label"]["label"] for card in document["cards"]}
    assert labels == {"org/popular": "C", "org/silent": None}
    without = json.loads(cli("audit", "org", "-f", "json").out)
    assert without["audit"]["by_label"] is None and all(card["label"] is None for card in without["cards"])


def test_audit_of_single_name_models_and_an_author(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    """A bare word is an author; one with no models is then tried as a single-name model id (gpt2)."""
    hub.add_model("gpt2", CARD)
    hub.add_model("distilgpt2", KG_CARD)
    hub.add_model("org/a", CARD)
    run = cli("audit", "gpt2", "distilgpt2", "org", "-f", "json")
    assert run.code in (0, 1), run.err
    targets = sorted(card["target"] for card in json.loads(run.out)["cards"])
    assert targets == ["distilgpt2", "gpt2", "org/a"]
    run = cli("audit", "hf://gpt2", "-f", "json")
    assert [card["target"] for card in json.loads(run.out)["cards"]] == ["gpt2"]


@pytest.mark.parametrize(
    ("args", "total"),
    [
        (("org/a", "org/b", "org/c"), 3),  # named repos: known up front
        (("org", "--deep"), 3),  # an open listing: known once it is read, before the README downloads
        (("org", "--limit", "2"), 2),
    ],
)
def test_the_progress_bar_has_a_total_and_a_time_left(hub, hub_env, cli, args, total):  # type: ignore[no-untyped-def]
    for name in "abc":
        hub.add_model(f"org/{name}", CARD)
    run = cli("audit", *args, "--progress", "-f", "json")
    assert run.code in (0, 1), run.err
    # n/total, then [elapsed<remaining] (tqdm draws at most every 0.1 s: "?" before a rate is known)
    assert re.search(rf"\d+/{total} \[\d\d:\d\d<(\d\d:\d\d|\?)", run.err), run.err


def test_the_audit_text_closes_with_the_check_s_line(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/a", KG_CARD)
    hub.add_model("org/b", CARD)
    run = cli("audit", "org")
    assert run.out.rstrip("\n").splitlines()[-1].startswith("Found 1 error, ")
    assert run.out.endswith(" in 2 models checked.\n")


def test_an_unread_card_is_not_classified(hub, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    """Issue 19: a README that cannot be read (UTF-16) has no class, in the audit's counts and its export."""
    hub.add_model("org/utf16", "---\nco2_eq_emissions:\n  emissions: 7.5\n---\n".encode("utf-16"))
    hub.add_model("org/plain", PLAIN)
    target = tmp_path / "audit.csv"
    run = cli("audit", "org", "--deep", "-f", "json", "--export", str(target))
    assert run.code == 0, run.err
    document = json.loads(run.out)
    audit = document["audit"]
    assert audit["checked"] == 2 and audit["not_classified"] == 1
    assert audit["by_class"]["Unknown Energy Efficiency"] == 1 and sum(audit["by_class"].values()) == 1
    unread = next(card for card in document["cards"] if card["target"] == "org/utf16")
    assert unread["reporting_class"] is None and [d["code"] for d in unread["diagnostics"]] == ["HFC005"]
    with target.open(encoding="utf-8", newline="") as handle:
        rows = {row["repo_id"]: row for row in csv.DictReader(handle)}
    assert rows["org/utf16"]["reporting_class"] == "not read" and rows["org/utf16"]["reporting_level"] == ""
    text = cli("audit", "org", "--deep").out
    assert re.search(r"^  0 Unknown Energy Efficiency +1 +50\.0%$", text, re.MULTILINE)
    assert re.search(r"^  - not read, so not classified +1 +50\.0%$", text, re.MULTILINE)
    from hfcarbon_lint.study.reader import read_export

    population = read_export(target)
    assert population.rows == 1 and population.not_read == 1  # the study leaves the unread card out
