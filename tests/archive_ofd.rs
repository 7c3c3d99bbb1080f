//! OFD and zip-archive extractors: fixtures are built in code.

mod common;
use common::zip_of;

use baomi::extract::archive::{extract_zip, extract_zip_with, ZipBudget, MAX_DEPTH};
use baomi::extract::ofd::{extract_ofd, extract_ofd_with};
use baomi::extract::text::extract_text;
use baomi::extract::{Anchor, Extracted, Layer, Limits, Location, Segment, Zone};

// ---------------------------------------------------------------------------------------------
// helpers

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One entry of a hand-built stored zip: raw name bytes, data, general-purpose flags.
struct RawEntry<'a> {
    name: &'a [u8],
    data: &'a [u8],
    flags: u16,
}

/// A stored (uncompressed) zip written byte by byte, so names and flags are exactly as given.
fn stored_zip(entries: &[RawEntry<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let off = out.len() as u32;
        let crc = crc32(e.data);
        let len = e.data.len() as u32;
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes());
        out.extend_from_slice(&e.flags.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // stored
        out.extend_from_slice(&0u16.to_le_bytes()); // time
        out.extend_from_slice(&0x21u16.to_le_bytes()); // date 1980-01-01
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(e.name);
        out.extend_from_slice(e.data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&e.flags.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0x21u16.to_le_bytes());
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&len.to_le_bytes());
        central.extend_from_slice(&len.to_le_bytes());
        central.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes()); // extra
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attrs
        central.extend_from_slice(&0u32.to_le_bytes()); // external attrs
        central.extend_from_slice(&off.to_le_bytes());
        central.extend_from_slice(e.name);
    }
    let cd_off = out.len() as u32;
    let cd_len = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&cd_len.to_le_bytes());
    out.extend_from_slice(&cd_off.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn loc_of(s: &Segment) -> &Location {
    match &s.anchor {
        Anchor::Fixed(l) => l,
        other => panic!("expected a fixed anchor, got {other:?}"),
    }
}

fn texts(ex: &Extracted) -> Vec<(String, Layer, Zone, Location)> {
    ex.segments
        .iter()
        .map(|s| (s.text.clone(), s.layer, s.zone, loc_of(s).clone()))
        .collect()
}

fn find<'a>(ex: &'a Extracted, text: &str) -> &'a Segment {
    ex.segments
        .iter()
        .find(|s| s.text == text)
        .unwrap_or_else(|| panic!("no segment {text:?}; have {:#?}", texts(ex)))
}

fn find_visible<'a>(ex: &'a Extracted, text: &str) -> &'a Segment {
    ex.segments
        .iter()
        .find(|s| s.text == text && s.layer == Layer::Visible)
        .unwrap_or_else(|| panic!("no visible segment {text:?}; have {:#?}", texts(ex)))
}

fn entry_of(s: &Segment) -> Option<&str> {
    loc_of(s).entry.as_deref()
}

/// Test dispatcher: `.zip` recurses, `.ofd` goes to the OFD reader, `.txt` to the text
/// extractor (text anchors, so the archive must relocate them line by line), anything else
/// becomes one fixed segment.
fn dispatch(limits: &Limits, name: &str, bytes: Vec<u8>, depth: u32) -> Extracted {
    if name.ends_with(".zip") {
        extract_zip(&bytes, limits, depth, &|n, b, d| dispatch(limits, n, b, d))
    } else if name.ends_with(".ofd") {
        extract_ofd_with(
            &bytes,
            limits,
            depth,
            Some(&|n, b, d| dispatch(limits, n, b, d)),
        )
    } else if name.ends_with(".txt") {
        extract_text(String::from_utf8_lossy(&bytes).into_owned(), "UTF-8", None)
    } else {
        Extracted {
            segments: vec![Segment::fixed(
                String::from_utf8_lossy(&bytes).into_owned(),
                Location::default(),
                Layer::Visible,
                Zone::Body,
            )],
            ..Default::default()
        }
    }
}

fn scan_zip(bytes: &[u8], limits: &Limits) -> Extracted {
    extract_zip(bytes, limits, 0, &|n, b, d| dispatch(limits, n, b, d))
}

// ---------------------------------------------------------------------------------------------
// OFD fixture

const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;

