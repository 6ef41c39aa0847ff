"""``audit --html`` and ``audit --label --svg-dir`` against the fake Hub, the page checked in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakehub import FakeHub

from hfcarbon_lint.label import label_card
from tests.browser.chromium import Chromium, missing

HOSTILE_CARD = """---
license: mit
co2_eq_emissions:
  emissions: 12
  source: "<script>alert(1)</script>"
  hardware_used: '<img src=x onerror="alert(2)">'
  geographical_location: "<a href='javascript:alert(3)'>here</a>"
  "<b onmouseover=alert(4)>": 1
---
# hostile
"""
FIXABLE_CARD = "---\nlicense: mit\nco2_eq_emissions: 12\n---\n# legacy number\n"
PLAIN_CARD = "---\nlicense: mit\n---\n# no carbon\n"


def populate(hub: FakeHub) -> None:
    hub.add_model("org/hostile", HOSTILE_CARD, downloads=10, pipeline_tag="text-classification",
                  created_at="2024-01-05T00:00:00.000Z")  # fmt: skip
    hub.add_model("org/legacy", FIXABLE_CARD, downloads=100, pipeline_tag="image-classification",
                  created_at="2024-02-05T00:00:00.000Z")  # fmt: skip
    hub.add_model("org/plain", PLAIN_CARD, downloads=0, created_at="2024-02-07T00:00:00.000Z")


def test_svg_dir_writes_one_label_per_model(hub, hub_env, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    populate(hub)
    folder = tmp_path / "labels"
    run = cli("audit", "org", "--label", "--svg-dir", str(folder))
    assert run.code == 0, run.err
    assert sorted(p.name for p in folder.iterdir()) == ["org--hostile.svg", "org--legacy.svg", "org--plain.svg"]
    legacy = (folder / "org--legacy.svg").read_text()
    assert '<g id="rating">' in legacy and ">org/legacy</text>" in legacy
    assert "wrote 3 label images" in run.err


def test_svg_dir_needs_label(hub, hub_env, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("audit", "org", "--svg-dir", str(tmp_path / "x"))
    assert run.code == 2 and "--svg-dir draws each model's label: add --label" in run.err
    assert hub.requests == [] and not (tmp_path / "x").exists()


def test_html_page_of_a_deep_audit_is_inert_in_a_browser(hub, hub_env, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    populate(hub)
    page = tmp_path / "audit.html"
    run = cli("audit", "org", "--deep", "--label", "--html", str(page))
    assert run.code == 0, run.err
    html = page.read_text()
    assert "<script>alert" not in html and "onerror=" not in html.replace("onerror=&quot;", "")
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    with Chromium() as browser:
        visit = browser.open(page.as_uri())
        assert visit.dialogs == [] and visit.console_errors == []
        assert visit.requests == [page.as_uri()]
        assert browser.evaluate("document.scripts.length") == 1
        assert browser.evaluate("document.querySelectorAll('img, iframe, [onerror], [onmouseover]').length") == 0
        links = browser.evaluate("Array.from(document.links).map(a => a.href)")
        assert links == [f"https://huggingface.co/org/{name}" for name in ("hostile", "legacy", "plain")]
        browser.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        findings = browser.evaluate("document.querySelector('tbody tr td:nth-child(5)').innerText")
        assert "'<img src=x onerror=\"alert(2)\">'" in findings  # the card's text, visible as text
        assert "<a href='javascript:alert(3)'>here</a>" in findings
        assert "'<b onmouseover=alert(4)>'" in findings
        rows = browser.evaluate(
            "Array.from(document.querySelectorAll('tbody tr')).map(r => Array.from(r.cells).slice(0, 4)"
            ".concat([r.cells[5]]).map(c => c.innerText.trim()))"
        )
        hostile, legacy = label_card(12, downloads=10).label, label_card(12, downloads=100).label
        assert (hostile, legacy) == ("D", "C")
        assert rows == [
            ["org/hostile", "Energy Awareness", "12 g", hostile, "no"],
            ["org/legacy", "Basic Energy Reporting", "12 g", legacy, "yes (1)"],
            ["org/plain", "Unknown Energy Efficiency", "not reported", "–", "no"],
        ]
        figures = browser.evaluate("Array.from(document.querySelectorAll('figure svg')).map(f => f.ariaLabel)")
        assert len(figures) == 4
        assert figures[1].endswith(": 2024-01 100 %, 2024-02 50 %")  # by creation month, from the Hub
        assert "Computer Vision 12 g (n = 1)" in figures[2] and "NLP 12 g (n = 1)" in figures[2]
        assert f"{hostile} 1 (50.0 %)" in figures[3] and f"{legacy} 1 (50.0 %)" in figures[3]
        cards = browser.evaluate("Array.from(document.querySelectorAll('.card')).map(c => c.innerText)")
        assert cards[:2] == ["3\nmodels checked", "2 (66.7 %)\nreport emissions"]


def test_html_to_an_unwritable_place_is_exit_2_after_the_report(hub, hub_env, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    populate(hub)
    run = cli("audit", "org", "--html", str(tmp_path / "no" / "audit.html"))
    assert run.code == 2 and "Audit of 3 models" in run.out
    assert run.err.strip().endswith("audit.html: No such file or directory") and run.err.count("\n") == 1


def test_badge_of_a_hub_card(hub, hub_env, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    populate(hub)
    out = tmp_path / "badge.svg"
    run = cli("badge", "org/legacy", "-o", str(out))
    assert run.code == 0, run.err
    assert run.out == f"![carbon reporting: Basic Energy Reporting · 12 g]({out})\n"
    assert "<title>carbon reporting: Basic Energy Reporting · 12 g</title>" in out.read_text()
    missing = cli("badge", "org/none", "-o", str(out))
    assert missing.code == 2 and missing.err.startswith("hfcarbon-lint: org/none: ") and missing.err.count("\n") == 1
