"""``check org/model --fix --create-pr``: the real huggingface_hub client opening pull requests on the fake Hub."""

from __future__ import annotations

import json

import pytest
from fakehub import FakeHub

from hfcarbon_lint.lint.engine import LintSettings
from hfcarbon_lint.lint.fixing import fix_card

WRITE_TOKEN = "hf_WriteTokenForPullRequests00000000"
READ_TOKEN = "hf_ReadOnlyTokenForPullRequests0000"
# CRLF line endings, a comment, a BOM-free card with a unit string (unsafe) and a quoted key order to keep.
CARD = (
    b'---\r\nlicense: mit  # keep this comment\r\nco2_eq_emissions:\r\n  emissions: "0.32 kg"\r\n'
    b"  hardware_used: 8 x V100\r\ntags: [a, b]\r\n---\r\n# Model\r\n\r\nBody text stays.\r\n"
)
LEGACY = b"---\nlicense: mit\nco2_eq_emissions: 12\n---\n# legacy number\n"
CLEAN = b"---\nlicense: mit\nco2_eq_emissions:\n  emissions: 12\n  source: CodeCarbon\n---\n# clean\n"


@pytest.fixture
def writer(hub: FakeHub, hub_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> FakeHub:
    hub.add_token(WRITE_TOKEN, "write")
    hub.add_token(READ_TOKEN, "read")
    monkeypatch.setenv("HF_TOKEN", WRITE_TOKEN)
    return hub


def test_pull_request_commits_exactly_the_fixed_bytes(writer, cli, tmp_path):  # type: ignore[no-untyped-def]
    model = writer.add_model("org/model", CARD)
    read_at = model.commit()
    run = cli("check", "org/model", "--fix", "--unsafe-fixes", "--create-pr")
    assert run.code == 0, run.err
    [commit] = writer.commits
    # the same bytes local --fix writes: the same editor, every other byte (CRLF, comment, body) kept
    local = tmp_path / "README.md"
    local.write_bytes(CARD)
    assert cli("check", str(local), "--fix", "--unsafe-fixes").code == 0
    assert commit.files == {"README.md": local.read_bytes()}
    assert commit.files["README.md"] == CARD.replace(b'"0.32 kg"', b"320")
    assert commit.create_pr and commit.parent_commit == read_at and commit.revision == "main"
    assert commit.summary == "Fix co2_eq_emissions metadata (hfcarbon-lint)"
    assert "**HFC013**, line 4: emissions '0.32 kg'" in commit.description
    assert '   -   emissions: "0.32 kg"\n   +   emissions: 320\n' in commit.description
    assert f"hfcarbon-lint check org/model --revision {read_at} --diff --unsafe-fixes" in commit.description
    assert "<!-- hfcarbon-lint:fix sha256=" in commit.description
    assert model.readme == CARD and model.commit() == read_at  # main untouched: only a pull request
    [received] = [r for r in writer.received if "/commit/" in r.path]
    assert received.query["create_pr"] == ["1"]
    assert received.headers["Content-Type"] == "application/x-ndjson"
    assert "opened pull request http://127.0.0.1:" in run.err and "/org/model/discussions/1" in run.err


def test_the_pull_request_body_escapes_controls_and_bidi_overrides(writer, cli):  # type: ignore[no-untyped-def]
    """The description goes through base.escaping (the one escaper): a right-to-left override in the
    fixed lines is written as an escape, never raw into the Hub's page (it would reorder the diff)."""
    card = '---\r\nco2_eq_emissions:\r\n  emissions: "0.32 kg"  # \u202eevil\r\n---\r\n# Model\r\n'.encode()
    writer.add_model("org/bidi", card)
    run = cli("check", "org/bidi", "--fix", "--unsafe-fixes", "--create-pr")
    assert run.code == 0, run.err
    [commit] = writer.commits
    assert "\u202e" not in commit.description and "\r" not in commit.description
    assert '   -   emissions: "0.32 kg"  # \\u202eevil\n   +   emissions: 320  # \\u202eevil\n' in commit.description


def test_running_twice_opens_one_pull_request(writer, cli):  # type: ignore[no-untyped-def]
    writer.add_model("org/legacy", LEGACY)
    assert cli("check", "org/legacy", "--fix", "--create-pr").code == 0
    second = cli("check", "org/legacy", "--fix", "--create-pr")
    assert second.code == 0
    assert "an open pull request already carries these fixes" in second.err
    assert len(writer.commits) == 1 and len(writer.discussions["org/legacy"]) == 1


def test_a_changed_card_gets_a_new_pull_request(writer, cli):  # type: ignore[no-untyped-def]
    """Same title, other change: the digest in the description tells them apart."""
    model = writer.add_model("org/legacy", LEGACY)
    writer.add_discussion(
        "org/legacy", "Fix co2_eq_emissions metadata (hfcarbon-lint)", "<!-- hfcarbon-lint:fix sha256=0000 parent=x -->"
    )
    assert cli("check", "org/legacy", "--fix", "--create-pr").code == 0
    model.readme = LEGACY.replace(b": 12", b": 13")
    assert cli("check", "org/legacy", "--fix", "--create-pr").code == 0
    assert [c.files["README.md"].count(b"emissions: 1") for c in writer.commits] == [1, 1]
    assert len(writer.commits) == 2


def test_diff_shows_the_change_and_sends_nothing(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/legacy", LEGACY)
    run = cli("check", "org/legacy", "--fix", "--create-pr", "--diff")  # no token needed to look
    assert run.code == 1
    assert "-co2_eq_emissions: 12\n+co2_eq_emissions:\n+  emissions: 12\n" in run.out
    assert "--- a/hf://org/legacy/README.md" in run.out
    assert hub.summary() == {"GET /org/legacy/resolve/main/README.md": 1}


def test_nothing_to_fix_opens_nothing(writer, cli):  # type: ignore[no-untyped-def]
    writer.add_model("org/clean", CLEAN)
    run = cli("check", "org/clean", "--fix", "--create-pr")
    assert run.code == 0 and "pull request" not in run.err
    assert writer.received == []


def test_fix_on_a_hub_card_needs_create_pr(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/legacy", LEGACY)
    run = cli("check", "org/legacy", "--fix")
    assert run.code == 2
    assert "a Hub card cannot be fixed in place: add --create-pr" in run.err
    assert hub.count() == 0
    usage = cli("check", "org/legacy", "--create-pr")
    assert usage.code == 2 and "--create-pr proposes the fixes of --fix" in usage.err


def test_create_pr_with_a_local_path_is_a_usage_error_before_anything_is_written(writer, cli, tmp_path):  # type: ignore[no-untyped-def]
    writer.add_model("org/legacy", LEGACY)
    card = tmp_path / "README.md"
    card.write_bytes(LEGACY)
    run = cli("check", "org/legacy", str(card), "--fix", "--create-pr")
    assert run.code == 2
    assert "--create-pr is for Hub cards (ORG/MODEL)" in run.err and "is local" in run.err
    assert card.read_bytes() == LEGACY  # the local card is not fixed in place
    assert writer.count() == 0  # nor is the Hub asked anything
    stdin = cli("check", "-", "--fix", "--create-pr")
    assert stdin.code == 2 and "--create-pr is for Hub cards" in stdin.err


def test_missing_token_is_exit_2_before_any_request(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/legacy", LEGACY)
    run = cli("check", "org/legacy", "--fix", "--create-pr")
    assert run.code == 2
    assert "needs a Hugging Face token with write access: set HF_TOKEN or run `hf auth login`" in run.err
    assert hub.count() == 0


def test_read_only_token_is_exit_2_before_any_write(writer, cli, monkeypatch):  # type: ignore[no-untyped-def]
    writer.add_model("org/legacy", LEGACY)
    monkeypatch.setenv("HF_TOKEN", READ_TOKEN)
    run = cli("check", "org/legacy", "--fix", "--create-pr")
    assert run.code == 2 and "the token is read-only" in run.err
    assert writer.summary() == {"GET /api/whoami-v2": 1}


def test_unknown_token_is_exit_2_before_any_write(writer, cli, monkeypatch):  # type: ignore[no-untyped-def]
    writer.add_model("org/legacy", LEGACY)
    monkeypatch.setenv("HF_TOKEN", "hf_NotAKnownTokenAtAll000000000000000")
    run = cli("check", "org/legacy", "--fix", "--create-pr")
    assert run.code == 2 and "the Hub refused the token (whoami)" in run.err
    assert writer.summary() == {"GET /api/whoami-v2": 1}


def test_refused_preupload_is_exit_2_and_no_commit(writer, cli, monkeypatch):  # type: ignore[no-untyped-def]
    """A fine-grained token that may not write here: the Hub answers 403 on preupload."""
    writer.add_token(READ_TOKEN, "fineGrained")
    monkeypatch.setenv("HF_TOKEN", READ_TOKEN)
    writer.add_model("org/legacy", LEGACY)
    writer.fail("org/legacy", route="preupload", status=403)
    run = cli("check", "org/legacy", "--fix", "--create-pr")
    assert run.code == 2 and "access denied (HTTP 403)" in run.err
    assert writer.commits == [] and writer.count("POST", "/api/models/org/legacy/commit/") == 0


def test_stale_parent_409_is_reported_and_nothing_is_written(writer, cli):  # type: ignore[no-untyped-def]
    model = writer.add_model("org/legacy", LEGACY)
    writer.fail("org/legacy", route="commit", status=409)
    run = cli("check", "org/legacy", "--fix", "--create-pr")
    assert run.code == 2
    assert "conflict (HTTP 409): the card changed on the Hub since it was read; nothing was written" in run.err
    assert len(run.err.strip().splitlines()) == 1 and "Traceback" not in run.err
    assert model.readme == LEGACY and writer.commits == []


def test_429_on_commit_is_retried_without_a_second_pull_request(writer, cli, monkeypatch):  # type: ignore[no-untyped-def]
    writer.add_model("org/legacy", LEGACY)
    writer.fail("org/legacy", route="commit", status=429, headers={"Retry-After": "0"}, times=1)
    run = cli("check", "org/legacy", "--fix", "--create-pr", "--retries", "2")
    assert run.code == 0, run.err
    assert len(writer.commits) == 1 and writer.count("POST", "/api/models/org/legacy/commit/") == 2
    # before the retry, the open pull requests were read again (the failed attempt might have opened one)
    assert writer.count("GET", "/api/models/org/legacy/discussions") == 2


def test_revision_must_be_a_branch(writer, cli):  # type: ignore[no-untyped-def]
    model = writer.add_model("org/legacy", LEGACY)
    run = cli("check", "org/legacy", "--fix", "--create-pr", "--revision", model.commit())
    assert run.code == 2 and "--revision must name a branch" in run.err
    assert writer.count() == 0


def test_token_appears_nowhere(hub, proc, tmp_path):  # type: ignore[no-untyped-def]
    """Success, refusal and conflict, as real processes: stdout, stderr and every file written are searched."""
    token = "hf_DistinctiveTokenXq7Zp9Lk2Vb4Nm6Rt8Yw"
    hub.add_token(token, "write")
    hub.add_model("org/legacy", LEGACY)
    hub.add_model("org/stale", LEGACY)
    hub.fail("org/stale", route="commit", status=409)
    hub.add_model("org/denied", LEGACY)
    hub.fail("org/denied", route="preupload", status=403, headers={"X-Echo": token})
    work = tmp_path / "work"
    work.mkdir()
    outputs = []
    for repo in ("org/legacy", "org/stale", "org/denied"):
        run = proc(
            "check",
            repo,
            "--fix",
            "--create-pr",
            "-o",
            f"json:{work}/{repo.replace('/', '-')}.json",
            env={"HF_TOKEN": token, "HF_HUB_VERBOSITY": "debug"},
            cwd=work,
        )
        outputs.append(run)
        assert run.code in (0, 2) and "Traceback" not in run.err
    audit = proc(
        "audit",
        "org",
        "--fix",
        "--create-pr",
        "--yes",
        "-f",
        "json",
        "--export",
        f"{work}/rows.jsonl",
        env={"HF_TOKEN": token, "HF_HUB_VERBOSITY": "debug"},
        cwd=work,
    )
    outputs.append(audit)
    assert json.loads(audit.out)["pull_requests"]["skipped"] == 1  # org/legacy's is already open
    assert [run.code for run in outputs] == [0, 2, 2, 2]
    assert f"Bearer {token}" in hub.auth_headers  # it was sent...
    for run in outputs:
        assert token not in run.out + run.err  # ...and never shown
        assert token[3:20] not in run.out + run.err
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".json" for p in written)
    for path in written:
        assert token.encode() not in path.read_bytes(), path
    assert all(token not in c.description for c in hub.commits)


def test_json_report_is_the_fixed_card(writer, cli):  # type: ignore[no-untyped-def]
    writer.add_model("org/model", CARD)
    run = cli("check", "org/model", "--fix", "--unsafe-fixes", "--create-pr", "-f", "json")
    card = json.loads(run.out)["cards"][0]
    assert card["emissions_g"] == 320 and card["remote"]["source"] == "hub"
    assert not [d for d in card["diagnostics"] if d["code"] == "HFC013"]


def test_fix_card_is_the_editor_used(writer, cli):  # type: ignore[no-untyped-def]
    """The committed bytes are fix_card's output for the bytes read (safe fixes only), nothing else."""
    raw = b"\xef\xbb\xbf" + LEGACY.replace(b"\n", b"\r\n")  # BOM and CRLF
    writer.add_model("org/legacy", raw)
    assert cli("check", "org/legacy", "--fix", "--create-pr").code == 0
    expected = fix_card("x", raw, LintSettings(), unsafe=False).fixed
    assert expected != raw and expected.startswith(b"\xef\xbb\xbf---\r\n")
    assert [c.files["README.md"] for c in writer.commits] == [expected]


def test_offline_cannot_open_pull_requests(writer, cli):  # type: ignore[no-untyped-def]
    writer.add_model("org/legacy", LEGACY)
    run = cli("check", "org/legacy", "--fix", "--create-pr", "--offline")
    assert run.code == 2 and "offline" in run.err
    assert writer.count() == 0


def test_discussions_that_promise_more_pages_are_read_boundedly(writer, cli):  # type: ignore[no-untyped-def]
    """A count that never matches what the pages hold: an empty page ends the look (the client would loop)."""
    writer.add_model("org/legacy", LEGACY)
    for number in range(120):
        writer.add_discussion("org/legacy", f"Question {number}")
    writer.discussion_count_extra = 10**6
    run = cli("check", "org/legacy", "--fix", "--create-pr")
    assert run.code == 0, run.err
    assert writer.count("GET", "/api/models/org/legacy/discussions") == 4  # pages 0-2 hold 120, page 3 is empty
    assert len(writer.commits) == 1
