"""Phrasing families of the narrative met across China, for the synthetic reports (training only).

120 report openings from the 31 provinces, every level from 乡镇 to 省 (their addresses in
annotations/pages_read.txt), were read for how bodies state their quantities; GUIDELINES.md ("Phrasings met
across China") records each family and the decision on it. The sentences below are written here, with invented
bodies and numbers: none is a sentence of a report. Each family is drawn with a weight (how often it was met across
the provinces, not how often one website uses it).

What they are for, as measured (model card): the held-out synthetic reports that calibrate the confidence are
written with them (the hard cases the real corpus lacks: channel counts, documents made, running totals, counts in
万), and a recipe can train on them (`"synthetic": {"families": true}` or a share). Training the shipped CRF on them
lowered its cross-validated scores and its score on the report openings read across China, so the shipped recipe
does not (the `families` ablation of the card).

Labels follow the guidelines' decisions (D1-D33): a count of one channel is a part even when it is the largest
number of the paragraph; the body's total is the count over all its channels; documents *made* are no quantity (what
was disclosed of them is the total); a
number scaled by 万 keeps 万 in its span; a request count that includes last year's carried-in requests is not the
year's received count; letters, messages and hotline calls answered are no requests.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from extractor.templates import template as tmpl
from training.synthetic.builder import Slot

# ---- words that fill the templates (invented or generic) -------------------------------------------------------
SITES = ("门户网站", "政府网站", "政府信息公开专栏", "政务公开平台", "信息公开网")
NEW_MEDIA = ("政务微博", "微信公众号", "政务抖音号", "今日头条号", "政务视频号", "政务客户端")
OFFLINE = ("政务公开栏", "电子显示屏", "政务服务大厅查阅点")
LEVELS = (("区本级", "各乡镇（街道）"), ("市本级", "各县（市、区）"), ("县直各部门", "各乡镇"), ("本级", "所属单位"))
DOC_KINDS = ("规章", "行政规范性文件", "其他文件", "部门文件", "政策解读材料", "会议纪要")
CLASS_HEADS = ("公文类信息", "发文", "文件类信息", "党务政务公文")
TOPICS = ("机构职能、规划计划、财政预决算、行政执法", "政策文件、通知公告、人事信息", "重大项目、民生保障、应急管理",
          "乡村振兴、社会救助、教育医疗")

# ---- proactive disclosure ------------------------------------------------------------------------------------
PLAIN_TOTAL = (
    "{y}年，{we}主动公开政府信息{total}条",
    "全年共主动公开各类信息{total}条",
    "本年度通过各类渠道公开政府信息{total}条",
    "全年共发布政府信息{total}条",
    "{y}年度累计主动公开政府信息{total}条",
    "全年主动公开{topics}等方面政府信息{total}条",
    "本年度{we}共主动公开政务信息{total}条",
    "全年主动公开政府信息文件{total}件",
)
OVER_CHANNELS = (
    "{we}通过{site}、{media1}、{media2}等渠道共公开各类信息{total}条",
    "全年依托{site}和{media1}共发布政府信息{total}条",
)
SINGLE_CHANNEL = (
    "全年在{site}发布政府信息{total}条",
    "{y}年通过{site}主动公开信息{total}条",
)
PARALLEL_CHANNELS = (
    "{y}年，{site}发布信息{c1}条，{media1}发布信息{c2}条，{media2}发布信息{c3}条",
    "全年在{site}发布各类信息{c1}条，{media1}累计推送{c2}条，{media2}发布{c3}条",
)
DISCLOSURE_PLUS_POSTS = (
    "全年在{site}主动公开政府信息{total}条；在{media1}、{media2}分别发布信息{c1}条和{c2}条",
    "{we}在{site}主动公开政府信息{total}条，同时在{media1}发布信息{c1}条",
)
SITE_PLUS_COLUMN = (
    "{site_all_name}全年更新各类信息{site_all}条，通过政府信息公开专栏主动公开政府信息{total}条",
    "全年门户网站共发布各类信息{site_all}条；在信息公开目录主动公开政府信息{total}条",  # a 其中 part would be a part (D6)
)
MADE_HEAD = (
    "全年制作政府信息{made}条，其中主动公开{total}条",
    "本年度共产生政府信息{made}条，主动公开政府信息{total}条",
)
CLASS_HEAD = (
    "全年制发{class_head}{made}件，其中主动公开{total}件",
    "本年度{class_head}共{made}件，已主动公开{total}件",
    "全年印发{class_head}共{made}条，其中主动公开信息数{total}",
)
AREA_WIDE = (
    "全区各级行政机关共主动公开政府信息{total}条，其中{level1}{lv1}条、{level2}{lv2}条",
    "{y}年全市共主动公开政府信息{total}条，{level1}公开{lv1}条，{level2}公开{lv2}条",
)
DOCUMENT_LIST = (
    "全年主动公开{doc1}{d1}件、{doc2}{d2}件、{doc3}{d3}件",
    "通过{site}和政府公报主动公开{doc1}{d1}件，{doc2}{d2}件",
)
# A first item phrased like the total, then other kinds that together exceed it: a list of kinds, no total (D13).
KINDS_AFTER_AN_ITEM = (
    "全年利用{site}主动公开政府信息{d1}条、{doc1}{d2}条、{doc2}{d3}条、{doc3}{d4}条",
    "本年度主动公开{doc1}{d1}件，主动公开{doc2}{d2}件，{doc3}{d3}件，其他文件{d4}件",
)
CUMULATIVE_ONLY = (
    "截至{y}年12月31日，共主动公开政府信息{cumulative}条",
    "历年累计主动公开政府信息{cumulative}条",
    "自专栏开通以来累计公开各类信息{cumulative}条",
)
SCALED_TOTAL = (
    "全年累计主动公开政府信息{total}条",
    "全市各级各部门共主动公开政府信息{total}条",
    "全年通过各类平台发布政府信息{total}余条",
)
# Where D4 and D5 meet (D33): the statutory verb on the site and posts on the outlets give the site's count as the
# total; another verb on the site, not phrased as the disclosure, beside posts elsewhere gives none.
SITE_BESIDE_POSTS = (
    "全年通过{media1}推送信息{c1}篇，在{site}主动公开通知公告、{topics}等信息{total}条",
    "{we}在{site}主动公开{topics}等内容{total}条，{media1}全年群发信息{c1}条",
)
SITE_UPLOADS_BESIDE_POSTS = (
    "全年通过{site}上传各类信息{c2}条，在{media1}群发信息{c1}条",
    "{site}全年更新信息{c2}条，{media1}推送{c1}篇",
)
# Channels named earlier in the sentence, as the ways of its one count (D2).
CHANNELS_BEFORE = (
    "全年利用{site}、{media1}、{media2}等平台宣传各项工作动态，发布信息{total}条",
    "{we}依托{site}和{media1}等载体及时回应社会关切，共公开各类信息{total}条",
)
# A lone site count, then a sentence listing contents and one that breaks them down (D3, D33).
SITE_THEN_CONTENTS = (
    "{site}全年共公开各类信息{total}条。{site}主要公开了{topics}等内容",
    "全年在{site}发布信息{total}条。栏目内容包括{topics}等",
)
REPOSTS = ("，转发上级信息{repost}条", "，转载各类政务信息{repost}条")
CATEGORIES_COUNT = ("，涵盖{n_cat}个类别", "，涉及{n_cat}大领域")
CREDIT = ("归集各类信用信息{credit}万条", "网站累计访问{visits}人次")

# ---- requests ------------------------------------------------------------------------------------------------
RECEIVED_MORE = (
    "全年办理政府信息公开申请{received}件，办结{completed}件，结转下年度办理{carried_forward}件",
    "共接收处理政府信息公开申请{received}件",
    "本年度共受理依申请公开政府信息{received}件",
    "{y}年，{we}共收到依申请公开事项{received}件",
)
WORKLOAD = (
    "全年共受理政府信息公开申请{workload}件（含上年结转{carried_over}件）",
    "共计办理申请{workload}件，其中上年度结转{carried_over}件",
)
FUSED = ("全年收到并答复政府信息公开申请{received}件", "本年度共受理答复依申请公开{received}件")
LOOK_ALIKES = (
    "全年通过领导信箱收到群众来信{letters}件，已全部答复，{left}件结转下年度办理",
    "办理网民留言{letters}条，答复率100%",
    "受理12345热线转办事项{letters}件，办结{left}件",
    "收到人大代表建议和政协提案{left}件，均已按时办复",
)
# A count stated before its verb (D31) and withdrawals, an outcome, never carried forward (D32).
VERB_AFTER = (
    "{y}年共收到政府信息公开申请{received}件，其中{completed}件已办结",
    "全年受理依申请公开{received}件，{completed}件已按规定在法定期限内予以答复",
    "本年度新收政府信息公开申请{received}件，{completed}件均已按期答复",
)
CARRIED_AFTER = ("，{carried_forward}件结转下年度办理", "，另有{carried_forward}件转至下一年度继续办理")
WITHDRAWN = ("，申请人主动撤回{withdrawn}件", "，撤回申请{withdrawn}件")
CASES_COMBINED = ("全年涉及政府信息公开的行政复议和行政诉讼案件共{cases_all}件",)


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


_TOTAL_LABEL = tmpl.NARRATIVE_LABELS["n.proactive.total"]


def _q(label: str, value: int, text: str | None = None, key: str | None = None, group: str | None = None) -> Slot:
    return Slot(text if text is not None else str(value), label, key, group, value)


def _scaled(value: int, rng: random.Random) -> tuple[int, str]:
    """A large count printed with 万 (the span keeps 万, guidelines D8): the value it states and its text."""
    if rng.random() < 0.5:
        tenth = max(1, round(value / 1000))  # 4.8万
        return tenth * 1000, f"{tenth / 10:g}万"
    whole = max(1, round(value / 10000))  # 5万 / 5余万
    return whole * 10000, f"{whole}{rng.choice(('', '余'))}万"


Family = Callable[["object", random.Random], None]


def _words(w, rng: random.Random) -> dict[str, Slot]:
    media = rng.sample(NEW_MEDIA, 2)
    levels = rng.choice(LEVELS)
    docs = rng.sample(DOC_KINDS, 3)
    return {"site": Slot(rng.choice(SITES)), "media1": Slot(media[0]), "media2": Slot(media[1]),
            "site_all_name": Slot(rng.choice(SITES[:2])), "level1": Slot(levels[0]), "level2": Slot(levels[1]),
            "doc1": Slot(docs[0]), "doc2": Slot(docs[1]), "doc3": Slot(docs[2]),
            "class_head": Slot(rng.choice(CLASS_HEADS)), "topics": Slot(rng.choice(TOPICS)),
            "n_cat": Slot(str(rng.randint(5, 16))), "credit": Slot(f"{rng.uniform(10, 900):.1f}")}


def _total(w) -> int:
    return w.slots["proactive_total"].value


def _with_total(w, rng: random.Random) -> dict[str, Slot]:
    """The template words and the year's total as a labelled slot (keyed to n.proactive.total)."""
    return {**_words(w, rng), "total": _q(_TOTAL_LABEL, _total(w), key="n.proactive.total")}


