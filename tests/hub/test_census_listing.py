"""``audit --all`` and ``--resume`` with the real huggingface_hub client against the fake Hub.

The fake Hub generates a whole-Hub listing lazily and pages it with an opaque keyset cursor, as
the Hub does; faults are injected on the listing route (5xx storms), and a real child process is
killed by a signal mid-census, then resumed. Every resumed export is compared, byte for byte,
with the export of an uninterrupted run.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from hfcarbon_lint.base.classification import ReportingClass
from hfcarbon_lint.census.checkpoint import checkpoint_path
from hfcarbon_lint.census.summary import EXACT_VALUES, TOP_EMITTERS, TOP_OFFENDERS, CensusSummary

MODELS = 1_234  # 13 pages of 100: the last one partial
REPORTING = len(range(0, MODELS, 25))  # the generated listing: one model in 25 reports emissions


def ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [row["repo_id"] for row in csv.DictReader(stream)]


@pytest.fixture
def listed(hub):  # type: ignore[no-untyped-def]
    hub.page_size = 100
    hub.generate(MODELS)
    return hub


@pytest.fixture
def reference(listed, cli, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The export of an uninterrupted census, to compare resumed ones with."""
    export = tmp_path_factory.mktemp("reference") / "hub.csv"
    run = cli("audit", "--all", "--export", str(export))
    assert run.code == 0, run.err
    listed.reset_counts()
    return export


def test_all_lists_the_whole_hub_once_in_one_request_per_page(listed, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    export = tmp_path / "hub.jsonl"
    run = cli("audit", "--all", "--export", str(export), "-f", "json")
    assert run.code == 0, run.err
    rows = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert [r["repo_id"] for r in rows] == [f"gen{i % 97:03d}/model-{i:07d}" for i in range(MODELS)]
    assert listed.count("GET", "/api/models") == 13
    summary = json.loads(run.out)["audit"]
    assert summary["models"] == summary["checked"] == MODELS
    assert summary["reporting_emissions"] == REPORTING == sum(r["emissions_g"] is not None for r in rows)
    assert summary["by_class"]["Energy Awareness"] == REPORTING
    assert summary["census"] == {"source": "listing", "pages": 13, "rows": MODELS, "resumed_at_page": None,
                                 "complete": True}
    first = listed.requests[0]
    assert "sort=createdAt" in first[2] and "expand=cardData" in first[2]  # an immutable sort key: see census.listing


def test_an_overlapping_cursor_sends_models_twice_and_the_export_has_them_once(listed, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    from huggingface_hub import HfApi

    listed.listing = "overlap"  # each page starts again with the last model of the page before
    sent = [model.id for model in HfApi(endpoint=listed.url).list_models()]
    assert len(sent) == MODELS + 12 and len(set(sent)) == MODELS  # 12 page boundaries, each sent twice
    export = tmp_path / "hub.csv"
    run = cli("audit", "--all", "--export", str(export))
    assert run.code == 0, run.err
    found = ids(export)
    assert len(found) == len(set(found)) == MODELS


def test_a_5xx_storm_stops_the_census_and_resume_goes_on_to_the_same_export(listed, hub_env, cli, tmp_path, reference):  # type: ignore[no-untyped-def]
    export = tmp_path / "hub.csv"
    listed.fail("*", route="list", status=503, times=None, after=5)  # pages 1-5 answer, then only 503s
    run = cli("audit", "--all", "--export", str(export))
    assert run.code == 2
    assert "model listing (page 6)" in run.err and "503" in run.err
    assert "the census stopped after page 5; run the same command with --resume to go on from there" in run.err
    assert "INCOMPLETE" in run.out
    assert ids(export) == ids(reference)[:500]
    saved = json.loads(checkpoint_path(export).read_text(encoding="utf-8"))
    assert saved["pages"] == 5 and saved["rows"] == 500 and not saved["done"] and "503" in saved["stopped"]
    listed.clear_faults()
    listed.reset_counts()
    run = cli("audit", "--all", "--export", str(export), "--resume")
    assert run.code == 0, run.err
    assert "resumed at page 6 of the listing" in run.err
    assert listed.count("GET", "/api/models") == 8  # pages 6-13 only
    assert export.read_bytes() == reference.read_bytes()
    assert f"Audit of {MODELS} models" in run.out  # the summary counts the first run's pages too
    assert f"Reporting emissions: {REPORTING} of {MODELS}" in run.out


def test_resume_cuts_rows_written_after_the_last_complete_page(listed, hub_env, cli, tmp_path, reference):  # type: ignore[no-untyped-def]
    """A kill mid-page leaves rows the checkpoint does not count: the resume writes them again, once."""
    export = tmp_path / "hub.csv"
    listed.fail("*", route="list", status=500, times=None, after=3)
    assert cli("audit", "--all", "--export", str(export)).code == 2
    with export.open("a", encoding="utf-8") as stream:  # what a process killed while linting page 4 leaves
        stream.write("gen000/model-0000300,2022-01-01,half a row")
    listed.clear_faults()
    assert cli("audit", "--all", "--export", str(export), "--resume").code == 0
    assert export.read_bytes() == reference.read_bytes()


def test_a_census_killed_by_a_signal_resumes_to_the_same_export(listed, hub_env, tmp_path, reference):  # type: ignore[no-untyped-def]
    listed.latency = 0.03  # slow enough to be killed mid-run
    export = tmp_path / "hub.csv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HFCARBON"))}
    env.update(hub_env)
    env["PYTHONPATH"] = str(REPO)
    command = [sys.executable, "-m", "hfcarbon_lint", "audit", "--all", "--export", str(export)]
    child = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    checkpoint = checkpoint_path(export)
    deadline = time.monotonic() + 60
    pages = 0
    while time.monotonic() < deadline and child.poll() is None:
        if checkpoint.exists():
            pages = json.loads(checkpoint.read_text(encoding="utf-8") or "{}").get("pages", 0)
            if pages >= 3:
                break
        time.sleep(0.01)
    assert child.poll() is None, "the census ended before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL
    killed_at = json.loads(checkpoint.read_text(encoding="utf-8"))
    assert 3 <= killed_at["pages"] < 13 and not killed_at["done"]
    listed.latency = 0.0
    done = subprocess.run([*command, "--resume"], env=env, cwd=REPO, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert f"resumed at page {killed_at['pages'] + 1} of the listing" in done.stderr.decode()
    assert export.read_bytes() == reference.read_bytes()


def test_a_resume_of_another_query_is_refused(listed, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    export = tmp_path / "hub.csv"
    listed.fail("*", route="list", status=500, times=None, after=2)
    assert cli("audit", "--all", "--export", str(export)).code == 2
    before = export.read_bytes()
    run = cli("audit", "--all", "--search", "model-00001", "--export", str(export), "--resume")
    assert run.code == 2
    assert "the checkpoint is of another census (search: None -> 'model-00001'): not resumed" in run.err
    assert export.read_bytes() == before  # untouched
    run = cli("audit", "--all", "--select", "HFC001", "--export", str(export), "--resume")
    assert run.code == 2 and "select: [] -> ['HFC001']" in run.err


def test_resume_of_a_finished_census_asks_nothing(listed, hub_env, cli, reference):  # type: ignore[no-untyped-def]
    run = cli("audit", "--all", "--export", str(reference), "--resume", "-f", "json")
    assert run.code == 0, run.err
    assert listed.count("GET", "/api/models") == 0
    assert json.loads(run.out)["audit"]["checked"] == MODELS


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--resume", "org"], "--resume goes on with an `audit --all --export FILE` census: add --all"),
        (["--all", "--resume"], "--resume needs --export FILE"),
        (["--all", "--deep"], "--deep does not go with a census (a deep census reads a dump"),
        (["--all", "org/model"], "named repos (ORG/MODEL, --from-file) does not go with a census"),
        (["--all", "--from-parquet", "x"], "choose one"),
    ],
)
def test_census_usage_errors(hub_env, cli, args, message):  # type: ignore[no-untyped-def]
    run = cli("audit", *args)
    assert run.code == 2 and message in run.err


