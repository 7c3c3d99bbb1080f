#!/usr/bin/env python3
"""Seed corpora and dictionaries for baomi's fuzz targets (standard library only).

Writes fuzz/seeds/<target>/ (small, committed) from the bundled sample drafts plus generated
office, OFD, archive and PDF files, and fuzz/dicts/*.dict (libFuzzer dictionaries).
Deterministic: the same files every run. Run through scripts/fuzz-seeds.sh.

The NUL-separated "parts" seeds must follow the part lists in fuzz/src/lib.rs
(DOCX_PARTS, XLSX_PARTS, ODS_PARTS, OFD_PARTS, ZIP_PARTS).
"""

import io
import os
import shutil
import struct
import sys
import zipfile
import zlib

FUZZ = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(FUZZ)
SEEDS = os.path.join(FUZZ, "seeds")
DICTS = os.path.join(FUZZ, "dicts")
SAMPLES = os.path.join(ROOT, "samples", "drafts")

TARGETS = ["normalize", "detect", "scan", "text_csv", "html", "docx", "sheet", "ofd", "zip", "pdf",
           "wire"]

# the part lists of fuzz/src/lib.rs
DOCX_PARTS = [
    "word/document.xml", "_rels/.rels", "word/header1.xml", "word/footer1.xml",
    "word/comments.xml", "word/footnotes.xml", "word/endnotes.xml", "docProps/core.xml",
    "docProps/app.xml", "docProps/custom.xml", "word/_rels/document.xml.rels",
    "word/_rels/settings.xml.rels", "[Content_Types].xml",
    # appended later: styles, docVars, customXml, charts, SmartArt, altChunks
    "word/styles.xml", "word/settings.xml", "customXml/item1.xml", "word/charts/chart1.xml",
    "word/diagrams/data1.xml", "word/afchunk1.htm", "word/charts/_rels/chart1.xml.rels",
]
XLSX_PARTS = [
    "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/_rels/sheet1.xml.rels",
    "xl/comments1.xml", "xl/styles.xml", "docProps/core.xml", "docProps/app.xml", "_rels/.rels",
    "[Content_Types].xml",
    # appended later: drawings, charts, pivot caches
    "xl/drawings/drawing1.xml", "xl/drawings/_rels/drawing1.xml.rels", "xl/charts/chart1.xml",
    "xl/pivotCache/pivotCacheDefinition1.xml",
    "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
    "xl/pivotCache/pivotCacheRecords1.xml", "xl/charts/_rels/chart1.xml.rels",
    "xl/drawings/drawing2.xml",
]
ODS_PARTS = ["mimetype", "content.xml", "meta.xml", "META-INF/manifest.xml", "styles.xml"]
OFD_PARTS = [
    "OFD.xml", "Doc_0/Document.xml", "Doc_0/Pages/Page_0/Content.xml",
    "Doc_0/Pages/Page_1/Content.xml", "Doc_0/Tpls/Tpl_0/Content.xml",
    "Doc_0/Annots/Annotations.xml", "Doc_0/Annots/Page_1/Annotation.xml",
    "Doc_0/Attachs/Attachments.xml", "Doc_0/Attachs/file1.txt", "Doc_0/Signs/Signatures.xml",
    "Doc_0/DocumentRes.xml", "Doc_0/PublicRes.xml",
]
ZIP_PARTS = ["关于某事项的通知.txt", "附件/名单.csv", "页面.html", "说明.md", "附件/深层/其他.txt"]

FIXED_TIME = (2026, 1, 1, 0, 0, 0)

# ---------------------------------------------------------------------------------------------
# identifiers (synthetic, valid checksums)


def resident_id(p17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * k for c, k in zip(p17, w))
    return p17 + "10X98765432"[s % 11]


def luhn_complete(prefix):
    for d in "0123456789":
        n = prefix + d
        total = 0
        for i, c in enumerate(reversed(n)):
            v = int(c)
            if i % 2 == 1:
                v *= 2
                if v > 9:
                    v -= 9
            total += v
        if total % 10 == 0:
            return n
    raise AssertionError


def uscc(p17):
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    s = sum(chars.index(c) * k for c, k in zip(p17, w))
    return p17 + chars[(31 - s % 31) % 31]


ID1 = resident_id("33010619900101123")
ID2 = resident_id("11010519851212002")
CARD = luhn_complete("622202123456789012")
USCC = uscc("91330106MA27XYW12")


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


TEXTS = {
    "ids": f"""关于2026年度补贴发放名单的公示
姓名：张三  身份证号：{ID1}  手机：13800138000
姓名：李四  公民身份号码：{ID2[:6]} {ID2[6:14]} {ID2[14:]}  电话：+86 139-0013-9000
已脱敏：{ID1[:6]}********{ID1[-4:]}，138****8000，{ID2[:3]}***********{ID2[-4:]}
银行卡号：{CARD}  开户行：某某银行  卡号 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}
护照号码：E12345678  港澳通行证：C12345678  回乡证 H1234567890
统一社会信用代码：{USCC}  固定电话：0571-87654321 (010)12345678
邮箱：zhangsan@example.gov.cn  车牌：浙A·12345 京B12345学
IP 192.168.10.25  坐标：东经120°10′30.5″ 北纬30.274085, 120.155070
""",
    "fullwidth": "号码：" + fullwidth(ID1) + "。手机：" + fullwidth("13800138000") + "\n",
    "markings": """秘密★1年
机密★长期
绝　密★５年
密级：机密
工作秘密
内部资料　注意保管
某某密电〔2026〕12号
公开属性：不予公开
（此件不予公开）
秘 密 ★ 一 年
機密★十年
定密依据 知悉范围 涉密文件 密码电报
""",
    "zero_width": "机\u200b密★\u200d1年 秘\u00ad密 内\ufeff部\u2060资料 1\u200b3800138000\n",
    "traditional": "關於機密文件的內部資料通知：身份證號碼 " + ID1 + "\n",
    "expand": "㍿x中 ⑴⑵ ﬁ ㈱ ¨ ＡＢＣ\t\tx  y ㊙ 🈲 Ⅻ ½ ℡ ㏒ \u0301e\u0301 ﹏ ︵ \u3000\u3000中\u3000文\n",
    "terms": "送审稿 征求意见稿 军事管理区 雷达站 弹药库 人防工程 水源地 涉密单位 看守所 数据中心\n",
    "long_digits": "1" * 40 + " " + "-".join(["1234"] * 12) + " X" * 10 + "\n",
}

# ---------------------------------------------------------------------------------------------
# helpers


def write(target, name, data):
    d = os.path.join(SEEDS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def make_zip(files, deflate=True):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files:
            if isinstance(data, str):
                data = data.encode("utf-8")
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            z.writestr(info, data)
    return buf.getvalue()


def make_zip_gbk_names(files):
    """A stored zip whose entry names are GBK bytes without the UTF-8 flag."""
    out = io.BytesIO()
    central = []
    for name, data in files:
        if isinstance(data, str):
            data = data.encode("utf-8")
        raw = name.encode("gbk")
        crc = zlib.crc32(data) & 0xFFFFFFFF
        off = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x5C21, crc,
                              len(data), len(data), len(raw), 0))
        out.write(raw)
        out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0x5C21,
                                   crc, len(data), len(data), len(raw), 0, 0, 0, 0, 0, off) + raw)
    cd_off = out.tell()
    for c in central:
        out.write(c)
    cd_len = out.tell() - cd_off
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), cd_len,
                          cd_off, 0))
    return out.getvalue()


def parts_seed(names, files, selector=b""):
    """NUL-separated pieces in the order of `names` (missing parts are empty pieces)."""
    d = {n: (v.encode("utf-8") if isinstance(v, str) else v) for n, v in files}
    pieces = [d.get(n, b"") for n in names]
    while pieces and not pieces[-1]:
        pieces.pop()
    for p in pieces:
        assert b"\0" not in p, "a part seed must not contain NUL"
    return selector + b"\0".join(pieces)


# ---------------------------------------------------------------------------------------------
# docx

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

DOCX_CT = XML_DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
DOCX_ROOT_RELS = XML_DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    '</Relationships>')


