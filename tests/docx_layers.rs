//! docx layers a reader can recover besides the running text: hidden text through styles,
//! field instructions, document variables, alt text, charts, embedded objects, altChunks,
//! hyperlink targets, customXml data, form fields and tracked insertions. Fixtures are built in
//! code (the zip parts are written here).

mod common;
use common::zip_of;

use baomi::detect::dictionary::Dictionary;
use baomi::extract::docx::extract_docx;
use baomi::extract::{Extracted, Layer, Limits, Location, Segment, Zone};
use baomi::policy::{Action, Policy};
use baomi::report::model::{Report, Verdict};
use baomi::scan::{scan_bytes, Config};

// ---------------------------------------------------------------------------------------------
// helpers

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn rels(list: &[(&str, &str, &str, bool)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (id, ty, target, external) in list {
        s.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL_NS}/{ty}" Target="{target}"{}/>"#,
            if *external {
                r#" TargetMode="External""#
            } else {
                ""
            }
        ));
    }
    s.push_str("</Relationships>");
    s
}

/// A docx with `body` in word/document.xml and `extra` parts.
fn docx(body: &str, extra: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let doc = document(body);
    let mut files: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
    ];
    for (n, b) in extra {
        files.push((n, b));
    }
    zip_of(&files, true)
}

fn styles(inner: &str) -> Vec<u8> {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {W_NS}>{inner}</w:styles>"#)
        .into_bytes()
}

fn loc_of(s: &Segment) -> Location {
    s.anchor.fixed_location().expect("fixed anchor")
}

fn texts(ex: &Extracted) -> Vec<(String, Layer, Zone)> {
    ex.segments
        .iter()
        .map(|s| (s.text.clone(), s.layer, s.zone))
        .collect()
}

/// The segment containing `needle` (exactly one).
fn seg_with<'a>(ex: &'a Extracted, needle: &str) -> &'a Segment {
    let v: Vec<&Segment> = ex
        .segments
        .iter()
        .filter(|s| s.text.contains(needle))
        .collect();
    assert_eq!(v.len(), 1, "segments with {needle:?}: {:#?}", texts(ex));
    v[0]
}

fn has_text(ex: &Extracted, needle: &str) -> bool {
    ex.segments.iter().any(|s| s.text.contains(needle))
}

fn id() -> String {
    common::resident_id("110105", "19900307", 123)
}

fn config() -> Config {
    let mut c = Config::new(Policy::builtin(), Dictionary::load(&[]).expect("dict"));
    c.unit = Some("办公室".into());
    c.drafter = Some("张三".into());
    c
}

fn scan(bytes: &[u8]) -> Report {
    scan_bytes(&config(), "test.docx", bytes, None)
}

fn finding<'a>(
    r: &'a Report,
    category: &str,
    kind: &str,
) -> Option<&'a baomi::report::model::Finding> {
    r.findings
        .iter()
        .find(|f| f.category == category && f.kind == kind)
}

fn assert_no_echo(r: &Report, secret: &str) {
    let json = serde_json::to_string(r).expect("json");
    assert!(!json.contains(secret), "report echoes {secret}: {json}");
}

// ---------------------------------------------------------------------------------------------
// 7. hidden text through styles

const TARGET: &str = "目标文字";

fn run(rpr: &str) -> String {
    format!("<w:r><w:rPr>{rpr}</w:rPr><w:t>{TARGET}</w:t></w:r>")
}

fn para(ppr: &str, runs: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}<w:r><w:t>旁边可见</w:t></w:r></w:p>")
}

