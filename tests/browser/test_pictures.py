"""The label image, the badge and the pages in a real browser: what a reader sees, and nothing else happens.

Each page or image is loaded from a file:// URL in headless Chromium. The tests assert that it
asked for nothing but itself (every request is logged), logged no console error, opened no
dialog, and that the letter and figures are there as rendered text. The first test shows the
harness sees all three kinds of trouble, so the others cannot pass by not looking.
"""

from __future__ import annotations

import json
from pathlib import Path

from hfcarbon_lint.pictures.audit_page import audit_html, rows_from_export
from tests.browser.chromium import Chromium
from tests.conftest import REPO

SYNTHETIC = REPO / "examples" / "study" / "synthetic-export.csv"
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "handler": '<img src=x onerror="alert(2)">',
    "link": "javascript:alert(3)",
}
TEXTS = "Array.from(document.querySelectorAll('text')).map(t => t.textContent)"


def only_itself(visit_requests: list[str], url: str) -> bool:
    return all(r == url or r.startswith("data:") for r in visit_requests) and url in visit_requests


def test_the_harness_sees_requests_errors_and_dialogs(browser: Chromium, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><body><img src='http://127.0.0.1:9/x.png'>"
        "<script>alert('hi'); console.error('boom');</script></body></html>"
    )
    visit = browser.open(page.as_uri())
    assert "http://127.0.0.1:9/x.png" in visit.requests
    assert visit.dialogs == ["hi"]
    assert "boom" in visit.console_errors


