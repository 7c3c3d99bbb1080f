//! HTML: a linear, non-recursive tokenizer that keeps source positions. Visible text is grouped
//! per block element; comments, `display:none`/`hidden`/`<template>` subtrees and hidden inputs
//! become hidden segments; `<meta>` author/keywords become metadata. Nesting is bounded by
//! `Limits::max_html_depth` (deeper elements are still read, just not tracked).

use super::{Anchor, Extracted, Layer, Limits, Location, Segment, Zone};
use std::collections::HashSet;

const TITLE_BLOCKS: usize = 6;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "option",
    "select",
    "textarea",
    "head",
    "noscript",
    "template",
    "script",
    "style",
];

/// Tracks line/column while walking the source.
struct Pos<'a> {
    src: &'a str,
    at: usize,
    line: u32,
    col: u32,
}

impl<'a> Pos<'a> {
    fn advance_to(&mut self, target: usize) {
        let target = target.min(self.src.len());
        if target <= self.at {
            return;
        }
        for c in self.src[self.at..target].chars() {
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
        self.at = target;
    }
}

/// A text run being assembled for one block.
struct Run {
    text: String,
    map: Vec<(usize, u32, u32)>,
    hidden: bool,
    row: Option<u32>,
    /// Text of the `<title>` element (the browser tab, not the page).
    in_title: bool,
}

struct State<'a> {
    ex: Extracted,
    /// The visible text of the current block: hidden inline pieces (`秘<span hidden>_</span>密`)
    /// and comments do not break it, as a reader sees one line.
    run: Option<Run>,
    /// Hidden text met inside the current block, up to the next visible text.
    hidden_run: Option<Run>,
    /// Ruby annotations (`<rt>`) of the current block: shown above the base text, not inside
    /// it (`<ruby>机<rt>jī</rt></ruby>` reads 机 on the line, jī above it).
    ruby_run: Option<Run>,
    visible_blocks: usize,
    /// Segment indices of the first visible blocks (up to [`super::TITLE_SEARCH_LINES`]).
    first_blocks: Vec<usize>,
    /// Inside `<title>` while its text is read.
    in_title: bool,
    _limits: &'a Limits,
}

impl State<'_> {
    fn push_text(&mut self, text: &str, line: u32, col: u32, hidden: bool, row: Option<u32>) {
        if text.is_empty() {
            return;
        }
        if !hidden && !text.trim().is_empty() {
            // hidden pieces separated by visible text stay separate segments
            if let Some(h) = self.hidden_run.take() {
                self.emit(h);
            }
        }
        let in_title = self.in_title;
        let slot = if hidden {
            &mut self.hidden_run
        } else {
            &mut self.run
        };
        let run = slot.get_or_insert_with(|| Run {
            text: String::new(),
            map: Vec::new(),
            hidden,
            row,
            in_title,
        });
        run.map.push((run.text.len(), line, col));
        decode_entities_into(text, line, col, &mut run.text, &mut run.map);
    }

    /// End of a block: both runs become segments.
    fn flush(&mut self) {
        if let Some(r) = self.run.take() {
            self.emit(r);
        }
        if let Some(h) = self.hidden_run.take() {
            self.emit(h);
        }
        if let Some(r) = self.ruby_run.take() {
            if !r.text.trim().is_empty() {
                self.ex.segments.push(Segment {
                    text: r.text,
                    anchor: Anchor::TextMap(r.map),
                    layer: Layer::Visible,
                    zone: Zone::Body,
                    record: r.row,
                    title_len: 0,
                });
            }
        }
    }

    /// Text of a ruby annotation, kept apart from the line it annotates; annotations of one
    /// block are one segment, separated by spaces.
    fn push_ruby(&mut self, text: &str, line: u32, col: u32, row: Option<u32>) {
        if text.trim().is_empty() {
            return;
        }
        let run = self.ruby_run.get_or_insert_with(|| Run {
            text: String::new(),
            map: Vec::new(),
            hidden: false,
            row,
            in_title: false,
        });
        if !run.text.is_empty() {
            run.text.push(' ');
        }
        run.map.push((run.text.len(), line, col));
        decode_entities_into(text, line, col, &mut run.text, &mut run.map);
    }

    fn emit(&mut self, run: Run) {
        if run.text.trim().is_empty() {
            return;
        }
        let (layer, zone) = if run.hidden {
            (Layer::Hidden("html_hidden"), Zone::Body)
        } else {
            self.visible_blocks += 1;
            if self.visible_blocks <= super::TITLE_SEARCH_LINES && !run.in_title {
                self.first_blocks.push(self.ex.segments.len());
            }
            let z = if self.visible_blocks <= TITLE_BLOCKS {
                Zone::Title
            } else {
                Zone::Body
            };
            (Layer::Visible, z)
        };
        self.ex.segments.push(Segment {
            text: run.text,
            anchor: Anchor::TextMap(run.map),
            layer,
            zone,
            record: run.row,
            title_len: 0,
        });
    }
}

/// Decode character references, adding a breakpoint after each one so positions stay exact.
fn decode_entities_into(
    raw: &str,
    line: u32,
    col: u32,
    out: &mut String,
    map: &mut Vec<(usize, u32, u32)>,
) {
    if !raw.contains('&') {
        out.push_str(raw);
        return;
    }
    let (mut l, mut c) = (line, col);
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        let before = &rest[..amp];
        out.push_str(before);
        for ch in before.chars() {
            if ch == '\n' {
                l += 1;
                c = 1;
            } else {
                c += 1;
            }
        }
        let after = &rest[amp..];
        let decoded = if after[1..].starts_with('#') {
            numeric_ref(after)
        } else {
            let end = after[1..]
                .find(|ch: char| ch == ';' || ch.is_whitespace() || ch == '&' || ch == '<')
                .map(|e| e + 1);
            match end {
                Some(e) if e <= 32 && after.as_bytes().get(e) == Some(&b';') => {
                    decode_entity(&after[1..e]).map(|d| (d, e + 1))
                }
                _ => None,
            }
        };
        match decoded {
            Some((d, consumed)) => {
                out.push(d);
                let consumed_chars = after[..consumed].chars().count() as u32;
                c += consumed_chars;
                map.push((out.len(), l, c));
                rest = &after[consumed..];
            }
            None => {
                out.push('&');
                c += 1;
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

/// A numeric character reference at the start of `s` (`&#51;`, `&#x33;`) and the bytes it takes.
/// As in browsers, the closing `;` may be missing (`&#51&#51`); named references stay strict.
fn numeric_ref(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let (radix, start) = match b.get(2) {
        Some(b'x' | b'X') => (16, 3),
        _ => (10, 2),
    };
    let digits = b[start.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || (radix == 16 && c.is_ascii_hexdigit()))
        .count();
    if digits == 0 || digits > 8 {
        return None;
    }
    let v = u32::from_str_radix(&s[start..start + digits], radix).ok()?;
    let c = char::from_u32(v).filter(|&c| c != '\0')?;
    let mut end = start + digits;
    if b.get(end) == Some(&b';') {
        end += 1;
    }
    Some((c, end))
}

fn decode_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{00A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwsp"
        | "ZeroWidthSpace"
        | "NegativeVeryThinSpace"
        | "NegativeThinSpace"
        | "NegativeMediumSpace"
        | "NegativeThickSpace" => '\u{200B}',
        "NoBreak" => '\u{2060}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "hairsp" | "VeryThinSpace" => '\u{200A}',
        "ThinSpace" => '\u{2009}',
        "MediumSpace" => '\u{205F}',
        "NonBreakingSpace" => '\u{00A0}',
        "InvisibleTimes" | "it" => '\u{2062}',
        "InvisibleComma" | "ic" => '\u{2063}',
        "ApplyFunction" | "af" => '\u{2061}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "shy" => '\u{00AD}',
        "middot" => '·',
        "times" => '×',
        "divide" => '÷',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "bull" => '•',
        "star" => '☆',
        "starf" | "bigstar" => '★',
        "yen" => '¥',
        _ => return None,
    })
}

/// The attributes of a raw start tag (`<div class="a" hidden>`): lower-case name, raw value
/// and the byte offset in `tag_body` where the value starts (where hits in it are located).
fn attrs(tag_body: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let b = tag_body.as_bytes();
    let mut i = 0;
    // skip tag name
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' {
        i += 1;
    }
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let ns = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if ns == i {
            break;
        }
        let name = tag_body[ns..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        let mut at = i;
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                i = vs;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                at = vs;
                value = tag_body[vs..i.min(b.len())].to_string();
                i += 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                at = vs;
                value = tag_body[vs..i].to_string();
            }
        }
        out.push((name, value, at));
    }
    out
}

fn get<'a>(a: &'a [(String, String, usize)], name: &str) -> Option<&'a str> {
    a.iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, v, _)| v.as_str())
}

/// A declaration list without whitespace and CSS comments (`display:/*x*/none`), lower case.
fn squash_style(style: &str) -> String {
    let mut out = String::with_capacity(style.len());
    let mut rest = style;
    while let Some(k) = rest.find("/*") {
        out.push_str(&rest[..k]);
        rest = rest[k + 2..]
            .find("*/")
            .map_or("", |e| &rest[k + 2 + e + 2..]);
    }
    out.push_str(rest);
    out.retain(|c| !c.is_whitespace());
    out.make_ascii_lowercase();
    out
}

