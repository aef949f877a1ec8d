"""CL401: `library_name: transformers` on a model that transformers cannot load."""

import json
import re

from cardlint.model import Problem
from cardlint.patterns import lazy
from cardlint.rule import Option, rule

WEIGHTS_ONLY = (".pt", ".pth", ".ckpt", ".pkl", ".bin")
"""Weight formats that say nothing about transformers without a config.json (spec: CL401 evidence)."""

MODEL_FILES = (*WEIGHTS_ONLY, ".safetensors", ".h5", ".msgpack", ".gguf", ".onnx", ".py")

_TORCH_MODULE = lazy(r"^class\s+(\w+)\s*\(\s*(?:torch\.)?nn\.Module\s*\)", re.MULTILINE)
_PRETRAINED = lazy(r"^class\s+\w+\s*\((?:[^)\n]|\n(?!class\b))*\b(?:PreTrainedModel|PretrainedConfig|PreTrainedTokenizer\w*)\b", re.MULTILINE)
"""A class that derives from transformers; its bases end at the ``)``, or at the next ``class`` line, which cannot
stand inside parentheses (stopping there reads each part of a file of unclosed ``class A(`` lines once)."""
_TRANSFORMERS_USE = lazy(r"\bfrom\s+transformers\b|\bimport\s+transformers\b|\bAutoModel\w*|\bpipeline\s*\(|trust_remote_code")
_TORCH_LOAD = lazy(r"\btorch\.load\s*\(")
_IMPORT = lazy(r"^[^\S\n]*(?:from\s+(\.?\w+)(?!\w)[\w.]*\s+import|import\s+(\w+))", re.MULTILINE)
"""An import's top-level module. Indentation is read on the import's own line and the name is taken whole, so that
no run of blank lines or letters is read again from each of its characters."""
_LOCAL_NAMES = frozenset({"model", "models", "net", "network", "networks", "arch", "architecture", "modeling", "my_model"})
_CODE_INFOS = ("python", "py", "python3", "")

CUSTOM_CODE = Option(
    "custom-code",
    default=None,
    type=bool,
    help="true: the model needs its own code (always report library_name: transformers); false: transformers loads it (never report); unset: judge from the evidence",
)


def _folder_evidence(repo):
    """(evidence for custom code, evidence against) from the files next to the card."""
    files = repo.files()
    if not any(name.endswith(MODEL_FILES) or name == "config.json" for name in files):
        return [], []
    found, against = [], []
    if "config.json" in files:
        config = _json(repo.read_text("config.json"))
        if isinstance(config, dict) and config.get("auto_map"):
            against.append("config.json has auto_map (remote code loaded through transformers)")
        elif isinstance(config, dict) and (config.get("model_type") or config.get("architectures")):
            against.append("config.json names a model_type/architectures")
        else:
            found.append("config.json has no model_type or architectures")
    else:
        weights = [name for name in files if name.endswith(WEIGHTS_ONLY)]
        if weights:
            found.append(f"weights only as {', '.join(weights[:3])}{' ...' if len(weights) > 3 else ''} with no config.json")
    for name in (name for name in files if name.endswith(".py")):
        text = repo.read_text(name) or ""
        module = _TORCH_MODULE.search(text)
        if module and not _PRETRAINED.search(text):
            found.append(f"{name} defines `class {module.group(1)}(nn.Module)`, not a PreTrainedModel")
    return found, against


def _json(text):
    try:
        return json.loads(text) if text else None
    except (ValueError, RecursionError):
        return None


def _card_evidence(card, repo_files):
    """(evidence, against) from the card's own Python code blocks."""
    code = "\n".join(fence.content for fence in card.body.fences if fence.info.split(" ")[0].lower() in _CODE_INFOS)
    if not code.strip():
        return [], []
    if _TRANSFORMERS_USE.search(code):
        return [], ["the card's code loads the model through transformers"]
    found = []
    if _TORCH_LOAD.search(code):
        found.append("the card's code loads weights with torch.load")
    local = sorted({
        name for match in _IMPORT.finditer(code) for name in [match.group(1) or match.group(2)]
        if name.startswith(".") or name in _LOCAL_NAMES or f"{name}.py" in repo_files
    })
    if local:
        found.append(f"the card's code imports local module(s) {', '.join(local)}")
    return found, []


@rule("CL401", "transformers-on-custom-code", "warning", "`library_name: transformers` while the evidence says custom code", options=(CUSTOM_CODE,))
def transformers_on_custom_code(card, options):
    """
    ## What it does
    Reports `library_name: transformers` when the evidence says transformers
    cannot load the model. Evidence from the folder holding the card (when it
    holds model files at all): weights only as `.pt`/`.pth`/`.ckpt`/`.pkl`/`.bin`
    with no `config.json`, a `config.json` without `model_type`/`architectures`,
    `*.py` modules that subclass `torch.nn.Module` rather than
    `PreTrainedModel`. Evidence from the card: usage code that loads the model
    with `torch.load` or a local import and never through transformers. A
    `config.json` with `auto_map` (remote code through transformers) is not
    custom code. The message lists the evidence; `custom-code = true|false`
    in the configuration overrides the guess.

    ## Why is this bad?
    The Hub shows a "Use this model" snippet for the library the card names;
    with `transformers` on a plain PyTorch model, that snippet fails for every
    user who tries it.

    ## Example
    ````markdown
    ---
    library_name: transformers
    ---
    # My model

    ```python
    import torch
    from model import Net

    net = Net()
    net.load_state_dict(torch.load("model.pt"))
    ```
    ````

    ## Use instead
    ````markdown
    ---
    tags:
    - pytorch
    ---
    # My model

    ```python
    import torch
    from model import Net

    net = Net()
    net.load_state_dict(torch.load("model.pt"))
    ```
    ````
    """
    if card.metadata.get("library_name") != "transformers":
        return
    override = options["custom-code"]
    if override is False:
        return
    repo_files = set(card.repo.files()) if card.repo else set()
    found, against = _folder_evidence(card.repo) if card.repo else ([], [])
    card_found, card_against = _card_evidence(card, repo_files)
    found, against = found + card_found, against + card_against
    if override is True:
        found = found or ["the configuration says custom-code = true"]
    elif not found or against:
        return
    yield Problem(
        card.locate(("library_name",)),
        f"`library_name: transformers`, but transformers cannot load this model: {'; '.join(found)}",
        key_path="library_name",
        help=(
            "`pytorch` is not a Hub library name: remove `library_name` and add a `pytorch` tag, or name the library "
            "that really loads the model (one registered on the Hub); if transformers does load it, set `custom-code = false`"
        ),
    )
