"""A card, parsed once: its source, its metadata block, its metadata with positions, its body.

Rules read a :class:`Card` and nothing else. Everything expensive (the Markdown
parse, the schema validation) is computed on first use and kept, so a run that
selects only metadata rules never parses Markdown and each rule reuses the
work of the others.
"""

from __future__ import annotations

import functools
from typing import Any

from cardlint import frontmatter, yamlload
from cardlint.frontmatter import FrontMatter, Status
from cardlint.model import Edit, Problem, Span
from cardlint.patterns import lazy
from cardlint.repo import LocalRepo
from cardlint.source import Source, SourceError


class Card:
    """One card. ``repo`` holds the files next to it (None for a card read from stdin without a name).

    ``derived`` holds results that rule helpers compute once per card and
    share (e.g. the prose text).
    """

    def __init__(self, source: Source, front_matter: FrontMatter, meta: yamlload.Metadata, repo: LocalRepo | None = None, forced_kind: str | None = None) -> None:
        self.source = source
        self.front_matter = front_matter
        self.meta = meta
        self.repo = repo
        self.forced_kind = forced_kind
        self.derived: dict = {}

    def __repr__(self) -> str:
        return f"Card({self.path!r})"

    @classmethod
    def parse(cls, source: Source, repo: LocalRepo | None = None, kind: str | None = None) -> Card:
        """Parse ``source``; ``kind`` (model, dataset, space) overrides the guess from the metadata."""
        block = frontmatter.locate(source.text)
        if block.status is Status.FOUND:
            meta = yamlload.load(block.yaml, block.first_line)
        else:
            meta = yamlload.Metadata(None)
        return cls(source, block, meta, repo, kind)

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def metadata(self) -> dict[str, Any]:
        """The metadata as plain data; empty when there is none or it could not be read."""
        return self.meta.data if isinstance(self.meta.data, dict) else {}

    @functools.cached_property
    def kind(self) -> str:
        """``model``, ``dataset`` or ``space``: as forced, else judged from keys only those cards use.

        Keys that only a model has (``pipeline_tag``, ``library_name``,
        ``model-index``, ``base_model``) win over everything else: model cards
        often copy ``task_categories`` or ``pretty_name`` from their dataset,
        and reading them as dataset cards would demand dataset sections and
        check keys the Hub ignores on models (CL111 reports those instead).
        A card with only dataset keys is still a model card when its code
        loads a model through transformers and never loads a dataset: a model
        card filled in with the dataset-card form.
        """
        if self.forced_kind:
            return self.forced_kind
        keys = set(self.metadata)
        if keys & MODEL_KEYS:
            return "model"
        if keys & _SPACE_KEYS:
            return "space"
        if keys & _DATASET_KEYS and not self._loads_a_model():
            return "dataset"
        return "model"

    def _loads_a_model(self) -> bool:
        code = "\n".join(fence.content for fence in self.body.fences)
        return _MODEL_LOAD.search(code) is not None and _DATASET_LOAD.search(code) is None

    @property
    def has_metadata(self) -> bool:
        """True when the block was read into a mapping that schema rules can check."""
        return isinstance(self.meta.data, dict)

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.source.lines

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    @functools.cached_property
    def body(self):
        """The Markdown body (see :mod:`cardlint.markdown`), parsed on first use."""
        from cardlint.markdown import Body

        lines = self.lines
        blanked = self.front_matter.closer_line
        if blanked:
            lines = [""] * blanked + lines[blanked:]
        return Body(lines, self.front_matter.body_start_line)

    @functools.cached_property
    def violations(self):
        """Schema violations of the metadata (see :mod:`cardlint.schema`), computed on first use."""
        from cardlint import schema

        if not self.has_metadata:
            return []
        return sorted(schema.validate(self.metadata, f"{self.kind}card"), key=lambda violation: self.locate(violation.path))

    @functools.cached_property
    def eval_results(self) -> list[tuple[str, yamlload.Metadata]]:
        """The ``.eval_results/*.yaml`` files next to the card, each read with positions.

        A file that cannot be read (not UTF-8, binary, too large, a link out
        of the repository) comes with no data and a CL507 problem saying why,
        so the rest of the card is still linted.
        """
        if self.repo is None:
            return []
        found = []
        for name in self.repo.files(".eval_results"):
            if name.endswith((".yaml", ".yml")):
                try:
                    text = self.repo.load(name).text
                except SourceError as error:
                    found.append((name, yamlload.Metadata(None, problems=[("CL507", Problem(Span.point(error.line), error.reason))])))
                    continue
                found.append((name, yamlload.load(text, 1, mapping=False)))
        return found

    def locate(self, path: tuple, key: bool = False) -> Span:
        """Span of the value (or key) at ``path`` in the metadata; the opening ``---`` when there is none."""
        return self.meta.locate(path, key) or self.metadata_span()

    def text_at(self, span: Span) -> str:
        """The text a one-line span covers."""
        return self.line(span.line)[span.column - 1 : span.end_column - 1] if span.line == span.end_line else ""

    def replace(self, span: Span, value: str, quoted: bool = True) -> Edit:
        """An edit writing ``value`` over the scalar at ``span``, in the scalar's own quotes when ``quoted``.

        A node's span starts at its anchor or tag (``&name !!str 'MIT'``); those
        are kept. Whether the value may be edited at all (it may be shared
        through an alias or a merge key) is decided by :func:`cardlint.fix.vet`
        for every fix, however a rule built it.
        """
        original = self.text_at(span)
        properties = _PROPERTIES.match(original).group(0) if original else ""
        scalar = original[len(properties):]
        quote = scalar[:1] if quoted and scalar[:1] in ("'", '"') and scalar.endswith(scalar[:1]) and len(scalar) > 1 else ""
        start = Span(span.line, span.column + len(properties), span.end_line, span.end_column) if properties else span
        return Edit(start, f"{quote}{value}{quote}")

    def line_span(self, line: int, column: int = 1) -> Span:
        """From ``column`` to the end of ``line``: where a problem with a whole line or heading points."""
        return Span(line, column, line, len(self.line(line)) + 1)

    def metadata_span(self) -> Span:
        """Where to point for a problem with the metadata as a whole: the opening ``---``."""
        return self.line_span(self.front_matter.opener_line)


_PROPERTIES = lazy(r"^(?:[&!][^\s,\[\]{}]*\s+)*")
"""The anchor and tag in front of a node (``&l !!str ``), which a fix of the value keeps."""

_MODEL_LOAD = lazy(r"\bAutoModel\w{0,60}\.from_pretrained\(|\bpipeline\(")
_DATASET_LOAD = lazy(r"\bload_dataset\(")
"""How usage code loads a model with transformers, and a dataset with datasets."""

MODEL_KEYS = frozenset({"pipeline_tag", "library_name", "model-index", "base_model"})
"""Keys the Hub reads only on model cards."""
_DATASET_KEYS = frozenset({
    "task_categories", "task_ids", "size_categories", "annotations_creators", "language_creators",
    "multilinguality", "source_datasets", "dataset_info", "configs", "paperswithcode_id", "train-eval-index", "pretty_name",
})
_SPACE_KEYS = frozenset({"sdk", "app_file", "sdk_version", "app_port", "colorFrom", "colorTo"})

