//! Classification markings (密级标志): layout-aware. A marking counts where markings are put —
//! the title area, a header/footer, a standalone line, a sheet title or name, the file name,
//! a 密级/公开属性 field, a `秘密★1年` form, a 密电 文号 — and not when the same words occur in
//! running prose (「防止泄露国家秘密、工作秘密和敏感信息」 passes).

use super::Hit;
use crate::extract::Zone;
use regex::Regex;

/// Compiled marking patterns, built once per run.
pub struct MarkingRecognizer {
    star: Regex,
    strict_period: Regex,
    level_field: Regex,
    telegram: Regex,
    publicity: Regex,
    not_public_note: Regex,
    filename_bracket: Regex,
    filename_edge: Regex,
    list_item: Regex,
}

impl Default for MarkingRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

// Tokens a standalone marking line may consist of, longest first. (token, kind or "" for filler)
const TOKENS: &[(&str, &str)] = &[
    ("仅供内部使用", "internal"),
    ("仅供内部参考", "internal"),
    ("仅限内部使用", "internal"),
    ("仅供内部", "internal"),
    ("限内部使用", "internal"),
    ("内部资料", "internal"),
    ("内部参阅", "internal"),
    ("内部名单", "internal"),
    ("内部掌握", "internal"),
    ("内部文件", "internal"),
    ("内部材料", "internal"),
    ("内部刊物", "internal"),
    ("内部参考", "internal"),
    ("内部通报", "internal"),
    ("内部明电", "internal"),
    ("内部使用", "internal"),
    ("内部发行", "internal"),
    ("内部事项", "internal"),
    ("不得外传", "internal"),
    ("请勿外传", "internal"),
    ("严禁外传", "internal"),
    ("禁止外传", "internal"),
    ("不得外泄", "internal"),
    ("不宜公开", "internal"),
    ("不对外公开", "internal"),
    ("不得公开", "internal"),
    ("注意保存", "internal"),
    ("注意保管", "internal"),
    ("注意保密", "internal"),
    ("妥善保管", "internal"),
    ("用后收回", "internal"),
    ("请妥善保管", "internal"),
    ("请注意保管", "internal"),
    ("请注意保存", "internal"),
    ("请注意保密", "internal"),
    ("阅后收回", "internal"),
    ("工作秘密", "work_secret"),
    ("密码电报", "state_secret"),
    ("绝密级", "state_secret"),
    ("机密级", "state_secret"),
    ("秘密级", "state_secret"),
    ("绝密", "state_secret"),
    ("机密", "state_secret"),
    ("秘密", "state_secret"),
    ("内部", "internal_weak"),
    // who the marking speaks of, and copy restrictions that go with one
    ("会后收回", ""),
    ("会后退回", ""),
    ("会后交回", ""),
    ("会后销毁", ""),
    ("阅后退回", ""),
    ("阅后交回", ""),
    ("阅后销毁", ""),
    ("阅后即焚", ""),
    ("用后退回", ""),
    ("用后交回", ""),
    ("用后销毁", ""),
    ("请勿转发", ""),
    ("严禁转发", ""),
    ("不得转发", ""),
    ("禁止转发", ""),
    ("请勿扩散", ""),
    ("严禁扩散", ""),
    ("不得扩散", ""),
    ("禁止扩散", ""),
    ("请勿外泄", ""),
    ("严禁外泄", ""),
    ("禁止外泄", ""),
    ("请勿复制", ""),
    ("请勿上网", ""),
    ("不得上网", ""),
    ("严禁上网", ""),
    ("禁止上网", ""),
    ("禁止复制", ""),
    ("禁止翻印", ""),
    ("会议使用", ""),
    ("会议用", ""),
    ("此件", ""),
    ("本件", ""),
    ("本资料", ""),
    ("本材料", ""),
    ("本文件", ""),
    ("严禁翻印", ""),
    ("不得翻印", ""),
    ("请勿翻印", ""),
    ("严禁复制", ""),
    ("不得复制", ""),
    ("仅供领导参阅", ""),
    ("仅供参阅", ""),
    ("仅供参考", ""),
    ("供领导参阅", ""),
    ("领导参阅", ""),
    ("供参阅", ""),
    ("密级", ""),
    ("保密期限", ""),
    ("特急", ""),
    ("加急", ""),
    ("特提", ""),
    ("平急", ""),
    ("长期", ""),
    ("份号", ""),
    ("年", ""),
    ("个月", ""),
];

fn is_filler(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_digit()
        || c.is_ascii_punctuation()
        || is_star(c)
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '：'
                | '；'
                | '！'
                | '（'
                | '）'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '「'
                | '」'
                | '『'
                | '』'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '《'
                | '》'
                | '—'
                | '·'
                | '•'
                | '▲'
                | '■'
                | '□'
                | '●'
                | '○'
                | '◆'
                | '※'
                | '…'
                | '─'
                | '━'
                | '│'
                | '┃'
                | '|'
        )
}

/// Classify a whole line that consists only of marking tokens and filler. Returns the kinds
/// found (strongest first) or None when anything else is on the line.
pub fn standalone_kinds(line: &str) -> Option<Vec<&'static str>> {
    standalone(line).map(|(k, _)| k)
}

/// [`standalone_kinds`] and the number of marking phrases on the line.
fn standalone(line: &str) -> Option<(Vec<&'static str>, usize)> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 40 {
        return None;
    }
    // the last word of a sentence that wrapped (「…分为绝密、机密和」 / 「秘密。」): a level
    // with a full stop or a comma after it ends prose; a marking carries no punctuation
    if let Some(head) = line.strip_suffix(['。', '，', '、', '；']) {
        let head = head.trim_end();
        if [
            "绝密",
            "机密",
            "秘密",
            "工作秘密",
            "绝密级",
            "机密级",
            "秘密级",
        ]
        .contains(&head)
        {
            return None;
        }
    }
    let mut kinds: Vec<&'static str> = Vec::new();
    let mut levels: Vec<&'static str> = Vec::new();
    let mut phrases = 0;
    let mut rest = line;
    while !rest.is_empty() {
        // a bracketed issue number after a marking (内部资料（一）, （第3期）)
        if let Some(n) = issue_number(rest) {
            rest = &rest[n..];
            continue;
        }
        let c = rest.chars().next()?;
        if is_filler(c) {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        // a use restriction (仅供审核使用, 仅供内部参阅, 仅限某某局内部使用): one naming 内部
        // is an internal marking, others go with one
        if let Some((n, internal)) = usage_note(rest) {
            if internal {
                phrases += 1;
                if !kinds.contains(&"internal") {
                    kinds.push("internal");
                }
            }
            rest = &rest[n..];
            continue;
        }
        // 内部交流资料, 内部学习材料; and the unit whose internal material it is, at the
        // start of the line (某某区民政局内部资料, 机关内部资料)
        let unit = if kinds.is_empty() && phrases == 0 {
            unit_prefix(rest)
        } else {
            0
        };
        if let Some(n) = internal_phrase(&rest[unit..]) {
            phrases += 1;
            if !kinds.contains(&"internal") {
                kinds.push("internal");
            }
            rest = &rest[unit + n..];
            continue;
        }
        let mut matched = false;
        for (tok, kind) in TOKENS {
            if let Some(r) = rest.strip_prefix(tok) {
                let level = tok.trim_end_matches('级');
                if *kind == "state_secret" && level.len() == 6 && !levels.contains(&level) {
                    levels.push(level);
                }
                if !kind.is_empty() {
                    phrases += 1;
                    if !kinds.contains(kind) {
                        kinds.push(kind);
                    }
                }
                rest = r;
                matched = true;
                break;
            }
        }
        if !matched {
            return None;
        }
    }
    // a line naming two levels (绝密;机密;秘密) lists them: no document carries two
    if kinds.is_empty() || levels.len() > 1 {
        return None;
    }
    Some((kinds, phrases))
}

/// Length in bytes of a bracketed issue number at the start of `s` (（一）, （第3期）, (2)).
fn issue_number(s: &str) -> Option<usize> {
    let body = s.strip_prefix('（').or_else(|| s.strip_prefix('('))?;
    let close = body.find(['）', ')'])?;
    let inner = &body[..close];
    let ok = !inner.is_empty()
        && inner.chars().count() <= 6
        && inner.chars().all(|c| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || "一二三四五六七八九十〇零第期辑册卷号总".contains(c)
        });
    let cl = body[close..].chars().next()?.len_utf8();
    ok.then(|| s.len() - body.len() + close + cl)
}

