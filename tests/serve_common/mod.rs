//! Helpers for the service tests: start `baomi serve` on an ephemeral loopback port, a minimal
//! HTTP/1.1 client over `std::net::TcpStream` (loopback only), users and the audit check.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_baomi");

/// A plain text that passes, one that needs review (unmasked mobile), one that is blocked.
pub const PASS_TXT: &str = "关于开展植树活动的通知\n各单位：请于三月组织植树。\n";
pub const REVIEW_TXT: &str = "关于开展植树活动的通知\n联系人：张先生，手机 13812345678。\n";
pub const BLOCK_TXT: &str = "秘密★1年\n关于某工作的通知\n正文。\n";

/// Make each test's content unique (the ledger keys release on exact bytes).
pub fn unique(base: &str, tag: &str) -> Vec<u8> {
    format!("{base}附注：{tag}\n").into_bytes()
}

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Percent-encode a query or form value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(p) = b.windows(2).position(|w| w == b"\r\n") {
        let size_s = String::from_utf8_lossy(&b[..p]);
        let size =
            usize::from_str_radix(size_s.split(';').next().unwrap_or("0").trim(), 16).unwrap_or(0);
        b = &b[p + 2..];
        if size == 0 || b.len() < size {
            break;
        }
        out.extend_from_slice(&b[..size]);
        b = &b[(size + 2).min(b.len())..];
    }
    out
}

/// One HTTP/1.1 request (Connection: close).
pub fn try_request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Resp> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(120)))?;
    s.set_write_timeout(Some(Duration::from_secs(60)))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    // the server may answer (413) before reading the whole body: ignore write errors
    let _ = s.write_all(body);
    // read the head, then Content-Length bytes, the chunks up to the last one, or to EOF
    // (some servers keep the connection open despite `Connection: close`)
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    let mut want: Option<usize> = None;
    let mut chunked = false;
    loop {
        if want.is_none() && !chunked {
            if let Some(e) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                let h = String::from_utf8_lossy(&raw[..e]).to_ascii_lowercase();
                for l in h.split("\r\n") {
                    if let Some(v) = l.strip_prefix("content-length:") {
                        want = v.trim().parse::<usize>().ok().map(|n| e + 4 + n);
                    }
                    if l.starts_with("transfer-encoding:") && l.contains("chunked") {
                        chunked = true;
                    }
                }
            }
        }
        if want.is_some_and(|w| raw.len() >= w) || (chunked && raw.ends_with(b"0\r\n\r\n")) {
            break;
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other(format!("no response head ({} bytes)", raw.len())))?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"))
    {
        body = dechunk(&body);
    }
    Ok(Resp {
        status,
        headers,
        body,
    })
}

pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    try_request(addr, method, path, headers, body)
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

/// Add a user with `baomi users add`; returns the token.
pub fn add_user(users: &Path, name: &str, role: &str, unit: Option<&str>) -> String {
    let mut c = Command::new(BIN);
    c.args(["users", "add", "--name", name, "--role", role, "--users"])
        .arg(users);
    if let Some(u) = unit {
        c.args(["--unit", u]);
    }
    let out = c.output().expect("run baomi users add");
    assert!(
        out.status.success(),
        "users add: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tok = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(tok.len(), 64, "token: {tok}");
    tok
}

/// Run `baomi audit verify`; returns (exit code, stdout).
pub fn audit_verify(db: &Path) -> (i32, String) {
    let out = Command::new(BIN)
        .args(["audit", "verify", "--db"])
        .arg(db)
        .output()
        .expect("run baomi audit verify");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

pub struct Server {
    pub child: Child,
    pub addr: String,
    pub db: PathBuf,
    pub users: PathBuf,
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Server {
    /// Start `baomi serve` on 127.0.0.1 with an ephemeral port; waits for its address.
    pub fn start(db: &Path, users: &Path, extra: &[&str]) -> Server {
        let stderr = std::fs::File::create(db.with_extension("stderr.log")).expect("stderr log");
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .arg("--users")
            .arg(users)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(stderr))
            .spawn()
            .expect("spawn baomi serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let h = std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            let mut line = String::new();
            let _ = r.read_line(&mut line);
            let _ = tx.send(line);
            r
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                panic!("server did not start");
            }
        };
        let reader = h.join().unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| {
                let log =
                    std::fs::read_to_string(db.with_extension("stderr.log")).unwrap_or_default();
                panic!("unexpected first line {line:?}; stderr: {log}")
            })
            .to_string();
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        Server {
            child,
            addr,
            db: db.to_path_buf(),
            users: users.to_path_buf(),
            _stdout: reader,
        }
    }

    pub fn req(&self, method: &str, path: &str, token: Option<&str>, body: &[u8]) -> Resp {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut h: Vec<(&str, &str)> = Vec::new();
        if let Some(a) = &auth {
            h.push(("Authorization", a));
        }
        request(&self.addr, method, path, &h, body)
    }

    /// Submit a file; returns the response.
    pub fn submit(&self, token: &str, name: &str, extra_query: &str, body: &[u8]) -> Resp {
        let path = format!("/api/v1/items?name={}{extra_query}", enc(name));
        self.req("POST", &path, Some(token), body)
    }

    pub fn decide(&self, token: &str, id: i64, decision: &str, note: &str) -> Resp {
        let body = serde_json::json!({"decision": decision, "note": note}).to_string();
        self.req(
            "POST",
            &format!("/api/v1/items/{id}/decisions"),
            Some(token),
            body.as_bytes(),
        )
    }

    /// SIGTERM, then wait (bounded) for the process to end; returns whether it exited 0.
    pub fn terminate(&mut self) -> bool {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..200 {
            if let Ok(Some(st)) = self.child.try_wait() {
                return st.success();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A temp dir with users: drafter 张三 and officer 王保密 of 住房保障处, officer 李审 of 办公室,
/// drafter 赵拟 of 办公室, a gateway and an admin.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub drafter: String,
    pub officer: String,
    pub other_officer: String,
    pub other_drafter: String,
    pub gateway: String,
    pub admin: String,
}

pub const UNIT: &str = "住房保障处";
pub const OTHER_UNIT: &str = "办公室";

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let u = dir.path().join("users.toml");
        Fixture {
            drafter: add_user(&u, "张三", "drafter", Some(UNIT)),
            officer: add_user(&u, "王保密", "officer", Some(UNIT)),
            other_officer: add_user(&u, "李审", "officer", Some(OTHER_UNIT)),
            other_drafter: add_user(&u, "赵拟", "drafter", Some(OTHER_UNIT)),
            gateway: add_user(&u, "门户网关", "gateway", None),
            admin: add_user(&u, "管理员", "admin", None),
            dir,
        }
    }
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("baomi.db")
    }
    pub fn users(&self) -> PathBuf {
        self.dir.path().join("users.toml")
    }
    pub fn start(&self, extra: &[&str]) -> Server {
        Server::start(&self.db(), &self.users(), extra)
    }
}

pub fn sha256_hex(b: &[u8]) -> String {
    baomi::sha256_hex(b)
}
