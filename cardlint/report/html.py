"""One self-contained HTML page: counts by severity, a bar chart of findings by rule, and the cards, worst first.

The page is for people who publish many cards and want to see, or show,
where they stand. It loads nothing from outside (no script, stylesheet or
font) and needs no JavaScript: the chart is SVG drawn here, and a card opens
into its findings through ``<details>``. Everything that comes from a card,
a path or a plugin (messages, help, excerpts, paths, rule names) goes
through :func:`_text` (``html.escape`` with quotes), so a card holding
``<script>`` shows those characters and runs nothing; the Content Security
Policy forbids scripts as a second line of defence.

The cards are sorted only at the end, so the writer keeps each card's
findings already rendered (its few lines of excerpt included), never the
card itself.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from cardlint.escape import visible
from cardlint import __version__
from cardlint.explain import help_uri
from cardlint.model import Finding, Severity
from cardlint.report import Writer, plural

_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_PLURAL = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "infos"}
_COLOUR = {Severity.ERROR: "#c62828", Severity.WARNING: "#e08a00", Severity.INFO: "#1e6fb8"}
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:2rem auto;max-width:72rem;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:2rem 0 .6rem}
.meta{color:#59636e;margin:0}
.tiles{display:flex;gap:.8rem;flex-wrap:wrap;margin-top:1.2rem}
.tile{border:1px solid #d1d9e0;border-radius:8px;padding:.6rem 1rem;min-width:8rem}
.tile b{display:block;font-size:1.8rem;line-height:1.2}
.tile.error b{color:#c62828}.tile.warning b{color:#e08a00}.tile.info b{color:#1e6fb8}
.chart text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#1f2328}
.cards{border:1px solid #d1d9e0;border-radius:8px;overflow:hidden}
.row{display:grid;grid-template-columns:1fr 5.5rem 5.5rem 5.5rem 5.5rem;gap:.5rem;padding:.45rem .8rem;align-items:center}
.head{background:#f6f8fa;font-weight:600;border-bottom:1px solid #d1d9e0}
.num{text-align:right;font-variant-numeric:tabular-nums}
details{border-bottom:1px solid #eef1f4}details:last-child{border-bottom:0}
summary{cursor:pointer;list-style:none}summary::-webkit-details-marker{display:none}
summary:hover{background:#f6f8fa}
summary .path::before{content:"\\25B8";display:inline-block;width:1.1em;color:#59636e}
details[open] summary .path::before{content:"\\25BE"}
.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.e{color:#c62828;font-weight:600}.w{color:#a86400;font-weight:600}.i{color:#1e6fb8}.zero{color:#b0b8c1}
.findings{width:100%;border-collapse:collapse;margin:.2rem 0 .8rem;font-size:.92rem}
.findings td,.findings th{border-top:1px solid #eef1f4;padding:.35rem .8rem;vertical-align:top;text-align:left}
.findings th{font-weight:600;color:#59636e}
.sev{display:inline-block;border-radius:4px;padding:0 .4rem;color:#fff;font-size:.8rem}
.sev.error{background:#c62828}.sev.warning{background:#e08a00}.sev.info{background:#1e6fb8}
.help{color:#59636e}
pre{background:#f6f8fa;border-radius:6px;padding:.4rem .6rem;margin:.4rem 0 0;overflow-x:auto;font-size:.85rem}
pre .ln{color:#8c959f;user-select:none}
mark{background:#ffe08a;border-bottom:2px solid #c62828;color:inherit}
a{color:#0b5cad}
.foot{margin-top:1.5rem}
.legend{color:#59636e;font-size:.85rem;margin:.2rem 0 .6rem}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin:0 .3em 0 .8em;vertical-align:-.05em}
.failed li{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
"""


def _text(value: object) -> str:
    """Anything from a card, a path or a plugin, safe as HTML text and inside a quoted attribute.

    Controls and bidi overrides are written out first (:func:`cardlint.escape.visible`),
    so they cannot reorder or hide what the page shows either.
    """
    return html.escape(visible(str(value)), quote=True)


