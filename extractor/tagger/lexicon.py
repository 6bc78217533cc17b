"""What SPEC §6 makes part of a label's definition, checked on the words of the mention's own clause:

- an amount is a FEE_AMOUNT only in a clause about a fee (收费, 信息处理费), a PROCUREMENT_* only in one about
  procurement (采购); elsewhere a tagged amount (a subsidy, a pension, a fund) is dropped;
- between the two request totals, the verb of the clause decides: 收到/受理/新收/接收 is APP_RECEIVED,
  办结/答复/办理 APP_COMPLETED (SPEC §6's own wording), when the clause holds one kind of verb only; a count
  of received requests (收到…申请) is APP_RECEIVED whatever the tagger called it, and a count answered (已答复N件)
  that names no outcome, applicant or channel is APP_COMPLETED, not an outcome;
- 复议/诉讼 in the clause make a count of requests or documents a CASE_COUNT, 文件/解读 a case count a DOC_COUNT;
- a proactive total is cumulative (PROACTIVE_CUMULATIVE) when its sentence dates it 截至/截止 a day and its own
  clause does not speak of the year (今年/本年/全年/新增), or when its clause says 累计 over years (历年累计, 累计至今,
  自…以来: guidelines D10), and so is a part whose clause says so and names no channel; 累计 alone is the year's
  count (the guidelines); a total counted on a new-media account or an outlet alone, with no sum over channels, is a
  part (D3, D5); a statutory total the tagger left untagged (主动公开政府信息共400余条) is found by its words
  (`proactive_by_definition`);
- counts of complaints, hotline calls and enquiries (诉求, 投诉, 来电, 热线, 咨询 right before the number) that are
  not requests (no 申请 in the clause) are not quantities (SPEC §6 names hotline calls); nor is a request count
  whose sentence named such things last, with no 申请 since (县长信箱收到来信88件，办结86件: guidelines D21);
- a request count stated before its verb (其中33件已办结, 71件结转下年度) is the verb's: APP_COMPLETED or APP_CARRIED,
  when the clause in front of it has no verb of its own (guidelines D15, D20); a carried count is one only where
  its clause or the words after it say it carries over (结转, 转结, 顺延, 续办, 下年…: SPEC §6, D20); elsewhere the
  clause's verb decides, and with none it is no request total (主动撤回6件 is an outcome);
- a count by disclosure attribute (依申请公开…条, 不予公开…条 next to 主动公开…条) is not a proactive quantity
  (SPEC §6 names "依申请公开信息数363条" as untagged);
- the year's items counted after the body's running total in one sentence (截至…累计公开N条，其中本年度公开M条,
  今年新增M条) are the year's total (D10); a site's total beside an outlet's count phrased alike is one of parallel
  channel counts, no total (D4, D33); request and case counts written in Chinese numerals (申请五件, 诉讼一起) are
  found like digits where no negation or other word claims the numeral (D25);
- the report's year (metadata.find_year) dates what a clause names: a count dated to another year is that year's
  figure, none of this report (2022年受理申请12件 in the report on 2023: D34); a running total counts from a year
  before it (自2016年起, 2019年以来: D10); requests 结转 from an earlier year are carried in (D20), and a count received or
  handled that holds them (（含上年结转4件）, 其中上年结转2件, 新收…上年结转…共计) is no year's intake (D17);
- requests another body handles for this one, or this one for another (委托…办理, 协助…办理, 转交其他), are not this
  body's counts (D21), and a 受理/办理 count with no request near it (一网通办…受理) is none (SPEC §6);
- a count tagged as disclosed items or as cases whose clause has a request verb, in a sentence about disclosure
  requests, is the request count its verb names (已处理54条, 处理依申请公开案件5件: D16); reviews and lawsuits 分别
  N件、M件 are one count each, in the order named (D24).
- a count whose 其中 splits what was disclosed from what was not is the information issued (D12): untagged, its
  主动公开 part the total; a channel's count right after a site's with the verb left out (…主动公开信息22条，微信公众号
  185条) makes them parallel counts (D4, D33); a count over channels with 主动公开 above a total tagged in its 其中 is
  the total (D2); X年底，累计… is a running total (D10); the requests' sum in a request sentence (共104件均按规定办理)
  is no proactive count (D17).

Learned taggers confuse exactly these where the training data has few examples (the corpus has no real fee or
procurement sentence); the definitions are the spec's, not patterns of any report."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from extractor.mentions import Mention
from extractor.metadata import find_year
from extractor.quantity import NUMERAL_CHARS, UP_TO_99, parse_quantity

_SENTENCE_START = re.compile(r"[。；;！？\n]")
AS_OF = re.compile(r"截至|截止")
# The year's end as the date a sentence opens with, before a running total (2020年底，累计主动公开…N条, 本镇到2019年底
# 累计…: D10); not 年底前, nor a year's end the sentence speaks of otherwise (为迎接年底考核，累计…: 累计 alone, the year's)
_YEAR_END = re.compile(r"^(?:[^，,。；;\d]{0,8}?(?:[到至]|截[至止])|\s*)\s*(?:(?:19|20)\d\d\s*|今|本|上|去)?年\s*[底末]"
                       r"(?!\s*(?:之|以)?前)")
# A running total without a date: 历年累计, 累计至今, 自…以来 (guidelines D10); 累计 alone is the year's count.
# 今年以来, 年初以来 speak of the year, not of years; 2019年以来 is read against the report's year (over_years).
# (…年以来 and …月份以来 are read by the year they name: _SINCE_YEAR)
RUNNING = re.compile(r"历年|至今|(?<!今年)(?<!本年)(?<!年初)(?<!本年度)(?<!\d年)(?<!\d月)(?<!\d月份)以来|(?<!公)开通|上线")  # not 公开通知
# What a count of disclosed items may count instead of the body's total (SPEC §6: PROACTIVE_PART is "a channel's or
# category's share"; the channels are those chapter 一、（四）平台建设 of the national format reports on: the
# government website and its columns, government new media, the gazette, press conferences, radio, TV, print, the
# public reading points), and what it is when it counts documents made rather than disclosed.
CHANNEL = re.compile(r"微信|微博|公众号|抖音|头条|快手|新媒体|客户端|APP|视频号|小程序|网站|门户|政务网(?![络格上])|平台|专栏|栏目|公开栏(?!目(?!前))|"
                     r"显示屏|电子屏|两馆|档案馆|图书馆|公报|报纸|报刊|电视|广播|新闻发布|发布会")
MADE = re.compile(r"制作|制发|形成|产生|印发|起草")
# Copies passed on (reposts, copies sent to archives or superiors, and those of them a superior or an outlet took up:
# 报送信息214条，被采用87条), not disclosed by the body (D11); with an outlet's posting (推送), no count of the body's own
# site either.
PASSED_ON = re.compile(r"转载|转发|报送|投递|上报|送交|(?:采用|录用|采纳|刊用)(?:了)?(?:共|共计)?\s*$")
REPOST = re.compile(PASSED_ON.pattern + r"|推送")
# The channels a body's total is never counted on alone (new media, outlets offline, the press: guidelines D3 keeps a
# lone WeChat count a part), and the body's own site and platforms, where it may be (D3) or be a share of it (D6).
OUTLET = re.compile(r"微信|微博|公众号|抖音|头条|快手|新媒体|客户端|APP|视频号|小程序|公开栏(?!目(?!前))|公示栏(?!目(?!前))|显示屏|电子屏|两馆|"
                    r"档案馆|图书馆|公报|报纸|报刊|电视|广播|新闻发布|发布会|媒体")
SITE = re.compile(r"网站|门户|平台|专栏|栏目|目录|政府网|政务网(?![络格上])|政务公开网|信息公开网|公开系统|发布系统")
# One count over channels (D2): several of them, or any (通过各种渠道发布信息N条).
ANY_CHANNEL = re.compile(r"(?:各种|各类|多种|多个|各)(?:渠道|平台|载体|途径)")  # any channels: the site among them
_OVER_CHANNELS = re.compile(rf"等渠道|等平台|等载体|{ANY_CHANNEL.pattern}")
# Several channels named together before one count, as its ways (通过网站、微信公众号等平台发布信息N条: D2), with no
# count between them (a list of per-column counts, 栏目发布信息27条、…栏目, names each its own); 分别 splits them again
# into one count each.
SEVERAL_CHANNELS = re.compile(rf"(?:{CHANNEL.pattern})[^，,。；;\d]{{0,16}}?[、和及与][^，,。；;\d]{{0,16}}?(?:{CHANNEL.pattern})"
                              r"(?![^。；;\d]*分别)")
LEFTOVER = re.compile(r"其他|其它")
THIS_YEAR = re.compile(r"今年|本年|全年|新增")
_THIS_YEAR_NAMED = re.compile(r"今年|本年")  # the year itself (2022年全年, 2022年新增 are 2022's)
# The words between the statutory phrase and its number: a sum (共, 合计, 为) and a bound (近, 约, 逾 …).
_SUM_BEFORE_THE_COUNT = r"(?:共|共计|合计|总计|为)?(?:近|约|逾|超过|达)?$"
# 公开 not of requests' answers, withheld items or what should be disclosed (依申请公开, 不予公开, 应公开, 拟公开).
_NOT_ASKED_OR_WITHHELD = r"(?<!申请)(?<!不予)(?<!免予)(?<![应拟待不未])"
_COMPARED = re.compile(r"较|比|同比|环比|其中")  # a change against another year, or a breakdown: not the year's count
# The year's new items in general (今年新增362条, 2019年新增主动公开政府信息362条), not a kind's (今年新增政策解读12条).
_NEW_ITEMS = re.compile(r"新增(?:的)?(?:主动公开|公开|发布)?(?:了)?(?:各类)?(?:政府|政务)?(?:信息)?(?:共|共计|达)?\s*$")
# A year a running total counts from: 自2016年起, 从2008年开始, 2019年以来, 2021年至2023年 (before the report's year,
# over years).
_SINCE_YEAR = re.compile(r"[自从]\s*((?:19|20)\d\d)|((?:19|20)\d\d)\s*年(?:\d{1,2}月)?份?(?:以来|起|开始|\s*[至到\-—－~]\s*(?:19|20)\d\d)")
# A year named as a count's period (2022年受理申请12件, 2023年度主动公开…): not a date's (2023年12月31日, 2023年底),
# not a running total's start (2016年以来, 自2016年起) or bound (截至2023年).
_PERIOD_YEAR = re.compile(r"(?<![截至止自从到于《])((?:19|20)\d\d)\s*年度?"
                          r"(?!\s*(?:[底末初]|\d+\s*(?:[月日号.．/\-]|$)|以来|起|开始|[至到]|[一二三四五六七八九十]+月))"
                          r"(?!(?:度|政务公开|政府信息公开|信息公开|政务|工作|全[县市区省]|[省市县区])*"
                          r"(?:要点|细则|考核|方案|计划|规划|报告|目录|清单|实施意见|通知))")
_DOCUMENT_NAME = re.compile(r"《[^》]*》?")  # a year inside a document's name is the document's
# The year before the report's named in words as a count's period (上一年度行政复议1件), not as what a count is compared
# with (较上年, 与上年相比, 上年同期), a plan or report of that year (上年度考核, 上年度报告) or requests carried from it.
_LAST_YEAR = re.compile(r"(?<![较比与同于])(?:上一?年(?!度)|上一?年度|去年)"  # whole: 上一年度结转 is no 上一年 + 度结转
                        r"(?!同期|相比|比较|以来|结转|转结|遗留|[底末初]|(?:考核|报告|评议|工作要点))")
_CLAUSE_OPENER = re.compile(r"(?:^|[，,])\s*(?:在|于)?")  # where a clause of the sentence begins, and its 在/于
_CLAUSE_START = re.compile(r"[，,。；;！？\n：:（(、]")
NUMBER = re.compile(r"\d+")
A_COUNT = re.compile(r"(?<!\d)\d+(?!\d)(?!\s*[年月日])")  # a number that is no date's (2022年 is not a count)
# Documents made: a verb of making and no verb of disclosing or posting anywhere in the count's phrase (共制发政府信息77件;
# not 制作并主动公开…, 主动公开本机关制作的政府信息…, 制作并上传…, whose counts are disclosed or posted).
_POSTED_OR_DISCLOSED = re.compile(r"公开|发布|更新|上传|推送|公示")
# A length of time (自收到申请之日起20个工作日内, 15日内): no count of anything (SPEC §6 counts items, requests, cases).
_A_TIME_LIMIT = re.compile(r"\s*(?:个)?(?:工作日|自然日|日内|天内?|小时|个月|周内)")


def _made_only(phrase: str) -> bool:
    return bool(MADE.search(phrase)) and not _POSTED_OR_DISCLOSED.search(phrase)


def a_length_of_time(text: str, m: Mention) -> bool:
    return bool(_A_TIME_LIMIT.match(text, m.end))


# A count written in Chinese numerals (申请五件, 行政复议一起: SPEC §6 tags numbers however written): a well-formed
# number from 一 to 九十九, not a piece of a longer run (二三十, 十七八 are ranges, 一百零五 a larger number).
_COUNT_NUMBER = re.compile(rf"\d+|(?<![{NUMERAL_CHARS}])(?:{UP_TO_99})(?![{NUMERAL_CHARS}])")
_BOUND_TO_A_NUMERAL = set("第同每逐唯统单任某其几数")  # 第一件, 同一件, 其一, 数十件: not a count
# Counted in requests or cases: 件/宗/起 ending the clause or before what it counts (申请五件，…; 五件申请; 诉讼一起。),
# not 一件事, 一个工作日, 一项涉及…, nor 一件也没有 (a negation, D25).
_NUMERAL_COUNTED = re.compile(r"\s*[件宗起](?=[，,。；;：:、（()）\s]|$|(?:政府信息|信息|依申请)?(?:公开)?(?:申请|案件))")
_NEGATED = re.compile(r"未(?!成年)|没|无(?!法|纸|偿|锡)|不曾")  # 未收到一件申请, 没有一件: no number (D25)
_TOGETHER = re.compile(r"[与和同跟及]|连同")  # …与…一起: together, not one case
_QUANTITY = re.compile(r"\d+(?:\.\d+)?(?:[余多]?万)?")  # 1315, 8.3万, 30余万 (guidelines D8: the scale is in the span)
# ... or a Chinese numeral of two characters or more (一百二十, 三十五, 1.2万's 一万二千), not bound to the word before it
# (第一百, 数十): a proactive count written out.
_QUANTITY_OR_NUMERAL = re.compile(rf"{_QUANTITY.pattern}|(?<![{NUMERAL_CHARS}{''.join(_BOUND_TO_A_NUMERAL)}])"
                                  rf"[{NUMERAL_CHARS}]{{2,}}(?![{NUMERAL_CHARS}])")
_IN_A_NUMBER = set("0123456789.．,，")  # a digit run next to one of these is part of a larger number (12.5, 1,200)
_NEEDS = {"FEE_AMOUNT": re.compile(r"费"), "PROCUREMENT_AMOUNT": re.compile(r"采购"),
          "PROCUREMENT_COUNT": re.compile(r"采购")}
_RECEIVED = re.compile(r"收到|受理|新收|接收|核收|接到|提出|申请数")
# 办理/处理 N件 alone: handled (D16); not an outcome's 处理 (区分处理后公开, 不予处理, 其他处理: table 3's rows)
_HANDLED = r"办理|(?<!区分|不予|其他|不再)处理"
_COMPLETED = re.compile(rf"办结|答复|回复|办理完毕|办理完成|{_HANDLED}")
_DONE = re.compile(r"办结|答复|回复|办理完毕|办理完成|处理完毕")  # completed, not only handled
_REQUEST_TOTALS = ("APP_RECEIVED", "APP_COMPLETED")
_RECEIVED_REQUESTS = re.compile(r"(?:收到|受理|新收|接收|核收)[^，。；]{0,12}申请")
# Words of a count by outcome or applicant type (APP_OUTCOME), which a clause about received requests may hold.
OUTCOME_WORDS = re.compile(r"自然人|法人|企业|组织|予以公开|同意公开|准予公开|部分公开|区分处理|无法提供|不予|其他处理|"
                           r"已主动公开|(?<!申请公开)信[函件]|网络|当面|网上")  # 依申请公开信函, 信件: the requests themselves
_CASE = re.compile(r"复议|诉讼")
# Counted things that are not disclosure requests, even with the verbs of requests (guidelines D21).
_NOT_REQUESTS = re.compile(r"诉求|投诉|来电|热线|咨询|留言|来信|信箱|(?<!申请公开)信件|建议|提案|信访|告知书|通知书")
# Other matters a body handles (办理行政许可27件, 行政处罚463件): no disclosure request unless 申请 is named as one.
_OTHER_MATTERS = re.compile(r"许可|处罚|审批")
# Requests another body handles for this one, or this one for another (委托县自然资源局办理…申请N件, 协助上级办理…): not
# this body's counts (guidelines D21).
_FOR_ANOTHER = re.compile(r"(?:委托(?!代理)|协助)[^，,。；;\d]{1,12}?(?:办理|处理|答复)|代为(?:办理|处理|答复)|"
                          r"转交(?:其他|有关|相关)")  # not 委托代理人 (the applicant's agent) nor 转办的申请 (sent here)
# A request noun ending the clause (D15: 依申请公开请求, 依申请公开事项 N件) and a completion verb ending it (已按期答复 N件).
# (办件: a request handled; 依申请公开数量为5件: their number named)
_REQUEST_NOUN = re.compile(r"依申请公开(?:政府信息)?(?:请求|申请|事项|办件|信函|信件)?(?:数量?|总数|总量)?(?:为|共|达)?$")
# (答复总数0条: the count of answers named as such)
_COMPLETED_LAST = re.compile(r"(?:办结|答复|办理完毕|办理完成)(?:申请)?(?:总数|数量?)?(?:为|共)?$")
# ... or before the disclosure requests it names (依法规范答复政府信息公开申请2宗)
_ANSWERED_REQUESTS = re.compile(r"(?:办结|答复)(?:了)?(?:政府信息公开|信息公开|依申请公开)(?:申请)?(?:共|共计)?$")
# 办理/处理 right before a count that follows the year's intake in its sentence (新收339件，办理334件，剩余7件结转): what
# was completed of them (an intake split, 办理N件 = 办结 + 结转 after it, stays received: D16).
_HANDLED_LAST = re.compile(rf"^\s*(?:共|已|均|全部|依法|累计)?(?:{_HANDLED})(?:完成|完毕)?(?:共|共计)?$")  # not 正在办理
# The counters a completed count takes where its verb is right before it (按时办结2条, 答复22起).
_COMPLETION_COUNTER = re.compile(r"\s*[件宗起条份]")
_CARRIES = re.compile(r"结转|转结|转入|结余|顺延|续办|遗留|下一?年|继续办理")
_REQUEST_LABELS = ("APP_RECEIVED", "APP_COMPLETED", "APP_CARRIED", "APP_OUTCOME")
# The verb after a request count's counter (N件已办结, N件已按规定予以答复, N件结转下年度), with no outcome named after it
# (N件答复不予公开 counts an outcome).
# (a bracketed remark may stand between, naming no outcome and no carried-in requests: 13件（含2件转下年度办结）均按期答复)
_VERB_AFTER = re.compile(r"\s*[件宗]\s*(?:[（(](?:(?!公开|不予|无法|告知|上一?年|去年)[^）)\n]){0,24}[）)])?"
                         r"(?:[^，,。；;\d（(]{0,16}?)(办结|答复|回复|办理完毕|结转|转结|"
                         r"(?:顺延|转)(?=(?:到|至|入)?\s*(?:下一?年|(?:19|20)\d\d)))"
                         r"(?![^，,。；;]*(?:公开|不予|无法|告知))")
# Documents by their disclosure attribute: 依申请公开 right before a count, after a 主动公开 count in its sentence.
_ATTRIBUTE_SPLIT = re.compile(r"依申请公开(?:的)?(?:文件|公文)?(?:数量?|总数)?(?:共|为)?\s*$")
_DISCLOSED_COUNT = re.compile(r"主动公开(?:的)?(?:文件|公文)?(?:共|为)?\s*\d")
# A document's title right before a count (《…标准》总计80条): its articles.
_AFTER_A_TITLE = re.compile(r"》\s*(?:共|总计|合计|共计|计)?(?:有)?\s*$")
# Answers given late (超期答复件, 逾期办结), right before their count.
_LATE = re.compile(r"(?:超期|逾期|超时)(?:未)?(?:答复|办结|办理|回复|处理)(?:件|的申请)?(?:数量?)?(?:为|共)?\s*$")
# Requests still being handled, or given more time, right before or right after their count (正在办理2件, 延期办理1件,
# 2件正在办理中): neither completed nor carried to next year unless phrased as 结转 (guidelines D20).
# (跨年度办理 N件: handled across the year's end, which way the guidelines' D20 does not say: no key's count)
_PENDING = re.compile(r"(?:正在|尚在|仍在|依法延期|延期|跨年度?)(?:办理|答复|处理)(?:中)?(?:的)?(?:申请)?(?:有|共|为)?\s*$")
_PENDING_AFTER = re.compile(r"\s*[件条]\s*(?:申请)?\s*(?:仍|尚)?(?:正在(?:办理|处理)|在(?:办理|处理)中)")
# Both verbs on one number (收到并答复, 受理答复, 收到和处理 N件): the requests received (guidelines D18).
_FUSED = re.compile(r"(?:收到|受理|接收)[并和及、]?(?:答复|处理|办理|办结)")
# A count that includes last year's carried-in requests is not this year's intake (guidelines D17).
_WITH_CARRIED_IN = re.compile(r"\s*[件条个]?\s*(?:(?:依申请(?:公开)?)?(?:事项|申请|请求))?\s*"
                              r"(?:[（(]?\s*(?:(?<![不未])含|包含|包括|其中)[^）)。；;不未]{0,20}?上一?年度?结转"
                              r"|[（(]\s*(上一?年度?|去年|(?:19|20)\d\d\s*年度?)(?:结转|转结))")
# ... or broken down after it into this year's new requests and last year's (受理15件，其中新收13件，上年结转2件).
# The carried-in part is a count (上年结转2件; not 上年结转的申请已办结), from last year or a named earlier one (2022年度
# 结转2件 in the report on 2023); 另有上年结转 adds them: the head is this year's.
_BROKEN_DOWN_WITH_CARRIED_IN = re.compile(r"\s*[件条个宗]?\s*[，,。]?\s*其中(?:(?!另|此外|加上)[^。；;]){0,30}?"
                                          r"(?:(?:结转|转结)(?:自)?(上一?年度?|去年|(?:19|20)\d\d\s*年度?)"
                                          r"|(上一?年度?|去年|(?:19|20)\d\d\s*年度?)(?:结转|遗留|转结))(?:办理|处理)?(?:的)?"
                                          r"(?:政府信息公开|依申请公开)?"
                                          r"(?:申请|事项)?(?:数量?)?(?:为|共)?\s*\d+\s*[件宗个项]")
_NEW = re.compile(r"新(?:收|接收|受理)")  # this year's new requests (新收, 新接收), not last year's
# This year's new requests, the verb right before the number (其中新收13件, 当年新收13件): received (D17).
_NEW_INTAKE = re.compile(r"新(?:收|接收|受理)(?:到)?(?:(?:政府信息公开|依申请公开)(?:申请)?|申请)?\s*$")  # 新收政府信息公开11件
# 办理 N件, then 办结 M件 and/or 结转 K件 in the same sentence: the counts after it (guidelines D16).
_SPLIT_AFTER = re.compile(r"(?:办结|答复|结转[^，。；;\d]{0,8}?)\s*(\d+)\s*件")
# A request count's counter: SPEC §6's 件, and the other counters reports use for requests (宗, 起, 份, 个, 项, 条;
# guidelines D20 has 宗); the noun after it names what is counted (共收到9份政府信息依申请公开事项, 收到7件依申请公开件).
_REQUEST_COUNTER = re.compile(r"\s*[件宗起份个项条次例封]")  # 次 only right after 申请 (收到申请4次); 封, letters
_REQUESTS_AFTER = re.compile(r"\s*[件宗起份个项条]?\s*(?:政府信息)?(?:(?:信息公开|依申请公开|公开)?(?:申请|事项)|依申请公开(?:件|信件|来信)|"
                             r"依申请公开(?=[，,。；;]))")
_CARRIED_IN = re.compile(r"上一?年|去年|结转|遗留")
_CARRIED_OVER = re.compile(r"结转|遗留|转结|结余|转入")
# Last year's requests still in hand (上年度继续办理…申请N件): carried in, though 办理 is a completing verb elsewhere.
_CONTINUED = re.compile(r"(?:上一?年度?|去年)(?:结转)?继续办理")
_CARRIED_IN_HEAD = re.compile(rf"(?:上一?年度?|去年)(?:{_CARRIED_OVER.pattern}|继续办理)|结转上一?年")
_SUMMED = re.compile(r"(?:共|共计|合计|总计)\s*$")  # the number is stated as a sum
_BREAKDOWN = re.compile(r"其中|包括")
_DOCUMENT = re.compile(r"文件|解读")
_ATTRIBUTE = re.compile(r"(?:依申请公开|不予公开)(?:政府)?(?:信息)?(?:数|条数)?(?:共|为)?\s*$")


# SPEC §6 / fields.json's words for each `n.*` key, looked for in front of a number or right after its counter.
KEY_WORDS = {
    # (the verb over a list of kinds closed by 等…信息, and 刊登/刊发 as 发布: the same words around a longer noun)
    "n.proactive.total": re.compile(r"主动公开|(?:公开|发布|刊登|刊发)(?:[^，。；]{0,12}|[^，。；]{0,60}?等[^，。；]{0,6})信息"),
    "n.proactive.cumulative": re.compile(r"截至|截止|累计"),
    "n.applications.received": re.compile(r"收到|受理|新收|接收|接到|依申请公开(?:政府信息)?(?:请求|申请|事项)?$"),
    "n.applications.completed": re.compile(rf"办结|答复|回复|{_HANDLED}"),
    "n.applications.carried_forward": re.compile(r"结转|转入"),
    "n.review.total": re.compile(r"复议"),
    "n.litigation.total": re.compile(r"诉讼|起诉"),
    "n.fees.info_processing": re.compile(r"信息处理费|收费"),
}
# The statutory verb right before a count, the body's own (not 已主动公开, 告知…主动公开, 转为主动公开: answers to requests).
# (a number of kinds may stand before the noun: 主动公开六类政府信息共7件, D9)
_KINDS_COUNTED = r"(?:[一二三四五六七八九十两\d]{1,3}大?类)?"
_PROACTIVE_VERB_LAST = re.compile(rf"(?<![已知转为属于是])主动公开(?:了)?(?:各类)?{_KINDS_COUNTED}(?:政府|政务)?(?:信息|文件|公文)?"
                                  r"(?:共|共计)?\s*$")
# The statutory verb of the body's disclosure, not a heading's (（一）主动公开政府信息情况 above the sentence).
STATUTORY_VERB = re.compile(r"主动(?:(?:在|通过|依托)[^，,。；;、\d\n]{2,16}?(?<!政务)(?<!信息))?(?:公开|发布)"  # 主动在网站公开
                            r"(?![^，。；;\d]{0,8}?(?:情况|方面|工作)(?:\s|$))")


def clause_before(text: str, start: int, reach: int = 40) -> str:
    """The words of the mention's clause up to it (at most `reach` characters back)."""
    lead = text[max(0, start - reach):start]
    cut = max((m.end() for m in _CLAUSE_START.finditer(lead)), default=0)
    return lead[cut:]