fn ofd_files() -> Vec<(String, Vec<u8>)> {
    let ofd_xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD {NS} Version="1.0" DocType="OFD">
  <ofd:DocBody>
    <ofd:DocInfo>
      <ofd:DocID>abc</ofd:DocID>
      <ofd:Title>关于某事项的通知</ofd:Title>
      <ofd:Author>张三</ofd:Author>
      <ofd:Keywords><ofd:Keyword>通知</ofd:Keyword><ofd:Keyword>内部</ofd:Keyword></ofd:Keywords>
      <ofd:Creator>Suwell</ofd:Creator>
      <ofd:CustomDatas><ofd:CustomData Name="src">D:\内部\草稿.docx</ofd:CustomData></ofd:CustomDatas>
    </ofd:DocInfo>
    <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
    <ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>
  </ofd:DocBody>
</ofd:OFD>"#
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document {NS}>
  <ofd:CommonData>
    <ofd:MaxUnitID>100</ofd:MaxUnitID>
    <ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
    <ofd:TemplatePage ID="50" BaseLoc="Tpls/Tpl_0/Content.xml"/>
  </ofd:CommonData>
  <ofd:Pages>
    <ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>
    <ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/>
    <ofd:Page ID="3" BaseLoc="Pages/Page_2/Content.xml"/>
  </ofd:Pages>
  <ofd:Outlines><ofd:OutlineElem Title="一、总体要求"/></ofd:Outlines>
  <ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>
  <ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>
</ofd:Document>"#
    );
    // Page 1: the marking is split across two text objects on one baseline; a title line
    // below it; a hidden text object.
    let page0 = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page {NS}>
  <ofd:Content>
    <ofd:Layer ID="10">
      <ofd:TextObject ID="11" Boundary="150 20 20 8" Font="3" Size="5">
        <ofd:TextCode X="0" Y="5" DeltaX="5">秘密</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="12" Boundary="160 20 20 8" Font="3" Size="5">
        <ofd:TextCode X="0" Y="5.2" DeltaX="5 5">★1年</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="13" Boundary="30 60 150 10" Font="3" Size="7">
        <ofd:TextCode X="0" Y="7">关于某事项的通知</ofd:TextCode>
      </ofd:TextObject>
      <ofd:TextObject ID="14" Boundary="30 250 150 10" Font="3" Size="3" Visible="false">
        <ofd:TextCode X="0" Y="3">隐藏的备注文字</ofd:TextCode>
      </ofd:TextObject>
    </ofd:Layer>
  </ofd:Content>
</ofd:Page>"#
    );
    let page1 = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page {NS}>
  <ofd:Template TemplateID="50" ZOrder="Background"/>
  <ofd:Content>
    <ofd:Layer ID="20">
      <ofd:PageBlock ID="21">
        <ofd:TextObject ID="22" Boundary="30 40 150 10" Font="3" Size="5">
          <ofd:TextCode X="0" Y="5">第二页正文第一行</ofd:TextCode>
        </ofd:TextObject>
      </ofd:PageBlock>
      <ofd:TextObject ID="23" Boundary="30 50 150 10" Font="3" Size="5">
        <ofd:TextCode X="0" Y="5">第二页正文第二行</ofd:TextCode>
      </ofd:TextObject>
    </ofd:Layer>
  </ofd:Content>
</ofd:Page>"#
    );
    let template = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page {NS}><ofd:Content><ofd:Layer ID="51">
  <ofd:TextObject ID="52" Boundary="30 280 150 8" Font="3" Size="4">
    <ofd:TextCode X="0" Y="4">模板页脚</ofd:TextCode>
  </ofd:TextObject>
</ofd:Layer></ofd:Content></ofd:Page>"#
    );
    let page2 = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page {NS}><ofd:Content><ofd:Layer ID="30">
  <ofd:ImageObject ID="31" ResourceID="40" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>
</ofd:Layer></ofd:Content></ofd:Page>"#
    );
    let annots = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Annotations {NS}>
  <ofd:Page PageID="2"><ofd:FileLoc>Page_1/Annotation.xml</ofd:FileLoc></ofd:Page>
</ofd:Annotations>"#
    );
    let annot = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:PageAnnot {NS}>
  <ofd:Annot ID="60" Type="Highlight" Creator="李四" LastModDate="2026-01-01">
    <ofd:Remark>此段涉密，请删除</ofd:Remark>
    <ofd:Parameters><ofd:Parameter Name="note">待核实</ofd:Parameter></ofd:Parameters>
    <ofd:Appearance Boundary="0 0 10 10"/>
  </ofd:Annot>
</ofd:PageAnnot>"#
    );
    let attachs = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Attachments {NS}>
  <ofd:Attachment ID="70" Name="附件1.txt" Format="txt" Size="1">
    <ofd:FileLoc>file1.txt</ofd:FileLoc>
  </ofd:Attachment>
