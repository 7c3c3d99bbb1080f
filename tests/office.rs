//! Office extractors (docx, xlsx and friends): fixtures are built in code.

mod common;
use common::{find, find_all, has_problem, loc_of, repack, texts, zip_of};

use std::io::Cursor;

use baomi::extract::docx::extract_docx;
use baomi::extract::sheet::{cfb_is_encrypted_ooxml, extract_sheet};
use baomi::extract::zipguard::SafeZip;
use baomi::extract::{Layer, Limits, Location, Segment, Zone};
use baomi::report::model::Verdict;

// ---------------------------------------------------------------------------------------------
// helpers: loc_of, find, find_all, texts, has_problem (tests/common)

// ---------------------------------------------------------------------------------------------
// docx

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main""#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

fn document_xml() -> String {
    let body = r#"
<w:p><w:r><w:t>关于做好保密审查工作的通知</w:t></w:r></w:p>
<w:p><w:del w:id="1" w:author="王五"><w:r><w:delText>删除的绝密内容</w:delText></w:r></w:del><w:ins w:id="2" w:author="王五"><w:r><w:t>新增内容</w:t></w:r></w:ins></w:p>
<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r><w:r><w:t>可见文字</w:t></w:r></w:p>
<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>段落标记隐藏</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>机密★5年</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>机密★5年</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>张三</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>13800138000</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>李四</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>13900139000</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>A&amp;B</w:t><w:tab/><w:t xml:space="preserve">正文 &#x4E2D;</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "C:\Users\zhang\Desktop\a.png" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>不隐藏</w:t></w:r></w:p>
"#;
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn docx_fixture() -> Vec<u8> {
    let doc = document_xml();
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {W_NS}><w:p><w:r><w:t>秘密★1年</w:t></w:r></w:p></w:hdr>"#
    );
    let footer = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:ftr {W_NS}><w:p><w:r><w:t>第1页</w:t></w:r></w:p></w:ftr>"#
    );
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:comments {W_NS}><w:comment w:id="0" w:author="李四" w:date="2026-01-01T00:00:00Z"><w:p><w:r><w:t>批注：此处涉及内部数据</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>续</w:t></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>脚注内容</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let core = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>通知</dc:title><dc:creator>张三</dc:creator><cp:lastModifiedBy>李四</cp:lastModifiedBy><cp:keywords></cp:keywords><cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created></cp:coreProperties>"#;
    let app = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><Application>Microsoft Office Word</Application><Company>某某局办公室</Company></Properties>"#;
    let settings_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:\Users\zhangsan\AppData\Roaming\Microsoft\Templates\公文.dotm" TargetMode="External"/></Relationships>"#;
    zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", ROOT_RELS.as_bytes()),
            ("word/document.xml", doc.as_bytes()),
            ("word/header1.xml", header.as_bytes()),
            ("word/footer1.xml", footer.as_bytes()),
            ("word/comments.xml", comments.as_bytes()),
            ("word/footnotes.xml", footnotes.as_bytes()),
            ("word/_rels/settings.xml.rels", settings_rels.as_bytes()),
            ("word/media/image1.png", b"\x89PNG\r\n\x1a\nnot really"),
            ("docProps/core.xml", core.as_bytes()),
            ("docProps/app.xml", app.as_bytes()),
        ],
        true,
    )
}

#[test]
fn docx_layers_zones_locations() {
    let ex = extract_docx(&docx_fixture(), &Limits::default());
    assert!(ex.problems.is_empty(), "problems: {:?}", ex.problems);
    let body = "word/document.xml";

    let s = find(&ex, "关于做好保密审查工作的通知");
    assert_eq!((s.layer, s.zone), (Layer::Visible, Zone::Title));
    assert_eq!(loc_of(s), Location::part_para(body, 1));
    assert_eq!(s.record, None);

    // Tracked changes: deletion hidden, insertion visible, same paragraph.
    let del = find(&ex, "删除的绝密内容");
    assert_eq!(del.layer, Layer::Hidden("tracked_change"));
    assert_eq!(loc_of(del), Location::part_para(body, 2));
    let ins = find(&ex, "新增内容");
    assert_eq!(ins.layer, Layer::Visible);
    assert_eq!(loc_of(ins), Location::part_para(body, 2));
    assert!(ex.not_examined.iter().any(|n| n.what == "tracked changes"));

    // w:vanish run vs paragraph-mark vanish vs w:val="0".
    let hid = find(&ex, "隐藏文字");
    assert_eq!(hid.layer, Layer::Hidden("hidden_text"));
    assert_eq!(loc_of(hid), Location::part_para(body, 3));
    assert_eq!(find(&ex, "可见文字").layer, Layer::Visible);
    assert_eq!(find(&ex, "段落标记隐藏").layer, Layer::Visible);
    assert_eq!(find(&ex, "不隐藏").layer, Layer::Visible);

    // Text box: only mc:Choice is read, the text is in the title area.
    let tb = find_all(&ex, "机密★5年");
    assert_eq!(tb.len(), 1, "text box counted twice: {:?}", texts(&ex));
    assert_eq!((tb[0].layer, tb[0].zone), (Layer::Visible, Zone::Title));
    assert_eq!(loc_of(tb[0]), Location::part_para(body, 6));

    // Table: cells of one row share a record; rows differ.
    let a = find(&ex, "张三");
    let b = find(&ex, "13800138000");
    let c = find(&ex, "李四");
    let d = find(&ex, "13900139000");
    assert!(a.record.is_some());
    assert_eq!(a.record, b.record);
    assert_eq!(c.record, d.record);
    assert_ne!(a.record, c.record);
    assert_eq!(loc_of(a), Location::part_para(body, 8));
    assert_eq!(loc_of(d), Location::part_para(body, 11));
    // Six non-empty paragraphs form the title area: 1,2,3,4,8,9; then body.
    assert_eq!(b.zone, Zone::Title);
    assert_eq!(c.zone, Zone::Body);

    // Entities, character references and tabs.
    let e = find(&ex, "A&B\t正文 中");
    assert_eq!((e.layer, e.zone), (Layer::Visible, Zone::Body));

    // Field code with a path.
    let f = ex
        .segments
        .iter()
        .find(|s| s.text.contains(r"C:\Users\zhang\Desktop"))
        .expect("field code path");
    assert_eq!(f.layer, Layer::Metadata("file_path"));
    assert_eq!(loc_of(f), Location::part_para(body, 13));

    // Header and footer.
    let h = find(&ex, "秘密★1年");
    assert_eq!((h.layer, h.zone), (Layer::Visible, Zone::HeaderFooter));
    assert_eq!(loc_of(h), Location::part_para("word/header1.xml", 1));
    assert_eq!(find(&ex, "第1页").zone, Zone::HeaderFooter);

    // Comments.
    let cm = find(&ex, "批注：此处涉及内部数据");
    assert_eq!((cm.layer, cm.zone), (Layer::Hidden("comment"), Zone::Body));
    assert_eq!(loc_of(cm), Location::part_para("word/comments.xml", 1));

    // Footnotes: separators skipped, but counted as paragraphs.
    assert!(find_all(&ex, "续").is_empty());
    let fnote = find(&ex, "脚注内容");
    assert_eq!((fnote.layer, fnote.zone), (Layer::Visible, Zone::Body));
    assert_eq!(loc_of(fnote), Location::part_para("word/footnotes.xml", 3));

    // Properties.
    let creator = ex
        .segments
        .iter()
        .find(|s| s.layer == Layer::Metadata("author") && s.text == "张三")
        .expect("creator");
    assert_eq!(creator.zone, Zone::Metadata);
    assert_eq!(
        loc_of(creator),
        Location {
            part: Some("docProps/core.xml".into()),
            field: Some("dc:creator".into()),
            ..Default::default()
        }
    );
    let lm = ex
        .segments
        .iter()
        .find(|s| s.layer == Layer::Metadata("last_modified_by"))
        .unwrap();
    assert_eq!(lm.text, "李四");
    assert_eq!(find(&ex, "通知").layer, Layer::Metadata("title"));
    assert_eq!(find(&ex, "某某局办公室").layer, Layer::Metadata("company"));
    // Empty keywords, revision and dates are not emitted.
    assert!(find_all(&ex, "3").is_empty());
    // Revision and comment authors.
    assert!(ex
        .segments
        .iter()
        .any(|s| s.text == "王五" && s.layer == Layer::Metadata("author")));
    // Attached template path from a .rels part.
    assert!(ex
        .segments
        .iter()
        .any(|s| s.layer == Layer::Metadata("file_path") && s.text.contains("zhangsan")));

    // Images are listed, not read.
    let img = ex
        .not_examined
        .iter()
        .find(|n| n.what == "embedded image")
        .expect("image");
    assert_eq!(img.location.part.as_deref(), Some("word/media/image1.png"));
    assert_eq!(img.reason, "images are not read");
}

