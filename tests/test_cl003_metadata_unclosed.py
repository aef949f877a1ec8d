from conftest import findings, lint


def test_opening_fence_without_closer():
    [finding] = findings("---\nlicense: mit\n\n# Model\n", select=["CL003"])
    assert (finding.rule, finding.line, finding.column, finding.end_column) == ("CL003", 1, 1, 4)
    assert "never closed" in finding.message


def test_unclosed_after_leading_blank_lines_points_at_the_opener():
    assert lint("\n---\r\nlicense: mit\r\n", select=["CL003"]) == [("CL003", 2, 1)]


def test_closed_block_is_fine():
    assert lint("---\nlicense: mit\n---\n", select=["CL003"]) == []
