#!/usr/bin/env python3
"""Writes the xlsx sample and benchmark workbooks reproducibly (fixed zip timestamps, fixed order).

  scripts/make-xlsx.py                      samples/CD05/客户资料.xlsx (成都春熙路店 customer export)
  scripts/make-xlsx.py --bench ROWS OUT     a large one-sheet workbook for reader throughput
"""
import random
import sys
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
STAMP = (2024, 3, 1, 9, 0, 0)
# Cell styles (cellXfs order): 0 general, 1 built-in date 14, 2 custom 年月日 date, 3 "#,##0.00" money.
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="#,##0.00_);[Red]\\(#,##0.00\\)"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="177" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def serial(day):
    """Excel 1900-system serial of a date."""
    return (day - date(1899, 12, 30)).days


def column_letters(n):
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class Strings:
    """The shared strings table; rich items are written as given."""

    def __init__(self):
        self.items, self.index = [], {}

    def add(self, text, rich=None):
        key = rich or text
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append(rich or f"<si><t>{escape(text)}</t></si>")
        return self.index[key]

    def xml(self):
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" count="{len(self.items)}" '
                f'uniqueCount="{len(self.items)}">' + "".join(self.items) + "</sst>")


def cell(ref, value, strings):
    """One <c>: str → shared string; ("inline", s); ("date", d, style); ("formula", f, s); numbers as n."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        kind = value[0]
        if kind == "inline":
            return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value[1])}</t></is></c>'
        if kind == "date":
            return f'<c r="{ref}" s="{value[2]}"><v>{serial(value[1])}</v></c>'
        if kind == "formula":
            return f'<c r="{ref}" t="str"><f>{escape(value[1])}</f><v>{escape(value[2])}</v></c>'
        if kind == "rich":
            return f'<c r="{ref}" t="s"><v>{strings.add(value[1], value[2])}</v></c>'
        if kind == "money":
            return f'<c r="{ref}" s="3"><v>{value[1]}</v></c>'
    if isinstance(value, str):
        return f'<c r="{ref}" t="s"><v>{strings.add(value)}</v></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def sheet_xml(rows, strings, merge=None):
    """rows: [(row number, [values by column from A])]; None values and missing rows are gaps."""
    body = []
    for number, values in rows:
        cells = "".join(cell(f"{column_letters(i + 1)}{number}", v, strings) for i, v in enumerate(values))
        body.append(f'<row r="{number}">{cells}</row>')
    merged = f'<mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>' if merge else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
            f'<dimension ref="A1:H{rows[-1][0]}"/><sheetData>' + "".join(body) + f"</sheetData>{merged}</worksheet>")


def write_workbook(path, sheets, strings):
    """sheets: [(name, worksheet xml)]."""
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                     + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(sheets)))
                     + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                     '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    root_rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
                 f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                '<workbookPr defaultThemeVersion="166925"/><sheets>'
                + "".join(f'<sheet name="{escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (name, _) in enumerate(sheets))
                + "</sheets></workbook>")
    n = len(sheets)
    workbook_rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
                     + "".join(f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(n))
                     + f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>'
                     f'<Relationship Id="rId{n + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts = [("[Content_Types].xml", content_types), ("_rels/.rels", root_rels), ("xl/workbook.xml", workbook),
             ("xl/_rels/workbook.xml.rels", workbook_rels)]
    parts += [(f"xl/worksheets/sheet{i + 1}.xml", xml) for i, (_, xml) in enumerate(sheets)]
    parts += [("xl/styles.xml", STYLES), ("xl/sharedStrings.xml", strings.xml())]
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))


def sample():
    strings = Strings()
    header = ["姓名", "手机", "性别", "生日", "储值余额", "备注"]
    rich_note = "<si><r><rPr><b/><sz val=\"11\"/></rPr><t>头皮敏感</t></r><r><t xml:space=\"preserve\">，洗护用温和款</t></r></si>"
    customers = [
        (1, ["成都春熙路店 客户资料（导出时间：2024-03-01）"]),
        (2, header),
        (3, ["周晓燕", 13800138050, "女", ("date", date(1992, 5, 14), 1), ("money", 500), "喜欢烫发，每季度护理"]),
        # Also a customer of 广州天河店 (samples/GZ03): the run merges her into one customer.
        (4, ["陈静", 13800138004, "女", ("date", date(1988, 4, 4), 1), ("money", 120.5), ("inline", "出差来成都时到店")]),
        (5, ["吴先生", 13900139051, "男", None, ("money", 0), ("rich", "头皮敏感，洗护用温和款", rich_note)]),
        (6, ["黄丽", 13800138052, "女", ("date", date(1995, 11, 2), 2), ("money", 1280)]),
        # Row 7 was deleted in Excel: the row numbers skip.
        (8, ["何建国", 13900139053, "男", ("date", date(1979, 1, 20), 2), ("money", 300), "偏好短发"]),
        # A note typed one column too far right: the row is rejected (xml.extra_cells).
        (9, ["马小芳", 13800138054, "女", ("date", date(1990, 7, 7), 1), ("money", 200), None, None, "多出来的一列"]),
        (10, ["杨洋", 13800138055, None, ("date", date(2000, 2, 29), 1), None, ("formula", 'IF(E10="","新客","")', "新客")]),
    ]
    newcomers = [
        (1, header),
        (2, ["邓佳", 13900139056, "女", ("date", date(1998, 8, 8), 1), ("money", 100), "朋友介绍"]),
        (3, ["罗婷", 13800138057, "女", ("date", date(1993, 12, 12), 2), ("money", 0), ("inline", "团购券")]),
    ]
    sheets = [("客户资料", sheet_xml(customers, strings, merge="A1:F1")), ("三月新客", sheet_xml(newcomers, strings))]
    write_workbook(ROOT / "samples/CD05/客户资料.xlsx", sheets, strings)


def bench(rows, out):
    rng = random.Random(42)
    strings = Strings()
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
    notes = ["喜欢烫发", "对染发剂过敏", "偏好短发", "每月护理", "", "朋友介绍", "团购券", "头皮敏感"]
    data = [(1, ["姓名", "手机", "性别", "生日", "储值余额", "备注"])]
    for i in range(rows):
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        note = rng.choice(notes)
        data.append((i + 2, [name, 13800000000 + rng.randrange(100_000_000), rng.choice("男女"),
                             ("date", date(1960 + rng.randrange(45), rng.randrange(1, 13), rng.randrange(1, 29)), 1),
                             ("money", rng.randrange(0, 500_000) / 100), note or None]))
    write_workbook(Path(out), [("客户", sheet_xml(data, strings))], strings)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--bench":
        bench(int(sys.argv[2]), sys.argv[3])
    else:
        sample()
