"""The HTML report: one self-contained page whose counts, chart, card order and links are exact, and where card text stays text."""

import shutil
import subprocess
import textwrap
from html.parser import HTMLParser

import pytest
from conftest import run_cli

SELECT = ("--select", "CL101,CL104,CL107,CL109")
DOCS = "https://github.com/cardlint/cardlint/blob/main/docs/rules"
HOSTILE_PATH = "<img src=x onerror=alert(1)>"
HOSTILE_LICENSE = "<script>alert(1)</script>"
VOID = {"meta", "br", "img", "link", "hr", "input", "wbr", "source"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag=None, cls=None):
        return [node for node in self.iter() if (tag is None or node.tag == tag) and (cls is None or cls in node.attrs.get("class", "").split())]

    def find(self, tag=None, cls=None):
        return self.find_all(tag, cls)[0]


class TreeBuilder(HTMLParser):
    """The page as a tree of elements, built by the standard library's tolerant parser (as a browser would read it)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return name


def report(tmp_path, *paths, args=SELECT, env=None):
    result = run_cli("--no-config", *args, "--format", "html", "-o", "report.html", *paths, cwd=tmp_path, env=env)
    return result, (tmp_path / "report.html").read_text(encoding="utf-8")


def tiles(page: Node) -> dict[str, int]:
    return {tile.text().removeprefix(tile.find("b").text()): int(tile.find("b").text()) for tile in page.find_all("div", "tile")}


def cards(page: Node) -> list[tuple]:
    """(path, errors, warnings, infos, findings) of each card row, in page order."""
    rows = []
    for summary in page.find_all("summary"):
        spans = summary.find_all("span")
        rows.append((spans[0].text(), *(int(span.text()) for span in spans[1:])))
    return rows


@pytest.fixture
def four_cards(tmp_path):
    """Cards that sort differently by errors, by warnings and by count; one clean card that still counts."""
    return [
        write(tmp_path, "a-two-warnings.md", "---\nlicense: mit\nlibrary_name: pytorch\nlicence: mit\n---\n"),
        write(tmp_path, "b-one-error.md", "---\nlicense: MIT\n---\n"),
        write(tmp_path, "c-clean.md", "---\nlicense: mit\n---\n"),
        write(tmp_path, "d-error-and-warning.md", "---\nlicense: MIT\nlibrary_name: pytorch\n---\n"),
        write(tmp_path, "e-two-warnings-and-info.md", "---\nlicense: mit\nlibrary_name: pytorch\nlicence: mit\ntags:\n- a\n- a\n---\n"),
    ]


def test_counts_include_the_cards_without_findings(tmp_path, four_cards):
    result, html = report(tmp_path, *four_cards)
    assert result.returncode == 1, result.stderr
    page = parse(html)
    assert tiles(page) == {"errors": 2, "warnings": 5, "infos": 1, "cards checked": 5, "without findings": 1}
    assert page.find("title").text() == "cardlint report: 5 cards checked, 8 findings in 4 files"


def test_cards_are_listed_worst_first_and_the_worst_is_open(tmp_path, four_cards):
    _, html = report(tmp_path, *four_cards)
    page = parse(html)
    assert cards(page) == [
        ("d-error-and-warning.md", 1, 1, 0, 2),
        ("b-one-error.md", 1, 0, 0, 1),
        ("e-two-warnings-and-info.md", 0, 2, 1, 3),
        ("a-two-warnings.md", 0, 2, 0, 2),
    ]
    assert ["open" in details.attrs for details in page.find_all("details")] == [True, False, False, False]


def test_each_finding_has_its_place_a_link_to_its_rule_and_its_marked_line(tmp_path, four_cards):
    _, html = report(tmp_path, *four_cards)
    first = parse(html).find("details")
    rows = [[cell for cell in row.find_all("td")] for row in first.find("tbody").find_all("tr")]
    assert [(row[0].text(), row[1].find("a").text(), row[1].find("a").attrs["href"], row[2].text()) for row in rows] == [
        ("2:10", "CL101", f"{DOCS}/CL101.md", "error"),
        ("3:15", "CL104", f"{DOCS}/CL104.md", "warning"),
    ]
    excerpt = rows[0][3].find("pre")
    assert excerpt.text() == "2 | license: MIT"
    assert excerpt.find("mark").text() == "MIT"
    assert rows[0][3].find("div", "help").text() == "help: use `mit` (Hub license ids are lower-case)"


def test_chart_has_a_bar_per_rule_most_frequent_first_scaled_to_the_largest(tmp_path, four_cards):
    _, html = report(tmp_path, *four_cards)
    svg = parse(html).find("svg")
    bars = [(group.find("title").text(), int(group.find("rect").attrs["width"]), group.find("rect").attrs["fill"]) for group in svg.find_all("g")]
    assert bars == [
        ("CL104 unknown-library: 3", 520, "#e08a00"),
        ("CL101 invalid-license: 2", 347, "#c62828"),
        ("CL107 misspelled-key: 2", 347, "#e08a00"),
        ("CL109 duplicate-tag: 1", 173, "#1e6fb8"),
    ]


def test_page_loads_nothing_from_outside_and_runs_nothing(tmp_path, four_cards):
    _, html = report(tmp_path, *four_cards)
    page = parse(html)
    policy = [meta.attrs["content"] for meta in page.find_all("meta") if meta.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert policy == ["default-src 'none'; style-src 'unsafe-inline'; img-src data:"]
    assert {node.tag for node in page.iter()} & {"script", "link", "img", "iframe", "object", "embed"} == set()
    assert [(node.tag, name) for node in page.iter() for name in node.attrs if name in {"src", "srcset"} or name.startswith("on")] == []
    style = page.find("style").text()
    assert "url(" not in style and "@import" not in style
    assert {node.attrs["href"].split("/CL")[0] for node in page.find_all("a")} == {DOCS}


def test_card_text_is_shown_as_text_never_as_markup(tmp_path):
    name = write(tmp_path, f"{HOSTILE_PATH}/README.md", f"---\nlicense: \"{HOSTILE_LICENSE}\"\nlibrary_name: \"x' onclick='alert(2)\"\n---\n")
    _, html = report(tmp_path, name)
    page = parse(html)
    assert [node.tag for node in page.iter() if node.tag in {"script", "img"}] == []
    assert [name for node in page.iter() for name in node.attrs if name.startswith("on")] == []
    assert cards(page) == [(f"{HOSTILE_PATH}/README.md", 1, 1, 0, 2)]
    messages = [row.find_all("td")[3] for row in page.find("tbody").find_all("tr")]
    assert messages[0].find("mark").text() == f'"{HOSTILE_LICENSE}"'
    assert f"`license` is '{HOSTILE_LICENSE}', which is not a Hub license id" in messages[0].text()
    assert "`library_name` is \"x' onclick='alert(2)\"" in messages[1].text()
    assert "<script>" not in html and "<img" not in html


PLUGIN = textwrap.dedent('''
    from cardlint.model import Problem, Span
    from cardlint.rule import rule


    @rule("ACME001", "acme-says", "warning", 'says "><script>alert(3)</script>')
    def acme_says(card, options):
        """
        ## What it does
        Repeats the card's title.

        ## Why is this bad?
        It is a test.

        ## Example
        ```markdown
        # <b>
        ```

        ## Use instead
        ```markdown
        ```
        """
        if card.lines and card.line(1).startswith("#"):
            yield Problem(Span.point(1), card.line(1), help="<i>help</i> & more")
''')


def test_a_plugin_rule_is_escaped_in_attributes_and_links_to_the_rules_section(tmp_path):
    site = tmp_path.parent / f"{tmp_path.name}-site"
    site.mkdir()
    (site / "acme_rules.py").write_text(PLUGIN)
    dist = site / "acme_rules-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-rules\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[cardlint.rules]\nacme = acme_rules\n")
    card = write(tmp_path, "card.md", "# <svg onload=alert(4)>\n")
    result, html = report(tmp_path, card, args=("--select", "ACME"), env={"PYTHONPATH": str(site)})
    assert result.returncode == 0, result.stderr
    page = parse(html)
    link = page.find("tbody").find("a")
    assert link.attrs == {"href": "https://github.com/cardlint/cardlint#rules", "title": 'says "><script>alert(3)</script>'}
    message = page.find("tbody").find_all("td")[3]
    assert message.text().startswith("# <svg onload=alert(4)>help: <i>help</i> & more")
    assert [node.tag for node in page.iter() if node.tag in {"script", "i"}] == []
    assert [node.tag for node in page.find_all("svg") if node.attrs.get("onload")] == []


def test_a_run_without_findings_says_so(tmp_path):
    card = write(tmp_path, "ok.md", "---\nlicense: mit\n---\n")
    result, html = report(tmp_path, card)
    assert result.returncode == 0
    page = parse(html)
    assert tiles(page) == {"errors": 0, "warnings": 0, "infos": 0, "cards checked": 1, "without findings": 1}
    assert page.find_all("svg") == [] and page.find_all("details") == []
    assert "All checks passed (1 card)." in page.text()


def test_cards_that_could_not_be_checked_are_listed(tmp_path):
    (tmp_path / "<b>binary.md").write_bytes(b"---\nlicense: \xff\n---\n")
    result, html = report(tmp_path, "<b>binary.md")
    assert result.returncode == 2
    page = parse(html)
    assert tiles(page)["could not be checked"] == 1
    [item] = page.find("ul", "failed").find_all("li")
    assert item.text().startswith("<b>binary.md")
    assert page.find_all("b", None) == [tile.find("b") for tile in page.find_all("div", "tile")]


def _browser():
    return next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None)


@pytest.mark.skipif(_browser() is None, reason="no headless Chromium or Chrome on PATH (install chromium to check the page in a browser)")
def test_a_browser_shows_card_text_as_text_and_draws_the_page(tmp_path):
    name = write(tmp_path, f"{HOSTILE_PATH}/README.md", f"---\nlicense: \"{HOSTILE_LICENSE}\"\n---\n")
    report(tmp_path, name)
    browser = [_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1200,1600", f"--user-data-dir={tmp_path / 'profile'}"]
    url = (tmp_path / "report.html").as_uri()
    dom = subprocess.run([*browser, "--dump-dom", url], capture_output=True, timeout=180, check=True).stdout.decode()
    page = parse(dom)
    assert [node.tag for node in page.iter() if node.tag in {"script", "img"}] == []
    assert cards(page) == [(f"{HOSTILE_PATH}/README.md", 1, 0, 0, 1)]
    assert page.find("mark").text() == f'"{HOSTILE_LICENSE}"'
    shot = tmp_path / "report.png"
    subprocess.run([*browser, f"--screenshot={shot}", url], capture_output=True, timeout=180, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
