from conftest import findings, lint


def test_card_without_metadata():
    assert lint("# My model\n\nText.\n", select=["CL002"]) == [("CL002", 1, 1)]


def test_empty_block_closed_at_once():
    assert lint("---\n---\n# Card\n", select=["CL002"]) == [("CL002", 1, 1)]


def test_block_with_only_comments_is_empty():
    assert lint("---\n# license: mit\n---\n", select=["CL002"]) == [("CL002", 1, 1)]


def test_opener_with_trailing_space_is_invisible_to_the_hub():
    [finding] = findings("--- \nlicense: mit\n---\n", select=["CL002"])
    assert (finding.line, finding.column) == (1, 1)
    assert "trailing whitespace" in finding.message


def test_block_below_the_title_is_pointed_at():
    [finding] = findings("# Title\n\n---\nlicense: mit\n---\n", select=["CL002"])
    assert (finding.line, finding.column) == (3, 1)
    assert "line 3" in finding.message


def test_leading_blank_lines_are_fine_as_on_the_hub():
    assert lint("\n\n---\nlicense: mit\n---\n", select=["CL002"]) == []


def test_bom_and_crlf_card_has_metadata():
    assert lint("\ufeff---\r\nlicense: mit\r\n---\r\n", select=["CL002"]) == []