def docx_files():
    body = f"""
<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>关于做好保密审查工作的通知</w:t></w:r></w:p>
<w:p><w:del w:id="1" w:author="王五" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>删除的绝密内容</w:delText></w:r></w:del><w:ins w:id="2" w:author="王五"><w:r><w:t>新增内容</w:t></w:r></w:ins></w:p>
<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r><w:r><w:t>可见文字</w:t></w:r></w:p>
<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>段落标记隐藏</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>机密★5年</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>机密★5年</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>张三</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>{ID1}</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>李四</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>13900139000</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>A&amp;B</w:t><w:tab/><w:t xml:space="preserve">正文 &#x4E2D;&#20013;</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "C:\\Users\\zhang\\Desktop\\a.png" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:rPr><w:vanish w:val="0"/><w:color w:val="FFFFFF"/></w:rPr><w:t>不隐藏</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
<w:p><w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:sdt><w:sdtContent><w:r><w:t>内容控件</w:t></w:r></w:sdtContent></w:sdt></w:p>
"""
    doc = XML_DECL + f'<w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>'
    header = XML_DECL + f'<w:hdr {W_NS}><w:p><w:r><w:t>秘密★1年</w:t></w:r></w:p></w:hdr>'
    footer = XML_DECL + f'<w:ftr {W_NS}><w:p><w:r><w:t>第1页</w:t></w:r></w:p></w:ftr>'
    comments = XML_DECL + (
        f'<w:comments {W_NS}><w:comment w:id="0" w:author="李四" w:initials="LS" '
        'w:date="2026-01-01T00:00:00Z"><w:p><w:r><w:t>批注：此处涉及内部数据</w:t></w:r></w:p>'
        '</w:comment></w:comments>')
    footnotes = XML_DECL + (
        f'<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
        '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>脚注内容 0571-87654321'
        '</w:t></w:r></w:p></w:footnote></w:footnotes>')
    endnotes = XML_DECL + (
        f'<w:endnotes {W_NS}><w:endnote w:id="1"><w:p><w:r><w:t>尾注</w:t></w:r></w:p>'
        '</w:endnote></w:endnotes>')
    core = XML_DECL + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>通知</dc:title>'
        '<dc:creator>张三</dc:creator><cp:lastModifiedBy>李四</cp:lastModifiedBy>'
        '<cp:keywords>内部</cp:keywords><dc:description>D:\\内部\\草稿.docx</dc:description>'
        '<cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">'
        '2026-01-01T00:00:00Z</dcterms:created></cp:coreProperties>')
    app = XML_DECL + (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Template>Normal.dotm</Template><Application>Microsoft Office Word</Application>'
        '<Company>某某局办公室</Company><Manager>王局长</Manager></Properties>')
    custom = XML_DECL + (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="密级">'
        '<vt:lpwstr>秘密</vt:lpwstr></property></Properties>')
    doc_rels = XML_DECL + (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        'Target="file:///\\\\fileserver\\内部\\名单.xlsx" TargetMode="External"/>'
        '<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" '
        'Target="embeddings/oleObject1.bin"/></Relationships>')
    settings_rels = XML_DECL + (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
        'Target="file:///C:\\Users\\zhangsan\\AppData\\Roaming\\Microsoft\\Templates\\公文.dotm" '
        'TargetMode="External"/></Relationships>')
    return [
        ("[Content_Types].xml", DOCX_CT),
        ("_rels/.rels", DOCX_ROOT_RELS),
        ("word/document.xml", doc),
        ("word/header1.xml", header),
        ("word/footer1.xml", footer),
        ("word/comments.xml", comments),
        ("word/footnotes.xml", footnotes),
        ("word/endnotes.xml", endnotes),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/_rels/settings.xml.rels", settings_rels),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
        ("docProps/custom.xml", custom),
        ("word/media/image1.png", b"\x89PNG\r\n\x1a\nnot really"),
        ("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 24),
    ]


def docx_minimal():
    doc = XML_DECL + f'<w:document {W_NS}><w:body><w:p><w:r><w:t>正文 {ID2}</w:t></w:r></w:p></w:body></w:document>'
    return [("word/document.xml", doc)]


# ---------------------------------------------------------------------------------------------
# xlsx / ods

S_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def xlsx_files():
    ct = XML_DECL + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>'
        '</Types>')
    root_rels = XML_DECL + (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
        '</Relationships>')
    wb = XML_DECL + (
        f'<workbook {S_NS}><workbookPr/><sheets>'
        '<sheet name="公示名单" sheetId="1" r:id="rId1"/>'
        '<sheet name="隐藏表" sheetId="2" state="hidden" r:id="rId2"/>'
        '</sheets><definedNames><definedName name="名单">公示名单!$A$1:$D$5</definedName></definedNames></workbook>')
    wb_rels = XML_DECL + (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '</Relationships>')
    sst = XML_DECL + (
        f'<sst {S_NS} count="6" uniqueCount="6">'
        '<si><t>内部资料　不得外传</t></si><si><t>姓名</t></si><si><t>电话</t></si>'
        '<si><t>张三</t></si><si><r><rPr><b/></rPr><t>隐藏</t></r><r><t xml:space="preserve">行内容</t></r></si>'
        '<si><t>身份证号</t></si></sst>')
    sheet1 = XML_DECL + (
        f'<worksheet {S_NS}><dimension ref="A1:D20"/>'
        '<cols><col min="3" max="3" width="9" hidden="1" customWidth="1"/></cols><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="D2" t="s"><v>5</v></c></row>'
        f'<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"><v>13800138000</v></c><c r="D3" t="str"><v>{ID1}</v></c></row>'
        '<row r="4"><c r="B4"><v>330106199001011234</v></c><c r="C4" t="inlineStr"><is><t>隐藏列内容</t></is></c></row>'
        '<row r="6" hidden="1"><c r="A6" t="s"><v>4</v></c></row>'
        '<row r="7"><c r="A7" t="b"><v>1</v></c><c r="B7" t="e"><v>#N/A</v></c><c r="C7"><f>SUM(B3:B4)</f><v>1.5E+17</v></c><c r="D7" s="1"><v>45292</v></c></row>'
        '<row r="20"><c r="A20" t="inlineStr"><is><t>正文</t></is></c></row>'
        '</sheetData><mergeCells count="1"><mergeCell ref="A1:D1"/></mergeCells></worksheet>')
    sheet2 = XML_DECL + (
        f'<worksheet {S_NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>秘密★1年</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>右下</t></is></c></row></sheetData></worksheet>')
    sheet1_rels = XML_DECL + (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/>'
        '</Relationships>')
    comments = XML_DECL + (
        f'<comments {S_NS}><authors><author>王五</author></authors><commentList>'
        '<comment ref="B3" authorId="0"><text><r><t>备注：身份证待核实</t></r></text></comment>'
        '</commentList></comments>')
    styles = XML_DECL + (
        f'<styleSheet {S_NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>')
    core = XML_DECL + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张三</dc:creator>'
        '<cp:lastModifiedBy>李四</cp:lastModifiedBy><dc:title>公示名单</dc:title></cp:coreProperties>')
    app = XML_DECL + (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Company>某某局</Company></Properties>')
    return [
        ("[Content_Types].xml", ct),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", wb),
        ("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/sharedStrings.xml", sst),
        ("xl/styles.xml", styles),
        ("xl/worksheets/sheet1.xml", sheet1),
        ("xl/worksheets/sheet2.xml", sheet2),
        ("xl/worksheets/_rels/sheet1.xml.rels", sheet1_rels),
        ("xl/comments1.xml", comments),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
    ]



REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'


def rels(*items):
    """A relationships part: (id, type suffix, target[, external])."""
    out = [XML_DECL + PKG_RELS]
    for it in items:
        rid, typ, target = it[:3]
        ext = ' TargetMode="External"' if len(it) > 3 and it[3] else ""
        t = typ if typ.startswith("http") else REL_NS + "/" + typ
        out.append(f'<Relationship Id="{rid}" Type="{t}" Target="{target}"{ext}/>')
    out.append("</Relationships>")
    return "".join(out)


C_NS = ('xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def chart_xml(src_sheet):
    """A bar chart: a rich-text title, a series name, category and value caches, a header."""
    return XML_DECL + (
        f'<c:chartSpace {C_NS}><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r>'
        '<a:t>机密★ 统计图</a:t></a:r></a:p><a:p><a:r><a:t>第二行&amp;标题</a:t></a:r></a:p>'
        '</c:rich></c:tx></c:title><c:plotArea><c:barChart><c:ser><c:idx val="0"/>'
        f'<c:tx><c:strRef><c:f>{src_sheet}!$B$1</c:f><c:strCache><c:ptCount val="1"/>'
        '<c:pt idx="0"><c:v>身份证号</c:v></c:pt></c:strCache></c:strRef></c:tx>'
        f'<c:cat><c:strRef><c:f>{src_sheet}!$A$2:$A$3</c:f><c:strCache><c:ptCount val="2"/>'
        '<c:pt idx="0"><c:v>张三</c:v></c:pt><c:pt idx="1"><c:v>李四</c:v></c:pt></c:strCache>'
        f'</c:strRef></c:cat><c:val><c:numRef><c:f>({src_sheet}!$B$2,{src_sheet}!$B$3)</c:f>'
        '<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="2"/>'
        '<c:pt idx="0"><c:v>13800138000</c:v></c:pt><c:pt idx="1"><c:v>3.30106199001011E+17</c:v>'
        '</c:pt></c:numCache></c:numRef></c:val><c:dLbls><c:txPr><a:p><a:r><a:t>标签</a:t>'
        '</a:r></a:p></c:txPr></c:dLbls></c:ser></c:barChart></c:plotArea></c:chart>'
        '<c:printSettings><c:headerFooter><c:oddHeader>&amp;C内部资料</c:oddHeader>'
        '</c:headerFooter></c:printSettings><c:userShapes r:id="rId2"/></c:chartSpace>')


def docx_layers_files():
    """A docx with the newer layers: hidden styles, fields, docVars, customXml, a chart,
    SmartArt, altChunks (HTML and docx) and embedded packages (xlsx, docx with its own
    embedding, xls)."""
    styles = XML_DECL + (
        f'<w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts/><w:vanish w:val="0"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultFont"/>'
        '<w:style w:type="character" w:styleId="SecretChar"><w:basedOn w:val="BaseHidden"/>'
        '<w:rPr><w:color w:val="FF0000"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="BaseHidden"><w:rPr><w:vanish/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Unhide"><w:basedOn w:val="BaseHidden"/>'
        '<w:rPr><w:vanish w:val="false"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="HiddenPara"><w:basedOn w:val="Normal"/>'
        '<w:rPr><w:specVanish/><w:vanish w:val="on"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/><w:rPr>'
        '<w:webHidden/></w:rPr></w:style>'
        '<w:style w:type="table" w:styleId="HiddenTable"><w:tblStylePr w:type="firstRow"><w:rPr>'
        '<w:vanish/></w:rPr></w:tblStylePr></w:style></w:styles>')
    body = f"""
<w:p><w:r><w:t>关于某事项的通知</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="HiddenPara"/></w:pPr><w:r><w:t>样式隐藏的段落 {ID2}</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:rStyle w:val="SecretChar"/></w:rPr><w:t>字符样式隐藏</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Unhide"/></w:rPr><w:t>取消隐藏</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Loop1"/></w:pPr><w:r><w:t>循环样式</w:t></w:r></w:p>
<w:tbl><w:tblPr><w:tblStyle w:val="HiddenTable"/></w:tblPr><w:tr><w:tc><w:p><w:r><w:t>表头</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>{CARD}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:fldSimple w:instr=" DOCVARIABLE 密级 \\* MERGEFORMAT "><w:r><w:t>秘密</w:t></w:r></w:fldSimple></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD 姓名 </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>«姓名»</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> QUOTE "联系电话 13800138000" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "http://intra.example/%E5%90%8D%E5%8D%95?id={ID1}" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:altChunk r:id="rIdA1"/><w:altChunk r:id="rIdA2"/>
<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rIdC1"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>
<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" r:id="rIdE1"/></w:object></w:r></w:p>
"""
    doc = XML_DECL + f'<w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>'
    doc_rels = rels(
        ("rIdS", "styles", "styles.xml"), ("rIdT", "settings", "settings.xml"),
        ("rIdA1", "aFChunk", "afchunk1.htm"), ("rIdA2", "aFChunk", "afchunk2.docx"),
        ("rIdC1", "chart", "charts/chart1.xml"), ("rIdD1", "diagramData", "diagrams/data1.xml"),
        ("rIdE1", "package", "embeddings/Microsoft_Excel_Worksheet.xlsx"),
        ("rIdE2", "package", "embeddings/inner.docx"), ("rIdE3", "oleObject", "embeddings/oleObject2.bin"),
        ("rIdH", "hyperlink", "mailto:zhangsan@example.com?subject=%E5%86%85%E9%83%A8", True),
        ("rIdH2", "hyperlink", "\\\\fileserver\\share\\%E5%90%8D%E5%8D%95.xlsx", True),
        ("rIdX", "customXml", "../customXml/item1.xml"))
    settings = XML_DECL + (
        f'<w:settings {W_NS}><w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
        '<w:connectString w:val="Provider=Microsoft.ACE.OLEDB.12.0;Data Source=C:\\Users\\zhang\\名单.xlsx"/>'
        '<w:query w:val="SELECT * FROM `Sheet1$`"/></w:mailMerge><w:docVars>'
        '<w:docVar w:name="密级" w:val="秘密★1年"/>'
        '<w:docVar w:name="guid" w:val="{3F2504E0-4F89-11D3-9A0C-0305E82C3301}"/>'
        f'<w:docVar w:name="联系人{ID1}" w:val="张三"/><w:docVar w:name="" w:val=""/>'
        '<w:docVar w:name="blob" w:val="QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo="/></w:docVars></w:settings>')
    custom_item = XML_DECL + (
        '<root xmlns="urn:example:cover" xmlns:x="urn:x"><Owner>张三</Owner>'
        f'<Id type="resident">{ID1}</Id><PublishDate>2026-01-01</PublishDate>'
        '<Abstract><![CDATA[内部资料 注意保管]]>&amp;附件</Abstract><x:Empty x:attr="李四"/></root>')
    custom_props = XML_DECL + (
        '<ds:datastoreItem ds:itemID="{6C3C8BC8-F283-45AE-878A-BAB7291924A1}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>')
    diagram = XML_DECL + (
        '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>'
        '<dgm:pt modelId="1"><dgm:t><a:bodyPr/><a:p><a:r><a:t>组织架构：王局长</a:t></a:r></a:p>'
        '</dgm:t></dgm:pt><dgm:pt modelId="2"><dgm:t><a:p><a:r><a:t>办公室</a:t></a:r></a:p>'
        '</dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>')
    chunk_html = ('<html><body><p>导入内容：机密★长期</p><div style="display:none">'
                  f'隐藏的 {ID2}</div></body></html>')
    inner_doc = make_zip(docx_minimal() + [
        ("word/embeddings/deeper.docx", make_zip(docx_minimal())),
    ])
    return [
        ("[Content_Types].xml", DOCX_CT),
        ("_rels/.rels", DOCX_ROOT_RELS),
        ("word/document.xml", doc),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/styles.xml", styles),
        ("word/settings.xml", settings),
        ("customXml/item1.xml", custom_item),
        ("customXml/itemProps1.xml", custom_props),
        ("customXml/_rels/item1.xml.rels", rels(("rId1", "customXmlProps", "itemProps1.xml"))),
        ("word/charts/chart1.xml", chart_xml("Sheet1")),
        ("word/charts/_rels/chart1.xml.rels",
         rels(("rId1", "package", "../embeddings/Microsoft_Excel_Worksheet.xlsx"))),
        ("word/diagrams/data1.xml", diagram),
        ("word/afchunk1.htm", chunk_html),
        ("word/afchunk2.docx", make_zip(docx_minimal())),
        ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", make_zip(xlsx_layers_files())),
        ("word/embeddings/inner.docx", inner_doc),
        ("word/embeddings/oleObject2.bin", cfb([("Workbook", xls_workbook_stream())])),
    ]


def docx_layers_parts():
    """The text parts of docx_layers_files() (parts mode: no binary parts)."""
    return [(n, d) for n, d in docx_layers_files() if isinstance(d, str)]


XDR_NS = ('xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def xlsx_layers_files():
    """An xlsx with the newer layers: headers/footers, long-number literals, a drawing with a
    text box, a picture's alt text and a chart (whose user shapes link back to the chart),
    defined names, and a pivot cache (definition and records)."""
    files = dict(xlsx_files())
    files["xl/workbook.xml"] = XML_DECL + (
        f'<workbook {S_NS}><workbookPr/><sheets>'
        '<sheet name="公示名单" sheetId="1" r:id="rId1"/>'
        '<sheet name="隐藏表" sheetId="2" state="hidden" r:id="rId2"/>'
        '</sheets><definedNames>'
        '<definedName name="_xlnm.Print_Area" localSheetId="0">公示名单!$A$1:$D$5</definedName>'
        '<definedName name="密级">"秘密★1年"</definedName>'
        '<definedName name="联系人" hidden="1">"张三 13800138000"&amp;"x"</definedName>'
        f'<definedName name="ID{ID1}">{ID1}</definedName>'
        '<definedName name="外部">[1]Sheet1!$A$1</definedName><definedName name="empty"/>'
        '</definedNames><pivotCaches><pivotCache cacheId="1" r:id="rId5"/></pivotCaches></workbook>')
    files["xl/_rels/workbook.xml.rels"] = rels(
        ("rId1", "worksheet", "worksheets/sheet1.xml"),
        ("rId2", "worksheet", "worksheets/sheet2.xml"),
        ("rId3", "sharedStrings", "sharedStrings.xml"), ("rId4", "styles", "styles.xml"),
        ("rId5", "pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml"))
    files["xl/worksheets/sheet1.xml"] = XML_DECL + (
        f'<worksheet {S_NS}><dimension ref="A1:D4"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        f'<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>{ID1[:-1]}</v></c>'
        '<c r="C2"><v>6222021234567890123</v></c><c r="D2"><v>3.30106E+17</v></c></row>'
        '<row r="3" hidden="1"><c r="B3"><v>-4.40308198511204562E17</v></c></row>'
        '</sheetData><customSheetViews><customSheetView guid="{00000000-0000-0000-0000-000000000001}">'
        '<headerFooter><oddHeader>&amp;C机密</oddHeader></headerFooter></customSheetView>'
        '</customSheetViews><headerFooter differentFirst="1" differentOddEven="1">'
        '<oddHeader>&amp;L&amp;"宋体,加粗"秘密★1年&amp;C&amp;P/&amp;N&amp;R&amp;D</oddHeader>'
        '<evenFooter>第&amp;P页&amp;&amp;共&amp;N页</evenFooter><firstHeader><![CDATA[&C内部资料]]></firstHeader>'
        '</headerFooter><drawing r:id="rId2"/></worksheet>')
    files["xl/worksheets/_rels/sheet1.xml.rels"] = rels(
        ("rId1", "comments", "../comments1.xml"), ("rId2", "drawing", "../drawings/drawing1.xml"))
    files["xl/worksheets/sheet2.xml"] = XML_DECL + (
        f'<worksheet {S_NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>秘密★1年</t>'
        '</is></c></row></sheetData><headerFooter><oddFooter>&amp;C隐藏表页脚</oddFooter>'
        '</headerFooter></worksheet>')
    files["xl/drawings/drawing1.xml"] = XML_DECL + (
        f'<xdr:wsDr {XDR_NS}><xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:row>1</xdr:row>'
        '</xdr:from><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1" descr="说明文字"/>'
        '</xdr:nvSpPr><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>文本框：内部资料</a:t></a:r><a:br/>'
        f'<a:r><a:t>{ID2}</a:t></a:r></a:p><a:p/><a:p><a:r><a:t>&amp;第三段</a:t></a:r></a:p>'
        '</xdr:txBody></xdr:sp></xdr:twoCellAnchor><xdr:oneCellAnchor><xdr:pic><xdr:nvPicPr>'
        '<xdr:cNvPr id="3" name="Picture 2" descr="公章" title="张三签名"/></xdr:nvPicPr></xdr:pic>'
        '</xdr:oneCellAnchor><xdr:twoCellAnchor><xdr:graphicFrame><xdr:nvGraphicFramePr>'
        '<xdr:cNvPr id="4" name="Chart 3"/></xdr:nvGraphicFramePr><a:graphic><a:graphicData>'
        '<c:chart r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame></xdr:twoCellAnchor>'
        '</xdr:wsDr>')
    files["xl/drawings/_rels/drawing1.xml.rels"] = rels(("rId1", "chart", "../charts/chart1.xml"))
    files["xl/charts/chart1.xml"] = chart_xml("'隐藏表'")
    files["xl/charts/_rels/chart1.xml.rels"] = rels(
        ("rId2", "chartUserShapes", "../drawings/drawing2.xml"))
    files["xl/drawings/drawing2.xml"] = XML_DECL + (
        '<c:userShapes xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:cdr="http://schemas.openxmlformats.org/drawingml/2006/chartDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><cdr:relSizeAnchor>'
        '<cdr:sp><cdr:nvSpPr><cdr:cNvPr id="1" name="t"/></cdr:nvSpPr><cdr:txBody><a:p><a:r>'
        '<a:t>图上批注</a:t></a:r></a:p></cdr:txBody></cdr:sp></cdr:relSizeAnchor></c:userShapes>')
    # a cycle: the user shapes link back to the chart
    files["xl/drawings/_rels/drawing2.xml.rels"] = rels(("rId1", "chart", "../charts/chart1.xml"))
    files["xl/pivotCache/pivotCacheDefinition1.xml"] = XML_DECL + (
        f'<pivotCacheDefinition {S_NS} r:id="rId1" recordCount="3"><cacheSource type="worksheet">'
        '<worksheetSource ref="A1:C4" sheet="已删除"/></cacheSource><cacheFields count="4">'
        '<cacheField name="姓名" numFmtId="0"><sharedItems><s v="张三"/><s v="李四"/><m/>'
        '</sharedItems></cacheField>'
        f'<cacheField name="身份证号{ID1}" numFmtId="0"><sharedItems/></cacheField>'
        '<cacheField name="金额" numFmtId="0"><sharedItems containsNumber="1" minValue="1" maxValue="13800138000"/>'
        '</cacheField><cacheField name="日期"><sharedItems containsDate="1"><d v="2026-01-01T00:00:00"/>'
        '<b v="1"/><e v="#N/A"/><n v="1.5"/></sharedItems></cacheField></cacheFields>'
        '</pivotCacheDefinition>')
    files["xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels"] = rels(
        ("rId1", "pivotCacheRecords", "pivotCacheRecords1.xml"))
    files["xl/pivotCache/pivotCacheRecords1.xml"] = XML_DECL + (
        f'<pivotCacheRecords {S_NS} count="3">'
        f'<r><x v="0"/><s v="{ID1}"/><n v="13800138000"/><x v="0"/></r>'
        f'<r><x v="1"/><s v="{ID2}"/><n v="1.5E+17"/><x v="3"/></r>'
        '<r><x v="2"/><m/><n v="nan"/><x v="99"/><s v="多余"/></r></pivotCacheRecords>')
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        "</Types>",
        '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>'
        '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>'
        '<Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"/>'
        '<Override PartName="/xl/pivotCache/pivotCacheRecords1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml"/>'
        '</Types>')
    return list(files.items())

def ods_files():
    content = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="名单">
<table:table-column table:number-columns-repeated="2"/>
<table:table-column table:visibility="collapse"/>
<table:table-column/>
<table:table-row><table:table-cell office:value-type="string"><text:p>标题</text:p></table:table-cell></table:table-row>
<table:table-row table:visibility="collapse"><table:table-cell office:value-type="string"><text:p>隐藏行</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="4"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><office:annotation><dc:creator>王五</dc:creator><dc:date>2026-01-01T00:00:00</dc:date><text:p>批注文字</text:p></office:annotation><text:p>隐藏列</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="13800138000"><text:p>13800138000</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>身份证<text:s text:c="2"/>{ID1}</text:p><text:p>第二段<text:span>内部</text:span></text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2026-01-01"/><table:table-cell table:number-columns-repeated="3" office:value-type="string"><text:p>重复</text:p></table:table-cell></table:table-row>
</table:table>
<table:table table:name="隐藏表" table:display="false"><table:table-row><table:table-cell office:value-type="string"><text:p>秘密★1年</text:p></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"""
    manifest = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"""
    meta = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><meta:initial-creator>张三</meta:initial-creator><dc:creator>李四</dc:creator><dc:title>名单</dc:title></office:meta></office:document-meta>"""
    return [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content),
        ("meta.xml", meta),
    ]


# ---------------------------------------------------------------------------------------------
# xlsb (BIFF12 records in a zip)


def b12_rec(typ, data=b""):
    out = bytearray()
    if typ < 0x80:
        out.append(typ)
    else:
        out += bytes([(typ & 0x7F) | 0x80, (typ >> 7) & 0x7F])
    n = len(data)
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            break
    return bytes(out) + data


def wide(s):
    u = s.encode("utf-16-le")
    return struct.pack("<I", len(u) // 2) + u


def xlsb_files():
    wb = b"".join([
        b12_rec(0x0083),  # BrtBeginBook
        b12_rec(0x0099, struct.pack("<I", 0) + b"\0" * 8 + wide("")),  # BrtWbProp
        b12_rec(0x008F),  # BrtBeginBundleShs
        b12_rec(0x009C, struct.pack("<II", 0, 1) + wide("rId1") + wide("名单")),
        b12_rec(0x009C, struct.pack("<II", 1, 2) + wide("rId2") + wide("隐藏表")),
        b12_rec(0x0090),  # BrtEndBundleShs
        b12_rec(0x009D, b"\0" * 24),  # BrtCalcProp
        b12_rec(0x0084),  # BrtEndBook
    ])
    rels = XML_DECL + (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.bin"/>'
        '</Relationships>')
    strings = ["姓名", "张三", "秘密★1年"]
    sst = b12_rec(0x009F, struct.pack("<II", len(strings), len(strings)))
    for s in strings:
        sst += b12_rec(0x0013, b"\0" + wide(s))
    sst += b12_rec(0x00A0)

    def sheet(cells):
        out = b12_rec(0x0081) + b12_rec(0x0094, struct.pack("<IIII", 0, 3, 0, 3)) + b12_rec(0x0091)
        row = -1
        for (r, c, kind, v) in cells:
            if r != row:
                out += b12_rec(0x0000, struct.pack("<IIHBBBI", r, 0, 300, 0, 0, 0, 0))
                row = r
            head = struct.pack("<II", c, 0)
            if kind == "isst":
                out += b12_rec(0x0007, head + struct.pack("<I", v))
            elif kind == "st":
                out += b12_rec(0x0006, head + wide(v))
            elif kind == "real":
                out += b12_rec(0x0005, head + struct.pack("<d", v))
            elif kind == "rk":
                out += b12_rec(0x0002, head + struct.pack("<I", (v << 2) | 2))
            elif kind == "bool":
                out += b12_rec(0x0004, head + bytes([v]))
        return out + b12_rec(0x0092) + b12_rec(0x0082)

    s1 = sheet([(0, 0, "isst", 0), (1, 0, "isst", 1), (1, 1, "real", 13800138000.0),
                (2, 0, "st", ID1), (2, 1, "rk", 12345), (3, 2, "bool", 1)])
    s2 = sheet([(0, 0, "isst", 2)])
    ct = XML_DECL + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>')
    return [
        ("[Content_Types].xml", ct),
        ("xl/workbook.bin", wb),
        ("xl/_rels/workbook.bin.rels", rels),
        ("xl/sharedStrings.bin", sst),
        ("xl/worksheets/sheet1.bin", s1),
        ("xl/worksheets/sheet2.bin", s2),
    ]


# ---------------------------------------------------------------------------------------------
# xls (BIFF8 workbook stream in an OLE2 compound file)


def biff(typ, data=b""):
    return struct.pack("<HH", typ, len(data)) + data


def xl_unicode(s, short=False):
    u = s.encode("utf-16-le")
    n = len(u) // 2
    return (struct.pack("<BB", n, 1) if short else struct.pack("<HB", n, 1)) + u


def xls_workbook_stream():
    strings = ["姓名", "张三", "内部资料"]
    bof_globals = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
    codepage = biff(0x0042, struct.pack("<H", 1200))
    sst_body = struct.pack("<II", len(strings), len(strings)) + b"".join(
        xl_unicode(s) for s in strings)
    sst = biff(0x00FC, sst_body)
    eof = biff(0x000A)

    def sheet_stream(rows):
        out = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
        out += biff(0x0200, struct.pack("<IIHHH", 0, 4, 0, 3, 0))
        for (r, c, kind, v) in rows:
            if kind == "sst":
                out += biff(0x00FD, struct.pack("<HHHI", r, c, 0, v))
            elif kind == "label":
                out += biff(0x0204, struct.pack("<HHH", r, c, 0) + xl_unicode(v))
            elif kind == "num":
                out += biff(0x0203, struct.pack("<HHHd", r, c, 0, v))
            elif kind == "rk":
                out += biff(0x027E, struct.pack("<HHHI", r, c, 0, (v << 2) | 2))
        return out + eof

    s1 = sheet_stream([(0, 0, "sst", 0), (1, 0, "sst", 1), (1, 1, "num", 13800138000.0),
                       (2, 0, "label", ID1), (2, 1, "rk", 4321), (3, 0, "sst", 2)])
    s2 = sheet_stream([(0, 0, "label", "秘密★1年")])

    def boundsheet(pos, hidden, name):
        return biff(0x0085, struct.pack("<IBB", pos, 1 if hidden else 0, 0) + xl_unicode(name, True))

    # two passes: the BoundSheet8 records hold absolute offsets of the sheet substreams
    bs_len = len(boundsheet(0, False, "名单")) + len(boundsheet(0, True, "隐藏表"))
    globals_len = len(bof_globals) + len(codepage) + bs_len + len(sst) + len(eof)
    pos1 = globals_len
    pos2 = pos1 + len(s1)
    stream = (bof_globals + codepage + boundsheet(pos1, False, "名单") +
              boundsheet(pos2, True, "隐藏表") + sst + eof + s1 + s2)
    return stream


def cfb(streams):
    """An OLE2 compound file (v3, 512-byte sectors) with the given root-level streams, each
    padded to at least 4096 bytes so that no mini stream is needed."""
    SECT = 512
    FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    data_sectors = []
    starts = []
    sector = 2  # 0: FAT, 1: directory
    padded = []
    for name, data in streams:
        size = max(len(data), 4096)
        body = data + b"\0" * (size - len(data))
        body += b"\0" * ((-len(body)) % SECT)
        n = len(body) // SECT
        starts.append((sector, n, len(data) if len(data) >= 4096 else size))
        padded.append(body)
        sector += n
    total = sector
    assert total <= 128, "one FAT sector only"
    fat = [FREESECT] * 128
    fat[0] = FATSECT
    fat[1] = ENDOFCHAIN
    for (start, n, _) in starts:
        for k in range(n):
            fat[start + k] = start + k + 1 if k + 1 < n else ENDOFCHAIN
    header = bytearray(512)
    header[0:8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 0x0009, 0x0006)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    difat = [0] + [FREESECT] * 108
    struct.pack_into("<109I", header, 76, *difat)

    def dirent(name, typ, left, right, child, start, size):
        e = bytearray(128)
        u = name.encode("utf-16-le") + b"\0\0"
        e[0:len(u)] = u
        struct.pack_into("<HBB", e, 64, len(u), typ, 1)
        struct.pack_into("<III", e, 68, left, right, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    entries = [dirent("Root Entry", 5, NOSTREAM, NOSTREAM, 1 if streams else NOSTREAM, ENDOFCHAIN, 0)]
    for i, ((name, _), (start, _, size)) in enumerate(zip(streams, starts)):
        right = i + 2 if i + 1 < len(streams) else NOSTREAM
        entries.append(dirent(name, 2, NOSTREAM, right, NOSTREAM, start, size))
    while len(entries) % 4:
        entries.append(dirent("", 0, NOSTREAM, NOSTREAM, NOSTREAM, 0, 0))
    assert len(entries) == 4, "one directory sector only"
    return bytes(header) + struct.pack("<128I", *fat) + b"".join(entries) + b"".join(padded)


# ---------------------------------------------------------------------------------------------
# OFD

OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def ofd_files():
    ofd_xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD {OFD_NS} Version="1.0" DocType="OFD">
  <ofd:DocBody>
    <ofd:DocInfo>
      <ofd:DocID>abc</ofd:DocID>
      <ofd:Title>关于某事项的通知</ofd:Title>
      <ofd:Author>张三</ofd:Author>
      <ofd:Keywords><ofd:Keyword>通知</ofd:Keyword><ofd:Keyword>内部</ofd:Keyword></ofd:Keywords>
      <ofd:Creator>Suwell</ofd:Creator>
      <ofd:CustomDatas><ofd:CustomData Name="src">D:\\内部\\草稿.docx</ofd:CustomData></ofd:CustomDatas>
    </ofd:DocInfo>
    <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
    <ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>
  </ofd:DocBody>
</ofd:OFD>"""
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document {OFD_NS}>
  <ofd:CommonData>
    <ofd:MaxUnitID>100</ofd:MaxUnitID>
    <ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
    <ofd:PublicRes>PublicRes.xml</ofd:PublicRes>
    <ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>
    <ofd:TemplatePage ID="50" BaseLoc="Tpls/Tpl_0/Content.xml"/>
  </ofd:CommonData>
  <ofd:Pages>
    <ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>
    <ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/>
  </ofd:Pages>
  <ofd:Outlines><ofd:OutlineElem Title="一、总体要求"/></ofd:Outlines>
  <ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>
  <ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>
</ofd:Document>"""
    page0 = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page {OFD_NS}>
  <ofd:Content>
    <ofd:Layer ID="10">
      <ofd:TextObject ID="11" Boundary="150 20 20 8" Font="3" Size="5">
        <ofd:TextCode X="0" Y="5" DeltaX="5">秘密</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="12" Boundary="160 20 20 8" Font="3" Size="5">
        <ofd:TextCode X="0" Y="5.2" DeltaX="g 2 5">★1年</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="13" Boundary="30 60 150 10" Font="3" Size="7" CTM="1 0 0 1 0 0">
        <ofd:TextCode X="0" Y="7">关于某事项的通知</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="14" Boundary="30 250 150 10" Font="3" Size="3" Visible="false">
        <ofd:TextCode X="0" Y="3">隐藏的备注文字 {ID1}</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="15" Boundary="30 80 150 10" Font="3" Size="5" FillColor="255 255 255">
        <ofd:FillColor Value="255 255 255"/>
        <ofd:TextCode X="0" Y="5">白色文字 13800138000</ofd:TextCode>
      </ofd:TextObject>
    </ofd:Layer>
  </ofd:Content>
</ofd:Page>"""
    page1 = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page {OFD_NS}>
  <ofd:Template TemplateID="50" ZOrder="Background"/>
  <ofd:Content>
    <ofd:Layer ID="20">
      <ofd:PageBlock ID="21">
        <ofd:TextObject ID="22" Boundary="30 40 150 10" Font="3" Size="5">
          <ofd:TextCode X="0" Y="5">第二页正文第一行</ofd:TextCode>
        </ofd:TextObject>
      </ofd:PageBlock>
      <ofd:TextObject ID="23" Boundary="30 50 150 10" Font="3" Size="5">
        <ofd:TextCode X="0" Y="5">第二页正文&amp;第二行</ofd:TextCode>
        <ofd:TextCode X="40" Y="5">同一行</ofd:TextCode>
      </ofd:TextObject>
      <ofd:ImageObject ID="31" ResourceID="40" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>
    </ofd:Layer>
  </ofd:Content>
</ofd:Page>"""
    template = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page {OFD_NS}><ofd:Content><ofd:Layer ID="51">
  <ofd:TextObject ID="52" Boundary="30 280 150 8" Font="3" Size="4">
    <ofd:TextCode X="0" Y="4">模板页脚</ofd:TextCode>
  </ofd:TextObject>
</ofd:Layer></ofd:Content></ofd:Page>"""
    annots = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Annotations {OFD_NS}>
  <ofd:Page PageID="2"><ofd:FileLoc>Page_1/Annotation.xml</ofd:FileLoc></ofd:Page>
</ofd:Annotations>"""
    annot = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:PageAnnot {OFD_NS}>
  <ofd:Annot ID="60" Type="Highlight" Creator="李四" LastModDate="2026-01-01">
    <ofd:Remark>此段涉密，请删除</ofd:Remark>
    <ofd:Parameters><ofd:Parameter Name="note">待核实</ofd:Parameter></ofd:Parameters>
    <ofd:Appearance Boundary="0 0 10 10"><ofd:TextObject ID="61" Boundary="0 0 10 10" Font="3" Size="3"><ofd:TextCode X="0" Y="3">批注外观文字</ofd:TextCode></ofd:TextObject></ofd:Appearance>
  </ofd:Annot>
</ofd:PageAnnot>"""
    attachs = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Attachments {OFD_NS}>
  <ofd:Attachment ID="70" Name="附件1.txt" Format="txt" Size="1">
    <ofd:FileLoc>file1.txt</ofd:FileLoc>
  </ofd:Attachment>
</ofd:Attachments>"""
    signs = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Signatures {OFD_NS}><ofd:Signature ID="1" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>"""
    res = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res {OFD_NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts>
<ofd:MultiMedias><ofd:MultiMedia ID="40" Type="Image"><ofd:MediaFile>image_40.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>"""
    return [
        ("OFD.xml", ofd_xml),
        ("Doc_0/Document.xml", document),
        ("Doc_0/Pages/Page_0/Content.xml", page0),
        ("Doc_0/Pages/Page_1/Content.xml", page1),
        ("Doc_0/Tpls/Tpl_0/Content.xml", template),
        ("Doc_0/Annots/Annotations.xml", annots),
        ("Doc_0/Annots/Page_1/Annotation.xml", annot),
        ("Doc_0/Attachs/Attachments.xml", attachs),
        ("Doc_0/Attachs/file1.txt", "附件中的机密内容 " + ID2),
        ("Doc_0/Signs/Signatures.xml", signs),
        ("Doc_0/DocumentRes.xml", res),
        ("Doc_0/PublicRes.xml", res),
        ("Doc_0/Res/image_40.png", b"\x89PNG\r\n\x1a\n...."),
    ]


# ---------------------------------------------------------------------------------------------
# PDF


def pdf_string_hex(b):
    return b"<" + b.hex().upper().encode() + b">"


def pdf_text_utf16(s):
    return pdf_string_hex(b"\xfe\xff" + s.encode("utf-16-be"))


def build_pdf(objects, root=1, info=None, compress=()):
    """objects: list of bytes (object bodies, numbered from 1); a body that is a tuple
    (dict_bytes, stream_bytes) becomes a stream object (FlateDecode when its number is in
    `compress`). Writes a classic xref table with exact offsets."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i
        if isinstance(body, tuple):
            d, data = body
            if i in compress:
                data = zlib.compress(data)
                d = d.rstrip()[:-2] + b" /Filter /FlateDecode >>"
            out += d.rstrip()[:-2] + b" /Length %d >>\nstream\n" % len(data)
            out += data + b"\nendstream"
        else:
            out += body
        out += b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, root)
    if info:
        trailer += b" /Info %d 0 R" % info
    trailer += b" /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>"
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def to_unicode_cmap(chars):
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <FFFF>",
        b"endcodespacerange",
        b"%d beginbfchar" % len(chars),
    ]
    for i, c in enumerate(chars, start=1):
        lines.append(b"<%04X> <%s>" % (i, c.encode("utf-16-be").hex().upper().encode()))
    lines += [b"endbfchar", b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end",
              b"end"]
    return b"\n".join(lines) + b"\n"


def pdf_identity_h(lines, compress=False):
    """Type0 font with Identity-H and a ToUnicode CMap; `lines` of text, one Tj each."""
    chars = []
    for line in lines:
        for c in line:
            if c not in chars:
                chars.append(c)

    def cids(s):
        return pdf_string_hex(b"".join(struct.pack(">H", chars.index(c) + 1) for c in s))

    content = b"BT\n/F1 12 Tf\n14 TL\n72 760 Td\n"
    for line in lines:
        content += cids(line) + b" Tj T*\n"
    content += b"ET\n"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (zh-CN) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        (b"<< >>", content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 /CIDToGIDMap /Identity >>",
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>",
        (b"<< >>", to_unicode_cmap(chars)),
        b"<< /Title " + pdf_text_utf16("关于某事项的通知") + b" /Author " + pdf_text_utf16("张三")
        + b" /Creator (WPS Writer) /Producer (baomi fuzz seed) /CreationDate (D:20260101000000+08'00') >>",
    ]
    return build_pdf(objs, info=9, compress=(4, 8) if compress else ())


def pdf_unigb(lines):
    """Type0 font with the predefined UniGB-UCS2-H CMap (strings are UCS-2 big-endian)."""
    content = b"BT\n/F1 14 Tf\n72 760 Td\n"
    for i, line in enumerate(lines):
        if i:
            content += b"0 -18 Td\n"
        content += pdf_string_hex(line.encode("utf-16-be")) + b" Tj\n"
    # a TJ array with kerning and a second font (Latin)
    content += b"/F2 10 Tf\n0 -18 Td\n[(Tel: ) -250 (13800138000) 120 (\\(mobile\\))] TJ\nET\n"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> /Contents 4 0 R /Annots [8 0 R] >>",
        (b"<< >>", content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] /Contents " + pdf_text_utf16("批注：此处涉及内部数据")
        + b" /T " + pdf_text_utf16("李四") + b" >>",
    ]
    return build_pdf(objs)


