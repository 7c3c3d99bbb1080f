//! What a parent and its scanning worker send each other ([`crate::isolate`] is the transport):
//! the setup (policy, dictionary entries, language) once per worker, a request head per item,
//! and per item the finished report (JSON) plus the masked identifiers it saw (binary, often
//! hundreds of thousands) for the batch stage's cross-item check.
//!
//! Only between a parent and a worker started from the same executable: no versioning. Every
//! decoder returns `None` on malformed input and never allocates more than the input can hold.

use crate::aggregate::MaskedSeen;
use crate::detect::dictionary::{Dictionary, Entry};
use crate::extract::Limits;
use crate::policy::Policy;
use crate::report::{Report, Responsibility};
use crate::Lang;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Serialize, Deserialize)]
struct Setup {
    policy: Policy,
    entries: Vec<Entry>,
    sources: Vec<(String, String)>,
    english: bool,
}

/// The run's configuration a worker needs to scan as the parent would.
pub fn encode_setup(policy: &Policy, dict: &Dictionary, lang: Lang) -> Vec<u8> {
    serde_json::to_vec(&Setup {
        policy: policy.clone(),
        entries: dict.raw.clone(),
        sources: dict.sources.clone(),
        english: lang == Lang::En,
    })
    .unwrap_or_default()
}

/// Inverse of [`encode_setup`]; the dictionary is built here (once per worker).
pub fn decode_setup(b: &[u8]) -> Option<(Policy, Dictionary, Lang)> {
    let s: Setup = serde_json::from_slice(b).ok()?;
    let lang = if s.english { Lang::En } else { Lang::Zh };
    Some((s.policy, Dictionary::build(s.entries, s.sources), lang))
}

/// One item to scan: everything the report needs besides the bytes.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub fmt: String,
    /// The item's path as shown in the report.
    pub display: String,
    pub sha256: String,
    /// The item's fingerprint key ([`crate::ItemHash`]).
    #[serde(default)]
    pub fp_key: String,
    pub size: u64,
    pub resp: Responsibility,
    limits: [u64; 9],
}

impl Request {
    pub fn new(
        fmt: &str,
        display: &str,
        hash: &crate::ItemHash,
        size: u64,
        resp: &Responsibility,
        limits: &Limits,
    ) -> Request {
        Request {
            fmt: fmt.into(),
            display: display.into(),
            sha256: hash.sha256.clone(),
            fp_key: hash.fp_key.clone(),
            size,
            resp: resp.clone(),
            limits: crate::isolate::limits_to_array(limits),
        }
    }

    pub fn limits(&self) -> Limits {
        crate::isolate::limits_from_array(self.limits)
    }

    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn decode(b: &[u8]) -> Option<Request> {
        serde_json::from_slice(b).ok()
    }
}

fn put_u64(o: &mut Vec<u8>, v: u64) {
    o.extend_from_slice(&v.to_le_bytes());
}

fn put_u32(o: &mut Vec<u8>, v: u32) {
    o.extend_from_slice(&v.to_le_bytes());
}

fn put_str(o: &mut Vec<u8>, s: &str) {
    put_u32(o, s.len() as u32);
    o.extend_from_slice(s.as_bytes());
}

