//! Process isolation: a reader that panics, aborts, overflows its stack, runs out of memory or
//! never returns takes down only its own worker process; the item becomes
//! `unreadable/limit_exceeded` (or `corrupt` for a caught panic) and the rest of the batch — or
//! the service — goes on. Faults are injected with `BAOMI_FAULT_INJECTION=1`, which makes a
//! worker misbehave on an item whose bytes start with `BAOMI-FAULT:<what>`.

mod common;
mod serve_common;

use common::*;
use std::process::Command;
use std::time::{Duration, Instant};

const FAULTS: &[(&str, &str)] = &[
    ("panic", "corrupt"),
    ("abort", "limit_exceeded"),
    ("stack", "limit_exceeded"),
    ("oom", "limit_exceeded"),
    ("hang", "limit_exceeded"),
    ("spin", "limit_exceeded"),
];

fn fault_dir() -> (tempfile::TempDir, String) {
    let d = tempfile::tempdir().unwrap();
    for (f, _) in FAULTS {
        write(
            d.path(),
            &format!("fault_{f}.html"),
            format!("BAOMI-FAULT:{f}\n"),
        );
    }
    let id = resident_id("330106", "19900307", 123);
    write(
        d.path(),
        "名单.html",
        format!("<html><body><p>张三 身份证号{id}</p></body></html>"),
    );
    write(
        d.path(),
        "通知.html",
        "<html><body><h1>关于开展植树活动的通知</h1><p>各单位：请于三月组织植树。</p></body></html>",
    );
    write(
        d.path(),
        "说明.txt",
        "关于开展植树活动的通知\n各单位：请于三月组织植树。\n",
    );
    (d, id)
}

fn scan_with_faults(dir: &std::path::Path, extra: &[&str]) -> (Run, serde_json::Value, Duration) {
    let t = Instant::now();
    let o = Command::new(BIN)
        .args(["scan", "--format", "json", "--no-progress"])
        .args(["--unit", "办公室", "--drafter", "张三"])
        .args(extra)
        .arg(".")
        .current_dir(dir)
        .env("BAOMI_FAULT_INJECTION", "1")
        .output()
        .expect("run baomi");
    let el = t.elapsed();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let v = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "json: {e}\n{stdout}\n{}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout,
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            raw_stdout: o.stdout,
        },
        v,
        el,
    )
}

#[test]
fn every_fault_ends_in_its_own_item_and_the_batch_completes() {
    let (d, id) = fault_dir();
    let (run, v, el) = scan_with_faults(d.path(), &["--item-timeout", "2", "-j", "2"]);
    assert_eq!(run.code, 2, "a block item is in the batch: {}", run.stderr);
    assert_eq!(reports(&v).len(), FAULTS.len() + 3, "{}", run.stdout);
    for (f, kind) in FAULTS {
        let r = report(&v, &format!("fault_{f}.html"));
        assert_eq!(verdict(r), "review", "{f}: {}", brief(r));
        assert!(has(r, "unreadable", kind), "{f}: {}", brief(r));
        let ms = r["stats"]["elapsed_ms"].as_u64().unwrap();
        assert!(ms < 8_000, "{f} took {ms} ms");
    }
    // the hang and the spin were stopped by the deadline, not by luck
    for f in ["hang", "spin"] {
        let r = report(&v, &format!("fault_{f}.html"));
        let msg = findings_of(r, "unreadable", "limit_exceeded")[0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(msg.contains("读取超时"), "{msg}");
    }
    // the items after the failed ones were read by fresh workers, correctly
    let r = report(&v, "名单.html");
    assert_eq!(verdict(r), "block", "{}", brief(r));
    assert!(has(r, "personal_info", "cn_resident_id"));
    assert_eq!(verdict(report(&v, "通知.html")), "pass");
    assert_eq!(verdict(report(&v, "说明.txt")), "pass");
    // two 2 s deadlines on two threads, plus the rest: far below the sum of the faults' damage
    assert!(el < Duration::from_secs(20), "{el:?}");
    assert_no_echo(
        &[("stdout".into(), run.stdout), ("stderr".into(), run.stderr)],
        &[id],
    );
}

#[test]
fn memory_limit_is_enforced_by_the_kernel() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "fault_oom.html", "BAOMI-FAULT:oom\n");
    let policy =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/portal.toml"))
            .unwrap()
            .replace("worker_memory_mb = 1024", "worker_memory_mb = 200");
    assert!(policy.contains("worker_memory_mb = 200"));
    write(d.path(), "p.toml", &policy);
    let (run, v, el) = scan_with_faults(
        d.path(),
        &[
            "--policy",
            "p.toml",
            "--item-timeout",
            "30",
            "fault_oom.html",
        ],
    );
    let r = report(&v, "fault_oom.html");
    assert_eq!(verdict(r), "review", "{}", run.stdout);
    let f = findings_of(r, "unreadable", "limit_exceeded");
    let msg = f[0]["message"].as_str().unwrap();
    // ended by the address-space limit long before the 30 s deadline
    assert!(msg.contains("异常终止") && msg.contains("200 MB"), "{msg}");
    assert!(el < Duration::from_secs(15), "{el:?}");
}

