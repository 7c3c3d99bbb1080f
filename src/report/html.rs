//! HTML sink: one self-contained page per item (inline CSS, no script, no external resource)
//! for the confidentiality officer (保密员), plus an index page over a batch.
//!
//! Everything taken from a report is passed through [`escape`]; the page never contains more
//! of the input than the report's own (masked) excerpts.

use crate::extract::{Location, NotExamined};
use crate::policy::Action;
use crate::report::model::{Finding, Report, Summary, Verdict};
use crate::Lang;
use std::fmt::Write as _;

/// Rows shown per finding group before the rest is summarised as "另有 N 条同类发现".
pub const MAX_ROWS_PER_GROUP: usize = 50;

/// Escape text for HTML element content and double- or single-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in HTML text; show a replacement instead.
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Labels (also used by the SARIF sink for rule descriptions)
// ---------------------------------------------------------------------------------------------

/// Human label of a category; unknown categories are returned as-is.
pub(crate) fn category_label(category: &str, lang: Lang) -> String {
    let (zh, en) = match category {
        "classification_marking" => ("密级标志", "classification marking"),
        "sensitive_term" => ("敏感词", "sensitive term"),
        "personal_info" => ("个人信息", "personal information"),
        "hidden_content" => ("隐藏内容", "hidden content"),
        "metadata" => ("文档属性", "document properties"),
        "aggregation" => ("数据汇聚", "aggregation"),
        "unreadable" => ("无法读取", "unreadable"),
        "responsibility" => ("责任主体", "responsibility"),
        other => return other.to_string(),
    };
    lang.pick(zh, en).to_string()
}

/// Human label of a kind; unknown kinds (e.g. a dictionary's own kinds) are returned as-is.
pub(crate) fn kind_label(kind: &str, lang: Lang) -> String {
    let (zh, en) = match kind {
        "cn_resident_id" => ("居民身份证号", "resident ID number"),
        "cn_mobile" => ("手机号码", "mobile phone number"),
        "cn_landline" => ("固定电话", "landline number"),
        "bank_card" => ("银行卡号", "bank card number"),
        "cn_passport" => ("护照号", "passport number"),
        "cn_hk_macau_permit" => ("港澳通行证", "HK/Macau travel permit"),
        "cn_uscc" => ("统一社会信用代码", "unified social credit code"),
        "email" => ("电子邮箱", "e-mail address"),
        "cn_vehicle_plate" => ("车牌号", "vehicle plate"),
        "ip_address" => ("IP地址", "IP address"),
        "geo_coordinate" => ("地理坐标", "geographic coordinate"),
        "state_secret" => ("国家秘密标志", "state secret marking"),
        "work_secret" => ("工作秘密标志", "work secret marking"),
        "internal" => ("内部资料标志", "internal-use marking"),
        "not_public" => ("不予公开属性", "not-for-disclosure attribute"),
        "hidden_sheet" => ("隐藏工作表", "hidden sheet"),
        "hidden_row" => ("隐藏行", "hidden row"),
        "hidden_column" => ("隐藏列", "hidden column"),
        "comment" => ("批注", "comment"),
        "tracked_change" => ("修订痕迹", "tracked change"),
        "hidden_text" => ("隐藏文字", "hidden text"),
        "html_comment" => ("网页注释", "HTML comment"),
        "html_hidden" => ("网页隐藏元素", "hidden HTML element"),
        "embedded_object" => ("嵌入对象", "embedded object"),
        "pivot_cache" => ("数据透视表缓存", "pivot cache"),
        "chart_cache" => ("图表数据缓存", "chart data cache"),
        "author" => ("作者", "author"),
        "last_modified_by" => ("最后修改者", "last modified by"),
        "company" => ("单位", "company"),
        "file_path" => ("文件路径", "file path"),
        "title" => ("标题", "title"),
        "personal_records" => ("个人信息汇聚", "personal records in bulk"),
        "identifier_volume" => ("标识符数量汇聚", "identifier volume"),
        "cross_item_reconstruction" => ("跨文件拼合", "cross-item reconstruction"),
        "corrupt" => ("文件损坏", "corrupt file"),
        "encrypted" => ("已加密", "encrypted"),
        "unsupported_format" => ("不支持的格式", "unsupported format"),
        "too_large" => ("文件过大", "too large"),
        "limit_exceeded" => ("超出安全限制", "safety limit exceeded"),
        "unassigned" => ("未指定责任单位", "no responsible unit"),
        "process_info" => ("过程稿标志", "process-stage draft"),
        "custom" => ("自定义敏感词", "custom term"),
        other => return other.to_string(),
    };
    lang.pick(zh, en).to_string()
}

fn action_badge_text(a: Action, lang: Lang) -> &'static str {
    match a {
        Action::Block => lang.pick("禁止", "block"),
        Action::Review => lang.pick("审查", "review"),
        Action::Info => lang.pick("提示", "info"),
    }
}

fn action_section_title(a: Action, lang: Lang) -> &'static str {
    match a {
        Action::Block => lang.pick("禁止公开的问题", "Blocking findings"),
        Action::Review => lang.pick("需人工审查的问题", "Findings to review"),
        Action::Info => lang.pick(
            "提示信息（不影响结论）",
            "Information (no effect on the verdict)",
        ),
    }
}

fn action_class(a: Action) -> &'static str {
    match a {
        Action::Block => "block",
        Action::Review => "review",
        Action::Info => "info",
    }
}

fn verdict_class(v: Verdict) -> &'static str {
    v.as_str()
}

/// Category order on the page: the most serious first; unknown categories after, by name.
fn category_rank(c: &str) -> usize {
    const ORDER: [&str; 8] = [
        "classification_marking",
        "personal_info",
        "aggregation",
        "sensitive_term",
        "hidden_content",
        "unreadable",
        "responsibility",
        "metadata",
    ];
    ORDER.iter().position(|x| *x == c).unwrap_or(ORDER.len())
}

fn source_label(source: &str, lang: Lang) -> String {
    match source {
        "manifest" => lang.pick("清单", "manifest").to_string(),
        "cli" => lang.pick("命令行", "command line").to_string(),
        "none" | "" => lang.pick("未指定", "unassigned").to_string(),
        other => other.to_string(),
    }
}

