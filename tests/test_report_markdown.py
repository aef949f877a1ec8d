"""The Markdown report: exact summary and per-card tables, card text that renders as itself, and a size GitHub accepts."""

from html.parser import HTMLParser

from conftest import run_cli
from markdown_it import MarkdownIt

from cardlint.report.markdown import LIMIT, cell

DOCS = "https://github.com/cardlint/cardlint/blob/main/docs/rules"
GITHUB_STEP_SUMMARY_LIMIT = 1024 * 1024


def report(tmp_path, *paths, select="CL101,CL104,CL107,CL109"):
    result = run_cli("--no-config", "--select", select, "--format", "markdown", *paths, cwd=tmp_path)
    return result, result.stdout.decode("utf-8")


def write(folder, name, text):
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return name


class Rendered(HTMLParser):
    """What GitHub-flavoured Markdown makes of the report (raw HTML allowed, as GitHub allows it before sanitising)."""

    def __init__(self, markdown: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.cells, self.row, self.rows, self.text = [], None, [], [], []
        self.feed(MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(markdown))

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in {"td", "th"}:
            self.cells = []
        if tag == "tr":
            self.row = []

    def handle_endtag(self, tag):
        if tag in {"td", "th"}:
            self.row.append("".join(self.cells))
            self.cells = None
        if tag == "tr":
            self.rows.append(self.row)

    def handle_data(self, data):
        self.text.append(data)
        if self.cells is not None:
            self.cells.append(data)


def test_summary_rules_and_findings_per_card_are_tables(tmp_path):
    paths = [
        write(tmp_path, "a.md", "---\nlicense: MIT\nlibrary_name: pytorch\n---\n"),
        write(tmp_path, "b.md", "---\nlicense: mit\n---\n"),
        write(tmp_path, "c.md", "---\nlicense: mit\nlibrary_name: pytorch\ntags:\n- a\n- a\n---\n"),
    ]
    result, markdown = report(tmp_path, *paths)
    assert result.returncode == 1, result.stderr
    assert markdown == (
        "## cardlint report\n\n"
        "4 findings in 2 files; 3 cards checked.\n\n"
        "| cards | with findings | errors | warnings | infos |\n|---:|---:|---:|---:|---:|\n"
        "| 3 | 2 | 1 | 2 | 1 |\n"
        "\n### Findings by rule\n\n| rule | name | findings |\n|---|---|---:|\n"
        f"| [CL104]({DOCS}/CL104.md) | unknown-library | 2 |\n"
        f"| [CL101]({DOCS}/CL101.md) | invalid-license | 1 |\n"
        f"| [CL109]({DOCS}/CL109.md) | duplicate-tag | 1 |\n"
        "\n### Findings per card\n"
        "\n#### a.md (1 error, 1 warning)\n\n| line | rule | severity | message |\n|---:|---|---|---|\n"
        f"| 2:10 | [CL101]({DOCS}/CL101.md) | error | &#96;license&#96; is 'MIT', which is not a Hub license id<br>help: use &#96;mit&#96; (Hub license ids are lower-case) |\n"
        f"| 3:15 | [CL104]({DOCS}/CL104.md) | warning | &#96;library&#95;name&#96; is 'pytorch', which is not a library the Hub knows<br>help: &#96;pytorch&#96; is a framework or file format, not a Hub library: remove &#96;library&#95;name&#96; and add a &#96;pytorch&#96; tag, or name the library that loads the model |\n"
        "\n#### c.md (1 warning, 1 info)\n\n| line | rule | severity | message |\n|---:|---|---|---|\n"
        f"| 3:15 | [CL104]({DOCS}/CL104.md) | warning | &#96;library&#95;name&#96; is 'pytorch', which is not a library the Hub knows<br>help: &#96;pytorch&#96; is a framework or file format, not a Hub library: remove &#96;library&#95;name&#96; and add a &#96;pytorch&#96; tag, or name the library that loads the model |\n"
        f"| 6:3 | [CL109]({DOCS}/CL109.md) | info | tag 'a' is listed again (first on line 5)<br>help: delete the repeated entry |\n"
    )
    rendered = Rendered(markdown)
    assert [row for row in rendered.rows if row[0] == "2:10"] == [["2:10", "CL101", "error", "`license` is 'MIT', which is not a Hub license idhelp: use `mit` (Hub license ids are lower-case)"]]
    assert [attrs["href"] for tag, attrs in rendered.tags if tag == "a"][:3] == [f"{DOCS}/CL104.md", f"{DOCS}/CL101.md", f"{DOCS}/CL109.md"]


def test_a_run_without_findings_passes_with_the_counts(tmp_path):
    result, markdown = report(tmp_path, write(tmp_path, "a.md", "---\nlicense: mit\n---\n"), write(tmp_path, "b.md", "---\nlicense: mit\n---\n"))
    assert result.returncode == 0
    assert markdown == (
        "## cardlint report\n\nAll checks passed (2 cards).\n\n"
        "| cards | with findings | errors | warnings | infos |\n|---:|---:|---:|---:|---:|\n| 2 | 0 | 0 | 0 | 0 |\n"
    )


def test_cell_turns_every_markdown_and_html_character_into_a_reference():
    assert cell("a|b `c` <x> & *d* _e_ [f](g) ~h~ \\| one\r\ntwo\rthree\nfour") == (
        "a&#124;b &#96;c&#96; &#60;x&#62; &#38; &#42;d&#42; &#95;e&#95; &#91;f&#93;(g) &#126;h&#126; &#92;&#124; one<br>two<br>three<br>four"
    )


def test_card_text_renders_as_itself_in_one_cell(tmp_path):
    hostile = "<script>alert(1)</script> | `x` *y* [z](javascript:alert(2)) ~~w~~"
    folder = "<img src=x onerror=alert(3)>"
    card = write(tmp_path, f"{folder}/README.md", f"---\nlicense: '{hostile}'\n---\n")
    result, markdown = report(tmp_path, card, select="CL101")
    assert result.returncode == 1, result.stderr
    rendered = Rendered(markdown)
    assert {tag for tag, _ in rendered.tags} == {"h2", "h3", "h4", "p", "table", "thead", "tbody", "tr", "th", "td", "a", "br"}
    assert [attrs["href"] for tag, attrs in rendered.tags if tag == "a"] == [f"{DOCS}/CL101.md"] * 2
    assert f"{folder}/README.md (1 error)" in rendered.text
    row = rendered.rows[-1]
    assert len(row) == 4
    assert row[3].startswith(f"`license` is '{hostile}', which is not a Hub license id")


def test_a_report_too_large_for_github_lists_the_first_findings_and_counts_the_rest(tmp_path):
    paths = [write(tmp_path, f"m{index}/README.md", "# Card\n" + "TODO\n" * 2000) for index in range(3)]
    result, markdown = report(tmp_path, *paths, select="CL303")
    assert result.returncode == 0, result.stderr
    size = len(markdown.encode("utf-8"))
    assert LIMIT - 2000 < size <= LIMIT < GITHUB_STEP_SUMMARY_LIMIT
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and "CL303.md" in line and "| warning |" in line]
    shown_cards = markdown.count("\n#### ")
    assert markdown.count(" (2000 warnings)\n") == shown_cards
    assert (rows[0].split(" | ")[0], rows[-1].split(" | ")[0]) == ("| 2:1", f"| {len(rows) - 2000 * (shown_cards - 1) + 1}:1")
    assert markdown.endswith(
        f"\n_{6000 - len(rows)} more findings in {4 - shown_cards} card{'s' if 4 - shown_cards != 1 else ''} left out to keep this report under 1 MB "
        "(GitHub's step summary takes at most 1 MiB); `--format json` or `--format html` lists them all._\n"
    )
    assert "| 3 | 3 | 0 | 6000 | 0 |" in markdown


def test_cards_that_could_not_be_checked_are_listed(tmp_path):
    (tmp_path / "bad|name.md").write_bytes(b"---\nlicense: \xff\n---\n")
    result, markdown = report(tmp_path, "bad|name.md")
    assert result.returncode == 2
    assert "1 card could not be checked." in markdown
    section = markdown.split("\n### Could not be checked\n\n")[1]
    assert section.startswith("- bad&#124;name.md")