/// Org-name endings of a unit that can head its own internal material.
const UNIT_ENDINGS: &[&str] = &[
    "局", "委", "办", "厅", "处", "科", "室", "院", "所", "部", "会", "中心", "机关", "政府",
    "街道", "镇", "乡", "区", "县", "市", "省", "州", "队", "站", "单位", "公司", "集团",
];

/// Length in bytes of a unit's name (at most 15 Han characters ending like an organization)
/// right before an internal-material phrase at the start of `s`; 0 when there is none.
fn unit_prefix(s: &str) -> usize {
    let mut best = 0;
    let mut end = 0;
    for (n, c) in s.chars().enumerate() {
        if n >= 15 || !is_han(c) {
            break;
        }
        end += c.len_utf8();
        let head = &s[..end];
        if n >= 1
            && UNIT_ENDINGS.iter().any(|w| head.ends_with(w))
            && internal_phrase(&s[end..]).is_some()
        {
            best = end;
        }
    }
    best
}

/// Length in bytes of an internal-material phrase at the start of `s`: 内部资料 and the other
/// strong internal tokens, or 内部, at most four Han characters and 资料/材料/文件/刊物/读物
/// (内部交流资料, 内部学习材料).
fn internal_phrase(s: &str) -> Option<usize> {
    let body = s.strip_prefix("内部")?;
    let mut end = s.len() - body.len();
    for (n, c) in body.chars().enumerate() {
        if n >= 6 || !is_han(c) {
            break;
        }
        end += c.len_utf8();
        if n >= 1
            && ["资料", "材料", "文件", "刊物", "读物"]
                .iter()
                .any(|w| s[..end].ends_with(w))
        {
            return Some(end);
        }
    }
    None
}

/// A use restriction at the start of `s`: 仅供/仅限/限/供, more Han characters and 使用, 参考,
/// 参阅, 传阅, 阅读, 审阅, 审核, 掌握, 学习 or 交流 (仅供审核使用, 仅限会议参阅) — the longest such
/// phrase, its length in bytes and whether it names 内部 (仅供内部参阅, 仅限某某局内部使用: an
/// internal marking). At most ten more characters, sixteen when 内部 is among them (a unit's
/// name).
fn usage_note(s: &str) -> Option<(usize, bool)> {
    let body = ["仅供", "仅限", "限", "供"]
        .iter()
        .find_map(|p| s.strip_prefix(p))?;
    let mut end = s.len() - body.len();
    let mut longest = None;
    let mut internal = false;
    for (n, c) in body.chars().enumerate() {
        if n >= 16 || !is_han(c) {
            break;
        }
        end += c.len_utf8();
        let head = &s[..end];
        internal |= head.ends_with("内部");
        if n >= 10 && !internal {
            break;
        }
        // the longest such phrase (仅供审核使用, not 仅供审核 and a stray 使用)
        if n >= 1
            && [
                "使用", "参考", "参阅", "传阅", "阅读", "审阅", "审核", "掌握", "学习", "交流",
            ]
            .iter()
            .any(|w| head.ends_with(w))
        {
            longest = Some((end, internal));
        }
    }
    longest
}

/// Characters at least one of which every marking pattern contains: the level words (秘密,
/// 机密, 绝密, 工作秘密, 密级) all contain 密 — a star or 级 without 密 is no marking, which
/// keeps masked identifiers (`3301**********1234`) off the regexes; the other patterns need
/// 内/外 (内部, 不得外传), 保 (注意保密), 开 (不得公开, 公开属性), 收 (阅后收回), 电 (密电/明电)
/// or 件 (此件不予公开).
/// The options of a form's 密级 or 公开方式 row.
const OPTION_WORDS: &[&str] = &[
    "绝密",
    "机密",
    "秘密",
    "非密",
    "工作秘密",
    "内部",
    "主动公开",
    "依申请公开",
    "不予公开",
    "不公开",
    "免予公开",
];

/// The ticked option of a form's option list: a tick (☑ ☒ ✓ ✔ √, or ■ in a list of □ boxes)
/// right before a level or a 不予公开; the marking kind and the option's byte range.
fn ticked_option(l: &str) -> Option<(&'static str, usize, usize)> {
    let boxes = l.contains(['□', '☐']);
    for (i, c) in l.char_indices() {
        let tick = matches!(c, '☑' | '☒' | '✓' | '✔' | '√') || (c == '■' && boxes);
        if !tick {
            continue;
        }
        let after = i + c.len_utf8();
        let rest = l[after..].trim_start();
        let start = l.len() - rest.len();
        for (w, kind) in [
            ("工作秘密", "work_secret"),
            ("绝密", "state_secret"),
            ("机密", "state_secret"),
            ("秘密", "state_secret"),
            ("不予公开", "not_public"),
            ("不公开", "not_public"),
            ("免予公开", "not_public"),
            ("内部", "internal"),
        ] {
            if rest.starts_with(w) {
                return Some((kind, start, start + w.len()));
            }
        }
    }
    None
}

pub(crate) fn is_trigger(c: char) -> bool {
    matches!(c, '密' | '内' | '外' | '保' | '开' | '收' | '电' | '件')
}

/// Indices of the lines next to an attachment's heading (「附件2」 alone on a line): the two
/// non-empty lines before it and the three after it, where an attached document's marking
/// sits (above or below the heading). Sorted.
fn attachment_head_lines(text: &str) -> Vec<usize> {
    if !text.contains("附件") {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !crate::extract::is_attachment_heading(l) {
            continue;
        }
        let non_empty = |j: &usize| !lines[*j].trim().is_empty();
        out.extend((0..i).rev().filter(non_empty).take(2));
        out.extend((i + 1..lines.len()).filter(non_empty).take(3));
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn hit(kind: &'static str, rule: &str, s: usize, e: usize, value: &str, zh: &str, en: &str) -> Hit {
    Hit {
        category: "classification_marking",
        kind: kind.into(),
        rule: format!("marking.{kind}.{rule}").into(),
        start: s,
        end: e,
        value: value.to_string(),
        masked: None,
        action: None,
        message_zh: zh.to_string().into(),
        message_en: en.to_string().into(),
    }
}

fn messages(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "state_secret" => (
            "国家秘密标志（密级）：涉密材料不得公开，请立即停止处理并按本单位保密规定办理",
            "state secret marking: classified material must not be published",
        ),
        "work_secret" => (
            "工作秘密标志：未经审批不得公开",
            "work secret marking: not to be published without approval",
        ),
        "internal" => (
            "内部资料/不得外传标志：未经审批不得上网公开",
            "internal-only marking: not to be published without approval",
        ),
        _ => (
            "公开属性为不予公开，与上网公开相矛盾",
            "disclosure attribute says not to be published",
        ),
    }
}

/// The stars a marking puts between level and period (GB/T 9704 prints ★; drafts use
/// look-alikes).
/// The star between a level and its period, and what it becomes when a symbol font's ★ is
/// exported: any glyph of the geometric shapes, miscellaneous symbols or dingbats blocks
/// (a ZapfDingbats ★ read back as ❍), the operator ∗, or a symbol font's private-use code
/// (Wingdings ★ is U+F0AB in text copied out of Word).
const STARS: &str = r"[\*⋆∗\x{25A0}-\x{27BF}\x{2B50}\x{F020}-\x{F0FF}\x{1F7C9}-\x{1F7CB}]";

/// What follows the star: a period (`1年`, `6个月`, `90天`, `半年`, `壹年`, `长期`), `启用前`
/// (examination papers: secret until the exam starts), an end
/// date (`至2030年…`), or a condition ending in 解密 (`会议召开后解密`, `解密条件…`).
const PERIOD: &str = r"[0-9一二三四五六七八九十两〇零百壹贰叁肆伍陆柒捌玖拾佰]{1,4}\s*(?:年|个\s*月|月|天|日|周|星期)|半\s*年|长\s*期|永\s*久|启\s*用\s*前|解\s*密\s*条\s*件|至\s*[0-9]{4}\s*年|[^★\n，。；;,]{0,24}?解\s*密";

/// The periods of [`PERIOD`] without its last form (any words ending in 解密), anchored: what
/// follows a star that is a period whatever the star looks like.
const STRICT_PERIOD: &str = r"^\s*(?:[0-9一二三四五六七八九十两〇零百壹贰叁肆伍陆柒捌玖拾佰]{1,4}\s*(?:年|个\s*月|月|天|日|周|星期)|半\s*年|长\s*期|永\s*久|启\s*用\s*前|解\s*密\s*条\s*件|至\s*[0-9]{4}\s*年)";

/// Words that make the level word after them a noun of running text (保守国家秘密, 商业秘密,
/// 个人秘密): followed by a star and words ending in 解密 they are a slogan or an outline
/// (`保守国家秘密●依法定密解密`), not a marking.
const SECRET_COMPOUNDS: &[&str] = &[
    "国家", "商业", "个人", "技术", "军事", "企业", "经营", "保守", "涉及", "属于",
];

fn is_star(c: char) -> bool {
    matches!(
        c,
        '*' | '⋆'
            | '∗'
            | '\u{25A0}'..='\u{27BF}'
            | '\u{2B50}'
            | '\u{F020}'..='\u{F0FF}'
            | '\u{1F7C9}'..='\u{1F7CB}'
    )
}

/// Whether a line made of marking tokens is laid out as a marking rather than a table row or
/// a heading: no digits or field separators (`内部,30` is a category and a count).
fn plain_marking_line(l: &str) -> bool {
    !l.chars().any(|c| {
        c.is_ascii_digit() || matches!(c, ',' | ';' | '|' | '\t' | '，' | '、' | '；' | '：' | ':')
    })
}

/// The level word a line consists of, with nothing else but spaces, stars and brackets.
fn bare_level_word(l: &str) -> Option<&'static str> {
    let core: String = l
        .chars()
        .filter(|&c| !(c.is_whitespace() || is_star(c) || "【】〔〕[]（）()「」《》<>".contains(c)))
        .collect();
    ["绝密", "机密", "秘密"].into_iter().find(|w| *w == core)
}