fn layer_label(layer: &str, lang: Lang) -> Option<&'static str> {
    match layer {
        "hidden" => Some(lang.pick("位于隐藏内容", "in hidden content")),
        "metadata" => Some(lang.pick("位于文档属性", "in document properties")),
        "file_name" => Some(lang.pick("位于文件名", "in the file name")),
        _ => None,
    }
}

/// Human-readable size, e.g. `10.0 KB`.
fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    if b < 1024 {
        return format!("{b} B");
    }
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    format!("{v:.1} {}", UNITS[u])
}

/// Human-readable location (not escaped), e.g. `第12行第5列`, `工作表「名单」C5`,
/// `压缩包内 x/y.docx：word/document.xml 第3段`, `整个文件`.
pub fn human_location(loc: &Location, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    match (&loc.sheet, &loc.cell) {
        (Some(s), Some(c)) => parts.push(match lang {
            Lang::Zh => format!("工作表「{s}」{c}"),
            Lang::En => format!("sheet “{s}” {c}"),
        }),
        (Some(s), None) => parts.push(match lang {
            Lang::Zh => format!("工作表「{s}」"),
            Lang::En => format!("sheet “{s}”"),
        }),
        (None, Some(c)) => parts.push(match lang {
            Lang::Zh => format!("单元格 {c}"),
            Lang::En => format!("cell {c}"),
        }),
        (None, None) => {}
    }
    if let Some(p) = &loc.part {
        parts.push(p.clone());
    }
    if let Some(n) = loc.paragraph {
        parts.push(match lang {
            Lang::Zh => format!("第{n}段"),
            Lang::En => format!("paragraph {n}"),
        });
    }
    if let Some(n) = loc.page {
        parts.push(match lang {
            Lang::Zh => format!("第{n}页"),
            Lang::En => format!("page {n}"),
        });
    }
    match (loc.line, loc.column) {
        (Some(l), Some(c)) => parts.push(match lang {
            Lang::Zh => format!("第{l}行第{c}列"),
            Lang::En => format!("line {l}, column {c}"),
        }),
        (Some(l), None) => parts.push(match lang {
            Lang::Zh => format!("第{l}行"),
            Lang::En => format!("line {l}"),
        }),
        (None, Some(c)) => parts.push(match lang {
            Lang::Zh => format!("第{c}列"),
            Lang::En => format!("column {c}"),
        }),
        (None, None) => {}
    }
    // row/col: CSV record/field next to line/column, or a spreadsheet row/column.
    let text_like = loc.line.is_some();
    match (loc.row, loc.col) {
        (Some(r), Some(c)) if text_like => parts.push(match lang {
            Lang::Zh => format!("（第{r}条记录第{c}个字段）"),
            Lang::En => format!("(record {r}, field {c})"),
        }),
        (Some(r), c) => {
            parts.push(match lang {
                Lang::Zh => format!("第{r}行"),
                Lang::En => format!("row {r}"),
            });
            if let Some(c) = c {
                parts.push(match lang {
                    Lang::Zh => format!("第{c}列"),
                    Lang::En => format!("column {c}"),
                });
            }
        }
        (None, Some(c)) => parts.push(match lang {
            Lang::Zh => format!("第{c}列"),
            Lang::En => format!("column {c}"),
        }),
        (None, None) => {}
    }
    if let Some(f) = &loc.field {
        parts.push(match lang {
            Lang::Zh => format!("属性 {f}"),
            Lang::En => format!("property {f}"),
        });
    }
    let inner = if parts.is_empty() {
        lang.pick("整个文件", "whole file").to_string()
    } else {
        let sep = match lang {
            Lang::Zh => "",
            Lang::En => ", ",
        };
        // Chinese reads naturally without separators except between named parts.
        let mut s = String::new();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                let prev = &parts[i - 1];
                let needs_space = lang == Lang::Zh
                    && (prev.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '.')
                        || p.starts_with(|c: char| c.is_ascii_alphanumeric()));
                // (第1行第13列，属性 meta:author: the field is a place of its own)
                let field = lang == Lang::Zh && p.starts_with("属性 ");
                s.push_str(if needs_space {
                    " "
                } else if field {
                    "，"
                } else {
                    sep
                });
            }
            s.push_str(p);
        }
        s
    };
    match &loc.entry {
        Some(e) => match lang {
            Lang::Zh => format!("压缩包内 {e}：{inner}"),
            Lang::En => format!("in archive {e}: {inner}"),
        },
        None => inner,
    }
}

// ---------------------------------------------------------------------------------------------
// Page scaffolding
// ---------------------------------------------------------------------------------------------

