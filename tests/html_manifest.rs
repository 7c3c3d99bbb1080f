//! End-to-end tables for HTML pages (structural comments, link targets, hidden styles, entity
//! evasions) and responsibility manifests (literal names with glob characters, Windows
//! separators, manifests in folders with glob characters). Fixtures are built here; every
//! identifier is made up.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

const UNIT: &[&str] = &["--unit", "住房保障处", "--drafter", "张三"];

const BODY: &str = "<h1>关于做好2026年城镇老旧小区改造工作的通知</h1>\n\
<p>为扎实推进城镇老旧小区改造工作，现就有关事项通知如下。</p>\n\
<p>一、加强组织领导，明确责任分工。</p>\n\
<p>二、做好信息公开，防止泄露国家秘密、工作秘密和敏感信息。</p>\n";

/// A portal page with `extra` after the body text.
fn page(extra: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>通知</title></head>\n<body><div class=\"article\">\n{BODY}{extra}\n<p>某某市住房和城乡建设局</p>\n</div></body></html>\n"
    )
}

fn scan_dir(dir: &Path) -> Value {
    let mut a = UNIT.to_vec();
    a.push(".");
    scan_json(dir, &a).1
}

fn kinds(r: &Value) -> Vec<String> {
    findings(r)
        .iter()
        .map(|f| {
            format!(
                "{}/{}",
                f["category"].as_str().unwrap_or(""),
                f["kind"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// (file, page, verdict, kinds that must be there, kinds that must not)
type PageCase<'a> = (&'a str, String, &'a str, Vec<&'a str>, Vec<&'a str>);

#[test]
fn html_pages_table() {
    let id = resident_ids(2);
    let mob = mobiles(12);
    let entity_id: String = id[0].chars().map(|c| format!("&#{}", c as u32)).collect();
    let hex_id: String = id[0]
        .chars()
        .map(|c| format!("&#x{:x}", c as u32))
        .collect();
    let tel_links: String = mob[..10]
        .iter()
        .map(|m| format!("<li><a href=\"tel:{m}\">{}</a></li>", mask_mobile(m)))
        .collect();
    let cases: Vec<PageCase> = vec![
        // clipboard and CMS template markers: an ordinary page
        (
            "fragment.html",
            page("<!--StartFragment--><p>正文</p><!--EndFragment-->"),
            "pass",
            vec![],
            vec!["hidden_content/html_comment"],
        ),
        (
            "cms.html",
            page("<!-- 头部开始 --><div>首页</div><!-- 头部结束 --><!-- nav end --><!--begin--><!-- 正文 结束 --><!-- #BeginLibraryItem \"/Library/foot.lbi\" --><p>版权所有</p><!-- #EndLibraryItem -->"),
            "pass",
            vec![],
            vec!["hidden_content/html_comment"],
        ),
        // comments holding real text are still reported
        (
            "comment_name.html",
            page("<!-- 审核人：李明 -->"),
            "review",
            vec!["hidden_content/html_comment"],
            vec![],
        ),
        (
            "comment_mark.html",
            page("<!-- 秘密★1年 开始 -->"),
            "block",
            vec!["hidden_content/html_comment"],
            vec![],
        ),
        (
            "comment_fragment_id.html",
            page(&format!("<!--StartFragment {}-->", id[1])),
            "block",
            vec!["hidden_content/html_comment", "personal_info/cn_resident_id"],
            vec![],
        ),
        // a comment does not split what a reader sees
        (
            "comment_split.html",
            format!("<html><body><p>内部<!-- x -->资料</p>{BODY}</body></html>"),
            "block",
            vec!["classification_marking/internal"],
            vec![],
        ),
        // link targets: scanned as text, not hidden content
        (
            "tel_one.html",
            page(&format!("<p>联系人：<a href=\"tel:{}\">王科长</a></p>", mob[10])),
            "review",
            vec!["personal_info/cn_mobile"],
            vec!["hidden_content/html_hidden", "hidden_content/html_comment"],
        ),
        (
            "tel_ten.html",
            page(&format!("<ul>{tel_links}</ul>")),
            "block",
            vec!["aggregation/personal_records"],
            vec!["hidden_content/html_hidden"],
        ),
        (
            "sms_encoded.html",
            page(&format!(
                "<p><a href=\"sms:%2B86{}?body=%E4%BD%A0%E5%A5%BD\">短信</a></p>",
                mob[11]
            )),
            "review",
            vec!["personal_info/cn_mobile"],
            vec!["hidden_content/html_hidden"],
        ),
        (
            "link_trap.html",
            page("<p><a href=\"https://www.example.gov.cn/art/2026/3/1/art_1229_13812345678.html\">详情</a><a href=\"tel:12345\">政务热线12345</a></p>"),
            "pass",
            vec![],
            vec!["personal_info/cn_mobile"],
        ),
        // data-* attributes and srcdoc
        (
            "data_attr.html",
            page(&format!(
                "<table><tr data-sfzh=\"{}\"><td>张三</td><td>已审核</td></tr></table>",
                id[0]
            )),
            "block",
            vec!["personal_info/cn_resident_id"],
            vec![],
        ),
        (
            "data_attr_trap.html",
            page("<div data-id=\"1229\" data-time=\"1767225600000\" data-src=\"/upload/2026/03/01/202603011200001234.jpg\">图</div>"),
            "pass",
            vec![],
            vec![],
        ),
        (
            "srcdoc.html",
            page(&format!(
                "<iframe srcdoc=\"&lt;p&gt;申请人身份证号{}&lt;/p&gt;\"></iframe>",
                id[1]
            )),
            "block",
            vec!["personal_info/cn_resident_id"],
            vec![],
        ),
        // numeric references without `;`
        (
            "entity_dec.html",
            page(&format!("<p>身份证号：{entity_id}</p>")),
            "block",
            vec!["personal_info/cn_resident_id"],
            vec![],
        ),
        (
            "entity_hex.html",
            page(&format!("<p>身份证号：{hex_id}</p>")),
            "block",
            vec!["personal_info/cn_resident_id"],
            vec![],
        ),
        // hidden styles
        (
            "font_0pt.html",
            page("<span style=\"font-size:0pt\">备注：待李明复核后删除。</span>"),
            "review",
            vec!["hidden_content/html_hidden"],
            vec![],
        ),
        (
            "font_0em.html",
            page("<span style=\"font-size: 0em\">备注：待李明复核后删除。</span>"),
            "review",
            vec!["hidden_content/html_hidden"],
            vec![],
        ),
        (
            "font_0pct.html",
            page("<span style=\"font-size:0%\">备注：待李明复核后删除。</span>"),
            "review",
            vec!["hidden_content/html_hidden"],
            vec![],
        ),
        (
            "font_00px.html",
            page("<span style=\"font-size:0.0px\">备注：待李明复核后删除。</span>"),
            "review",
            vec!["hidden_content/html_hidden"],
            vec![],
        ),
        (
            "font_small_trap.html",
            page("<span style=\"font-size:0.8em\">（本页信息仅供参考）</span>"),
            "pass",
            vec![],
            vec!["hidden_content/html_hidden"],
        ),
        (
            "font_inline_block_trap.html",
            page("<ul style=\"font-size:0\"><li style=\"display:inline-block;font-size:14px\">首页</li><li style=\"display:inline-block;font-size:14px\">通知公告</li></ul>"),
            "pass",
            vec![],
            vec!["hidden_content/html_hidden"],
        ),
        (
            "white_on_white.html",
            page("<p style=\"color:#ffffff;background:#fff\">备注：本件待办公室确认。</p>"),
            "review",
            vec!["hidden_content/html_hidden"],
            vec![],
        ),
        (
            "white_on_red_trap.html",
            page("<p style=\"color:#fff;background:#c00\">重要提示</p>"),
            "pass",
            vec![],
            vec!["hidden_content/html_hidden"],
        ),
        // a hidden piece inside a visible marking
        // link and resource addresses holding an ID (a query, a photo named by its owner)
        (
            "href_id.html",
            page(&format!("<p><a href=\"/cx/query?sfz={}&amp;t=1\">查询结果</a></p>", id[0])),
            "block",
            vec!["personal_info/cn_resident_id"],
            vec![],
        ),
        (
            "img_src_id.html",
            page(&format!("<p><img src=\"/upload/photo/{}.jpg\" alt=\"照片\"></p>", id[1])),
            "block",
            vec!["personal_info/cn_resident_id"],
            vec![],
        ),
        // a named zero-width entity inside a number, an option's value
        (
            "zwsp_entity.html",
            page(&format!(
                "<p>身份证号：{}&ZeroWidthSpace;{}</p>",
                &id[0][..9],
                &id[0][9..]
            )),
            "block",
            vec!["personal_info/cn_resident_id"],
            vec![],
        ),
        (
            "option_value.html",
            page(&format!(
                "<select><option value=\"{}\">张建国</option></select>",
                id[1]
            )),
            "block",
            vec!["personal_info/cn_resident_id"],
            vec![],
        ),
        // what CSS writes onto the page is read; an icon font's codes are nothing
        (
            "css_content.html",
            format!(
                "<html><head><style>.m::after {{ content: \"{}\"; }}</style></head><body>{BODY}<p class=\"m\">身份证号：</p></body></html>",
                id[1]
            ),
            "block",
            vec!["personal_info/cn_resident_id"],
            vec![],
        ),
        (
            "css_icons.html",
            format!("<html><head><style>.i-home:before {{ content: \"\\e600\"; }} .sep::after {{ content: '|'; }}</style></head><body>{BODY}</body></html>"),
            "pass",
            vec![],
            vec![],
        ),
        // … ordinary links (dates, CMS ids, a 19-digit snowflake id) are not identifiers
        (
            "href_plain.html",
            page("<p><a href=\"/art/2025/3/1/art_1229063385_59012345.html\">上一篇</a><a href=\"/news?id=1876543210987654321\">下一篇</a><img src=\"/images/20250301/p1234567.jpg\"></p>"),
            "pass",
            vec![],
            vec!["personal_info/cn_resident_id", "personal_info/bank_card"],
        ),
        // an article's section heading 「工作秘密」 after its first paragraph is no marking …
        (
            "article_headings.html",
            "<html><head><title>国家秘密、工作秘密、商业秘密有什么区别？</title></head><body><h1>国家秘密、工作秘密、商业秘密有什么区别？</h1><p>很多同志对国家秘密、工作秘密和商业秘密的区别不太清楚，下面简要说明。</p><h3>国家秘密</h3><p>依照法定程序确定的事项。</p><h3>工作秘密</h3><p>机关在履行职能过程中产生的事项。</p></body></html>".to_string(),
            "pass",
            vec![],
            vec!["classification_marking/work_secret"],
        ),
        // … but the same word above the title, before any sentence, is one
        (
            "marked_page.html",
            format!("<html><body><p>工作秘密</p>{BODY}</body></html>"),
            "block",
            vec!["classification_marking/work_secret"],
            vec![],
        ),
        (
            "split_mark.html",
            format!("<html><body><p>秘<span style=\"display:none\">_</span>密★1年</p>{BODY}</body></html>"),
            "block",
            vec!["classification_marking/state_secret"],
            vec![],
        ),
    ];
    let d = tempfile::tempdir().unwrap();
    for (name, html, _, _, _) in &cases {
        write(d.path(), name, html);
    }
    let v = scan_dir(d.path());
    let mut failures = Vec::new();
    for (name, _, want, must, must_not) in &cases {
        let r = report(&v, name);
        let ks = kinds(r);
        let ok = verdict(r) == *want
            && must.iter().all(|k| ks.iter().any(|x| x == k))
            && must_not.iter().all(|k| !ks.iter().any(|x| x == k));
        if !ok {
            failures.push(format!(
                "{name}: want {want} {must:?} not {must_not:?}; got {}",
                brief(r)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // the tel link is located at its element, and no number is echoed
    let r = report(&v, "tel_one.html");
    let f = findings_of(r, "personal_info", "cn_mobile")[0];
    assert_eq!(f["location"]["line"], 8, "{f}");
    assert!(f["location"]["column"].as_u64().unwrap() > 1, "{f}");
    let mut secrets: Vec<String> = mob.clone();
    secrets.extend(id.iter().cloned());
    let mut a = UNIT.to_vec();
    a.push(".");
    assert_no_echo_everywhere(d.path(), &a, &secrets);
}

/// (files, manifest path, manifest text, item → unit or None for unassigned)
type ManifestCase<'a> = (
    &'a [&'a str],
    &'a str,
    String,
    &'a [(&'a str, Option<&'a str>)],
);

#[test]
fn manifest_rows_table() {
    let h = "path,unit,drafter\n";
    let cases: Vec<ManifestCase> = vec![
        // browser download names: an exact row is taken literally
        (
            &["docs/通知[1].txt", "docs/通知(1).txt"],
            "manifest.csv",
            format!("{h}docs/通知[1].txt,法规处,乙\ndocs/通知(1).txt,办公室,甲\n"),
            &[
                ("通知[1].txt", Some("法规处")),
                ("通知(1).txt", Some("办公室")),
            ],
        ),
        // Windows separators in exact and glob rows
        (
            &["docs/sub/a.txt", "docs/sub/b.csv", "docs/c.txt"],
            "manifest.csv",
            format!("{h}docs\\sub\\a.txt,法规处,乙\r\ndocs\\sub\\*.csv,办公室,甲\r\n"),
            &[
                ("sub/a.txt", Some("法规处")),
                ("sub/b.csv", Some("办公室")),
                ("docs/c.txt", None),
            ],
        ),
        // the manifest in a folder named with brackets
        (
            &["资料[2025]/docs/a.txt", "资料[2025]/docs/b.csv"],
            "资料[2025]/manifest.csv",
            format!("{h}docs/*.txt,法规处,乙\ndocs/b.csv,办公室,甲\n"),
            &[
                ("docs/a.txt", Some("法规处")),
                ("docs/b.csv", Some("办公室")),
            ],
        ),
        // an exact row beats a glob, wherever it is in the file
        (
            &["docs/a.txt", "docs/b.txt"],
            "manifest.csv",
            format!("{h}docs/*.txt,办公室,甲\ndocs/a.txt,法规处,乙\n"),
            &[
                ("docs/a.txt", Some("法规处")),
                ("docs/b.txt", Some("办公室")),
            ],
        ),
    ];
    for (files, mpath, text, expect) in &cases {
        let d = tempfile::tempdir().unwrap();
        for f in *files {
            write(
                d.path(),
                f,
                "关于做好政务公开工作的通知\n各单位：请按要求办理。\n",
            );
        }
        write(d.path(), mpath, text);
        let root = Path::new(files[0]).components().next().unwrap();
        let root = root.as_os_str().to_str().unwrap();
        let (_, v) = scan_json(d.path(), &["--manifest", mpath, root]);
        for (item, unit) in *expect {
            let r = report(&v, item);
            let got = r["responsibility"]["unit"].as_str();
            assert_eq!(got, *unit, "{text} → {item}: {}", brief(r));
            assert_eq!(
                has(r, "responsibility", "unassigned"),
                unit.is_none(),
                "{item}: {}",
                brief(r)
            );
        }
    }
}

#[test]
fn markdown_comments_and_emphasis_inside_numbers() {
    let d = tempfile::tempdir().unwrap();
    let id = resident_ids(1).remove(0);
    write(
        d.path(),
        "公示.md",
        format!(
            "# 关于拟表彰人员的公示\n\n张建国，身份证号 {}**{}**{}\n",
            &id[..6],
            &id[6..14],
            &id[14..]
        ),
    );
    write(
        d.path(),
        "备注.md",
        "# 关于开展安全检查的通知\n\n各单位：请按要求做好检查工作。\n\n<!-- 审核人：李明 -->\n",
    );
    write(
        d.path(),
        "普通.md",
        "# 关于开展安全检查的通知\n\n各单位：请于**2025年3月1日**前报送，联系电话 **0571-88888888**。\n",
    );
    let mut a = UNIT.to_vec();
    a.push(".");
    let v = scan_json(d.path(), &a).1;
    let r = report(&v, "公示.md");
    assert_eq!(verdict(r), "block", "{}", brief(r));
    let r = report(&v, "备注.md");
    assert!(
        kinds(r).iter().any(|k| k == "hidden_content/html_comment"),
        "{}",
        brief(r)
    );
    let r = report(&v, "普通.md");
    assert_eq!(verdict(r), "pass", "{}", brief(r));
    assert_no_echo_everywhere(d.path(), &a, &[id]);
}
