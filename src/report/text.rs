//! Human summary for drafting staff: per item, findings grouped by kind with counts and the
//! first locations, Chinese by default, colour only on a terminal.

use super::html::{category_label, human_location, kind_label};
use super::model::{Report, Summary, Verdict};
use crate::policy::Action;
use crate::Lang;
use std::fmt::Write;

const MAX_LOCS: usize = 5;

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn verdict_tag(v: Verdict, lang: Lang, color: bool) -> String {
    let (t, c) = match v {
        Verdict::Block => (lang.pick("【禁止公开】", "[BLOCK] "), "1;31"),
        Verdict::Review => (lang.pick("【需人工审查】", "[REVIEW]"), "1;33"),
        Verdict::Pass => (lang.pick("【通过】", "[PASS]  "), "1;32"),
    };
    paint(t, c, color)
}

fn action_tag(a: Action, lang: Lang, color: bool) -> String {
    let (t, c) = match a {
        Action::Block => (lang.pick("禁止", "block "), "31"),
        Action::Review => (lang.pick("审查", "review"), "33"),
        Action::Info => (lang.pick("提示", "info  "), "2"),
    };
    paint(t, c, color)
}

fn human_size(b: u64) -> String {
    if b >= 1 << 20 {
        format!("{:.1} MB", b as f64 / (1 << 20) as f64)
    } else if b >= 1024 {
        format!("{:.1} KB", b as f64 / 1024.0)
    } else {
        format!("{b} B")
    }
}

/// Text from the input (a file name, a sheet name, an excerpt) made safe for a terminal:
/// control characters (an escape sequence that clears the screen or retitles the window, a
/// line break inside a file name) and bidirectional overrides (which reorder what is shown)
/// are written as `\u{…}`.
pub fn plain(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Render one item.
pub fn render_item(r: &Report, lang: Lang, color: bool, verbose: bool) -> String {
    let mut s = String::new();
    let resp = match (&r.responsibility.unit, &r.responsibility.drafter) {
        (None, None) => lang.pick("未指定责任单位", "no unit").to_string(),
        (u, d) => format!(
            "{}/{}",
            u.as_deref().unwrap_or("-"),
            d.as_deref().unwrap_or("-")
        ),
    };
    let _ = writeln!(
        s,
        "{} {}  ({}, {}, {})",
        verdict_tag(r.verdict, lang, color),
        plain(&r.item.path),
        r.item.format,
        human_size(r.item.bytes),
        plain(&resp)
    );
    // group by (action, category, kind, message)
    let mut groups: Vec<(Action, &str, &str, &str, Vec<usize>)> = Vec::new();
    for (i, f) in r.findings.iter().enumerate() {
        if f.action == Action::Info && !verbose {
            continue;
        }
        match groups
            .iter_mut()
            .find(|g| g.0 == f.action && g.1 == f.category && g.2 == f.kind && g.3 == f.message)
        {
            Some(g) => g.4.push(i),
            None => groups.push((f.action, &f.category, &f.kind, &f.message, vec![i])),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.0));
    for (action, cat, kind, msg, idx) in &groups {
        let first = &r.findings[idx[0]];
        let locs: Vec<String> = idx
            .iter()
            .take(MAX_LOCS)
            .map(|&i| plain(&human_location(&r.findings[i].location, lang)).into_owned())
            .collect();
        let more = if idx.len() > MAX_LOCS {
            match lang {
                Lang::Zh => format!(" 等{}处", idx.len() - MAX_LOCS),
                Lang::En => format!(" and {} more", idx.len() - MAX_LOCS),
            }
        } else {
            String::new()
        };
        let count = if idx.len() > 1 {
            format!(" ×{}", idx.len())
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "  {} {}·{}{}  {}{}",
            action_tag(*action, lang, color),
            category_label(cat, lang),
            kind_label(kind, lang),
            count,
            locs.join(lang.pick("、", "; ")),
            more
        );
        let _ = write!(s, "       {}", plain(msg));
        if let Some(ex) = first.excerpt.as_deref().map(plain) {
            match lang {
                Lang::Zh => {
                    let _ = write!(s, "  摘录：「{ex}」");
                }
                Lang::En => {
                    let _ = write!(s, "  excerpt: \"{ex}\"");
                }
            }
        }
        s.push('\n');
    }
    let hidden_info = r
        .findings
        .iter()
        .filter(|f| f.action == Action::Info)
        .count();
    if !verbose && hidden_info > 0 {
        let t = match lang {
            Lang::Zh => {
                format!("  （另有 {hidden_info} 条提示级发现，用 --verbose 或 --format json 查看）")
            }
            Lang::En => format!(
                "  ({hidden_info} info-level findings not shown; use --verbose or --format json)"
            ),
        };
        let _ = writeln!(s, "{}", paint(&t, "2", color));
    }
    if !r.not_examined.is_empty() {
        let n = r.not_examined.len();
        let t = match lang {
            Lang::Zh => format!("  未检查：{n} 处（如图片、嵌入对象）"),
            Lang::En => format!("  not examined: {n} parts (images, embedded objects)"),
        };
        let _ = writeln!(s, "{}", paint(&t, "2", color));
    }
    s
}

/// Render the closing summary line.
pub fn render_summary(sum: &Summary, lang: Lang, color: bool) -> String {
    let secs = sum.elapsed_ms as f64 / 1000.0;
    let line = match lang {
        Lang::Zh => format!(
            "共审查 {} 项（{}）：通过 {}，需人工审查 {}，禁止公开 {}；发现 {} 条；用时 {:.2} 秒",
            sum.items,
            human_size(sum.bytes),
            sum.pass,
            sum.review,
            sum.block,
            sum.findings,
            secs
        ),
        Lang::En => format!(
            "{} items ({}): {} pass, {} review, {} block; {} findings; {:.2} s",
            sum.items,
            human_size(sum.bytes),
            sum.pass,
            sum.review,
            sum.block,
            sum.findings,
            secs
        ),
    };
    let code = match sum.worst() {
        Verdict::Block => "1;31",
        Verdict::Review => "1;33",
        Verdict::Pass => "1;32",
    };
    paint(&line, code, color)
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn input_text_cannot_drive_the_terminal() {
        assert_eq!(plain("名单.xlsx"), "名单.xlsx");
        assert_eq!(plain("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(plain("x\ny\u{7}"), "x\\u{a}y\\u{7}");
        assert_eq!(plain("\u{202E}txt.exe"), "\\u{202e}txt.exe");
        assert_eq!(plain("\u{9b}31m"), "\\u{9b}31m");
    }
}
