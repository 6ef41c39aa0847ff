"""Remote bounds (issue 15.7): README size, a total time per card, no partial files, listings that never end.

Behaviour only: each test checks how the run ends (message, exit code, what is left on disk), with
generous margins; the times and memory themselves are measured in ``benchmarks/bench_remote_bounds.py``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hubcards import CARD

from hfcarbon_lint.hub import api

GIB = 1024**3


def cache_files(hub_env: dict[str, str]) -> list[Path]:
    return [p for p in Path(hub_env["HF_HOME"]).rglob("*") if p.is_file()]


def test_declared_huge_readme_is_refused_before_its_body(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/huge", CARD)
    hub.fail("org/huge", "huge", extra_bytes=5 * GIB)
    run = cli("org/huge")
    assert run.code == 2
    assert "README.md is larger than the 10 MiB limit for a card (5 GiB): not read" in run.err
    assert hub.body_bytes_sent < 5 * GIB // 100  # the client hung up at the headers
    assert cache_files(hub_env) == []


def test_endless_readme_is_cut_at_the_limit_and_leaves_nothing(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    """No Content-Length and a body that never ends: the streamed cap stops it."""
    hub.add_model("org/endless", CARD)
    hub.fail("org/endless", "endless")
    run = cli("org/endless")
    assert run.code == 2
    assert "README.md is larger than the 10 MiB limit for a card: not read" in run.err
    assert cache_files(hub_env) == []  # no partial file, no .incomplete blob, no temporary file


def test_the_limit_is_configurable(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", CARD)
    monkeypatch.setenv("HFCARBON_LINT_MAX_CARD_BYTES", "100")
    run = cli("org/model")
    assert run.code == 2 and "larger than the 100 bytes limit" in run.err
    monkeypatch.setenv("HFCARBON_LINT_MAX_CARD_BYTES", str(len(CARD.encode())))
    assert cli("org/model").code == 0


def test_a_trickling_server_gets_one_deadline_per_card(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    """One byte every 0.2 s (the card would take over a minute): the card's 3 x 0.5 s are spent, then one line."""
    hub.add_model("org/slow", CARD)
    hub.add_model("org/fine", CARD)
    hub.fail("org/slow", "trickle", seconds=0.2)
    monkeypatch.setenv("HFCARBON_LINT_HUB_RETRIES", "3")
    run = cli("org/slow", "org/fine", "--timeout", "0.5", "-f", "json")
    assert run.code == 2
    [line] = [line for line in run.err.splitlines() if "org/slow" in line]
    assert "README.md: not complete after 1.5 s, the time a card gets (3 x the 0.5 s timeout): gave up" in line
    assert hub.count("GET", "/org/slow/") == 1  # a spent deadline is not retried
    assert [c["target"] for c in json.loads(run.out)["cards"]] == ["org/fine"]  # the next card is read
    assert cache_files(hub_env) and all("org--slow" not in str(p) for p in cache_files(hub_env))


def test_deep_audit_over_the_limit_is_one_model_not_checked(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/huge", CARD)
    hub.add_model("org/fine", CARD)
    hub.fail("org/huge", "endless")
    doc = json.loads(cli("audit", "org", "--deep", "-f", "json").out)
    assert doc["audit"]["checked"] == 1
    assert doc["audit"]["not_checked_models"][0]["reason"] == "too-large"


def test_cached_readme_over_the_limit_is_refused_offline(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", CARD)
    assert cli("org/model").code == 0
    monkeypatch.setenv("HFCARBON_LINT_MAX_CARD_BYTES", "100")
    run = cli("org/model", "--offline")
    assert run.code == 2 and "larger than the 100 bytes limit" in run.err


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        # the fake Hub's cursors are opaque, as the Hub's: this one is base64 of {"_id": {"$gt": -1}}
        ("self-link", "the next link repeats a page already read (cursor 'eyJfaWQiOiB7IiRndCI6IC0xfX0=')"),
        ("repeat", "a page with a next link but no model not already listed"),
    ],
)
def test_a_listing_that_never_ends_stops_and_keeps_what_it_gathered(  # type: ignore[no-untyped-def]
    hub, hub_env, cli, tmp_path, mode, message
):
    hub.page_size = 10
    for i in range(25):
        hub.add_model(f"org/m{i:02d}", CARD)
    hub.listing = mode
    export = tmp_path / "rows.csv"
    run = cli("audit", "org", "--export", str(export))
    assert run.code == 2
    assert f"hfcarbon-lint: audit: listing stopped: model listing (page 2): {message}; 10 models listed before" in run.err
    assert "Audit of 10 models (author org)" in run.out and "INCOMPLETE: listing stopped" in run.out
    with export.open(encoding="utf-8") as stream:
        assert [row["repo_id"] for row in csv.DictReader(stream)] == [f"org/m{i:02d}" for i in range(10)]
    assert hub.count("GET", "/api/models") == 2


def test_an_endless_listing_of_new_models_stops_at_the_maximum(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(api, "MAX_LISTED", 250)
    hub.page_size = 100
    hub.listing = "endless"
    run = cli("audit", "org", "-f", "json")
    assert run.code == 2
    assert "listing stopped: more than 250 models: stopped there (--limit N to choose, or --all" in run.err
    doc = json.loads(run.out)
    assert doc["audit"]["models"] == 250 and doc["audit"]["listing_incomplete"].startswith("listing stopped")
    assert hub.count("GET", "/api/models") == 3


def test_exactly_the_maximum_is_a_complete_listing(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(api, "MAX_LISTED", 30)
    hub.page_size = 10
    for i in range(30):
        hub.add_model(f"org/m{i:02d}", CARD)
    run = cli("audit", "org", "-f", "json")
    assert run.code == 0, run.err  # 30 of 30: not "more than 30"
    assert json.loads(run.out)["audit"]["models"] == 30 and "more than" not in run.err
    hub.add_model("org/m30", CARD)
    run = cli("audit", "org", "-f", "json")
    assert run.code == 2 and "more than 30 models" in run.err
    assert json.loads(run.out)["audit"]["models"] == 30


def test_limit_bounds_an_endless_listing(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.listing = "endless"
    run = cli("audit", "org", "--limit", "150", "-f", "json")
    assert run.code == 0 and json.loads(run.out)["audit"]["models"] == 150


def test_listing_failing_midway_keeps_the_first_page(hub, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    hub.page_size = 10
    for i in range(25):
        hub.add_model(f"org/m{i:02d}", CARD)
    export = tmp_path / "rows.jsonl"
    original = hub._take_fault

    def second_page_fails(route: str, target: str):  # type: ignore[no-untyped-def]
        if route == "list" and hub.count("GET", "/api/models") == 2:
            hub.fail("*", route="list", status=500, times=1)
        return original(route, target)

    hub._take_fault = second_page_fails
    run = cli("audit", "org", "--export", str(export))
    assert run.code == 2
    assert "hfcarbon-lint: audit: model listing (page 2): the Hub answered HTTP 500" in run.err
    assert "Audit of 10 models" in run.out
    assert len(export.read_text(encoding="utf-8").splitlines()) == 10