/// The nearest non-empty lines (trimmed) before and after line `li` of `text`.
fn around(text: &str, li: usize) -> (Option<&str>, Option<&str>) {
    let lines: Vec<&str> = text.lines().collect();
    let before = lines[..li.min(lines.len())]
        .iter()
        .rev()
        .map(|t| t.trim())
        .find(|t| !t.is_empty());
    let after = lines
        .iter()
        .skip(li + 1)
        .map(|t| t.trim())
        .find(|t| !t.is_empty());
    (before, after)
}

/// Whether line `li` is one of two or more neighbouring lines that are level words (a column
/// of levels copied out of a table, a list of the three levels).
fn level_legend(text: &str, li: usize) -> bool {
    let is_level = |t: &str| standalone_kinds(t).is_some_and(|k| k.contains(&"state_secret"));
    let (before, after) = around(text, li);
    before.is_some_and(is_level) || after.is_some_and(is_level)
}

/// Whether the level word alone on line `li` is content of the lines around it rather than a
/// marking: the answer after a label (`正确答案：` / `答：` on the line before; a `密级` label
/// is a field, not this), a term its next line defines (`是指…`, `指…`), or the rest of a
/// phrase broken over lines (`保守` / `秘密` / `人人有责`).
fn level_as_content(text: &str, li: usize) -> bool {
    let (before, after) = around(text, li);
    let labelled = before.is_some_and(|b| {
        b.ends_with(['：', ':'])
            && !crate::extract::is_attachment_heading(b)
            && !["密级", "保密级别", "保密等级", "密级和保密期限"]
                .iter()
                .any(|w| b.trim_end_matches(['：', ':']).trim_end().ends_with(w))
    });
    let level = text.lines().nth(li).and_then(bare_level_word);
    let defined = after.is_some_and(|a| {
        ["是指", "指", "是", "即", "：", ":", "——", "－"]
            .iter()
            .any(|w| a.starts_with(w))
            // a glossary entry: the next line is a sentence about this level or 密级
            || a.contains('。')
                && a.chars().count() >= 8
                && (a.contains("密级") || level.is_some_and(|w| a.contains(w)))
    });
    let phrase = before.is_some_and(|b| SECRET_COMPOUNDS.iter().any(|w| b.ends_with(w)));
    labelled || defined || phrase
}

/// Whether a line carries marking decoration: a star or brackets around the words.
fn decorated(l: &str) -> bool {
    l.chars()
        .any(|c| is_star(c) || matches!(c, '【' | '】' | '〔' | '〕' | '[' | ']'))
}

impl MarkingRecognizer {
    pub fn new() -> Self {
        let lvl = r"(?:绝\s*密|机\s*密|秘\s*密)";
        MarkingRecognizer {
            star: Regex::new(&format!(
                r"{lvl}\s*(?:级\s*)?{STARS}\s*(?:{PERIOD})"
            ))
            .expect("star regex"),
            strict_period: Regex::new(STRICT_PERIOD).expect("strict period regex"),
            // a field stays on its line: `\s` without the line break
            level_field: Regex::new(
                &format!(
                    r"(?:密\s*级|保\s*密\s*(?:级\s*别|等\s*级|程\s*度))(?:\s*[/、和及与]\s*保\s*密\s*期\s*限)?\s*[】\]）)]?\s*[:：]?\s*((?:{lvl})|工作秘密|内部)"
                )
                .replace(r"\s", r"[\s--\n]"),
            )
            .expect("level regex"),
            telegram: Regex::new(r"\p{Han}{1,12}(密|明)电\s*[〔\[(（【]\s*[0-9]{4}\s*[〕\])）】]\s*[0-9]{1,5}\s*号").expect("telegram regex"),
            publicity: Regex::new(r"(?:公开属性|公开方式|公开类型|公开选项|信息公开属性|是否公开)\s*[:：]\s*(不予公开|不公开|非公开|免予公开|依申请公开)").expect("publicity regex"),
            not_public_note: Regex::new(r"[（(]\s*此件(?:不予公开|不公开|不得公开|不上网)\s*[）)]|^\s*此件(?:不予公开|不公开|不得公开|不上网)\s*$").expect("note regex"),
            filename_bracket: Regex::new(r"[（(【\[〔「]\s*(绝密|机密|秘密|工作秘密|内部资料|内部文件|内部|不得外传|涉密|密件)\s*[）)】\]〕」]").expect("fn regex"),
            list_item: Regex::new(r"^\s*(?:[0-9]{1,3}\s*[.．、)）]|[A-Ha-h]\s*[.．、)）]\s*|[（(]\s*[A-Ha-h]\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]|第[一二三四五六七八九十0-9]{1,4}[条章节]|[-+•]\s)").expect("list regex"),
            filename_edge: Regex::new(r"^(绝密|机密|秘密|工作秘密|内部资料|内部文件|涉密)[-_ ·.]|[-_ ·.](绝密|机密|秘密|工作秘密|内部资料|内部文件|涉密)$").expect("fn edge regex"),
        }
    }

    /// Markings in one segment's normalized text.
    pub fn find(&self, text: &str, zone: Zone) -> Vec<Hit> {
        self.find_in(text, zone, false)
    }