_PHRASE_START = re.compile(r"[，,。；;！？\n：:]")


def phrase_before(text: str, start: int, reach: int = 40) -> str:
    """Like clause_before, but an enumeration (、) or a bracket does not end it: in 收到自然人、法人和其他组织…申请 N件
    the verb is the count's, though the clause in front of N begins after the 、."""
    lead = text[max(0, start - reach):start]
    cut = max((m.end() for m in _PHRASE_START.finditer(lead)), default=0)
    return lead[cut:]


def words_after(text: str, end: int, reach: int = 16) -> str:
    """The words after a number up to a comma or a stop (1646件已按规定予以答复: the verb of a count stated first)."""
    found = _PHRASE_START.search(text, end, end + reach)
    return text[end:found.start() if found else end + reach]


def is_list_item(text: str, start: int, reach: int = 30) -> bool:
    """An item of a list of counts: its clause starts after 、 or ；, with a number in the item before it (主动公开机构
    职能、政策文件等信息428条 lists kinds of content in one noun phrase, not counts)."""
    clause = clause_before(text, start, reach)
    lead = text[max(0, start - len(clause) - 1):start - len(clause)]
    return lead in ("、", "；", ";") and bool(NUMBER.search(clause_before(text, start - len(clause) - 1, reach)))


def sentence_before(text: str, start: int, reach: int = 80) -> str:
    lead = text[max(0, start - reach):start]
    cut = max((m.end() for m in _SENTENCE_START.finditer(lead)), default=0)
    return lead[cut:]


