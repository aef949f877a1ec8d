from conftest import findings, lint


def test_typo_gets_the_closest_task():
    [finding] = findings("---\npipeline_tag: text-generator\n---\n", select=["CL103"])
    assert (finding.line, finding.column) == (2, 15)
    assert finding.help == "use `text-generation`"


def test_retired_tag_names_its_replacement():
    [finding] = findings("---\npipeline_tag: text2text-generation\n---\n", select=["CL103"])
    assert "no longer a Hub task" in finding.message
    assert finding.help == "use `text-generation`"


def test_valid_tag_passes():
    assert lint("---\npipeline_tag: automatic-speech-recognition\n---\n", select=["CL103"]) == []


def test_bom_crlf_position():
    assert lint("\ufeff---\r\npipeline_tag: Text-Classification\r\n---\r\n", select=["CL103"]) == [("CL103", 2, 15)]