#[test]
fn a_large_text_item_is_read_in_a_worker() {
    // a text format is read in process, unless it is large: then the worker's memory limit
    // bounds it (the fault marker is only acted on in a worker)
    let d = tempfile::tempdir().unwrap();
    let mut big = String::from("BAOMI-FAULT:oom\n");
    let line = "序号,姓名,金额\n";
    while big.len() <= (9 << 20) {
        big.push_str(line);
    }
    write(d.path(), "big.csv", &big);
    write(d.path(), "small.csv", "BAOMI-FAULT:oom\n序号,姓名\n");
    let policy =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/portal.toml"))
            .unwrap()
            .replace("worker_memory_mb = 1024", "worker_memory_mb = 200");
    write(d.path(), "p.toml", &policy);
    let (run, v, _) = scan_with_faults(
        d.path(),
        &[
            "--policy",
            "p.toml",
            "--item-timeout",
            "30",
            "big.csv",
            "small.csv",
        ],
    );
    let r = report(&v, "big.csv");
    assert_eq!(verdict(r), "review", "{}", run.stdout);
    assert!(!findings_of(r, "unreadable", "limit_exceeded").is_empty());
    // the small one stayed in process: the marker is plain text there
    assert!(findings_of(report(&v, "small.csv"), "unreadable", "limit_exceeded").is_empty());
}

#[test]
fn without_isolation_the_scan_still_works() {
    let (d, _id) = fault_dir();
    // no fault injection in process: the fault files are just odd HTML, the rest as usual
    let r = run_in(
        d.path(),
        &[
            "scan",
            "--no-isolation",
            "--format",
            "json",
            "--no-progress",
            "--unit",
            "办公室",
            "--drafter",
            "张三",
            "名单.html",
            "通知.html",
        ],
    );
    let v = r.json();
    assert_eq!(verdict(report(&v, "名单.html")), "block");
    assert_eq!(verdict(report(&v, "通知.html")), "pass");
}

#[test]
fn the_service_survives_a_crashing_reader() {
    // set for this test binary only: the server (a child) and its workers inherit it
    std::env::set_var("BAOMI_FAULT_INJECTION", "1");
    let d = tempfile::tempdir().unwrap();
    let policy =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/policies/portal.toml"))
            .unwrap()
            .replace("item_timeout_s = 60", "item_timeout_s = 2");
    let pol = d.path().join("p.toml");
    std::fs::write(&pol, policy).unwrap();
    let f = serve_common::Fixture::new();
    let s = f.start(&["--policy", pol.to_str().unwrap()]);
    for fault in ["abort", "stack", "hang"] {
        let r = s.submit(
            &f.drafter,
            &format!("{fault}.html"),
            "",
            format!("BAOMI-FAULT:{fault}\n").as_bytes(),
        );
        assert_eq!(r.status, 201, "{fault}: {}", r.text());
        let j = r.json();
        assert_eq!(j["report"]["verdict"], "review", "{fault}: {j}");
        let kinds: Vec<&str> = j["report"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["kind"].as_str())
            .collect();
        assert!(kinds.contains(&"limit_exceeded"), "{fault}: {kinds:?}");
    }
    // the service is still up and scans the next submission correctly
    assert_eq!(s.req("GET", "/healthz", None, b"").status, 200);
    let body = "<html><body><p>秘密★1年</p><p>关于某工作的通知</p></body></html>";
    let r = s.submit(&f.drafter, "next.html", "", body.as_bytes());
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["report"]["verdict"], "block");
}
