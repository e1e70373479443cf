"""Drop boilerplate that is not the speech: shop adverts, page furniture, share bars.

Only the edges of a file are touched. A *leading block* (everything before the
speech starts) is dropped whole when it carries an advert marker and none of its
lines reads like speech; a *trailing block* likewise after the speech ends. In
between, a line is dropped only when it matches a marker *and* is short and
carries no sentence of speech. Every dropped line is returned, so the page can
list it: nothing disappears silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_scripts.analyse.numerals import YEAR

# A paywall's or a document site's preview lines, where the text is cut (此处隐藏3260个字。VIP会员可见,
# 免费预览已结束，请下载后查看全文, 全文约8600字，请下载后阅读): furniture even when they read as a sentence.
_PAYWALL = (
    r"此处隐藏|会员可见|[Vv][Ii][Pp]可见|登录后(?:查看|可见|阅读)|(?:查看|阅读|展开)全文|余下全文|"
    r"免费预览|免费阅读|继续阅读|请下载后|下载后(?:查看|阅读)|全文约\d+字|需要先登录|阅读全部"
)
_PAYWALL_MARKERS = re.compile(_PAYWALL)
# Words that mark a line as an advert or web-page furniture wherever it stands.
_STRONG = (
    r"仅供学习|禁止外传|QQ群|qq群|微信群|会员群|会员资料|会员材料|开通会员|"
    r"公众号|扫码|扫一扫|二维码|转载请|联系删除|责任编辑[：:]|阅读原文|分享到[：:]|"
    r"打印本页|关闭窗口|上一篇[：:]|下一篇[：:]|浏览次数|点击数[：:]|文档下载|[Ww]ord版|WORD版|"
    r"【字体|【打印|【关闭|字号[：:]\s*[大中小]|^[（(【\[]?(?:来源|作者|编辑|责任编辑|发布时间|发布日期|信息来源)[：:]|"
    # a paywall's lines where the text is cut (此处隐藏3260个字。VIP会员可见, 登录后查看全文)
    rf"{_PAYWALL}|"
    # a printed document's page numbers (— 3 —, - 3 -, 第 3 页 共 10 页) and its issuing office's header
    # (中共××县委办公室文件, ×办发〔2022〕5号)
    r"^[-—–－~～·]\s*\d{1,3}\s*[-—–－~～·]$|^第\s*\d{1,3}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,3}\s*页)?$|"
    r"^(?:中共)?[\u4e00-\u9fff×Xx*＊]{2,24}(?:委员会|委|人民政府|政府|办公室|办公厅|常委会)文件$|"
    r"^[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号$"
)
# Weaker words, trusted only at the edges of the file (before the title, after the end).
_WEAK = (
    r"订阅|倒卖|关注我们|免费下载|下载地址|付费|原创文章|版权归|侵权|编辑[：:]|来源[：:]|"
    r"点击查看|相关阅读|推荐阅读|本文来源|文章来源|字号[：:]|发布时间[：:]|【打击|自建平台|"
    r"实时分享|VIP|vip|资料群|会员"
)
_MARKERS = re.compile(f"{_STRONG}|{_WEAK}")
_STRONG_MARKERS = re.compile(_STRONG)
# Where a speech starts: a title-like line or the salutation.
_START = re.compile(
    r"^\s*(?:同志们|各位|尊敬的|女士们|在.{2,60}(?:上|时)的.{0,8}(?:讲话|发言|报告|致辞|讲稿|讲话提纲|主持词)|"
    r".{0,60}(?:讲话|发言|报告|致辞|党课|主持词)(?:（.*）|\(.*\))?\s*$)"
)
# A line that reads like speech: a sentence with Chinese sentence punctuation.
_SENTENCE = re.compile(r"[\u4e00-\u9fff]{4,}[，。；！？]")


def strip_boilerplate(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split ``lines`` into ``(kept, removed)``; kept lines keep their order.

    >>> strip_boilerplate(["仅供学习 禁止外传", "会员群：", "在全县大会上的讲话", "同志们："])
    (['在全县大会上的讲话', '同志们：'], ['仅供学习 禁止外传', '会员群：'])
    >>> strip_boilerplate(["同志们：", "要抓好订阅工作。"])
    (['同志们：', '要抓好订阅工作。'], [])
    >>> strip_boilerplate(["同志们：", "一要抓落实。", "此处隐藏3260个字。VIP会员可见", "二要抓作风。", "登录后查看全文"])
    (['同志们：', '一要抓落实。', '二要抓作风。'], ['此处隐藏3260个字。VIP会员可见', '登录后查看全文'])
    >>> strip_boilerplate(["免费预览已结束，请下载后查看全文", "在全县大会上的讲话", "同志们：", "今天开会。"])[1]
    ['免费预览已结束，请下载后查看全文']
    >>> strip_boilerplate(["中共某县委办公室文件", "县委办发〔2022〕5号", "同志们：", "今天开会。", "— 1 —", "第 2 页 共 3 页"])[1]
    ['中共某县委办公室文件', '县委办发〔2022〕5号', '— 1 —', '第 2 页 共 3 页']
    """
    removed: list[str] = []
    start = _leading_block_end(lines)
    if start:
        removed.extend(line for line in lines[:start] if line.strip())
        lines = lines[start:]
    end = _trailing_block_start(lines)
    tail = lines[end:]
    lines = lines[:end]
    kept: list[str] = []
    for line in lines:
        if _is_furniture(line, _STRONG_MARKERS):
            removed.append(line)
        else:
            kept.append(line)
    removed.extend(line for line in tail if line.strip())
    return kept, removed


def _is_furniture(line: str, markers: re.Pattern[str] = _MARKERS) -> bool:
    """A short line that matches a marker and carries no sentence of speech."""
    s = line.strip()
    return (
        bool(s)
        and len(s) <= 40
        and bool(markers.search(s))
        and (not _SENTENCE.search(s) or bool(_PAYWALL_MARKERS.search(s)))
    )


def _leading_block_end(lines: list[str]) -> int:
    """Index of the line where the speech starts if the lines before it are an advert, else 0."""
    limit = min(len(lines), 40)
    start = next((i for i in range(limit) if _START.match(lines[i])), None)
    if not start:
        return 0
    head = [line.strip() for line in lines[:start] if line.strip()]
    if not any(_MARKERS.search(h) for h in head):
        return 0
    if any(len(h) > 60 or (_SENTENCE.search(h) and not _MARKERS.search(h)) for h in head):
        # Some line before the start reads like speech: only drop marked lines, one by one.
        return 0
    return start