def test_the_label_image_shows_its_letter_and_figures(browser: Chromium, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    image = tmp_path / "label.svg"
    run = cli("label", "examples/model-card/README.md", "--downloads", "1200", "--model-size-bytes", "5e8",
              "--datasets-size-bytes", "8.4e7", "--svg", str(image))  # fmt: skip
    assert run.code == 0, run.err
    assert "label D " in run.out
    visit = browser.open(image.as_uri(), 400, 680)
    assert visit.console_errors == [] and visit.dialogs == []
    assert only_itself(visit.requests, image.as_uri())
    assert browser.evaluate("document.getElementById('rating').textContent") == "D"
    shown = {
        name: browser.evaluate(f"Array.from(document.getElementById('{name}').querySelectorAll('text'))"
                               ".map(t => t.textContent)")
        for name in ("emissions", "size_efficiency", "datasets_size_efficiency", "downloads", "performance")
    }  # fmt: skip
    assert shown["emissions"] == ["CO₂", "E", "1.24 kg", "CO₂eq, training"]
    assert shown["size_efficiency"] == ["E", "500 MB", "Model size"]
    assert shown["datasets_size_efficiency"] == ["E", "84 MB", "Dataset size"]
    assert shown["downloads"] == ["A", "1,200", "Downloads"]
    assert shown["performance"] == ["1", "not known", "Performance"]
    texts = browser.evaluate(TEXTS)
    assert "README" not in " ".join(texts) and "model-card" in texts  # the card's folder names the model
    assert any("2023 Hub population" in t for t in texts) and any("castano-2023 2023.1" in t for t in texts)
    # Drawn at its size, as GitHub and the Hub show it: in an <img>.
    holder = tmp_path / "img.html"
    holder.write_text(f"<!DOCTYPE html><img id=i src='{image.name}' alt='label'>")
    visit = browser.open(holder.as_uri())
    assert browser.evaluate("[i.complete, i.naturalWidth, i.naturalHeight]") == [True, 400, 680]
    assert visit.console_errors == []


def test_a_hostile_model_name_on_the_label_stays_text(browser: Chromium, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    image = tmp_path / "label.svg"
    name = HOSTILE["script"] + HOSTILE["handler"]
    assert cli("label", "examples/model-card/README.md", "--name", name, "--svg", str(image)).code == 0
    visit = browser.open(image.as_uri(), 400, 680)
    assert visit.dialogs == [] and visit.console_errors == []
    assert only_itself(visit.requests, image.as_uri())
    assert name in browser.evaluate(TEXTS)
    assert browser.evaluate("document.querySelectorAll('script, img, [onerror]').length") == 0


def test_the_badge_shows_the_class_and_grams(browser: Chromium, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    image = tmp_path / "badge.svg"
    run = cli("badge", "examples/needs-work/README.md", "-o", str(image))
    assert run.code == 0, run.err
    assert run.out == f"![carbon reporting: Basic Energy Reporting · 1.2 kg]({image})\n"
    visit = browser.open(image.as_uri(), 400, 40)
    assert visit.console_errors == [] and only_itself(visit.requests, image.as_uri())
    texts = browser.evaluate(TEXTS)
    assert "carbon reporting" in texts and "Basic Energy Reporting · 1.2 kg" in texts
    # The text fits its half of the badge.
    widths = browser.evaluate(
        "Array.from(document.querySelectorAll('text')).map(t => t.getComputedTextLength())"
        ".concat(Array.from(document.querySelectorAll('g rect')).map(r => r.width.baseVal.value))"
    )
    left_text, right_text, left_box, right_box = widths[1], widths[3], widths[4], widths[5]
    assert left_text < left_box and right_text < right_box


def test_the_study_page_draws_every_figure(browser: Chromium, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "study.html"
    run = cli("study", str(SYNTHETIC), "--html", str(page), "--output", str(tmp_path / "report.md"))
    assert run.code == 0, run.err
    report = json.loads(cli("study", str(SYNTHETIC), "-f", "json").out)
    visit = browser.open(page.as_uri())
    assert visit.console_errors == [] and visit.dialogs == []
    assert only_itself(visit.requests, page.as_uri())
    headings = browser.evaluate("Array.from(document.querySelectorAll('h2')).map(h => h.textContent)")
    assert headings == ["Reporting classes", "Reporting over time", "Emissions by domain", "Carbon-efficiency labels",
                        "Tests and Holm's correction", "Method"]  # fmt: skip
    assert browser.evaluate("document.querySelectorAll('figure svg').length") == 5
    texts = browser.evaluate(TEXTS)
    distribution = report["label"]["distribution"]
    for letter in "ABCDE":
        assert letter in texts
        assert any(t.startswith(f"{distribution[letter]:,} (") for t in texts)
    assert "715 (89.38 %)" in texts  # Unknown Energy Efficiency, as the Markdown report counts it


def test_an_audit_page_from_a_hostile_export_is_inert(browser: Chromium, tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    rows = [
        {"repo_id": HOSTILE["link"], "emissions_g": 12.5, "domain": HOSTILE["handler"], "created_at": "2024-03-01",
         "reporting_class": "Basic Energy Reporting", "label": "B"},
        {"repo_id": "org/" + HOSTILE["script"], "emissions_g": None, "domain": "NLP", "created_at": "2024-04-01"},
        {"repo_id": "org/fine", "emissions_g": 300, "domain": "NLP", "created_at": "2024-04-02",
         "hardware_used": "1 x T4"},
    ]  # fmt: skip
    export.write_text("".join(json.dumps(row) + "\n" for row in rows))
    page = tmp_path / "audit.html"
    page.write_text(audit_html(rows_from_export(export)))
    visit = browser.open(page.as_uri())
    assert visit.dialogs == [] and visit.console_errors == []
    assert only_itself(visit.requests, page.as_uri())
    assert browser.evaluate("document.scripts.length") == 1  # the page's own
    assert browser.evaluate("document.querySelectorAll('img, [onerror], iframe, object').length") == 0
    links = browser.evaluate("Array.from(document.links).map(a => a.href)")
    assert links == ["https://huggingface.co/org/fine"]  # a hostile id gets no link at all
    cells = browser.evaluate(
        "Array.from(document.querySelectorAll('tbody tr td:first-child')).map(td => td.textContent)"
    )
    assert cells == [HOSTILE["link"], "org/" + HOSTILE["script"], "org/fine"]
    assert HOSTILE["handler"] in browser.evaluate(TEXTS)  # the domain, as the bar's label
    classes = browser.evaluate(
        "Array.from(document.querySelectorAll('tbody tr td:nth-child(2)')).map(td => td.textContent)"
    )
    assert classes == ["Basic Energy Reporting", "Unknown Energy Efficiency", "Energy Awareness"]


def test_the_audit_table_sorts_and_filters_in_the_page(browser: Chromium, tmp_path: Path) -> None:
    page = tmp_path / "audit.html"
    page.write_text(audit_html(rows_from_export(SYNTHETIC)))
    visit = browser.open(page.as_uri())
    assert visit.console_errors == [] and only_itself(visit.requests, page.as_uri())
    assert browser.evaluate("document.getElementById('filter-count').textContent") == "800 shown"
    first = "document.querySelector('tbody tr:not([hidden]) td').textContent"
    browser.evaluate("document.querySelectorAll('th button')[2].click()")  # Emissions, ascending
    browser.evaluate("document.querySelectorAll('th button')[2].click()")  # then descending: the biggest first
    grams = browser.evaluate(
        "Array.from(document.querySelectorAll('tbody tr')).slice(0, 3).map(r => parseFloat(r.cells[2].dataset.sort))"
    )
    assert grams == sorted(grams, reverse=True) and grams[0] > 1000
    browser.evaluate(
        "const f = document.getElementById('filter-text'); f.value = 'org7/'; f.dispatchEvent(new Event('input'))"
    )
    shown = browser.evaluate("document.getElementById('filter-count').textContent")
    assert shown == "1 shown" and browser.evaluate(first) == "org7/model-7"
    browser.evaluate(
        "const g = document.getElementById('filter-text'); g.value = ''; g.dispatchEvent(new Event('input'));"
        "const c = document.getElementById('filter-class'); c.value = '3'; c.dispatchEvent(new Event('change'))"
    )
    assert browser.evaluate("document.getElementById('filter-count').textContent") == "35 shown"
