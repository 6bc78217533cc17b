"""What SPEC §6 makes part of a label's definition, checked on the words of the mention's own clause:

- an amount is a FEE_AMOUNT only in a clause about a fee (收费, 信息处理费), a PROCUREMENT_* only in one about
  procurement (采购); elsewhere a tagged amount (a subsidy, a pension, a fund) is dropped;
- between the two request totals, the verb of the clause decides: 收到/受理/新收/接收 is APP_RECEIVED,
  办结/答复/办理 APP_COMPLETED (SPEC §6's own wording), when the clause holds one kind of verb only; a count
  of received requests (收到…申请) is APP_RECEIVED whatever the tagger called it;
- 复议/诉讼 in the clause make a count of requests or documents a CASE_COUNT, 文件/解读 a case count a DOC_COUNT;
- a proactive total is cumulative (PROACTIVE_CUMULATIVE) when its sentence dates it 截至/截止 a day and its own
  clause does not speak of the year (今年/本年/全年/新增); 累计 without 截至 is the year's count (the guidelines);
- counts of complaints, hotline calls and enquiries (诉求, 投诉, 来电, 热线, 咨询 right before the number) that are
  not requests (no 申请 in the clause) are not quantities (SPEC §6 names hotline calls);
- a count by disclosure attribute (依申请公开…条, 不予公开…条 next to 主动公开…条) is not a proactive quantity
  (SPEC §6 names "依申请公开信息数363条" as untagged).

Learned taggers confuse exactly these where the training data has few examples (the corpus has no real fee or
procurement sentence); the definitions are the spec's, not patterns of any report."""

from __future__ import annotations

import re

from extractor.mentions import Mention

_SENTENCE_START = re.compile(r"[。；;！？\n]")
_AS_OF = re.compile(r"截至|截止")
_THIS_YEAR = re.compile(r"今年|本年|全年|新增")
_CLAUSE_START = re.compile(r"[，,。；;！？\n：:（(、]")
_NEEDS = {"FEE_AMOUNT": re.compile(r"费"), "PROCUREMENT_AMOUNT": re.compile(r"采购"),
          "PROCUREMENT_COUNT": re.compile(r"采购")}
_RECEIVED = re.compile(r"收到|受理|新收|接收|接到|提出|申请数")
_COMPLETED = re.compile(r"办结|答复|办理完毕|办理")
_REQUEST_TOTALS = ("APP_RECEIVED", "APP_COMPLETED")
_RECEIVED_REQUESTS = re.compile(r"(?:收到|受理|新收|接收)[^，。；]{0,12}申请")
# Words of a count by outcome or applicant type (APP_OUTCOME), which a clause about received requests may hold.
_OUTCOME_WORDS = re.compile(r"自然人|法人|企业|组织|予以公开|部分公开|无法提供|不予|其他处理|信函|网络|当面|网上")
_CASE = re.compile(r"复议|诉讼")
_NOT_REQUESTS = re.compile(r"诉求|投诉|来电|热线|咨询|留言")
_REQUESTS_AFTER = re.compile(r"\s*[件条个]?\s*(?:政府信息公开|信息公开|依申请公开)?申请")
_DOCUMENT = re.compile(r"文件|解读")
_ATTRIBUTE = re.compile(r"(?:依申请公开|不予公开)(?:政府)?(?:信息)?(?:数|条数)?(?:共|为)?\s*$")


def clause_before(text: str, start: int, reach: int = 40) -> str:
    """The words of the mention's clause up to it (at most `reach` characters back)."""
    lead = text[max(0, start - reach):start]
    cut = max((m.end() for m in _CLAUSE_START.finditer(lead)), default=0)
    return lead[cut:]


def sentence_before(text: str, start: int, reach: int = 80) -> str:
    lead = text[max(0, start - reach):start]
    cut = max((m.end() for m in _SENTENCE_START.finditer(lead)), default=0)
    return lead[cut:]


def _counts_received_requests(clause: str, label: str, after: str) -> bool:
    """收到…申请 N件 with no completion verb; an outcome or applicant word after 申请 (收到申请…其中自然人 N件)
    keeps an APP_OUTCOME what it is."""
    found = _RECEIVED_REQUESTS.search(clause)
    if found is None and _RECEIVED.search(clause) and _REQUESTS_AFTER.match(after):
        return not _COMPLETED.search(clause)  # 共收到70件申请: the requests named after the number
    if not found or _COMPLETED.search(clause):
        return False
    return not (label == "APP_OUTCOME" and _OUTCOME_WORDS.search(clause[found.end():]))


def apply_definitions(text: str, mentions: list[Mention]) -> list[Mention]:
    out = []
    for m in mentions:
        clause = clause_before(text, m.start)
        need = _NEEDS.get(m.label)
        if need and not need.search(clause):
            continue
        if m.label.startswith("PROACTIVE_") and _ATTRIBUTE.search(clause):
            continue
        if _NOT_REQUESTS.search(clause[-6:]) and "申请" not in clause:  # the noun the number counts
            continue
        if m.label in ("PROACTIVE_TOTAL", "PROACTIVE_CUMULATIVE"):
            as_of = bool(_AS_OF.search(sentence_before(text, m.start))) and not _THIS_YEAR.search(clause)
            m = m.as_label("PROACTIVE_CUMULATIVE" if as_of else "PROACTIVE_TOTAL")
        if m.label == "CASE_COUNT" or m.label == "DOC_COUNT" or m.label.startswith("APP_"):
            case, document = bool(_CASE.search(clause)), bool(_DOCUMENT.search(clause))
            if case and not document:
                m = m.as_label("CASE_COUNT")
            elif document and not case and m.label == "CASE_COUNT":
                m = m.as_label("DOC_COUNT")
        if _counts_received_requests(clause, m.label, text[m.end:m.end + 12]):
            m = m.as_label("APP_RECEIVED")
        if m.label in _REQUEST_TOTALS:
            received, completed = bool(_RECEIVED.search(clause)), bool(_COMPLETED.search(clause))
            if received != completed:
                m = m.as_label("APP_RECEIVED" if received else "APP_COMPLETED")
        out.append(m)
    return out
