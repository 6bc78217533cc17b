"""The body's own figure where the tagger tagged no proactive total (reconcile/body_total.py): guidelines D3 and D5
read over the tagger's parts, and D4's parallel counts left without a total. Invented sentences of each family."""

from __future__ import annotations

import re

from extractor.mentions import Mention
from extractor.reconcile.body_total import body_total
from extractor.reconcile.confidence import value_features
from extractor.reconcile.narrative import narrative_fields


def _tagged(text: str, label: str = "PROACTIVE_PART", total: str | None = None) -> list[Mention]:
    """Every number followed by 条 or 件 tagged `label` (the one equal to `total` as PROACTIVE_TOTAL)."""
    return [Mention(m.start(), m.end(), "PROACTIVE_TOTAL" if m.group() == total else label, 0.9)
            for m in re.finditer(r"\d+(?=\s*[余多]?[条件])", text)]


def _promoted(text: str, **kw) -> tuple[str, str] | None:
    found = body_total(text, _tagged(text, **kw), lambda m: False)
    return (text[found[0].start:found[0].end], found[1]) if found else None


def test_the_only_count_on_the_bodys_site_is_its_total_with_or_without_its_breakdown():
    assert _promoted("本局本年经县门户网站公开各类信息58条。") == ("58", "D3")
    assert _promoted("全年通过区政府网站发布信息120条，其中工作动态80条、通知公告40条。") == ("120", "D3")


def test_a_count_phrased_as_the_disclosure_beside_posts_elsewhere_is_the_total():
    text = "本年依托区门户网站主动公开政府信息312条；公众号、微博分别推送信息905条和447条。"
    assert _promoted(text) == ("312", "D5")
    # the disclosure words, then another count before this one: they are that count's, not this one's
    assert _promoted("全年主动公开政府信息45条，网站更新120条，微信发布80条。") == ("45", "D5")


def test_a_headings_words_are_not_the_counts_phrasing():
    """（一）主动公开政府信息情况 names a chapter: the parallel counts under it are still D4's, with no total."""
    assert _promoted("（一）主动公开政府信息情况 本年政务网站发布信息2310条，政务微博发布418条。") is None
    assert _promoted("本年主动公开各类文件47件，微信公众号发布信息120条。") == ("47", "D5")  # other counters (D11)


def test_one_count_over_several_channels_is_the_total_whatever_the_channels_count():
    """D2: the channels named as the ways of one count, in its clause or earlier in its sentence."""
    text = "全年通过门户网站、政务微博、微信公众号等平台发布信息1508条。微信公众号发布信息601条，头条发布91条。"
    assert _promoted(text) == ("1508", "D2")
    assert _promoted("本年利用网站、微信等平台宣传各项工作，发布信息310条。") == ("310", "D2")
    assert _promoted("本年网站、公众号分别发布信息310条和120条。") is None  # 分别: one count each (D4)


def test_the_site_s_count_with_the_statutory_verb_beside_posts_on_outlets_is_the_total():
    """D5 with the body's site: 主动公开 on the site, posts on the outlets; the same verb on both is D4."""
    text = "本年通过局微信公众号发布信息886条，在门户网站主动公开通知公告、工作动态等85条。"
    assert _promoted(text) == ("85", "D5")
    assert _promoted("本年在区住建局微信公众平台群发信息51次，共计发送153条信息，在门户网站主动公开通知公告等85条。") == ("85", "D5")
    assert _promoted("本年门户网站主动公开通知公告等85条，微信公众号主动公开信息120条。") is None


def test_a_breakdown_may_open_the_next_sentence():
    text = "门户网站全年共公开各类信息13条。信息公开平台主要公开机构概况、政策文件。其中公开指南1条，机构概况2条，政策文件3条。"
    assert _promoted(text) == ("13", "D3")
    assert _promoted("本局网站全年公开各类信息2514条（含下属单位网站信息1273条）。") == ("2514", "D3")


