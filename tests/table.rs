//! Table semantics through the binary: the header row names the column of each finding (so a
//! column of findings reads as one group), and gives cells the context word their own text
//! lacks (a passport number under 护照号码).

mod common;

use common::*;

fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("名单").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn header_gives_passports_their_context_and_names_the_column() {
    let d = tempfile::tempdir().unwrap();
    let ids = resident_ids(3);
    let rows: Vec<Vec<&str>> = vec![
        vec!["关于2025年度出国（境）培训人员名单的公示"],
        vec!["序号", "姓名", "护照号码", "身份证号码"],
        vec!["1", "张三", "E12345678", &ids[0]],
        vec!["2", "李四", "EA7654321", &ids[1]],
        vec!["3", "王五", "E87654321", &ids[2]],
    ];
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    write(d.path(), "名单.xlsx", xlsx(&rows));
    // the same passports without a header: no context, not passports
    let bare: Vec<Vec<&str>> = vec![
        vec!["编号", "备注"],
        vec!["E12345678", "无"],
        vec!["EA7654321", "无"],
    ];
    let bare: Vec<&[&str]> = bare.iter().map(|r| r.as_slice()).collect();
    write(d.path(), "编号.xlsx", xlsx(&bare));
    let (run, v) = scan_json(d.path(), &["--unit", "外事办", "--drafter", "张三", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);

    let r = report(&v, "名单.xlsx");
    let pp = findings_of(r, "personal_info", "cn_passport");
    assert_eq!(pp.len(), 3, "{}", brief(r));
    for f in &pp {
        let m = f["message"].as_str().unwrap();
        assert!(m.ends_with("（“护照号码”列）"), "{m}");
        assert_eq!(
            f["location"]["cell"].as_str().unwrap().chars().next(),
            Some('C')
        );
    }
    let idf = findings_of(r, "personal_info", "cn_resident_id");
    assert_eq!(idf.len(), 3);
    assert!(idf[0]["message"]
        .as_str()
        .unwrap()
        .ends_with("（“身份证号码”列）"));
    // the header cells themselves are not findings and carry no column label
    assert!(!findings(r)
        .iter()
        .any(|f| f["location"]["cell"] == "C2" || f["location"]["cell"] == "D2"));

    let r = report(&v, "编号.xlsx");
    assert!(
        findings_of(r, "personal_info", "cn_passport").is_empty(),
        "{}",
        brief(r)
    );

    assert_no_echo_everywhere(
        d.path(),
        &["--unit", "外事办", "--drafter", "张三", "."],
        &ids,
    );
}

#[test]
fn csv_findings_name_their_column() {
    let d = tempfile::tempdir().unwrap();
    let ids = resident_ids(2);
    let m = mobiles(2);
    let csv = format!(
        "拟发放名单\n序号,姓名,\"身份证号码\",联系电话\n1,张三,{},{}\n2,李四,{},{}\n",
        ids[0], m[0], ids[1], m[1]
    );
    write(d.path(), "名单.csv", csv);
    let (_, v) = scan_json(d.path(), &["--unit", "办公室", "--drafter", "张三", "."]);
    let r = only_report(&v);
    for f in findings_of(r, "personal_info", "cn_resident_id") {
        let msg = f["message"].as_str().unwrap();
        assert!(msg.ends_with("（“身份证号码”列）"), "{msg}");
        assert_eq!(f["location"]["col"], 3);
    }
    for f in findings_of(r, "personal_info", "cn_mobile") {
        let msg = f["message"].as_str().unwrap();
        assert!(msg.ends_with("（“联系电话”列）"), "{msg}");
    }
    // --lang en names the column too
    let (_, v) = scan_json(
        d.path(),
        &["--lang", "en", "--unit", "办公室", "--drafter", "张三", "."],
    );
    let f = findings_of(only_report(&v), "personal_info", "cn_resident_id")[0].clone();
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .ends_with(" (column “身份证号码”)"),
        "{f}"
    );
}

/// Old 15-digit IDs: the 18-digit ID of `resident_ids` without its century and check digit.
fn id15(id18: &str) -> String {
    format!("{}{}", &id18[..6], &id18[8..17])
}

/// In a csv, every row of a column whose header gives the context (护照号码, 身份证号 for the
/// old 15-digit form) is recognized — not only the first row, which is near the header line.
#[test]
fn csv_header_context_reaches_every_row() {
    let d = tempfile::tempdir().unwrap();
    let ids: Vec<String> = resident_ids(12).iter().map(|i| id15(i)).collect();
    let mut csv = String::from("序号,姓名,身份证号\n");
    for (i, id) in ids.iter().enumerate() {
        csv.push_str(&format!(
            "{},张{},{}\n",
            i + 1,
            ["一", "二", "三", "四"][i % 4],
            id
        ));
    }
    write(d.path(), "名单.csv", &csv);
    let passports = ["E12345678", "EA7654321", "E87654321", "G23456789"];
    let mut p = String::from("序号\t姓名\t护照号码\r\n");
    for (i, n) in passports.iter().enumerate() {
        // one quoted field, one full-width
        let v = match i {
            1 => format!("\"{n}\""),
            3 => n
                .chars()
                .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
                .collect(),
            _ => n.to_string(),
        };
        p.push_str(&format!("{}\t李{}\t{}\r\n", i + 1, i, v));
    }
    write(d.path(), "护照.tsv", &p);
    // near miss: the same numbers under a header that gives no context
    let mut bare = String::from("序号,编号\n");
    for (i, id) in ids.iter().enumerate().take(3) {
        bare.push_str(&format!("{},{}\n", i + 1, id));
    }
    write(d.path(), "编号.csv", &bare);
    let (_, v) = scan_json(d.path(), &["--unit", "办公室", "--drafter", "张三", "."]);
    let r = report(&v, "名单.csv");
    let f = findings_of(r, "personal_info", "cn_resident_id");
    assert_eq!(f.len(), 12, "{r}");
    let mut rows: Vec<u64> = f
        .iter()
        .map(|f| f["location"]["row"].as_u64().unwrap())
        .collect();
    rows.sort_unstable();
    assert_eq!(rows, (2..=13).collect::<Vec<u64>>());
    assert!(f.iter().all(|f| f["location"]["col"] == 3));
    assert!(has(r, "aggregation", "personal_records"), "{r}");
    assert_eq!(verdict(r), "block");
    let r = report(&v, "护照.tsv");
    let f = findings_of(r, "personal_info", "cn_passport");
    assert_eq!(f.len(), 4, "{r}");
    let r = report(&v, "编号.csv");
    assert!(
        findings_of(r, "personal_info", "cn_resident_id").is_empty(),
        "{r}"
    );
    let mut secrets: Vec<String> = ids.clone();
    secrets.extend(passports.iter().map(|s| s.to_string()));
    assert_no_echo_everywhere(
        d.path(),
        &["--unit", "办公室", "--drafter", "张三", "."],
        &secrets,
    );
}

