"""The lines a Chinese government web page wraps around its text, recognised one by one.

Visit counters, site identifiers (网站标识码), ICP and public-security filing numbers, the
hosting and running bodies (主办单位, 承办单位), contact telephone numbers, copyright lines,
print/close links, breadcrumbs (当前位置), previous/next links and share buttons. The patterns
need the colon or the fixed wording these lines always have, so that a plan's own sentence
("政务服务网访问量年均增长20%") does not match; lines longer than a footer ever is are kept.
"""

from __future__ import annotations

import re

# Long lines are the page's text, whatever words they contain.
_MAX_LINE = 200

_DROP = re.compile(
    "|".join(
        (
            r"网站标识码",
            r"ICP\s*[备证]",
            r"公网安备",
            r"(?:主办|承办|协办)(?:单位)?\s*[:：]",
            r"(?:运维|维护|网站管理)单位\s*[:：]",
            r"技术支持\s*[:：]",
            r"(?:联系|咨询|服务|值班)?电话\s*[:：]",
            r"(?<!\d)(?:0\d{2,3}-|[(（]0\d{2,3}[)）]\s*)\d{7,8}(?!\d)",  # a landline number
            r"传\s*真\s*[:：]",
            r"邮\s*编\s*[:：]",
            r"^\s*(?:通讯|联系)?地址\s*[:：]",
            r"版权所有",
            r"(?i:copyright|all rights reserved)",
            r"©",
            r"^\s*(?:当前|您的|您现在的|您所在的|所在)位置",
            r"^\s*[【\[]?\s*(?:上|下)一(?:篇|条|页)\s*[:：】\]]",
            r"^\s*(?:分享到|分享至|一键分享|扫一扫|微信扫一扫|手机扫一扫)",
            r"扫描二维码|在手机上?(?:打开|浏览)|用手机扫",
            r"^\s*(?:(?:微信|微博|新浪微博|腾讯微博|QQ空间|QQ|朋友圈|人人网|豆瓣)[\s|｜/、]*)+$",
            r"(?:您是第|访问者?第?)\s*\d+\s*位",
            r"(?:设为首页|加入收藏|返回顶部|网站地图|无障碍浏览|长者模式|关怀版)",
        )
    )
)

# Pieces of an otherwise useful line (the date and source line above an article), removed.
_STRIP = re.compile(
    "|".join(
        (
            r"(?:浏览|访问|阅读|点击|查看)(?:次数|量|数|人次)\s*[:：]\s*\d*\s*次?",
            r"[【\[]?\s*字[体号]\s*[:：]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]?\s*[】\]]?",
            r"[【\[]\s*(?:打印|关闭|收藏|纠错|打印本页|关闭窗口|分享)\s*[】\]]",
            r"打印本页|关闭窗口|打印此页|关闭本页|收藏本页",
        )
    )
)

# What is left of a line once its boilerplate pieces are gone, when nothing of value is left.
_EMPTY = re.compile(r"[\s|｜/\\\-—_·•:：,，;；()（）【】\[\]]*")


def clean(line: str) -> str | None:
    """The line without its boilerplate, or None when the whole line is boilerplate."""
    if len(line) > _MAX_LINE:
        return line
    if _DROP.search(line):
        return None
    kept = _STRIP.sub(" ", line)
    if kept == line:
        return line
    if _EMPTY.fullmatch(kept):
        return None
    return re.sub(r"\s{2,}", " ", kept).strip()
