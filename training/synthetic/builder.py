"""A document assembled piece by piece: every piece knows whether it is a section start, a labelled
number or plain text, so section and entity offsets come out exact whatever the layout or noise."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from training.synthetic.noise import Noise

# Paragraph separators per layout family: Word exports and tab/pipe texts keep line breaks,
# the single-line web pages keep a space (spaced) or nothing (glued).
PARAGRAPH_SEP = {"word": "\n\n", "tabs": "\n", "pipes": "\n", "spaced": " ", "glued": ""}
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Slot:
    """What fills a {name} of a sentence template: a labelled quantity or an untagged number."""

    text: str
    label: str | None = None  # SPEC §6 entity label; None for distractors (dates, phones, rates…)
    key: str | None = None  # the gold field the number restates, if any
    group: str | None = None  # parts that add up to one total share a group (the total's key)
    value: int | float | None = None  # the number the text states
    trailer: str = ""  # printed right after the quantity, outside its span (1万余条's 余)


@dataclass
class DocBuilder:
    layout: str
    noise: Noise | None = None
    parts: list[str] = field(default_factory=list)
    length: int = 0
    sections: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    at_break: bool = True  # the text ends with a paragraph separator (or is empty)

    def _append(self, s: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(s)
        self.length += len(s)
        self.at_break = False
        return start, self.length

    def section(self, label: str) -> None:
        """Close the open section and start `label` on a new paragraph. As in the corpus, a section
        starts at its first character; the separator before it ends the previous section."""
        self.paragraph()
        if self.sections:
            self.sections[-1]["end"] = self.length
        self.sections.append({"start": self.length, "end": None, "label": label})

    def paragraph(self) -> None:
        """A paragraph break, unless the text is empty or already ends with one."""
        if not self.at_break:
            self.text(PARAGRAPH_SEP[self.layout], cjk=False)
            self.at_break = True

    def text(self, s: str, cjk: bool = True) -> None:
        self._append(self.noise.text(s, cjk) if self.noise else s)

    def table(self, s: str) -> None:
        self.paragraph()
        self.text(s, cjk=False)

    def entity(self, slot: Slot) -> None:
        shown = self.noise.number(slot.text) if self.noise else slot.text
        start, end = self._append(shown)
        self.entities.append({"start": start, "end": end, "label": slot.label, "text": shown})
        if slot.key or slot.group:
            self.links.append({"start": start, "end": end, "label": slot.label, "key": slot.key,
                               "group": slot.group, "value": slot.value})
        if slot.trailer:
            self.text(slot.trailer)

    def sentence(self, template: str, slots: dict[str, Slot]) -> None:
        """Literal text of the template as plain text, each {name} as its slot."""
        pos = 0
        for m in _SLOT.finditer(template):
            if m.start() > pos:
                self.text(template[pos : m.start()])
            slot = slots[m.group(1)]
            self.entity(slot) if slot.label else self.text(slot.text)
            pos = m.end()
        if pos < len(template):
            self.text(template[pos:])

    def finish(self) -> tuple[str, list[dict], list[dict]]:
        """The text, its sections (empty ones dropped) and its entities."""
        text = "".join(self.parts) + "\n"
        if self.sections:
            self.sections[-1]["end"] = len(text)
        sections = [s for s in self.sections if s["end"] > s["start"]]
        return text, sections, self.entities