def _trailing_block_start(lines: list[str]) -> int:
    """Index after the last line of speech: trailing lines that are all furniture are cut."""
    end = len(lines)
    while end and (not lines[end - 1].strip() or _is_furniture(lines[end - 1]) or _is_footer(lines[end - 1])):
        end -= 1
    return end


def _is_footer(line: str) -> bool:
    """After the speech ends, a short line with a strong marker is furniture even if it is a sentence."""
    s = line.strip()
    return len(s) <= 40 and bool(_STRONG_MARKERS.search(s))


# --- web pages and crawler exports ------------------------------------------------------------
#
# A speech saved from a web page or a crawler's database comes wrapped: header fields
# (标题：, 发文时间：, 来源：, 阅读：…), navigation, the page's own heading and date, a summary
# that copies the opening, the title block, the speech, then share links, related-article
# lists and the footer, sometimes the whole page again. ``trim_page`` keeps the document
# and lists every line it drops; the header fields are returned as data (a publication
# date bounds the delivery date; it is never taken for it).

_META_KEYS = (
    "标题|题目|文章标题|年份|年度|时间|日期|发布时间|发布日期|发表时间|发文时间|发文日期|成文日期|印发日期|更新时间|"
    "来源|信息来源|文章来源|稿件来源|出处|来源URL|来源网址|原文链接|原文地址|链接|网址|URL|"
    "作者|撰稿|撰稿人|编辑|责任编辑|编审|审核|校对|关键词|关键字|主题词|标签|"
    "阅读|阅读量|阅读数|阅读次数|浏览|浏览量|浏览次数|点击|点击量|点击数|评论|评论数|"
    "内容摘要|摘要|概述|简介|导读|正文|全文|报告人|发言人|讲话人|发文单位|发文机关|发布机构|发布单位|"
    "索引号|文号|发文字号|分类|栏目|所属栏目|主题分类|字号|字体|省份|城市|地市|区县|县区|序号|编号"
)
_META_START = re.compile(rf"^[【\[（(]?\s*({_META_KEYS})\s*[：:]\s*")
_META_ANY = re.compile(rf"(?:^|[\s?？|｜/]|(?<=[^\u4e00-\u9fff]))({_META_KEYS})\s*[：:]")
# Keys whose empty value is given on the next line (a crawler wraps the value), and the
# keys that announce what follows rather than having a value of their own.
_VALUE_NEXT = frozenset(
    ("阅读", "阅读量", "阅读数", "阅读次数", "浏览", "浏览量", "浏览次数", "点击", "点击量", "点击数", "评论", "评论数")
)
_TEXT_NEXT = frozenset(("内容摘要", "摘要", "概述", "简介", "导读", "关键词", "关键字", "主题词", "标签"))
_ANNOUNCE = frozenset(("正文", "全文"))
_SENTENCE_PUNCT = re.compile(r"[。！？；!?;]")
_LOST_SPACES = re.compile(r"\?{2,}|？{2,}")  # "????" where a crawler lost spaces
# A document site's labels over a text's description (文档介绍: ……).
DOC_LABELS = "资源描述|文档描述|文档介绍|文档简介|内容简介"
_PAGE_FURNITURE = re.compile(
    r"当前位置|当前的位置|您的位置|现在的位置|所在位置|首页\s*>|>>|>\s*正文|【?字体[：:]|字号[：:]|^字号$|【\s*[大中小]\s*[大中小]|^[大中小]$|^A[+-]$|"
    r"分享到|打印|关闭窗口|收藏|E-?mail推荐|上一篇|下一篇|相关文章|相关阅读|相关新闻|延伸阅读|推荐阅读|本栏推荐|本栏最新|"
    r"阅读排行|热点排行|热门文章|最新文章|标签云|网站地图|联系我们|关于我们|版权所有|Copyright|ICP备|公网安备|网站标识码|"
    r"主办[：:]|承办[：:]|技术支持|无障碍|长者模式|繁體|手机版|返回顶部|扫一扫|二维码|微信|微博|"
    r"数据库$|资料库$|文库$|频道$|专题$|^责任编辑|^（责任编辑|^[（(]?点击(?:观看|播放|查看|进入|下载|查阅|阅读)|"
    r"本期共\d+版|当前第\d+版|^[«‹]?\s*[上下]一版|"  # an e-paper's page tools
    r"\S\s*首页$|^(?:正文|全文)?复制$|一键复制|复制全文|"
    rf"^(?:返回|下载|检索|高级检索|搜索|登录|注册|分享|内容|{DOC_LABELS}|取消|确定|提交|在线商城|积分商城|详细内容|正文内容|内容详情|文章详情|城市站点)$|^我知道了$|上一期\s*下一期|部分内容阅读$|"  # an app's, e-paper's, library's
    r"^(?:购物车|我的足迹|我的收藏|我的订单)$|立即下载$|^(?:关灯|开灯|开启左侧|关闭左侧)$|版权声明$|"  # a shop's, a forum's
    r"(?:《[^》]{2,24}》[^《》]{0,16}?作者[^《》]{0,12}){2}|"  # a banner of books (《文稿,还能这样写》作者雄文《……》作者……)
    r"^[-–—\s]*(?:目录|目錄)$|^↑|^(?:大会|会议|大會|會議)(?:现场|現場)$|◆记住我|"  # a contents link, a photo's caption, a slogan
    r"^本作品收[录錄][于於]|^跳转到[\u4e00-\u9fff]{2,8}$|维基文库|"  # (跳转到内容, 跳转到路径导航栏: skip links)
    r"^[\u4e00-\u9fff]{2,6}网\s+\S*(?:文库|资料|频道|首页|范文)|"  # a site's name and its section (美章网 资料文库 ……)  # a wiki's note (本作品收录于《……》), its links
    r"^(?:发文机关|发文日期|时效性|施行日期|生效日期|公布日期|失效日期)\s*[:：]?\s*\S{2,20}$|"  # a law database's fields
    r"^(?:导语|本版新闻列表|本版列表|新闻列表|友情链接)$|^【(?:资料图|资料图片|图片|视频)】$|"  # a topic page's label, an e-paper's list, a site's links, an image's place
    r"^[\u4e00-\u9fff]{2,6}(?:人大|政协|新闻|党建|文明|纪检监察|政府|日报|晚报)网$|"  # a site's name alone (中国人大网)
    r"^.{0,12}(?:人生就是博|娱乐城|娱乐平台|时时彩|六合彩|百家乐|精准免费|免费大全|真人娱乐|棋牌游戏).{0,12}$|"  # spam
    r"(?:视频在线播放|在线观看|中文字幕|亚洲综合|国产精品|无码|一级大片|成年网站)[^。]*"
    r"(?:视频在线播放|在线观看|中文字幕|亚洲综合|国产精品|无码|一级大片|成年网站)|"  # a porn site's keywords (two)
    r"^上传人[:：]|文档编号[:：]|上传时间[:：]|_第\d+页$|^第\d+页\s*/\s*共\d+页$|^VIP专[享免]$|^ID[:：]\d+$|"  # a document site's
    r"^(?:海报|侵权投诉|版权申诉)$|^\d{1,4}\s*页$|^\d+(?:\.\d+)?\s*[KM]B$|^\d{1,4}\+$|"  # (its counters: 11 页, 24.54KB, 999+)
    r"^(?:返回|下载|相关|举报|收藏|分享|打印)(?:\s+(?:返回|下载|相关|举报|收藏|分享|打印))+$|"  # a row of buttons
    r"^【[^】]*(?:www\.|\.com|\.cn|\.net)[^】]*】$|"  # 【www.guakaob.com--报告】
    r"^第[A-Za-z]{0,3}[一二三四五六七八九十\d]{1,3}版\s*[:：]|^[（(]?(?:上接|下转)第[\d一二三四五六七八九十]+版[）)]?$|"  # an e-paper's
    r"^(?:图片|圖片|图像|圖像|视频|視頻)$|^(?:快捷|热门|熱門)?搜索\s*[:：]|"  # an image's place, a search bar
    r"^[^\u4e00-\u9fff]{0,3}[\u4e00-\u9fff]{0,12}?(?:记者|記者)[\s\u3000]*[\u4e00-\u9fff]{2,4}(?:[\s\u3000、，,]+[\u4e00-\u9fff]{2,4}){0,4}(?<!摄)$|"  # a reporter's byline
    r"^[记記][\s\u3000]+[者](?:[\s\u3000]*[\u4e00-\u9fff]){2,4}$|"  # (spaced out: 记 者 李 铮)
    r"新闻门户|(?:门户网站|門戶網站)(?:\s*第\d+期|$)|(?:合影|合影留念)$|"  # a site's slogan or issue line, a group photo's caption
    r"字体大小|字體大小|^[大中小]字[号號]$|^\d{4}卷$|"  # a font-size widget, a yearbook's volume (2002卷)
    r"^图为|^圖為|我来说两句|索\s*引\s*号|^摘\s*要$|^(?:[\[【]点击[^\]】]{1,8}[\]】][\s\u3000]*)+$|"  # a photo's caption, a comment box, a record's table, an abstract's label
    r"当前页面|^本报讯$|^[\u4e00-\u9fff]{2,6}融媒(?:体)?(?:中心)?$|^[^>。，,\s]{2,10}\s*>\s*[^>。，,\s]{2,10}$|"  # 法周融媒, 政府动态 > 镇街动态
    r"^[•●▪]\s*[\u4e00-\u9fff]{2,5}\d{0,4}$|"  # a menu's item (• 找产品, • 南宫28)
    r"(?:新闻|新聞)(?:热线|熱線)|^[\u4e00-\u9fff]{2,4}(?:新闻|新聞|港闻|港聞|要闻|要聞)$|"  # a newsroom's phone, a column's label
    r"^第\s*[A-Z]?\d{1,3}\s*版(?:\s*[（(][^）)]{0,6}[）)])?$|^专栏[:：]?$|放大字[体體]|[缩縮]小字[体體]|"  # page labels, font buttons
    r"^(?:[^|｜]{1,8}[|｜]\s*){4,}|^[^_\s]{2,24}(?:_[^_\s]{2,24}){2,}$|"  # a channel menu, a spam line of keywords
    r"^[•·●▪■◆]?\s*[\u4e00-\u9fff]{2,16}(?:人民政府网站|政府网站)$|"  # a site's name (• 河北省人民政府网站)
    r"^[\u4e00-\u9fff·]{2,16}[（(](?:记者|記者|通讯员|通訊員)[^（）()]{1,30}[）)]$|"  # a site's byline: 中国昌吉网(记者 刘茜)
    r"^[\u4e00-\u9fff·]{2,16}[\s\u3000]+[\u4e00-\u9fff]{2,4}(?:[\s\u3000]+(?:记者|記者|通讯员|通訊員)[\s\u3000]*[\u4e00-\u9fff]{2,4})+$"
)
_MARKUP_RESIDUE = re.compile(r"^[\s<>!\-/|｜\[\]【】（）()\"'=:：;；,，.。·•*#_~^`]*$")
_SALUTE = re.compile(
    r"^(?:各位|尊敬的|亲爱的|同志们|女士们|先生们|朋友们|同学们|老师们|青年朋友们|大家好|主席(?:先生|女士)?[，,])"
)


