"""Test names stay short, so every child process a test starts can inherit PYTEST_CURRENT_TEST."""


def test_no_test_name_is_longer_than_a_line_of_output(request):
    longest = max(request.session.items, key=lambda item: len(item.nodeid))
    assert len(longest.nodeid) <= 300, longest.nodeid[:300]
