"""--write-baseline and --baseline: recording today's findings, reporting only new ones, noting stale entries."""

import json

from conftest import run_cli

# Two findings: CL101 on line 2 (fixable) and CL303 on line 6.
CARD = "---\nlicense: MIT\n---\n# Card\n\nTODO write this\n"
ARGS = ("--no-config", "--select", "CL101,CL303")


def make_card(folder, text, name="README.md"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def lint(tmp_path, *args, cwd=None):
    result = run_cli(*ARGS, *args, cwd=cwd or tmp_path)
    return result.returncode, result.stdout.decode(), result.stderr.decode()


def recorded(tmp_path, card="m"):
    make_card(tmp_path / card, CARD)
    status, out, err = lint(tmp_path, "--write-baseline", "baseline.json", card)
    assert (status, out, err) == (0, "All checks passed (1 card); 2 findings hidden by the baseline.\n", "cardlint: wrote 2 findings to the baseline baseline.json\n")


def test_written_baseline_is_sorted_json_with_relative_paths(tmp_path):
    recorded(tmp_path)
    document = json.loads((tmp_path / "baseline.json").read_text())
    assert document["cardlint-baseline"] == 1
    assert [(e["rule"], e["path"], e["occurrence"], e["line"], e["message"]) for e in document["findings"]] == [
        ("CL101", "m/README.md", 0, 2, "`license` is 'MIT', which is not a Hub license id"),
        ("CL303", "m/README.md", 0, 6, "a TODO marker is still in the card: 'TODO'"),
    ]
    assert all(len(e["hash"]) == 16 for e in document["findings"])
    before = (tmp_path / "baseline.json").read_bytes()
    lint(tmp_path, "--write-baseline", "baseline.json", "m")
    assert (tmp_path / "baseline.json").read_bytes() == before


def test_rerun_hides_the_known_findings_and_exits_zero(tmp_path):
    recorded(tmp_path)
    assert lint(tmp_path, "--baseline", "baseline.json", "m") == (0, "All checks passed (1 card); 2 findings hidden by the baseline.\n", "")


def test_lines_added_above_a_known_problem_keep_it_hidden(tmp_path):
    recorded(tmp_path)
    make_card(tmp_path / "m", "---\nlicense: MIT\n---\n# Card\n\nSome words.\n\nMore words.\n\n  TODO write this\n")
    assert lint(tmp_path, "--baseline", "baseline.json", "m") == (0, "All checks passed (1 card); 2 findings hidden by the baseline.\n", "")


def test_a_new_problem_is_reported_and_fails_the_run(tmp_path):
    recorded(tmp_path)
    make_card(tmp_path / "m", "---\nlicense: MIT\nlanguage: en\n---\n# Card\n\nTODO write this\n\nTODO and this\n")
    status, out, err = lint(tmp_path, "--baseline", "baseline.json", "--fail-on", "warning", "m")
    assert (status, err) == (1, "")
    assert out.splitlines()[0] == "m/README.md:9:1: CL303 [warning] a TODO marker is still in the card: 'TODO'"
    assert out.splitlines()[-1] == "Found 1 problem (1 warning) in 1 file; 1 card checked; 2 findings hidden by the baseline."
    # The exit status is decided by the reported findings alone: the hidden CL101 error does not count.
    assert lint(tmp_path, "--baseline", "baseline.json", "m")[0] == 0
    assert lint(tmp_path, "m")[0] == 1


def test_a_fixed_problem_leaves_a_stale_entry(tmp_path):
    recorded(tmp_path)
    make_card(tmp_path / "m", CARD.replace("TODO write this", "Written."))
    assert lint(tmp_path, "--baseline", "baseline.json", "m") == (
        0,
        "All checks passed (1 card); 1 finding hidden by the baseline.\n",
        "cardlint: 1 baseline entry no longer matches any finding: run --write-baseline baseline.json to drop them\n",
    )


def test_entries_of_cards_not_checked_are_not_stale(tmp_path):
    make_card(tmp_path / "a", CARD)
    make_card(tmp_path / "b", CARD)
    assert lint(tmp_path, "--write-baseline", "baseline.json", "a", "b")[0] == 0
    assert lint(tmp_path, "--baseline", "baseline.json", "a") == (0, "All checks passed (1 card); 2 findings hidden by the baseline.\n", "")


def test_identical_findings_are_counted_by_occurrence(tmp_path):
    make_card(tmp_path / "m", "---\nlicense: mit\n---\n# Card\n\nTODO\n\nTODO\n")
    assert lint(tmp_path, "--write-baseline", "baseline.json", "m")[0] == 0
    entries = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert [(e["line"], e["occurrence"]) for e in entries] == [(6, 0), (8, 1)]
    assert entries[0]["hash"] == entries[1]["hash"]
    make_card(tmp_path / "m", "---\nlicense: mit\n---\n# Card\n\nTODO\n\nTODO\n\nTODO\n")
    status, out, _ = lint(tmp_path, "--fail-on", "warning", "--baseline", "baseline.json", "m")
    assert status == 1
    assert [line for line in out.splitlines() if "CL303" in line] == ["m/README.md:10:1: CL303 [warning] a TODO marker is still in the card: 'TODO'"]
    make_card(tmp_path / "m", "---\nlicense: mit\n---\n# Card\n\nTODO\n")
    assert lint(tmp_path, "--baseline", "baseline.json", "m") == (
        0,
        "All checks passed (1 card); 1 finding hidden by the baseline.\n",
        "cardlint: 1 baseline entry no longer matches any finding: run --write-baseline baseline.json to drop them\n",
    )


def test_messages_with_line_numbers_still_match(tmp_path):
    card = "---\nlicense: mit\n---\n# Card\n\n- a: [More Information Needed]\n- b: [More Information Needed]\n"
    make_card(tmp_path / "m", card)
    assert run_cli("--no-config", "--select", "CL302", "--write-baseline", "b.json", "m", cwd=tmp_path).returncode == 0
    make_card(tmp_path / "m", card.replace("# Card\n", "# Card\n\nIntro.\n\n"))
    result = run_cli("--no-config", "--select", "CL302", "--fail-on", "warning", "--baseline", "b.json", "m", cwd=tmp_path)
    assert (result.returncode, result.stdout.decode()) == (0, "All checks passed (1 card); 1 finding hidden by the baseline.\n")


def test_baseline_works_from_another_working_directory(tmp_path):
    recorded(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    assert lint(tmp_path, "--baseline", "../baseline.json", "../m", cwd=tmp_path / "elsewhere") == (
        0,
        "All checks passed (1 card); 2 findings hidden by the baseline.\n",
        "",
    )
    assert lint(tmp_path, "--baseline", str(tmp_path / "baseline.json"), str(tmp_path / "m" / "README.md"), cwd="/")[0] == 0


def test_missing_or_corrupt_baseline_is_one_line_and_exit_2(tmp_path):
    make_card(tmp_path / "m", CARD)
    assert lint(tmp_path, "--baseline", "nope.json", "m") == (2, "", "cardlint: error: nope.json: baseline file not found (create it with --write-baseline nope.json)\n")
    (tmp_path / "bad.json").write_text("{not json")
    status, out, err = lint(tmp_path, "--baseline", "bad.json", "m")
    assert (status, out, err.count("\n")) == (2, "", 1)
    assert err.startswith("cardlint: error: bad.json: not a cardlint baseline (not JSON: ")
    (tmp_path / "bad.json").write_text('{"cardlint-baseline": 1, "findings": [{"rule": "CL101"}]}')
    assert lint(tmp_path, "--baseline", "bad.json", "m") == (2, "", "cardlint: error: bad.json: baseline entry 1 lacks a text rule, path or hash\n")
    (tmp_path / "bad.json").write_text("[]")
    assert lint(tmp_path, "--baseline", "bad.json", "m")[0] == 2


def test_write_baseline_never_overwrites_a_file_that_is_not_one(tmp_path):
    card = make_card(tmp_path / "m", CARD)
    status, out, err = lint(tmp_path, "--write-baseline", "m/README.md", "m")
    assert (status, out) == (2, "")
    assert err.startswith("cardlint: error: m/README.md: not a cardlint baseline")
    assert card.read_text() == CARD


def test_json_and_sarif_omit_hidden_findings_and_say_so_on_stderr(tmp_path):
    recorded(tmp_path)
    make_card(tmp_path / "m", CARD + "\nTODO more\n")
    result = run_cli(*ARGS, "--fail-on", "warning", "--baseline", "baseline.json", "--format", "json", "m", cwd=tmp_path)
    assert result.returncode == 1
    assert [(f["rule"], f["line"]) for f in json.loads(result.stdout)] == [("CL303", 8)]
    assert result.stderr.decode() == "cardlint: 2 findings hidden by the baseline\n"
    result = run_cli(*ARGS, "--fail-on", "warning", "--baseline", "baseline.json", "--format", "sarif", "m", cwd=tmp_path)
    assert result.returncode == 1
    [run] = json.loads(result.stdout)["runs"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] == [("CL303", 8)]
    assert result.stderr.decode() == "cardlint: 2 findings hidden by the baseline\n"


def test_jobs_give_the_same_result(tmp_path):
    for number in range(20):
        make_card(tmp_path / f"c{number:02}", CARD)
    assert lint(tmp_path, "--jobs", "2", "--write-baseline", "baseline.json", ".")[0] == 0
    assert len(json.loads((tmp_path / "baseline.json").read_text())["findings"]) == 40
    with open(tmp_path / "c07" / "README.md", "a", encoding="utf-8") as card:
        card.write("\nTODO again\n")
    status, out, err = lint(tmp_path, "--jobs", "2", "--fail-on", "warning", "--baseline", "baseline.json", ".")
    assert (status, err) == (1, "")
    assert out.splitlines()[0] == "c07/README.md:8:1: CL303 [warning] a TODO marker is still in the card: 'TODO'"
    assert out.splitlines()[-1] == "Found 1 problem (1 warning) in 1 file; 20 cards checked; 40 findings hidden by the baseline."


def test_fix_applies_to_baselined_findings_and_their_entries_go_stale(tmp_path):
    recorded(tmp_path)
    assert lint(tmp_path, "--fix", "--baseline", "baseline.json", "m") == (
        0,
        "Fixed 1 problem.\nAll checks passed (1 card); 1 finding hidden by the baseline.\n",
        "cardlint: 1 baseline entry no longer matches any finding: run --write-baseline baseline.json to drop them\n",
    )
    assert (tmp_path / "m" / "README.md").read_text().startswith("---\nlicense: mit\n")


def test_options_that_do_not_go_together(tmp_path):
    recorded(tmp_path)
    assert lint(tmp_path, "--diff", "--baseline", "baseline.json", "m") == (2, "", "cardlint: error: --baseline and --write-baseline report findings; --diff reports none\n")
    status, _, err = lint(tmp_path, "--baseline", "baseline.json", "--write-baseline", "baseline.json", "m")
    assert status == 2
    assert "not allowed with argument" in err
    before = (tmp_path / "baseline.json").read_bytes()
    assert lint(tmp_path, "--baseline", "baseline.json", "-o", "./baseline.json", "m") == (2, "", "cardlint: error: ./baseline.json: --output is the baseline file; the report would overwrite it\n")
    assert (tmp_path / "baseline.json").read_bytes() == before
    assert lint(tmp_path, "--write-baseline", "missing/b.json", "m") == (2, "", "cardlint: error: missing/b.json: cannot write the baseline: no such folder\n")