/// The finished item: `[u64 len][report JSON][names tables][masked identifiers]`. Records
/// share their name lists (`Arc`), and so do the decoded ones.
pub fn encode_result(report: &Report, masked: &[MaskedSeen]) -> Vec<u8> {
    let json = serde_json::to_vec(report).unwrap_or_default();
    let mut o = Vec::with_capacity(json.len() + 16 + masked.len() * 32);
    put_u64(&mut o, json.len() as u64);
    o.extend_from_slice(&json);
    drop(json);
    // name lists, each once (by pointer), in order of first use
    let mut table: rustc_hash::FxHashMap<*const u64, u32> = Default::default();
    let mut lists: Vec<&[u64]> = Vec::new();
    let idx: Vec<u32> = masked
        .iter()
        .map(|m| {
            *table.entry(m.names.as_ptr()).or_insert_with(|| {
                lists.push(&m.names);
                (lists.len() - 1) as u32
            })
        })
        .collect();
    put_u64(&mut o, lists.len() as u64);
    for l in &lists {
        put_u32(&mut o, l.len() as u32);
        for h in l.iter() {
            put_u64(&mut o, *h);
        }
    }
    put_u64(&mut o, masked.len() as u64);
    for (m, i) in masked.iter().zip(idx) {
        put_u32(&mut o, m.finding);
        put_str(&mut o, m.kind.as_str());
        put_str(&mut o, &m.value);
        put_u32(&mut o, i);
    }
    o
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    /// A count of items of at least `min_size` bytes each that the rest of the input can hold.
    fn count(&mut self, min_size: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= (self.b.len() - self.at) / min_size.max(1)).then_some(n)
    }
    fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