def test_the_one_count_of_the_body_s_information_in_general_beside_topics_counts_is_the_total():
    """D1 with D13: 发布各类信息 / 公开…等信息 is what the year's count counts; 政策解读, 专题, 意见 name a topic."""
    text = "本年通过门户网站发布各类信息6900条，政策文件解读44条，发布调查征集10条。本年共发布专题6条。"
    assert _promoted(text) == ("6900", "D1")
    assert _promoted("全年累计发布各类信息90条，包括重要政策、工作进展等。") == ("90", "D1")  # 累计 alone (D10)
    assert _promoted("本年公开区政府文件62件、部门文件19件，发布政策解读材料11篇。") is None  # D13: no total
    # an outlet counted beside it in the same paragraph makes it one of parallel channel counts (D4)
    assert _promoted("本年发布各类信息300条，政策解读12条，微信公众号发布信息120条。") is None
    # an outlet's running count in a later paragraph (平台建设) does not
    assert _promoted("本年在门户网站发布公开信息93条。\n（四）平台建设\n做优微信公众号，累计发布信息416条。") == ("93", "D3")


def test_counts_over_every_channel_read_as_one():
    assert _promoted("全年共通过各种渠道发布各类信息931条，于区政府网站发布信息79条。") == ("931", "D2")


def test_parallel_channel_counts_a_lone_new_media_count_and_leftovers_give_no_total():
    assert _promoted("本年政务网站发布信息2310条，政务微博发布418条，公众号发布153条。") is None  # D4
    assert _promoted("门户网站全年公开政府信息78条，官方微信全年公开政府信息502条。") is None  # D4, both as disclosure
    assert _promoted("微信公众号全年发布信息430条。") is None  # D3: a lone WeChat count is a part
    assert _promoted("其他信息12条。") is None
    assert _promoted("截至12月31日，本乡在网站共公开政府信息57条。") is None  # a running total (D10)
    assert _promoted("全年制作政府信息740条。") is None  # documents made (D12)
    # one kind of information is a category's count, not the body's disclosure (D5 names its information in general)
    assert _promoted("本局通过执法监督平台主动公开行政处罚案件信息9条；门户网站发布信息30条，工作群发布20条。") is None


def test_no_part_is_read_as_the_total_where_the_tagger_tagged_one():
    text = "全年主动公开政府信息95条，门户网站发布信息60条。"
    assert _promoted(text, total="95") is None


def test_the_value_read_this_way_is_marked_and_has_no_model_probability():
    text = "本局本年经县门户网站公开各类信息58条。"
    nv = narrative_fields(_tagged(text), text)["n.proactive.total"]
    assert (nv.value, nv.promoted_by, nv.mention.confidence) == (58, "D3", None)
    features = value_features(nv)
    assert features["promoted"] == 1.0 and features["model_logit"] == 0.0
    assert "n.proactive.total" not in narrative_fields(_tagged(text), text, relabel=False)  # the ablation


def test_a_list_of_per_column_counts_names_no_channels_together_and_a_listed_breakdown_is_no_candidate():
    """SEVERAL_CHANNELS needs the channels named with no count between them (D2); a line of a list that a line ending
    in 包括： opens is a part of the count before it, dated with it (D10)."""
    columns = ("本年依托区门户网站公开政府信息9000条，在要闻栏目发布信息800条，在预算栏目发布信息60条、"
               "在文化栏目发布信息9条，在常务会议栏目发布信息9条。")
    assert _promoted(columns) == ("9000", "D5")
    listed = "截至2024年12月31日，本镇通过多种渠道累计主动公开政府信息300条，具体包括：\n政府网站：发布信息30条。\n公众号：推送信息12条。"
    assert _promoted(listed) is None