    /// Markings in one segment's normalized text; `table` when the segment is a table cell or
    /// csv text, where a marking word alone is usually a category value (资料类型「内部资料」,
    /// 审查结论「不宜公开」): there a line counts only in the title area or a header, or when
    /// it is laid out as a marking (two marking phrases, stars or brackets).
    pub fn find_in(&self, text: &str, zone: Zone, table: bool) -> Vec<Hit> {
        let mut out = Vec::new();
        // every pattern below needs one of these characters: skip short texts (cells,
        // paragraphs) without any in one pass
        if text.len() < 512 && !text.chars().any(is_trigger) {
            return out;
        }
        // cheap literal prefilters keep the regexes off ordinary prose
        let has_star = text.chars().any(is_star);
        let has_level = text.contains('级');
        let has_telegram = text.contains("密电") || text.contains("明电");
        let has_publicity = text.contains("公开");
        // 1. 秘密★1年 forms anywhere
        for m in self.star.find_iter(if has_star { text } else { "" }) {
            let before = text[..m.start()].trim_end();
            // a condition ending in 解密 (`秘密★会议召开后解密`) is a marking after a real star
            // and a level word of its own; after a bullet (●■▲◆○, which also separate the
            // items of slogans and outlines) or after 国家/商业… it is running text
            let star_at = m
                .as_str()
                .char_indices()
                .find(|&(_, c)| is_star(c))
                .map_or(m.len(), |(i, _)| i);
            let star = m.as_str()[star_at..].chars().next().unwrap_or('★');
            let after_star = &m.as_str()[star_at + star.len_utf8()..];
            if !self.strict_period.is_match(after_star)
                && (('\u{25A0}'..='\u{25FF}').contains(&star)
                    || SECRET_COMPOUNDS.iter().any(|w| before.ends_with(w)))
            {
                continue;
            }
            // 工作秘密★1年: a work secret with a period, not the state level 秘密
            let (kind, start) = match before.strip_suffix("工作") {
                Some(b) if m.as_str().starts_with('秘') => ("work_secret", b.len()),
                _ => ("state_secret", m.start()),
            };
            let (zh, en) = messages(kind);
            out.push(hit(
                kind,
                "star",
                start,
                m.end(),
                &text[start..m.end()],
                zh,
                en,
            ));
        }
        // 2. 密级：秘密 fields anywhere
        for c in self
            .level_field
            .captures_iter(if has_level { text } else { "" })
        {
            let Some(g) = c.get(1) else { continue };
            let word: String = g.as_str().chars().filter(|c| !c.is_whitespace()).collect();
            let kind = match word.as_str() {
                "工作秘密" => "work_secret",
                "内部" => "internal",
                _ => "state_secret",
            };
            let m = c.get(0).expect("group 0");
            // 「绝密级」: the 密级 of a level word is no field label; 原密级 (an archive
            // catalogue's former level of a declassified record) is no marking of this item
            let in_level_word = m.as_str().starts_with('密')
                && text[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(|p| matches!(p, '绝' | '机' | '秘' | '原'));
            if in_level_word
                || overlaps(&out, m.start(), m.end())
                || enumerates_levels(&text[m.end()..])
            {
                continue;
            }
            let (zh, en) = messages(kind);
            out.push(hit(kind, "field", m.start(), m.end(), &word, zh, en));
        }
        // 3. 密电 文号 (state secret) / 明电 文号 (internal telegram, reviewed as a term)
        for c in self
            .telegram
            .captures_iter(if has_telegram { text } else { "" })
        {
            let m = c.get(0).expect("group 0");
            if &c[1] == "密" {
                out.push(hit(
                    "state_secret",
                    "telegram",
                    m.start(),
                    m.end(),
                    m.as_str(),
                    "文号为密电：密码电报不得公开（文号本身即表明材料涉密）",
                    "document number of a classified telegram (密电)",
                ));
            } else {
                out.push(Hit {
                    category: "sensitive_term",
                    kind: "plain_telegram".into(),
                    rule: "term.plain_telegram".into(),
                    start: m.start(),
                    end: m.end(),
                    value: m.as_str().to_string(),
                    masked: None,
                    action: None,
                    message_zh: "明电文号：通常为内部电报，公开前需确认".into(),
                    message_en: "plain telegram number: usually internal".into(),
                });
            }
        }
        // 4. 公开属性 fields
        for c in self
            .publicity
            .captures_iter(if has_publicity { text } else { "" })
        {
            let m = c.get(0).expect("group 0");
            if &c[1] == "依申请公开" {
                out.push(Hit {
                    category: "sensitive_term",
                    kind: "on_request_only".into(),
                    rule: "term.on_request_only".into(),
                    start: m.start(),
                    end: m.end(),
                    value: "依申请公开".into(),
                    masked: None,
                    action: None,
                    message_zh: "公开属性为依申请公开：不应主动上网公开".into(),
                    message_en:
                        "disclosure attribute: on request only, not for proactive publication"
                            .into(),
                });
            } else {
                let (zh, en) = messages("not_public");
                out.push(hit(
                    "not_public",
                    "field",
                    m.start(),
                    m.end(),
                    &c[1],
                    zh,
                    en,
                ));
            }
        }
        // 5. line-based rules
        let levels = level_list_lines(text);
        let attached = attachment_head_lines(text);
        let mut off = 0;
        for (li, line) in text.split_inclusive('\n').enumerate() {
            let l = line.trim_end_matches(['\n', '\r']);
            let (ls, le) = (off, off + l.len());
            off += line.len();
            if l.trim().is_empty() || levels.contains(&li) {
                continue;
            }
            // a form's option list (密级 □绝密 □机密 ☑秘密, 公开方式 □主动公开 ☑不予公开): the
            // ticked option is the marking; with none ticked the row marks nothing
            if l.contains(['□', '☐', '☑', '☒', '✓', '✔', '√']) {
                if let Some((kind, a, b)) = ticked_option(l) {
                    if !overlaps(&out, ls + a, ls + b) {
                        let (zh, en) = messages(kind);
                        out.push(hit(kind, "ticked", ls + a, ls + b, &l[a..b], zh, en));
                    }
                    continue;
                }
                if l.contains(['□', '☐'])
                    && OPTION_WORDS.iter().filter(|w| l.contains(*w)).count() >= 2
                {
                    continue;
                }
            }
            // the note closes a line (「2025年3月1日印发（此件不公开）」) or stands alone; quoted
            // inside a sentence (「对标注（此件不公开）的文件…」) it is spoken of
            if let Some(m) = if l.contains("此件") {
                self.not_public_note.find(l).filter(|m| {
                    let after = l[m.end()..]
                        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '。' | '.'));
                    after.is_empty() || l[..m.start()].trim().is_empty()
                })
            } else {
                None
            } {
                let (zh, en) = messages("not_public");
                out.push(hit(
                    "not_public",
                    "note",
                    ls + m.start(),
                    ls + m.end(),
                    m.as_str(),
                    zh,
                    en,
                ));
                continue;
            }
            if zone == Zone::FileName {
                continue;
            }
            let strong_zone = matches!(
                zone,
                Zone::Title | Zone::HeaderFooter | Zone::SheetName | Zone::Metadata
            );
            // the first lines of an attached document (next to 「附件2」) are its title area;
            // its hits are told apart so that two attachments' levels are no legend
            let attachment = !strong_zone
                && (zone == Zone::AttachmentTitle || attached.binary_search(&li).is_ok());
            let strong_zone = strong_zone || attachment;
            // the whole line, or in the title area and headers a field at either end of it
            // (简报 版头: 「内部资料　　2025年第3期」, 「…办公室编　2025年4月2日　内部资料」)
            let line = l;
            let (l, ls, le, (kinds, phrases)) = match standalone(l) {
                Some(k) => (l, ls, le, k),
                None if strong_zone => match edge_field(l) {
                    Some((a, b)) => match standalone(&l[a..b]) {
                        Some(k) => (&l[a..b], ls + a, ls + b, k),
                        None => continue,
                    },
                    None => continue,
                },
                None => continue,
            };
            if self.list_item.is_match(line) {
                // a numbered heading or list item (「2. 工作秘密」, 「- 内部资料」) is a topic
                continue;
            }
            if line.trim_start().starts_with('#') && l.trim().ends_with('级') {
                // a markdown heading 「## 绝密级」 names the level an article explains
                continue;
            }
            if table {
                // empty cells around the marking (a merged title row saved as csv: 「机密,,,」)
                // do not make it a data row
                let is_sep = |c: char| matches!(c, ',' | ';' | '|' | '\t' | '，' | '；');
                let separated = l
                    .trim_matches(|c: char| is_sep(c) || c.is_whitespace() || c == '"')
                    .chars()
                    .any(is_sep);
                let laid_out = phrases > 1 || decorated(l);
                if separated && !decorated(l) || !strong_zone && !laid_out {
                    continue;
                }
            }
            let lead = l.len() - l.trim_start().len();
            let (ms, me) = (ls + lead, le - (l.len() - l.trim_end().len()));
            if overlaps(&out, ms, me) {
                continue;
            }
            // the strongest kind on the line wins
            let kind = if kinds.contains(&"state_secret") {
                if !strong_zone && table {
                    // a level word in a cell of running data is a category value; other
                    // tokens may be markings
                    kinds
                        .iter()
                        .copied()
                        .find(|k| *k == "work_secret" || *k == "internal")
                } else if (strong_zone || bare_level_word(l).is_some() && !level_legend(text, li))
                    && !(zone != Zone::HeaderFooter && level_as_content(text, li))
                {
                    // a level alone on its line is a marking wherever the line is (CONTRACT
                    // §5: "a standalone line"); in running text only the bare word (`秘密`,
                    // `★机密★`, `【秘密】`), not a line of a table of levels (`秘密	10年`) or
                    // one of a column of levels
                    Some("state_secret")
                } else {
                    kinds
                        .iter()
                        .copied()
                        .find(|k| *k == "work_secret" || *k == "internal")
                }
            } else if kinds.contains(&"work_secret") {
                // a bare 工作秘密 line in running text is a heading (「工作秘密」 as a topic);
                // with 注意保管 or brackets/stars, or where markings are put, it is a marking
                (strong_zone || kinds.len() > 1 || decorated(l)).then_some("work_secret")
            } else if kinds.contains(&"internal")
                || (strong_zone && kinds.contains(&"internal_weak") && plain_marking_line(l))
            {
                Some("internal")
            } else {
                None
            };
            if let Some(kind) = kind {
                let (zh, en) = messages(kind);
                let rule = if attachment {
                    "attachment_line"
                } else {
                    "line"
                };
                out.push(hit(kind, rule, ms, me, l.trim(), zh, en));
            }
        }
        out.sort_by_key(|h| h.start);
        out
    }

    /// A 公开属性 field laid out as two cells of one table row: `label` is the left cell, `value`
    /// this one (both normalized); the hit spans the value.
    pub fn publicity_pair(&self, label: &str, value: &str) -> Option<Hit> {
        let l = label.trim().trim_end_matches([':', '：']).trim_end();
        if !matches!(
            l,
            "公开属性" | "公开方式" | "公开类型" | "公开选项" | "信息公开属性" | "是否公开"
        ) {
            return None;
        }
        let v = value.trim();
        let start = value.len() - value.trim_start().len();
        let end = start + v.len();
        match v {
            "不予公开" | "不公开" | "非公开" | "免予公开" => {
                let (zh, en) = messages("not_public");
                Some(hit("not_public", "field", start, end, v, zh, en))
            }
            "依申请公开" => Some(Hit {
                category: "sensitive_term",
                kind: "on_request_only".into(),
                rule: "term.on_request_only".into(),
                start,
                end,
                value: v.to_string(),
                masked: None,
                action: None,
                message_zh: "公开属性为依申请公开：不应主动上网公开".into(),
                message_en: "disclosure attribute: on request only, not for proactive publication"
                    .into(),
            }),
            _ => None,
        }
    }

    /// A 密级 field laid out as two cells of one table row (a 发文稿纸 or a form in a docx):
    /// `label` is the left cell, `value` this one (both normalized); the hit spans the value.
    /// The value is a level alone (秘密, 机密★5年, 工作秘密); 非密 and a legend are nothing.
    pub fn level_pair(&self, label: &str, value: &str) -> Option<Hit> {
        let l: String = label
            .trim()
            .trim_end_matches([':', '：'])
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !matches!(
            l.as_str(),
            "密级" | "密级和保密期限" | "密级及保密期限" | "秘密等级"
        ) {
            return None;
        }
        let v = value.trim();
        let (kinds, _) = standalone(v)?;
        let kind = ["state_secret", "work_secret", "internal"]
            .into_iter()
            .find(|k| kinds.contains(k))?;
        let start = value.len() - value.trim_start().len();
        let (zh, en) = messages(kind);
        Some(hit(kind, "field", start, start + v.len(), v, zh, en))
    }

    /// Markings in an item's file name (normalized).
    pub fn find_in_file_name(&self, name: &str) -> Vec<Hit> {
        // an archive entry's folders (`内部资料/通知.txt`): a folder named as a marking
        // marks what is in it
        if let Some(k) = name.rfind(['/', '\\']) {
            let mut out = self.find(&name[..k], Zone::FileName);
            let mut at = 0;
            for dir in name[..k].split(['/', '\\']) {
                if let Some(kinds) = standalone_kinds(dir) {
                    let kind = ["state_secret", "work_secret", "internal"]
                        .into_iter()
                        .find(|w| kinds.contains(w));
                    if let Some(kind) = kind.filter(|_| !overlaps(&out, at, at + dir.len())) {
                        let (zh, en) = messages(kind);
                        out.push(hit(kind, "file_name", at, at + dir.len(), dir, zh, en));
                    }
                }
                at += dir.len() + 1;
            }
            for mut h in self.find_in_file_name(&name[k + 1..]) {
                h.start += k + 1;
                h.end += k + 1;
                out.push(h);
            }
            return out;
        }
        let mut out = self.find(name, Zone::FileName);
        let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
        let push = |word: &str, s: usize, e: usize, out: &mut Vec<Hit>| {
            let kind = match word {
                "工作秘密" => "work_secret",
                "内部资料" | "内部文件" | "内部" | "不得外传" => "internal",
                _ => "state_secret",
            };
            if !overlaps(out, s, e) {
                let (zh, en) = messages(kind);
                out.push(hit(kind, "file_name", s, e, word, zh, en));
            }
        };
        if let Some(kinds) = standalone_kinds(stem) {
            let kind = if kinds.contains(&"state_secret") {
                "秘密"
            } else if kinds.contains(&"work_secret") {
                "工作秘密"
            } else {
                "内部资料"
            };
            push(kind, 0, stem.len(), &mut out);
        }
        for c in self.filename_bracket.captures_iter(stem) {
            let m = c.get(0).expect("group 0");
            push(&c[1], m.start(), m.end(), &mut out);
        }
        for c in self.filename_edge.captures_iter(stem) {
            let m = c.get(0).expect("group 0");
            let g = c.get(1).or_else(|| c.get(2)).expect("group");
            push(g.as_str(), m.start(), m.end(), &mut out);
        }
        out
    }
}