def _say(w, rng: random.Random, templates: tuple[str, ...], slots: dict[str, Slot], end: str = "。") -> None:
    w.b.sentence(rng.choice(templates) + end, {**w.slots, **slots})


def plain(w, rng: random.Random) -> None:
    """The year's total in one of the country's wordings, sometimes with its parts, reposts or a category count."""
    total, slots = _total(w), _with_total(w, rng)
    _say(w, rng, PLAIN_TOTAL, slots, "")
    if rng.random() < 0.5:
        w.parts_list()
    else:
        if rng.random() < 0.3:
            _say(w, rng, CATEGORIES_COUNT, slots, "")
        if rng.random() < 0.3:
            _say(w, rng, REPOSTS, {"repost": _q("PROACTIVE_PART", rng.randint(20, total * 3 + 50))}, "")
        w.b.text("。")


def over_channels(w, rng: random.Random) -> None:
    """One count over several named channels is the body's total (D2); a per-channel breakdown may follow."""
    _say(w, rng, OVER_CHANNELS, _with_total(w, rng), "")
    if rng.random() < 0.6:
        w.parts_list()
    else:
        w.b.text("。")


def single_channel(w, rng: random.Random) -> None:
    """The report's only proactive figure, tied to one channel: the total (D3)."""
    _say(w, rng, SINGLE_CHANNEL, _with_total(w, rng))