def pdf_latin_two_pages():
    c1 = b"BT /F1 12 Tf 72 720 Td (Internal use only - ID 110105198512120023) Tj ET\n"
    c2 = b"BT /F1 12 Tf 72 720 Td (Page two: card 6222021234567890128) Tj 0 -14 Td (line \\050two\\051 \\\\ end) ' ET\n"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /Outlines 8 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 7 0 R >> >> /Contents 4 0 R >>",
        (b"<< >>", c1),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R /Rotate 90 >>",
        (b"<< >>", c2),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Outlines /Count 0 >>",
        b"<< /Author (Zhang San) /Title (Notice) /Keywords (internal) >>",
    ]
    return build_pdf(objs, info=9, compress=(6,))


def pdf_encrypted_stub():
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        (b"<< >>", b"\x8a\x1f\x00\x93garbage-ciphertext"),
        b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -1340 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
    ]
    pdf = build_pdf(objs)
    return pdf.replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 5 0 R")


def pdf_image_only():
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
        (b"<< >>", b"q 612 0 0 792 0 0 cm /Im1 Do Q\n"),
        (b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 >>",
         b"\x00\xff\xff\x00"),
    ]
    return build_pdf(objs)


# ---------------------------------------------------------------------------------------------
# dictionaries


def dict_line(tok):
    if isinstance(tok, str):
        tok = tok.encode("utf-8")
    esc = "".join(chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C) else "\\x%02X" % b
                  for b in tok)
    return '"%s"\n' % esc


