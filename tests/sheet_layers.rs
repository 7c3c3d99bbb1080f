//! Spreadsheet layers the cell grid does not show: print headers/footers (xlsx and ods),
//! numeric literals with more digits than a double, empty hidden sheets, identifiers in sheet
//! and part names, text boxes and charts. Fixtures are built in code (rust_xlsxwriter, then
//! repacked with the `zip` crate where the writer cannot produce the case).

mod common;
use common::{edit_part, find, has_problem, loc_of, repack, texts, zip_of};

use baomi::detect::dictionary::Dictionary;
use baomi::extract::sheet::extract_sheet;
use baomi::extract::{Extracted, Layer, Limits, Location, Segment, Zone};
use baomi::policy::Policy;
use baomi::report::{Report, Responsibility};
use baomi::scan::{scan_bytes, Config};
use baomi::Lang;
use rust_xlsxwriter::{Chart, ChartType, Note, Shape, Workbook};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// helpers (zip_of, repack, loc_of, find, texts, has_problem: tests/common)

fn xlsx(bytes: &[u8]) -> Extracted {
    extract_sheet(bytes, "xlsx", &Limits::default())
}

/// Escapes text for an XML element.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Scans like `baomi scan --unit … --drafter …` (responsibility known, so a clean item passes),
/// in process; returns the report and its JSON.
fn scan(name: &str, bytes: &[u8]) -> (Report, Value) {
    let cfg = Config::new(Policy::builtin(), Dictionary::load(&[]).unwrap());
    let resp = Responsibility {
        unit: Some("办公室".into()),
        drafter: Some("王五".into()),
        reviewer: None,
        source: "cli".into(),
        batch: None,
    };
    let rep = scan_bytes(&cfg, name, bytes, Some(resp));
    let v = serde_json::to_value(&rep).unwrap();
    (rep, v)
}

/// A finding (category, kind) a case must give.
type Must = Option<(&'static str, &'static str)>;

fn verdict(v: &Value) -> &str {
    v["verdict"].as_str().unwrap()
}

fn findings(v: &Value) -> &Vec<Value> {
    v["findings"].as_array().unwrap()
}

fn kinds(v: &Value) -> Vec<String> {
    findings(v)
        .iter()
        .map(|f| {
            format!(
                "{}/{}",
                f["category"].as_str().unwrap(),
                f["kind"].as_str().unwrap()
            )
        })
        .collect()
}

fn has(v: &Value, category: &str, kind: &str) -> bool {
    findings(v)
        .iter()
        .any(|f| f["category"] == category && f["kind"] == kind)
}

fn finding<'a>(v: &'a Value, category: &str, kind: &str) -> &'a Value {
    findings(v)
        .iter()
        .find(|f| f["category"] == category && f["kind"] == kind)
        .unwrap_or_else(|| panic!("no {category}/{kind}: {:#}", v["findings"]))
}

/// Every rendering of a report (JSON, HTML, text, both languages) holds none of `secrets`.
fn assert_no_echo(rep: &Report, secrets: &[&str]) {
    let mut outs = vec![serde_json::to_string(rep).unwrap()];
    for lang in [Lang::Zh, Lang::En] {
        outs.push(baomi::report::html::render_item(rep, lang));
        outs.push(baomi::report::text::render_item(rep, lang, false, true));
    }
    for out in &outs {
        for s in secrets {
            assert!(!out.contains(s), "output echoes {s:?}:\n{out}");
        }
    }
}

/// A valid resident ID whose check character is a digit (it can be stored as a number).
fn numeric_id(area: &str, birth: &str) -> String {
    (100..999)
        .map(|seq| common::resident_id(area, birth, seq))
        .find(|id| !id.ends_with('X'))
        .unwrap()
}

/// A workbook with one sheet `名单` holding a title and a row, saved by rust_xlsxwriter.
fn one_sheet() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("名单").unwrap();
    ws.write_string(0, 0, "公示名单").unwrap();
    ws.write_string(1, 0, "正文内容").unwrap();
    wb.save_to_buffer().unwrap()
}

/// `one_sheet` with `<headerFooter>{inner}</headerFooter>` in its sheet part.
fn with_header_footer(inner: &str) -> Vec<u8> {
    let inner = inner.to_string();
    edit_part(&one_sheet(), "xl/worksheets/sheet1.xml", move |s| {
        assert!(!s.contains("<headerFooter"));
        s.replace(
            "</worksheet>",
            &format!("<headerFooter>{inner}</headerFooter></worksheet>"),
        )
    })
}

fn header_segments(ex: &Extracted) -> Vec<&Segment> {
    ex.segments
        .iter()
        .filter(|s| s.zone == Zone::HeaderFooter)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. print headers and footers

#[test]
fn xlsx_header_footer_codes_are_stripped() {
    // (header as Excel stores it, text scanned; None: nothing left after the codes)
    let cases: &[(&str, Option<&str>)] = &[
        ("&L秘密★1年", Some("秘密★1年")),
        (
            "&L秘密★1年&C关于某某的通知&R第&P页 共&N页",
            Some("秘密★1年\n关于某某的通知\n第页 共页"),
        ),
        ("&C&\"宋体,加粗\"&14机密", Some("机密")),
        ("&L&B内部&B资料", Some("内部资料")),
        ("&R&KFF0000工作秘密", Some("工作秘密")),
        ("&C&K01+000绝&U密&S&X&Y&E&O&H", Some("绝密")),
        ("&CA&&B", Some("A&B")),
        ("&C&P+10页", Some("页")),
        ("&C&P+110105199003071234", Some("+110105199003071234")),
        // a digit run after `&` longer than a font size is text, whole
        ("&C&110105199003071234", Some("110105199003071234")),
        // a colour followed by digits is text: no digit is lost to it
        ("&C&K110105199003071234", Some("110105199003071234")),
        // an unknown code keeps its character; an unclosed font name is text
        ("&Q秘", Some("Q秘")),
        ("&C&\"宋体机密", Some("\"宋体机密")),
        ("&C&D &T &F &A &Z &G", None),
        ("&C&P", None),
        ("&&", Some("&")),
        ("尾&", Some("尾")),
    ];
    for (raw, want) in cases {
        let ex = xlsx(&with_header_footer(&format!(
            "<oddHeader>{}</oddHeader>",
            esc(raw)
        )));
        assert!(ex.problems.is_empty(), "{raw}: {:?}", ex.problems);
        let hf = header_segments(&ex);
        match want {
            Some(w) => {
                assert_eq!(hf.len(), 1, "{raw}: {:#?}", texts(&ex));
                assert_eq!(hf[0].text, *w, "{raw}");
            }
            None => assert!(hf.is_empty(), "{raw}: {:#?}", texts(&ex)),
        }
    }
}

#[test]
fn xlsx_header_footer_kinds_layers_locations() {
    let inner = concat!(
        "<oddHeader>&amp;L奇数页眉</oddHeader><oddFooter>&amp;C奇数页脚</oddFooter>",
        "<evenHeader>&amp;R偶数页眉</evenHeader><evenFooter>偶数页脚</evenFooter>",
        "<firstHeader><![CDATA[&C首页页眉]]></firstHeader><firstFooter>首页&#x9875;脚</firstFooter>",
    );
    let bytes = edit_part(
        &with_header_footer(inner),
        "xl/worksheets/sheet1.xml",
        |s| {
            // the same header in a custom view is read once
            s.replace(
            "<headerFooter>",
            "<customSheetViews><customSheetView guid=\"{00000000-0000-0000-0000-000000000001}\"><headerFooter><oddHeader>&amp;L奇数页眉</oddHeader><evenHeader>视图页眉</evenHeader></headerFooter></customSheetView></customSheetViews><headerFooter differentOddEven=\"1\" differentFirst=\"1\">",
        )
        },
    );
    let ex = xlsx(&bytes);
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let got: Vec<(String, String)> = header_segments(&ex)
        .iter()
        .map(|s| (loc_of(s).field.unwrap(), s.text.clone()))
        .collect();
    let want = [
        ("oddHeader", "奇数页眉"),
        ("evenHeader", "视图页眉"),
        ("oddFooter", "奇数页脚"),
        ("evenHeader", "偶数页眉"),
        ("evenFooter", "偶数页脚"),
        ("firstHeader", "首页页眉"),
        ("firstFooter", "首页页脚"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    for s in header_segments(&ex) {
        assert_eq!(s.layer, Layer::Visible);
        let l = loc_of(s);
        assert_eq!(l.sheet.as_deref(), Some("名单"));
        assert_eq!(l.part.as_deref(), Some("xl/worksheets/sheet1.xml"));
        assert_eq!((l.cell, l.paragraph), (None, None));
    }
    // the cells are still read
    assert_eq!(find(&ex, "公示名单").zone, Zone::Title);
}

#[test]
fn xlsx_header_written_by_rust_xlsxwriter() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "统计表").unwrap();
    ws.set_header("&L秘密★1年&C&\"黑体,常规\"&16统计表&R&[Page]");
    ws.set_footer("&C第 &P 页 共 &N 页");
    let bytes = wb.save_to_buffer().unwrap();
    let ex = xlsx(&bytes);
    let hf = header_segments(&ex);
    assert_eq!(hf.len(), 2, "{:#?}", texts(&ex));
    assert_eq!(hf[0].text, "秘密★1年\n统计表");
    assert_eq!(loc_of(hf[0]).field.as_deref(), Some("oddHeader"));
    assert_eq!(hf[1].text.trim(), "第  页 共  页");
    let (_, v) = scan("统计表.xlsx", &bytes);
    assert_eq!(verdict(&v), "block", "{:#}", v["findings"]);
    let m = finding(&v, "classification_marking", "state_secret");
    assert_eq!(m["location"]["field"], "oddHeader");
    assert_eq!(m["location"]["sheet"], "Sheet1");
}

#[test]
fn xlsx_header_footer_verdicts() {
    let id = numeric_id("110105", "19900307");
    // (oddFooter as stored, verdict, a finding it must give)
    let cases: Vec<(String, &str, Must)> = vec![
        // hits
        (
            "&L秘密★1年".into(),
            "block",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "&C机密".into(),
            "block",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "&R内部资料".into(),
            "block",
            Some(("classification_marking", "internal")),
        ),
        (
            "&C工作秘密".into(),
            "block",
            Some(("classification_marking", "work_secret")),
        ),
        (
            format!("&L联系人身份证{id}"),
            "block",
            Some(("personal_info", "cn_resident_id")),
        ),
        // evasions: codes inside the marking, zero-width and full-width characters
        (
            "&L秘&B密★&I1年".into(),
            "block",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "&C机&\"Arial\"密".into(),
            "block",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "&C机\u{200b}密".into(),
            "block",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "&C&14机&K00FF00密".into(),
            "block",
            Some(("classification_marking", "state_secret")),
        ),
        (
            format!("&C&{id}"),
            "block",
            Some(("personal_info", "cn_resident_id")),
        ),
        // near misses
        ("&C第&P页，共&N页".into(), "pass", None),
        ("&C做好保密审查工作".into(), "pass", None),
        ("&L&D&R&T".into(), "pass", None),
        ("&C&&".into(), "pass", None),
    ];
    for (raw, want, must) in &cases {
        let bytes = with_header_footer(&format!("<oddFooter>{}</oddFooter>", esc(raw)));
        let (rep, v) = scan("公示.xlsx", &bytes);
        assert_eq!(verdict(&v), *want, "{raw}: {:?}", kinds(&v));
        if let Some((c, k)) = must {
            let f = finding(&v, c, k);
            assert_eq!(f["location"]["field"], "oddFooter", "{raw}");
            assert_eq!(f["location"]["part"], "xl/worksheets/sheet1.xml", "{raw}");
        }
        assert_no_echo(&rep, &[id.as_str()]);
    }
}

/// A minimal ods with one table and `styles.xml` holding `master_styles`.
fn ods_with_styles(master_styles: &str) -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="名单"><table:table-column/><table:table-row><table:table-cell office:value-type="string"><text:p>公示名单</text:p></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:styles/><office:master-styles>{master_styles}</office:master-styles></office:document-styles>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
            ("styles.xml", styles.as_bytes()),
        ],
        false,
    )
}