</ofd:Attachments>"#
    );
    let signs = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Signatures {NS}><ofd:Signature ID="1" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>"#
    );
    vec![
        ("OFD.xml".into(), ofd_xml.into_bytes()),
        ("Doc_0/Document.xml".into(), document.into_bytes()),
        ("Doc_0/Pages/Page_0/Content.xml".into(), page0.into_bytes()),
        ("Doc_0/Pages/Page_1/Content.xml".into(), page1.into_bytes()),
        ("Doc_0/Pages/Page_2/Content.xml".into(), page2.into_bytes()),
        ("Doc_0/Tpls/Tpl_0/Content.xml".into(), template.into_bytes()),
        ("Doc_0/Annots/Annotations.xml".into(), annots.into_bytes()),
        (
            "Doc_0/Annots/Page_1/Annotation.xml".into(),
            annot.into_bytes(),
        ),
        ("Doc_0/Attachs/Attachments.xml".into(), attachs.into_bytes()),
        (
            "Doc_0/Attachs/file1.txt".into(),
            "附件中的机密内容".as_bytes().to_vec(),
        ),
        ("Doc_0/Signs/Signatures.xml".into(), signs.into_bytes()),
        ("Doc_0/Res/image_40.png".into(), b"\x89PNG....".to_vec()),
    ]
}

fn ofd_bytes() -> Vec<u8> {
    let files = ofd_files();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    zip_of(&refs, true)
}

// ---------------------------------------------------------------------------------------------
// OFD tests

#[test]
fn ofd_pages_lines_zones() {
    let ex = extract_ofd(&ofd_bytes(), &Limits::default());
    // marking split over two text objects on one baseline is one line, in the title area
    let m = find(&ex, "秘密★1年");
    assert_eq!(m.layer, Layer::Visible);
    assert_eq!(m.zone, Zone::Title);
    assert_eq!(loc_of(m).page, Some(1));
    assert_eq!(loc_of(m).line, Some(1));
    let t = find_visible(&ex, "关于某事项的通知");
    assert_eq!(t.zone, Zone::Title);
    assert_eq!(loc_of(t).line, Some(2));
    // page 2: body lines (PageBlock included) and the template's text
    let b1 = find(&ex, "第二页正文第一行");
    assert_eq!(b1.zone, Zone::Body);
    assert_eq!((loc_of(b1).page, loc_of(b1).line), (Some(2), Some(1)));
    let b2 = find(&ex, "第二页正文第二行");
    assert_eq!((loc_of(b2).page, loc_of(b2).line), (Some(2), Some(2)));
    let tpl = find(&ex, "模板页脚");
    assert_eq!((loc_of(tpl).page, loc_of(tpl).line), (Some(2), Some(3)));
    // invisible text object
    let h = find(&ex, "隐藏的备注文字");
    assert_eq!(h.layer, Layer::Hidden("hidden_text"));
    assert_eq!(loc_of(h).page, Some(1));
    assert!(!ex.expected_text_missing);
}

#[test]
fn ofd_metadata_annotations_signatures() {
    let ex = extract_ofd(&ofd_bytes(), &Limits::default());
    let a = find(&ex, "张三");
    assert_eq!(a.layer, Layer::Metadata("author"));
    assert_eq!(loc_of(a).field.as_deref(), Some("Author"));
    let title = ex
        .segments
        .iter()
        .find(|s| s.layer == Layer::Metadata("title"))
        .expect("title metadata");
    assert_eq!(title.text, "关于某事项的通知");
    assert_eq!(find(&ex, "通知；内部").layer, Layer::Metadata("other"));
    assert_eq!(find(&ex, "Suwell").layer, Layer::Metadata("other"));
    assert_eq!(
        find(&ex, r"D:\内部\草稿.docx").layer,
        Layer::Metadata("file_path")
    );
    // annotation remark and parameter: hidden comments on page 2; creator as author
    let r = find(&ex, "此段涉密，请删除");
    assert_eq!(r.layer, Layer::Hidden("comment"));
    assert_eq!(loc_of(r).page, Some(2));
    assert_eq!(
        loc_of(r).part.as_deref(),
        Some("Doc_0/Annots/Page_1/Annotation.xml")
    );
    assert_eq!(find(&ex, "待核实").layer, Layer::Hidden("comment"));
    assert_eq!(find(&ex, "李四").layer, Layer::Metadata("author"));
    // outline title, attachment name
    assert_eq!(find(&ex, "一、总体要求").layer, Layer::Visible);
    assert_eq!(find(&ex, "附件1.txt").zone, Zone::FileName);
    // signatures and attachments are listed
    assert!(ex
        .not_examined
        .iter()
        .any(|n| n.what == "signature" && n.reason.contains("not verified")));
    let att = ex
        .not_examined
        .iter()
        .find(|n| n.what == "attachment")
        .expect("attachment listed");
    assert_eq!(
        att.location.part.as_deref(),
        Some("Doc_0/Attachs/file1.txt")
    );
    // attachment content is not scanned without a dispatcher
    assert!(!ex.segments.iter().any(|s| s.text.contains("机密内容")));
}