#[test]
fn docx_damaged_parts_are_problems() {
    // Missing document.xml.
    let z = zip_of(&[("[Content_Types].xml", CONTENT_TYPES.as_bytes())], false);
    let ex = extract_docx(&z, &Limits::default());
    assert!(has_problem(&ex, "corrupt"), "{:?}", ex.problems);

    // Malformed XML in document.xml.
    let bad = format!("<w:document {W_NS}><w:body><w:p><w:r><w:t>半截</w:r></w:p>");
    let z = zip_of(&[("word/document.xml", bad.as_bytes())], true);
    let ex = extract_docx(&z, &Limits::default());
    let p = ex
        .problems
        .iter()
        .find(|p| p.kind == "corrupt")
        .expect("corrupt");
    assert_eq!(p.location.part.as_deref(), Some("word/document.xml"));
    assert!(!p.detail.contains("半截"));

    // Too deep.
    let deep = format!(
        "<w:document {W_NS}>{}{}</w:document>",
        "<x>".repeat(300),
        "</x>".repeat(300)
    );
    let z = zip_of(&[("word/document.xml", deep.as_bytes())], true);
    let ex = extract_docx(&z, &Limits::default());
    assert!(has_problem(&ex, "limit_exceeded"), "{:?}", ex.problems);

    // Not a zip at all.
    let ex = extract_docx(b"this is not a zip file", &Limits::default());
    assert_eq!(ex.problems.len(), 1);
    assert_eq!(ex.problems[0].kind, "corrupt");
    assert_eq!(ex.problems[0].location, Location::item());

    // Damaged deflate data in document.xml.
    let doc = document_xml().repeat(20);
    let z = zip_of(&[("word/document.xml", doc.as_bytes())], true);
    let z = damage_entry(&z, "word/document.xml");
    let ex = extract_docx(&z, &Limits::default());
    assert!(has_problem(&ex, "corrupt"), "{:?}", ex.problems);
}

// ---------------------------------------------------------------------------------------------
// xlsx

