"""The result cache: a cached run prints what an uncached run prints, and every input of the key invalidates it."""

import json
import os

import pytest
from conftest import run_cli

import cardlint
from cardlint import cache, cli, runner, source
from cardlint.api import Session
from cardlint.discover import Target
from cardlint.remote import RemoteTarget

CARDS = {
    "findings/README.md": "---\nlicense: MIT\nlibrary_name: transformers\n---\n# Model\n\n![plot](plot.png)\n\n[More Information Needed]\n\n- [ ] write the card\n",
    "clean/README.md": "---\nlicense: mit\n---\n# Card\n\nA model.\n",
    "eval/README.md": "---\nlicense: mit\n---\n# Card\n",
    "eval/.eval_results/mmlu.yaml": "- dataset: {id: cais/mmlu}\n  value: 1.7\n",
}
FORMATS = ["text", "json", "sarif", "github", "markdown", "html"]


@pytest.fixture
def cards(tmp_path, monkeypatch):
    """A folder of cards with findings of several kinds (card, neighbouring file), the working directory."""
    for name, text in CARDS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(cache.ENV, raising=False)
    return tmp_path


@pytest.fixture(params=["just-written", "settled"])
def project(request, cards, monkeypatch):
    """:func:`cards`, run twice: just written (known unchanged by their bytes) and settled (known by their stamps)."""
    if request.param == "settled":
        settle(monkeypatch)
    return cards


def settle(monkeypatch):
    """Count every card as settled, however recently written: its stamp is kept and trusted."""
    monkeypatch.setattr(cache, "SETTLED_NS", -60 * 10**9)


@pytest.fixture
def read_cards(monkeypatch):
    """The display paths of the cards read from disk (not known unchanged by their stamps), run by run."""
    seen = []
    real = source.read

    def counting(path, display, *args, **kwargs):
        if os.path.basename(path) == "README.md":
            seen.append(display)
        return real(path, display, *args, **kwargs)

    monkeypatch.setattr(source, "read", counting)
    return seen


@pytest.fixture
def linted(monkeypatch):
    """The display paths of the cards linted (not answered from the cache), run by run."""
    seen = []
    real = runner.lint_one

    def counting(session, text, *args, **kwargs):
        seen.append(text.path)
        return real(session, text, *args, **kwargs)

    monkeypatch.setattr(runner, "lint_one", counting)
    return seen