#[test]
fn ods_master_page_headers_and_footers() {
    let master = concat!(
        r#"<style:master-page style:name="Default" style:page-layout-name="Mpm1">"#,
        r#"<style:header><style:region-left><text:p>秘密★1年</text:p></style:region-left>"#,
        r#"<style:region-center><text:p><text:sheet-name>???</text:sheet-name></text:p></style:region-center></style:header>"#,
        r#"<style:header-left style:display="false"><text:p>内部<text:s/>资料</text:p></style:header-left>"#,
        r#"<style:footer><text:p>第<text:page-number>1</text:page-number>页</text:p><text:p>共<text:page-count>9</text:page-count>页</text:p></style:footer>"#,
        r#"<style:footer-left/></style:master-page>"#,
        // a second page style with the same header: read once
        r#"<style:master-page style:name="Report"><style:header><style:region-left><text:p>秘密★1年</text:p></style:region-left></style:header>"#,
        r#"<style:footer><text:p><text:date>2026-01-01</text:date><text:tab/><text:time>10:00</text:time></text:p></style:footer></style:master-page>"#,
    );
    let bytes = ods_with_styles(master);
    let ex = extract_sheet(&bytes, "ods", &Limits::default());
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let got: Vec<(String, String, Layer)> = header_segments(&ex)
        .iter()
        .map(|s| (loc_of(s).field.unwrap(), s.text.clone(), s.layer))
        .collect();
    assert_eq!(
        got,
        vec![
            ("style:header".into(), "秘密★1年".into(), Layer::Visible),
            (
                "style:header-left".into(),
                "内部 资料".into(),
                Layer::Visible
            ),
            ("style:footer".into(), "第页\n共页".into(), Layer::Visible),
        ]
    );
    let l = loc_of(header_segments(&ex)[0]);
    assert_eq!(l.part.as_deref(), Some("styles.xml"));
    find(&ex, "公示名单");
    let (_, v) = scan("名单.ods", &bytes);
    assert_eq!(verdict(&v), "block");
    assert_eq!(
        finding(&v, "classification_marking", "state_secret")["location"]["part"],
        "styles.xml"
    );
    // near miss: page fields only
    let plain = ods_with_styles(
        r#"<style:master-page style:name="Default"><style:footer><text:p>第<text:page-number>1</text:page-number>页</text:p></style:footer></style:master-page>"#,
    );
    let (_, v) = scan("名单.ods", &plain);
    assert_eq!(verdict(&v), "pass", "{:?}", kinds(&v));
    // a damaged styles.xml is a problem; the cells are still read
    let broken = ods_with_styles("<style:master-page><style:header><text:p>秘密");
    let ex = extract_sheet(&broken, "ods", &Limits::default());
    assert!(has_problem(&ex, "corrupt"), "{:?}", ex.problems);
    find(&ex, "公示名单");
}

// ---------------------------------------------------------------------------------------------
// 2. numeric cells: the digits the literal holds

/// A sheet `名单` whose column B holds each literal as a numeric cell's `<v>` (no `t`).
fn numbers_xlsx(literals: &[String]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("名单").unwrap();
    ws.write_string(0, 0, "号码表").unwrap();
    for (i, _) in literals.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, "姓名").unwrap();
        ws.write_number(r, 1, 7000.0 + r as f64).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let literals = literals.to_vec();
    edit_part(&bytes, "xl/worksheets/sheet1.xml", move |mut s| {
        for (i, lit) in literals.iter().enumerate() {
            let marker = format!("<v>{}</v>", 7000 + i + 1);
            assert!(s.contains(&marker), "{marker} in {s}");
            s = s.replace(&marker, &format!("<v>{lit}</v>"));
        }
        s
    })
}

/// A Luhn-valid card number of `len` digits whose last digit is not 0 (so that its digits
/// are more than 15 significant ones).
fn card(len: usize) -> String {
    (1..100)
        .map(|seed| common::bank_card("622202", len, seed))
        .find(|c| !c.ends_with('0'))
        .unwrap()
}

#[test]
fn xlsx_numeric_literals_keep_their_digits() {
    let id = numeric_id("440308", "19851120");
    let card19 = card(19);
    let card16 = card(16);
    assert!(common::luhn_valid(&card19) && common::luhn_valid(&card16));
    // (literal in <v>, cell text, precision note)
    let cases: Vec<(String, String, bool)> = vec![
        // hits: every digit is in the file
        (id.clone(), id.clone(), false),
        (card19.clone(), card19.clone(), false),
        (card16.clone(), card16.clone(), false),
        (format!(" {id} "), id.clone(), false),
        (format!("{id}.0"), id.clone(), false),
        (format!("{}.{}E17", &id[..1], &id[1..]), id.clone(), false),
        (
            format!("{}.{}e+18", &card19[..1], &card19[1..]),
            card19.clone(),
            false,
        ),
        (format!("-{id}"), format!("-{id}"), false),
        // written from a double: the trailing digits are noise, the text keeps 15 digits
        // and says so
        ("3.30106E+17".into(), "330106000000000***".into(), true),
        (
            "3.3010619900101126E+17".into(),
            "330106199001011***".into(),
            true,
        ),
        (
            "330106199001011260".into(),
            "330106199001011***".into(),
            true,
        ),
        (
            "330106199001011000".into(),
            "330106199001011***".into(),
            true,
        ),
        (
            "3.30106199001011E+17".into(),
            "330106199001011***".into(),
            true,
        ),
        // Excel keeps 15 digits of a typed 16-digit card
        ("6222021234567890".into(), "622202123456789*".into(), true),
        // near misses: short numbers and fractions are as before
        ("123456789012345".into(), "123456789012345".into(), false),
        ("13800138000".into(), "13800138000".into(), false),
        ("0.5".into(), "0.5".into(), false),
        (
            "1234567890123456.5".into(),
            "1234567890123456.5".into(),
            false,
        ),
    ];
    // a sheet of exact literals, and one typed in Excel (every long number a double's form):
    // a sheet is read as written exactly as soon as one literal holds more than 15
    // significant digits (see the next test), so the two kinds go on separate sheets
    let check = |cases: Vec<&(String, String, bool)>| {
        let literals: Vec<String> = cases.iter().map(|c| c.0.clone()).collect();
        let ex = xlsx(&numbers_xlsx(&literals));
        assert!(ex.problems.is_empty(), "{:?}", ex.problems);
        for (i, (lit, text, note)) in cases.iter().enumerate() {
            let cell = format!("B{}", i + 2);
            let seg = ex
                .segments
                .iter()
                .find(|s| loc_of(s).cell.as_deref() == Some(cell.as_str()))
                .unwrap_or_else(|| panic!("{lit}: no cell {cell}"));
            assert_eq!(&seg.text, text, "{lit}");
            let noted = ex.not_examined.iter().any(|n| {
                n.what == "numeric cell precision"
                    && n.location == Location::cell("名单", cell.clone())
            });
            assert_eq!(noted, *note, "{lit}: {:?}", ex.not_examined);
        }
    };
    check(cases.iter().filter(|c| !c.2).collect());
    check(
        cases
            .iter()
            .filter(|c| c.2 || (c.0 == c.1 && (c.0.len() < 16 || c.0.contains('.'))))
            .collect(),
    );

    // through the pipeline: the whole ID and card are found (block), and never echoed
    let (rep, v) = scan("名单.xlsx", &numbers_xlsx(&[id.clone(), card19.clone()]));
    assert_eq!(verdict(&v), "block", "{:?}", kinds(&v));
    let f = finding(&v, "personal_info", "cn_resident_id");
    assert_eq!(f["location"]["cell"], "B2");
    assert!(f.get("masked").is_none() || f["masked"] == false, "{f:#}");
    assert_eq!(
        finding(&v, "personal_info", "bank_card")["location"]["cell"],
        "B3"
    );
    assert!(v["not_examined"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["what"] != "numeric cell precision"));
    assert_no_echo(&rep, &[id.as_str(), card19.as_str()]);
}

#[test]
fn xlsx_long_numbers_exact_when_the_sheet_shows_an_exact_writer() {
    // 16-digit codes written by a script: some end in 0. Excel would have zeroed every tail, so
    // one code with a 16th significant digit shows the sheet holds exact digits, and the
    // codes ending in 0 are exact too (not cards with a lost last digit)
    let codes: Vec<String> = (0..6u64)
        .map(|i| {
            let mut c = common::non_luhn("6228", 16, 40 + i);
            if i % 2 == 0 {
                c.replace_range(15.., "0");
            }
            c
        })
        .collect();
    let ex = xlsx(&numbers_xlsx(&codes));
    for (i, c) in codes.iter().enumerate() {
        let seg = ex
            .segments
            .iter()
            .find(|s| loc_of(s).cell.as_deref() == Some(format!("B{}", i + 2).as_str()))
            .expect("cell");
        assert_eq!(&seg.text, c);
    }
    assert!(ex
        .not_examined
        .iter()
        .all(|n| n.what != "numeric cell precision"));
    // every long number ends in zeros: typed in Excel, the tails are lost
    let typed: Vec<String> = codes.iter().map(|c| format!("{}0", &c[..15])).collect();
    let ex = xlsx(&numbers_xlsx(&typed));
    assert!(ex
        .not_examined
        .iter()
        .any(|n| n.what == "numeric cell precision"));
}

