//! Text encodings and format sniffing (src/item.rs, src/extract/mht.rs): GBK with little
//! Chinese, Big5, UTF-16 without BOM, NUL padding, `%PDF-` mentioned in a text, MIME web pages
//! (.mht saved as .doc) — and the near misses that must keep their old reading. Fixtures are
//! built here; every identifier is made up.

mod common;

use baomi::item::{decode_text, decode_text_owned, sniff};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn gbk(s: &str) -> Vec<u8> {
    let (b, _, bad) = encoding_rs::GBK.encode(s);
    assert!(!bad, "not GBK: {s}");
    b.into_owned()
}

fn big5(s: &str) -> Vec<u8> {
    let (b, _, bad) = encoding_rs::BIG5.encode(s);
    assert!(!bad, "not Big5: {s}");
    b.into_owned()
}

fn utf16(s: &str, be: bool) -> Vec<u8> {
    s.encode_utf16()
        .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
        .collect()
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

const GBK_PARA: &str = "为深入贯彻落实省委、省政府决策部署，扎实推进城镇老旧小区改造工作，现就有关事项通知如下：\n一、加强组织领导。各地要建立健全工作机制，明确责任分工，细化工作措施，确保各项任务落到实处。\n";

fn numeric_rows(n: usize) -> String {
    (0..n)
        .map(|i| format!("{},{},{}.{:02}\n", i + 1, 20250000 + i * 7, i * 13, i % 100))
        .collect()
}

fn mht(html_part_headers: &str, body: &str) -> Vec<u8> {
    format!(
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01D9\"\r\n\r\n\
         This document is a Single File Web Page.\r\n\r\n\
         ------=_NextPart_01D9\r\nContent-Location: file:///C:/x.htm\r\n{html_part_headers}\r\n\r\n{body}\r\n\
         ------=_NextPart_01D9\r\nContent-Location: file:///C:/x.files/image001.png\r\n\
         Content-Transfer-Encoding: base64\r\nContent-Type: image/png\r\n\r\niVBORw0KGgo=\r\n\
         ------=_NextPart_01D9--\r\n"
    )
    .into_bytes()
}

fn b64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for (i, c) in bytes.chunks(3).enumerate() {
        let n = c.iter().fold(0u32, |a, &b| a << 8 | b as u32) << (8 * (3 - c.len()));
        for k in 0..4 {
            s.push(if k <= c.len() {
                A[(n >> (18 - 6 * k)) as usize & 63] as char
            } else {
                '='
            });
        }
        if i % 19 == 18 {
            s.push_str("\r\n");
        }
    }
    s
}

fn qp(bytes: &[u8]) -> String {
    let mut s = String::new();
    let mut col = 0;
    for &b in bytes {
        let piece = if b == b'=' || !(0x20..0x7F).contains(&b) {
            format!("={b:02X}")
        } else {
            (b as char).to_string()
        };
        if col + piece.len() > 75 {
            s.push_str("=\r\n");
            col = 0;
        }
        col += piece.len();
        s.push_str(&piece);
    }
    s
}

const MARKED_HTML: &str = "<html><body><p>机密★5年</p><p>关于做好2025年城市防汛排涝工作的通知</p><p>各区、县（市）住房和城乡建设局：</p></body></html>";

/// (name, bytes, format, encoding prefix (None: not decoded), text that must be in the
/// decoded text)
type Case = (
    &'static str,
    Vec<u8>,
    &'static str,
    Option<&'static str>,
    &'static str,
);

