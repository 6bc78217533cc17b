"""Sentence templates of the narrative around the tables, written for this project.

A template is literal text with {slots}. Quantity slots become labelled entities (SPEC §6); the
other slots ({y}, {phone}, {pct}, {staff} …) are numbers that must NOT be tagged, placed where a
careless tagger would take them. Several phrasings per quantity so that a model learns the quantity,
not one sentence.
"""

from __future__ import annotations

# ---- headings (SPEC §5) --------------------------------------------------------------------
# Chapter titles after their number; the number style is chosen per document (see NUMBERING).
HEADINGS = {
    "overview": ("总体情况",),
    "proactive_table": ("主动公开政府信息情况",),
    "request_table": ("收到和处理政府信息公开申请情况",),
    "review_table": ("政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议、行政诉讼情况", "政府信息公开行政法复议、行政诉讼情况"),
    "problems": ("存在的主要问题及改进情况", "存在的主要问题及改进情况", "存在的主要问题及改进措施"),
    "other_matters": ("其他需要报告的事项",),
}
CHAPTER_ORDER = ("overview", "proactive_table", "request_table", "review_table", "problems", "other_matters")
# A table outside the template (seed000 has one as chapter 五): its numbers are never tagged.
EXTRA_TABLE_HEADINGS = ("机构建设及保障经费情况", "机构建设及组织保障情况", "政府信息公开工作机构及经费情况")
EXTRA_TABLE_HEADER = ("机构名称", "专职人员数", "兼职人员数", "工作经费（万元）")
EXTRA_TABLE_ROWS = ("政务公开办公室", "办公室", "信息中心", "政务服务中心")
# Tables outside the template printed inside another chapter (invented here): header, row names, cell kinds
# (n: a count, x: a decimal, other: literal text).
INLINE_TABLES = (
    (("账号名称", "平台", "发布信息（条）", "关注人数"), ("政务微信", "政务微博", "抖音号", "头条号", "视频号"), ("公众平台", "n", "n")),
    (("项目", "次数", "参加人次"), ("业务培训", "专项检查", "督查通报", "保密审查", "网站普查"), ("n", "n")),
    (("栏目", "更新条数", "占比（%）"), ("领导信息", "机构设置", "财政资金", "人事任免", "建议提案", "公示公告", "应急管理"),
     ("n", "x")),
)
INLINE_TABLE_CAPTIONS = ("附表：", "具体情况见下表：", "统计情况如下：", "表1")
NUMBERING_CN = ("{cn}、{title}", "{cn}、{title}", "{cn}、 {title}", "{cn}．{title}")
# Arabic chapter numbers only where line breaks survive: glued after a table's last cell, a '4、'
# would read as one more digit of that cell (real single-line pages number chapters 一、二、).
NUMBERING = NUMBERING_CN + ("{n}、{title}", "{n}.{title}")
MARKDOWN_NUMBERING = ("## {cn}、{title}", "# {cn}、{title}")  # only where line breaks survive
PART_HEADINGS = {
    "overview.proactive": ("主动公开", "主动公开情况", "主动公开方面", "主动公开政府信息情况"),
    "overview.requests": ("依申请公开", "依申请公开情况", "依申请公开方面"),
    "overview.management": ("政府信息管理", "政府信息管理情况", "政府信息管理方面"),
    "overview.platform": ("平台建设", "政府信息公开平台建设", "信息公开平台建设方面"),
    "overview.oversight": ("监督保障", "监督保障情况", "监督保障方面"),
}
PART_NUMBERING = ("（{cn}）{title}", "（{cn}）{title}", "{n}.{title}", "（{n}）{title}")
CN_NUMBERS = "一二三四五六七八九十"

# ---- page chrome, title, preamble, signature (title / preamble / boilerplate) -----------------
CHROME_HEAD = (
    "当前位置：首页 > 政务公开 > 政府信息公开年报",
    "当前位置： 首页 > 信息公开 > 法定主动公开内容 > 政府信息公开工作年度报告 微信 微博 QQ空间",
    "首页 > 政府信息公开 > 年度报告 发布时间：{ny}-0{m}-{d} 来源：{body} 浏览次数：{visits}",
    "【字体：大 中 小】 打印本页 关闭窗口 发布日期：{ny}年{m}月{d}日",
)
CHROME_TAIL = ("附件下载", "相关链接： 附件下载", "【打印本页】【关闭窗口】", "扫一扫在手机打开当前页 附件下载")
TITLES = ("{body}{y}年度政府信息公开工作年度报告", "{body}{y}年政府信息公开工作年度报告", "{body}{y}年度政府信息公开年度报告")
DOC_NUMBERS = ("（{abbr}〔{ny}〕{docno}号）", "{abbr}〔{ny}〕{docno}号")
PREAMBLE = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室有关要求编制。",
    "本年度报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
    "本报告电子版可在{body}门户网站查阅或下载。如对本报告有任何疑问，请与{body}办公室联系（地址：{street}{addr}号，邮编：{postcode}，电话：{phone}）。",
    "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。",
    "根据《条例》第五十条规定，现公布{y}年度政府信息公开工作年度报告。",
)
SIGNATURE = ("{body}{sep}{ny}年{m}月{d}日", "{body}办公室{sep}{ny}年{m}月{d}日")