/// Whether a declaration list hides its element (and everything in it).
fn style_hides(style: &str) -> bool {
    let s = squash_style(style);
    style_hides_hard(&s) || font_size_zero(&s) == Some(true)
}

/// Hiding that no descendant can undo.
fn style_hides_hard(s: &str) -> bool {
    s.contains("display:none")
        || s.contains("visibility:hidden")
        || zero_value(s, "opacity:") == Some(true)
        || zero_value(s, "max-height:") == Some(true)
        || white_on_white(s)
}

/// `Some(true)` when the (squashed) style sets `font-size` to zero in any unit (`0`, `0pt`,
/// `0em`, `0%`, `0.0px`), `Some(false)` for another explicit size, `None` when it sets none.
fn font_size_zero(s: &str) -> Option<bool> {
    zero_value(s, "font-size:")
}

/// Whether the last `prop` declaration of a squashed style has the numeric value zero.
fn zero_value(s: &str, prop: &str) -> Option<bool> {
    let mut found = None;
    let mut from = 0;
    while let Some(k) = s[from..].find(prop) {
        let at = from + k;
        from = at + prop.len();
        // a whole property name (`font-size`, not `-webkit-font-size` or `xopacity`)
        if at > 0 && !matches!(s.as_bytes()[at - 1], b';' | b'{' | b'"' | b'\'') {
            continue;
        }
        let v = &s[from..];
        let num: String = v
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        found = Some(match num.parse::<f64>() {
            Ok(x) => x == 0.0,
            Err(_) => false, // `inherit`, `small`, `calc(…)`: not zero
        });
    }
    found
}

/// Text coloured white on an explicitly white background of the same element.
fn white_on_white(s: &str) -> bool {
    let is_white = |v: &str| {
        let v = v.trim_end_matches("!important");
        matches!(
            v,
            "#fff" | "#ffffff" | "white" | "rgb(255,255,255)" | "rgba(255,255,255,1)"
        )
    };
    let mut color = false;
    let mut background = false;
    for decl in s.split(';') {
        let Some((prop, value)) = decl.split_once(':') else {
            continue;
        };
        match prop {
            "color" => color = is_white(value),
            "background" | "background-color" => background = is_white(value),
            _ => {}
        }
    }
    color && background
}

/// Comment text that is only a page-structure marker: clipboard fragment markers
/// (`StartFragment`), editor template markers (`#BeginLibraryItem "/x.lbi"`) and short CMS
/// section markers (`头部开始`, `nav end`, `/header`, `正文 结束`). Anything with a digit, a
/// word outside the section vocabulary or more than a few words is content.
fn is_structural_comment(body: &str) -> bool {
    const MARKERS: &[&str] = &[
        "start", "starts", "end", "ends", "begin", "begins", "开始", "结束", "结尾", "起始",
    ];
    const FILLER: &[&str] = &["of", "the", "here"];
    const SECTIONS: &[&str] = &[
        "header",
        "head",
        "top",
        "topbar",
        "nav",
        "navbar",
        "navigation",
        "menu",
        "footer",
        "foot",
        "bottom",
        "main",
        "content",
        "contents",
        "body",
        "sidebar",
        "side",
        "left",
        "right",
        "center",
        "centre",
        "middle",
        "banner",
        "logo",
        "search",
        "breadcrumb",
        "crumb",
        "crumbs",
        "list",
        "article",
        "container",
        "wrapper",
        "wrap",
        "page",
        "section",
        "box",
        "module",
        "block",
        "row",
        "item",
        "title",
        "news",
        "link",
        "links",
        "copyright",
        "share",
        "pager",
        "pagination",
        "tab",
        "tabs",
        "slider",
        "notice",
        "info",
        "detail",
        "text",
        "con",
        "cont",
        "part",
        "area",
        "mod",
        "region",
        "toolbar",
        "bar",
        "panel",
        "fragment",
        "selection",
        "template",
        "inner",
        "outer",
        "column",
        "columns",
        "ad",
        "ads",
        "form",
        "login",
        "weather",
        "date",
        "time",
        "tool",
        "tools",
        "script",
        "js",
        "css",
        "style",
        "styles",
        "meta",
        "html",
        "div",
        "table",
        "image",
        "images",
        "img",
        "pic",
        "picture",
        "video",
        "footnote",
        "counter",
        "stat",
        "stats",
        "code",
        "qr",
        "qrcode",
        "wx",
        "weixin",
        "weibo",
        "app",
        "back",
        "backtop",
        "gotop",
        "头部",
        "底部",
        "尾部",
        "顶部",
        "页头",
        "页脚",
        "页眉",
        "页尾",
        "头",
        "尾",
        "导航",
        "菜单",
        "正文",
        "内容",
        "主体",
        "主要",
        "文章",
        "侧边栏",
        "侧栏",
        "左侧",
        "右侧",
        "左边",
        "右边",
        "左",
        "右",
        "中间",
        "广告",
        "搜索",
        "版权",
        "友情链接",
        "链接",
        "列表",
        "标题",
        "面包屑",
        "当前位置",
        "位置",
        "分页",
        "翻页",
        "分享",
        "轮播",
        "图片",
        "新闻",
        "栏目",
        "模块",
        "区域",
        "区",
        "部分",
        "信息",
        "详情",
        "附件",
        "页面",
        "页",
        "登录",
        "按钮",
        "返回顶部",
        "二维码",
        "微信",
        "微博",
        "天气",
        "日期",
        "时间",
        "工具",
        "工具栏",
        "栏",
        "块",
        "框",
        "浮动",
        "弹窗",
        "新闻列表",
        "相关",
        "相关链接",
        "打印",
        "关闭",
        "窗口",
        "统计",
        "代码",
        "脚本",
        "样式",
        "主",
        "副",
        "大图",
        "焦点图",
        "图",
        // print regions, search-engine blocks and CMS names (`<!--startprint-->`, `<!--SEO-->`,
        // `<!--<$[信息内容]>begin-->` of TRS WCM)
        "print",
        "seo",
        "trs",
        "cms",
        "模板",
        "下载",
        "公开",
        "元数据",
        "频道",
    ];
    // editor and clipboard markers
    let t = body.trim();
    // server-side include directives of static CMS pages (`<!--#include virtual="/inc/head.html"-->`,
    // `#echo var="DATE_LOCAL"`): the server's instructions, holding paths and names
    if let Some(d) = t.strip_prefix('#') {
        let word: String = d.chars().take_while(char::is_ascii_alphabetic).collect();
        if matches!(
            word.as_str(),
            "include"
                | "echo"
                | "config"
                | "set"
                | "if"
                | "elif"
                | "else"
                | "endif"
                | "flastmod"
                | "fsize"
                | "printenv"
                | "exec"
        ) && !says_something(d)
        {
            return true;
        }
    }
    let lower = t.to_lowercase();
    // TRS WCM's auto-inserted markers (`<!--TRS_AUTOADD_1695792356312-->`): a time stamp
    if let Some(stamp) = lower.strip_prefix("trs_autoadd_") {
        if !stamp.is_empty() && stamp.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
            return true;
        }
    }
    // a CMS template's column label (`<!-- 栏目：通知公告 -->`): a short name with nothing a
    // marking, a disclosure restriction or an edit note would need
    for key in ["栏目", "频道", "模板"] {
        if let Some(name) = t
            .strip_prefix(key)
            .and_then(|r| r.trim_start().strip_prefix([':', '：']))
        {
            let name = name.trim();
            if !name.is_empty()
                && name.chars().count() <= 12
                && name.chars().all(|c| c.is_alphabetic() || c == '·')
                && ![
                    "密",
                    "内部",
                    "不予",
                    "不公开",
                    "敏感",
                    "涉",
                    "禁",
                    "限",
                    "删",
                    "改",
                    "稿",
                ]
                .iter()
                .any(|w| name.contains(w))
            {
                return true;
            }
        }
    }
    if t.chars().count() > 60 || t.chars().any(|c| c.is_numeric()) {
        return false;
    }
    let key = lower.trim_start_matches('#').trim_start();
    let word_end = key
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(key.len());
    let (word, args) = key.split_at(word_end);
    if matches!(
        word,
        "startfragment"
            | "endfragment"
            | "startselection"
            | "endselection"
            | "beginlibraryitem"
            | "endlibraryitem"
            | "begineditable"
            | "endeditable"
            | "begintemplate"
            | "endtemplate"
            | "instancebegin"
            | "instanceend"
            | "instancebegineditable"
            | "instanceendeditable"
            | "templatebegineditable"
            | "templateendeditable"
            | "instanceparam"
            | "templateparam"
            | "ewebeditor"
    ) && args.is_ascii()
    {
        return true;
    }
    // CMS section markers: at most four words, at least one start/end marker, the rest
    // section words (a Chinese word may carry the marker: 头部开始, 开始正文)
    if t.chars().count() > 24 {
        return false;
    }
    let words: Vec<&str> = lower
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '-' | '_'
                        | '='
                        | ':'
                        | '/'
                        | '|'
                        | '*'
                        | '.'
                        | '#'
                        | '<'
                        | '>'
                        | '!'
                        | '：'
                        | '　'
                        | '【'
                        | '】'
                        | '['
                        | ']'
                        | '('
                        | ')'
                        | '（'
                        | '）'
                        | '~'
                        | '+'
                        | '$'
                )
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    // `<!-- /header -->` closes a section like `header end`
    let mut marked = t.starts_with('/');
    for w in &words {
        if MARKERS.contains(w) {
            marked = true;
            continue;
        }
        if FILLER.contains(w) {
            continue;
        }
        let mut rest: &str = w;
        for m in MARKERS {
            if let Some(r) = rest.strip_suffix(m).or_else(|| rest.strip_prefix(m)) {
                if !r.is_empty() {
                    rest = r;
                    marked = true;
                    break;
                }
            }
        }
        if !is_compound_of(rest, SECTIONS) {
            return false;
        }
    }
    // a bare section label (`<!--头部-->`, `<!-- 统计代码 -->`, `<!-- header -->`): a CMS
    // template names its parts this way on every page
    marked || (words.len() <= 2 && t.chars().count() <= 12)
}

