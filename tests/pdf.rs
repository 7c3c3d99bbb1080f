//! PDF reading: fixtures are written in code by a tiny PDF writer (objects, exact xref offsets,
//! uncompressed streams) with the three CJK text encodings found in Chinese government PDFs:
//! non-embedded STSong-Light with UniGB-UCS2-H, the same with GBK-EUC-H, and Identity-H with a
//! ToUnicode CMap.

mod common;

use std::collections::BTreeSet;
use std::io::{Cursor, Write};

use baomi::extract::pdf::{extract_pdf, extract_pdf_with};
use baomi::extract::{Anchor, Extracted, Layer, Limits, Location, Segment, Zone};
use common::*;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// a tiny PDF writer

#[derive(Clone, Copy, PartialEq)]
enum Enc {
    /// STSong-Light, UniGB-UCS2-H (UCS-2 big-endian codes).
    Ucs2,
    /// STSong-Light, GBK-EUC-H (GBK bytes, ASCII single bytes).
    Gbk,
    /// Identity-H with a ToUnicode CMap (CIDs assigned here).
    IdentityToUnicode,
}

struct Pdf {
    /// Object bodies; object number = index + 1.
    objs: Vec<Vec<u8>>,
}

fn stream_obj(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// PDF text string in UTF-16BE with BOM, as a hex string.
fn text_string(s: &str) -> String {
    let mut h = String::from("<FEFF");
    for u in s.encode_utf16() {
        h.push_str(&format!("{u:04X}"));
    }
    h.push('>');
    h
}

impl Pdf {
    fn new() -> Self {
        Pdf { objs: Vec::new() }
    }
    fn add(&mut self, body: impl Into<Vec<u8>>) -> usize {
        self.objs.push(body.into());
        self.objs.len()
    }
    fn reserve(&mut self) -> usize {
        self.add(Vec::new())
    }
    fn set(&mut self, n: usize, body: impl Into<Vec<u8>>) {
        self.objs[n - 1] = body.into();
    }
    /// Serializes with a classic xref table; `trailer_extra` goes into the trailer dictionary.
    fn finish(&self, root: usize, trailer_extra: &str) -> Vec<u8> {
        self.finish_with(root, trailer_extra, None)
    }
    /// Same, encrypting every string and stream with `enc` (the /Encrypt entry is added).
    fn finish_with(&self, root: usize, trailer_extra: &str, enc: Option<&Rc4>) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        let mut trailer_extra = trailer_extra.to_string();
        if let Some(e) = enc {
            trailer_extra.push_str(&e.trailer());
        }
        for (i, body) in self.objs.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            let body = match enc {
                Some(e) => e.encrypt_object(i as u32 + 1, body),
                None => body.clone(),
            };
            out.extend_from_slice(&body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", self.objs.len() + 1).as_bytes(),
        );
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root {root} 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
                self.objs.len() + 1
            )
            .as_bytes(),
        );
        out
    }
}

// ---------------------------------------------------------------------------------------------
// the standard security handler, revision 2 (RC4, 40-bit), with an empty user password

const PASSWORD_PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

fn md5(parts: &[&[u8]]) -> [u8; 16] {
    use md5::Digest;
    let mut h = md5::Md5::new();
    for p in parts {
        h.update(p);
    }
    let d = h.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&d[..16]);
    out
}

fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut s: Vec<u8> = (0..=255).collect();
    let mut j = 0u8;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, j as usize);
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[i as usize]);
            s.swap(i as usize, j as usize);
            b ^ s[s[i as usize].wrapping_add(s[j as usize]) as usize]
        })
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

struct Rc4 {
    key: [u8; 5],
    o: Vec<u8>,
    u: Vec<u8>,
    id: [u8; 16],
    p: i32,
}

impl Rc4 {
    /// An owner password and an empty user password: anyone can open the file, the
    /// permissions (no copying, no printing) are only advisory.
    fn owner_only(owner: &[u8]) -> Rc4 {
        let mut padded = owner.to_vec();
        padded.extend_from_slice(&PASSWORD_PAD);
        padded.truncate(32);
        let okey = md5(&[&padded]);
        let o = rc4(&okey[..5], &PASSWORD_PAD);
        let p: i32 = -3904;
        let id = [0x5Au8; 16];
        let k = md5(&[&PASSWORD_PAD, &o, &p.to_le_bytes(), &id]);
        let mut key = [0u8; 5];
        key.copy_from_slice(&k[..5]);
        let u = rc4(&key, &PASSWORD_PAD);
        Rc4 { key, o, u, id, p }
    }
    fn trailer(&self) -> String {
        format!(
            " /Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /O <{}> /U <{}> /P {} >> \
             /ID [<{}> <{}>]",
            hex(&self.o),
            hex(&self.u),
            self.p,
            hex(&self.id),
            hex(&self.id)
        )
    }
    fn object_key(&self, num: u32) -> Vec<u8> {
        let n = num.to_le_bytes();
        md5(&[&self.key, &n[..3], &[0, 0]])[..10].to_vec()
    }
    /// Encrypts the strings (literal and hex) and the stream data of one object body.
    fn encrypt_object(&self, num: u32, body: &[u8]) -> Vec<u8> {
        let key = self.object_key(num);
        let (dict, stream) = match body.windows(8).position(|w| w == b"\nstream\n") {
            Some(k) => {
                let data_start = k + 8;
                let data_end = body.len() - b"\nendstream".len();
                (&body[..k], Some(&body[data_start..data_end]))
            }
            None => (body, None),
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < dict.len() {
            let c = dict[i];
            if c == b'(' {
                let end = i + dict[i..]
                    .iter()
                    .position(|&b| b == b')')
                    .expect("string end");
                let enc = rc4(&key, &dict[i + 1..end]);
                out.extend_from_slice(format!("<{}>", hex(&enc)).as_bytes());
                i = end + 1;
            } else if c == b'<' && dict.get(i + 1) == Some(&b'<') {
                out.extend_from_slice(b"<<");
                i += 2;
            } else if c == b'<' {
                let end = i + dict[i..].iter().position(|&b| b == b'>').expect("hex end");
                let raw: Vec<u8> = (i + 1..end)
                    .step_by(2)
                    .map(|k| {
                        u8::from_str_radix(std::str::from_utf8(&dict[k..k + 2]).unwrap(), 16)
                            .unwrap()
                    })
                    .collect();
                out.extend_from_slice(format!("<{}>", hex(&rc4(&key, &raw))).as_bytes());
                i = end + 1;
            } else {
                out.push(c);
                i += 1;
            }
        }
        if let Some(data) = stream {
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&rc4(&key, data));
            out.extend_from_slice(b"\nendstream");
        }
        out
    }
}

/// A font and how to encode text for it.
struct Font {
    obj: usize,
    enc: Enc,
    /// Identity-H: characters in CID order (CID = index + 1).
    cids: Vec<char>,
}

impl Font {
    fn new(pdf: &mut Pdf, enc: Enc, all_text: &str) -> Font {
        let desc = pdf.add(
            "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] \
             /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        );
        match enc {
            Enc::Ucs2 | Enc::Gbk => {
                let cmap = if enc == Enc::Ucs2 {
                    "UniGB-UCS2-H"
                } else {
                    "GBK-EUC-H"
                };
                let obj = pdf.add(format!(
                    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{cmap} \
                     /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
                     /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> \
                     /FontDescriptor {desc} 0 R /DW 1000 >>] >>"
                ));
                Font {
                    obj,
                    enc,
                    cids: Vec::new(),
                }
            }
            Enc::IdentityToUnicode => {
                let cids: Vec<char> = all_text
                    .chars()
                    .collect::<BTreeSet<char>>()
                    .into_iter()
                    .collect();
                let mut cmap = String::from(
                    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
                     /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
                     /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
                     1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
                );
                for chunk in cids.chunks(100).enumerate() {
                    let (k, cs) = chunk;
                    cmap.push_str(&format!("{} beginbfchar\n", cs.len()));
                    for (j, c) in cs.iter().enumerate() {
                        let cid = k * 100 + j + 1;
                        let mut u = String::new();
                        for x in c.encode_utf16(&mut [0u16; 2]) {
                            u.push_str(&format!("{x:04X}"));
                        }
                        cmap.push_str(&format!("<{cid:04X}> <{u}>\n"));
                    }
                    cmap.push_str("endbfchar\n");
                }
                cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
                let tu = pdf.add(stream_obj("", cmap.as_bytes()));
                let obj = pdf.add(format!(
                    "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H \
                     /ToUnicode {tu} 0 R /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 \
                     /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) \
                     /Supplement 0 >> /FontDescriptor {desc} 0 R /DW 1000 /CIDToGIDMap /Identity >>] >>"
                ));
                Font { obj, enc, cids }
            }
        }
    }

    /// The string operand (hex) showing `s`.
    fn show(&self, s: &str) -> String {
        let mut h = String::from("<");
        match self.enc {
            Enc::Ucs2 => {
                for u in s.encode_utf16() {
                    h.push_str(&format!("{u:04X}"));
                }
            }
            Enc::Gbk => {
                for b in gbk(s) {
                    h.push_str(&format!("{b:02X}"));
                }
            }
            Enc::IdentityToUnicode => {
                for c in s.chars() {
                    let cid = self.cids.iter().position(|x| *x == c).expect("cid") + 1;
                    h.push_str(&format!("{cid:04X}"));
                }
            }
        }
        h.push('>');
        h
    }
}