def run(capsys, *args):
    status = cli.main(["-j", "1", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("report", FORMATS)
def test_cached_run_prints_what_an_uncached_run_prints(project, capsys, linted, report):
    uncached = run(capsys, "--no-config", "--format", report, "--no-cache", ".")
    assert sorted(linted) == ["clean/README.md", "eval/README.md", "findings/README.md"]
    first = run(capsys, "--no-config", "--format", report, ".")
    second = run(capsys, "--no-config", "--format", report, ".")
    assert len(linted) == 6
    assert uncached == first == second
    assert uncached[0] == 1 and "CL601" in uncached[1]


def test_sarif_after_text_lints_again_for_line_hashes_then_hits(project, capsys, linted):
    run(capsys, "--no-config", ".")
    sarif = run(capsys, "--no-config", "--format", "sarif", ".")
    assert len(linted) == 6
    assert run(capsys, "--no-config", "--format", "sarif", ".") == sarif
    assert run(capsys, "--no-config", "--no-cache", "--format", "sarif", ".") == sarif
    assert '"primaryLocationLineHash"' in sarif[1]
    assert len(linted) == 9


def test_cache_folder_is_tagged_and_ignored_by_git(project, capsys):
    run(capsys, "--no-config", ".")
    folder = project / ".cardlint_cache"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert len(list((folder / "entries").glob("*.json"))) == 3


def test_cache_lives_beside_the_configuration(project, capsys, monkeypatch):
    (project / ".cardlint.toml").write_text('ignore = ["CL2"]\n')
    monkeypatch.chdir(project / "clean")
    run(capsys, "README.md")
    assert (project / ".cardlint_cache" / "CACHEDIR.TAG").is_file()
    assert not (project / "clean" / ".cardlint_cache").exists()


def test_cache_dir_option_and_environment(project, capsys, monkeypatch):
    run(capsys, "--no-config", "--cache-dir", "given", ".")
    monkeypatch.setenv(cache.ENV, str(project / "from-env"))
    run(capsys, "--no-config", ".")
    assert (project / "given" / "CACHEDIR.TAG").is_file()
    assert (project / "from-env" / "CACHEDIR.TAG").is_file()
    assert not (project / ".cardlint_cache").exists()


def test_no_cache_writes_nothing(project, capsys):
    run(capsys, "--no-config", "--no-cache", ".")
    assert not (project / ".cardlint_cache").exists()


def hit_then(capsys, linted, change, *args):
    """Run twice (the second run all hits), apply ``change``, and return (what was linted again, the output before, after)."""
    before = run(capsys, "--no-config", *args, ".")
    run(capsys, "--no-config", *args, ".")
    assert len(linted) == 3
    change()
    after = run(capsys, "--no-config", *args, ".")
    assert run(capsys, "--no-config", "--no-cache", *args, ".") == after
    return sorted(linted[3:-3]), before, after


def test_editing_the_card_invalidates(project, capsys, linted):
    again, before, after = hit_then(capsys, linted, lambda: (project / "clean/README.md").write_text("---\nlicense: MIT\n---\n# Card\n\nA model.\n"))
    assert again == ["clean/README.md"]
    assert "clean/README.md:2:10: CL101" in after[1] and "clean/README.md:2:10: CL101" not in before[1]


def test_adding_the_linked_image_invalidates(project, capsys, linted):
    again, before, after = hit_then(capsys, linted, lambda: (project / "findings/plot.png").write_bytes(b"\x89PNG"))
    assert again == ["findings/README.md"]
    assert "CL601" in before[1] and "CL601" not in after[1]


def test_a_neighbouring_file_a_rule_read_invalidates(project, capsys, linted):
    (project / "findings/model.pt").write_bytes(b"x")
    (project / "findings/config.json").write_text(json.dumps({"model_type": "bert"}))
    again, before, after = hit_then(capsys, linted, lambda: (project / "findings/config.json").write_text(json.dumps({"hidden": 3})), "--select", "CL401")
    assert again == ["findings/README.md"]
    assert "CL401" not in before[1] and "config.json has no model_type" in after[1]


def test_a_file_read_for_a_finding_invalidates(project, capsys, linted):
    again, before, after = hit_then(capsys, linted, lambda: (project / "eval/.eval_results/mmlu.yaml").write_text("- dataset: {id: cais/mmlu, task_id: mmlu}\n  value: 0.7\n"))
    assert again == ["eval/README.md"]
    assert "eval/.eval_results/mmlu.yaml" in before[1] and "eval/.eval_results/mmlu.yaml" not in after[1]


def test_an_unrelated_file_next_to_a_card_keeps_the_entry(project, capsys, linted):
    again, before, after = hit_then(capsys, linted, lambda: (project / "clean/notes.txt").write_text("x"), "--select", "CL601")
    assert again == [] and before == after


def test_the_command_line_settings_are_in_the_key(project, capsys, linted):
    run(capsys, "--no-config", ".")
    ignored = run(capsys, "--no-config", "--ignore", "CL601", ".")
    assert len(linted) == 6 and "CL601" not in ignored[1]
    assert run(capsys, "--no-config", "--ignore", "CL601", ".") == ignored
    assert len(linted) == 6


def test_editing_the_configuration_invalidates(project, capsys, linted):
    settings = project / ".cardlint.toml"
    settings.write_text('ignore = ["CL2"]\n')
    first = run(capsys, ".")
    run(capsys, ".")
    assert len(linted) == 3
    settings.write_text('ignore = ["CL2", "CL601"]\n')
    second = run(capsys, ".")
    assert len(linted) == 6
    assert "CL601" in first[1] and "CL601" not in second[1]


def test_editing_a_rule_pack_invalidates(project, capsys, linted):
    pack = project / "policies.yaml"
    pack.write_text("profiles:\n  team:\n    sections:\n      - name: Model Details\n")
    (project / ".cardlint.toml").write_text('rule-packs = ["policies.yaml"]\nprofile = "team"\nselect = ["CL201"]\n')
    first = run(capsys, ".")
    run(capsys, ".")
    assert len(linted) == 3
    pack.write_text("profiles:\n  team:\n    sections:\n      - name: Card\n")
    second = run(capsys, ".")
    assert len(linted) == 6
    assert "Model Details" in first[1] and "Model Details" not in second[1]


def test_a_new_version_invalidates(project, capsys, linted, monkeypatch):
    run(capsys, "--no-config", ".")
    run(capsys, "--no-config", ".")
    assert len(linted) == 3
    monkeypatch.setattr(cardlint, "__version__", "99.0.0")
    run(capsys, "--no-config", ".")
    assert len(linted) == 6


def entries(project):
    return sorted((project / ".cardlint_cache" / "entries").glob("*.json"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]),
        lambda path: path.write_bytes(b"\x00\xff garbage"),
        lambda path: path.write_text("[]"),
        lambda path: path.write_text(json.dumps({**json.loads(path.read_text()), "facts": [["load", 3, "x"]], "findings": 5})),
        lambda path: path.write_text(json.dumps({**json.loads(path.read_text()), "findings": [["CL101"]]})),
        lambda path: (path.unlink(), path.mkdir()),
    ],
    ids=["truncated", "garbage", "foreign", "bad-facts", "bad-findings", "directory"],
)
def test_a_damaged_entry_is_a_miss(project, capsys, linted, damage):
    expected = run(capsys, "--no-config", ".")
    for path in entries(project):
        damage(path)
    assert run(capsys, "--no-config", ".") == expected
    assert len(linted) == 6