# ---- overview (总体情况) ---------------------------------------------------------------------
OVERVIEW_INTRO = (
    "{y}年，{we}认真贯彻落实《条例》和上级关于政务公开工作的部署要求，进一步推进决策、执行、管理、服务、结果公开。",
    "{y}年，在上级政务公开办的指导下，{we}坚持以公开为常态、不公开为例外，不断提升政务公开质量。",
    "今年以来，{we}把政务公开工作纳入重要议事日程，先后召开专题会议{meetings}次研究部署相关工作。",
)
PROACTIVE_TOTAL = (
    "{y}年，{we}共主动公开政府信息{proactive_total}条",
    "全年通过门户网站主动公开各类政府信息{proactive_total}条",
    "本年度主动公开政府信息数为{proactive_total}条",
    "全年累计主动公开政府信息{proactive_total}条",
    "全年主动公开政府信息{proactive_total}条，全文电子化率达{pct}",
    "{y}年度{we}在政府信息公开专栏发布信息{proactive_total}条",
)
PROACTIVE_CUMULATIVE = (
    "截至{y}年12月31日，{we}共主动公开政府信息{cumulative}条，今年新增{proactive_total}条",
    "截至{y}年底，政府信息公开专栏累计公开信息{cumulative}条，其中本年度公开{proactive_total}条",
    "截止到{y}年12月31日，累计主动公开政府信息{cumulative}条，本年度新增主动公开信息{proactive_total}条",
)
# A breakdown of the year's total: one of these per part, joined into one list.
CHANNEL_ITEMS = ("{name}{v}条", "通过{name}发布{v}条", "{name}发布信息{v}条", "{name}{v}条信息")
CATEGORY_ITEMS = ("{name}{v}条", "{name}类信息{v}条", "{name}类{v}条", "{name}信息{v}条")
PART_WRAPPERS = ("，其中{list}。", "（其中{list}）。", "，涵盖{list}。", "，包括{list}。", "。其中：{list}。")
PART_JOINERS = ("、", "，", "；")
CHANNELS = ("门户网站", "微信公众号", "政务微博", "政务公开栏", "电子显示屏", "政务新媒体", "政务服务APP", "抖音号")
CATEGORIES = ("工作动态", "通知公告", "政策文件", "规划计划", "人事信息", "财政预决算", "政策解读", "机构职能",
              "行政许可", "重大建设项目", "民生保障", "应急管理", "其他应主动公开的政府信息")
CHANNEL_PART = (
    "通过微信公众号发布信息{channel_part}条",
    "政务微博全年发布信息{channel_part}条，粉丝数{fans}人",
    "全年通过政务新媒体推送信息{channel_part}条，阅读量{visits}人次",
    "在“政务公开”专栏更新信息{channel_part}条",
)
ATTRIBUTE_DISTRACTOR = (
    "全年共制发政府信息{made_all}条，其中主动公开信息数{proactive_total}条，依申请公开信息数{attr_requests}条，不予公开信息数{attr_denied}条",
    "按公开属性分，依申请公开信息数{attr_requests}条，不予公开信息数{attr_denied}条",
)
DOC_COUNT_2021 = (
    "本年度制发行政规范性文件{doc_issued}件，废止{doc_repealed}件，现行有效{doc_in_force}件",
    "集中公开现行有效行政规范性文件{doc_in_force}件，动态更新本年度制发的规范性文件{doc_issued}件",
    "经清理，已宣布废止规范性文件{doc_repealed}件",
)
DOC_COUNT_2019 = (
    "本年新制作并公开规范性文件{doc_made}件",
    "全年制发规范性文件{doc_made}件，均按规定进行合法性审查并及时公开",
)
INTERPRETATION = (
    "发布政策解读{interp}篇",
    "以图解、视频等形式解读政策文件{interp}件",
    "全年发布政策文件解读{interp}篇，做到政策文件与解读材料同步起草、同步审签、同步发布",
)
RECEIVED = (
    "本年度共收到政府信息公开申请{received}件",
    "全年受理依申请公开{received}件",
    "{y}年，{we}新收政府信息公开申请{received}件",
    "共接收通过网络、信函等渠道提交的政府信息公开申请{received}件",
    "{y}年，{we}收到依申请公开{received}件",
    "全年共受理公民、法人和其他组织提出的政府信息公开申请{received}件",
)
APPLICANTS = (
    "，其中自然人申请{natural}件、法人或其他组织申请{organisations}件",
    "，涉及自然人{natural}件、商业企业{commercial}件",
    "（自然人{natural}件，法人或其他组织{organisations}件）",
)
CHANNELS_OF_REQUEST = (
    "。从申请渠道看，网络申请{online}件、信函申请{mail}件、当面申请{inperson}件",
    "，其中网上申请{online}件，信函申请{mail}件，当面申请{inperson}件",
)
NO_REQUESTS = ("本年度未收到政府信息公开申请", "{y}年，{we}未收到政府信息公开申请")
COMPLETED = ("，办结{completed}件", "，已依法依规办结{completed}件", "。全年办理政府信息公开申请{completed}件", "，按时答复{completed}件")
CARRIED_FORWARD = ("，结转下年度继续办理{carried_forward}件", "，{carried_forward}件结转至{ny}年办理",
                   "，转结下年度办理{carried_forward}件")
