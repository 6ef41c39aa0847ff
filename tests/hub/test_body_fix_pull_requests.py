"""``audit AUTHOR --deep --fix --unsafe-fixes --create-pr``: an org's body-only cards become one pull request each.

The real huggingface_hub client against the fake Hub: the README as HFC041's fix writes it, the
description with the two sentences on why metadata matters and the body line of every value,
and no pull request for a card whose figure the reading doubts.
"""

from __future__ import annotations

import pytest
from fakehub import FakeHub

from hfcarbon_lint.hub.pullrequest import WHY_METADATA
from hfcarbon_lint.lint.engine import LintSettings
from hfcarbon_lint.lint.fixing import fix_card

TOKEN = "hf_BodyFixWriteTokenForTests0000000"
BODY = (
    "# A model\n\n## Environmental Impact\n\n"
    "Carbon emissions were measured with CodeCarbon.\n\n"
    "- **Hardware Type:** 1 x NVIDIA A100 | 40GB\n"
    "- **Carbon Emitted:** 0.07728 kg of CO2\n"
)
NO_FRONT = BODY.encode()
EMPTY_FRONT = b"---\n---\n" + BODY.encode()
WITH_KEYS = b"---\r\nlicense: mit\r\n---\r\n" + BODY.replace("\n", "\r\n").encode()
RANGE = b"---\nlicense: mit\n---\n- **Carbon Emitted:** 5-10 kg CO2eq\n"
REPORTING = b"---\nlicense: mit\nco2_eq_emissions:\n  emissions: 77.28\n---\n# reports already\n"


@pytest.fixture
def org(hub: FakeHub, hub_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> FakeHub:
    hub.add_model("org/none", NO_FRONT)
    hub.add_model("org/empty", EMPTY_FRONT)
    hub.add_model("org/keys", WITH_KEYS)
    hub.add_model("org/range", RANGE)
    hub.add_model("org/reporting", REPORTING)
    hub.add_token(TOKEN, "write")
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    return hub


def test_body_only_cards_become_one_pull_request_each(org, cli):  # type: ignore[no-untyped-def]
    plan = cli("audit", "org", "--deep", "--fix", "--unsafe-fixes", "--create-pr")
    assert "Pull requests: 3 to open, 0 skipped, 0 failed" in plan.out, plan.out + plan.err
    assert "  open     org/none   1 fix (HFC041) on commit " in plan.out
    assert org.commits == []

    run = cli("audit", "org", "--deep", "--fix", "--unsafe-fixes", "--create-pr", "--yes")
    assert run.code == 0, run.err
    assert "Pull requests: 3 opened, 0 skipped, 0 failed" in run.out
    commits = {c.repo_id: c for c in org.commits}
    assert set(commits) == {"org/none", "org/empty", "org/keys"}  # not the range, not the reporting card
    for repo, raw in (("org/none", NO_FRONT), ("org/empty", EMPTY_FRONT), ("org/keys", WITH_KEYS)):
        committed = commits[repo].files["README.md"]
        assert committed == fix_card("README.md", raw, LintSettings(), unsafe=True).fixed
        assert committed.endswith(raw[-len(BODY) :])  # the text after the front matter, byte for byte
        assert commits[repo].create_pr and commits[repo].parent_commit == org.models[repo].commit()
    assert (
        commits["org/none"]
        .files["README.md"]
        .startswith(
            b"---\nco2_eq_emissions:\n"
            b"  emissions: 77.28  # from the body, line 14: 0.07728 kg of CO2\n"
            b"  source: CodeCarbon  # from the body, line 11: Carbon emissions were measured with CodeCarbon\n"
            b"  hardware_used: 1 x NVIDIA A100 | 40GB  # from the body, line 13: 1 x NVIDIA A100 | 40GB\n"
            b"---\n# A model\n"
        )
    )
    assert (
        commits["org/keys"]
        .files["README.md"]
        .startswith(b"---\r\nlicense: mit\r\nco2_eq_emissions:\r\n  emissions: 77.28  # from the body, line 15: ")
    )

    description = commits["org/none"].description
    assert WHY_METADATA in description
    assert WHY_METADATA.count(". ") == 1 and WHY_METADATA.endswith(".")  # two sentences
    assert "| `emissions` | `77.28` | line 14: `- **Carbon Emitted:** 0.07728 kg of CO2` |" in description
    assert "| `source` | `CodeCarbon` | line 11: `Carbon emissions were measured with CodeCarbon.` |" in description
    # The hardware line holds a pipe: it stays inside its cell.
    assert (
        "| `hardware_used` | `1 x NVIDIA A100 \\| 40GB` | line 13: `- **Hardware Type:** 1 x NVIDIA A100 \\| 40GB` |"
        in description
    )

    again = cli("audit", "org", "--deep", "--fix", "--unsafe-fixes", "--create-pr", "--yes")
    assert "Pull requests: 0 opened, 3 skipped, 0 failed" in again.out
    assert len(org.commits) == 3


def test_without_unsafe_fixes_no_body_pull_request(org, cli):  # type: ignore[no-untyped-def]
    plan = cli("audit", "org", "--deep", "--fix", "--create-pr")
    assert "Nothing to open." in plan.out  # HFC041's fix is unsafe: the cards are reported, not fixed
    assert "0 errors, 1 warning    HFC041" in plan.out
    assert org.commits == []


def test_a_doubted_figure_is_reported_not_proposed(org, cli):  # type: ignore[no-untyped-def]
    run = cli("check", "org/range", "--remote")
    assert (
        "(no fix: the body's Carbon Emitted line (line 4) gives a range ('5-10 kg CO2eq'), not one figure)" in run.out
    )
    diff = cli("check", "org/range", "--remote", "--diff", "--unsafe-fixes")
    assert diff.code == 0 and diff.out == "" and "Would fix 0 findings" in diff.err


def test_the_hub_page_quotes_the_description_as_it_is_sent() -> None:
    from tests.conftest import REPO

    page = (REPO / "docs" / "hub.md").read_text(encoding="utf-8")
    quoted = " ".join(line.removeprefix("> ") for line in page.splitlines() if line.startswith("> "))
    assert WHY_METADATA in quoted
