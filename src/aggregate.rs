//! Aggregation (数据汇聚): item-level counts of distinct personal identifiers, and the batch-level
//! check that two items of one scan mask the same identifier differently, so that together they
//! reveal more than either.

use crate::detect::identifiers::IdKind;
use crate::policy::{Action, Policy};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};

/// A masked identifier seen in one item (kept in memory only, never written out).
#[derive(Debug, Clone)]
/// Kept for every masked identifier of a run (a million in a big batch), so it is small: the
/// value is stored inline (masked identifiers are short) and an empty name list is shared.
pub struct MaskedSeen {
    pub item: u32,
    pub finding: u32,
    pub kind: IdKind,
    /// Canonical value with `*` in masked positions.
    pub value: compact_str::CompactString,
    /// Hashes of person-name-like fields (2–4 Han characters) in the same record, used to tie
    /// two masked forms to one person.
    pub names: std::sync::Arc<[u64]>,
}

/// True when `a` and `b` can be the same identifier and together show more than either.
/// Masked values are ASCII with `*` in masked positions.
pub fn reveals_more(a: &str, b: &str, min_overlap: usize) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() || a == b {
        return false;
    }
    let (mut overlap, mut union, mut na, mut nb) = (0, 0, 0, 0);
    for (&x, &y) in a.iter().zip(b) {
        let (vx, vy) = (x != b'*', y != b'*');
        if vx && vy && x != y {
            return false;
        }
        overlap += usize::from(vx && vy);
        union += usize::from(vx || vy);
        na += usize::from(vx);
        nb += usize::from(vy);
    }
    union > na.max(nb) && overlap >= min_overlap
}