CARRIED_OVER = ("另有上年结转申请{carried_over}件", "上年度结转{carried_over}件")
OUTCOMES = (
    "予以公开{granted}件、部分公开{partial}件、不予公开{denied}件、无法提供{unable}件、不予处理{refused}件、其他处理{other_handled}件",
    "其中予以公开{granted}件，占{granted_pct}；部分公开{partial}件；无法提供{unable}件，占{unable_pct}",
    "答复结果为：同意公开{granted}件，区分处理后公开{partial}件，因无法提供相关信息答复{unable}件",
)
RATE_DISTRACTOR = ("，按时办结率{pct}", "，答复率达{pct}", "，未出现超期答复情况（按期答复率{pct}）")
CASES = (
    "全年因政府信息公开被申请行政复议{review}件、被提起行政诉讼{litigation}件",
    "{y}年，发生政府信息公开行政复议案件{review}起，行政诉讼案件{litigation}起",
    "本年度办理因政府信息公开申请引发的行政复议{review}起，行政诉讼{litigation}起",
    "行政复议{review}件，其中维持{upheld}件、纠正{corrected}件",
)
NO_CASES = ("本年度未发生因政府信息公开引起的行政复议和行政诉讼", "{y}年，未有政府信息公开行政复议及行政诉讼有关情况")
PROCUREMENT = (
    "全年政府集中采购项目{proc_items}个，采购总金额{proc_amount}",
    "完成政府采购项目{proc_items}项，采购金额{proc_amount}",
    "本年度公开政府集中采购项目{proc_items}个，涉及金额{proc_amount}",
)
FEE = (
    "本年度收取信息处理费{fee}",
    "按照《政府信息公开信息处理费管理办法》，全年共收取信息处理费{fee}",
    "{y}年，{we}依法收取信息处理费{fee}",
)
NO_FEE = ("本年度未收取信息处理费。", "{y}年，{we}未收取信息处理费。", "无。")

# Amounts that are not fees or procurement (written here, not taken from a report).
MONEY_DISTRACTOR = (
    "投入专项资金{money1}用于政府网站集约化平台建设",
    "困难群众生活补助标准由每人每月{money1}提高到{money2}",
    "全年发放各类惠民补贴资金{money1}，相关名单均在公示栏公示",
    "公开财政专项资金使用情况，涉及资金{money1}",
    "政务公开工作经费{money1}已纳入年度财政预算",
)

# ---- numbers that are not quantities ----------------------------------------------------------
MANAGEMENT = (
    "严格落实公开前保密审查机制，全年审查拟公开信息{checked}条",
    "配备专（兼）职工作人员{staff}名，负责政府信息公开日常工作",
    "召开政务公开专题会议{meetings}次，研究解决工作中的问题",
    "依据《关于做好政府信息公开工作的通知》（{abbr}〔{y}〕{docno}号）开展工作",
)
PLATFORM = (
    "门户网站全年访问量达{visits}人次",
    "12345政务服务便民热线全年受理群众来电{calls}个，办结率{pct}",
    "通过12345便民服务平台办理群众诉求{calls}件",
    "政务服务大厅设置政府信息公开查阅点{points}个，联系电话{phone}",
)
OVERSIGHT = (
    "组织政务公开业务培训{trainings}场次，参训{trainees}人次",
    "开展政务公开专项检查{trainings}次，发现问题{points}个并全部整改",
    "将政务公开纳入绩效考核，分值占比{pct}",
)
PROBLEMS = (
    "{y}年，{we}政府信息公开工作取得了一定成效，但仍存在一些不足：一是公开内容的全面性有待提高；二是政策解读形式较为单一。",
    "下一步，{we}将加强业务培训，计划全年开展培训不少于{trainings}次，进一步提升工作人员业务水平。",
    "针对上述问题，{we}将进一步完善工作机制，推动政务公开工作再上新台阶。",
    "存在问题：部分栏目更新不够及时，信息发布时效性有待加强。改进措施：建立栏目更新台账，每月{d}日前完成自查。",
)
OTHER_MATTERS = (
    "{y}年，{we}共办理人大代表建议{proposals}件、政协提案{proposals2}件，办理结果均已公开。",
    "本机关不存在其他需要报告的事项。",
    "按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）要求，依法依规收取信息处理费。",
)