/// Inverse of [`encode_result`]; the masked identifiers are attributed to item `item`.
pub fn decode_result(b: &[u8], item: u32) -> Option<(Report, Vec<MaskedSeen>)> {
    let mut r = Reader { b, at: 0 };
    let n = usize::try_from(r.u64()?).ok()?;
    let report: Report = serde_json::from_slice(r.take(n)?).ok()?;
    let nl = r.count(4)?;
    let mut lists: Vec<Arc<[u64]>> = Vec::with_capacity(nl);
    for _ in 0..nl {
        let k = r.u32()? as usize;
        let raw = r.take(k.checked_mul(8)?)?;
        lists.push(
            raw.chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
                .collect(),
        );
    }
    let nm = r.count(16)?;
    let mut masked = Vec::with_capacity(nm);
    for _ in 0..nm {
        let finding = r.u32()?;
        let kind = crate::scan::id_kind_of(r.str()?)?;
        let value = r.str()?.into();
        let names = lists.get(r.u32()? as usize)?.clone();
        masked.push(MaskedSeen {
            item,
            finding,
            kind,
            value,
            names,
        });
    }
    (r.at == b.len()).then_some((report, masked))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::identifiers::IdKind;
    use crate::extract::Location;
    use crate::policy::Action;
    use crate::report::{Finding, ItemInfo, PolicyRef, Stats, Verdict, SCHEMA};

    fn report() -> Report {
        Report {
            schema: SCHEMA,
            item: ItemInfo {
                path: "a/名单.xlsx".into(),
                format: "xlsx".into(),
                bytes: 123,
                sha256: "ab".repeat(32),
                encoding: None,
            },
            responsibility: Responsibility {
                unit: Some("市统计局".into()),
                drafter: None,
                reviewer: None,
                source: "cli".into(),
                batch: Some("2026-11".into()),
            },
            policy: PolicyRef {
                name: "portal".into(),
                version: "1".into(),
            },
            verdict: Verdict::Block,
            findings: vec![Finding {
                rule: "pii.cn_resident_id".into(),
                category: "personal_info".into(),
                kind: "cn_resident_id".into(),
                action: Action::Block,
                location: Location::cell("花名册", "C7".into()),
                excerpt: Some("身份证号 110105********0013".into()),
                message: "居民身份证号码未脱敏".into(),
                masked: None,
                layer: "hidden".into(),
                fingerprint: "f".repeat(16),
                exempt_reason: None,
            }],
            not_examined: vec![],
            stats: Stats {
                chars: 99,
                elapsed_ms: 7,
            },
        }
    }

    #[test]
    fn result_round_trip_and_truncations() {
        let shared: Arc<[u64]> = Arc::from(vec![1u64, 2, 3]);
        let masked = vec![
            MaskedSeen {
                item: 0,
                finding: 0,
                kind: IdKind::ResidentId,
                value: "110105********0013".into(),
                names: shared.clone(),
            },
            MaskedSeen {
                item: 0,
                finding: u32::MAX,
                kind: IdKind::Mobile,
                value: "138****5678".into(),
                names: shared,
            },
            MaskedSeen {
                item: 0,
                finding: 0,
                kind: IdKind::ResidentId,
                value: "1101**********0013".into(),
                names: Arc::from(Vec::new()),
            },
        ];
        let rep = report();
        let enc = encode_result(&rep, &masked);
        let (back, m) = decode_result(&enc, 41).expect("decodes");
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            serde_json::to_string(&rep).unwrap()
        );
        assert_eq!(back.schema, SCHEMA);
        assert_eq!(m.len(), 3);
        assert!(m.iter().all(|x| x.item == 41));
        assert_eq!(m[1].kind, IdKind::Mobile);
        assert_eq!(m[1].finding, u32::MAX);
        assert_eq!(&*m[0].names, &[1, 2, 3]);
        // the shared list stays shared
        assert!(Arc::ptr_eq(&m[0].names, &m[1].names));
        assert!(m[2].names.is_empty());
        for cut in 0..enc.len() {
            assert!(decode_result(&enc[..cut], 0).is_none(), "cut at {cut}");
        }
    }

    #[test]
    fn huge_counts_do_not_allocate() {
        let rep = encode_result(&report(), &[]);
        let json_end = rep.len() - 16;
        let mut b = rep[..json_end].to_vec();
        put_u64(&mut b, u64::MAX);
        assert!(decode_result(&b, 0).is_none());
        let mut b = rep[..json_end].to_vec();
        put_u64(&mut b, 1);
        put_u32(&mut b, u32::MAX);
        assert!(decode_result(&b, 0).is_none());
        let mut b = rep[..json_end].to_vec();
        put_u64(&mut b, 0);
        put_u64(&mut b, 1 << 40);
        assert!(decode_result(&b, 0).is_none());
    }

    #[test]
    fn setup_and_request_round_trip() {
        let mut policy = Policy::builtin();
        policy.masked_action = Action::Review;
        let dict = Dictionary::load(&[]).expect("built-in dictionaries");
        let (p, d, lang) = decode_setup(&encode_setup(&policy, &dict, Lang::En)).expect("setup");
        assert_eq!(p.masked_action, Action::Review);
        assert_eq!(p.name, policy.name);
        assert_eq!(d.entries.len(), dict.entries.len());
        assert_eq!(lang, Lang::En);
        assert!(decode_setup(b"{").is_none());
        let resp = Responsibility {
            unit: Some("单位".into()),
            source: "manifest".into(),
            ..Default::default()
        };
        let limits = Limits {
            max_cells: 77,
            ..Default::default()
        };
        let hash = crate::ItemHash::of(b"hello");
        let req = Request::new("docx", "x/通知.docx", &hash, 5, &resp, &limits);
        let back = Request::decode(&req.encode()).expect("request");
        assert_eq!(back.fmt, "docx");
        assert_eq!(back.sha256, hash.sha256);
        assert_eq!(back.fp_key, hash.fp_key);
        assert_eq!(back.display, "x/通知.docx");
        assert_eq!(back.resp.unit.as_deref(), Some("单位"));
        assert_eq!(back.limits().max_cells, 77);
        assert!(Request::decode(b"[]").is_none());
    }

    /// The committed seeds of the `wire` fuzz target (fuzz/gen_seeds.py) are valid messages, so
    /// fuzzing starts from inputs that reach past the first check.
    #[test]
    fn fuzz_seeds_decode() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/wire");
        let mut n = 0;
        for e in std::fs::read_dir(&dir).unwrap() {
            let b = std::fs::read(e.unwrap().path()).unwrap();
            let (sel, msg) = b.split_first().unwrap();
            if sel % 2 == 0 {
                let (rep, masked) = decode_result(msg, 3).expect("result seed decodes");
                let once = encode_result(&rep, &masked);
                let (r2, m2) = decode_result(&once, 3).expect("re-encoded seed decodes");
                assert_eq!(encode_result(&r2, &m2), once);
            } else {
                let r = Request::decode(msg).expect("request seed decodes");
                assert_eq!(r.limits().item_timeout_ms, 60_000);
            }
            n += 1;
        }
        assert_eq!(n, 3);
    }
}