def test_an_entry_that_is_a_pipe_is_a_miss_not_waited_on(cards):
    """A stranger's cache folder may hold a named pipe where an entry belongs; in a child process, so that waiting fails the test."""
    first = run_cli("--no-config", ".", cwd=cards)
    for path in entries(cards):
        path.unlink()
        os.mkfifo(path)
    again = run_cli("--no-config", ".", cwd=cards)
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout)
    assert b"CL101" in again.stdout


def test_an_entry_larger_than_any_card_gives_is_neither_read_nor_written(project, capsys, linted, monkeypatch):
    expected = run(capsys, "--no-config", ".")
    kept = {path: path.read_bytes() for path in entries(project)}
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", min(len(data) for data in kept.values()) - 1)
    assert run(capsys, "--no-config", ".") == expected
    assert len(linted) == 6
    assert {path: path.read_bytes() for path in entries(project)} == kept
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 10)
    (project / "fresh").mkdir()
    (project / "fresh" / "README.md").write_text(CARDS["clean/README.md"], encoding="utf-8")
    run(capsys, "--no-config", ".")
    assert len(entries(project)) == 3


def test_a_cache_folder_that_cannot_be_made_is_no_cache(project, capsys, linted):
    (project / "blocked").write_text("a file, not a folder")
    expected = run(capsys, "--no-config", "--no-cache", ".")
    assert run(capsys, "--no-config", "--cache-dir", "blocked/cache", ".") == expected
    assert run(capsys, "--no-config", "--cache-dir", "blocked", ".") == expected
    assert len(linted) == 9


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user whom file permissions bind (not root)")
def test_an_unwritable_cache_folder_is_no_cache(project, capsys, linted):
    expected = run(capsys, "--no-config", ".")
    folder = project / ".cardlint_cache" / "entries"
    for path in entries(project):
        path.unlink()
    folder.chmod(0o500)
    try:
        assert run(capsys, "--no-config", ".") == expected
    finally:
        folder.chmod(0o700)
    assert entries(project) == []