#[test]
fn ofd_image_only_page() {
    let ex = extract_ofd(&ofd_bytes(), &Limits::default());
    let ne = ex
        .not_examined
        .iter()
        .find(|n| n.what == "scanned page")
        .expect("scanned page listed");
    assert_eq!(ne.location.page, Some(3));
    let p = ex
        .problems
        .iter()
        .find(|p| p.kind == "unsupported_format")
        .expect("image-only problem");
    assert_eq!(p.location.page, Some(3));
    // only page 3 is image-only
    assert_eq!(ex.problems.len(), 1, "{:?}", ex.problems);
}

#[test]
fn ofd_attachments_through_dispatcher() {
    let limits = Limits::default();
    let ex = extract_ofd_with(
        &ofd_bytes(),
        &limits,
        0,
        Some(&|n, b, d| dispatch(&limits, n, b, d)),
    );
    let s = ex
        .segments
        .iter()
        .find(|s| s.text == "附件中的机密内容")
        .expect("attachment text");
    assert_eq!(entry_of(s), Some("Doc_0/Attachs/file1.txt"));
    assert_eq!(loc_of(s).line, Some(1));
    assert!(!ex.not_examined.iter().any(|n| n.what == "attachment"));
    // at the depth limit the attachment is not opened
    let ex = extract_ofd_with(
        &ofd_bytes(),
        &limits,
        MAX_DEPTH,
        Some(&|n, b, d| dispatch(&limits, n, b, d)),
    );
    assert!(!ex.segments.iter().any(|s| s.text.contains("机密内容")));
    assert!(ex.problems.iter().any(|p| p.kind == "limit_exceeded"
        && p.location.part.as_deref() == Some("Doc_0/Attachs/file1.txt")));
}