def write_dict(name, header, tokens):
    os.makedirs(DICTS, exist_ok=True)
    seen = set()
    with open(os.path.join(DICTS, name), "w", encoding="ascii") as f:
        f.write(header)
        for t in tokens:
            key = t.encode("utf-8") if isinstance(t, str) else t
            if key in seen or not key:
                continue
            seen.add(key)
            f.write(dict_line(t))


XML_TOKENS = [
    '<?xml version="1.0" encoding="UTF-8"?>', '<?xml', "?>", "<!--", "-->", "<![CDATA[", "]]>",
    "<!DOCTYPE", "<!ENTITY", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#x", "&#", ";",
    "xmlns:", 'xml:space="preserve"', "</", "/>", '="', "=\"1\"", "=\"0\"", "=\"true\"",
    "=\"false\"",
    # WordprocessingML
    "w:document", "w:body", "w:p", "w:r", "w:t", "w:tab", "w:br", "w:cr", "w:del", "w:ins",
    "w:delText", "w:vanish", "w:rPr", "w:pPr", "w:tbl", "w:tr", "w:tc", "w:hdr", "w:ftr",
    "w:comment", "w:comments", "w:footnote", "w:endnote", "w:txbxContent", "w:instrText",
    "w:fldChar", "w:fldSimple", "w:hyperlink", "w:sdt", "w:sdtContent", "w:author", "w:id",
    "w:val", "w:color", "w:webHidden", "w:specVanish", "w:moveFrom", "w:moveTo", "w:sym",
    "w:noBreakHyphen", "w:softHyphen", "w:smartTag", "w:customXml", "w:object", "w:pict",
    "mc:AlternateContent", "mc:Choice", "mc:Fallback", "v:textbox", "wps:txbx",
    # relationships, properties
    "Relationship", "Relationships", "Target", "TargetMode", "External", "Id", "Type",
    "officeDocument", "/officeDocument", "attachedTemplate", "hyperlink", "oleObject", "file:///",
    "\\\\server\\", "C:\\Users\\", "cp:coreProperties", "dc:creator", "dc:title",
    "cp:lastModifiedBy", "cp:keywords", "dc:description", "Company", "Manager", "Template",
    "vt:lpwstr", "property",
    # SpreadsheetML
    "workbook", "sheets", "sheet", "sheetId", "r:id", "state", "hidden", "veryHidden",
    "worksheet", "sheetData", "row", "c", "v", "f", "is", "si", "sst", "t=\"s\"",
    "t=\"inlineStr\"", "t=\"str\"", "t=\"b\"", "t=\"e\"", "r=\"", "ref", "dimension", "col",
    "cols", "min", "max", "customWidth", "outlineLevel", "collapsed", "mergeCell", "comments",
    "commentList", "authors", "author", "authorId", "text", "definedName", "XFD1048576",
    "A1", "numFmt", "cellXfs", "xf", "numFmtId", "formatCode",
    # ODF
    "office:document-content", "office:body", "office:spreadsheet", "office:annotation",
    "table:table", "table:table-row", "table:table-cell", "table:table-column",
    "table:number-rows-repeated", "table:number-columns-repeated", "table:visibility",
    "collapse", "filter", "table:display", "table:name", "office:value-type", "office:value",
    "string", "float", "date", "text:p", "text:s", "text:c", "text:span", "text:line-break",
    "text:tab", "meta:initial-creator", "mimetype",
    "application/vnd.oasis.opendocument.spreadsheet",
    # OFD
    "ofd:OFD", "ofd:DocBody", "ofd:DocInfo", "ofd:DocRoot", "ofd:Document", "ofd:Pages",
    "ofd:Page", "BaseLoc", "ofd:Content", "ofd:Layer", "ofd:TextObject", "ofd:TextCode",
    "ofd:PageBlock", "ofd:Template", "TemplateID", "ofd:TemplatePage", "ofd:Annotations",
    "ofd:Annot", "ofd:PageAnnot", "ofd:Remark", "ofd:FileLoc", "ofd:Attachments",
    "ofd:Attachment", "ofd:CustomData", "ofd:Author", "ofd:Title", "ofd:Keyword", "Visible",
    "DeltaX", "DeltaY", "g ", "Boundary", "CTM", "X", "Y", "Font", "Size", "ReadOnly",
    "ofd:Appearance", "ofd:Signatures", "ofd:PublicRes", "ofd:DocumentRes",
    "Doc_0/Document.xml", "Pages/Page_0/Content.xml", "Doc_0/",
    # HTML
    "<html>", "<!DOCTYPE html>", "<head>", "<meta charset=\"gbk\">", "<meta http-equiv=",
    "<body>", "<div>", "</div>", "<p>", "<span>", "<br>", "<table>", "<tr>", "<td>",
    "<script>", "</script>", "<style>", "</style>", "<title>", "<template>", "<noscript>",
    "<textarea>", "<input type=\"hidden\" value=\"", "<img alt=\"", " title=\"", " hidden",
    "style=\"display:none\"", "style=\"visibility:hidden\"", "font-size:0", "color:#fff",
    "aria-hidden=\"true\"", "<a href=\"", "&nbsp;", "&#12288;", "<![endif]-->", "<!--[if",
    # newer layers: styles, fields, docVars, customXml, charts, drawings, pivot caches
    "w:styles", "w:style", "w:styleId", "w:basedOn", "w:pStyle", "w:rStyle", "w:tblStyle",
    "w:tblStylePr", "w:docDefaults", "w:rPrDefault", "w:default", "w:type", "w:settings",
    "w:docVars", "w:docVar", "w:name", "w:mailMerge", "w:connectString", "w:query",
    "w:altChunk", "aFChunk", "w:instr", "DOCVARIABLE", "MERGEFIELD", "QUOTE", "HYPERLINK",
    "INCLUDETEXT", "styles", "settings", "package", "customXml/item1.xml", "embeddings/",
    "c:chartSpace", "c:chart", "c:title", "c:tx", "c:rich", "c:ser", "c:cat", "c:val",
    "c:strRef", "c:numRef", "c:f", "c:strCache", "c:numCache", "c:pt", "c:v", "c:userShapes",
    "c:headerFooter", "a:p", "a:r", "a:t", "a:br", "dgm:pt", "xdr:wsDr", "xdr:sp",
    "xdr:txBody", "xdr:cNvPr", "descr", "chart", "chartUserShapes", "drawing", "headerFooter",
    "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter",
    "customSheetView", "&amp;C", "&amp;L", "&amp;P", "definedNames", "localSheetId",
    "_xlnm.Print_Area", "pivotCacheDefinition", "pivotCacheRecords", "cacheField",
    "sharedItems", "x v=\"", "<s v=\"", "<n v=\"", "<r>", "3.30106E+17",
    # text
    "秘密★1年", "机密★", "绝密", "内部资料", "工作秘密", "身份证", "13800138000",
]