_ADDRESS = re.compile(r"([^：:]*)([：:]?)")


def is_salutation(line: str) -> bool:
    """A line that opens a speech by addressing its audience (各位代表：, 尊敬的…国王陛下，, 同志们！,
    主席，各位代表：), possibly with the first sentence glued on after the colon; not a sentence
    that starts with the same words (各位委员要继续加强学习。).

    >>> [is_salutation(s) for s in ("各位副委员长、秘书长，各位委员：", "尊敬的哈马德国王陛下，", "同志们，朋友们：",
    ...                             "各位代表：现在，我代表县人民政府向大会报告工作。", "各位委员要继续加强学习，深入调查研究。")]
    [True, True, True, True, False]
    """
    if len(line) > 60 or not _SALUTE.match(line):
        return False
    words, colon = _ADDRESS.match(line).groups()  # type: ignore[union-attr]
    if _SENTENCE_PUNCT.search(words):
        return False
    return bool(colon) or line.rstrip()[-1:] in "，,！!" or len(line) <= 12


# A dated subtitle or meeting line under a title: "——2020年1月21日在…会议上", "——在…上的讲话",
# "2010年2月4日在徐水县第十四届人民代表大会第四次会议上", "（2008年3月27日）".
# The dashes archives write a subtitle with: em dashes (——, —), horizontal bars (――), box-drawing
# lines (──, ━━), full-width and ASCII hyphens doubled (－－, --), a wave dash (～); and 一一 (two
# 一 typed for a dash), only before the subtitle's year or 在 (一一对照检查 is a word).
DASH_CHARS = "—―─━－~～-"
DASH_CLASS = DASH_CHARS.replace("-", r"\-")  # the same, to write inside [...] of a regex
_DASH = (  # (?? is a dash a GBK page lost, read as one only before the subtitle's year or 在)
    rf"(?:[—―─━]{{1,2}}|－{{1,2}}|-{{2,}}|[~～]{{1,2}}|(?:一一|\?\?|？？)(?=[\s\u3000]*(?:(?:{YEAR})\s*年|在)))"
)
_SUBTITLE_LINE = re.compile(
    rf"^{_DASH}+\s*\S|^[（(]?\s*{YEAR}\s*年[^，。；]{{0,14}}?[日号]\s*[）)]?\s*(?:在|，)?[^，。；]{{2,70}}?(?:会议|大会|全会|会)"
    r"|^在[^，。；]{2,70}?(?:会议|大会|全会|座谈会|论坛|典礼|仪式|开幕式|闭幕式)(?:上|开幕式上|闭幕式上)$"
)
# A byline under a title: a role and a name ("河北省代省长 季允石", "国务院总理 李克强").
# The name may be spaced out (``自治区主席 韦 韬``, ``省长 吴 晓 明``).
_BYLINE = re.compile(
    r"(?:长|总理|主席|书记|委员|主任)[\s\u3000?？]*(?:[\u4e00-\u9fff·](?:[\s\u3000]?[\u4e00-\u9fff·]){1,3}|[XxＸ×*＊]{2,4})$"
)  # (or a name blanked out: 镇党委书记、人大主席 xxx)
# A news agency's dateline: the day the report was filed, not the day the speech was given.
_DATELINE = re.compile(
    r"^[（(]?(?:新华社|中新社|中国新闻社|人民日报|本报|央视网|新华网|人民网|光明日报|经济日报|中央广电总台)(?:记者)?"
    r"\S{0,10}?[\d０-９一二三四五六七八九十]{1,2}月[\d０-９一二三四五六七八九十]{1,3}日电"
)
# (A template's date line may be blanked: (X年X月X日), （20XX年X月X日）.)
# An e-paper's issue line alone (2023年12月22日 星期五): the paper's, under its page label; a speech's
# own date line may carry its weekday too.
_ISSUE_LINE = re.compile(rf"^{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*星期[一二三四五六日天]?$")
_DATE_LINE = re.compile(
    rf"^[（(]\s*(?:{YEAR}|[12][\dXxＸ×*＊]{{3}}|[一二][〇○零0OＯ][\d〇○零0OＯ一二三四五六七八九XxＸ×*＊]{{2}}|[XxＸ×*＊]{{1,4}})"
    r"\s*年[^）)]{0,40}[）)](?:[\s\u3000]*[\u4e00-\u9fff·]{2,4})?$"
)  # (二00*年*月*日), (2004年8月22日)胡锦涛
_BLANKED_NAME = re.compile(r"[XxＸ×*＊]{2,4}")  # a byline's name blanked out (XXX), alone on its line
# A newspaper's publication line (人民日报 on its site): the day the paper printed the text, not
# the day it was delivered — a header field like a page's posting date.
_PUBLICATION = re.compile(
    rf"^《\s*[\u4e00-\u9fff]{{2,12}}\s*》\s*[（(]\s*{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日[^（）()]{{0,12}}[）)]"
    r"(?:\s*\d{1,2}\s*版)?$"  # (《四平日报》(2025年3月7日) 01版)
    # a paper's page header (1981年11月11日人民日报 第1版)
    rf"|^{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*[\u4e00-\u9fff]{{2,10}}报\s*第?\s*[A-Z]?\d{{1,3}}\s*版$"
    # a paper's masthead over its report (甘孜日报2022年12月19日, 南方日报（2024年3月1日）第A02版)
    rf"|^[\u4e00-\u9fff]{{2,10}}(?:日报|日報|晚报|晚報|时报|時報)\s*[（(]?\s*{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*[）)]?"
    r"(?:\s*第?\s*[A-Z]?\d{1,3}\s*版)?$"
    rf"|^[\u4e00-\u9fff]{{2,10}}报\s*{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*星期[一二三四五六日天]?$"  # a paper's issue line
)
# An anthology's editorial note above or below the text: whose speech it is, where and when
# (这是毛泽东在延安干部会议上的讲演。 ※ 这是习近平总书记2020年2月两篇讲话中有关……内容的节选。):
# one sentence, no comma, that names the kind of text it introduces.
# It may open a longer paragraph (这是……的讲演。这篇讲演……分析了……): the first sentence is the note.
# Not a sentence that quotes a speech (这是习近平总书记在……的讲话中提出的明确要求。).
EDITORIAL_NOTE = re.compile(
    r"^[※＊*]?[\s\u3000]*(?:(?:编者)?注[：:]|说明[：:])?[\s\u3000]*这是(?P<note>[^，,。；]{2,120}?"
    r"(?:讲话|报告|讲演|演说|演讲|谈话|发言|致辞|贺词|文章|批示|节选|摘编|一部分|要点)(?![中里时精])[^，,。；]{0,16})。"
)