/// What goes on one page.
#[derive(Default, Clone)]
struct PageSpec {
    lines: Vec<String>,
    /// Draw a (tiny) image instead of / besides text.
    image: bool,
    /// Annotation dictionaries (without the surrounding `<< >>`), added to /Annots.
    annots: Vec<String>,
    /// Put the text into a form XObject painted with `Do` (moved down by a `cm`).
    form: bool,
    /// A line drawn in an optional-content layer that is off by default.
    hidden_line: Option<String>,
    /// A running header drawn above the text (small type, top of the page).
    header: Option<String>,
    /// A line drawn far outside the page (y = 2000).
    off_page: Option<String>,
    /// Annotations whose text is drawn only by their appearance stream (`/AP /N`, in the
    /// page's font): (annotation entries without `<< >>`, the text drawn).
    ap_annots: Vec<(String, String)>,
}

/// Document-level extras.
#[derive(Default)]
struct DocSpec {
    info: Vec<(&'static str, String)>,
    xmp: Option<String>,
    /// (file name, bytes) in the /EmbeddedFiles name tree.
    embedded: Vec<(String, Vec<u8>)>,
    /// Extra trailer entries (e.g. /Encrypt).
    trailer: String,
    /// Encrypt with an owner password only (empty user password).
    owner_password: Option<&'static str>,
    /// Extra catalog entries (e.g. a `/StructTreeRoot` written inline).
    catalog_extra: String,
}

fn build_pdf(enc: Enc, pages: &[PageSpec], doc: &DocSpec) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = pdf.reserve();
    let pages_obj = pdf.reserve();
    let all: String = pages
        .iter()
        .flat_map(|p| {
            p.lines
                .iter()
                .chain(p.hidden_line.iter())
                .chain(p.header.iter())
                .chain(p.off_page.iter())
                .chain(p.ap_annots.iter().map(|a| &a.1))
        })
        .cloned()
        .collect();
    let ocg = pages
        .iter()
        .any(|p| p.hidden_line.is_some())
        .then(|| pdf.add("<< /Type /OCG /Name (draft) >>"));
    let font = Font::new(&mut pdf, enc, &all);
    let image = pdf.add(stream_obj(
        "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
        &[0, 255, 255, 0],
    ));
    let mut kids = Vec::new();
    for p in pages {
        let mut content = String::new();
        if p.image {
            content.push_str("q 400 0 0 500 100 200 cm /Im1 Do Q\n");
        }
        let mut y = 780;
        for (k, line) in p.lines.iter().enumerate() {
            let size = if k == 0 { 18 } else { 14 };
            content.push_str(&format!(
                "BT /F1 {size} Tf 1 0 0 1 60 {y} Tm {} Tj ET\n",
                font.show(line)
            ));
            y -= 28;
        }
        if let Some(h) = &p.header {
            content.push_str(&format!(
                "BT /F1 10 Tf 1 0 0 1 400 815 Tm {} Tj ET\n",
                font.show(h)
            ));
        }
        if let Some(h) = &p.hidden_line {
            content.push_str(&format!(
                "/OC /oc1 BDC BT /F1 12 Tf 1 0 0 1 60 100 Tm {} Tj ET EMC\n",
                font.show(h)
            ));
        }
        if let Some(h) = &p.off_page {
            content.push_str(&format!(
                "BT /F1 12 Tf 1 0 0 1 72 2000 Tm {} Tj ET\n",
                font.show(h)
            ));
        }
        let c = if p.form {
            let fm = pdf.add(stream_obj(
                &format!(
                    "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 0 -20] \
                     /Resources << /Font << /F1 {} 0 R >> >>",
                    font.obj
                ),
                content.as_bytes(),
            ));
            pdf.add(stream_obj(
                &format!("/Note ({fm})"),
                b"q 1 0 0 1 0 10 cm /Fm1 Do Q\n",
            ))
        } else {
            pdf.add(stream_obj("", content.as_bytes()))
        };
        let xobjects = if p.form {
            format!("/Im1 {image} 0 R /Fm1 {} 0 R", c - 1)
        } else {
            format!("/Im1 {image} 0 R")
        };
        let mut annots = Vec::new();
        for a in &p.annots {
            annots.push(format!(
                "{} 0 R",
                pdf.add(format!("<< /Type /Annot {a} >>"))
            ));
        }
        for (a, text) in &p.ap_annots {
            let content = format!("BT /F1 12 Tf 1 0 0 1 4 6 Tm {} Tj ET", font.show(text));
            let ap = pdf.add(stream_obj(
                &format!(
                    "/Type /XObject /Subtype /Form /BBox [0 0 200 24] \
                     /Resources << /Font << /F1 {} 0 R >> >>",
                    font.obj
                ),
                content.as_bytes(),
            ));
            annots.push(format!(
                "{} 0 R",
                pdf.add(format!("<< /Type /Annot {a} /AP << /N {ap} 0 R >> >>"))
            ));
        }
        let page = pdf.add(format!(
            "<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 {} 0 R >> /XObject << {xobjects} >> {} >> \
             /Contents {c} 0 R /Annots [{}] >>",
            font.obj,
            ocg.map(|o| format!("/Properties << /oc1 {o} 0 R >>"))
                .unwrap_or_default(),
            annots.join(" ")
        ));
        kids.push(format!("{page} 0 R"));
    }
    pdf.set(
        pages_obj,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            kids.len()
        ),
    );
    let mut cat = format!(
        "<< /Type /Catalog /Pages {pages_obj} 0 R {}",
        doc.catalog_extra
    );
    if let Some(o) = ocg {
        cat.push_str(&format!(
            " /OCProperties << /OCGs [{o} 0 R] /D << /Order [{o} 0 R] /OFF [{o} 0 R] >> >>"
        ));
    }
    if let Some(x) = &doc.xmp {
        let m = pdf.add(stream_obj("/Type /Metadata /Subtype /XML", x.as_bytes()));
        cat.push_str(&format!(" /Metadata {m} 0 R"));
    }
    if !doc.embedded.is_empty() {
        let mut names = Vec::new();
        for (name, bytes) in &doc.embedded {
            let ef = pdf.add(stream_obj(
                &format!("/Type /EmbeddedFile /Params << /Size {} >>", bytes.len()),
                bytes,
            ));
            let fs = pdf.add(format!(
                "<< /Type /Filespec /F (attachment.bin) /UF {} /EF << /F {ef} 0 R >> >>",
                text_string(name)
            ));
            names.push(format!("{} {fs} 0 R", text_string(name)));
        }
        cat.push_str(&format!(
            " /Names << /EmbeddedFiles << /Names [{}] >> >>",
            names.join(" ")
        ));
    }
    cat.push_str(" >>");
    pdf.set(catalog, cat);
    let mut trailer = doc.trailer.clone();
    if !doc.info.is_empty() {
        let entries: Vec<String> = doc
            .info
            .iter()
            .map(|(k, v)| format!("/{k} {}", text_string(v)))
            .collect();
        let info = pdf.add(format!("<< {} >>", entries.join(" ")));
        trailer.push_str(&format!(" /Info {info} 0 R"));
    }
    let enc = doc.owner_password.map(|o| Rc4::owner_only(o.as_bytes()));
    pdf.finish_with(catalog, &trailer, enc.as_ref())
}

fn one_page(lines: &[String]) -> Vec<PageSpec> {
    vec![PageSpec {
        lines: lines.to_vec(),
        ..Default::default()
    }]
}

// ---------------------------------------------------------------------------------------------
// fixtures: the notices

fn planted_id() -> String {
    resident_id("330106", "19900307", 123)
}

fn planted_mobile() -> String {
    "13912345678".to_string()
}

/// A notice carrying a state-secret marking, a resident ID and a mobile number.
fn secret_notice() -> Vec<String> {
    vec![
        "机密★5年".into(),
        "关于核发住房补贴的通知".into(),
        "各区住房保障部门：".into(),
        "现将补贴对象核查情况通报如下。".into(),
        "补贴对象张三（身份证号：".to_string() + &planted_id() + "）",
        "联系电话：".to_string() + &planted_mobile(),
        "请于三月底前完成核发。".into(),
        "市住房保障局".into(),
    ]
}

/// A clean notice that mentions secrecy only in running prose.
fn clean_notice() -> Vec<String> {
    vec![
        "关于做好政务公开保密审查工作的通知".into(),
        "各处室、各直属单位：".into(),
        "为防止泄露国家秘密、工作秘密和敏感信息，现就做好保密审查".into(),
        "工作通知如下：信息公开前须经本单位审查，坚持先审查、后公开。".into(),
        "特此通知。".into(),
        "市住房保障局办公室".into(),
        "2026年3月1日".into(),
    ]
}

// ---------------------------------------------------------------------------------------------
// a minimal docx writer (for the pdf/docx parity test)

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(*name, opts).expect("start_file");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn docx_of(paragraphs: &[String]) -> Vec<u8> {
    const CT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
        .collect();
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    zip_of(&[
        ("[Content_Types].xml", CT.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
    ])
}

// ---------------------------------------------------------------------------------------------
// helpers

const RESP: [&str; 4] = ["--unit", "住房保障处", "--drafter", "张三"];

fn scan_one(name: &str, bytes: &[u8]) -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), name, bytes);
    let mut args: Vec<&str> = RESP.to_vec();
    args.push(name);
    let (run, v) = scan_json(dir.path(), &args);
    assert!(
        matches!(run.code, 0..=2),
        "exit {}: {}",
        run.code,
        run.stderr
    );
    let r = only_report(&v).clone();
    (dir, r)
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

fn visible_lines(ex: &Extracted) -> Vec<(u32, u32, String, Zone)> {
    ex.segments
        .iter()
        .filter(|s| s.layer == Layer::Visible && s.zone != Zone::FileName)
        .filter_map(|s| {
            let l = loc_of(s);
            Some((l.page?, l.line?, s.text.clone(), s.zone))
        })
        .collect()
}

/// The (category, kind, masked) set of the findings that affect the verdict, plus the verdict.
fn finding_set(r: &Value) -> BTreeSet<(String, String, String)> {
    findings(r)
        .iter()
        .filter(|f| f["category"] != "metadata")
        .map(|f| {
            (
                f["category"].as_str().unwrap_or("").to_string(),
                f["kind"].as_str().unwrap_or("").to_string(),
                f.get("masked").map(|m| m.to_string()).unwrap_or_default(),
            )
        })
        .collect()
}

