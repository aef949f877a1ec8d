"""The body as a tree of sections, with fences, task items, comments and links, in whole-file lines."""

from cardlint.card import Card
from cardlint.source import decode

CARD = """---
license: mit
---
# Model Card

Intro with a [link](docs/guide.md) and ![img](images/a.png).

## 1. Model Details
<!-- a comment -->
Text.

### Model Description

- [ ] fill this in
- [x] done

## Uses 🚀

```python
# not a heading
import torch
```

Setext heading
--------------
"""


def body(text=CARD):
    return Card.parse(decode(text.encode(), "README.md")).body


def test_sections_form_a_tree_with_whole_file_lines():
    tree = [(s.level, s.title, s.line, s.content_end, s.end_line) for s in body().all_sections()]
    assert tree == [
        (1, "Model Card", 4, 7, 26),
        (2, "1. Model Details", 8, 11, 16),
        (3, "Model Description", 12, 16, 16),
        (2, "Uses 🚀", 17, 23, 23),
        (2, "Setext heading", 24, 26, 26),
    ]


def test_heading_title_column():
    sections = list(body("---\na: 1\n---\n##   Spaced title\n").all_sections())
    assert (sections[0].line, sections[0].column) == (4, 6)


def test_fences_task_items_comments_and_links():
    parsed = body()
    assert [(f.info, f.line, f.end_line) for f in parsed.fences] == [("python", 19, 22)]
    assert [(t.checked, t.text, t.line, t.column) for t in parsed.task_items] == [(False, "fill this in", 14, 3), (True, "done", 15, 3)]
    assert [(c.text, c.line, c.column) for c in parsed.comments] == [(" a comment ", 9, 1)]
    assert [(l.target, l.image, l.line, l.column) for l in parsed.links] == [("docs/guide.md", False, 6, 21), ("images/a.png", True, 6, 47)]


def test_metadata_is_not_markdown():
    parsed = body("---\ntitle: x\n# not: a heading\n---\n# Real\n")
    assert [(s.title, s.line) for s in parsed.all_sections()] == [("Real", 5)]


def test_crlf_and_bom_keep_lines():
    parsed = body("\ufeff---\r\na: 1\r\n---\r\n\r\n## Uses\r\n")
    assert [(s.title, s.line) for s in parsed.all_sections()] == [("Uses", 5)]


def links(text):
    return [(l.target, l.image, l.line, l.column) for l in body("---\na: 1\n---\n# T\n\n" + text).links]


def test_a_repeated_link_is_found_at_each_place():
    assert links("[a](x.md) [b](x.md)\ntext [c](x.md)\n") == [("x.md", False, 6, 5), ("x.md", False, 6, 15), ("x.md", False, 7, 10)]


def test_link_in_a_tab_indented_list_item_after_the_same_text():
    assert links("- see docs/x.md\n\t[guide](docs/x.md)\n-\titem [a](y.md)\n") == [("docs/x.md", False, 7, 10), ("y.md", False, 8, 12)]


def test_link_text_equal_to_its_target():
    assert links("* results: [benchmark.txt](benchmark.txt)\n") == [("benchmark.txt", False, 6, 28)]


def test_link_across_a_soft_line_break():
    assert links("[a long\nlabel](x.md) and [b](\n  y.md) and ![c](<z z.png>)\n") == [("x.md", False, 7, 8), ("y.md", False, 8, 3), ("z%20z.png", True, 8, 19)]


def test_badge_image_inside_a_link():
    assert links("[![badge](b.svg)](b.svg) [![c](c.svg)](page.md)\n") == [
        ("b.svg", True, 6, 11), ("b.svg", False, 6, 19), ("c.svg", True, 6, 32), ("page.md", False, 6, 40),
    ]


def test_reference_link_points_at_its_paragraph():
    assert links("Intro [a][ref].\n\n[ref]: docs/a.md\n") == [("docs/a.md", False, 6, 1)]


def test_target_that_begins_another_target_in_a_tab_indented_item():
    assert links("- see [notes](docs/a.md.txt)\n\tand [a](docs/a.md)\n") == [("docs/a.md.txt", False, 6, 15), ("docs/a.md", False, 7, 10)]