/// A bare level word alone on a line (绝密, 机密, 秘密, 工作秘密 with list punctuation at most).
fn bare_level(l: &str) -> Option<&str> {
    let t = l.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '、' | '，' | ',' | '；' | ';' | '。' | '·' | '•' | '-')
    });
    // a legend row: the level and its period in another column (「绝密\t30年」, 「机密 | 20年」)
    let t = match t.find(['\t', '|', '｜', ',', '，']) {
        Some(k) if t[k..].chars().count() <= 12 && !t[k..].contains('密') => t[..k].trim(),
        _ => t,
    };
    let t = t.strip_suffix('级').unwrap_or(t);
    ["绝密", "机密", "秘密", "工作秘密"]
        .into_iter()
        .find(|w| *w == t)
}

/// Lines (0-based indices) that belong to a list of different bare level words (an HTML
/// `<li>绝密</li><li>机密</li><li>秘密</li>`, a table column of levels): the levels described,
/// not a marking. A real marking is one level on its own, never next to another one.
fn level_list_lines(text: &str) -> Vec<usize> {
    if text.len() < 512 && !(text.contains('密') && text.contains('\n')) {
        return Vec::new();
    }
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let mut out = Vec::new();
    for (k, (i, l)) in lines.iter().enumerate() {
        let Some(w) = bare_level(l) else { continue };
        let neighbour = |j: Option<usize>| {
            j.and_then(|j| lines.get(j))
                .and_then(|(_, n)| bare_level(n))
                .is_some_and(|n| n != w)
        };
        if neighbour(k.checked_sub(1)) || neighbour(Some(k + 1)) {
            out.push(*i);
        }
    }
    out
}

/// Whether the text after a level field goes on to list more levels (「标注密级：秘密、机密或者
/// 绝密」 describes the field, it is not one).
fn enumerates_levels(rest: &str) -> bool {
    let r = rest.trim_start();
    let Some(r) = ["、", "/", "或者", "或", "和", "及", "与", "，", ","]
        .iter()
        .find_map(|sep| r.strip_prefix(sep))
    else {
        return false;
    };
    let r = r.trim_start();
    ["绝密", "机密", "秘密", "工作秘密", "内部"]
        .iter()
        .any(|w| r.starts_with(w))
}

