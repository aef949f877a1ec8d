import pytest
from conftest import findings, lint, run_cli


@pytest.mark.parametrize(
    ("value", "help_fragment"),
    [("English", "use `en`"), ("EN", "use `en`"), ("zh-CN", "use `zh`: the Hub takes ISO 639 codes without a region"), ("french", "use `fr`")],
)
def test_names_and_regions_get_the_code(value, help_fragment):
    [finding] = findings(f"---\nlanguage:\n- {value}\n---\n", select=["CL102"])
    assert (finding.rule, finding.line, finding.column, finding.key_path) == ("CL102", 3, 3, "language[0]")
    assert help_fragment in finding.help


def test_string_value_is_checked_too():
    assert lint("---\nlanguage: English\n---\n", select=["CL102"]) == [("CL102", 2, 11)]


def test_iso_639_3_and_documented_specials_pass():
    assert lint("---\nlanguage:\n- en\n- yue\n- code\n---\n", select=["CL102"]) == []


def test_bom_crlf_position():
    assert lint("\ufeff---\r\nlanguage:\r\n- en\r\n- English\r\n---\r\n", select=["CL102"]) == [("CL102", 4, 3)]


@pytest.mark.parametrize("code", ["en", "yue", "ger", "fre", "deu", "fra", "afa", "cpp", "cel", "mkh", "nds", "mul", "und", "code", "multilingual"])
def test_iso_639_2_b_t_and_collective_codes_pass_as_the_hub_accepts_them(code):
    assert lint(f"---\nlanguage:\n- {code}\n---\n", select=["CL102"]) == []
    assert lint(f"---\nlanguage: {code}\n---\n", select=["CL102"], kind="dataset") == []


@pytest.mark.parametrize(
    ("value", "message", "help_text"),
    [
        ("ru-en", "'ru-en', a pair of languages in one entry", "write each language as its own entry: `[ru, en]`"),
        ("ta_en", "'ta_en', a pair of languages in one entry", "`[ta, en]`"),
        ("en-de", "a pair of languages in one entry", "`[en, de]` (if `de` is a region, use `en` and put `en-DE` in `language_bcp47`)"),
        ("en-de-fr", "3 languages in one entry", "`[en, de, fr]`"),
        ("Italian English", "a pair of languages in one entry", "`[it, en]`"),
        ("Cszech Swedish", "a pair of languages in one entry", "`[cs, sv]`"),
        ("zh-CN", "'zh-CN', a language with a region", "use `zh`: the Hub takes ISO 639 codes without a region (put `zh-CN` in `language_bcp47`)"),
        ("pt-br", "a language with a region", "use `pt`: the Hub takes ISO 639 codes without a region (put `pt-BR` in `language_bcp47`)"),
        ("nb-NO", "a language with a region", "use `nb`"),
        ("EN-US", "a language with a region", "use `en`"),
        ("es-419", "a language with a region", "put `es-419` in `language_bcp47`"),
        ("sr-Latn", "a language with a script", "use `sr`: the Hub takes ISO 639 codes without a script or region (put `sr-Latn` in `language_bcp47`)"),
        ("en_unnorm", "which is not an ISO 639 language code", "use `en`: the Hub takes the bare ISO 639 code"),
        ("zle", "the ISO 639-5 code of a group of languages (East Slavic languages), which the Hub does not accept", "list the languages of the group"),
        ("qtd", "a code ISO 639-2 reserves for local use (qaa-qtz)", "list the languages it stands for"),
        ("noinfo", "which is not an ISO 639 language code", "write `und` (undetermined)"),
        ("en-", "which is not an ISO 639 language code", "use `en`"),
        ("de,", "which is not an ISO 639 language code", "use `de`"),
        ("Deustch", "which is not an ISO 639 language code", "use an ISO 639-1 code such as `en`"),
    ],
)
def test_tags_pairs_groups_and_placeholders_say_what_to_write_and_are_not_fixed(value, message, help_text):
    [finding] = findings(f"---\nlanguage:\n- {value}\n---\n", select=["CL102"])
    assert (finding.rule, finding.line, finding.column) == ("CL102", 3, 3)
    assert finding.message.startswith(f"`language[0]` is {value!r}, ") and message in finding.message
    assert help_text in finding.help
    assert finding.fix is None


@pytest.mark.parametrize(("value", "code"), [("jw", "jv"), ("JW", "jv"), ("iw", "he"), ("in", "id"), ("ji", "yi"), ("mo", "ro"), ("sh", "hbs"), ("ajp", "apc")])
def test_withdrawn_codes_are_fixed_to_the_current_code(value, code):
    [finding] = findings(f"---\nlanguage: [en, {value}]\n---\n", select=["CL102"])
    assert (finding.line, finding.column, finding.message) == (2, 16, f"`language[1]` is {value!r}, a code ISO 639 has withdrawn")
    assert finding.help == f"use `{code}`, the current code for that language"
    assert finding.fix.description == f"replace `{value}` with `{code}`"


def test_fix_rewrites_a_withdrawn_code_and_leaves_pairs_and_regions(tmp_path):
    card = tmp_path / "README.md"
    card.write_text("---\nlanguage:\n- jw  # Whisper's old code\n- ru-en\n- zh-CN\n- English\n---\n# Card\n")
    result = run_cli("--no-config", "--select", "CL102", "--fix", "README.md", cwd=tmp_path)
    assert card.read_text() == "---\nlanguage:\n- jv  # Whisper's old code\n- ru-en\n- zh-CN\n- en\n---\n# Card\n"
    out = result.stdout.decode()
    assert "Fixed 2 problems." in out and "README.md:4:3: CL102" in out and "README.md:5:3: CL102" in out
    assert result.returncode == 1
