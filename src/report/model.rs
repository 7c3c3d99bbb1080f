//! The serde types of the report: these *are* the contract (`baomi.report/v1`, CONTRACT.md §3).
//! Keep every field of the contract here and nowhere else.

use crate::extract::{Location, NotExamined};
use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "baomi.report/v1";

fn schema_v1() -> &'static str {
    SCHEMA
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Review,
    Block,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Review => "review",
            Verdict::Block => "block",
        }
    }
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (Verdict::Pass, crate::Lang::Zh) => "通过",
            (Verdict::Review, crate::Lang::Zh) => "需人工审查",
            (Verdict::Block, crate::Lang::Zh) => "禁止公开",
            (Verdict::Pass, crate::Lang::En) => "pass",
            (Verdict::Review, crate::Lang::En) => "needs review",
            (Verdict::Block, crate::Lang::En) => "blocked",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemInfo {
    pub path: String,
    pub format: String,
    pub bytes: u64,
    pub sha256: String,
    /// Text encoding the item was decoded from (text-like formats only). Extension of v1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Responsibility {
    pub unit: Option<String>,
    pub drafter: Option<String>,
    pub reviewer: Option<String>,
    /// `manifest`, `cli` or `none`.
    pub source: String,
    /// Extension of v1: the manifest's optional `batch` column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PolicyRef {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub category: String,
    pub kind: String,
    pub action: crate::policy::Action,
    pub location: Location,
    /// Short snippet with every identifier masked; `null` for items carrying a state-secret marking.
    pub excerpt: Option<String>,
    pub message: String,
    /// personal_info only: true when properly masked, false when masked insufficiently.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub masked: Option<bool>,
    /// Where the text sits: `visible`, `hidden`, `metadata`, `file_name`. Extension of v1.
    pub layer: String,
    pub fingerprint: String,
    /// Reason from the policy's allow-list when the finding was exempted. Extension of v1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exempt_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Stats {
    pub chars: u64,
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`] (read back as such: reports only travel from a worker to its parent).
    #[serde(skip_deserializing, default = "schema_v1")]
    pub schema: &'static str,
    pub item: ItemInfo,
    pub responsibility: Responsibility,
    pub policy: PolicyRef,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub not_examined: Vec<NotExamined>,
    pub stats: Stats,
}

impl Report {
    /// Recompute the verdict from the findings' actions (`info` counts as nothing).
    pub fn recompute_verdict(&mut self) {
        use crate::policy::Action;
        let mut v = Verdict::Pass;
        for f in &self.findings {
            let fv = match f.action {
                Action::Block => Verdict::Block,
                Action::Review => Verdict::Review,
                Action::Info => Verdict::Pass,
            };
            v = v.max(fv);
        }
        self.verdict = v;
    }
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Summary {
    pub schema: &'static str,
    pub items: usize,
    pub pass: usize,
    pub review: usize,
    pub block: usize,
    pub findings: usize,
    pub bytes: u64,
    pub elapsed_ms: u64,
    pub policy: Option<PolicyRef>,
    pub baomi_version: &'static str,
}

impl Summary {
    pub fn from_reports(reports: &[Report], elapsed_ms: u64) -> Self {
        let mut s = Summary {
            schema: "baomi.summary/v1",
            items: reports.len(),
            elapsed_ms,
            baomi_version: env!("CARGO_PKG_VERSION"),
            ..Default::default()
        };
        for r in reports {
            match r.verdict {
                Verdict::Pass => s.pass += 1,
                Verdict::Review => s.review += 1,
                Verdict::Block => s.block += 1,
            }
            s.findings += r.findings.len();
            s.bytes += r.item.bytes;
        }
        s.policy = reports.first().map(|r| r.policy.clone());
        s
    }
    pub fn worst(&self) -> Verdict {
        if self.block > 0 {
            Verdict::Block
        } else if self.review > 0 {
            Verdict::Review
        } else {
            Verdict::Pass
        }
    }
}