@dataclass
class _Card:
    """One file with findings, as the table needs it: its counts and its findings already rendered."""

    path: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(_ORDER, 0))
    rows: list[str] = field(default_factory=list)

    def rank(self) -> tuple:
        """Worst first: most errors, then most warnings, then most findings; then by path."""
        return (-self.counts[Severity.ERROR], -self.counts[Severity.WARNING], -len(self.rows), self.path)


class FormatWriter(Writer):
    statistics = True
    """The page always charts the findings by rule."""

    def __init__(self, out, rules, **options) -> None:
        super().__init__(out, rules, **options)
        self.cards: dict[str, _Card] = {}
        self.worst: dict[str, Severity] = {}

    def write(self, findings, context) -> None:
        for finding in findings:
            card = self.cards.get(finding.path)
            if card is None:
                card = self.cards[finding.path] = _Card(finding.path)
            card.counts[finding.severity] += 1
            file_context = context.get(finding.path)
            line = file_context.lines.get(finding.line) if file_context else None
            card.rows.append(self._row(finding, line))
            seen = self.worst.get(finding.rule)
            if seen is None or finding.severity.rank > seen.rank:
                self.worst[finding.rule] = finding.severity

    def finish(self, tally) -> None:
        cards = sorted(self.cards.values(), key=_Card.rank)
        parts = [
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_POLICY}\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            f"<meta name=\"generator\" content=\"cardlint {_text(__version__)}\">\n",
            f"<title>cardlint report: {_text(_headline(tally))}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n",
            f"<h1>cardlint report</h1>\n<p class=\"meta\">{_text(_headline(tally))}</p>\n",
            _tiles(tally),
            _failed(tally.errors),
            self._chart(tally),
            _table(cards, tally),
            f"<p class=\"meta foot\">Made by cardlint {_text(__version__)}. Each rule id links to the rule's page.</p>\n</body>\n</html>\n",
        ]
        self.out.write("".join(parts))

    def _rule_link(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id)
        if rule is None:
            return _text(rule_id)
        return f"<a href=\"{_text(help_uri(rule))}\" title=\"{_text(rule.summary)}\">{_text(rule_id)}</a>"

    def _row(self, finding: Finding, line: str | None) -> str:
        where = f"{finding.line}:{finding.column}"
        name = f" <span class=\"help\">{_text(finding.name)}</span>" if finding.name else ""
        message = _text(finding.message)
        if finding.help:
            message += f"<div class=\"help\">help: {_text(finding.help)}</div>"
        if line is not None:
            message += _excerpt(finding, line)
        return (
            f"<tr><td class=\"num\">{where}</td><td>{self._rule_link(finding.rule)}{name}</td>"
            f"<td><span class=\"sev {finding.severity.value}\">{finding.severity.value}</span></td><td>{message}</td></tr>\n"
        )

    def _chart(self, tally) -> str:
        """Findings by rule as horizontal bars, most frequent first, coloured by the worst severity found."""
        if not tally.rules:
            return ""
        counts = sorted(tally.rules.items(), key=lambda item: (-item[1], item[0]))
        label, bar, height = 300, 520, 24
        most = counts[0][1]
        width = label + bar + 70
        rows = []
        for index, (rule_id, count) in enumerate(counts):
            rule = self.rules.get(rule_id)
            name = f"{rule_id} {rule.name}" if rule else rule_id
            shown = name if len(name) <= 40 else name[:39] + "\u2026"
            length = max(round(bar * count / most), 2)
            colour = _COLOUR[self.worst.get(rule_id, Severity.WARNING)]
            y = index * height
            rows.append(
                f"<g><title>{_text(name)}: {count}</title>"
                f"<text x=\"{label - 8}\" y=\"{y + 16}\" text-anchor=\"end\">{_text(shown)}</text>"
                f"<rect x=\"{label}\" y=\"{y + 4}\" width=\"{length}\" height=\"{height - 8}\" rx=\"3\" fill=\"{colour}\"/>"
                f"<text x=\"{label + length + 6}\" y=\"{y + 16}\">{count}</text></g>\n"
            )
        total = len(counts) * height
        legend = "".join(f"<span class=\"swatch\" style=\"background:{_COLOUR[severity]}\"></span>{severity.value}" for severity in _ORDER)
        return (
            "<h2 id=\"rules-title\">Findings by rule</h2>\n"
            f"<p class=\"legend\">Coloured by the worst severity found:{legend}</p>\n"
            f"<svg class=\"chart\" role=\"img\" aria-labelledby=\"rules-title\" width=\"{width}\" height=\"{total}\" "
            f"viewBox=\"0 0 {width} {total}\" xmlns=\"http://www.w3.org/2000/svg\">\n{''.join(rows)}</svg>\n"
        )