def test_the_disclosure_column_s_count_beside_the_whole_site_s_is_the_total():
    """D6: the column with 主动公开 beside a count of the whole site in its paragraph."""
    text = "区政府网站本年共更新各类信息7000条；经政务公开专栏主动公开政府信息1500条。"
    assert _promoted(text) == ("1500", "D6")
    assert _promoted("区政府网站本年共更新各类信息7000条。\n经政务公开专栏主动公开政府信息1500条。") != ("1500", "D6")


def test_the_year_s_new_items_under_a_running_total_may_be_the_total_and_d1_reads_one_paragraph():
    """D10: 截至…，今年新增N条 is the year's count; D1 compares a general count with topic counts of its own paragraph."""
    from extractor.reconcile.body_total import is_candidate

    text = "截至2023年12月31日，本委累计公开信息9000条，今年新增800条。"
    assert [is_candidate(text, m) for m in _tagged(text)] == [False, True]
    apart = "本年公开政策解读30条。\n4.平台建设\n在政务公开专栏更新信息400条。"
    assert _promoted(apart) is None


def test_proactively_published_on_the_site_beside_an_outlets_posts_and_a_related_topics_count():
    """D5/D33: 主动发布 on the site is the statutory verb as 主动公开 is; D2 does not take a count of 相关信息 (the
    topic named before it) over the channels, nor a count that other numbers separate from the channels named."""
    text = "2024年，在门户网站主动发布信息25条，微信公众号发布信息107条。"
    assert _promoted(text) == ("25", "D5")
    topic = "协调政府网站和政务新媒体联动发布疫情信息，共发布相关信息3093条。省政府门户网站发布信息31244条，公众号推送信息2332条。"
    assert _promoted(topic) is None
    ways = "通过政府网站、政务新媒体等多渠道发布政策文件136份、编辑政府公报9期，发布政府常务会议信息16条。"
    assert _promoted(ways) is None


def test_outlet_counts_broken_down_from_another_count_do_not_compete_with_the_site_total():
    """The site's general count stands beside copies passed on to other platforms and their breakdown by outlet: they
    do not compete with it (D11), so it is the only count (D3)."""
    text = ("在政府门户网站上共发布公开各类政务信息62条，其中政务动态34条，公示公告13条。同时向各级平台报送工作信息96条，"
            "其中省局网站发布42条，省局公众号发布21条。")
    assert _promoted(text) == ("62", "D3")


def test_a_chapter_introduced_by_the_words_as_follows_is_no_listed_breakdown():
    """如下： opens a breakdown of a count in its sentence (…424条，具体如下：), not the chapter's words
    (具体情况如下：); a list of kinds after the statutory verb, counted once, is the body's total (D13)."""
    chapter = "扎实推进政府信息公开工作。具体情况如下：\n（一）主动公开情况。全年累计发布信息96条。"
    assert _promoted(chapter) == ("96", "D1")
    counted = "全年累计公开信息424条，具体如下：\n政府网站：发布信息42条。"
    assert _promoted(counted, total="424") is None
    listed = "全年主动公开政策文件、通知公告、工作动态共85条。"
    assert _promoted(listed) == ("85", "D3")
    assert _promoted("全年公开政策文件85条。") is None  # one kind, no statutory verb over a list


def test_a_count_whose_parts_after_it_add_up_to_it_is_the_total_and_a_dated_heading_opens_no_breakdown():
    """The identity as a breakdown: parts right after a count that sum to it exactly are its own, however the
    sentence words them (D3 then holds); an outlet's counts in another paragraph do not compete (D33). A heading
    naming the year before 如下： is the chapter's, not a count's breakdown."""
    text = ("我局在门户网站主动公开更新商务信息470条。涉及单位概况类信息2条、政务动态类信息412条、目录类信息56条。\n"
            "全年微信发布商务信息263条，微博发布商务信息682条。")
    assert _promoted(text) == ("470", "D3")
    short = text.replace("目录类信息56条", "目录类信息50条")  # the parts no longer add up: nothing settles it
    assert _promoted(short) is None
    channels = "门户网站发布信息100条，微信公众号发布信息60条，微博发布信息40条。"  # D4: channels never sum to one
    assert _promoted(channels) is None
    opening = "严格按照要求及时公开各类信息，门户网站发布信息300条，微信公众号推送信息200条。"  # the work, not the count
    assert _promoted(opening) is None
    assert _promoted("门户网站公开各类信息1200条，微信公众号发布信息300条。") == ("1200", "D5")
    dated = "本局2023年主动公开政府信息情况如下：\n全年累计发布信息117条。"
    assert _promoted(dated) == ("117", "D1")


