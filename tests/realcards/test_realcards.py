"""The real-card set (tests/realcards) is whole: every card has a reading and a pinned source.

The agreement figure itself is a benchmark (benchmarks/realcards.py), not a gate; what is gated
is that no card that agreed with the reader when agreeing.txt was written stops agreeing, and
that no card the reader judged sound gets an error-severity finding.
"""

from __future__ import annotations

import csv
import re

import pytest

from benchmarks.realcards import (
    FAMILIES,
    HERE,
    LEVELS,
    SET,
    Expected,
    Got,
    family_figures,
    family_of,
    read_agreeing,
    read_expected,
    read_family_floor,
    read_sources,
    run_checkout,
    same_grams,
)

CARDS = SET / "cards"
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(__[A-Za-z0-9._-]+)+$")


def card_ids() -> set[str]:
    return {path.stem for path in CARDS.glob("*.md")}


def test_tsv_files_parse_with_their_headers() -> None:
    for name, header in (
        ("expected.tsv", ["id", "class", "grams", "line", "verdict", "notes"]),
        ("SOURCES.tsv", ["id", "repo", "path", "commit", "url"]),
    ):
        with (SET / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        assert rows[0] == header, name
        assert all(len(row) == len(header) for row in rows[1:]), name


def test_every_card_has_one_reading_and_one_source() -> None:
    expected = [row.id for row in read_expected()]
    sources = read_sources()
    assert len(expected) == len(set(expected)), "an id is read twice"
    assert set(expected) == card_ids()
    assert set(sources) == card_ids()
    assert len(expected) >= 267


def test_readings_are_well_formed() -> None:
    for row in read_expected():
        assert ID.match(row.id), row.id
        assert row.level in LEVELS, row.id
        assert row.verdict in ("ok", "faulty"), row.id
        assert row.notes.startswith("kind="), row.id
        # A figure is read iff emissions are reported (E); grams are positive.
        if row.grams is not None:
            assert row.grams > 0, row.id
            assert row.level >= 2, row.id
        else:
            assert row.level <= 1, row.id


def test_every_reading_belongs_to_a_family() -> None:
    # A new kind must be placed in a family, or its cards would be reported nowhere.
    counts = {family: 0 for family in FAMILIES}
    for row in read_expected():
        counts[family_of(row.notes)] += 1
    assert all(counts.values()), counts


def read_second_readings() -> list[dict[str, str]]:
    with (SET / "second_readings.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_second_readings_are_recorded_with_their_resolution() -> None:
    """Every hesitant card has both readings and says which one the set keeps (and why)."""
    by_id = {row.id: row for row in read_expected()}
    rows = read_second_readings()
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["id"] in by_id, row["id"]
        assert row["kept"] in ("first", "second"), row["id"]
        assert row["why"].strip(), row["id"]
        for side in ("first", "second"):
            level, grams = int(row[f"{side}_class"]), row[f"{side}_grams"]
            assert level in LEVELS, row["id"]
            assert (level >= 2) == bool(grams), (row["id"], side)
        kept = row["kept"]
        reading = by_id[row["id"]]
        kept_grams = row[f"{kept}_grams"]
        assert int(row[f"{kept}_class"]) == reading.level, row["id"]
        assert same_grams(float(kept_grams) if kept_grams else None, reading.grams), row["id"]


def test_notes_that_mention_a_second_reading_have_one() -> None:
    recorded = {row["id"] for row in read_second_readings()}
    mentioned = {row.id for row in read_expected() if "second reading" in row.notes}
    assert mentioned <= recorded, mentioned - recorded


def test_lines_point_into_the_card() -> None:
    for row in read_expected():
        count = len((CARDS / f"{row.id}.md").read_bytes().splitlines())
        assert all(1 <= line <= count for line in row.lines), row.id


@pytest.mark.parametrize("row", read_sources().values(), ids=lambda row: row["id"])
def test_sources_are_pinned(row: dict[str, str]) -> None:
    if row["repo"].startswith("code-index:"):
        assert row["repo"].removeprefix("code-index:").isdigit()
    else:
        assert re.fullmatch(r"[0-9a-f]{40}", row["commit"]), row["id"]
        assert row["url"].startswith(f"https://github.com/{row['repo']}/blob/{row['commit']}/")


def test_excerpts_stay_small() -> None:
    # Excerpts of public cards, not copies: front matter as found (the Llama gating text makes
    # the longest ones) plus the carbon lines.
    for path in CARDS.glob("*.md"):
        assert path.stat().st_size <= 20_000, path.name


def test_figure_lines_hold_a_number() -> None:
    for row in read_expected():
        if row.grams is None or not row.lines:
            continue
        lines = (CARDS / f"{row.id}.md").read_text(encoding="utf-8").splitlines()
        assert any(re.search(r"\d", lines[n - 1]) for n in row.lines), row.id


def test_the_folder_holds_only_card_excerpts() -> None:
    assert sorted(path.suffix for path in CARDS.iterdir()) == [".md"] * len(card_ids())


@pytest.fixture(scope="module")
def this_checkout() -> tuple[list[Expected], dict[str, Got]]:
    """One `check --format json` run of this checkout over the whole set."""
    rows = read_expected()
    return rows, run_checkout(HERE, [CARDS / f"{row.id}.md" for row in rows])


def test_agreeing_ids_are_cards() -> None:
    assert set(read_agreeing()) <= card_ids()


def test_no_card_that_agreed_stops_agreeing(this_checkout: tuple[list[Expected], dict[str, Got]]) -> None:
    rows, got = this_checkout
    by_id = {row.id: row for row in rows}
    lost = [
        f"{name}: expected {by_id[name].level}/{by_id[name].grams}, got {got[name].level}/{got[name].grams}"
        for name in read_agreeing()
        if got[name].level != by_id[name].level or not same_grams(by_id[name].grams, got[name].grams)
    ]
    assert not lost, "\n".join(lost)


def test_no_family_falls_below_its_floor(this_checkout: tuple[list[Expected], dict[str, Got]]) -> None:
    """Agreement by family (class and grams) never drops below tests/realcards/families.tsv."""
    rows, got = this_checkout
    floor = read_family_floor()
    assert set(floor) == set(FAMILIES)
    figures = family_figures(rows, got)
    below = [
        f"{family}: class {figures[family]['class']} < {c} or grams {figures[family]['grams']} < {g}"
        for family, (c, g) in floor.items()
        if figures[family]["class"] < c or figures[family]["grams"] < g
    ]
    assert not below, "\n".join(below)


def test_no_error_on_a_card_the_reader_judged_sound(this_checkout: tuple[list[Expected], dict[str, Got]]) -> None:
    rows, got = this_checkout
    false = {row.id: got[row.id].errors for row in rows if row.verdict == "ok" and got[row.id].errors}
    assert not false
