//! The policy is data (`policies/*.toml`): it maps every hit to block/review/info, holds the
//! aggregation thresholds, limits and allow-lists. The default portal policy is compiled in.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const DEFAULT_POLICY: &str = include_str!("../policies/portal.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Info,
    Review,
    Block,
}

impl Action {
    pub fn parse(s: &str) -> Option<Action> {
        match s {
            "info" => Some(Action::Info),
            "review" => Some(Action::Review),
            "block" => Some(Action::Block),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    /// `category` or `category.kind` → action. The most specific key wins.
    pub actions: BTreeMap<String, Action>,
    /// Action for personal_info that is properly masked.
    #[serde(default = "default_info")]
    pub masked_action: Action,
    /// Action for personal_info whose masking still shows what must be hidden.
    #[serde(default = "default_review")]
    pub insufficient_mask_action: Action,
    /// Action for a geo_coordinate coarser than the precision limit.
    #[serde(default = "default_info")]
    pub coarse_geo_action: Action,
    #[serde(default)]
    pub aggregation: Aggregation,
    #[serde(default)]
    pub limits: PolicyLimits,
    #[serde(default)]
    pub allow: Allow,
}

fn default_info() -> Action {
    Action::Info
}
fn default_review() -> Action {
    Action::Review
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Aggregation {
    pub personal_records: Option<PersonalRecords>,
    pub cross_item_reconstruction: Option<CrossItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalRecords {
    pub threshold: usize,
    pub kinds: Vec<String>,
    pub action: Action,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossItem {
    pub action: Action,
    /// Minimum number of visible positions two masked forms must share when no record
    /// context (a shared name in the same row/line) ties them together.
    #[serde(default = "default_overlap")]
    pub min_overlap_without_context: usize,
}

fn default_overlap() -> usize {
    8
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyLimits {
    #[serde(default = "d_max_item")]
    pub max_item_mb: u64,
    #[serde(default = "d_timeout")]
    pub item_timeout_s: u64,
    /// Findings listed one by one per item and rule/action; beyond this, one summary finding
    /// carries the count (the verdict and aggregation still count every occurrence).
    #[serde(default = "d_max_findings")]
    pub max_findings_per_rule: usize,
    /// Address-space limit of each worker process that reads a parsed format, MB.
    #[serde(default = "d_worker_memory")]
    pub worker_memory_mb: u64,
}

fn d_worker_memory() -> u64 {
    1024
}

fn d_max_findings() -> usize {
    500
}

fn d_max_item() -> u64 {
    256
}
fn d_timeout() -> u64 {
    60
}

impl Default for PolicyLimits {
    fn default() -> Self {
        PolicyLimits {
            max_item_mb: d_max_item(),
            item_timeout_s: d_timeout(),
            max_findings_per_rule: d_max_findings(),
            worker_memory_mb: d_worker_memory(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    #[serde(default)]
    pub identifiers: Vec<AllowIdentifier>,
    #[serde(default)]
    pub phrases: Vec<AllowPhrase>,
}

/// An exempt identifier, kept only as the sha256 (hex) of the value the scanner compares:
/// `baomi hash` prints it (`scan::allow_hash`: separators removed, uppercase, email lowercase).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowIdentifier {
    pub sha256: String,
    pub reason: String,
}

/// An exempt phrase: a finding whose matched text lies inside this phrase becomes `info`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowPhrase {
    pub phrase: String,
    pub reason: String,
}

/// A configuration error that names the file and, when known, the line.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

fn line_of(src: &str, byte: usize) -> usize {
    src[..byte.min(src.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

impl Policy {
    pub fn builtin() -> Policy {
        Policy::parse(DEFAULT_POLICY, "policies/portal.toml (built-in)")
            .expect("built-in policy is valid")
    }

    pub fn load(path: &Path) -> Result<Policy, ConfigError> {
        let name = path.display().to_string();
        let src = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: name.clone(),
            line: None,
            message: format!("cannot read: {e}"),
        })?;
        Policy::parse(&src, &name)
    }

    pub fn parse(src: &str, file: &str) -> Result<Policy, ConfigError> {
        let p: Policy = toml::from_str(src).map_err(|e| ConfigError {
            file: file.to_string(),
            line: e.span().map(|s| line_of(src, s.start)),
            message: e.message().to_string(),
        })?;
        p.validate(src, file)?;
        Ok(p)
    }

    fn validate(&self, src: &str, file: &str) -> Result<(), ConfigError> {
        let err = |needle: &str, message: String| ConfigError {
            file: file.to_string(),
            line: src.find(needle).map(|b| line_of(src, b)),
            message,
        };
        for key in self.actions.keys() {
            let cat = key.split('.').next().unwrap_or("");
            if !CATEGORIES.contains(&cat) {
                return Err(err(key, format!("unknown category in actions key `{key}`")));
            }
        }
        for a in &self.allow.identifiers {
            let ok = a.sha256.len() == 64 && a.sha256.bytes().all(|b| b.is_ascii_hexdigit());
            if !ok {
                return Err(err(
                    &a.sha256,
                    "allow.identifiers sha256 must be 64 hex digits".into(),
                ));
            }
            if a.reason.trim().is_empty() {
                return Err(err(
                    &a.sha256,
                    "allow.identifiers entry needs a reason".into(),
                ));
            }
        }
        for p in &self.allow.phrases {
            if p.phrase.trim().is_empty() || p.reason.trim().is_empty() {
                return Err(err(
                    &p.phrase,
                    "allow.phrases entry needs a phrase and a reason".into(),
                ));
            }
        }
        if let Some(pr) = &self.aggregation.personal_records {
            if pr.threshold == 0 {
                return Err(err(
                    "threshold",
                    "aggregation threshold must be at least 1".into(),
                ));
            }
        }
        Ok(())
    }

    /// The action for a category/kind; the most specific key wins, default `review`
    /// (fail closed: an unknown kind is looked at by a person).
    pub fn action_for(&self, category: &str, kind: &str) -> Action {
        let full = format!("{category}.{kind}");
        if let Some(a) = self.actions.get(&full) {
            return *a;
        }
        if let Some(a) = self.actions.get(category) {
            return *a;
        }
        Action::Review
    }
}

pub const CATEGORIES: &[&str] = &[
    "classification_marking",
    "sensitive_term",
    "personal_info",
    "hidden_content",
    "metadata",
    "aggregation",
    "unreadable",
    "responsibility",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_policy_matches_contract_defaults() {
        let p = Policy::builtin();
        assert_eq!(p.name, "portal");
        assert_eq!(
            p.action_for("classification_marking", "internal"),
            Action::Block
        );
        assert_eq!(
            p.action_for("personal_info", "cn_resident_id"),
            Action::Block
        );
        assert_eq!(p.action_for("personal_info", "bank_card"), Action::Block);
        assert_eq!(p.action_for("personal_info", "cn_mobile"), Action::Review);
        assert_eq!(p.action_for("personal_info", "email"), Action::Info);
        assert_eq!(p.action_for("personal_info", "cn_landline"), Action::Info);
        assert_eq!(p.action_for("metadata", "author"), Action::Info);
        assert_eq!(p.action_for("unreadable", "corrupt"), Action::Review);
        assert_eq!(p.action_for("hidden_content", "comment"), Action::Review);
        assert_eq!(p.action_for("responsibility", "unassigned"), Action::Review);
        let pr = p.aggregation.personal_records.as_ref().unwrap();
        assert_eq!(pr.threshold, 10);
        assert_eq!(pr.action, Action::Block);
    }

    #[test]
    fn invalid_policy_names_line() {
        let src = "name = \"x\"\nversion = \"1\"\n[actions]\n\"personal_info\" = \"bogus\"\n";
        let e = Policy::parse(src, "p.toml").unwrap_err();
        assert_eq!(e.file, "p.toml");
        assert_eq!(e.line, Some(4), "{e}");
        let src = "name = \"x\"\nversion = \"1\"\n[actions]\n\"nonsense.kind\" = \"block\"\n";
        let e = Policy::parse(src, "p.toml").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        let src = "name = \"x\"\nversion = \"1\"\nunknown_key = 3\n[actions]\n";
        assert!(Policy::parse(src, "p.toml").is_err());
    }

    #[test]
    fn allow_entries_need_reason_and_hash() {
        let src = "name = \"x\"\nversion = \"1\"\n[actions]\n[[allow.identifiers]]\nsha256 = \"abc\"\nreason = \"r\"\n";
        assert!(Policy::parse(src, "p.toml").is_err());
        let h = "a".repeat(64);
        let src = format!("name = \"x\"\nversion = \"1\"\n[actions]\n[[allow.identifiers]]\nsha256 = \"{h}\"\nreason = \"\"\n");
        assert!(Policy::parse(&src, "p.toml").is_err());
    }
}