def test_session_10_second_round_general_counts_columns_and_outlets_beside_the_site():
    """Session 10's third and fourth dev sets (42 openings, 14 provinces; deleted), with invented sentences: a lone
    count of the body's information in general is the total (D1, D3), a site's column (信息公开栏目) is no notice board
    (公开栏), and outlets counted together beside the site's own count are not D2's count over all channels."""
    assert _promoted("2023年全年共发布政务公开信息逾286条，及时公开住房保障等信息。") == ("286", "D1")
    assert _promoted("公开了工作总结、财政预决算等相关信息，累计发布了111条信息。") == ("111", "D3")
    assert _promoted("2023年，本委政务信息公开栏目发布信息共652条。")[0] == "652"
    outlets = "本局通过市政府网站公开信息40条。本局微信公众号、视频号、抖音、微博共计发布图文1124条。"
    assert _promoted(outlets) != ("1124", "D2")
    with_the_site = "本局通过政府网站、微信公众号、微博等平台共计发布信息1124条。"
    assert _promoted(with_the_site) == ("1124", "D2")


def test_session_11_single_channels_reposts_taken_up_removals_and_repeated_pages():
    """Session 11's dev sets (68 openings, 17 provinces; deleted), with invented sentences: a count that names its
    one channel is no count over the channels named before it (D4, not D2); copies taken up and items taken down do
    not compete with the body's count (D11); 公开 of information on the site beside an outlet's posts is D5; a page
    that prints its text twice states each count once."""
    platforms = "一是以示例市政务公开平台和示例局网站为主要发布平台，全年通过示例市政务公开平台发布信息82条，通过局网站发布信息263条。"
    assert _promoted(platforms) is None
    all_of_them = ("依托门户网站、政务微博、微信公众号等平台，全年通过上述平台共发布信息3200条。政务微博发布信息700条，"
                   "微信公众号推送信息600条。")
    assert _promoted(all_of_them) == ("3200", "D2")  # 上述平台: the channels named before, all of them
    template = "门户网站迁移至市级集约化平台后，采用新模板发布信息960条。"
    assert _promoted(template)[0] == "960"  # 采用 a template, no copy taken up
    cleaned = "本年度对门户网站历史栏目进行清理规范后发布信息468条。"
    assert _promoted(cleaned)[0] == "468"  # published after a clean-up: the removal is not its verb
    withheld = "全年门户网站发布信息320条，依法不公开信息3条，微信公众号推送信息150条。"
    assert _promoted(withheld) is None
    topic = "聚焦疫情防控，及时公开信息56条；全年在门户网站发布信息420条，微信公众号推送信息380条。"
    assert _promoted(topic) is None
    two_sites = "政务网站：发布信息56条；政务微博：发布信息56条。"
    assert _promoted(two_sites) is None  # two statements of equal counts, not one printed twice
    taken_up = "2023年在某委门户网站主动公开监管信息373条。向市政务信息报送系统报送信息352条，被采用87条；在官方微信发布信息408条。"
    assert _promoted(taken_up) == ("373", "D5")
    removed = "2023年公开政务信息91条。对已过保留时限的信息进行清理，共删除1215条。"
    assert _promoted(removed)[0] == "91"
    pushed = "2023年本局通过政府网站公开信息293条。通过某某微信订阅号推送信息125条。"
    assert _promoted(pushed) == ("293", "D5")
    both_disclose = "2023年本局通过政府网站公开信息293条，通过微信公众号公开信息125条。"
    assert _promoted(both_disclose) is None  # the same verb on both: D4
    page = "2023年，通过市政府门户网站发布市政府办公室的各类信息195条。\n"
    assert _promoted(page + page) == ("195", "D3")
    made = "全年共发文134件，主动公开134件，主动公开率为100%。"
    assert _promoted(made) == ("134", "D3")  # the documents made do not compete with what of them was disclosed (D12)
    assert body_total(made, _tagged(made), lambda m: False)[0].start == made.rindex("134")
    no_channel = "全年共公开各类信息706条，政务微博主动发布政务信息320条。"
    assert _promoted(no_channel)[0] == "706"  # an outlet's statutory verb does not make the body's count a channel's
    reuploaded = "本年度对门户网站各栏目清理后新上传各类信息612条，涵盖机构职能等方面。"
    assert _promoted(reuploaded)[0] == "612"
    headings = "一是门户网站。全年共发布信息320条，栏目更新及时。二是政务微信。全年共发布信息320条，阅读量较高。"
    assert _promoted(headings) is None  # two channels' equal counts, not one statement printed twice (D4)
    covers_the_site = ("依托县政府门户网站、微信公众号、政务微博等平台，全年通过县融媒体平台同步发布政务信息2450条，"
                       "其中县政府门户网站发布980条。")
    assert _promoted(covers_the_site) == ("2450", "D2")


