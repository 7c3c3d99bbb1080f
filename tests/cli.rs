//! End-to-end tests of the `baomi` binary (CONTRACT.md): verdicts, exit codes, report JSON,
//! evasions, no-echo of identifiers, --out, jsonl, manifest, policy, bad input, cross-item
//! aggregation, xlsx, language. All fixtures are generated here; every identifier is made up.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// (file, bytes, allowed verdicts, unreadable kinds of which one is expected)
type BadCase<'a> = (&'a str, Vec<u8>, &'a [&'a str], &'a [&'a str]);
/// (file, content, category, kind, masked, verdict)
type DetectCase<'a> = (&'a str, String, &'a str, &'a str, Option<bool>, &'a str);

const UNIT: &[&str] = &["--unit", "住房保障处", "--drafter", "张三"];

const NAMES: [&str; 13] = [
    "张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴婷", "徐明", "孙丽",
    "马超",
];

fn tmp() -> TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// args = UNIT + extra
fn with_unit<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut a: Vec<&str> = UNIT.to_vec();
    a.extend_from_slice(extra);
    a
}

/// Scan one file (relative to `dir`) with --unit/--drafter; returns run and its single report.
fn scan_one(dir: &Path, rel: &str) -> (Run, Value) {
    let (r, v) = scan_json(dir, &with_unit(&[rel]));
    let rep = only_report(&v).clone();
    (r, rep)
}

const CLEAN_NOTICE: &str = "关于做好2026年政务公开保密审查工作的通知\n\n\
各处室、各直属单位：\n\
为进一步规范政府信息公开工作，防止泄露国家秘密、工作秘密和敏感信息，现就做好保密审查工作通知如下。\n\
一、严格落实“先审查、后公开”和“一事一审”原则，拟公开信息由承办处室负责保密审查。\n\
二、涉及国家秘密的事项不得公开；属于工作秘密的，按照有关规定办理。\n\
三、各单位要加强保密审查队伍建设，做好保密审查登记。\n\n\
某某市住房和城乡建设局\n2026年3月1日\n";

/// A 公示名单 csv; `id` and `mobile` map a row's generated values to what is written.
fn roster_csv(n: usize, id: impl Fn(&str) -> String, mobile: impl Fn(&str) -> String) -> String {
    let ids = resident_ids(n);
    let mobs = mobiles(n);
    let mut s = String::from("序号,姓名,身份证号,联系电话,补贴金额（元）\n");
    for i in 0..n {
        s.push_str(&format!(
            "{},{},{},{},{}\n",
            i + 1,
            NAMES[i % NAMES.len()],
            id(&ids[i]),
            mobile(&mobs[i]),
            1200 + i * 10
        ));
    }
    s
}

// =============================================================================================
// 1. verdicts and exit codes

#[test]
fn clean_notice_mentioning_secrecy_in_prose_passes() {
    let d = tmp();
    write(d.path(), "关于做好保密审查工作的通知.txt", CLEAN_NOTICE);
    let (r, rep) = scan_one(d.path(), "关于做好保密审查工作的通知.txt");
    assert_eq!(verdict(&rep), "pass", "{}", brief(&rep));
    assert_eq!(r.code, 0);
    assert_eq!(rep["responsibility"]["source"], "cli");
    assert_eq!(rep["responsibility"]["unit"], "住房保障处");
    assert_eq!(rep["responsibility"]["drafter"], "张三");
    assert!(!has(&rep, "responsibility", "unassigned"));
    // text mode too
    let t = run_in(
        d.path(),
        &[
            "scan",
            "--no-progress",
            "--unit",
            "住房保障处",
            "--drafter",
            "张三",
            ".",
        ],
    );
    assert_eq!(t.code, 0, "{}", t.stdout);
}

#[test]
fn classification_markings_block_with_their_kind() {
    // (file, first line, kind)
    let cases = [
        ("a.txt", "秘密★1年", "state_secret"),
        ("b.txt", "工作秘密", "work_secret"),
        ("c.txt", "内部资料　注意保存", "internal"),
    ];
    for (file, first, kind) in cases {
        let d = tmp();
        write(
            d.path(),
            file,
            format!("{first}\n关于某项工作的情况报告\n现将有关情况报告如下。\n"),
        );
        let (r, rep) = scan_one(d.path(), file);
        assert_eq!(verdict(&rep), "block", "{first}: {}", brief(&rep));
        assert_eq!(r.code, 2, "{first}");
        let f = findings_of(&rep, "classification_marking", kind);
        assert!(!f.is_empty(), "{first}: no {kind}: {}", brief(&rep));
        assert_eq!(f[0]["action"], "block");
        assert_eq!(f[0]["location"]["line"], 1, "{first}: {}", f[0]);
    }
}

#[test]
fn masked_roster_passes() {
    let d = tmp();
    write(
        d.path(),
        "公示名单.csv",
        roster_csv(12, mask_id, mask_mobile),
    );
    let (r, rep) = scan_one(d.path(), "公示名单.csv");
    assert_eq!(verdict(&rep), "pass", "{}", brief(&rep));
    assert_eq!(r.code, 0);
    // properly masked identifiers may be grouped into one info finding per kind
    let ids = findings_of(&rep, "personal_info", "cn_resident_id");
    assert!(!ids.is_empty(), "{}", brief(&rep));
    assert!(
        ids.iter()
            .all(|f| f["masked"] == true && f["action"] == "info"),
        "{}",
        brief(&rep)
    );
    let mobs = findings_of(&rep, "personal_info", "cn_mobile");
    assert!(mobs.iter().all(|f| f["masked"] == true), "{}", brief(&rep));
    assert!(!has(&rep, "aggregation", "personal_records"));
}

#[test]
fn roster_with_full_ids_blocks_with_aggregation() {
    let d = tmp();
    write(
        d.path(),
        "公示名单.csv",
        roster_csv(12, |i| i.to_string(), mask_mobile),
    );
    let (r, rep) = scan_one(d.path(), "公示名单.csv");
    assert_eq!(verdict(&rep), "block", "{}", brief(&rep));
    assert_eq!(r.code, 2);
    let ids = findings_of(&rep, "personal_info", "cn_resident_id");
    assert!(ids.len() >= 12, "{}", brief(&rep));
    assert!(
        ids.iter()
            .all(|f| f["action"] == "block" && f.get("masked").is_none_or(|m| m.is_null())),
        "{}",
        brief(&rep)
    );
    assert!(
        has(&rep, "aggregation", "personal_records"),
        "{}",
        brief(&rep)
    );
    assert_eq!(
        findings_of(&rep, "aggregation", "personal_records")[0]["action"],
        "block"
    );
    // csv locations: line (header is line 1) and column
    let lines: Vec<i64> = ids
        .iter()
        .filter_map(|f| f["location"]["line"].as_i64())
        .collect();
    assert!(lines.contains(&2) && lines.contains(&13), "lines {lines:?}");
    assert!(ids
        .iter()
        .all(|f| f["location"]["column"].as_i64().unwrap_or(0) >= 1));
    assert_no_echo_everywhere(d.path(), &with_unit(&["公示名单.csv"]), &resident_ids(12));
}

#[test]
fn five_unmasked_mobiles_review_without_aggregation() {
    let d = tmp();
    let mobs = mobiles(5);
    let mut s = String::from("姓名,联系电话\n");
    for (i, m) in mobs.iter().enumerate() {
        s.push_str(&format!("{},{}\n", NAMES[i], m));
    }
    write(d.path(), "联系表.csv", s);
    let (r, rep) = scan_one(d.path(), "联系表.csv");
    assert_eq!(verdict(&rep), "review", "{}", brief(&rep));
    assert_eq!(r.code, 1);
    assert_eq!(
        findings_of(&rep, "personal_info", "cn_mobile").len(),
        5,
        "{}",
        brief(&rep)
    );
    assert!(
        !has(&rep, "aggregation", "personal_records"),
        "{}",
        brief(&rep)
    );
    assert_no_echo_everywhere(d.path(), &with_unit(&["联系表.csv"]), &mobs);
}

#[test]
fn ids_masked_first14_are_insufficient() {
    let d = tmp();
    let ids = resident_ids(3);
    let mut s = String::from("序号,姓名,身份证号\n");
    for (i, id) in ids.iter().enumerate() {
        s.push_str(&format!("{},{},{}****\n", i + 1, NAMES[i], &id[..14]));
    }
    write(d.path(), "名单.csv", s);
    let (r, rep) = scan_one(d.path(), "名单.csv");
    assert_eq!(verdict(&rep), "review", "{}", brief(&rep));
    assert_eq!(r.code, 1);
    let f = findings_of(&rep, "personal_info", "cn_resident_id");
    assert_eq!(f.len(), 3, "{}", brief(&rep));
    for f in f {
        assert_eq!(f["masked"], false, "{f}");
        assert_eq!(f["action"], "review", "{f}");
    }
}

#[test]
fn invalid_check_digit_and_non_luhn_numbers_pass() {
    let d = tmp();
    let bad_ids: Vec<String> = (0..4)
        .map(|i| resident_id_bad_check("330106", "19900101", 200 + i))
        .collect();
    let cards: Vec<String> = (0..4).map(|i| non_luhn("6222", 16, i)).collect();
    let mut s = String::from("档案编号及流水号（均非个人信息）\n");
    for (a, b) in bad_ids.iter().zip(&cards) {
        s.push_str(&format!("档案编号：{a}　流水号：{b}\n"));
    }
    write(d.path(), "编号.txt", s);
    let (r, rep) = scan_one(d.path(), "编号.txt");
    assert_eq!(verdict(&rep), "pass", "{}", brief(&rep));
    assert_eq!(r.code, 0);
    assert!(
        !has(&rep, "personal_info", "cn_resident_id"),
        "{}",
        brief(&rep)
    );
    assert!(!has(&rep, "personal_info", "bank_card"), "{}", brief(&rep));
}