#[test]
fn xlsx_numeric_literal_only_for_plain_numeric_cells() {
    let id = numeric_id("440308", "19851120");
    let base = numbers_xlsx(&["7".into()]);
    // a cell typed as an error, boolean or shared string is not a number: its <v> is not
    // read as digits (a string cell with the digits is read by calamine as text)
    for (t, expect_digits) in [
        (r#" t="n""#, true),
        (r#" t="e""#, false),
        (r#" t="b""#, false),
    ] {
        let id2 = id.clone();
        let bytes = edit_part(&base, "xl/worksheets/sheet1.xml", move |s| {
            s.replace(
                r#"<c r="B2"><v>7</v></c>"#,
                &format!(r#"<c r="B2"{t}><v>{id2}</v></c>"#),
            )
        });
        let ex = xlsx(&bytes);
        let got = ex.segments.iter().any(|s| s.text == id);
        assert_eq!(got, expect_digits, "t={t}: {:#?}", texts(&ex));
    }
}

// ---------------------------------------------------------------------------------------------
// 3. hidden sheets: hidden content only when they hold text

/// A workbook whose first sheet `名单` is visible and ordinary and whose second sheet is
/// hidden and built by `make`; `very` makes it veryHidden.
fn with_hidden_sheet(
    name: &str,
    very: bool,
    make: impl FnOnce(&mut rust_xlsxwriter::Worksheet),
) -> Vec<u8> {
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name("名单").unwrap();
        ws.write_string(0, 0, "公示名单").unwrap();
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        make(ws);
        ws.set_hidden(true);
    }
    let bytes = wb.save_to_buffer().unwrap();
    if very {
        edit_part(&bytes, "xl/workbook.xml", |s| {
            assert!(s.contains(r#"state="hidden""#));
            s.replace(r#"state="hidden""#, r#"state="veryHidden""#)
        })
    } else {
        bytes
    }
}

#[test]
fn empty_hidden_sheets_are_not_findings() {
    let id = numeric_id("110105", "19900307");
    type Make = Box<dyn FnOnce(&mut rust_xlsxwriter::Worksheet)>;
    // (sheet name, veryHidden, content, verdict, hidden_sheet finding, a finding it must give)
    let cases: Vec<(String, bool, Make, &str, bool, Must)> = vec![
        // near misses: nothing in the hidden sheet
        ("备用".into(), false, Box::new(|_| {}), "pass", false, None),
        ("备用".into(), true, Box::new(|_| {}), "pass", false, None),
        (
            "空白".into(),
            false,
            Box::new(|ws| {
                ws.write_string(3, 3, "  ").unwrap();
            }),
            "pass",
            false,
            None,
        ),
        (
            "页码".into(),
            false,
            Box::new(|ws| {
                ws.set_footer("&C第 &P 页");
            }),
            "pass",
            false,
            None,
        ),
        // hits: text in the hidden sheet
        (
            "备注".into(),
            false,
            Box::new(|ws| {
                ws.write_string(0, 0, "内部备注").unwrap();
            }),
            "review",
            true,
            None,
        ),
        (
            "备注".into(),
            true,
            Box::new(|ws| {
                ws.write_number(5, 5, 42.0).unwrap();
            }),
            "review",
            true,
            None,
        ),
        (
            "批注".into(),
            false,
            Box::new(|ws| {
                ws.insert_note(0, 0, &Note::new("只有批注").add_author_prefix(false))
                    .unwrap();
            }),
            "review",
            true,
            Some(("hidden_content", "comment")),
        ),
        (
            "文本框".into(),
            false,
            Box::new(|ws| {
                ws.insert_shape(2, 2, &Shape::textbox().set_text("只有文本框"))
                    .unwrap();
            }),
            "review",
            true,
            None,
        ),
        // an empty hidden sheet's name and header are still scanned
        (
            "秘密★1年".into(),
            false,
            Box::new(|_| {}),
            "block",
            false,
            Some(("classification_marking", "state_secret")),
        ),
        (
            id.clone(),
            true,
            Box::new(|_| {}),
            "block",
            false,
            Some(("personal_info", "cn_resident_id")),
        ),
        (
            "备用".into(),
            false,
            Box::new(|ws| {
                ws.set_header("&C机密");
            }),
            "block",
            false,
            Some(("classification_marking", "state_secret")),
        ),
    ];
    for (name, very, make, want, hidden_finding, must) in cases {
        let bytes = with_hidden_sheet(&name, very, make);
        let ex = xlsx(&bytes);
        assert!(ex.problems.is_empty(), "{name}: {:?}", ex.problems);
        let name_seg = find(&ex, &name);
        assert_eq!(name_seg.zone, Zone::SheetName);
        let want_layer = if hidden_finding {
            Layer::Hidden("hidden_sheet")
        } else {
            Layer::Visible
        };
        assert_eq!(name_seg.layer, want_layer, "{name}");
        let (rep, v) = scan("名单.xlsx", &bytes);
        assert_eq!(verdict(&v), want, "{name}: {:?}", kinds(&v));
        assert_eq!(
            has(&v, "hidden_content", "hidden_sheet"),
            hidden_finding,
            "{name}: {:?}",
            kinds(&v)
        );
        if let Some((c, k)) = must {
            finding(&v, c, k);
        }
        assert_no_echo(&rep, &[id.as_str()]);
    }
}

#[test]
fn hidden_sheet_with_content_keeps_its_layers() {
    let bytes = with_hidden_sheet("隐藏表", false, |ws| {
        ws.write_string(0, 0, "秘密★1年").unwrap();
        ws.set_header("&L隐藏表页眉");
    });
    let ex = xlsx(&bytes);
    assert_eq!(find(&ex, "隐藏表").layer, Layer::Hidden("hidden_sheet"));
    let cell = find(&ex, "秘密★1年");
    assert_eq!(cell.layer, Layer::Hidden("hidden_sheet"));
    let h = find(&ex, "隐藏表页眉");
    assert_eq!(
        (h.layer, h.zone),
        (Layer::Hidden("hidden_sheet"), Zone::HeaderFooter)
    );
    let (_, v) = scan("名单.xlsx", &bytes);
    assert_eq!(verdict(&v), "block");
    let hs = finding(&v, "hidden_content", "hidden_sheet");
    assert_eq!(hs["location"]["sheet"], "隐藏表");
    // one finding for the sheet, not one per segment
    assert_eq!(
        findings(&v)
            .iter()
            .filter(|f| f["kind"] == "hidden_sheet")
            .count(),
        1
    );
}

// ---------------------------------------------------------------------------------------------
// 4. identifiers in sheet and part names never reach a location

#[test]
fn identifiers_in_sheet_and_part_names_stay_out_of_locations() {
    let id = numeric_id("110105", "19900307");
    let id2 = common::resident_id("330106", "19851230", 321);
    let spaced = format!("{} {} {}", &id2[..6], &id2[6..14], &id2[14..]);
    let wide = common::fullwidth(&numeric_id("440305", "19760229"));
    let mobile = "13800138000";
    let names: Vec<String> = vec![
        id.clone(),
        format!("张三{mobile}"),
        wide.clone(),
        format!("身份证{spaced}"),
        "zhang.san@gov.cn".into(),
        "浙A12345".into(),
        // near misses: names that keep their name
        "2024年度".into(),
        "第1季度".into(),
        "Sheet1234".into(),
    ];
    let mut wb = Workbook::new();
    for (i, n) in names.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(n).unwrap();
        ws.write_string(0, 0, "名单").unwrap();
        ws.write_string(1, 0, "联系电话").unwrap();
        ws.write_string(1, 1, "0571-87654321").unwrap();
        ws.insert_note(1, 0, &Note::new("批注").add_author_prefix(false))
            .unwrap();
        ws.set_header("&C页眉");
        if i == 1 {
            ws.insert_shape(3, 3, &Shape::textbox().set_text("文本框"))
                .unwrap();
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    // a sheet-scoped name, an image and an embedded object named by identifiers
    let bytes = edit_part(&bytes, "xl/workbook.xml", |s| {
        s.replace(
            "</sheets>",
            r#"</sheets><definedName name="联系人" localSheetId="0">"内部"</definedName>"#,
        )
        .replace("<definedName ", "<definedNames><definedName ")
        .replace("</definedName>", "</definedName></definedNames>")
    });
    let media = format!("xl/media/{id}.png");
    let emb = format!("xl/embeddings/{}.bin", common::fullwidth(mobile));
    let bytes = repack(
        &bytes,
        |_, v| v,
        &[
            (media.as_str(), b"\x89PNG\r\n\x1a\nnot really"),
            (emb.as_str(), b"x"),
        ],
    );
    let ex = xlsx(&bytes);
    // the embedded object (no package of a kind that is read) fails closed
    assert!(
        ex.problems.iter().all(|p| p.kind == "unsupported_format"
            && p.location
                .part
                .as_deref()
                .is_some_and(|p| p.starts_with("xl/embeddings/#"))),
        "{:?}",
        ex.problems
    );
    let labels = [
        "sheet#1",
        "sheet#2",
        "sheet#3",
        "sheet#4",
        "sheet#5",
        "sheet#6",
        "2024年度",
        "第1季度",
        "Sheet1234",
    ];
    // every location names the sheet by its label; the names are still scanned
    for s in &ex.segments {
        let l = loc_of(s);
        if let Some(sh) = &l.sheet {
            assert!(labels.contains(&sh.as_str()), "{sh:?} for {:?}", s.text);
        }
    }
    for (i, n) in names.iter().enumerate() {
        let seg = find(&ex, n);
        assert_eq!(seg.zone, Zone::SheetName);
        assert_eq!(loc_of(seg).sheet.as_deref(), Some(labels[i]));
    }
    let hf = header_segments(&ex);
    assert_eq!(loc_of(hf[0]).sheet.as_deref(), Some("sheet#1"));
    let tb = find(&ex, "文本框");
    assert_eq!(loc_of(tb).sheet.as_deref(), Some("sheet#2"));
    let dn = find(&ex, "\"内部\"");
    assert_eq!(loc_of(dn).sheet.as_deref(), Some("sheet#1"));
    // parts named by identifiers are listed under a hash of their name
    let parts: Vec<String> = ex
        .not_examined
        .iter()
        .filter_map(|n| n.location.part.clone())
        .collect();
    assert!(
        parts
            .iter()
            .any(|p| p.starts_with("xl/media/#") && p.ends_with(".png")),
        "{parts:?}"
    );
    assert!(
        ex.problems.iter().any(|p| p
            .location
            .part
            .as_deref()
            .is_some_and(|p| p.starts_with("xl/embeddings/#") && p.ends_with(".bin"))),
        "{:?}",
        ex.problems
    );

    let (rep, v) = scan("名单.xlsx", &bytes);
    assert_eq!(verdict(&v), "block", "{:?}", kinds(&v));
    // the identifiers in the names are found, located by label
    let ids: Vec<&Value> = findings(&v)
        .iter()
        .filter(|f| f["kind"] == "cn_resident_id")
        .collect();
    let sheets: Vec<&str> = ids
        .iter()
        .filter_map(|f| f["location"]["sheet"].as_str())
        .collect();
    for l in ["sheet#1", "sheet#3", "sheet#4"] {
        assert!(sheets.contains(&l), "{l}: {sheets:?}");
    }
    assert!(findings(&v)
        .iter()
        .any(|f| f["kind"] == "cn_mobile" && f["location"]["sheet"] == "sheet#2"));
    let wide_mobile = common::fullwidth(mobile);
    assert_no_echo(
        &rep,
        &[
            id.as_str(),
            id2.as_str(),
            spaced.as_str(),
            wide.as_str(),
            mobile,
            wide_mobile.as_str(),
            "zhang.san@gov.cn",
            "A12345",
        ],
    );

    // a sheet over the cell budget: the problem is located by label too
    let limits = Limits {
        max_cells: 1,
        ..Limits::default()
    };
    let ex = extract_sheet(&bytes, "xlsx", &limits);
    assert!(has_problem(&ex, "limit_exceeded"));
    for p in &ex.problems {
        if let Some(sh) = &p.location.sheet {
            assert!(labels.contains(&sh.as_str()), "{p:?}");
        }
        assert!(!format!("{:?}", p.location).contains(&id), "{p:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 5. text boxes and charts

/// `名单` with a text box and a column chart of `数据` (names in A2:A4, amounts in B2:B4);
/// `hide_data` hides `数据`.
fn chart_xlsx(title: &str, box_text: &str, hide_data: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    let mut chart = Chart::new(ChartType::Column);
    chart.title().set_name(title);
    chart
        .add_series()
        .set_name(("数据", 0, 1))
        .set_categories(("数据", 1, 0, 3, 0))
        .set_values(("数据", 1, 1, 3, 1));
    {
        let ws = wb.add_worksheet();
        ws.set_name("名单").unwrap();
        ws.write_string(0, 0, "汇总").unwrap();
        ws.insert_shape(0, 3, &Shape::textbox().set_text(box_text))
            .unwrap();
        ws.insert_chart(5, 0, &chart).unwrap();
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("数据").unwrap();
        ws.write_string(0, 0, "姓名").unwrap();
        ws.write_string(0, 1, "金额").unwrap();
        for (r, (n, a)) in [("张三", 100.0), ("李四", 200.0), ("王五", 300.0)]
            .iter()
            .enumerate()
        {
            ws.write_string(r as u32 + 1, 0, *n).unwrap();
            ws.write_number(r as u32 + 1, 1, *a).unwrap();
        }
        if hide_data {
            ws.set_hidden(true);
        }
    }
    wb.save_to_buffer().unwrap()
}

fn chart_part(ex: &Extracted) -> Vec<(String, String, Layer, Zone)> {
    ex.segments
        .iter()
        .filter(|s| {
            loc_of(s)
                .part
                .is_some_and(|p| p.starts_with("xl/charts/") || p.starts_with("xl/drawings/"))
        })
        .map(|s| {
            let l = loc_of(s);
            (
                format!(
                    "{}|{}|{}|{}",
                    l.part.unwrap_or_default(),
                    l.sheet.unwrap_or_default(),
                    l.field.unwrap_or_default(),
                    l.paragraph.map(|p| p.to_string()).unwrap_or_default()
                ),
                s.text.clone(),
                s.layer,
                s.zone,
            )
        })
        .collect()
}

#[test]
fn text_boxes_and_charts_are_read() {
    let ex = xlsx(&chart_xlsx("收支情况", "第一行\n第二行", false));
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let got = chart_part(&ex);
    let d = "xl/drawings/drawing1.xml|名单|";
    let c = "xl/charts/chart1.xml|名单|";
    let want: Vec<(String, String, Layer, Zone)> = vec![
        (
            format!("{d}|1"),
            "第一行".into(),
            Layer::Visible,
            Zone::Title,
        ),
        (
            format!("{d}|2"),
            "第二行".into(),
            Layer::Visible,
            Zone::Title,
        ),
        (
            format!("{c}title|1"),
            "收支情况".into(),
            Layer::Visible,
            Zone::Title,
        ),
        (
            format!("{c}series 1 name|"),
            "金额".into(),
            Layer::Visible,
            Zone::Body,
        ),
        (
            format!("{c}series 1 categories|"),
            "张三\n李四\n王五".into(),
            Layer::Visible,
            Zone::Body,
        ),
        // from cells of a visible sheet: not hidden
        (
            format!("{c}series 1 values|"),
            "100\n200\n300".into(),
            Layer::Visible,
            Zone::Body,
        ),
    ];
    let mut got_sorted = got.clone();
    got_sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut want_sorted = want.clone();
    want_sorted.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got_sorted, want_sorted, "{got:#?}");
    assert!(
        !ex.not_examined.iter().any(|n| n.what.contains("chart")),
        "{:?}",
        ex.not_examined
    );
    // near miss: an ordinary chart and text box pass
    let (_, v) = scan("名单.xlsx", &chart_xlsx("收支情况", "说明", false));
    assert_eq!(verdict(&v), "pass", "{:?}", kinds(&v));
}

#[test]
fn markings_in_text_boxes_and_chart_titles_block() {
    // (chart title, text box, verdict, marking kind)
    let cases = [
        ("收支情况", "秘密★1年", "block", Some("state_secret")),
        ("收支情况", "机密", "block", Some("state_secret")),
        ("收支情况", "机\u{200b}密", "block", Some("state_secret")),
        ("内部资料", "说明", "block", Some("internal")),
        ("收支情况", "工作秘密", "block", Some("work_secret")),
        // near misses
        (
            "收支情况",
            "防止泄露国家秘密、工作秘密和敏感信息",
            "pass",
            None,
        ),
        ("保密审查统计", "说明", "pass", None),
    ];
    for (title, text, want, kind) in cases {
        let (_, v) = scan("名单.xlsx", &chart_xlsx(title, text, false));
        assert_eq!(verdict(&v), want, "{title}/{text}: {:?}", kinds(&v));
        if let Some(k) = kind {
            let f = finding(&v, "classification_marking", k);
            let part = f["location"]["part"].as_str().unwrap();
            assert!(
                part == "xl/drawings/drawing1.xml" || part == "xl/charts/chart1.xml",
                "{f:#}"
            );
            assert_eq!(f["location"]["sheet"], "名单");
        }
    }
}

#[test]
fn chart_caches_without_visible_source_are_hidden_content() {
    let id = numeric_id("110105", "19900307");
    // the source sheet hidden
    let hidden_src = chart_xlsx("收支情况", "说明", true);
    let ex = xlsx(&hidden_src);
    let vals = find(&ex, "100\n200\n300");
    assert_eq!(vals.layer, Layer::Hidden("chart_cache"));
    assert_eq!(find(&ex, "张三\n李四\n王五").layer, Layer::Visible);
    let (_, v) = scan("名单.xlsx", &hidden_src);
    assert_eq!(verdict(&v), "review", "{:?}", kinds(&v));
    let f = finding(&v, "hidden_content", "chart_cache");
    assert_eq!(f["location"]["part"], "xl/charts/chart1.xml");

    // the source deleted (the formulas point to a sheet that is not there), an ID kept in
    // the cache
    let id2 = id.clone();
    let deleted = edit_part(
        &chart_xlsx("收支情况", "说明", false),
        "xl/charts/chart1.xml",
        move |s| {
            assert!(s.contains("<c:v>200</c:v>"), "{s}");
            s.replace("数据!", "已删除!")
                .replace("<c:v>200</c:v>", &format!("<c:v>{id2}</c:v>"))
        },
    );
    let ex = xlsx(&deleted);
    let vals = find(&ex, &format!("100\n{id}\n300"));
    assert_eq!(vals.layer, Layer::Hidden("chart_cache"));
    assert_eq!(loc_of(vals).field.as_deref(), Some("series 1 values"));
    let (rep, v) = scan("名单.xlsx", &deleted);
    assert_eq!(verdict(&v), "block", "{:?}", kinds(&v));
    let f = finding(&v, "personal_info", "cn_resident_id");
    assert_eq!(f["location"]["part"], "xl/charts/chart1.xml");
    assert!(has(&v, "hidden_content", "chart_cache"));
    assert_no_echo(&rep, &[id.as_str()]);

    // quoted and external references
    let quoted = edit_part(
        &chart_xlsx("收支情况", "说明", false),
        "xl/charts/chart1.xml",
        |s| s.replace("<c:f>数据!$B$2:$B$4", "<c:f>'数据'!$B$2:$B$4"),
    );
    assert_eq!(find(&xlsx(&quoted), "100\n200\n300").layer, Layer::Visible);
    let external = edit_part(
        &chart_xlsx("收支情况", "说明", false),
        "xl/charts/chart1.xml",
        |s| s.replace("<c:f>数据!$B$2:$B$4", "<c:f>[1]数据!$B$2:$B$4"),
    );
    assert_eq!(
        find(&xlsx(&external), "100\n200\n300").layer,
        Layer::Hidden("chart_cache")
    );
}

const ORPHAN_CHART: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>机</a:t></a:r><a:r><a:t>密</a:t></a:r></a:p></c:rich></c:tx></c:title><c:plotArea><c:barChart><c:ser><c:idx val="0"/><c:tx><c:v>系列名</c:v></c:tx><c:cat><c:multiLvlStrRef><c:f>Sheet9!$A$1:$B$2</c:f><c:multiLvlStrCache><c:ptCount val="2"/><c:lvl><c:pt idx="0"><c:v>甲</c:v></c:pt></c:lvl><c:lvl><c:pt idx="0"><c:v>乙</c:v></c:pt></c:lvl></c:multiLvlStrCache></c:multiLvlStrRef></c:cat><c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="1"/><c:pt idx="0"><c:v>3.30106199001011E+17</c:v></c:pt></c:numLit></c:val></c:ser></c:barChart></c:plotArea></c:chart><c:printSettings><c:headerFooter><c:oddHeader>&amp;C内部资料</c:oddHeader></c:headerFooter></c:printSettings></c:chartSpace>"#;

#[test]
fn orphan_chart_parts_literals_and_chart_headers() {
    let bytes = repack(
        &one_sheet(),
        |_, v| v,
        &[("xl/charts/chart9.xml", ORPHAN_CHART.as_bytes())],
    );
    let ex = xlsx(&bytes);
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let t = find(&ex, "机密");
    let l = loc_of(t);
    assert_eq!(
        (l.part.as_deref(), l.sheet, l.field.as_deref(), t.zone),
        (
            Some("xl/charts/chart9.xml"),
            None,
            Some("title"),
            Zone::Title
        )
    );
    assert_eq!(
        loc_of(find(&ex, "系列名")).field.as_deref(),
        Some("series 1 name")
    );
    // a multi-level cache is one segment; a literal is the chart's own (not hidden)
    assert_eq!(find(&ex, "甲\n乙").layer, Layer::Visible);
    let lit = find(&ex, "330106199001011***");
    assert_eq!(lit.layer, Layer::Visible);
    let h = find(&ex, "内部资料");
    assert_eq!(h.zone, Zone::HeaderFooter);
    assert_eq!(loc_of(h).field.as_deref(), Some("oddHeader"));
    let (_, v) = scan("名单.xlsx", &bytes);
    assert_eq!(verdict(&v), "block");
}

#[test]
fn damaged_drawings_and_charts_are_problems() {
    let base = chart_xlsx("收支情况", "说明", false);
    // truncated chart: a problem at the part, the rest is read
    let truncated = edit_part(&base, "xl/charts/chart1.xml", |s| {
        s[..s.len() / 2].to_string()
    });
    let ex = xlsx(&truncated);
    let p = ex
        .problems
        .iter()
        .find(|p| p.location.part.as_deref() == Some("xl/charts/chart1.xml"))
        .unwrap_or_else(|| panic!("{:?}", ex.problems));
    assert_eq!(p.kind, "corrupt");
    assert_eq!(p.location.sheet.as_deref(), Some("名单"));
    find(&ex, "说明");
    find(&ex, "汇总");
    // nesting deeper than the cap
    let deep = edit_part(&base, "xl/drawings/drawing1.xml", |s| {
        s.replace(
            "</xdr:wsDr>",
            &format!("{}{}</xdr:wsDr>", "<a:x>".repeat(400), "</a:x>".repeat(400)),
        )
    });
    let ex = xlsx(&deep);
    assert!(
        ex.problems.iter().any(|p| p.kind == "limit_exceeded"
            && p.location.part.as_deref() == Some("xl/drawings/drawing1.xml")),
        "{:?}",
        ex.problems
    );
    // a DTD in a drawing
    let dtd = edit_part(&base, "xl/drawings/drawing1.xml", |s| {
        s.replacen(
            "<xdr:wsDr",
            "<!DOCTYPE x [<!ENTITY e \"机密\">]><xdr:wsDr",
            1,
        )
    });
    assert!(has_problem(&xlsx(&dtd), "corrupt"));
    // the budget of text pieces
    let limits = Limits {
        max_cells: 3,
        ..Limits::default()
    };
    let ex = extract_sheet(&base, "xlsx", &limits);
    assert!(
        ex.problems
            .iter()
            .any(|p| p.kind == "limit_exceeded" && p.detail.contains("drawings and charts")),
        "{:?}",
        ex.problems
    );
    // a drawing linking to itself and a chart linking back: each read once
    let looped = repack(
        &base,
        |name, v| {
            if name == "xl/drawings/_rels/drawing1.xml.rels" {
                String::from_utf8(v)
                    .unwrap()
                    .replace(
                        "</Relationships>",
                        r#"<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="drawing1.xml"/></Relationships>"#,
                    )
                    .into_bytes()
            } else {
                v
            }
        },
        &[(
            "xl/charts/_rels/chart1.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartUserShapes" Target="../drawings/drawing1.xml"/></Relationships>"#,
        )],
    );
    let ex = xlsx(&looped);
    assert_eq!(
        ex.segments.iter().filter(|s| s.text == "说明").count(),
        1,
        "{:#?}",
        texts(&ex)
    );
}

#[test]
fn garbage_sheet_parts_never_panic() {
    let base = chart_xlsx("收支情况", "说明", false);
    let parts = [
        "xl/worksheets/sheet1.xml",
        "xl/drawings/drawing1.xml",
        "xl/charts/chart1.xml",
    ];
    for part in parts {
        for cut in [0usize, 1, 7, 64, 200, 1000] {
            let b = edit_part(&base, part, move |s| {
                let mut k = cut.min(s.len());
                while !s.is_char_boundary(k) {
                    k -= 1;
                }
                s[..k].to_string()
            });
            let _ = xlsx(&b);
        }
        for junk in ["<", "&", "<![CDATA[", "<!--", "<?", "\u{0}", "<oddHeader>&"] {
            let b = edit_part(&base, part, move |s| {
                let mid = s.len() / 2;
                let mut k = mid;
                while !s.is_char_boundary(k) {
                    k -= 1;
                }
                format!("{}{junk}{}", &s[..k], &s[k..])
            });
            let _ = xlsx(&b);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 6. zero-height rows and zero-width columns, cells a number format hides, data-validation
//    lists, shared strings no cell uses

/// A sheet `名单` with a title in A1, `text` in A3 and C5, and `filler` in A2; `row3` is put
/// into the start tag of row 3 and `cols` before the sheet data.
fn sized_xlsx(text: &str, row3: &str, cols: &str) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("名单").unwrap();
    ws.write_string(0, 0, "公示名单").unwrap();
    ws.write_string(1, 0, "正文内容").unwrap();
    ws.write_string(2, 0, text).unwrap();
    ws.write_string(4, 2, format!("列{text}")).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let (row3, cols) = (row3.to_string(), cols.to_string());
    edit_part(&bytes, "xl/worksheets/sheet1.xml", move |s| {
        assert!(s.contains(r#"<row r="3""#) && !s.contains("<cols>"));
        s.replacen(r#"<row r="3""#, &format!(r#"<row r="3" {row3}"#), 1)
            .replacen("<sheetData>", &format!("{cols}<sheetData>"), 1)
    })
}

#[test]
fn zero_height_rows_and_zero_width_columns_are_hidden() {
    let id = common::resident_id("110105", "19900307", 123);
    let row = |l: &'static str| Layer::Hidden(l);
    // (row 3 attributes, cols, layer of A3, layer of C5)
    let cases: Vec<(&str, String, Layer, Layer)> = vec![
        // hits
        (
            r#"ht="0" customHeight="1""#,
            String::new(),
            row("hidden_row"),
            Layer::Visible,
        ),
        // evasions: no customHeight, another spelling of zero, a sliver of a row
        (
            r#"ht="0""#,
            String::new(),
            row("hidden_row"),
            Layer::Visible,
        ),
        (
            r#"ht=" 0.00 " customHeight="true""#,
            String::new(),
            row("hidden_row"),
            Layer::Visible,
        ),
        (
            r#"ht="0.1" customHeight="1""#,
            String::new(),
            row("hidden_row"),
            Layer::Visible,
        ),
        (
            "",
            r#"<cols><col min="3" max="3" width="0" customWidth="1"/></cols>"#.into(),
            Layer::Visible,
            row("hidden_column"),
        ),
        (
            "",
            r#"<cols><col min="1" max="5" width="0.0"/></cols>"#.into(),
            row("hidden_column"),
            row("hidden_column"),
        ),
        // near misses: small but visible, or not a size at all
        (
            r#"ht="3" customHeight="1""#,
            r#"<cols><col min="3" max="3" width="0.5" customWidth="1"/></cols>"#.into(),
            Layer::Visible,
            Layer::Visible,
        ),
        (
            r#"ht="abc" customHeight="1""#,
            r#"<cols><col min="3" max="3" width="NaN" customWidth="1"/></cols>"#.into(),
            Layer::Visible,
            Layer::Visible,
        ),
        (
            r#"ht="15" customHeight="0""#,
            r#"<cols><col min="3" max="3" customWidth="1"/></cols>"#.into(),
            Layer::Visible,
            Layer::Visible,
        ),
        // `hidden` as before
        (
            r#"hidden="1" ht="15""#,
            String::new(),
            row("hidden_row"),
            Layer::Visible,
        ),
    ];
    for (row3, cols, a3, c5) in cases {
        let bytes = sized_xlsx(&id, row3, &cols);
        let ex = xlsx(&bytes);
        assert_eq!(find(&ex, &id).layer, a3, "{row3} {cols}");
        assert_eq!(find(&ex, &format!("列{id}")).layer, c5, "{row3} {cols}");
        let (rep, v) = scan("名单.xlsx", &bytes);
        // the identifier is found whatever its layer
        assert_eq!(verdict(&v), "block", "{row3} {cols}: {:?}", kinds(&v));
        assert!(has(&v, "personal_info", "cn_resident_id"));
        let hidden = a3 != Layer::Visible || c5 != Layer::Visible;
        assert_eq!(
            has(&v, "hidden_content", "hidden_row") || has(&v, "hidden_content", "hidden_column"),
            hidden,
            "{row3} {cols}: {:?}",
            kinds(&v)
        );
        assert_no_echo(&rep, &[&id]);
    }
    // an empty zero-height row is no finding
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "公示名单").unwrap();
    ws.write_string(3, 0, "正文").unwrap();
    let bytes = edit_part(
        &wb.save_to_buffer().unwrap(),
        "xl/worksheets/sheet1.xml",
        |s| {
            s.replacen(
                "<sheetData>",
                r#"<sheetData><row r="2" ht="0" customHeight="1"/>"#,
                1,
            )
        },
    );
    let (_, v) = scan("名单.xlsx", &bytes);
    assert_eq!(verdict(&v), "pass", "{:?}", kinds(&v));
}

#[test]
fn white_text_on_no_fill_is_hidden_text() {
    use rust_xlsxwriter::{Color, Format, FormatPattern};
    let id = common::resident_id("110105", "19900307", 123);
    let hidden = Layer::Hidden("hidden_text");
    let white = || Format::new().set_font_color(Color::White);
    // (value, format, layer)
    let cases: Vec<(&str, Format, Layer)> = vec![
        // hits: white on no fill, near-white, white on a white fill
        ("备注：经办人另行告知", white(), hidden),
        (&id, white(), hidden),
        (
            "13800138000",
            Format::new().set_font_color(Color::RGB(0xFAFAFA)),
            hidden,
        ),
        (
            "13800138000",
            white()
                .set_background_color(Color::White)
                .set_pattern(FormatPattern::Solid),
            hidden,
        ),
        // text the colour of its fill (yellow on yellow)
        (
            "13900139000",
            Format::new()
                .set_font_color(Color::RGB(0xFFFF00))
                .set_background_color(Color::RGB(0xFFFF00))
                .set_pattern(FormatPattern::Solid),
            hidden,
        ),
        // near misses: white on a dark header fill, light grey, black, black on yellow
        (
            "备注二",
            Format::new()
                .set_font_color(Color::Black)
                .set_background_color(Color::RGB(0xFFFF00))
                .set_pattern(FormatPattern::Solid),
            Layer::Visible,
        ),
        (
            "姓名",
            white()
                .set_background_color(Color::RGB(0x1F4E79))
                .set_pattern(FormatPattern::Solid),
            Layer::Visible,
        ),
        (
            "13800138000",
            Format::new().set_font_color(Color::RGB(0xC0C0C0)),
            Layer::Visible,
        ),
        (
            "备注",
            Format::new().set_font_color(Color::Black),
            Layer::Visible,
        ),
    ];
    for (value, fmt, layer) in cases {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "公示名单").unwrap();
        ws.write_string(1, 0, "正文内容").unwrap();
        ws.write_string_with_format(2, 1, value, &fmt).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let ex = xlsx(&bytes);
        assert_eq!(find(&ex, value).layer, layer, "{value}");
        let (_, v) = scan("名单.xlsx", &bytes);
        assert_eq!(
            has(&v, "hidden_content", "hidden_text"),
            layer == hidden,
            "{value}: {:?}",
            kinds(&v)
        );
    }
}

/// A sheet with a title, then `value` in B3 formatted with `code` (none: General); numbers of
/// up to 15 characters are written as numbers.
fn formatted_xlsx(value: &str, code: Option<&str>) -> Vec<u8> {
    use rust_xlsxwriter::Format;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("名单").unwrap();
    ws.write_string(0, 0, "公示名单").unwrap();
    ws.write_string(1, 0, "正文内容").unwrap();
    let fmt = code.map(|c| Format::new().set_num_format(c));
    match (
        value.parse::<f64>().ok().filter(|_| value.len() <= 15),
        &fmt,
    ) {
        (Some(n), Some(f)) => ws.write_number_with_format(2, 1, n, f).map(|_| ()),
        (Some(n), None) => ws.write_number(2, 1, n).map(|_| ()),
        (None, Some(f)) => ws.write_string_with_format(2, 1, value, f).map(|_| ()),
        (None, None) => ws.write_string(2, 1, value).map(|_| ()),
    }
    .unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn cells_a_number_format_hides_are_hidden_text() {
    let id = common::resident_id("110105", "19900307", 123);
    let hidden = Layer::Hidden("hidden_text");
    // (value, format code, layer)
    let cases: Vec<(&str, Option<&str>, Layer)> = vec![
        // hits: text and numbers under `;;;`
        (&id, Some(";;;"), hidden),
        ("13800138000", Some(";;;"), hidden),
        // evasions: other spellings of an empty format
        (&id, Some(r#""";"";"";"""#), hidden),
        (&id, Some("[Red];[Blue];;"), hidden),
        (&id, Some("_-;_-;_-;_-"), hidden),
        ("13800138000", Some(";;"), hidden),
        ("13800138000", Some(r#""";"";"""#), hidden),
        // near misses: the text section is missing or shows the text, a section shows a
        // character, an ordinary format
        (&id, Some(";;"), Layer::Visible),
        (&id, Some(";;;@"), Layer::Visible),
        ("13800138000", Some("0;;;"), Layer::Visible),
        ("13800138000", Some(r#""x";;;"#), Layer::Visible),
        ("13800138000", Some("[$¥];;;"), Layer::Visible),
        ("13800138000", Some("0.00"), Layer::Visible),
        (&id, Some("@"), Layer::Visible),
        (&id, None, Layer::Visible),
    ];
    for (value, code, layer) in cases {
        let bytes = formatted_xlsx(value, code);
        let ex = xlsx(&bytes);
        let s = find(&ex, value);
        assert_eq!(s.layer, layer, "{value} {code:?}");
        assert_eq!(loc_of(s).cell.as_deref(), Some("B3"));
        let (rep, v) = scan("名单.xlsx", &bytes);
        assert_eq!(
            has(&v, "hidden_content", "hidden_text"),
            layer == hidden,
            "{value} {code:?}: {:?}",
            kinds(&v)
        );
        if value == id {
            // the identifier is found, hidden or not
            assert_eq!(verdict(&v), "block");
        }
        assert_no_echo(&rep, &[&id]);
    }
    // a cell in a hidden row keeps the row's layer
    let bytes = edit_part(
        &formatted_xlsx(&id, Some(";;;")),
        "xl/worksheets/sheet1.xml",
        |s| s.replacen(r#"<row r="3""#, r#"<row r="3" hidden="1""#, 1),
    );
    assert_eq!(find(&xlsx(&bytes), &id).layer, Layer::Hidden("hidden_row"));
    // evasion: the default style (cellXfs 0, cells without `s`) made to hide everything
    let bytes = formatted_xlsx(&id, None);
    let bytes = edit_part(&bytes, "xl/styles.xml", |s| {
        let s = if s.contains("<numFmts") {
            s
        } else {
            s.replacen(
                "<fonts",
                r#"<numFmts count="1"><numFmt numFmtId="164" formatCode=";;;"/></numFmts><fonts"#,
                1,
            )
        };
        let k = s.find("<cellXfs").unwrap();
        let (a, b) = s.split_at(k);
        format!(
            "{a}{}",
            b.replacen(r#"numFmtId="0""#, r#"numFmtId="164""#, 1)
        )
    });
    let ex = xlsx(&bytes);
    assert_eq!(find(&ex, &id).layer, hidden, "{:#?}", texts(&ex));
    assert_eq!(find(&ex, "公示名单").layer, hidden);
    // the report groups hidden cells per column: one hidden_text finding per column, not
    // one per cell
    let mut cols: Vec<String> = ex
        .segments
        .iter()
        .filter(|s| s.layer == hidden)
        .filter_map(|s| loc_of(s).cell)
        .map(|c| c.trim_end_matches(|c: char| c.is_ascii_digit()).to_string())
        .collect();
    cols.sort();
    cols.dedup();
    let (_, v) = scan("名单.xlsx", &bytes);
    let n = findings(&v)
        .iter()
        .filter(|f| f["kind"] == "hidden_text")
        .count();
    assert_eq!(n, cols.len(), "{:?} {:?}", cols, kinds(&v));
}

/// A sheet `名单` with a title and the data validations `dv` (`<dataValidations>` content),
/// and `ext` put into an `extLst` (x14 validations).
fn validation_xlsx(dv: &str, ext: &str) -> Vec<u8> {
    let bytes = one_sheet();
    let (dv, ext) = (dv.to_string(), ext.to_string());
    edit_part(&bytes, "xl/worksheets/sheet1.xml", move |s| {
        let mut s = s;
        let at = s
            .find("<pageMargins")
            .unwrap_or_else(|| s.find("</worksheet>").unwrap());
        if !dv.is_empty() {
            s.insert_str(at, &format!("<dataValidations>{dv}</dataValidations>"));
        }
        if !ext.is_empty() {
            let end = s.find("</worksheet>").unwrap();
            s.insert_str(
                end,
                &format!(
                    r#"<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">{ext}</x14:dataValidations></ext></extLst>"#
                ),
            );
        }
        s
    })
}

fn validation_segments(ex: &Extracted) -> Vec<(String, Location)> {
    ex.segments
        .iter()
        .filter(|s| {
            loc_of_opt(s)
                .and_then(|l| l.field)
                .is_some_and(|f| f.starts_with("dataValidation"))
        })
        .map(|s| {
            assert_eq!(
                (s.layer, s.zone),
                (Layer::Metadata("other"), Zone::Metadata)
            );
            (s.text.clone(), loc_of(s))
        })
        .collect()
}

fn loc_of_opt(s: &Segment) -> Option<Location> {
    s.anchor.fixed_location()
}

#[test]
fn data_validation_lists_are_scanned() {
    let id = common::resident_id("110105", "19900307", 123);
    let fid = common::fullwidth(&id);
    let list = |sqref: &str, items: &str| {
        format!(
            r#"<dataValidation type="list" allowBlank="1" sqref="{sqref}"><formula1>"{}"</formula1></dataValidation>"#,
            esc(items)
        )
    };
    // (dataValidations, x14 validations, (text, cell, field) of the segments, verdict)
    type Seg = (String, Option<&'static str>, &'static str);
    let cases: Vec<(String, String, Vec<Seg>, &str)> = vec![
        // hits: a list holding an identifier, in the plain and the x14 form
        (
            list("B2:B90", &format!("甲,乙,{id}")),
            String::new(),
            vec![(format!("\"甲,乙,{id}\""), Some("B2:B90"), "dataValidation")],
            "block",
        ),
        (
            String::new(),
            format!(
                r#"<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>"{}"</xm:f></x14:formula1><xm:sqref>C3</xm:sqref></x14:dataValidation>"#,
                esc(&format!("男,女,{id}"))
            ),
            vec![(format!("\"男,女,{id}\""), Some("C3"), "dataValidation")],
            "block",
        ),
        // evasions: full-width digits, an entity-escaped list in CDATA-free form, a list on
        // several ranges (no cell then), a text constant in a custom formula
        (
            list("A1 C3:C9", &format!("甲,{fid}")),
            String::new(),
            vec![(format!("\"甲,{fid}\""), None, "dataValidation")],
            "block",
        ),
        (
            format!(
                r#"<dataValidation type="custom" sqref="D4"><formula1>A1&lt;&gt;"{id}"</formula1></dataValidation>"#
            ),
            String::new(),
            vec![(format!("A1<>\"{id}\""), Some("D4"), "dataValidation")],
            "block",
        ),
        // input and error messages are read too
        (
            format!(
                r#"<dataValidation type="whole" sqref="E5" promptTitle="提示" prompt="联系人{id}" error="请输入整数"><formula1>1</formula1><formula2>100</formula2></dataValidation>"#
            ),
            String::new(),
            vec![
                ("提示".into(), Some("E5"), "dataValidation:promptTitle"),
                (format!("联系人{id}"), Some("E5"), "dataValidation:prompt"),
                ("请输入整数".into(), Some("E5"), "dataValidation:error"),
            ],
            "block",
        ),
        // near misses: a list by reference, numeric bounds, an empty list, a harmless list
        (
            r#"<dataValidation type="list" sqref="B2"><formula1>$A$1:$A$9</formula1></dataValidation><dataValidation type="decimal" sqref="C2"><formula1>0</formula1><formula2>99999</formula2></dataValidation><dataValidation type="list" sqref="D2"><formula1>""</formula1></dataValidation>"#.into(),
            r#"<x14:dataValidation type="list"><x14:formula1><xm:f>名单!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>E2</xm:sqref></x14:dataValidation>"#.into(),
            vec![],
            "pass",
        ),
        (
            list("B2:B9", "是,否"),
            String::new(),
            vec![("\"是,否\"".into(), Some("B2:B9"), "dataValidation")],
            "pass",
        ),
    ];
    for (dv, ext, want, want_verdict) in cases {
        let bytes = validation_xlsx(&dv, &ext);
        let ex = xlsx(&bytes);
        assert!(ex.problems.is_empty(), "{:?}", ex.problems);
        let got: Vec<(String, Option<String>, String)> = validation_segments(&ex)
            .into_iter()
            .map(|(t, l)| {
                assert_eq!(l.sheet.as_deref(), Some("名单"));
                assert_eq!(l.part.as_deref(), Some("xl/worksheets/sheet1.xml"));
                (t, l.cell, l.field.unwrap())
            })
            .collect();
        let want: Vec<(String, Option<String>, String)> = want
            .into_iter()
            .map(|(t, c, f)| (t, c.map(str::to_string), f.to_string()))
            .collect();
        assert_eq!(got, want, "{dv} {ext}");
        let (rep, v) = scan("名单.xlsx", &bytes);
        assert_eq!(verdict(&v), want_verdict, "{dv} {ext}: {:?}", kinds(&v));
        if want_verdict == "block" {
            let f = finding(&v, "personal_info", "cn_resident_id");
            assert!(
                f["location"]["field"]
                    .as_str()
                    .is_some_and(|f| f.starts_with("dataValidation")),
                "{f:#}"
            );
        }
        assert_no_echo(&rep, &[&id, &fid]);
    }
}

/// `one_sheet` with strings appended to its shared-string table (`si` elements, raw XML), its
/// `count` and `uniqueCount` set to `count` (`None`: the true number of strings, as a tool
/// that leaves strings behind writes it; `Some(None)`: no counts at all).
fn with_extra_strings(extra: &str, count: Option<Option<usize>>) -> Vec<u8> {
    let extra = extra.to_string();
    let n = 2 + extra.matches("<si").count() + extra.matches("<x:si").count();
    let counts = match count {
        None => format!(r#" count="{n}" uniqueCount="{n}""#),
        Some(Some(n)) => format!(r#" count="{n}" uniqueCount="{n}""#),
        Some(None) => String::new(),
    };
    edit_part(&one_sheet(), "xl/sharedStrings.xml", move |s| {
        let mut s = s.replacen("</sst>", &format!("{extra}</sst>"), 1);
        let a = s.find(" count=\"").unwrap();
        let e = a + s[a..].find('>').unwrap();
        s.replace_range(a..e, &counts);
        s
    })
}

fn sst_segments(ex: &Extracted) -> Vec<(String, String)> {
    ex.segments
        .iter()
        .filter_map(|s| {
            let l = loc_of_opt(s)?;
            (l.part.as_deref() == Some("xl/sharedStrings.xml")).then(|| {
                assert_eq!(
                    (s.layer, s.zone),
                    (Layer::Hidden("hidden_text"), Zone::Body)
                );
                (s.text.clone(), l.field.unwrap())
            })
        })
        .collect()
}

#[test]
fn unused_shared_strings_are_hidden_text() {
    let id = common::resident_id("110105", "19900307", 123);
    let si = |t: &str| format!("<si><t>{}</t></si>", esc(t));
    // one_sheet's table holds 公示名单 (0) and 正文内容 (1)
    // (appended strings, count attributes, expected (text, field))
    type Case = (String, Option<Option<usize>>, Vec<(String, String)>);
    let cases: Vec<Case> = vec![
        // hits
        (si(&id), None, vec![(id.clone(), "si#2".into())]),
        (
            format!("{}{}", si("  "), si(&format!("身份证{id}"))),
            None,
            vec![(format!("身份证{id}"), "si#3".into())],
        ),
        // evasions: no counts, counts beyond the table, rich text, an empty element before
        // it, a prefixed element
        (si(&id), Some(None), vec![(id.clone(), "si#2".into())]),
        (si(&id), Some(Some(9)), vec![(id.clone(), "si#2".into())]),
        (
            format!(
                "<si/><si><r><t>联系</t></r><r><rPr><b/></rPr><t>{id}</t></r><rPh sb=\"0\" eb=\"1\"><t>レン</t></rPh></si>"
            ),
            None,
            vec![(format!("联系{id}"), "si#3".into())],
        ),
        (
            format!(r#"<x:si xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:t>{id}</x:t></x:si>"#),
            None,
            vec![(id.clone(), "si#2".into())],
        ),
        // near misses: nothing appended, only blank strings
        (String::new(), None, vec![]),
        (String::new(), Some(None), vec![]),
        // a known limit: a `uniqueCount` that understates the table, all of it used, is
        // believed (the table is not read again)
        (si(&id), Some(Some(2)), vec![]),
        (format!("{}<si/>{}", si(" "), si("")), None, vec![]),
    ];
    for (extra, count, want) in cases {
        let bytes = with_extra_strings(&extra, count);
        let ex = xlsx(&bytes);
        assert!(ex.problems.is_empty(), "{extra}: {:?}", ex.problems);
        assert_eq!(sst_segments(&ex), want, "{extra}");
        // the cells still read their strings
        assert_eq!(find(&ex, "公示名单").layer, Layer::Visible);
        let (rep, v) = scan("名单.xlsx", &bytes);
        assert_eq!(
            has(&v, "hidden_content", "hidden_text"),
            !want.is_empty(),
            "{extra}: {:?}",
            kinds(&v)
        );
        if !want.is_empty() {
            assert_eq!(verdict(&v), "block");
            let f = finding(&v, "personal_info", "cn_resident_id");
            assert_eq!(f["location"]["part"], "xl/sharedStrings.xml");
        }
        assert_no_echo(&rep, &[&id]);
    }

    // strings used by another sheet, also a hidden one, are not unused
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "公示名单").unwrap();
    let ws = wb.add_worksheet();
    ws.write_string(5, 5, "第二表文字").unwrap();
    ws.set_hidden(true);
    let ex = xlsx(&wb.save_to_buffer().unwrap());
    assert_eq!(sst_segments(&ex), vec![]);
    assert_eq!(find(&ex, "第二表文字").layer, Layer::Hidden("hidden_sheet"));

    // a sheet the pre-scan cannot read: its references are unknown, nothing is called unused
    let bytes = edit_part(
        &with_extra_strings(&si(&id), None),
        "xl/worksheets/sheet1.xml",
        |s| s.replacen("<sheetData>", "<sheetData><!-- ", 1),
    );
    assert_eq!(sst_segments(&xlsx(&bytes)), vec![]);

    // a large table: every string used, then one not
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..3000u32 {
        ws.write_string(r, 0, format!("条目{r}")).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    assert_eq!(sst_segments(&xlsx(&bytes)), vec![]);
    let bytes = edit_part(&bytes, "xl/worksheets/sheet1.xml", |s| {
        s.replacen("<v>2999</v>", "<v>0</v>", 1)
    });
    assert_eq!(
        sst_segments(&xlsx(&bytes)),
        vec![("条目2999".to_string(), "si#2999".to_string())]
    );
}

// ---------------------------------------------------------------------------------------------
// text amplification (fuzzing F8): cells that all point at one long shared string

/// A workbook whose `cells` cells all refer to one shared string of `len` bytes.
fn amplified_xlsx(cells: usize, len: usize) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("名单").unwrap();
    ws.write_string(0, 0, "占位").unwrap();
    let base = wb.save_to_buffer().unwrap();
    let long = "甲".repeat(len / 3);
    let base = edit_part(&base, "xl/sharedStrings.xml", move |_| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{long}</t></si></sst>"#
        )
    });
    edit_part(&base, "xl/worksheets/sheet1.xml", move |x| {
        let mut rows = String::new();
        for r in 1..=cells {
            rows.push_str(&format!(
                r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#
            ));
        }
        let a = x.find("<sheetData").unwrap();
        let b = x
            .find("</sheetData>")
            .map(|i| i + "</sheetData>".len())
            .unwrap();
        format!("{}<sheetData>{rows}</sheetData>{}", &x[..a], &x[b..])
    })
}

#[test]
fn repeated_shared_strings_stop_at_the_text_budget() {
    // 3,000 × 120 KB = 360 MB of cell text from a small file: stopped at the item's budget,
    // with what was read kept and the item marked limit_exceeded
    let ex = xlsx(&amplified_xlsx(3_000, 120_000));
    assert!(has_problem(&ex, "limit_exceeded"), "{:?}", ex.problems);
    let cells = ex
        .segments
        .iter()
        .filter(|s| s.text.len() >= 100_000)
        .count();
    assert!((1_000..3_000).contains(&cells), "{cells}");
    let total: usize = ex.segments.iter().map(|s| s.text.len()).sum();
    assert!(total <= 256 * 1024 * 1024 + 200_000, "{total}");
    // near miss: the same string referenced a few times is read whole
    let ex = xlsx(&amplified_xlsx(20, 120_000));
    assert!(!has_problem(&ex, "limit_exceeded"), "{:?}", ex.problems);
    assert_eq!(
        ex.segments
            .iter()
            .filter(|s| s.text.len() >= 100_000)
            .count(),
        20
    );
}

#[test]
fn xlsx_formula_literals_the_cell_does_not_show() {
    use rust_xlsxwriter::Formula;
    let id = numeric_id("440308", "19851120");
    let masked = format!("{}********{}", &id[..6], &id[14..]);
    let mobile = "13912345678";
    // (formula, cached result, expected finding in the formula)
    let cases: Vec<(String, String, Must)> = vec![
        // masked on screen by a formula that keeps the full number
        (
            format!(r#"=REPLACE("{id}",7,8,"********")"#),
            masked.clone(),
            Some(("personal_info", "cn_resident_id")),
        ),
        (
            format!(r#"=LEFT("{mobile}",3)&"****"&RIGHT("{mobile}",4)"#),
            "139****5678".into(),
            Some(("personal_info", "cn_mobile")),
        ),
        // near misses: the cached value shows the same digits (found once, in the cell);
        // references and short numbers; a long number that is no identifier
        (format!(r#"="{id}""#), id.clone(), None),
        ("=SUM(A1:A9)*1.5".into(), "3".into(), None),
        ("=20240101+1".into(), "20240102".into(), None),
        (r#"="合同"&"12345678901234""#.into(), "合同".into(), None),
    ];
    for (formula, result, must) in cases {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("名单").unwrap();
        ws.write_string(0, 0, "证件号码").unwrap();
        ws.write_formula(1, 0, Formula::new(&formula).set_result(&result))
            .unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let ex = xlsx(&bytes);
        let in_formula: Vec<&Segment> = ex
            .segments
            .iter()
            .filter(|s| loc_of(s).field.as_deref() == Some("formula"))
            .collect();
        let (rep, v) = scan("名单.xlsx", &bytes);
        match must {
            Some((cat, kind)) => {
                assert_eq!(in_formula.len(), 1, "{formula}: {:#?}", texts(&ex));
                let l = loc_of(in_formula[0]);
                assert_eq!(l.sheet.as_deref(), Some("名单"));
                assert_eq!(l.cell.as_deref(), Some("A2"));
                assert_eq!(in_formula[0].layer, Layer::Metadata("other"));
                let f = findings(&v)
                    .iter()
                    .find(|f| {
                        f["category"] == cat
                            && f["kind"] == kind
                            && f["location"]["field"] == "formula"
                    })
                    .unwrap_or_else(|| panic!("{formula}: {:#}", v["findings"]));
                assert!(f["masked"].is_null(), "{f}");
                assert_ne!(verdict(&v), "pass", "{formula}");
            }
            None => {
                assert!(
                    !findings(&v)
                        .iter()
                        .any(|f| f["location"]["field"] == "formula"),
                    "{formula}: {:#}",
                    v["findings"]
                );
                if formula.contains(&id) {
                    // shown by the cell itself: no second copy
                    assert!(in_formula.is_empty(), "{formula}: {:#?}", texts(&ex));
                }
            }
        }
        assert_no_echo(&rep, &[id.as_str(), mobile]);
    }
}

#[test]
fn external_link_cache_is_read() {
    let id = common::resident_id("330106", "19850101", 11);
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "2025年补助汇总表")
        .unwrap();
    let base = wb.save_to_buffer().unwrap();
    let ext = |v: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"><sheetNames><sheetName val="花名册"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="3"><cell r="B3" t="str"><v>{}</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>"#,
            esc(v)
        )
        .into_bytes()
    };
    let with = |v: &str| {
        let x = ext(v);
        repack(
            &base,
            |_, b| b,
            &[("xl/externalLinks/externalLink1.xml", &x)],
        )
    };
    let bytes = with(&id);
    let (rep, v) = scan("汇总.xlsx", &bytes);
    let f = finding(&v, "personal_info", "cn_resident_id");
    assert_eq!(f["location"]["part"], "xl/externalLinks/externalLink1.xml");
    assert_eq!(f["location"]["field"], "externalLink:花名册!B3");
    assert_eq!(verdict(&v), "block");
    assert_no_echo(&rep, &[&id]);
    // an ordinary cached value: read, no finding, not listed as unexamined
    let (_, v) = scan("汇总.xlsx", &with("城东街道"));
    assert_eq!(verdict(&v), "pass", "{:#}", v["findings"]);
    assert!(
        !v["not_examined"].to_string().contains("external link"),
        "{:#}",
        v["not_examined"]
    );
}

#[test]
fn cell_hyperlinks_tooltips_and_targets_are_read() {
    use rust_xlsxwriter::Url;
    let id = common::resident_id("330106", "19850101", 13);
    let mob = common::mobiles(1).remove(0);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "联系方式").unwrap();
    ws.write_url(
        1,
        0,
        Url::new(format!("https://x.gov.cn/lx?phone={mob}")).set_text("王科长"),
    )
    .unwrap();
    ws.write_url(
        2,
        0,
        Url::new("https://x.gov.cn/a")
            .set_text("详情")
            .set_tip(format!("身份证号{id}")),
    )
    .unwrap();
    let (rep, v) = scan("联系.xlsx", &wb.save_to_buffer().unwrap());
    let m = finding(&v, "personal_info", "cn_mobile");
    assert_eq!(m["location"]["cell"], "A2", "{m}");
    assert_eq!(m["location"]["field"], "hyperlink");
    let i = finding(&v, "personal_info", "cn_resident_id");
    assert_eq!(i["location"]["cell"], "A3", "{i}");
    assert_no_echo(&rep, &[&id, &mob]);
    // an ordinary link and tooltip pass
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_url(
            0,
            0,
            Url::new("https://www.gov.cn/zhengce/2025-03/01/content_7012345.htm")
                .set_text("政策原文")
                .set_tip("打开政策原文"),
        )
        .unwrap();
    let (_, v) = scan("链接.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(verdict(&v), "pass", "{:#}", v["findings"]);
}

#[test]
fn number_format_literals_are_read() {
    use rust_xlsxwriter::Format;
    let id = common::resident_id("330106", "19850101", 17);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let shows_id = Format::new().set_num_format(format!("\"{id}\""));
    let yuan = Format::new().set_num_format("#,##0.00\"万元\"");
    ws.write_number_with_format(0, 0, 1.0, &shows_id).unwrap();
    ws.write_number_with_format(1, 0, 2.5, &yuan).unwrap();
    let (rep, v) = scan("格式.xlsx", &wb.save_to_buffer().unwrap());
    let f = finding(&v, "personal_info", "cn_resident_id");
    assert_eq!(f["location"]["field"], "numFmt", "{f}");
    assert_no_echo(&rep, &[&id]);
    // an ordinary unit format passes
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_number_with_format(0, 0, 2.5, &Format::new().set_num_format("#,##0.00\"万元\""))
        .unwrap();
    let (_, v) = scan("金额.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(verdict(&v), "pass", "{:#}", v["findings"]);
}

#[test]
fn custom_xml_items_are_read() {
    let id = common::resident_id("330106", "19850101", 19);
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "汇总").unwrap();
    let base = wb.save_to_buffer().unwrap();
    let item = |v: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><root><person><sfz>{v}</sfz></person></root>"#
        )
        .into_bytes()
    };
    let with = |v: &str| {
        let x = item(v);
        repack(&base, |_, b| b, &[("customXml/item1.xml", &x)])
    };
    let (rep, v) = scan("数据.xlsx", &with(&id));
    let f = finding(&v, "personal_info", "cn_resident_id");
    assert_eq!(f["location"]["part"], "customXml/item1.xml", "{f}");
    assert_no_echo(&rep, &[&id]);
    // a data item of tokens and dates passes
    let (_, v) = scan("数据.xlsx", &with("2025-03-01"));
    assert_eq!(verdict(&v), "pass", "{:#}", v["findings"]);
}

/// A Word document and a workbook embedded in a workbook (Excel's 插入 → 对象) are read like a
/// document's embedded objects: their text is hidden content of the item, located at the
/// embedding (text in an embedded object is hidden content, as in a document); an embedding
/// that is no package fails closed.
#[test]
fn xlsx_embedded_documents_and_workbooks_are_read() {
    let id = common::resident_id("450103", "19880316", 217);
    let doc = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>附件：人员名单 李明 {id}</w:t></w:r></w:p></w:body></w:document>"#
    );
    let docx = zip_of(
        &[
            ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.as_slice()),
            ("_rels/.rels", br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.as_slice()),
            ("word/document.xml", doc.as_bytes()),
        ],
        true,
    );
    let mut inner = Workbook::new();
    inner
        .add_worksheet()
        .write_string(0, 0, format!("联系电话 {}", common::mobiles(1)[0]))
        .unwrap();
    let inner = inner.save_to_buffer().unwrap();
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "2025年工作台账")
        .unwrap();
    let base = wb.save_to_buffer().unwrap();

    let with_doc = repack(
        &base,
        |_, v| v,
        &[(
            "xl/embeddings/Microsoft_Word_Document.docx",
            docx.as_slice(),
        )],
    );
    let (_r, v) = scan("台账.xlsx", &with_doc);
    assert_eq!(verdict(&v), "block", "{:?}", kinds(&v));
    let f = findings(&v)
        .iter()
        .find(|f| f["kind"] == "cn_resident_id")
        .expect("the embedded document's ID");
    assert_eq!(
        f["location"]["entry"], "xl/embeddings/Microsoft_Word_Document.docx",
        "{f}"
    );
    assert!(!v.to_string().contains(&id), "no echo");

    let with_book = repack(
        &base,
        |_, v| v,
        &[(
            "xl/embeddings/Microsoft_Excel_Worksheet.xlsx",
            inner.as_slice(),
        )],
    );
    let (_r, v) = scan("台账.xlsx", &with_book);
    assert!(
        findings(&v).iter().any(|f| f["kind"] == "cn_mobile"),
        "{:?}",
        kinds(&v)
    );

    // near misses: a clean embedded document holds no identifier; bytes of no known kind
    // fail closed
    let clean = repack(
        &base,
        |_, v| v,
        &[(
            "xl/embeddings/Microsoft_Word_Document.docx",
            zip_of(
                &[
                    ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.as_slice()),
                    ("word/document.xml", r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>附件说明</w:t></w:r></w:p></w:body></w:document>"#.as_bytes()),
                ],
                true,
            )
            .as_slice(),
        )],
    );
    let (_r, v) = scan("台账.xlsx", &clean);
    assert_eq!(kinds(&v), ["hidden_content/embedded_object"]);
    let odd = repack(
        &base,
        |_, v| v,
        &[("xl/embeddings/oleObject1.bin", b"\x00\x01junk")],
    );
    let (_r, v) = scan("台账.xlsx", &odd);
    assert_eq!(verdict(&v), "review", "{:?}", kinds(&v));
}

/// A worksheet part the workbook does not list (its entry removed from workbook.xml, the cells
/// still in the file) is not read and fails closed; the listed sheets raise no such problem.
#[test]
fn xlsx_worksheet_part_the_workbook_does_not_list_fails_closed() {
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "2025年工作台账")
        .unwrap();
    wb.add_worksheet().write_string(0, 0, "汇总").unwrap();
    let base = wb.save_to_buffer().unwrap();
    let ex = xlsx(&base);
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let orphan = repack(
        &base,
        |_, v| v,
        &[(
            "xl/worksheets/sheet9.xml",
            br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#.as_slice(),
        )],
    );
    let ex = xlsx(&orphan);
    assert!(
        ex.problems.iter().any(|p| p.kind == "unsupported_format"
            && p.location.part.as_deref() == Some("xl/worksheets/sheet9.xml")),
        "{:?}",
        ex.problems
    );
    let (_r, v) = scan("台账.xlsx", &orphan);
    assert_eq!(verdict(&v), "review", "{:?}", kinds(&v));
}

/// An ods's embedded object (`Object 1/content.xml`: a chart's data table, an embedded
/// document) is read; an object that holds nothing sensitive leaves the item a pass.
#[test]
fn ods_embedded_object_text_is_read() {
    let base = ods_with_styles("");
    let id = common::resident_id("450103", "19880316", 217);
    let object = |text: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>{text}</text:p></office:text></office:body></office:document-content>"#
        )
    };
    let with_id = repack(
        &base,
        |_, v| v,
        &[(
            "Object 1/content.xml",
            object(&format!("联系人 李明 {id}")).as_bytes(),
        )],
    );
    let ex = extract_sheet(&with_id, "ods", &Limits::default());
    assert!(
        ex.not_examined
            .iter()
            .all(|n| n.location.part.as_deref() != Some("Object 1/content.xml")),
        "{:?}",
        ex.not_examined
    );
    let (_, v) = scan("名单.ods", &with_id);
    assert_eq!(verdict(&v), "block", "{:?}", kinds(&v));
    let clean = repack(
        &base,
        |_, v| v,
        &[("Object 1/content.xml", object("各季度完成情况").as_bytes())],
    );
    let (_, v) = scan("名单.ods", &clean);
    assert_eq!(verdict(&v), "pass", "{:?}", kinds(&v));
}

/// A quiz bank's option row (绝密 | 机密 | 秘密 | 工作秘密, or 内部 as the fourth option) lists
/// the levels: no marking; a sheet whose title cell says 工作秘密 is still marked.
#[test]
fn xlsx_quiz_option_rows_are_no_markings() {
    for fourth in ["工作秘密", "内部"] {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("题库").unwrap();
        ws.write_string(0, 0, "保密知识题库").unwrap();
        for (c, h) in ["题目", "选项A", "选项B", "选项C", "选项D", "答案"]
            .iter()
            .enumerate()
        {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        for (c, v) in [
            "下列不属于国家秘密密级的是（　）",
            "绝密",
            "机密",
            "秘密",
            fourth,
            "D",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(2, c as u16, *v).unwrap();
        }
        let (_, v) = scan("题库.xlsx", &wb.save_to_buffer().unwrap());
        assert_eq!(verdict(&v), "pass", "{fourth}: {:?}", kinds(&v));
    }
    // near miss: the marking in a sheet's title cell, no options beside it
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "工作秘密").unwrap();
    ws.write_string(1, 0, "2025年督查台账").unwrap();
    let (_, v) = scan("台账.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(verdict(&v), "block", "{:?}", kinds(&v));
}

/// What a workbook stores beside its cells and shows to no reader of them: the user who set
/// the write-reservation password, the people of threaded comments, cell-style names,
/// conditional-formatting rules. An identifier there is found; the usual values are not.
#[test]
fn workbook_side_parts_are_read() {
    let secret = numeric_id("110105", "19900307");
    let hit = format!("张三{secret}");
    let base = one_sheet();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "fileSharing",
            edit_part(&base, "xl/workbook.xml", |x| {
                x.replacen(
                    "<workbookPr",
                    &format!(r#"<fileSharing readOnlyRecommended="1" userName="{hit}"/><workbookPr"#),
                    1,
                )
            }),
        ),
        (
            "cell style",
            edit_part(&base, "xl/styles.xml", |x| {
                x.replacen(
                    r#"<cellStyle name="Normal""#,
                    &format!(r#"<cellStyle name="{hit}" xfId="0"/><cellStyle name="Normal""#),
                    1,
                )
            }),
        ),
        (
            "conditional formatting",
            edit_part(&base, "xl/worksheets/sheet1.xml", |x| {
                x.replacen(
                    "</sheetData>",
                    &format!(r#"</sheetData><conditionalFormatting sqref="A1:A9"><cfRule type="containsText" priority="1" operator="containsText" text="{hit}"><formula>NOT(ISERROR(SEARCH("{hit}",A1)))</formula></cfRule></conditionalFormatting>"#),
                    1,
                )
            }),
        ),
        (
            "persons",
            repack(
                &base,
                |_, v| v,
                &[(
                    "xl/persons/person.xml",
                    format!(r#"<personList xmlns="urn:p"><person displayName="{hit}" id="{{1}}" userId="x" providerId="None"/></personList>"#).as_bytes(),
                )],
            ),
        ),
    ];
    for (what, bytes) in cases {
        let (rep, v) = scan("t.xlsx", &bytes);
        assert!(
            has(&v, "personal_info", "cn_resident_id"),
            "{what}: {:?}",
            kinds(&v)
        );
        assert_ne!(verdict(&v), "pass", "{what}");
        assert_no_echo(&rep, &[&secret]);
    }
    // near misses: a conditional format on numbers, Excel's Chinese cell-style names
    let plain = edit_part(&base, "xl/worksheets/sheet1.xml", |x| {
        x.replacen(
            "</sheetData>",
            r#"</sheetData><conditionalFormatting sqref="B1:B9"><cfRule type="cellIs" priority="1" operator="greaterThan"><formula>100</formula></cfRule></conditionalFormatting>"#,
            1,
        )
    });
    let plain = edit_part(&plain, "xl/styles.xml", |x| {
        x.replacen(
            r#"<cellStyle name="Normal""#,
            r#"<cellStyle name="常规 2" xfId="0"/><cellStyle name="20% - 强调文字颜色 1" xfId="0"/><cellStyle name="Normal""#,
            1,
        )
    });
    let (_, v) = scan("t.xlsx", &plain);
    assert_eq!(verdict(&v), "pass", "{:#}", v["findings"]);
    // an Excel 5 dialog sheet is not read: not a pass
    let dialog = repack(
        &base,
        |n, v| {
            if n == "xl/workbook.xml" {
                String::from_utf8(v)
                    .unwrap()
                    .replacen("</sheets>", r#"<sheet name="对话框1" sheetId="9" r:id="rId99"/></sheets>"#, 1)
                    .into_bytes()
            } else if n == "xl/_rels/workbook.xml.rels" {
                String::from_utf8(v)
                    .unwrap()
                    .replacen("</Relationships>", r#"<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet" Target="dialogsheets/sheet1.xml"/></Relationships>"#, 1)
                    .into_bytes()
            } else {
                v
            }
        },
        &[(
            "xl/dialogsheets/sheet1.xml",
            br#"<dialogsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></dialogsheet>"#,
        )],
    );
    let (_, v) = scan("t.xlsx", &dialog);
    assert_ne!(verdict(&v), "pass", "{:#}", v);
}

/// An ods's `settings.xml` (view and printer settings, items an add-on stored) is read: an
/// identifier in a `config:config-item` is found; LibreOffice's usual settings are not.
#[test]
fn ods_settings_are_read() {
    let secret = numeric_id("110105", "19900307");
    let settings = |item: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"><office:settings><config:config-item-set config:name="ooo:view-settings"><config:config-item config:name="ActiveTable" config:type="string">名单</config:config-item><config:config-item config:name="VisibleAreaWidth" config:type="int">16932</config:config-item>{item}</config:config-item-set></office:settings></office:document-settings>"#
        )
    };
    let with = |s: String| {
        repack(
            &ods_with_styles(""),
            |_, v| v,
            &[("settings.xml", s.as_bytes())],
        )
    };
    let (rep, v) = scan(
        "t.ods",
        &with(settings(&format!(
            r#"<config:config-item config:name="备注" config:type="string">张三 身份证号 {secret}</config:config-item>"#
        ))),
    );
    assert!(
        has(&v, "personal_info", "cn_resident_id"),
        "{:?}",
        kinds(&v)
    );
    assert_no_echo(&rep, &[&secret]);
    let (_, v) = scan("t.ods", &with(settings("")));
    assert_eq!(verdict(&v), "pass", "{:#}", v["findings"]);
}