def test_a_count_of_interpretations_is_never_the_total():
    """Session 12's dev sets (deleted), invented: interpretations are documents of one kind (D13, D29), even as the only
    count on the body's site; a count over several channels whose number is given (57个政务新媒体) is D2's."""
    assert _promoted("二是加强政策发布和解读，门户网站发布解读信息8条，年内召开新闻发布会两次。") is None
    assert _promoted("本局全年通过门户网站发布政策解读12条。") is None
    assert _promoted("全县政府网站及57个政务新媒体发布信息9600余条。") == ("9600", "D2")


def test_a_quota_per_period_is_no_count_that_competes():
    """Session 12's third dev set (deleted), invented: 超额完成每月5条的任务 is a quota, neither a candidate nor a rival."""
    text = "全年在园区门户网站主动公开重要政务信息1180条。向市政府门户网站报送政务信息88条，超额完成每月5条的任务。"
    assert _promoted(text) == ("1180", "D3")


def test_a_list_ending_in_interpretations_and_the_site_named_where_the_sentence_opens():
    """Session 12's review and fourth dev set, invented: a list of kinds that ends in 政策解读 is the total (D13); the site
    named where the sentence opens, no count between, beside outlets' posts (D5)."""
    assert _promoted("本年度主动公开政策文件、工作动态、政策解读共计356条。") is not None
    text = ("依托某市政府门户网站，2020年本委主动发布和更新事务动态等各类信息170条。"
            "依托某微信公众平台，发布动态信息192条，健康科普信息240条。")
    assert _promoted(text) == ("170", "D5")


def test_a_column_opened_on_the_site_is_the_counts_channel():
    """Session 12's second review round, invented: the site named where the sentence opens does not make a topic
    column's count the body's (D1, D13)."""
    text = "依托县政府门户网站，开设疫情防控专栏，主动公开疫情防控信息320条；微信公众号推送信息800篇。"
    assert _promoted(text) is None


