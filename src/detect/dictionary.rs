//! Sensitive-term dictionaries: a versioned TOML format (`baomi.dict/v1`) or a plain word list,
//! compiled into one charwise double-array Aho-Corasick automaton (daachorse) per run and shared
//! by all workers. Terms are normalized like the text, and traditional variants come for free
//! because the text is converted to simplified before matching.

use crate::extract::Zone;
use crate::normalize::normalize;
use crate::policy::{Action, ConfigError};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};
use std::path::Path;

use super::Hit;

/// The built-in dictionaries, compiled into the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "dictionaries/process_info.toml",
        include_str!("../../dictionaries/process_info.toml"),
    ),
    (
        "dictionaries/secrecy_system.toml",
        include_str!("../../dictionaries/secrecy_system.toml"),
    ),
    (
        "dictionaries/facility.toml",
        include_str!("../../dictionaries/facility.toml"),
    ),
    (
        "dictionaries/sensitive_personal.toml",
        include_str!("../../dictionaries/sensitive_personal.toml"),
    ),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DictFile {
    format: String,
    name: String,
    version: String,
    #[serde(default)]
    description: String,
    #[serde(default, rename = "term")]
    terms: Vec<TermSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermSpec {
    term: String,
    kind: String,
    #[serde(default = "review")]
    action: Action,
    #[serde(default)]
    note: String,
    /// Zones where the term counts: `title`, `body`, `header_footer`, `file_name`, `sheet_name`,
    /// `metadata`. Empty = everywhere.
    #[serde(default)]
    zones: Vec<String>,
    /// At least one of these words must occur within `window` characters of the term.
    #[serde(default)]
    context: Vec<String>,
    /// The hit does not count when it lies inside one of these longer phrases.
    #[serde(default)]
    exclude: Vec<String>,
    /// The hit does not count when the item's title area contains one of these.
    #[serde(default)]
    unless_title_contains: Vec<String>,
    /// The hit does not count inside a book-title pair 《…》 on its line (the stage of a
    /// document that is cited, 「关于《某某办法（送审稿）》公开征求意见的通知」).
    #[serde(default)]
    not_in_book_title: bool,
    /// In the title area the term counts only on a line that reads as a title, not in a
    /// sentence (a line with 。 or a comma: 「我局先后形成讨论稿、征求意见稿，…」).
    #[serde(default)]
    not_in_sentence: bool,
    #[serde(default = "default_window")]
    window: usize,
}

fn review() -> Action {
    Action::Review
}
fn default_window() -> usize {
    20
}

/// One compiled dictionary entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub term: String,
    pub kind: String,
    pub action: Action,
    pub note: String,
    pub zones: Vec<Zone>,
    pub context: Vec<String>,
    pub exclude: Vec<String>,
    pub unless_title_contains: Vec<String>,
    #[serde(default)]
    pub not_in_book_title: bool,
    #[serde(default)]
    pub not_in_sentence: bool,
    pub window: usize,
    pub source: String,
}

#[derive(Debug, Clone, Copy)]
struct EntryTexts {
    kind: &'static str,
    rule: &'static str,
    zh: &'static str,
    en: &'static str,
}