/// Whether `w` is one or more words of `vocab` run together (`主体内容`, `topnav`).
fn is_compound_of(w: &str, vocab: &[&str]) -> bool {
    let n = w.len();
    let mut ok = vec![false; n + 1];
    ok[0] = true;
    for i in 0..n {
        if !ok[i] || !w.is_char_boundary(i) {
            continue;
        }
        for v in vocab {
            if w[i..].starts_with(v) {
                ok[i + v.len()] = true;
            }
        }
    }
    ok[n]
}

/// Byte ranges of the bodies of the page's `<style>` blocks (an unclosed one runs to the end).
fn style_blocks(src: &str) -> Vec<std::ops::Range<usize>> {
    let lower = src.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(s) = lower[from..].find("<style") {
        let s = from + s;
        let Some(gt) = lower[s..].find('>') else {
            break;
        };
        let body_start = s + gt + 1;
        let end = lower[body_start..]
            .find("</style")
            .map(|e| body_start + e)
            .unwrap_or(lower.len());
        out.push(body_start..end);
        from = end;
    }
    out
}

/// Class and id selectors that a `<style>` block hides (`.h{display:none}`, `#x{…}`).
fn hidden_selectors(
    src: &str,
    blocks: &[std::ops::Range<usize>],
) -> (HashSet<String>, HashSet<String>) {
    let mut classes = HashSet::new();
    let mut ids = HashSet::new();
    for block in blocks {
        let css = &src[block.clone()];
        for rule in css.split('}') {
            let Some((sel, decl)) = rule.split_once('{') else {
                continue;
            };
            if !style_hides(decl) {
                continue;
            }
            for one in sel.split(',') {
                let one = one.trim();
                // only simple selectors: .cls, #id, tag.cls
                let last = one.split_whitespace().last().unwrap_or("");
                if let Some(pos) = last.rfind('.') {
                    classes.insert(last[pos + 1..].to_string());
                } else if let Some(pos) = last.rfind('#') {
                    ids.insert(last[pos + 1..].to_string());
                }
            }
        }
    }
    (classes, ids)
}

/// The strings CSS puts on the page (`.m::after { content: "…" }`) in `<style>` blocks, with
/// their byte offset: text a reader sees that is not in the markup's text.
fn css_content_strings(src: &str, blocks: &[std::ops::Range<usize>]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for block in blocks {
        let end = block.end;
        let lower = src[block.clone()].to_ascii_lowercase();
        let mut at = 0;
        while let Some(p) = lower[at..].find("content") {
            at += p + "content".len();
            let rest = src[block.start + at..end].trim_start();
            let Some(rest) = rest.strip_prefix(':') else {
                continue;
            };
            let rest = rest.trim_start();
            let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(close) = rest[1..].find(q) {
                let v = &rest[1..1 + close];
                if v.chars().any(char::is_alphanumeric) && out.len() < 1_000 {
                    out.push((end - rest.len(), v.to_string()));
                }
            }
        }
    }
    out
}

/// Extract a decoded HTML page.
pub fn extract_html(src: &str, encoding: &str, limits: &Limits) -> Extracted {
    extract_at(src, encoding, limits, 0)
}

/// `<iframe srcdoc>` pages inside pages are read this deep.
const MAX_SRCDOC_DEPTH: u8 = 3;

/// Whether text at this point of the element stack is hidden from a reader.
fn stack_hides(stack: &[(String, bool, bool)], hidden_depth: usize) -> bool {
    hidden_depth > 0 || stack.last().is_some_and(|e| e.2)
}

/// The number or address of a `tel:`, `sms:` or `mailto:` link, percent-decoded: what the link
/// dials or writes to is content of the page like its text.
fn contact_target(href: &str) -> Option<String> {
    let h = decode_attr(href);
    let h = h.trim();
    let colon = h.find(':')?;
    let scheme = h[..colon].to_ascii_lowercase();
    if !matches!(
        scheme.as_str(),
        "tel" | "sms" | "smsto" | "mailto" | "callto" | "wtai"
    ) {
        return None;
    }
    let rest = percent_decode(&h[colon + 1..]);
    rest.chars().any(|c| c.is_alphanumeric()).then_some(rest)
}

/// Whether `s` has `n` or more ASCII digits in a row.
/// Whether a link points at a place on a map (`location=22.54,113.94`, `position=`, `center=`,
/// `ll=`, `lat=`/`lng=`): the coordinates are content of the page like its text.
fn map_link(url: &str) -> bool {
    let l = url.to_ascii_lowercase();
    [
        "location=",
        "position=",
        "center=",
        "ll=",
        "lat=",
        "lng=",
        "lon=",
    ]
    .iter()
    .any(|k| {
        l.match_indices(k).any(|(i, _)| {
            l[i + k.len()..]
                .trim_start_matches('-')
                .starts_with(|c: char| c.is_ascii_digit())
        })
    })
}

fn long_digit_run(s: &str, n: usize) -> bool {
    let mut run = 0;
    s.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run >= n
    })
}

fn percent_decode(s: &str) -> String {
    String::from_utf8_lossy(&super::xmlutil::percent_decode_bytes(s)).into_owned()
}

/// A `data-*` value worth scanning: identifier-like digits, not a URL or path (lazy-loaded
/// image addresses and timestamps are everywhere on portal pages).
fn data_attr_scanned(v: &str) -> bool {
    !v.contains('/') && v.chars().filter(|c| c.is_ascii_digit()).count() >= 7
}