#[test]
fn luhn_valid_card_blocks() {
    // counterpart of the previous test: the same shape with a valid Luhn digit is a bank card
    let d = tmp();
    let card = bank_card("6222", 16, 7);
    write(
        d.path(),
        "卡号.txt",
        format!("补贴发放说明\n收款账号：{card}\n"),
    );
    let (r, rep) = scan_one(d.path(), "卡号.txt");
    assert_eq!(verdict(&rep), "block", "{}", brief(&rep));
    assert_eq!(r.code, 2);
    assert!(has(&rep, "personal_info", "bank_card"), "{}", brief(&rep));
    assert_no_echo_everywhere(d.path(), &with_unit(&["卡号.txt"]), &[card]);
}

#[test]
fn html_display_none_is_hidden_content() {
    let d = tmp();
    let html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>关于征集典型案例的通知</title></head>\n\
<body>\n<h1>关于征集典型案例的通知</h1>\n<p>欢迎各单位积极报送。</p>\n\
<div style=\"display:none\">拟推荐名单尚未研究确定，请勿外传</div>\n</body></html>\n";
    write(d.path(), "通知.html", html);
    let (r, rep) = scan_one(d.path(), "通知.html");
    assert_eq!(rep["item"]["format"], "html");
    assert_eq!(verdict(&rep), "review", "{}", brief(&rep));
    assert_eq!(r.code, 1);
    let f = findings_of(&rep, "hidden_content", "html_hidden");
    assert!(!f.is_empty(), "{}", brief(&rep));
    assert_eq!(f[0]["action"], "review");
    assert_eq!(f[0]["layer"], "hidden");
}

#[test]
fn gbk_csv_with_full_ids_blocks() {
    let d = tmp();
    let s = roster_csv(12, |i| i.to_string(), mask_mobile);
    let s = format!("关于二〇二六年度住房租赁补贴拟发放对象名单的公示\n{s}");
    write(d.path(), "社区名单.csv", gbk(&s));
    let (r, rep) = scan_one(d.path(), "社区名单.csv");
    assert_eq!(verdict(&rep), "block", "{}", brief(&rep));
    assert_eq!(r.code, 2);
    let enc = rep["item"]["encoding"].as_str().unwrap_or("");
    assert!(
        enc.to_ascii_uppercase().contains("GB18030"),
        "encoding {enc:?}"
    );
    assert!(
        findings_of(&rep, "personal_info", "cn_resident_id").len() >= 12,
        "{}",
        brief(&rep)
    );
    assert_no_echo_everywhere(d.path(), &with_unit(&["社区名单.csv"]), &resident_ids(12));
}

#[test]
fn utf16le_bom_txt_with_marking_blocks() {
    let d = tmp();
    write(
        d.path(),
        "报告.txt",
        utf16le_bom("机密★5年\r\n关于某专项工作推进情况的报告\r\n正文内容。\r\n"),
    );
    let (r, rep) = scan_one(d.path(), "报告.txt");
    assert_eq!(verdict(&rep), "block", "{}", brief(&rep));
    assert_eq!(r.code, 2);
    assert!(
        has(&rep, "classification_marking", "state_secret"),
        "{}",
        brief(&rep)
    );
    let enc = rep["item"]["encoding"].as_str().unwrap_or("");
    assert!(
        enc.to_ascii_uppercase().contains("UTF-16"),
        "encoding {enc:?}"
    );
}

// =============================================================================================
// 2. evasions