/// Pairs `(i, j)` of indices into `seen` (different items) that together reveal more: for each
/// pair of items, the smallest such `(i, j)` (one finding per item pair is all the batch stage
/// reports, and a generated corpus with common names can have millions of candidate pairs).
///
/// Masked forms are grouped by their mask pattern (which positions are visible); only two
/// different patterns can reveal more together, and for each such pair of patterns the entries
/// are joined on the digits both show (plus a shared name when the overlap is small), so the
/// cost is linear in the number of entries times the (small) number of patterns squared.
pub fn cross_item_pairs(seen: &[&MaskedSeen], policy: &Policy) -> Vec<(usize, usize)> {
    let Some(rule) = &policy.aggregation.cross_item_reconstruction else {
        return Vec::new();
    };
    // visible positions as a bit mask (masked values are ASCII and at most 19 characters)
    let pattern = |v: &str| -> u64 {
        v.bytes()
            .take(64)
            .enumerate()
            .fold(0u64, |m, (i, c)| if c != b'*' { m | (1 << i) } else { m })
    };
    // u32 indices: a big batch has millions of masked forms, and this is the batch's peak
    if u32::try_from(seen.len()).is_err() {
        return Vec::new(); // more than 4 billion forms do not fit in memory anyway
    }
    // group by (kind, length, pattern), in parallel chunks merged in order
    type Groups = HashMap<(IdKind, usize, u64), Vec<u32>>;
    let groups: Groups = seen
        .par_iter()
        .enumerate()
        .fold(Groups::default, |mut g, (i, s)| {
            g.entry((s.kind, s.value.len(), pattern(&s.value)))
                .or_default()
                .push(i as u32);
            g
        })
        .reduce(Groups::default, |mut a, b| {
            for (k, mut v) in b {
                a.entry(k).or_default().append(&mut v);
            }
            a
        });
    let keys: Vec<(IdKind, usize, u64)> = groups.keys().copied().collect();
    // item pair → smallest (i, j) linking it
    let mut best: HashMap<(u32, u32), (usize, usize)> = HashMap::default();
    // item pair → (smallest pair, names linking it) for masks joined on the name alone
    let mut weak: HashMap<(u32, u32), ((usize, usize), Vec<u64>)> = HashMap::default();
    let item_pair = |i: usize, j: usize| {
        let (a, b) = (seen[i].item, seen[j].item);
        (a.min(b), a.max(b))
    };
    const END: u32 = u32::MAX;
    for (a, ka) in keys.iter().enumerate() {
        for kb in keys.iter().skip(a + 1) {
            if ka.0 != kb.0 || ka.1 != kb.1 {
                continue;
            }
            let (pa, pb) = (ka.2, kb.2);
            let overlap_mask = pa & pb;
            let union = (pa | pb).count_ones();
            // a shared name plus at least 6 shared visible characters (e.g. the full region
            // code); a mobile's masks commonly share only the 3-digit prefix and a tail digit
            // or two, so with a shared name 3 are enough there
            let min_with_name = if ka.0 == IdKind::Mobile { 3 } else { 6 };
            if union <= pa.count_ones().max(pb.count_ones()) {
                continue;
            }
            // masks that show (almost) disjoint parts (`330106********1234` and
            // `******19900101****`) share too little to tell one person from two; they are
            // joined on the name and kept as weak links, decided per item pair below
            let weak_link = (overlap_mask.count_ones() as usize) < min_with_name;
            // what everyone of a county (an ID's region code) or a carrier (a mobile's prefix)
            // shares says nothing about the person: without a name, the overlap must also
            // hold 4 other characters
            let common = match ka.0 {
                IdKind::ResidentId => 0b11_1111u64,
                IdKind::Mobile => 0b111,
                _ => 0,
            };
            let telling = (overlap_mask & !common).count_ones();
            let overlap: Vec<usize> = (0..ka.1)
                .filter(|&p| overlap_mask & (1 << p) != 0)
                .collect();
            let key_of = |i: usize| -> u64 {
                let v = seen[i].value.as_bytes();
                let mut h = rustc_hash::FxHasher::default();
                for &p in &overlap {
                    v.get(p).hash(&mut h);
                }
                h.finish()
            };
            let with_names =
                weak_link || overlap.len() < rule.min_overlap_without_context || telling < 4;
            let join_key = |k: u64, n: u64| -> u64 {
                let mut h = rustc_hash::FxHasher::default();
                (k, n).hash(&mut h);
                h.finish()
            };
            // index the smaller group, probe with the larger one. The index is a hash map from
            // the join key to the head of a chain of slots (entry, next slot, name) and the
            // chain's length: no vector per key (building 300,000 small vectors was the
            // largest serial cost of a batch).
            let (small, large) = if groups[ka].len() <= groups[kb].len() {
                (&groups[ka], &groups[kb])
            } else {
                (&groups[kb], &groups[ka])
            };
            let mut heads: HashMap<u64, (u32, u32)> = HashMap::default();
            let mut slots: Vec<(u32, u32, u64)> = Vec::with_capacity(small.len());
            heads.reserve(small.len());
            let mut add = |key: u64, i: u32, n: u64| {
                let Ok(slot) = u32::try_from(slots.len()) else {
                    return; // more than 4 billion entries cannot be held anyway
                };
                let e = heads.entry(key).or_insert((END, 0));
                slots.push((i, e.0, n));
                *e = (slot, e.1.saturating_add(1));
            };
            for &i in small {
                let k = key_of(i as usize);
                if with_names {
                    for &n in seen[i as usize].names.iter() {
                        add(join_key(k, n), i, n);
                    }
                } else {
                    add(join_key(k, 0), i, 0);
                }
            }
            // probe in parallel; pairs are deduplicated afterwards
            let found: Vec<((u32, u32), (usize, usize), u64)> = large
                .par_chunks(4096)
                .flat_map_iter(|chunk| {
                    // per chunk, only the smallest pair of each item pair is kept
                    let mut v: HashMap<(u32, u32, u64), (usize, usize)> = HashMap::default();
                    for &j in chunk {
                        let j = j as usize;
                        let k = key_of(j);
                        let mut probe = |n: u64| {
                            let Some(&(head, count)) = heads.get(&join_key(k, n)) else {
                                return;
                            };
                            if count > 50 {
                                return; // a common prefix, not one person
                            }
                            let mut s = head;
                            while s != END {
                                let (i, next, name) = slots[s as usize];
                                let i = i as usize;
                                s = next;
                                // the join key is a hash: confirm the name and the rule itself
                                if name == n
                                    && seen[i].item != seen[j].item
                                    && reveals_more(&seen[i].value, &seen[j].value, overlap.len())
                                {
                                    let p = (i.min(j), i.max(j));
                                    // weak links are counted per name; strong ones need one
                                    let (x, y) = item_pair(i, j);
                                    let n = if weak_link { name } else { 0 };
                                    v.entry((x, y, n))
                                        .and_modify(|q| *q = (*q).min(p))
                                        .or_insert(p);
                                }
                            }
                        };
                        if with_names {
                            for n in seen[j].names.iter() {
                                probe(*n);
                            }
                        } else {
                            probe(0);
                        }
                    }
                    v.into_iter().map(|((x, y, n), p)| ((x, y), p, n))
                })
                .collect();
            for (k, p, n) in found {
                if weak_link {
                    let e = weak.entry(k).or_insert((p, Vec::new()));
                    e.0 = e.0.min(p);
                    e.1.push(n);
                } else {
                    best.entry(k).and_modify(|q| *q = (*q).min(p)).or_insert(p);
                }
            }
        }
    }
    if !weak.is_empty() {
        accept_weak_links(seen, weak, &mut best);
    }
    let mut out: Vec<(usize, usize)> = best.into_values().collect();
    out.sort_unstable();
    out
}