const CSS: &str = r#"
:root{--block:#b3261e;--block-bg:#fdecea;--review:#9a6700;--review-bg:#fff4d6;--pass:#1e7b34;--pass-bg:#e6f4ea;--info:#44546a;--info-bg:#eef2f7;--line:#d0d7de;--muted:#6e7781}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:16px 20px 40px;font:14px/1.6 "PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",system-ui,sans-serif;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0}
h2{font-size:18px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:20px 0 8px}
h4{font-size:15px;margin:16px 0 6px}
code{font-family:"SFMono-Regular",Consolas,"Liberation Mono","Noto Sans Mono CJK SC",monospace;font-size:13px;background:#f6f8fa;border:1px solid #e4e7eb;border-radius:4px;padding:1px 4px;word-break:break-all;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
tr{page-break-inside:avoid;break-inside:avoid}
.banner{border-radius:8px;padding:14px 18px;margin-bottom:8px;border:2px solid}
.banner.block{background:var(--block-bg);border-color:var(--block)}
.banner.review{background:var(--review-bg);border-color:var(--review)}
.banner.pass{background:var(--pass-bg);border-color:var(--pass)}
.verdict{font-size:26px;font-weight:700;letter-spacing:2px}
.banner.block .verdict{color:var(--block)}
.banner.review .verdict{color:var(--review)}
.banner.pass .verdict{color:var(--pass)}
.path{font-size:16px;font-weight:600;word-break:break-all;margin:4px 0}
.meta{display:flex;flex-wrap:wrap;gap:4px 20px;margin:6px 0 0;padding:0;list-style:none;color:#333}
.meta b{font-weight:600;margin-right:4px}
.counts{margin-top:6px}
.badge{display:inline-block;min-width:2.6em;text-align:center;border-radius:4px;padding:0 6px;font-size:12px;font-weight:700;color:#fff;white-space:nowrap}
.badge.block{background:var(--block)}
.badge.review{background:var(--review)}
.badge.info{background:var(--info)}
.badge.pass{background:var(--pass)}
.tag{display:inline-block;border-radius:3px;padding:0 5px;font-size:12px;margin:1px 4px 1px 0;border:1px solid}
.tag.masked{color:var(--pass);border-color:var(--pass)}
.tag.unmasked{color:var(--block);border-color:var(--block)}
.tag.layer{color:var(--info);border-color:var(--info)}
.tag.exempt{color:var(--review);border-color:var(--review)}
.missing{color:var(--block);font-weight:700}
.alert{border-left:5px solid var(--block);background:var(--block-bg);padding:8px 12px;margin:8px 0;font-weight:600}
.notice{border-left:5px solid var(--info);background:var(--info-bg);padding:8px 12px;margin:8px 0}
section.act{border-left:4px solid var(--line);padding-left:12px;margin-top:12px}
section.act.block{border-left-color:var(--block)}
section.act.review{border-left-color:var(--review)}
section.act.info{border-left-color:var(--info)}
.group-head{font-weight:600;margin:10px 0 2px}
.group-head .n{color:var(--muted);font-weight:400}
.group-msg{color:#333;margin-bottom:4px}
.more{color:var(--muted);font-style:italic;margin:-6px 0 12px}
.fp{color:var(--muted);font-size:11px;font-family:monospace;word-break:break-all}
.muted{color:var(--muted)}
td.num{text-align:right;white-space:nowrap}
footer{margin-top:32px;padding-top:8px;border-top:1px solid var(--line);color:var(--muted);font-size:12px}
a{color:#0550ae}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  a{color:inherit;text-decoration:none}
  h2,h3,h4,.group-head{page-break-after:avoid;break-after:avoid}
  .banner{page-break-inside:avoid;break-inside:avoid}
}
"#;

fn page_start(out: &mut String, title: &str, lang: Lang) {
    let html_lang = lang.pick("zh-CN", "en");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(title)
    );
}

fn page_end(out: &mut String) {
    out.push_str("</body>\n</html>\n");
}

fn counts_by_action(findings: &[Finding]) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for f in findings {
        match f.action {
            Action::Block => c.0 += 1,
            Action::Review => c.1 += 1,
            Action::Info => c.2 += 1,
        }
    }
    c
}

fn counts_html(findings: &[Finding], lang: Lang) -> String {
    let (b, r, i) = counts_by_action(findings);
    format!(
        "<span class=\"badge block\">{}</span> {b} &nbsp; <span class=\"badge review\">{}</span> {r} \
         &nbsp; <span class=\"badge info\">{}</span> {i}",
        action_badge_text(Action::Block, lang),
        action_badge_text(Action::Review, lang),
        action_badge_text(Action::Info, lang),
    )
}

/// True when the item carries a state-secret marking: then no excerpt of it may be shown.
pub(crate) fn has_state_secret(report: &Report) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.category == "classification_marking" && f.kind == "state_secret")
}

// ---------------------------------------------------------------------------------------------
// Per-item page
// ---------------------------------------------------------------------------------------------

/// One self-contained HTML page for one item, readable by a confidentiality officer (保密员).
pub fn render_item(report: &Report, lang: Lang) -> String {
    let mut out = String::with_capacity(16 * 1024 + report.findings.len().min(2000) * 400);
    let title = format!(
        "{}{} — {}",
        lang.pick("保密审查报告：", "Confidentiality review: "),
        report.verdict.label(lang),
        report.item.path
    );
    page_start(&mut out, &title, lang);
    let secret = has_state_secret(report);

    // ---- banner ----
    let item = &report.item;
    let _ = write!(
        out,
        "<header class=\"banner {vc}\">\n<div class=\"muted\">{heading}</div>\n\
         <h1 class=\"verdict\">{verdict}</h1>\n<div class=\"path\">{path}</div>\n<ul class=\"meta\">\n",
        vc = verdict_class(report.verdict),
        heading = lang.pick("保密审查结论", "Confidentiality review verdict"),
        verdict = escape(report.verdict.label(lang)),
        path = escape(&item.path),
    );
    let _ = writeln!(
        out,
        "<li><b>{}</b>{}</li>",
        lang.pick("格式", "Format"),
        escape(&item.format)
    );
    let _ = writeln!(
        out,
        "<li><b>{}</b>{} <span class=\"muted\">({} {})</span></li>",
        lang.pick("大小", "Size"),
        human_bytes(item.bytes),
        item.bytes,
        lang.pick("字节", "bytes")
    );
    let short: String = item.sha256.chars().take(12).collect();
    let ellipsis = if item.sha256.chars().count() > 12 {
        "…"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<li><b>SHA-256</b><code title=\"{}\">{}{ellipsis}</code></li>",
        escape(&item.sha256),
        escape(&short)
    );
    if let Some(enc) = &item.encoding {
        let _ = writeln!(
            out,
            "<li><b>{}</b>{}</li>",
            lang.pick("编码", "Encoding"),
            escape(enc)
        );
    }
    out.push_str("</ul>\n");
    let _ = writeln!(
        out,
        "<div class=\"counts\">{}</div>",
        counts_html(&report.findings, lang)
    );
    out.push_str("</header>\n");
    if secret {
        let _ = writeln!(
            out,
            "<div class=\"alert\">{}</div>",
            lang.pick(
                "本文件带有国家秘密标志：报告只列出位置和规则，不复制文件中的任何内容。请按涉密载体管理规定处理，不得在非涉密计算机和网络上继续处理。",
                "This item carries a state-secret marking: the report lists only locations and rules and copies no content. Handle it as classified material; do not process it further on unclassified computers or networks."
            )
        );
    }

    // ---- responsibility ----
    render_responsibility(&mut out, report, lang);

    // ---- findings ----
    render_findings(&mut out, report, secret, lang);

    // ---- not examined ----
    render_not_examined(&mut out, &report.not_examined, lang);

    // ---- footer ----
    let _ = write!(
        out,
        "<footer>\n<div>{pl}: {pn} {pv} &nbsp;·&nbsp; {cl}: {chars} &nbsp;·&nbsp; {el}: {ms} ms \
         &nbsp;·&nbsp; baomi {ver} &nbsp;·&nbsp; {schema}</div>\n<div>{note}</div>\n</footer>\n",
        pl = lang.pick("审查策略", "Policy"),
        pn = escape(&report.policy.name),
        pv = escape(&report.policy.version),
        cl = lang.pick("已检查字符数", "Characters examined"),
        chars = report.stats.chars,
        el = lang.pick("用时", "Elapsed"),
        ms = report.stats.elapsed_ms,
        ver = env!("CARGO_PKG_VERSION"),
        schema = escape(report.schema),
        note = lang.pick(
            "本报告不含任何未脱敏的身份证号、手机号等标识符原文。",
            "This report contains no unmasked identifier (resident ID number, mobile number, …) found in the input."
        ),
    );
    page_end(&mut out);
    out
}

fn render_responsibility(out: &mut String, report: &Report, lang: Lang) {
    let r = &report.responsibility;
    let _ = writeln!(
        out,
        "<section class=\"resp\">\n<h2>{}</h2>",
        lang.pick(
            "责任主体（谁产生、谁负责）",
            "Responsibility (who produced it is answerable for it)"
        )
    );
    let unassigned = r.source == "none" || r.source.is_empty() || r.unit.is_none();
    if unassigned {
        let _ = writeln!(
            out,
            "<div class=\"alert\">{}</div>",
            lang.pick(
                "未指定责任单位：按照“谁产生、谁负责”的原则，公开前须明确责任单位和拟稿人。",
                "No responsible unit: under the “who produced it is answerable for it” rule, a unit and a drafter must be named before publication."
            )
        );
    }
    let missing = format!(
        "<span class=\"missing\">{}</span>",
        lang.pick("未指定", "not given")
    );
    let empty = format!("<span class=\"muted\">{}</span>", lang.pick("未填写", "—"));
    let val = |v: &Option<String>, required: bool| match v {
        Some(s) if !s.trim().is_empty() => escape(s),
        _ if required => missing.clone(),
        _ => empty.clone(),
    };
    out.push_str("<table>\n");
    let _ = writeln!(
        out,
        "<tr><th style=\"width:9em\">{}</th><td>{}</td></tr>",
        lang.pick("责任单位", "Unit"),
        val(&r.unit, true)
    );
    let _ = writeln!(
        out,
        "<tr><th>{}</th><td>{}</td></tr>",
        lang.pick("拟稿人", "Drafter"),
        val(&r.drafter, true)
    );
    let _ = writeln!(
        out,
        "<tr><th>{}</th><td>{}</td></tr>",
        lang.pick("审核人", "Reviewer"),
        val(&r.reviewer, false)
    );
    let src = source_label(&r.source, lang);
    let src_html = if r.source == "none" || r.source.is_empty() {
        format!("<span class=\"missing\">{}</span>", escape(&src))
    } else {
        escape(&src)
    };
    let _ = writeln!(
        out,
        "<tr><th>{}</th><td>{src_html}</td></tr>",
        lang.pick("来源", "Source")
    );
    if let Some(b) = &r.batch {
        let _ = writeln!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            lang.pick("批次", "Batch"),
            escape(b)
        );
    }
    out.push_str("</table>\n</section>\n");
}