fn xlsx_fixture() -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, Format, Note, Workbook};
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_author("张三")
            .set_company("某某局"),
    );
    {
        let ws = wb.add_worksheet();
        ws.set_name("公示名单").unwrap();
        ws.merge_range(0, 0, 0, 3, "内部资料　不得外传", &Format::new())
            .unwrap();
        ws.write_string(1, 0, "姓名").unwrap();
        ws.write_string(1, 1, "电话").unwrap();
        ws.write_string(2, 0, "张三").unwrap();
        ws.write_number(2, 1, 13800138000.0).unwrap();
        ws.write_number(3, 1, 330106199001011234.0).unwrap();
        ws.write_string(5, 0, "隐藏行内容").unwrap();
        ws.set_row_hidden(5).unwrap();
        ws.set_row_hidden(7).unwrap(); // hidden and empty
        ws.set_column_hidden(2).unwrap();
        ws.write_string(9, 2, "隐藏列内容").unwrap();
        ws.write_string(19, 0, "正文").unwrap();
        ws.insert_note(
            2,
            1,
            &Note::new("备注：身份证待核实").add_author_prefix(false),
        )
        .unwrap();
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("隐藏表").unwrap();
        ws.write_string(0, 0, "秘密★1年").unwrap();
        ws.set_hidden(true);
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("稀疏").unwrap();
        ws.write_string(0, 0, "左上").unwrap();
        ws.write_string(1_048_575, 16_383, "右下").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_cells_hidden_comments_metadata() {
    let ex = extract_sheet(&xlsx_fixture(), "xlsx", &Limits::default());
    assert!(ex.problems.is_empty(), "problems: {:?}", ex.problems);

    // Sheet names.
    let sn: Vec<_> = ex
        .segments
        .iter()
        .filter(|s| s.zone == Zone::SheetName)
        .collect();
    assert_eq!(sn.len(), 3);
    assert_eq!(sn[0].text, "公示名单");
    assert_eq!(sn[0].layer, Layer::Visible);
    assert_eq!(loc_of(sn[0]).sheet.as_deref(), Some("公示名单"));
    assert_eq!(sn[1].text, "隐藏表");
    assert_eq!(sn[1].layer, Layer::Hidden("hidden_sheet"));

    // Merged title cell.
    let t = find(&ex, "内部资料　不得外传");
    assert_eq!((t.layer, t.zone), (Layer::Visible, Zone::Title));
    assert_eq!(loc_of(t), Location::cell("公示名单", "A1".into()));
    assert_eq!(t.record, Some(0));

    // Numbers as digits; same row shares a record.
    let phone = find(&ex, "13800138000");
    assert_eq!(loc_of(phone), Location::cell("公示名单", "B3".into()));
    assert_eq!(phone.zone, Zone::Title); // third row with content
    assert_eq!(phone.record, find(&ex, "张三").record);
    assert_eq!(phone.record, Some(2));
    let id = find(&ex, "330106199001011***");
    assert_eq!(loc_of(id), Location::cell("公示名单", "B4".into()));
    assert_eq!(id.zone, Zone::Body);
    let prec = ex
        .not_examined
        .iter()
        .find(|n| n.what == "numeric cell precision")
        .expect("precision");
    assert_eq!(prec.location, Location::cell("公示名单", "B4".into()));
    assert!(prec.reason.contains(">15 significant digits"));

    // Hidden row / column.
    let hr = find(&ex, "隐藏行内容");
    assert_eq!(hr.layer, Layer::Hidden("hidden_row"));
    assert_eq!(loc_of(hr), Location::cell("公示名单", "A6".into()));
    let hc = find(&ex, "隐藏列内容");
    assert_eq!(hc.layer, Layer::Hidden("hidden_column"));
    assert_eq!(loc_of(hc), Location::cell("公示名单", "C10".into()));
    // The empty hidden row gives nothing.
    assert!(!ex
        .segments
        .iter()
        .any(|s| loc_of(s).cell.as_deref() == Some("A8")));
    assert_eq!(find(&ex, "正文").layer, Layer::Visible);

    // Note.
    let note = find(&ex, "备注：身份证待核实");
    assert_eq!(
        (note.layer, note.zone),
        (Layer::Hidden("comment"), Zone::Body)
    );
    assert_eq!(loc_of(note), Location::cell("公示名单", "B3".into()));

    // Hidden sheet content.
    let hs = find(&ex, "秘密★1年");
    assert_eq!(
        (hs.layer, hs.zone),
        (Layer::Hidden("hidden_sheet"), Zone::Title)
    );
    assert_eq!(loc_of(hs), Location::cell("隐藏表", "A1".into()));
    assert_eq!(hs.record, Some(1 << 20));

    // Sparse corner cells stream without a dense grid.
    let br = find(&ex, "右下");
    assert_eq!(loc_of(br), Location::cell("稀疏", "XFD1048576".into()));
    assert_eq!(br.record, Some((2 << 20) | 1_048_575));
    assert_eq!(find(&ex, "左上").zone, Zone::Title);

    // Properties.
    let a = find(&ex, "张三");
    assert_eq!(a.layer, Layer::Visible); // the cell; the creator is a separate segment
    assert!(ex.segments.iter().any(|s| s.text == "张三"
        && s.layer == Layer::Metadata("author")
        && loc_of(s).field.as_deref() == Some("dc:creator")
        && loc_of(s).part.as_deref() == Some("docProps/core.xml")));
    assert!(ex
        .segments
        .iter()
        .any(|s| s.text == "某某局" && s.layer == Layer::Metadata("company")));
}

#[test]
fn xlsx_cell_limit_is_per_sheet() {
    let limits = Limits {
        max_cells: 3,
        ..Limits::default()
    };
    let ex = extract_sheet(&xlsx_fixture(), "xlsx", &limits);
    let p = ex
        .problems
        .iter()
        .find(|p| p.kind == "limit_exceeded")
        .expect("limit");
    assert_eq!(p.location.sheet.as_deref(), Some("公示名单"));
    assert!(find_all(&ex, "张三")
        .iter()
        .all(|s| s.layer != Layer::Visible));
    // Other sheets are still read.
    find(&ex, "秘密★1年");
    find(&ex, "右下");
}

/// Flips bytes in the middle of an entry's compressed data.
fn damage_entry(z: &[u8], name: &str) -> Vec<u8> {
    let mut ar = zip::ZipArchive::new(Cursor::new(z)).unwrap();
    let f = ar.by_name(name).unwrap();
    let start = f.data_start().unwrap() as usize;
    let len = f.compressed_size() as usize;
    drop(f);
    assert!(len > 16, "entry too small to damage");
    let mut out = z.to_vec();
    let mid = start + len / 2;
    for b in &mut out[mid - 4..mid + 4] {
        *b ^= 0x5a;
    }
    out
}

#[test]
fn xlsx_damaged_sheet_is_corrupt() {
    let z = xlsx_fixture();
    let bad = damage_entry(&z, "xl/worksheets/sheet1.xml");
    let ex = extract_sheet(&bad, "xlsx", &Limits::default());
    let p = ex
        .problems
        .iter()
        .find(|p| p.kind == "corrupt")
        .expect("corrupt problem");
    assert_eq!(
        p.location.sheet.as_deref(),
        Some("公示名单"),
        "{:?}",
        ex.problems
    );
    // The other sheets are still read.
    find(&ex, "右下");
}

#[test]
fn xlsx_truncated_is_corrupt() {
    let z = xlsx_fixture();
    let ex = extract_sheet(&z[..z.len() / 2], "xlsx", &Limits::default());
    assert_eq!(ex.problems.len(), 1, "{:?}", ex.problems);
    assert_eq!(ex.problems[0].kind, "corrupt");
    assert!(ex.segments.is_empty());
}

/// Rewrites the declared uncompressed size of every entry (local and central headers).
fn forge_sizes(z: &[u8], size: u32) -> Vec<u8> {
    let mut out = z.to_vec();
    let mut i = 0;
    while i + 46 <= out.len() {
        if out[i..i + 4] == [0x50, 0x4b, 0x03, 0x04] {
            out[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
        } else if out[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            out[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
    out
}

#[test]
fn zip_bombs_are_limit_exceeded() {
    // Declared 4 GiB - 1 in a file of a few hundred bytes.
    let z = zip_of(&[("xl/workbook.xml", b"<workbook/>")], true);
    let forged = forge_sizes(&z, u32::MAX - 1);
    let ex = extract_sheet(&forged, "xlsx", &Limits::default());
    assert!(has_problem(&ex, "limit_exceeded"), "{:?}", ex.problems);
    let ex = extract_docx(&forged, &Limits::default());
    assert!(has_problem(&ex, "limit_exceeded"), "{:?}", ex.problems);

    // A real high-ratio entry: 8 MiB of zeros.
    let zeros = vec![0u8; 8 * 1024 * 1024];
    let z = zip_of(&[("xl/worksheets/sheet1.xml", &zeros)], true);
    let ex = extract_sheet(&z, "xlsx", &Limits::default());
    assert!(has_problem(&ex, "limit_exceeded"), "{:?}", ex.problems);

    // Total declared size above budget.
    let limits = Limits {
        max_total_unzipped: 1000,
        ..Limits::default()
    };
    let z = zip_of(
        &[("a.xml", &[b'a'; 600][..]), ("b.xml", &[b'b'; 600][..])],
        false,
    );
    let err = SafeZip::open(&z, &limits).err().expect("over budget");
    assert_eq!(err.kind, "limit_exceeded");

    // Too many entries.
    let limits = Limits {
        max_zip_entries: 1,
        ..Limits::default()
    };
    let err = SafeZip::open(&z, &limits).err().expect("too many");
    assert_eq!(err.kind, "limit_exceeded");
}

#[test]
fn safezip_reads_and_liar_entries() {
    let z = zip_of(&[("a.xml", b"hello"), ("B/c.xml", b"world")], true);
    let mut sz = SafeZip::open(&z, &Limits::default()).unwrap();
    assert_eq!(sz.names(), vec!["a.xml".to_string(), "B/c.xml".to_string()]);
    assert!(sz.has("b/C.xml"));
    assert_eq!(sz.read("a.xml").unwrap(), b"hello");
    assert_eq!(sz.read("/B/c.xml").unwrap(), b"world");
    assert_eq!(sz.read("missing.xml").unwrap_err().kind, "corrupt");

    // An entry declaring fewer bytes than it holds ("liar"): never more than declared is read.
    let z = zip_of(&[("a.xml", &[b'x'; 5000][..])], true);
    let forged = forge_sizes(&z, 100);
    if let Ok(mut sz) = SafeZip::open(&forged, &Limits::default()) {
        let r = sz.read("a.xml");
        match r {
            Ok(v) => assert!(v.len() <= 100),
            Err(p) => assert!(p.kind == "limit_exceeded" || p.kind == "corrupt", "{p:?}"),
        }
    }
}

#[test]
fn encrypted_ooxml_cfb() {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.resize(1024, 0);
    b.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    b.resize(4096, 0);
    assert!(cfb_is_encrypted_ooxml(&b));
    for fmt in ["xlsx", "xls", "xlsb"] {
        let ex = extract_sheet(&b, fmt, &Limits::default());
        assert_eq!(ex.problems.len(), 1, "{fmt}: {:?}", ex.problems);
        assert_eq!(ex.problems[0].kind, "encrypted");
        assert!(ex.segments.is_empty());
    }
    // A CFB that is not an encrypted package and not a valid xls either.
    let mut junk = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    junk.resize(2048, 0x41);
    assert!(!cfb_is_encrypted_ooxml(&junk));
    let ex = extract_sheet(&junk, "xls", &Limits::default());
    assert!(has_problem(&ex, "corrupt"), "{:?}", ex.problems);
}

#[test]
fn macro_enabled_files_never_pass() {
    // xlsm: the cells are still read; the VBA project is an unsupported_format problem
    let z = repack(
        &xlsx_fixture(),
        |_, v| v,
        &[("xl/vbaProject.bin", b"fake vba")],
    );
    let ex = extract_sheet(&z, "xlsm", &Limits::default());
    assert_eq!(ex.problems.len(), 1, "{:?}", ex.problems);
    assert_eq!(ex.problems[0].kind, "unsupported_format");
    assert_eq!(
        ex.problems[0].location.part.as_deref(),
        Some("xl/vbaProject.bin")
    );
    find(&ex, "内部资料　不得外传");
    // docm: a clean document with a VBA project is review with the drafter's instruction
    let d = repack(
        &docx_fixture(),
        |_, v| v,
        &[("word/vbaProject.bin", b"fake vba")],
    );
    let ex = extract_docx(&d, &Limits::default());
    assert!(ex.problems.iter().any(|p| p.kind == "unsupported_format"
        && p.location.part.as_deref() == Some("word/vbaProject.bin")));
    let mut cfg = baomi::scan::Config::new(
        baomi::policy::Policy::builtin(),
        baomi::detect::dictionary::Dictionary::load(&[]).expect("dict"),
    );
    cfg.unit = Some("办公室".into());
    cfg.drafter = Some("张三".into());
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W_NS}><w:body><w:p><w:r><w:t>关于开展检查的通知</w:t></w:r></w:p></w:body></w:document>"#
    );
    let clean = zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", ROOT_RELS.as_bytes()),
            ("word/document.xml", doc.as_bytes()),
            ("word/vbaProject.bin", b"fake vba"),
        ],
        true,
    );
    let r = baomi::scan::scan_bytes(&cfg, "通知.docm", &clean, None);
    assert_eq!(r.verdict, baomi::report::model::Verdict::Review);
    let f = r
        .findings
        .iter()
        .find(|f| f.category == "unreadable")
        .expect("unreadable finding");
    assert_eq!(f.kind, "unsupported_format");
    assert!(f.message.contains("宏"), "{}", f.message);
    // no VBA project: nothing of the kind
    let ex = extract_docx(&docx_fixture(), &Limits::default());
    assert!(ex.problems.iter().all(|p| p.kind != "unsupported_format"));
}

#[test]
fn garbage_never_panics() {
    let base = xlsx_fixture();
    let doc = docx_fixture();
    let limits = Limits::default();
    // Deterministic corruptions at many offsets.
    let mut seed: u64 = 0x5eed;
    for round in 0..60 {
        for (src, is_doc) in [(&base, false), (&doc, true)] {
            let mut b = src.clone();
            for _ in 0..4 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let pos = (seed >> 33) as usize % b.len();
                b[pos] ^= (seed >> 24) as u8 | 1;
            }
            if round % 7 == 0 {
                b.truncate(b.len() * (round % 5 + 1) / 6);
            }
            let ex = if is_doc {
                extract_docx(&b, &limits)
            } else {
                extract_sheet(&b, "xlsx", &limits)
            };
            // Whatever happened, the result is either content or a problem, never a panic.
            let _ = ex.segments.len() + ex.problems.len();
        }
    }
    for fmt in ["xlsx", "xlsb", "xls", "ods", "bogus"] {
        let ex = extract_sheet(b"", fmt, &limits);
        assert!(!ex.problems.is_empty(), "{fmt}");
    }
}

