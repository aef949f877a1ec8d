from conftest import findings, lint


def test_list_block():
    assert lint("---\n- license: mit\n- tags: [a]\n---\n", select=["CL005"]) == [("CL005", 2, 1)]


def test_scalar_block():
    [finding] = findings("---\njust text\n---\n", select=["CL005"])
    assert (finding.line, finding.column) == (2, 1)
    assert "a single value" in finding.message


def test_python_tag_is_reported_and_never_constructed():
    [finding] = findings("---\nlicense: !!python/object/apply:os.system [echo hacked]\n---\n", select=["CL005"])
    assert (finding.line, finding.column) == (2, 10)
    assert "!!python/object/apply:os.system" in finding.message


def test_dates_stay_strings_and_are_not_tags():
    assert lint("---\nlicense: mit\nreleased: 2024-01-31\n---\n", select=["CL005"]) == []


def test_billion_laughs_stops_at_the_alias_budget_with_a_finding():
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    [finding] = findings("---\n" + "\n".join(rows) + "\n---\n", select=["CL005"])
    assert (finding.line, finding.column) == (6, 1)
    assert "expand to more than 10,000 values" in finding.message


def test_self_referencing_alias():
    assert lint("---\na: &x [*x]\n---\n", select=["CL005"]) == [("CL005", 2, 1)]


def test_small_aliases_are_fine():
    assert lint("---\nbase: &b {emissions: 1}\nco2_eq_emissions: *b\n---\n", select=["CL005"]) == []


def test_deep_nesting_is_refused_not_crashed():
    text = "---\na: " + "[" * 300 + "]" * 300 + "\n---\n"
    assert lint(text, select=["CL005"]) == [("CL005", 2, 1)]
