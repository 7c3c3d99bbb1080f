//! Load test (ignored by default; loopback only, bounded): 2,000 submissions of the mixed sample
//! drafts at 32 concurrent connections. Prints p50/p99 latency and throughput; zero errors.
//!
//! ```sh
//! cargo test --release --test serve_load -- --ignored --nocapture
//! BAOMI_LOAD_N=500 BAOMI_LOAD_C=16 cargo test --release --test serve_load -- --ignored --nocapture
//! ```

mod serve_common;

use serve_common::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn env_usize(k: &str, d: usize) -> usize {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(d)
}

#[test]
#[ignore = "load test: run with --ignored (preferably --release)"]
fn load_2000_submissions_at_32_connections() {
    let n = env_usize("BAOMI_LOAD_N", 2000).min(20_000);
    let conc = env_usize("BAOMI_LOAD_C", 32).clamp(1, 64);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/drafts");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let files = Arc::new(files);
    let f = Fixture::new();
    let s = f.start(&[]);
    let q = format!("&unit={}&drafter={}", enc(UNIT), enc("张三"));
    let next = Arc::new(AtomicUsize::new(0));
    let lat: Arc<Mutex<Vec<Duration>>> = Arc::new(Mutex::new(Vec::with_capacity(n)));
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let t0 = Instant::now();
    let mut hs = Vec::new();
    for _ in 0..conc {
        let (files, next, lat, errors) = (files.clone(), next.clone(), lat.clone(), errors.clone());
        let (addr, tok, q) = (s.addr.clone(), f.gateway.clone(), q.clone());
        hs.push(std::thread::spawn(move || {
            let auth = format!("Bearer {tok}");
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let (name, body) = &files[i % files.len()];
                let path = format!("/api/v1/items?name={}{q}", enc(name));
                let t = Instant::now();
                let r = try_request(&addr, "POST", &path, &[("Authorization", &auth)], body);
                let dt = t.elapsed();
                match r {
                    Ok(r) if r.status == 201 => lat.lock().unwrap().push(dt),
                    Ok(r) => errors
                        .lock()
                        .unwrap()
                        .push(format!("{}: {}", r.status, r.text())),
                    Err(e) => errors.lock().unwrap().push(e.to_string()),
                }
            }
        }));
    }
    for h in hs {
        h.join().unwrap();
    }
    let wall = t0.elapsed();
    let errors = errors.lock().unwrap().clone();
    let mut lat = lat.lock().unwrap().clone();
    lat.sort();
    let pct = |p: f64| lat[((lat.len() as f64 * p).ceil() as usize).clamp(1, lat.len()) - 1];
    let bytes: usize = (0..n).map(|i| files[i % files.len()].1.len()).sum();
    println!(
        "load: {n} submissions of {} sample files ({bytes} bytes) at {conc} connections: \
         {} ok, {} errors, wall {:.2} s, {:.1} req/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        files.len(),
        lat.len(),
        errors.len(),
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        lat.last().unwrap().as_secs_f64() * 1e3,
    );
    assert!(
        errors.is_empty(),
        "{} errors, first: {}",
        errors.len(),
        errors[0]
    );
    assert_eq!(lat.len(), n);
    drop(s);
    let (code, out) = audit_verify(&f.db());
    assert_eq!(code, 0, "{out}");
}
