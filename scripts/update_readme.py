"""Regenerate the rule table of docs/rules/index.md, the per-rule pages and their lines in mkdocs.yml's nav from the rule registry (tests check it).

python3 scripts/update_readme.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hfcarbon_lint.cli.rule import rules_table_markdown  # noqa: E402

START, END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"


def render(readme: str) -> str:
    block = f"{START}\n{rules_table_markdown()}{END}"
    return re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, readme, flags=re.DOTALL)


def rule_pages() -> dict[str, str]:
    """docs/rules/CODE.md for every rule: the page SARIF's helpUri points at."""
    from hfcarbon_lint.cli.rule import rule_markdown
    from hfcarbon_lint.rules import RULES

    return {f"{rule.code}.md": rule_markdown(rule) for rule in RULES}


NAV_START, NAV_END = "# rules-nav:start", "# rules-nav:end"


def render_nav(config: str) -> str:
    """mkdocs.yml with one nav line per rule page between the rules-nav markers."""
    from hfcarbon_lint.rules import RULES

    def lines(match: re.Match[str]) -> str:
        indent = match.group(1)
        entries = "".join(f"{indent}- {rule.code}: rules/{rule.code}.md\n" for rule in RULES)
        return f"{indent}{match.group(2)}\n{entries}{indent}{NAV_END}"

    pattern = r"^( *)(" + re.escape(NAV_START) + r".*?)\n.*?^ *" + re.escape(NAV_END)
    return re.sub(pattern, lines, config, flags=re.DOTALL | re.MULTILINE)


def main() -> int:
    path = REPO / "docs" / "rules" / "index.md"
    text = path.read_text(encoding="utf-8")
    updated = render(text)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
        print("docs/rules/index.md: rule table updated")
    pages = REPO / "docs" / "rules"
    pages.mkdir(parents=True, exist_ok=True)
    wanted = rule_pages()
    for stale in pages.glob("HFC*.md"):  # index.md is written by hand around the table
        if stale.name not in wanted:
            stale.unlink()
    for name, content in wanted.items():
        page = pages / name
        if not page.exists() or page.read_text(encoding="utf-8") != content:
            page.write_text(content, encoding="utf-8")
            print(f"docs/rules/{name} updated")
    config = REPO / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    updated = render_nav(text)
    if updated != text:
        config.write_text(updated, encoding="utf-8")
        print("mkdocs.yml: rule pages in the nav updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