// ---------------------------------------------------------------------------------------------
// ods

fn ods_fixture() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
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
</table:table>
</office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
        ],
        false,
    )
}

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

#[test]
fn ods_shapes_links_validation_messages_and_tracked_changes() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
<office:body><office:spreadsheet>
<table:tracked-changes><table:cell-content-change table:id="ct1"><table:cell-address table:column="1" table:row="1" table:table="0"/><office:change-info><dc:creator>王五</dc:creator><dc:date>2026-01-01T00:00:00</dc:date></office:change-info><table:previous><table:change-track-table-cell office:value-type="string"><text:p>旧值 经办人李四</text:p></table:change-track-table-cell></table:previous></table:cell-content-change></table:tracked-changes>
<table:content-validations><table:content-validation table:name="val1"><table:help-message table:display="true"><text:p>请填写 联系人 刘洋</text:p></table:help-message></table:content-validation></table:content-validations>
<table:table table:name="名单">
<table:shapes><draw:frame><draw:text-box><text:p>秘密★1年</text:p></draw:text-box></draw:frame></table:shapes>
<table:table-row><table:table-cell office:value-type="string"><text:p>标题</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p><text:a xlink:href="https://example.gov.cn/q?sfzh=110105199003071234">查询</text:a></text:p></table:table-cell><table:table-cell office:value-type="string"><text:p><text:a xlink:href="https://example.gov.cn/about">关于</text:a></text:p><draw:custom-shape><text:p>形状文字</text:p></draw:custom-shape></table:table-cell><table:table-cell><draw:custom-shape><text:p>空格里的形状</text:p></draw:custom-shape></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>"#;
    let bytes = zip_of(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", ODS_MANIFEST.as_bytes()),
            ("content.xml", content.as_bytes()),
        ],
        false,
    );
    let ex = extract_sheet(&bytes, "ods", &Limits::default());
    assert!(ex.problems.is_empty(), "problems: {:?}", ex.problems);
    let field = |t: &str| {
        let s = ex
            .segments
            .iter()
            .find(|s| s.text.contains(t))
            .unwrap_or_else(|| panic!("{t}"));
        (loc_of(s).field.unwrap_or_default(), s.layer)
    };
    assert_eq!(field("秘密★1年"), ("draw".into(), Layer::Visible));
    // a shape in an empty (untyped) cell, which calamine does not read
    assert_eq!(field("空格里的形状"), ("draw".into(), Layer::Visible));
    // a shape anchored in a cell with a value is read with the cell, once
    assert_eq!(
        ex.segments
            .iter()
            .filter(|s| s.text.contains("形状文字"))
            .count(),
        1
    );
    assert_eq!(
        loc_of(find(&ex, "关于\n形状文字")).cell.as_deref(),
        Some("B2")
    );
    assert_eq!(field("sfzh="), ("link".into(), Layer::Metadata("other")));
    assert_eq!(
        field("刘洋"),
        ("validation".into(), Layer::Metadata("other"))
    );
    assert_eq!(
        field("经办人李四"),
        ("tracked-changes".into(), Layer::Hidden("tracked_change"))
    );
    // the change's author and date and an ordinary link are not read as text
    assert!(!ex.segments.iter().any(|s| s.text.contains("王五")
        || s.text.contains("2026-01-01")
        || s.text.contains("about")));
}

