"""Documents in (.docx built with python-docx, HTML) and ledgers out (CSV
read with the csv module, xlsx read with openpyxl, the HTML report rendered
by headless Chromium)."""
import csv
import datetime
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

workplan = pytest.importorskip("workplan")
docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

from docx.oxml import parse_xml  # noqa: E402

HERE = Path(__file__).resolve().parent
FORMATS = HERE.parent / "data" / "formats"
OUT = Path(os.environ.get("WP_FORMATS_OUT", "/tmp"))
AS_OF = "2025-08-01"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

TEXT = """\
某区科协2025年重点工作
一、建设科普阵地
（一）完善场馆网络
1.新建社区科普馆5个，2025年10月底前建成。（牵头单位：科普部；配合单位：财务处）
2.更新展品，全年开展科普讲座不少于50场次。
（二）推进数字科普
1.上线科普云平台，力争年底用户达到10万人。（牵头单位：信息中心）
二、加强组织建设
（一）发展基层组织
1.新建企业科协12家。（牵头单位：组织部）
附件：重点任务清单
序号\t类别\t重点任务\t牵头单位\t配合单位\t完成时限
1\t阵地\t建设科普大道\t科普部\t城建办\t2025年6月底
2\t组织\t开展会员日活动\t组织部\t\t2025年12月底
"""