/// Item pairs linked only by names on masks that show disjoint parts are the same people when
/// the names are a large part of what the items list: two or more of them, and at least half
/// of the smaller item's names (the same list published twice). Two unrelated lists share a
/// few common names (张伟, 王芳), never half of either; two notices of one person each are
/// not told apart from two namesakes, and are left out.
/// A name that occurs in more items than this links none of them by itself.
const MAX_NAME_ITEMS: usize = 3;

fn accept_weak_links(
    seen: &[&MaskedSeen],
    weak: HashMap<(u32, u32), ((usize, usize), Vec<u64>)>,
    best: &mut HashMap<(u32, u32), (usize, usize)>,
) {
    let items: rustc_hash::FxHashSet<u32> = weak.keys().flat_map(|&(a, b)| [a, b]).collect();
    let linking: rustc_hash::FxHashSet<u64> =
        weak.values().flat_map(|v| v.1.iter().copied()).collect();
    let mut names: HashMap<u32, rustc_hash::FxHashSet<u64>> = HashMap::default();
    // in how many items each linking name occurs: a word every list has on its lines
    // (身份证号, 联系电话) or a very common name is no evidence of one person
    let mut items_of: HashMap<u64, rustc_hash::FxHashSet<u32>> = HashMap::default();
    for s in seen {
        if items.contains(&s.item) {
            names.entry(s.item).or_default().extend(s.names.iter());
        }
        for n in s.names.iter().filter(|n| linking.contains(n)) {
            let e = items_of.entry(*n).or_default();
            if e.len() <= MAX_NAME_ITEMS {
                e.insert(s.item);
            }
        }
    }
    let count = |i: u32| names.get(&i).map_or(0, |n| n.len());
    for (k, (p, mut linking)) in weak {
        if best.contains_key(&k) {
            continue;
        }
        linking.sort_unstable();
        linking.dedup();
        linking.retain(|n| items_of.get(n).is_some_and(|i| i.len() <= MAX_NAME_ITEMS));
        let smaller = count(k.0).min(count(k.1));
        if linking.len() >= 2 && linking.len() * 2 >= smaller {
            best.insert(k, p);
        }
    }
}