def parallel_channels(w, rng: random.Random) -> None:
    """Counts per channel and no body-wide figure: all parts, no total (D4)."""
    base = _total(w)
    counts = {f"c{i}": _q("PROACTIVE_PART", rng.randint(max(1, base // 4), base * 3 + 20)) for i in (1, 2, 3)}
    _say(w, rng, PARALLEL_CHANNELS, {**_words(w, rng), **counts})


def disclosure_plus_posts(w, rng: random.Random) -> None:
    """The body's disclosure on its website (total) beside its accounts' posts (parts), whatever their size (D5)."""
    total = _total(w)
    slots = {**_with_total(w, rng), "c1": _q("PROACTIVE_PART", rng.randint(10, total * 4 + 50)),
             "c2": _q("PROACTIVE_PART", rng.randint(10, total * 4 + 50))}
    _say(w, rng, DISCLOSURE_PLUS_POSTS, slots)


def site_plus_column(w, rng: random.Random) -> None:
    """A whole site's updates (a part) beside the disclosure column's count (the total) (D6)."""
    total = _total(w)
    slots = {**_with_total(w, rng), "site_all": _q("PROACTIVE_PART", total * rng.randint(2, 9) + rng.randint(0, 99))}
    _say(w, rng, SITE_PLUS_COLUMN, slots)


def made_head(w, rng: random.Random) -> None:
    """Information or documents made, of which some were disclosed: the head is no quantity, what was disclosed of
    it is the body's total (D12), whether the head names its information in general or one class of documents."""
    total = _total(w)
    made = Slot(str(total + rng.randint(1, total + 40)))
    slots = {**_with_total(w, rng), "made": made}
    _say(w, rng, MADE_HEAD if rng.random() < 0.5 else CLASS_HEAD, slots)


def area_wide(w, rng: random.Random) -> None:
    """An area's total in a government's own report, with the shares of its levels as parts (D7)."""
    total = _total(w)
    lv1, lv2 = _split(total, 2, rng)
    slots = {**_with_total(w, rng), "lv1": _q("PROACTIVE_PART", lv1, group="n.proactive.total"),
             "lv2": _q("PROACTIVE_PART", lv2, group="n.proactive.total")}
    _say(w, rng, AREA_WIDE, slots)


def document_list(w, rng: random.Random) -> None:
    """Documents disclosed, by kind, and no count of items: parts, no total (D13)."""
    slots = {**_words(w, rng), **{f"d{i}": _q("PROACTIVE_PART", rng.randint(0, 90)) for i in (1, 2, 3)}}
    _say(w, rng, DOCUMENT_LIST, slots)


def kinds_after_an_item(w, rng: random.Random) -> None:
    """The first of a list of kinds phrased like the total, the others together larger: parts, no total (D13)."""
    first = rng.randint(3, 60)
    slots = {**_words(w, rng), "d1": _q("PROACTIVE_PART", first),
             **{f"d{i}": _q("PROACTIVE_PART", rng.randint(first // 2 + 1, 150)) for i in (2, 3, 4)}}
    _say(w, rng, KINDS_AFTER_AN_ITEM, slots)


def cumulative_only(w, rng: random.Random) -> None:
    """A running total (截至 a day, 历年累计) as the only figure: cumulative (D10)."""
    _say(w, rng, CUMULATIVE_ONLY, {**_words(w, rng), "cumulative": w.slots["cumulative"]})


def scaled_total(w, rng: random.Random) -> None:
    """A large total printed in 万 (D8): the span keeps 万, the value is scaled."""
    value, text = _scaled(max(_total(w), 10_000) * rng.randint(1, 30), rng)
    template = rng.choice(SCALED_TOTAL)
    if "余条" in template and "余" in text:
        template = template.replace("余条", "条")
    w.slots["proactive_total"] = _q(_TOTAL_LABEL, value, text, "n.proactive.total")  # restatements agree
    w.b.sentence(template + "。", {**w.slots, "total": w.slots["proactive_total"]})


def site_beside_posts(w, rng: random.Random) -> None:
    """The site's count with 主动公开 beside an outlet's posts (the total, D5/D33), or with another verb beside them
    (no total: D4/D33)."""
    total = _total(w)
    posts = {"c1": _q("PROACTIVE_PART", rng.randint(10, total * 4 + 50)),
             "c2": _q("PROACTIVE_PART", rng.randint(10, total * 3 + 50))}
    if rng.random() < 0.65:
        _say(w, rng, SITE_BESIDE_POSTS, {**_with_total(w, rng), **posts})
    else:
        _say(w, rng, SITE_UPLOADS_BESIDE_POSTS, {**_words(w, rng), **posts})


def channels_before(w, rng: random.Random) -> None:
    """Channels named in the sentence before its one count: their total (D2); the outlets' own counts may follow."""
    total = _total(w)
    _say(w, rng, CHANNELS_BEFORE, _with_total(w, rng))
    if rng.random() < 0.5:
        _say(w, rng, ("{media1}发布信息{c1}条", "其中{media1}推送{c1}篇"),
             {**_words(w, rng), "c1": _q("PROACTIVE_PART", rng.randint(1, max(1, total - 1)))})


def site_then_contents(w, rng: random.Random) -> None:
    """A lone site count, then its contents broken down in a sentence that opens with 其中: the count is the total,
    the items parts (D3, D33)."""
    total = _total(w)
    _say(w, rng, SITE_THEN_CONTENTS, _with_total(w, rng))
    items = _split(total, 3, rng)
    slots = {**_words(w, rng), **{f"d{i}": _q("PROACTIVE_PART", v) for i, v in enumerate(items, 1)}}
    _say(w, rng, ("其中{doc1}{d1}条，{doc2}{d2}条，{doc3}{d3}条",), slots)


# Weights: roughly how often the families were met in the 120 openings (each of the 31 provinces counts), not how
# often one website uses them.
PROACTIVE_FAMILIES: tuple[tuple[Family, float], ...] = (
    (plain, 0.30), (over_channels, 0.08), (single_channel, 0.08), (parallel_channels, 0.10),
    (disclosure_plus_posts, 0.07), (site_plus_column, 0.05), (made_head, 0.07), (area_wide, 0.05),
    (document_list, 0.05), (cumulative_only, 0.05), (scaled_total, 0.10),
    # met in session 5's dev audit of 40 openings (guidelines D33): 7 openings of 6 provinces
    (site_beside_posts, 0.04), (channels_before, 0.04), (site_then_contents, 0.03),
    # guidelines D13's first item phrased like a total (session 6's dev set: 3 openings of 3 provinces)
    (kinds_after_an_item, 0.03),
)


def write_proactive(w, rng: random.Random) -> None:
    family = rng.choices([f for f, _ in PROACTIVE_FAMILIES], weights=[p for _, p in PROACTIVE_FAMILIES])[0]
    family(w, rng)
    if rng.random() < 0.15:
        _say(w, rng, CREDIT, {**_words(w, rng), "visits": w.slots["visits"]})


def write_requests(w, rng: random.Random) -> bool:
    """A request sentence of a family the base phrases lack; False where the base phrases should write it."""
    s = w.slots
    received, completed = s["received"].value, s["completed"].value
    carried_forward, carried_over = s["carried_forward"].value, s["carried_over"].value
    roll = rng.random()
    if roll < 0.12 and carried_over == 0 and completed + carried_forward == received and received:
        _say(w, rng, RECEIVED_MORE[:1], {})  # 办理 N = 办结 M + 结转 K: the year's intake (D16)
    elif roll < 0.30:
        _say(w, rng, RECEIVED_MORE[1:], {}, "")
        if rng.random() < 0.6:
            w.say(("，办结{completed}件", "，答复{completed}件"), "")
        w.b.text("。")
    elif roll < 0.42 and carried_over > 0:
        workload = Slot(str(received + carried_over))  # includes the carried-in requests: not received (D17)
        _say(w, rng, WORKLOAD, {"workload": workload}, "，")
        w.say(("办结{completed}件",))
    elif roll < 0.50:
        _say(w, rng, FUSED, {})  # one number, two verbs: received only (D18)
    elif roll < 0.60 and completed:
        # the verb after the counter decides (D31); 其中 only where the completed are a share of the received
        _say(w, rng, VERB_AFTER if completed <= received else VERB_AFTER[1:], {}, "")
        if carried_forward and rng.random() < 0.6:
            w.say(CARRIED_AFTER, "")
        if rng.random() < 0.4:  # an outcome, not carried forward (D32)
            _say(w, rng, WITHDRAWN, {"withdrawn": _q("APP_OUTCOME", rng.randint(1, 9))}, "")
        w.b.text("。")
    else:
        return False
    if rng.random() < 0.35:  # letters and messages answered are no requests (D21)
        letters = rng.randint(5, 900)
        _say(w, rng, LOOK_ALIKES, {"letters": Slot(str(letters)), "left": Slot(str(rng.randint(0, letters)))})
    return True


def write_cases_combined(w, rng: random.Random) -> bool:
    """Reviews and lawsuits in one number: a case count that fills neither field (D24)."""
    both = w.slots["review"].value + w.slots["litigation"].value
    if both == 0 or rng.random() >= 0.25:
        return False
    _say(w, rng, CASES_COMBINED, {"cases_all": _q("CASE_COUNT", both)})
    return True
