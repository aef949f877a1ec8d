from conftest import findings, lint


def test_pytorch_is_a_framework_not_a_library():
    [finding] = findings("---\nlibrary_name: pytorch\n---\n", select=["CL104"])
    assert (finding.rule, finding.severity.value, finding.line, finding.column) == ("CL104", "warning", 2, 15)
    assert "add a `pytorch` tag" in finding.help


def test_case_matters():
    [finding] = findings("---\nlibrary_name: Transformers\n---\n", select=["CL104"])
    assert finding.help == "use `transformers`"


def test_renamed_library():
    [finding] = findings("---\nlibrary_name: scikit-learn\n---\n", select=["CL104"])
    assert finding.help == "use `sklearn`"


def test_known_libraries_pass():
    assert lint("---\nlibrary_name: PaddleOCR\n---\n", select=["CL104"]) == []
    assert lint("---\nlibrary_name: sentence-transformers\n---\n", select=["CL104"]) == []


def test_bom_crlf_position():
    assert lint("\ufeff---\r\nlibrary_name: torch\r\n---\r\n", select=["CL104"]) == [("CL104", 2, 15)]