#[test]
fn ofd_all_images_means_text_missing() {
    let mut files = ofd_files();
    for (n, d) in files.iter_mut() {
        if n.ends_with("Page_0/Content.xml") || n.ends_with("Page_1/Content.xml") {
            *d = format!(
                r#"<ofd:Page {NS}><ofd:Content><ofd:Layer><ofd:ImageObject ID="9"/></ofd:Layer></ofd:Content></ofd:Page>"#
            )
            .into_bytes();
        }
        if n.ends_with("Tpl_0/Content.xml") {
            *d = format!("<ofd:Page {NS}/>").into_bytes();
        }
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let ex = extract_ofd(&zip_of(&refs, false), &Limits::default());
    assert!(ex.expected_text_missing);
    let pages: Vec<Option<u32>> = ex
        .problems
        .iter()
        .filter(|p| p.kind == "unsupported_format")
        .map(|p| p.location.page)
        .collect();
    assert_eq!(pages, vec![Some(1), Some(2), Some(3)]);
}

#[test]
fn ofd_corrupt() {
    let l = Limits::default();
    // missing OFD.xml
    let ex = extract_ofd(&zip_of(&[("Doc_0/Document.xml", b"<a/>")], false), &l);
    assert_eq!(ex.problems[0].kind, "corrupt");
    assert!(ex.problems[0].detail.contains("OFD.xml"));
    // broken OFD.xml
    let ex = extract_ofd(
        &zip_of(&[("OFD.xml", b"<ofd:OFD><ofd:DocBody></ofd:OFD>")], false),
        &l,
    );
    assert_eq!(ex.problems[0].kind, "corrupt");
    // not a zip
    let ex = extract_ofd(b"not a zip at all", &l);
    assert_eq!(ex.problems[0].kind, "corrupt");
    // broken page: problem at that page, other pages still read
    let mut files = ofd_files();
    for (n, d) in files.iter_mut() {
        if n.ends_with("Page_1/Content.xml") {
            *d = b"<ofd:Page><ofd:Content>".to_vec();
            d.extend_from_slice(b"</ofd:Page>");
        }
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let ex = extract_ofd(&zip_of(&refs, false), &l);
    let p = ex
        .problems
        .iter()
        .find(|p| p.kind == "corrupt")
        .expect("corrupt page");
    assert_eq!(p.location.page, Some(2));
    find(&ex, "秘密★1年");
    // deep XML: limit_exceeded
    let deep = format!("<ofd:OFD {NS}>{}", "<x>".repeat(5000));
    let ex = extract_ofd(&zip_of(&[("OFD.xml", deep.as_bytes())], true), &l);
    assert_eq!(ex.problems[0].kind, "limit_exceeded");
}

// ---------------------------------------------------------------------------------------------
// archive tests

#[test]
fn zip_nested_entries() {
    let inner = zip_of(&[("b.txt", "秘密★1年\n\n内层正文".as_bytes())], true);
    let outer = zip_of(
        &[
            ("a.txt", "第一行\n第二行 内部资料".as_bytes()),
            ("sub/", b""),
            ("sub/inner.zip", &inner),
        ],
        true,
    );
    let ex = scan_zip(&outer, &Limits::default());
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let a2 = find(&ex, "第二行 内部资料");
    assert_eq!(entry_of(a2), Some("a.txt"));
    assert_eq!(loc_of(a2).line, Some(2));
    let m = find(&ex, "秘密★1年");
    assert_eq!(entry_of(m), Some("sub/inner.zip!b.txt"));
    assert_eq!(loc_of(m).line, Some(1));
    assert_eq!(m.zone, Zone::Title);
    let body = find(&ex, "内层正文");
    assert_eq!(loc_of(body).line, Some(3));
    // file-name segments for every file entry, none for the directory
    let names: Vec<(String, Option<String>)> = ex
        .segments
        .iter()
        .filter(|s| s.zone == Zone::FileName)
        .map(|s| (s.text.clone(), loc_of(s).entry.clone()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("a.txt".to_string(), Some("a.txt".to_string())),
            (
                "sub/inner.zip".to_string(),
                Some("sub/inner.zip".to_string())
            ),
            ("b.txt".to_string(), Some("sub/inner.zip!b.txt".to_string())),
        ]
    );
    for s in ex.segments.iter().filter(|s| s.zone == Zone::FileName) {
        assert_eq!(loc_of(s).field.as_deref(), Some("file_name"));
    }
}

#[test]
fn zip_with_ofd_inside() {
    let outer = zip_of(&[("docs/通知.ofd", &ofd_bytes())], false);
    let ex = scan_zip(&outer, &Limits::default());
    let m = find(&ex, "秘密★1年");
    assert_eq!(entry_of(m), Some("docs/通知.ofd"));
    assert_eq!((loc_of(m).page, loc_of(m).line), (Some(1), Some(1)));
    assert_eq!(m.zone, Zone::Title);
    // attachment of the OFD: entry chain
    let s = find(&ex, "附件中的机密内容");
    assert_eq!(entry_of(s), Some("docs/通知.ofd!Doc_0/Attachs/file1.txt"));
    // the image-only page problem is located in the entry
    let p = ex
        .problems
        .iter()
        .find(|p| p.kind == "unsupported_format")
        .expect("image-only page");
    assert_eq!(p.location.entry.as_deref(), Some("docs/通知.ofd"));
    assert_eq!(p.location.page, Some(3));
}

#[test]
fn zip_gbk_names() {
    let (gbk, _, _) = encoding_rs::GBK.encode("机密/秘密文件.txt");
    let z = stored_zip(&[
        RawEntry {
            name: &gbk,
            data: "正文".as_bytes(),
            flags: 0,
        },
        RawEntry {
            name: "公开/说明.txt".as_bytes(),
            data: b"ok",
            flags: 0x0800,
        },
    ]);
    let ex = scan_zip(&z, &Limits::default());
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let n = find(&ex, "机密/秘密文件.txt");
    assert_eq!(n.zone, Zone::FileName);
    assert_eq!(entry_of(n), Some("机密/秘密文件.txt"));
    assert_eq!(entry_of(find(&ex, "正文")), Some("机密/秘密文件.txt"));
    assert_eq!(find(&ex, "公开/说明.txt").zone, Zone::FileName);
}

#[test]
fn zip_encrypted_entry() {
    let z = stored_zip(&[
        RawEntry {
            name: b"secret.txt",
            data: b"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0cxyz",
            flags: 0x0001,
        },
        RawEntry {
            name: b"plain.txt",
            data: "普通内容".as_bytes(),
            flags: 0,
        },
    ]);
    let ex = scan_zip(&z, &Limits::default());
    assert_eq!(ex.problems.len(), 1, "{:?}", ex.problems);
    assert_eq!(ex.problems[0].kind, "encrypted");
    assert_eq!(ex.problems[0].location.entry.as_deref(), Some("secret.txt"));
    // the name is still scanned; the other entry is read
    assert_eq!(find(&ex, "secret.txt").zone, Zone::FileName);
    assert_eq!(entry_of(find(&ex, "普通内容")), Some("plain.txt"));
}

#[test]
fn zip_depth_limit() {
    // l0 (the item, depth 0) ⊃ l1.zip ⊃ l2.zip ⊃ … ⊃ l5.zip, each with a text file
    let mut z = zip_of(&[("deep5.txt", b"level 5")], false);
    for level in (1..=4).rev() {
        let next = format!("l{}.zip", level + 1);
        let txt = format!("deep{level}.txt");
        let data = format!("level {level}");
        z = zip_of(
            &[(txt.as_str(), data.as_bytes()), (next.as_str(), &z)],
            false,
        );
    }
    let z = zip_of(&[("l1.zip", &z)], false);
    let ex = scan_zip(&z, &Limits::default());
    assert_eq!(MAX_DEPTH, 3);
    // levels 1..=3 are opened, level 4 is refused
    assert_eq!(
        entry_of(find(&ex, "level 3")),
        Some("l1.zip!l2.zip!l3.zip!deep3.txt")
    );
    assert!(!ex.segments.iter().any(|s| s.text == "level 4"));
    let p = ex
        .problems
        .iter()
        .find(|p| p.kind == "limit_exceeded")
        .expect("depth problem");
    assert_eq!(
        p.location.entry.as_deref(),
        Some("l1.zip!l2.zip!l3.zip!l4.zip")
    );
    assert_eq!(p.location.item, None);
    assert_eq!(ex.problems.len(), 1);
}

#[test]
fn zip_bomb_entry() {
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let z = zip_of(
        &[("bomb.bin", &zeros), ("ok.txt", "正常文本".as_bytes())],
        true,
    );
    assert!(z.len() < 200 * 1024);
    let ex = scan_zip(&z, &Limits::default());
    let p = ex
        .problems
        .iter()
        .find(|p| p.kind == "limit_exceeded")
        .expect("bomb");
    assert_eq!(p.location.entry.as_deref(), Some("bomb.bin"));
    assert!(p.detail.contains("ratio"));
    assert_eq!(entry_of(find(&ex, "正常文本")), Some("ok.txt"));
    // a nested bomb is reported inside its entry
    let outer = zip_of(&[("in.zip", &z)], false);
    let ex = scan_zip(&outer, &Limits::default());
    assert!(ex
        .problems
        .iter()
        .any(|p| p.kind == "limit_exceeded"
            && p.location.entry.as_deref() == Some("in.zip!bomb.bin")));
}

#[test]
fn zip_shared_budget_across_levels() {
    let inner = zip_of(&[("b.txt", &[b'x'; 600])], false);
    let outer = zip_of(&[("in.zip", &inner), ("c.txt", &[b'y'; 100])], false);
    let limits = Limits {
        max_total_unzipped: 1000,
        ..Limits::default()
    };
    // in.zip (~700 bytes) fits, its b.txt (600) would exceed the shared 1000-byte budget
    let ex = scan_zip(&outer, &limits);
    let p = ex
        .problems
        .iter()
        .find(|p| p.kind == "limit_exceeded")
        .expect("budget");
    assert_eq!(p.location.entry.as_deref(), Some("in.zip!b.txt"));
    // c.txt still fits
    assert!(ex
        .segments
        .iter()
        .any(|s| entry_of(s) == Some("c.txt") && s.zone != Zone::FileName));

    // explicit budget: already exhausted by the caller
    let b = ZipBudget::new(10);
    let ex = extract_zip_with(&outer, &Limits::default(), 0, &b, &|n, by, d| {
        dispatch(&Limits::default(), n, by, d)
    });
    assert_eq!(
        ex.problems
            .iter()
            .filter(|p| p.kind == "limit_exceeded")
            .count(),
        2
    );
}

#[test]
fn zip_corrupt_and_duplicates() {
    let ex = scan_zip(b"PK\x03\x04 garbage", &Limits::default());
    assert_eq!(ex.problems[0].kind, "corrupt");
    let z = stored_zip(&[
        RawEntry {
            name: b"a.txt",
            data: b"one",
            flags: 0,
        },
        RawEntry {
            name: b"a.txt",
            data: b"two",
            flags: 0,
        },
    ]);
    let ex = scan_zip(&z, &Limits::default());
    assert!(ex
        .problems
        .iter()
        .any(|p| p.kind == "corrupt" && p.location.entry.as_deref() == Some("a.txt")));
}

#[test]
fn truncated_and_flipped_inputs_do_not_panic() {
    let l = Limits::default();
    let ofd = ofd_bytes();
    let inner = zip_of(&[("b.txt", "内层".as_bytes())], true);
    let z = zip_of(
        &[("a.txt", b"x"), ("in.zip", &inner), ("d.ofd", &ofd)],
        true,
    );
    for data in [&ofd, &z] {
        let step = (data.len() / 97).max(1);
        for cut in (0..data.len()).step_by(step) {
            let _ = extract_ofd(&data[..cut], &l);
            let _ = scan_zip(&data[..cut], &l);
            let mut f = data.clone();
            f[cut] ^= 0x5a;
            let _ = extract_ofd(&f, &l);
            let _ = scan_zip(&f, &l);
        }
    }
}

#[test]
fn ofd_without_pages_or_with_glyph_substitution_is_not_passed() {
    let rebuild = |f: &dyn Fn(&str, &mut Vec<u8>)| {
        let mut files = ofd_files();
        for (n, d) in files.iter_mut() {
            f(n, d);
        }
        let refs: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        extract_ofd(&zip_of(&refs, false), &Limits::default())
    };
    // a document that lists no pages
    let ex = rebuild(&|n, d| {
        if n.ends_with("Doc_0/Document.xml") {
            let s = String::from_utf8(d.clone()).unwrap();
            let a = s.find("<ofd:Pages>").unwrap();
            let b = s.find("</ofd:Pages>").unwrap() + "</ofd:Pages>".len();
            *d = format!("{}{}", &s[..a], &s[b..]).into_bytes();
        }
    });
    assert!(
        ex.problems
            .iter()
            .any(|p| p.kind == "corrupt" && p.detail.contains("no pages")),
        "{:?}",
        ex.problems
    );
    // a text object drawn with CGTransform glyph substitution
    let ex = rebuild(&|n, d| {
        if n.ends_with("Page_1/Content.xml") {
            *d = format!(
                r#"<ofd:Page {NS}><ofd:Content><ofd:Layer><ofd:TextObject ID="7" Boundary="0 0 100 10" Font="1" Size="5"><ofd:CGTransform CodePosition="0" CodeCount="1" GlyphCount="1"><ofd:Glyphs>12</ofd:Glyphs></ofd:CGTransform><ofd:TextCode X="0" Y="5">甲乙丙</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#
            )
            .into_bytes();
        }
    });
    assert!(
        ex.problems
            .iter()
            .any(|p| p.kind == "unsupported_format" && p.location.page == Some(2)),
        "{:?}",
        ex.problems
    );
    // the untouched package has neither problem
    let ex = rebuild(&|_, _| {});
    assert!(
        !ex.problems
            .iter()
            .any(|p| p.detail.contains("no pages") || p.detail.contains("CGTransform")),
        "{:?}",
        ex.problems
    );
}

/// `zip` with `comment` as the archive comment and `entry_comment` on its first entry (a
/// zip of one central-directory record, as `stored_zip` writes it).
fn with_comments(zip: Vec<u8>, comment: &str, entry_comment: &str) -> Vec<u8> {
    let cd = zip
        .windows(4)
        .position(|w| w == 0x0201_4b50u32.to_le_bytes())
        .unwrap();
    let name_len = u16::from_le_bytes([zip[cd + 28], zip[cd + 29]]) as usize;
    let extra_len = u16::from_le_bytes([zip[cd + 30], zip[cd + 31]]) as usize;
    let ec = entry_comment.as_bytes();
    let mut out = zip[..cd].to_vec();
    let mut rec = zip[cd..cd + 46 + name_len + extra_len].to_vec();
    rec[32..34].copy_from_slice(&(ec.len() as u16).to_le_bytes());
    out.extend_from_slice(&rec);
    out.extend_from_slice(ec);
    let eocd = zip.len() - 22;
    let mut end = zip[eocd..].to_vec();
    let cd_len = u32::from_le_bytes(end[12..16].try_into().unwrap()) + ec.len() as u32;
    end[12..16].copy_from_slice(&cd_len.to_le_bytes());
    end[20..22].copy_from_slice(&(comment.len() as u16).to_le_bytes());
    out.extend_from_slice(&end);
    out.extend_from_slice(comment.as_bytes());
    out
}

#[test]
fn zip_comments_are_read() {
    use baomi::detect::dictionary::Dictionary;
    use baomi::policy::Policy;
    use baomi::scan::{scan_bytes, Config};
    let id = common::resident_id("330106", "19800101", 7);
    let base = stored_zip(&[RawEntry {
        name: "通知.txt".as_bytes(),
        data: "关于做好防汛工作的通知\n各单位：请按要求做好防汛工作。\n".as_bytes(),
        flags: 0x0800,
    }]);
    let zip = with_comments(
        base.clone(),
        "机密★1年 不得外传",
        &format!("联系人身份证号{id}"),
    );
    let ex = scan_zip(&zip, &Limits::default());
    let archive_c = find(&ex, "机密★1年 不得外传");
    assert_eq!(archive_c.layer, Layer::Metadata("other"));
    assert_eq!(loc_of(archive_c).field.as_deref(), Some("zip_comment"));
    assert_eq!(loc_of(archive_c).item, Some(true));
    let entry_c = find(&ex, &format!("联系人身份证号{id}"));
    assert_eq!(entry_c.layer, Layer::Metadata("other"));
    assert_eq!(entry_of(entry_c), Some("通知.txt"));

    let mut cfg = Config::new(Policy::builtin(), Dictionary::load(&[]).unwrap());
    cfg.unit = Some("办公室".into());
    cfg.drafter = Some("李明".into());
    let r = scan_bytes(&cfg, "材料.zip", &zip, None);
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains(&id), "identifier echoed");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["verdict"], "block", "{json}");
    let kinds: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}/{}", f["category"], f["kind"]))
        .collect();
    assert!(
        kinds.iter().any(|k| k.contains("cn_resident_id"))
            && kinds.iter().any(|k| k.contains("marking")),
        "{kinds:?}"
    );
    // near miss: the same archive without comments, and an ordinary comment, pass
    for zip in [
        base.clone(),
        with_comments(base, "2025年防汛材料，共1个文件", ""),
    ] {
        let r = scan_bytes(&cfg, "材料.zip", &zip, None);
        assert_eq!(
            serde_json::to_value(&r).unwrap()["verdict"],
            "pass",
            "{:?}",
            serde_json::to_string(&r)
        );
    }
}

