//! SARIF 2.1.0 sink: one run over all reports, one result per finding.
//!
//! Findings inside text-like items carry a `region` (line/column, columns counted in Unicode
//! code points); findings inside spreadsheets, docx parts, pdf pages or archive entries carry a
//! `logicalLocations[0].name` such as `名单!C5`, `word/document.xml#3` or `page 2`.

use crate::extract::Location;
use crate::policy::Action;
use crate::report::html::{category_label, has_state_secret, kind_label};
use crate::report::model::{Finding, Report};
use crate::Lang;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub const SARIF_VERSION: &str = "2.1.0";
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF level of an action.
pub fn level(a: Action) -> &'static str {
    match a {
        Action::Block => "error",
        Action::Review => "warning",
        Action::Info => "note",
    }
}

/// A URI reference for an item path: relative paths stay relative, absolute paths become
/// `file://` URIs; reserved and unsafe ASCII is percent-encoded, non-ASCII (CJK) stays UTF-8.
pub fn path_to_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let bytes = p.as_bytes();
    let (prefix, rest) = if p.starts_with('/') {
        ("file://".to_string(), p.as_str())
    } else if bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && bytes[2] == b'/'
    {
        // Windows drive path C:/x → file:///C:/x (the drive colon stays literal).
        (format!("file:///{}", &p[..2]), &p[2..])
    } else {
        (String::new(), p.as_str())
    };
    let mut out = prefix;
    for ch in rest.chars() {
        if !ch.is_ascii() {
            out.push(ch);
            continue;
        }
        let b = ch as u8;
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            out.push(ch);
        } else {
            // '%', ' ', '#', '?', ':', '"', '<', '>', '[', ']', '\\' … and control characters.
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Name of a location that has no line/column: `sheet!cell`, `part#paragraph`, `page N`,
/// with `entry/` in front for archive entries; `(item)` for the whole item.
pub fn logical_name(loc: &Location) -> String {
    let mut parts: Vec<String> = Vec::new();
    match (&loc.sheet, &loc.cell) {
        (Some(s), Some(c)) => parts.push(format!("{s}!{c}")),
        (Some(s), None) => {
            let mut n = s.clone();
            if let Some(r) = loc.row {
                n.push_str(&format!("!{r}:{r}"));
            } else if let Some(c) = loc.col {
                n.push_str(&format!("!col{c}"));
            }
            parts.push(n)
        }
        (None, Some(c)) => parts.push(c.clone()),
        (None, None) => {}
    }
    match (&loc.part, loc.paragraph) {
        (Some(p), Some(n)) => parts.push(format!("{p}#{n}")),
        (Some(p), None) => parts.push(p.clone()),
        (None, Some(n)) => parts.push(format!("paragraph {n}")),
        (None, None) => {}
    }
    if let Some(n) = loc.page {
        parts.push(format!("page {n}"));
    }
    match (loc.line, loc.column) {
        (Some(l), Some(c)) => parts.push(format!("{l}:{c}")),
        (Some(l), None) => parts.push(format!("line {l}")),
        _ => {}
    }
    if loc.sheet.is_none() && loc.line.is_none() {
        if let Some(r) = loc.row {
            parts.push(format!("row {r}"));
        }
    }
    if let Some(f) = &loc.field {
        parts.push(format!("@{f}"));
    }
    let inner = if parts.is_empty() {
        "(item)".to_string()
    } else {
        parts.join(" ")
    };
    match &loc.entry {
        Some(e) => format!("{e}/{inner}"),
        None => inner,
    }
}

fn result_location(item_path: &str, loc: &Location) -> Value {
    let mut phys = Map::new();
    phys.insert(
        "artifactLocation".into(),
        json!({ "uri": path_to_uri(item_path) }),
    );
    // A region only makes sense in the item itself, not inside an archive entry.
    let region = match (loc.entry.is_none(), loc.line.filter(|l| *l >= 1)) {
        (true, Some(line)) => {
            let mut r = Map::new();
            r.insert("startLine".into(), json!(line));
            if let Some(c) = loc.column.filter(|c| *c >= 1) {
                r.insert("startColumn".into(), json!(c));
            }
            Some(Value::Object(r))
        }
        _ => None,
    };
    let mut out = Map::new();
    match region {
        Some(r) => {
            phys.insert("region".into(), r);
            out.insert("physicalLocation".into(), Value::Object(phys));
        }
        None => {
            out.insert("physicalLocation".into(), Value::Object(phys));
            let name = logical_name(loc);
            out.insert(
                "logicalLocations".into(),
                json!([{ "name": name, "fullyQualifiedName": format!("{item_path}::{name}") }]),
            );
        }
    }
    Value::Object(out)
}

fn result(f: &Finding, rule_index: usize, item_path: &str, secret: bool) -> Value {
    let mut props = Map::new();
    props.insert("category".into(), json!(f.category));
    props.insert("kind".into(), json!(f.kind));
    props.insert("action".into(), json!(f.action));
    if let Some(m) = f.masked {
        props.insert("masked".into(), json!(m));
    }
    // Defence in depth: never copy text of an item with a state-secret marking.
    if let Some(e) = f.excerpt.as_ref().filter(|_| !secret) {
        props.insert("excerpt".into(), json!(e));
    }
    props.insert("layer".into(), json!(f.layer));
    // The contract's location object, lossless (sheet/cell, part/paragraph, entry…).
    props.insert(
        "location".into(),
        serde_json::to_value(&f.location).unwrap_or(Value::Null),
    );
    if let Some(r) = &f.exempt_reason {
        props.insert("exempt_reason".into(), json!(r));
    }
    let mut res = Map::new();
    res.insert("ruleId".into(), json!(f.rule));
    res.insert("ruleIndex".into(), json!(rule_index));
    res.insert("level".into(), json!(level(f.action)));
    res.insert("message".into(), json!({ "text": f.message }));
    res.insert(
        "locations".into(),
        json!([result_location(item_path, &f.location)]),
    );
    res.insert(
        "partialFingerprints".into(),
        json!({ "baomi/v1": f.fingerprint }),
    );
    if let Some(r) = &f.exempt_reason {
        // Exempted by the policy's allow-list: a suppression in SARIF terms.
        res.insert(
            "suppressions".into(),
            json!([{ "kind": "external", "status": "accepted", "justification": r }]),
        );
    }
    res.insert("properties".into(), Value::Object(props));
    Value::Object(res)
}

/// SARIF 2.1.0 log for all reports: one run with tool `baomi`, one rule per distinct
/// `finding.rule` (in order of first appearance), one result per finding.
pub fn render(reports: &[Report]) -> Value {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_idx: HashMap<&str, usize> = HashMap::new();
    let mut results: Vec<Value> = Vec::new();
    for r in reports {
        let secret = has_state_secret(r);
        for f in &r.findings {
            let idx = *rule_idx.entry(f.rule.as_str()).or_insert_with(|| {
                let zh = format!(
                    "{} / {}",
                    category_label(&f.category, Lang::Zh),
                    kind_label(&f.kind, Lang::Zh)
                );
                let en = format!(
                    "{} / {}",
                    category_label(&f.category, Lang::En),
                    kind_label(&f.kind, Lang::En)
                );
                rules.push(json!({
                    "id": f.rule,
                    "name": f.rule,
                    "shortDescription": { "text": format!("{}/{}", f.category, f.kind) },
                    "fullDescription": { "text": format!("{zh} ({en})") },
                    "properties": { "category": f.category, "kind": f.kind },
                }));
                rules.len() - 1
            });
            results.push(result(f, idx, &r.item.path, secret));
        }
    }
    json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {
                "driver": {
                    "name": "baomi",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "invocations": [{ "executionSuccessful": true }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::html::test_fixtures::{block_report, pass_report};

    fn log() -> Value {
        render(&[block_report(), pass_report()])
    }

    #[test]
    fn shape() {
        let v = log();
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["$schema"], SARIF_SCHEMA);
        let runs = v["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert_eq!(run["tool"]["driver"]["name"], "baomi");
        assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
        // one rule per distinct finding.rule
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            [
                "marking.state_secret",
                "pii.cn_resident_id",
                "pii.cn_mobile",
                "hidden.tracked_change",
                "responsibility.unassigned",
                "dict.secret_project"
            ]
        );
        assert_eq!(
            rules[1]["shortDescription"]["text"],
            "personal_info/cn_resident_id"
        );
        assert!(rules[1]["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("居民身份证号"));
        // only findings become results (the pass report adds none)
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), block_report().findings.len());
        for res in results {
            let id = res["ruleId"].as_str().unwrap();
            let idx = res["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[idx]["id"], id);
            assert!(res["partialFingerprints"]["baomi/v1"].is_string());
            assert!(res["message"]["text"].is_string());
        }
    }

    #[test]
    fn levels_locations_properties() {
        let v = log();
        let results = v["runs"][0]["results"].as_array().unwrap();
        let uri = "drafts/名单%20%3Cscript%3Ealert(%22x%22)%3C/script%3E.xlsx";
        // state secret: block → error, logical location sheet!cell, no excerpt property
        let r0 = &results[0];
        assert_eq!(r0["level"], "error");
        assert_eq!(
            r0["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            uri
        );
        assert!(r0["locations"][0]["physicalLocation"]["region"].is_null());
        assert_eq!(
            r0["locations"][0]["logicalLocations"][0]["name"],
            "公示名单!A1"
        );
        assert!(r0["properties"].get("excerpt").is_none());
        assert!(r0["properties"].get("masked").is_none());
        assert_eq!(r0["properties"]["category"], "classification_marking");
        assert_eq!(r0["properties"]["action"], "block");
        assert_eq!(
            r0["partialFingerprints"]["baomi/v1"],
            "fp-marking.state_secret-state_secret"
        );
        // masked ID: info → note, masked true; the item carries a state-secret marking, so
        // no excerpt is copied even though the finding has one
        let r1 = &results[1];
        assert_eq!(r1["level"], "note");
        assert_eq!(r1["properties"]["masked"], true);
        assert!(r1["properties"].get("excerpt").is_none());
        // mobile at line 12 col 5: review → warning, region
        let r2 = &results[2];
        assert_eq!(r2["level"], "warning");
        let region = &r2["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 12);
        assert_eq!(region["startColumn"], 5);
        assert!(r2["locations"][0].get("logicalLocations").is_none());
        assert_eq!(r2["properties"]["masked"], false);
        // archive entry + part/paragraph, suppression for the exempted finding
        let r3 = &results[3];
        assert_eq!(
            r3["locations"][0]["logicalLocations"][0]["name"],
            "附件/说明.docx/word/document.xml#3"
        );
        assert_eq!(r3["suppressions"][0]["justification"], "已核实<无害>");
        // file-level finding, page finding
        assert_eq!(
            results[4]["locations"][0]["logicalLocations"][0]["name"],
            "(item)"
        );
        assert_eq!(
            results[5]["locations"][0]["logicalLocations"][0]["name"],
            "page 2"
        );
        assert_eq!(
            results[6]["locations"][0]["logicalLocations"][0]["name"],
            "公示名单!C2"
        );
        assert_eq!(results[6]["partialFingerprints"]["baomi/v1"], "fp0000");
    }

    #[test]
    fn excerpt_only_when_some() {
        let mut r = block_report();
        r.findings.remove(0); // drop the state-secret marking
        r.findings[1].excerpt = None;
        let v = render(&[r]);
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results[0]["properties"]["excerpt"], "440308********1234");
        assert!(results[1]["properties"].get("excerpt").is_none());
        assert_eq!(results[5]["properties"]["excerpt"], "330106********123X");
    }

    #[test]
    fn json_round_trip() {
        let v = log();
        let s = serde_json::to_string_pretty(&v).unwrap();
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
        // CJK stays UTF-8 in the output text
        assert!(s.contains("公示名单"));
        let empty = render(&[]);
        assert_eq!(empty["runs"][0]["results"].as_array().unwrap().len(), 0);
        assert_eq!(
            empty["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .len(),
            0
        );
    }

    #[test]
    fn uris() {
        assert_eq!(path_to_uri("drafts/名单.xlsx"), "drafts/名单.xlsx");
        assert_eq!(path_to_uri("a b/c#d?.txt"), "a%20b/c%23d%3F.txt");
        assert_eq!(path_to_uri("100%.txt"), "100%25.txt");
        assert_eq!(path_to_uri("x:y.txt"), "x%3Ay.txt");
        assert_eq!(
            path_to_uri("/srv/公开 文件/a.txt"),
            "file:///srv/公开%20文件/a.txt"
        );
        assert_eq!(
            path_to_uri("C:\\docs\\a b.txt"),
            "file:///C:/docs/a%20b.txt"
        );
        assert_eq!(path_to_uri("./a.txt"), "./a.txt");
    }

    #[test]
    fn logical_names() {
        assert_eq!(
            logical_name(&Location::cell("名单", "C5".into())),
            "名单!C5"
        );
        assert_eq!(
            logical_name(&Location::part_para("word/document.xml", 3)),
            "word/document.xml#3"
        );
        assert_eq!(
            logical_name(&Location {
                page: Some(4),
                ..Default::default()
            }),
            "page 4"
        );
        assert_eq!(logical_name(&Location::item()), "(item)");
        assert_eq!(
            logical_name(&Location {
                entry: Some("in.zip".into()),
                ..Location::line_col(3, 1)
            }),
            "in.zip/3:1"
        );
        assert_eq!(
            logical_name(&Location {
                part: Some("docProps/core.xml".into()),
                field: Some("dc:creator".into()),
                ..Default::default()
            }),
            "docProps/core.xml @dc:creator"
        );
    }
}
