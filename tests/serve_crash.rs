//! Crash test: decisions are posted while `baomi serve` is killed with SIGKILL and restarted on
//! the same database; every decision (and submission) that got a 2xx answer is there afterwards
//! and `baomi audit verify` passes. Loopback only; every loop is bounded.

mod serve_common;

use serve_common::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[test]
fn sigkill_loses_no_acknowledged_decision() {
    let f = Fixture::new();
    let q = format!("&unit={}&drafter={}", enc(UNIT), enc("张三"));
    // (item id, decision id, status) of every decision answered 2xx
    let acked: Arc<Mutex<Vec<(i64, i64, String)>>> = Arc::default();
    let mut items_acked: Vec<i64> = Vec::new();
    for round in 0..3 {
        let mut s = f.start(&[]);
        // items to decide on
        let mut ids = Vec::new();
        for i in 0..60 {
            let r = s.submit(
                &f.gateway,
                "r.txt",
                &q,
                &unique(REVIEW_TXT, &format!("crash{round}-{i}")),
            );
            assert_eq!(r.status, 201, "{}", r.text());
            ids.push(r.json()["id"].as_i64().unwrap());
        }
        items_acked.extend(&ids);
        // two clients post decisions as fast as they can
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicUsize::new(0));
        let mut handles = Vec::new();
        for w in 0..2usize {
            let (addr, tok, ids) = (s.addr.clone(), f.officer.clone(), ids.clone());
            let (acked, stop, done) = (acked.clone(), stop.clone(), done.clone());
            handles.push(std::thread::spawn(move || {
                for id in ids.into_iter().skip(w).step_by(2) {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let (d, st) = if id % 3 == 0 {
                        ("reject", "rejected")
                    } else {
                        ("approve", "approved")
                    };
                    let body = serde_json::json!({"decision": d, "note": format!("第{id}项意见")})
                        .to_string();
                    let auth = format!("Bearer {tok}");
                    match try_request(
                        &addr,
                        "POST",
                        &format!("/api/v1/items/{id}/decisions"),
                        &[
                            ("Authorization", &auth),
                            ("Content-Type", "application/json"),
                        ],
                        body.as_bytes(),
                    ) {
                        Ok(r) if (200..300).contains(&r.status) => {
                            let j: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
                            assert_eq!(j["status"], st);
                            acked.lock().unwrap().push((
                                id,
                                j["id"].as_i64().unwrap(),
                                st.to_string(),
                            ));
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(r) => panic!("unexpected {}: {}", r.status, r.text()),
                        Err(_) => break, // the server is gone
                    }
                }
            }));
        }
        // kill mid-way: after some decisions were acknowledged
        let t0 = Instant::now();
        while done.load(Ordering::Relaxed) < 10 + round * 7
            && t0.elapsed() < Duration::from_secs(60)
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        s.child.kill().expect("SIGKILL");
        let _ = s.child.wait();
        stop.store(true, Ordering::Relaxed);
        for h in handles {
            h.join().expect("client thread");
        }
        drop(s);
        let n = done.load(Ordering::Relaxed);
        assert!(n >= 10, "round {round}: only {n} decisions before the kill");
        assert!(
            n < 60,
            "round {round}: the kill came after every decision ({n})"
        );
    }
    // restart on the same database: everything acknowledged is there
    let s = f.start(&[]);
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 30);
    for (id, did, st) in &acked {
        let j = s
            .req("GET", &format!("/api/v1/items/{id}"), Some(&f.officer), b"")
            .json();
        assert_eq!(j["status"], st.as_str(), "item {id}");
        let ds = j["decisions"].as_array().unwrap();
        assert!(
            ds.iter().any(|d| d["id"] == *did),
            "decision {did} of item {id} lost"
        );
    }
    for id in &items_acked {
        let r = s.req("GET", &format!("/api/v1/items/{id}"), Some(&f.officer), b"");
        assert_eq!(r.status, 200, "item {id} lost");
    }
    drop(s);
    let (code, out) = audit_verify(&f.db());
    assert_eq!(code, 0, "{out}");
}