#[test]
fn ods_hidden_rows_columns_annotations() {
    let ex = extract_sheet(&ods_fixture(), "ods", &Limits::default());
    assert!(ex.problems.is_empty(), "problems: {:?}", ex.problems);
    let t = find(&ex, "标题");
    assert_eq!((t.layer, t.zone), (Layer::Visible, Zone::Title));
    assert_eq!(loc_of(t), Location::cell("名单", "A1".into()));
    let hr = find(&ex, "隐藏行");
    assert_eq!(hr.layer, Layer::Hidden("hidden_row"));
    assert_eq!(loc_of(hr), Location::cell("名单", "A2".into()));
    let hc = find(&ex, "隐藏列");
    assert_eq!(hc.layer, Layer::Hidden("hidden_column"));
    assert_eq!(loc_of(hc), Location::cell("名单", "C5".into()));
    let n = find(&ex, "13800138000");
    assert_eq!(
        (n.layer, loc_of(n)),
        (Layer::Visible, Location::cell("名单", "D5".into()))
    );
    let note = ex
        .segments
        .iter()
        .find(|s| s.text.contains("批注文字"))
        .expect("annotation");
    assert_eq!(note.layer, Layer::Hidden("comment"));
    assert_eq!(loc_of(note), Location::cell("名单", "C5".into()));
    assert!(!note.text.contains("王五"));
    assert!(find_all(&ex, "名单")
        .iter()
        .any(|s| s.zone == Zone::SheetName));
}

