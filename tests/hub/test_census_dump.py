"""``audit --from-parquet`` and ``--from-dataset``: a deep census from model-card dumps.

Dumps are real parquet files in librarian-bots/model_cards_with_metadata's schema, made with
pyarrow from the cards this repository carries; ``--from-dataset`` downloads them with the real
huggingface_hub client from the fake Hub. Skipped, with the reason, when pyarrow (the
``parquet`` extra) is absent; ``.ci/run`` installs it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

pytest.importorskip("pyarrow", reason="the parquet extra (pyarrow) is not installed: pip install -e '.[parquet]'")

import pyarrow as pa
import pyarrow.parquet as pq

from hfcarbon_lint.census.dataset import DUMP_DATASET
from hfcarbon_lint.census.synthetic import write
from tests.conftest import CORPUS, NO_CORPUS, REPO, project_cards

ROWS = 300  # more than a batch's PARALLEL_ROWS: the forked workers lint them


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dump")
    write(project_cards(), folder, ROWS, shard_rows=120)  # 3 shards
    return folder


def test_every_card_is_linted_as_check_lints_it(dump, cli, tmp_path):  # type: ignore[no-untyped-def]
    export = tmp_path / "cards.csv"
    run = cli("audit", "--from-parquet", str(dump), "--export", str(export), "-f", "json")
    assert run.code == 0, run.err
    exported = rows_of(export)
    assert len(exported) == ROWS and len({r["repo_id"] for r in exported}) == ROWS
    # the same cards as files, through `check`
    table = pq.read_table(dump)
    cards = tmp_path / "cards"
    for model, card in zip(table.column("modelId").to_pylist(), table.column("card").to_pylist(), strict=True):
        folder = cards / model.replace("/", "__")
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(card, encoding="utf-8", newline="")
    checked = cli("check", str(cards), "--format", "json", "--exit-zero")
    assert checked.code == 0, checked.err
    by_model = {Path(c["path"]).parent.name.replace("__", "/"): c for c in json.loads(checked.out)["cards"]}
    for row in exported:
        card = by_model[row["repo_id"]]
        assert row["reporting_class"] == card["reporting_class"], row["repo_id"]
        assert (float(row["emissions_g"]) if row["emissions_g"] else None) == card["emissions_g"], row["repo_id"]
    summary = json.loads(run.out)["audit"]
    check_summary = json.loads(checked.out)["summary"]
    assert summary["errors"] == check_summary["errors"] and summary["warnings"] == check_summary["warnings"]
    assert summary["mode"] == "dump" and summary["census"]["files"] == 3
    assert any(r["emissions_g"] for r in exported)  # the corpus's reporting cards are in it


def test_the_export_carries_the_dumps_dates_downloads_and_tags(dump, cli, tmp_path):  # type: ignore[no-untyped-def]
    export = tmp_path / "cards.jsonl"
    assert cli("audit", "--from-parquet", str(dump), "--export", str(export)).code == 0
    first = json.loads(export.read_text(encoding="utf-8").splitlines()[0])
    source = pq.read_table(sorted(dump.glob("*.parquet"))[0]).slice(0, 1).to_pylist()[0]
    assert first["repo_id"] == source["modelId"]
    assert first["created_at"] == source["createdAt"].strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert first["last_modified"] == source["last_modified"].strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert first["downloads"] == source["downloads"] and first["likes"] == source["likes"]
    assert first["tags"] == source["tags"] and first["pipeline_tag"] == source["pipeline_tag"]


def test_workers_change_nothing_but_the_speed(dump, cli, tmp_path):  # type: ignore[no-untyped-def]
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert cli("audit", "--from-parquet", str(dump), "--export", str(one), "--jobs", "1").code == 0
    assert cli("audit", "--from-parquet", str(dump), "--export", str(two), "--jobs", "2").code == 0
    assert one.read_bytes() == two.read_bytes()


def test_study_reads_a_dump_census(dump, cli, tmp_path):  # type: ignore[no-untyped-def]
    pytest.importorskip("numpy", reason="the study extra is not installed")
    export = tmp_path / "cards.csv"
    assert cli("audit", "--from-parquet", str(dump), "--export", str(export)).code == 0
    run = cli("study", str(export), "-f", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["population"]["models"] == ROWS


def test_bad_dumps_are_one_line_errors(cli, tmp_path):  # type: ignore[no-untyped-def]
    not_parquet = tmp_path / "cards.parquet"
    not_parquet.write_text("modelId,card\n", encoding="utf-8")
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"id": ["a/b"], "text": ["---\n---\n"]}), other)
    empty = tmp_path / "empty"
    empty.mkdir()
    for path, message in (
        (not_parquet, "not a parquet file"),
        (other, "no modelId, card column: not a model-card dump"),
        (empty, "no .parquet file in this folder"),
        (tmp_path / "missing", "no such file or folder"),
    ):
        run = cli("audit", "--from-parquet", str(path))
        assert run.code == 2, message
        assert message in run.err and len(run.err.strip().splitlines()) == 1 and "Traceback" not in run.err


def test_from_dataset_downloads_once_resumes_a_broken_download_and_names_its_commit(  # type: ignore[no-untyped-def]
    hub, hub_env, dump, cli, tmp_path
):
    shards = sorted(dump.glob("*.parquet"))
    for shard in shards:
        hub.add_dataset_file(DUMP_DATASET, f"data/{shard.name}", shard.read_bytes())
    hub.add_dataset_file(DUMP_DATASET, "README.md", b"# the dump's card: not a shard\n")
    # Its first GET breaks halfway: the client asks again (from the bytes it kept when it had written
    # a 10 MB chunk, with Range; these shards are smaller, so from the start) and the run goes on.
    hub.broken_downloads[f"data/{shards[0].name}"] = 1
    export, local = tmp_path / "hub.csv", tmp_path / "local.csv"
    run = cli("audit", "--from-dataset", DUMP_DATASET, "--export", str(export), "-f", "json")
    assert run.code == 0, run.err
    commit = hub.dataset_commit(DUMP_DATASET)
    assert json.loads(run.out)["audit"]["census"]["source"] == f"{DUMP_DATASET}@{commit}"
    gets = [p for m, p, _ in hub.requests if m == "GET" and p.startswith("/datasets/")]
    assert sorted(gets.count(path) for path in set(gets)) == [1, 1, 2]  # the broken shard twice, the rest once
    assert hub.broken_downloads[f"data/{shards[0].name}"] == 0
    assert not any(p.endswith("README.md") for _, p, _ in hub.requests)  # shards only
    assert cli("audit", "--from-parquet", str(dump), "--export", str(local)).code == 0
    assert export.read_bytes() == local.read_bytes()
    hub.reset_counts()
    assert cli("audit", "--from-dataset", DUMP_DATASET, "--export", str(export)).code == 0
    assert hub.count("GET", "/datasets/") == 0 and hub.count("HEAD", "/datasets/") == 0  # from the cache
    run = cli("audit", "--from-dataset", DUMP_DATASET, "--revision", "no-such-branch")
    assert run.code == 2 and "no-such-branch" in run.err and len(run.err.strip().splitlines()) == 1


@pytest.mark.skipif(not CORPUS.is_dir(), reason=NO_CORPUS)
def test_the_census_report_in_examples_is_the_real_report(cli, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """docs/census.md's figures: a synthetic dump of 10,000 corpus cards, censused, then studied."""
    pytest.importorskip("statsmodels", reason="study needs the study extra (numpy, scipy, statsmodels)")
    write(CORPUS, tmp_path / "dump", 10_000)
    monkeypatch.chdir(tmp_path)
    assert cli("audit", "--from-parquet", "dump", "--export", "census-export.csv").code == 0
    assert cli("study", "census-export.csv", "--output", "report.md").code == 0
    expected = (REPO / "examples" / "census" / "report.md").read_text(encoding="utf-8")
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == expected


def test_an_id_that_is_not_a_hub_id_is_reported_escaped_and_skipped(cli, tmp_path):  # type: ignore[no-untyped-def]
    shard = tmp_path / "crafted.parquet"
    card = "---\nco2_eq_emissions: 12\n---\n# card\n"
    pq.write_table(pa.table({"modelId": ["org/fine", "org/\x1b[2Jevil", None], "card": [card, card, card]}), shard)
    export = tmp_path / "cards.csv"
    run = cli("audit", "--from-parquet", str(shard), "--export", str(export))
    assert run.code == 0, run.err
    assert [row["repo_id"] for row in rows_of(export)] == ["org/fine"]
    assert "\x1b" not in run.out + run.err
    assert "Not checked (2):" in run.out and "modelId is not a Hub repo id" in run.out