/// HTML tables: a `<th>` header row gives the cells below it their context, row by row.
#[test]
fn html_table_header_context() {
    let d = tempfile::tempdir().unwrap();
    let ids: Vec<String> = resident_ids(4).iter().map(|i| id15(i)).collect();
    let passports = ["E12345678", "EA7654321", "E87654321", "G23456789"];
    let mut rows = String::new();
    for (i, (p, id)) in passports.iter().zip(&ids).enumerate() {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>张{}</td><td>{p}</td><td>{id}</td></tr>\n",
            i + 1,
            i
        ));
    }
    let page = |header: &str| {
        format!(
            "<html><body><h1>出国培训人员名单</h1><table>\n<tr>{header}</tr>\n{rows}</table></body></html>"
        )
    };
    write(
        d.path(),
        "名单.html",
        page("<th>序号</th><th>姓名</th><th>护照号码</th><th>身份证号</th>"),
    );
    // near miss: a header that gives no context
    write(
        d.path(),
        "编号.html",
        page("<th>序号</th><th>单位</th><th>编号</th><th>代码</th>"),
    );
    let (_, v) = scan_json(d.path(), &["--unit", "办公室", "--drafter", "张三", "."]);
    let r = report(&v, "名单.html");
    assert_eq!(
        findings_of(r, "personal_info", "cn_passport").len(),
        4,
        "{r}"
    );
    assert_eq!(
        findings_of(r, "personal_info", "cn_resident_id").len(),
        4,
        "{r}"
    );
    assert_eq!(verdict(r), "block");
    let r = report(&v, "编号.html");
    assert!(
        findings_of(r, "personal_info", "cn_passport").is_empty(),
        "{r}"
    );
    assert!(
        findings_of(r, "personal_info", "cn_resident_id").is_empty(),
        "{r}"
    );
    let mut secrets: Vec<String> = ids.clone();
    secrets.extend(passports.iter().map(|s| s.to_string()));
    assert_no_echo_everywhere(
        d.path(),
        &["--unit", "办公室", "--drafter", "张三", "."],
        &secrets,
    );
}

#[test]
fn text_report_groups_a_column() {
    let d = tempfile::tempdir().unwrap();
    let ids = resident_ids(40);
    let mut rows: Vec<Vec<&str>> = vec![vec!["姓名", "身份证号码"]];
    for id in &ids {
        rows.push(vec!["张三", id.as_str()]);
    }
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    write(d.path(), "名单.xlsx", xlsx(&rows));
    let r = run_in(
        d.path(),
        &[
            "scan",
            "--no-progress",
            "--unit",
            "办公室",
            "--drafter",
            "张三",
            "名单.xlsx",
        ],
    );
    // one group line for the column, with its count, not 40 separate messages
    let lines: Vec<&str> = r.stdout.lines().collect();
    let at: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains("“身份证号码”列"))
        .collect();
    assert_eq!(at.len(), 1, "{}", r.stdout);
    // the group's head line (just above its message) carries the count
    assert!(
        at[0] > 0 && lines[at[0] - 1].contains("×40"),
        "{}",
        r.stdout
    );
}

/// A csv longer than the header look-ahead (64 KiB) whose cut falls inside a character: the
/// header is still found, nothing is reported unreadable, and no panic text reaches stderr.
#[test]
fn long_csv_cut_inside_a_character() {
    let d = tempfile::tempdir().unwrap();
    let ids = resident_ids(3);
    let mut csv = String::from("序号,姓名,身份证号码,备注\n");
    let mut i = 0;
    while csv.len() < 70 * 1024 {
        i += 1;
        csv.push_str(&format!("{i},张三,{},社区居民委员会\n", ids[i % 3]));
    }
    while csv.is_char_boundary(64 * 1024) {
        csv.insert(0, ' ');
    }
    write(d.path(), "长名单.csv", &csv);
    let (run, v) = scan_json(d.path(), &["--unit", "办公室", "--drafter", "张三", "."]);
    let r = only_report(&v);
    assert!(
        !findings(r).iter().any(|f| f["category"] == "unreadable"),
        "{}",
        brief(r)
    );
    assert!(!run.stderr.contains("internal error"), "{}", run.stderr);
    let f = findings_of(r, "personal_info", "cn_resident_id");
    assert!(!f.is_empty());
    assert!(f[0]["message"]
        .as_str()
        .unwrap()
        .ends_with("（“身份证号码”列）"));
}