/// Text appended after a zip's end record, and a directory entry that carries data, travel
/// with the archive although no archiver lists them: both are read. Zero padding, and a
/// directory entry without data, are nothing.
#[test]
fn zip_trailing_data_and_directory_entries_with_data() {
    let limits = Limits::default();
    let base = stored_zip(&[RawEntry {
        name: b"a.txt",
        data: "通知正文".as_bytes(),
        flags: 0x0800,
    }]);
    let mut tail = base.clone();
    tail.extend_from_slice("\n秘密★1年 名单附后\n".as_bytes());
    let ex = scan_zip(&tail, &limits);
    let s = ex
        .segments
        .iter()
        .find(|s| s.text.contains("秘密★1年"))
        .unwrap_or_else(|| panic!("trailing text not read: {:#?}", texts(&ex)));
    assert_eq!(entry_of(s), Some("[trailing data]"));

    let mut padded = base.clone();
    padded.extend_from_slice(&[0u8; 64]);
    padded.extend_from_slice(b"\r\n");
    let ex = scan_zip(&padded, &limits);
    assert!(!ex.segments.iter().any(|s| s.text.contains("trailing")));
    assert!(ex.not_examined.is_empty(), "{:?}", ex.not_examined);

    let mut binary = base.clone();
    binary.extend_from_slice(&[0x01, 0xFF, 0x00, 0x02, 0x80, 0x00, 0x00, 0x9C]);
    let ex = scan_zip(&binary, &limits);
    assert_eq!(ex.not_examined.len(), 1, "{:?}", ex.not_examined);

    let dir = stored_zip(&[
        RawEntry {
            name: b"a.txt",
            data: "通知正文".as_bytes(),
            flags: 0x0800,
        },
        RawEntry {
            name: "附件/".as_bytes(),
            data: "机密★5年 名单".as_bytes(),
            flags: 0x0800,
        },
        RawEntry {
            name: "空目录/".as_bytes(),
            data: b"",
            flags: 0x0800,
        },
    ]);
    let ex = scan_zip(&dir, &limits);
    assert!(
        ex.segments.iter().any(|s| s.text.contains("机密★5年")),
        "{:#?}",
        texts(&ex)
    );
    assert!(!ex.segments.iter().any(|s| s.text.contains("空目录")));
}
