"""``audit AUTHOR --fix --create-pr``: the plan, ``--yes``, skipped repeats, refusals; and audit's target checks."""

from __future__ import annotations

import json

import pytest
from fakehub import FakeHub

from hfcarbon_lint.lint.engine import LintSettings
from hfcarbon_lint.lint.fixing import fix_card

TOKEN = "hf_AuditWriteTokenForTests000000000"
LEGACY = b"---\nlicense: mit\nco2_eq_emissions: 12\n---\n# legacy number\n"
LEGACY_CRLF = b"---\r\nlicense: mit\r\nco2_eq_emissions: 7 # seven\r\n---\r\n# other\r\n"
CLEAN = b"---\nlicense: mit\nco2_eq_emissions:\n  emissions: 12\n  source: CodeCarbon\n---\n# clean\n"


@pytest.fixture
def org(hub: FakeHub, hub_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> FakeHub:
    hub.add_model("org/a", LEGACY)
    hub.add_model("org/b", LEGACY_CRLF)
    hub.add_model("org/clean", CLEAN)
    hub.add_token(TOKEN, "write")
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    return hub


def test_plan_without_yes_sends_no_write(org, cli):  # type: ignore[no-untyped-def]
    run = cli("audit", "org", "--fix", "--create-pr")
    assert run.code == 1, run.err  # pull requests to open, none opened
    assert "Pull requests: 2 to open, 0 skipped, 0 failed" in run.out
    assert "  open     org/a  1 fix (HFC015) on commit " in run.out
    assert "Nothing was sent: run again with --yes to open them." in run.out
    assert org.received == [] and org.commits == []  # not one POST: no validate, preupload or commit
    assert {method for method, _, _ in org.requests} == {"GET"}


def test_yes_opens_one_per_fixable_card_and_a_second_run_opens_nothing(org, cli):  # type: ignore[no-untyped-def]
    run = cli("audit", "org", "--fix", "--create-pr", "--yes")
    assert run.code == 0, run.err
    assert "Pull requests: 2 opened, 0 skipped, 0 failed" in run.out
    assert "[1/2] opened" in run.err and "[2/2] opened" in run.err  # progress
    committed = {c.repo_id: c.files["README.md"] for c in org.commits}
    assert committed == {
        "org/a": fix_card("x", LEGACY, LintSettings()).fixed,
        "org/b": fix_card("x", LEGACY_CRLF, LintSettings()).fixed,
    }
    assert committed["org/b"] == b"---\r\nlicense: mit\r\nco2_eq_emissions:\r\n  emissions: 7 # seven\r\n---\r\n# other\r\n"
    assert all(c.create_pr and c.parent_commit == org.models[c.repo_id].commit() for c in org.commits)
    again = cli("audit", "org", "--fix", "--create-pr", "--yes")
    assert again.code == 0
    assert "Pull requests: 0 opened, 2 skipped, 0 failed" in again.out
    assert len(org.commits) == 2
    plan = cli("audit", "org", "--fix", "--create-pr")
    assert plan.code == 0 and "Nothing to open." in plan.out


def test_json_lists_every_pull_request(org, cli):  # type: ignore[no-untyped-def]
    doc = json.loads(cli("audit", "org", "--fix", "--create-pr", "--yes", "-f", "json").out)
    prs = doc["pull_requests"]
    assert prs["sent"] is True and (prs["opened"], prs["skipped"], prs["failed"]) == (2, 0, 0)
    assert [(p["repo_id"], p["state"], p["codes"]) for p in prs["pull_requests"]] == [
        ("org/a", "opened", ["HFC015"]),
        ("org/b", "opened", ["HFC015"]),
    ]
    assert all(p["url"].endswith("/discussions/1") for p in prs["pull_requests"])


def test_one_failed_pull_request_is_exit_2_the_others_open(org, cli):  # type: ignore[no-untyped-def]
    org.fail("org/b", route="commit", status=500)
    run = cli("audit", "org", "--fix", "--create-pr", "--yes")
    assert run.code == 2
    assert "Pull requests: 1 opened, 0 skipped, 1 failed" in run.out
    assert "  failed   org/b  pull request: the Hub answered HTTP 500" in run.out
    assert [c.repo_id for c in org.commits] == ["org/a"]


def test_missing_token_is_exit_2_before_any_request(org, cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("HF_TOKEN")
    run = cli("audit", "org", "--fix", "--create-pr", "--yes")
    assert run.code == 2 and "needs a Hugging Face token with write access" in run.err
    assert org.count() == 0


def test_read_only_token_is_exit_2_before_the_listing(org, cli, monkeypatch):  # type: ignore[no-untyped-def]
    org.add_token("hf_ReadTokenForAuditTests0000000000", "read")
    monkeypatch.setenv("HF_TOKEN", "hf_ReadTokenForAuditTests0000000000")
    run = cli("audit", "org", "--fix", "--create-pr", "--yes")
    assert run.code == 2 and "the token is read-only" in run.err
    assert org.summary() == {"GET /api/whoami-v2": 1}


def test_a_refused_write_stops_the_run_after_one_request(org, cli, monkeypatch):  # type: ignore[no-untyped-def]
    """A fine-grained token the Hub refuses here: one preupload is refused, then nothing more is sent."""
    for i in range(6):
        org.add_model(f"org/more{i}", LEGACY)
    org.fail("*", route="preupload", status=403)
    run = cli("audit", "org", "--fix", "--create-pr", "--yes")
    assert run.code == 2
    assert len(org.writes()) == 1 and org.commits == []
    assert "Stopped: pull request: access denied (HTTP 403)" in run.out
    assert "1 failed, 7 not attempted" in run.out


def test_audit_rejects_dot_dot_like_check(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    for bad in ("acme/..", "acme/.", "..", "a--b/c", "acme/x.git"):
        run = cli("audit", bad)
        assert run.code == 2 and "TARGETS" in run.err, bad
    assert hub.count() == 0


def test_a_malformed_from_file_line_is_reported_and_skipped(hub, hub_env, cli, tmp_path):  # type: ignore[no-untyped-def]
    hub.add_model("org/a", LEGACY)
    hub.add_model("org/b", CLEAN)
    names = tmp_path / "repos.txt"
    names.write_text("org/a\nacme/..  # climbs out\nnot a repo!\norg/b\n", encoding="utf-8")
    run = cli("audit", "--from-file", str(names), "-f", "json")
    assert run.code == 0, run.err
    assert [c["target"] for c in json.loads(run.out)["cards"]] == ["org/a", "org/b"]
    assert f"{names}:2: 'acme/..' is not an org/model repo id: skipped" in run.err
    assert f"{names}:3: 'not a repo!' is neither an author nor an org/model repo id: skipped" in run.err
    assert sorted(path for _, path, _ in hub.requests) == ["/api/models/org/a", "/api/models/org/b"]  # no listing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("org", "--fix"), "add --create-pr to --fix"),
        (("org", "--create-pr"), "--create-pr and --unsafe-fixes go with --fix"),
        (("org", "--yes"), "--yes confirms --fix --create-pr"),
        (("org", "--fix", "--create-pr", "--offline"), "not available with --offline"),
    ],
)
def test_pull_request_usage_errors(org, cli, args, message):  # type: ignore[no-untyped-def]
    run = cli("audit", *args)
    assert run.code == 2 and message in run.err
    assert org.count() == 0
