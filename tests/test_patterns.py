"""A pattern declared with ``lazy`` behaves as the compiled pattern does, and is compiled once, on first use."""

import re

from cardlint import patterns
from cardlint.patterns import lazy


def test_a_lazy_pattern_answers_as_the_compiled_one():
    declared = lazy(r"(\d+)\s*%", re.IGNORECASE)
    compiled = re.compile(r"(\d+)\s*%", re.IGNORECASE)
    assert declared.search("about 50 %").group(1) == "50"
    assert declared.sub("N", "5% and 7 %") == compiled.sub("N", "5% and 7 %") == "N and N"
    assert [m.span() for m in declared.finditer("1% 22%")] == [(0, 2), (3, 6)]
    assert (declared.pattern, declared.flags) == (compiled.pattern, compiled.flags)


def test_it_compiles_only_when_first_used_and_then_once(monkeypatch):
    calls = []
    real = re.compile
    monkeypatch.setattr(patterns.re, "compile", lambda *args: calls.append(args) or real(*args))
    declared = lazy("a+")
    assert calls == []
    declared.match("aa")
    declared.match("a")
    declared.fullmatch("aaa")
    assert calls == [("a+", 0)]
    assert repr(declared) == "lazy('a+')"