fn no_unreadable(r: &Value) {
    assert!(
        findings(r).iter().all(|f| f["category"] != "unreadable"),
        "unexpected unreadable finding: {}",
        brief(r)
    );
}

// ---------------------------------------------------------------------------------------------
// text in the three encodings: library level

fn check_notice_text(enc: Enc) {
    let lines = secret_notice();
    let bytes = build_pdf(enc, &one_page(&lines), &DocSpec::default());
    let ex = extract_pdf(&bytes, &Limits::default());
    assert!(ex.problems.is_empty(), "problems: {:?}", ex.problems);
    assert!(
        ex.not_examined.is_empty(),
        "not examined: {:?}",
        ex.not_examined
    );
    let got = visible_lines(&ex);
    let want: Vec<(u32, u32, String, Zone)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let zone = if i < 6 { Zone::Title } else { Zone::Body };
            (1, i as u32 + 1, l.clone(), zone)
        })
        .collect();
    let norm = |v: &[(u32, u32, String, Zone)]| -> Vec<(u32, u32, String, Zone)> {
        v.iter()
            .map(|(p, l, t, z)| (*p, *l, t.split_whitespace().collect::<String>(), *z))
            .collect()
    };
    assert_eq!(norm(&got), norm(&want));
}

#[test]
fn unigb_ucs2_h_text_decodes_with_page_and_line() {
    check_notice_text(Enc::Ucs2);
}

#[test]
fn gbk_euc_h_text_decodes_with_page_and_line() {
    check_notice_text(Enc::Gbk);
}

#[test]
fn identity_h_with_tounicode_decodes_with_page_and_line() {
    check_notice_text(Enc::IdentityToUnicode);
}