#[test]
fn lone_identifier_column_float_mobiles_and_key_value_publicity() {
    let d = tempfile::tempdir().unwrap();
    // one document-number column among role headers: every row has its context
    let mut csv = String::from("序号,出访人员,护照号码,出访国家\n");
    let passports: Vec<String> = (0..10)
        .map(|i| format!("E{:08}", 31_415_926 + i * 7))
        .collect();
    for (i, p) in passports.iter().enumerate() {
        csv.push_str(&format!("{},人员{},{p},日本\n", i + 1, i + 1));
    }
    write(d.path(), "出访名单.csv", &csv);
    // old 15-digit IDs under 身份证号 with 产权人 as the name column
    let mut csv = String::from("序号,产权人,身份证号,房屋坐落\n");
    for i in 0..12u32 {
        let old_id = format!("330106{:02}0{}15{:03}", 80 + i % 10, 1 + i % 9, 101 + i);
        csv.push_str(&format!("{},某{i},{old_id},某路{i}号\n", i + 1));
    }
    write(d.path(), "产权名单.csv", &csv);
    // mobiles exported as floats (pandas): still mobiles
    let m = mobiles(3);
    let csv = format!(
        "姓名,联系电话\n张三,{}.0\n李四,{}.0\n王五,{}.0\n",
        m[0], m[1], m[2]
    );
    write(d.path(), "联络员.csv", &csv);
    // a portal page's details table: 公开属性 | 不予公开
    write(
        d.path(),
        "详情.html",
        "<html><body><table><tr><td>索引号</td><td>001-2025-0001</td></tr><tr><td>公开属性</td><td>不予公开</td></tr></table><p>关于开展检查的通知</p></body></html>",
    );
    let (run, v) = scan_json(d.path(), &["--unit", "外事办", "--drafter", "张三", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let r = report(&v, "出访名单.csv");
    assert_eq!(
        findings_of(r, "personal_info", "cn_passport").len(),
        10,
        "{}",
        brief(r)
    );
    assert_eq!(
        findings_of(r, "aggregation", "personal_records").len(),
        1,
        "{}",
        brief(r)
    );
    assert_eq!(r["verdict"], "block");
    let r = report(&v, "产权名单.csv");
    assert_eq!(
        findings_of(r, "personal_info", "cn_resident_id").len(),
        12,
        "{}",
        brief(r)
    );
    assert_eq!(findings_of(r, "aggregation", "personal_records").len(), 1);
    let r = report(&v, "联络员.csv");
    assert_eq!(
        findings_of(r, "personal_info", "cn_mobile").len(),
        3,
        "{}",
        brief(r)
    );
    assert_eq!(r["verdict"], "review");
    let r = report(&v, "详情.html");
    assert_eq!(
        findings_of(r, "classification_marking", "not_public").len(),
        1,
        "{}",
        brief(r)
    );
    assert_eq!(r["verdict"], "block");
    let secrets: Vec<String> = m.iter().cloned().chain(passports).collect();
    let out = serde_json::to_string(&v).unwrap();
    for s in &secrets {
        assert!(!out.contains(s.as_str()), "echo of {s}");
    }
}

#[test]
fn amounts_in_an_amount_column_are_not_mobiles() {
    let d = tempfile::tempdir().unwrap();
    let m = mobiles(2);
    let rows: Vec<Vec<&str>> = vec![
        vec!["项目名称", "计划投资（元）", "联系人", "联系电话"],
        vec!["城西排涝泵站", "15800000000", "张三", &m[0]],
        vec!["城东综合管廊", "13650000000.50", "李四", &m[1]],
    ];
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    write(d.path(), "投资表.xlsx", xlsx(&rows));
    let (run, v) = scan_json(d.path(), &["--unit", "发改委", "--drafter", "张三", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let r = report(&v, "投资表.xlsx");
    let found = findings_of(r, "personal_info", "cn_mobile");
    assert_eq!(found.len(), 2, "{}", brief(r));
    for f in &found {
        assert_eq!(
            f["location"]["cell"].as_str().unwrap().chars().next(),
            Some('D')
        );
    }
}

/// A docx whose body is one table of `rows` (one paragraph per cell).
fn docx_table(title: &str, rows: &[Vec<String>]) -> Vec<u8> {
    let mut body = format!("<w:p><w:r><w:t>{title}</w:t></w:r></w:p><w:tbl>");
    for row in rows {
        body.push_str("<w:tr>");
        for c in row {
            body.push_str(&format!(
                "<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>"
            ));
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    zip_of(
        &[
            ("[Content_Types].xml", ct.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("word/document.xml", doc.as_bytes()),
        ],
        true,
    )
}

/// One cell per character, after `label` cells.
fn boxed(label: &[&str], digits: &str) -> Vec<String> {
    label
        .iter()
        .map(|s| s.to_string())
        .chain(digits.chars().map(|c| c.to_string()))
        .collect()
}

#[test]
fn identifiers_written_one_character_per_box() {
    let d = tempfile::tempdir().unwrap();
    let ids = resident_ids(4);
    let m = mobiles(2);
    let card = bank_card("622202", 19, 7);
    // hits: an ID in 18 boxes of a registration form (docx and xlsx), a lower-case check
    // character, full-width digits, a labelled mobile and a labelled card
    let mut id_x = ids[2].clone();
    if !id_x.ends_with('X') {
        // find an ID whose check character is X, so the lower-case form is exercised
        id_x = (0..2000)
            .map(|s| resident_id("330106", "19850317", s))
            .find(|i| i.ends_with('X'))
            .unwrap();
    }
    let form = vec![
        vec![
            "姓名".to_string(),
            "张三".into(),
            "性别".into(),
            "男".into(),
        ],
        boxed(&["公民身份号码"], &ids[0]),
        boxed(&["联系电话"], &m[0]),
        boxed(&["银行卡号"], &card),
    ];
    write(
        d.path(),
        "登记表.docx",
        docx_table("困难群众救助申请登记表", &form),
    );
    let rows2: Vec<Vec<String>> = vec![
        vec!["申请人信息".into()],
        boxed(&["身份证号码"], &ids[1]),
        boxed(&["配偶身份证号码"], &id_x.to_lowercase()),
        boxed(&["子女身份证号码"], &fullwidth(&ids[3])),
    ];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows2.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    write(d.path(), "申请表.xlsx", wb.save_to_buffer().unwrap());
    // near misses: eleven single-digit counts (a mobile-shaped run without a label), an ID
    // with a wrong check digit, an ID whose boxes are interrupted by an empty box
    let bad = resident_id_bad_check("110105", "19900101", 3);
    let mut gap = boxed(&["身份证号码"], &ids[0][..9]);
    gap.push(String::new());
    gap.extend(ids[0][9..].chars().map(|c| c.to_string()));
    let stats: Vec<Vec<String>> = vec![
        vec!["街道".into(), "1月".into(), "2月".into()],
        boxed(&["城东"], "13800138000"),
        boxed(&["身份证号码"], &bad),
        gap,
    ];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in stats.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    write(d.path(), "统计.xlsx", wb.save_to_buffer().unwrap());

    let args = ["--unit", "民政局", "--drafter", "张三", "."];
    let (_, v) = scan_json(d.path(), &args);
    let r = report(&v, "登记表.docx");
    assert_eq!(r["verdict"], "block", "{}", brief(r));
    assert_eq!(findings_of(r, "personal_info", "cn_resident_id").len(), 1);
    assert_eq!(findings_of(r, "personal_info", "cn_mobile").len(), 1);
    assert_eq!(findings_of(r, "personal_info", "bank_card").len(), 1);
    let f = &findings_of(r, "personal_info", "cn_resident_id")[0];
    assert!(f["location"]["paragraph"].is_number(), "{f}");

    let r = report(&v, "申请表.xlsx");
    let idf = findings_of(r, "personal_info", "cn_resident_id");
    assert_eq!(idf.len(), 3, "{}", brief(r));
    // located at the first box of each run
    let cells: Vec<&str> = idf
        .iter()
        .map(|f| f["location"]["cell"].as_str().unwrap())
        .collect();
    assert_eq!(cells, ["B2", "B3", "B4"]);

    let r = report(&v, "统计.xlsx");
    assert!(
        findings_of(r, "personal_info", "cn_resident_id").is_empty()
            && findings_of(r, "personal_info", "cn_mobile").is_empty(),
        "{}",
        brief(r)
    );
    let mut secrets = ids.clone();
    secrets.extend(m.iter().cloned());
    secrets.push(card);
    secrets.push(id_x);
    assert_no_echo_everywhere(d.path(), &args, &secrets);
}

fn xlsx_rows(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn to_csv(rows: &[Vec<String>]) -> String {
    rows.iter().map(|r| r.join(",") + "\n").collect()
}

#[test]
fn unit_accounts_in_a_holder_row_and_lone_code_columns() {
    let d = tempfile::tempdir().unwrap();
    // Luhn-valid bank-branch accounts (no card issuer's BIN) of units named in 收款单位
    let accts = [
        bank_card("1202020209", 19, 1),
        bank_card("1900110104", 17, 2),
        bank_card("3301040160", 19, 3),
    ];
    let units = [
        "杭州市拱墅区财政局",
        "某某县疾病预防控制中心",
        "某某村股份经济合作社",
    ];
    let fin62 = bank_card("621700", 19, 6);
    let mut unit_rows = vec![vec![
        "序号".to_string(),
        "收款单位".into(),
        "开户银行".into(),
        "银行账号".into(),
        "拨付金额（元）".into(),
    ]];
    unit_rows.push(vec![
        "0".into(),
        "某某区财政局非税收入专户".into(),
        "中国建设银行".into(),
        fin62.clone(),
        "1.00".into(),
    ]);
    for (i, (u, a)) in units.iter().zip(&accts).enumerate() {
        unit_rows.push(vec![
            (i + 1).to_string(),
            u.to_string(),
            "中国工商银行杭州分行".into(),
            a.clone(),
            "6980561.05".into(),
        ]);
    }
    write(d.path(), "拨付.xlsx", xlsx_rows(&unit_rows));
    write(d.path(), "拨付.csv", to_csv(&unit_rows));
    // near misses: people's passbook accounts and UnionPay cards under 户名 stay cards (a
    // 财政专户 with a 62 number in a unit's row, above, is the unit's account)
    let card62 = bank_card("622848", 19, 4);
    let people = vec![
        vec![
            "序号".to_string(),
            "户名".into(),
            "存折账号".into(),
            "补贴金额（元）".into(),
        ],
        vec!["1".into(), "张建国".into(), accts[0].clone(), "1200".into()],
        vec!["2".into(), "李秀英".into(), card62.clone(), "800".into()],
    ];
    write(d.path(), "补贴.xlsx", xlsx_rows(&people));
    write(d.path(), "补贴.csv", to_csv(&people));
    // a table whose only classified column is a code or an amount column still has a header
    let ids = resident_ids(1);
    let code = format!("330106202503028{}", &ids[0][15..]); // region + 2025 date + serial
    let codes = vec![
        vec![
            "序号".to_string(),
            "受理编号".into(),
            "许可事项".into(),
            "申请单位".into(),
        ],
        vec![
            "1".into(),
            code.clone(),
            "建筑垃圾处置核准".into(),
            "某某建设工程有限公司".into(),
        ],
    ];
    write(d.path(), "受理.csv", to_csv(&codes));
    let amounts = "月份,工业用电量（千瓦时）,工业总产值（千元）,同比增长（%）\n1-2月,765479141,15798038185,4.2\n";
    write(d.path(), "产值.csv", amounts);

    let args = ["--unit", "财政局", "--drafter", "张三", "."];
    let (_, v) = scan_json(d.path(), &args);
    for f in ["拨付.xlsx", "拨付.csv", "受理.csv", "产值.csv"] {
        let r = report(&v, f);
        assert_eq!(verdict(r), "pass", "{f}: {}", brief(r));
    }
    for f in ["补贴.xlsx", "补贴.csv"] {
        let r = report(&v, f);
        assert_eq!(
            findings_of(r, "personal_info", "bank_card").len(),
            2,
            "{f}: {}",
            brief(r)
        );
    }
    let mut secrets: Vec<String> = accts.to_vec();
    secrets.push(card62);
    secrets.push(fin62);
    assert_no_echo_everywhere(d.path(), &args, &secrets);
}

#[test]
fn docx_and_html_tables_have_column_classes() {
    let d = tempfile::tempdir().unwrap();
    let m = mobiles(3);
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<String>>();
    // 11-digit exam numbers and amounts in their columns are no mobiles
    let exam = vec![
        s(&["序号", "准考证号", "姓名", "报考岗位"]),
        s(&["1", "17330101234", "王伟", "综合管理"]),
        s(&["2", "17330101235", "李娜", "综合管理"]),
        s(&["3", "17330101236", "赵敏", "财务"]),
    ];
    write(d.path(), "准考证.docx", docx_table("拟录用人员名单", &exam));
    let budget = vec![
        s(&["科目编码", "科目名称", "决算数（元）"]),
        s(&["2010101", "行政运行", "13912345678"]),
        s(&["2010102", "一般行政管理事务", "15012345678"]),
    ];
    write(
        d.path(),
        "决算.docx",
        docx_table("2024年部门决算表", &budget),
    );
    let html: String = std::iter::once("<html><body><h1>拟录用人员名单</h1><table>".to_string())
        .chain(exam.iter().map(|r| {
            format!(
                "<tr>{}</tr>",
                r.iter()
                    .map(|c| format!("<td>{c}</td>"))
                    .collect::<String>()
            )
        }))
        .chain(std::iter::once("</table></body></html>".to_string()))
        .collect();
    write(d.path(), "准考证.html", html);
    // a unit's account in a docx 拨付 table
    let acct = bank_card("1202020209", 19, 1);
    let pay = vec![
        s(&["序号", "收款单位", "银行账号", "金额（元）"]),
        vec![
            "1".into(),
            "某某县财政局".into(),
            acct.clone(),
            "5000".into(),
        ],
    ];
    write(d.path(), "拨付.docx", docx_table("资金拨付明细", &pay));
    // near misses: mobiles in a phone column stay mobiles; a row whose cells do not line up
    // with the header (an empty cell) gets no exemption
    let phones = vec![
        s(&["序号", "姓名", "联系电话"]),
        s(&["1", "王伟", &m[0]]),
        s(&["2", "李娜", &m[1]]),
    ];
    write(d.path(), "电话.docx", docx_table("联系人名单", &phones));
    let shifted = vec![
        s(&["序号", "准考证号", "姓名", "备注"]),
        s(&["1", &m[2], "王伟"]),
    ];
    write(d.path(), "错位.docx", docx_table("名单", &shifted));

    let args = ["--unit", "人社局", "--drafter", "张三", "."];
    let (_, v) = scan_json(d.path(), &args);
    for f in ["准考证.docx", "决算.docx", "准考证.html", "拨付.docx"] {
        let r = report(&v, f);
        assert_eq!(verdict(r), "pass", "{f}: {}", brief(r));
    }
    assert_eq!(
        findings_of(report(&v, "电话.docx"), "personal_info", "cn_mobile").len(),
        2
    );
    assert_eq!(
        findings_of(report(&v, "错位.docx"), "personal_info", "cn_mobile").len(),
        1
    );
    let mut secrets = m.clone();
    secrets.push(acct);
    assert_no_echo_everywhere(d.path(), &args, &secrets);
}

#[test]
fn contract_numbers_in_a_code_column_are_no_cards() {
    let d = tempfile::tempdir().unwrap();
    // Luhn-valid once the hyphens are dropped
    let nums: Vec<String> = (0..3)
        .map(|k| {
            let payload = format!("33010620250{k:04}");
            let full = format!("{payload}{}", luhn_check_digit(&payload));
            if k == 0 {
                full // the number alone in its cell
            } else {
                format!("HT-{}-{}-{}", &full[..6], &full[6..10], &full[10..])
            }
        })
        .collect();
    let mut rows = vec![vec![
        "序号".to_string(),
        "项目名称".into(),
        "中标单位".into(),
        "合同编号".into(),
    ]];
    for (i, n) in nums.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            "物业管理服务项目".into(),
            "某某物业服务有限公司".into(),
            n.clone(),
        ]);
    }
    write(d.path(), "中标.xlsx", xlsx_rows(&rows));
    write(d.path(), "中标.csv", to_csv(&rows));
    // near miss: a UnionPay card listed in a 编号 column stays a card
    let card = bank_card("622848", 19, 5);
    let cards = vec![
        vec!["序号".to_string(), "姓名".into(), "卡片编号".into()],
        vec!["1".into(), "张建国".into(), card.clone()],
    ];
    write(d.path(), "卡片.xlsx", xlsx_rows(&cards));
    let args = ["--unit", "财政局", "--drafter", "张三", "."];
    let (_, v) = scan_json(d.path(), &args);
    for f in ["中标.xlsx", "中标.csv"] {
        let r = report(&v, f);
        assert_eq!(verdict(r), "pass", "{f}: {}", brief(r));
    }
    assert_eq!(
        findings_of(report(&v, "卡片.xlsx"), "personal_info", "bank_card").len(),
        1
    );
    assert_no_echo_everywhere(d.path(), &args, &[card]);
}

#[test]
fn coordinates_in_longitude_and_latitude_columns_are_read() {
    let d = tempfile::tempdir().unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<String>>();
    // fine coordinates (six decimals) in separate columns: review, in docx, xlsx and csv
    let fine = vec![
        s(&["序号", "站址名称", "经度", "纬度"]),
        s(&["1", "西湖区文三路基站", "120.123456", "30.276543"]),
        s(&["2", "西湖区天目山路基站", "120.134567", "30.281234"]),
    ];
    write(
        d.path(),
        "站址.docx",
        docx_table("5G基站站址规划公示", &fine),
    );
    write(d.path(), "站址.xlsx", xlsx_rows(&fine));
    let csv: String = fine.iter().map(|r| r.join(",") + "\n").collect();
    write(d.path(), "站址.csv", csv);
    // near miss: three decimals (about 100 m) are coarse
    let coarse = vec![
        s(&["序号", "项目名称", "经度", "纬度"]),
        s(&["1", "文三路综合整治", "120.123", "30.277"]),
    ];
    write(d.path(), "项目.docx", docx_table("项目位置公示", &coarse));
    let (_, v) = scan_json(d.path(), &["--unit", "经信局", "--drafter", "张三", "."]);
    for f in ["站址.docx", "站址.xlsx", "站址.csv"] {
        let r = report(&v, f);
        assert!(
            findings_of(r, "personal_info", "geo_coordinate")
                .iter()
                .any(|f| f["action"] == "review"),
            "{f}: {}",
            brief(r)
        );
        assert_eq!(verdict(r), "review", "{f}: {}", brief(r));
    }
    assert_eq!(
        verdict(report(&v, "项目.docx")),
        "pass",
        "{}",
        brief(report(&v, "项目.docx"))
    );
}

#[test]
fn eleven_digit_statistics_on_rows_of_figures_are_no_mobiles() {
    let d = tempfile::tempdir().unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<String>>();
    // a yearbook table in text, its unit declared above it
    write(
        d.path(),
        "年鉴.txt",
        "14-2 全社会用电量\n单位：千瓦时\n年份   全社会用电量   第一产业\n2000   18456789012   73827156\n2001   13956789012   74827156\n",
    );
    // an html 公报 row with its unit in a cell
    write(
        d.path(),
        "公报.html",
        "<html><body><h1>2024年国民经济和社会发展统计公报</h1><table><tr><th>指标</th><th>单位</th><th>绝对数</th><th>增长（%）</th></tr><tr><td>规模以上工业企业利润总额</td><td>千元</td><td>15612345678</td><td>3.2</td></tr></table></body></html>",
    );
    // a docx table of targets in 元
    let t = vec![
        s(&["指标名称", "单位", "2024年目标", "2024年完成"]),
        s(&["全年营业收入", "元", "15012345678", "15612345678"]),
    ];
    write(d.path(), "总结.docx", docx_table("2024年工作总结", &t));
    // a sheet whose unit row sits above the header
    let rows = vec![
        s(&["14-2 全社会用电量"]),
        s(&["单位：千瓦时"]),
        s(&["年份", "全社会用电量", "第一产业"]),
        s(&["2000", "18456789012", "73827156"]),
    ];
    write(d.path(), "年鉴.xlsx", xlsx_rows(&rows));
    // near misses: a person's row, a labelled row, a row of figures with no unit anywhere
    let m = mobiles(3);
    write(
        d.path(),
        "名单.txt",
        format!(
            "单位：人\n1   城东街道   张建国   {}   25   3.5\n联系电话 {} 2 3\n",
            m[0], m[1]
        ),
    );
    write(
        d.path(),
        "无单位.txt",
        format!("2000   {}   73827156\n", m[2]),
    );
    // a count unit in its own cell, or glued to the figure in a PDF-like row
    let t = vec![
        s(&["序号", "指标名称", "单位", "2024年目标", "2024年完成"]),
        s(&["8", "公共服务事项", "户", "16212345678", "16312345678"]),
    ];
    write(d.path(), "指标.docx", docx_table("2024年工作总结", &t));
    write(
        d.path(),
        "指标.txt",
        "8 公共服务事项户16212345678 16312345678 99\n",
    );
    // a card-like figure (two cells a PDF glued together) on a yearbook row; near miss: a
    // card on a person's row
    let visa = bank_card("4088102", 16, 9);
    write(
        d.path(),
        "年鉴卡.txt",
        format!("单位：千元\n2004 5057 194671527 188831381 {visa}\n"),
    );
    write(
        d.path(),
        "补贴卡.txt",
        format!("单位：元\n1 张建国 {visa} 1200 300\n"),
    );
    // near miss: 负责人 glued before a number with a date on the line is a contact
    write(
        d.path(),
        "负责人.txt",
        format!("负责人{} 2025年3月1日\n", m[0]),
    );
    // the unit only in a header's brackets or a 说明 line, one figure per row (a month's
    // total); a sheet whose header is 「2024年（千瓦时）」
    let big = mobiles(6);
    write(
        d.path(),
        "分月.txt",
        format!(
            "月份        全社会用电量（千瓦时）\n2024年1月   {}\n2024年2月   {}\n",
            big[3], big[4]
        ),
    );
    write(
        d.path(),
        "能源.txt",
        format!(
            "年份   能源消费总量\n2015   {}\n说明：计量单位为千克标准煤。\n",
            big[5]
        ),
    );
    let rows = vec![
        s(&["指标", "2024年（千瓦时）", "2023年（千瓦时）"]),
        s(&["全社会用电量", &big[3], &big[4]]),
        s(&["第一产业", &big[5], "9207768928"]),
    ];
    write(d.path(), "用电量.xlsx", xlsx_rows(&rows));
    // near miss: a bracketed unit elsewhere does not make a contact line a figure
    write(
        d.path(),
        "补贴通知.txt",
        format!("补贴标准（元）：1200\n咨询电话 {}\n", m[2]),
    );
    let args = ["--unit", "统计局", "--drafter", "张三", "."];
    let (_, v) = scan_json(d.path(), &args);
    assert_eq!(
        findings_of(report(&v, "补贴通知.txt"), "personal_info", "cn_mobile").len(),
        1
    );
    for f in ["分月.txt", "能源.txt", "用电量.xlsx"] {
        let r = report(&v, f);
        assert_eq!(verdict(r), "pass", "{f}: {}", brief(r));
    }
    assert_eq!(
        findings_of(report(&v, "负责人.txt"), "personal_info", "cn_mobile").len(),
        1
    );
    assert_eq!(
        findings_of(report(&v, "补贴卡.txt"), "personal_info", "bank_card").len(),
        1
    );
    for f in [
        "年鉴.txt",
        "公报.html",
        "总结.docx",
        "年鉴.xlsx",
        "指标.docx",
        "指标.txt",
        "年鉴卡.txt",
    ] {
        let r = report(&v, f);
        assert_eq!(verdict(r), "pass", "{f}: {}", brief(r));
    }
    assert_eq!(
        findings_of(report(&v, "名单.txt"), "personal_info", "cn_mobile").len(),
        2
    );
    assert_eq!(
        findings_of(report(&v, "无单位.txt"), "personal_info", "cn_mobile").len(),
        1
    );
    assert_no_echo_everywhere(d.path(), &args, &m);
}

#[test]
fn a_title_row_holding_a_column_word_does_not_hide_the_header() {
    let d = tempfile::tempdir().unwrap();
    let ids = resident_ids(3);
    let mut rows = vec![
        vec!["早期户籍档案数字化核对表".to_string()],
        vec![
            "序号".to_string(),
            "姓名".into(),
            "原身份证号（15位）".into(),
        ],
    ];
    for (i, id) in ids.iter().enumerate() {
        rows.push(vec![(i + 1).to_string(), "张建国".into(), id15(id)]);
    }
    write(d.path(), "核对表.xlsx", xlsx_rows(&rows));
    let args = ["--unit", "公安局", "--drafter", "张三", "."];
    let (_, v) = scan_json(d.path(), &args);
    let r = report(&v, "核对表.xlsx");
    assert_eq!(
        findings_of(r, "personal_info", "cn_resident_id").len(),
        3,
        "{}",
        brief(r)
    );
    let secrets: Vec<String> = ids.iter().map(|i| id15(i)).collect();
    assert_no_echo_everywhere(d.path(), &args, &secrets);
}

#[test]
fn masked_identifiers_in_form_boxes_are_read() {
    let d = tempfile::tempdir().unwrap();
    let ids = resident_ids(2);
    // the birth date left visible: insufficient masking; properly masked: counted, passes
    let shows_birth = format!("{}****", &ids[0][..14]);
    let proper = format!("{}********{}", &ids[1][..6], &ids[1][14..]);
    let rows: Vec<Vec<String>> = vec![
        vec!["申请人信息".into()],
        boxed(&["身份证号码"], &shows_birth),
    ];
    write(d.path(), "表一.xlsx", xlsx_rows(&rows));
    let rows: Vec<Vec<String>> = vec![vec!["申请人信息".into()], boxed(&["身份证号码"], &proper)];
    write(d.path(), "表二.xlsx", xlsx_rows(&rows));
    let args = ["--unit", "民政局", "--drafter", "张三", "."];
    let (_, v) = scan_json(d.path(), &args);
    let r = report(&v, "表一.xlsx");
    assert_eq!(verdict(r), "review", "{}", brief(r));
    let f = &findings_of(r, "personal_info", "cn_resident_id")[0];
    assert_eq!(f["masked"], false, "{f}");
    let r = report(&v, "表二.xlsx");
    assert_eq!(verdict(r), "pass", "{}", brief(r));
    assert_no_echo_everywhere(d.path(), &args, &ids);
}

#[test]
fn an_id_typed_across_three_cells() {
    let d = tempfile::tempdir().unwrap();
    let ids = resident_ids(3);
    let split = |id: &str| {
        vec![
            id[..6].to_string(),
            id[6..14].to_string(),
            id[14..].to_string(),
        ]
    };
    let mut row = vec!["公民身份号码".to_string()];
    row.extend(split(&ids[0]));
    write(
        d.path(),
        "登记.xlsx",
        xlsx_rows(&[vec!["个人信息登记表".into()], row]),
    );
    // near miss: a table's region code, date and count columns with no ID label
    let d2 = ids
        .iter()
        .find(|i| !i.ends_with('X'))
        .expect("a digit check")
        .clone();
    // a person's row whose columns are the ID's parts
    let mut prow = vec!["贾欣文".to_string()];
    prow.extend(split(&ids[1]));
    prow.push("860".into()); // 草场面积（亩）
    write(
        d.path(),
        "补助.xlsx",
        xlsx_rows(&[
            vec![
                "姓名".into(),
                "行政区划码".into(),
                "出生日期".into(),
                "顺序码及校验码".into(),
            ],
            prow,
        ]),
    );
    let mut row = vec!["城东街道".to_string()];
    row.extend(split(&d2));
    write(
        d.path(),
        "统计.xlsx",
        xlsx_rows(&[
            vec![
                "街道".into(),
                "区划代码".into(),
                "日期".into(),
                "件数".into(),
            ],
            row,
        ]),
    );
    let args = ["--unit", "民政局", "--drafter", "张三", "."];
    let (_, v) = scan_json(d.path(), &args);
    let r = report(&v, "登记.xlsx");
    assert_eq!(
        findings_of(r, "personal_info", "cn_resident_id").len(),
        1,
        "{}",
        brief(r)
    );
    let r = report(&v, "补助.xlsx");
    assert_eq!(
        findings_of(r, "personal_info", "cn_resident_id").len(),
        1,
        "{}",
        brief(r)
    );
    let r = report(&v, "统计.xlsx");
    assert!(
        findings_of(r, "personal_info", "cn_resident_id").is_empty(),
        "{}",
        brief(r)
    );
    assert_no_echo_everywhere(d.path(), &args, &ids);
}

#[test]
fn a_long_title_cell_is_no_header() {
    let d = tempfile::tempdir().unwrap();
    let acct = bank_card("621700", 19, 8);
    let rows = vec![
        vec!["非税收入收缴账户".to_string()],
        vec!["收款单位".to_string(), "开户银行".into(), "账号".into()],
        vec![
            "某某市财政局非税收入专户".to_string(),
            "中国建设银行某某分行营业部".into(),
            acct.clone(),
        ],
    ];
    write(d.path(), "账户.xlsx", xlsx_rows(&rows));
    let args = ["--unit", "财政局", "--drafter", "张三", "."];
    let (_, v) = scan_json(d.path(), &args);
    let r = report(&v, "账户.xlsx");
    assert_eq!(verdict(r), "pass", "{}", brief(r));
    assert_no_echo_everywhere(d.path(), &args, &[acct]);
}

#[test]
fn an_id_split_in_two_columns_is_read_in_every_table_format() {
    let d = tempfile::tempdir().unwrap();
    let ids = resident_ids(4);
    let header = || {
        vec![
            "姓名".to_string(),
            "身份证号（前6位）".to_string(),
            "身份证号（后12位）".to_string(),
            "金额（元）".to_string(),
        ]
    };
    let row = |id: &str| {
        vec![
            "张三".to_string(),
            id[..6].to_string(),
            id[6..].to_string(),
            "1500".to_string(),
        ]
    };
    write(d.path(), "名单.xlsx", xlsx_rows(&[header(), row(&ids[0])]));
    write(d.path(), "名单.csv", to_csv(&[header(), row(&ids[1])]));
    write(
        d.path(),
        "名单.docx",
        docx_table("补助对象名单", &[header(), row(&ids[2])]),
    );
    write(
        d.path(),
        "名单.html",
        format!(
            "<html><body><table><tr><th>姓名</th><th colspan=\"2\">身份证号</th></tr>\
             <tr><td>张三</td><td>{}</td><td>{}</td></tr>\
             <tr><td>李四</td><td>{}<br>{}</td></tr></table></body></html>",
            &ids[3][..6],
            &ids[3][6..],
            &ids[0][..6],
            &ids[0][6..]
        ),
    );
    // near miss: a statistics row (a region code and a 12-digit figure) names no person
    let d2 = ids[1].clone();
    write(
        d.path(),
        "统计.csv",
        format!("区划代码,用电量（千瓦时）\n{},{}\n", &d2[..6], &d2[6..]),
    );
    let args = ["--unit", "民政局", "--drafter", "张三", "."];
    let (_, v) = scan_json(d.path(), &args);
    for (name, n) in [
        ("名单.xlsx", 1),
        ("名单.csv", 1),
        ("名单.docx", 1),
        ("名单.html", 2),
    ] {
        let r = report(&v, name);
        assert_eq!(
            findings_of(r, "personal_info", "cn_resident_id").len(),
            n,
            "{name}: {}",
            brief(r)
        );
        assert_eq!(r["verdict"], "block", "{name}");
    }
    let r = report(&v, "统计.csv");
    assert!(
        findings_of(r, "personal_info", "cn_resident_id").is_empty(),
        "{}",
        brief(r)
    );
    assert_no_echo_everywhere(d.path(), &args, &ids);
}

#[test]
fn eleven_digit_amounts_under_a_money_header_in_text_tables() {
    let d = tempfile::tempdir().unwrap();
    let m = mobiles(3);
    // an aligned text table whose header gives the bids in 元, a project manager named on
    // each row; the bids are amounts
    write(
        d.path(),
        "开标记录.txt",
        format!(
            "开标记录\n\n序号  投标人            投标报价（元）  项目经理  结果\n\
             1     某某建设有限公司  {}     陆雪刚    合格\n\
             2     某某工程有限公司  {}     袁琪      合格\n",
            m[0], m[1]
        ),
    );
    // near miss: the same layout under a phone column is a contact list
    write(
        d.path(),
        "联系表.txt",
        format!(
            "联系表\n\n序号  单位              联系电话        联系人  费用（元）\n\
             1     某某建设有限公司  {}     陆雪刚  1200\n",
            m[2]
        ),
    );
    let args = ["--unit", "住建局", "--drafter", "张三", "."];
    let (_, v) = scan_json(d.path(), &args);
    let r = report(&v, "开标记录.txt");
    assert!(
        findings_of(r, "personal_info", "cn_mobile").is_empty(),
        "{}",
        brief(r)
    );
    assert_eq!(r["verdict"], "pass", "{}", brief(r));
    let r = report(&v, "联系表.txt");
    assert_eq!(
        findings_of(r, "personal_info", "cn_mobile").len(),
        1,
        "{}",
        brief(r)
    );
}
