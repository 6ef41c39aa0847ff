"""The pictures without a browser: the card edit, the escapers, the export reader, the commands' errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hfcarbon_lint.base.classification import ReportingClass
from hfcarbon_lint.base.escaping import for_markdown, for_markup, hub_model_url
from hfcarbon_lint.label import label_card
from hfcarbon_lint.pictures.audit_page import AuditPage, ModelRow, PageInputError, audit_html, rows_from_export
from hfcarbon_lint.pictures.badge import badge_markdown, badge_svg
from hfcarbon_lint.pictures.cardimage import END, START, place_image
from hfcarbon_lint.pictures.images import image_name
from hfcarbon_lint.pictures.label_svg import alt_text, label_svg

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "model-card" / "README.md"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('" onload="x', "&quot; onload=&quot;x"),
        ("a'b & c", "a&#x27;b &amp; c"),
        ("line\nbreak\x1b[2J", "line\\x0abreak\\x1b[2J"),
    ],
)
def test_for_markup(text: str, expected: str) -> None:
    assert for_markup(text) == expected


def test_for_markdown_leaves_no_markup() -> None:
    assert for_markdown("[x](javascript:alert(1)) <b>*y*</b> `z`") == (
        "\\[x\\](javascript:alert(1)) \\<b\\>\\*y\\*\\</b\\> \\`z\\`"
    )


@pytest.mark.parametrize(
    ("repo_id", "url"),
    [
        ("org/model-1.5_b", "https://huggingface.co/org/model-1.5_b"),
        ("gpt2", "https://huggingface.co/gpt2"),
        ("javascript:alert(1)", None),
        ("org/../../x", None),
        ("org/<b>", None),
        ("a/b/c", None),
        ("org/mödel", None),
        ("", None),
    ],
)
def test_hub_links_only_for_repo_ids(repo_id: str, url: str | None) -> None:
    assert hub_model_url(repo_id) == url


def test_image_names_stay_in_their_folder() -> None:
    assert image_name("org/model.v1") == "org--model.v1.svg"
    assert image_name("../../etc/passwd") == "_.--..--etc--passwd.svg"
    assert "/" not in image_name("a/b/c/d")


def test_label_image_is_self_contained_and_describes_itself() -> None:
    result = label_card(1240.5, downloads=1200, model_size_bytes=5e8)
    svg = label_svg(result, "org/model")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and svg.endswith("</svg>\n")
    for outside in ("href", "<image", "<script", "@import", "url(http", "<foreignObject"):
        assert outside not in svg
    alt = alt_text(result, "org/model")
    assert alt.startswith("Carbon-efficiency label D (A best, E worst) for org/model: emissions 1.24 kg E, ")
    assert "model size 500 MB E" in alt and "dataset size not known" in alt and "downloads 1,200 A" in alt
    assert f'<desc id="desc">{for_markup(alt)}</desc>' in svg


def test_a_card_without_emissions_gets_an_image_saying_so() -> None:
    svg = label_svg(label_card(None, downloads=5), "org/silent")
    assert '<g id="rating">' in svg and ">–</text>" in svg and ">no label</text>" in svg


def test_badge_says_class_and_grams() -> None:
    svg = badge_svg(ReportingClass.AWARENESS, 1240.5)
    assert "<title>carbon reporting: Energy Awareness · 1.24 kg</title>" in svg
    assert "#97ca00" in svg
    assert badge_markdown(ReportingClass.UNKNOWN, None, "docs/my badge.svg") == (
        "![carbon reporting: Unknown Energy Efficiency](<docs/my badge.svg>)"
    )


# ------------------------------------------------------------------------ placing the image in a card


def block(alt: str, image: str = "carbon-label.svg") -> str:
    return f"{START}\n![{alt}]({image})\n{END}"


def test_the_image_goes_under_environmental_impact_once(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    original = EXAMPLE.read_bytes()
    card.write_bytes(original)
    first = place_image(card, "carbon-label.svg", "label C")
    assert (first.changed, first.where) == (True, "under Environmental Impact")
    text = card.read_text()
    assert "## Environmental Impact\n\n" + block("label C") + "\n\n- **Hardware Type:**" in text
    assert text.replace("\n\n" + block("label C"), "", 1) == original.decode()
    again = place_image(card, "carbon-label.svg", "label C")
    assert again.changed is False and card.read_text() == text
    changed = place_image(card, "carbon-label.svg", "label B")
    assert changed == type(changed)(True, "replaced")
    assert card.read_text() == text.replace("label C", "label B") and card.read_text().count(START) == 1


def test_the_image_goes_at_the_end_and_keeps_crlf_and_bom(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    original = b"\xef\xbb\xbf---\r\nlicense: mit\r\n---\r\n# Model\r\n\r\nText."
    card.write_bytes(original)
    assert place_image(card, "label.svg", "a [tricky] <alt>").where == "at the end"
    written = card.read_bytes()
    assert written.startswith(original + b"\r\n\r\n")
    assert written.endswith(b"![a \\[tricky\\] \\<alt\\>](label.svg)\r\n<!-- /hfcarbon-lint:label -->\r\n")


def test_a_heading_in_the_front_matter_is_not_the_body(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nnote: |\n  ## Environmental Impact\n---\n# Model\n")
    assert place_image(card, "l.svg", "x").where == "at the end"


def test_label_write_errors_are_one_line_before_any_output(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = tmp_path / "README.md"
    card.write_bytes(EXAMPLE.read_bytes())
    run = cli("label", str(card), "--svg", str(tmp_path / "elsewhere" / "x.svg"), "--write", str(card))
    assert run.code == 2 and run.out == ""
    assert run.err.count("\n") == 1 and "the image is written beside the card" in run.err
    card.chmod(0o444)
    run = cli("label", str(card), "--write", str(card))
    assert run.code == 2 and run.err.strip().endswith("read-only")
    assert card.read_bytes() == EXAMPLE.read_bytes() and (tmp_path / "carbon-label.svg").exists()


def test_label_write_places_the_image_beside_the_card(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = tmp_path / "model" / "README.md"
    card.parent.mkdir()
    card.write_bytes(EXAMPLE.read_bytes())
    for _ in range(2):
        run = cli("label", str(card), "--downloads", "1200", "--svg", "carbon.svg", "--write", str(card))
        assert run.code == 0, run.err
    assert "already there, unchanged" in run.err
    assert (card.parent / "carbon.svg").read_text().count(">model</text>") == 1  # the folder names the model
    assert card.read_text().count("](carbon.svg)") == 1


# ------------------------------------------------------------------------ pages from an export


def test_export_rows_csv_and_jsonl_give_the_same_page(tmp_path: Path) -> None:
    rows = [{"repo_id": "org/a", "emissions_g": 3.5, "reporting_class": "Basic Energy Reporting",
             "created_at": "2024-01-02T00:00:00Z", "domain": "NLP", "label": "B"},
            {"repo_id": "org/b", "emissions_g": None, "reporting_level": 0, "pipeline_tag": "image-classification"}]  # fmt: skip
    jsonl = tmp_path / "e.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    columns = ["repo_id", "emissions_g", "reporting_class", "reporting_level", "created_at", "domain", "label",
               "pipeline_tag"]  # fmt: skip
    csv_file = tmp_path / "e.csv"
    csv_file.write_text(
        ",".join(columns) + "\n" + "".join(",".join(str(r.get(c) if r.get(c) is not None else "") for c in columns)
                                           + "\n" for r in rows)
    )  # fmt: skip
    a, b = rows_from_export(jsonl), rows_from_export(csv_file)
    assert a.rows == b.rows
    assert [r.reporting_class for r in a.rows] == [ReportingClass.BASIC, ReportingClass.UNKNOWN]
    assert a.rows[1].domain == "Computer Vision" and a.rows[0].month == "2024-01"
    page = audit_html(a, generated="today")
    assert "2 models; generated today" in page and "not in export" in page


def test_an_export_without_class_columns_is_classified_from_its_figures() -> None:
    rows = rows_from_export(Path(__file__).resolve().parents[2] / "examples" / "study" / "synthetic-export.csv").rows
    reporting = [r for r in rows if r.emissions_g is not None]
    assert len(rows) == 800 and len(reporting) == 79
    assert {r.reporting_class for r in reporting} <= {ReportingClass.BASIC, ReportingClass.AWARENESS}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ('{"repo_id": "a/b"}\nnot json\n', "e.jsonl", "e.jsonl:2: not JSON"),
        ('["a"]\n', "e.jsonl", "e.jsonl:1: not a JSON object"),
        ('{"emissions_g": 3}\n', "e.jsonl", "e.jsonl:1: no repo_id"),
        ('{"repo_id": "a/b", "reporting_class": "<b>great</b>"}\n', "e.jsonl", "is not a reporting class"),
        ("repo_id,emissions_g\na/b,lots\n", "e.csv", "e.csv:2: emissions_g 'lots' is not a number"),
        ("", "e.csv", "e.csv: no rows"),
    ],
)
def test_a_bad_export_is_one_line(tmp_path: Path, content: str, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(PageInputError) as caught:
        rows_from_export(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_non_utf8_export_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(b"repo_id\n\xff\xfe\n")
    with pytest.raises(PageInputError, match="not UTF-8"):
        rows_from_export(path)


def test_study_html_unwritable_is_exit_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    synthetic = Path(__file__).resolve().parents[2] / "examples" / "study" / "synthetic-export.csv"
    run = cli("study", str(synthetic), "--html", str(tmp_path / "no" / "such" / "page.html"))
    assert run.code == 2 and run.err.count("\n") == 1 and "page.html" in run.err


# ------------------------------------------------------------------------ any text, well-formed images


@given(st.text(max_size=80))
@example("a\ufffe\uffff")  # not XML characters
@example("not-utf8-folder\udcff")  # a file name that was not UTF-8, as Python decodes it
@settings(max_examples=150, deadline=None)
def test_any_model_name_leaves_the_label_well_formed_xml(name: str) -> None:
    import html
    import xml.etree.ElementTree as ET

    svg = label_svg(label_card(12.0, downloads=10), name)
    root = ET.fromstring(svg.encode("utf-8"))  # raises on any markup the name could have smuggled in
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert html.unescape(for_markup(name)) in texts  # the name as text, control characters shown as escapes
    assert not any(el.tag.endswith(("script", "foreignObject", "image", "a")) for el in root.iter())


@given(st.text(max_size=40), st.text(max_size=40))
@settings(max_examples=100, deadline=None)
def test_any_export_text_stays_text_on_the_audit_page(repo_id: str, domain: str) -> None:
    from html.parser import HTMLParser

    page = audit_html(
        AuditPage([ModelRow(repo_id or "x", ReportingClass.BASIC, 3.0, domain=domain or None, month="2024-01")], "s"),
        generated="now",
    )

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.attrs: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)
            self.attrs += [name for name, _ in attrs]

    parser = Tags()
    parser.feed(page)
    assert parser.tags.count("script") == 1 and "img" not in parser.tags and "iframe" not in parser.tags
    assert not any(name.startswith("on") for name in parser.attrs)
    assert for_markup(repo_id or "x") in page


@pytest.mark.parametrize(
    ("card", "message"),
    [("examples/nope.md", "examples/nope.md: no such file or directory"),
     ("examples", "examples: a folder with 2 cards; name one card file"),
     ("/dev/zero", "/dev/zero: a character device, not a regular file: not read")],
)  # fmt: skip
def test_badge_of_what_is_no_card_is_one_line(cli, tmp_path: Path, card: str, message: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "badge.svg"
    run = cli("badge", card, "-o", str(out))
    assert (run.code, run.out, run.err) == (2, "", f"hfcarbon-lint: {message}\n")
    assert not out.exists()


def test_badge_to_an_unwritable_place_is_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("badge", str(EXAMPLE), "-o", str(tmp_path / "no" / "badge.svg"))
    assert run.code == 2 and run.out == "" and run.err.count("\n") == 1 and "No such file or directory" in run.err


def test_an_unread_card_is_listed_not_counted_on_the_audit_page(tmp_path: Path) -> None:
    """Issue 19: an export row 'not read' has no class: the page lists it and leaves it out of the counts."""
    export = tmp_path / "audit.csv"
    export.write_text(
        "repo_id,emissions_g,hardware_used,reporting_class,reporting_level\n"
        "org/a,3,A100,Energy Awareness,3\norg/big,,,not read,\n",
        encoding="utf-8",
    )
    page = rows_from_export(export)
    assert [row.repo_id for row in page.rows] == ["org/a"]
    assert page.not_checked == [("org/big", "the card was not read: no reporting class")]
    html = audit_html(page)
    assert "org/big: the card was not read" in html and "could not be checked or read" in html


def test_no_badge_for_an_unread_card(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = tmp_path / "README.md"
    card.write_bytes("---\nco2_eq_emissions:\n  emissions: 7.5\n---\n".encode("utf-16"))
    output = tmp_path / "badge.svg"
    run = cli("badge", str(card), "--output", str(output))
    assert run.code == 2
    assert "no reporting class (the card was not read) (HFC005); no badge written" in run.err
    assert not output.exists()
