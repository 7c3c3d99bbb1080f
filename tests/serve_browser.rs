//! Browser test in headless Chromium over WebDriver (Debian's `chromium` and `chromium-driver`):
//! an officer signs in with a token, opens a flagged item, approves it with a note and sees the
//! new status. Loopback only.
//!
//! Skipped (with a note on stderr) when `chromedriver` is not installed, unless
//! `BAOMI_REQUIRE_BROWSER=1`, which turns a missing browser into a failure (set it in CI after
//! `apt-get install -y chromium chromium-driver`).

mod serve_common;

use serde_json::{json, Value};
use serve_common::*;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_driver() -> Option<String> {
    if let Ok(p) = std::env::var("CHROMEDRIVER") {
        return Some(p);
    }
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(|p| p.to_string())
}

struct Driver {
    child: Child,
    addr: String,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = try_request(
                &self.addr,
                "DELETE",
                &format!("/session/{}", self.session),
                &[],
                b"",
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let b = if method == "GET" {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        let r = request(
            &self.addr,
            method,
            &format!("/session/{}{path}", self.session),
            &[("Content-Type", "application/json")],
            &b,
        );
        let j: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        assert_eq!(r.status, 200, "{method} {path}: {}", r.text());
        j["value"].clone()
    }
    fn go(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }
    fn find(&self, css: &str) -> String {
        // the page may still be loading after a form submission: retry briefly
        let t0 = Instant::now();
        loop {
            let r = request(
                &self.addr,
                "POST",
                &format!("/session/{}/element", self.session),
                &[("Content-Type", "application/json")],
                json!({"using": "css selector", "value": css})
                    .to_string()
                    .as_bytes(),
            );
            if r.status == 200 {
                let j: Value = serde_json::from_slice(&r.body).unwrap();
                return j["value"][ELEMENT].as_str().unwrap().to_string();
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "no element {css}: {}",
                r.text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), json!({}));
    }
    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            json!({ "text": text }),
        );
    }
    /// Text of an element; empty while a navigation makes the element stale.
    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        let r = request(
            &self.addr,
            "GET",
            &format!("/session/{}/element/{e}/text", self.session),
            &[],
            b"",
        );
        let j: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        j["value"].as_str().unwrap_or("").to_string()
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver(path: &str) -> Driver {
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let addr = format!("127.0.0.1:{port}");
    let t0 = Instant::now();
    while try_request(&addr, "GET", "/status", &[], b"").is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut d = Driver {
        child,
        addr,
        session: String::new(),
    };
    let mut args = vec![
        "--headless=new",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
    ];
    // as root (CI) Chromium needs --no-sandbox
    args.push("--no-sandbox");
    let mut opts = json!({ "args": args });
    if let Ok(bin) = std::env::var("CHROMIUM") {
        opts["binary"] = json!(bin);
    } else if std::path::Path::new("/usr/bin/chromium").exists() {
        opts["binary"] = json!("/usr/bin/chromium");
    }
    let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": opts}}});
    let r = request(
        &d.addr,
        "POST",
        "/session",
        &[("Content-Type", "application/json")],
        caps.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "new session: {}", r.text());
    let j: Value = serde_json::from_slice(&r.body).unwrap();
    d.session = j["value"]["sessionId"].as_str().unwrap().to_string();
    d
}

#[test]
fn officer_approves_in_headless_chromium() {
    let Some(driver_path) = find_driver() else {
        if std::env::var("BAOMI_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("chromedriver not found (apt-get install -y chromium chromium-driver)");
        }
        eprintln!("serve_browser: chromedriver not found — browser test skipped");
        return;
    };
    let f = Fixture::new();
    let s = f.start(&[]);
    let r = s.submit(
        &f.drafter,
        "联系人名单.txt",
        "",
        &unique(REVIEW_TXT, "browser"),
    );
    assert_eq!(r.status, 201);
    let id = r.json()["id"].as_i64().unwrap();
    let base = format!("http://{}", s.addr);

    let d = start_driver(&driver_path);
    d.go(&format!("{base}/login"));
    d.type_into("#token", &f.officer);
    d.click("#login");
    // the queue shows the flagged item
    let queue = d.text("#queue");
    assert!(
        queue.contains("联系人名单.txt") && queue.contains("待保密员审核"),
        "{queue}"
    );
    d.click(&format!("tr[data-id=\"{id}\"] a"));
    let t0 = Instant::now();
    while !d.text("#status").contains("待保密员审核") {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "item page did not open"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(d.text("#findings").contains("手机号码"));
    d.click("#approve");
    d.type_into("#note", "号码为单位公开电话，同意公开");
    d.click("#submit");
    let t0 = Instant::now();
    loop {
        let st = d.text("#status");
        if st.contains("已批准公开") {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "status after approval: {st}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(d.text("#history").contains("号码为单位公开电话，同意公开"));
    let j = s
        .req("GET", &format!("/api/v1/items/{id}"), Some(&f.officer), b"")
        .json();
    assert_eq!(j["status"], "approved");
    assert_eq!(j["decisions"][0]["officer"], "王保密");
}