def note_sentence(text: str) -> str:
    """An opening paragraph's editorial note alone when its first sentence is one, else the text.

    >>> note_sentence("这是毛泽东在延安干部会议上的讲演。这篇讲演根据整风运动的要求，分析了党八股的危害。")
    '这是毛泽东在延安干部会议上的讲演。'
    >>> note_sentence("这是习近平总书记在会上的讲话中提出的要求。全县要抓好落实。")[-8:]
    '全县要抓好落实。'
    """
    m = EDITORIAL_NOTE.match(text)
    return m.group() if m else text


_ELLIPSIS_END = re.compile(r"(?:\.{3,}|…+|。{3,})\s*$")
# A news photo's caption: its credit (…记者 王晔 摄, 图：…), or a sentence of caption ending in the
# photographer's credit, with or without 摄 (任振鹤作政府工作报告。新甘肃·甘肃日报记者 盛学卿).
_CAPTION_SENTENCE = re.compile(r"。[^。，]{0,12}记者[\s\u3000]*[\u4e00-\u9fff]{2,4}(?:[\s\u3000]*摄)?\s*$")
_CAPTION = re.compile(  # (or a photo's caption in a table's cell: 讨论会现场 |)
    rf"(?:记者|摄影|图片来源)\S{{0,12}}摄\s*$|摄\s*$|^图[：:]|{_CAPTION_SENTENCE.pattern}|^[^|｜]{{2,40}}\s[|｜]$"
)
_CREDIT = re.compile(r"^\S{0,8}记者[\s\u3000]*\S{2,12}[\s\u3000]*摄\s*$")