/// Action for the cross-item rule, if enabled.
pub fn cross_item_action(policy: &Policy) -> Option<Action> {
    policy
        .aggregation
        .cross_item_reconstruction
        .as_ref()
        .map(|r| r.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(item: usize, value: &str, names: &[&str]) -> MaskedSeen {
        let names: Vec<u64> = names.iter().map(|n| crate::scan::name_hash(n)).collect();
        MaskedSeen {
            item: item as u32,
            finding: 0,
            kind: IdKind::ResidentId,
            value: value.into(),
            names: names.into(),
        }
    }

    #[test]
    fn pairs_need_same_person() {
        let p = Policy::builtin();
        let seen = [
            ms(0, "330106********123X", &["王建国"]),
            ms(1, "33010619900101****", &["王建国"]),
            ms(1, "33010619850101****", &["李秀英"]),
            ms(2, "330106********123X", &["王建国"]),
        ];
        let pairs = cross_item_pairs(&seen.iter().collect::<Vec<_>>(), &p);
        assert!(pairs.contains(&(0, 1)), "{pairs:?}");
        assert!(pairs.contains(&(1, 3)), "{pairs:?}");
        assert!(!pairs.iter().any(|&(a, b)| a == 2 || b == 2), "{pairs:?}");
        assert!(
            !pairs.contains(&(0, 3)),
            "same pattern reveals nothing more"
        );
        // without a shared name a 6-digit overlap is not enough
        let seen = [
            ms(0, "330106********123X", &[]),
            ms(1, "33010619900101****", &[]),
        ];
        assert!(cross_item_pairs(&seen.iter().collect::<Vec<_>>(), &p).is_empty());
        // a large overlap is enough on its own
        let seen = [
            ms(0, "330106****0101123X", &[]),
            ms(1, "3301061990****123X", &[]),
        ];
        assert_eq!(
            cross_item_pairs(&seen.iter().collect::<Vec<_>>(), &p),
            vec![(0, 1)]
        );
        // but not when it is the county's region code and a couple of digits: two people
        let seen = [
            ms(0, "330110********0049", &["罗建华"]),
            ms(1, "3301101990122500**", &["钱伟东"]),
        ];
        assert!(cross_item_pairs(&seen.iter().collect::<Vec<_>>(), &p).is_empty());
        // mobiles: a shared name and the prefix plus a tail digit tie two masks together
        let mobile = |item: usize, v: &str, n: &str| MaskedSeen {
            kind: IdKind::Mobile,
            ..ms(item, v, &[n])
        };
        let seen = [
            mobile(0, "138****5678", "蔡怡瑶"),
            mobile(1, "1381234**78", "蔡怡瑶"),
            mobile(2, "1381234**78", "姚玲"),
        ];
        assert_eq!(
            cross_item_pairs(&seen.iter().collect::<Vec<_>>(), &p),
            vec![(0, 1)]
        );
    }

    #[test]
    fn disjoint_masks_need_the_same_list() {
        let p = Policy::builtin();
        let pairs = |seen: &[MaskedSeen]| cross_item_pairs(&seen.iter().collect::<Vec<_>>(), &p);
        // a two-person list in two places: the masks show disjoint parts
        let seen = [
            ms(0, "330106********1234", &["王建国"]),
            ms(0, "330106********5678", &["李秀英"]),
            ms(1, "******19900101****", &["王建国"]),
            ms(1, "******19850101****", &["李秀英"]),
        ];
        assert_eq!(pairs(&seen).len(), 1);
        let mobile = |item: usize, v: &str, n: &str| MaskedSeen {
            kind: IdKind::Mobile,
            ..ms(item, v, &[n])
        };
        let seen = [
            mobile(0, "138****5678", "蔡怡瑶"),
            mobile(0, "139****1111", "姚玲"),
            mobile(1, "***1234****", "蔡怡瑶"),
            mobile(1, "***2222****", "姚玲"),
        ];
        assert_eq!(pairs(&seen).len(), 1);
        // one person each: not told apart from namesakes
        let seen = [
            ms(0, "330106********1234", &["王建国"]),
            ms(1, "******19900101****", &["王建国"]),
        ];
        assert!(pairs(&seen).is_empty());
        // the same list twice: most names shared
        let people = ["王建国", "李秀英", "张伟", "刘洋"];
        let mut seen: Vec<MaskedSeen> = people
            .iter()
            .map(|n| ms(0, "330106********1234", &[n]))
            .collect();
        seen.extend(
            people[..3]
                .iter()
                .map(|n| ms(1, "******19900101****", &[n])),
        );
        seen.push(ms(1, "******19851201****", &["赵敏"]));
        assert_eq!(pairs(&seen).len(), 1);
        // near misses: two unrelated lists sharing one common name among many
        let mut seen: Vec<MaskedSeen> = (0..20)
            .map(|i| ms(0, "330106********1234", &[&format!("甲{i}")]))
            .collect();
        seen.push(ms(0, "330106********5678", &["张伟"]));
        seen.extend((0..20).map(|i| ms(1, "******19900101****", &[&format!("乙{i}")])));
        seen.push(ms(1, "******19800101****", &["张伟"]));
        assert!(pairs(&seen).is_empty(), "{:?}", pairs(&seen));
        // words every list has on its lines link nothing
        let mut seen: Vec<MaskedSeen> = Vec::new();
        for item in 0..6 {
            let v = if item % 2 == 0 {
                "330106********1234"
            } else {
                "******19900101****"
            };
            seen.push(ms(item, v, &["身份证号", "公示名单"]));
        }
        assert!(pairs(&seen).is_empty(), "{:?}", pairs(&seen));
        // different names, or no names at all
        let seen = [
            ms(0, "330106********1234", &["王建国"]),
            ms(1, "******19900101****", &["李秀英"]),
        ];
        assert!(pairs(&seen).is_empty());
        let seen = [
            ms(0, "330106********1234", &[]),
            ms(1, "******19900101****", &[]),
        ];
        assert!(pairs(&seen).is_empty());
        // masks whose visible digits disagree are two people even with one name
        let seen = [
            mobile(0, "138****5678", "蔡怡瑶"),
            mobile(1, "139****56**", "蔡怡瑶"),
        ];
        assert!(pairs(&seen).is_empty());
    }

    #[test]
    fn every_item_pair_once_and_common_keys_skipped() {
        let p = Policy::builtin();
        let seen = [
            ms(0, "330106********123X", &["王建国"]),
            ms(1, "330106********123X", &["李秀英", "王建国"]),
            ms(2, "330106********123X", &["李秀英"]), // another person
            ms(3, "33010619900101****", &["王建国"]),
            ms(3, "33010619900101****", &["张伟", "王建国"]),
        ];
        let refs: Vec<&MaskedSeen> = seen.iter().collect();
        assert_eq!(cross_item_pairs(&refs, &p), vec![(0, 3), (1, 3)]);
        // more than 50 forms sharing digits and a name are a common prefix, not one person
        let mut seen: Vec<MaskedSeen> = (0..60)
            .map(|i| ms(i, "33010619900101****", &["王建国"]))
            .collect();
        seen.extend((100..170).map(|i| ms(i, "330106********123X", &["王建国"])));
        let refs: Vec<&MaskedSeen> = seen.iter().collect();
        assert!(cross_item_pairs(&refs, &p).is_empty());
        // 50 (the smaller side, which is indexed) are still joined: one pair per item pair
        let mut seen: Vec<MaskedSeen> = (0..50)
            .map(|i| ms(i, "33010619900101****", &["王建国"]))
            .collect();
        seen.extend((100..160).map(|i| ms(i, "330106********123X", &["王建国"])));
        let refs: Vec<&MaskedSeen> = seen.iter().collect();
        assert_eq!(cross_item_pairs(&refs, &p).len(), 50 * 60);
    }

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