#[test]
fn styles_hide_runs() {
    let hidden_char =
        r#"<w:style w:type="character" w:styleId="H"><w:rPr><w:vanish/></w:rPr></w:style>"#;
    let hidden_para = r#"<w:style w:type="paragraph" w:styleId="HP"><w:name w:val="hp"/><w:rPr><w:vanish/></w:rPr></w:style>"#;
    let chain = r#"<w:style w:type="character" w:styleId="A"><w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="character" w:styleId="B"><w:basedOn w:val="A"/></w:style><w:style w:type="character" w:styleId="C"><w:basedOn w:val="B"/><w:rPr><w:b/></w:rPr></w:style>"#;
    let chain_off = r#"<w:style w:type="character" w:styleId="A"><w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="character" w:styleId="B"><w:basedOn w:val="A"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>"#;
    let doc_defaults =
        r#"<w:docDefaults><w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault></w:docDefaults>"#;
    let default_para = r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Shown"><w:rPr><w:vanish w:val="false"/></w:rPr></w:style>"#;
    let cycle = r#"<w:style w:type="character" w:styleId="X"><w:basedOn w:val="Y"/></w:style><w:style w:type="character" w:styleId="Y"><w:basedOn w:val="X"/></w:style>"#;
    let cycle_hidden = r#"<w:style w:type="character" w:styleId="X"><w:basedOn w:val="Y"/></w:style><w:style w:type="character" w:styleId="Y"><w:basedOn w:val="X"/><w:rPr><w:vanish/></w:rPr></w:style>"#;
    let table = r#"<w:style w:type="table" w:styleId="T"><w:rPr><w:vanish/></w:rPr></w:style>"#;
    let table_cond = r#"<w:style w:type="table" w:styleId="T"><w:tblStylePr w:type="firstRow"><w:rPr><w:vanish/></w:rPr></w:tblStylePr></w:style>"#;
    let deep: String = (0..10)
        .map(|i| {
            if i == 0 {
                r#"<w:style w:type="character" w:styleId="S0"><w:rPr><w:vanish/></w:rPr></w:style>"#.to_string()
            } else {
                format!(
                    r#"<w:style w:type="character" w:styleId="S{i}"><w:basedOn w:val="S{}"/></w:style>"#,
                    i - 1
                )
            }
        })
        .collect();
    let tbl = |runs: &str| {
        format!(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="T"/></w:tblPr><w:tr><w:tc><w:p>{runs}</w:p></w:tc></w:tr></w:tbl>"#
        )
    };
    let rstyle = |id: &str| format!(r#"<w:rStyle w:val="{id}"/>"#);
    let pstyle = |id: &str| format!(r#"<w:pStyle w:val="{id}"/>"#);
    let plain = format!("<w:r><w:t>{TARGET}</w:t></w:r>");
    let char_and_para = format!("{hidden_char}{default_para}");
    // (case, styles.xml content, body, hidden?)
    let cases: Vec<(&str, &str, String, bool)> = vec![
        // hits
        (
            "character style",
            hidden_char,
            para("", &run(&rstyle("H"))),
            true,
        ),
        (
            "paragraph style",
            hidden_para,
            para(&pstyle("HP"), &plain),
            true,
        ),
        ("basedOn chain", chain, para("", &run(&rstyle("C"))), true),
        ("chain of 10", &deep, para("", &run(&rstyle("S9"))), true),
        ("docDefaults", doc_defaults, para("", &plain), true),
        (
            "default paragraph style",
            default_para,
            para("", &plain),
            true,
        ),
        (
            "unknown pStyle falls back to the default",
            default_para,
            para(&pstyle("Nope"), &plain),
            true,
        ),
        ("table style", table, tbl(&plain), true),
        ("conditional table style", table_cond, tbl(&plain), true),
        (
            "cycle with vanish",
            cycle_hidden,
            para("", &run(&rstyle("X"))),
            true,
        ),
        (
            "direct specVanish",
            "",
            para("", &run("<w:specVanish/>")),
            true,
        ),
        (
            "char style on a visible paragraph style",
            &char_and_para,
            para(&pstyle("Shown"), &run(&rstyle("H"))),
            true,
        ),
        // near misses
        ("style not used", hidden_char, para("", &plain), false),
        // webHidden hides only in Web Layout view: printed and shown in the normal view (the
        // page numbers of every automatic table of contents carry it)
        (
            "direct webHidden",
            "",
            para("", &run("<w:webHidden/>")),
            false,
        ),
        (
            "basedOn override off",
            chain_off,
            para("", &run(&rstyle("B"))),
            false,
        ),
        (
            "run vanish=0 over char style",
            hidden_char,
            para(
                "",
                &run(&format!(r#"{}<w:vanish w:val="0"/>"#, rstyle("H"))),
            ),
            false,
        ),
        (
            "run vanish=0 over docDefaults",
            doc_defaults,
            para("", &run(r#"<w:vanish w:val="0"/>"#)),
            false,
        ),
        (
            "paragraph style with vanish=false",
            default_para,
            para(&pstyle("Shown"), &plain),
            false,
        ),
        (
            "cycle without vanish",
            cycle,
            para("", &run(&rstyle("X"))),
            false,
        ),
        (
            "paragraph-mark vanish only",
            "",
            para("<w:rPr><w:vanish/></w:rPr>", &plain),
            false,
        ),
        (
            "vanish in a former formatting (rPrChange)",
            "",
            para(
                "",
                &run(
                    r#"<w:rPrChange w:id="1" w:author="x"><w:rPr><w:vanish/></w:rPr></w:rPrChange>"#,
                ),
            ),
            false,
        ),
        (
            "pStyle in a former paragraph formatting (pPrChange)",
            hidden_para,
            para(
                r#"<w:pPrChange w:id="1" w:author="x"><w:pPr><w:pStyle w:val="HP"/></w:pPr></w:pPrChange>"#,
                &plain,
            ),
            false,
        ),
        ("no styles part", "", para("", &run(&rstyle("H"))), false),
    ];
    for (case, st, body, hidden) in cases {
        let mut extra = vec![];
        if !st.is_empty() {
            extra.push(("word/styles.xml", styles(st)));
        }
        let ex = extract_docx(&docx(&body, &extra), &Limits::default());
        assert!(ex.problems.is_empty(), "{case}: {:?}", ex.problems);
        let s = seg_with(&ex, TARGET);
        let want = if hidden {
            Layer::Hidden("hidden_text")
        } else {
            Layer::Visible
        };
        assert_eq!(s.layer, want, "{case}: {:#?}", texts(&ex));
        assert_eq!(
            loc_of(s).part.as_deref(),
            Some("word/document.xml"),
            "{case}"
        );
        assert!(loc_of(s).paragraph.is_some(), "{case}");
    }
}

#[test]
fn styles_part_found_through_relationship_and_bounded() {
    // styles part under another name, found through document.xml.rels
    let st =
        styles(r#"<w:style w:type="character" w:styleId="H"><w:rPr><w:vanish/></w:rPr></w:style>"#);
    let r = rels(&[("rId1", "styles", "myStyles.xml", false)]);
    let body = para("", &run(r#"<w:rStyle w:val="H"/>"#));
    let ex = extract_docx(
        &docx(
            &body,
            &[
                ("word/myStyles.xml", st),
                ("word/_rels/document.xml.rels", r.into_bytes()),
            ],
        ),
        &Limits::default(),
    );
    assert_eq!(seg_with(&ex, TARGET).layer, Layer::Hidden("hidden_text"));

    // too many styles: limit_exceeded (fail closed), the body is still read
    let many: String = (0..20_010)
        .map(|i| format!(r#"<w:style w:styleId="s{i}"/>"#))
        .collect();
    let ex = extract_docx(
        &docx(&body, &[("word/styles.xml", styles(&many))]),
        &Limits::default(),
    );
    assert!(ex.problems.iter().any(
        |p| p.kind == "limit_exceeded" && p.location.part.as_deref() == Some("word/styles.xml")
    ));
    assert!(has_text(&ex, TARGET));

    // damaged styles part: corrupt, the body is still read
    let ex = extract_docx(
        &docx(
            &body,
            &[(
                "word/styles.xml",
                b"<w:styles><w:style></w:styles>".to_vec(),
            )],
        ),
        &Limits::default(),
    );
    assert!(
        ex.problems.iter().any(|p| p.kind == "corrupt"),
        "{:?}",
        ex.problems
    );
    assert!(has_text(&ex, TARGET));
}

// ---------------------------------------------------------------------------------------------
// 1. field instructions

fn field(instr: &str) -> String {
    format!(
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>结果</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#
    )
}

#[test]
fn field_instructions() {
    let id = id();
    let pct: String = id.bytes().map(|b| format!("%{b:02X}")).collect();
    // (case, body, text the field segment contains, expected layer or None for no segment)
    let hidden = Some(Layer::Hidden("hidden_text"));
    let other = Some(Layer::Metadata("other"));
    let cases: Vec<(&str, String, String, Option<Layer>)> = vec![
        // hits: instructions that carry text of their own are hidden text
        ("quote", field(r#" QUOTE "秘密★1年" "#), "秘密★1年".into(), hidden),
        (
            "if with constants",
            field(r#" IF 1 = 1 "a" "13800138000" "#),
            "13800138000".into(),
            hidden,
        ),
        (
            "fldSimple",
            r#"<w:p><w:fldSimple w:instr=" QUOTE &quot;内部资料&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>"#.into(),
            "内部资料".into(),
            hidden,
        ),
        (
            "instruction split over runs",
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> QUO</w:instrText></w:r><w:r><w:instrText>TE "拆开的常量" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#.into(),
            "QUOTE \"拆开的常量\"".into(),
            hidden,
        ),
        ("lower-case keyword", field(r#" quote "小写" "#), "小写".into(), hidden),
        // links and structure: scanned, no finding by themselves
        (
            "hyperlink with an ID",
            field(&format!(r#" HYPERLINK "http://x.gov.cn/q?id={id}" "#)),
            id.clone(),
            other,
        ),
        (
            "hyperlink percent-encoded",
            field(&format!(r#" HYPERLINK "http://x.gov.cn/{pct}" "#)),
            id.clone(),
            other,
        ),
        // a merge field names a column of the data source (a 通知书 template's «姓名»); the
        // merged text is on the page
        ("mergefield", field(" MERGEFIELD 身份证号 "), "身份证号".into(), other),
        ("page", field(" PAGE "), "PAGE".into(), other),
        ("toc", field(r#" TOC \o "1-3" \h \z \u "#), "TOC".into(), other),
        ("pageref", field(r#" PAGEREF _Toc123456789 \h "#), "PAGEREF".into(), other),
        ("seq caption", field(r#" SEQ 表 \* ARABIC "#), "SEQ".into(), other),
        ("date format", field(r#" DATE \@ "yyyy年M月d日" "#), "DATE".into(), other),
        ("formula", field(" = 2 + 3 "), "= 2 + 3".into(), other),
        ("reference manager tag", field(" ADDIN CNKISM.UserStyle "), "CNKISM".into(), other),
        (
            "reference manager data",
            field(" ADDIN NE.Ref.{1} 张三,内部报告 "),
            "内部报告".into(),
            hidden,
        ),
        ("author without argument", field(r#" AUTHOR \* MERGEFORMAT "#), "AUTHOR".into(), other),
        // a path stays file_path
        (
            "includepicture path",
            field(r#" INCLUDEPICTURE "C:\\Users\\li\\a.png" "#),
            r"C:\\Users\\li".into(),
            Some(Layer::Metadata("file_path")),
        ),
        // deleted instruction text is a tracked change
        (
            "deleted instruction",
            r#"<w:p><w:del w:id="1" w:author="x"><w:r><w:delInstrText> QUOTE "删掉的域" </w:delInstrText></w:r></w:del></w:p>"#.into(),
            "删掉的域".into(),
            Some(Layer::Hidden("tracked_change")),
        ),
    ];
    for (case, body, needle, want) in cases {
        let body = format!("<w:p><w:r><w:t>第一段</w:t></w:r></w:p>{body}");
        let ex = extract_docx(&docx(&body, &[]), &Limits::default());
        assert!(ex.problems.is_empty(), "{case}: {:?}", ex.problems);
        let s = seg_with(&ex, &needle);
        assert_eq!(Some(s.layer), want, "{case}: {:#?}", texts(&ex));
        let l = loc_of(s);
        assert_eq!(l.part.as_deref(), Some("word/document.xml"), "{case}");
        assert_eq!(l.paragraph, Some(2), "{case}");
        // the field's result stays visible body text
        if body.contains("结果") {
            assert_eq!(seg_with(&ex, "结果").layer, Layer::Visible, "{case}");
        }
    }

    // two fields in one paragraph are classified separately
    let body = field(" PAGE ").replace(
        "</w:p>",
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> QUOTE "另一个" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
    );
    let ex = extract_docx(&docx(&body, &[]), &Limits::default());
    assert_eq!(seg_with(&ex, "另一个").layer, Layer::Hidden("hidden_text"));
    assert_eq!(seg_with(&ex, "PAGE").layer, Layer::Metadata("other"));
    assert!(!seg_with(&ex, "另一个").text.contains("PAGE"));
}

#[test]
fn field_instructions_scan_actions() {
    // an ID in a hyperlink field blocks; a structural field alone is no finding
    let id = id();
    let body = format!(
        "<w:p><w:r><w:t>通知</w:t></w:r></w:p>{}",
        field(&format!(r#" HYPERLINK "http://x.gov.cn/{id}" "#))
    );
    let r = scan(&docx(&body, &[]));
    assert_eq!(r.verdict, Verdict::Block, "{:#?}", r.findings);
    assert_no_echo(&r, &id);

    let body = format!("<w:p><w:r><w:t>通知</w:t></w:r></w:p>{}", field(" PAGE "));
    let r = scan(&docx(&body, &[]));
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);

    // a hidden constant is hidden content (review); a marking in it blocks
    let body = format!(
        "<w:p><w:r><w:t>通知</w:t></w:r></w:p>{}",
        field(r#" QUOTE "秘密★1年" "#)
    );
    let r = scan(&docx(&body, &[]));
    assert_eq!(r.verdict, Verdict::Block, "{:#?}", r.findings);
    assert!(finding(&r, "hidden_content", "hidden_text").is_some());
}

// ---------------------------------------------------------------------------------------------
// 4. document variables

fn settings(inner: &str) -> Vec<u8> {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:settings {W_NS}>{inner}</w:settings>"#)
        .into_bytes()
}

#[test]
fn document_variables() {
    let id = id();
    let vars = format!(
        r#"<w:docVars><w:docVar w:name="密级" w:val="秘密"/><w:docVar w:name="owner" w:val="张三 13800138000"/><w:docVar w:name="{id}" w:val="x"/><w:docVar w:name="tel13800138000" w:val="y"/><w:docVar w:name="commondata" w:val="eyJoZGlkIjoiNjQ2YTFlZDk5ZjQ1In0="/><w:docVar w:name="empty" w:val=""/></w:docVars><w:mailMerge><w:connectString w:val="Provider=x;Data Source=C:\Users\li\名单.xlsx"/><w:query w:val="SELECT * FROM `Sheet1$`"/></w:mailMerge>"#
    );
    let ex = extract_docx(
        &docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
            &[("word/settings.xml", settings(&vars))],
        ),
        &Limits::default(),
    );
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let s = seg_with(&ex, "秘密");
    assert_eq!(
        (s.layer, s.zone),
        (Layer::Hidden("hidden_text"), Zone::Metadata)
    );
    assert_eq!(
        loc_of(s),
        Location {
            part: Some("word/settings.xml".into()),
            field: Some("docVar:密级".into()),
            ..Default::default()
        }
    );
    let s = seg_with(&ex, "tel13800138000");
    assert_eq!(s.layer, Layer::Hidden("hidden_text"));
    assert_eq!(loc_of(s).field.as_deref(), Some("docVar#4"));
    let s = seg_with(&ex, "张三 13800138000");
    assert_eq!(loc_of(s).field.as_deref(), Some("docVar:owner"));
    // a name that could be an identifier never goes into the location
    let s = seg_with(&ex, &id);
    assert_eq!(loc_of(s).field.as_deref(), Some("docVar#3"));
    // a machine token is scanned but is no hidden text
    assert_eq!(seg_with(&ex, "eyJoZGlk").layer, Layer::Metadata("other"));
    // an empty value: the name alone
    assert_eq!(seg_with(&ex, "empty").layer, Layer::Hidden("hidden_text"));
    // mail merge
    assert_eq!(
        seg_with(&ex, "名单.xlsx").layer,
        Layer::Metadata("file_path")
    );
    assert_eq!(seg_with(&ex, "SELECT").layer, Layer::Metadata("other"));
    for s in &ex.segments {
        if let Some(f) = loc_of(s).field {
            assert!(!f.contains("13800138000") && !f.contains(&id), "{f}");
        }
    }

    // settings through the relationship, and a scan: the ID name blocks, nothing echoed
    let r = rels(&[("rId9", "settings", "set.xml", false)]);
    let bytes = docx(
        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
        &[
            ("word/set.xml", settings(&vars)),
            ("word/_rels/document.xml.rels", r.into_bytes()),
        ],
    );
    let ex = extract_docx(&bytes, &Limits::default());
    assert!(has_text(&ex, "张三 13800138000"));
    let rep = scan(&bytes);
    assert_eq!(rep.verdict, Verdict::Block);
    assert!(finding(&rep, "hidden_content", "hidden_text").is_some());
    assert_no_echo(&rep, &id);
}

#[test]
fn document_variables_near_misses() {
    // no docVars, a damaged settings part
    let ex = extract_docx(
        &docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
            &[(
                "word/settings.xml",
                settings(r#"<w:zoom w:percent="100"/>"#),
            )],
        ),
        &Limits::default(),
    );
    assert_eq!(ex.segments.len(), 1, "{:#?}", texts(&ex));
    let ex = extract_docx(
        &docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
            &[(
                "word/settings.xml",
                b"<w:settings><w:docVars></w:settings>".to_vec(),
            )],
        ),
        &Limits::default(),
    );
    assert!(ex.problems.iter().any(|p| p.kind == "corrupt"));
    // WPS's commondata alone does not make a document review
    let r = scan(&docx(
        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
        &[(
            "word/settings.xml",
            settings(
                r#"<w:docVars><w:docVar w:name="commondata" w:val="eyJoZGlkIjoiZjFmM2E0MjM5NTc2In0="/></w:docVars>"#,
            ),
        )],
    ));
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
}

// ---------------------------------------------------------------------------------------------
// 5. alt text

fn drawing(descr: &str, title: &str, pic_descr: &str) -> String {
    format!(
        r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="图片 1" descr="{descr}" title="{title}"/><a:graphic><a:graphicData><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="image1.png" descr="{pic_descr}"/></pic:nvPicPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
    )
}

#[test]
fn alt_text() {
    let id = id();
    let cases: Vec<(&str, String, &str, bool)> = vec![
        ("docPr descr", drawing(&format!("身份证 {id}"), "", ""), "身份证", true),
        ("docPr title", drawing("", "内部照片", ""), "内部照片", true),
        ("pic cNvPr descr", drawing("", "", "会场照片"), "会场照片", true),
        ("file name", drawing("微信图片_20230101.jpg", "", ""), "微信图片", true),
        (
            "VML alt",
            r#"<w:p><w:r><w:pict><v:shape alt="老式图片说明"><v:imagedata o:title="旧标题"/></v:shape></w:pict></w:r></w:p>"#.into(),
            "老式图片说明",
            true,
        ),
        (
            "table description",
            format!(r#"<w:tbl><w:tblPr><w:tblCaption w:val="名单"/><w:tblDescription w:val="原表含身份证号 {id}"/></w:tblPr><w:tr><w:tc><w:p><w:r><w:t>姓名</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#),
            "原表含身份证号",
            true,
        ),
        // near misses: the name Word gives a shape is not alt text (a renamed shape's name is
        // read, see `names_stored_with_the_document_are_read`); an empty descr is nothing
        ("name only", drawing("", "", ""), "图片 1", false),
    ];
    for (case, body, needle, found) in cases {
        let body = format!("<w:p><w:r><w:t>第一段</w:t></w:r></w:p>{body}");
        let ex = extract_docx(&docx(&body, &[]), &Limits::default());
        if !found {
            assert!(!has_text(&ex, needle), "{case}: {:#?}", texts(&ex));
            assert_eq!(ex.segments.len(), 1, "{case}: {:#?}", texts(&ex));
            continue;
        }
        let s = seg_with(&ex, needle);
        assert_eq!(s.layer, Layer::Metadata("other"), "{case}");
        // a table's alt text is outside any paragraph: located at the part
        let paragraph = (case != "table description").then_some(2);
        assert_eq!(
            loc_of(s),
            Location {
                part: Some("word/document.xml".into()),
                paragraph,
                field: Some("alt_text".into()),
                ..Default::default()
            },
            "{case}"
        );
    }
    // a path as alt text is a file path
    let ex = extract_docx(
        &docx(&drawing(r"C:\Users\li\Desktop\a.png", "", ""), &[]),
        &Limits::default(),
    );
    assert_eq!(seg_with(&ex, "Desktop").layer, Layer::Metadata("file_path"));
    // the same alt text on docPr and cNvPr is one segment
    let ex = extract_docx(
        &docx(&drawing("同一说明", "", "同一说明"), &[]),
        &Limits::default(),
    );
    seg_with(&ex, "同一说明");

    // in a header too; an ID there blocks and is not echoed
    let hdr = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {W_NS}>{}</w:hdr>"#,
        drawing(&id, "", "")
    );
    let bytes = docx(
        "<w:p><w:r><w:t>通知</w:t></w:r></w:p>",
        &[("word/header1.xml", hdr.into_bytes())],
    );
    let ex = extract_docx(&bytes, &Limits::default());
    assert_eq!(
        loc_of(seg_with(&ex, &id)).part.as_deref(),
        Some("word/header1.xml")
    );
    let r = scan(&bytes);
    assert_eq!(r.verdict, Verdict::Block, "{:#?}", r.findings);
    let f = finding(&r, "personal_info", "cn_resident_id").expect("id finding");
    assert_eq!(f.action, Action::Block);
    assert_no_echo(&r, &id);
    // harmless alt text alone is no finding
    let r = scan(&docx(
        &format!(
            "<w:p><w:r><w:t>通知</w:t></w:r></w:p>{}",
            drawing("会场照片", "", "")
        ),
        &[],
    ));
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
}

// ---------------------------------------------------------------------------------------------
// 8. charts, SmartArt

const CHART: &str = r#"<?xml version="1.0" encoding="UTF-8"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:title><c:tx><c:rich><a:p><a:r><a:t>各区补助人数</a:t></a:r></a:p></c:rich></c:tx></c:title><c:plotArea><c:barChart><c:ser><c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>人数</c:v></c:pt></c:strCache></c:strRef></c:tx><c:cat><c:strRef><c:f>Sheet1!$A$2:$A$3</c:f><c:strCache><c:ptCount val="2"/><c:pt idx="0"><c:v>张三 13800138000</c:v></c:pt><c:pt idx="1"><c:v>李四</c:v></c:pt></c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$B$2:$B$3</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="2"/><c:pt idx="0"><c:v>12</c:v></c:pt><c:pt idx="1"><c:v>7</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>"#;

#[test]
fn charts_and_smartart() {
    let data = r#"<?xml version="1.0" encoding="UTF-8"?><dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt modelId="1"><dgm:t><a:bodyPr/><a:p><a:r><a:t>流程第一步</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>"#;
    let ex = extract_docx(
        &docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
            &[
                ("word/charts/chart1.xml", CHART.as_bytes().to_vec()),
                ("word/charts/style1.xml", b"<cs:chartStyle/>".to_vec()),
                ("word/diagrams/data1.xml", data.as_bytes().to_vec()),
                ("word/diagrams/drawing1.xml", data.as_bytes().to_vec()),
            ],
        ),
        &Limits::default(),
    );
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let t = seg_with(&ex, "各区补助人数");
    assert_eq!((t.layer, t.zone), (Layer::Visible, Zone::Body));
    assert_eq!(loc_of(t).part.as_deref(), Some("word/charts/chart1.xml"));
    // cached values are what the chart plots: visible, scanned like body text
    let c = seg_with(&ex, "13800138000");
    assert_eq!(c.layer, Layer::Visible);
    assert_eq!(c.text, "人数\n张三 13800138000\n李四\n12\n7");
    // formulas and format codes are not text
    assert!(!has_text(&ex, "Sheet1!") && !has_text(&ex, "General"));
    // SmartArt: data once (the drawing cache is the same text)
    let d = seg_with(&ex, "流程第一步");
    assert_eq!(d.layer, Layer::Visible);
    assert_eq!(loc_of(d).part.as_deref(), Some("word/diagrams/data1.xml"));

    let r = scan(&docx(
        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
        &[("word/charts/chart1.xml", CHART.as_bytes().to_vec())],
    ));
    // a chart is no hidden content by itself; the mobile in its labels is found
    assert!(
        finding(&r, "hidden_content", "chart_cache").is_none(),
        "{:#?}",
        r.findings
    );
    let f = finding(&r, "personal_info", "cn_mobile").expect("mobile in a chart label");
    assert_eq!(f.layer, "visible");
    assert_no_echo(&r, "13800138000");

    // damaged chart: corrupt
    let ex = extract_docx(
        &docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
            &[(
                "word/charts/chart1.xml",
                b"<c:chartSpace><c:chart></c:chartSpace>".to_vec(),
            )],
        ),
        &Limits::default(),
    );
    assert!(ex.problems.iter().any(
        |p| p.kind == "corrupt" && p.location.part.as_deref() == Some("word/charts/chart1.xml")
    ));
}

// ---------------------------------------------------------------------------------------------
// 8. embedded objects and altChunks

fn workbook_with(text: &str) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(1, 0, text).unwrap();
    wb.save_to_buffer().unwrap()
}

fn cfb_with(streams: &[&str]) -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.resize(512, 0);
    for s in streams {
        b.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        b.extend([0, 0]);
    }
    b
}

#[test]
fn embedded_objects() {
    let id = id();
    let inner_docx = docx(
        &format!("<w:p><w:r><w:t>嵌入文档 {id}</w:t></w:r></w:p>"),
        &[],
    );
    let ex = extract_docx(
        &docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
            &[
                (
                    "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
                    workbook_with(&format!("李四 {id}")),
                ),
                (
                    "word/embeddings/Microsoft_Word_Document.docx",
                    inner_docx.clone(),
                ),
                (
                    "word/embeddings/oleObject1.bin",
                    cfb_with(&["Equation Native"]),
                ),
                ("word/embeddings/oleObject2.bin", cfb_with(&["Ole10Native"])),
                ("word/embeddings/oleObject3.bin", b"not an object".to_vec()),
                (
                    "word/embeddings/pres.pptx",
                    zip_of(&[("ppt/presentation.xml", b"<p/>")], true),
                ),
            ],
        ),
        &Limits::default(),
    );
    let cell = seg_with(&ex, "李四");
    assert_eq!(cell.layer, Layer::Hidden("embedded_object"));
    let l = loc_of(cell);
    assert_eq!(
        l.entry.as_deref(),
        Some("word/embeddings/Microsoft_Excel_Worksheet.xlsx")
    );
    assert_eq!(l.cell.as_deref(), Some("A2"));
    let d = seg_with(&ex, "嵌入文档");
    assert_eq!(d.layer, Layer::Hidden("embedded_object"));
    assert_eq!(
        loc_of(d).entry.as_deref(),
        Some("word/embeddings/Microsoft_Word_Document.docx")
    );
    assert_eq!(loc_of(d).part.as_deref(), Some("word/document.xml"));
    // equation: listed; other objects: unsupported (fail closed)
    assert!(ex.not_examined.iter().any(|n| n.what == "embedded equation"
        && n.location.part.as_deref() == Some("word/embeddings/oleObject1.bin")));
    for p in [
        "word/embeddings/oleObject2.bin",
        "word/embeddings/oleObject3.bin",
        "word/embeddings/pres.pptx",
    ] {
        assert!(
            ex.problems
                .iter()
                .any(|x| x.kind == "unsupported_format" && x.location.part.as_deref() == Some(p)),
            "{p}: {:?}",
            ex.problems
        );
    }
    // scanned embeddings are not listed as not examined
    assert!(!ex
        .not_examined
        .iter()
        .any(|n| n.location.part.as_deref()
            == Some("word/embeddings/Microsoft_Excel_Worksheet.xlsx")));

    // a scan: the ID in the embedded workbook blocks and is not echoed
    let bytes = docx(
        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
        &[(
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
            workbook_with(&id),
        )],
    );
    let r = scan(&bytes);
    assert_eq!(r.verdict, Verdict::Block, "{:#?}", r.findings);
    assert!(finding(&r, "hidden_content", "embedded_object").is_some());
    assert_no_echo(&r, &id);
    // an embedded workbook that cannot be read is never a pass
    let r = scan(&docx(
        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
        &[(
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
            b"PK\x03\x04broken".to_vec(),
        )],
    ));
    assert_ne!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
}

/// The workbook behind a chart holds the data the chart shows: what the document shows
/// already, and a default sheet name, are no hidden content; anything more is.
#[test]
fn chart_workbook_holding_what_the_document_shows_is_no_hidden_content() {
    let book = |extra: Option<&str>| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "季度").unwrap();
        ws.write_string(0, 1, "完成投资").unwrap();
        ws.write_string(1, 0, "一季度").unwrap();
        ws.write_number(1, 1, 12.5).unwrap();
        if let Some(x) = extra {
            ws.write_string(2, 0, x).unwrap();
        }
        wb.save_to_buffer().unwrap()
    };
    // the body shows the chart's data (as the chart's caches would)
    let body = "<w:p><w:r><w:t>季度 完成投资 一季度 12.5</w:t></w:r></w:p>";
    let r = scan(&docx(
        body,
        &[("word/embeddings/Microsoft_Excel_Worksheet.xlsx", book(None))],
    ));
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
    // near miss: a note the chart does not show stays hidden content
    let r = scan(&docx(
        body,
        &[(
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
            book(Some("备注：数据未经审核，请勿引用")),
        )],
    ));
    assert!(
        finding(&r, "hidden_content", "embedded_object").is_some(),
        "{:#?}",
        r.findings
    );
}

#[test]
fn embedded_objects_are_bounded() {
    // a package embedded in an embedded document is not opened
    let innermost = workbook_with("最里层");
    let inner = docx(
        "<w:p><w:r><w:t>中间层</w:t></w:r></w:p>",
        &[("word/embeddings/x.xlsx", innermost)],
    );
    let ex = extract_docx(
        &docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
            &[("word/embeddings/doc.docx", inner)],
        ),
        &Limits::default(),
    );
    assert!(has_text(&ex, "中间层"));
    assert!(!has_text(&ex, "最里层"));
    assert!(ex.problems.iter().any(|p| p.kind == "limit_exceeded"
        && p.location.entry.as_deref() == Some("word/embeddings/doc.docx")));

    // many embedded packages: the first ones are read, the rest is limit_exceeded
    let wb = workbook_with("表");
    let names: Vec<String> = (0..40)
        .map(|i| format!("word/embeddings/w{i:02}.xlsx"))
        .collect();
    let extra: Vec<(&str, Vec<u8>)> = names.iter().map(|n| (n.as_str(), wb.clone())).collect();
    let ex = extract_docx(&docx("<w:p/>", &extra), &Limits::default());
    let read = ex.segments.iter().filter(|s| s.text == "表").count();
    assert_eq!(read, 32);
    assert_eq!(
        ex.problems
            .iter()
            .filter(|p| p.kind == "limit_exceeded")
            .count(),
        8
    );

    // the decompression budget is shared with embedded packages
    let limits = Limits {
        max_total_unzipped: 20_000,
        ..Limits::default()
    };
    let big = workbook_with(&"长".repeat(3000));
    let ex = extract_docx(
        &docx("<w:p/>", &[("word/embeddings/big.xlsx", big)]),
        &limits,
    );
    assert!(
        ex.problems.iter().any(|p| p.kind == "limit_exceeded"),
        "{:?}",
        ex.problems
    );
}

#[test]
fn alt_chunks() {
    let id = id();
    let doc_rels = rels(&[
        ("rId1", "aFChunk", "afchunk.htm", false),
        ("rId2", "aFChunk", "afchunk2.mht", false),
        ("rId3", "aFChunk", "afchunk3.txt", false),
        ("rId4", "aFChunk", "afchunk4.docx", false),
        ("rId5", "aFChunk", "afchunk5.mht", false),
    ]);
    let mht = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<html><body><p>导入的单个文件网页</p></body></html>\r\n--b--\r\n".to_string();
    let html = format!("<html><body><p>导入的网页内容</p><p>{id}</p></body></html>");
    let body = r#"<w:p><w:r><w:t>正文</w:t></w:r></w:p><w:altChunk r:id="rId1"/><w:altChunk r:id="rId2"/>"#;
    let ex = extract_docx(
        &docx(
            body,
            &[
                ("word/_rels/document.xml.rels", doc_rels.into_bytes()),
                ("word/afchunk.htm", html.into_bytes()),
                ("word/afchunk2.mht", b"MIME-Version: 1.0".to_vec()),
                ("word/afchunk3.txt", "导入的纯文本".as_bytes().to_vec()),
                (
                    "word/afchunk4.docx",
                    docx("<w:p><w:r><w:t>导入的文档</w:t></w:r></w:p>", &[]),
                ),
                ("word/afchunk5.mht", mht.into_bytes()),
            ],
        ),
        &Limits::default(),
    );
    for t in [
        "导入的网页内容",
        "导入的纯文本",
        "导入的文档",
        "导入的单个文件网页",
        id.as_str(),
    ] {
        let s = seg_with(&ex, t);
        assert_eq!(s.layer, Layer::Visible, "{t}");
        assert!(loc_of(s)
            .entry
            .as_deref()
            .is_some_and(|e| e.starts_with("word/afchunk")));
    }
    assert!(ex.problems.iter().any(|p| p.kind == "unsupported_format"
        && p.location.part.as_deref() == Some("word/afchunk2.mht")));

    // a relationship to a missing chunk is corrupt
    let ex = extract_docx(
        &docx(
            body,
            &[(
                "word/_rels/document.xml.rels",
                rels(&[("rId1", "aFChunk", "gone.htm", false)]).into_bytes(),
            )],
        ),
        &Limits::default(),
    );
    assert!(ex.problems.iter().any(|p| p.kind == "corrupt"));
}

// ---------------------------------------------------------------------------------------------
// 2. hyperlink targets

#[test]
fn hyperlink_targets() {
    let id = id();
    let pct: String = id.bytes().map(|b| format!("%{b:02X}")).collect();
    let gbk_pct = "%C4%DA%B2%BF"; // 内部 in GBK
    let doc_rels = rels(&[
        (
            "rId1",
            "hyperlink",
            &format!("http://x.gov.cn/a?id={id}"),
            true,
        ),
        ("rId2", "hyperlink", &format!("http://x.gov.cn/{pct}"), true),
        ("rId3", "hyperlink", "mailto:li@x.gov.cn", true),
        (
            "rId4",
            "hyperlink",
            &format!("http://x.gov.cn/{gbk_pct}"),
            true,
        ),
        ("rId5", "hyperlink", "file:///C:/Users/li/a.docx", true),
        ("rId6", "image", "media/image1.png", false),
    ]);
    let hdr_rels = rels(&[("rId1", "hyperlink", "http://x.gov.cn/tel/13800138000", true)]);
    let hdr = format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {W_NS}><w:p/></w:hdr>"#);
    let ex = extract_docx(
        &docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
            &[
                ("word/_rels/document.xml.rels", doc_rels.into_bytes()),
                ("word/header1.xml", hdr.into_bytes()),
                ("word/_rels/header1.xml.rels", hdr_rels.into_bytes()),
            ],
        ),
        &Limits::default(),
    );
    let link = |needle: &str| {
        let v: Vec<&Segment> = ex
            .segments
            .iter()
            .filter(|s| s.text.contains(needle) && loc_of(s).field.as_deref() == Some("hyperlink"))
            .collect();
        assert_eq!(v.len(), 1, "{needle}: {:#?}", texts(&ex));
        v[0]
    };
    let s = link(&format!("a?id={id}"));
    assert_eq!(s.layer, Layer::Metadata("other"));
    assert_eq!(loc_of(s).part.as_deref(), Some("word/document.xml"));
    assert_eq!(
        link(&format!("x.gov.cn/{id}")).text,
        format!("http://x.gov.cn/{id}")
    );
    link("li@x.gov.cn");
    link("x.gov.cn/内部");
    assert_eq!(
        loc_of(link("13800138000")).part.as_deref(),
        Some("word/header1.xml")
    );
    // a path target is reported once, as file_path (by the external path check)
    assert!(!ex
        .segments
        .iter()
        .any(|s| loc_of(s).field.as_deref() == Some("hyperlink") && s.text.contains("Users")));
    assert!(ex
        .segments
        .iter()
        .any(|s| s.layer == Layer::Metadata("file_path") && s.text.contains("Users")));
    // internal relationships are not link targets
    assert!(!has_text(&ex, "image1.png"));

    let r = scan(&docx(
        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
        &[(
            "word/_rels/document.xml.rels",
            rels(&[("rId2", "hyperlink", &format!("http://x.gov.cn/{pct}"), true)]).into_bytes(),
        )],
    ));
    assert_eq!(r.verdict, Verdict::Block, "{:#?}", r.findings);
    assert_no_echo(&r, &id);
    // a plain link alone is no finding
    let r = scan(&docx(
        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
        &[(
            "word/_rels/document.xml.rels",
            rels(&[("rId2", "hyperlink", "http://www.gov.cn/zhengce/", true)]).into_bytes(),
        )],
    ));
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
}

// ---------------------------------------------------------------------------------------------
// 6. customXml

#[test]
fn custom_xml_items() {
    let id = id();
    let item = format!(
        r#"<?xml version="1.0"?><root xmlns="urn:x" xmlns:p="urn:p"><person id="{id}"><name>王五</name><note>备注 &amp; 说明</note></person><empty/></root>"#
    );
    let sources = r#"<?xml version="1.0"?><b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography" xmlns="http://schemas.openxmlformats.org/officeDocument/2006/bibliography" SelectedStyle="/APA.XSL" StyleName="APA"/>"#;
    let props = r#"<?xml version="1.0"?><ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml" ds:itemID="{EF278816-EC6F-A645-907D-7F25AECB1D4A}"><ds:schemaRefs><ds:schemaRef ds:uri="urn:x"/></ds:schemaRefs></ds:datastoreItem>"#;
    let ex = extract_docx(
        &docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
            &[
                ("customXml/item1.xml", item.into_bytes()),
                ("customXml/itemProps1.xml", props.as_bytes().to_vec()),
                ("customXml/item2.xml", sources.as_bytes().to_vec()),
                (
                    "customXml/_rels/item1.xml.rels",
                    b"<Relationships/>".to_vec(),
                ),
            ],
        ),
        &Limits::default(),
    );
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let t = seg_with(&ex, "王五");
    assert_eq!(t.layer, Layer::Hidden("hidden_text"));
    assert_eq!(t.text, "王五\n备注 & 说明");
    assert_eq!(loc_of(t).part.as_deref(), Some("customXml/item1.xml"));
    let a = seg_with(&ex, &id);
    assert_eq!(a.layer, Layer::Metadata("other"));
    // numbers and dates are scanned but are no hidden text by themselves
    let cover = r#"<?xml version="1.0"?><CoverPageProperties xmlns="http://schemas.microsoft.com/office/2006/coverPageProps"><PublishDate>2026-01-01</PublishDate><Abstract/><CompanyPhone>13800138000</CompanyPhone></CoverPageProperties>"#;
    let ex2 = extract_docx(
        &docx(
            "<w:p/>",
            &[("customXml/item3.xml", cover.as_bytes().to_vec())],
        ),
        &Limits::default(),
    );
    let c = seg_with(&ex2, "13800138000");
    assert_eq!(c.layer, Layer::Metadata("other"));
    assert_eq!(c.text, "2026-01-01\n13800138000");
    // itemProps is not read; bibliography sources with no content: attributes only
    assert!(!has_text(&ex, "EF278816"));
    assert_eq!(seg_with(&ex, "APA").layer, Layer::Metadata("other"));

    // a bibliography part without sources does not make a document review (dev corpus docs)
    let r = scan(&docx(
        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
        &[("customXml/item1.xml", sources.as_bytes().to_vec())],
    ));
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
}

// ---------------------------------------------------------------------------------------------
// 3. form fields and content controls

#[test]
fn form_fields_and_content_controls() {
    let id = id();
    let body = format!(
        r#"<w:p><w:r><w:t>第一段</w:t></w:r></w:p><w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text1"/><w:helpText w:type="text" w:val="帮助说明"/><w:textInput><w:default w:val="{id}"/></w:textInput></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>显示值</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:listEntry w:val="选项甲"/><w:listEntry w:val="选项乙"/></w:ddList><w:checkBox><w:default w:val="1"/></w:checkBox></w:ffData></w:fldChar></w:r></w:p><w:sdt><w:sdtPr><w:alias w:val="密级控件"/><w:tag w:val="tag-13800138000"/><w:dropDownList><w:listItem w:displayText="秘密" w:value="3"/></w:dropDownList></w:sdtPr><w:sdtContent><w:p><w:r><w:t>控件内容</w:t></w:r></w:p></w:sdtContent></w:sdt>"#
    );
    let ex = extract_docx(&docx(&body, &[]), &Limits::default());
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let f = seg_with(&ex, &id);
    assert_eq!(f.layer, Layer::Metadata("other"));
    assert_eq!(
        loc_of(f),
        Location {
            part: Some("word/document.xml".into()),
            paragraph: Some(2),
            field: Some("form_field".into()),
            ..Default::default()
        }
    );
    assert!(f.text.contains("帮助说明"));
    let d = seg_with(&ex, "选项甲");
    assert!(d.text.contains("选项乙"));
    // a check box's default is not text
    assert!(!d.text.contains('1'), "{:?}", d.text);
    assert_eq!(seg_with(&ex, "显示值").layer, Layer::Visible);
    assert_eq!(seg_with(&ex, "控件内容").layer, Layer::Visible);
    // a block-level content control's properties (outside any paragraph): part only
    let c = seg_with(&ex, "密级控件");
    assert_eq!(c.layer, Layer::Metadata("other"));
    assert_eq!(c.text, "密级控件\ntag-13800138000\n秘密\n3");
    assert_eq!(
        loc_of(c),
        Location {
            part: Some("word/document.xml".into()),
            field: Some("form_field".into()),
            ..Default::default()
        }
    );
    let r = scan(&docx(&body, &[]));
    assert_eq!(r.verdict, Verdict::Block, "{:#?}", r.findings);
    assert_no_echo(&r, &id);
    // a bare list of options in a form is no marking and no finding
    let plain = r#"<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:listEntry w:val="秘密"/><w:listEntry w:val="机密"/></w:ddList></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
    let r = scan(&docx(
        &format!("<w:p><w:r><w:t>表单</w:t></w:r></w:p>{plain}"),
        &[],
    ));
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
}

// ---------------------------------------------------------------------------------------------
// 9. tracked insertions

#[test]
fn tracked_insertion_location_and_message() {
    let body = r#"<w:p><w:r><w:t>第一段</w:t></w:r></w:p><w:p><w:ins w:id="2" w:author="王五"><w:r><w:t>新增内容</w:t></w:r></w:ins></w:p>"#;
    let ex = extract_docx(&docx(body, &[]), &Limits::default());
    let ne = ex
        .not_examined
        .iter()
        .find(|n| n.what == "tracked changes")
        .expect("tracked changes");
    assert_eq!(ne.location, Location::part_para("word/document.xml", 2));
    assert_eq!(seg_with(&ex, "新增内容").layer, Layer::Visible);

    let r = scan(&docx(body, &[]));
    let f = finding(&r, "hidden_content", "tracked_change").expect("tracked change finding");
    assert_eq!(f.location.paragraph, Some(2));
    assert!(!f.message.contains("已删除"), "{}", f.message);

    // insertion in a header only
    let hdr = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {W_NS}><w:p><w:ins w:id="1" w:author="x"><w:r><w:t>页眉新增</w:t></w:r></w:ins></w:p></w:hdr>"#
    );
    let ex = extract_docx(
        &docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
            &[("word/header1.xml", hdr.into_bytes())],
        ),
        &Limits::default(),
    );
    let ne = ex
        .not_examined
        .iter()
        .find(|n| n.what == "tracked changes")
        .expect("tracked changes in a header");
    assert_eq!(ne.location, Location::part_para("word/header1.xml", 1));

    // near miss: an inserted paragraph mark (rPr/ins) is no insertion of text
    let body = r#"<w:p><w:pPr><w:rPr><w:ins w:id="3" w:author="x"/></w:rPr></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>"#;
    let ex = extract_docx(&docx(body, &[]), &Limits::default());
    assert!(!ex.not_examined.iter().any(|n| n.what == "tracked changes"));
}

// ---------------------------------------------------------------------------------------------
// robustness

#[test]
fn hostile_layers_never_panic() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("word/styles.xml", b"\xff\xfe garbage <<<".to_vec()),
        (
            "word/settings.xml",
            b"<w:settings><w:docVar w:name=".to_vec(),
        ),
        ("word/charts/chart1.xml", b"<c:v>".repeat(10_000)),
        (
            "customXml/item1.xml",
            b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>".to_vec(),
        ),
        (
            "word/_rels/document.xml.rels",
            rels(&[("r", "hyperlink", "%%%ZZ%4", true)]).into_bytes(),
        ),
        ("word/embeddings/e.xlsx", b"PK\x05\x06".to_vec()),
        ("word/embeddings/e.bin", vec![0xD0, 0xCF, 0x11, 0xE0]),
    ];
    for (name, bytes) in cases {
        let ex = extract_docx(
            &docx("<w:p><w:r><w:t>正文</w:t></w:r></w:p>", &[(name, bytes)]),
            &Limits::default(),
        );
        assert!(has_text(&ex, "正文"), "{name}");
    }
    // a deep basedOn chain (longer than the cap) resolves without hanging
    let chain: String = (0..5000)
        .map(|i| {
            format!(
                r#"<w:style w:type="character" w:styleId="s{i}"><w:basedOn w:val="s{}"/></w:style>"#,
                i + 1
            )
        })
        .collect();
    let body = para("", &run(r#"<w:rStyle w:val="s0"/>"#));
    let ex = extract_docx(
        &docx(&body, &[("word/styles.xml", styles(&chain))]),
        &Limits::default(),
    );
    assert_eq!(seg_with(&ex, TARGET).layer, Layer::Visible);
}

#[test]
fn part_names_that_could_identify_are_not_in_locations() {
    let id = id();
    let hdr = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {W_NS}><w:p><w:r><w:t>页眉</w:t></w:r></w:p></w:hdr>"#
    );
    let emb = format!("word/embeddings/{id}.xlsx");
    let chart = "word/charts/chart13800138000.xml".to_string();
    let media = "word/media/li@x.gov.cn.png".to_string();
    let ex = extract_docx(
        &docx(
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
            &[
                (&format!("word/header{id}.xml"), hdr.into_bytes()),
                (&emb, workbook_with("嵌入")),
                (&chart, CHART.as_bytes().to_vec()),
                (&media, b"png".to_vec()),
                (&format!("word/embeddings/{id}.bin"), b"x".to_vec()),
            ],
        ),
        &Limits::default(),
    );
    assert!(has_text(&ex, "页眉") && has_text(&ex, "嵌入") && has_text(&ex, "各区补助人数"));
    let all = format!(
        "{:?}{:?}{:?}",
        ex.segments
            .iter()
            .map(|s| s.anchor.fixed_location())
            .collect::<Vec<_>>(),
        ex.problems,
        ex.not_examined
    );
    for secret in [id.as_str(), "13800138000", "li@x.gov.cn"] {
        assert!(!all.contains(secret), "{secret} in {all}");
    }
    // the directory and extension stay
    let l = loc_of(seg_with(&ex, "嵌入"));
    let e = l.entry.expect("entry");
    assert!(
        e.starts_with("word/embeddings/#") && e.ends_with(".xlsx"),
        "{e}"
    );
    // ordinary names are kept as they are
    let ex = extract_docx(
        &docx(
            "<w:p/>",
            &[("word/charts/chart1.xml", CHART.as_bytes().to_vec())],
        ),
        &Limits::default(),
    );
    assert_eq!(
        loc_of(seg_with(&ex, "各区补助人数")).part.as_deref(),
        Some("word/charts/chart1.xml")
    );
}

// ---------------------------------------------------------------------------------------------
// the title area: 版头 tables, data tables, floating text boxes, watermarks

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn table(rows: &[&[&str]]) -> String {
    let mut s = String::from("<w:tbl>");
    for r in rows {
        s.push_str("<w:tr>");
        for c in *r {
            s.push_str(&format!("<w:tc>{}</w:tc>", p(c)));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

fn marking_kinds(r: &Report) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.category == "classification_marking")
        .map(|f| f.kind.to_string())
        .collect()
}

#[test]
fn masthead_table_rows_are_title_area_data_rows_are_not() {
    let body_text = p("各区、县（市）人民政府：").repeat(3);
    // 版头 as a table (份号 / 密级 / 紧急程度 rows) above the title: 机密 in row 2 is a marking
    let head = table(&[
        &["份号", "000123"],
        &["密级", "机密"],
        &["紧急程度", "特急"],
    ]);
    let r = scan(&docx(
        &format!("{head}{}{body_text}", p("关于做好有关工作的通知")),
        &[],
    ));
    assert_eq!(marking_kinds(&r), vec!["state_secret"]);
    assert_eq!(r.verdict, Verdict::Block);
    // a table of data levels under the title: its rows are categories, not markings
    let data = table(&[
        &["级别", "说明"],
        &["机密", "泄露后对公共利益造成严重影响"],
        &["内部", "仅在本单位使用"],
        &["内部资料", "印发范围内使用"],
        &["不宜公开", "3"],
    ]);
    let r = scan(&docx(
        &format!("{}{data}{body_text}", p("政务数据安全级别划分表")),
        &[],
    ));
    assert!(marking_kinds(&r).is_empty(), "{:?}", r.findings);
    // a statistics table right under the title: 「内部」 in a data row is a category
    let stats = table(&[&["来源", "件数"], &["内部", "35"], &["外部", "12"]]);
    let r = scan(&docx(
        &format!("{}{stats}{body_text}", p("关于2025年信息报送情况的通报")),
        &[],
    ));
    assert!(marking_kinds(&r).is_empty(), "{:?}", r.findings);
}

#[test]
fn title_area_reaches_a_late_title_paragraph() {
    // seven short lines above the title (a page pasted from a portal), then a bare 秘密
    let nav: String = [
        "首页",
        "政务公开",
        "通知公告",
        "发布日期：2025-03-01",
        "来源：本站",
        "浏览次数：12",
        "打印本页",
    ]
    .iter()
    .map(|t| p(t))
    .collect();
    let body = format!(
        "{nav}{}{}{}",
        p("秘密"),
        p("关于开展安全生产大检查的通知"),
        p("各单位：").repeat(3)
    );
    assert_eq!(
        marking_kinds(&scan(&docx(&body, &[]))),
        vec!["state_secret"]
    );
    // a bare 秘密 on a line of its own far down is still a marking (CONTRACT §5: a standalone
    // line); inside a sentence it is running text
    let body = format!("{}{}", p("正文段落。").repeat(8), p("秘密"));
    assert_eq!(
        marking_kinds(&scan(&docx(&body, &[]))),
        vec!["state_secret"]
    );
    let body = format!(
        "{}{}",
        p("正文段落。").repeat(8),
        p("涉及秘密的内容不得公开。")
    );
    assert!(marking_kinds(&scan(&docx(&body, &[]))).is_empty());
}

#[test]
fn floating_text_box_and_watermark_markings() {
    // a text box holding only 秘密, anchored to the tenth paragraph, floated to the top
    let tb = r#"<w:p><w:r><w:drawing><wp:anchor><wp:docPr id="1" name="TB"/><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>秘密</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r><w:r><w:t>第十段正文。</w:t></w:r></w:p>"#;
    let body = format!("{}{}{tb}", p("关于开展检查的通知"), p("正文。").repeat(9));
    assert_eq!(
        marking_kinds(&scan(&docx(&body, &[]))),
        vec!["state_secret"]
    );
    // a text box with a sentence stays running text
    let tb2 = tb.replace("<w:t>秘密</w:t>", "<w:t>本段涉及秘密载体管理</w:t>");
    let body = format!("{}{}{tb2}", p("关于开展检查的通知"), p("正文。").repeat(9));
    assert!(marking_kinds(&scan(&docx(&body, &[]))).is_empty());
    // Word's watermark: VML WordArt in the header, the text in `string`
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {W_NS}><w:p><w:r><w:pict><v:shape id="PowerPlusWaterMarkObject1" type="&#35;_x0000_t136"><v:textpath style="font-family:&quot;宋体&quot;" string="内部资料"/></v:shape></w:pict></w:r></w:p></w:hdr>"#
    );
    let r = scan(&docx(
        &format!("{}{}", p("关于开展检查的通知"), p("正文。")),
        &[("word/header1.xml", header.into_bytes())],
    ));
    assert_eq!(marking_kinds(&r), vec!["internal"]);
}

#[test]
fn a_body_of_pictures_is_a_scanned_page_not_a_pass() {
    let pic = r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="图片 1"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId6"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#;
    let image_rels = rels(&[("rId6", "image", "media/image1.png", false)]);
    let build = |body: &str, rels_part: &str, with_rels: &str| {
        docx(
            body,
            &[
                (rels_part, with_rels.as_bytes().to_vec()),
                ("word/media/image1.png", b"\x89PNG".to_vec()),
            ],
        )
    };
    let long_text = "<w:p><w:r><w:t>关于做好二〇二五年城市防汛排涝工作的通知。各区、县（市）住房和城乡建设局，各有关单位：为切实做好今年汛期工作，现将有关事项通知如下。</w:t></w:r></w:p>";
    let title = "<w:p><w:r><w:t>关于某某工作的通知</w:t></w:r></w:p>";
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        (
            "picture only",
            build(pic, "word/_rels/document.xml.rels", &image_rels),
            true,
        ),
        (
            "typed title over a pasted scan",
            build(
                &format!("{title}{pic}"),
                "word/_rels/document.xml.rels",
                &image_rels,
            ),
            true,
        ),
        (
            "a text with a figure",
            build(
                &format!("{long_text}{pic}"),
                "word/_rels/document.xml.rels",
                &image_rels,
            ),
            false,
        ),
        (
            "a short text without pictures",
            build(title, "word/_rels/document.xml.rels", &rels(&[])),
            false,
        ),
        (
            "a logo in the header only",
            build(title, "word/_rels/header1.xml.rels", &image_rels),
            false,
        ),
    ];
    for (name, bytes, scanned) in cases {
        let ex = extract_docx(&bytes, &Limits::default());
        let flagged = ex
            .problems
            .iter()
            .any(|p| p.kind == "unsupported_format" && p.detail.contains("image-only"));
        assert_eq!(flagged, scanned, "{name}: {:?}", ex.problems);
        let r = scan(&bytes);
        if scanned {
            assert_eq!(r.verdict, Verdict::Review, "{name}");
            assert!(
                finding(&r, "unreadable", "unsupported_format").is_some(),
                "{name}"
            );
        } else {
            assert!(
                finding(&r, "unreadable", "unsupported_format").is_none(),
                "{name}"
            );
        }
    }
}

#[test]
fn a_units_account_named_in_the_paragraphs_above_is_no_card() {
    let acct = common::bank_card("1202", 19, 3);
    let para = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let unit = docx(
        &[
            para("收款单位：杭州市拱墅区公共资源交易中心"),
            para("开户银行：中国工商银行杭州拱墅支行"),
            para(&format!("账号：{acct}")),
        ]
        .concat(),
        &[],
    );
    let r = scan(&unit);
    assert!(
        finding(&r, "personal_info", "bank_card").is_none(),
        "{:#?}",
        r.findings
    );
    let person = docx(
        &[
            para("户名：张三"),
            para("开户银行：中国工商银行杭州拱墅支行"),
            para(&format!("账号：{acct}")),
        ]
        .concat(),
        &[],
    );
    let r = scan(&person);
    assert!(
        finding(&r, "personal_info", "bank_card").is_some(),
        "{:#?}",
        r.findings
    );
}

#[test]
fn text_only_the_fallback_holds_is_hidden_text() {
    let id = id();
    let alt = |choice: &str, fallback: &str| {
        format!(
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>{choice}</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{fallback}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#
        )
    };
    // the usual case: the fallback copies the text box
    let ex = extract_docx(
        &docx(&alt("联系人：王科长", "联系人：王科长"), &[]),
        &Limits::default(),
    );
    assert!(
        !ex.segments
            .iter()
            .any(|s| s.layer == Layer::Hidden("hidden_text")),
        "{:#?}",
        texts(&ex)
    );
    // the fallback holds something else: found, as hidden text
    let bytes = docx(&alt("联系人：王科长", &format!("身份证号{id}")), &[]);
    let ex = extract_docx(&bytes, &Limits::default());
    let s = seg_with(&ex, &id);
    assert_eq!(s.layer, Layer::Hidden("hidden_text"));
    assert_eq!(loc_of(s).field.as_deref(), Some("mc:Fallback"));
    let r = scan(&bytes);
    assert_eq!(r.verdict, Verdict::Block, "{:#?}", r.findings);
}

#[test]
fn a_table_of_the_levels_is_a_legend_not_a_marking() {
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    let row = |a: &str, b: &str| format!("<w:tr>{}{}</w:tr>", cell(a), cell(b));
    let table = format!(
        "<w:tbl>{}{}{}{}</w:tbl>",
        row("密级", "最长保密期限"),
        row("绝密", "30年"),
        row("机密", "20年"),
        row("秘密", "10年")
    );
    let body = format!("<w:p><w:r><w:t>一图读懂国家秘密的密级和保密期限</w:t></w:r></w:p>{table}");
    let r = scan(&docx(&body, &[]));
    assert!(
        finding(&r, "classification_marking", "state_secret").is_none(),
        "{:#?}",
        r.findings
    );
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
    // the table further down: only its first rows are in the title area
    let prose: String = (0..4)
        .map(|i| format!("<w:p><w:r><w:t>说明第{i}段。</w:t></w:r></w:p>"))
        .collect();
    let body =
        format!("<w:p><w:r><w:t>一图读懂国家秘密的密级和保密期限</w:t></w:r></w:p>{prose}{table}");
    let r = scan(&docx(&body, &[]));
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
    // one level above the title stays a marking
    let body =
        "<w:p><w:r><w:t>机密</w:t></w:r></w:p><w:p><w:r><w:t>关于某项工作的报告</w:t></w:r></w:p>";
    let r = scan(&docx(body, &[]));
    assert!(
        finding(&r, "classification_marking", "state_secret").is_some(),
        "{:#?}",
        r.findings
    );
}

#[test]
fn attached_documents_carry_their_own_marking() {
    let body_paras: String = (1..=8)
        .map(|i| p(&format!("第{i}段正文，按要求做好相关工作。")))
        .collect();
    let head = p("关于做好2025年医保支付方式改革工作的通知");
    // 工作秘密 above 「附件2」, 机密 below 「附件1」: each attachment's own title area
    for (mark, layout) in [
        ("机密", vec!["附件1", "机密", "医保基金测算表"]),
        ("工作秘密", vec!["工作秘密", "附件2", "定点医院名单"]),
    ] {
        let att: String = layout.iter().map(|t| p(t)).collect();
        let r = scan(&docx(&format!("{head}{body_paras}{att}"), &[]));
        assert_eq!(
            r.verdict,
            Verdict::Block,
            "{mark}: {:?}",
            r.findings.iter().map(|f| &f.kind).collect::<Vec<_>>()
        );
    }
    // two attachments with two levels are two markings, not a legend of levels
    let att: String = ["附件1", "机密", "测算表", "附件2", "秘密", "名单"]
        .iter()
        .map(|t| p(t))
        .collect();
    let r = scan(&docx(&format!("{head}{body_paras}{att}"), &[]));
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.category == "classification_marking")
            .count(),
        2
    );
    // near misses: the list of attachments after the body, and a bare word far from any
    // attachment heading, are running text
    let tail: String = [
        "附件：1．工作秘密管理台账",
        "第9段。",
        "第10段。",
        "第11段。",
        "工作秘密",
    ]
    .iter()
    .map(|t| p(t))
    .collect();
    let r = scan(&docx(&format!("{head}{body_paras}{tail}"), &[]));
    assert_eq!(r.verdict, Verdict::Pass, "{:?}", r.findings);
}

#[test]
fn glossary_document_is_read() {
    let id = common::resident_id("330106", "19850101", 9);
    let glossary = |text: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:glossaryDocument {W_NS}><w:docParts><w:docPart><w:docPartPr><w:name w:val="联系人"/></w:docPartPr><w:docPartBody>{}</w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>"#,
            p(text)
        )
        .into_bytes()
    };
    let body = p("关于做好2025年防汛工作的通知");
    let r = scan(&docx(
        &body,
        &[(
            "word/glossary/document.xml",
            glossary(&format!("联系人身份证号{id}")),
        )],
    ));
    let f = finding(&r, "personal_info", "cn_resident_id").expect("ID in the glossary");
    assert_eq!(f.layer, "metadata");
    assert_eq!(
        f.location.part.as_deref(),
        Some("word/glossary/document.xml")
    );
    assert_eq!(r.verdict, Verdict::Block);
    assert_no_echo(&r, &id);
    // an ordinary building block: read, nothing found, nothing left unexamined
    let r = scan(&docx(
        &body,
        &[(
            "word/glossary/document.xml",
            glossary("[在此处键入文档标题]"),
        )],
    ));
    assert_eq!(r.verdict, Verdict::Pass, "{:?}", r.findings);
    assert!(
        r.not_examined.iter().all(|n| !n.what.contains("glossary")),
        "{:?}",
        r.not_examined
    );
}

#[test]
fn hyperlink_tooltips_are_read() {
    let id = id();
    let body = format!(
        r#"<w:p><w:hyperlink w:anchor="a1" w:tooltip="联系人身份证号{id}"><w:r><w:t>详见附件</w:t></w:r></w:hyperlink></w:p><w:p><w:hyperlink w:anchor="a2" w:tooltip="机密★1年"><w:r><w:t>另见</w:t></w:r></w:hyperlink></w:p>"#
    );
    let r = scan(&docx(&body, &[]));
    assert!(finding(&r, "personal_info", "cn_resident_id").is_some());
    assert!(finding(&r, "classification_marking", "state_secret").is_some());
    assert_no_echo(&r, &id);
    // an ordinary tooltip passes
    let body = r#"<w:p><w:hyperlink w:anchor="a1" w:tooltip="跳转到第二部分"><w:r><w:t>详见下文</w:t></w:r></w:hyperlink></w:p>"#;
    let r = scan(&docx(body, &[]));
    assert_eq!(r.verdict, Verdict::Pass, "{:?}", r.findings);
}

// ---------------------------------------------------------------------------------------------
// ruby (拼音指南): the annotation is shown above the base, not inside the line

fn ruby(rt: &str, base: &str) -> String {
    format!(
        r#"<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/><w:hps w:val="10"/></w:rubyPr><w:rt><w:r><w:t>{rt}</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>{base}</w:t></w:r></w:rubyBase></w:ruby></w:r>"#
    )
}

#[test]
fn ruby_annotations_do_not_split_the_line() {
    let id = id();
    // (case, body, line expected in one segment, annotation segment, verdict)
    let cases: Vec<(&str, String, String, Option<&str>, Verdict)> = vec![
        (
            "marking with pinyin over each character",
            format!(
                "<w:p>{}{}<w:r><w:t>★1年</w:t></w:r></w:p><w:p><w:r><w:t>关于开展检查的通知</w:t></w:r></w:p>",
                ruby("jī", "机"),
                ruby("mì", "密")
            ),
            "机密★1年".into(),
            Some("jī mì"),
            Verdict::Block,
        ),
        (
            "ID whose middle digits carry an annotation",
            format!(
                "<w:p><w:r><w:t>身份证号：{}</w:t></w:r>{}<w:r><w:t>{}</w:t></w:r></w:p>",
                &id[..6],
                ruby("出生日期", &id[6..14]),
                &id[14..]
            ),
            format!("身份证号：{id}"),
            Some("出生日期"),
            Verdict::Block,
        ),
        (
            "near miss: pinyin over an ordinary title",
            format!(
                "<w:p>{}{}<w:r><w:t>通知</w:t></w:r></w:p>",
                ruby("guān", "关"),
                ruby("yú", "于")
            ),
            "关于通知".into(),
            Some("guān yú"),
            Verdict::Pass,
        ),
    ];
    for (case, body, line, ann, verdict) in cases {
        let bytes = docx(&body, &[]);
        let ex = extract_docx(&bytes, &Limits::default());
        let seg = seg_with(&ex, &line);
        assert_eq!(seg.layer, Layer::Visible, "{case}");
        if let Some(a) = ann {
            let s = seg_with(&ex, a);
            assert_eq!(s.layer, Layer::Visible, "{case}");
            assert_eq!(loc_of(s).field.as_deref(), Some("ruby"), "{case}");
            assert!(
                !seg.text.contains(a),
                "{case}: annotation spliced into the line"
            );
        }
        let r = scan(&bytes);
        assert_eq!(r.verdict, verdict, "{case}: {:#?}", r.findings);
        assert_no_echo(&r, &id);
    }
    // an identifier written as the annotation itself is read
    let bytes = docx(&format!("<w:p>{}</w:p>", ruby(&id, "张三")), &[]);
    let r = scan(&bytes);
    assert_eq!(r.verdict, Verdict::Block, "{:#?}", r.findings);
    assert_no_echo(&r, &id);
}

#[test]
fn list_labels_that_say_something_are_read() {
    let id = id();
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W_NS}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="none"/><w:lvlText w:val="秘密★1年"/></w:lvl><w:lvl w:ilvl="1"><w:lvlText w:val="第%1条"/></w:lvl><w:lvl w:ilvl="2"><w:lvlText w:val="（%1）"/></w:lvl><w:lvl w:ilvl="3"><w:lvlText w:val="%1.%2."/></w:lvl><w:lvl w:ilvl="4"><w:lvlText w:val="证号{id}"/></w:lvl></w:abstractNum></w:numbering>"#
    );
    let bytes = docx(
        "<w:p><w:r><w:t>关于开展检查的通知</w:t></w:r></w:p>",
        &[("word/numbering.xml", numbering.into_bytes())],
    );
    let ex = extract_docx(&bytes, &Limits::default());
    let s = seg_with(&ex, "秘密★1年");
    assert_eq!(s.layer, Layer::Visible);
    assert_eq!(loc_of(s).field.as_deref(), Some("lvlText"));
    // number patterns are no text of their own
    for pattern in ["第条", "（）", "第%1条"] {
        assert!(!has_text(&ex, pattern), "{pattern}: {:#?}", texts(&ex));
    }
    let r = scan(&bytes);
    assert_eq!(r.verdict, Verdict::Block, "{:#?}", r.findings);
    assert!(finding(&r, "classification_marking", "state_secret").is_some());
    assert!(finding(&r, "personal_info", "cn_resident_id").is_some());
    assert_no_echo(&r, &id);
}

/// The SVG copy of a picture (`word/media/*.svg`, what Office keeps beside a PNG fallback)
/// draws its text on the page: read as visible text at the picture's part, only its text
/// nodes (not the drawing data or an embedded base64 image in its attributes).
#[test]
fn svg_picture_text_is_read() {
    let id = id();
    let svg = format!(
        r##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="80"><style>.t{{font:12px sans-serif}}</style><rect width="400" height="80" fill="#fff"/><image href="data:image/png;base64,iVBORw0KGgo13812345678AAAA"/><text x="10" y="30" class="t">申请人<tspan>身份证号{id}</tspan></text></svg>"##
    );
    let bytes = docx(
        "<w:p><w:r><w:t>附图</w:t></w:r></w:p>",
        &[("word/media/image1.svg", svg.into_bytes())],
    );
    let ex = extract_docx(&bytes, &Limits::default());
    let s = seg_with(&ex, &id);
    assert_eq!(s.layer, Layer::Visible);
    let l = loc_of(s);
    assert_eq!(
        (l.part.as_deref(), l.field.as_deref()),
        (Some("word/media/image1.svg"), Some("svg_text"))
    );
    assert!(!has_text(&ex, "13812345678"), "{:#?}", texts(&ex));
    assert!(!has_text(&ex, "font:12px"), "{:#?}", texts(&ex));
    assert!(ex
        .not_examined
        .iter()
        .all(|n| n.location.part.as_deref() != Some("word/media/image1.svg")));
    let r = scan(&bytes);
    assert!(finding(&r, "personal_info", "cn_resident_id").is_some());
    assert_no_echo(&r, &id);
    // near miss: an icon with no text says nothing
    let icon = r#"<svg xmlns="http://www.w3.org/2000/svg"><path d="M1 2L3 4"/></svg>"#;
    let bytes = docx(
        "<w:p><w:r><w:t>附图</w:t></w:r></w:p>",
        &[("word/media/image2.svg", icon.as_bytes().to_vec())],
    );
    assert_eq!(scan(&bytes).verdict, Verdict::Pass);
}

/// A formatting change (`w:rPrChange`, `w:pPrChange`) names its reviser like an insertion or a
/// deletion does: the name is the document's metadata (author), read like any other; the
/// change itself is no tracked text.
#[test]
fn formatting_change_author_is_read() {
    let id = id();
    let body = format!(
        r#"<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="9" w:author="张三 {id}" w:date="2024-01-01T00:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t>通知正文</w:t></w:r></w:p>"#
    );
    let ex = extract_docx(&docx(&body, &[]), &Limits::default());
    let s = seg_with(&ex, &id);
    assert_eq!(s.layer, Layer::Metadata("author"));
    let r = scan(&docx(&body, &[]));
    assert!(finding(&r, "personal_info", "cn_resident_id").is_some());
    assert_no_echo(&r, &id);
    // near miss: a reviser's plain name is no finding
    let plain = body.replace(&format!(" {id}"), "");
    let r = scan(&docx(&plain, &[]));
    assert!(
        r.findings.iter().all(|f| f.category != "personal_info"),
        "{:?}",
        r.findings
    );
}

/// Names stored with the document that no reader sees on the page: a legacy form field's name,
/// a user's bookmark, a drawing's name, a protected range's editor, a smart tag's value, a
/// style's name, the people part and the web settings. Word's generated bookmarks
/// (`_Toc…`, `_GoBack`) and the default names are no finding.
#[test]
fn names_stored_with_the_document_are_read() {
    let secret = id();
    let hit = format!("张三{secret}");
    let drawing = |name: &str| {
        format!(
            r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="{name}"/></wp:inline></w:drawing></w:r></w:p>"#
        )
    };
    type Parts<'a> = Vec<(&'a str, Vec<u8>)>;
    let cases: Vec<(&str, String, Parts)> = vec![
        (
            "ffData name",
            format!(r#"<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{hit}"/><w:textInput/></w:ffData></w:fldChar></w:r><w:r><w:t>正文</w:t></w:r></w:p>"#),
            vec![],
        ),
        (
            "bookmark",
            format!(r#"<w:p><w:bookmarkStart w:id="0" w:name="{hit}"/><w:r><w:t>正文</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>"#),
            vec![],
        ),
        (
            "bookmark with a leading underscore and CJK",
            format!(r#"<w:p><w:bookmarkStart w:id="0" w:name="_{hit}"/><w:r><w:t>正文</w:t></w:r></w:p>"#),
            vec![],
        ),
        ("drawing name", drawing(&hit), vec![]),
        (
            "permission editor",
            format!(r#"<w:p><w:permStart w:id="1" w:ed="{hit}"/><w:r><w:t>正文</w:t></w:r></w:p>"#),
            vec![],
        ),
        (
            "smart tag attribute",
            format!(r#"<w:p><w:smartTag w:uri="urn:x" w:element="PersonName"><w:smartTagPr><w:attr w:name="ProductID" w:val="{hit}"/></w:smartTagPr><w:r><w:t>正文</w:t></w:r></w:smartTag></w:p>"#),
            vec![],
        ),
        (
            "style name",
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>".to_string(),
            vec![(
                "word/styles.xml",
                styles(&format!(
                    r#"<w:style w:type="paragraph" w:styleId="a1"><w:name w:val="{hit}"/></w:style>"#
                )),
            )],
        ),
        (
            "people part",
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>".to_string(),
            vec![(
                "word/people.xml",
                format!(r#"<w15:people xmlns:w15="urn:w15"><w15:person w15:author="{hit}"><w15:presenceInfo w15:providerId="None" w15:userId="x"/></w15:person></w15:people>"#).into_bytes(),
            )],
        ),
        (
            "web settings frame",
            "<w:p><w:r><w:t>正文</w:t></w:r></w:p>".to_string(),
            vec![(
                "word/webSettings.xml",
                format!(r#"<w:webSettings {W_NS}><w:frameset><w:frame><w:name w:val="{hit}"/></w:frame></w:frameset></w:webSettings>"#).into_bytes(),
            )],
        ),
    ];
    for (what, body, extra) in cases {
        let bytes = docx(&body, &extra);
        let r = scan(&bytes);
        assert!(
            finding(&r, "personal_info", "cn_resident_id").is_some(),
            "{what}: {:#?}",
            r.findings
        );
        assert_ne!(r.verdict, Verdict::Pass, "{what}");
        assert_no_echo(&r, &secret);
    }
    // near misses: generated bookmarks, default drawing and style names
    let body = format!(
        r#"<w:p><w:bookmarkStart w:id="0" w:name="_Toc123456789"/><w:bookmarkStart w:id="1" w:name="_GoBack"/><w:r><w:t>正文</w:t></w:r></w:p>{}"#,
        drawing("图片 1")
    );
    let st = styles(
        r#"<w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="a2"><w:name w:val="公文正文"/></w:style>"#,
    );
    let r = scan(&docx(&body, &[("word/styles.xml", st)]));
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
}

/// White text on the white page is hidden text; white text on a fill (a shaded paragraph, a
/// highlighted run, a table's header row, a coloured page, a text box) is what the reader sees.
#[test]
fn white_text_on_the_page_is_hidden_text() {
    let secret = id();
    let white = |rpr_extra: &str| {
        format!(
            r#"<w:r><w:rPr><w:color w:val="FFFFFF"/>{rpr_extra}</w:rPr><w:t>张三 {secret}</w:t></w:r>"#
        )
    };
    let first = "<w:p><w:r><w:t>关于开展工作的通知</w:t></w:r></w:p>";
    let hidden = format!("{first}<w:p>{}</w:p>", white(""));
    let ex = extract_docx(&docx(&hidden, &[]), &Limits::default());
    assert_eq!(
        seg_with(&ex, &secret).layer,
        Layer::Hidden("hidden_text"),
        "{:#?}",
        texts(&ex)
    );
    let near_white = hidden.replace("FFFFFF", "FEFEFE");
    let ex = extract_docx(&docx(&near_white, &[]), &Limits::default());
    assert_eq!(seg_with(&ex, &secret).layer, Layer::Hidden("hidden_text"));
    let shown: Vec<(&str, String)> = vec![
        (
            "shaded paragraph",
            format!(
                r#"{first}<w:p><w:pPr><w:shd w:val="clear" w:color="auto" w:fill="1F4E79"/></w:pPr>{}</w:p>"#,
                white("")
            ),
        ),
        (
            "highlighted run",
            format!(
                r#"{first}<w:p>{}</w:p>"#,
                white(r#"<w:highlight w:val="darkBlue"/>"#)
            ),
        ),
        (
            "shaded run",
            format!(
                r#"{first}<w:p>{}</w:p>"#,
                white(r#"<w:shd w:val="clear" w:color="auto" w:fill="C00000"/>"#)
            ),
        ),
        (
            "table header row",
            format!(
                r#"{first}<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:fill="1F4E79"/></w:tcPr><w:p>{}</w:p></w:tc></w:tr></w:tbl>"#,
                white("")
            ),
        ),
        (
            "black text",
            format!(
                "{first}<w:p>{}</w:p>",
                white("").replace("FFFFFF", "000000")
            ),
        ),
        (
            "automatic colour",
            format!("{first}<w:p>{}</w:p>", white("").replace("FFFFFF", "auto")),
        ),
    ];
    for (what, body) in shown {
        let ex = extract_docx(&docx(&body, &[]), &Limits::default());
        assert_eq!(seg_with(&ex, &secret).layer, Layer::Visible, "{what}");
    }
    // a coloured page: the background comes before the body
    let doc = document(&format!("{first}<w:p>{}</w:p>", white("")))
        .replace("<w:body>", r#"<w:background w:color="002060"/><w:body>"#);
    let bytes = zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", ROOT_RELS.as_bytes()),
            ("word/document.xml", doc.as_bytes()),
        ],
        true,
    );
    let ex = extract_docx(&bytes, &Limits::default());
    assert_eq!(
        seg_with(&ex, &secret).layer,
        Layer::Visible,
        "coloured page"
    );
    let r = scan(&docx(&hidden, &[]));
    assert!(
        finding(&r, "hidden_content", "hidden_text").is_some(),
        "{:#?}",
        r.findings
    );
    assert_no_echo(&r, &secret);
}