_MD_HEADING = re.compile(r"^(?:#{1,6}[ \t\u3000]+|>[ \t\u3000]*)(?=\S)")
_MD_EMPHASIS = re.compile(r"^(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1$")
# A line that is one link (an exported article's heading, ``# [标题](https://mp.weixin.qq.com/s/…)``):
# its words are the link's text; and a line that is one image (``![](…/图像/640.jpeg)``): page furniture.
_MD_LINK = re.compile(r"^\[([^\[\]]+)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)$")
_MD_IMAGE = re.compile(r"^!\[[^\[\]]*\]\([^\n]*\)$")


def bare(line: str) -> str:
    """A line without the Markdown around it (a heading's ``#``, a quote's ``>``, ``**`` around the
    whole line): what it is recognised by. The text itself keeps them; this is a slice of it.

    >>> bare("# 为人民服务"), bare("**（2024年2月19日）**"), bare("## **一、认清形势**")
    ('为人民服务', '（2024年2月19日）', '一、认清形势')
    >>> bare("**县人民政府**工作报告"), bare("#1 号文件"), bare("各位代表：")
    ('**县人民政府**工作报告', '#1 号文件', '各位代表：')
    >>> bare("# [以改革举措加强建设](https://mp.weixin.qq.com/s/Xq3k)"), bare("[标题](http://a.cn/b)"), bare("[注1]")
    ('以改革举措加强建设', '标题', '[注1]')
    """
    if line[:1] not in "#>*_[":
        return line
    m = _MD_HEADING.match(line)
    if m:
        line = line[m.end() :]
    m = _MD_LINK.match(line)
    if m:
        line = m.group(1)
    m = _MD_EMPHASIS.match(line)
    return m.group(2) if m else line


def _compact(text: str) -> str:
    """The characters of a line that are not spacing (white space, lost-space ``??`` runs).

    >>> _compact("政 府 工 作 报 告??——2020年")
    '政府工作报告——2020年'
    """
    if "?" in text or "？" in text:
        text = _LOST_SPACES.sub("", text)
    return _SPACING.sub("", text) if _SPACING.search(text) else text