fn extract_at(src: &str, encoding: &str, limits: &Limits, depth: u8) -> Extracted {
    let blocks = style_blocks(src);
    let (hid_classes, hid_ids) = hidden_selectors(src, &blocks);
    let css_texts = css_content_strings(src, &blocks);
    let mut st = State {
        ex: Extracted {
            encoding: Some(encoding.to_string()),
            ..Default::default()
        },
        run: None,
        hidden_run: None,
        ruby_run: None,
        visible_blocks: 0,
        first_blocks: Vec::new(),
        in_title: false,
        _limits: limits,
    };
    // element stack: (tag name, hides its subtree for good, font size zero in its subtree
    // — which a descendant with a size of its own undoes)
    let mut stack: Vec<(String, bool, bool)> = Vec::new();
    let mut hidden_depth = 0usize; // number of hiding elements on the stack
    let mut overflow = 0usize; // elements not pushed because the stack is at its cap
    let mut overflowed = false;
    let mut raw_text_until: Option<&'static str> = None; // inside <script>/<style>
    let mut row_counter: u32 = 0;
    let mut current_row: Option<u32> = None;
    let mut pos = Pos {
        src,
        at: 0,
        line: 1,
        col: 1,
    };
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(close) = raw_text_until {
            // raw text element: find its end tag
            let lower_rest = &src[i..];
            let end = find_ci(lower_rest, close)
                .map(|e| i + e)
                .unwrap_or(src.len());
            if close == "</script" {
                pos.advance_to(i);
                let body = &src[i..end];
                if body.chars().any(|c| c.is_alphanumeric()) {
                    // data inside scripts is recoverable by anyone: scan it, as visible body text
                    st.flush();
                    st.ex.segments.push(body_segment(
                        body.to_string(),
                        pos.line,
                        pos.col,
                        Layer::Visible,
                        None,
                    ));
                }
            }
            raw_text_until = None;
            i = end;
            continue;
        }
        if bytes[i] == b'<' {
            let rest = &src[i..];
            if let Some(after) = rest.strip_prefix("<!--") {
                let end = after.find("-->").map(|e| i + 4 + e).unwrap_or(src.len());
                pos.advance_to(i + 4);
                let body = &src[(i + 4).min(end)..end];
                // a downlevel-hidden conditional comment (`<!--[if IE]><p>…</p><![endif]-->`)
                // is markup that old browsers show: its text is read (page templates put
                // script tags and 「浏览器版本过低」 notices there, which hold nothing)
                if let Some(cond) = body.trim_start().strip_prefix("[if") {
                    let inner = cond.split_once("]>").map_or("", |(_, r)| r);
                    let inner = inner.rsplit_once("<![endif]").map_or(inner, |(l, _)| l);
                    let text = strip_markup(inner);
                    if says_something(&text) {
                        st.ex.segments.push(Segment {
                            text,
                            anchor: Anchor::Text {
                                line: pos.line,
                                column: pos.col,
                                csv_delim: None,
                            },
                            layer: Layer::Metadata("other"),
                            zone: Zone::Body,
                            record: None,
                            title_len: 0,
                        });
                    }
                } else if body.chars().any(|c| c.is_alphanumeric()) && !is_structural_comment(body)
                {
                    st.ex.segments.push(body_segment(
                        body.to_string(),
                        pos.line,
                        pos.col,
                        Layer::Hidden("html_comment"),
                        None,
                    ));
                }
                i = (end + 3).min(src.len());
                continue;
            }
            // XHTML character data: shown as text
            if let Some(after) = rest.strip_prefix("<![CDATA[") {
                let end = after.find("]]>").map(|e| i + 9 + e).unwrap_or(src.len());
                pos.advance_to(i + 9);
                let body = &src[(i + 9).min(end)..end];
                if body.chars().any(|c| c.is_alphanumeric()) && raw_text_until.is_none() {
                    st.ex.segments.push(body_segment(
                        body.to_string(),
                        pos.line,
                        pos.col,
                        if hidden_depth > 0 {
                            Layer::Hidden("html_hidden")
                        } else {
                            Layer::Visible
                        },
                        current_row,
                    ));
                }
                i = (end + 3).min(src.len());
                continue;
            }
            if rest.starts_with("<!") || rest.starts_with("<?") {
                let end = rest.find('>').map(|e| i + e + 1).unwrap_or(src.len());
                i = end;
                continue;
            }
            let is_end = rest.starts_with("</");
            let name_start = if is_end { 2 } else { 1 };
            let name_len = rest[name_start..]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
                .count();
            if name_len == 0 {
                // a lone '<' is text
                push_char_text(
                    &mut st,
                    &mut pos,
                    src,
                    i,
                    i + 1,
                    stack_hides(&stack, hidden_depth),
                    current_row,
                );
                i += 1;
                continue;
            }
            let tag_end = find_tag_end(&bytes[i..])
                .map(|e| i + e)
                .unwrap_or(src.len());
            let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
            let body = &src[(i + 1).min(tag_end)..tag_end.saturating_sub(0).max(i + 1)];
            // a line break inside a table cell (an ID pasted from Excel with Alt+Enter,
            // `110105<br>196001011001`) keeps the cell one text of two lines
            let br_in_cell = name == "br"
                && !is_end
                && stack
                    .iter()
                    .rev()
                    .find(|e| BLOCK.contains(&e.0.as_str()))
                    .is_some_and(|e| e.0 == "td" || e.0 == "th");
            if br_in_cell {
                pos.advance_to(i);
                let (l, c) = (pos.line, pos.col);
                st.push_text("\n", l, c, stack_hides(&stack, hidden_depth), current_row);
            } else if BLOCK.contains(&name.as_str()) {
                st.flush();
            }
            if is_end {
                if let Some(idx) = stack.iter().rposition(|(n, _, _)| *n == name) {
                    for (_, hides, _) in stack.drain(idx..) {
                        if hides {
                            hidden_depth -= 1;
                        }
                    }
                } else {
                    overflow = overflow.saturating_sub(1);
                }
                if name == "tr" {
                    current_row = None;
                }
            } else {
                let a = attrs(body);
                let self_closing = body.trim_end().ends_with('/');
                let style = get(&a, "style").map(squash_style).unwrap_or_default();
                let mut hard =
                    get(&a, "hidden").is_some() || style_hides_hard(&style) || name == "template";
                if let Some(cls) = get(&a, "class") {
                    if cls.split_whitespace().any(|c| hid_classes.contains(c)) {
                        hard = true;
                    }
                }
                if let Some(id) = get(&a, "id") {
                    if hid_ids.contains(id) {
                        hard = true;
                    }
                }
                // font-size:0 (any unit) hides, until a descendant sets a size of its own
                // (`<ul style="font-size:0"><li style="font-size:14px">` is a layout idiom)
                let font_zero =
                    font_size_zero(&style).unwrap_or_else(|| stack.last().is_some_and(|e| e.2));
                let hides = hard || font_zero;
                pos.advance_to(i);
                let (tl, tc) = (pos.line, pos.col);
                if name == "tr" {
                    row_counter += 1;
                    current_row = Some(row_counter);
                }
                // attributes that carry text
                let input_hidden = name == "input"
                    && get(&a, "type")
                        .map(|t| t.eq_ignore_ascii_case("hidden"))
                        .unwrap_or(false);
                // hits in an attribute are located at its value, not at the tag
                let value_at = |off: usize| {
                    let mut p = Pos {
                        src,
                        at: i,
                        line: tl,
                        col: tc,
                    };
                    p.advance_to(i + 1 + off);
                    (p.line, p.col)
                };
                for (an, av, off) in &a {
                    let carries =
                        matches!(an.as_str(), "alt" | "title" | "placeholder" | "aria-label")
                            || (an == "value" && (name == "input" || name == "option"));
                    // hidden form inputs of ordinary pages carry ids and tokens: only values with
                    // Chinese text or identifier-like digit runs are content worth reporting
                    let meaningful = !input_hidden || av.contains('@') || says_something(av);
                    if carries && meaningful && av.chars().any(|c| c.is_alphanumeric()) {
                        let (vl, vc) = value_at(*off);
                        let layer = if input_hidden || hides || hidden_depth > 0 {
                            Layer::Hidden("html_hidden")
                        } else {
                            Layer::Visible
                        };
                        st.ex.segments.push(Segment {
                            text: decode_attr(av),
                            anchor: Anchor::Text {
                                line: vl,
                                column: vc,
                                csv_delim: None,
                            },
                            layer,
                            zone: Zone::Body,
                            record: current_row,
                            title_len: 0,
                        });
                    }
                }
                let attr_layer = if hides || hidden_depth > 0 {
                    Layer::Hidden("html_hidden")
                } else {
                    Layer::Visible
                };
                let element_at = Location::line_col(tl, tc);
                // what a tel:/sms:/mailto: link dials or writes to, and identifier-like data-*
                // values: scanned like the page's text, located at the element
                let mut attr_texts: Vec<(String, Location)> = Vec::new();
                if let Some((_, v, off)) = a.iter().find(|(n, _, _)| n == "href") {
                    if let Some(t) = contact_target(v) {
                        let (l, c) = value_at(*off);
                        attr_texts.push((t, Location::line_col(l, c)));
                    }
                }
                for (an, av, _) in &a {
                    if an.starts_with("data-") {
                        let v = decode_attr(av);
                        if data_attr_scanned(&v) {
                            attr_texts.push((v, element_at.clone()));
                        }
                    }
                }
                for (t, at) in attr_texts {
                    let mut seg = Segment::fixed(t, at, attr_layer, Zone::Body);
                    seg.record = current_row;
                    st.ex.segments.push(seg);
                }
                // link and resource addresses (`?sfz=…`, a photo saved under its owner's ID):
                // published with the page though not shown; read when they hold a run of 15 or
                // more digits (an ID or a card, not the dates and CMS ids of ordinary links)
                for key in ["href", "src", "action", "data", "value"] {
                    // (a `<param>`'s value is an embedded player's or applet's setting)
                    if key == "value" && name != "param" {
                        continue;
                    }
                    let Some(v) = get(&a, key) else { continue };
                    let url = percent_decode(&decode_attr(v));
                    if (long_digit_run(&url, 15) || map_link(&url)) && contact_target(v).is_none() {
                        let mut loc = element_at.clone();
                        loc.field = Some(key.to_string());
                        let mut seg =
                            Segment::fixed(url, loc, Layer::Metadata("other"), Zone::Body);
                        seg.record = current_row;
                        st.ex.segments.push(seg);
                    }
                }
                // a `data:` address holding text (`<a href="data:text/plain;base64,…">` offers it
                // as a download, `<iframe src="data:text/html,…">` shows a page, an SVG picture
                // draws its text): its text is in the file; a page shown in an iframe is read as
                // an iframe's inline page, the rest at the element
                let mut data_page: Option<String> = None;
                for key in ["href", "src", "data"] {
                    let Some((mime, text)) =
                        get(&a, key).and_then(|v| data_uri_text(&decode_attr(v)))
                    else {
                        continue;
                    };
                    if name == "iframe" && mime == "text/html" {
                        data_page = Some(text);
                        continue;
                    }
                    let shown = matches!(name.as_str(), "img" | "embed" | "object" | "iframe");
                    let text =
                        if mime.contains("html") || mime.contains("svg") || mime.contains("xml") {
                            strip_markup(&text)
                        } else {
                            text
                        };
                    if text.chars().any(|c| c.is_alphanumeric()) {
                        let mut loc = element_at.clone();
                        loc.field = Some(key.to_string());
                        let layer = if shown {
                            attr_layer
                        } else {
                            Layer::Hidden("embedded_object")
                        };
                        let mut seg = Segment::fixed(text, loc, layer, Zone::Body);
                        seg.record = current_row;
                        st.ex.segments.push(seg);
                    }
                }
                let srcdoc = (name == "iframe")
                    .then(|| get(&a, "srcdoc"))
                    .flatten()
                    .map(decode_attr)
                    .or(data_page);
                if let Some(doc) = &srcdoc {
                    if depth >= MAX_SRCDOC_DEPTH {
                        st.ex.not_examined.push(super::NotExamined {
                            what: "nested iframe srcdoc".into(),
                            location: element_at.clone(),
                            reason: format!(
                                "pages inside pages are read {MAX_SRCDOC_DEPTH} levels deep"
                            ),
                        });
                    } else {
                        // the inline page of an iframe: its text, located at the iframe
                        let inner = extract_at(doc, encoding, limits, depth + 1);
                        for mut seg in inner.segments {
                            if matches!(seg.layer, Layer::Metadata(_)) {
                                continue;
                            }
                            if seg.layer == Layer::Visible {
                                seg.layer = attr_layer;
                            }
                            seg.anchor = Anchor::Fixed(Box::new(element_at.clone()));
                            seg.zone = Zone::Body;
                            seg.record = current_row;
                            seg.title_len = 0;
                            st.ex.segments.push(seg);
                        }
                        for mut ne in inner.not_examined {
                            ne.location = element_at.clone();
                            st.ex.not_examined.push(ne);
                        }
                        for mut pr in inner.problems {
                            pr.location = element_at.clone();
                            st.ex.problems.push(pr);
                        }
                    }
                }
                if name == "meta" {
                    let mname = get(&a, "name")
                        .or_else(|| get(&a, "property"))
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    if let Some(content) = get(&a, "content") {
                        let kind = match mname.as_str() {
                            "author" | "article:author" => Some("author"),
                            "keywords" | "description" | "subject" | "generator" => Some("other"),
                            _ if mname.contains("title") => Some("title"),
                            _ if mname.ends_with("author") => Some("author"),
                            // og:description, DC.Subject, a CMS's own fields (ContentSource,
                            // ColumnName): text someone put there, when it is text
                            _ if mname.ends_with("description")
                                || mname.ends_with("keywords")
                                || mname.ends_with("subject")
                                || says_something(content) =>
                            {
                                Some("other")
                            }
                            _ => None,
                        };
                        if let (Some(kind), true) =
                            (kind, content.chars().any(|c| c.is_alphanumeric()))
                        {
                            let loc = Location {
                                line: Some(tl),
                                column: Some(tc),
                                field: Some(format!("meta:{mname}")),
                                ..Default::default()
                            };
                            st.ex.segments.push(Segment::fixed(
                                decode_attr(content),
                                loc,
                                Layer::Metadata(kind),
                                Zone::Metadata,
                            ));
                        }
                    }
                }
                if name == "img"
                    || name == "embed"
                    || name == "object"
                    || (name == "iframe" && srcdoc.is_none())
                {
                    let what = if name == "img" {
                        "embedded image"
                    } else {
                        "embedded object"
                    };
                    let reason = if name == "img" {
                        "images are not read"
                    } else {
                        "embedded content is not fetched"
                    };
                    st.ex.not_examined.push(super::NotExamined {
                        what: what.into(),
                        location: Location::line_col(tl, tc),
                        reason: reason.into(),
                    });
                }
                // `<rt>`, `<rp>` and `<rb>` close an open one (their end tags may be left out)
                if matches!(name.as_str(), "rt" | "rp" | "rb")
                    && stack
                        .last()
                        .is_some_and(|(n, _, _)| matches!(n.as_str(), "rt" | "rp" | "rb"))
                {
                    if let Some((_, true, _)) = stack.pop() {
                        hidden_depth -= 1;
                    }
                }
                if !VOID.contains(&name.as_str()) && !self_closing {
                    if stack.len() < limits.max_html_depth {
                        if hard {
                            hidden_depth += 1;
                        }
                        stack.push((name.clone(), hard, font_zero));
                    } else {
                        overflow += 1;
                        overflowed = true;
                    }
                    if name == "script" {
                        raw_text_until = Some("</script");
                    } else if name == "style" {
                        raw_text_until = Some("</style");
                    } else if name == "textarea" || name == "title" {
                        // RCDATA: plain text until the end tag; handled as normal text below
                    }
                }
            }
            i = (tag_end + 1).min(src.len()).max(i + 1);
            continue;
        }
        // text up to the next '<'
        let end = src[i..].find('<').map(|e| i + e).unwrap_or(src.len());
        st.in_title = stack.last().is_some_and(|(n, _, _)| n == "title");
        // ruby annotations: `<rt>` text is shown above its base, `<rp>` (the parentheses for
        // browsers without ruby) is not shown; neither is part of the annotated line
        let ruby = stack
            .iter()
            .rev()
            .take(4)
            .find_map(|(n, _, _)| (n == "rt" || n == "rp").then_some(n == "rt"));
        if let Some(is_rt) = ruby {
            let hidden = stack_hides(&stack, hidden_depth);
            if is_rt && !hidden {
                pos.advance_to(i);
                let (l, c) = (pos.line, pos.col);
                st.push_ruby(&src[i..end], l, c, current_row);
            } else if is_rt {
                push_char_text(&mut st, &mut pos, src, i, end, true, current_row);
            }
            i = end;
            continue;
        }
        push_char_text(
            &mut st,
            &mut pos,
            src,
            i,
            end,
            stack_hides(&stack, hidden_depth),
            current_row,
        );
        i = end;
    }
    st.flush();
    if overflowed {
        st.ex.not_examined.push(super::NotExamined {
            what: "deeply nested elements".into(),
            location: Location::item(),
            reason: format!(
                "nesting deeper than {} elements is read as flat text",
                limits.max_html_depth
            ),
        });
        // read as flat text, whether a deep element is hidden is not known: not a pass
        st.ex.problems.push(super::Problem::new(
            "limit_exceeded",
            Location::item(),
            format!(
                "elements nested deeper than {}: text read flat, hidden parts not told apart",
                limits.max_html_depth
            ),
        ));
    }
    // what CSS writes onto the page
    for (off, text) in css_texts {
        let line = src[..off.min(src.len())]
            .bytes()
            .filter(|&b| b == b'\n')
            .count() as u32
            + 1;
        let mut loc = Location::line_col(line, 1);
        loc.field = Some("css content".into());
        st.ex
            .segments
            .push(Segment::fixed(text, loc, Layer::Visible, Zone::Body));
    }
    extend_title_area(&mut st);
    drop_template_hidden(&mut st.ex);
    st.ex
}

