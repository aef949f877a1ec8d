"""CL009: a disable comment that silences nothing. The linter reports it; this module declares it."""

from cardlint.model import Severity
from cardlint.rule import Rule

unused_suppression = Rule(
    id="CL009",
    name="unused-suppression",
    severity=Severity.INFO,
    summary="a disable comment that silences nothing",
    doc="""
## What it does
Reports a `cardlint-disable` comment (HTML in the body, `# cardlint: disable=`
in the metadata) that silenced no finding of a rule that ran, or that names a
rule that does not exist.

## Why is this bad?
Stale suppressions hide the next real problem at that place, and a misspelt
rule id silences nothing while looking as if it did.

## Example
```markdown
---
license: mit # cardlint: disable=CL101
---
# My model
```

## Use instead
```markdown
---
license: mit
---
# My model
```
""".strip(),
)