def test_fix_and_diff_lint_again(project, capsys, linted):
    run(capsys, "--no-config", "--select", "CL101", ".")
    run(capsys, "--no-config", "--select", "CL101", "--diff", ".")
    assert len(linted) == 6
    status, out, err = run(capsys, "--no-config", "--select", "CL101", "--fix", ".")
    assert status == 0 and "license: mit" in (project / "findings/README.md").read_text()
    assert run(capsys, "--no-config", "--select", "CL101", ".")[1] == run(capsys, "--no-config", "--select", "CL101", "--no-cache", ".")[1]


def test_clean_removes_the_cache(project, capsys):
    run(capsys, "--no-config", ".")
    assert cli.main(["clean"]) == 0
    assert capsys.readouterr().out == f"Removed the cache at {project / '.cardlint_cache'}\n"
    assert not (project / ".cardlint_cache").exists()
    assert cli.main(["clean"]) == 0
    assert capsys.readouterr().out == f"No cache at {project / '.cardlint_cache'}\n"


def test_clean_removes_only_a_cardlint_cache(project, capsys):
    (project / "precious").mkdir()
    (project / "precious" / "data.txt").write_text("keep me")
    assert cli.main(["clean", "--cache-dir", "precious"]) == 2
    assert "precious: not a cardlint cache (no CACHEDIR.TAG); not removed" in capsys.readouterr().err
    assert (project / "precious" / "data.txt").is_file()


def test_hub_cards_are_cached_only_at_a_commit(project):
    store = cache.Cache.open(project / "c")
    session = Session()
    assert store.entry(session, RemoteTarget("me/m", "model", None, "hf://me/m")) is None
    assert store.entry(session, RemoteTarget("me/m", "model", "main", "hf://me/m@main")) is None
    commit = "0123456789abcdef0123456789abcdef01234567"
    assert store.entry(session, RemoteTarget("me/m", "model", commit, f"hf://me/m@{commit}")) is not None


def test_entries_unused_for_a_month_are_pruned_and_a_hit_counts_as_use(project, capsys):
    run(capsys, "--no-config", ".")
    old, *kept = entries(project)
    month_ago = os.stat(old).st_mtime - (cache.MAX_AGE_DAYS + 1) * 24 * 60 * 60
    os.utime(old, (month_ago, month_ago))
    run(capsys, "--no-config", ".")
    assert os.stat(old).st_mtime > month_ago
    os.utime(old, (month_ago, month_ago))
    (project / ".cardlint_cache" / "pruned").unlink()
    cache.Cache.open(project / ".cardlint_cache").prepare()
    assert entries(project) == kept


def test_a_cache_committed_to_the_repository_is_not_used(project, capsys, linted):
    import subprocess

    expected = run(capsys, "--no-config", ".")
    for path in entries(project):
        data = json.loads(path.read_text())
        path.write_text(json.dumps({**data, "findings": []}))
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "add", "-f", ".cardlint_cache"], check=True)
    assert run(capsys, "--no-config", ".") == expected
    assert len(linted) == 6


def test_a_run_that_lints_nothing_leaves_no_cache_folder(project, capsys):
    assert run(capsys, "--no-config", "missing/README.md")[0] == 2
    assert run(capsys, "--no-config", "--output", "findings/README.md", "findings")[0] == 2
    assert not (project / ".cardlint_cache").exists()


