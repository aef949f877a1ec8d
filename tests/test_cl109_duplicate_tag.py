from conftest import findings, lint


def test_repeat_is_reported_at_the_repeat_with_the_first_line():
    [finding] = findings("---\ntags:\n- nlp\n- vision\n- nlp\n---\n", select=["CL109"])
    assert (finding.line, finding.column, finding.key_path) == (5, 3, "tags[2]")
    assert finding.message == "tag 'nlp' is listed again (first on line 3)"
    assert finding.fix.description == "delete the repeated tag 'nlp'"


def test_flow_list_repeat_and_its_deletion_span():
    [finding] = findings("---\ntags: [nlp, vision, nlp]\n---\n", select=["CL109"])
    assert (finding.line, finding.column) == (2, 21)
    [edit] = finding.fix.edits
    assert (edit.span.line, edit.span.column, edit.span.end_column, edit.text) == (2, 19, 24, "")


def test_distinct_tags_and_a_bare_string_pass():
    assert lint("---\ntags: [nlp, NLP]\n---\n", select=["CL109"]) == []
    assert lint("---\ntags: nlp\n---\n", select=["CL109"]) == []


def test_bom_crlf_position():
    assert lint("\ufeff---\r\ntags:\r\n- a\r\n- a\r\n---\r\n", select=["CL109"]) == [("CL109", 4, 3)]