def test_kinds_that_add_up_to_the_only_count_of_information_make_it_the_total():
    """The identity decides where the words do not (发布信息公开N条 is no set phrase): kinds after a count of
    information that add up to it exactly are its breakdown, not its rivals, and it is the total (D3 with its parts)."""
    text = "2023年本镇累计发布信息公开40条：机构职能类信息3条；民生实事类信息5条；其他类信息32条。"
    assert _promoted(text) == ("40", "D3")
    # kinds that do not add up to it leave it undecided, and so do counts listed beside it that happen to add up to it
    assert _promoted("2023年本镇累计发布信息公开40条：机构职能类信息3条；民生实事类信息5条；其他类信息30条。") is None
    assert _promoted("2023年本镇累计发布信息公开40条，机构职能类信息35条，民生实事类信息5条。") is None
    assert _promoted("在门户网站发布政务动态信息100条，发布通知公告60条，发布人事信息40条。") is None  # D13's list
    # a kind's count split into its sub-kinds is no total, however they add up (D13)
    assert _promoted("全年公开财政信息50条，其中预算信息20条、决算信息30条。") is None
    assert _promoted("全年发布信息安全提示12条，其中网络安全7条、数据安全5条。") is None


def test_a_domains_disclosed_information_is_a_kind_not_the_bodys_information():
    """救灾领域公开信息 names a kind (the domain's disclosed information), the last item of a list of kinds: no total."""
    text = "二是基层政务公开。公开养老服务信息15条，社会救助信息12条，救灾领域公开信息4条。"
    assert _promoted(text) is None
    # 重点领域 is the policy term for the fields that must be disclosed, no one domain
    assert _promoted("本年度门户网站围绕重点领域公开信息1500条，微信公众号推送信息300条。") == ("1500", "D5")


def test_the_same_plain_公开_on_the_site_and_on_an_outlet_makes_parallel_counts():
    """The site's plain 公开政务信息 beside a notice board's 公开信息 (and new media's 发布): one verb on all of them,
    D4's parallel counts, no total (D33: the line is the statutory verb); new media's own 平台 are outlets, not D2's
    channels."""
    from extractor.tagger.lexicon import proactive_by_definition
    text = ("2023年，示例乡通过县政府门户网站公开政务信息40条，其中工作动态25条、通知公告15条。通过示例新媒体平台、"
            "示例新闻网等各级媒体平台发布信息动态52条。利用政务公开栏公开信息30条。")
    assert all(m.label == "PROACTIVE_PART" for m in proactive_by_definition(text, _tagged(text)))
    assert _promoted(text) is None
    # the site's count with the statutory verb stays the total beside outlets' posts (D5)
    statutory = text.replace("公开政务信息40条", "主动公开政务信息40条")
    assert [statutory[m.start:m.end] for m in proactive_by_definition(statutory, _tagged(statutory))
            if m.label == "PROACTIVE_TOTAL"] == ["40"]


def test_a_year_before_a_breakdown_is_no_count_that_it_breaks_down():
    """2023年…，其中平台主动公开信息75条: 其中 after the year breaks down no count, so the platform's disclosure is the
    body's total (over the ways its sentence names, D2, or beside the outlets' posts, D5); after a count
    (共发布380条，其中…) it is a part."""
    text = ("2023年我局通过门户网站、公众号等途径推进主动公开，其中区政府信息公开平台主动公开信息75条，推送部门动态8条，"
            "通过微信公众号发布信息300余条。")
    assert (_promoted(text) or ("",))[0] == "75"
    assert (_promoted("2023年我局共发布信息380条，其中平台主动公开信息75条，微信公众号发布信息300余条。") or ("",))[0] != "75"


def test_a_columns_plain_disclosure_beside_an_outlet_is_no_total_by_the_definitions():
    """政务公开专栏公开信息357条 beside an outlet's count is D4's parallel counts; the whole site's (网站公开信息总数) is
    D5's total beside an outlet's posts with another verb (session 20's review)."""
    from extractor.tagger.base import finish_mentions
    for sentence, total in (("政务公开专栏公开信息357条，微信公众号更新信息200条。", False),
                            ("门户网站公开信息总数357条，微信公众号发布信息200条。", True)):
        at = sentence.index("200")
        out = finish_mentions(sentence, [Mention(at, at + 3, "PROACTIVE_PART", 0.9)], True, None)
        assert (("357", "PROACTIVE_TOTAL") in [(sentence[m.start:m.end], m.label) for m in out]) is total
