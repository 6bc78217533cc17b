"""Synthetic reports for TRAINING ONLY, labelled exactly by construction.

Each document has consistent tables (SPEC §3, both templates, every layout family), narrative whose
quantities (SPEC §6) are stated in varied phrasings and agree with the tables, numbers that must not
be tagged (dates, phones, rates, staff, hotline calls, 依申请公开信息数), section headings (SPEC §5),
sometimes page chrome, and sometimes OCR-like damage applied piece by piece so offsets stay exact.

`generate(n, seed, out)` writes per document <out>/synth_<i>.txt, synth_<i>.json (an AnnotationFile)
and synth_<i>.gold.json (table gold in the shape of annotations/gold, plus the links from entities
to the fields they restate). Synthetic files never go to annotations/ nor into the splits.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, replace
from pathlib import Path

from extractor.checks.rules import T3_OTHER_ROWS, T3_OUTCOMES_COMMON
from extractor.templates import template as tmpl
from extractor.spec import TEMPLATES
from training.corpus import AnnotationFile
from training.synthetic import phrases as P
from training.synthetic.builder import PARAGRAPH_SEP, DocBuilder, Slot
from training.synthetic.noise import DIGIT_CONFUSIONS, FULL_WIDTH, Noise
from training.synthetic.tables import AMOUNT_KEY, LAYOUTS, format_table, format_value, realistic_values, table_lines

REPO = Path(__file__).resolve().parents[1]
# Never write synthetic documents where the real corpus's annotations live.
PROTECTED = (REPO / "annotations",)

_PLACES = ("青川县", "东湖区", "南屿镇", "临江市", "北岭街道", "云溪县", "石门区", "西坪镇", "安澜市", "白沙街道", "平湖新区")
_AGENCIES = ("人民政府", "人民政府办公室", "财政局", "市场监督管理局", "交通运输局", "卫生健康委员会", "自然资源局",
             "生态环境局", "教育局", "民政局", "人力资源和社会保障局", "住房和城乡建设局", "公安局", "行政审批局", "办事处")
_STREETS = ("人民路", "建设路", "府前街", "新华路", "滨江大道")
_CN_DIGITS = "零一二三四五六七八九"
_CN_VALUES = {ch: i for i, ch in enumerate(_CN_DIGITS)} | {"两": 2, "十": 10}


@dataclass(frozen=True)
class Plan:
    """The choices that shape one document."""

    template: str
    t3_template: str  # differs from template in a mixed report
    layout: str
    year: int
    body: str
    we: str  # how the body names itself in running text
    abbr: str  # the body's short form in document numbers
    amount_unit: str  # 元 | 万元 (2021 fees are always 万元)
    amount_place: str  # cell | header | none: where table 2 prints the amount's unit
    numbering: str  # how chapters are numbered (一、 1、 ## 一、); a heading sometimes drifts from it
    part_numbering: str  # how the overview's parts are numbered (（一） 1. （1）)
    noisy: bool
    chrome: bool
    titled: bool
    part_headings: bool

    @property
    def printed_unit(self) -> str:
        """The unit printed with table 2's amount (and with the narrative that restates it)."""
        return "" if self.amount_place == "none" else self.amount_unit


@dataclass(frozen=True)
class SynthDoc:
    name: str
    text: str
    annotation: dict
    gold: dict


