"""What an attachment carries that must not be published as it stands, in words a clerk can act on.

:mod:`pipeline.docxclean` and :mod:`pipeline.pdfclean` report what they find
(or removed) in a file as :class:`Finding` values; validation and the build
turn a list of them into one sentence with :func:`describe`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """Some number of one kind of thing found in a file, such as 2 tracked changes."""

    count: int
    """How many were found."""
    singular: str
    """The thing's name for one: "tracked change"."""
    plural: str
    """Its name for more than one: "tracked changes"."""
    remedy: str = ""
    """What the author does in Word (or the PDF's tool) to remove them: "accept or reject the changes"."""

    def __str__(self) -> str:
        return f"{self.count} {self.singular if self.count == 1 else self.plural}"


class UnreadableFile(ValueError):
    """A file that cannot be opened as what its name says (not a PDF, corrupt, password-protected); the message says why."""


def describe(findings: list[Finding]) -> str:
    """Return `findings` as one phrase: "2 tracked changes, 1 comment and 3 live fields"."""
    return _joined([str(f) for f in findings])


def remedies(findings: list[Finding]) -> str:
    """Return the remedies of `findings` as one phrase, each said once: "accept or reject the changes and delete the comments"."""
    said: list[str] = []
    for finding in findings:
        if finding.remedy and finding.remedy not in said:
            said.append(finding.remedy)
    return _joined(said)


def _joined(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
