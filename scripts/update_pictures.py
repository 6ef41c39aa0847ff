"""Regenerate the docs' pictures: the label image, two badges, the example audit and study pages, and
their screenshots taken by Debian's headless Chromium (tests/browser/chromium.py).

    python3 scripts/update_pictures.py            # files, and screenshots when chromium is installed

The SVG and HTML files are what the commands print for the shipped examples (tests/pictures checks
they are current); the PNG screenshots are looked at by a person when they change.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

EXPORT = REPO / "examples" / "study" / "synthetic-export.csv"
LABEL_ARGS = {"model_size_bytes": 268_000_000.0, "datasets_size_bytes": 84_000_000.0, "downloads": 1200.0}
LABEL_NAME = "distilbert-imdb-sentiment"
GENERATED = "from examples/study/synthetic-export.csv"  # instead of a date: the pages stay reproducible


def generated_files() -> dict[str, str]:
    """docs/ path -> content, made by the library exactly as the commands make them."""
    from hfcarbon_lint.label.card import label_for_report
    from hfcarbon_lint.lint.engine import LintSettings, lint_file
    from hfcarbon_lint.pictures.audit_page import audit_html, rows_from_export
    from hfcarbon_lint.pictures.badge import badge_svg
    from hfcarbon_lint.pictures.label_svg import label_svg

    files: dict[str, str] = {}
    card = lint_file(str(REPO / "examples" / "model-card" / "README.md"), LintSettings())
    result = label_for_report(card, **LABEL_ARGS)
    assert result is not None
    files["docs/images/label-example.svg"] = label_svg(result, LABEL_NAME)
    for example in ("model-card", "needs-work"):
        report = lint_file(str(REPO / "examples" / example / "README.md"), LintSettings())
        files[f"docs/images/badge-{example}.svg"] = badge_svg(report.reporting_class, report.emissions_g)
    files["docs/reports/audit-example.html"] = audit_html(rows_from_export(EXPORT), generated=GENERATED)
    files["docs/reports/study-example.html"] = study_page()
    return files


def study_page() -> str:
    from hfcarbon_lint.pictures.study_page import study_html
    from hfcarbon_lint.study.analysis import StudyOptions, run_study
    from hfcarbon_lint.study.reader import read_export

    report = run_study(read_export(EXPORT), StudyOptions()).report
    report["export"]["path"] = "synthetic-export.csv"
    return study_html(report, generated=GENERATED)


SCREENSHOTS = {
    # png -> (source, width, height, whole page)
    "docs/images/label-example.png": ("docs/images/label-example.svg", 400, 680, False),
    "docs/images/audit-page.png": ("docs/reports/audit-example.html", 1100, 1500, False),
    "docs/images/study-page.png": ("docs/reports/study-example.html", 1100, 1500, False),
}


def take_screenshots() -> None:
    from tests.browser.chromium import Chromium

    with Chromium() as browser:
        for png, (source, width, height, whole) in SCREENSHOTS.items():
            visit = browser.open((REPO / source).as_uri(), width, height)
            if visit.console_errors or visit.dialogs or len(visit.requests) != 1:
                raise SystemExit(f"{source}: {visit}")
            browser.screenshot(REPO / png, full_page=whole)
            print(f"wrote {png}")


def main() -> int:
    for name, content in generated_files().items():
        path = REPO / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        print(f"wrote {name}")
    from tests.browser.chromium import missing

    reason = missing()
    if reason is not None:
        print(f"no screenshots: {reason}")
        return 0
    take_screenshots()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