_SPACING = re.compile(r"[\s\u3000\xa0\u200b]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def is_sentence(line: str) -> bool:
    """A line that reads as running text: sentence punctuation and enough words.

    >>> is_sentence("现在，我代表县人民政府向大会报告工作，请予审议。"), is_sentence("是否继续？")
    (True, False)
    """
    if "?" in line:
        line = _LOST_SPACES.sub(" ", line)
    if len(line) < 12 or not _SENTENCE_PUNCT.search(line):
        return False
    return len(line) >= 200 or len(_HAN.findall(line)) >= 8


# A spreadsheet export's column, as ``read/source.py`` writes it (``publish_date：2026-02-10``),
# and the header keys its usual names stand for.
# A Markdown file's front matter (title: …, date: …) reads the same way.
_COLUMN_FIELD = re.compile(r"^([A-Za-z_][A-Za-z0-9_ .\-]{0,30})(?:：|:[ \t])(.*)$")
_COLUMN_KEYS = {
    "title": "标题",
    "headline": "标题",
    "year": "年份",
    "publish_date": "发布时间",
    "pub_date": "发布时间",
    "publish_time": "发布时间",
    "pubdate": "发布时间",
    "release_date": "发布时间",
    "post_date": "发布时间",
    "date": "日期",
    "time": "时间",
    "source": "来源",
    "source_url": "来源网址",
    "url": "网址",
    "link": "链接",
    "author": "作者",
    "speaker": "讲话人",
    "keywords": "关键词",
}


def meta_fields(line: str) -> list[tuple[str, str]]:
    """``(key, value)`` of a crawler/database header line, several per line; [] when it is none.
    A spreadsheet column's usual English name is read as the header key it stands for.

    >>> meta_fields("时间：2023-03-30????\\t\\t作者：中国县域????\\t\\t来源：政府官网????\\t\\t阅读：")
    [('时间', '2023-03-30'), ('作者', '中国县域'), ('来源', '政府官网'), ('阅读', '')]
    >>> meta_fields("中央政府门户网站　www.gov.cn　　2006年02月16日　　来源：新华社")
    [('', '中央政府门户网站\\u3000www.gov.cn\\u3000\\u30002006年02月16日'), ('来源', '新华社')]
    >>> meta_fields("资金来源：县财政拨付和社会资本。"), meta_fields("标题：高阳县2015年政府工作报告")
    ([], [('标题', '高阳县2015年政府工作报告')])
    >>> meta_fields("publish_date：2026-02-10"), meta_fields("source_url：http://a.cn/b"), meta_fields("county：罗田县")
    ([('发布时间', '2026-02-10')], [('来源网址', 'http://a.cn/b')], [('county', '罗田县')])
    """
    column = _COLUMN_FIELD.match(line)
    if column:
        name = column.group(1)
        return [(_COLUMN_KEYS.get(re.sub(r"[ .\-]", "_", name.lower()), name), column.group(2).strip())]
    first = _META_START.match(line)
    if first is None:
        if _SENTENCE_PUNCT.search(_LOST_SPACES.sub(" ", line)) or len(line) > 120:
            return []
        hits = list(_META_ANY.finditer(line))
        if not hits or hits[0].start(1) == 0:
            return []
        starts = [(m.start(1), m.end(), m.group(1)) for m in hits]
        lead = line[: starts[0][0]].strip(" \t\u3000?？|｜")
        fields = [("", lead)] if lead else []
    else:
        starts = [(m.start(1), m.end(), m.group(1)) for m in _META_ANY.finditer(line) if m.start(1) >= first.start(1)]
        fields = []
    for i, (_, end, key) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(line)
        value = _LOST_SPACES.sub(" ", line[end:stop]).strip(" \t\u3000|｜【】[]（）()")
        fields.append((key, value))
    if first is None and not any(k for k, _ in fields):
        return []
    return fields


@dataclass(frozen=True)
class Page:
    """A file's lines split into the document and what surrounded it."""

    kept: list[str]
    removed: list[str]
    header: list[tuple[str, str]]
    heading: str | None  # the web page's own heading line, when the page had one


def trim_page(lines: list[str]) -> Page:
    """Cut a document out of its web page or crawler export; every dropped line is listed.

    >>> p = trim_page(["工作报告", "2020年涞水县政府工作报告", "时间：2022-11-22????作者：中国县域", "阅读：", "162",
    ...                "2020年1月11日在涞水县第十六届人民代表大会第四次会议上", "各位代表：", "现在，我代表涞水县人民政府向大会报告工作。",
    ...                "分享到：", "QQ空间", "上一篇：", "2021年涞水县政府工作报告"])
    >>> p.kept, p.heading, p.header
    (['2020年1月11日在涞水县第十六届人民代表大会第四次会议上', '各位代表：', '现在，我代表涞水县人民政府向大会报告工作。'], '2020年涞水县政府工作报告', [('时间', '2022-11-22'), ('作者', '中国县域'), ('阅读', '162')])
    >>> p.removed[:3], p.removed[-1]
    (['工作报告', '2020年涞水县政府工作报告', '时间：2022-11-22????作者：中国县域'], '2021年涞水县政府工作报告')
    >>> trim_page(["在全县大会上的讲话", "同志们：", "今天开会。"]).kept
    ['在全县大会上的讲话', '同志们：', '今天开会。']
    >>> p = trim_page(["全会公报 - 新华网", "全会公报", "会议于10月9日举行。"])
    >>> p.kept, p.removed
    (['全会公报', '会议于10月9日举行。'], ['全会公报 - 新华网'])
    """
    header: list[tuple[str, str]] = []
    lines = [piece for line in lines for piece in _split_glued_meta(line)]
    # A saved page's <title> (the title, a dash, the site) above the title it repeats: the page's.
    tab = _SITE_TITLE.match(lines[0]) if len(lines) > 1 else None
    # (or a heading the page's own starts: 城管局副局长述职报告范文五篇-某平台 over 城管局副局长述职报告)
    tab_line = (
        [lines.pop(0)]
        if tab
        and (
            tab.group("title") in lines[1:6]
            or any(len(line) >= 6 and tab.group("title").startswith(line) for line in lines[1:6])
        )
        else []
    )
    images = [line for line in lines if line[:2] == "![" and _MD_IMAGE.match(line)]  # a Markdown export's pictures
    if images:
        pictures = set(images)
        lines = [line for line in lines if line not in pictures]
    copy_at = _repeat_start(lines)
    tail_copy = lines[copy_at:]
    lines = lines[:copy_at]
    start = _document_start(lines)
    kinds = [_head_kind(lines, i, start, header) for i in range(start)]
    meta = {i for i, k in enumerate(kinds) if k == "meta"}
    top = _title_block_top(lines, start, meta)
    page_like = any(k in ("meta", "furniture") for k in kinds)
    # Above the title block of a page, navigation, headings and header fields go; a sentence
    # (a news lead, a quotation) stays. A head with no page marks is left as it is.
    drop = ({i for i in range(top) if kinds[i] != "keep"} | meta) if page_like else set()
    if page_like and any(i in meta for i in range(top, start)):
        # A title block with the page's fields among it: a photo's caption there is the page's too;
        # what it reports (5月14日，……发表主旨演讲。) is read as a news lead's, like a dateline's.
        captions = [i for i in range(top, start) if _CAPTION_SENTENCE.search(lines[i])]
        drop.update(captions)
        header.extend(("图片说明", lines[i]) for i in captions)
    if not page_like:
        header.clear()
    dropped = sorted(drop - meta)
    heading = _page_heading([lines[i] for i in dropped], [kinds[i] for i in dropped])
    removed = [line for i, line in enumerate(lines[:start]) if i in drop]
    kept = [line for i, line in enumerate(lines[:start]) if i not in drop]
    body = lines[start:]
    end = _tail_start(body, page_like)
    for line in body[end:]:
        header.extend(f for f in meta_fields(line) if f[0])
        if _PUBLICATION.match(line):
            header.append(("刊载", line))
        elif _DATELINE.match(line):
            header.append(("电头", line))  # a news agency's dateline printed under the text, as above it
    removed = tab_line + removed + body[end:] + tail_copy + images
    return Page(kept=kept + body[:end], removed=removed, header=header, heading=heading)


_SITE_TITLE = re.compile(r"^(?P<title>.{4,80}?)\s*(?:[-_|｜–—]|\s-\s)\s*[^-_|｜–—\s]{2,16}$")


_WIDE_GAP = re.compile(r"[ \t\u3000]{4,}")


_DOC_LABEL = re.compile(rf"^(?:{DOC_LABELS})\s*[:：]\s*")


def _split_glued_meta(line: str) -> list[str]:
    """A header line with the document's first line glued on after a wide gap, as two lines.

    >>> _split_glued_meta("来源：百度马 克 数据网        政府工作报告")
    ['来源：百度马 克 数据网        ', '政府工作报告']
    >>> _split_glued_meta("时间：2023-03-30????      作者：中国县域")
    ['时间：2023-03-30????      作者：中国县域']
    >>> _split_glued_meta("文档介绍:——2009年5月16日在昔阳县第十五届人民代表大会")
    ['文档介绍:', '——2009年5月16日在昔阳县第十五届人民代表大会']
    """
    label = _DOC_LABEL.match(line)
    if label and len(line) > label.end():  # a document site's label glued on (文档介绍:——2009年……)
        return [label.group(), line[label.end() :]]
    if not _META_START.match(line):
        return [line]
    gaps = list(_WIDE_GAP.finditer(line))
    if not gaps:
        return [line]
    rest = line[gaps[-1].end() :]
    if not rest or _META_ANY.match(rest) or _META_START.match(rest) or len(rest) < 4:
        return [line]
    return [line[: gaps[-1].end()], rest]


def _repeat_start(lines: list[str]) -> int:
    """Where the file starts over with a copy of the text it already holds (nested-table scraping,
    a page's second rendering), else ``len(lines)``.

    A copy is found by its long lines, compared without spacing: from the first long line that
    repeats an earlier one, nine in ten of the long lines repeat. The copy starts after the last
    sentence of the first one: the page furniture between them goes with it.

    >>> body = ["各位代表：", "现在，我代表县人民政府向大会报告工作，请予审议，并请县政协委员提出意见。",
    ...         "一年来，全县经济运行稳中有进，各项事业取得新的进展和成效，人民生活持续改善。"]
    >>> _repeat_start(["讲话"] + body + ["责任编辑：王五", "首页", "讲话"] + body)
    4
    """
    keys = [_compact(line) if len(line) >= 30 else "" for line in lines]
    seen: set[str] = set()
    for i, k in enumerate(keys):
        if not k:
            continue
        if k in seen:
            rest = [r for r in keys[i:] if r]
            earlier = set(keys[:i])
            if sum(r in earlier for r in rest) >= 0.9 * len(rest):
                j = i
                while j > 0 and not (is_sentence(lines[j - 1]) and keys[j - 1] not in set(keys[: j - 1]) - {""}):
                    j -= 1
                return j
            return len(lines)
        seen.add(k)
    return len(lines)


def _document_start(lines: list[str]) -> int:
    """The first line of the document proper: its salutation, a dated subtitle, or its first sentence."""
    limit = min(len(lines), 400)
    sentences = 0
    first_other = None
    for i in range(limit):
        line = bare(lines[i])
        if _META_START.match(line) or _PAGE_FURNITURE.search(line) or _MARKUP_RESIDUE.match(line):
            continue
        if is_salutation(line):
            return i if first_other is None or sentences <= 3 else first_other
        if first_other is None and (
            (_SUBTITLE_LINE.match(line) or _DATE_LINE.match(line)) or _is_long_sentence(lines, i)
        ):
            first_other = i
        if _is_long_sentence(lines, i):
            sentences += 1
            if sentences > 3:
                break
    return first_other if first_other is not None else 0


def _is_long_sentence(lines: list[str], i: int) -> bool:
    """Running text of the document: not a summary copy, not a photo caption or dateline above it."""
    line = lines[i]
    return (
        len(line) >= 30
        and is_sentence(line)
        and not _is_summary_copy(lines, i)
        and not re.search(r"记者[^。，]{0,12}摄|日电$", line)
    )


# Header keys whose value is a news lead's words, not a field: an agency's dateline (with the lead
# removed with it), a photo's caption removed from a title block.
LEAD_KEYS = ("电头", "图片说明")
_MEETING_RECORD = re.compile(r"^(?:会议)?(?:时间|日期)\s*[：:]")
_MEETING_FIELD = re.compile(r"^(?:会议)?(?:地点|主持人?|参加人员|出席人员|参会人员|议题|记录人?)\s*[：:]")


def _is_meta_value(lines: list[str], i: int) -> bool:
    """A header field's value wrapped onto its own line (``阅读：`` then ``175``)."""
    prev = meta_fields(lines[i - 1]) if i else []
    if not prev or prev[-1][1] != "" or prev[-1][0] in _ANNOUNCE:
        return False
    key = prev[-1][0]
    return key in _TEXT_NEXT or (key in _VALUE_NEXT and len(lines[i]) <= 20 and not is_sentence(lines[i]))


def _is_summary_copy(lines: list[str], i: int) -> bool:
    """A truncated copy of the opening ("……" at its end) that the text below repeats."""
    line = lines[i]
    if not _ELLIPSIS_END.search(line):
        return False
    probe = _compact(_ELLIPSIS_END.sub("", line))[:24]
    below = _compact("".join(lines[i + 1 : i + 60]))
    return len(probe) >= 8 and probe in below


def _title_block_top(lines: list[str], start: int, skip: set[int] = frozenset()) -> int:  # type: ignore[assignment]
    """The first line of the title block above ``start``: title, subtitle, date, byline and photo
    caption lines (header lines in ``skip`` between them are passed over)."""
    top = start
    taken = 0
    titled = False  # a line that can only be the title is in the block
    while top > 0 and taken < 6:
        line = bare(lines[top - 1])
        if top - 1 in skip:
            run = top - 1
            while run > 0 and run - 1 in skip:
                run -= 1
            counters = any(  # (a news agency's dateline, a posting time under the byline are passed over)
                (
                    not meta_fields(lines[j])
                    and not _DATELINE.match(lines[j])
                    and not _is_timestamp(lines[j])
                    and not _ISO_DAY.match(lines[j])
                    and not _FORUM_LINE.search(lines[j])
                )
                or {k for k, _ in meta_fields(lines[j])} & _VALUE_NEXT
                for j in range(run, top)
            )
            if (
                run > 0 and top - run <= 5 and not titled and not counters
            ):  # a portal's source, time and editor lines among the title, subtitle and byline
                top = run
                continue
            break
        if is_sentence(line) and top < start and _CREDIT.search(lines[top]) and not _CAPTION.search(line):
            top -= 1  # a photo's caption, above its credit line
            taken += 1
            continue
        if EDITORIAL_NOTE.match(line):
            top -= 1  # an anthology's note under the title and date line (its paragraph): part of the title block
            taken += 1
            continue
        if (
            top >= 2
            and ">" in lines[top - 2]
            and re.split(r"\s*(?:>>?|»|›)\s*", lines[top - 2].strip())[-1] == line
            and not _GENRE.search(line)
        ):
            break  # the breadcrumb's last item, a section's heading (首页 > 专题材料 > 党代会 / 党代会), not a title
        if _BLANKED_NAME.fullmatch(line) and top < start:
            top -= 1  # the byline's name, blanked out
            taken += 1
            continue
        if (
            _DATELINE.match(line)
            or _META_START.match(line)
            or _PAGE_FURNITURE.search(line)
            or _MARKUP_RESIDUE.match(line)
            or _is_summary_copy(lines, top - 1)
            or _is_meta_value(lines, top - 1)
            or not re.search(r"[\u4e00-\u9fff]", line)
            or len(line) > 80
            or (is_sentence(line) and not _CAPTION.search(line) and not _SUBTITLE_LINE.match(line))
        ):
            break
        if not (
            _SUBTITLE_LINE.match(line) or _DATE_LINE.match(line) or _is_byline(lines, top - 1) or _CAPTION.search(line)
        ):
            titled = True
        top -= 1
        taken += 1
    while top < start and top in skip:
        top += 1
    return top


_NAME_ALONE = re.compile(r"[\u4e00-\u9fff](?:[\s\u3000]?[\u4e00-\u9fff]){1,3}")


def _is_byline(lines: list[str], i: int) -> bool:
    """A byline, or half of one broken over two lines (``阜平县人民政府县长`` / ``徐志清``).

    >>> [_is_byline(["阜平县人民政府县长", "徐志清", "各位代表："], i) for i in range(3)]
    [True, True, False]
    """
    line = bare(lines[i])
    if _BYLINE.search(line):
        return True
    after = bare(lines[i + 1]) if i + 1 < len(lines) else ""
    before = bare(lines[i - 1]) if i else ""
    return bool(
        (_NAME_ALONE.fullmatch(after) and _BYLINE.search(line + after))
        or (_NAME_ALONE.fullmatch(line) and _BYLINE.search(before + line))
    )


# A date with the time of day: when a page was posted, never when a speech was given.
_TIMESTAMP = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[\s\u3000]*\d{1,2}:\d{2}(?::\d{2})?")


_ISO_DAY = re.compile(
    r"^[|｜\s]*[^|｜\d]{1,10}[|｜]\s*((?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})\s*$"
)  # | 政务动态 |2016-07-21
_FORUM_LINE = re.compile(r"^\[?复制链接\]?$|^\[?只看该作者\]?$|显示全部楼层|阅读模式|点击了解详情$")


def _is_timestamp(line: str) -> re.Match[str] | None:
    """A short line giving a posting time (``2026-01-31 07:00:44``, ``原创 某某发布 2024-03-05 08:30``),
    or a forum post's (``小庞 发表于 2013-5-17 10:29:49 | 显示全部楼层 |阅读模式 打印 上一主题``)."""
    stamp = _TIMESTAMP.search(line)
    short = len(line) <= 60 or "发表于" in line
    return stamp if stamp and short and not is_sentence(line) else None


def _head_kind(lines: list[str], i: int, start: int, header: list[tuple[str, str]]) -> str:
    """What a line above the title block is: ``meta`` (a header field), ``furniture`` or ``keep``."""
    line = lines[i]
    if _MEETING_RECORD.match(line) and any(_MEETING_FIELD.match(n) for n in lines[i + 1 : i + 3]):
        return "keep"  # 时间：… 地点：… 主持人：…: the meeting's own record, not a page's
    fields = meta_fields(line)
    if fields:
        header.extend(fields)
        return "meta"
    if i and _is_meta_value(lines, i):
        key = meta_fields(lines[i - 1])[-1][0]
        if header and header[-1] == (key, ""):
            header.pop()
        header.append((key, line))
        return "meta"
    if _is_summary_copy(lines, i):
        return "meta"
    if _DATELINE.match(line):
        header.append(("电头", line))  # a news agency's dateline above the text: when it was filed
        return "meta"
    if _PUBLICATION.match(line) or (_ISSUE_LINE.match(line) and i and re.search(r"版|新闻列表", lines[i - 1])):
        header.append(("刊载", line))  # 《 人民日报 》（ 2020年03月27日 02 版）: when the paper printed it
        return "meta"  # (or an e-paper's issue line under its page label: 第02版:…… / 2023年12月22日 星期五)
    stamp = _is_timestamp(line) or _ISO_DAY.match(line)
    if stamp:
        header.append(("发布时间", stamp.group(1) if stamp.re is _ISO_DAY else stamp.group()))  # a page's posting time
        return "meta"  # (原创 某某发布 2024-03-05 08:30; a column's name and a day: | 政务动态 |2016-07-21)
    if _FORUM_LINE.search(line):
        return "meta"  # a forum's post tools between the thread's title and the post ([复制链接])
    if _PAGE_FURNITURE.search(line) or _MARKUP_RESIDUE.match(line):
        return "furniture"
    if not is_sentence(line) and len(line) <= 40:
        return "furniture"  # navigation, page heading, page date: dropped only when the head is a page's
    if not is_sentence(line) and _compact(line) and _compact(line) in _compact("".join(lines[i + 1 : start + 2])):
        return "furniture"  # the title block, copied above it
    return "keep"


_GENRE = re.compile(r"报告|讲话|公报|发言|致辞|演讲|决定|纲要|意见|通知|纪要|党课|主持词|开幕词|闭幕词")


# A news page's headline on a meeting (县十七届人大五次会议胜利闭幕, ……工作会议召开).
_MEETING_HEADLINE = re.compile(r"(?:会议|大会|全会|会)(?:胜利|隆重|顺利)?(?:召开|闭幕|开幕|举行)$")


_DECK_PART = re.compile(
    r"[^\s\u3000]{2,40}?(?:出席|主持(?:会议|大会)?|讲话|指导|致辞|就座|报告[\u4e00-\u9fff]{0,6}|》)"
)


def is_deck(line: str) -> bool:
    """A news headline's deck: who attended, spoke and chaired, in parts parted by spaces, no sentence.

    >>> is_deck("梁志敏出席 杨宁报告政府工作 袁爱光主持"), is_deck("陈世跃讲话 张平主持会议 李前智作《政府工作报告》")
    (True, True)
    >>> is_deck("齐建新报告政府工作 顾琨杜永春等在主席台就座 李灿光主持")
    True
    >>> is_deck("抓牢难得机遇 再谋发展大计"), is_deck("县委书记在全县大会上的讲话")
    (False, False)
    """
    parts = line.split()
    return len(parts) >= 2 and all(_DECK_PART.fullmatch(part) for part in parts)


def _page_heading(head: list[str], kinds: list[str]) -> str | None:
    """The page's own heading: the last title-like line of the dropped head that names a document
    or reports a meeting."""
    for line, kind in zip(reversed(head), reversed(kinds), strict=True):
        named = (_GENRE.search(line) or _MEETING_HEADLINE.search(line)) and not is_deck(line)
        if kind == "furniture" and named and not _PAGE_FURNITURE.search(line) and len(line) <= 60:
            if not re.search(r"[>|｜]", line) and not _SENTENCE_PUNCT.search(line):
                return line
    return None


def _is_text(line: str) -> bool:
    """A line of the document: a sentence, unless it is a short one that names page furniture (a
    long paragraph with an advert glued to its end is still the speech's)."""
    return is_sentence(line) and (len(line) > 60 or not _PAGE_FURNITURE.search(line))


def _tail_start(body: list[str], page_like: bool) -> int:
    """Where the page's footer starts: after the last line of text, the first line of furniture or header."""
    last = len(body)
    while last > 0 and not _is_text(body[last - 1]):
        last -= 1
    if last == len(body):
        return last
    for j in range(last, len(body)):
        line = body[j]
        if (
            _PAGE_FURNITURE.search(line)
            or _MARKUP_RESIDUE.match(line)
            or _PUBLICATION.match(line)
            or (_DATELINE.match(line) and len(line) <= 30)
            or (meta_fields(line) and page_like)
        ):
            return j
    return len(body)