#[test]
fn ods_float_cells_keep_the_literal_digits() {
    // pandas/odfpy write an ID as a float cell with the exact digits in office:value; a
    // rounded literal (LibreOffice's 3.30106199001011E+17) stays a precision-lost value
    let id = (100..200)
        .map(|seq| common::resident_id("330106", "19900101", seq))
        .find(|id| !id.ends_with('X'))
        .unwrap();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="名单">
<table:table-row><table:table-cell office:value-type="string"><text:p>身份证号</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>备注</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="{id}"><text:p>{id}</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="3.30106199001011E+17"><text:p>3.30106E+17</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let ods = zip_of(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
        ],
        false,
    );
    let ex = extract_sheet(&ods, "ods", &Limits::default());
    let exact = find(&ex, &id);
    assert_eq!(loc_of(exact), Location::cell("名单", "A2".into()));
    let rounded = ex
        .segments
        .iter()
        .find(|s| s.text.starts_with("330106199001011") && s.text.contains('*'))
        .expect("rounded value keeps its masked tail");
    assert_eq!(loc_of(rounded), Location::cell("名单", "B2".into()));
}

// ---------------------------------------------------------------------------------------------
// workbook parts calamine does not expose: defined names, pivot caches

fn plain_xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("汇总").unwrap();
    ws.write_string(0, 0, "汇总表").unwrap();
    wb.save_to_buffer().unwrap()
}

fn with_defined_names(names_xml: &str) -> Vec<u8> {
    let names_xml = names_xml.to_string();
    repack(
        &plain_xlsx(),
        move |name, v| {
            if name != "xl/workbook.xml" {
                return v;
            }
            let s = String::from_utf8(v).unwrap();
            assert!(!s.contains("<definedNames>"), "fixture already has names");
            s.replace(
                "</sheets>",
                &format!("</sheets><definedNames>{names_xml}</definedNames>"),
            )
            .into_bytes()
        },
        &[],
    )
}

#[test]
fn xlsx_defined_names() {
    let xml = concat!(
        // built-in hidden name: a reference only, nothing to scan
        r#"<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">汇总!$A$1:$D$4</definedName>"#,
        // a hidden name holding a marking: hidden content
        r#"<definedName name="密级" hidden="1">"秘密★1年"</definedName>"#,
        // a visible name holding an identifier constant: a property-like value
        r#"<definedName name="联系人电话" localSheetId="0">"13800138000"</definedName>"#,
        // an identifier in the name itself never reaches the location
        r#"<definedName name="ID110105199003071234">1</definedName>"#,
        // entities decode
        r#"<definedName name="备注">"内部&amp;资料"</definedName>"#,
    );
    let ex = extract_sheet(&with_defined_names(xml), "xlsx", &Limits::default());
    assert!(ex.problems.is_empty(), "problems: {:?}", ex.problems);
    let names: Vec<&Segment> = ex
        .segments
        .iter()
        .filter(|s| {
            loc_of(s)
                .field
                .is_some_and(|f| f.starts_with("definedName"))
        })
        .collect();
    assert!(
        !names.iter().any(|s| s.text.contains("$A$1:$D$4")),
        "{names:#?}"
    );
    let m = find(&ex, "\"秘密★1年\"");
    assert_eq!(
        (m.layer, m.zone),
        (Layer::Hidden("hidden_text"), Zone::Metadata)
    );
    let l = loc_of(m);
    assert_eq!(l.part.as_deref(), Some("xl/workbook.xml"));
    assert_eq!(l.field.as_deref(), Some("definedName:密级"));
    assert_eq!(l.sheet, None);
    let p = find(&ex, "\"13800138000\"");
    assert_eq!(p.layer, Layer::Metadata("other"));
    assert_eq!(loc_of(p).sheet.as_deref(), Some("汇总"));
    assert_eq!(loc_of(p).field.as_deref(), Some("definedName:联系人电话"));
    let id_named = find(&ex, "1");
    let f = loc_of(id_named).field.unwrap();
    assert!(
        f.starts_with("definedName#") && !f.contains("110105"),
        "{f}"
    );
    find(&ex, "\"内部&资料\"");
}

#[test]
fn xlsx_defined_name_text_constant_rule() {
    // a hidden name is hidden content only when it holds a text constant: a hidden reference
    // or number is workbook plumbing
    let xml = concat!(
        r#"<definedName name="a" hidden="1">汇总!$B$2</definedName>"#,
        r#"<definedName name="b" hidden="1">"&quot;&quot;"</definedName>"#,
        r#"<definedName name="c" hidden="1">42</definedName>"#,
        r#"<definedName name="d" hidden="1">IF(汇总!A1="是","","")</definedName>"#,
        r#"<definedName name="e" hidden="1">IF(A1="","工作秘密","")</definedName>"#,
    );
    let ex = extract_sheet(&with_defined_names(xml), "xlsx", &Limits::default());
    let layer_of = |field: &str| {
        ex.segments
            .iter()
            .find(|s| loc_of(s).field.as_deref() == Some(field))
            .map(|s| s.layer)
    };
    assert_eq!(layer_of("definedName:a"), Some(Layer::Metadata("other")));
    assert_eq!(layer_of("definedName:b"), None); // no letter or digit at all
    assert_eq!(layer_of("definedName:c"), Some(Layer::Metadata("other")));
    // "是" is a text constant; so is "工作秘密"
    assert_eq!(
        layer_of("definedName:d"),
        Some(Layer::Hidden("hidden_text"))
    );
    assert_eq!(
        layer_of("definedName:e"),
        Some(Layer::Hidden("hidden_text"))
    );
}

const PIVOT_DEF: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1" recordCount="3"><cacheSource type="worksheet"><worksheetSource ref="A1:C4" sheet="原始名单"/></cacheSource><cacheFields count="3"><cacheField name="姓名" numFmtId="0"><sharedItems><s v="张三"/><s v="李四"/><m/></sharedItems></cacheField><cacheField name="身份证号" numFmtId="0"><sharedItems/></cacheField><cacheField name="金额" numFmtId="0"><sharedItems containsNumber="1"/></cacheField></cacheFields></pivotCacheDefinition>"#;

const PIVOT_RECORDS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3"><r><x v="0"/><s v="RID1"/><n v="1200"/></r><r><x v="1"/><n v="RID2NUM"/><n v="800.5"/></r><r><x v="2"/><m/><b v="1"/></r></pivotCacheRecords>"#;

const PIVOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>"#;

/// A workbook whose pivot cache holds the rows of a source sheet that is no longer there.
fn pivot_xlsx(with_records: bool, id1: &str, id2_numeric: &str) -> Vec<u8> {
    let def = PIVOT_DEF.to_string();
    let recs = PIVOT_RECORDS
        .replace("RID1", id1)
        .replace("RID2NUM", id2_numeric);
    let mut extra: Vec<(&str, &[u8])> =
        vec![("xl/pivotCache/pivotCacheDefinition1.xml", def.as_bytes())];
    if with_records {
        extra.push((
            "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
            PIVOT_RELS.as_bytes(),
        ));
        extra.push(("xl/pivotCache/pivotCacheRecords1.xml", recs.as_bytes()));
    }
    repack(&plain_xlsx(), |_, v| v, &extra)
}

#[test]
fn xlsx_pivot_cache_records() {
    let ex = extract_sheet(
        &pivot_xlsx(true, "11010519900307123X", "3.30106199001011E+17"),
        "xlsx",
        &Limits::default(),
    );
    assert!(ex.problems.is_empty(), "problems: {:?}", ex.problems);
    assert!(
        !ex.not_examined.iter().any(|n| n.what.contains("pivot")),
        "{:?}",
        ex.not_examined
    );
    let rec = "xl/pivotCache/pivotCacheRecords1.xml";
    // shared item resolved through <x v="0"/>, in the record's row
    let name = find(&ex, "张三");
    assert_eq!(name.layer, Layer::Hidden("pivot_cache"));
    let l = loc_of(name);
    assert_eq!(
        (l.part.as_deref(), l.row, l.field.as_deref()),
        (Some(rec), Some(1), Some("姓名"))
    );
    let id = find(&ex, "11010519900307123X");
    assert_eq!(
        id.record, name.record,
        "a record's values share a record id"
    );
    assert_eq!(loc_of(id).field.as_deref(), Some("身份证号"));
    // numbers as the digits they hold, as numeric cells
    let n2 = find(&ex, "330106199001011***");
    assert_eq!(n2.record, find(&ex, "李四").record);
    assert_ne!(n2.record, id.record);
    assert_eq!(loc_of(n2).row, Some(2));
    find(&ex, "1200");
    find(&ex, "800.5");
    // the missing value, the boolean and the shared items themselves give nothing more
    assert_eq!(find_all(&ex, "张三").len(), 1);
    assert!(!ex
        .segments
        .iter()
        .any(|s| s.text == "1" || s.text == "true"));
    // pivot record ids never collide with sheet rows
    assert!(name.record.unwrap() >> 20 >= 0xE00);
}

#[test]
fn xlsx_pivot_cache_without_records_uses_shared_items() {
    let ex = extract_sheet(&pivot_xlsx(false, "x", "1"), "xlsx", &Limits::default());
    assert!(ex.problems.is_empty(), "problems: {:?}", ex.problems);
    let s = find(&ex, "李四");
    assert_eq!(s.layer, Layer::Hidden("pivot_cache"));
    let l = loc_of(s);
    assert_eq!(
        (l.part.as_deref(), l.field.as_deref(), l.row),
        (
            Some("xl/pivotCache/pivotCacheDefinition1.xml"),
            Some("姓名"),
            None
        )
    );
}

#[test]
fn xlsx_pivot_cache_budget_and_damage() {
    let limits = Limits {
        max_cells: 3,
        ..Limits::default()
    };
    let ex = extract_sheet(&pivot_xlsx(true, "A", "1"), "xlsx", &limits);
    assert!(has_problem(&ex, "limit_exceeded"), "{:?}", ex.problems);
    // a broken records part is a problem of that part, the rest is read
    let broken = repack(
        &pivot_xlsx(true, "A", "1"),
        |name, v| {
            if name.ends_with("pivotCacheRecords1.xml") {
                b"<pivotCacheRecords><r><s v=\"x\"></pivotCacheRecords>".to_vec()
            } else {
                v
            }
        },
        &[],
    );
    let ex = extract_sheet(&broken, "xlsx", &Limits::default());
    assert!(
        ex.problems
            .iter()
            .any(|p| p.location.part.as_deref() == Some("xl/pivotCache/pivotCacheRecords1.xml")),
        "{:?}",
        ex.problems
    );
    find(&ex, "汇总表");
}

// ---------------------------------------------------------------------------------------------
// parts no reader claims: form controls, slicers, rich values, custom parts, SmartArt caches

fn scan_cfg() -> baomi::scan::Config {
    let mut cfg = baomi::scan::Config::new(
        baomi::policy::Policy::builtin(),
        baomi::detect::dictionary::Dictionary::load(&[]).expect("dict"),
    );
    cfg.unit = Some("办公室".into());
    cfg.drafter = Some("张三".into());
    cfg
}