/// A marking at either end of a title-area or header line that carries other things too
/// (简报 版头: 「内部资料　　2025年第3期」, 「…办公室编　2025年4月2日　内部资料」): the first
/// or last whitespace-separated field when it alone is a marking (not a bare 内部), else an
/// internal-only phrase the line starts or ends with (normalization drops the spaces between
/// Chinese characters). Byte range within the line.
fn edge_field(l: &str) -> Option<(usize, usize)> {
    let t = l.trim_end();
    let start = l.len() - l.trim_start().len();
    let strong =
        |f: &str| standalone_kinds(f).is_some_and(|k| k.iter().any(|k| *k != "internal_weak"));
    if let (Some(fe), Some(ls)) = (
        t[start..].find(char::is_whitespace),
        t.rfind(char::is_whitespace),
    ) {
        let ls = ls + t[ls..].chars().next().map_or(1, char::len_utf8);
        if let Some(r) = [(start, start + fe), (ls, t.len())]
            .into_iter()
            .find(|&(a, b)| a < b && strong(&l[a..b]))
        {
            return Some(r);
        }
    }
    // a bracketed marking closing or opening a title line: 「…统计表（内部资料）」,
    // 「【内部资料】关于…的通知」
    for (open, close) in [
        ('（', '）'),
        ('(', ')'),
        ('【', '】'),
        ('[', ']'),
        ('〔', '〕'),
    ] {
        if let Some(body) = t.strip_suffix(close) {
            if let Some(i) = body.rfind(open) {
                if body.len() - i <= 60 && strong(&t[i..]) {
                    return Some((i, t.len()));
                }
            }
        }
        if let Some(body) = t[start..].strip_prefix(open) {
            if let Some(i) = body.find(close) {
                let end = start + open.len_utf8() + i + close.len_utf8();
                if i <= 60 && strong(&t[start..end]) {
                    return Some((start, end));
                }
            }
        }
    }
    // the rest of a 版头 line is an issue number, a date or the compiling office (…编), or
    // says what stage of a draft this is (「内部征求意见　不得外传」, 「征求意见稿　注意保密」)
    let masthead = |rest: &str| {
        let rest = rest.trim();
        rest.chars()
            .any(|c| c.is_ascii_digit() || c == '编' || c == '期')
            || (rest.chars().count() <= 10
                && ["稿", "征求意见", "讨论", "内部", "送审", "审议", "草案"]
                    .iter()
                    .any(|w| rest.contains(w)))
    };
    TOKENS
        .iter()
        .filter(|(tok, kind)| *kind == "internal" && tok.chars().count() >= 4)
        .find_map(|(tok, _)| {
            let after = &t[start..].strip_prefix(tok).unwrap_or("");
            // (a draft's name after it is another field run together: 「不得公开征求意见稿」)
            let draft_name = after.trim_end().ends_with('稿') && after.chars().count() <= 8;
            let word_goes_on =
                after.chars().next().is_some_and(|c| is_han(c) && c != '第') && !draft_name;
            if t[start..].starts_with(tok) && !word_goes_on && masthead(after) {
                Some((start, start + tok.len()))
            } else if t.ends_with(tok) && masthead(&t[..t.len() - tok.len()]) {
                Some((t.len() - tok.len(), t.len()))
            } else {
                None
            }
        })
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

fn overlaps(hits: &[Hit], s: usize, e: usize) -> bool {
    hits.iter().any(|h| h.start < e && s < h.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn kinds(text: &str, zone: Zone) -> Vec<String> {
        let r = MarkingRecognizer::new();
        let n = normalize(text).text;
        r.find(&n, zone)
            .into_iter()
            .map(|h| format!("{}:{}", h.category, h.kind))
            .collect()
    }

    const S: &str = "classification_marking:state_secret";
    const W: &str = "classification_marking:work_secret";
    const I: &str = "classification_marking:internal";
    const N: &str = "classification_marking:not_public";

    #[test]
    fn hits() {
        let cases: Vec<(&str, Zone, Vec<&str>)> = vec![
            (
                "秘密★3年\n关于工程建设项目审批工作推进情况的报告\n",
                Zone::Title,
                vec![S],
            ),
            ("机密★5年", Zone::Title, vec![S]),
            ("绝密★长期", Zone::Body, vec![S]),
            ("正文中出现秘密★1年的标注", Zone::Body, vec![S]),
            ("秘 密 ★ 1 年", Zone::Title, vec![S]),
            ("秘密＊１年", Zone::Title, vec![S]),
            ("秘密★一年", Zone::Body, vec![S]),
            ("机密★十年", Zone::Body, vec![S]),
            ("機密★10年", Zone::Title, vec![S]),
            ("机\u{200B}密★5年", Zone::Title, vec![S]),
            ("000123\n绝密\n特急\n", Zone::Title, vec![S]),
            // one level per line, repeated (header and first line), is still a marking
            ("秘密\n秘密\n关于某项工作的报告", Zone::Title, vec![S, S]),
            ("机密\n\n关于某项工作的报告", Zone::Title, vec![S]),
            ("秘　密", Zone::HeaderFooter, vec![S]),
            ("密级：机密", Zone::Body, vec![S]),
            ("密级: 秘密", Zone::Body, vec![S]),
            ("工作秘密", Zone::Title, vec![W]),
            ("工作秘密　注意保管", Zone::Body, vec![W]),
            ("内部资料　注意保存", Zone::Title, vec![I]),
            ("内部资料　请妥善保管", Zone::Title, vec![I]),
            ("2025年3月1日印发（此件不公开）", Zone::Body, vec![N]),
            ("请注意保管", Zone::HeaderFooter, vec![I]),
            ("【内部资料】", Zone::Title, vec![I]),
            ("内部文件　不得外传", Zone::Body, vec![I]),
            ("仅供内部使用", Zone::HeaderFooter, vec![I]),
            ("內部資料", Zone::Title, vec![I]),
            ("内部", Zone::HeaderFooter, vec![I]),
            ("市委密电〔2024〕3号", Zone::Body, vec![S]),
            ("公开属性：不予公开", Zone::Body, vec![N]),
            ("公开方式：不公开", Zone::Body, vec![N]),
            ("（此件不公开）", Zone::Body, vec![N]),
            // other periods and look-alike stars
            ("秘密★会议召开后解密", Zone::Body, vec![S]),
            ("机密★至2030年12月31日", Zone::Body, vec![S]),
            ("秘密★90天", Zone::Body, vec![S]),
            ("秘密★6个月", Zone::Body, vec![S]),
            ("秘密★半年", Zone::Body, vec![S]),
            ("秘密★壹年", Zone::Body, vec![S]),
            ("绝密★永久", Zone::Body, vec![S]),
            ("机密★解密条件：项目验收后", Zone::Body, vec![S]),
            ("秘密✱1年", Zone::Body, vec![S]),
            // a level alone on a line of the body (CONTRACT §5: "a standalone line")
            (
                "关于某事的通知\n第一段。\n秘密\n第二段。",
                Zone::Body,
                vec![S],
            ),
            ("【机密】", Zone::Body, vec![S]),
            ("秘　密", Zone::Body, vec![S]),
            ("秘密★", Zone::Body, vec![S]),
            ("秘密❍", Zone::Body, vec![S]),
            ("密级\n秘密", Zone::Body, vec![S]),
            // a bullet where the star was, with a period: still a marking
            ("秘密●1年", Zone::Body, vec![S]),
            ("机密■长期", Zone::Body, vec![S]),
            ("秘密✶1年", Zone::Body, vec![S]),
            ("秘密🟊1年", Zone::Body, vec![S]),
            ("秘密☆2年", Zone::Body, vec![S]),
            ("秘密级★1年", Zone::Body, vec![S]),
            ("秘密✶", Zone::Title, vec![S]),
            // level fields in their other spellings
            ("保密级别：秘密", Zone::Body, vec![S]),
            ("保密等级：机密", Zone::Body, vec![S]),
            ("密级/保密期限：秘密/1年", Zone::Body, vec![S]),
            ("密级和保密期限：机密★5年", Zone::Body, vec![S]),
            ("【密级】机密", Zone::Body, vec![S]),
            ("密级 秘密", Zone::Body, vec![S]),
            ("密级：工作秘密", Zone::Body, vec![W]),
            ("密码电报", Zone::Title, vec![S]),
            ("【工作秘密】", Zone::Body, vec![W]),
            ("内部★", Zone::Title, vec![I]),
            // examination papers; a work secret with a period
            ("绝密★启用前", Zone::Title, vec![S]),
            ("工作秘密★1年", Zone::Title, vec![W]),
            ("工作秘密 ★ 6个月", Zone::Body, vec![W]),
            // 简报 版头 lines: the marking is one field of the line
            ("内部资料　　　　2025年第3期", Zone::Title, vec![I]),
            (
                "市燃气安全专班办公室编　　2025年4月2日　　内部资料",
                Zone::Title,
                vec![I],
            ),
            ("（此件不得外传）", Zone::Title, vec![I]),
            ("（此件不得外传）", Zone::Body, vec![I]),
            ("内部资料　严禁翻印", Zone::Title, vec![I]),
            ("内部资料　第3期", Zone::Title, vec![I]),
            (
                "2025年城市防汛排涝工作进度统计表（内部资料）",
                Zone::Title,
                vec![I],
            ),
            ("进度统计表（内部资料　不得外传）", Zone::SheetName, vec![I]),
            ("【内部资料】关于做好防汛工作的通知", Zone::Title, vec![I]),
            (
                "关于做好防汛工作的通知（工作秘密）",
                Zone::HeaderFooter,
                vec![W],
            ),
            ("内部资料（供领导参阅）", Zone::Title, vec![I]),
            // a draft's stage beside the restriction
            ("内部征求意见　不得外传", Zone::Title, vec![I]),
            ("征求意见稿　注意保密", Zone::Title, vec![I]),
            ("内部讨论稿　请勿外传", Zone::Title, vec![I]),
            ("不得公开　征求意见稿", Zone::Title, vec![I]),
            ("本资料仅供内部参考，请勿外传", Zone::Title, vec![I]),
            ("秘密　　000123", Zone::Title, vec![S]),
            // a form's ticked option
            ("□绝密　□机密　☑秘密　□非密", Zone::Title, vec![S]),
            ("密级：■机密 □秘密 □非密", Zone::Body, vec![S]),
            (
                "公开方式：□主动公开 □依申请公开 ☑不予公开",
                Zone::Body,
                vec!["classification_marking:not_public"],
            ),
            // a marking and a note on who may read it
            ("内部资料　仅供领导参阅", Zone::HeaderFooter, vec![I]),
            ("内部参阅　请勿外传", Zone::Title, vec![I]),
            ("内部资料（仅供参考）", Zone::Title, vec![I]),
            ("内部名单　仅供内部使用", Zone::Title, vec![I]),
            // handling notes next to the level: return after the meeting, do not forward
            ("秘密　会后收回", Zone::HeaderFooter, vec![S]),
            ("机密　阅后退回", Zone::Title, vec![S]),
            ("内部资料　请勿转发", Zone::Title, vec![I]),
            ("工作秘密　严禁转发", Zone::Title, vec![W]),
            ("内部资料（会议用）", Zone::Body, vec![I]),
            ("内部资料　仅供审核使用", Zone::HeaderFooter, vec![I]),
            ("工作秘密　仅限会议参阅", Zone::Title, vec![W]),
            ("秘密★1年　会后交回", Zone::Body, vec![S]),
            // a symbol font's star after export: a dingbat read back as ❍, Wingdings' private
            // code, the operator ∗; a bare level followed by such a glyph
            ("秘密❍1年", Zone::Body, vec![S]),
            ("秘密\u{F0AB}1年", Zone::Body, vec![S]),
            ("机密∗10年", Zone::Body, vec![S]),
            ("绝密✪长期", Zone::Body, vec![S]),
            ("机密❍", Zone::Title, vec![S]),
            // an attached document's own marking, above or below its heading 「附件2」
            ("正文。\n\n附件1\n\n机密\n某某测算表\n", Zone::Body, vec![S]),
            ("正文。\n工作秘密\n附件2\n某某名单\n", Zone::Body, vec![W]),
            ("附件：\n秘密", Zone::Body, vec![S]),
            ("机密", Zone::AttachmentTitle, vec![S]),
        ];
        for (t, z, want) in cases {
            assert_eq!(kinds(t, z), want, "{t:?} in {z:?}");
        }
    }

    #[test]
    fn internal_use_lines_with_units_restrictions_and_issue_numbers() {
        // (line at the top of a document, expected kinds)
        let cases: &[(&str, &[&str])] = &[
            // hits: restrictions naming 内部, with any verb of use
            ("仅供内部参阅", &[I]),
            ("此件仅供内部参阅", &[I]),
            ("仅供内部传阅", &[I]),
            ("仅供内部掌握", &[I]),
            ("本材料仅供内部学习", &[I]),
            ("仅限福田区民政局内部使用", &[I]),
            // the unit whose internal material it is
            ("福田区民政局内部资料", &[I]),
            ("机关内部资料", &[I]),
            ("福田区内部文件", &[I]),
            ("内部交流资料", &[I]),
            ("内部学习材料　注意保管", &[I]),
            // notes and issue numbers beside a marking
            ("内部资料　请勿上网", &[I]),
            ("内部资料（一）", &[I]),
            ("内部资料（第3期）", &[I]),
            ("（此件不上网）", &[N]),
            ("秘密★1年（2）", &[S]),
            // near misses: a restriction that names no internal use, a title about the
            // material, a heading, a list of the levels, an issue number alone
            ("仅供参考", &[]),
            ("仅供审核使用", &[]),
            ("关于加强机关内部资料管理", &[]),
            ("福田区民政局内部资料管理办法", &[]),
            ("三、机关内部资料", &[]),
            ("绝密;机密;秘密;保密期限", &[]),
            ("绝密　机密　秘密", &[]),
            ("（一）", &[]),
            ("内部交流", &[]),
            ("仅限内部人员参加会议的通知", &[]),
        ];
        for (line, want) in cases {
            let text = format!("{line}\n关于开展年度检查工作的通知\n");
            let got = kinds(&text, Zone::Title);
            assert_eq!(got, want.to_vec(), "{line}");
        }
    }

    #[test]
    fn near_misses_in_prose() {
        let cases: Vec<(&str, Zone)> = vec![
            ("防止泄露国家秘密、工作秘密和敏感信息", Zone::Title),
            // handling notes alone, or in a sentence, mark nothing
            ("会后收回", Zone::Title),
            ("请勿转发", Zone::HeaderFooter),
            ("仅供审核使用", Zone::Title),
            ("会议材料会后收回，涉及秘密的文件请勿转发。", Zone::Body),
            ("秘密　会后收回", Zone::Body),
            ("供会议讨论使用的秘密文件清单", Zone::Title),
            ("做好保密审查", Zone::Title),
            ("内部资料性出版物准印证由新闻出版部门核发", Zone::Title),
            ("要严格保守国家秘密，不得泄露工作秘密。", Zone::Body),
            // slogans and outlines: bullets between their items, a noun before the level word
            ("保守国家秘密●依法定密解密", Zone::Body),
            ("国家秘密●解密", Zone::Title),
            ("商业秘密●知识产权●解密技术", Zone::Body),
            ("国家秘密、工作秘密◆定密解密◆保密审查", Zone::Body),
            ("本次培训内容：国家秘密○工作秘密○定密解密", Zone::Body),
            (
                "保守国家秘密　　★　　严守工作纪律，2025年保密解密工作会议",
                Zone::Body,
            ),
            // an archive catalogue's former level of a declassified record
            (
                "档号 J001-003-0123 原密级：秘密 解密情况：已解密",
                Zone::Body,
            ),
            ("保护商业秘密和个人隐私", Zone::Title),
            // a column or list of levels in running text is no marking
            ("绝密\n机密\n秘密", Zone::Body),
            (
                "密级\t最长保密期限\n绝密\t30年\n机密\t20年\n秘密\t10年",
                Zone::Body,
            ),
            ("秘密级", Zone::Body),
            // a level word that is the content around it: an answer, a defined term, the
            // middle of a phrase broken over lines
            ("下列哪一级最高？\n正确答案：\n绝密\n", Zone::Body),
            ("问：该文件的密级？\n答：\n机密", Zone::Body),
            (
                "术语\n秘密\n是指泄露会使国家安全和利益遭受损害的国家秘密。",
                Zone::Body,
            ),
            ("保守\n秘密\n人人有责", Zone::Body),
            (
                "商业秘密\n不为公众所知悉的商业信息。\n秘密\n国家秘密的一个密级，指一般的国家秘密。",
                Zone::Body,
            ),
            // the tail of a wrapped sentence near the top of a page
            ("秘密。", Zone::Title),
            ("绝密。", Zone::Title),
            ("机密性保护", Zone::Title),
            ("密级：无", Zone::Body),
            ("公开方式：主动公开", Zone::Body),
            ("（此件公开发布）", Zone::Body),
            ("内部", Zone::Body),
            (
                "涉及国家秘密的事项，依照《中华人民共和国保守国家秘密法》办理。",
                Zone::Title,
            ),
            // a blank option list marks nothing
            ("□绝密　□机密　□秘密　□非密", Zone::Title),
            ("密级 □绝密 □机密 □秘密 □非密", Zone::Title),
            ("公开方式：☑主动公开 □依申请公开 □不予公开", Zone::Title),
            ("仅供参考", Zone::Title),
            ("本表数据仅供参考", Zone::Title),
            ("内部参阅资料管理办法", Zone::Title),
            ("三星级❍❍❍酒店", Zone::Title),
            ("机密性◆1年", Zone::Body),
            ("秘密★号", Zone::Body),
            ("机密★重要，需按规定办理", Zone::Body),
            ("保密等级划分为秘密、机密和绝密三级", Zone::Body),
            ("确定密级和保密期限：", Zone::Body),
            ("该文件的密级为秘密的，不得公开", Zone::Body),
            // a category column and a count, a bare topic heading in running text
            ("内部,30", Zone::Title),
            ("内部\t12", Zone::Title),
            ("外部,内部", Zone::Title),
            ("工作秘密", Zone::Body),
            ("密码电报", Zone::Body),
            // masked identifiers and stars without a level word
            ("3301**********123X", Zone::Title),
            ("138****5678", Zone::SheetName),
            ("★1年", Zone::Title),
            ("一级★★★", Zone::Title),
            (
                "各单位要加强内部管理，不得外传未公开信息的做法必须纠正",
                Zone::Title,
            ),
            // a sentence that ends with the phrase, a title naming it
            ("各单位收到的文件一律不得外传", Zone::Title),
            ("关于征求意见稿不得外传的通知", Zone::Title),
            // a level field described, not filled in
            (
                "各单位印发公文时应当在首页标注密级：秘密、机密或者绝密，并同时标注保密期限。",
                Zone::Body,
            ),
            ("密级：绝密/机密/秘密", Zone::Body),
            // numbered headings and list items are topics
            ("2. 工作秘密", Zone::Title),
            ("三、工作秘密", Zone::Title),
            // a quiz's answer options (保密知识测试题: 「D. 秘密」 under a question)
            ("1. 最低的密级是？\nD. 秘密\n答案：D", Zone::Title),
            ("C．机密", Zone::Title),
            ("（A）绝密", Zone::Title),
            ("B) 工作秘密", Zone::Title),
            ("D、内部资料", Zone::Title),
            ("（一）内部资料", Zone::Title),
            ("- 内部资料", Zone::Body),
            ("2. 注意保密。", Zone::Title),
            ("第五条 工作秘密", Zone::Title),
            ("对标注（此件不公开）的文件，不得上网发布。", Zone::Body),
            // the levels listed one per line (an HTML list, a column of levels)
            (
                "国家秘密的密级分为：\n绝密\n机密\n秘密\n三级。",
                Zone::Title,
            ),
            ("绝密\n机密\n秘密", Zone::Title),
            (
                "密级\t最长保密期限\n绝密\t30年\n机密\t20年\n秘密\t10年",
                Zone::Title,
            ),
            ("密级分为\n- 秘密、\n- 机密、\n- 绝密", Zone::Title),
            ("秘密\n工作秘密", Zone::HeaderFooter),
            // an attachment list after the body is no attachment's heading, and lines far
            // from a heading are running text (a bare 工作秘密 there is a topic; a bare level
            // word is a marking on any line)
            ("附件：1．工作秘密管理台账\n工作秘密", Zone::Body),
            ("附件1\n一\n二\n三\n工作秘密", Zone::Body),
            ("附件一二三四\n工作秘密", Zone::Body),
            // 「绝密级」 headings and their paragraphs: no 密级 field across lines
            ("## 绝密级\n\n绝密级国家秘密是最重要的国家秘密", Zone::Title),
            ("绝密级\n机密级\n秘密级", Zone::Body),
            // a field at the edge of a title line must be a marking on its own
            ("内部 控制制度", Zone::Title),
            ("内部资料性出版物2025年目录", Zone::Title),
            ("2025年内部资料性出版物准印证", Zone::Title),
            (
                "关于印发《内部资料性出版物管理办法》的通知（征求意见稿）",
                Zone::Title,
            ),
            ("关于加强内部管理的通知（内部控制）", Zone::Title),
            ("关于加强内部审计工作的通知", Zone::Title),
        ];
        for (t, z) in cases {
            assert!(kinds(t, z).is_empty(), "{t:?} in {z:?}: {:?}", kinds(t, z));
        }
    }

    fn table_kinds(text: &str, zone: Zone) -> Vec<String> {
        let r = MarkingRecognizer::new();
        let n = normalize(text).text;
        r.find_in(&n, zone, true)
            .into_iter()
            .map(|h| h.kind.to_string())
            .collect()
    }

    #[test]
    fn table_cells_and_csv_rows() {
        // category values in a table body are not markings
        for t in [
            "内部资料",
            "不宜公开",
            "内部",
            "工作秘密",
            "秘密",
            "注意保存",
        ] {
            assert!(table_kinds(t, Zone::Body).is_empty(), "{t}");
        }
        // a csv row in the title area: a category column, not a marking
        assert!(table_kinds("1,内部资料,35", Zone::Title).is_empty());
        assert!(table_kinds("内部\t35", Zone::Title).is_empty());
        // a title cell / first csv line, or a cell laid out as a marking, still is
        assert_eq!(
            table_kinds("内部资料　不得外传", Zone::Title),
            vec!["internal"]
        );
        assert_eq!(table_kinds("内部资料", Zone::Title), vec!["internal"]);
        assert_eq!(table_kinds("秘密", Zone::Title), vec!["state_secret"]);
        // a merged title row saved as csv: the marking and empty cells
        assert_eq!(table_kinds("机密,,,", Zone::Title), vec!["state_secret"]);
        assert_eq!(
            table_kinds("内部资料 注意保存,,,,", Zone::Title),
            vec!["internal"]
        );
        assert_eq!(table_kinds(",工作秘密,,", Zone::Title), vec!["work_secret"]);
        assert!(table_kinds("内部,,35", Zone::Title).is_empty());
        assert_eq!(
            table_kinds("内部资料　注意保存", Zone::Body),
            vec!["internal"]
        );
        assert_eq!(table_kinds("【内部资料】", Zone::Body), vec!["internal"]);
        assert_eq!(table_kinds("秘密★1年", Zone::Body), vec!["state_secret"]);
        assert_eq!(
            table_kinds("份号 000123 机密", Zone::Title),
            vec!["state_secret"]
        );
    }

    #[test]
    fn publicity_as_two_cells() {
        let r = MarkingRecognizer::new();
        let k = |l: &str, v: &str| r.publicity_pair(l, v).map(|h| h.kind.to_string());
        assert_eq!(k("公开属性", "不予公开").as_deref(), Some("not_public"));
        assert_eq!(k("公开方式：", " 不公开").as_deref(), Some("not_public"));
        assert_eq!(
            k("公开属性", "依申请公开").as_deref(),
            Some("on_request_only")
        );
        assert_eq!(k("公开属性", "主动公开"), None);
        assert_eq!(k("文件名称", "不予公开"), None);
        assert_eq!(k("公开属性", "不予公开的情形"), None);
    }

    #[test]
    fn level_as_two_cells() {
        let r = MarkingRecognizer::new();
        let k = |l: &str, v: &str| r.level_pair(l, v).map(|h| h.kind.to_string());
        // hits
        assert_eq!(k("密级", "秘密").as_deref(), Some("state_secret"));
        assert_eq!(k("密 级：", " 机密★5年").as_deref(), Some("state_secret"));
        assert_eq!(
            k("密级和保密期限", "秘密★1年").as_deref(),
            Some("state_secret")
        );
        assert_eq!(k("密级", "工作秘密").as_deref(), Some("work_secret"));
        assert_eq!(k("密级", "内部资料").as_deref(), Some("internal"));
        // near misses: not classified, a legend of the levels, another label, prose
        assert_eq!(k("密级", "非密"), None);
        assert_eq!(k("密级", "无"), None);
        assert_eq!(k("密级", "绝密、机密、秘密"), None);
        assert_eq!(k("原密级", "秘密"), None);
        assert_eq!(k("文件名称", "秘密"), None);
        assert_eq!(k("密级", "秘密事项的确定"), None);
    }

    #[test]
    fn plain_telegram_and_on_request_are_terms() {
        assert_eq!(
            kinds("省政府办公厅明电〔2024〕5号", Zone::Body),
            vec!["sensitive_term:plain_telegram"]
        );
        assert_eq!(
            kinds("公开属性：依申请公开", Zone::Body),
            vec!["sensitive_term:on_request_only"]
        );
    }

    #[test]
    fn file_names() {
        let r = MarkingRecognizer::new();
        let f = |n: &str| {
            r.find_in_file_name(&normalize(n).text)
                .into_iter()
                .map(|h| h.kind.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(f("关于X的报告（秘密）.docx"), vec!["state_secret"]);
        assert_eq!(f("【内部资料】简报.txt"), vec!["internal"]);
        assert_eq!(f("机密-名单.xlsx"), vec!["state_secret"]);
        assert_eq!(f("报告_工作秘密.docx"), vec!["work_secret"]);
        assert_eq!(f("秘密★1年 会议纪要.docx"), vec!["state_secret"]);
        assert!(f("内部资料性出版物管理办法.txt").is_empty());
        assert!(f("关于做好保密审查工作的通知.txt").is_empty());
        assert!(f("国家秘密定密管理暂行规定.txt").is_empty());
        // archive entries: a folder named as a marking marks what is in it
        assert_eq!(f("内部资料/通知.txt"), vec!["internal"]);
        assert_eq!(f("附件/机密/名单.xlsx"), vec!["state_secret"]);
        assert_eq!(f("秘密★1年/名单.xlsx"), vec!["state_secret"]);
        assert_eq!(f("附件/【内部资料】简报.txt"), vec!["internal"]);
        assert!(f("内部资料性出版物/目录.txt").is_empty());
        assert!(f("保密工作/通知.txt").is_empty());
    }
}