#[test]
fn evasions_are_seen_through() {
    let id = resident_id("330106", "19900101", 123);
    let id2 = resident_id("440305", "19851230", 456);
    let (a, b, c) = (&id[..6], &id[6..14], &id[14..]);
    let fw = fullwidth(&id2);
    let zw: String = id2.chars().flat_map(|ch| [ch, '\u{200B}']).collect();
    // (name, content, category, kind, planted secrets)
    let cases: Vec<(&str, String, &str, &str, Vec<String>)> = vec![
        (
            "fullwidth",
            format!("申请人信息\n身份证号：{fw}\n"),
            "personal_info",
            "cn_resident_id",
            vec![id2.clone()],
        ),
        (
            "zero-width id",
            format!("申请人信息\n身份证号：{zw}\n"),
            "personal_info",
            "cn_resident_id",
            vec![id2.clone()],
        ),
        (
            "spaces id",
            format!("申请人信息\n身份证号：{a} {b} {c}\n"),
            "personal_info",
            "cn_resident_id",
            vec![id.clone()],
        ),
        (
            "hyphens id",
            format!("申请人信息\n身份证号：{a}-{b}-{c}\n"),
            "personal_info",
            "cn_resident_id",
            vec![id.clone()],
        ),
        (
            "zero-width marking",
            "机\u{200B}密★1年\n关于某项工作的报告\n正文。\n".to_string(),
            "classification_marking",
            "state_secret",
            vec![],
        ),
        (
            "traditional",
            "機密★5年\n關於某項工作的報告\n正文。\n".to_string(),
            "classification_marking",
            "state_secret",
            vec![],
        ),
        (
            "ideographic space",
            "秘　密\n关于某项工作的报告\n正文。\n".to_string(),
            "classification_marking",
            "state_secret",
            vec![],
        ),
        (
            "space marking",
            "机 密★10年\n关于某项工作的报告\n正文。\n".to_string(),
            "classification_marking",
            "state_secret",
            vec![],
        ),
    ];
    let mut failures = Vec::new();
    for (name, content, cat, kind, secrets) in &cases {
        let d = tmp();
        write(d.path(), "材料.txt", content);
        let (r, rep) = scan_one(d.path(), "材料.txt");
        if !(has(&rep, cat, kind) && verdict(&rep) == "block" && r.code == 2) {
            failures.push(format!(
                "{name}: expected {cat}/{kind} block, got {}",
                brief(&rep)
            ));
            continue;
        }
        if !secrets.is_empty() {
            assert_no_echo_everywhere(d.path(), &with_unit(&["材料.txt"]), secrets);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

// =============================================================================================
// 3. no echo

#[test]
fn no_echo_of_identifiers_in_any_output() {
    let d = tmp();
    let ids = resident_ids(4);
    let mobs = mobiles(3);
    let card = bank_card("621700", 19, 42);
    let mut s = String::from("关于补贴发放情况的说明\n");
    s.push_str(&format!(
        "申请人张伟，身份证号{}，手机{}，收款卡号{}。\n",
        ids[0], mobs[0], card
    ));
    s.push_str(&format!(
        "申请人王芳，身份证号 {} ，手机 {} 。\n",
        fullwidth(&ids[1]),
        fullwidth(&mobs[1])
    ));
    s.push_str(&format!(
        "申请人李娜，身份证号{}-{}-{}，手机{}-{}-{}。\n",
        &ids[2][..6],
        &ids[2][6..14],
        &ids[2][14..],
        &mobs[2][..3],
        &mobs[2][3..7],
        &mobs[2][7..]
    ));
    s.push_str(&format!(
        "申请人刘洋（{}）\n",
        ids[3].replace("", " ").trim()
    ));
    write(d.path(), "说明.txt", &s);
    let (_, rep) = scan_one(d.path(), "说明.txt");
    assert_eq!(verdict(&rep), "block", "{}", brief(&rep));
    assert!(
        findings_of(&rep, "personal_info", "cn_resident_id").len() >= 3,
        "{}",
        brief(&rep)
    );
    let mut secrets = ids.clone();
    secrets.extend(mobs.iter().cloned());
    secrets.push(card);
    assert_no_echo_everywhere(d.path(), &with_unit(&["说明.txt"]), &secrets);
}

#[test]
fn state_secret_item_has_no_excerpts() {
    let d = tmp();
    let ids = resident_ids(2);
    let mobs = mobiles(2);
    let s = format!(
        "秘密★1年\n关于某专项工作推进情况的报告\n联系人张伟，身份证号{}，电话{}。\n联系人王芳，身份证号{}，电话{}。\n送审稿\n",
        ids[0], mobs[0], ids[1], mobs[1]
    );
    write(d.path(), "报告.txt", s);
    let (_, rep) = scan_one(d.path(), "报告.txt");
    assert!(
        has(&rep, "classification_marking", "state_secret"),
        "{}",
        brief(&rep)
    );
    assert!(findings(&rep).len() >= 5, "{}", brief(&rep));
    for f in findings(&rep) {
        assert!(f["excerpt"].is_null(), "excerpt present: {f}");
    }
    // and the body text is not copied into any output
    let mut secrets = ids.clone();
    secrets.extend(mobs.iter().cloned());
    assert_no_echo_everywhere(d.path(), &with_unit(&["报告.txt"]), &secrets);
    for (name, text) in all_format_outputs(d.path(), &with_unit(&["报告.txt"])) {
        assert!(
            !text.contains("专项工作推进情况"),
            "{name} copies text of a state-secret item"
        );
    }
}

// =============================================================================================
// 4. --out DIR

#[test]
fn out_path_that_is_a_file_fails_before_the_scan() {
    let d = tmp();
    write(
        d.path(),
        "名单.csv",
        roster_csv(3, |i| i.to_string(), mask_mobile),
    );
    write(d.path(), "reports", "an existing file, not a folder\n");
    let r = run_in(
        d.path(),
        &[
            "scan",
            "--no-progress",
            "--format",
            "jsonl",
            "--out",
            "reports/sub",
            "名单.csv",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("无法创建输出目录"), "{}", r.stderr);
    // refused before scanning: no report on stdout
    assert!(r.stdout.trim().is_empty(), "{}", r.stdout);
    // a folder that can be made is made, and the scan goes on
    let r = run_in(
        d.path(),
        &["scan", "--no-progress", "--out", "new/reports", "名单.csv"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(d.path().join("new/reports/summary.json").is_file());
}

#[test]
fn out_dir_writes_safe_unique_names() {
    let d = tmp();
    let data = d.path().join("data");
    write(&data, "a/名单.csv", roster_csv(3, mask_id, mask_mobile));
    write(
        &data,
        "b/名单.csv",
        roster_csv(3, |i| i.to_string(), mask_mobile),
    );
    write(&data, "a__名单.csv", "序号,姓名\n1,张伟\n");
    write(&data, "通知.txt", CLEAN_NOTICE);
    write(&data, "summary", "普通文本\n");
    write(&data, "index", "普通文本\n");
    // names that differ only in case, and a deep path of Chinese names (each under the
    // 255-byte limit of a file name, the report name derived from all of them is not)
    write(&data, "Notice.txt", CLEAN_NOTICE);
    write(&data, "notice.txt", CLEAN_NOTICE);
    let deep = format!(
        "{}/{}/{}.txt",
        "目录".repeat(30),
        "子".repeat(30),
        "文件".repeat(40)
    );
    write(&data, &deep, CLEAN_NOTICE);
    let out = d.path().join("reports");
    std::fs::create_dir_all(d.path().join("work")).unwrap();
    // reach the items through `..` so that item paths contain parent components
    let r = run_in(
        &d.path().join("work"),
        &[
            "scan",
            "--no-progress",
            "--format",
            "jsonl",
            "--out",
            out.to_str().unwrap(),
            "--unit",
            "u",
            "../data",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let n_items = r.stdout.lines().count();
    assert_eq!(n_items, 9);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"summary.json".to_string()), "{names:?}");
    assert!(names.contains(&"index.html".to_string()), "{names:?}");
    let jsons: Vec<&String> = names
        .iter()
        .filter(|n| n.ends_with(".json") && *n != "summary.json")
        .collect();
    let htmls: Vec<&String> = names
        .iter()
        .filter(|n| n.ends_with(".html") && *n != "index.html")
        .collect();
    assert_eq!(jsons.len(), n_items, "{names:?}");
    assert_eq!(htmls.len(), n_items, "{names:?}");
    let lower: std::collections::HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(
        lower.len(),
        names.len(),
        "names differing only in case: {names:?}"
    );
    for n in &names {
        assert!(n.len() <= 255, "name of {} bytes: {n}", n.len());
        assert!(!n.contains(".."), "name with ..: {n}");
        assert!(!n.contains('/') && !n.contains('\\'), "{n}");
    }
    // nothing written outside the out dir
    for e in std::fs::read_dir(d.path()).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ["data", "reports", "work"].contains(&n.as_str()),
            "stray file {n}"
        );
    }
    // each per-item json is a report; the two 名单.csv reports are distinct
    let mut seen_paths = Vec::new();
    for j in &jsons {
        let v: Value = serde_json::from_slice(&std::fs::read(out.join(j)).unwrap()).unwrap();
        assert_eq!(v["schema"], "baomi.report/v1", "{j}");
        let stem = j.trim_end_matches(".json");
        assert!(
            htmls.iter().any(|h| h.trim_end_matches(".html") == stem),
            "no html for {j}"
        );
        seen_paths.push(v["item"]["path"].as_str().unwrap().to_string());
    }
    seen_paths.sort();
    let mut from_stdout: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["item"]["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    from_stdout.sort();
    assert_eq!(seen_paths, from_stdout);
    let a = seen_paths
        .iter()
        .filter(|p| p.ends_with("名单.csv"))
        .count();
    assert_eq!(a, 3, "{seen_paths:?}");
    // summary.json points at existing reports; summary/index files were not overwritten by items
    let sum: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert!(sum.get("summary").is_some(), "{sum}");
    let items = sum["items"].as_array().expect("summary items");
    assert_eq!(items.len(), n_items);
    for it in items {
        let rep = it["report"].as_str().unwrap();
        assert!(out.join(rep).is_file(), "summary points at missing {rep}");
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<html") || index.contains("<!DOCTYPE") || index.contains("<!doctype"));
    // the blocked roster's full ids are not in any written file
    assert_no_echo(&read_tree(&out), &resident_ids(3));
}

// =============================================================================================
// 5. jsonl

#[test]
fn jsonl_is_one_report_per_line() {
    let d = tmp();
    write(d.path(), "in/通知.txt", CLEAN_NOTICE);
    write(d.path(), "in/密件.txt", "秘密★1年\n关于某事的报告\n");
    write(
        d.path(),
        "in/名单.csv",
        roster_csv(12, |i| i.to_string(), |m| m.to_string()),
    );
    write(
        d.path(),
        "in/联系表.csv",
        roster_csv(4, mask_id, |m| m.to_string()),
    );
    write(
        d.path(),
        "in/页面.html",
        "<html><body><p>正文</p><!-- 内部讨论意见：暂缓 --></body></html>",
    );
    let r = run_in(d.path(), &["scan", "--format", "jsonl", "in"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.ends_with('\n'));
    let lines: Vec<&str> = r.stdout.split_terminator('\n').collect();
    assert_eq!(lines.len(), 5, "{}", r.stdout);
    let mut worst = 0;
    for l in lines {
        assert!(!l.trim().is_empty());
        let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"));
        assert!(v.is_object());
        assert_eq!(v["schema"], "baomi.report/v1");
        let sha = v["item"]["sha256"].as_str().unwrap();
        assert!(
            sha.len() == 64
                && sha
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
            "{sha}"
        );
        for k in ["path", "format", "bytes"] {
            assert!(!v["item"][k].is_null(), "item.{k}");
        }
        assert!(v["not_examined"].is_array());
        assert!(v["policy"]["name"].is_string());
        let max = findings(&v)
            .iter()
            .map(|f| {
                let fp = f["fingerprint"].as_str().unwrap_or("");
                assert!(!fp.is_empty(), "fingerprint missing: {f}");
                assert!(f["location"].is_object(), "location missing: {f}");
                for k in ["rule", "category", "kind", "action", "message"] {
                    assert!(f[k].is_string(), "{k} missing: {f}");
                }
                action_rank(f["action"].as_str().unwrap())
            })
            .max()
            .unwrap_or(0);
        assert_eq!(action_rank(verdict(&v)), max, "{}", brief(&v));
        worst = worst.max(max);
    }
    assert_eq!(worst, 2);
    // fingerprints are stable across runs
    let r2 = run_in(d.path(), &["scan", "--format", "jsonl", "in"]);
    let fps = |s: &str| -> Vec<String> {
        s.lines()
            .flat_map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                findings(&v)
                    .iter()
                    .map(|f| f["fingerprint"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (mut f1, mut f2) = (fps(&r.stdout), fps(&r2.stdout));
    f1.sort();
    f2.sort();
    assert_eq!(f1, f2);
}

// =============================================================================================
// 6. manifest, flags, configuration errors

#[test]
fn manifest_assigns_responsibility() {
    let d = tmp();
    write(d.path(), "drafts/通知.txt", CLEAN_NOTICE);
    write(
        d.path(),
        "drafts/名单/公示.csv",
        roster_csv(3, mask_id, mask_mobile),
    );
    write(d.path(), "drafts/其他.md", "# 简报\n\n本期简报内容。\n");
    write(
        d.path(),
        "manifest.csv",
        "path,unit,drafter,reviewer,batch\ndrafts/通知.txt,办公室,王五,赵六,2026-03\ndrafts/名单/*.csv,住房保障处,李四,,\n",
    );
    let (r, v) = scan_json(d.path(), &["--manifest", "manifest.csv", "drafts"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let n = report(&v, "通知.txt");
    assert_eq!(n["responsibility"]["source"], "manifest");
    assert_eq!(n["responsibility"]["unit"], "办公室");
    assert_eq!(n["responsibility"]["drafter"], "王五");
    assert_eq!(n["responsibility"]["reviewer"], "赵六");
    assert_eq!(verdict(n), "pass", "{}", brief(n));
    let g = report(&v, "公示.csv");
    assert_eq!(g["responsibility"]["source"], "manifest", "glob row");
    assert_eq!(g["responsibility"]["unit"], "住房保障处");
    assert_eq!(verdict(g), "pass", "{}", brief(g));
    let o = report(&v, "其他.md");
    assert_eq!(o["responsibility"]["source"], "none");
    assert!(o["responsibility"]["unit"].is_null() && o["responsibility"]["drafter"].is_null());
    let u = findings_of(o, "responsibility", "unassigned");
    assert_eq!(u.len(), 1, "{}", brief(o));
    assert_eq!(u[0]["action"], "review");
    assert_eq!(verdict(o), "review");

    // the manifest is relative to its own folder, not to the working directory
    let (r2, v2) = scan_json(
        &d.path().join("drafts"),
        &["--manifest", "../manifest.csv", "."],
    );
    assert_eq!(r2.code, 1, "{}", r2.stderr);
    assert_eq!(
        report(&v2, "通知.txt")["responsibility"]["source"],
        "manifest"
    );
    assert_eq!(
        report(&v2, "公示.csv")["responsibility"]["source"],
        "manifest"
    );

    // --unit/--drafter cover what the manifest does not name
    let (r3, v3) = scan_json(
        d.path(),
        &[
            "--manifest",
            "manifest.csv",
            "--unit",
            "综合处",
            "--drafter",
            "钱七",
            "drafts",
        ],
    );
    assert_eq!(r3.code, 0, "{}", r3.stdout);
    let o = report(&v3, "其他.md");
    assert_eq!(o["responsibility"]["source"], "cli");
    assert_eq!(o["responsibility"]["unit"], "综合处");
    assert_eq!(o["responsibility"]["drafter"], "钱七");
    assert_eq!(
        report(&v3, "通知.txt")["responsibility"]["source"],
        "manifest"
    );

    // only --unit
    let (_, v4) = scan_json(d.path(), &["--unit", "综合处", "drafts/其他.md"]);
    let o = only_report(&v4);
    assert_eq!(o["responsibility"]["source"], "cli");
    assert!(!has(o, "responsibility", "unassigned"));
}

fn assert_usage_error(r: &Run, mentions: &[&str], what: &str) {
    assert_eq!(
        r.code, 3,
        "{what}: exit {} stdout={} stderr={}",
        r.code, r.stdout, r.stderr
    );
    assert!(
        r.stdout.trim().is_empty(),
        "{what}: stdout not empty: {}",
        r.stdout
    );
    for m in mentions {
        assert!(
            r.stderr.contains(m),
            "{what}: stderr does not mention {m:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn configuration_errors_exit_3() {
    let d = tmp();
    write(d.path(), "in/通知.txt", CLEAN_NOTICE);
    write(
        d.path(),
        "bad_manifest.csv",
        "file,who,what\nin/通知.txt,办公室,王五\n",
    );
    write(
        d.path(),
        "bad_policy.toml",
        "name = \"portal\"\nversion = \"1\"\n[actions]\n\"sensitive_term\" = \"review\"\n\"personal_info\" = = \"block\"\n",
    );
    write(
        d.path(),
        "bad_dict.toml",
        "format = \"baomi.dict/v1\"\nname = \"x\"\n[[term]]\nterm = \n",
    );
    let cases: Vec<(&str, Vec<&str>, Vec<&str>)> = vec![
        (
            "bad manifest header",
            vec!["scan", "--manifest", "bad_manifest.csv", "in"],
            vec!["bad_manifest.csv"],
        ),
        (
            "missing manifest",
            vec!["scan", "--manifest", "nope.csv", "in"],
            vec!["nope.csv"],
        ),
        (
            "invalid policy",
            vec!["scan", "--policy", "bad_policy.toml", "in"],
            vec!["bad_policy.toml", "5"],
        ),
        (
            "missing policy",
            vec!["scan", "--policy", "nope.toml", "in"],
            vec!["nope.toml"],
        ),
        (
            "invalid dictionary",
            vec!["scan", "--dict", "bad_dict.toml", "in"],
            vec!["bad_dict.toml"],
        ),
        (
            "missing dictionary",
            vec!["scan", "--dict", "nope.txt", "in"],
            vec!["nope.txt"],
        ),
        ("missing PATH argument", vec!["scan"], vec![]),
        (
            "nonexistent PATH",
            vec!["scan", "no_such_folder"],
            vec!["no_such_folder"],
        ),
        (
            "one of several PATHs missing",
            vec!["scan", "in", "no_such_file.txt"],
            vec!["no_such_file.txt"],
        ),
        (
            "unknown flag",
            vec!["scan", "--frobnicate", "in"],
            vec!["--frobnicate"],
        ),
        (
            "bad format value",
            vec!["scan", "--format", "xml", "in"],
            vec![],
        ),
        ("bad lang", vec!["scan", "--lang", "fr", "in"], vec![]),
        ("jobs 0", vec!["scan", "-j", "0", "in"], vec![]),
        ("unknown subcommand", vec!["frob"], vec![]),
        ("no subcommand", vec![], vec![]),
    ];
    let mut failures = Vec::new();
    for (what, args, mentions) in &cases {
        let r = run_in(d.path(), args);
        let ok = r.code == 3
            && r.stdout.trim().is_empty()
            && mentions.iter().all(|m| r.stderr.contains(m));
        if !ok {
            failures.push(format!(
                "{what}: exit {} stdout={:?} stderr={:?}",
                r.code, r.stdout, r.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // the policy error names the line (line 5 holds the syntax error)
    let r = run_in(d.path(), &["scan", "--policy", "bad_policy.toml", "in"]);
    assert_usage_error(&r, &["bad_policy.toml"], "policy line");
    assert!(
        r.stderr.contains("line 5")
            || r.stderr.contains(":5")
            || r.stderr.contains("第5行")
            || r.stderr.contains("第 5 行"),
        "policy error does not name line 5: {}",
        r.stderr
    );
}

#[test]
fn custom_word_list_dictionary() {
    let d = tmp();
    write(d.path(), "words.txt", "# 本单位敏感词\n雪豹行动\n\n");
    write(
        d.path(),
        "简报.txt",
        "城建工作简报\n本月配合开展雪豹行动专项检查三次。\n",
    );
    let (r, v) = scan_json(d.path(), &with_unit(&["--dict", "words.txt", "简报.txt"]));
    let rep = only_report(&v);
    let f = findings_of(rep, "sensitive_term", "custom");
    assert_eq!(f.len(), 1, "{}", brief(rep));
    assert_eq!(f[0]["action"], "review");
    assert_eq!(f[0]["location"]["line"], 2);
    assert_eq!(verdict(rep), "review");
    assert_eq!(r.code, 1);
    // evasion inside the custom term
    write(
        d.path(),
        "简报2.txt",
        "城建工作简报\n本月配合开展雪\u{200B}豹 行動专项检查。\n",
    );
    let (_, v) = scan_json(d.path(), &with_unit(&["--dict", "words.txt", "简报2.txt"]));
    assert!(
        has(only_report(&v), "sensitive_term", "custom"),
        "{}",
        brief(only_report(&v))
    );
    // without --dict the term is nothing
    let (r, _) = scan_json(d.path(), &with_unit(&["简报.txt"]));
    assert_eq!(r.code, 0);
}

// =============================================================================================
// 7. policy allow-list

#[test]
fn policy_allow_list_exempts_identifier() {
    let d = tmp();
    let h = run_in(d.path(), &["hash", "13800138000"]);
    assert_eq!(h.code, 0, "{}", h.stderr);
    let hash = h.stdout.trim().to_string();
    assert!(
        hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{hash}"
    );
    // canonical: separators and full-width digits give the same hash
    assert!(h.stderr.contains("手机号码"), "{}", h.stderr);
    for variant in [
        "138-0013-8000",
        "138 0013 8000",
        "+86 138 0013 8000",
        &fullwidth("13800138000"),
    ] {
        let h2 = run_in(d.path(), &["hash", variant]);
        assert_eq!(h2.stdout.trim(), hash, "hash of {variant}");
    }
    // one entry is one identifier
    let two = run_in(d.path(), &["hash", "13800138000，13912345678"]);
    assert_ne!(two.code, 0);
    assert!(two.stdout.trim().is_empty(), "{}", two.stdout);
    let portal =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/portal.toml"))
            .unwrap();
    let policy = format!(
        "{portal}\n[[allow.identifiers]]\nsha256 = \"{hash}\"\nreason = \"单位公开服务电话\"\n"
    );
    write(d.path(), "my-policy.toml", policy);
    write(
        d.path(),
        "通知.txt",
        "关于开展住房公积金政策宣传的通知\n咨询电话：13800138000，个人联系人手机：13912345678。\n",
    );
    let (r, v) = scan_json(
        d.path(),
        &with_unit(&["--policy", "my-policy.toml", "通知.txt"]),
    );
    let rep = only_report(&v);
    let mobs = findings_of(rep, "personal_info", "cn_mobile");
    assert_eq!(mobs.len(), 2, "{}", brief(rep));
    let exempt: Vec<_> = mobs
        .iter()
        .filter(|f| f["exempt_reason"] == "单位公开服务电话")
        .collect();
    assert_eq!(exempt.len(), 1, "{mobs:#?}");
    assert_eq!(exempt[0]["action"], "info");
    let other: Vec<_> = mobs
        .iter()
        .filter(|f| f["exempt_reason"].is_null())
        .collect();
    assert_eq!(other.len(), 1);
    assert_eq!(other[0]["action"], "review");
    assert_eq!(verdict(rep), "review");
    assert_eq!(r.code, 1);
    // only the exempt number: pass
    write(
        d.path(),
        "通知2.txt",
        "关于开展住房公积金政策宣传的通知\n咨询电话：138-0013-8000。\n",
    );
    let (r, v) = scan_json(
        d.path(),
        &with_unit(&["--policy", "my-policy.toml", "通知2.txt"]),
    );
    let rep = only_report(&v);
    assert_eq!(verdict(rep), "pass", "{}", brief(rep));
    assert_eq!(r.code, 0);
    // without the policy the same number is reviewed
    let (r, _) = scan_json(d.path(), &with_unit(&["通知2.txt"]));
    assert_eq!(r.code, 1);
}

// =============================================================================================
// 8. bad input never stops the run

fn xlsx_bytes(build: impl FnOnce(&mut rust_xlsxwriter::Workbook)) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    build(&mut wb);
    wb.save_to_buffer().expect("xlsx")
}

/// Scan `dir` (which holds good.txt plus bad items) and check every item got a report and the run
/// ended with the code of the worst verdict.
fn scan_with_good(dir: &Path, what: &str) -> (Run, Value) {
    let (r, v) = scan_json(dir, &with_unit(&["."]));
    let good = report(&v, "good.txt");
    assert_eq!(verdict(good), "pass", "{what}: good file: {}", brief(good));
    let worst = reports(&v)
        .iter()
        .map(|r| action_rank(verdict(r)))
        .max()
        .unwrap();
    assert_eq!(r.code, worst as i32, "{what}: exit code vs worst verdict");
    assert!(r.code <= 2, "{what}: {}", r.stderr);
    (r, v)
}

#[test]
fn bad_inputs_do_not_stop_the_run() {
    let truncated_xlsx = {
        let full = xlsx_bytes(|wb| {
            let ws = wb.add_worksheet();
            for i in 0..200u32 {
                ws.write_string(i, 0, format!("第{i}行数据内容")).unwrap();
            }
        });
        full[..full.len() / 2].to_vec()
    };
    let mut binary = b"\x00\x01\x02\x03ELF\x00\x00".to_vec();
    binary.extend(pseudo_random(4096, 3));
    // (name, bytes, allowed verdicts, expected unreadable kinds (any of), description)
    let cases: Vec<BadCase> = vec![
        (
            "bad_utf8.txt",
            [
                b"\xff\xfe\xfa\x80\x81abc\xc3\x28\xe2\x82\n\xa0\xa1\xb0\xa1\xf8\xf9\n".as_slice(),
                "关于某事的通知\n".as_bytes(),
            ]
            .concat(),
            &["pass", "review"],
            &[],
        ),
        ("empty.txt", vec![], &["pass", "review"], &[]),
        ("nul.txt", vec![0u8; 4096], &["review"], &["corrupt"]),
        (
            "binary.txt",
            binary,
            &["review"],
            &["unsupported_format", "corrupt"],
        ),
        (
            "random.pdf",
            pseudo_random(8192, 11),
            &["review"],
            &["unsupported_format", "corrupt"],
        ),
        ("truncated.xlsx", truncated_xlsx, &["review"], &["corrupt"]),
    ];
    let mut failures = Vec::new();
    for (name, bytes, verdicts, kinds) in &cases {
        let d = tmp();
        write(d.path(), "good.txt", CLEAN_NOTICE);
        write(d.path(), name, bytes);
        let (_, v) = scan_with_good(d.path(), name);
        assert_eq!(reports(&v).len(), 2, "{name}: {:?}", paths(&v));
        let rep = report(&v, name);
        if !verdicts.contains(&verdict(rep)) {
            failures.push(format!(
                "{name}: verdict {} not in {verdicts:?}: {}",
                verdict(rep),
                brief(rep)
            ));
        }
        if !kinds.is_empty() && !kinds.iter().any(|k| has(rep, "unreadable", k)) {
            failures.push(format!(
                "{name}: expected unreadable {kinds:?}: {}",
                brief(rep)
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn invalid_gbk_bytes_do_not_hide_a_marking() {
    // a GBK document of ordinary length with a few invalid bytes in the body is still read as
    // text and its marking found (a short file with a high share of bad bytes may be treated as
    // binary: that is `review`, still fail closed)
    let d = tmp();
    let mut bytes = gbk("秘密★1年\n关于某项工作的情况报告\n");
    for _ in 0..20 {
        bytes.extend(gbk(
            "现将有关情况报告如下。今年以来，各有关单位认真贯彻落实工作部署，取得了阶段性成效。\n",
        ));
    }
    bytes.extend_from_slice(b"\x81\x20\xff\xfe\n");
    bytes.extend(gbk("特此报告。\n"));
    write(d.path(), "good.txt", CLEAN_NOTICE);
    write(d.path(), "gbk_bad.txt", &bytes);
    let (_, v) = scan_with_good(d.path(), "gbk_bad.txt");
    let rep = report(&v, "gbk_bad.txt");
    assert_eq!(verdict(rep), "block", "{}", brief(rep));
}

#[test]
fn fifty_megabyte_single_line_completes() {
    let d = tmp();
    write(d.path(), "good.txt", CLEAN_NOTICE);
    {
        use std::io::Write;
        let f = std::fs::File::create(d.path().join("big.txt")).unwrap();
        let mut w = std::io::BufWriter::new(f);
        let chunk = "数据".repeat(64) + "abcdefgh 12345 ";
        let mut written = 0usize;
        while written < 50 * 1024 * 1024 {
            w.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len();
        }
        w.flush().unwrap();
    }
    let t = Instant::now();
    let (_, v) = scan_with_good(d.path(), "big.txt");
    let el = t.elapsed();
    assert!(
        el < Duration::from_secs(60),
        "50 MB single line took {el:?}"
    );
    let rep = report(&v, "big.txt");
    assert!(rep["item"]["bytes"].as_u64().unwrap() >= 50 * 1024 * 1024);
    assert!(["pass", "review"].contains(&verdict(rep)), "{}", brief(rep));
}

#[test]
fn unreadable_file_gets_a_report() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    write(d.path(), "good.txt", CLEAN_NOTICE);
    let p = write(d.path(), "locked.txt", "秘密★1年\n正文\n");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (_, v) = scan_with_good(d.path(), "locked.txt");
    let rep = report(&v, "locked.txt");
    if std::fs::read(&p).is_ok() {
        // running as root: permissions do not block reading, so the file is simply scanned
        // (the unreadable path cannot be exercised here).
        assert_eq!(verdict(rep), "block", "{}", brief(rep));
    } else {
        assert_eq!(verdict(rep), "review", "{}", brief(rep));
        assert!(
            findings_of(rep, "unreadable", "corrupt").len()
                + findings_of(rep, "unreadable", "unsupported_format").len()
                >= 1
        );
    }
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn symlink_loop_in_folder_finishes() {
    let d = tmp();
    write(d.path(), "good.txt", CLEAN_NOTICE);
    std::fs::create_dir_all(d.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("..", d.path().join("sub/up")).unwrap();
    std::os::unix::fs::symlink("loop", d.path().join("loop")).unwrap();
    std::os::unix::fs::symlink("sub/../loop2", d.path().join("loop2")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", d.path().join("outside.txt")).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = d.path().to_path_buf();
    std::thread::spawn(move || {
        let r = scan_json(&dir, &with_unit(&["."]));
        let _ = tx.send(r);
    });
    let (r, v) = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("scan with symlink loop did not finish");
    assert_eq!(r.code, 0, "{}", r.stderr);
    // symlinks inside folders are not followed
    assert_eq!(paths(&v).len(), 1, "{:?}", paths(&v));
    report(&v, "good.txt");
}

// =============================================================================================
// 9. cross-item reconstruction

#[test]
fn cross_item_reconstruction_flags_both_items() {
    let d = tmp();
    let id = resident_id("330106", "19900101", 123);
    write(
        d.path(),
        "in/公示一.csv",
        format!(
            "序号,姓名,身份证号\n1,张伟,{}\n2,王芳,{}\n",
            mask_id(&id),
            mask_id(&resident_ids(2)[1])
        ),
    );
    write(
        d.path(),
        "in/公示二.csv",
        format!("序号,姓名,身份证号\n1,张伟,{}****\n", &id[..14]),
    );
    let (r, v) = scan_json(d.path(), &with_unit(&["in"]));
    for f in ["公示一.csv", "公示二.csv"] {
        let rep = report(&v, f);
        let x = findings_of(rep, "aggregation", "cross_item_reconstruction");
        assert!(!x.is_empty(), "{f}: {}", brief(rep));
        assert_eq!(x[0]["action"], "review");
        assert_ne!(verdict(rep), "pass");
    }
    assert_eq!(r.code, 1);
    assert_no_echo_everywhere(d.path(), &with_unit(&["in"]), std::slice::from_ref(&id));
    // each file alone: no cross-item finding
    let (_, v) = scan_json(d.path(), &with_unit(&["in/公示一.csv"]));
    assert!(!has(
        only_report(&v),
        "aggregation",
        "cross_item_reconstruction"
    ));
    assert_eq!(verdict(only_report(&v)), "pass");
}

#[test]
fn cross_item_disjoint_masks_of_one_list_flag_both_items() {
    let d = tmp();
    let ids = resident_ids(3);
    let names = ["张伟", "王芳", "李娜"];
    // the same list published twice: 6+****+4 in one, only the birth date in the other
    let mut a = String::from("序号,姓名,身份证号\n");
    let mut b = String::from("序号,姓名,出生日期码\n");
    for (k, (n, id)) in names.iter().zip(&ids).enumerate() {
        a.push_str(&format!("{},{n},{}\n", k + 1, mask_id(id)));
        b.push_str(&format!("{},{n},******{}****\n", k + 1, &id[6..14]));
    }
    write(d.path(), "in/名单一.csv", a);
    write(d.path(), "in/名单二.csv", b);
    let (_, v) = scan_json(d.path(), &with_unit(&["in"]));
    for f in ["名单一.csv", "名单二.csv"] {
        let rep = report(&v, f);
        let x = findings_of(rep, "aggregation", "cross_item_reconstruction");
        assert!(!x.is_empty(), "{f}: {}", brief(rep));
    }
    assert_no_echo_everywhere(d.path(), &with_unit(&["in"]), &ids);
}

// =============================================================================================
// 10. xlsx

#[test]
fn xlsx_hidden_sheet_with_full_ids_blocks() {
    let d = tmp();
    let ids = resident_ids(3);
    let bytes = xlsx_bytes(|wb| {
        let ws = wb.add_worksheet().set_name("公示名单").unwrap();
        ws.write_string(0, 0, "姓名").unwrap();
        ws.write_string(0, 1, "身份证号").unwrap();
        for (i, id) in ids.iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, NAMES[i]).unwrap();
            ws.write_string(i as u32 + 1, 1, mask_id(id)).unwrap();
        }
        let hs = wb.add_worksheet().set_name("原始数据").unwrap();
        hs.write_string(0, 0, "姓名").unwrap();
        hs.write_string(0, 1, "身份证号").unwrap();
        for (i, id) in ids.iter().enumerate() {
            hs.write_string(i as u32 + 1, 0, NAMES[i]).unwrap();
            hs.write_string(i as u32 + 1, 1, id).unwrap();
        }
        hs.set_hidden(true);
    });
    write(d.path(), "名单.xlsx", bytes);
    let (r, rep) = scan_one(d.path(), "名单.xlsx");
    assert_eq!(rep["item"]["format"], "xlsx");
    assert_eq!(verdict(&rep), "block", "{}", brief(&rep));
    assert_eq!(r.code, 2);
    let h = findings_of(&rep, "hidden_content", "hidden_sheet");
    assert!(!h.is_empty(), "{}", brief(&rep));
    assert_eq!(h[0]["location"]["sheet"], "原始数据");
    let full: Vec<_> = findings_of(&rep, "personal_info", "cn_resident_id")
        .into_iter()
        .filter(|f| f["action"] == "block")
        .collect();
    assert_eq!(full.len(), 3, "{}", brief(&rep));
    for f in &full {
        assert_eq!(f["location"]["sheet"], "原始数据", "{f}");
        assert_eq!(f["layer"], "hidden", "{f}");
        assert!(
            f["location"]["cell"]
                .as_str()
                .unwrap_or("")
                .starts_with('B'),
            "{f}"
        );
    }
    assert_no_echo_everywhere(d.path(), &with_unit(&["名单.xlsx"]), &ids);
}

#[test]
fn xlsx_numeric_mobiles_aggregate() {
    let d = tmp();
    let mobs = mobiles(13);
    let bytes = xlsx_bytes(|wb| {
        let ws = wb.add_worksheet().set_name("联系表").unwrap();
        ws.write_string(0, 0, "姓名").unwrap();
        ws.write_string(0, 1, "手机").unwrap();
        for (i, m) in mobs.iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, NAMES[i]).unwrap();
            ws.write_number(i as u32 + 1, 1, m.parse::<f64>().unwrap())
                .unwrap();
        }
    });
    write(d.path(), "联系表.xlsx", bytes);
    let (r, rep) = scan_one(d.path(), "联系表.xlsx");
    assert_eq!(verdict(&rep), "block", "{}", brief(&rep));
    assert_eq!(r.code, 2);
    assert!(
        has(&rep, "aggregation", "personal_records"),
        "{}",
        brief(&rep)
    );
    let f = findings_of(&rep, "personal_info", "cn_mobile");
    assert_eq!(f.len(), 13, "{}", brief(&rep));
    let mut cells: Vec<String> = f
        .iter()
        .map(|f| {
            assert_eq!(f["location"]["sheet"], "联系表", "{f}");
            f["location"]["cell"].as_str().unwrap_or("").to_string()
        })
        .collect();
    cells.sort();
    assert!(
        cells.contains(&"B2".to_string()) && cells.contains(&"B14".to_string()),
        "{cells:?}"
    );
    assert_no_echo_everywhere(d.path(), &with_unit(&["联系表.xlsx"]), &mobs);
}

/// A pivot cache keeps the rows of its source sheet after the sheet is deleted: the published
/// summary shows totals, the file still holds every name and ID.
#[test]
fn xlsx_pivot_cache_of_deleted_sheet_blocks() {
    let d = tmp();
    let ids = resident_ids(3);
    let base = xlsx_bytes(|wb| {
        let ws = wb.add_worksheet().set_name("汇总").unwrap();
        ws.write_string(0, 0, "补贴发放汇总").unwrap();
        ws.write_string(1, 0, "合计").unwrap();
        ws.write_number(1, 1, 3600.0).unwrap();
    });
    let mut items = String::new();
    let mut recs = String::new();
    for (i, id) in ids.iter().enumerate() {
        items.push_str(&format!("<s v=\"{}\"/>", NAMES[i]));
        recs.push_str(&format!(
            "<r><x v=\"{i}\"/><s v=\"{id}\"/><n v=\"1200\"/></r>"
        ));
    }
    let def = format!(
        r#"<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"><cacheFields count="3"><cacheField name="姓名"><sharedItems>{items}</sharedItems></cacheField><cacheField name="身份证号"><sharedItems/></cacheField><cacheField name="金额"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>"#
    );
    let records = format!(
        r#"<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{recs}</pivotCacheRecords>"#
    );
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>"#;
    let bytes = repack(
        &base,
        |_, v| v,
        &[
            ("xl/pivotCache/pivotCacheDefinition1.xml", def.as_bytes()),
            (
                "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
                rels.as_bytes(),
            ),
            ("xl/pivotCache/pivotCacheRecords1.xml", records.as_bytes()),
        ],
    );
    write(d.path(), "汇总.xlsx", bytes);
    let (r, rep) = scan_one(d.path(), "汇总.xlsx");
    assert_eq!(verdict(&rep), "block", "{}", brief(&rep));
    assert_eq!(r.code, 2);
    let h = findings_of(&rep, "hidden_content", "pivot_cache");
    assert_eq!(h.len(), 1, "one finding per cache part: {}", brief(&rep));
    assert_eq!(
        h[0]["location"]["part"], "xl/pivotCache/pivotCacheRecords1.xml",
        "{}",
        h[0]
    );
    let full = findings_of(&rep, "personal_info", "cn_resident_id");
    assert_eq!(full.len(), 3, "{}", brief(&rep));
    for f in &full {
        assert_eq!(f["layer"], "hidden", "{f}");
        assert_eq!(f["location"]["field"], "身份证号", "{f}");
        assert!(f["location"]["row"].as_u64().is_some(), "{f}");
    }
    assert_no_echo_everywhere(d.path(), &with_unit(&["汇总.xlsx"]), &ids);
}

/// An identifier in a file name is found (file_name layer) and never repeated: not in
/// `item.path`, the text summary, the HTML, stderr or the `--out` file names. Ordinary numbers
/// in names (dates, 文号) stay as they are.
#[test]
fn identifier_in_file_name_is_not_echoed() {
    let d = tmp();
    let ids = resident_ids(1);
    let m = mobiles(1);
    let name = format!("张三_{}_{}.txt", ids[0], m[0]);
    write(d.path(), &name, CLEAN_NOTICE);
    write(d.path(), "20261126_关于2026年第3号通知.txt", CLEAN_NOTICE);
    let (_, v) = scan_json(d.path(), &with_unit(&["."]));
    let r = report(&v, "号通知.txt");
    assert_eq!(
        r["item"]["path"], "./20261126_关于2026年第3号通知.txt",
        "{}",
        r["item"]
    );
    let r = reports(&v)
        .iter()
        .find(|r| r["item"]["path"].as_str().unwrap().contains("张三_"))
        .expect("report of the named file");
    assert_eq!(verdict(r), "block", "{}", brief(r));
    let p = r["item"]["path"].as_str().unwrap();
    // no hash of the real path either (the masked path leaves few enough guesses to try
    // them all); the report is matched to its file by the content's sha256
    assert!(r["item"].get("path_sha256").is_none(), "{}", r["item"]);
    assert_eq!(
        r["item"]["sha256"].as_str(),
        Some(baomi::sha256_hex(CLEAN_NOTICE.as_bytes()).as_str())
    );
    assert!(
        p.starts_with("./张三_") && p.contains("********") && p.ends_with(".txt"),
        "{p}"
    );
    assert_no_echo_everywhere(
        d.path(),
        &with_unit(&["."]),
        &[ids[0].clone(), m[0].clone()],
    );
}

// =============================================================================================
// 11. language

#[test]
fn text_output_language() {
    let d = tmp();
    write(d.path(), "in/通知.txt", CLEAN_NOTICE);
    write(d.path(), "in/密件.txt", "秘密★1年\n关于某事的报告\n");
    let en = run_in(
        d.path(),
        &["scan", "--no-progress", "--lang", "en", "--unit", "u", "in"],
    );
    assert_eq!(en.code, 2);
    let lower = en.stdout.to_lowercase();
    assert!(lower.contains("pass"), "{}", en.stdout);
    assert!(lower.contains("block"), "{}", en.stdout);
    for zh in ["禁止公开", "通过", "需人工审查", "共审查", "发现", "第1行"] {
        assert!(
            !en.stdout.contains(zh),
            "English output contains {zh}: {}",
            en.stdout
        );
    }
    let zh = run_in(d.path(), &["scan", "--no-progress", "--unit", "u", "in"]);
    assert_eq!(zh.code, 2);
    assert!(zh.stdout.contains("禁止公开"), "{}", zh.stdout);
    assert!(zh.stdout.contains("通过"), "{}", zh.stdout);
    // the English messages of findings in JSON as well
    let (_, v) = scan_json(d.path(), &["--lang", "en", "--unit", "u", "in/密件.txt"]);
    for f in findings(only_report(&v)) {
        let m = f["message"].as_str().unwrap();
        assert!(
            !m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "Chinese message with --lang en: {m}"
        );
    }
}

// =============================================================================================
// extra coverage: masking rules, markings in other places, report formats

#[test]
fn masking_and_marking_table() {
    let id = resident_id("330106", "19900101", 123);
    let id2 = resident_id("440305", "19851230", 456);
    let old15 = format!("{}{}{}", &id[..6], &id[8..14], &id[14..17]);
    // (file, content, category, kind, masked, verdict)
    let cases: Vec<DetectCase> = vec![
        (
            "id_fwstar.txt",
            format!("名单\n{}＊＊＊＊＊＊＊＊{}\n", &id[..6], &id[14..]),
            "personal_info",
            "cn_resident_id",
            Some(true),
            "pass",
        ),
        (
            "id_times.txt",
            format!("名单\n{}××××××××{}\n", &id[..6], &id[14..]),
            "personal_info",
            "cn_resident_id",
            Some(true),
            "pass",
        ),
        (
            "id_2_3.txt",
            format!("名单\n{}*************{}\n", &id2[..2], &id2[15..]),
            "personal_info",
            "cn_resident_id",
            Some(true),
            "pass",
        ),
        (
            "id_day_visible.txt",
            format!("名单\n{}******{}\n", &id[..6], &id[12..]),
            "personal_info",
            "cn_resident_id",
            Some(false),
            "review",
        ),
        (
            "id_lower_x.txt",
            format!(
                "名单\n证件号：{}\n",
                resident_id("330106", "19900101", 123).to_lowercase()
            ),
            "personal_info",
            "cn_resident_id",
            None,
            "block",
        ),
        (
            "id_old15.txt",
            format!("名单\n证件号：{old15}\n"),
            "personal_info",
            "cn_resident_id",
            None,
            "block",
        ),
        (
            "mobile_insufficient.txt",
            "联系人\n电话：1380013****\n".into(),
            "personal_info",
            "cn_mobile",
            Some(false),
            "review",
        ),
        (
            "mobile_plus86.txt",
            "联系人\n电话：+86 139 1234 5678\n".into(),
            "personal_info",
            "cn_mobile",
            None,
            "review",
        ),
        (
            "card_masked.txt",
            "收款\n卡号：6222 **** **** 1234\n".into(),
            "personal_info",
            "bank_card",
            Some(true),
            "pass",
        ),
        (
            "mid_marking.txt",
            "关于某事的报告\n正文第一段。\n本件密级：秘密★1年\n".into(),
            "classification_marking",
            "state_secret",
            None,
            "block",
        ),
        (
            "（机密）关于某事的报告.txt",
            "正文。\n".into(),
            "classification_marking",
            "state_secret",
            None,
            "block",
        ),
        (
            "title.html",
            "<html><head><title>机密★5年 关于某事</title></head><body><p>正文</p></body></html>"
                .into(),
            "classification_marking",
            "state_secret",
            None,
            "block",
        ),
        (
            "midian.txt",
            "浙政密电〔2026〕3号\n关于某事的通知\n".into(),
            "classification_marking",
            "state_secret",
            None,
            "block",
        ),
        (
            "not_public.txt",
            "公开属性：不予公开\n关于某事的通知\n".into(),
            "classification_marking",
            "not_public",
            None,
            "block",
        ),
        (
            "songshen.txt",
            "某某管理办法（送审稿）\n第一条 为了规范管理，制定本办法。\n".into(),
            "sensitive_term",
            "process_info",
            None,
            "review",
        ),
        (
            "html_comment.html",
            "<html><body><p>正文</p><!-- 内部讨论意见：暂缓公开 --></body></html>".into(),
            "hidden_content",
            "html_comment",
            None,
            "review",
        ),
        (
            "html_hidden_attr.html",
            "<html><body><p>正文</p><div hidden>未公开的内部讨论名单</div></body></html>".into(),
            "hidden_content",
            "html_hidden",
            None,
            "review",
        ),
    ];
    let mut failures = Vec::new();
    for (file, content, cat, kind, masked, want) in &cases {
        let d = tmp();
        write(d.path(), file, content);
        let (r, rep) = scan_one(d.path(), file);
        let f = findings_of(&rep, cat, kind);
        let masked_ok = f.iter().any(|f| match masked {
            Some(m) => f["masked"] == *m,
            None => f.get("masked").is_none_or(|m| m.is_null()),
        });
        if f.is_empty()
            || !masked_ok
            || verdict(&rep) != *want
            || r.code != action_rank(want) as i32
        {
            failures.push(format!(
                "{file}: want {cat}/{kind} masked={masked:?} {want}; got {}",
                brief(&rep)
            ));
        }
    }
    // prose that merely mentions the words passes
    for (file, content) in [
        (
            "prose1.txt",
            "关于加强保密管理的通知\n严防绝密、机密、秘密级国家秘密信息泄露，做好保密审查。\n",
        ),
        (
            "prose2.txt",
            "关于《某某管理办法（征求意见稿）》公开征求意见的通知\n现将征求意见稿全文公布。\n",
        ),
        (
            "prose3.txt",
            "关于印发内部审计工作规定的通知\n各单位要加强内部控制和内部资料管理。\n",
        ),
    ] {
        let d = tmp();
        write(d.path(), file, content);
        let (_, rep) = scan_one(d.path(), file);
        if verdict(&rep) != "pass" {
            failures.push(format!("{file}: prose should pass; got {}", brief(&rep)));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn identifier_in_file_name_is_found_and_not_copied_into_out_names() {
    // the identifier is reported as a finding and never copied into `--out` file names (nor
    // into `item.path`: see identifier_in_file_name_is_not_echoed)
    let d = tmp();
    let id = resident_id("330106", "19900101", 123);
    let name = format!("张伟{id}.txt");
    write(d.path(), &name, "个人申请材料\n");
    let (_, v) = scan_json(d.path(), &with_unit(&["."]));
    let rep = report(&v, ".txt");
    assert!(
        has(rep, "personal_info", "cn_resident_id"),
        "{}",
        brief(rep)
    );
    let out = tmp();
    run_in(
        d.path(),
        &[
            "scan",
            "--unit",
            "u",
            "--out",
            out.path().to_str().unwrap(),
            ".",
        ],
    );
    for e in std::fs::read_dir(out.path()).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !n.contains(&id),
            "--out file name echoes the identifier: {n}"
        );
    }
}

#[test]
fn csv_location_after_multiline_field() {
    let d = tmp();
    let id = resident_id("330106", "19900101", 123);
    write(
        d.path(),
        "名单.csv",
        format!("姓名,备注,身份证号\n张伟,\"第一行\n第二行\n第三行\",{id}\n"),
    );
    let (_, rep) = scan_one(d.path(), "名单.csv");
    let f = findings_of(&rep, "personal_info", "cn_resident_id");
    assert_eq!(f.len(), 1, "{}", brief(&rep));
    let loc = &f[0]["location"];
    // line/column of the original file are right
    assert_eq!(loc["line"], 4, "{loc}");
    assert_eq!(loc["column"], 6, "{loc}");
    // the id is in the third field of record 2 (header = record 1)
    assert_eq!(loc["col"], 3, "{loc}");
    assert_eq!(loc["row"], 2, "{loc}");
}

#[test]
fn html_outputs_escape_item_paths() {
    let d = tmp();
    write(
        d.path(),
        "in/<img src=x onerror=alert(1)>.txt",
        "秘密★1年\n正文\n",
    );
    write(d.path(), "in/a.txt", CLEAN_NOTICE);
    let r = run_in(d.path(), &["scan", "--format", "html", "--unit", "u", "in"]);
    assert_eq!(r.code, 2);
    assert!(
        !r.stdout.contains("<img src=x"),
        "unescaped path in html output"
    );
    let out = tmp();
    run_in(
        d.path(),
        &[
            "scan",
            "--unit",
            "u",
            "--out",
            out.path().to_str().unwrap(),
            "in",
        ],
    );
    for (name, text) in read_tree(out.path()) {
        if name.ends_with(".html") {
            assert!(!text.contains("<img src=x"), "unescaped path in {name}");
        }
    }
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let d = tmp();
    write(d.path(), "in/密件.txt", "秘密★1年\n正文\n");
    write(
        d.path(),
        "in/名单.csv",
        roster_csv(2, |i| i.to_string(), mask_mobile),
    );
    let r = run_in(
        d.path(),
        &["scan", "--format", "sarif", "--unit", "u", "in"],
    );
    assert_eq!(r.code, 2);
    let v = r.json();
    assert_eq!(v["version"], "2.1.0");
    let runs = v["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    assert!(runs[0]["tool"]["driver"]["name"].is_string());
    let results = runs[0]["results"].as_array().expect("results");
    assert!(results.len() >= 3, "{}", r.stdout);
    for res in results {
        assert!(res["ruleId"].is_string(), "{res}");
        assert!(
            ["error", "warning", "note", "none"].contains(&res["level"].as_str().unwrap_or("")),
            "{res}"
        );
    }
}

#[test]
fn item_over_size_limit_is_too_large_review() {
    let d = tmp();
    write(d.path(), "good.txt", CLEAN_NOTICE);
    write(d.path(), "big.txt", "正文内容。".repeat(150_000));
    let (r, v) = scan_json(d.path(), &with_unit(&["--max-item-mb", "1", "."]));
    let rep = report(&v, "big.txt");
    assert!(has(rep, "unreadable", "too_large"), "{}", brief(rep));
    assert_eq!(verdict(rep), "review");
    assert_eq!(verdict(report(&v, "good.txt")), "pass");
    assert_eq!(r.code, 1);
}

/// A UTF-8 state-secret report of ordinary length.
fn secret_report_utf8() -> Vec<u8> {
    let mut s = String::from("秘密★1年\n关于某项工作的情况报告\n");
    for _ in 0..20 {
        s.push_str("现将有关情况报告如下。今年以来，各有关单位认真贯彻落实工作部署。\n");
    }
    s.into_bytes()
}

#[test]
fn utf8_truncated_last_char_keeps_marking() {
    let d = tmp();
    let mut bytes = secret_report_utf8();
    bytes.extend_from_slice(&"报".as_bytes()[..2]); // file cut inside the last character
    write(d.path(), "good.txt", CLEAN_NOTICE);
    write(d.path(), "cut.txt", &bytes);
    let (_, v) = scan_with_good(d.path(), "cut.txt");
    let rep = report(&v, "cut.txt");
    assert_eq!(
        verdict(rep),
        "block",
        "{} encoding={}",
        brief(rep),
        rep["item"]["encoding"]
    );
    assert!(
        has(rep, "classification_marking", "state_secret"),
        "{}",
        brief(rep)
    );
}

#[test]
fn utf8_with_one_stray_byte_keeps_marking() {
    let d = tmp();
    let mut bytes = secret_report_utf8();
    bytes.extend_from_slice(b"\xff\n");
    bytes.extend_from_slice("特此报告。\n".as_bytes());
    write(d.path(), "good.txt", CLEAN_NOTICE);
    write(d.path(), "stray.txt", &bytes);
    let (_, v) = scan_with_good(d.path(), "stray.txt");
    let rep = report(&v, "stray.txt");
    assert_eq!(rep["item"]["format"], "txt", "{}", brief(rep));
    assert_eq!(verdict(rep), "block", "{}", brief(rep));
    assert!(
        has(rep, "classification_marking", "state_secret"),
        "{}",
        brief(rep)
    );
}

#[test]
fn names_and_parser_messages_from_the_file_are_masked() {
    let d = tmp();
    let id = resident_id("110105", "19900307", 123);
    let mobile = "13912345678";
    // archive entry names holding identifiers (also as a folder), a readable entry inside
    let zip = common::zip_of(
        &[
            (&format!("张三_{id}.txt"), "公示内容".as_bytes()),
            (&format!("{mobile}/说明.txt"), "秘密★1年".as_bytes()),
        ],
        true,
    );
    write(d.path(), "in/附件.zip", zip);
    // a parser error that quotes the file: a mismatched end tag named after the ID
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:x{id}></w:document>"#
    );
    let docx = common::zip_of(
        &[
            ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.as_slice()),
            ("word/document.xml", doc.as_bytes()),
        ],
        true,
    );
    write(d.path(), "in/通知.docx", docx);
    let (_, v) = scan_json(d.path(), &with_unit(&["in"]));
    for f in ["附件.zip", "通知.docx"] {
        assert_ne!(
            verdict(report(&v, f)),
            "pass",
            "{f}: {}",
            brief(report(&v, f))
        );
    }
    assert_no_echo_everywhere(
        d.path(),
        &with_unit(&["in"]),
        &[id.clone(), mobile.to_string()],
    );
}

#[test]
fn sensitive_attributes_count_next_to_a_person_only() {
    let d = tmp();
    let ids = resident_ids(2);
    let masked = mask_id(&ids[0]);
    let cases: Vec<(&str, String, &str)> = vec![
        // (file, content, expected action of the sensitive_personal finding)
        (
            "名单一.csv",
            format!("序号,姓名,身份证号,保障类别\n1,王芳,{masked},城市低保\n"),
            "review",
        ),
        (
            "名单二.csv",
            format!("序号,户主姓名,身份证号,保障类别\n1,张*,{masked},城市低保\n"),
            "info",
        ),
        (
            "指南.txt",
            "最低生活保障申请办事指南\n城乡低保政策咨询电话：0571-85251234\n".to_string(),
            "info",
        ),
        (
            "情况.txt",
            "关于困难群众走访情况的报告\n低保户王芳，联系电话13812345678。\n".to_string(),
            "review",
        ),
    ];
    for (f, content, _) in &cases {
        write(d.path(), &format!("in/{f}"), content);
    }
    let (_, v) = scan_json(d.path(), &with_unit(&["in"]));
    for (f, _, want) in &cases {
        let rep = report(&v, f);
        let x = findings_of(rep, "sensitive_term", "sensitive_personal");
        assert!(!x.is_empty(), "{f}: {}", brief(rep));
        assert!(
            x.iter().all(|h| h["action"] == *want),
            "{f}: {}",
            brief(rep)
        );
        if *want == "info" {
            assert_eq!(verdict(rep), "pass", "{f}: {}", brief(rep));
        }
    }
}

#[test]
fn codes_and_amounts_in_their_columns_are_no_identifiers() {
    let d = tmp();
    let permit = resident_id("330108", "20250323", 50);
    let exam: String = (0..12)
        .map(|i| format!("{},1330106{:04},王{},85\n", i + 1, 1000 + i, i))
        .collect();
    write(
        d.path(),
        "in/面试成绩.csv",
        format!("序号,准考证号,姓名,成绩\n{exam}"),
    );
    write(
        d.path(),
        "in/决算表.csv",
        "项目,预算数,调整预算数,决算数\n税收收入,15823456789,15823456789,15823456789\n",
    );
    write(
        d.path(),
        "in/施工许可.csv",
        format!("序号,项目名称,建设单位,施工许可证编号\n1,某某工程,某某公司,{permit}\n"),
    );
    // a phone column and an ID column stay what they are
    let mob = mobiles(1)[0].clone();
    write(
        d.path(),
        "in/通讯录.csv",
        format!("序号,姓名,编号,手机\n1,王芳,{permit},{mob}\n"),
    );
    let (_, v) = scan_json(d.path(), &with_unit(&["in"]));
    for f in ["面试成绩.csv", "决算表.csv", "施工许可.csv"] {
        let rep = report(&v, f);
        assert_eq!(verdict(rep), "pass", "{f}: {}", brief(rep));
    }
    let rep = report(&v, "通讯录.csv");
    assert!(has(rep, "personal_info", "cn_mobile"), "{}", brief(rep));
}

#[test]
fn a_fifo_named_on_the_command_line_is_not_read() {
    let d = tmp();
    let fifo = d.path().join("管道.txt");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("mkfifo not available; skipped");
        return;
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = d.path().to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(scan_json(&dir, &with_unit(&["管道.txt"])));
    });
    let (r, v) = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("scan of a FIFO did not finish");
    // unreadable: review, never pass, and no hang
    assert_eq!(r.code, 1, "{}", r.stderr);
    let rep = only_report(&v);
    assert!(
        has(rep, "unreadable", "unsupported_format"),
        "{}",
        brief(rep)
    );
}

#[test]
fn aligned_table_columns_do_not_join_into_identifiers() {
    let d = tmp();
    let card = bank_card("6228", 16, 7);
    let g: Vec<&str> = (0..4).map(|k| &card[k * 4..k * 4 + 4]).collect();
    let m = mobiles(1)[0].clone();
    write(
        d.path(),
        "in/统计表.txt",
        format!(
            "2025年各区县主要指标统计表\n区县\t指标1\t指标2\t指标3\t指标4\n太湖街道\t{}\t{}\t{}\t{}\n飞英街道  {}  {}  {}  {}\n织里镇   {}   {}  {}\n",
            g[0], g[1], g[2], g[3], g[0], g[1], g[2], g[3], &m[..3], &m[3..7], &m[7..]
        ),
    );
    // written in groups with single spaces, the same digits are still one card / mobile
    write(
        d.path(),
        "in/名单.txt",
        format!("收款人王芳 卡号 {} {} {} {}\n", g[0], g[1], g[2], g[3]),
    );
    let (_, v) = scan_json(d.path(), &with_unit(&["in"]));
    let rep = report(&v, "统计表.txt");
    assert_eq!(verdict(rep), "pass", "{}", brief(rep));
    assert!(has(report(&v, "名单.txt"), "personal_info", "bank_card"));
}

/// A finding's fingerprint is stable for the same content (another run, another name) and
/// cannot be tested against guesses from the report alone: it is not the hash of the report's
/// own `item.sha256`, rule and value (the excerpt leaves a masked mobile 10,000 candidates).
#[test]
fn fingerprints_are_stable_and_not_guessable_from_the_report() {
    let d = tmp();
    let mob = mobiles(1).remove(0);
    let text = format!("联系人：张伟，电话{mob}。\n");
    write(d.path(), "a.txt", &text);
    write(d.path(), "b.txt", &text);
    let (_, a) = scan_one(d.path(), "a.txt");
    let (_, a2) = scan_one(d.path(), "a.txt");
    let (_, b) = scan_one(d.path(), "b.txt");
    let fp = |r: &Value| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!fp(&a).is_empty());
    assert_eq!(fp(&a), fp(&a2));
    assert_eq!(fp(&a), fp(&b));
    let f = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "cn_mobile")
        .expect("mobile finding");
    let sha = a["item"]["sha256"].as_str().unwrap();
    let rule = f["rule"].as_str().unwrap();
    let literal = baomi::sha256_hex(format!("{sha}\0{rule}\0{mob}").as_bytes());
    assert_ne!(f["fingerprint"].as_str().unwrap(), &literal[..32]);
}

/// A level word alone on a line is a marking (CONTRACT §5: "a standalone line"); an item that
/// lists two or more levels on lines of their own (an explainer, a quiz) is describing them,
/// except at its very top, where its own marking is put.
#[test]
fn standalone_level_lines_and_level_lists() {
    let d = tmp();
    let prose = "为增强干部职工保密意识，现就有关事项通知如下，请认真贯彻落实。";
    let cases: Vec<(&str, String, &str)> = vec![
        ("mid body", format!("关于某项工作的报告\n{prose}\n秘密\n{prose}\n"), "block"),
        (
            "top marking, another level further down",
            format!("秘密\n关于某项工作的报告\n{prose}\n机密\n"),
            "block",
        ),
        (
            "explainer listing the levels",
            format!(
                "国家秘密的密级\n{prose}\n绝密\n最重要的国家秘密。\n机密\n重要的国家秘密。\n秘密\n一般的国家秘密。\n"
            ),
            "pass",
        ),
        (
            "answer after a label",
            format!("答题活动正确答案公布\n{prose}\n正确答案：\n秘密\n"),
            "pass",
        ),
    ];
    for (i, (what, text, want)) in cases.iter().enumerate() {
        let name = format!("c{i}.txt");
        write(d.path(), &name, text);
        let (_, r) = scan_one(d.path(), &name);
        assert_eq!(r["verdict"], *want, "{what}: {}", r["findings"]);
    }
}

/// A manifest row naming a file that is not there (a typo) is warned about on stderr, with any
/// identifier in the name masked; the scan goes on and stdout stays the reports only.
#[test]
fn manifest_rows_naming_missing_files_are_warned_about() {
    let d = tmp();
    let id = resident_ids(1).remove(0);
    write(d.path(), "docs/通知.txt", CLEAN_NOTICE);
    write(
        d.path(),
        "m.csv",
        format!("path,unit,drafter\ndocs/通知.txt,办公室,张三\ndocs/名单_{id}.txt,办公室,李四\n"),
    );
    let r = run_in(
        d.path(),
        &[
            "scan",
            "--manifest",
            "m.csv",
            "--format",
            "jsonl",
            "--no-progress",
            "docs",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("第 3 行") && r.stderr.contains("不存在"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(&id), "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1);
}