/// Findings of one (action, category, kind), in report order.
struct Group<'a> {
    action: Action,
    category: &'a str,
    kind: &'a str,
    first: usize,
    items: Vec<&'a Finding>,
}

fn group_findings(findings: &[Finding]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: std::collections::HashMap<(Action, &str, &str), usize> = Default::default();
    for (i, f) in findings.iter().enumerate() {
        let key = (f.action, f.category.as_str(), f.kind.as_str());
        let gi = *index.entry(key).or_insert_with(|| {
            groups.push(Group {
                action: f.action,
                category: &f.category,
                kind: &f.kind,
                first: i,
                items: Vec::new(),
            });
            groups.len() - 1
        });
        groups[gi].items.push(f);
    }
    // block → review → info; then category rank; then first appearance.
    groups.sort_by(|a, b| {
        b.action
            .cmp(&a.action)
            .then(category_rank(a.category).cmp(&category_rank(b.category)))
            .then(a.category.cmp(b.category))
            .then(a.first.cmp(&b.first))
    });
    groups
}

fn render_findings(out: &mut String, report: &Report, secret: bool, lang: Lang) {
    let _ = writeln!(
        out,
        "<section class=\"findings\">\n<h2>{} <span class=\"muted\">({})</span></h2>",
        lang.pick("发现的问题", "Findings"),
        report.findings.len()
    );
    if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>\n</section>",
            lang.pick("未发现问题。", "No findings.")
        );
        return;
    }
    let groups = group_findings(&report.findings);
    let mut i = 0;
    while i < groups.len() {
        let action = groups[i].action;
        let total: usize = groups[i..]
            .iter()
            .take_while(|g| g.action == action)
            .map(|g| g.items.len())
            .sum();
        let _ = writeln!(
            out,
            "<section class=\"act {c}\">\n<h3><span class=\"badge {c}\">{b}</span> {t} <span class=\"muted\">({total})</span></h3>",
            c = action_class(action),
            b = action_badge_text(action, lang),
            t = action_section_title(action, lang),
        );
        let mut current_cat: Option<&str> = None;
        while i < groups.len() && groups[i].action == action {
            let g = &groups[i];
            if current_cat != Some(g.category) {
                let n: usize = groups[i..]
                    .iter()
                    .take_while(|h| h.action == action && h.category == g.category)
                    .map(|h| h.items.len())
                    .sum();
                let _ = writeln!(
                    out,
                    "<h4>{} <span class=\"muted\">({n})</span></h4>",
                    escape(&category_label(g.category, lang))
                );
                current_cat = Some(g.category);
            }
            render_group(out, g, secret, lang);
            i += 1;
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

fn render_group(out: &mut String, g: &Group, secret: bool, lang: Lang) {
    let n = g.items.len();
    let same_msg = n > 1 && g.items.iter().all(|f| f.message == g.items[0].message);
    let _ = writeln!(
        out,
        "<div class=\"group-head\">{} <span class=\"n\">× {n}</span> <span class=\"muted\">{}</span></div>",
        escape(&kind_label(g.kind, lang)),
        if kind_label(g.kind, lang) != g.kind { escape(g.kind) } else { String::new() }
    );
    if same_msg {
        let _ = writeln!(
            out,
            "<div class=\"group-msg\">{}</div>",
            escape(&g.items[0].message)
        );
    }
    let _ = write!(
        out,
        "<table>\n<tr><th style=\"width:3em\">#</th><th style=\"width:4em\">{}</th><th>{}</th>{}<th>{}</th><th>{}</th></tr>\n",
        lang.pick("处理", "Action"),
        lang.pick("位置", "Location"),
        if same_msg { String::new() } else { format!("<th>{}</th>", lang.pick("说明", "Message")) },
        lang.pick("摘录（已脱敏）", "Excerpt (masked)"),
        lang.pick("备注", "Notes"),
    );
    for (idx, f) in g.items.iter().take(MAX_ROWS_PER_GROUP).enumerate() {
        let _ = write!(
            out,
            "<tr><td class=\"num\">{}</td><td><span class=\"badge {c}\">{b}</span></td><td>{loc}</td>",
            idx + 1,
            c = action_class(f.action),
            b = action_badge_text(f.action, lang),
            loc = escape(&human_location(&f.location, lang)),
        );
        if !same_msg {
            let _ = write!(out, "<td>{}</td>", escape(&f.message));
        }
        // Defence in depth: a state-secret item never shows an excerpt, even if one slipped in.
        match f.excerpt.as_ref().filter(|_| !secret) {
            Some(e) => {
                let _ = write!(out, "<td><code>{}</code></td>", escape(e));
            }
            None if secret => {
                let _ = write!(
                    out,
                    "<td class=\"muted\">{}</td>",
                    lang.pick(
                        "（涉密标志文件，不显示摘录）",
                        "(item carries a secrecy marking; no excerpt shown)"
                    )
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<td class=\"muted\">{}</td>",
                    lang.pick("（无摘录）", "(no excerpt)")
                );
            }
        }
        out.push_str("<td>");
        match f.masked {
            Some(true) => {
                let _ = write!(
                    out,
                    "<span class=\"tag masked\">{}</span>",
                    lang.pick("已脱敏", "masked")
                );
            }
            Some(false) => {
                let _ = write!(
                    out,
                    "<span class=\"tag unmasked\">{}</span>",
                    lang.pick("脱敏不足", "insufficiently masked")
                );
            }
            None => {}
        }
        if let Some(l) = layer_label(&f.layer, lang) {
            let _ = write!(out, "<span class=\"tag layer\">{l}</span>");
        }
        if let Some(r) = &f.exempt_reason {
            let _ = write!(
                out,
                "<span class=\"tag exempt\">{}</span> {}",
                lang.pick("已豁免", "exempt"),
                escape(r)
            );
        }
        let _ = writeln!(
            out,
            "<div class=\"fp\" title=\"{}\">{}</div></td></tr>",
            escape(&f.rule),
            escape(&f.fingerprint)
        );
    }
    out.push_str("</table>\n");
    if n > MAX_ROWS_PER_GROUP {
        let rest = n - MAX_ROWS_PER_GROUP;
        let _ = writeln!(
            out,
            "<div class=\"more\">{}</div>",
            match lang {
                Lang::Zh => format!("另有 {rest} 条同类发现（见 JSON 报告）"),
                Lang::En => format!("{rest} more findings of this kind (see the JSON report)"),
            }
        );
    }
}

fn render_not_examined(out: &mut String, ne: &[NotExamined], lang: Lang) {
    let _ = writeln!(
        out,
        "<section class=\"not-examined\">\n<h2>{} <span class=\"muted\">({})</span></h2>",
        lang.pick("未检查的内容", "Not examined"),
        ne.len()
    );
    if ne.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}</p>\n</section>",
            lang.pick("无。", "Nothing.")
        );
        return;
    }
    let _ = writeln!(
        out,
        "<div class=\"notice\">{}</div>",
        lang.pick(
            "以下内容扫描程序无法读取，须由人工查看（例如图片中的文字、嵌入对象）。",
            "The scanner could not read the following; a person must look at it (e.g. text in images, embedded objects)."
        )
    );
    let _ = writeln!(
        out,
        "<table>\n<tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.pick("内容", "What"),
        lang.pick("位置", "Location"),
        lang.pick("原因", "Reason")
    );
    for n in ne {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&n.what),
            escape(&human_location(&n.location, lang)),
            escape(&n.reason)
        );
    }
    out.push_str("</table>\n</section>\n");
}