/// A string for the rest of the process. Dictionaries are built once per run (per `scan`, once
/// at `serve` start-up) and live until the process ends, so this is bounded by their size.
fn forever(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// All dictionaries of a run, compiled once.
pub struct Dictionary {
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    pub entries: Vec<Entry>,
    /// The entries as given to [`Dictionary::build`], so that a worker process can build the
    /// same dictionary.
    pub raw: Vec<Entry>,
    /// Per entry, the strings every hit of it carries (kind, rule, Chinese and English
    /// message), made once: a 10,000-term dictionary over a big batch has millions of hits.
    texts: Vec<EntryTexts>,
    pub sources: Vec<(String, String)>, // (name, version)
}

fn parse_zone(z: &str) -> Option<Zone> {
    Some(match z {
        "title" => Zone::Title,
        "body" => Zone::Body,
        "header_footer" => Zone::HeaderFooter,
        "file_name" => Zone::FileName,
        "sheet_name" => Zone::SheetName,
        "metadata" => Zone::Metadata,
        _ => return None,
    })
}

fn line_of(src: &str, byte: usize) -> usize {
    src[..byte.min(src.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

impl Dictionary {
    /// Build from the built-in dictionaries plus user files/folders.
    pub fn load(extra: &[std::path::PathBuf]) -> Result<Dictionary, ConfigError> {
        let mut entries = Vec::new();
        let mut sources = Vec::new();
        for (name, src) in BUILTIN {
            parse_into(src, name, &mut entries, &mut sources)?;
        }
        for p in extra {
            load_path(p, &mut entries, &mut sources)?;
        }
        Ok(Dictionary::build(entries, sources))
    }

    pub fn build(mut entries: Vec<Entry>, sources: Vec<(String, String)>) -> Dictionary {
        let raw = entries.clone();
        // normalize terms, drop empties and duplicates (first wins)
        let mut seen = std::collections::HashSet::new();
        entries.retain_mut(|e| {
            let n = normalize(&e.term).text.trim().to_string();
            e.term = n;
            !e.term.is_empty() && seen.insert(e.term.clone())
        });
        for e in entries.iter_mut() {
            e.exclude = e.exclude.iter().map(|x| normalize(x).text).collect();
            e.context = e.context.iter().map(|x| normalize(x).text).collect();
            e.unless_title_contains = e
                .unless_title_contains
                .iter()
                .map(|x| normalize(x).text)
                .collect();
        }
        let automaton = if entries.is_empty() {
            None
        } else {
            CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build_with_values(
                    entries
                        .iter()
                        .enumerate()
                        .map(|(i, e)| (e.term.as_str(), i as u32)),
                )
                .ok()
        };
        let texts = entries
            .iter()
            .map(|e| {
                let note = if e.note.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", e.note)
                };
                EntryTexts {
                    kind: forever(e.kind.clone()),
                    rule: forever(format!("term.{}", e.kind)),
                    zh: forever(format!("敏感词「{}」{}", e.term, note)),
                    en: forever(format!("sensitive term \"{}\" ({})", e.term, e.kind)),
                }
            })
            .collect();
        Dictionary {
            automaton,
            entries,
            raw,
            texts,
            sources,
        }
    }

    /// Hits in normalized `text` of a segment in `zone`. `title` is the item's normalized
    /// title-area text (for `unless_title_contains`).
    pub fn find(&self, text: &str, zone: Zone, title: &str) -> Vec<Hit> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in ac.leftmost_find_iter(text) {
            let e = &self.entries[m.value() as usize];
            let (s, t) = (m.start(), m.end());
            if !e.zones.is_empty() && !e.zones.contains(&zone) {
                continue;
            }
            if e.exclude.iter().any(|x| inside_phrase(text, s, t, x)) {
                continue;
            }
            if !e.unless_title_contains.is_empty()
                && e.unless_title_contains
                    .iter()
                    .any(|x| title.contains(x.as_str()))
            {
                continue;
            }
            if e.not_in_book_title && in_book_title(text, s) {
                continue;
            }
            if e.not_in_sentence && zone == Zone::Title && in_sentence(text, s) {
                continue;
            }
            if !e.context.is_empty() {
                let (ws, we) = char_window(text, s, t, e.window);
                if !e.context.iter().any(|c| text[ws..we].contains(c.as_str())) {
                    continue;
                }
            }
            let tx = self.texts[m.value() as usize];
            out.push(Hit {
                category: "sensitive_term",
                kind: tx.kind.into(),
                rule: tx.rule.into(),
                start: s,
                end: t,
                value: e.term.clone(),
                masked: None,
                action: Some(e.action),
                message_zh: tx.zh.into(),
                message_en: tx.en.into(),
            });
        }
        out
    }
}

/// Whether the line around byte offset `s` is a sentence: it holds 。 or a comma or semicolon.
fn in_sentence(text: &str, s: usize) -> bool {
    let a = text[..s].rfind('\n').map_or(0, |i| i + 1);
    let b = text[s..].find('\n').map_or(text.len(), |i| s + i);
    text[a..b].contains(['。', ',', '，', ';', '；'])
}

/// Whether byte offset `s` lies inside an open 《 on its line (《 before it with no 》 between).
fn in_book_title(text: &str, s: usize) -> bool {
    let line = &text[text[..s].rfind('\n').map_or(0, |i| i + 1)..s];
    match (line.rfind('《'), line.rfind('》')) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Whether the match `s..t` lies inside an occurrence of `phrase` in `text`.
fn inside_phrase(text: &str, s: usize, t: usize, phrase: &str) -> bool {
    let lo = s.saturating_sub(phrase.len());
    let hi = (t + phrase.len()).min(text.len());
    let (lo, hi) = (floor_char(text, lo), ceil_char(text, hi));
    let win = &text[lo..hi];
    let mut from = 0;
    while let Some(p) = win[from..].find(phrase) {
        let ps = lo + from + p;
        let pe = ps + phrase.len();
        if ps <= s && pe >= t {
            return true;
        }
        from += p + phrase.len().max(1);
        if from >= win.len() {
            break;
        }
        from = ceil_char(win, from);
    }
    false
}

pub fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub fn ceil_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Byte range extending `n` characters on both sides of `s..t`.
pub fn char_window(text: &str, s: usize, t: usize, n: usize) -> (usize, usize) {
    let ws = text[..s]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let we = text[t..]
        .char_indices()
        .nth(n)
        .map(|(i, _)| t + i)
        .unwrap_or(text.len());
    (ws, we)
}

fn load_path(
    p: &Path,
    entries: &mut Vec<Entry>,
    sources: &mut Vec<(String, String)>,
) -> Result<(), ConfigError> {
    let name = p.display().to_string();
    if p.is_dir() {
        let mut files: Vec<_> = walkdir::WalkDir::new(p)
            .follow_links(false)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|f| {
                matches!(
                    f.extension().and_then(|e| e.to_str()),
                    Some("toml") | Some("txt") | Some("dic")
                )
            })
            .collect();
        files.sort();
        for f in files {
            load_path(&f, entries, sources)?;
        }
        return Ok(());
    }
    let bytes = std::fs::read(p).map_err(|e| ConfigError {
        file: name.clone(),
        line: None,
        message: format!("cannot read dictionary: {e}"),
    })?;
    let src = match std::str::from_utf8(&bytes) {
        Ok(s) => s.trim_start_matches('\u{FEFF}').to_string(),
        Err(e) => {
            let line = line_of(
                &String::from_utf8_lossy(&bytes[..e.valid_up_to()]),
                e.valid_up_to(),
            );
            return Err(ConfigError {
                file: name,
                line: Some(line),
                message: "dictionary is not valid UTF-8".into(),
            });
        }
    };
    if p.extension().and_then(|e| e.to_str()) == Some("toml") {
        parse_into(&src, &name, entries, sources)
    } else {
        // plain word list: one term per line, `#` comments
        for (i, line) in src.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if t.chars().count() > 64 {
                return Err(ConfigError {
                    file: name,
                    line: Some(i + 1),
                    message: "term longer than 64 characters".into(),
                });
            }
            entries.push(Entry {
                term: t.to_string(),
                kind: "custom".into(),
                action: Action::Review,
                note: String::new(),
                zones: vec![],
                context: vec![],
                exclude: vec![],
                unless_title_contains: vec![],
                not_in_book_title: false,
                not_in_sentence: false,
                window: 20,
                source: name.clone(),
            });
        }
        sources.push((name, "wordlist".into()));
        Ok(())
    }
}

fn parse_into(
    src: &str,
    name: &str,
    entries: &mut Vec<Entry>,
    sources: &mut Vec<(String, String)>,
) -> Result<(), ConfigError> {
    let f: DictFile = toml::from_str(src).map_err(|e| ConfigError {
        file: name.to_string(),
        line: e.span().map(|s| line_of(src, s.start)),
        message: e.message().to_string(),
    })?;
    if f.format != "baomi.dict/v1" {
        return Err(ConfigError {
            file: name.to_string(),
            line: src.find("format").map(|b| line_of(src, b)),
            message: format!(
                "unsupported dictionary format `{}` (expected baomi.dict/v1)",
                f.format
            ),
        });
    }
    let _ = &f.description;
    for t in f.terms {
        let mut zones = Vec::new();
        for z in &t.zones {
            match parse_zone(z) {
                Some(z) => zones.push(z),
                None => {
                    return Err(ConfigError {
                        file: name.to_string(),
                        line: src.find(&format!("\"{z}\"")).map(|b| line_of(src, b)),
                        message: format!("unknown zone `{z}` for term `{}`", t.term),
                    })
                }
            }
        }
        if t.term.trim().is_empty() || t.kind.trim().is_empty() {
            return Err(ConfigError {
                file: name.to_string(),
                line: None,
                message: "a term needs non-empty `term` and `kind`".into(),
            });
        }
        entries.push(Entry {
            term: t.term,
            kind: t.kind,
            action: t.action,
            note: t.note,
            zones,
            context: t.context,
            exclude: t.exclude,
            unless_title_contains: t.unless_title_contains,
            not_in_book_title: t.not_in_book_title,
            not_in_sentence: t.not_in_sentence,
            window: t.window,
            source: name.to_string(),
        });
    }
    sources.push((f.name, f.version));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Dictionary {
        Dictionary::load(&[]).expect("builtin dictionaries parse")
    }

    fn kinds(d: &Dictionary, text: &str, zone: Zone) -> Vec<String> {
        let n = normalize(text).text;
        d.find(&n, zone, "")
            .into_iter()
            .map(|h| h.kind.to_string())
            .collect()
    }

    #[test]
    fn table() {
        let d = dict();
        // (text, zone, expected kinds)
        let cases: Vec<(&str, Zone, Vec<&str>)> = vec![
            (
                "关于加快发展保障性租赁住房的实施意见（送审稿）",
                Zone::Title,
                vec!["process_info"],
            ),
            (
                "关于加快发展保障性租赁住房的实施意见（送审稿）",
                Zone::FileName,
                vec!["process_info"],
            ),
            ("本意见的送审稿已报市政府", Zone::Body, vec![]),
            ("讨 论 稿", Zone::Title, vec!["process_info"]),
            ("討論稿", Zone::Title, vec!["process_info"]),
            ("收到市委密码电报一份", Zone::Body, vec!["secrecy_system"]),
            // a cited document's stage, stock prose of 保密 news
            (
                "关于《杭州市公共数据授权运营管理办法（送审稿）》公开征求意见的通知",
                Zone::Title,
                vec![],
            ),
            ("《物业管理条例（草案修改稿）》", Zone::Title, vec![]),
            ("《办法》（送审稿）", Zone::Title, vec!["process_info"]),
            ("准确把握定密依据和定密权限", Zone::Body, vec![]),
            (
                "严格控制国家秘密知悉范围　筑牢机关保密防线",
                Zone::Title,
                vec![],
            ),
            (
                "知悉范围：局领导班子成员",
                Zone::Title,
                vec!["secrecy_system"],
            ),
            (
                "市档案馆开展档案开放审核和密点标注业务培训",
                Zone::FileName,
                vec![],
            ),
            (
                "编制过程中，我局先后形成讨论稿、征求意见稿，召开座谈会12场。",
                Zone::Title,
                vec![],
            ),
            (
                "定密依据：《某某工作国家秘密范围的规定》第三条",
                Zone::Body,
                vec!["secrecy_system"],
            ),
            ("定密依据", Zone::HeaderFooter, vec!["secrecy_system"]),
            // a handout's heading and a title property name the topic
            ("二、定密依据", Zone::Title, vec![]),
            ("定密依据讲解", Zone::Metadata, vec![]),
            (
                "知悉范围　限局领导班子成员",
                Zone::HeaderFooter,
                vec!["secrecy_system"],
            ),
            ("关于严格控制知悉范围的通知", Zone::HeaderFooter, vec![]),
            ("严格控制国家秘密知悉范围", Zone::Metadata, vec![]),
            (
                "国家秘密的密级、保密期限和知悉范围",
                Zone::HeaderFooter,
                vec![],
            ),
            (
                "知悉范围:局领导班子成员",
                Zone::Metadata,
                vec!["secrecy_system"],
            ),
            (
                "规范机要件收发登记、密码电报办理等业务流程",
                Zone::Body,
                vec![],
            ),
            ("附：机要件清单", Zone::Body, vec!["secrecy_system"]),
            // named as a business in training news, not a telegram or a document
            (
                "培训围绕档案开放审核、密码电报类档案管理、已解密档案的利用展开",
                Zone::Body,
                vec![],
            ),
            ("做到机要件件件有登记、件件有着落。", Zone::Body, vec![]),
            (
                "根据省委办公厅〔2025〕12号密码电报精神",
                Zone::Body,
                vec!["secrecy_system"],
            ),
            (
                "此件为机要件，请妥善保管",
                Zone::Body,
                vec!["secrecy_system"],
            ),
            ("严禁在互联网上公开坐标转换参数", Zone::Body, vec![]),
            (
                "坐标转换参数：ΔX=-12.345m，ΔY=8.21m",
                Zone::Body,
                vec!["geo_secret"],
            ),
            (
                "推进2000国家大地坐标系应用，逐步停用独立坐标系",
                Zone::Body,
                vec![],
            ),
            (
                "本市独立坐标系中央子午线为120°",
                Zone::Body,
                vec!["geo_secret"],
            ),
            ("要加强干部队伍建设", Zone::Body, vec![]),
            ("防止泄露国家秘密、工作秘密和敏感信息", Zone::Body, vec![]),
            ("做好保密审查", Zone::Body, vec![]),
        ];
        for (t, z, want) in cases {
            assert_eq!(kinds(&d, t, z), want, "{t}");
        }
    }

    #[test]
    fn unless_title() {
        let d = dict();
        let n = normalize("某某办法（征求意见稿）").text;
        assert_eq!(
            d.find(&n, Zone::Title, "关于公开征求某某办法意见的通知")
                .len(),
            0
        );
        assert_eq!(d.find(&n, Zone::Title, "某某办法").len(), 1);
    }

    #[test]
    fn word_list_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let wl = dir.path().join("words.txt");
        std::fs::write(&wl, "# 本单位敏感词\n天河工程\n\n").unwrap();
        let d = Dictionary::load(&[wl]).unwrap();
        let n = normalize("关于天河工程的安排").text;
        let h = d.find(&n, Zone::Body, "");
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].kind, "custom");
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "format = \"baomi.dict/v1\"\nname = \"x\"\nversion = \"1\"\n[[term]]\nterm = \"a\"\nkind = \"k\"\naction = \"nope\"\n").unwrap();
        let e = Dictionary::load(&[bad]).err().unwrap();
        assert_eq!(e.line, Some(7), "{e}");
        let bin = dir.path().join("bin.txt");
        std::fs::write(&bin, b"ok\n\xff\xfe").unwrap();
        assert!(Dictionary::load(&[bin]).is_err());
    }
}