fn cases() -> Vec<Case> {
    let mut real_pdf =
        b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    real_pdf.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let pjl_pdf = cat(&[b"\x1b%-12345X@PJL ENTER LANGUAGE=PDF\r\n", &real_pdf]);
    let http_pdf = cat(&[
        b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n",
        &real_pdf,
    ]);
    let mut nul_padded = "秘密★1年\n关于开展专项检查的通知\n".as_bytes().to_vec();
    nul_padded.extend(std::iter::repeat_n(0u8, 3000));
    let mut stray = "内部资料\n正文一段。\n".repeat(5).into_bytes();
    stray.insert(20, 0xFF);
    let mut cut = "秘密★1年\n关于报告\n".repeat(5).into_bytes();
    cut.extend_from_slice(&"报".as_bytes()[..2]);
    vec![
        // --- hits: what used to be misread
        (
            "gbk_sparse.csv",
            cat(&[&gbk("内部文件\n"), numeric_rows(200).as_bytes()]),
            "csv",
            Some("GB18030"),
            "内部文件",
        ),
        (
            "gbk_short_star.txt",
            gbk("秘密★\r\nNo. 2025-03\r\n"),
            "txt",
            Some("GB18030"),
            "秘密★",
        ),
        (
            "gbk_tail_mark.txt",
            cat(&[numeric_rows(500).as_bytes(), &gbk("内部资料\n")]),
            "txt",
            Some("GB18030"),
            "内部资料",
        ),
        (
            "big5_mark.txt",
            big5("機密★5年\n關於加強防汛工作的通知\n各區、縣（市）人民政府：\n"),
            "txt",
            Some("Big5"),
            "機密★5年",
        ),
        (
            "big5_short.txt",
            big5("機密★\n"),
            "txt",
            Some("Big5"),
            "機密★",
        ),
        (
            "utf16le_nobom.txt",
            utf16("秘密★1年\n\n关于做好2025年城镇老旧小区改造工作的通知\n", false),
            "txt",
            Some("UTF-16LE"),
            "秘密★1年",
        ),
        (
            "utf16be_nobom.txt",
            utf16("内部资料\r\n关于开展检查的通知\r\n", true),
            "txt",
            Some("UTF-16BE"),
            "内部资料",
        ),
        (
            "utf16le_ascii_nobom.csv",
            utf16("id,no\n1,330106199001011234\n", false),
            "csv",
            Some("UTF-16LE"),
            "330106199001011234",
        ),
        (
            "nul_padded.txt",
            nul_padded,
            "txt",
            Some("UTF-8"),
            "秘密★1年\n关于开展专项检查的通知\n",
        ),
        (
            "mentions_pdf.txt",
            "说明：文件头示例 %PDF-1.4 仅为演示。\n秘密★1年\n".as_bytes().to_vec(),
            "txt",
            Some("UTF-8"),
            "秘密★1年",
        ),
        (
            "mentions_pdf_line.txt",
            "示例：\n%PDF-1.4 是文件头。\n".as_bytes().to_vec(),
            "txt",
            Some("UTF-8"),
            "%PDF-1.4",
        ),
        (
            "mixed_utf8_gbk.txt",
            cat(&["机密★1年\n关于做好工作的通知\n".as_bytes(), &gbk(GBK_PARA)]),
            "txt",
            Some("GB18030+UTF-8"),
            "机密★1年\n关于做好工作的通知\n为深入贯彻",
        ),
        (
            "mht_base64.doc",
            mht(
                "Content-Transfer-Encoding: base64\r\nContent-Type: text/html; charset=\"utf-8\"",
                &b64(MARKED_HTML.as_bytes()),
            ),
            "html",
            Some("UTF-8"),
            "机密★5年",
        ),
        (
            "mht_qp_gb2312.doc",
            mht(
                "Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"gb2312\"",
                &qp(&gbk(MARKED_HTML)),
            ),
            "html",
            Some("gb18030"),
            "机密★5年",
        ),
        (
            "page.mhtml",
            cat(&[
                b"From: <Saved by Windows Internet Explorer 8>\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
                &gbk(MARKED_HTML),
                b"\r\n--b1--\r\n",
            ]),
            "html",
            Some("GB18030"),
            "机密★5年",
        ),
        (
            "mht_broken_base64.doc",
            mht(
                "Content-Transfer-Encoding: base64\r\nContent-Type: text/html; charset=\"utf-8\"",
                "****not base64****",
            ),
            "mht",
            None,
            "",
        ),
        (
            "mht_unknown_cte.mht",
            mht(
                "Content-Transfer-Encoding: x-uuencode\r\nContent-Type: text/html",
                "begin 644 x",
            ),
            "mht",
            None,
            "",
        ),
        // --- near misses: the old reading stays
        (
            "utf8_chinese.txt",
            "关于做好2026年政务公开保密审查工作的通知\n各处室：\n".as_bytes().to_vec(),
            "txt",
            Some("UTF-8"),
            "保密审查",
        ),
        (
            "utf8_stray_byte.txt",
            stray,
            "txt",
            Some("UTF-8"),
            "内部资料",
        ),
        (
            "utf8_cut.txt",
            cut,
            "txt",
            Some("UTF-8"),
            "秘密★1年",
        ),
        (
            "gbk_heavy.txt",
            gbk(&format!("内部资料\n{}", GBK_PARA.repeat(20))),
            "txt",
            Some("GB18030"),
            "扎实推进城镇老旧小区改造工作",
        ),
        (
            "gbk_ids.csv",
            gbk("序号,姓名,身份证号码\n1,张三,330106199001011234\n"),
            "csv",
            Some("GB18030"),
            "姓名",
        ),
        (
            "gbk_short.txt",
            gbk("关于印发工作方案的通知\n"),
            "txt",
            Some("GB18030"),
            "工作方案",
        ),
        (
            "gb18030_4byte.txt",
            encoding_rs::GB18030
                .encode("内部资料 €㐀 工作要点\n")
                .0
                .into_owned(),
            "txt",
            Some("GB18030"),
            "工作要点",
        ),
        (
            "ascii.txt",
            b"Quarterly report\nNo. 2025-03\n".to_vec(),
            "txt",
            Some("UTF-8"),
            "No. 2025-03",
        ),
        (
            // an e-mail: its plain-text parts are decoded and read as a page
            "email.eml",
            b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhello\n--b--\n".to_vec(),
            "html",
            Some("UTF-8"),
            "hello",
        ),
        (
            "quotes_mime.txt",
            b"Headers look like this:\nMIME-Version: 1.0\nContent-Type: multipart/related\n".to_vec(),
            "txt",
            Some("UTF-8"),
            "MIME-Version",
        ),
        ("real.pdf", real_pdf, "pdf", None, ""),
        ("real_named.txt", b"%PDF-1.7\n...".to_vec(), "pdf", None, ""),
        ("pjl_prefix.pdf", pjl_pdf, "pdf", None, ""),
        ("http_prefix.pdf", http_pdf, "pdf", None, ""),
        (
            "ws_prefix.pdf",
            b"\r\n  %PDF-1.5\n1 0 obj\nendobj\n%%EOF\n".to_vec(),
            "pdf",
            None,
            "",
        ),
        ("random.txt", common::pseudo_random(4096, 0x1234_5678), "unknown", None, ""),
        ("random.pdf", common::pseudo_random(4096, 0x9E37_79B9), "unknown", None, ""),
        (
            "nul_binary.txt",
            b"\x00\x01\x02\x03\x00\x00\x07binary\x00".to_vec(),
            "unknown",
            None,
            "",
        ),
        (
            "zeros_then_text.bin",
            cat(&[&[0u8; 64], b"hello world"]),
            "unknown",
            None,
            "",
        ),
    ]
}

