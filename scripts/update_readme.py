"""Regenerate the README's rule table from the rule registry (tests/core/test_readme.py checks it).

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


def main() -> int:
    path = REPO / "README.md"
    text = path.read_text(encoding="utf-8")
    updated = render(text)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
        print("README.md: rule table updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