/// Hidden pieces of a page template that reveal nothing: a copy of text the page shows (a
/// CMS keeps the article title in a hidden input), a CMS id (a hidden input of 7–10 digits),
/// or share/print/QR widgets made only of their interface words — hidden by style or
/// commented out as markup. Hidden text with anything else stays hidden content.
fn drop_template_hidden(ex: &mut Extracted) {
    const UI: &[&str] = &[
        "分享到",
        "分享",
        "微信朋友圈",
        "微信",
        "朋友圈",
        "新浪微博",
        "微博",
        "qq空间",
        "qq好友",
        "qq",
        "扫一扫在手机打开当前页",
        "扫一扫",
        "在手机上打开",
        "在手机打开当前页",
        "手机打开",
        "当前页",
        "二维码",
        "打印本页",
        "打印",
        "关闭窗口",
        "关闭",
        "收藏本页",
        "收藏",
        "返回顶部",
        "字号",
        "大",
        "中",
        "小",
        "默认",
        "复制链接",
        "链接",
    ];
    let template_piece =
        |l: Layer| l == Layer::Hidden("html_hidden") || l == Layer::Hidden("html_comment");
    if !ex.segments.iter().any(|s| template_piece(s.layer)) {
        return;
    }
    let visible: String = ex
        .segments
        .iter()
        .filter(|s| s.layer == Layer::Visible)
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    ex.segments.retain(|s| {
        if !template_piece(s.layer) {
            return true;
        }
        // a commented-out piece of markup (`<!--<div class="share">分享到：微信</div>-->`) is
        // judged by its text
        let stripped;
        let t = if s.layer == Layer::Hidden("html_comment") {
            if !s.text.contains('<') {
                return true;
            }
            stripped = strip_markup(&s.text);
            stripped.trim()
        } else {
            s.text.trim()
        };
        // a site or column id of a CMS search form (`websiteid=330100000000000`): digits
        // that are no identifier as they stand (an ID, a card, a mobile are kept)
        let cms_id = (7..=20).contains(&t.len())
            && t.bytes().all(|b| b.is_ascii_digit())
            && !crate::detect::identifiers::digits_validate(t)
            && !(t.len() == 11 && t.starts_with('1'))
            && !(t.len() == 15 && old_id_date(&t[6..12]));
        let copy = t.chars().count() >= 4 && visible.contains(t);
        let mut rest = t.to_lowercase();
        for w in UI {
            rest = rest.replace(w, "");
        }
        let ui_only = !rest.chars().any(|c| c.is_alphanumeric());
        !(cms_id || copy || ui_only || word_field_code(t))
    });
}

/// A Word field instruction that a page saved from Word keeps hidden (`PAGEREF _Toc1234 \h`
/// in a table of contents, `PAGE`, `NUMPAGES`): structure, unless it holds more than a
/// bookmark name and switches (a `HYPERLINK` to an address with an ID in it stays).
fn word_field_code(t: &str) -> bool {
    let t = t.trim();
    let word: String = t.chars().take_while(char::is_ascii_alphabetic).collect();
    if !matches!(
        word.as_str(),
        "PAGEREF" | "PAGE" | "NUMPAGES" | "SECTIONPAGES" | "TOC" | "REF" | "SEQ" | "STYLEREF"
    ) || !t.is_ascii()
    {
        return false;
    }
    // bookmark names (`_Toc123456789`, `_Ref123456789`) are Word's own numbers
    let args: String = t
        .split_whitespace()
        .skip(1)
        .filter(|a| !(a.starts_with("_Toc") || a.starts_with("_Ref")))
        .collect::<Vec<_>>()
        .join(" ");
    !says_something(&args)
}

