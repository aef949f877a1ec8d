"""GitHub workflow annotations: exact commands, the runner's escaping, and a summary line."""

from conftest import run_cli

from cardlint.model import Finding, Severity, Span
from cardlint.report.github import annotation, escape_data, escape_property


def test_escaping_follows_the_runner():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c.md") == "a%2Cb%3Ac.md"


def test_annotation_for_one_line_finding():
    finding = Finding("CL401", "transformers-on-custom-code", Severity.ERROR, "100% custom: model.pt", "models/a,b/README.md", Span(2, 15, 2, 27), help="remove it")
    assert annotation(finding) == (
        "::error file=models/a%2Cb/README.md,line=2,col=15,endLine=2,endColumn=27,"
        "title=CL401 transformers-on-custom-code::100%25 custom: model.pt%0Ahelp: remove it"
    )


def test_text_from_the_card_is_made_visible_before_the_runner_escaping():
    finding = Finding("CL601", "missing-local-file", Severity.WARNING, "link `a\n::error::x\x1b[2J\u202e` 50%", "d\r\n::warning f=1,x/README.md", Span(1, 1, 1, 2), help="fix\nit")
    assert annotation(finding) == (
        "::warning file=d\\r\\n%3A%3Awarning f=1%2Cx/README.md,line=1,col=1,endLine=1,endColumn=2,"
        "title=CL601 missing-local-file::link `a\\n::error::x\\x1b[2J<U+202E>` 50%25%0Ahelp: fix\\nit"
    )


def test_multi_line_finding_has_no_columns_and_info_is_a_notice():
    finding = Finding("X1", "x", Severity.INFO, "m", "README.md", Span(3, 1, 5, 2))
    assert annotation(finding) == "::notice file=README.md,line=3,endLine=5,title=X1 x::m"


def test_cli_prints_annotations_and_a_summary(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "README.md").write_text("---\nlicense: MIT\nlibrary_name: pytorch\n---\n")
    result = run_cli("--no-config", "--select", "CL101,CL104", "--format", "github", "m/README.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == [
        "::error file=m/README.md,line=2,col=10,endLine=2,endColumn=13,title=CL101 invalid-license::`license` is 'MIT', which is not a Hub license id%0Ahelp: use `mit` (Hub license ids are lower-case)",
        "::warning file=m/README.md,line=3,col=15,endLine=3,endColumn=22,title=CL104 unknown-library::`library_name` is 'pytorch', which is not a library the Hub knows%0Ahelp: `pytorch` is a framework or file format, not a Hub library: remove `library_name` and add a `pytorch` tag, or name the library that loads the model",
        "cardlint: 2 findings (1 error, 1 warning) in 1 card",
    ]
