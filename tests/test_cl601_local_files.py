"""CL601: relative targets that are not in the card's folder; URLs are never fetched."""

from cardlint.api import lint_file, lint_text
from cardlint.config import Config

CARD = """---
license: mit
thumbnail: images/thumb.png
widget:
- src: samples/a.wav
---
# Model

![arch](images/arch.png) and [guide](docs/guide.md#setup) and [site](https://example.com/x.png).
<img src="assets/logo.png" width=100>
[anchor](#uses) [mail](mailto:a@b.co) [root](/docs)
[bad mail](team@example.com) [no scheme](huggingface.co/org/model)

```markdown
![in code](not/checked.png)
```
"""


def run(folder, files=()):
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x")
    (folder / "README.md").write_text(CARD)
    return lint_file(folder / "README.md", Config(select=("CL601",)))


def test_missing_targets_with_exact_positions(tmp_path):
    got = [(f.line, f.column, f.end_column) for f in run(tmp_path)]
    assert got == [(3, 12, 28), (5, 8, 21), (9, 9, 24), (9, 38, 57), (10, 11, 26), (12, 12, 28), (12, 42, 66)]


def test_messages_and_help(tmp_path):
    by_line = {(f.line, f.column): f for f in run(tmp_path)}
    assert by_line[(3, 12)].message == "`thumbnail` points at `images/thumb.png`, which is not next to the card"
    assert by_line[(9, 38)].message == "link points at `docs/guide.md`, which is not next to the card"
    assert by_line[(12, 12)].help == "an e-mail address needs `mailto:`: `mailto:team@example.com`"
    assert by_line[(12, 42)].help == "this looks like a web address without its scheme: `https://huggingface.co/org/model`"


def test_present_files_pass(tmp_path):
    files = ["images/thumb.png", "samples/a.wav", "images/arch.png", "docs/guide.md", "assets/logo.png", "team@example.com", "huggingface.co/org/model"]
    assert run(tmp_path, files) == []


def test_card_without_a_folder_is_not_checked():
    assert lint_text(CARD, config=Config(select=("CL601",))) == []


MALFORMED = """---
license: mit
thumbnail: (https://example.com/t.png)
---
# Model

[a]((https://example.com/a)) and [b]( (https://example.com/b) )
[k](((www.example.com/k))) [e](https//example.com/e) [o](<(https://example.com/o)>)
<img src="<https://example.com/l.png">
[h](<https://example.com/h>) [m](https://en.wikipedia.org/wiki/Foo_(bar)) [p](images/(draft).png)
"""


def test_web_addresses_in_disguise_are_malformed_not_missing(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "(draft).png").write_text("x")
    (tmp_path / "README.md").write_text(MALFORMED)
    got = [(f.line, f.column, f.message) for f in lint_file(tmp_path / "README.md", Config(select=("CL601",)))]
    assert got == [
        (3, 12, "`thumbnail` target `(https://example.com/t.png)` is malformed: the address is wrapped in `(...)`; write `https://example.com/t.png`"),
        (7, 5, "link target `(https://example.com/a)` is malformed: the address is wrapped in `(...)`; write `https://example.com/a`"),
        (7, 39, "link target `(https://example.com/b)` is malformed: the address is wrapped in `(...)`; write `https://example.com/b`"),
        (8, 5, "link target `((www.example.com/k))` is malformed: the address is wrapped in `((...))`; write `https://www.example.com/k`"),
        (8, 32, "link target `https//example.com/e` is malformed: `https//` lacks the colon of `https://`; write `https://example.com/e`"),
        (8, 59, "link target `(https://example.com/o)` is malformed: the address is wrapped in `(...)`; write `https://example.com/o`"),
        (9, 11, "image target `<https://example.com/l.png` is malformed: there are stray characters around the address; write `https://example.com/l.png`"),
    ]


def test_quoted_and_escaped_addresses_are_malformed():
    text = '---\nlicense: mit\n---\n[d]("https://example.com/d") [c](\\<https://example.com/c\\>) [g](&lt;https://example.com/g&gt;)\n'
    messages = sorted(f.message for f in lint_text(text, config=Config(select=("CL601",))))
    assert messages == [
        "link target `\"https://example.com/d\"` is malformed: the address is wrapped in `\"...\"`; write `https://example.com/d`",
        "link target `<https://example.com/c>` is malformed: the address is wrapped in `<...>`; write `https://example.com/c`",
        "link target `<https://example.com/g>` is malformed: the address is wrapped in `<...>`; write `https://example.com/g`",
    ]


def test_malformed_targets_are_reported_without_a_folder():
    assert [(f.rule, f.line, f.column) for f in lint_text("---\nlicense: mit\n---\n[a]((https://x.org/a))\n", config=Config(select=("CL601",)))] == [("CL601", 4, 5)]


def test_each_place_of_a_repeated_target_is_a_finding(tmp_path):
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# M\n\n- see docs/x.md\n\t- [x](docs/x.md) and [again](docs/x.md)\n")
    got = [(f.line, f.column, f.end_column) for f in lint_file(tmp_path / "README.md", Config(select=("CL601",)))]
    assert got == [(7, 8, 17), (7, 31, 40)]