def test_resume_refuses_an_export_without_a_checkpoint(hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    export = tmp_path / "mine.csv"
    export.write_text("precious\n", encoding="utf-8")
    run = cli("audit", "--all", "--export", str(export), "--resume")
    assert run.code == 2 and "exists but has no checkpoint" in run.err
    assert export.read_text(encoding="utf-8") == "precious\n"


def test_a_census_of_an_author_with_a_limit(listed, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    for i in range(30):
        listed.add_model(f"org/m{i:02d}", "---\nco2_eq_emissions: 12\n---\n")
    export = tmp_path / "org.csv"
    run = cli("audit", "org", "--all", "--limit", "25", "--export", str(export))
    assert run.code == 0, run.err
    assert ids(export) == [f"org/m{i:02d}" for i in range(25)]


def test_the_summary_stays_bounded_and_its_median_close() -> None:
    summary = CensusSummary("cardData", {})
    figures = [((i * 7919) % 100_003) / 7 + 0.001 for i in range(3 * EXACT_VALUES)]
    for i, grams in enumerate(figures):
        summary.add(f"org/m{i}", ReportingClass.AWARENESS, (i % 3, 1, 0), grams, ["HFC010"])
    assert len(summary.values) == EXACT_VALUES
    assert len(summary.offenders) <= 4 * TOP_OFFENDERS and len(summary.emitters) <= 4 * TOP_EMITTERS
    result = summary.summary()
    exact = sorted(figures)[len(figures) // 2 - 1 : len(figures) // 2 + 1]
    assert result["median_exact"] is False
    assert abs(result["median_emissions_g"] / (sum(exact) / 2) - 1) < 0.003
    assert [o["errors"] for o in result["worst_offenders"]] == [2] * TOP_OFFENDERS
    assert result["top_emitters"][0]["emissions_g"] == max(figures)
    restored = CensusSummary("cardData", {})
    restored.restore(json.loads(json.dumps(summary.state())))
    assert restored.summary() == result