#[test]
fn sniff_and_decode_table() {
    let mut failures = Vec::new();
    for (name, bytes, want_fmt, want_enc, want_text) in cases() {
        let fmt = sniff(&bytes, Path::new(name));
        if fmt != want_fmt {
            failures.push(format!("{name}: format {fmt}, want {want_fmt}"));
            continue;
        }
        let Some(want_enc) = want_enc else { continue };
        for (how, d) in [
            ("decode_text", decode_text(&bytes)),
            ("decode_text_owned", decode_text_owned(bytes.clone())),
        ] {
            // the owned variant serves txt/csv only; MIME goes through decode_text (html)
            if how == "decode_text_owned" && fmt == "html" {
                continue;
            }
            if !d.encoding.starts_with(want_enc) {
                failures.push(format!(
                    "{name} ({how}): encoding {}, want {want_enc}",
                    d.encoding
                ));
            }
            if !d.text.contains(want_text) {
                failures.push(format!("{name} ({how}): text lacks {want_text:?}"));
            }
            if d.text.ends_with('\0') {
                failures.push(format!("{name} ({how}): trailing NUL kept"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Many short GBK texts of everyday government wording stay GBK (never Big5, never UTF-8).
#[test]
fn short_gbk_stays_gbk() {
    let texts = [
        "内部资料",
        "秘密",
        "机密★",
        "绝密★启用前",
        "内部文件 注意保存",
        "关于开展安全生产大检查的通知",
        "各区人民政府，市政府各部门：",
        "附件：名单",
        "联系人：张伟",
        "二〇二五年三月一日",
        "市住房和城乡建设局办公室",
        "不予公开",
        "工作秘密",
        "一、总体要求",
    ];
    for t in texts {
        for extra in ["", "\r\nNo. 2025-03\r\n", "\n1,2,3\n4,5,6\n"] {
            let s = format!("{t}{extra}");
            let d = decode_text(&gbk(&s));
            assert_eq!(d.encoding, "GB18030", "{s:?}");
            assert_eq!(d.text, s);
        }
    }
}

/// Traditional-Chinese Big5 texts read as Big5.
#[test]
fn big5_texts() {
    let texts = [
        "機密★5年\n",
        "絕密★啟用前\n關於加強國家安全工作的通知\n",
        "內部資料 請勿外傳\n",
        "秘密★1年\n各機關、學校：\n為落實資訊公開制度，特訂定本要點。\n",
    ];
    for t in texts {
        let d = decode_text(&big5(t));
        assert_eq!(d.encoding, "Big5", "{t:?}");
        assert_eq!(d.text, t);
    }
}

/// (name, bytes, verdict, format, a finding (category, kind) that must be there)
type EndToEnd = (
    &'static str,
    Vec<u8>,
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
);

fn scan(dir: &Path, rel: &str) -> Value {
    let o = Command::new(env!("CARGO_BIN_EXE_baomi"))
        .args([
            "scan",
            "--format",
            "jsonl",
            "--no-progress",
            "--unit",
            "住房保障处",
            "--drafter",
            "张三",
            rel,
        ])
        .current_dir(dir)
        .output()
        .expect("run baomi");
    let out = String::from_utf8_lossy(&o.stdout);
    serde_json::from_str(out.lines().next().unwrap_or("")).unwrap_or_else(|e| {
        panic!(
            "{rel}: no report ({e}): {out}\n{}",
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn has(rep: &Value, cat: &str, kind: &str) -> bool {
    rep["findings"]
        .as_array()
        .is_some_and(|f| f.iter().any(|f| f["category"] == cat && f["kind"] == kind))
}

/// End to end: the misread items now block on their marking; an MHT that cannot be decoded
/// is unreadable (never pass); a clean GBK notice still passes.
#[test]
fn verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let all = cases();
    let bytes = |n: &str| all.iter().find(|c| c.0 == n).unwrap().1.clone();
    let files: Vec<EndToEnd> = vec![
        (
            "gbk_sparse.csv",
            bytes("gbk_sparse.csv"),
            "block",
            "csv",
            Some(("classification_marking", "internal")),
        ),
        (
            "gbk_short_star.txt",
            bytes("gbk_short_star.txt"),
            "block",
            "txt",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "big5_mark.txt",
            bytes("big5_mark.txt"),
            "block",
            "txt",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "utf16le_nobom.txt",
            bytes("utf16le_nobom.txt"),
            "block",
            "txt",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "nul_padded.txt",
            bytes("nul_padded.txt"),
            "block",
            "txt",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "mentions_pdf.txt",
            bytes("mentions_pdf.txt"),
            "block",
            "txt",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "mixed_utf8_gbk.txt",
            bytes("mixed_utf8_gbk.txt"),
            "block",
            "txt",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "mht_base64.doc",
            bytes("mht_base64.doc"),
            "block",
            "html",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "mht_qp_gb2312.doc",
            bytes("mht_qp_gb2312.doc"),
            "block",
            "html",
            Some(("classification_marking", "state_secret")),
        ),
        (
            "mht_broken_base64.doc",
            bytes("mht_broken_base64.doc"),
            "review",
            "mht",
            Some(("unreadable", "unsupported_format")),
        ),
        (
            "gbk_notice.txt",
            gbk(&format!("关于做好城镇老旧小区改造工作的通知\n{GBK_PARA}")),
            "pass",
            "txt",
            None,
        ),
    ];
    for (name, b, verdict, fmt, finding) in files {
        std::fs::write(dir.path().join(name), b).unwrap();
        let rep = scan(dir.path(), name);
        assert_eq!(rep["item"]["format"], fmt, "{name}: {rep}");
        assert_eq!(rep["verdict"], verdict, "{name}: {rep}");
        if let Some((cat, kind)) = finding {
            assert!(has(&rep, cat, kind), "{name}: no {cat}/{kind}: {rep}");
        }
    }
}

/// An e-mail's attachments (a zip holding a text, a csv sent as a file) are read like a zip's
/// entries and located by their names; the e-mail's own body still is; a clean e-mail with a
/// picture attached passes.
#[test]
fn email_attachments_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let id = common::resident_ids(1).remove(0);
    let zip = common::zip_of(
        &[(
            "名单.txt",
            format!("补助对象：张三，身份证号{id}\n").as_bytes(),
        )],
        true,
    );
    let eml = |attachments: &str| {
        format!(
            "From: a@x.gov.cn\r\nTo: b@x.gov.cn\r\nSubject: =?utf-8?B?{}?=\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n\
             --m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n请查收附件。\r\n{attachments}--m--\r\n",
            b64("材料".as_bytes())
        )
    };
    let part = |ctype: &str, name: &str, data: &[u8]| {
        format!(
            "--m\r\nContent-Type: {ctype}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            b64(data)
        )
    };
    std::fs::write(
        dir.path().join("zip.eml"),
        eml(&part("application/zip", "材料.zip", &zip)),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("csv.eml"),
        eml(&part(
            "text/csv",
            "list.csv",
            format!("姓名,身份证号\n张三,{id}\n").as_bytes(),
        )),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("clean.eml"),
        eml(&part("image/png", "logo.png", b"\x89PNG\r\n\x1a\n")),
    )
    .unwrap();
    let r = scan(dir.path(), "zip.eml");
    assert_eq!(r["verdict"], "block", "{r}");
    let f = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "cn_resident_id")
        .expect("the ID in the attachment");
    let entry = f["location"]["entry"].as_str().unwrap_or("");
    assert!(entry.starts_with("材料.zip"), "{f}");
    let r = scan(dir.path(), "csv.eml");
    assert_eq!(r["verdict"], "block", "{r}");
    let r = scan(dir.path(), "clean.eml");
    assert_eq!(r["verdict"], "pass", "{r}");
    let out = serde_json::to_string(&r).unwrap();
    assert!(!out.contains(&id));
}