def test_a_cached_card_fails_the_run_at_its_own_configurations_fail_on(tmp_path, monkeypatch, capsys, linted):
    (tmp_path / ".cardlint.toml").write_text('fail-on = "warning"\n')
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "README.md").write_text("---\nlicense: mit\n---\n# m\n\nTODO\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(cache.ENV, raising=False)
    cold = run(capsys, "--select", "CL303", "m")
    warm = run(capsys, "--select", "CL303", "m")
    assert linted == ["m/README.md"]
    assert cold == warm and cold[0] == 1


def test_a_warm_run_starts_no_workers_until_cards_need_linting(project, capsys, monkeypatch):
    """Workers cost more than cache hits: a run answers hits itself and starts them at the MIN_CARDS_PER_JOB-th miss."""
    import concurrent.futures

    count = 4 * runner.MIN_CARDS_PER_JOB
    for index in range(count):
        (project / f"many/{index:02}/README.md").parent.mkdir(parents=True)
        (project / f"many/{index:02}/README.md").write_text(f"---\nlicense: MIT\n---\n# Card {index}\n", encoding="utf-8")
    pools = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def counting_pool(*args, **kwargs):
        pools.append(args)
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting_pool)
    first = cli.main(["-j", "2", "--no-config", "many"]), capsys.readouterr()
    assert len(pools) == 1
    second = cli.main(["-j", "2", "--no-config", "many"]), capsys.readouterr()
    assert len(pools) == 1 and second == first
    for index in range(runner.MIN_CARDS_PER_JOB + 1):
        (project / f"many/{index:02}/README.md").write_text(f"---\nlicense: MIT\n---\n# Card {index}\n\nEdited.\n", encoding="utf-8")
    third = cli.main(["-j", "2", "--no-config", "many"]), capsys.readouterr()
    assert len(pools) == 2 and third == first
    assert first[0] == 1 and first[1].out.count("CL101") == count


def test_a_cache_tracked_in_a_work_tree_the_environment_names_is_not_used(project, capsys, linted, tmp_path_factory, monkeypatch):
    """Git is skipped for a folder with no ``.git`` above it, but not when GIT_DIR and GIT_WORK_TREE put it in a work tree."""
    import subprocess

    expected = run(capsys, "--no-config", ".")
    for path in entries(project):
        data = json.loads(path.read_text())
        path.write_text(json.dumps({**data, "findings": []}))
    elsewhere = tmp_path_factory.mktemp("gitdir") / "repo.git"
    subprocess.run(["git", "init", "-q", "--bare", str(elsewhere)], check=True)
    monkeypatch.setenv("GIT_DIR", str(elsewhere))
    monkeypatch.setenv("GIT_WORK_TREE", str(project))
    subprocess.run(["git", "-C", str(project), "add", "-f", ".cardlint_cache"], check=True)
    assert run(capsys, "--no-config", ".") == expected
    assert len(linted) == 6


def test_editing_the_module_of_a_rule_from_elsewhere_invalidates_the_key(tmp_path):
    """A rule an entry point brings lives outside cardlint's folders: its module's source is part of the key too."""
    import importlib.util

    module_path = tmp_path / "outside_rules.py"
    module_path.write_text("def check(card, options):\n    return iter(())\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("outside_rules_for_cache_test", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    session = Session()
    rule = next(iter(session.rules.values()))
    session.rules["X901"] = rule._replace(id="X901", check=module.check, origin="plugin outside")
    before = cache._fingerprint(session)
    assert cache._fingerprint(session) == before
    module_path.write_text("def check(card, options):\n    return iter([])\n", encoding="utf-8")
    assert cache._fingerprint(session) != before


def test_a_run_answered_from_the_cache_imports_no_parser(project):
    """A warm run reads entries, not cards: no YAML or Markdown parser, no jsonschema, no inspect (which dataclasses import)."""
    import subprocess
    import sys

    probe = (
        "import sys; from cardlint import cli\n"
        "try:\n    cli.main(['--no-config', '-j', '1', '.'])\nexcept SystemExit:\n    pass\n"
        "print(' '.join(name for name in ('ruamel.yaml', 'markdown_it', 'jsonschema', 'yaml', 'inspect', 'dataclasses') if name in sys.modules), file=sys.stderr)\n"
    )
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=project)
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=project)
    assert "markdown_it" in first.stderr.split() and "ruamel.yaml" in first.stderr.split()
    assert second.stderr.split() == [] and second.stdout == first.stdout


