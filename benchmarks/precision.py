#!/usr/bin/env python3
"""Per-rule precision of cardlint on real Hub cards, from a labelled sample of its findings.

    python benchmarks/precision.py [--hub ../shared/corpus-hub] [--sample N] [--markdown]

The slice is ``shared/corpus-hub``: 2,523 real model cards of 2022-23, laid
out here one folder per card (as ``<card>/README.md``) in a temporary
folder, and linted with the default options, as a new user would. Each
finding is joined with ``benchmarks/precision/labels.tsv`` by card, rule,
line and column; a label is a reader's verdict on that finding:

- ``TP``: a demanding maintainer of that model would agree and act on it;
- ``FP``: the finding is wrong;
- ``noise``: true, but not worth saying (or said twice).

Precision is TP over all labelled findings of a rule. The targets follow
the severity policy: an error rule must reach 97 %, a warning rule 90 %.
The rules that look at files next to the card (CL401, CL601, CL602) are not
judged here: the slice holds each card without its repository, so a link
to a file of the model's repository is missing from the slice by
construction.

The script also prints, for the whole slice, how many cards fail CI by
default (an error finding: exit status 1) and why, and the median number of
findings per card, next to the same figures for the version before the
precision work (``benchmarks/precision/before.json``). With ``--sample N``
it lists up to N unlabelled findings per rule, to label next.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "benchmarks" / "precision" / "labels.tsv"
BEFORE = ROOT / "benchmarks" / "precision" / "before.json"
DEFAULT_HUB = Path(os.environ.get("CARDLINT_SHARED", ROOT.parent / "shared")) / "corpus-hub"
NOT_JUDGED = {"CL401", "CL601", "CL602"}
TARGET = {"error": 0.97, "warning": 0.90, "info": 0.0}
VERDICTS = ("TP", "FP", "noise")
SUFFIX = "_README.md"
START, END = "<!-- precision:start -->\n", "<!-- precision:end -->"


def lay_out(hub: Path, folder: Path) -> None:
    """Each card of the slice as ``folder/<card>/README.md``, the way cards sit in repositories."""
    for card in sorted((hub / "cards").iterdir()):
        target = folder / card.name[: -len(SUFFIX)]
        target.mkdir()
        shutil.copyfile(card, target / "README.md")


def lint(folder: Path) -> list[dict]:
    """Every finding of a default run over ``folder``, with the card named as in the slice."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "cardlint", "--no-config", "--no-cache", "--format", "json", "."],
        cwd=folder, capture_output=True, text=True, env=env, check=False,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"cardlint failed ({result.returncode}): {result.stderr.strip()}")
    findings = json.loads(result.stdout)
    for finding in findings:
        finding["card"] = finding["path"].split("/", 1)[0] + SUFFIX
    return findings


def read_labels(path: Path = LABELS) -> dict[tuple, dict]:
    """Labels keyed by (card, rule, line, column)."""
    labels = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["verdict"] not in VERDICTS:
                raise SystemExit(f"{path}: verdict {row['verdict']!r} is not one of {', '.join(VERDICTS)}")
            labels[(row["card"], row["rule"], int(row["line"]), int(row["column"]))] = row
    return labels


def key(finding: dict) -> tuple:
    return (finding["card"], finding["rule"], finding["line"], finding["column"])


def summary(findings: list[dict], cards: int) -> dict:
    """Cards that fail CI by default and why, and the median number of findings per card."""
    per_card: dict[str, list[dict]] = defaultdict(list)
    for finding in findings:
        per_card[finding["card"]].append(finding)
    failing = {card: sorted({f["rule"] for f in found if f["severity"] == "error"}) for card, found in per_card.items()}
    failing = {card: rules for card, rules in failing.items() if rules}
    counts = [len(found) for found in per_card.values()] + [0] * (cards - len(per_card))
    return {
        "cards": cards,
        "failing": len(failing),
        "why": dict(Counter(rule for rules in failing.values() for rule in rules).most_common()),
        "median": statistics.median(counts) if counts else 0,
        "findings": dict(sorted(Counter(f["rule"] for f in findings).items())),
    }