PDF_TOKENS = [
    "%PDF-1.7", "%PDF-1.4", "%%EOF", "obj", "endobj", "stream", "endstream", "xref", "trailer",
    "startxref", "0 R", " R", "<<", ">>", "[", "]", "(", ")", "<", ">", "/Type", "/Catalog",
    "/Pages", "/Page", "/Kids", "/Count", "/Parent", "/MediaBox", "/CropBox", "/Rotate",
    "/Resources", "/Contents", "/Font", "/XObject", "/Subtype", "/Type0", "/Type1", "/Type3",
    "/TrueType", "/CIDFontType0", "/CIDFontType2", "/BaseFont", "/Encoding", "/Identity-H",
    "/Identity-V", "/UniGB-UCS2-H", "/GBK-EUC-H", "/GB-EUC-H", "/UniGB-UTF16-H",
    "/WinAnsiEncoding", "/Differences", "/DescendantFonts", "/ToUnicode", "/CIDSystemInfo",
    "/Registry", "/Ordering", "/Supplement", "(Adobe)", "(GB1)", "(Identity)", "/W", "/DW",
    "/CIDToGIDMap", "/FontDescriptor", "/FontFile2", "/Length", "/Filter", "/FlateDecode",
    "/ASCIIHexDecode", "/ASCII85Decode", "/LZWDecode", "/RunLengthDecode", "/DCTDecode",
    "/DecodeParms", "/Predictor", "/Columns", "/ObjStm", "/XRef", "/N", "/First", "/Index",
    "/Prev", "/Size", "/Root", "/Info", "/ID", "/Encrypt", "/Standard", "/V", "/R", "/O",
    "/U", "/P", "/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer",
    "/Annots", "/Annot", "/Text", "/FreeText", "/Popup", "/Rect", "/T", "/Contents",
    "/Outlines", "/First", "/Next", "/Metadata", "/EmbeddedFiles", "/Names", "/AcroForm",
    "/Fields", "/OCProperties", "/OC", "/Image", "/Width", "/Height", "/Form", "/BBox",
    "BT", "ET", "Tf", "Td", "TD", "Tm", "T*", "Tj", "TJ", "'", "\"", "Tc", "Tw", "Tz", "TL",
    "Tr", "Ts", "q", "Q", "cm", "Do", "re", "f", "BI", "ID", "EI", "BDC", "BMC", "EMC",
    "/ActualText", "/Span", "beginbfchar", "endbfchar", "beginbfrange", "endbfrange",
    "begincodespacerange", "endcodespacerange", "begincidrange", "endcidrange", "begincmap",
    "endcmap", "usecmap", "<0000> <FFFF>", "<FEFF", "\\(", "\\)", "\\\\", "\\n", "\\r",
    "\\053", "true", "false", "null", "-0", "1e10", "4294967296", "0000000000 65535 f",
]

