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