def table(findings: list[dict], labels: dict[tuple, dict], before: dict[str, int]) -> tuple[list[str], list[str]]:
    """The precision table (Markdown rows) and the rules that miss their target or lack labels.

    ``before`` is each rule's number of findings before the precision work;
    a rule that no longer fires keeps its row, with nothing to judge.
    """
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for finding in findings:
        by_rule[finding["rule"]].append(finding)
    rows = [
        "| rule | severity | findings before | findings after | labelled | TP | FP | noise | precision | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    problems = []
    for rule in sorted({*by_rule, *before}):
        found = by_rule.get(rule, [])
        if not found:
            rows.append(f"| {rule} | | {before.get(rule, 0)} | 0 | | | | | | |")
            continue
        severity = found[0]["severity"]
        if rule in NOT_JUDGED:
            rows.append(f"| {rule} | {severity} | {before.get(rule, 0)} | {len(found)} | | | | | not judged | |")
            continue
        verdicts = Counter(labels[key(f)]["verdict"] for f in found if key(f) in labels)
        labelled = sum(verdicts.values())
        precision = verdicts["TP"] / labelled if labelled else 0.0
        target = TARGET[severity]
        rows.append(
            f"| {rule} | {severity} | {before.get(rule, 0)} | {len(found)} | {labelled} | {verdicts['TP']} | {verdicts['FP']} | {verdicts['noise']} "
            f"| {precision:.0%} | {target:.0%} |"
        )
        if labelled < min(20, len(found)):
            problems.append(f"{rule}: {labelled} of {len(found)} findings labelled (at least {min(20, len(found))} needed)")
        elif precision < target:
            problems.append(f"{rule}: precision {precision:.0%} is below the {target:.0%} target of {severity} rules")
    return rows, problems


def sample(findings: list[dict], labels: dict[tuple, dict], size: int) -> list[dict]:
    """Up to ``size`` unlabelled findings per rule, chosen by a stable hash so reruns pick the same ones."""
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for finding in findings:
        if finding["rule"] not in NOT_JUDGED and key(finding) not in labels:
            by_rule[finding["rule"]].append(finding)
    chosen = []
    for rule, found in sorted(by_rule.items()):
        labelled = sum(1 for k in labels if k[1] == rule)
        found.sort(key=lambda f: hashlib.sha1(repr(key(f)).encode()).hexdigest())
        chosen += found[: max(size - labelled, 0)]
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hub", type=Path, default=DEFAULT_HUB, help="the corpus-hub folder (default: ../shared/corpus-hub)")
    parser.add_argument("--sample", type=int, metavar="N", help="print up to N unlabelled findings per rule as TSV rows to label")
    parser.add_argument("--json", metavar="FILE", help="also write the run's findings to FILE")
    parser.add_argument("--update-readme", action="store_true", help="write the tables into README.md between its precision markers")
    args = parser.parse_args(argv)
    if not (args.hub / "cards").is_dir():
        raise SystemExit(f"{args.hub}/cards: not found (set --hub or CARDLINT_SHARED)")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        lay_out(args.hub, folder)
        cards = sum(1 for _ in folder.iterdir())
        findings = lint(folder)
    if args.json:
        Path(args.json).write_text(json.dumps(findings, indent=1), encoding="utf-8")
    labels = read_labels()
    if args.sample:
        writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
        writer.writerow(["card", "rule", "line", "column", "verdict", "reason", "message"])
        for finding in sample(findings, labels, args.sample):
            writer.writerow([finding["card"], finding["rule"], finding["line"], finding["column"], "", "", finding["message"]])
        return 0
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    rows, problems = table(findings, labels, before["findings"])
    report = "\n".join(rows) + "\n\n" + comparison(before, summary(findings, cards))
    print(report, end="")
    if args.update_readme:
        readme = ROOT / "README.md"
        head, rest = readme.read_text(encoding="utf-8").split(START, 1)
        readme.write_text(head + START + report + END + rest.split(END, 1)[1], encoding="utf-8")
    stale = set(labels) - {key(f) for f in findings}
    if stale:
        print(f"\n{len(stale)} labels match no finding any more (the rule changed): relabel or remove them.", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def comparison(before: dict, after: dict) -> str:
    """The whole-slice figures before and after, as the README shows them."""
    lines = [
        "| on the whole slice | before | after |",
        "|---|---:|---:|",
        f"| cards that fail CI by default (an error finding) | {before['failing']} of {before['cards']} | {after['failing']} of {after['cards']} |",
        f"| median findings per card | {before['median']:g} | {after['median']:g} |",
        f"| findings in all | {sum(before['findings'].values())} | {sum(after['findings'].values())} |",
        "",
        "Cards that fail CI, by error rule (a card may count under several): before "
        + ", ".join(f"{rule} {count}" for rule, count in before["why"].items())
        + "; after " + (", ".join(f"{rule} {count}" for rule, count in after["why"].items()) or "none") + ".",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