def _numbered_docx(path: Path) -> None:
    """The document of TEXT with Word's automatic numbering for 一、 （一） 1.
    and a real table."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    labels = [re.compile(r"[一二三四五六七八九十]+、"), re.compile(r"（[一二三四五六七八九十]+）"),
              re.compile(r"[0-9]+\.")]
    lines = TEXT.splitlines()
    d.add_paragraph(lines[0])
    table_at = next(i for i, line in enumerate(lines) if line.startswith("序号"))
    for line in lines[1:table_at]:
        for level, pattern in enumerate(labels):
            m = pattern.match(line)
            if m:  # the label is Word's, not typed
                numbered(line[m.end():], level)
                break
        else:
            d.add_paragraph(line)
    rows = [line.split("\t") for line in lines[table_at:]]
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    d.sections[0].header.paragraphs[0].text = "页眉不应出现"
    d.save(path)


def _plain(plan):
    """The plan as data without source spans."""
    def strip(o):
        if isinstance(o, dict):
            return {k: strip(v) for k, v in o.items() if k != "source"}
        if isinstance(o, list):
            return [strip(x) for x in o]
        return o
    return strip(plan.to_dict())


@pytest.fixture(scope="module")
def text_plan():
    return workplan.Plan.from_text(TEXT)


def test_docx_equals_text(tmp_path, text_plan):
    path = tmp_path / "plan.docx"
    _numbered_docx(path)
    from_file = workplan.Plan.from_file(path)
    from_bytes = workplan.Plan.from_docx(path.read_bytes())
    assert _plain(from_file) == _plain(text_plan)
    assert _plain(from_bytes) == _plain(text_plan)
    assert from_file.report.counts["sections"] == 2
    assert from_file.report.counts["table_rows"] == 2
    assert "页眉" not in from_file.to_json()


def test_docx_named_txt_is_still_docx(tmp_path, text_plan):
    path = tmp_path / "plan.txt"  # the name lies; the content decides
    _numbered_docx(path)
    assert _plain(workplan.Plan.from_file(path)) == _plain(text_plan)


def test_html_page(tmp_path):
    page = workplan.Plan.from_file(FORMATS / "page.html")
    text = workplan.Plan.from_file(FORMATS / "plan.txt")
    gbk = workplan.Plan.from_html((FORMATS / "page_gbk.html").read_bytes())
    a, b, c = _plain(page), _plain(text), _plain(gbk)
    assert a.pop("published") == "2025-02-10"
    c.pop("published")
    assert a == b == c
    for furniture in ("首页", "分享", "温馨提示", "版权", "相关阅读"):
        assert furniture not in page.to_json()


@pytest.mark.parametrize("data,word", [
    (b"%PDF-1.4\n1 0 obj", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, ".doc"),
    (b"PK\x03\x04broken word/document.xml", "docx"),
])
def test_unreadable_formats(tmp_path, data, word):
    path = tmp_path / "input.bin"
    path.write_bytes(data)
    with pytest.raises(workplan.FormatError, match=word.replace(".", r"\.")):
        workplan.Plan.from_file(path)


def _ledger_rows(plan, **kw):
    text = plan.to_csv(as_of=AS_OF, **kw)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_csv(text_plan):
    rows = _ledger_rows(text_plan)
    assert rows[0] == ["序号", "篇章", "类别", "任务", "牵头单位", "配合单位", "完成时限", "指标", "状态",
                       "最新进展", "编号"]
    by_id = {r[10]: r for r in rows[1:]}
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, len(rows))]
    first = by_id["1.1.1"]
    assert first[1:6] == ["一、建设科普阵地", "完善场馆网络", first[3], "科普部", "财务处"]
    assert first[8] == "未开始"
    assert by_id["a1.r1"][4:9] == ["科普部", "城建办", "2025-06-30", "", "逾期"]
    assert not text_plan.to_csv(bom=False).startswith("\ufeff")


def test_xlsx_matches_csv(tmp_path, text_plan):
    other = text_plan.copy()
    other.title = "第二份/计划?"
    path = tmp_path / "ledger.xlsx"
    text_plan.to_xlsx(path, other, as_of=AS_OF)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["某区科协2025年重点工作", "第二份计划", "责任矩阵"]
    rows = _ledger_rows(text_plan)
    for name in wb.sheetnames[:2]:
        ws = wb[name]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:K{len(rows)}"
        got = list(ws.iter_rows())
        assert len(got) == len(rows)
        for want_row, got_row in zip(rows, got):
            for want, cell in zip(want_row, got_row):
                value = cell.value
                if isinstance(value, datetime.datetime):  # an Excel date
                    assert cell.number_format == "yyyy-mm-dd"
                    value = value.date().isoformat()
                elif value is None:
                    value = ""
                assert str(value) == want, (name, cell.coordinate)
        assert ws.column_dimensions["D"].width > ws.column_dimensions["A"].width
        assert ws["D2"].alignment.wrap_text
    matrix = wb["责任矩阵"]
    head = [c.value for c in matrix[1]]
    assert head[:3] == ["责任单位", "牵头合计", "配合合计"]
    units = {r[0]: r for r in matrix.iter_rows(min_row=2, values_only=True)}
    assert units["科普部"][1] == 4  # two tasks in each of the two plans
    assert units["财务处"][2] == 2


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_report_in_chromium(tmp_path, text_plan):
    plan = text_plan.copy()
    for node in plan.query("has:indicator"):
        node.report("2025-06-30", percent=60, text="已过半", state="approved",
                    actuals={ind: ind.value * 0.6 for ind in node.indicators})
    html = plan.report_html(as_of=AS_OF)
    assert "<script" not in html and "http" not in html
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed")
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--hide-scrollbars"]
    dom = subprocess.run(args + ["--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    for text in ("提纲", "责任矩阵", "指标完成情况", "逾期任务", "建设科普大道", "科普部",
                 "一、建设科普阵地", "10万人", "60%"):
        assert text in dom
    shot = OUT / "workplan-report.png"
    subprocess.run(args + [f"--screenshot={shot}", "--window-size=412,1600", page.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20000


SEEDS = HERE.parent.parent.parent / "shared" / "seeds"


def _seed_texts():
    if not SEEDS.is_dir():
        return []
    # documents with tables pasted as one tab-led cell a line cannot be
    # rebuilt as HTML or Word tables faithfully: left out
    return [p for p in sorted(SEEDS.glob("*.txt"))
            if not any(line.startswith("\t") for line in p.read_text("utf-8").splitlines())]


@pytest.mark.parametrize("seed", _seed_texts() or [None], ids=lambda p: p.name if p else "none")
def test_real_documents_as_html_and_docx(seed, tmp_path):
    """A real plan (../shared/seeds, read at test time, never copied) put
    into a web page with furniture and into a Word file imports as its
    text does."""
    import html as _html
    if seed is None:
        pytest.skip("../shared/seeds is absent")
    text = seed.read_text("utf-8")
    lines = text.splitlines()
    page = ("<html><head><meta charset='utf-8'><script>x()</script></head><body>"
            "<div class='nav'>首页 | 通知公告</div><div class='article'>"
            + "".join(f"<p>{_html.escape(line)}</p>" for line in lines)
            + "</div><div class='share'>分享到</div><footer>版权所有</footer></body></html>")
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(tmp_path / "seed.docx")
    want = _plain(workplan.Plan.from_text(text, keep_spans=False))
    assert _plain(workplan.Plan.from_html(page, keep_spans=False)) == want
    assert _plain(workplan.Plan.from_file(tmp_path / "seed.docx", keep_spans=False)) == want