#[test]
fn xlsx_leftover_parts_are_read() {
    let id = common::resident_id("110105", "19900307", 123);
    let vml = |caption: &str, kind: &str| {
        format!(
            r##"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" type="#_x0000_t201"><v:textbox><div style="text-align:center"><font face="宋体">{caption}</font></div></v:textbox><x:ClientData ObjectType="{kind}"><x:Anchor>1, 0, 0, 0, 3, 0, 2, 0</x:Anchor></x:ClientData></v:shape></xml>"##
        )
    };
    let slicer = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><slicers xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><slicer name="姓名" cache="Slicer_姓名" caption="经办人 {id}" rowHeight="241300"/></slicers>"#
    );
    let custom = format!("<notes><note>联系人身份证 {id}</note></notes>");
    // (case, part, content, expected verdict, layer of the text)
    let cases: Vec<(&str, &str, String, Verdict, Layer)> = vec![
        (
            "form-control button caption",
            "xl/drawings/vmlDrawing1.vml",
            vml(&format!("身份证 {id}"), "Button"),
            Verdict::Block,
            Layer::Visible,
        ),
        (
            "checkbox caption holding a marking",
            "xl/drawings/vmlDrawing1.vml",
            vml("机密", "Checkbox"),
            Verdict::Block,
            Layer::Visible,
        ),
        (
            "slicer caption",
            "xl/slicers/slicer1.xml",
            slicer,
            Verdict::Block,
            Layer::Visible,
        ),
        (
            "unknown custom part",
            "xl/custom/notes.xml",
            custom,
            Verdict::Block,
            Layer::Metadata("other"),
        ),
        // a comment's note shape with no comments part holding its text (the part removed,
        // the drawing kept): the note is the comment
        (
            "orphaned comment note shape",
            "xl/drawings/vmlDrawing1.vml",
            vml(&format!("身份证 {id}"), "Note"),
            Verdict::Block,
            Layer::Hidden("comment"),
        ),
        // near misses: a caption saying nothing, plumbing
        (
            "caption saying nothing",
            "xl/drawings/vmlDrawing1.vml",
            vml("Button 1", "Button"),
            Verdict::Pass,
            Layer::Visible,
        ),
        (
            "control properties",
            "xl/ctrlProps/ctrlProp1.xml",
            r#"<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="CheckBox" checked="Checked" lockText="1"/>"#.into(),
            Verdict::Pass,
            Layer::Metadata("other"),
        ),
    ];
    for (case, part, content, verdict, layer) in cases {
        let bytes = repack(&plain_xlsx(), |_, v| v, &[(part, content.as_bytes())]);
        let ex = extract_sheet(&bytes, "xlsx", &Limits::default());
        let from_part: Vec<&Segment> = ex
            .segments
            .iter()
            .filter(|s| loc_of(s).part.as_deref() == Some(part))
            .collect();
        if verdict == Verdict::Block {
            assert_eq!(from_part.len(), 1, "{case}: {from_part:#?}");
            assert_eq!(from_part[0].layer, layer, "{case}");
        } else {
            assert!(from_part.is_empty(), "{case}: {from_part:#?}");
        }
        let r = baomi::scan::scan_bytes(&scan_cfg(), "名单.xlsx", &bytes, None);
        assert_eq!(
            r.verdict, verdict,
            "{case}: {:#?} {from_part:#?}",
            r.findings
        );
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains(&id), "{case}: echo");
    }
    // near miss: with a comments part, a note's text is read from there, not a second time
    // from its shape
    let bytes = repack(
        &plain_xlsx(),
        |_, v| v,
        &[
            (
                "xl/drawings/vmlDrawing1.vml",
                vml(&format!("身份证 {id}"), "Note").as_bytes(),
            ),
            ("xl/comments1.xml", b"<comments/>".as_slice()),
        ],
    );
    let ex = extract_sheet(&bytes, "xlsx", &Limits::default());
    assert!(
        !ex.segments
            .iter()
            .any(|s| loc_of(s).part.as_deref() == Some("xl/drawings/vmlDrawing1.vml")),
        "{:#?}",
        ex.segments
    );
}

#[test]
fn xlsx_defined_name_comment_is_read() {
    let id = common::resident_id("110105", "19900307", 123);
    let xml =
        format!(r#"<definedName name="名单" comment="来源：{id}">汇总!$A$1:$C$9</definedName>"#);
    let bytes = with_defined_names(&xml);
    let ex = extract_sheet(&bytes, "xlsx", &Limits::default());
    let s = find(&ex, &format!("来源：{id}"));
    assert_eq!(s.layer, Layer::Metadata("other"));
    assert_eq!(loc_of(s).field.as_deref(), Some("definedName#1:comment"));
    let r = baomi::scan::scan_bytes(&scan_cfg(), "名单.xlsx", &bytes, None);
    assert_eq!(r.verdict, Verdict::Block, "{:#?}", r.findings);
    // near miss: a comment saying nothing identifying
    let bytes = with_defined_names(
        r#"<definedName name="名单" comment="打印区域">汇总!$A$1:$C$9</definedName>"#,
    );
    let r = baomi::scan::scan_bytes(&scan_cfg(), "名单.xlsx", &bytes, None);
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
}

#[test]
fn docx_smartart_drawing_cache_is_read_once() {
    let id = common::resident_id("110105", "19900307", 123);
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W_NS}><w:body><w:p><w:r><w:t>关于开展检查的通知</w:t></w:r></w:p></w:body></w:document>"#
    );
    let drawing = |text: &str| {
        format!(
            r#"<dsp:drawing xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dsp:spTree><dsp:sp><dsp:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></dsp:txBody></dsp:sp></dsp:spTree></dsp:drawing>"#
        )
    };
    let data = r#"<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt modelId="1"><dgm:t><a:p><a:r><a:t>经办人负责审核全部申报材料</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>"#;
    // (case, drawing cache text, verdict, segments from the cache)
    let cases = [
        (
            "cache holds what the data model does not",
            format!("经办人 {id}"),
            Verdict::Block,
            1,
        ),
        (
            "cache repeats the data model",
            "经办人负责审核全部申报材料".to_string(),
            Verdict::Pass,
            0,
        ),
    ];
    for (case, text, verdict, n) in cases {
        let dr = drawing(&text);
        let bytes = zip_of(
            &[
                ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
                ("_rels/.rels", ROOT_RELS.as_bytes()),
                ("word/document.xml", doc.as_bytes()),
                ("word/diagrams/data1.xml", data.as_bytes()),
                ("word/diagrams/drawing1.xml", dr.as_bytes()),
                ("word/diagrams/layout1.xml", b"<dgm:layoutDef xmlns:dgm=\"x\"><dgm:title val=\"\xe5\x9f\xba\xe6\x9c\xac\"/></dgm:layoutDef>"),
            ],
            true,
        );
        let ex = extract_docx(&bytes, &Limits::default());
        let cache: Vec<&Segment> = ex
            .segments
            .iter()
            .filter(|s| loc_of(s).part.as_deref() == Some("word/diagrams/drawing1.xml"))
            .collect();
        assert_eq!(cache.len(), n, "{case}: {cache:#?}");
        assert!(cache.iter().all(|s| s.layer == Layer::Visible), "{case}");
        // the layout definition is structure, not read
        assert!(!ex
            .segments
            .iter()
            .any(|s| loc_of(s).part.as_deref() == Some("word/diagrams/layout1.xml")));
        let r = baomi::scan::scan_bytes(&scan_cfg(), "通知.docx", &bytes, None);
        assert_eq!(r.verdict, verdict, "{case}: {:#?}", r.findings);
    }
}