# ---- planning ---------------------------------------------------------------------------------
def _plan(index: int, rng: random.Random) -> Plan:
    layout = LAYOUTS[index % len(LAYOUTS)]  # cycle so that every layout and template is covered
    template = TEMPLATES[(index // len(LAYOUTS)) % len(TEMPLATES)]
    mixed = template == "2021" and rng.random() < 0.08
    place, agency = rng.choice(_PLACES), rng.choice(_AGENCIES)
    web = layout in ("spaced", "glued")  # single-line texts come from web pages: chrome, often no title
    return Plan(
        template=template,
        t3_template="2019" if mixed else template,
        layout=layout,
        year=rng.choice((2019, 2020)) if template == "2019" else rng.randint(2021, 2025),
        body=place + agency,
        we=_we(place, agency),
        abbr=place[0] + agency[0],
        amount_unit="万元" if template == "2021" else rng.choice(("元", "万元")),
        amount_place="header" if template == "2021" else rng.choice(("cell", "cell", "header", "none")),
        numbering=rng.choice(P.NUMBERING_CN if web else P.NUMBERING + P.MARKDOWN_NUMBERING),
        part_numbering=rng.choice(P.PART_NUMBERING),
        noisy=rng.random() < 0.25,
        chrome=rng.random() < (0.7 if web else 0.1),
        titled=rng.random() < (0.5 if web else 0.9),
        part_headings=rng.random() < 0.7,
    )


def _we(place: str, agency: str) -> str:
    for suffix, we in (("局", "我局"), ("委员会", "我委"), ("办事处", "我街道"), ("办公室", "本机关")):
        if agency.endswith(suffix):
            return we
    return "本机关" if not place.endswith(("区", "县", "市")) else "我" + place[-1]


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`parts` non-negative counts adding up to `total`."""
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


# ---- slots: every number a sentence may need ---------------------------------------------------
def _count_text(n: int, rng: random.Random, words: bool = False) -> str:
    """A count as printed; small counts are sometimes written in Chinese numerals (两件, 三起)."""
    if words and 1 <= n <= 10 and rng.random() < 0.15:
        return "十" if n == 10 else ("两" if n == 2 and rng.random() < 0.5 else _CN_DIGITS[n])
    return str(n)


def _amount_text(value: int | float, unit: str, rng: random.Random) -> str:
    text = format_value(value)
    if isinstance(value, int) and value >= 10_000 and rng.random() < 0.15:
        text = f"{value:,}"  # thousands separators, which readers normalize away
    return text + unit


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "100%"


def _distractors(plan: Plan, rng: random.Random) -> dict[str, Slot]:
    """Numbers that are not quantities of SPEC §6 (and words that fill the templates)."""
    plain = {
        "y": plan.year, "ny": plan.year + 1, "m": rng.randint(1, 3), "d": rng.randint(10, 28),
        "phone": f"0{rng.randint(10, 999)}-{rng.randint(2_000_000, 89_999_999)}",
        "postcode": rng.randint(100000, 860000),
        "addr": rng.randint(1, 399), "pct": f"{rng.choice(('100', '98.5', '99.20', '96'))}%",
        "visits": rng.randint(5_000, 2_000_000), "calls": rng.randint(50, 90_000), "fans": rng.randint(500, 200_000),
        "staff": rng.randint(1, 12), "trainings": rng.randint(1, 12), "trainees": rng.randint(20, 600),
        "meetings": rng.randint(1, 9), "docno": rng.randint(1, 150), "checked": rng.randint(20, 3000),
        "points": rng.randint(1, 20),
        "proposals": rng.randint(0, 40), "proposals2": rng.randint(0, 40),
        "body": plan.body, "we": plan.we, "abbr": plan.abbr, "street": rng.choice(_STREETS),
        "sep": PARAGRAPH_SEP[plan.layout],
    }
    return {k: Slot(str(v)) for k, v in plain.items()}


def _q(label: str, value: int | float, text: str, key: str | None = None, group: str | None = None) -> Slot:
    """A quantity slot: labelled, and keyed to the gold field it restates where there is one."""
    return Slot(text, label, key, group, value)


def _keyed(key: str, value: int | float, text: str) -> Slot:
    """A quantity slot stating an `n.*` key, labelled as the template labels that key."""
    return _q(tmpl.NARRATIVE_LABELS[key], value, text, key)


def _stated(key: str, value: int) -> tuple[str, int, str]:
    """(label, value, key) of a count that states an `n.*` key, its label the template's."""
    return tmpl.NARRATIVE_LABELS[key], value, key


def _maybe_in_wan(total: int, rng: random.Random) -> tuple[int, str, str]:
    """A fifth of the totals, redrawn in the tens of thousands and printed scaled by 万 (3万, 1.2万, 2万余; guidelines
    D8: the span keeps 万, a 余 after it stays outside, the value is the scaled number): its value, its text and what
    follows it outside the span. Drawn from a generator seeded by `rng`'s state, not from `rng`, so that every other
    draw of the document stays as it was."""
    own = random.Random(repr(rng.getstate()[1]))  # (a str seed is hashed with SHA-512: the same in every process)
    if own.random() >= 0.2:
        return total, str(total), ""
    tens_of_thousands = own.randint(1, 9)
    if own.random() < 0.3:
        tenth = own.randint(1, 9)
        return tens_of_thousands * 10_000 + tenth * 1_000, f"{tens_of_thousands}.{tenth}万", ""
    return tens_of_thousands * 10_000, f"{tens_of_thousands}万", own.choice(("", "余", "多"))


def _proactive_slots(rng: random.Random) -> tuple[dict[str, Slot], list[tuple[str, Slot]]]:
    """The year's total, a cumulative count, a lone channel count, and named parts adding up to the total."""
    total = rng.choice((rng.randint(20, 400), rng.randint(400, 3000), rng.randint(3000, 16000)))
    total, total_text, after_total = _maybe_in_wan(total, rng)
    cumulative = total * rng.randint(2, 12)
    channel = rng.randint(5, 900)
    # Counts of items by disclosure attribute: 依申请公开信息数 is not a count of requests.
    attr_requests, attr_denied = rng.randint(0, 400), rng.randint(0, 30)
    slots = {
        "attr_requests": Slot(str(attr_requests)), "attr_denied": Slot(str(attr_denied)),
        "made_all": Slot(str(total + attr_requests + attr_denied)),
        "proactive_total": replace(_keyed("n.proactive.total", total, total_text), trailer=after_total),
        "cumulative": _keyed("n.proactive.cumulative", cumulative, str(cumulative)),
        "channel_part": _q("PROACTIVE_PART", channel, str(channel)),
    }
    names, items = (P.CHANNELS, P.CHANNEL_ITEMS) if rng.random() < 0.4 else (P.CATEGORIES, P.CATEGORY_ITEMS)
    chosen = rng.sample(names, rng.randint(2, 6))
    parts = [(rng.choice(items).replace("{name}", name), _q("PROACTIVE_PART", v, str(v), group="n.proactive.total"))
             for name, v in zip(chosen, _split(total, len(chosen), rng))]
    return slots, parts


def _request_slots(plan: Plan, values: dict, rng: random.Random) -> dict[str, Slot]:
    """Requests and cases, keyed to tables 3 and 4 (and the n.* fields that restate them)."""
    received = values["t3.new_received.total"]
    organisations = received - values["t3.new_received.natural"]
    online, mail, inperson = _split(received, 3, rng)
    rows = T3_OUTCOMES_COMMON + T3_OTHER_ROWS[plan.t3_template]
    handled = {name: sum(values[f"t3.{r}.total"] for r in rows if r.startswith(prefix))
               for name, prefix in (("denied", "denied_"), ("unable", "unable_"), ("refused", "refused_"),
                                    ("other_handled", "other"))}
    counts = {
        "received": _stated("n.applications.received", received),
        "natural": ("APP_OUTCOME", values["t3.new_received.natural"], "t3.new_received.natural"),
        "commercial": ("APP_OUTCOME", values["t3.new_received.commercial"], "t3.new_received.commercial"),
        "organisations": ("APP_OUTCOME", organisations, None),
        **{name: ("APP_OUTCOME", n, None) for name, n in (("online", online), ("mail", mail), ("inperson", inperson))},
        "completed": _stated("n.applications.completed", values["t3.total.total"]),
        "carried_forward": _stated("n.applications.carried_forward", values["t3.carried_forward.total"]),
        "carried_over": ("APP_CARRIED", values["t3.carried_over.total"], "t3.carried_over.total"),
        "granted": ("APP_OUTCOME", values["t3.granted.total"], "t3.granted.total"),
        "partial": ("APP_OUTCOME", values["t3.partial.total"], "t3.partial.total"),
        **{name: ("APP_OUTCOME", n, None) for name, n in handled.items()},
        "review": _stated("n.review.total", values["t4.review.total"]),
        "litigation": _stated("n.litigation.total", values["t4.suit_direct.total"] + values["t4.suit_after_review.total"]),
        "upheld": ("CASE_COUNT", values["t4.review.upheld"], "t4.review.upheld"),
        "corrected": ("CASE_COUNT", values["t4.review.corrected"], "t4.review.corrected"),
    }
    words = {"carried_forward", "carried_over", "review", "litigation", "upheld", "corrected"}
    slots = {name: _q(label, n, _count_text(n, rng, name in words), key) for name, (label, n, key) in counts.items()}
    for name in ("online", "mail", "inperson"):  # the channels of application add up to the requests received
        slots[name] = Slot(slots[name].text, "APP_OUTCOME", None, "n.applications.received", slots[name].value)
    slots["granted_pct"] = Slot(_pct(values["t3.granted.total"], values["t3.total.total"]))
    slots["unable_pct"] = Slot(_pct(handled["unable"], values["t3.total.total"]))
    return slots


def _table2_slots(plan: Plan, values: dict, rng: random.Random) -> dict[str, Slot]:
    """Document counts, procurement and the information-processing fee. Procurement restates
    table 2 in the 2019 template; the 2021 template has no procurement cell, so its numbers stand alone."""
    slots: dict[str, Slot] = {"interp": _q("DOC_COUNT", n := rng.randint(1, 120), str(n))}
    documents = tmpl.t2_sections(plan.template)[0][3]  # 2021: issued, repealed, in_force; 2019: made
    columns = documents if plan.template == "2021" else documents[:1]
    for col in columns:
        n = values[f"t2.normative.{col}"]
        slots[f"doc_{col}"] = _q("DOC_COUNT", n, _count_text(n, rng, True), f"t2.normative.{col}")
    if plan.template == "2019":
        items, amount = values["t2.procurement.items"], values["t2.procurement.amount"]
        unit, keys = plan.printed_unit, ("t2.procurement.items", "t2.procurement.amount")
    else:
        items, amount, unit, keys = rng.randint(1, 40), round(rng.uniform(1, 900), 2), "万元", (None, None)
    slots["proc_items"] = _q("PROCUREMENT_COUNT", items, _count_text(items, rng, True), keys[0])
    slots["proc_amount"] = _q("PROCUREMENT_AMOUNT", amount, _amount_text(amount, unit, rng), keys[1])
    fee = rng.choice((0, rng.randint(10, 3000), round(rng.uniform(10, 500), 1)))
    slots["fee"] = _keyed("n.fees.info_processing", fee, _amount_text(fee, "元", rng))
    return slots


def _slots(plan: Plan, values: dict, rng: random.Random) -> tuple[dict[str, Slot], list[tuple[str, Slot]]]:
    """Every slot a sentence may use, and the named parts of the proactive total."""
    proactive, parts = _proactive_slots(rng)
    slots = {**_distractors(plan, rng), **proactive, **_request_slots(plan, values, rng),
             **_table2_slots(plan, values, rng)}
    return slots, parts


def slot_names(template: str) -> set[str]:
    """The {slots} a sentence template of that report template may use (for checking new phrases)."""
    index = len(LAYOUTS) * TEMPLATES.index(template)
    rng = random.Random(0)
    plan = _plan(index, rng)
    slots, parts = _slots(plan, realistic_values(plan.template, rng, plan.t3_template, plan.amount_unit), rng)
    return set(slots) | {f"part{i}" for i in range(len(parts))}


# ---- composing ---------------------------------------------------------------------------------
class Writer:
    """Sentences from the phrase tables into a DocBuilder."""

    def __init__(
        self, plan: Plan, builder: DocBuilder, slots: dict[str, Slot], parts: list[tuple[str, Slot]], rng: random.Random
    ) -> None:
        self.plan, self.b, self.slots, self.parts, self.rng = plan, builder, slots, parts, rng
        self.said: set[str] = set()  # topics already stated once
        self.chapters = 0  # chapters numbered so far: an extra chapter shifts the later numbers
        self.extra_rng = random.Random(0)  # tables outside the template placed inline (synth_document seeds it)
        # The country's phrasing families (synthetic/families.py), drawn from a stream of their own; off, the
        # documents are those of the generator before them.
        self.families: random.Random | None = None

    def say(self, templates: tuple[str, ...], end: str = "。") -> None:
        self.b.sentence(self.rng.choice(templates) + end, self.slots)

    def maybe(self, p: float, templates: tuple[str, ...], end: str = "。") -> None:
        if self.rng.random() < p:
            self.say(templates, end)

    def heading(self, label: str, text: str) -> None:
        """Start section `label` with its heading on a paragraph of its own."""
        self.b.section(label)
        self.b.text(text)
        self.b.paragraph()

    def chapter(self, label: str, title: str | None = None) -> None:
        i, self.chapters = self.chapters, self.chapters + 1
        drift = P.NUMBERING_CN if self.plan.layout in ("spaced", "glued") else P.NUMBERING
        style = self.plan.numbering if self.rng.random() > 0.1 else self.rng.choice(drift)  # numbering drifts
        title = title or self.rng.choice(P.HEADINGS[label])
        self.heading(label, style.format(cn=P.CN_NUMBERS[i], n=i + 1, title=title))

    def part(self, label: str) -> None:
        i = list(P.PART_HEADINGS).index(label)
        title = self.rng.choice(P.PART_HEADINGS[label])
        self.heading(label, self.plan.part_numbering.format(cn=P.CN_NUMBERS[i], n=i + 1, title=title))

    def parts_list(self) -> None:
        """The breakdown of the proactive total: each item is a phrase with {v} where its number goes."""
        items = []
        for i, (item, slot) in enumerate(self.parts):
            self.slots[f"part{i}"] = slot
            items.append(item.replace("{v}", f"{{part{i}}}"))
        joined = self.rng.choice(P.PART_JOINERS).join(items)
        self.b.sentence(self.rng.choice(P.PART_WRAPPERS).replace("{list}", joined), self.slots)


def _front(w: Writer) -> None:
    """Page chrome, title (with a document number) and preamble; web pages often lack the title."""
    plan = w.plan
    if plan.chrome:
        w.b.section("boilerplate")
        w.say(P.CHROME_HEAD, "")
    if plan.titled:
        w.b.section("title")
        w.say(P.TITLES, "")
        if w.rng.random() < 0.3:
            w.b.paragraph()
            w.say(P.DOC_NUMBERS, "")
    w.b.section("preamble")
    for template in w.rng.sample(P.PREAMBLE, w.rng.randint(1, 3)):
        w.b.sentence(template, w.slots)


def _proactive_part(w: Writer) -> None:
    if w.families is not None and w.families.random() < 0.7:
        from training.synthetic.families import write_proactive

        write_proactive(w, w.families)
    else:
        if w.rng.random() < 0.3:
            w.say(P.PROACTIVE_CUMULATIVE, "")
        else:
            w.say(P.PROACTIVE_TOTAL, "")
        if w.rng.random() < 0.6:
            w.parts_list()
        else:
            w.b.text("。")
    w.maybe(0.3, P.ATTRIBUTE_DISTRACTOR)
    w.maybe(0.5, P.DOC_COUNT_2021 if w.plan.template == "2021" else P.DOC_COUNT_2019)
    w.maybe(0.4, P.INTERPRETATION)
    w.maybe(0.45 if w.plan.template == "2019" else 0.2, P.PROCUREMENT)


def _requests_part(w: Writer) -> None:
    if w.slots["received"].value == 0:  # nobody asked: say so, in words or as a 0
        w.say(P.NO_REQUESTS if w.rng.random() < 0.5 else P.RECEIVED)
        _cases(w, 0.3)
        return
    if w.families is not None:
        from training.synthetic.families import write_requests

        if write_requests(w, w.families):
            w.maybe(0.3, P.OUTCOMES)
            _cases(w, 0.3)
            return
    w.say(P.RECEIVED, "")
    organisations, commercial = w.slots["organisations"].value, w.slots["commercial"].value
    applicants = P.APPLICANTS if organisations == commercial else (P.APPLICANTS[0], P.APPLICANTS[2])
    w.maybe(0.5, applicants, "")
    w.maybe(0.3, P.CHANNELS_OF_REQUEST, "")
    w.maybe(0.7, P.COMPLETED, "")
    w.maybe(0.5, P.CARRIED_FORWARD, "")
    w.maybe(0.3, P.RATE_DISTRACTOR, "")
    w.b.text("。")
    w.maybe(0.2, P.CARRIED_OVER)
    w.maybe(0.4, P.OUTCOMES)
    _cases(w, 0.3)


def _cases(w: Writer, p: float) -> None:
    """The review and litigation sentence, at most once in the running text outside table 4."""
    if w.rng.random() >= p or "cases" in w.said:
        return
    w.said.add("cases")
    if w.families is not None:
        from training.synthetic.families import write_cases_combined

        if write_cases_combined(w, w.families):
            return
    none = w.slots["review"].value == 0 and w.slots["litigation"].value == 0
    w.say(P.NO_CASES if none and w.rng.random() < 0.6 else P.CASES)


def _management_part(w: Writer) -> None:
    for template in w.rng.sample(P.MANAGEMENT, w.rng.randint(1, 2)):
        w.b.sentence(template + "。", w.slots)


def _platform_part(w: Writer) -> None:
    w.maybe(0.5, P.CHANNEL_PART)
    w.say(P.PLATFORM)


def _oversight_part(w: Writer) -> None:
    w.say(P.OVERSIGHT)
    _cases(w, 0.1)


_PART_WRITERS = {
    "overview.proactive": _proactive_part, "overview.requests": _requests_part,
    "overview.management": _management_part, "overview.platform": _platform_part,
    "overview.oversight": _oversight_part,
}


def _money_distractor(w: Writer) -> None:
    """Amounts in yuan that are neither fees nor procurement (subsidies, funds): not tagged (SPEC §6)."""
    rng = w.extra_rng
    low, unit = rng.randint(50, 900), rng.choice(("元", "万元"))
    for name, value in (("money1", low), ("money2", low + rng.randint(10, 300))):
        w.slots[name] = Slot(_amount_text(value, unit, rng))
    w.b.sentence(rng.choice(P.MONEY_DISTRACTOR) + "。", w.slots)


def _overview(w: Writer) -> None:
    """一、总体情况 and its five parts, with their own headings or (without them) run together."""
    w.chapter("overview")
    w.maybe(0.7, P.OVERVIEW_INTRO, "")
    for label, write in _PART_WRITERS.items():
        if w.plan.part_headings:
            w.part(label)
        write(w)
        if w.extra_rng.random() < 0.12:
            _money_distractor(w)
        if w.extra_rng.random() < 0.03:
            _inline_extra_table(w, label if w.plan.part_headings else "overview")


def _tables(w: Writer, values: dict) -> None:
    """Chapters 二 to 四, each table sometimes preceded by a sentence restating it."""
    plan = w.plan
    # The 2021 header already prints its unit (本年收费金额（单位：万元）); 2019 prints it in the cell or header.
    own_unit = plan.template == "2019"
    suffix = plan.printed_unit if own_unit and plan.amount_place == "cell" else ""
    header = f"（{plan.printed_unit}）" if own_unit and plan.amount_place == "header" else ""
    lines = table_lines(values, plan.template, plan.t3_template, amount_suffix=suffix, amount_header=header)
    t2, t3, t4 = (format_table(rows, plan.layout) for rows in lines)
    w.chapter("proactive_table")
    w.maybe(0.2, P.PROACTIVE_TOTAL)
    w.b.table(t2)
    w.chapter("request_table")
    if w.rng.random() < 0.2:
        w.say(P.RECEIVED)
    w.b.table(t3)
    w.chapter("review_table")
    w.said.discard("cases")  # a sentence before table 4 may repeat the overview's
    _cases(w, 0.2)
    w.b.table(t4)
    if w.rng.random() < 0.1:
        _extra_table(w)


def _extra_table(w: Writer) -> None:
    """A staffing and funding table outside the template, as its own chapter."""
    w.chapter("extra_table", w.rng.choice(P.EXTRA_TABLE_HEADINGS))
    rows = [list(P.EXTRA_TABLE_HEADER)]
    for name in w.rng.sample(P.EXTRA_TABLE_ROWS, w.rng.randint(1, 3)):
        rows.append([name, str(w.rng.randint(0, 5)), str(w.rng.randint(0, 9)), f"{w.rng.uniform(0, 60):.1f}"])
    w.b.table(format_table(rows, w.plan.layout))


def _inline_extra_table(w: Writer, resume: str) -> None:
    """A table outside the template inside another chapter, with no heading of its own (SPEC §5 extra_table),
    then back to the chapter `resume`. Its own random stream, so documents without one are unchanged."""
    rng = w.extra_rng
    header, names, kinds = rng.choice(P.INLINE_TABLES)
    if rng.random() < 0.5:  # a wide grid: the names across, one row of numbers under them
        picked = rng.sample(names, rng.randint(3, len(names)))
        rows = [picked, [str(rng.randint(0, 300)) for _ in picked]]
    else:
        rows = [list(header)] + [[name, *(_cell(kind, rng) for kind in kinds)]
                                 for name in rng.sample(names, rng.randint(2, min(4, len(names))))]
    w.b.section("extra_table")
    if rng.random() < 0.5:
        w.b.text(rng.choice(P.INLINE_TABLE_CAPTIONS))
        w.b.paragraph()
    w.b.table(format_table(rows, w.plan.layout))
    w.b.section(resume)


def _cell(kind: str, rng: random.Random) -> str:
    return str(rng.randint(0, 2000)) if kind == "n" else f"{rng.uniform(0, 90):.1f}" if kind == "x" else kind


def _closing(w: Writer) -> None:
    """Chapters 五 and 六, then the signature (and the page's tail chrome)."""
    plan = w.plan
    w.chapter("problems")
    for template in w.rng.sample(P.PROBLEMS, w.rng.randint(1, 3)):
        w.b.sentence(template, w.slots)
    w.chapter("other_matters")
    if w.slots["fee"].value and w.rng.random() < 0.7:
        w.say(P.FEE)
    elif not w.slots["fee"].value and w.extra_rng.random() < 0.5:
        w.say(P.FEE)  # a zero fee printed (收取信息处理费0元) is a FEE_AMOUNT like any other; own rng: other draws stay
    else:
        w.say(P.NO_FEE, "")
    w.maybe(0.4, P.OTHER_MATTERS, "")
    if w.extra_rng.random() < 0.08:
        _inline_extra_table(w, "other_matters")
    if w.rng.random() < 0.6 or plan.chrome:
        w.b.section("boilerplate")
        w.say(P.SIGNATURE, "")
        if plan.chrome:
            w.b.paragraph()
            w.say(P.CHROME_TAIL, "")


# ---- gold and output ---------------------------------------------------------------------------
def _gold(plan: Plan, name: str, sha: str, values: dict, links: list[dict]) -> dict:
    """Table gold as annotations/gold has it; n.* fields only where the text states them."""
    fields = dict(values)
    fields.update({link["key"]: link["value"] for link in links if link["key"] and link["key"].startswith("n.")})
    units: dict[str, str] = {}
    if plan.amount_place != "none":
        units[AMOUNT_KEY[plan.template]] = plan.amount_unit
    if "n.fees.info_processing" in fields:
        units["n.fees.info_processing"] = "元"
    return {
        "document": name, "sha256": sha, "template": plan.template,
        "mixed_template": plan.t3_template != plan.template,
        "fields": fields, "units": units, "decisions": [], "identity_breaks": [],
        "notes": "synthetic document (training only)",
        "synthetic": {"layout": plan.layout, "noisy": plan.noisy, "chrome": plan.chrome, "titled": plan.titled},
        "links": [dict(link) for link in links],
    }


def synth_document(index: int, seed: int, families: bool = False) -> SynthDoc:
    """Document `index` of the run `seed`: the same pair always gives the same document. `families` adds the
    phrasing families read across China (synthetic/families.py)."""
    rng = random.Random(seed * 1_000_003 + index)
    plan = _plan(index, rng)
    values = realistic_values(plan.template, rng, plan.t3_template, plan.amount_unit)
    builder = DocBuilder(plan.layout, Noise(rng, rng.uniform(0.01, 0.04)) if plan.noisy else None)
    slots, parts = _slots(plan, values, rng)
    w = Writer(plan, builder, slots, parts, rng)
    w.extra_rng = random.Random(f"extra-table-{seed}-{index}")
    w.families = random.Random(f"families-{seed}-{index}") if families else None
    _front(w)
    _overview(w)
    _tables(w, values)
    _closing(w)
    text, sections, entities = builder.finish()
    name = f"synth_{index}.txt"
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    annotation = AnnotationFile(
        document=name, sha256=sha, length=len(text), annotator="synthetic", sections=sections, entities=entities,
        notes=[f"synthetic (seed {seed}, index {index}): template {plan.template}, layout {plan.layout}"
               + (", OCR noise" if plan.noisy else "")],
    )
    return SynthDoc(name, text, annotation.model_dump(), _gold(plan, name, sha, values, builder.links))


def _check_out(out: Path) -> None:
    """Synthetic files must never mix with the real corpus's annotations (spans, gold, pass2)."""
    resolved = out.resolve()
    for protected in PROTECTED:
        if resolved == protected.resolve() or protected.resolve() in resolved.parents:
            raise ValueError(f"refusing to write synthetic documents into {out}: the real corpus's annotations live there")


def generate(n: int, seed: int, out: Path, families: bool = True) -> list[Path]:
    """Write n synthetic documents into `out`; returns the text files written."""
    _check_out(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(n):
        doc = synth_document(i, seed, families)
        stem = out / Path(doc.name).stem
        text_path = stem.with_suffix(".txt")
        text_path.write_bytes(doc.text.encode("utf-8"))
        AnnotationFile.model_validate(doc.annotation).dump(stem.with_suffix(".json"))
        stem.with_suffix(".gold.json").write_text(json.dumps(doc.gold, ensure_ascii=False, indent=1) + "\n", "utf-8")
        written.append(text_path)
    return written


# ---- reading an entity back --------------------------------------------------------------------
_OCR_BACK = {ord(v): k for k, vs in DIGIT_CONFUSIONS.items() for v in vs} | {ord(v): k for k, v in FULL_WIDTH.items()}


def entity_value(text: str) -> int | float:
    """The number an entity's text states: undoes full-width digits and digit-letter confusions,
    drops thousands separators and the unit, reads Chinese numerals up to 十."""
    s = text.translate(_OCR_BACK).replace(",", "")
    for unit in ("万元", "元"):
        s = s.removesuffix(unit)
    if s.endswith("万"):  # a count scaled by 万 (guidelines D8): 4.8万, 5余万
        value = float(s.removesuffix("万").removesuffix("余")) * 10_000
        return int(value) if value.is_integer() else value
    if s in _CN_VALUES:
        return _CN_VALUES[s]
    return float(s) if "." in s else int(s)