TEXT_TOKENS = [
    "秘密", "机密", "绝密", "★", "☆", "＊", "1年", "长期", "永久", "解密条件", "密级", "：",
    "工作秘密", "内部资料", "内部文件", "注意保管", "不得外传", "涉密", "密件", "密电", "明电",
    "〔2026〕", "号", "公开属性", "不予公开", "依申请公开", "此件不予公开", "（", "）", "【",
    "】", "身份证", "公民身份号码", "证件", "卡号", "银行卡", "账号", "开户", "护照", "通行证",
    "回乡证", "港澳", "经度", "纬度", "东经", "北纬", "坐标", "°", "′", "″", "度", "分", "秒",
    "手机", "电话", "+86", "0571-", "(010)", "@", ".gov.cn", "浙A·", "京B", "学", "挂",
    "192.168.", "X", "*", "****", "********", " ", "-", "\u3000", "\u200b", "\ufeff", "\u00a0",
    "\r\n", "\n", "\t", ",", "\"", ";", "|", ID1, ID2, CARD, USCC, "13800138000",
    fullwidth("13800138000"), "送审稿", "征求意见稿", "军事管理区", "雷达站", "涉密单位", "機密",
    "內部資料", "\ufeff", "\xff\xfe", "\xfe\xff",
]


# ---------------------------------------------------------------------------------------------