def stamps(project):
    return [json.loads(path.read_text())["stamp"] for path in entries(project)]


def test_a_settled_card_is_known_by_its_stamp_and_not_read(cards, capsys, linted, read_cards, monkeypatch):
    settle(monkeypatch)
    first = run(capsys, "--no-config", ".")
    assert run(capsys, "--no-config", ".") == first
    assert run(capsys, "--no-config", "--format", "json", ".") == run(capsys, "--no-config", "--no-cache", "--format", "json", ".")
    assert len(linted) == 6 and linted[3:] == linted[:3]  # the first run and the --no-cache run
    assert read_cards == linted  # the cached runs read no card


def test_a_card_just_written_is_not_stamped_until_it_is_found_unchanged_later(cards, capsys, linted, read_cards, monkeypatch):
    first = run(capsys, "--no-config", ".")
    assert stamps(cards) == [None, None, None]
    assert run(capsys, "--no-config", ".") == first
    assert len(read_cards) == 6 and len(linted) == 3
    assert stamps(cards) == [None, None, None]
    settle(monkeypatch)
    assert run(capsys, "--no-config", ".") == first
    assert len(read_cards) == 9 and len(linted) == 3
    assert all(isinstance(stamp, list) for stamp in stamps(cards))
    assert run(capsys, "--no-config", ".") == first
    assert len(read_cards) == 9


def test_a_settled_card_rewritten_to_the_same_size_and_time_is_linted_again(cards, capsys, linted, monkeypatch):
    settle(monkeypatch)
    card = cards / "clean/README.md"
    before = run(capsys, "--no-config", ".")
    was = os.stat(card)
    card.write_text(CARDS["clean/README.md"].replace("license: mit", "license: MIT"), encoding="utf-8")
    os.utime(card, ns=(was.st_atime_ns, was.st_mtime_ns))
    now = os.stat(card)
    assert (now.st_ino, now.st_size, now.st_mtime_ns) == (was.st_ino, was.st_size, was.st_mtime_ns)
    after = run(capsys, "--no-config", ".")
    assert linted[3:] == ["clean/README.md"]
    assert "clean/README.md:2:10: CL101" in after[1] and "clean/README.md:2:10: CL101" not in before[1]


def test_an_entry_whose_card_was_checked_out_again_is_used_but_not_rewritten(cards, capsys, linted, read_cards, monkeypatch):
    settle(monkeypatch)
    first = run(capsys, "--no-config", ".")
    kept = {path: path.read_bytes() for path in entries(cards)}
    for name in CARDS:
        path = cards / name
        text = path.read_bytes()
        path.unlink()
        path.write_bytes(text)
    assert run(capsys, "--no-config", ".") == first
    assert len(linted) == 3 and len(read_cards) == 6
    assert {path: path.read_bytes() for path in entries(cards)} == kept


def test_a_card_its_stamp_does_not_answer_has_its_folder_looked_up_once(cards, capsys, linted, monkeypatch):
    settle(monkeypatch)
    run(capsys, "--no-config", ".")
    (cards / "clean/README.md").write_text("---\nlicense: MIT\n---\n# Card\n\nA changed model.\n", encoding="utf-8")
    asked = []
    real = Target.repository
    monkeypatch.setattr(Target, "repository", lambda self: asked.append(self.display) or real(self))
    run(capsys, "--no-config", ".")
    assert linted[3:] == ["clean/README.md"]
    assert sorted(asked) == ["clean/README.md", "eval/README.md", "findings/README.md"]