// ---------------------------------------------------------------------------------------------
// Index page
// ---------------------------------------------------------------------------------------------

/// Only relative links and http(s)/file URLs become links; anything else (e.g. `javascript:`)
/// is shown as text.
fn safe_href(h: &str) -> bool {
    let t = h.trim_start().to_ascii_lowercase();
    if t.is_empty() {
        return false;
    }
    match t.find(':') {
        None => true,
        Some(colon) => {
            // A colon after the first '/', '?' or '#' is part of a relative path, not a scheme.
            let first_sep = t.find(['/', '?', '#']).unwrap_or(usize::MAX);
            colon > first_sep
                || t.starts_with("http:")
                || t.starts_with("https:")
                || t.starts_with("file:")
        }
    }
}

/// An index page linking to per-item pages: one row per report (path, verdict, counts by
/// action, unit, drafter); `hrefs[i]` is the link of `reports[i]`. Rows are listed worst verdict
/// first, otherwise in the given order.
pub fn render_index(reports: &[Report], hrefs: &[String], summary: &Summary, lang: Lang) -> String {
    let mut out = String::with_capacity(8 * 1024 + reports.len() * 400);
    let worst = summary.worst();
    let title = format!(
        "{}{}",
        lang.pick("保密审查汇总：", "Confidentiality review summary: "),
        worst.label(lang)
    );
    page_start(&mut out, &title, lang);
    let _ = write!(
        out,
        "<header class=\"banner {vc}\">\n<div class=\"muted\">{heading}</div>\n<h1 class=\"verdict\">{verdict}</h1>\n<ul class=\"meta\">\n",
        vc = verdict_class(worst),
        heading = lang.pick("本批次保密审查结论（最严重项）", "Batch verdict (worst item)"),
        verdict = escape(worst.label(lang)),
    );
    let meta: [(&str, String); 7] = [
        (lang.pick("文件数", "Items"), summary.items.to_string()),
        (lang.pick("禁止公开", "Blocked"), summary.block.to_string()),
        (
            lang.pick("需人工审查", "To review"),
            summary.review.to_string(),
        ),
        (lang.pick("通过", "Passed"), summary.pass.to_string()),
        (
            lang.pick("发现总数", "Findings"),
            summary.findings.to_string(),
        ),
        (
            lang.pick("总大小", "Total size"),
            human_bytes(summary.bytes),
        ),
        (
            lang.pick("用时", "Elapsed"),
            format!("{} ms", summary.elapsed_ms),
        ),
    ];
    for (k, v) in meta {
        let _ = writeln!(out, "<li><b>{k}</b>{}</li>", escape(&v));
    }
    out.push_str("</ul>\n</header>\n");

    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<table>\n<tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.pick("各文件结论", "Items"),
        lang.pick("文件", "Path"),
        lang.pick("结论", "Verdict"),
        action_badge_text(Action::Block, lang),
        action_badge_text(Action::Review, lang),
        action_badge_text(Action::Info, lang),
        lang.pick("责任单位", "Unit"),
        lang.pick("拟稿人", "Drafter"),
    );
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by(|&a, &b| reports[b].verdict.cmp(&reports[a].verdict).then(a.cmp(&b)));
    let missing = format!(
        "<span class=\"missing\">{}</span>",
        lang.pick("未指定", "not given")
    );
    for (row, &i) in order.iter().enumerate() {
        let r = &reports[i];
        let path = escape(&r.item.path);
        let cell = match hrefs.get(i) {
            Some(h) if safe_href(h) => format!("<a href=\"{}\">{path}</a>", escape(h)),
            _ => path,
        };
        let (b, rv, inf) = counts_by_action(&r.findings);
        let opt = |v: &Option<String>| match v {
            Some(s) if !s.trim().is_empty() => escape(s),
            _ => missing.clone(),
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td>{cell}</td><td><span class=\"badge {vc}\">{vl}</span></td>\
             <td class=\"num\">{b}</td><td class=\"num\">{rv}</td><td class=\"num\">{inf}</td><td>{u}</td><td>{d}</td></tr>",
            row + 1,
            vc = verdict_class(r.verdict),
            vl = escape(r.verdict.label(lang)),
            u = opt(&r.responsibility.unit),
            d = opt(&r.responsibility.drafter),
        );
    }
    out.push_str("</table>\n");
    let policy = summary
        .policy
        .as_ref()
        .map(|p| format!("{} {}", escape(&p.name), escape(&p.version)))
        .unwrap_or_else(|| "—".to_string());
    let _ = write!(
        out,
        "<footer>\n<div>{pl}: {policy} &nbsp;·&nbsp; baomi {ver}</div>\n<div>{note}</div>\n</footer>\n",
        pl = lang.pick("审查策略", "Policy"),
        ver = escape(summary.baomi_version),
        note = lang.pick(
            "本报告不含任何未脱敏的身份证号、手机号等标识符原文。",
            "This report contains no unmasked identifier (resident ID number, mobile number, …) found in the input."
        ),
    );
    page_end(&mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// Hand-built reports shared by the HTML and SARIF tests.
#[cfg(test)]
pub(crate) mod test_fixtures {
    use crate::extract::{Location, NotExamined};
    use crate::policy::Action;
    use crate::report::model::*;

    pub fn finding(
        rule: &str,
        category: &str,
        kind: &str,
        action: Action,
        location: Location,
        excerpt: Option<&str>,
        message: &str,
    ) -> Finding {
        Finding {
            rule: rule.to_string(),
            category: category.to_string(),
            kind: kind.to_string(),
            action,
            location,
            excerpt: excerpt.map(str::to_string),
            message: message.to_string(),
            masked: None,
            layer: "visible".to_string(),
            fingerprint: format!("fp-{rule}-{kind}"),
            exempt_reason: None,
        }
    }

    /// A blocked xlsx item: a state-secret marking (excerpt null), a masked and an
    /// insufficiently masked ID, 120 unmasked IDs in one column, a tracked change, a text
    /// finding at line/column, a file-level finding and two not-examined entries.
    pub fn block_report() -> Report {
        let mut findings = vec![
            finding(
                "marking.state_secret",
                "classification_marking",
                "state_secret",
                Action::Block,
                Location::cell("公示名单", "A1".into()),
                None,
                "文件带有国家秘密标志「秘密」",
            ),
            {
                let mut f = finding(
                    "pii.cn_resident_id",
                    "personal_info",
                    "cn_resident_id",
                    Action::Info,
                    Location::cell("公示名单", "D2".into()),
                    Some("440308********1234"),
                    "已脱敏的居民身份证号码",
                );
                f.masked = Some(true);
                f
            },
            {
                let mut f = finding(
                    "pii.cn_mobile",
                    "personal_info",
                    "cn_mobile",
                    Action::Review,
                    Location::line_col(12, 5),
                    Some("电话 1381234**78"),
                    "手机号码脱敏不足",
                );
                f.masked = Some(false);
                f
            },
            {
                let mut f = finding(
                    "hidden.tracked_change",
                    "hidden_content",
                    "tracked_change",
                    Action::Review,
                    Location {
                        entry: Some("附件/说明.docx".into()),
                        ..Location::part_para("word/document.xml", 3)
                    },
                    Some("删除的文字"),
                    "修订痕迹中有被删除的文字",
                );
                f.layer = "hidden".into();
                f.exempt_reason = Some("已核实<无害>".into());
                f
            },
            finding(
                "responsibility.unassigned",
                "responsibility",
                "unassigned",
                Action::Review,
                Location::item(),
                None,
                "未指定责任单位和拟稿人",
            ),
            finding(
                "dict.secret_project",
                "sensitive_term",
                "project_codename",
                Action::Review,
                Location {
                    page: Some(2),
                    ..Default::default()
                },
                Some("……代号……"),
                "敏感词：项目代号",
            ),
        ];
        for i in 0..120u32 {
            let mut f = finding(
                "pii.cn_resident_id",
                "personal_info",
                "cn_resident_id",
                Action::Block,
                Location::cell("公示名单", format!("C{}", i + 2)),
                Some("330106********123X"),
                "未脱敏的居民身份证号码",
            );
            f.fingerprint = format!("fp{i:04}");
            findings.push(f);
        }
        Report {
            schema: SCHEMA,
            item: ItemInfo {
                path: "drafts/名单 <script>alert(\"x\")</script>.xlsx".into(),
                format: "xlsx".into(),
                bytes: 10240,
                sha256: "ab".repeat(32),
                encoding: None,
            },
            responsibility: Responsibility {
                unit: None,
                drafter: None,
                reviewer: None,
                source: "none".into(),
                batch: None,
            },
            policy: PolicyRef {
                name: "portal".into(),
                version: "2026.1".into(),
            },
            verdict: Verdict::Block,
            findings,
            not_examined: vec![
                NotExamined {
                    what: "embedded image".into(),
                    location: Location {
                        part: Some("xl/media/image1.png".into()),
                        ..Default::default()
                    },
                    reason: "images are not read".into(),
                },
                NotExamined {
                    what: "ole <object>".into(),
                    location: Location {
                        entry: Some("inner.zip".into()),
                        ..Location::item()
                    },
                    reason: "encrypted".into(),
                },
            ],
            stats: Stats {
                chars: 5120,
                elapsed_ms: 3,
            },
        }
    }

    pub fn pass_report() -> Report {
        Report {
            schema: SCHEMA,
            item: ItemInfo {
                path: "公开/通知.txt".into(),
                format: "txt".into(),
                bytes: 300,
                sha256: "0123456789abcdef".repeat(4),
                encoding: Some("GB18030".into()),
            },
            responsibility: Responsibility {
                unit: Some("住房保障处".into()),
                drafter: Some("张三".into()),
                reviewer: Some("李四".into()),
                source: "manifest".into(),
                batch: Some("2026-03".into()),
            },
            policy: PolicyRef {
                name: "portal".into(),
                version: "2026.1".into(),
            },
            verdict: Verdict::Pass,
            findings: vec![],
            not_examined: vec![],
            stats: Stats {
                chars: 120,
                elapsed_ms: 1,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_fixtures::*;
    use super::*;

    #[test]
    fn escape_basics() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("名单\u{0}"), "名单\u{fffd}");
    }

    #[test]
    fn block_banner_and_sections() {
        let html = render_item(&block_report(), Lang::Zh);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<html lang=\"zh-CN\">"));
        assert!(html.contains("class=\"banner block\""));
        assert!(html.contains(">禁止公开</h1>"));
        assert!(html.contains("谁产生、谁负责"));
        assert!(html.contains("未指定责任单位"));
        assert!(html.contains("<span class=\"missing\">未指定</span>"));
        // short sha with full in title
        assert!(html.contains(&format!("<code title=\"{}\">ababababab", "ab".repeat(32))));
        // category / kind labels
        for label in [
            "密级标志",
            "国家秘密标志",
            "个人信息",
            "居民身份证号",
            "隐藏内容",
            "修订痕迹",
            "责任主体",
            "project_codename",
        ] {
            assert!(html.contains(label), "missing label {label}");
        }
        // block section before review before info
        let b = html.find("禁止公开的问题").unwrap();
        let r = html.find("需人工审查的问题").unwrap();
        let i = html.find("提示信息").unwrap();
        assert!(b < r && r < i);
        // locations
        assert!(html.contains("工作表「公示名单」C5"));
        assert!(html.contains("第12行第5列"));
        assert!(html.contains("压缩包内 附件/说明.docx：word/document.xml 第3段"));
        assert!(html.contains("第2页"));
        assert!(html.contains("整个文件"));
        // excerpts and tags
        assert!(html.contains("（涉密标志文件，不显示摘录）"));
        // the item carries a state-secret marking: no excerpt at all, even where one is set
        assert!(!html.contains("<code>"));
        assert!(!html.contains("330106"));
        assert!(!html.contains("440308"));
        assert!(html.contains("已脱敏"));
        assert!(html.contains("脱敏不足"));
        assert!(html.contains("已豁免"));
        assert!(html.contains("已核实&lt;无害&gt;"));
        assert!(html.contains("fp0000"));
        // not examined
        assert!(html.contains("未检查的内容"));
        assert!(html.contains("images are not read"));
        assert!(html.contains("ole &lt;object&gt;"));
        assert!(html.contains("压缩包内 inner.zip：整个文件"));
        // footer
        assert!(html.contains("本报告不含任何未脱敏的身份证号、手机号等标识符原文"));
        assert!(html.contains("portal 2026.1"));
        assert!(html.contains("5120"));
        // self-contained: no script, no external resources
        assert!(!html.contains("<script"));
        assert!(!html.contains("src="));
        assert!(!html.contains("<link"));
        assert!(!html.contains("http://") && !html.contains("https://"));
    }

    #[test]
    fn excerpts_without_secret_marking() {
        let mut r = block_report();
        r.findings.remove(0);
        r.findings[3].excerpt = None;
        let html = render_item(&r, Lang::Zh);
        assert!(html.contains("<code>330106********123X</code>"));
        assert!(html.contains("<code>440308********1234</code>"));
        assert!(html.contains("（无摘录）"));
        assert!(!html.contains("涉密标志文件"));
        assert!(!html.contains("国家秘密标志"));
    }

    #[test]
    fn escapes_everything_from_the_report() {
        let mut r = block_report();
        r.responsibility.unit = Some("<b>处</b>".into());
        r.findings.remove(0); // no state-secret marking, so excerpts are shown
        r.findings[0].message = "msg <img src=x onerror=alert(1)>".into();
        r.findings[1].excerpt = Some("\"><script>".into());
        r.findings[1].location.sheet = Some("名单'\"<>".into());
        r.policy.name = "<p>".into();
        let html = render_item(&r, Lang::Zh);
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>处"));
        assert!(!html.contains("<p>"));
        assert!(html.contains("名单 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.xlsx"));
        assert!(html.contains("&lt;b&gt;处&lt;/b&gt;"));
        assert!(html.contains("&quot;&gt;&lt;script&gt;"));
        assert!(html.contains("名单&#39;&quot;&lt;&gt;"));
        // the title element is escaped too
        assert!(html.contains("<title>保密审查报告：禁止公开 — drafts/名单 &lt;script&gt;"));
    }

    #[test]
    fn big_group_is_truncated() {
        let html = render_item(&block_report(), Lang::Zh);
        assert!(html.contains("× 120"));
        assert!(html.contains("另有 70 条同类发现（见 JSON 报告）"));
        // only the first 50 of the group are listed
        assert!(html.contains("fp0049"));
        assert!(!html.contains("fp0050"));
        assert!(!html.contains("C52<"));
        // the common message is shown once in the group header
        assert_eq!(html.matches("未脱敏的居民身份证号码").count(), 1);
    }

    #[test]
    fn pass_report_zh() {
        let html = render_item(&pass_report(), Lang::Zh);
        assert!(html.contains("class=\"banner pass\""));
        assert!(html.contains(">通过</h1>"));
        assert!(html.contains("未发现问题"));
        assert!(html.contains("住房保障处"));
        assert!(html.contains("张三"));
        assert!(html.contains("李四"));
        assert!(html.contains("清单"));
        assert!(html.contains("2026-03"));
        assert!(html.contains("GB18030"));
        assert!(!html.contains("class=\"alert\""));
    }

    #[test]
    fn english_mode() {
        let html = render_item(&block_report(), Lang::En);
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains(">blocked</h1>"));
        assert!(html.contains("Blocking findings"));
        assert!(html.contains("resident ID number"));
        assert!(html.contains("sheet “公示名单” C5"));
        assert!(html.contains("line 12, column 5"));
        assert!(html.contains("in archive 附件/说明.docx: word/document.xml, paragraph 3"));
        assert!(html.contains("70 more findings of this kind (see the JSON report)"));
        assert!(html.contains("Not examined"));
        assert!(html.contains("This report contains no unmasked identifier"));
        assert!(!html.contains("禁止公开"));
        assert!(!html.contains("另有"));
        let p = render_item(&pass_report(), Lang::En);
        assert!(p.contains(">pass</h1>"));
        assert!(p.contains("manifest"));
    }

    #[test]
    fn locations() {
        let l = |loc: Location| human_location(&loc, Lang::Zh);
        assert_eq!(l(Location::item()), "整个文件");
        assert_eq!(l(Location::default()), "整个文件");
        assert_eq!(l(Location::line_col(12, 5)), "第12行第5列");
        assert_eq!(l(Location::cell("名单", "C5".into())), "工作表「名单」C5");
        assert_eq!(
            l(Location::part_para("word/document.xml", 3)),
            "word/document.xml 第3段"
        );
        assert_eq!(
            l(Location {
                page: Some(2),
                ..Default::default()
            }),
            "第2页"
        );
        assert_eq!(
            l(Location {
                entry: Some("x/y.docx".into()),
                ..Location::part_para("word/document.xml", 3)
            }),
            "压缩包内 x/y.docx：word/document.xml 第3段"
        );
        assert_eq!(
            l(Location {
                part: Some("docProps/core.xml".into()),
                field: Some("dc:creator".into()),
                ..Default::default()
            }),
            "docProps/core.xml 属性 dc:creator"
        );
        assert_eq!(
            l(Location {
                row: Some(3),
                col: Some(2),
                ..Location::line_col(3, 9)
            }),
            "第3行第9列（第3条记录第2个字段）"
        );
        assert_eq!(
            l(Location {
                field: Some("meta:author".into()),
                ..Location::line_col(1, 13)
            }),
            "第1行第13列，属性 meta:author"
        );
        assert_eq!(
            l(Location {
                sheet: Some("名单".into()),
                row: Some(7),
                ..Default::default()
            }),
            "工作表「名单」第7行"
        );
    }

    #[test]
    fn index_page() {
        let reports = vec![pass_report(), block_report()];
        let hrefs = vec!["pass.html".to_string(), "javascript:alert(1)".to_string()];
        let summary = Summary::from_reports(&reports, 7);
        let html = render_index(&reports, &hrefs, &summary, Lang::Zh);
        assert!(html.contains("class=\"banner block\""));
        assert!(html.contains("<a href=\"pass.html\">公开/通知.txt</a>"));
        // unsafe href is not linked, path escaped
        assert!(!html.contains("javascript:"));
        assert!(html.contains("名单 &lt;script&gt;"));
        assert!(!html.contains("<script"));
        // worst first
        assert!(html.find("名单 &lt;script").unwrap() < html.find("公开/通知.txt").unwrap());
        // counts: 121 block, 4 review, 1 info for the block report
        assert!(html.contains(
            "<td class=\"num\">121</td><td class=\"num\">4</td><td class=\"num\">1</td>"
        ));
        assert!(html.contains("住房保障处"));
        assert!(html.contains("<span class=\"missing\">未指定</span>"));
        let en = render_index(&reports, &hrefs, &summary, Lang::En);
        assert!(en.contains("Batch verdict"));
        assert!(en.contains(">blocked<"));
    }

    #[test]
    fn safe_hrefs() {
        assert!(safe_href("a/b.html"));
        assert!(safe_href("items/x:y.html"));
        assert!(safe_href("https://example.org/x"));
        assert!(!safe_href("javascript:alert(1)"));
        assert!(!safe_href(" JavaScript:alert(1)"));
        assert!(!safe_href("data:text/html,x"));
        assert!(!safe_href(""));
    }
}