def samples():
    out = []
    if os.path.isdir(SAMPLES):
        for n in sorted(os.listdir(SAMPLES)):
            with open(os.path.join(SAMPLES, n), "rb") as f:
                out.append((n, f.read()))
    return out


def ascii_name(n, i):
    ext = os.path.splitext(n)[1].lower() or ".bin"
    return "sample%02d%s" % (i, ext)



# ---- wire: messages between a parent and its scanning worker (src/wire.rs)

def wire_result(report, lists, masked):
    """encode_result: [u64 len][report JSON][u64 lists]([u32 n][u64]*n)*[u64 masked]
    ([u32 finding][u32 len][kind][u32 len][value][u32 list])*; selector byte 0 first."""
    import json
    j = json.dumps(report, ensure_ascii=False).encode("utf-8")
    o = b"\x00" + struct.pack("<Q", len(j)) + j + struct.pack("<Q", len(lists))
    for l in lists:
        o += struct.pack("<I", len(l)) + b"".join(struct.pack("<Q", h) for h in l)
    o += struct.pack("<Q", len(masked))
    for finding, kind, value, li in masked:
        k, v = kind.encode(), value.encode()
        o += struct.pack("<I", finding) + struct.pack("<I", len(k)) + k
        o += struct.pack("<I", len(v)) + v + struct.pack("<I", li)
    return o


def wire_report(findings):
    return {
        "schema": "baomi.report/v1",
        "item": {"path": "a/名单.xlsx", "format": "xlsx", "bytes": 123, "sha256": "ab" * 32},
        "responsibility": {"unit": "市统计局", "drafter": None, "reviewer": None,
                           "source": "cli", "batch": "2026-11"},
        "policy": {"name": "portal", "version": "1"},
        "verdict": "block" if findings else "pass",
        "findings": findings,
        "not_examined": [{"what": "image", "location": {"part": "word/media/image1.png"},
                          "reason": "images are not read"}],
        "stats": {"chars": 99, "elapsed_ms": 7},
    }


def wire_seeds():
    f = {"rule": "pii.cn_resident_id", "category": "personal_info", "kind": "cn_resident_id",
         "action": "block", "location": {"sheet": "花名册", "cell": "C7"},
         "excerpt": "身份证号 110105********0013", "message": "居民身份证号码未脱敏",
         "layer": "hidden", "fingerprint": "f" * 16}
    write("wire", "result_empty.bin", wire_result(wire_report([]), [], []))
    write("wire", "result_masked.bin", wire_result(
        wire_report([f]), [[1, 2, 3], []],
        [(0, "cn_resident_id", "110105********0013", 0), (4294967295, "cn_mobile", "138****8000", 1),
         (0, "email", "a***@example.com", 0)]))
    req = {"fmt": "xlsx", "display": "drafts/名单.xlsx", "sha256": "cd" * 32, "size": 10240,
           "resp": {"unit": "市统计局", "drafter": "张三", "reviewer": None, "source": "manifest",
                    "batch": None},
           # max item bytes, zip entries, entry bytes, total unzipped, ratio, XML depth, cells,
           # HTML depth, timeout ms (isolate::limits_to_array)
           "limits": [268435456, 10000, 268435456, 536870912, 1000, 256, 5000000, 512, 60000]}
    import json
    write("wire", "request.bin", b"\x01" + json.dumps(req, ensure_ascii=False).encode("utf-8"))