#[test]
fn lines_restart_on_each_page() {
    let pages = vec![
        PageSpec {
            lines: vec!["第一页标题".into(), "第一页正文".into()],
            ..Default::default()
        },
        PageSpec {
            lines: vec!["第二页第一行".into(), "第二页第二行".into()],
            ..Default::default()
        },
    ];
    let ex = extract_pdf(
        &build_pdf(Enc::Ucs2, &pages, &DocSpec::default()),
        &Limits::default(),
    );
    let got = visible_lines(&ex);
    assert_eq!(
        got,
        vec![
            (1, 1, "第一页标题".into(), Zone::Title),
            (1, 2, "第一页正文".into(), Zone::Title),
            (2, 1, "第二页第一行".into(), Zone::Body),
            (2, 2, "第二页第二行".into(), Zone::Body),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// the binary: verdicts, locations, parity with docx, no echo

#[test]
fn secret_notice_blocks_in_every_encoding_with_locations() {
    for (enc, name) in [
        (Enc::Ucs2, "通知-ucs2.pdf"),
        (Enc::Gbk, "通知-gbk.pdf"),
        (Enc::IdentityToUnicode, "通知-identity.pdf"),
    ] {
        let bytes = build_pdf(enc, &one_page(&secret_notice()), &DocSpec::default());
        let (_d, r) = scan_one(name, &bytes);
        assert_eq!(r["item"]["format"], "pdf");
        assert_eq!(verdict(&r), "block", "{}", brief(&r));
        no_unreadable(&r);
        let mark = findings_of(&r, "classification_marking", "state_secret");
        assert!(!mark.is_empty(), "{name}: {}", brief(&r));
        assert_eq!(mark[0]["location"]["page"], 1, "{}", mark[0]);
        assert_eq!(mark[0]["location"]["line"], 1, "{}", mark[0]);
        let id = findings_of(&r, "personal_info", "cn_resident_id");
        assert_eq!(id.len(), 1, "{name}: {}", brief(&r));
        assert_eq!(id[0]["action"], "block");
        assert_eq!(id[0]["location"]["page"], 1);
        assert_eq!(id[0]["location"]["line"], 5);
        let m = findings_of(&r, "personal_info", "cn_mobile");
        assert_eq!(m.len(), 1, "{name}: {}", brief(&r));
        assert_eq!(m[0]["location"]["line"], 6);
        // a state-secret item shows no excerpt at all
        assert!(
            findings(&r).iter().all(|f| f["excerpt"].is_null()),
            "{}",
            brief(&r)
        );
    }
}

#[test]
fn clean_notice_passes_in_every_encoding() {
    for enc in [Enc::Ucs2, Enc::Gbk, Enc::IdentityToUnicode] {
        let bytes = build_pdf(enc, &one_page(&clean_notice()), &DocSpec::default());
        let (_d, r) = scan_one("公开通知.pdf", &bytes);
        assert_eq!(verdict(&r), "pass", "{}", brief(&r));
        no_unreadable(&r);
        assert!(
            r["not_examined"].as_array().is_none_or(|a| a.is_empty()),
            "{}",
            r["not_examined"]
        );
    }
}

#[test]
fn pdf_and_docx_of_the_same_notice_agree() {
    for lines in [secret_notice(), clean_notice()] {
        let (_d1, pdf) = scan_one(
            "通知.pdf",
            &build_pdf(Enc::Gbk, &one_page(&lines), &DocSpec::default()),
        );
        let (_d2, docx) = scan_one("通知.docx", &docx_of(&lines));
        assert_eq!(
            finding_set(&pdf),
            finding_set(&docx),
            "\npdf:  {}\ndocx: {}",
            brief(&pdf),
            brief(&docx)
        );
        assert_eq!(verdict(&pdf), verdict(&docx));
    }
    // a notice without a marking: excerpts are shown, and they are masked the same way
    let mut lines = secret_notice();
    lines[0] = "关于核发补贴的公示".into();
    let (_d1, pdf) = scan_one(
        "公示.pdf",
        &build_pdf(Enc::Ucs2, &one_page(&lines), &DocSpec::default()),
    );
    let (_d2, docx) = scan_one("公示.docx", &docx_of(&lines));
    assert_eq!(
        finding_set(&pdf),
        finding_set(&docx),
        "\npdf:  {}\ndocx: {}",
        brief(&pdf),
        brief(&docx)
    );
    assert_eq!(verdict(&pdf), "block");
    assert_eq!(verdict(&docx), "block");
    let ex = |r: &Value| -> BTreeSet<String> {
        findings(r)
            .iter()
            .filter(|f| f["category"] == "personal_info")
            .map(|f| f["excerpt"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let pdf_ex = ex(&pdf);
    assert!(
        !pdf_ex.iter().any(|e| e.contains(&planted_id())),
        "{pdf_ex:?}"
    );
}

#[test]
fn no_output_echoes_an_identifier_from_a_pdf() {
    let mut lines = secret_notice();
    lines[0] = "关于核发补贴的公示".into();
    let annot = format!(
        "/Subtype /Text /Rect [500 700 520 720] /Contents {} /T {}",
        text_string(&format!("核对：{}", resident_id("440305", "19851230", 456))),
        text_string("李四")
    );
    let pages = vec![PageSpec {
        lines,
        annots: vec![annot],
        ..Default::default()
    }];
    let doc = DocSpec {
        embedded: vec![(
            "名单.txt".into(),
            format!("张三 {}\n", resident_id("110105", "19760229", 789)).into_bytes(),
        )],
        ..Default::default()
    };
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "公示.pdf",
        build_pdf(Enc::IdentityToUnicode, &pages, &doc),
    );
    let secrets = vec![
        planted_id(),
        planted_mobile(),
        resident_id("440305", "19851230", 456),
        resident_id("110105", "19760229", 789),
    ];
    assert_no_echo_everywhere(dir.path(), &["公示.pdf"], &secrets);
}

// ---------------------------------------------------------------------------------------------
// metadata, annotations, embedded files

#[test]
fn info_and_xmp_authors_are_metadata() {
    let xmp = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Producer="WPS Office" xmp:CreatorTool="WPS 文字">
<dc:creator><rdf:Seq><rdf:li>王五</rdf:li></rdf:Seq></dc:creator>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">住房补贴通知</rdf:li></rdf:Alt></dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"#;
    let doc = DocSpec {
        info: vec![
            ("Author", "赵六".into()),
            ("Title", "关于做好保密审查工作的通知".into()),
            ("Company", "某某市住房保障局".into()),
            ("Creator", "Microsoft Word".into()),
            ("Subject", "C:\\Users\\zhaoliu\\Desktop\\通知.docx".into()),
        ],
        xmp: Some(xmp.into()),
        ..Default::default()
    };
    let bytes = build_pdf(Enc::Ucs2, &one_page(&clean_notice()), &doc);
    let ex = extract_pdf(&bytes, &Limits::default());
    let t = texts(&ex);
    let meta = |text: &str| -> Layer {
        t.iter()
            .find(|(s, ..)| s == text)
            .unwrap_or_else(|| panic!("no segment {text:?} in {t:#?}"))
            .1
    };
    assert_eq!(meta("赵六"), Layer::Metadata("author"));
    assert_eq!(meta("王五"), Layer::Metadata("author"));
    assert_eq!(meta("关于做好保密审查工作的通知"), Layer::Metadata("title"));
    assert_eq!(meta("住房补贴通知"), Layer::Metadata("title"));
    assert_eq!(meta("某某市住房保障局"), Layer::Metadata("company"));
    assert_eq!(meta("Microsoft Word"), Layer::Metadata("other"));
    assert_eq!(meta("WPS Office"), Layer::Metadata("other"));
    assert_eq!(meta("WPS 文字"), Layer::Metadata("other"));
    assert_eq!(
        meta("C:\\Users\\zhaoliu\\Desktop\\通知.docx"),
        Layer::Metadata("file_path")
    );
    let s = ex.segments.iter().find(|s| s.text == "赵六").unwrap();
    assert_eq!(loc_of(s).field.as_deref(), Some("Author"));
    assert_eq!(s.zone, Zone::Metadata);

    let (_d, r) = scan_one("公开通知.pdf", &bytes);
    let authors = findings_of(&r, "metadata", "author");
    assert!(authors.len() >= 2, "{}", brief(&r));
    assert!(has(&r, "metadata", "company"), "{}", brief(&r));
    // metadata is recorded (info) and does not change the verdict of a clean notice
    assert_eq!(verdict(&r), "pass", "{}", brief(&r));
}

#[test]
fn annotation_with_an_id_is_a_comment_on_its_page() {
    let id = resident_id("440305", "19851230", 456);
    let mut pages = one_page(&clean_notice());
    pages.push(PageSpec {
        lines: vec!["附件".into()],
        annots: vec![
            format!(
                "/Subtype /Text /Rect [500 700 520 720] /Contents {} /T {} /Popup 99 0 R",
                text_string(&format!("请核对张三身份证号{id}")),
                text_string("李四")
            ),
            format!(
                "/Subtype /FreeText /Rect [60 100 400 130] /DA (/Helv 12 Tf 0 g) /Contents {}",
                text_string("内部讨论意见，不宜公开")
            ),
            "/Subtype /Link /Rect [0 0 10 10] /Contents (link)".into(),
        ],
        ..Default::default()
    });
    let bytes = build_pdf(Enc::Ucs2, &pages, &DocSpec::default());
    let ex = extract_pdf(&bytes, &Limits::default());
    let c = ex
        .segments
        .iter()
        .find(|s| s.text.contains("请核对张三"))
        .expect("comment segment");
    assert_eq!(c.layer, Layer::Hidden("comment"));
    assert_eq!(loc_of(c).page, Some(2));
    let f = ex
        .segments
        .iter()
        .find(|s| s.text.contains("内部讨论意见"))
        .expect("free text segment");
    assert_eq!(f.layer, Layer::Hidden("comment"));
    // the free text is not also read as a page line
    assert!(
        !visible_lines(&ex)
            .iter()
            .any(|(_, _, t, _)| t.contains("内部讨论意见")),
        "{:?}",
        visible_lines(&ex)
    );
    assert!(!ex.segments.iter().any(|s| s.text == "link"));
    let a = ex
        .segments
        .iter()
        .find(|s| s.text == "李四")
        .expect("author");
    assert_eq!(a.layer, Layer::Metadata("author"));

    let (_d, r) = scan_one("公开通知.pdf", &bytes);
    let com = findings_of(&r, "hidden_content", "comment");
    assert!(!com.is_empty(), "{}", brief(&r));
    assert!(com.iter().all(|f| f["location"]["page"] == 2), "{com:?}");
    let idf = findings_of(&r, "personal_info", "cn_resident_id");
    assert_eq!(idf.len(), 1, "{}", brief(&r));
    assert_eq!(idf[0]["location"]["page"], 2);
    assert_eq!(verdict(&r), "block", "{}", brief(&r));
    assert!(has(&r, "metadata", "author"), "{}", brief(&r));
}

#[test]
fn embedded_txt_with_an_id_is_scanned_under_its_name() {
    let id = resident_id("110105", "19760229", 789);
    let doc = DocSpec {
        embedded: vec![(
            "补贴名单.txt".into(),
            format!("序号 姓名 身份证号\n1 张三 {id}\n").into_bytes(),
        )],
        ..Default::default()
    };
    let bytes = build_pdf(Enc::Ucs2, &one_page(&clean_notice()), &doc);

    // library: without a dispatcher the file is listed, with one it is read
    let ex = extract_pdf(&bytes, &Limits::default());
    assert!(
        ex.not_examined
            .iter()
            .any(|n| n.location.entry.as_deref() == Some("补贴名单.txt")),
        "{:?}",
        ex.not_examined
    );
    let inner = |name: &str, b: Vec<u8>, depth: u32| {
        assert_eq!(name, "补贴名单.txt");
        assert_eq!(depth, 1);
        let mut e = Extracted::default();
        e.segments.push(Segment::fixed(
            String::from_utf8(b).unwrap(),
            Location::line_col(1, 1),
            Layer::Visible,
            Zone::Body,
        ));
        e
    };
    let ex = extract_pdf_with(&bytes, &Limits::default(), 0, Some(&inner));
    let s = ex
        .segments
        .iter()
        .find(|s| s.text.contains("序号"))
        .expect("inner text");
    assert_eq!(loc_of(s).entry.as_deref(), Some("补贴名单.txt"));
    // at the depth limit the file is not opened
    let ex = extract_pdf_with(&bytes, &Limits::default(), 3, Some(&inner));
    assert!(
        ex.problems.iter().any(|p| p.kind == "limit_exceeded"),
        "{:?}",
        ex.problems
    );

    let (_d, r) = scan_one("公开通知.pdf", &bytes);
    let idf = findings_of(&r, "personal_info", "cn_resident_id");
    assert_eq!(idf.len(), 1, "{}", brief(&r));
    assert_eq!(idf[0]["location"]["entry"], "补贴名单.txt", "{}", idf[0]);
    assert_eq!(idf[0]["location"]["line"], 2, "{}", idf[0]);
    assert_eq!(verdict(&r), "block");
}

#[test]
fn pdf_inside_a_zip_is_read() {
    let bytes = build_pdf(Enc::Gbk, &one_page(&secret_notice()), &DocSpec::default());
    let z = zip_of(&[("材料/通知.pdf", &bytes)]);
    let (_d, r) = scan_one("材料.zip", &z);
    let id = findings_of(&r, "personal_info", "cn_resident_id");
    assert_eq!(id.len(), 1, "{}", brief(&r));
    assert_eq!(id[0]["location"]["entry"], "材料/通知.pdf");
    assert_eq!(id[0]["location"]["page"], 1);
    assert_eq!(verdict(&r), "block");
}

// ---------------------------------------------------------------------------------------------
// what cannot be read is never `pass`

#[test]
fn encrypted_pdf_is_unreadable_encrypted() {
    let o = "A".repeat(64);
    let doc = DocSpec {
        trailer: format!(
            "/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /O <{o}> /U <{o}> /P -3904 >> \
             /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]"
        ),
        ..Default::default()
    };
    let bytes = build_pdf(Enc::Ucs2, &one_page(&clean_notice()), &doc);
    let ex = extract_pdf(&bytes, &Limits::default());
    assert!(
        ex.problems.iter().any(|p| p.kind == "encrypted"),
        "{:?}",
        ex.problems
    );
    let (_d, r) = scan_one("加密.pdf", &bytes);
    assert!(has(&r, "unreadable", "encrypted"), "{}", brief(&r));
    assert_ne!(verdict(&r), "pass");
}

#[test]
fn image_only_page_is_review_with_not_examined() {
    let pages = vec![
        PageSpec {
            lines: clean_notice(),
            ..Default::default()
        },
        PageSpec {
            image: true,
            ..Default::default()
        },
    ];
    let bytes = build_pdf(Enc::Ucs2, &pages, &DocSpec::default());
    let ex = extract_pdf(&bytes, &Limits::default());
    assert_eq!(ex.not_examined.len(), 1, "{:?}", ex.not_examined);
    assert_eq!(ex.not_examined[0].what, "scanned page");
    assert_eq!(ex.not_examined[0].location.page, Some(2));

    let (_d, r) = scan_one("扫描件.pdf", &bytes);
    assert_eq!(verdict(&r), "review", "{}", brief(&r));
    assert!(has(&r, "unreadable", "unsupported_format"), "{}", brief(&r));
    let ne = r["not_examined"].as_array().unwrap();
    assert!(ne.iter().any(|n| n["location"]["page"] == 2), "{ne:?}");

    // a PDF that is only a scan
    let scan = build_pdf(
        Enc::Ucs2,
        &[PageSpec {
            image: true,
            ..Default::default()
        }],
        &DocSpec::default(),
    );
    let (_d, r) = scan_one("全扫描.pdf", &scan);
    assert_eq!(verdict(&r), "review", "{}", brief(&r));
}

#[test]
fn pdf_without_any_text_is_not_pass() {
    let bytes = build_pdf(Enc::Ucs2, &[PageSpec::default()], &DocSpec::default());
    let (_d, r) = scan_one("空白.pdf", &bytes);
    assert_ne!(verdict(&r), "pass", "{}", brief(&r));
}

#[test]
fn garbled_text_layer_is_not_pass() {
    // Identity-H whose ToUnicode maps every glyph into the private use area
    let lines: Vec<String> = vec![
        "\u{E001}\u{E002}\u{E003}\u{E004}\u{E005}\u{E006}".into(),
        "\u{E007}\u{E008}\u{E009}\u{E00A}\u{E00B}\u{E00C}".into(),
    ];
    let bytes = build_pdf(
        Enc::IdentityToUnicode,
        &one_page(&lines),
        &DocSpec::default(),
    );
    let ex = extract_pdf(&bytes, &Limits::default());
    assert!(
        ex.problems.iter().any(|p| p.kind == "unsupported_format"),
        "{:?} {:?}",
        ex.problems,
        texts(&ex)
    );
    let (_d, r) = scan_one("乱码.pdf", &bytes);
    assert_eq!(verdict(&r), "review", "{}", brief(&r));
}

#[test]
fn truncated_pdf_is_never_pass() {
    for enc in [Enc::Ucs2, Enc::Gbk] {
        let full = build_pdf(enc, &one_page(&clean_notice()), &DocSpec::default());
        for cut in [full.len() * 3 / 5, full.len() - 30, 200] {
            let (_d, r) = scan_one("截断.pdf", &full[..cut]);
            assert_ne!(verdict(&r), "pass", "cut {cut}: {}", brief(&r));
            assert!(has(&r, "unreadable", "corrupt"), "cut {cut}: {}", brief(&r));
        }
    }
}

#[test]
fn garbage_named_pdf_is_never_pass() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut noise: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let (_d, r) = scan_one("garbage.pdf", &noise);
    assert_ne!(verdict(&r), "pass", "{}", brief(&r));
    assert!(
        findings(&r).iter().any(|f| f["category"] == "unreadable"),
        "{}",
        brief(&r)
    );
    // a PDF header followed by noise
    let mut p = b"%PDF-1.7\n".to_vec();
    p.append(&mut noise);
    let ex = extract_pdf(&p, &Limits::default());
    assert!(
        ex.problems.iter().any(|q| q.kind == "corrupt"),
        "{:?}",
        ex.problems
    );
    let (_d, r) = scan_one("noise.pdf", &p);
    assert_ne!(verdict(&r), "pass", "{}", brief(&r));
    assert!(has(&r, "unreadable", "corrupt"), "{}", brief(&r));
}

#[test]
fn hostile_structures_do_not_crash() {
    // a page tree whose kid is its own parent, a self-referencing name tree, an outline loop
    let body = |s: &str| s.as_bytes().to_vec();
    let mut pdf = Pdf::new();
    let cat = pdf.reserve();
    let pages = pdf.reserve();
    let outl = pdf.reserve();
    let item = pdf.reserve();
    let names = pdf.reserve();
    pdf.set(
        cat,
        body(&format!(
            "<< /Type /Catalog /Pages {pages} 0 R /Outlines {outl} 0 R /Names << /EmbeddedFiles {names} 0 R >> >>"
        )),
    );
    pdf.set(
        pages,
        body(&format!("<< /Type /Pages /Kids [{pages} 0 R] /Count 1 >>")),
    );
    pdf.set(
        outl,
        body(&format!("<< /First {item} 0 R /Last {item} 0 R >>")),
    );
    pdf.set(
        item,
        body(&format!(
            "<< /Title (loop) /Parent {outl} 0 R /Next {item} 0 R /First {item} 0 R >>"
        )),
    );
    pdf.set(names, body(&format!("<< /Kids [{names} 0 R] >>")));
    let bytes = pdf.finish(cat, "");
    let ex = extract_pdf(&bytes, &Limits::default());
    // whatever was read, the item cannot pass without text
    assert!(!ex.problems.is_empty(), "{:?}", texts(&ex));
}

#[test]
fn gbk_text_inside_a_form_xobject() {
    let lines = vec![
        "秘密★1年".to_string(),
        "第5号 No.7 文件".to_string(),
        format!("身份证号{}", planted_id()),
    ];
    let pages = vec![PageSpec {
        lines: lines.clone(),
        form: true,
        ..Default::default()
    }];
    let ex = extract_pdf(
        &build_pdf(Enc::Gbk, &pages, &DocSpec::default()),
        &Limits::default(),
    );
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let got: Vec<String> = visible_lines(&ex)
        .into_iter()
        .map(|(_, _, t, _)| t)
        .collect();
    assert_eq!(got, lines);
}

/// Twenty pages of notice text; with `BAOMI_PDF_FIXTURES=DIR` the file is also written there
/// (for timing the release binary).
#[test]
fn twenty_pages_are_read() {
    let mut body = clean_notice();
    body.extend(
        (0..18)
            .map(|k| format!("第{k}条 为进一步规范政务公开工作，提高公开质量，现提出以下意见。")),
    );
    let pages: Vec<PageSpec> = (0..20)
        .map(|_| PageSpec {
            lines: body.clone(),
            ..Default::default()
        })
        .collect();
    let bytes = build_pdf(Enc::Gbk, &pages, &DocSpec::default());
    if let Ok(dir) = std::env::var("BAOMI_PDF_FIXTURES") {
        std::fs::write(std::path::Path::new(&dir).join("twenty.pdf"), &bytes).unwrap();
    }
    let t = std::time::Instant::now();
    let ex = extract_pdf(&bytes, &Limits::default());
    eprintln!("20 pages: {:?}", t.elapsed());
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    let lines = visible_lines(&ex);
    assert_eq!(lines.len(), 20 * body.len());
    assert_eq!(lines.last().unwrap().0, 20);
    assert_eq!(lines.last().unwrap().1, body.len() as u32);
}

#[test]
fn encrypted_with_empty_user_password_is_read_as_any_other() {
    let doc = DocSpec {
        owner_password: Some("owner-secret"),
        info: vec![("Author", "赵六".into())],
        ..Default::default()
    };
    let bytes = build_pdf(Enc::Ucs2, &one_page(&secret_notice()), &doc);
    assert!(
        !bytes.windows(4).any(|w| w == b"5B8C"),
        "text must be encrypted"
    );
    let ex = extract_pdf(&bytes, &Limits::default());
    // an owner password only: nothing is out of reach, so no `encrypted` problem (a
    // copy-protected notice must be able to pass)
    assert!(
        ex.problems.iter().all(|p| p.kind != "encrypted"),
        "{:?}",
        ex.problems
    );
    let lines = visible_lines(&ex);
    assert_eq!(lines.len(), secret_notice().len(), "{lines:?}");
    assert_eq!(lines[0].2, "机密★5年");
    assert!(ex
        .segments
        .iter()
        .any(|s| s.text == "赵六" && s.layer == Layer::Metadata("author")));

    let (_d, r) = scan_one("限制复制.pdf", &bytes);
    assert!(!has(&r, "unreadable", "encrypted"), "{}", brief(&r));
    assert!(has(&r, "personal_info", "cn_resident_id"), "{}", brief(&r));
    assert_eq!(verdict(&r), "block", "{}", brief(&r));
    let clean = build_pdf(
        Enc::Ucs2,
        &one_page(&clean_notice()),
        &DocSpec {
            owner_password: Some("owner-secret"),
            ..Default::default()
        },
    );
    let (_d, r) = scan_one("限制复制的通知.pdf", &clean);
    assert_eq!(verdict(&r), "pass", "{}", brief(&r));
}

#[test]
fn text_in_a_layer_that_is_off_is_hidden_text() {
    let id = resident_id("440305", "19851230", 456);
    let pages = vec![PageSpec {
        lines: clean_notice(),
        hidden_line: Some(format!("草稿：张三 {id}")),
        ..Default::default()
    }];
    for enc in [Enc::Ucs2, Enc::IdentityToUnicode] {
        let bytes = build_pdf(enc, &pages, &DocSpec::default());
        let ex = extract_pdf(&bytes, &Limits::default());
        let h = ex
            .segments
            .iter()
            .find(|s| s.text.contains("草稿"))
            .unwrap_or_else(|| panic!("{:#?}", texts(&ex)));
        assert_eq!(h.layer, Layer::Hidden("hidden_text"));
        assert_eq!(loc_of(h).page, Some(1));
        // the shown lines are unaffected
        let shown: Vec<String> = visible_lines(&ex)
            .into_iter()
            .map(|(_, _, t, _)| t)
            .collect();
        assert_eq!(shown, clean_notice());

        let (_d, r) = scan_one("公开通知.pdf", &bytes);
        assert!(has(&r, "hidden_content", "hidden_text"), "{}", brief(&r));
        assert!(has(&r, "personal_info", "cn_resident_id"), "{}", brief(&r));
        assert_eq!(verdict(&r), "block", "{}", brief(&r));
    }
}

/// Random damage to valid PDFs (bytes flipped, ranges cut or repeated): the reader returns,
/// never panics out, and a damaged file that lost its text is not clean.
#[test]
fn damaged_pdfs_do_not_escape() {
    let n: usize = std::env::var("BAOMI_PDF_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let seeds = [
        build_pdf(Enc::Gbk, &one_page(&secret_notice()), &DocSpec::default()),
        build_pdf(
            Enc::IdentityToUnicode,
            &[PageSpec {
                lines: clean_notice(),
                form: true,
                hidden_line: Some("草稿".into()),
                annots: vec![format!(
                    "/Subtype /Text /Rect [1 1 2 2] /Contents {}",
                    text_string("批注")
                )],
                ..Default::default()
            }],
            &DocSpec {
                embedded: vec![("a.txt".into(), b"hello".to_vec())],
                info: vec![("Author", "赵六".into())],
                ..Default::default()
            },
        ),
    ];
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut rnd = |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m.max(1) as u64) as usize
    };
    let inner = |_: &str, _: Vec<u8>, _: u32| Extracted::default();
    for k in 0..n {
        let mut b = seeds[k % seeds.len()].clone();
        match rnd(4) {
            0 => {
                for _ in 0..1 + rnd(8) {
                    let i = rnd(b.len());
                    b[i] = rnd(256) as u8;
                }
            }
            1 => {
                let i = rnd(b.len());
                let j = (i + rnd(64)).min(b.len());
                b.drain(i..j);
            }
            2 => {
                let i = rnd(b.len());
                let j = (i + rnd(64)).min(b.len());
                let chunk = b[i..j].to_vec();
                for _ in 0..rnd(50) {
                    b.splice(i..i, chunk.iter().cloned());
                }
            }
            _ => {
                let i = rnd(b.len());
                b[i] = b"()<>[]/% 0123456789RobjendstreamxrefTjBTET"[rnd(40)];
            }
        }
        let t = std::time::Instant::now();
        let ex = extract_pdf_with(&b, &Limits::default(), 0, Some(&inner));
        assert!(
            t.elapsed() < std::time::Duration::from_secs(20),
            "mutation {k} took {:?}",
            t.elapsed()
        );
        let text: usize = ex.segments.iter().map(|s| s.text.len()).sum();
        assert!(
            text > 0 || !ex.problems.is_empty(),
            "mutation {k}: no text, no problem"
        );
    }
}

#[test]
fn running_header_is_a_header_zone() {
    let pages: Vec<PageSpec> = (1..=4)
        .map(|k| PageSpec {
            lines: vec![
                format!("第{k}部分"),
                "为进一步规范政务公开工作，现提出以下意见。".into(),
            ],
            header: Some("内部资料 注意保密".into()),
            ..Default::default()
        })
        .collect();
    let bytes = build_pdf(Enc::Ucs2, &pages, &DocSpec::default());
    let ex = extract_pdf(&bytes, &Limits::default());
    let headers: Vec<(u32, Zone)> = ex
        .segments
        .iter()
        .filter(|s| s.text.contains("内部资料"))
        .map(|s| (loc_of(s).page.unwrap(), s.zone))
        .collect();
    assert_eq!(headers.len(), 4, "{:#?}", texts(&ex));
    for (page, zone) in headers {
        let want = if page == 1 {
            Zone::Title
        } else {
            Zone::HeaderFooter
        };
        assert_eq!(zone, want, "page {page}");
    }
    let (_d, r) = scan_one("意见.pdf", &bytes);
    assert!(
        has(&r, "classification_marking", "internal"),
        "{}",
        brief(&r)
    );
    assert_eq!(verdict(&r), "block", "{}", brief(&r));
}

#[test]
fn damaged_cross_reference_table_is_corrupt() {
    let good = build_pdf(Enc::Ucs2, &one_page(&clean_notice()), &DocSpec::default());
    let rfind = |needle: &[u8]| {
        good.windows(needle.len())
            .rposition(|w| w == needle)
            .unwrap()
    };
    let at = rfind(b"startxref\n") + b"startxref\n".len();
    // startxref past the end of the file: the parser rebuilds the table, the item is corrupt
    let mut bad = good[..at].to_vec();
    bad.extend_from_slice(b"987654321\n%%EOF\n");
    let ex = extract_pdf(&bad, &Limits::default());
    assert!(
        ex.problems
            .iter()
            .any(|p| p.kind == "corrupt" && p.detail.contains("cross-reference")),
        "{:?}",
        ex.problems
    );
    // every entry shifted by two bytes (sloppy writers): tolerated
    let xref = rfind(b"xref\n0 ");
    let mut sloppy = good[..xref].to_vec();
    let table = std::str::from_utf8(&good[xref..at]).unwrap();
    let shifted: String = table
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            if f.len() >= 3 && f[2] == "n" {
                format!("{:010} {} n \n", f[0].parse::<usize>().unwrap() + 2, f[1])
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    sloppy.extend_from_slice(shifted.as_bytes());
    sloppy.extend_from_slice(&good[at..]);
    let ex = extract_pdf(&sloppy, &Limits::default());
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
}

#[test]
fn cyclic_page_tree_is_corrupt() {
    let mut pdf = Pdf::new();
    let cat = pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add("<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 1 >>");
    pdf.add(
        "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R >>",
    );
    pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    pdf.add(stream_obj("", b"BT /F1 12 Tf 72 760 Td (Notice) Tj ET"));
    let bytes = pdf.finish(cat, "");
    let ex = extract_pdf(&bytes, &Limits::default());
    assert!(
        ex.problems
            .iter()
            .any(|p| p.kind == "corrupt" && p.detail.contains("page tree")),
        "{:?}",
        ex.problems
    );
}

#[test]
fn filled_in_form_fields_are_read() {
    let id = resident_id("440305", "19851230", 456);
    let mut pages = one_page(&clean_notice());
    pages[0].annots = vec![
        // a merged field/widget holding the value, and a widget whose parent field holds it
        format!(
            "/Subtype /Widget /FT /Tx /T (sfzh) /Rect [100 100 300 120] /V {}",
            text_string(&id)
        ),
        "/Subtype /Widget /FT /Tx /Rect [100 130 300 150] /Parent << /FT /Tx /T (xm) /V (Wang Fang) >>"
            .into(),
        "/Subtype /Widget /FT /Btn /Rect [100 160 120 180] /V /Yes".into(),
    ];
    let bytes = build_pdf(Enc::Ucs2, &pages, &DocSpec::default());
    let ex = extract_pdf(&bytes, &Limits::default());
    let v = ex
        .segments
        .iter()
        .find(|s| s.text == id)
        .expect("form value");
    assert_eq!(v.layer, Layer::Visible);
    assert_eq!(loc_of(v).field.as_deref(), Some("AcroForm/V"));
    assert!(ex.segments.iter().any(|s| s.text == "Wang Fang"));
    let (_d, r) = scan_one("申请表.pdf", &bytes);
    assert!(has(&r, "personal_info", "cn_resident_id"), "{}", brief(&r));
    assert_eq!(verdict(&r), "block");
}

#[test]
fn form_field_captions_tooltips_defaults_and_options_are_read() {
    let id = resident_id("440305", "19851230", 456);
    let id2 = resident_id("440305", "19790612", 321);
    let mut pages = one_page(&clean_notice());
    pages[0].annots = vec![
        // a button's caption is drawn on the page
        format!(
            "/Subtype /Widget /FT /Btn /Ff 65536 /T (b1) /Rect [60 800 200 820] /MK << /CA {} >>",
            text_string("秘密★1年")
        ),
        // a tooltip and a default value (a form reset restores it); the field shows nothing
        format!(
            "/Subtype /Widget /FT /Tx /T (lxdh) /Rect [100 100 300 120] /TU {} /DV {}",
            text_string("联系电话"),
            text_string(&id)
        ),
        // a combo box's options, one of them an [export, display] pair, on the parent field
        format!(
            "/Subtype /Widget /Rect [100 130 300 150] /Parent << /FT /Ch /Ff 131072 /T (xz) \
             /V {} /Opt [{} [(a) {}]] >>",
            text_string("请选择"),
            text_string("请选择"),
            text_string(&id2)
        ),
    ];
    let bytes = build_pdf(Enc::Ucs2, &pages, &DocSpec::default());
    let ex = extract_pdf(&bytes, &Limits::default());
    let field_of = |t: &str| {
        ex.segments
            .iter()
            .find(|s| s.text == t)
            .map(|s| (loc_of(s).field.clone().unwrap_or_default(), s.layer))
    };
    assert_eq!(
        field_of("秘密★1年"),
        Some(("AcroForm/MK/CA".into(), Layer::Visible))
    );
    assert_eq!(
        field_of(&id),
        Some(("AcroForm/DV".into(), Layer::Metadata("other")))
    );
    assert_eq!(
        field_of(&id2),
        Some(("AcroForm/Opt".into(), Layer::Metadata("other")))
    );
    assert_eq!(
        field_of("联系电话"),
        Some(("AcroForm/TU".into(), Layer::Metadata("other")))
    );
    let (_d, r) = scan_one("申请表.pdf", &bytes);
    assert!(has(&r, "personal_info", "cn_resident_id"), "{}", brief(&r));
    assert!(
        has(&r, "classification_marking", "state_secret"),
        "{}",
        brief(&r)
    );
    // the same form without them: nothing
    let mut clean = one_page(&clean_notice());
    clean[0].annots = vec![format!(
        "/Subtype /Widget /FT /Tx /T (lxdh) /Rect [100 100 300 120] /TU {}",
        text_string("请填写联系电话")
    )];
    let (_d, r) = scan_one(
        "申请表.pdf",
        &build_pdf(Enc::Ucs2, &clean, &DocSpec::default()),
    );
    assert_eq!(verdict(&r), "pass", "{}", brief(&r));
}

#[test]
fn stamp_and_typewriter_text_drawn_only_by_the_appearance_is_read() {
    let id = resident_id("440305", "19851230", 456);
    for enc in [Enc::Ucs2, Enc::IdentityToUnicode] {
        let mut pages = one_page(&clean_notice());
        pages[0].ap_annots = vec![
            // a 密级 stamp with empty /Contents at the top of the page
            (
                "/Subtype /Stamp /Rect [400 780 560 810] /Contents ()".into(),
                "机密★5年".into(),
            ),
            // a typewriter box (FreeText) without /Contents
            (
                "/Subtype /FreeText /Rect [60 300 300 320]".into(),
                format!("经办人身份证号{id}"),
            ),
        ];
        let bytes = build_pdf(enc, &pages, &DocSpec::default());
        let ex = extract_pdf(&bytes, &Limits::default());
        let stamp = ex
            .segments
            .iter()
            .find(|s| s.text.contains("机密"))
            .expect("stamp text");
        assert_eq!(loc_of(stamp).field.as_deref(), Some("Annot/Stamp/AP"));
        assert_eq!(
            (stamp.layer, stamp.zone),
            (Layer::Visible, Zone::HeaderFooter)
        );
        let (_d, r) = scan_one("通知.pdf", &bytes);
        assert!(
            has(&r, "classification_marking", "state_secret"),
            "{}",
            brief(&r)
        );
        assert!(has(&r, "personal_info", "cn_resident_id"), "{}", brief(&r));
        // a stamp that says 已审核 marks nothing
        let mut clean = one_page(&clean_notice());
        clean[0].ap_annots = vec![(
            "/Subtype /Stamp /Rect [400 780 560 810]".into(),
            "已审核".into(),
        )];
        let (_d, r) = scan_one("通知.pdf", &build_pdf(enc, &clean, &DocSpec::default()));
        assert_eq!(verdict(&r), "pass", "{}", brief(&r));
    }
}

#[test]
fn flattened_form_values_watermarks_and_structure_alt_texts_are_read() {
    let id = resident_id("450103", "19880316", 217);
    let mob = planted_mobile();
    let mut pages = one_page(&clean_notice());
    pages[0].ap_annots = vec![
        // a form field whose value is only in its appearance (no /V): a viewer shows it
        (
            "/Subtype /Widget /FT /Tx /T (sfzh) /Rect [60 300 300 324]".into(),
            format!("身份证号{id}"),
        ),
        // a watermark annotation that draws 内部资料 across the page
        (
            "/Subtype /Watermark /Rect [100 400 400 430]".into(),
            "内部资料".into(),
        ),
    ];
    let doc = DocSpec {
        catalog_extra: format!(
            "/MarkInfo << /Marked true >> /StructTreeRoot << /Type /StructTreeRoot /K [ << /S /Document /K [ << /S /Figure /Alt {} >> << /S /Span /ActualText {} >> ] >> ] >>",
            text_string(&format!("联系人手机{mob}")),
            text_string("特此通知。"),
        ),
        ..Default::default()
    };
    let bytes = build_pdf(Enc::Ucs2, &pages, &doc);
    let ex = extract_pdf(&bytes, &Limits::default());
    let field = |t: &str| {
        ex.segments
            .iter()
            .find(|s| s.text.contains(t))
            .and_then(|s| loc_of(s).field.clone())
    };
    assert_eq!(field(&id).as_deref(), Some("AcroForm/AP"));
    assert_eq!(field("内部资料").as_deref(), Some("Annot/Watermark/AP"));
    assert_eq!(field(&mob).as_deref(), Some("alt_text"));
    // an /ActualText the page shows already is not read twice
    assert!(
        ex.segments
            .iter()
            .all(|s| loc_of(s).field.as_deref() != Some("alt_text") || s.text.contains(&mob)),
        "{:?}",
        texts(&ex)
    );
    let (_d, r) = scan_one("申请表.pdf", &bytes);
    assert!(has(&r, "personal_info", "cn_resident_id"), "{}", brief(&r));
    assert!(has(&r, "personal_info", "cn_mobile"), "{}", brief(&r));
    assert!(
        has(&r, "classification_marking", "internal"),
        "{}",
        brief(&r)
    );
    // near miss: alt text and a watermark that say nothing sensitive pass
    let mut clean = one_page(&clean_notice());
    clean[0].ap_annots = vec![(
        "/Subtype /Watermark /Rect [100 400 400 430]".into(),
        "样本".into(),
    )];
    let doc = DocSpec {
        catalog_extra: format!(
            "/StructTreeRoot << /K << /S /Figure /Alt {} >> >>",
            text_string("单位标志")
        ),
        ..Default::default()
    };
    let (_d, r) = scan_one("通知.pdf", &build_pdf(Enc::Ucs2, &clean, &doc));
    assert_eq!(verdict(&r), "pass", "{}", brief(&r));
}

#[test]
fn a_marking_alone_at_the_head_of_a_later_page_is_a_marking() {
    let mut pages = one_page(&clean_notice());
    pages.push(PageSpec {
        lines: vec!["附件材料".into(), "一、总体情况".into()],
        header: Some("机密".into()),
        ..Default::default()
    });
    let (_d, r) = scan_one(
        "报告.pdf",
        &build_pdf(Enc::Ucs2, &pages, &DocSpec::default()),
    );
    assert!(
        has(&r, "classification_marking", "state_secret"),
        "{}",
        brief(&r)
    );
    // a heading at the head of a page that names a level among other words is none
    let mut pages = one_page(&clean_notice());
    pages.push(PageSpec {
        lines: vec!["附件材料".into()],
        header: Some("机密文件管理规定解读".into()),
        ..Default::default()
    });
    let (_d, r) = scan_one(
        "报告.pdf",
        &build_pdf(Enc::Ucs2, &pages, &DocSpec::default()),
    );
    assert_eq!(verdict(&r), "pass", "{}", brief(&r));
}

#[test]
fn xfa_packets_and_document_javascript_are_read() {
    let id = resident_id("440305", "19851230", 456);
    let mut pdf = Pdf::new();
    let catalog = pdf.reserve();
    let pages_obj = pdf.reserve();
    let content = pdf.add(stream_obj(
        "",
        b"BT /F1 12 Tf 60 780 Td (Please wait...) Tj ET",
    ));
    let font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
    ));
    pdf.set(
        pages_obj,
        format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"),
    );
    let template = "<template xmlns=\"http://www.xfa.org/schema/xfa-template/3.3/\"><subform>\
        <draw><value><text>秘密★1年</text></value></draw></subform></template>";
    let datasets = format!(
        "<xfa:datasets xmlns:xfa=\"http://www.xfa.org/schema/xfa-data/1.0/\"><xfa:data>\
         <form1><name>张三</name><sfzh>{id}</sfzh></form1></xfa:data></xfa:datasets>"
    );
    let t = pdf.add(stream_obj("", template.as_bytes()));
    let d = pdf.add(stream_obj("", datasets.as_bytes()));
    let js = pdf.add(format!(
        "<< /S /JavaScript /JS (var contact = '{}';) >>",
        resident_id("440305", "19790612", 321)
    ));
    pdf.set(
        catalog,
        format!(
            "<< /Type /Catalog /Pages {pages_obj} 0 R /OpenAction {js} 0 R \
             /AcroForm << /Fields [] /XFA [(template) {t} 0 R (datasets) {d} 0 R] >> >>"
        ),
    );
    let bytes = pdf.finish(catalog, "");
    let ex = extract_pdf(&bytes, &Limits::default());
    let field_of = |t: &str| {
        ex.segments
            .iter()
            .find(|s| s.text.contains(t))
            .and_then(|s| loc_of(s).field.clone())
    };
    assert_eq!(field_of("秘密★1年").as_deref(), Some("XFA/template"));
    assert_eq!(field_of(&id).as_deref(), Some("XFA/datasets"));
    assert_eq!(field_of("var contact").as_deref(), Some("JavaScript"));
    let (_d, r) = scan_one("申请表.pdf", &bytes);
    assert!(
        has(&r, "classification_marking", "state_secret"),
        "{}",
        brief(&r)
    );
    assert!(has(&r, "personal_info", "cn_resident_id"), "{}", brief(&r));
    assert_eq!(verdict(&r), "block");
}

#[test]
fn text_an_incremental_update_took_off_the_page_is_still_found() {
    let id = resident_id("440305", "19851230", 456);
    let mut pages = one_page(&clean_notice());
    pages.push(PageSpec {
        lines: vec![format!("张三 身份证号 {id}")],
        ..Default::default()
    });
    let mut bytes = build_pdf(Enc::Ucs2, &pages, &DocSpec::default());
    let text = String::from_utf8_lossy(&bytes).to_string();
    let num = |pat: &str, from: usize| -> u64 {
        let s = &text[from..];
        let k = s.find(pat).expect(pat) + pat.len();
        s[k..]
            .trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    // the second page's content stream, the catalog and the previous cross-reference table
    let last_contents = text.rfind("/Contents").unwrap();
    let content = num("/Contents", last_contents);
    let root = num("/Root", 0);
    let size = num("/Size", 0);
    let prev = num("startxref", text.rfind("startxref").unwrap());
    // a later save replaces that content with an empty page
    let off = bytes.len() + 1;
    let stream = "BT ET";
    bytes.extend_from_slice(
        format!(
            "\n{content} 0 obj\n<< /Length {} >>\nstream\n{stream}\nendstream\nendobj\n",
            stream.len()
        )
        .as_bytes(),
    );
    let xref = bytes.len();
    bytes.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n{content} 1\n{off:010} 00000 n \ntrailer\n<< /Size {size} /Root {root} 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    let ex = extract_pdf(&bytes, &Limits::default());
    assert!(
        !visible_lines(&ex)
            .iter()
            .any(|(_, _, t, _)| t.contains(&id)),
        "the final revision no longer shows the ID: {:?}",
        visible_lines(&ex)
    );
    let s = ex
        .segments
        .iter()
        .find(|s| s.text.contains(&id))
        .expect("earlier revision text");
    assert_eq!(s.layer, Layer::Hidden("tracked_change"));
    let (_d, r) = scan_one("公告.pdf", &bytes);
    assert_eq!(verdict(&r), "block", "{}", brief(&r));
}

#[test]
fn a_page_tree_of_shared_nodes_is_reported_at_once() {
    // 40 levels, each node's two kids the same next node: 2^40 paths to one page
    let mut pdf = Pdf::new();
    let cat = pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    for level in 0..40u32 {
        let me = 2 + level;
        let next = me + 1;
        pdf.add(format!(
            "<< /Type /Pages /Kids [{next} 0 R {next} 0 R] /Count 1099511627776 >>"
        ));
    }
    let page = 42;
    pdf.add(format!(
        "<< /Type /Page /MediaBox [0 0 595 842] /Resources << /Font << /F1 {} 0 R >> >> /Contents {} 0 R >>",
        page + 1,
        page + 2
    ));
    pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    pdf.add(stream_obj("", b"BT /F1 12 Tf 72 760 Td (Notice) Tj ET"));
    let bytes = pdf.finish(cat, "");
    // (before the fix this took the whole item time limit)
    let ex = extract_pdf(&bytes, &Limits::default());
    assert!(
        ex.problems
            .iter()
            .any(|p| p.kind == "corrupt" && p.detail.contains("page tree")),
        "{:?}",
        ex.problems
    );
}

#[test]
fn text_outside_the_page_is_hidden_text() {
    let id = planted_id();
    let pages = vec![PageSpec {
        lines: clean_notice(),
        off_page: Some(format!("身份证号{id}")),
        ..Default::default()
    }];
    let bytes = build_pdf(Enc::Ucs2, &pages, &DocSpec::default());
    let (_d, r) = scan_one("通知.pdf", &bytes);
    let f = findings(&r)
        .iter()
        .find(|f| f["kind"] == "cn_resident_id")
        .unwrap_or_else(|| panic!("no ID: {}", brief(&r)));
    assert_eq!(f["layer"], "hidden", "{f}");
    assert_eq!(f["location"]["page"], 1);
    assert_eq!(f["location"]["field"], "off_page");
    assert!(findings(&r).iter().any(|f| f["kind"] == "hidden_text"));
    assert_eq!(r["verdict"], "block");
    // near miss: the same notice without it passes
    let bytes = build_pdf(Enc::Ucs2, &one_page(&clean_notice()), &DocSpec::default());
    let (_d, r) = scan_one("通知.pdf", &bytes);
    assert_eq!(r["verdict"], "pass", "{}", brief(&r));
}

#[test]
fn link_targets_that_dial_or_hold_an_id_are_read() {
    let id = planted_id();
    let mob = planted_mobile();
    let pages = vec![PageSpec {
        lines: clean_notice(),
        annots: vec![
            format!("/Subtype /Link /Rect [72 700 200 720] /A << /S /URI /URI (https://x.gov.cn/q?sfz={id}) >>"),
            format!("/Subtype /Link /Rect [72 680 200 700] /A << /S /URI /URI (tel:{mob}) >>"),
            "/Subtype /Link /Rect [72 660 200 680] /A << /S /URI /URI (https://www.gov.cn/zhengce/content_7012345.htm) >>".to_string(),
        ],
        ..Default::default()
    }];
    let bytes = build_pdf(Enc::Ucs2, &pages, &DocSpec::default());
    let (_d, r) = scan_one("通知.pdf", &bytes);
    for kind in ["cn_resident_id", "cn_mobile"] {
        let f = findings(&r)
            .iter()
            .find(|f| f["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind}: {}", brief(&r)));
        assert_eq!(f["location"]["field"], "Link/URI", "{f}");
    }
    // an ordinary link alone passes
    let pages = vec![PageSpec {
        lines: clean_notice(),
        annots: vec!["/Subtype /Link /Rect [72 660 200 680] /A << /S /URI /URI (https://www.gov.cn/zhengce/content_7012345.htm) >>".to_string()],
        ..Default::default()
    }];
    let (_d, r) = scan_one(
        "通知.pdf",
        &build_pdf(Enc::Ucs2, &pages, &DocSpec::default()),
    );
    assert_eq!(r["verdict"], "pass", "{}", brief(&r));
}

#[test]
fn an_amount_broken_before_its_unit_is_no_mobile() {
    let mob = planted_mobile();
    let mut lines = clean_notice();
    lines.push("增长15.3%；全年实现营业收入15234567890".into());
    lines.push("元，上缴税金1834567890元。".into());
    let (_d, r) = scan_one(
        "报告.pdf",
        &build_pdf(Enc::Ucs2, &one_page(&lines), &DocSpec::default()),
    );
    assert_eq!(r["verdict"], "pass", "{}", brief(&r));
    // near miss: a phone number before a line that starts with 元旦
    let mut lines = clean_notice();
    lines.push(format!("值班电话：{mob}"));
    lines.push("元旦期间请保持通讯畅通。".into());
    let (_d, r) = scan_one(
        "值班.pdf",
        &build_pdf(Enc::Ucs2, &one_page(&lines), &DocSpec::default()),
    );
    assert!(
        findings(&r).iter().any(|f| f["kind"] == "cn_mobile"),
        "{}",
        brief(&r)
    );
}

#[test]
fn an_id_wrapped_inside_a_table_cell_is_joined() {
    let id = planted_id();
    let mut lines = clean_notice();
    lines.push(format!("1 张建国 {} 男 汉族", &id[..10]));
    lines.push(id[10..].to_string());
    let (_d, r) = scan_one(
        "名单.pdf",
        &build_pdf(Enc::Ucs2, &one_page(&lines), &DocSpec::default()),
    );
    let f = findings(&r)
        .iter()
        .find(|f| f["kind"] == "cn_resident_id")
        .unwrap_or_else(|| panic!("no ID: {}", brief(&r)));
    assert_eq!(f["location"]["page"], 1, "{f}");
    assert_eq!(r["verdict"], "block");
    // the cell's first line above the row's line, its second below it
    let mut lines = clean_notice();
    lines.push(id[..10].to_string());
    lines.push("1 张建国 死亡".into());
    lines.push(id[10..].to_string());
    let (_d, r) = scan_one(
        "注销.pdf",
        &build_pdf(Enc::Ucs2, &one_page(&lines), &DocSpec::default()),
    );
    assert!(
        findings(&r).iter().any(|f| f["kind"] == "cn_resident_id"),
        "{}",
        brief(&r)
    );
    // near miss: a masked ID wrapped in its cell, the exam number beside it on the next
    // line (the masked form's visible head and the number make 18 digits that may validate)
    for k in 0..12u32 {
        let exam = format!("2024042802{k:02}");
        let mut lines = clean_notice();
        lines.push("1 武辉萍 330111******".into());
        lines.push(format!("**1406 {exam}"));
        let mut alone = clean_notice();
        alone.push("330111******".into());
        alone.push(exam.clone());
        for l in [lines, alone] {
            let (_d, r) = scan_one(
                "成绩公示.pdf",
                &build_pdf(Enc::Ucs2, &one_page(&l), &DocSpec::default()),
            );
            assert_eq!(r["verdict"], "pass", "{exam}: {}", brief(&r));
        }
    }
    // near miss: figures on consecutive lines that do not make an ID
    let mut lines = clean_notice();
    lines.push("2024 1234567890 增长".into());
    lines.push("12345678 3.2%".into());
    let (_d, r) = scan_one(
        "统计.pdf",
        &build_pdf(Enc::Ucs2, &one_page(&lines), &DocSpec::default()),
    );
    assert_eq!(r["verdict"], "pass", "{}", brief(&r));
}

/// A PDF table keeps no cells: a header line naming a 护照号 column (often glued:
/// `序号姓名护照号工作单位类别`) gives the rows below it their context word, however far
/// along the row the number is; the same rows under a header naming no such column pass.
#[test]
fn a_pdf_table_header_gives_its_rows_context() {
    let rows = |header: &str| -> Vec<String> {
        vec![
            "2025年外籍人才服务卡发放名单".into(),
            header.into(),
            "1 Alexander Johnson-Smith E12345678 南京某某医药科技有限公司 A类".into(),
            "2 Maria Fernanda Oliveira EA7654321 南京某某软件股份有限公司 B类".into(),
        ]
    };
    let (_d, r) = scan_one(
        "名单.pdf",
        &build_pdf(
            Enc::Gbk,
            &one_page(&rows("序号姓名护照号工作单位类别")),
            &DocSpec::default(),
        ),
    );
    let n = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "cn_passport")
        .count();
    assert_eq!(n, 2, "{r}");
    assert_eq!(r["verdict"], "review", "{r}");
    // near miss: the header names no document column
    let (_d, r) = scan_one(
        "名单.pdf",
        &build_pdf(
            Enc::Gbk,
            &one_page(&rows("序号姓名编号工作单位类别")),
            &DocSpec::default(),
        ),
    );
    assert_eq!(r["verdict"], "pass", "{r}");
}

/// A PDF table row (one line) naming a person, a masked ID and a diagnosis puts the diagnosis
/// next to the person: the sensitive attribute is for review; a row naming nobody is not.
#[test]
fn a_sensitive_attribute_on_a_named_pdf_row_is_for_review() {
    let id = planted_id();
    let masked = mask_id(&id);
    let rows = |name: &str| {
        let mut lines = clean_notice();
        lines.push("序号 姓名 身份证号 诊断".into());
        lines.push(format!("1 {name} {masked} 精神分裂症"));
        lines
    };
    let (_d, r) = scan_one(
        "补贴对象名单.pdf",
        &build_pdf(Enc::Ucs2, &one_page(&rows("王伟")), &DocSpec::default()),
    );
    assert!(
        findings(&r)
            .iter()
            .any(|f| f["kind"] == "sensitive_personal" && f["action"] == "review"),
        "{}",
        brief(&r)
    );
    assert!(!r.to_string().contains(&id), "no echo");
    // near miss: a masked name
    let (_d, r) = scan_one(
        "补贴对象名单.pdf",
        &build_pdf(Enc::Ucs2, &one_page(&rows("王*")), &DocSpec::default()),
    );
    assert_eq!(r["verdict"], "pass", "{}", brief(&r));
}

/// Strings of the catalog a viewer uses and a reader of the pages does not see: named
/// destinations, page-label prefixes, the address an opening action goes to. An identifier in
/// them is found; Word's generated destination names and plain page labels are nothing.
#[test]
fn catalog_names_labels_and_open_actions_are_read() {
    let id = planted_id();
    let mob = planted_mobile();
    let cases: Vec<(&str, String)> = vec![
        (
            "named destination",
            format!(
                "/Names << /Dests << /Names [{} [3 0 R /Fit]] >> >>",
                text_string(&format!("张三身份证{id}"))
            ),
        ),
        (
            "page label prefix",
            format!(
                "/PageLabels << /Nums [0 << /S /D /P {} >>] >>",
                text_string(&format!("联系人{mob}-"))
            ),
        ),
        (
            "open action",
            format!("/OpenAction << /S /URI /URI (https://example.gov.cn/q?sfz={id}) >>"),
        ),
    ];
    for (what, extra) in cases {
        let doc = DocSpec {
            catalog_extra: extra,
            ..Default::default()
        };
        let (_d, r) = scan_one(
            "通知.pdf",
            &build_pdf(Enc::Ucs2, &one_page(&clean_notice()), &doc),
        );
        assert_ne!(verdict(&r), "pass", "{what}: {}", brief(&r));
        let raw = r.to_string();
        assert!(!raw.contains(&id) && !raw.contains(&mob), "{what} echoes");
    }
    let doc = DocSpec {
        catalog_extra: format!(
            "/Names << /Dests << /Names [(_Toc123456) [3 0 R /Fit]] >> >> /PageLabels << /Nums [0 << /S /r >> 2 << /S /D /P {} >>] >>",
            text_string("附件-")
        ),
        ..Default::default()
    };
    let (_d, r) = scan_one(
        "通知.pdf",
        &build_pdf(Enc::Ucs2, &one_page(&clean_notice()), &doc),
    );
    assert_eq!(verdict(&r), "pass", "{}", brief(&r));
}
