//! Aggregation (数据汇聚): item-level counts of distinct personal identifiers, and the batch-level
//! check that two items of one scan mask the same identifier differently, so that together they
//! reveal more than either.

use crate::policy::{Action, Policy};
use std::collections::HashMap;

/// A masked identifier seen in one item (kept in memory only, never written out).
#[derive(Debug, Clone)]
pub struct MaskedSeen {
    pub item: usize,
    pub finding: usize,
    pub kind: String,
    /// Canonical value with `*` in masked positions.
    pub value: String,
    /// Person names (2–4 Han characters) in the same record, used to tie two masked forms
    /// to one person.
    pub names: Vec<String>,
}

fn visible(v: &str) -> Vec<Option<char>> {
    v.chars().map(|c| if c == '*' { None } else { Some(c) }).collect()
}

/// True when `a` and `b` can be the same identifier and together show more than either.
pub fn reveals_more(a: &str, b: &str, min_overlap: usize) -> bool {
    let (va, vb) = (visible(a), visible(b));
    if va.len() != vb.len() || va == vb {
        return false;
    }
    let mut overlap = 0;
    let mut union = 0;
    for (x, y) in va.iter().zip(vb.iter()) {
        match (x, y) {
            (Some(p), Some(q)) => {
                if p != q {
                    return false;
                }
                overlap += 1;
                union += 1;
            }
            (Some(_), None) | (None, Some(_)) => union += 1,
            (None, None) => {}
        }
    }
    let na = va.iter().filter(|x| x.is_some()).count();
    let nb = vb.iter().filter(|x| x.is_some()).count();
    union > na.max(nb) && overlap >= min_overlap
}

/// Pairs `(i, j)` of indices into `seen` (different items) that together reveal more.
pub fn cross_item_pairs(seen: &[MaskedSeen], policy: &Policy) -> Vec<(usize, usize)> {
    let Some(rule) = &policy.aggregation.cross_item_reconstruction else { return Vec::new() };
    let mut out = Vec::new();
    // with a shared name: any consistent overlap of at least 2 visible positions
    let mut by_name: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    // without: the visible overlap must be large
    let mut by_kind: HashMap<(&str, usize), Vec<usize>> = HashMap::new();
    for (i, s) in seen.iter().enumerate() {
        for n in &s.names {
            by_name.entry((s.kind.as_str(), n.as_str())).or_default().push(i);
        }
        by_kind.entry((s.kind.as_str(), s.value.len())).or_default().push(i);
    }
    let push = |i: usize, j: usize, out: &mut Vec<(usize, usize)>| {
        let p = if i < j { (i, j) } else { (j, i) };
        if !out.contains(&p) {
            out.push(p);
        }
    };
    for idx in by_name.values() {
        if idx.len() > 2000 {
            continue;
        }
        for (a, &i) in idx.iter().enumerate() {
            for &j in &idx[a + 1..] {
                if seen[i].item != seen[j].item && reveals_more(&seen[i].value, &seen[j].value, 2) {
                    push(i, j, &mut out);
                }
            }
        }
    }
    for idx in by_kind.values() {
        if idx.len() > 5000 {
            continue;
        }
        for (a, &i) in idx.iter().enumerate() {
            for &j in &idx[a + 1..] {
                if seen[i].item != seen[j].item
                    && reveals_more(&seen[i].value, &seen[j].value, rule.min_overlap_without_context)
                {
                    push(i, j, &mut out);
                }
            }
        }
    }
    out
}

/// Action for the cross-item rule, if enabled.
pub fn cross_item_action(policy: &Policy) -> Option<Action> {
    policy.aggregation.cross_item_reconstruction.as_ref().map(|r| r.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reveal_table() {
        // (a, b, min_overlap, expected)
        let cases = [
            ("330106********123X", "33010619900101****", 2, true),
            ("330106********123X", "330106********123X", 2, false),
            ("330106********123X", "440106********123X", 2, false),
            ("138****1234", "1381234****", 2, true),
            ("138****1234", "1381234****", 8, false),
            ("138****1234", "13812345678", 2, false),
            ("138****1234", "139****1234", 2, false),
            ("330106********123X", "3301061990******3X", 8, true),
        ];
        for (a, b, m, want) in cases {
            assert_eq!(reveals_more(a, b, m), want, "{a} {b}");
        }
    }
}