def main():
    if os.path.isdir(SEEDS):
        shutil.rmtree(SEEDS)
    smp = samples()
    text_samples = [(n, b) for n, b in smp if os.path.splitext(n)[1].lower() in
                    (".txt", ".md", ".csv", ".html", ".htm")]

    # normalize / detect / text_csv: the sample drafts and crafted texts
    zones = {"ids": 1, "fullwidth": 1, "markings": 0, "zero_width": 2, "traditional": 0,
             "expand": 1, "terms": 5, "long_digits": 1}
    for i, (n, b) in enumerate(text_samples):
        name = ascii_name(n, i)
        write("normalize", name, b)
        write("text_csv", name, b)
        try:
            b.decode("utf-8")
            write("detect", name, bytes([i % 6]) + b)
        except UnicodeDecodeError:
            pass
    for k, t in TEXTS.items():
        write("normalize", k + ".txt", t)
        write("detect", k + ".txt", bytes([zones[k]]) + t.encode("utf-8"))
    # scan: first byte picks the name (0 txt, 1 csv, 2 html, 3 md)
    for i, (n, b) in enumerate(text_samples):
        ext = os.path.splitext(n)[1].lower()
        sel = {".txt": 0, ".csv": 1, ".html": 2, ".htm": 2, ".md": 3}[ext]
        write("scan", ascii_name(n, i), bytes([sel]) + b)
    for k in ("ids", "markings", "zero_width", "expand", "long_digits"):
        write("scan", k + ".txt", b"\x00" + TEXTS[k].encode("utf-8"))
    write("detect", "filename.txt", b"\x03" + "关于（内部）名单（秘密）_工作秘密.docx".encode())
    write("detect", "sheetname.txt", b"\x04" + "机密-名单".encode())
    csv_text = "序号,姓名,身份证号,手机号,备注\n1,张三,%s,13800138000,\"多行\n备注\"\n2,李四,%s,139-0013-9000,\"含,逗号\"\n" % (ID1, ID2)
    write("text_csv", "list.csv", csv_text)
    write("scan", "list.csv", b"\x01" + csv_text.encode("utf-8"))
    write("scan", "list_gb18030.csv", b"\x01" + csv_text.encode("gb18030"))
    write("text_csv", "list_utf16le_bom.csv", b"\xff\xfe" + csv_text.encode("utf-16-le"))
    write("text_csv", "list_utf16be_bom.csv", b"\xfe\xff" + csv_text.encode("utf-16-be"))
    write("text_csv", "list_utf16le_nobom.csv", csv_text.encode("utf-16-le"))
    write("text_csv", "list_gb18030.csv", csv_text.encode("gb18030"))
    write("text_csv", "list_tab.tsv", csv_text.replace(",", "\t"))
    write("text_csv", "list_semicolon.csv", csv_text.replace(",", ";"))
    write("text_csv", "markings_gbk.txt", TEXTS["markings"].encode("gbk", "replace"))
    write("text_csv", "ids_bom.txt", b"\xef\xbb\xbf" + TEXTS["ids"].encode("utf-8"))
    write("text_csv", "crlf.txt", TEXTS["markings"].replace("\n", "\r\n"))

    # html
    for i, (n, b) in enumerate(smp):
        if n.lower().endswith((".html", ".htm")):
            write("html", ascii_name(n, i), b)
    write("html", "hidden.html", f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>关于某事项的通知</title>
<style>.x{{display:none}}</style><script>var id="{ID1}";</script></head>
<body><div class="header"><p style="text-align:right">秘密★1年</p></div>
<h1>关于某事项的通知</h1>
<p>联系电话：13800138000<br>身份证号：{ID1[:6]}********{ID1[-4:]}</p>
<div style="display:none">隐藏的内部资料 {ID2}</div>
<span hidden>hidden 属性</span><p style="visibility: hidden;color:#fff;font-size:0">白字</p>
<!-- 注释：此稿为内部讨论稿，请勿外传 -->
<table><tr><td>张三</td><td>{CARD}</td></tr><tr><td colspan="2">合计&nbsp;&#x4E2D;&#20013;&amp;&lt;</td></tr></table>
<input type="hidden" name="uid" value="{ID2}"><img alt="公章" src="seal.png">
<template><p>模板内容</p></template><noscript>无脚本</noscript>
<textarea>文本框内容</textarea><pre>  预格式
  文本</pre>
</body></html>""")
    write("html", "gbk.html", ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
                               '</head><body><p>内部资料　注意保管</p><p>电话 0571-87654321</p></body></html>').encode("gbk"))
    write("html", "deep.html", "<div>" * 1100 + "深层文字" + "</div>" * 1100)
    write("html", "broken.html", "<html><body><p>未闭合<div><span>秘密<b>★<i>1年</p></table><!-- 未结束注释 <script>x")
    write("html", "utf16.html", b"\xff\xfe" + "<html><body><p>机密★长期</p></body></html>".encode("utf-16-le"))

    # docx
    dfiles = docx_files()
    write("docx", "full.docx", make_zip(dfiles))
    write("docx", "full_stored.docx", make_zip(dfiles, deflate=False))
    write("docx", "minimal.docx", make_zip(docx_minimal()))
    write("docx", "parts_full.bin", parts_seed(DOCX_PARTS, dfiles))
    write("docx", "parts_minimal.bin", parts_seed(DOCX_PARTS, docx_minimal()))
    lfiles = docx_layers_files()
    write("docx", "layers.docx", make_zip(lfiles))
    write("docx", "parts_layers.bin", parts_seed(DOCX_PARTS, docx_layers_parts()))

    # sheet
    xfiles = xlsx_files()
    ofiles = ods_files()
    write("sheet", "full.xlsx", make_zip(xfiles))
    write("sheet", "full.ods", make_zip(ofiles, deflate=False))
    write("sheet", "full.xlsb", make_zip(xlsb_files()))
    write("sheet", "full.xls", cfb([("Workbook", xls_workbook_stream())]))
    write("sheet", "parts_xlsx.bin", parts_seed(XLSX_PARTS, xfiles, b"\x00"))
    write("sheet", "parts_ods.bin", parts_seed(ODS_PARTS, ofiles, b"\x01"))
    xlfiles = xlsx_layers_files()
    write("sheet", "layers.xlsx", make_zip(xlfiles))
    write("sheet", "parts_layers_xlsx.bin", parts_seed(XLSX_PARTS, xlfiles, b"\x00"))

    # ofd
    ffiles = ofd_files()
    write("ofd", "full.ofd", make_zip(ffiles))
    write("ofd", "parts_full.bin", parts_seed(OFD_PARTS, ffiles))
    nested = [(n, d) for n, d in ffiles if n != "Doc_0/Attachs/file1.txt"]
    nested.append(("Doc_0/Attachs/file1.txt", make_zip([("内层.txt", "附件压缩包中的秘密★1年")])))
    write("ofd", "attachment_zip.ofd", make_zip(nested))

    # zip
    texts = [("关于某事项的通知.txt", TEXTS["markings"]), ("附件/名单.csv", csv_text)]
    write("zip", "texts.zip", make_zip(texts))
    write("zip", "texts_stored.zip", make_zip(texts, deflate=False))
    write("zip", "gbk_names.zip", make_zip_gbk_names(texts))
    write("zip", "nested.zip", make_zip([
        ("通知.docx", make_zip(docx_minimal())),
        ("名单.xlsx", make_zip(xfiles)),
        ("内层/inner.zip", make_zip([("深层.txt", TEXTS["ids"])])),
        ("版式.ofd", make_zip(ffiles)),
        ("扫描件.pdf", pdf_image_only()),
        ("图片.png", b"\x89PNG\r\n\x1a\n...."),
    ]))
    write("zip", "parts_texts.bin", parts_seed(ZIP_PARTS, [
        (ZIP_PARTS[0], TEXTS["markings"]), (ZIP_PARTS[1], csv_text),
        (ZIP_PARTS[2], "<html><body><p>内部资料</p><div hidden>隐藏</div></body></html>"),
        (ZIP_PARTS[3], TEXTS["ids"]), (ZIP_PARTS[4], TEXTS["zero_width"]),
    ]))

    # pdf
    write("pdf", "identity_h_tounicode.pdf", pdf_identity_h(
        ["秘密★1年", "关于某事项的通知", "身份证号：" + ID1, "联系电话：13800138000"]))
    write("pdf", "identity_h_flate.pdf", pdf_identity_h(
        ["内部资料　注意保管", "名单：张三 " + ID2], compress=True))
    write("pdf", "unigb_ucs2.pdf", pdf_unigb(["机密★长期", "工作秘密", "护照号码：E12345678"]))
    write("pdf", "latin_two_pages.pdf", pdf_latin_two_pages())
    write("pdf", "encrypted.pdf", pdf_encrypted_stub())
    write("pdf", "image_only.pdf", pdf_image_only())

    wire_seeds()

    # dictionaries
    write_dict("xml.dict", "# libFuzzer dictionary: XML of OOXML (docx/xlsx), ODF, OFD, and HTML\n"
               "# generated by fuzz/gen_seeds.py; non-ASCII bytes are \\x escapes\n", XML_TOKENS)
    write_dict("pdf.dict", "# libFuzzer dictionary: PDF syntax, fonts, CMaps, content operators\n"
               "# generated by fuzz/gen_seeds.py\n", PDF_TOKENS)
    write_dict("text.dict", "# libFuzzer dictionary: markings, context words, identifiers (text targets)\n"
               "# generated by fuzz/gen_seeds.py; non-ASCII bytes are \\x escapes\n", TEXT_TOKENS)

    total = 0
    for t in TARGETS:
        d = os.path.join(SEEDS, t)
        files = sorted(os.listdir(d)) if os.path.isdir(d) else []
        size = sum(os.path.getsize(os.path.join(d, f)) for f in files)
        total += size
        print("%-10s %3d seeds %8d bytes" % (t, len(files), size))
    print("total      %8d bytes" % total)
    if total > 2 * 1024 * 1024:
        sys.exit("seeds exceed 2 MB")


if __name__ == "__main__":
    main()
