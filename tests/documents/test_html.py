"""The main text of a web page, and the government-site boilerplate lines filtered out of it."""

from __future__ import annotations

import pytest

from qualpolicy.documents.boilerplate import clean
from qualpolicy.documents.read import read_document

from . import plan_text as t


@pytest.mark.parametrize(
    "line",
    [
        "江ICP备05012345号-1",
        "江公网安备 33010602000123号",
        "网站标识码：3300000099",
        "主办单位：江南省人民政府办公厅  承办单位：江南省大数据发展中心",
        "技术支持：江南数字科技有限公司",
        "联系电话：0571-87050000",
        "服务热线 (0571) 87050000",
        "地址：江南省临江市人民大道1号  邮编：310000",
        "版权所有 © 2025 江南省人民政府",
        "Copyright 2025 All Rights Reserved",
        "当前位置：首页 > 政务公开 > 规划计划",
        "您现在的位置：首页 >> 通知公告",
        "上一篇：江南省标准化发展纲要",
        "【下一篇】",
        "分享到：",
        "微信 微博 QQ空间",
        "扫一扫在手机打开当前页",
        "您是第 1234567 位访问者",
        "浏览次数：3521",
        "【打印】【关闭】",
        "打印本页 关闭窗口",
        "【字体：大 中 小】",
        "设为首页 | 加入收藏",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    assert clean(line) is None


def test_the_date_and_source_line_loses_only_its_counter_and_buttons() -> None:
    line = (
        "发布日期：2025-03-01 来源：江南省市场监督管理局 浏览次数：3521 【字体：大 中 小】【打印】"
    )
    assert clean(line) == "发布日期：2025-03-01 来源：江南省市场监督管理局"


@pytest.mark.parametrize(
    "line",
    [
        t.TARGET_2027,
        "（三）加强质量管理：完善企业质量管理体系。",
        "政务服务网访问量年均增长20%，12345热线满意度达到95%以上。",
        "推动建设单位落实工程质量首要责任。",
        "分享先进质量管理经验，开展质量标杆学习活动。",
    ],
)
def test_a_plans_own_sentences_are_kept(line: str) -> None:
    assert clean(line) == line


def test_hidden_elements_and_navigation_by_class_are_dropped() -> None:
    page = f"""<html><body>
    <div id="menu"><span>机构概况</span><span>政策文件</span></div>
    <div class="main has-nav"><p>{t.TARGET_2027}</p><p>{t.TARGET_2030}</p></div>
    <div style="display: none">质量 强省 关键词</div><p hidden>隐藏的段落</p>
    </body></html>"""
    assert [b.text for b in read_document(page.encode(), "a.html").blocks] == [
        t.TARGET_2027,
        t.TARGET_2030,
    ]


def test_a_one_column_table_lays_out_text_and_is_no_table() -> None:
    page = f"""<html><body><table><tr><td><p>{t.TARGET_2027}</p></td></tr>
    <tr><td><p>{t.TARGET_2030}</p></td></tr></table></body></html>"""
    blocks = read_document(page.encode(), "a.html").blocks
    assert [(b.text, b.table) for b in blocks] == [(t.TARGET_2027, False), (t.TARGET_2030, False)]


def test_table_rows_keep_their_number_and_cells_their_paragraphs() -> None:
    page = f"""<html><body><p>{t.ANNEX}</p><table>
    <tr><th>指标</th><th>目标</th></tr><tr><td></td><td></td></tr>
    <tr><td><p>制造业质量</p><p>竞争力指数</p></td><td>90\t以上</td></tr>
    </table><p>{t.SUPPORT}</p></body></html>"""
    blocks = read_document(page.encode(), "a.html").blocks
    assert [(b.text, b.where) for b in blocks] == [
        (t.ANNEX, "paragraph 1"),
        ("指标\t目标", "table 1, row 1"),
        ("制造业质量 竞争力指数\t90 以上", "table 1, row 3"),
        (t.SUPPORT, "paragraph 2"),
    ]


def test_a_title_from_the_page_title_when_there_is_no_heading() -> None:
    page = f"<html><head><title>{t.TITLE}</title></head><body><p>{t.SUPPORT}</p></body></html>"
    assert read_document(page.encode(), "a.html").title == t.TITLE


def test_the_page_charset_decides_when_the_bytes_are_not_utf8() -> None:
    page = '<html><head><meta charset="big5"></head><body><p>質量強省建設</p></body></html>'
    document = read_document(page.encode("big5"), "a.html")
    assert document.encoding == "cp950"
    assert document.blocks[0].text == "質量強省建設"