def sentence_with_its_head(text: str, start: int) -> str:
    """The sentence up to the number, after the one before it where this one opens a breakdown of it (受理申请15件。
    其中，上年结转2件，本年新收13件): 其中 refers back to the count it breaks down."""
    sentence = sentence_before(text, start)
    head_end = start - len(sentence) - 1
    if OPENS_A_BREAKDOWN.match(sentence) and head_end > 0:
        return sentence_before(text, head_end) + text[head_end] + sentence
    return sentence


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence of the number at start:end begins (as sentence_before reads it) and ends."""
    return start - len(sentence_before(text, start)), end + len(re.match(r"[^。；;\n]*", text[end:]).group())


def same_paragraph(text: str, a: Mention, b: Mention) -> bool:
    return "\n" not in text[min(a.end, b.end):max(a.start, b.start)]


def _period_years(clause: str) -> list[str]:
    return _PERIOD_YEAR.findall(_DOCUMENT_NAME.sub("", clause))


def names_the_year(clause: str, year: int | None, strictly: bool = False) -> bool:
    """The clause dates its count to the report's year: 今年, 本年, the year's number (2023年度), and unless read
    `strictly`, 全年 and 新增 (when the question is whether a 新增 count is the year's, they prove nothing)."""
    words = _THIS_YEAR_NAMED if strictly else THIS_YEAR
    return bool(words.search(clause)) or (year is not None and str(year) in _period_years(clause))


def _a_year_of_its_own(clause: str, year: int | None) -> bool:
    """Where the report's year is not found, a clause that names one year of its own, with no date or running words
    (截止12月31日，…，其中：2019年主动公开政府信息共18条): the count of that year, not a running total (D10)."""
    return (year is None and len(_period_years(clause)) == 1 and not AS_OF.search(clause) and "累计" not in clause
            and not over_years(clause, None))


def over_years(clause: str, year: int | None) -> bool:
    """The clause counts over years (历年, 累计至今, 开通以来, or since a year before the report's: 自2016年起, 2019年以来):
    a running total, no count of the year (guidelines D10)."""
    return bool(RUNNING.search(clause)) or (
        year is not None and any(int(y or z) < year for y, z in _SINCE_YEAR.findall(clause)))


def an_earlier_year(clause: str, year: int | None) -> bool:
    """The clause names a year before the report's (2022年度结转申请N件: carried in from it, guidelines D20)."""
    return year is not None and any(int(named) < year for named in _period_years(clause))


def with_carried_in(text: str, end: int, year: int | None) -> bool:
    """The count's brackets say it holds last year's requests (36件（含上年结转4件）, 7件（2022年转结办理2件，…）: D17)."""
    found = _WITH_CARRIED_IN.match(text, end)
    named = found.group(1) if found else None
    return found is not None and (not named or not named[0].isdigit() or (year is not None and int(named[:4]) < year))


# A count right before an opening bracket (申请50件（…）): the head whose split the bracket holds.
_COUNT_BEFORE_A_BRACKET = re.compile(r"\d+\s*[件条个宗]?\s*$")
_THIS_YEARS_REQUESTS = re.compile(r"(?:本年度?|当年|今年|((?:19|20)\d\d)\s*年度?)(?:新)?(?:收到|受理|提出)?(?:的)?"
                                  r"(?:政府信息公开|依申请公开)?申请\s*$")


def _this_years_part(clause: str, sentence: str, year: int | None) -> bool:
    """The year's own requests in a 其中 split that names last year's carried-in ones first (申请50件，其中结转2023年3件，
    2024年申请47件): this year's intake (D17)."""
    found = _THIS_YEARS_REQUESTS.search(clause)
    return (found is not None and "其中" in sentence and carried_in(sentence, year)
            and (found.group(1) is None or (year is not None and int(found.group(1)) == year)))


def _inside_a_carried_in_split(text: str, start: int, year: int | None) -> bool:
    """The count stands inside the brackets after a count of requests that holds last year's (with_carried_in)."""
    sentence = sentence_before(text, start)
    opened = max(sentence.rfind("（"), sentence.rfind("("))
    if opened < 0 or max(sentence.rfind("）"), sentence.rfind(")")) > opened:
        return False
    at = start - len(sentence) + opened  # the bracket's position in the text
    head = _COUNT_BEFORE_A_BRACKET.search(text, max(0, at - 12), at)
    return head is not None and with_carried_in(text, head.start() + len(re.match(r"\d+", head.group()).group()), year)


def _broken_down_with_carried_in(text: str, end: int, year: int | None) -> bool:
    found = _BROKEN_DOWN_WITH_CARRIED_IN.match(text, end)
    if found is None:
        return False
    named = found.group(1) or found.group(2)  # 结转2023年3件 or 2023年结转3件
    return not named[0].isdigit() or (year is not None and int(named[:4]) < year)


def carried_in(words: str, year: int | None) -> bool:
    """Requests carried in from last year named in `words`: 上年结转, 去年遗留, 结转上年, or 结转 after a year before
    the report's (2022年结转: D20)."""
    return bool(_CARRIED_IN_HEAD.search(words)) or (bool(_CARRIED_OVER.search(words)) and an_earlier_year(words, year))


def another_years_count(text: str, start: int, year: int | None) -> bool:
    """A count dated to another year than the report's (2022年共受理申请12件 in the report on 2023): that year's
    figure, no quantity of this report (guidelines D34); requests carried between the years are this year's. The
    period is the count's own clause's, else that of the last year opening an earlier clause of its sentence
    (2022年，我局共收到申请12件；上一年度主动公开…)."""
    clause = clause_before(text, start)
    if _CARRIES.search(clause):
        return False
    named = _period_years(clause)
    this_year = bool(_THIS_YEAR_NAMED.search(clause))
    if named:  # a year's number in the clause
        return year is not None and str(year) not in named and not this_year and not _CARRIED_IN.search(clause)
    if this_year or _LAST_YEAR.search(clause):  # the year, or the one before, in words
        return not this_year
    sentence = sentence_before(text, start)
    earlier = sentence[:len(sentence) - len(clause)]
    for opener in reversed(list(_CLAUSE_OPENER.finditer(earlier))):  # the last clause that opens with a period
        head = earlier[opener.end():]
        if _CARRIES.search(re.split(r"[，,]", head, maxsplit=1)[0]):
            continue  # 2021年结转7件: requests carried between the years, no period of the clauses after it
        if numbered := _PERIOD_YEAR.match(head):
            return year is not None and int(numbered.group(1)) != year
        this_year = bool(_THIS_YEAR_NAMED.match(head)) or head.startswith("全年")
        if this_year or _LAST_YEAR.match(head):
            return not this_year
    return False


def counted_over_channels(text: str, start: int) -> bool:
    """One count over several channels named as its ways, or over any (guidelines D2), in its phrase or earlier in
    its sentence with no number between (通过门户网站和融合号等渠道，发布…各类信息近5000条; in 通过网站、新媒体等渠道
    发布政策文件136份、…，发布会议信息16条 the channels are the first count's ways, not the third's)."""
    sentence = _masked_channel_counts(sentence_before(text, start))
    phrase = _masked_channel_counts(phrase_before(text, start))
    if _OVER_CHANNELS.search(phrase) or SEVERAL_CHANNELS.search(phrase):
        return not _only_outlets(phrase)
    # its own phrase names the one channel it was counted on (以某平台和局网站为主要发布平台，全年通过某市政务公开平台发布
    # 信息N条): the channels named before it are the body's, not this count's ways; not a word for them all (通过上述平台,
    # 三大平台, 网上平台, 公开平台)
    if (ONE_CHANNEL.search(phrase) and not ALL_THE_CHANNELS.search(phrase)
            and not _ITS_BREAKDOWN_AFTER.match(text, start)):
        return False
    named = [m.end() for m in (*SEVERAL_CHANNELS.finditer(sentence), *_OVER_CHANNELS.finditer(sentence))]
    # a number of domains (25个试点领域) counts kinds, not items (D9): no count between the channels and theirs
    masked = COUNTED_DOMAINS.sub(lambda d: "＿" * len(d.group()), sentence)
    return bool(named) and not A_COUNT.search(masked, max(named, default=0))


_AN_OUTLETS_PLATFORM = re.compile(rf"({OUTLET.pattern})平台")


def _only_outlets(phrase: str) -> bool:
    """Every channel the phrase names is an outlet (通过微信公众号、微博、今日头条等公开信息N条; an outlet's 平台, 新媒体平台,
    is that outlet): the new media's posts together, no count over the body's channels (D2 against D3), unless it says
    any channel (各类平台)."""
    channels = CHANNEL.findall(_AN_OUTLETS_PLATFORM.sub(lambda o: o.group(1), phrase))
    return bool(channels) and all(OUTLET.search(c) for c in channels) and not ANY_CHANNEL.search(phrase)


# A number of channels (全市政府网站及389个政务新媒体, 15家网站): how many there are, no count between them and theirs.
_COUNTED_CHANNELS = re.compile(rf"\d+\s*[个家]\s*(?=[^，,。；;\d]{{0,4}}?(?:{CHANNEL.pattern}))")


def _masked_channel_counts(words: str) -> str:
    return _COUNTED_CHANNELS.sub(lambda d: "＿" * len(d.group()), words)


# Domains counted as kinds of what a count covers (基层政务公开25个试点领域, 6大领域: guidelines D9).
COUNTED_DOMAINS = re.compile(r"\d+\s*[个大]\s*[^，,。；;\d]{0,4}?领域")


def counted_on_an_outlet(text: str, start: int) -> bool:
    """A count on a new-media account or an offline outlet (guidelines D3, D5): the last channel named before it is
    one, in its own phrase, or where the phrase names no channel and no disclosure of the body's (主动公开), earlier in
    its sentence (在微信公众平台群发信息51次，共计发送153条: 微信公众平台 is a WeChat account's name, so the words just
    before the channel count too); never a count over several channels or any (D2: 通过网站、微信等平台, 各种渠道)."""
    if counted_over_channels(text, start):
        return False
    phrase, sentence = phrase_before(text, start), sentence_before(text, start)
    scope = phrase if CHANNEL.search(phrase) or STATUTORY_VERB.search(phrase) else sentence
    channels = list(CHANNEL.finditer(scope))
    if not channels:
        return False
    # a column is on the channel named before it (“某某发布”微信公众号开设多个专栏，全年共发布信息300条)
    platforms = [c for c in channels if c.group() not in ("专栏", "栏目")]
    last = (platforms or channels)[-1]
    named = scope[max(0, last.start() - 6):last.end()]
    return bool(OUTLET.search(named) or _EXTERNAL_PLATFORM.search(named))


# Another body's platform the body posts on (信用中国网站, 公共资源交易平台: guidelines' external platforms), an outlet.
_EXTERNAL_PLATFORM = re.compile(r"信用|交易")


# The body's disclosure (D5): 主动公开 or 公开 / 发布 of information named as such (主动公开政府信息, 公开了各类政府
# 信息), not a heading's words (（一）主动公开政府信息情况 names a chapter, not this count). Its information named in
# general (主动公开各类政府信息, 主动公开文件), not one kind of it (主动公开行政处罚案件信息 is a category's count, a
# part). 公开 of information of every kind (已公开各类信息N条, 公开发布各类信息N条) is the body's disclosure too, right
# before the number only (及时公开各类信息 opening a sentence is the work's description, not a count's words).
DISCLOSED = re.compile(r"(?:主动公开(?:了)?(?:各类|各项|相关)?(?:政府|政务)?(?:信息|文件)|公开[^，。；;\d]{0,12}?政府信息"
                       r"|发布[^，。；;\d]{0,4}?政府信息)(?!情况|方面|工作)")
_DISCLOSES_EVERY_KIND = re.compile(rf"{_NOT_ASKED_OR_WITHHELD}公开(?:了)?(?:各类|各项)(?:政务)?信息{_SUM_BEFORE_THE_COUNT}")
# 公开 after a domain's name (救灾领域公开信息) names that domain's information, a kind; 重点领域 is no one domain.
NOT_A_DOMAINS = r"(?:(?<!领域)|(?<=重点领域))"
# 公开 of information right before the number (公开信息N条, 公开发布各类信息N条), not a request's answer (向申请人公开信息)
# nor the work of another kind (党务公开信息, 村务公开) nor a domain's (NOT_A_DOMAINS): on the body's whole site, its
# disclosure beside an outlet's posts (body_total's D5), where a topic's or a column's is not (及时公开信息, 在专栏公开信息).
DISCLOSES_INFORMATION = re.compile(rf"{_NOT_ASKED_OR_WITHHELD}(?<![务人]){NOT_A_DOMAINS}公开(?:发布)?(?:了)?(?:各类|各项)?"
                                   rf"(?:政府|政务)?信息{_SUM_BEFORE_THE_COUNT}")
_BREAKDOWN_BETWEEN = re.compile(r"其中|包括|分别为|[（(]\s*含")  # between a head and its part
OPENS_A_BREAKDOWN = re.compile(r"\s*(?:其中|包括)")  # 。其中公开指南1条，…: the sentence before's count, broken down
BREAKDOWN_REACH = 200  # a breakdown's head may sit well before its last part
_SENTENCE_END = re.compile(r"[。；;\n]")
# A breakdown of a count stated before it in its sentence; a year or a date is no count (2022年我局…，其中…), and a list
# of contents (包括工作动态、机构设置等信息) breaks down no count.
_AFTER_A_COUNT = re.compile(rf"{A_COUNT.pattern}[^。；;\n]*?(?:{_BREAKDOWN_BETWEEN.pattern})")


def counts_broken_down_before(sentence: str) -> bool:
    """The sentence, up to a count, breaks down a count stated before it in the sentence or the one before (。其中…)."""
    return bool(_AFTER_A_COUNT.search(sentence) or OPENS_A_BREAKDOWN.match(sentence))


def phrased_as_disclosure(text: str, m: Mention) -> bool:
    """The count is phrased as the body's disclosure (主动公开政府信息, 公开政府信息): those words are the last in its
    sentence before it, with no other number between them and it; or 公开各类信息 right before it."""
    sentence = sentence_before(text, m.start)
    found = list(DISCLOSED.finditer(sentence))
    if found and not NUMBER.search(sentence[found[-1].end():]) and not _AMONG.match(sentence, found[-1].end()):
        return True
    return bool(_DISCLOSES_EVERY_KIND.search(phrase_before(text, m.start)))


# The disclosed information named as what the counts after it are among (主动公开的政府信息中，政策文件2条；…): a
# breakdown's opener, no count's phrasing.
_AMONG = re.compile(r"\s*之?中\s*[，,：:]")


_ANOTHER_COUNT = re.compile(r"(?<!\d)\d+\s*[余多]?\s*[条件个篇项份期次]")  # a count of its own, its counter after it


# The verb of disclosing, not the name of the work (信息公开, 政务公开).
_DISCLOSED_ALL = re.compile(r"(?<!政务)(?<!信息)公开")
# A verb or sum of its own in an item after a semicolon: a new statement, not one more item of the breakdown before it.
_AN_ITEMS_OWN_VERB = re.compile(rf"发布|{_DISCLOSED_ALL.pattern}|更新|推送|转载|报送|制作|印发|办理|收到|受理|答复|"
                                r"合计|共计|总计|累计|各类")
_FULL_STOP = re.compile(r"[。\n]")


def _more_items(words: str) -> bool:
    """`words` (from a semicolon to the next count) go on a breakdown's list of items: no full stop or line break, no
    verb or sum of their own (；工作动态信息40条, ；微信公众号1420条; not ；微信公众号发布300条, ；各类信息合计300条)."""
    return not (_FULL_STOP.search(words) or _AN_ITEMS_OWN_VERB.search(words))


def broken_down_from(text: str, head: Mention, m: Mention) -> bool:
    """`m` is one of the counts a breakdown after `head` lists: 其中/包括/分别为/（含 between them in one sentence, or
    in the sentence right after it when that sentence opens with 其中/包括."""
    if m.start <= head.end:
        return False
    between = text[head.end:m.start]
    stop = _SENTENCE_END.search(between)
    listed = _BREAKDOWN_BETWEEN.search(between, 0, stop.start()) if stop is not None else None
    if listed is not None and _more_items(between[stop.start():]):
        # 共发布86条，其中：机构信息12条；工作动态信息40条: a breakdown whose items end in semicolons
        return not _ANOTHER_COUNT.search(between, 0, listed.start())
    if stop is None:
        # …2730条，公开文件共36个，其中府发6个，…，公众号发布信息800条: the 其中 opens the breakdown of the count right
        # before it, not of the head
        opener = _BREAKDOWN_BETWEEN.search(between)
        return opener is not None and not _ANOTHER_COUNT.search(between, 0, opener.start())
    opened = sentence_before(text, m.start, BREAKDOWN_REACH)
    before_it = between[:len(between) - len(opened) - 1]  # from the head to the end of its own sentence
    return bool(OPENS_A_BREAKDOWN.match(opened)) and not _SENTENCE_END.search(before_it)


_A_REQUEST = re.compile(r"申请|请求")
_NUMBERED_HEADING = re.compile(r"(?:^|\n)\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}\s*[.、．])")


# Requests named by what they ask for, with the intake verb right before the number (新收政府信息公开11件).
_INTAKE_OF_DISCLOSURE = re.compile(r"(?:新收|收到|受理)(?:到)?(?:政府)?信息公开\s*$")


def _section_above(text: str, start: int) -> str:
    """The text from the last numbered heading in the 1,500 characters above `start` to `start` ('' when none)."""
    before = text[max(0, start - 1500):start]
    last = None
    for last in _NUMBERED_HEADING.finditer(before):
        pass
    return before[last.start():] if last is not None else ""


def _about_requests(text: str, m: Mention, reach: int = 150) -> bool:
    """A request (申请, 请求) named near a request count: in its section (from the numbered heading above it: （二）依申请
    公开情况), in the text just before it, or in the words after it (收到8件申请); or the intake of disclosure right
    before it (新收政府信息公开11件)."""
    before = text[max(0, m.start - reach):m.start]
    return (any(_A_REQUEST.search(words) for words in (_section_above(text, m.start), before, words_after(text, m.end)))
            or bool(_INTAKE_OF_DISCLOSURE.search(before[-16:])))


def _heading_above(text: str, start: int) -> str | None:
    """The first words of the numbered heading above `start` ((二)依申请公开情况 → 依申请公开情况), or None."""
    section = _section_above(text, start)
    return section[_NUMBERED_HEADING.match(section).end():].split("\n", 1)[0][:24] if section else None


@lru_cache(maxsize=1024)  # asked in several branches for one count
def in_a_requests_section(text: str, start: int) -> bool:
    """The numbered heading above `start` names requests ((二)依申请公开情况) and the count's sentence no other matter:
    its counts are the requests' even where the sentence leaves the noun out (2022年新受理161件，共办结168件)."""
    line = _heading_above(text, start)
    if line is None:
        return False
    if not _DISCLOSURE_REQUEST.search(line) or _OTHER_MATTERS.search(line) or _CASE.search(line):
        return False  # (二)行政许可申请办理情况, (三)行政复议申请情况: another matter's
    sentence = sentence_before(text, start)
    return not (_NOT_REQUESTS.search(sentence) or _OTHER_MATTERS.search(sentence) or _CASE.search(sentence)
                or "事项" in sentence)  # a sentence naming another matter is about it


# An intake verb right before the number, no noun between (新受理161件): the requests, in a section on them.
_INTAKE_LAST = re.compile(r"(?:新受理|受理|新收|收到|接收|接到)(?:了)?(?:共|共计)?$")


# Words of a proactive count (what is disclosed, published or posted), which a request's clause does not hold.
_PROACTIVE_WORDS = re.compile(r"公开|发布|信息|更新|推送|转载|网站|平台|栏目|专栏")


# Requests counted as 案件, the verb right before the request noun (处理依申请公开案件, 受理政府信息公开申请案件), not a
# dispute or complaint about one (因依申请公开引发的行政争议案件, 依申请公开投诉案件).
_REQUEST_CASES = re.compile(r"(受理|收到|新收|接收|处理|办理|办结)(?:了)?(?:政府信息公开|依申请公开)(?:申请)?(?:类)?案件$")
# A disclosure request named (政府信息公开申请, 依申请公开), not another (不动产登记申请, 营业执照变更申请: D21).
_DISCLOSURE_REQUEST = re.compile(r"(?:公开|依)申请|申请公开")


def _request_verb(words: str) -> str | None:
    """The request total the verb in `words` names: received (收到, 受理, 新收 …) before completed (办结, 答复, 处理 …)."""
    return "APP_RECEIVED" if _RECEIVED.search(words) else "APP_COMPLETED" if _COMPLETED.search(words) else None


_REQUEST_NOT_APPLICANT = re.compile(r"申请(?!人)")


def _request_verb_of_a_proactive_tag(text: str, m: Mention, clause: str) -> str | None:
    """A count tagged proactive whose clause has a request verb and no word of disclosure, in a sentence whose last
    request named is a disclosure request (or with one named right after it), in a section on requests: the requests'
    count its verb names (SPEC §6's APP_ labels), or "" where its clause has none (共104件 after the year's and last
    year's requests: no proactive count, and no key's); not a count by applicant or channel (自然人提出N条: an
    outcome's, APP_OUTCOME). A breakdown of the requests whose own verb, after its counter or in its
    clause, completes or carries them (其中18件已按时答复, 其中本年度办理112件) is the completed or carried count."""
    if _PROACTIVE_WORDS.search(clause) or OUTCOME_WORDS.search(clause) or not _about_requests(text, m):
        return None
    sentence = sentence_before(text, m.start)
    last = max((r.start() for r in _REQUEST_NOT_APPLICANT.finditer(sentence)), default=-1)  # not 申请人均为自然人
    named_before = last >= 0 and _DISCLOSURE_REQUEST.search(sentence, max(0, last - 2), last + 4)
    if not (named_before or _DISCLOSURE_REQUEST.search(words_after(text, m.end))):  # 受理0条政府信息依申请公开
        return None
    if _BREAKDOWN.search(clause):
        if _CARRIES.search(clause):  # 其中结转下年度继续办理3件 (carried forward), 其中上年结转2件 (in: no key's)
            return "APP_CARRIED" if _carried_forward_before(clause, find_year(text)) else None
        verb = _verb_after(text, m.end, clause) or _request_verb(clause)
        return verb if verb in ("APP_COMPLETED", "APP_CARRIED") else None
    return "APP_CARRIED" if _CARRIES.search(clause) else _request_verb(clause) or ""


# The kinds of applicant of table 3's columns: a request count of one of them is an outcome's (APP_OUTCOME); one
# naming several (收到公民、法人和其他组织申请N件) counts who applied in all.
_APPLICANT = re.compile(r"自然人|公民|法人(?:或|和|及)?(?:其他组织)?(?!登记|代表|资格|证|名称|信息|库)|其他组织|商业企业|科研机构|"
                        r"社会公益组织|法律服务机构")


_OF_ONE_APPLICANT_AFTER = re.compile(rf"\s*[件宗个份]\s*(?:涉及?|来自)(?:{_APPLICANT.pattern}|企业)")


def _applicant_of(text: str, m: Mention) -> str | None:
    found = _APPLICANT.findall(clause_before(text, m.start))  # 收到公民申请12件、法人申请1件: each its own
    return found[0] if len(found) == 1 else None


def _by_applicant(text: str, mentions: list[Mention]) -> list[Mention]:
    """Request counts of different kinds of applicant in one sentence (收到自然人递交申请书1件，法人递交申请书1件) split
    the requests by applicant: each is an outcome's count (SPEC §6), none the received total. One kind alone
    (共收到自然人申请2件) is the year's requests, all of them from it, also where its 其中 names another kind."""
    def applicant_split(m: Mention) -> bool:
        kind = _applicant_of(text, m)
        begins, ends = sentence_span(text, m.start, m.end)
        return kind is not None and any(
            o is not m and o.label.startswith("APP_") and begins <= o.start < ends and not broken_down_from(text, m, o)
            and _applicant_of(text, o) not in (None, kind) for o in mentions)

    return [m.as_label("APP_OUTCOME") if m.label == "APP_RECEIVED" and applicant_split(m) else m for m in mentions]


def _counts_received_requests(clause: str, label: str, after: str) -> bool:
    """收到…申请 N件 with no completion verb; an outcome or applicant word after 申请 (收到申请…其中自然人 N件)
    keeps an APP_OUTCOME what it is."""
    found = _RECEIVED_REQUESTS.search(clause)
    if found is None and _RECEIVED.search(clause) and _REQUESTS_AFTER.match(after):
        return not _COMPLETED.search(clause)  # 共收到70件申请: the requests named after the number
    if not found or _COMPLETED.search(clause):
        return False
    return not (label == "APP_OUTCOME" and OUTCOME_WORDS.search(clause[found.end():]))


# Documents made, counted (产生行政文件44件, 发文31个), earlier in the sentence.
_MADE_COUNT_BEFORE = re.compile(rf"(?:{MADE.pattern}|发文)[^，,。；;\d]{{0,12}}?\d+\s*[件个份篇条][，,\s]*$")


def apply_definitions(text: str, mentions: list[Mention]) -> list[Mention]:
    out = []
    year = find_year(text)
    for m in mentions:
        if another_years_count(text, m.start, year):
            continue
        if not text[m.end:].strip():
            continue  # …共受理政府信息公开申请75 where the text is cut: the number may be cut too (D27)
        clause = clause_before(text, m.start)
        verb_last = _PROACTIVE_VERB_LAST.search(clause) if m.label.startswith("APP_") else None
        if (verb_last and "申请" not in sentence_before(text, m.start)
                and (("信息" in verb_last.group() and not OUTCOME_WORDS.search(sentence_before(text, m.start)))
                     or not _about_requests(text, m))):
            # 我办主动公开31件: the statutory verb right before it, no request named (its noun, 主动公开政府信息共7件,
            # says what it counts whatever the section names)
            m = m.as_label("PROACTIVE_TOTAL")
        elif m.label.startswith("PROACTIVE_") and (verb := _request_verb_of_a_proactive_tag(text, m, clause)) is not None:
            if not verb:
                continue  # 收到…申请102件，上年度结转2件，共104件均按规定办理: requests, of no key's verb (D17)
            m = m.as_label(verb)  # 收到…申请58条，已处理54条，结转下年度4条: the requests' counts, whatever the counter
        if m.label.startswith("APP_") and disclosed_part_of_an_untagged_split(text, m.start):
            m = m.as_label("PROACTIVE_PART")  # 共制发政府信息130件，其中主动公开18件，不予公开…: no request (D12)
        need = _NEEDS.get(m.label)
        if need and not need.search(clause):
            continue
        if m.label == "PROACTIVE_TOTAL" and _made_only(phrase_before(text, m.start)):
            continue  # 共制发政府信息77件: documents made, not tagged (D12); what was disclosed of them is the count
        if m.label.startswith("PROACTIVE_") and _ATTRIBUTE.search(clause):
            continue
        if _NOT_REQUESTS.search(clause[-6:]) and "申请" not in clause:  # the noun the number counts
            continue
        if m.label in _REQUEST_LABELS and (_other_requests(text, m.start, m.end) or _FOR_ANOTHER.search(clause)
                                           or another_kind_of_request(clause)):
            continue
        if m.label in _REQUEST_LABELS and _OTHER_MATTERS.search(clause[-6:]) and "申请" not in clause:
            continue  # 全年办理行政许可27件
        if m.label in _REQUEST_LABELS and _LATE.search(clause):
            continue  # 超期答复件0件: answers given late, a check on the completed ones, not their count
        if m.label in ("APP_COMPLETED", "APP_CARRIED") and (
                _PENDING.search(clause) or _PENDING_AFTER.match(text, m.end)):
            continue  # 正在办理2件, 延期办理1件: requests in hand, no key's count (D20)
        if m.label in _REQUEST_LABELS and _ATTRIBUTE_SPLIT.search(clause) and _DISCLOSED_COUNT.search(
                sentence_before(text, m.start)):
            continue  # 行政发文共21件，主动公开18件，依申请公开3件: documents by disclosure attribute (SPEC §6)
        if m.label == "DOC_COUNT" and _PROACTIVE_VERB_LAST.search(clause) and _MADE_COUNT_BEFORE.search(
                sentence_before(text, m.start)[:-len(clause) or None]):
            m = m.as_label("PROACTIVE_TOTAL")  # 全年产生行政文件44件，主动公开文件35件: what it disclosed of them (D12)
        if m.label.startswith("PROACTIVE_") and _AFTER_A_TITLE.search(clause):
            continue  # 《某局政府信息主动公开标准》总计80条: the articles of a document, no disclosure
        if m.label in _REQUEST_LABELS and over_years(clause, year):
            continue  # 历年累计办理依申请公开件10件: a running total over years, no count of the year (D10)
        if (m.label == "APP_RECEIVED" or (m.label == "APP_COMPLETED" and (not _COMPLETED.search(clause)
                                                                         or _CONTINUED.search(clause)))) and carried_in(
                clause, year):
            m = m.as_label("APP_CARRIED")  # 上年结转申请7件, 2022年结转…, 上年度转结3件: carried in, fills no key (D20)
        if m.label in _REQUEST_TOTALS and _SUMMED.search(clause) and not _RECEIVED.search(clause) and carried_in(
                sentence_before(text, m.start), year):
            continue  # 新收252件，上年结转10件，共计262件: the sum holds last year's requests (D17)
        if m.label in _REQUEST_LABELS and (verb := _verb_after(text, m.end, clause)):
            m = m.as_label(verb)
        elif m.label == "APP_CARRIED" and not (_CARRIES.search(clause) or _CARRIES.search(text, m.end, m.end + 12)
                                               or carried_in(clause, year)):
            verb = _request_verb(clause)
            if verb is None:
                continue
            m = m.as_label(verb)
        # the identity (parts before it that add up to it) and D10's year beside its running total are evidence
        # that no outlet's or published count's words overrule
        summed = m.label == "PROACTIVE_PART" and _sum_of_the_parts_before(text, m, clause, out)
        the_years = m.label.startswith("PROACTIVE_") and _the_year_beside_its_running_total(text, m, clause, out, year)
        if m.label in ("PROACTIVE_TOTAL", "PROACTIVE_CUMULATIVE"):
            sentence = sentence_before(text, m.start)
            dated = AS_OF.search(sentence) or (_YEAR_END.search(sentence) and "累计" in clause)
            as_of = bool(dated) and not names_the_year(clause, year) and not _a_year_of_its_own(clause, year)
            as_of = as_of or ("累计" in clause and over_years(clause, year))
            m = m.as_label("PROACTIVE_CUMULATIVE" if as_of else "PROACTIVE_TOTAL")
        elif m.label == "PROACTIVE_PART" and (summed or the_years or _sums_the_year(text, m, clause)):
            # 全年共计 N条; 网站更新14条，新媒体更新486条，全年总计更新主动公开信息500条 (D2); 截至年底累计公开N条，
            # 其中本年度主动公开M条 / 今年新增M条 (D10)
            m = m.as_label("PROACTIVE_TOTAL")
        elif m.label == "PROACTIVE_PART" and "累计" in clause and not CHANNEL.search(clause) and (
                over_years(clause, year) or (AS_OF.search(sentence := sentence_before(text, m.start))
                                             and not _BREAKDOWN_BETWEEN.search(sentence)
                                             and not names_the_year(clause, year)
                                             and not counted_on_an_outlet(text, m.start))):
            # 历年累计主动公开政府信息N条; 截至年底，本年度主动公开M条，累计公开N条: a running total (D10)
            m = m.as_label("PROACTIVE_CUMULATIVE")
        if m.label == "PROACTIVE_TOTAL" and not summed and counted_on_an_outlet(text, m.start):
            m = m.as_label("PROACTIVE_PART")  # 通过政务微信公开政府信息N条: one outlet's count (D3, D5)
        if m.label == "PROACTIVE_TOTAL" and not (summed or the_years) and _part_of_a_published_count(text, m.start):
            m = m.as_label("PROACTIVE_PART")  # 发布信息11000条，其中主动公开政策公文299件: a part (D6, D12)
        if m.label == "PROACTIVE_TOTAL" and first_of_a_list_of_kinds(text, m):
            m = m.as_label("PROACTIVE_PART")  # 主动公开政府信息88条、规范性文件2条、提案办理信息134条: a kind (D13)
        if m.label == "PROACTIVE_TOTAL" and not (summed or the_years) and an_item_of_a_list_of_kinds(text, m):
            m = m.as_label("PROACTIVE_PART")  # 发布工作动态61条，公示公告133条，建议提案办理13条: a kind (D13)
        if m.label == "PROACTIVE_TOTAL" and not (summed or the_years) and (one_kinds_information(clause)
                                                                          or HELD.search(clause)):
            m = m.as_label("PROACTIVE_PART")  # 主动公开人事信息8条: one kind's count (D13); 目录共有信息N条: held
        if m.label == "CASE_COUNT" or m.label == "DOC_COUNT" or m.label.startswith("APP_"):
            # the case noun in front, or right after the counter (收到1件行政复议: a count stated first)
            case = bool(_CASE.search(clause)) or case_named_after(text, m.end) is not None
            document = bool(_DOCUMENT.search(clause))
            if case and not document:
                m = m.as_label("CASE_COUNT")
            elif document and not case and m.label == "CASE_COUNT":
                m = m.as_label("DOC_COUNT")
            elif m.label == "CASE_COUNT" and not case and (verb := _REQUEST_CASES.search(clause)):
                # 共处理依申请公开案件5件: a request count (D16), no review, suit, dispute or complaint named
                m = m.as_label(_request_verb(verb.group(1)))
            elif (m.label == "CASE_COUNT" and not case and not _CASE.search(sentence_before(text, m.start))
                  and (verb := _verb_after(text, m.end, clause)) and in_a_requests_section(text, m.start)):
                # (二)依申请公开 … 未产生行政复议。1件结转至下年度答复: a request's verb, no case in its sentence
                m = m.as_label(verb)
        if m.label == "CASE_COUNT" and cases_of_other_matters(text, m.start, m.end):
            continue  # 行政诉讼15件，均与征收补偿有关; 行政复议申请8件，其中涉及政府信息公开的…
        if m.label in _REQUEST_LABELS and _part_of_the_cases(sentence_before(text, m.start)):
            continue  # 行政复议申请8件，其中涉及政府信息公开的0件: the disclosure cases, no requests
        received = _counts_received_requests(clause, m.label, text[m.end:m.end + 12]) or (
            m.label in _REQUEST_LABELS and (found := _NEW_INTAKE.search(clause))
            and ("公开" in found.group() or "申请" in sentence_with_its_head(text, m.start))) or (
            m.label in _REQUEST_LABELS and _this_years_part(clause, sentence_before(text, m.start), year)) or (
            m.label in _REQUEST_LABELS and _received_from_the_listed_applicants(phrase_before(text, m.start)))
        if received and m.label != "CASE_COUNT":  # 收到行政复议申请2件 asks for a review, no disclosure request
            m = m.as_label("APP_RECEIVED")
        elif (m.label == "APP_OUTCOME" and _COMPLETED.search(clause) and not _RECEIVED.search(clause)
              and not OUTCOME_WORDS.search(clause)):
            m = m.as_label("APP_COMPLETED")  # 已答复71件: a count answered, no outcome or applicant named (SPEC §6)
        if m.label == "APP_RECEIVED" and _OF_ONE_APPLICANT_AFTER.match(text, m.end):
            m = m.as_label("APP_OUTCOME")  # 新收125件涉自然人…，2件涉企业: split by applicant (SPEC §6's outcomes)
        if m.label in _REQUEST_TOTALS:
            # the verb of the count's clause, or of its phrase where an enumeration (、) cut the verb off the clause
            # (全年办理涉及拆迁、征地等事宜依申请公开3件)
            words = clause if _RECEIVED.search(clause) or _COMPLETED.search(clause) else phrase_before(text, m.start)
            received, completed = bool(_RECEIVED.search(words)), bool(_COMPLETED.search(words))
            fused = _FUSED.search(phrase_before(text, m.start))  # 受理、办结…6件: the enumeration cut 受理 off (D18)
            if _carried_forward_before(clause, year):
                m = m.as_label("APP_CARRIED")  # 结转下一年继续办理件33件: carried forward, whatever verb follows 结转
            elif fused and not A_COUNT.search(phrase_before(text, m.start), fused.end()):
                m = m.as_label("APP_RECEIVED")  # 收到并答复6件: one number of a fused verb (D18)
            elif received != completed:
                m = m.as_label("APP_RECEIVED" if received else "APP_COMPLETED")
            if with_carried_in(text, m.end, year) and (m.label == "APP_RECEIVED" or not _DONE.search(words)):
                continue  # 受理/办理36件（含上年结转4件）: this year's and last year's together (D17); 办结…（含…） is completed
            if (_broken_down_with_carried_in(text, m.end, year) and not (m.label == "APP_COMPLETED" and _DONE.search(words))
                    and not (m.label == "APP_RECEIVED" and _NEW.search(clause))):
                continue  # the head of this year's and last year's requests, neither received nor completed (D17);
                # 办结36件。其中上年结转4件 is completed, carried-in requests included
            if m.label == "APP_COMPLETED" and _is_intake_split(text, m, clause):
                m = m.as_label("APP_RECEIVED")
            if _inside_a_carried_in_split(text, m.start, year) and not _NEW.search(clause):
                continue  # 申请7件（2021年转结办理2件，2022年办理5件）: a part of both years' requests, no key's (D17)
            if not _about_requests(text, m):
                continue  # 一网通办…跨层级受理0件: a service's count, no disclosure request near it (SPEC §6)
        out.append(m)
    out = _by_applicant(text, _running_before_the_years_new_items(text, out, year))
    return _parallel_channel_counts(text, _over_channels_before_its_parts(text, _split_by_disclosure(text, out)))


# A breakdown into what was disclosed and what was not (其中主动公开信息42条，不主动公开信息45条): its head counts the
# information made or issued in every way (D12), never with the statutory verb itself.
# (依申请公开19条 beside 主动公开668条: the same split by disclosure attribute, SPEC §6)
_NOT_DISCLOSED = re.compile(r"(?:[不非]主动公开|不予公开|不公开|依申请公开)(?!为)[^，,。；;\d]{0,12}?\d")  # with its count
_DISCLOSED_PART = re.compile(r"(?<![不非予])主动公开")
# ... and an item of that breakdown after a semicolon, information counted by its attribute as the 2019 template's
# row names it (；依申请公开信息数8条), not the requests' sentence (；依申请公开受理申请8件)
_NOT_DISCLOSED_ITEM = re.compile(r"\s*(?:[不非]主动公开|不予公开|依申请公开)(?:的)?(?:政府|政务)?信息(?:数|数量)?(?:为|共)?\s*\d")
# ... or, under a head of all that was disclosed (共公开信息246项。其中，主动公开242项: _DISCLOSED_ALL), that opens
# with what was disclosed proactively: the rest was disclosed otherwise
# (its noun as the 2019 template's row names it: 主动公开信息数38条)
_DISCLOSED_PART_WORDS = r"主动公开(?:了|的)?(?:政府|政务)?(?:信息)?(?:数|数量)?(?:共|共计|为)?"
_DISCLOSED_FIRST = re.compile(rf"[\s,，:：]*{_DISCLOSED_PART_WORDS}\s*\d")


def split_by_disclosure(text: str, start: int, end: int) -> bool:
    """The count's own breakdown (其中, 包括) names what was not disclosed (发布政府信息87条，其中主动公开信息42条，不主动
    公开信息45条), and its phrase lacks the statutory verb: it counts what was made or issued in every way (D12)."""
    sentence_end = _SENTENCE_END.search(text, end)
    if sentence_end is not None and (OPENS_A_BREAKDOWN.match(text, sentence_end.end()) or (
            sentence_end.group() in "；;" and _NOT_DISCLOSED_ITEM.match(text, sentence_end.end()))):
        # …共公开信息246项。其中，主动公开242项，…; 其中主动公开信息数38条，占比81%；依申请公开信息数8条…
        sentence_end = _SENTENCE_END.search(text, sentence_end.end())
    after = text[end:sentence_end.start() if sentence_end else len(text)]
    opened = _BREAKDOWN_BETWEEN.search(after)
    phrase = phrase_before(text, start)
    return (opened is not None and not STATUTORY_VERB.search(phrase)
            and bool(_NOT_DISCLOSED.search(after, opened.end())
                     or (_DISCLOSED_ALL.search(phrase) and _DISCLOSED_FIRST.match(after, opened.end()))))


def _split_by_disclosure(text: str, mentions: list[Mention]) -> list[Mention]:
    """The head of a split into disclosed and not (D12) is not tagged; its one 主动公开 part is the year's total, or a
    part where the report states a larger total apart from it (D12). Not a running total's split (截至, 历年: D10)."""
    year = find_year(text)
    for head in [m for m in mentions if m.label in ("PROACTIVE_TOTAL", "PROACTIVE_PART")]:
        if (not split_by_disclosure(text, head.start, head.end) or AS_OF.search(sentence_before(text, head.start))
                or over_years(clause_before(text, head.start), year)):
            continue
        parts = [o for o in mentions if o.label.startswith("PROACTIVE_") and broken_down_from(text, head, o)]
        disclosed = [o for o in parts if _DISCLOSED_PART.search(clause_before(text, o.start))]
        if len(disclosed) != 1:
            continue
        value = parse_quantity(text[disclosed[0].start:disclosed[0].end]) or 0
        larger = any(o.label == "PROACTIVE_TOTAL" and o is not head and o not in parts
                     and (parse_quantity(text[o.start:o.end]) or 0) > value for o in mentions)
        label = "PROACTIVE_PART" if larger else "PROACTIVE_TOTAL"
        return [o.as_label(label) if o is disclosed[0] else o for o in mentions if o is not head]
    # the head left untagged (公开信息687条，其中主动公开668条…，依申请公开19条): its 主动公开 part, where no total is tagged
    if not any(m.label == "PROACTIVE_TOTAL" for m in mentions):
        for o in mentions:
            if (o.label == "PROACTIVE_PART" and disclosed_part_of_an_untagged_split(text, o.start)
                    and not AS_OF.search(sentence_before(text, o.start))):
                return [m.as_label("PROACTIVE_TOTAL") if m is o else m for m in mentions]
    return mentions


def disclosed_part_of_an_untagged_split(text: str, start: int) -> bool:
    """The count right after 其中主动公开 in the breakdown of an untagged count into what was disclosed and what was not
    (制发政府信息130件，其中主动公开18件，不予公开…: D12); not of requests (答复申请30件，其中主动公开10件: outcomes)."""
    head = _UNTAGGED_HEAD.search(text, max(0, start - 40), start)
    return (head is not None and not _A_REQUESTS_WORDS.search(phrase_before(text, head.start(1)))
            and split_by_disclosure(text, head.start(1), head.end(1)))


_A_REQUESTS_WORDS = re.compile(r"申请|请求|受理|收到|答复|办理|处理")
_UNTAGGED_HEAD = re.compile(r"(?<!\d)(\d+)\s*[余多]?\s*[条件篇项]\s*[，,]?\s*其中\s*[，,]?\s*(?<![不非予])"
                            rf"{_DISCLOSED_PART_WORDS}\s*$")


def _over_channels_before_its_parts(text: str, mentions: list[Mention]) -> list[Mention]:
    """A total tagged inside the breakdown of one count over several channels (通过网站、公开栏等，主动公开…共计830条。
    其中通过网站主动公开政府信息120条): the count over the channels is the total (D2), the one in its breakdown a
    channel's part. Only where the head has the statutory verb itself; not documents made, a leftover, dated or over
    years, nor smaller than its part."""
    year = find_year(text)
    for head in [m for m in mentions if m.label == "PROACTIVE_PART" and counted_over_channels(text, m.start)]:
        phrase, sentence = phrase_before(text, head.start), sentence_before(text, head.start)
        if (not STATUTORY_VERB.search(phrase) or MADE.search(phrase) or LEFTOVER.search(phrase)
                or AS_OF.search(sentence) or over_years(phrase, year)):
            continue  # (发布各类信息830条 over channels beside 主动公开政府信息620条: the statutory one is the total)
        parts = [o for o in mentions if o.label == "PROACTIVE_TOTAL" and broken_down_from(text, head, o)]
        others = [o for o in mentions if o.label == "PROACTIVE_TOTAL" and o not in parts]
        value = parse_quantity(text[head.start:head.end])
        if (not parts or others or value is None
                or any((parse_quantity(text[o.start:o.end]) or 0) > value for o in parts)):
            continue
        return [o.as_label("PROACTIVE_TOTAL") if o is head else o.as_label("PROACTIVE_PART") if o in parts else o
                for o in mentions]
    return mentions


# A head of the year's information published (not made: D12), then 其中 before this count in one sentence.
# (the head may be a round number in words: 近万条，其中…, 上千条，其中…)
_PUBLISHED_HEAD = re.compile(r"(?:公开|发布|更新)[^。；;\d]{0,40}?(?:\d+(?:\.\d+)?\s*[余多]?万?|[近上数逾超][万千])\s*[余多]?\s*[条件篇项]"
                             r"[^。；;\d]{0,6}其中[^。；;\d]*$")


def _part_of_a_published_count(text: str, start: int) -> bool:
    """A 其中 part of a published count (D6, D12), not of documents made."""
    sentence = sentence_before(text, start, reach=120)
    head = _PUBLISHED_HEAD.search(sentence)
    return bool(head) and not MADE.search(sentence[:head.start() + head.group().rfind("其中")])  # words before 其中


# The rest of a count's list: up to the end of its sentence or a breakdown of its own (其中, 包括, 分别), with what a
# bracket says of one item (（含新制定5件…）) left out; and one count of a kind in it, with its counter.
_LIST_END = re.compile(r"[。；;！？\n]|其中|包括|分别")
_BRACKET = re.compile(r"[（(][^（()）]*[）)]")
_LISTED_COUNT = re.compile(rf"({_QUANTITY.pattern})\s*[余多]?\s*[条件篇项个份]")
_SUM_WORDS = re.compile(r"共|合计|总计")
_COLUMN = "专栏|栏目"  # a column of a site
_BY_ATTRIBUTE = re.compile(r"依申请公开|不予公开|部分公开")


# A column of the site holds a kind of content (特色专栏信息15条), except the column of the disclosure itself
# (政务公开专栏: D6's channel).
_A_COLUMN = re.compile(rf"(?<!公开)(?:{_COLUMN})")


# The information of one kind, named between the verb and 信息 (主动公开人事信息8条, 发布动态信息120条), not the body's
# information in general (各类, 政府, 本单位…), nor a channel's (专栏信息: D3-D6 decide those).
_KINDS_INFORMATION = re.compile(r"(?:主动公开|公开|发布|更新)(?:了)?(?P<kind>[^，,。；;、\d]{1,8}?)信息"
                                r"(?:共|共计|总数|数量?)?(?:为|达)?\s*$")
_IN_GENERAL = re.compile(rf"政府|政务|工作|各|全|相关|有关|所有|本|我|单位|机关|部门|公开|的|了|共|等|新|法定|"
                         rf"{CHANNEL.pattern}|{SITE.pattern}")
# Information a catalogue or system holds (目录共有信息5600条, 现有政府信息): a stock, not the year's disclosure.
HELD = re.compile(r"(?:共有|现有|已有|存有|拥有|收录)(?:各类)?(?:政府|政务)?信息(?:共|总数|总量)?\s*$")


def one_kinds_information(clause: str) -> bool:
    """The count's information is one kind's (guidelines D13: a category, not the total)."""
    found = _KINDS_INFORMATION.search(clause)
    return found is not None and not _IN_GENERAL.search(found.group("kind"))


def first_of_a_list_of_kinds(text: str, m: Mention) -> bool:
    """A count phrased like the total that opens a list of counts of kinds whose other items together exceed it:
    a category, not the total (guidelines D13: 主动公开政府信息N条、规范性文件M条、… ). A count stated as a sum (共, 合计)
    is none; a channel's count in the list (a site's, an outlet's; not a column's) is D4/D5's matter, and a count
    by disclosure attribute (依申请公开N条, 不予公开N条) splits what was made (D12): neither is an item of a kind."""
    if _SUM_WORDS.search(phrase_before(text, m.start)):
        return False
    stop = _LIST_END.search(text, m.end)
    rest = _BRACKET.sub(lambda b: "＿" * len(b.group()), text[m.end:stop.start() if stop else len(text)])
    own = parse_quantity(text[m.start:m.end])
    items = []
    for found in _LISTED_COUNT.finditer(rest):
        at = m.end + found.start()
        if _inside_a_number(text, at, at + len(found.group(1))):
            continue
        item = clause_before(text, at)  # the item's own words: an enumeration's 、 ends them
        if CHANNEL.search(_A_COLUMN.sub("", item)) or _BY_ATTRIBUTE.search(item):
            return False
        items.append(parse_quantity(found.group(1)))
    return own is not None and len(items) >= 2 and None not in items and sum(items) > own


# The words of a count's own clause that make it more than one kind's item of a list: a verb of disclosure, the
# body's information, a sum, the year's or a new count (D10), a breakdown, or a channel (D3-D5 decide those).
_MORE_THAN_AN_ITEM = re.compile(rf"公开|发布|更新|推送|公示|公布|上传|刊登|报送|信息|共|合计|总计|累计|总|全年|本年|今年|当年|年度|"
                                rf"新增|增加|其中|包括|{CHANNEL.pattern}|{SITE.pattern}")
_ENDS_WITH_A_COUNT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*[余多]?\s*[条件篇项个份则]\s*$")


def an_item_of_a_list_of_kinds(text: str, m: Mention) -> bool:
    """A count whose clause names only a kind (建议提案办理13条), after the count of another kind that the list it
    continues ends with (发布工作动态61条，公示公告133条，建议提案办理13条，…): one kind's count, not the total (D13)."""
    clause = clause_before(text, m.start)
    opens = m.start - len(clause)
    if opens < 1 or text[opens - 1] not in "，,、；;" or not clause.strip() or _MORE_THAN_AN_ITEM.search(clause):
        return False
    return bool(_ENDS_WITH_A_COUNT.search(text, max(0, opens - 21), opens - 1))


_IN_ITS_BRACKETS = re.compile(r"\s*[条件项篇]?\s*[（(][^）)]{0,12}")


def _running_before_the_years_new_items(text: str, mentions: list[Mention], year: int | None) -> list[Mention]:
    """累计主动公开政府信息4002条。2019年新增主动公开政府信息362条: where the count after a 累计 total in its paragraph
    is the year's new items (新增 with the year named: 今年, 本年 or the report's year; not a change against another
    year, 较上年新增, nor a 其中 part), the 累计 one runs over years (PC) and the new one is the year's total (D10:
    累计 alone is the year's count only where nothing else is)."""
    out = list(mentions)
    for i, m in enumerate(out):
        clause = clause_before(text, m.start)
        if (m.label not in ("PROACTIVE_TOTAL", "PROACTIVE_PART") or "累计" not in clause
                or names_the_year(clause, year)):
            continue
        ends = text.find("\n", m.end)
        ends = len(text) if ends < 0 else ends
        for j in range(i + 1, len(out)):
            o = out[j]
            if o.start >= min(ends, m.end + 120) or not o.label.startswith("PROACTIVE_"):
                continue
            later = clause_before(text, o.start)
            # (a part by the tagger only with the year's new items in its own brackets and the body's disclosure in
            # its words: 累计公开信息7976条（2022年新增435条）, not a kind's 新闻动态类信息4849条（2022年新增204条）)
            if (_NEW_ITEMS.search(later) and names_the_year(later, year, strictly=True)
                    and not _COMPARED.search(later) and not CHANNEL.search(later)
                    and (m.label == "PROACTIVE_TOTAL" or (_IN_ITS_BRACKETS.fullmatch(text, m.end, o.start) and (
                        STATUTORY_VERB.search(clause) or DISCLOSES_INFORMATION.search(clause))))):
                out[i], out[j] = m.as_label("PROACTIVE_CUMULATIVE"), o.as_label("PROACTIVE_TOTAL")
                break
    return out


WHOLE_SITE = re.compile(r"门户网站|政府网站?|政务公开网|信息公开网|政务网|官网|网站|门户")
# One channel named as a count's own: the site, an outlet, a column, or a platform named by its body or place
# (某市政府政务公开平台), not 平台 alone.
ONE_CHANNEL = re.compile(rf"{WHOLE_SITE.pattern}|{OUTLET.pattern}|专栏|栏目|"
                         r"(?:通过|在|经|依托|利用)[^，,。；;\d、]{0,20}?[省市县区镇乡州旗局委办厅署][^，,。；;\d、]{0,12}?平台")
# A count opening its own breakdown (2450条，其中县政府门户网站发布980条): what it counts covers more than one channel.
_ITS_BREAKDOWN_AFTER = re.compile(r"[\d.,]+\s*[万余多]*\s*[条篇件项个]?[\s，,：:]*(?:其中|包括)")
# Words that point back to the channels named before, or name them all (上述平台, 以上渠道, 三大平台, 各平台).
ALL_THE_CHANNELS = re.compile(r"(?:上述|以上|这些|前述|[两二三四五六七八九几多各全]\s*[个大类种]?)\s*(?:平台|渠道|载体|途径)")
# A section of a site (a column, a topic page): its count is a share of the site's.
A_SITES_SECTION = re.compile(rf"{_COLUMN}|专题|专区")
_A_SITES_PART = re.compile(rf"{A_SITES_SECTION.pattern}|目录")


def whole_site_named(phrase: str) -> str | None:
    """The whole site a count's phrase names (门户网站, 政务公开网), none where it names a column of one (专栏)."""
    found = WHOLE_SITE.search(phrase)
    return found.group() if found and not _A_SITES_PART.search(phrase) else None


# A count's phrase that is a channel's name and nothing else (微信公众号, 在政务公开栏上, 通过政务微博共): no verb of its own.
_BARE_CHANNEL = re.compile(rf"^\s*(?:在|通过|经|于|依托)?[^，,。；;\d]{{0,12}}?(?:{CHANNEL.pattern})(?:上|中|里)?"
                           r"(?:共|共计|累计|合计)?\s*$")


def shares_the_verb(text: str, m: Mention, o: Mention) -> bool:
    """`o` comes after `m` in its sentence with a channel's name and no verb of its own (在政府网站主动公开信息22条，
    政务服务网23条，微信公众号185条): the same verb on every channel, D4's parallel counts (D33); not a column of the
    site (“政策解读”专栏42条: its part), a count over several channels (D2) or a part of `m`'s breakdown (其中网站60条)."""
    phrase = phrase_before(text, o.start)
    item = phrase.rsplit("、", 1)[-1] if A_COUNT.search(phrase) else phrase  # 信息180条、微信公众号150条
    return (m.end <= o.start and not _SENTENCE_END.search(text, m.end, o.start) and bool(_BARE_CHANNEL.match(item))
            and not re.search(_COLUMN, phrase) and not counted_over_channels(text, o.start)
            and not broken_down_from(text, m, o))


# Right after a count, another channel's count with the verb left out (、微信公众号150条), tagged or not: the same verb on
# both, D4's parallel counts (D33); not a column of the site (专栏, 栏目: its part) nor the count's breakdown (其中…).
NEXT_CHANNELS_COUNT = re.compile(rf"\s*[余多]?\s*[条篇]\s*[、，,；;]\s*(?!其中|包括|另)(?:在|通过|于)?[^，,。；;\d]{{0,10}}?"
                                 rf"(?:{OUTLET.pattern}|{WHOLE_SITE.pattern})(?:上|中)?(?:共|共计)?\s*\d+\s*[余多]?\s*[条篇]")


# (公开发布 is 公开's: the body's disclosure beside an outlet's 发布, D5; guidelines, session 11)
_PUBLISHING_VERB = re.compile(r"公开发布|发布|公开|推送|更新|推出|刊发|转载")


def publishing_verb(text: str, m: Mention) -> str | None:
    """The last verb of publishing in the count's phrase (发布, 公开, 推送 …), or None."""
    found = _last_match(_PUBLISHING_VERB, phrase_before(text, m.start))
    return found.group() if found else None


def posted_alike(text: str, a: Mention, b: Mention) -> bool:
    """Two counts posted with the same verb of publishing (门户网站发布政府信息358条，微信公众号发布508条)."""
    verb = publishing_verb(text, a)
    return verb is not None and verb == publishing_verb(text, b)


def _parallel_channel_counts(text: str, mentions: list[Mention]) -> list[Mention]:
    """A total on the body's site beside a proactive count on an outlet in its paragraph is one of parallel channel
    counts, no total (guidelines D4, D33), where the two are phrased alike: both as the body's disclosure (主动公开, or
    公开/发布…政府信息: 门户网站公开政府信息N条，官方微信公开政府信息M条), or the site's count not so at all (网站发布
    信息N条 beside 公众号推送M条), or the outlet's count with the site's verb left out (主动公开信息N条，微信公众号M条).
    The site's count phrased as the disclosure beside outlets' posts phrased otherwise
    stays the total (D5); so does a count over several channels (D2); an outlet count that breaks the site's down
    (…，其中微信M条) does not compete with it. Two whole sites both with the statutory verb (门户网站…，政务公开网…)
    are parallel counts too (D4), unless one is a column of the other (D6) or the same site's count restated."""
    def statutory(m: Mention) -> bool:
        return bool(STATUTORY_VERB.search(phrase_before(text, m.start)))

    def as_disclosure(m: Mention) -> bool:
        return statutory(m) or phrased_as_disclosure(text, m)

    def parallel(m: Mention) -> bool:
        if (not SITE.search(phrase_before(text, m.start)) or counted_on_an_outlet(text, m.start)
                or counted_over_channels(text, m.start)):
            return False
        beside = [o for o in outlets if o is not m and same_paragraph(text, m, o) and not broken_down_from(text, m, o)]
        if any(as_disclosure(o) or not as_disclosure(m) for o in beside):
            return True
        if not statutory(m) and any(posted_alike(text, m, o) for o in beside):
            return True  # 门户网站发布政府信息358条，微信公众号发布508条: the same verb, no statutory one (D4, D33)
        if statutory(m) and (any(shares_the_verb(text, m, o) for o in mentions if o.label.startswith("PROACTIVE_"))
                             or NEXT_CHANNELS_COUNT.match(text, m.end)):
            return True  # 在门户网站主动公开信息N条，微信公众号M条: the verb left out of the next channel (D4, D33)
        # two whole sites (门户网站, 政务公开网), both with the statutory verb (D4), neither a column of the other (D6)
        # nor the same site's count restated
        return m in sites and any(o is not m and same_paragraph(text, m, o) and not broken_down_from(text, m, o)
                                  and not broken_down_from(text, o, m) and sites[o] != sites[m]
                                  and text[o.start:o.end] != text[m.start:m.end] for o in sites)

    # an outlet's running total or copies passed on (送交档案馆) are no parallel count of the year (D33, D11)
    outlets = [m for m in mentions if m.label in ("PROACTIVE_TOTAL", "PROACTIVE_PART")
               and counted_on_an_outlet(text, m.start) and not PASSED_ON.search(phrase_before(text, m.start))]
    named = {m: whole_site_named(phrase_before(text, m.start)) for m in mentions
             if m.label in ("PROACTIVE_TOTAL", "PROACTIVE_PART") and statutory(m)}
    sites = {m: site for m, site in named.items() if site is not None
             and not counted_on_an_outlet(text, m.start) and not counted_over_channels(text, m.start)}
    return [m.as_label("PROACTIVE_PART") if m.label == "PROACTIVE_TOTAL" and parallel(m) else m for m in mentions]


# A request of another kind, named by its matter between the verb and 申请 (受理不动产登记申请, 收到低保申请: D21). What
# describes disclosure requests, who sent them (…人, …民), how, when or how many is no matter of its own.
_QUALIFIED_REQUEST = re.compile(r"(?:收到|受理|新收|接收|接到|办理|处理|办结|答复)(?:了)?(?P<words>[^，,。；;、：:\d]{2,12}?)"
                                r"申请(?!人)")
_WORDS_OF_DISCLOSURE_REQUESTS = re.compile(r"公开|信息|依|查阅|查询|获取|提供|人|民|组织|群众|企业|单位|社会|各类|各项"
                                           r"|书面|网上|网络|当面|来函|信函|邮寄|有效|新|的|涉及|关于|年|本|我|并|和|及|与"
                                           r"|复议|诉讼")  # a review or suit asked for: a case count (D23)


def another_kind_of_request(clause: str) -> bool:
    """The clause's request noun names a matter other than disclosure (受理不动产登记申请5600件): no disclosure request
    (guidelines D21). Not a row of table 3's outcomes (不予处理信访举报投诉类申请)."""
    if OUTCOME_WORDS.search(clause):
        return False
    found = _last_match(_QUALIFIED_REQUEST, clause)
    return found is not None and not _WORDS_OF_DISCLOSURE_REQUESTS.search(found.group("words"))


def _last_match(pattern: re.Pattern, s: str) -> re.Match | None:
    found = None
    for found in pattern.finditer(s):
        pass
    return found


def _other_requests(text: str, start: int, end: int) -> bool:
    """The sentence named letters, calls or complaints last (D21), with no 申请 since, nor in the count's own clause
    (受理依申请公开来信1件 is a request), nor after the count."""
    sentence = sentence_before(text, start)
    last = _last_match(_NOT_REQUESTS, sentence)
    return (last is not None and "申请" not in sentence[last.end():] and "申请" not in clause_before(text, start)
            and not _REQUESTS_AFTER.match(text, end))


# A numbered heading run into its line ((2)答复情况 9件…: the clause starts after its bracket): a heading's noun, not
# a verb of the count after it.
_RUN_IN_HEADING = re.compile(r"^\s*[0-9一二三四五六七八九十]+\s*[)）]\s*[^\d，,。；;]{0,8}?(?:情况|方面)\s*")


def _verb_after(text: str, end: int, clause: str) -> str | None:
    """APP_COMPLETED or APP_CARRIED for a count whose verb follows it, where its clause has none in front (a heading
    run into the line, (2)答复情况 9件申请全部按期答复, is not the clause's)."""
    clause = _RUN_IN_HEADING.sub("", clause)
    found = _VERB_AFTER.match(text, end)
    if found is None or _COMPLETED.search(clause) or "结转" in clause:
        return None
    if _RECEIVED.search(clause) and not clause.rstrip().endswith("的"):  # 2023年受理的60件…已答复: what was received
        return None
    # 52件申请顺延到下年度答复 (to next year; 顺延答复期限 extends a deadline)
    return "APP_CARRIED" if found.group(1) in ("结转", "转结", "顺延", "转") else "APP_COMPLETED"


_BARE_REQUESTS = re.compile(r"(?:收到|受理|新收|接收|接到)(?:了)?(?:各类)?申请")


def _after_the_intake(text: str, start: int, mentions: list[Mention]) -> bool:
    """The disclosure requests received, the count right before this one in its sentence (政府信息公开申请…本年新收339件，
    办理334件): the count at `start` says what became of them. Not after other applications (受理不动产登记申请800件，
    办理790件), nor after letters or proposals named between (收到人大代表建议12件，办理12件)."""
    begins = sentence_span(text, start, start)[0]
    before = [m for m in mentions if begins <= m.start < start]
    if not before:
        return False
    last = max(before, key=lambda m: m.start)
    between = text[last.end:start]
    if last.label != "APP_RECEIVED" or A_COUNT.search(between) or _NOT_REQUESTS.search(between):
        return False
    own = clause_before(text, last.start)
    if "申请" in own:  # 收到政府信息公开申请, 收到申请; not 受理不动产登记申请
        return bool(_DISCLOSURE_REQUEST.search(own) or _BARE_REQUESTS.search(own))
    return bool(_DISCLOSURE_REQUEST.search(text, begins, last.start)) or _about_requests(text, last)  # 本年新收


def _is_intake_split(text: str, m: Mention, clause: str) -> bool:
    """办理 N件，办结 M件，结转下年度 K件 with M + K = N: N is what came in, the counts after it say how it ended."""
    if not re.search(_HANDLED, clause) or "办结" in clause or "答复" in clause:
        return False
    stated = re.match(r"\d+", text[m.start:m.end])
    sentence = re.match(r"[^。；;\n]*", text[m.end:m.end + 80]).group()
    after = [int(x) for x in _SPLIT_AFTER.findall(sentence)]
    return bool(stated) and len(after) >= 1 and sum(after) == int(stated.group())


def _sums_the_year(text: str, m: Mention, clause: str) -> bool:
    """A proactive count stated as the sum of the year's items (全年共计 N条) is the year's total (SPEC §6; guidelines
    D2), unless its sentence is a breakdown (其中, 包括 before it) or its clause counts one channel, documents made or
    a leftover category. (A list closed by 等…共 N条 is not enough: on p002 it sums one group of a longer breakdown.)"""
    if not _SUMMED.search(clause) or not THIS_YEAR.search(clause):
        return False
    return not _BREAKDOWN.search(sentence_before(text, m.start)) and not (
        CHANNEL.search(clause) or MADE.search(clause) or LEFTOVER.search(clause))


_SUM_WORD = re.compile(r"总计|合计|共计|总共|^\s*共")  # 共 opening the clause: …，共主动公开政府信息3895条


# Items the body reposted, took down, received from others or listed in an inventory: summed, no disclosure total.
_NOT_DISCLOSED_ITEMS = re.compile(r"转载|转发|删除|清理|报送|采用|梳理|清单|审查|审核")


def _sum_of_the_parts_before(text: str, m: Mention, clause: str, before: list[Mention]) -> bool:
    """A count stated as the year's sum (全年总计, 本年合计) after two or more proactive parts of its sentence that add
    up to it exactly is their total (D2; the identity total = sum of parts), unless a count before the sentence in its
    paragraph heads them (its sum would be a subtotal of that count's breakdown). The year may be named where the
    sentence opens (2022年主动公开工作动态15条，…，合计22条), or not at all where no proactive count comes before the
    sentence (通过某网主动公开基础信息135条，…领域信息81条，合计共221条: nothing it could be a subtotal of)."""
    sentence = sentence_before(text, m.start, BREAKDOWN_REACH)
    begins = m.start - len(sentence)
    year = find_year(text)
    if not _SUM_WORD.search(clause):
        return False
    if not THIS_YEAR.search(clause):
        # the year where the sentence opens, or no count before it: only for the year's own items, done, on the body's
        # channels (not a running total, another year's, a plan's or outlets' posts: D3, D10, D34)
        first = not any(o.label.startswith("PROACTIVE_") and o.start < begins for o in before)
        named = _period_years(sentence)
        if not ((names_the_year(sentence, year) or first) and all(y == str(year) for y in named)
                and STATUTORY_VERB.search(sentence) and not _NOT_DISCLOSED_ITEMS.search(sentence)
                and not _BREAKDOWN.search(sentence)  # 近万条，其中…，合计151条: a sum of a head's parts
                and not (AS_OF.search(sentence) or over_years(sentence, year) or "累计" in sentence
                         or PLANNED.search(sentence) or _YEAR_END.search(sentence))):
            return False
    paragraph = text.rfind("\n", 0, m.start) + 1
    if any(o.label.startswith("PROACTIVE_") and paragraph <= o.start < begins for o in before):
        return False
    parts = [o for o in before if o.label.startswith("PROACTIVE_") and begins <= o.start < m.start]
    if len(parts) < 2 or any(o.label != "PROACTIVE_PART" for o in parts):
        return False
    if not THIS_YEAR.search(clause) and all(counted_on_an_outlet(text, o.start) for o in parts):
        return False  # 微博发布150条，公众号推送50条，合计200条: outlets' posts, no disclosure total (D3)
    values = [parse_quantity(text[o.start:o.end]) for o in [*parts, m]]
    return None not in values and abs(sum(values[:-1]) - values[-1]) < 1e-9


# The year's items in general at the end of a count's clause, the year right before the verb (本年度主动公开政府信息,
# 今年新增, 本年度公开), not a kind of them (本年度公开政策文件, 本年度规范性文件公开, 新增政策解读).
_THE_YEARS_ITEMS = re.compile(r"(今年|本年度?|全年|(?:19|20)\d\d\s*年度?)(?:共|累计)?(?:主动公开|公开|发布|新增|更新)?(?:了|的)?(?:各类|各项)?(?:政府|政务)?"
                              r"(?:信息)?(?:共|共计|合计|达)?\s*$")


def _the_year_beside_its_running_total(text: str, m: Mention, clause: str, before: list[Mention],
                                       year: int | None) -> bool:
    """A proactive count whose own clause names the year and its items in general (其中本年度主动公开…, 今年新增,
    2023年新增 in the report on 2023) after the body's running total in its sentence (截至…累计主动公开N条; not an
    outlet's) is the year's count (guidelines D10), unless its clause counts one channel, documents made, reposts or a
    leftover category."""
    items = _THE_YEARS_ITEMS.search(clause)
    if not items or (items.group(1)[0].isdigit() and items.group(1)[:4] != str(year)):
        return False
    if CHANNEL.search(clause) or counted_on_an_outlet(text, m.start):
        return False
    if MADE.search(clause) or LEFTOVER.search(clause) or REPOST.search(clause):
        return False
    begins = m.start - len(sentence_before(text, m.start, BREAKDOWN_REACH))
    return any(o.label == "PROACTIVE_CUMULATIVE" and begins <= o.start < m.start and not counted_on_an_outlet(text, o.start)
               for o in before)


def _a_numeral_count(text: str, start: int, end: int) -> bool:
    """A Chinese numeral that counts requests or cases: not bound to the word before it (第一件, 同一件, 数十件), not
    一起 beside 与/和 (together), counted as _NUMERAL_COUNTED says, and no negation in its phrase (未收到一件申请,
    未发生复议、诉讼案件一起: guidelines D25)."""
    phrase = phrase_before(text, start)  # an enumeration's 、 does not end it: 未发生复议、诉讼案件一起
    if text[start:end] == "一" and text[end:end + 1] == "起" and _TOGETHER.search(phrase):
        return False
    return (text[start - 1:start] not in _BOUND_TO_A_NUMERAL and bool(_NUMERAL_COUNTED.match(text, end))
            and not _NEGATED.search(phrase))


def _a_numeral_total(text: str, start: int, end: int) -> bool:
    """A Chinese numeral that reads as one number (一百二十, not a range 三四百) and no negation in its phrase."""
    return parse_quantity(text[start:end]) is not None and not _NEGATED.search(phrase_before(text, start))


def _inside_a_number(text: str, start: int, end: int) -> bool:
    """A digit run that is a piece of a larger number: 12.5, 1,200 (a comma counts only between digits: after
    "申请12件，" a count may begin)."""
    before, after = text[start - 1:start], text[end:end + 1]
    if before in _IN_A_NUMBER and (before not in ",，" or text[start - 2:start - 1].isdigit()):
        return True
    return after in _IN_A_NUMBER and (after not in ",，" or text[end + 1:end + 2].isdigit())


def _untagged_counts(text: str, mentions: list[Mention], number: re.Pattern, counter: re.Pattern,
                     numeral_counts: Callable[[str, int, int], bool] | None = None):
    """(start, end) of each number `number` finds with `counter` right after it, not a piece of a larger number and
    not inside a tagged mention: where the definitions look for what the tagger left untagged. A Chinese numeral
    counts where `numeral_counts` says so (by default, _a_numeral_count: requests and cases)."""
    taken = sorted(mentions, key=lambda m: m.start)
    year = find_year(text)
    for found in number.finditer(text):
        start, end = found.span()
        if not counter.match(text, end):  # first: most numbers (table cells) have no counter after them
            continue
        if text[start].isdigit() and _inside_a_number(text, start, end):
            continue
        if not text[start].isdigit() and not (numeral_counts or _a_numeral_count)(text, start, end):
            continue
        if any(m.start < end and start < m.end for m in taken):
            continue
        if another_years_count(text, start, year):  # last: the dearest test
            continue
        yield start, end


# Carrying forward named before the number: 结转下年度(继续)办理N件, 结转到2025年N件 (a year after the report's).
_FORWARD_BEFORE = re.compile(r"(?:结转|转结|顺延|转(?=[至到入]))(?:至|到|入)?\s*(下一?年度?|(?:19|20)\d\d\s*年度?)[^，,。；;\d]{0,16}$")


# The requests there were in the year, counted before the noun (全年有3件政府信息公开申请, 本年度共有4件依申请公开事项):
# the year's intake (D15) stated as what there was; not one of them (其中有2件…), and the noun must name disclosure
# requests (not 公开事项, kinds of a catalogue).
_THERE_WERE = re.compile(r"(?:全年|本年|今年|年度|年内|共)[^，,。；;\d]{0,8}(?<![没未中])有$")
_DISCLOSURE_REQUESTS_AFTER = re.compile(r"\s*[件宗条个]\s*(?:(?:政府)?信息公开申请|依申请公开(?:政府信息)?(?:申请|事项|请求|件)?)")


def _carried_forward_before(clause: str, year: int | None) -> bool:
    found = _FORWARD_BEFORE.search(clause)
    if found is None or _CARRIED_IN_HEAD.search(clause):
        return False
    named = found.group(1)
    return not named[0].isdigit() or (year is not None and int(named[:4]) > year)


def _received_from_the_listed_applicants(phrase: str) -> bool:
    """收到公民、法人和其他组织…申请: the intake verb before an enumeration of who applied, with no 其中 split, no
    completion and no outcome or channel word after the request noun."""
    found = _RECEIVED_REQUESTS.search(phrase)
    return (found is not None and "其中" not in phrase and not _COMPLETED.search(phrase)
            and not OUTCOME_WORDS.search(phrase[found.end():]) and "、" in phrase[:found.end()])


def requests_by_definition(text: str, mentions: list[Mention]) -> list[Mention]:
    """Request counts the tagger left untagged, by SPEC §6's definition:
    - received: a number right after 收到/受理…申请 (or before 件 + 申请) with a request counter, in a clause that
      neither completes (办结, 答复) nor speaks of last year's requests or of letters, calls and proposals (D21), in a
      sentence that has no received count yet;
    - received, also: a request noun right before the number and the counter 件 (依申请公开请求9件: D15);
    - completed or carried forward: a number whose verb follows its counter (1646件已按规定予以答复, 71件结转下年度:
      `_verb_after`), or completed: one right after 办结/答复/办理完毕 with the counter 件 and no intake verb in its
      clause, one per sentence; each in a sentence about requests (申请 before it), not about letters or calls (D21).
    Such a mention carries no model probability (None): its confidence is the calibration's of a value with no
    score."""
    taken = sorted(mentions, key=lambda m: m.start)
    added = []
    year = find_year(text)
    for start, end in _untagged_counts(text, mentions, _COUNT_NUMBER, _REQUEST_COUNTER):
        after = text[end:end + 14]
        clause = clause_before(text, start)
        if "\t" in clause or "|" in clause or over_years(clause, year):
            continue  # 历年累计受理申请N件: over years (D10)
        if text[end:end + 2].strip().startswith("次") and not clause.endswith("申请"):
            continue
        verb = _verb_after(text, end, clause)
        if verb is not None:
            # the requests named before the number or between it and its verb (另有23件申请结转下年度)
            # (or in the sentence before, in a section on requests: …依申请公开92件…。除4件转结2022年办理以外，…)
            requests = ("申请" in sentence_before(text, start) or "申请" in words_after(text, end)
                        or "申请" in sentence_before(text, start - len(sentence_before(text, start)) - 1)
                        or in_a_requests_section(text, start))
            if requests and not _other_requests(text, start, end):
                added.append(Mention(start, end, verb))
            continue
        if _carried_forward_before(clause, year) and ("申请" in sentence_before(text, start)
                                                      or in_a_requests_section(text, start)):
            added.append(Mention(start, end, "APP_CARRIED"))  # 结转下年度继续办理1宗, 结转到2025年80件 (D20)
            continue
        if _received_from_the_listed_applicants(phrase_before(text, start)) and after.lstrip().startswith("件"):
            clause = phrase_before(text, start)  # 共收到公民、法人依申请公开事项55件: who sent them, not a split
        elif (_NOT_REQUESTS.search(clause) or _CARRIED_IN.search(clause) or OUTCOME_WORDS.search(clause)
              or another_kind_of_request(clause)
              or _CASE.search(clause) or _FOR_ANOTHER.search(clause) or _OTHER_MATTERS.search(clause)
              or (_ATTRIBUTE_SPLIT.search(clause) and _DISCLOSED_COUNT.search(sentence_before(text, start)))):
            continue
        named = (_RECEIVED_REQUESTS.search(clause) or (_RECEIVED.search(clause) and _REQUESTS_AFTER.match(after))
                 or (_REQUEST_NOUN.search(clause) and after.startswith("件"))
                 or (_THERE_WERE.search(clause) and _DISCLOSURE_REQUESTS_AFTER.match(after))
                 or (_INTAKE_LAST.search(clause) and after.lstrip().startswith("件")
                     and in_a_requests_section(text, start)))
        # 收到和处理…申请共计65份: one number of a fused verb is the requests received (D18)
        label = "APP_RECEIVED" if named and (not _COMPLETED.search(clause) or _FUSED.search(clause)) else None
        # 办理政府信息公开申请113宗, or the requests named after the number (共办理2件依申请公开)
        handled = re.search(rf"(?:{_HANDLED})[^，,。；;\d]{{0,12}}申请$", clause) or (
            re.search(rf"(?:{_HANDLED})(?:了)?(?:共|共计)?$", clause) and _DISCLOSURE_REQUESTS_AFTER.match(after))
        if (named or handled) and label is None and re.search(_HANDLED, clause) and not _RECEIVED.search(clause) and (
                _REQUEST_COUNTER.match(after) and not after.lstrip().startswith("次")):
            # 办理依申请公开政府信息183件 alone is completed; followed by its 办结 and 结转 counts, received (D16)
            label = "APP_RECEIVED" if _is_intake_split(text, Mention(start, end, "APP_COMPLETED"), clause) else "APP_COMPLETED"
        if (label is None and (_COMPLETED_LAST.search(clause) or _ANSWERED_REQUESTS.search(clause))
                and not _RECEIVED.search(clause) and _COMPLETION_COUNTER.match(after)):
            requests = "申请" in sentence_before(text, start) or in_a_requests_section(text, start)
            label = "APP_COMPLETED" if requests and not _other_requests(text, start, end) else None
        if (label is None and _HANDLED_LAST.search(clause) and _COMPLETION_COUNTER.match(after)
                and _after_the_intake(text, start, [*taken, *added])
                and not _is_intake_split(text, Mention(start, end, "APP_COMPLETED"), clause)):
            label = "APP_COMPLETED"
        if label is None:
            continue
        carried_in_too = with_carried_in(text, end, year) or (
            _broken_down_with_carried_in(text, end, year) and not (label == "APP_RECEIVED" and _NEW.search(clause)))
        if carried_in_too and not (label == "APP_COMPLETED" and _DONE.search(clause)):
            continue  # 受理36件（含上年结转4件）: both years' requests (D17); 答复458件（含上年结转8件） is completed
        sentence = sentence_span(text, start, end)
        if any(m.label == label and sentence[0] <= m.start < sentence[1] for m in [*taken, *added]):
            continue
        added.append(Mention(start, end, label))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions


# A count of reviews or lawsuits named right before it (收到行政复议66件, 被行政复议2宗、行政诉讼1宗, 行政诉讼案件共3起) with a
# counter of cases; an outcome in its clause makes it one of table 4's columns instead.
_CASES_NAMED = re.compile(r"(?:复议|诉讼)(?:案件)?(?:共|共计|合计|数量?)?(?:为|达)?\s*$")
_CASE_COUNTER = re.compile(r"\s*[件宗起个次项]")  # 项 only outside an enumeration of counts (see cases_by_definition)
# ... or named right after its counter (收到1件行政复议、1件行政诉讼: the count stated first); not a law, a meeting, a
# decision, a hearing or an application named with 复议/诉讼 (3次行政诉讼旁听, 2件行政复议决定, 行政复议法, 行政复议申请),
# a review followed by a suit (复议后起诉), nor one number of both (3件行政复议、行政诉讼案件: D24).
_OPENS_ITS_OWN_BREAKDOWN = re.compile(r"\s*[，,]?\s*(?:其中|包括)")
_CASE_NOUN_AFTER = re.compile(r"\s*[件宗起]\s*(?:申请|提起)?(?:行政)?(?P<noun>复议|诉讼)(?:案件)?")  # 3件申请行政复议
_NOT_THE_CASES = re.compile(r"\s*(?:[法会决庭判工服旁后申]|[、和及与或]\s*(?:行政)?(?:复议|诉讼))")
# How reviews and suits ended (table 4's columns: 维持, 纠正 or 纠错, 其他结果, 尚未审结; and the words for them).
CASE_OUTCOMES = re.compile(r"维持|纠正|纠错|撤销|驳回|败诉|胜诉|审结|结果|确认|调解|和解")
_PENDING_OR_DECIDED = re.compile(rf"{CASE_OUTCOMES.pattern}|正在|尚未|未结|审理中|办理中|有关|无关|涉及")
_OF_ALL_OF_THEM = re.compile(r"(?:均|全部|都)(?:已经?|被|予以|依法)?\s*$")  # an outcome said of every one of them


def case_named_after(text: str, end: int) -> tuple[str, bool] | None:
    """The case noun (复议 or 诉讼) a count names right after its counter, and whether an outcome, a pending state or
    another subject follows it in its sentence (2件行政复议被驳回: an outcome's count; 2件行政诉讼，均与征地补偿有关);
    None where it names none."""
    found = _CASE_NOUN_AFTER.match(text, end)
    if found is None or _NOT_THE_CASES.match(text, found.end()):
        return None
    # 2件行政诉讼均与征地补偿有关: cases about something else; 35件行政复议案件，其中因政府信息公开引发的1件: all the
    # cases a review body handled, the disclosure ones among them
    rest_of_sentence = re.match(r"[^。；;\n]*", text[found.end():found.end() + 60]).group()
    if _OPENS_ITS_OWN_BREAKDOWN.match(text, found.end()):  # broken down by outcome (其中2件维持): the cases' number
        return found.group("noun"), not CASE_OUTCOMES.search(rest_of_sentence)
    decided = _PENDING_OR_DECIDED.search(rest_of_sentence)
    if decided is not None and _all_ended(sentence_before(text, end), rest_of_sentence, decided):
        return found.group("noun"), False  # 因公开申请引起的2件行政诉讼案件也已全部审结: the cases' number
    return found.group("noun"), decided is not None


# The cases' sentence names other years' or other bodies' cases (上年度结转的2件, 作为复议机关受理的45件), or all of them
# concern one other matter (均为征地补偿纠纷).
_OTHER_YEARS_OR_ORGANS = re.compile(r"上一?年|去年|结转|以前年度|历年|复议机关|审理的|受理的")
_ALL_OF_ONE_MATTER = re.compile(r"均[为系属]|都是|全部[为系属]")


def _all_ended(before: str, rest: str, decided: re.Match) -> bool:
    """An outcome said of every one of the disclosure cases just counted (因政府信息公开引起的3件行政诉讼均已审结): how
    all of them ended, so their number; not where the sentence names no disclosure before the count, or cases of
    another year or organ, or another matter they all concern."""
    return (bool(_OF_ALL_OF_THEM.search(rest[:decided.start()])) and bool(CASE_OUTCOMES.fullmatch(decided.group()))
            and not _PENDING_OR_DECIDED.search(rest, decided.end()) and "公开" in before
            and not _OTHER_YEARS_OR_ORGANS.search(before)
            and not (_ALL_OF_ONE_MATTER.search(rest) and "公开" not in rest))


# The rest of a case count's sentence: a breakdown that picks the disclosure cases out of it (复议申请8件，其中涉及政府
# 信息公开的0件: the head counts every case the body handled), or the matter all of them concern (诉讼15件，均与征收补偿
# 有关), where the matter is not disclosure.
_DISCLOSURE_CASES_AMONG = re.compile(r"[^。；;\n\d]{0,6}?其中[^。；;\n\d]{0,20}?公开")
_CONCERNING = re.compile(r"[^。；;\n\d]{0,8}?(?:[与和同](?P<with>[^，,。；;\n\d]{1,20}?)(?:有关|相关)"
                         r"|[，,]\s*(?:均|都|全部)?涉及(?P<about>[^，,。；;\n\d]{1,20}))")


# ... or the cause named before it, where it is another act of the body (因具体行政行为被提起行政诉讼2起, 因行政处罚决定…)
# and no word of disclosure, its answers, notices or requests (因不服告知书而提起…) is in it.
_CAUSE_BEFORE = re.compile(r"因(?P<cause>[^，,。；;\n\d]{2,20}?)(?:被|而|引发|引起)[^，,。；;\n\d]{0,12}$")
_OTHER_ACTS = re.compile(r"行政行为|处罚|许可|强制|征收|拆迁|补偿|登记|审批|执法|工伤|劳动|社保")
# Words of disclosure in a cause, which keep the case a disclosure case (因对告知内容不服而申请复议).
_DISCLOSURE_CAUSE = re.compile(r"公开|答复|告知|申请|信息|回应")


def cases_of_other_matters(text: str, start: int, end: int) -> bool:
    """A case count whose own sentence says it counts more than disclosure cases, or other matters (SPEC §6's
    CASE_COUNT is about disclosure)."""
    if _DISCLOSURE_CASES_AMONG.match(text, end):
        return True
    cause = _CAUSE_BEFORE.search(clause_before(text, start))
    if cause is not None and _OTHER_ACTS.search(cause.group("cause")) and not _DISCLOSURE_CAUSE.search(
            cause.group("cause")):
        return True
    found = _CONCERNING.match(text, end)
    return found is not None and "公开" not in (found.group("with") or found.group("about"))


def _part_of_the_cases(sentence: str) -> bool:
    """A count in a 其中 breakdown of the reviews or suits named last in its sentence, no request named since."""
    last = _last_match(_CASE, sentence)
    if last is None:
        return False
    since = re.sub(r"^(?:案件)?申请", "", sentence[last.end():])  # 行政复议申请 asks for a review
    return "其中" in since and not _A_REQUEST.search(since)


def cases_by_definition(text: str, mentions: list[Mention]) -> list[Mention]:
    """Counts of reviews and lawsuits the tagger left untagged, by SPEC §6's definition of CASE_COUNT: a number right
    after 复议/诉讼 (…案件, 共) with a counter of cases, or right before them (1件行政诉讼), in a clause with no outcome
    words (the key, review or lawsuit, is read from those words as for a tagged count: narrative.keys_of). No model
    probability (None)."""
    added = []
    for start, end in _untagged_counts(text, mentions, _COUNT_NUMBER, _CASE_COUNTER):
        clause = clause_before(text, start)
        after = case_named_after(text, end)
        named = _CASES_NAMED.search(clause) or (after is not None and not after[1])
        if (not named or CASE_OUTCOMES.search(clause) or "\t" in clause or "|" in clause
                or cases_of_other_matters(text, start, end)):
            continue
        if text[end:end + 2].strip().startswith("项") and NUMBER.search(phrase_before(text, start)):
            continue  # 行政许可450项、行政处罚120项、行政复议3项: kinds of a breakdown; 行政复议、行政诉讼共0项 is cases
        added.append(Mention(start, end, "CASE_COUNT"))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions


# The statutory total's own words (SPEC §6: 主动公开政府信息共134条, 主动公开事项N项), or the body's disclosure of
# information without 主动 (公开信息N条, 发布政府信息N条: guidelines D5, D33), ending the phrase in front of an untagged
# number; not items by their disclosure attribute (依申请公开, 不予公开 政府信息: SPEC §6) nor what should be (应公开).
_DISCLOSED = rf"主动公开(?:了)?(?:本部门|本单位|本机关|本级)?(?:各类)?{_KINDS_COUNTED}(?:政府|政务)?"  # the verb, its noun's qualifiers
_AMOUNT = r"(?:数量?|总量|总数)?"
# 公示 as the body's verb: at its clause's start or after a sum, period or manner word (共公示信息30条); after another
# word it names a kind (公告公示信息, 办理公示信息).
_PUBLICLY_NOTIFIED = r"(?:(?<=依法)|(?<=主动)|(?<=对外)|(?<=年度)|(?<=全年)|(?<=共)|(?<=共计)|(?<=累计)|(?<=[，,。；;\s])|^)公示"
_STATUTORY = re.compile(rf"(?:{_DISCLOSED}(?:信息|事项)|{_NOT_ASKED_OR_WITHHELD}(?:公开|{_PUBLICLY_NOTIFIED})(?:了)?(?:各类)?"
                        r"(?:政府|政务)?信息|(?:发布|更新)(?:[、和及](?:发布|更新))?(?:了)?(?:各类)?政府信息)"
                        rf"{_AMOUNT}{_SUM_BEFORE_THE_COUNT}")
# ... or the statutory total "reached" (主动公开政府信息已达300余条), in a sentence dated to the year, not to today.
_STATUTORY_REACHED = re.compile(rf"{_DISCLOSED}信息{_AMOUNT}已达\s*$")
_TO_DATE = re.compile(r"目前|至今|迄今|以来|累计")
# ... or the statutory verb over a list of what was disclosed, counted once (全年主动公开机构设置、政策文件…等相关领域信息
# 共计N条, or with no 等: 主动公开政务信息、文件、通知公告N项; one noun phrase of kinds, D13), the list holding no other
# count (a year, 2021年政府工作报告, may be in it) nor items by disclosure attribute (依申请公开…: SPEC §6).
_DISCLOSURE_ATTRIBUTE = r"依申请|不予公开|部分公开"
_KIND_LISTED = rf"(?!{_DISCLOSURE_ATTRIBUTE})[^，,。；;：:\d]"  # a character of a list of kinds, in one clause
_STATUTORY_OVER_A_LIST = re.compile(rf"主动公开(?:{_KIND_LISTED}|(?:19|20)\d\d年){{2,60}}?"
                                    rf"(?:等{_KINDS_COUNTED}[^，,。；;：:\d]{{0,10}}?"
                                    rf"|、(?:(?!各|分别|{_DISCLOSURE_ATTRIBUTE})[^，,。；;：:\d、]){{1,12}}?)"
                                    + _SUM_BEFORE_THE_COUNT)
# ... or the verb right before the number and the body's information after its counter (共对外公开341条政府信息,
# 主动发布120条政务信息: the same words in the other order).
_DISCLOSES_BEFORE = re.compile(rf"(?:{_NOT_ASKED_OR_WITHHELD}(?:主动|对外)?公开|主动发布)(?:了)?{_SUM_BEFORE_THE_COUNT}")
_INFORMATION_AFTER = re.compile(r"\s*[余多]?\s*[条项篇件]\s*(?:各类)?(?:政府|政务)信息(?!公开|工作)")  # not 政府信息公开事项
# ... or 公开 summed in all right before it and plain information after its counter (我局共公开510条信息).
_SUM_DISCLOSED_BEFORE = re.compile(r"(?<!申请)(?<!不予)(?:共|共计)(?:对外)?公开(?:了)?$")
_PLAIN_INFORMATION_AFTER = re.compile(r"\s*[余多]?\s*[条项篇件]\s*(?:各类)?信息(?!公开|工作)")
# ... or the statutory verb itself right before it (发文134件，主动公开134件: body_total reads it so too) and
# information of any name after its counter (共主动公开158份信息稿件).
STATUTORY_RIGHT_BEFORE = re.compile(rf"(?<![不应拟未])主动(?:公开|发布)(?:了)?{_SUM_BEFORE_THE_COUNT}")
_ANY_INFORMATION_AFTER = re.compile(r"\s*[余多]?\s*[条项篇件份]\s*(?:各类)?(?:政府|政务)?信息(?:稿件)?(?!公开|工作)")
# ... or any verb of publishing before it and, after its counter, what the statute names the proactive disclosure
# (发布了94篇法定主动公开内容, 更新120条主动公开信息; not 26项主动公开事项, kinds of a catalogue: D9), where no other
# total is tagged or found.
_PUBLISHES_BEFORE = re.compile(rf"{_NOT_ASKED_OR_WITHHELD}(?:公开|发布|更新)(?:了)?{_SUM_BEFORE_THE_COUNT}")
_STATUTORY_AFTER = re.compile(r"\s*[余多]?\s*[条篇件]\s*(?:法定)?主动公开(?:的)?(?:政府|政务)?(?:信息|内容)"
                              r"(?!情况|方面|工作|目录|清单)")
# ... or the body's information published over several channels named as its ways, its site among them (通过政府网、
# 政务公开网等渠道发布信息N条: D2's one count over channels), where no total was tagged.
_PUBLISHED_INFORMATION = re.compile(rf"(?:发布|公开|更新)(?:了)?(?:各类)?(?:政府|政务)?信息{_SUM_BEFORE_THE_COUNT}")
# Items checked before disclosure (全年审查拟公开信息N条: the confidentiality review) or listed in an inventory
# (梳理主动公开事项N项, 编制…清单), not disclosed ones.


# ... or another verb of publishing over a list closed by the body's information of every kind (发布政务动态、政策法规等
# 各类信息共300多条: guidelines, the body's information in general).
_PUBLISHED_OVER_A_LIST = re.compile(rf"(?:发布|公开|公布|公示)(?:{_KIND_LISTED}){{2,60}}?等(?:各类|各项)(?:政府|政务)?信息"
                                    + _SUM_BEFORE_THE_COUNT)


# ... or 公开 over a list of four kinds or more closed by 等信息 (公开单位基本信息、领导分工、…、天气预报等信息103条:
# _disclosed_over_a_list).
_DISCLOSED_OVER_A_LIST = re.compile(rf"{_NOT_ASKED_OR_WITHHELD}公开(?:{_KIND_LISTED}){{4,90}}?等(?:相关)?信息"
                                    + _SUM_BEFORE_THE_COUNT)


def over_a_list_of_kinds(phrase: str) -> bool:
    """The statutory verb over a list of kinds counted once, closed by 等 or of three kinds or more (主动公开财政预算、
    决算信息N条 splits one topic in two: no list of kinds); or another publishing verb over a list closed by 等各类信息."""
    found = _STATUTORY_OVER_A_LIST.search(phrase)
    return (found is not None and ("等" in found.group() or found.group().count("、") >= 2)) or bool(
        _PUBLISHED_OVER_A_LIST.search(phrase))


# Words of a sentence whose lists of kinds are a domain's or a requester's: 重点领域, 在…方面, 向申请人公开.
_A_DOMAIN_OR_A_REQUEST = re.compile(r"领域|方面|申请")
# A count closed by 等信息 (…等信息36条): one of several such lists where its paragraph holds two.
_LISTED_INFORMATION_COUNT = re.compile(r"等(?:相关)?信息\s*(?:共|共计)?\s*\d")


def _disclosed_over_a_list(text: str, start: int) -> bool:
    """公开 over a list of four kinds or more closed by 等信息 (公开机构职能、领导分工、政策文件、…等信息N条): the body's
    disclosure, where its sentence names no domain or request and no other count of its paragraph closes such a list
    (two of them are D13's kinds, no total); three may be one topic's parts (预算、决算、三公经费)."""
    found = _DISCLOSED_OVER_A_LIST.search(phrase_before(text, start, 90))
    if found is None or found.group().count("、") < 3 or _A_DOMAIN_OR_A_REQUEST.search(sentence_before(text, start)):
        return False
    opens, ends = text.rfind("\n", 0, start) + 1, text.find("\n", start)
    return len(_LISTED_INFORMATION_COUNT.findall(text, opens, ends if ends >= 0 else len(text))) == 1


_REVIEWED = re.compile(r"审查|审核|把关|梳理|编制|制定|清单")  # and inventories of what is to be disclosed
# What is planned, not done (计划主动公开200份信息, 拟公开, 力争…).
PLANNED = re.compile(r"计划|拟|预计|力争|目标")
# A counter followed by what names kinds (13项内容, 6大类, 8个方面): the number counts kinds (D9).
_KINDS_AFTER = re.compile(r"\s*[余多]?\s*[条项篇件份则个类]\s*(?:内容|方面|类别|大类|领域|类)")
# The counters of disclosed items (条; and 项, 篇, 件, 份, 则: guidelines D11).
_COUNT_OF_ITEMS = re.compile(r"\s*[余多]?\s*[条项篇件份则]")
# A count followed by its own breakdown (N条，其中…): the counts after it in its sentence are its parts.
_OPENS_ITS_BREAKDOWN = re.compile(r"\s*[余多]?\s*[条项篇件份则][\s，,：:]*(?:其中|包括)")


def proactive_by_definition(text: str, mentions: list[Mention]) -> list[Mention]:
    """The year's proactive total the tagger left untagged, by SPEC §6's words: a number (scaled by 万: D8) right after
    主动公开(政府)信息 (共, 近) or 主动公开 over a list of kinds (closed by 等, or a 、 list of three or more), or between
    公开 and 条政府信息 (公开341条政府信息), and before its counter (条, 项, 篇, 件); or, where no such total is tagged
    or found, one count of the body's information over several channels, its site among them (D2), or a count before
    the statute's name for what it counts (发布了94篇法定主动公开内容);
    first among the proactive counts of its sentence (the only one where the body's site is named, unless the others
    break it down), in a sentence with no breakdown, outlet, documents-made, leftover, date or over-years words before
    it (累计 alone is the year's: D10). No model probability (None). Where the report then has no total, the first
    count tagged as a part that these words describe, with no other count of its paragraph phrased as the body's
    disclosure, is relabelled the total (the definition over the second stage's guess; body_total.py reads the
    guidelines' other cases later, in reconcile)."""
    taken = sorted(mentions, key=lambda m: m.start)
    added, fallbacks = [], []
    year = find_year(text)
    for start, end in _untagged_counts(text, mentions, _QUANTITY_OR_NUMERAL, _COUNT_OF_ITEMS, _a_numeral_total):
        found = _total_by_definition(text, start, end, taken, year)
        if found is not None:
            (added if found else fallbacks).append(Mention(start, end, "PROACTIVE_TOTAL"))
    if not added and not any(m.label == "PROACTIVE_TOTAL" for m in mentions):
        added = fallbacks
    if not added and not any(m.label == "PROACTIVE_TOTAL" for m in mentions):
        # a count tagged as a part that the statute's words make the total, where the report has no other: the
        # definition over the second stage's guess (主动公开规范性文件、…等政府信息263条)
        promoted = next((m for m in taken if m.label == "PROACTIVE_PART"
                         and _total_by_definition(text, m.start, m.end, taken, year)
                         and not _disclosed_beside(text, m, taken)), None)
        if promoted is not None:  # no model probability for the total: the tagger's was for a part (None)
            return [Mention(m.start, m.end, "PROACTIVE_TOTAL") if m is promoted else m for m in mentions]
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions


def _disclosed_beside(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """Another proactive count of `m`'s paragraph, not of its breakdown, phrased as the body's disclosure too, or with
    the same plain 公开 of information where `m` has no statutory verb (网站公开政务信息10条 … 公开栏公开信息36条): D4's
    parallel counts, neither the total (outlets' posts beside it are not: D33, the line is the statutory verb)."""
    plain = not STATUTORY_VERB.search(phrase_before(text, m.start))
    return any(o is not m and o.label.startswith("PROACTIVE_") and same_paragraph(text, m, o)
               and not broken_down_from(text, m, o) and not broken_down_from(text, o, m)
               and (STATUTORY_VERB.search(phrase_before(text, o.start)) or phrased_as_disclosure(text, o)
                    or (plain and DISCLOSES_INFORMATION.search(phrase_before(text, o.start))))
               for o in mentions)


_SUM_ONLY = re.compile(r"\s*(?:共|共计|合计|总计)\s*$")
# The year's publishing summed with no noun (全年共发布162条: D1's other verbs; the body's year figure).
_THE_YEARS_PUBLISHED = re.compile(rf"(?:全年|本年度?|今年|年内)(?:共|共计|累计)(?:发布|公开)(?:了)?{_SUM_BEFORE_THE_COUNT}")
# A topic's count or an account's (围绕疫情防控…, 政策解读, the account's readers and followers), not the body's.
_A_TOPIC_OR_AN_ACCOUNT = re.compile(r"围绕|专题|解读|运营|粉丝|阅读|关注")
_SENTENCE_STOP = re.compile(r"[。！？\n]")


def _the_years_publishing(text: str, start: int, phrase: str) -> bool:
    """全年共发布N条 with no noun, in the chapter on proactive disclosure: the body's year figure, where no outlet is named
    in its sentence or the one before unless the body's site is too (D2's channels; a lone account's count is D3's
    part), and no topic or account's readers are (D13)."""
    if not _THE_YEARS_PUBLISHED.search(phrase) or CHANNEL.search(phrase) or not _in_a_proactive_section(text, start):
        return False
    stops = [m.start() for m in _SENTENCE_STOP.finditer(text, max(0, start - 300), start)]
    opens = stops[-2] + 1 if len(stops) >= 2 else max(0, start - 300)  # the sentence before opens after this stop
    ends = _SENTENCE_STOP.search(text, start)
    around = text[opens:ends.start() if ends else len(text)]
    return not (OUTLET.search(around) and not WHOLE_SITE.search(around)) and not _A_TOPIC_OR_AN_ACCOUNT.search(around)


def _in_a_proactive_section(text: str, start: int) -> bool:
    """The numbered heading above `start` names proactive disclosure ((一)主动公开, 二、主动公开政府信息情况)."""
    line = _heading_above(text, start)
    return line is not None and "主动公开" in line and not _A_REQUEST.search(line)


# A list of kinds closed as information (主动公开A、B、C等政府信息，共计N条): the noun before the sum, not after it.
_KINDS_CLOSED_AS_INFORMATION = re.compile(rf"等(?:各类)?{_KINDS_COUNTED}(?:政府|政务)?信息\s*$")
_EVERY_KIND_ITEM = re.compile(r"\s*(?:共|共计)?(?:各类|全部)(?:政府|政务)信息(?:共|共计)?\s*$")


def _total_by_definition(text: str, start: int, end: int, taken: list[Mention], year: int | None) -> bool | None:
    """Whether the count at text[start:end] is the year's total by SPEC §6's words (True), only by D2's count over
    channels or a count before 主动公开内容 (False: a fallback), or neither (None); see proactive_by_definition."""
    phrase = phrase_before(text, start)
    # D2's count over channels, the body's site among them, and a count before 主动公开内容: the total only where no
    # statutory one is tagged or found
    published = ((_PUBLISHED_INFORMATION.search(phrase) and counted_over_channels(text, start)
                  and bool(SITE.search(sentence_before(text, start))))
                 or (_PUBLISHES_BEFORE.search(phrase) and _STATUTORY_AFTER.match(text, end)))
    # 已达 N条 is a count to date unless the sentence dates it to the year (本年度…主动公开政府信息已达300余条)
    reached = (_STATUTORY_REACHED.search(phrase) and names_the_year(sentence_before(text, start), year)
               and not _TO_DATE.search(sentence_before(text, start)))
    # (the list in the clause before, the count summed in its own: 主动公开…、…等内容，共计25条信息)
    opens = start - len(phrase)  # where the phrase begins: the clause before ends one character earlier
    before = phrase_before(text, opens - 1, 90) if opens > 0 else ""
    listed_before = _SUM_ONLY.match(phrase) and (
        ((_ANY_INFORMATION_AFTER.match(text, end) or _KINDS_CLOSED_AS_INFORMATION.search(before))
         and over_a_list_of_kinds(before))
        or re.search(rf"{_DISCLOSED}信息\s*$", before))
    # (the statute's verb heads a list whose last item names the body's information of every kind: 主动公开…政策文件
    # 14篇、解读15篇，各类政府信息2268余条)
    every_kind = _EVERY_KIND_ITEM.match(phrase) and STATUTORY_VERB.search(sentence_before(text, start))
    statutory = (_STATUTORY.search(phrase) or reached or listed_before or every_kind
                 or _the_years_publishing(text, start, phrase) or _disclosed_over_a_list(text, start)
                 or (_DISCLOSES_BEFORE.search(phrase) and _INFORMATION_AFTER.match(text, end))
                 or (_SUM_DISCLOSED_BEFORE.search(phrase) and _PLAIN_INFORMATION_AFTER.match(text, end))
                 or (STATUTORY_RIGHT_BEFORE.search(phrase) and _ANY_INFORMATION_AFTER.match(text, end))
                 or over_a_list_of_kinds(phrase := phrase_before(text, start, 90)))
    if not (statutory or published):
        return None
    if _KINDS_AFTER.match(text, end):
        return None  # 主动公开机构职能、政策法规等13项内容: a count of kinds, not of items (D9)
    sentence = sentence_before(text, start)
    if (counts_broken_down_before(sentence) or counted_on_an_outlet(text, start) or MADE.search(phrase)
            or split_by_disclosure(text, start, end)
            or _REVIEWED.search(phrase) or PLANNED.search(phrase)
            or LEFTOVER.search(phrase) or AS_OF.search(sentence) or over_years(sentence, year)
            or NEXT_CHANNELS_COUNT.match(text, end) or "\t" in phrase or "|" in phrase
            or first_of_a_list_of_kinds(text, Mention(start, end, "PROACTIVE_TOTAL"))):  # 政府信息316个、规范性文件0个 (D13)
        return None
    begins = start - len(sentence)
    if any(m.label.startswith("PROACTIVE_") and begins <= m.start < start for m in taken):
        return None
    # on the body's site it is the total unless another count of its sentence makes it one of parallel channel
    # counts (D3 against D4); the counts of its own breakdown do not
    # (an outlet's count posted with another verb does not, beside the whole site's disclosure: D5; a column's plain
    # 公开 beside it is D4's)
    ends = start + len(re.match(r"[^。；;！？\n]*", text[start:]).group())
    count = Mention(start, end, "PROACTIVE_TOTAL")
    the_bodys = bool(WHOLE_SITE.search(phrase) or STATUTORY_VERB.search(phrase) or "政府信息" in phrase)
    if (SITE.search(phrase) and not _OPENS_ITS_BREAKDOWN.match(text, end)
            and any(m.label.startswith("PROACTIVE_") and end <= m.start < ends
                    and not (the_bodys and counted_on_an_outlet(text, m.start) and not posted_alike(text, count, m))
                    for m in taken)):
        return None
    return bool(statutory)