/// The text a `data:` URI holds when its media type is text (`text/*`, SVG, XML, JSON): the
/// media type (lower case) and the decoded text, at most 1 MiB of it; `None` for pictures and
/// other binary data.
fn data_uri_text(v: &str) -> Option<(String, String)> {
    let rest = v.trim_start();
    if !rest.get(..5)?.eq_ignore_ascii_case("data:") {
        return None;
    }
    let (head, payload) = rest[5..].split_once(',')?;
    let mut params = head.split(';');
    let mime = params.next().unwrap_or("").trim().to_ascii_lowercase();
    let mime = if mime.is_empty() {
        "text/plain".to_string()
    } else {
        mime
    };
    let texty = mime.starts_with("text/")
        || mime.contains("svg")
        || mime.ends_with("/xml")
        || mime.ends_with("+xml")
        || mime.ends_with("/json");
    if !texty || payload.len() > 4 << 20 {
        return None;
    }
    let b64 = params.any(|p| p.trim().eq_ignore_ascii_case("base64"));
    let raw = if b64 {
        super::mht::base64(payload.as_bytes())?
    } else {
        super::xmlutil::percent_decode_bytes(payload)
    };
    let raw = &raw[..raw.len().min(1 << 20)];
    let text = crate::item::decode_text(raw).text;
    Some((mime, text))
}

/// A body segment of the page's text starting at `line`:`column`.
fn body_segment(
    text: String,
    line: u32,
    column: u32,
    layer: Layer,
    record: Option<u32>,
) -> Segment {
    Segment {
        text,
        anchor: Anchor::Text {
            line,
            column,
            csv_delim: None,
        },
        layer,
        zone: Zone::Body,
        record,
        title_len: 0,
    }
}

/// Whether a value outside the page's text says something: Chinese text or a run of seven or
/// more digits (not a template's ids, sizes and tokens).
pub(crate) fn says_something(v: &str) -> bool {
    v.chars().any(crate::normalize::is_cjk)
        || v.split(|c: char| !c.is_ascii_digit()).any(|r| r.len() >= 7)
}

/// The text of a piece of markup: tags dropped (each a space), entities resolved.
pub(crate) fn strip_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_attr(out.trim()).trim().to_string()
}

/// Whether six digits read as the YYMMDD birth date of a 15-digit old resident ID.
fn old_id_date(d: &str) -> bool {
    let n = |r: std::ops::Range<usize>| d.get(r).and_then(|x| x.parse::<u32>().ok());
    matches!((n(2..4), n(4..6)), (Some(m), Some(day)) if (1..=12).contains(&m) && (1..=31).contains(&day))
}

/// The title area is the first [`TITLE_BLOCKS`] visible blocks, or more when the page's
/// title comes later (navigation, dates and share links above it on a saved portal page):
/// then every block up to the title.
fn extend_title_area(st: &mut State) {
    let segs = &mut st.ex.segments;
    // body prose ends the title area: a 版头 holds no sentences, so a heading 「工作秘密」 below
    // an article's first paragraph is a section heading, not a marking
    let close_from = |segs: &mut Vec<Segment>, from: usize, blocks: &[usize]| {
        for &i in blocks.iter().skip(from) {
            if segs[i].zone == Zone::Title {
                segs[i].zone = Zone::Body;
            }
        }
    };
    if let Some(p) = st
        .first_blocks
        .iter()
        .position(|&i| segs[i].text.lines().any(super::is_prose_line))
    {
        close_from(segs, p + 1, &st.first_blocks);
        st.first_blocks.truncate(p + 1);
    }
    let Some(k) = st
        .first_blocks
        .iter()
        .position(|&i| segs[i].text.lines().any(super::is_title_line))
    else {
        return;
    };
    for &i in st.first_blocks.iter().take(k + 1).skip(TITLE_BLOCKS) {
        segs[i].zone = Zone::Title;
    }
    // a subject title ends the area: the blocks after it are the body
    if segs[st.first_blocks[k]]
        .text
        .lines()
        .any(super::closes_title_area)
    {
        close_from(segs, k + 1, &st.first_blocks);
    }
}

fn push_char_text(
    st: &mut State,
    pos: &mut Pos,
    src: &str,
    start: usize,
    end: usize,
    hidden: bool,
    row: Option<u32>,
) {
    pos.advance_to(start);
    let (l, c) = (pos.line, pos.col);
    st.push_text(&src[start..end], l, c, hidden, row);
    // a line break inside text separates lines for the marking recognizer
}