def _headline(tally) -> str:
    cards = f"{plural(tally.checked, 'card')} checked"
    if not tally.total:
        return f"{cards}, no findings"
    return f"{cards}, {plural(tally.total, 'finding')} in {plural(tally.affected, 'file')}"


def _tiles(tally) -> str:
    clean = max(tally.files - tally.affected - len(tally.errors), 0)
    tiles = [f"<div class=\"tile {severity.value}\"><b>{tally.severities[severity]}</b>{_PLURAL[severity]}</div>" for severity in _ORDER]
    tiles.append(f"<div class=\"tile\"><b>{tally.checked}</b>cards checked</div>")
    tiles.append(f"<div class=\"tile\"><b>{clean}</b>without findings</div>")
    if tally.errors:
        tiles.append(f"<div class=\"tile error\"><b>{len(tally.errors)}</b>could not be checked</div>")
    return f"<div class=\"tiles\">\n{''.join(tiles)}\n</div>\n"


def _failed(errors: list[str]) -> str:
    if not errors:
        return ""
    items = "".join(f"<li>{_text(error)}</li>\n" for error in errors)
    return f"<h2>Could not be checked</h2>\n<ul class=\"failed\">\n{items}</ul>\n"


def _table(cards: list[_Card], tally) -> str:
    if not cards:
        verdict = "All checks passed" if not tally.errors else "No findings"
        return f"<h2>Cards</h2>\n<p>{verdict} ({plural(tally.checked, 'card')}).</p>\n"
    head = (
        "<div class=\"row head\"><span>Card</span><span class=\"num\">Errors</span><span class=\"num\">Warnings</span>"
        "<span class=\"num\">Infos</span><span class=\"num\">Findings</span></div>\n"
    )
    body = "".join(_card(card, opened=index == 0) for index, card in enumerate(cards))
    return f"<h2>Cards, worst first</h2>\n<div class=\"cards\">\n{head}{body}</div>\n"


def _card(card: _Card, opened: bool) -> str:
    """One card: a summary row with its counts that opens into its findings (the worst card is open to start with)."""
    cells = "".join(_cell(card.counts[severity], style) for severity, style in zip(_ORDER, ("e", "w", "i")))
    findings = (
        "<table class=\"findings\"><thead><tr><th class=\"num\">Line</th><th>Rule</th><th>Severity</th><th>Finding</th></tr></thead>\n"
        f"<tbody>\n{''.join(card.rows)}</tbody></table>\n"
    )
    summary = f"<summary class=\"row\"><span class=\"path\">{_text(card.path)}</span>{cells}<span class=\"num\">{len(card.rows)}</span></summary>\n"
    return f"<details{' open' if opened else ''}>{summary}{findings}</details>\n"


def _cell(number: int, style: str) -> str:
    return f"<span class=\"num {style if number else 'zero'}\">{number}</span>"


def _excerpt(finding: Finding, line: str) -> str:
    """The finding's line with the columns it points at marked, as the text format underlines them."""
    start = min(finding.column - 1, len(line))
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    end = min(max(end, start + 1), len(line))
    marked = f"<mark>{_text(line[start:end])}</mark>" if end > start else ""
    return f"<pre><span class=\"ln\">{finding.line} | </span>{_text(line[:start])}{marked}{_text(line[end:])}</pre>"