fn decode_attr(v: &str) -> String {
    let mut out = String::new();
    let mut map = Vec::new();
    decode_entities_into(v, 1, 1, &mut out, &mut map);
    out
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

/// End of a tag (`>`), skipping quoted attribute values.
fn find_tag_end(b: &[u8]) -> Option<usize> {
    let mut q: Option<u8> = None;
    for (i, &c) in b.iter().enumerate().skip(1) {
        match q {
            Some(qc) if c == qc => q = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => {
                // quotes only matter inside the attribute part
                if i > 0 && matches!(b[i - 1], b'=' | b' ') {
                    q = Some(c)
                }
            }
            None if c == b'>' => return Some(i),
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(src: &str) -> Extracted {
        extract_html(src, "UTF-8", &Limits::default())
    }

    #[test]
    fn title_area_reaches_the_article_title() {
        let nav: String = (1..=8)
            .map(|i| format!("<li><a href=\"/{i}\">栏目{i}</a></li>"))
            .collect();
        let src = format!(
            "<html><head><title>关于开展安全生产大检查的通知</title></head><body><ul>{nav}</ul><div>当前位置：首页 &gt; 通知公告</div><p>秘密</p><h1>关于开展安全生产大检查的通知</h1><p>各单位：</p><p>正文。</p></body></html>"
        );
        let e = ex(&src);
        let zone = |t: &str| e.segments.iter().find(|s| s.text == t).map(|s| s.zone);
        assert_eq!(zone("秘密"), Some(Zone::Title));
        assert_eq!(zone("关于开展安全生产大检查的通知"), Some(Zone::Title));
        assert_eq!(zone("各单位："), Some(Zone::Body));
        // no title line: the first six blocks only
        let src = format!("<html><body><ul>{nav}</ul><p>秘密</p><p>正文。</p></body></html>");
        let e = ex(&src);
        let zone = |t: &str| e.segments.iter().find(|s| s.text == t).map(|s| s.zone);
        assert_eq!(zone("秘密"), Some(Zone::Body));
    }

    #[test]
    fn word_field_codes_are_structure() {
        for t in [
            "PAGEREF _Toc123456789 \\h",
            " PAGE ",
            "NUMPAGES",
            "TOC \\o \"1-3\" \\h \\z \\u",
        ] {
            assert!(word_field_code(t), "{t}");
        }
        for t in [
            "HYPERLINK \"http://x.cn/?sfz=330106199001011234\"",
            "PAGEREF 330106199001011234",
            "张三",
            "PAGE 第一页",
        ] {
            assert!(!word_field_code(t), "{t}");
        }
        let e = ex("<p>目录</p><p>一、总体情况<span style=\"display:none\">PAGEREF _Toc123456789 \\h</span>2</p>");
        assert!(
            e.segments.iter().all(|s| s.layer == Layer::Visible),
            "{:?}",
            e.segments
        );
    }

    #[test]
    fn text_in_data_uris_is_read() {
        // 「身份证号 110105199003071234」 in base64, a page in percent-encoding, an SVG label
        let b64 = "6Lqr5Lu96K+B5Y+3IDExMDEwNTE5OTAwMzA3MTIzNA==";
        let src = format!(
            "<p>附件</p><a href=\"data:text/plain;charset=utf-8;base64,{b64}\">下载</a>\n\
             <iframe src=\"data:text/html;charset=utf-8,%3Cp%3E%E5%86%85%E9%83%A8%E8%B5%84%E6%96%99%3C%2Fp%3E\"></iframe>\n\
             <img src=\"data:image/svg+xml;utf8,&lt;svg&gt;&lt;text&gt;联系电话13800138000&lt;/text&gt;&lt;/svg&gt;\">\n\
             <img src=\"data:image/png;base64,iVBORw0KGgo13800138000=\">"
        );
        let e = ex(&src);
        let find = |t: &str| e.segments.iter().find(|s| s.text.contains(t));
        let dl = find("110105199003071234").expect("the download's text");
        assert_eq!(dl.layer, Layer::Hidden("embedded_object"));
        assert!(find("内部资料").is_some(), "{:?}", e.segments);
        let svg = find("联系电话13800138000").expect("the picture's label");
        assert_eq!(svg.layer, Layer::Visible);
        // a picture's bytes are no text
        assert_eq!(
            e.segments
                .iter()
                .filter(|s| s.text.contains("13800138000"))
                .count(),
            1
        );
        assert_eq!(data_uri_text("data:image/png;base64,AAAA"), None);
        assert_eq!(
            data_uri_text("data:,hello%20world"),
            Some(("text/plain".into(), "hello world".into()))
        );
    }

    #[test]
    fn visible_hidden_comment() {
        let src = "<html><head><title>通知</title><meta name=\"author\" content=\"张三\"></head>\n<body>\n<p>内部文件　不得外传</p>\n<!-- 旧稿：秘密★1年 -->\n<div style=\"display: none\">隐藏的文字</div>\n<p>正文<b>加粗</b>继续</p>\n<input type=\"hidden\" value=\"13800138000\">\n</body></html>";
        let e = ex(src);
        let texts: Vec<(&str, Layer)> = e
            .segments
            .iter()
            .map(|s| (s.text.as_str(), s.layer))
            .collect();
        assert!(
            texts.contains(&("内部文件　不得外传", Layer::Visible)),
            "{texts:?}"
        );
        assert!(texts
            .iter()
            .any(|(t, l)| t.contains("秘密★1年") && *l == Layer::Hidden("html_comment")));
        assert!(texts.contains(&("隐藏的文字", Layer::Hidden("html_hidden"))));
        assert!(
            texts.contains(&("正文加粗继续", Layer::Visible)),
            "{texts:?}"
        );
        assert!(texts.contains(&("13800138000", Layer::Hidden("html_hidden"))));
        assert!(texts.contains(&("张三", Layer::Metadata("author"))));
        let p = e
            .segments
            .iter()
            .find(|s| s.text == "内部文件　不得外传")
            .unwrap();
        assert_eq!(p.anchor, Anchor::TextMap(vec![(0, 3, 4)]));
        assert_eq!(p.zone, Zone::Title);
    }

    #[test]
    fn css_class_hiding_and_entities() {
        let src =
            "<style>.x{display:none}</style><p class=\"x\">藏</p><p>&#x673A;&#23494;&amp;b</p>";
        let e = ex(src);
        assert!(e
            .segments
            .iter()
            .any(|s| s.text == "藏" && s.layer == Layer::Hidden("html_hidden")));
        let s = e.segments.iter().find(|s| s.text == "机密&b").unwrap();
        match &s.anchor {
            Anchor::TextMap(m) => assert!(m.len() >= 3),
            _ => panic!(),
        }
    }

    #[test]
    fn deep_nesting_is_linear_and_bounded() {
        let depth = 100_000;
        let mut src = String::new();
        for _ in 0..depth {
            src.push_str("<div>");
        }
        src.push_str("深处的文字");
        for _ in 0..depth {
            src.push_str("</div>");
        }
        let t = std::time::Instant::now();
        let e = ex(&src);
        assert!(t.elapsed().as_secs() < 5);
        assert!(e.segments.iter().any(|s| s.text.contains("深处的文字")));
        assert!(!e.not_examined.is_empty());
    }

    #[test]
    fn conditional_comments_cdata_and_meta_properties() {
        let e = ex("<html><head><meta property=\"og:description\" content=\"联系人 13800138000\"><meta name=\"viewport\" content=\"width=device-width\"></head><body><!--[if lt IE 9]><script src=\"html5shiv.js\"></script><![endif]--><!--[if IE]><p>经办人 330106199001011234</p><![endif]--><p>正文<![CDATA[ 附表 2025 ]]></p></body></html>");
        let texts: Vec<(&str, Layer)> = e
            .segments
            .iter()
            .map(|s| (s.text.as_str(), s.layer))
            .collect();
        assert!(
            texts.contains(&("联系人 13800138000", Layer::Metadata("other"))),
            "{texts:?}"
        );
        assert!(
            texts.contains(&("经办人 330106199001011234", Layer::Metadata("other"))),
            "{texts:?}"
        );
        assert!(
            texts.contains(&(" 附表 2025 ", Layer::Visible)),
            "{texts:?}"
        );
        // the shim's script tag and the viewport are not text
        assert!(
            !texts
                .iter()
                .any(|t| t.0.contains("html5shiv") || t.0.contains("width")),
            "{texts:?}"
        );
    }

    #[test]
    fn search_form_site_ids_are_not_content() {
        // a CMS search form's site id (15 digits, no date inside), a column id
        let e = ex("<form><input type=\"hidden\" name=\"websiteid\" value=\"330100000000000\"><input type=\"hidden\" name=\"columnid\" value=\"1234567890123\"></form><p>正文</p>");
        assert!(!e
            .segments
            .iter()
            .any(|s| s.layer == Layer::Hidden("html_hidden")));
        // a 15-digit old ID, a valid 18-digit ID and a mobile in hidden inputs stay
        for v in ["330106800101123", "11010519491231002X", "13800138000"] {
            let e = ex(&format!(
                "<form><input type=\"hidden\" value=\"{v}\"></form><p>正文</p>"
            ));
            assert!(
                e.segments
                    .iter()
                    .any(|s| s.layer == Layer::Hidden("html_hidden") && s.text == v),
                "{v}"
            );
        }
    }

    #[test]
    fn ordinary_hidden_inputs_are_not_content() {
        let e = ex("<form><input type=\"hidden\" name=\"siteId\" value=\"12\"><input type=\"hidden\" name=\"t\" value=\"a8f3c2\"></form><p>正文</p>");
        assert!(
            e.segments.iter().all(|s| s.layer == Layer::Visible),
            "{:?}",
            e.segments
        );
        let e = ex("<input type=\"hidden\" value=\"张三 13800138000\">");
        assert!(e
            .segments
            .iter()
            .any(|s| s.layer == Layer::Hidden("html_hidden")));
    }

    #[test]
    fn structural_comments_table() {
        // page-structure markers: not content
        for c in [
            "StartFragment",
            "EndFragment",
            " 头部开始 ",
            "头部结束",
            " nav end ",
            "begin",
            " 正文 结束 ",
            "主体内容开始",
            "/header",
            " end of header ",
            "main-content start",
            "#BeginLibraryItem \"/Library/foot.lbi\"",
            "#EndLibraryItem",
            "InstanceBeginEditable name=\"doctitle\"",
            " 导航区 开始 ",
            "=== footer end ===",
            // bare section labels of a CMS template
            "header",
            "头部",
            "统计代码",
            " 正文 ",
            // print regions, TRS WCM markers, editor markers, column labels
            "startprint",
            "endprint",
            "<$[信息内容]>begin",
            "<$[信息内容]>end",
            "TRS_AUTOADD_1695792356312",
            "ewebeditor:page title=\"\"",
            "SEO",
            " 模板 ",
            " 附件下载 ",
            " 信息公开元数据 ",
            " 栏目：通知公告 ",
            "栏目:政策解读",
        ] {
            assert!(is_structural_comment(c), "marker: {c:?}");
        }
        // real text: still reported
        for c in [
            "秘密★1年",
            "旧稿：秘密★1年",
            "张三 开始",
            "头部开始 张三",
            "开始 13800138000",
            "nav2 end",
            "审核人：李明",
            "内部",
            "领导批示",
            "此处删除了内部资料 开始",
            "end of the secret part",
            "待办公室确认后删除",
            "#BeginEditable \"张三\"",
            "StartFragment 330106199001011234",
            "start begin end start begin end start begin end start",
            "TRS_AUTOADD_张三",
            "ewebeditor:page title=\"内部稿\"",
            "栏目：内部资料",
            "栏目：不予公开",
            "栏目：秘密",
            "栏目：待删除稿件",
            "栏目：通知公告 张三 13800138000",
            "作者：张三，电话待补",
        ] {
            assert!(!is_structural_comment(c), "content: {c:?}");
        }
    }

    #[test]
    fn ruby_annotations_are_kept_apart_from_the_line_they_annotate() {
        // (source, the block's line, the annotations)
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "<p><ruby>机<rt>jī</rt></ruby><ruby>密<rt>mì</rt></ruby>★1年</p>",
                "机密★1年",
                Some("jī mì"),
            ),
            // parentheses for browsers without ruby are not shown
            (
                "<p><ruby>秘<rp>(</rp><rt>mì</rt><rp>)</rp>密</ruby></p>",
                "秘密",
                Some("mì"),
            ),
            // end tags left out: the next rt closes the open one
            (
                "<p><ruby>工<rt>gōng<rt>zuò</ruby>作秘密</p>",
                "工作秘密",
                Some("gōng zuò"),
            ),
            // digits of an ID under an annotation read as one run
            (
                "<td>110105<ruby>19491231<rt>出生日期</rt></ruby>002X</td>",
                "11010519491231002X",
                Some("出生日期"),
            ),
            // no ruby: nothing changes
            ("<p>机密★1年</p>", "机密★1年", None),
        ];
        for (src, line, ann) in cases {
            let e = ex(src);
            let texts: Vec<&str> = e.segments.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(texts.first().copied(), Some(*line), "{src}: {texts:?}");
            assert_eq!(texts.get(1).copied(), *ann, "{src}: {texts:?}");
            assert!(
                e.segments.iter().all(|s| s.layer == Layer::Visible),
                "{src}"
            );
        }
        // an annotation inside hidden markup is hidden text
        let e = ex("<p>公示<span hidden><ruby>x<rt>13812345678</rt></ruby></span></p>");
        assert!(e
            .segments
            .iter()
            .any(|s| s.text.contains("13812345678") && s.layer == Layer::Hidden("html_hidden")));
    }

    #[test]
    fn structural_comments_are_skipped_and_do_not_split_text() {
        let e = ex("<div><!--StartFragment--><h1>通知</h1><!-- 头部开始 --><p>内部<!-- x -->资料</p><!--EndFragment--><!-- 张三 --></div>");
        let comments: Vec<&str> = e
            .segments
            .iter()
            .filter(|s| s.layer == Layer::Hidden("html_comment"))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(comments, [" x ", " 张三 "]);
        assert!(e
            .segments
            .iter()
            .any(|s| s.text == "内部资料" && s.layer == Layer::Visible));
    }

    #[test]
    fn map_links_are_read() {
        let e = ex(
            r#"<p><a href="https://api.map.baidu.com/marker?location=22.540503,113.942311&amp;title=%E7%AB%99">查看位置</a> <a href="https://example.gov.cn/list?page=2">下一页</a></p>"#,
        );
        let links: Vec<&str> = e
            .segments
            .iter()
            .filter(|s| s.layer == Layer::Metadata("other"))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(links.len(), 1, "{links:?}");
        assert!(links[0].contains("location=22.540503,113.942311"));
        assert!(!map_link("https://example.gov.cn/?location=beijing"));
    }

    #[test]
    fn ssi_directives_and_commented_out_widgets_are_template() {
        let e = ex(
            r#"<!--#include virtual="/inc/head.html"--><!--#echo var="DATE_LOCAL" -->
<h1>关于开展检查的通知</h1><!--<div class="share">分享到：微信 微博</div>-->
<p>正文。</p><!--#include virtual="/inc/张三13800138000.html"-->
<!--<p>旧稿：联系人李四</p>--><!--<div>关于开展检查的通知</div>-->"#,
        );
        let comments: Vec<&str> = e
            .segments
            .iter()
            .filter(|s| s.layer == Layer::Hidden("html_comment"))
            .map(|s| s.text.trim())
            .collect();
        // an include naming a person and a commented-out draft stay; paths, a widget and a
        // copy of the title do not
        assert_eq!(
            comments,
            [
                r#"#include virtual="/inc/张三13800138000.html""#,
                "<p>旧稿：联系人李四</p>"
            ]
        );
    }

    #[test]
    fn template_hidden_pieces_that_reveal_nothing_are_dropped() {
        let e = ex(r#"<h1>我市召开政务公开工作推进会</h1><p>正文。</p>
<div id="share" style="display:none">分享到：微信 微博 QQ空间</div>
<div class="ewm" hidden>扫一扫在手机打开当前页</div>
<input type="hidden" id="docid" value="76992568">
<input type="hidden" id="arttitle" value="我市召开政务公开工作推进会">
<div style="display:none">旧稿：内部资料</div>
<input type="hidden" id="uid" value="13800138000">
<div style="display:none">分享到：张三 13800138000</div>"#);
        let hidden: Vec<&str> = e
            .segments
            .iter()
            .filter(|s| s.layer == Layer::Hidden("html_hidden"))
            .map(|s| s.text.trim())
            .collect();
        assert_eq!(
            hidden,
            ["旧稿：内部资料", "13800138000", "分享到：张三 13800138000"],
            "{hidden:?}"
        );
    }

    #[test]
    fn hidden_styles_table() {
        for st in [
            "font-size:0",
            "font-size: 0pt",
            "font-size:0em;color:red",
            "FONT-SIZE:0%",
            "font-size:0.0px",
            "font-size:.0rem",
            "font-size:0 !important",
            "display:none",
            "opacity:0.0",
            "color:#fff;background:#FFF",
            "background-color:white; color:#ffffff",
            "color:rgb(255, 255, 255);background-color:#fff",
            "display:/*x*/none",
            "font-size:/* 隐藏 */0pt",
        ] {
            assert!(style_hides(st), "hides: {st:?}");
        }
        for st in [
            "font-size:0.5em",
            "font-size:10pt",
            "font-size:inherit",
            "line-height:0",
            "opacity:0.5",
            "color:#fff",
            "color:#fff;background:#c00",
            "color:#000;background:#fff",
            "color:#ffe;background:#fff",
            "max-height:0.5em",
            "/* display:none */color:red",
            "display:block/*",
        ] {
            assert!(!style_hides(st), "visible: {st:?}");
        }
    }

    #[test]
    fn font_size_zero_is_undone_by_a_child_size() {
        let e = ex("<ul style=\"font-size:0\"><li style=\"font-size:14px\">首页</li><li><span>藏起</span></li></ul><span style=\"font-size:0pt\">经办人赵强</span>");
        let layer = |t: &str| e.segments.iter().find(|s| s.text == t).map(|s| s.layer);
        assert_eq!(layer("首页"), Some(Layer::Visible));
        assert_eq!(layer("藏起"), Some(Layer::Hidden("html_hidden")));
        assert_eq!(layer("经办人赵强"), Some(Layer::Hidden("html_hidden")));
    }

    #[test]
    fn hidden_piece_inside_visible_text() {
        let e = ex("<p>秘<span style=\"display:none\">_x</span>密★1年</p>");
        assert!(e
            .segments
            .iter()
            .any(|s| s.text == "秘密★1年" && s.layer == Layer::Visible));
        assert!(e
            .segments
            .iter()
            .any(|s| s.text == "_x" && s.layer == Layer::Hidden("html_hidden")));
        // hidden pieces separated by visible text stay apart
        let e = ex("<p><span hidden>秘</span>公开<span hidden>密</span></p>");
        let hidden: Vec<&str> = e
            .segments
            .iter()
            .filter(|s| s.layer != Layer::Visible)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(hidden, ["秘", "密"]);
    }

    #[test]
    fn numeric_references_without_semicolon() {
        let cases = [
            ("&#51&#51&#48", "330"),
            ("&#x33&#X33;&#51;", "333"),
            ("&#51 1", "3 1"),
            ("a&#23494b", "a密b"),
            ("&#;&#x;&#", "&#;&#x;&#"),
            ("&amp &ampx &lt;", "&amp &ampx <"),
            ("&#999999999999", "&#999999999999"),
        ];
        for (raw, want) in cases {
            assert_eq!(decode_attr(raw), want, "{raw}");
        }
    }

    #[test]
    fn link_targets_data_attributes_and_srcdoc() {
        let src = "<p>联系人：<a href=\"tel:+86%20138-1234-5678\">王科长</a> <a href=\"mailto:a@b.cn?subject=x\">邮件</a> <a href=\"https://x.cn/13812345678\">链接</a></p>\n<table><tr data-sfzh=\"330106199001011234\" data-id=\"12\" data-src=\"/img/20250318123456789.jpg\"><td>张三</td></tr></table>\n<iframe srcdoc=\"&lt;p&gt;申请人身份证号330107196506061358&lt;/p&gt;&lt;!-- 注 --&gt;\" src=\"x.html\"></iframe><div hidden><a href=\"sms:13912345678\">x</a></div>";
        let e = ex(src);
        let find = |t: &str| e.segments.iter().find(|s| s.text.contains(t));
        let tel = find("138-1234-5678").expect("tel target");
        assert_eq!(tel.layer, Layer::Visible);
        assert_eq!(
            tel.anchor.fixed_location(),
            Some(Location::line_col(1, 17)),
            "located at the link's address"
        );
        assert_eq!(find("a@b.cn").unwrap().layer, Layer::Visible);
        assert!(find("https://").is_none(), "ordinary links are not text");
        let data = find("330106199001011234").expect("data-* value");
        assert_eq!(data.layer, Layer::Visible);
        assert_eq!(data.record, Some(1));
        assert!(
            find("20250318123456789").is_none(),
            "image paths are skipped"
        );
        let inner = find("申请人身份证号").expect("srcdoc text");
        assert_eq!(inner.layer, Layer::Visible);
        assert_eq!(
            inner.anchor.fixed_location(),
            Some(Location::line_col(3, 1))
        );
        assert_eq!(find(" 注 ").unwrap().layer, Layer::Hidden("html_comment"));
        assert!(
            e.not_examined.is_empty(),
            "a srcdoc iframe was read: {:?}",
            e.not_examined
        );
        assert_eq!(
            find("13912345678").unwrap().layer,
            Layer::Hidden("html_hidden")
        );
        // a form's target address and an embedded player's parameters are addresses too
        let e2 = ex("<form action=\"/cx?sfzh=330106199001011234\"><input type=submit></form><object data=\"/v.swf\"><param name=\"flashvars\" value=\"id=440308198511204562\"><param name=\"q\" value=\"high\"></object>");
        let addr = |t: &str| e2.segments.iter().find(|s| s.text.contains(t));
        assert_eq!(
            addr("330106199001011234").unwrap().layer,
            Layer::Metadata("other")
        );
        assert!(addr("440308198511204562").is_some());
        assert!(addr("high").is_none());
        // srcdoc in srcdoc in …: bounded
        let mut doc = "<p>深处</p>".to_string();
        for _ in 0..6 {
            doc = format!(
                "<iframe srcdoc=\"{}\"></iframe>",
                doc.replace('&', "&amp;")
                    .replace('"', "&quot;")
                    .replace('<', "&lt;")
            );
        }
        let e = ex(&doc);
        assert!(e
            .not_examined
            .iter()
            .any(|n| n.what == "nested iframe srcdoc"));
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for src in [
            "<",
            "<p",
            "<p class=\"",
            "<!--",
            "</",
            "<a href='x>y</a>",
            "&#xFFFFFFFF;",
            "&#0;",
            "<script>",
            "<p>a</q></p>",
            "&#",
            "&#x",
            "<a href=\"tel:%\">",
            "<a href=\"tel:%E4%\">",
            "<a href='mailto:%zz%'>",
            "<iframe srcdoc=\"&lt;p\">",
            "<iframe srcdoc>",
            "<!---->",
            "<!-- -->",
            "<p style=\"font-size:\">x</p>",
            "<p style=\"color:;background\">x</p>",
        ] {
            let _ = ex(src);
        }
    }
}
