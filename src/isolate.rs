//! Process isolation for extraction: each parsed item (office, PDF, OFD, archives, HTML) is read
//! by a `baomi __worker` subprocess with an address-space limit (`RLIMIT_AS`) and a wall-clock
//! deadline the parent enforces, as Apache Tika's forked parser does.
//!
//! `catch_unwind` stops only panics; an allocation failure, a stack overflow or an endless loop
//! in a parser would take the whole run (or the service) down with it. Here a worker that dies
//! or overruns its deadline is killed and replaced, and its item gets
//! `unreadable/limit_exceeded`; the rest of the batch goes on.
//!
//! Protocol (pipes, little-endian, length-prefixed): the parent writes a request
//! `[u64 len][fmt][name][limits…][bytes]`, the worker answers `[u64 len][encoded Extracted]`.
//! The worker reads the bytes the parent already hashed, so what is scanned is what is hashed.

use crate::extract::{
    Anchor, Extracted, Layer, Limits, Location, NotExamined, Problem, Segment, Zone,
};
use std::io::{Read, Write};
use std::os::unix::io::AsRawFd;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Name of the hidden subcommand that runs a worker.
pub const WORKER_ARG: &str = "__worker";
/// Environment variable that enables fault injection in workers (tests only): an item whose
/// bytes start with `BAOMI-FAULT:<panic|abort|hang|oom|stack>` makes the worker misbehave.
pub const FAULT_ENV: &str = "BAOMI_FAULT_INJECTION";

/// Formats read in a worker. Plain text and csv are decoded by baomi's own linear code and stay
/// in process (with `catch_unwind`); everything with a third-party or recursive parser is isolated.
pub fn isolated_format(fmt: &str) -> bool {
    matches!(
        fmt,
        "html" | "docx" | "xlsx" | "xlsb" | "xls" | "ods" | "pdf" | "ofd" | "zip"
    )
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A pool of worker processes shared by all scanning threads.
pub struct WorkerPool {
    exe: PathBuf,
    idle: Mutex<Vec<Worker>>,
    /// Address-space limit per worker, bytes.
    pub memory_bytes: u64,
    /// Wall-clock limit per item.
    pub timeout: Duration,
    fault_injection: bool,
}

/// Why a worker gave no answer.
enum Failure {
    Timeout,
    Died(String),
    TooLarge,
}

impl WorkerPool {
    /// A pool that starts workers from `exe` (normally `std::env::current_exe()`).
    pub fn new(exe: PathBuf, memory_bytes: u64, timeout: Duration) -> WorkerPool {
        WorkerPool {
            exe,
            idle: Mutex::new(Vec::new()),
            memory_bytes,
            timeout,
            fault_injection: std::env::var_os(FAULT_ENV).is_some(),
        }
    }

    fn spawn(&self) -> std::io::Result<Worker> {
        use std::os::unix::process::CommandExt;
        let mut cmd = Command::new(&self.exe);
        cmd.arg(WORKER_ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if self.fault_injection {
            cmd.env(FAULT_ENV, "1");
        } else {
            cmd.env_remove(FAULT_ENV);
        }
        let mem = self.memory_bytes;
        // SAFETY: only async-signal-safe calls (setrlimit, prctl) between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if mem > 0 {
                    let lim = libc::rlimit {
                        rlim_cur: mem as libc::rlim_t,
                        rlim_max: mem as libc::rlim_t,
                    };
                    libc::setrlimit(libc::RLIMIT_AS, &lim);
                }
                // no core files from a killed or aborting worker
                let core = libc::rlimit {
                    rlim_cur: 0,
                    rlim_max: 0,
                };
                libc::setrlimit(libc::RLIMIT_CORE, &core);
                #[cfg(target_os = "linux")]
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let mut child = cmd.spawn()?;
        let stdin = child.stdin.take().ok_or(std::io::ErrorKind::BrokenPipe)?;
        let stdout = child.stdout.take().ok_or(std::io::ErrorKind::BrokenPipe)?;
        Ok(Worker {
            child,
            stdin,
            stdout,
        })
    }

    /// Extracts one item in a worker. Never panics; a worker failure becomes a `Problem`.
    pub fn extract(&self, fmt: &str, name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
        let worker = self.idle.lock().ok().and_then(|mut v| v.pop());
        let mut worker = match worker {
            Some(w) => w,
            None => match self.spawn() {
                Ok(w) => w,
                Err(e) => {
                    return problem(
                        "limit_exceeded",
                        format!("could not start an isolated reader: {}", e.kind()),
                    )
                }
            },
        };
        match self.round_trip(&mut worker, fmt, name, bytes, limits) {
            Ok(ex) => {
                if let Ok(mut v) = self.idle.lock() {
                    v.push(worker);
                }
                ex
            }
            Err(f) => {
                let _ = worker.child.kill();
                let status = worker.child.wait().ok();
                drop(worker);
                let detail = match f {
                    Failure::Timeout => format!(
                        "reading took longer than the {} s limit; the reader was stopped",
                        self.timeout.as_secs()
                    ),
                    Failure::TooLarge => {
                        "the extracted text exceeds the size limit; the reader was stopped".into()
                    }
                    Failure::Died(why) => {
                        let sig = status.and_then(|s| {
                            use std::os::unix::process::ExitStatusExt;
                            s.signal()
                        });
                        match sig {
                            Some(s) => format!(
                                "the reader ended abnormally (signal {s}: {}; memory limit {} MB)",
                                signal_name(s),
                                self.memory_bytes / (1024 * 1024)
                            ),
                            None => format!(
                                "the reader ended abnormally ({why}; memory limit {} MB)",
                                self.memory_bytes / (1024 * 1024)
                            ),
                        }
                    }
                };
                problem("limit_exceeded", detail)
            }
        }
    }

    fn round_trip(
        &self,
        w: &mut Worker,
        fmt: &str,
        name: &str,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Extracted, Failure> {
        let deadline = Instant::now() + self.timeout;
        let mut head = Vec::with_capacity(256);
        put_str(&mut head, fmt);
        put_str(&mut head, name);
        for v in limits_to_array(limits) {
            head.extend_from_slice(&v.to_le_bytes());
        }
        let total = head.len() as u64 + bytes.len() as u64;
        let mut send = || -> std::io::Result<()> {
            w.stdin.write_all(&total.to_le_bytes())?;
            w.stdin.write_all(&head)?;
            w.stdin.write_all(bytes)?;
            w.stdin.flush()
        };
        if let Err(e) = send() {
            return Err(Failure::Died(format!(
                "request not delivered: {}",
                e.kind()
            )));
        }
        let mut len = [0u8; 8];
        read_deadline(&mut w.stdout, &mut len, deadline)?;
        let len = u64::from_le_bytes(len);
        // what comes back is text extracted from at most max_total_unzipped of content
        let cap = limits
            .max_total_unzipped
            .max(limits.max_item_bytes)
            .saturating_mul(2);
        if len > cap {
            return Err(Failure::TooLarge);
        }
        let mut buf = vec![0u8; len as usize];
        read_deadline(&mut w.stdout, &mut buf, deadline)?;
        decode_extracted(&buf).ok_or(Failure::Died("malformed answer".into()))
    }
}

fn signal_name(s: i32) -> &'static str {
    match s {
        libc::SIGABRT => "aborted, e.g. an allocation failed or the stack overflowed",
        libc::SIGSEGV => "segmentation fault or stack overflow",
        libc::SIGKILL => "killed",
        libc::SIGBUS => "bus error",
        _ => "terminated",
    }
}

fn problem(kind: &'static str, detail: String) -> Extracted {
    Extracted {
        problems: vec![Problem::new(kind, Location::item(), detail)],
        ..Default::default()
    }
}

/// Reads exactly `buf.len()` bytes before `deadline` (poll(2) on the pipe).
fn read_deadline(r: &mut ChildStdout, buf: &mut [u8], deadline: Instant) -> Result<(), Failure> {
    let fd = r.as_raw_fd();
    let mut got = 0;
    while got < buf.len() {
        let now = Instant::now();
        if now >= deadline {
            return Err(Failure::Timeout);
        }
        let ms = (deadline - now).as_millis().min(i32::MAX as u128) as i32;
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let rc = unsafe { libc::poll(&mut pfd, 1, ms.max(1)) };
        if rc < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(Failure::Died(format!("poll: {}", e.kind())));
        }
        if rc == 0 {
            continue; // re-check the deadline
        }
        match r.read(&mut buf[got..]) {
            Ok(0) => return Err(Failure::Died("the reader closed its output".into())),
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Failure::Died(format!("read: {}", e.kind()))),
        }
    }
    Ok(())
}

fn limits_to_array(l: &Limits) -> [u64; 9] {
    [
        l.max_item_bytes,
        l.max_zip_entries as u64,
        l.max_entry_bytes,
        l.max_total_unzipped,
        l.max_ratio,
        l.max_xml_depth as u64,
        l.max_cells,
        l.max_html_depth as u64,
        l.item_timeout_ms,
    ]
}

fn limits_from_array(a: [u64; 9]) -> Limits {
    Limits {
        max_item_bytes: a[0],
        max_zip_entries: a[1] as usize,
        max_entry_bytes: a[2],
        max_total_unzipped: a[3],
        max_ratio: a[4],
        max_xml_depth: a[5] as usize,
        max_cells: a[6],
        max_html_depth: a[7] as usize,
        item_timeout_ms: a[8],
    }
}

// ---------------------------------------------------------------------------------------------
// the worker side

/// Runs a worker: answers requests on stdin until it closes. `extract` is the in-process
/// extractor (format, name, bytes, limits).
pub fn worker_main(extract: &mut dyn FnMut(&str, &str, Vec<u8>, &Limits) -> Extracted) -> i32 {
    // a panic message could quote document text: say nothing (stderr is /dev/null anyway)
    std::panic::set_hook(Box::new(|_| {}));
    let faults = std::env::var_os(FAULT_ENV).is_some();
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut input = stdin.lock();
    let mut output = stdout.lock();
    loop {
        let mut len = [0u8; 8];
        if input.read_exact(&mut len).is_err() {
            return 0;
        }
        let len = u64::from_le_bytes(len);
        if len > (u64::MAX >> 1) {
            return 2;
        }
        let mut req = Vec::new();
        if (&mut input).take(len).read_to_end(&mut req).is_err() || req.len() as u64 != len {
            return 2;
        }
        let Some((fmt, name, limits, body_at)) =
            parse_request(&req).map(|(f, n, l, at)| (f.to_string(), n.to_string(), l, at))
        else {
            return 2;
        };
        // the item bytes are the tail of the request
        let mut bytes = req;
        bytes.drain(..body_at);
        let ex = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if faults {
                inject_fault(&bytes);
            }
            extract(&fmt, &name, bytes, &limits)
        }))
        .unwrap_or_else(|_| {
            problem(
                "corrupt",
                "the reader failed on this file (internal error caught)".into(),
            )
        });
        let enc = encode_extracted(&ex);
        drop(ex);
        if output.write_all(&(enc.len() as u64).to_le_bytes()).is_err()
            || output.write_all(&enc).is_err()
            || output.flush().is_err()
        {
            return 0;
        }
        // a worker lives for the whole batch: give a large item's memory back
        if len >= crate::RELEASE_AFTER_BYTES {
            drop(enc);
            crate::release_free_memory();
        }
    }
}

fn parse_request(req: &[u8]) -> Option<(&str, &str, Limits, usize)> {
    let mut r = Reader { b: req, at: 0 };
    let fmt = r.str()?;
    let name = r.str()?;
    let mut a = [0u64; 9];
    for v in a.iter_mut() {
        *v = r.u64()?;
    }
    Some((fmt, name, limits_from_array(a), r.at))
}

fn inject_fault(bytes: &[u8]) {
    let Some(rest) = bytes.strip_prefix(b"BAOMI-FAULT:") else {
        return;
    };
    let what = rest
        .split(|b| b.is_ascii_whitespace())
        .next()
        .unwrap_or(b"");
    match what {
        b"panic" => panic!("injected panic"),
        b"abort" => std::process::abort(),
        b"hang" => loop {
            std::thread::sleep(Duration::from_secs(1));
        },
        b"spin" => {
            let mut x = 0u64;
            loop {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        }
        b"oom" => {
            let mut v: Vec<Vec<u8>> = Vec::new();
            loop {
                // touch the pages so that RSS grows, not only the address space
                v.push(vec![1u8; 64 << 20]);
            }
        }
        b"stack" => {
            fn deep(n: u64) -> u64 {
                let pad = std::hint::black_box([n; 64]);
                if std::hint::black_box(n) == u64::MAX {
                    return pad[3];
                }
                deep(n + 1).wrapping_add(pad[3])
            }
            std::hint::black_box(deep(0));
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// encoding of `Extracted` (only between a parent and its own worker: same binary, no versioning)

fn put_u64(o: &mut Vec<u8>, v: u64) {
    o.extend_from_slice(&v.to_le_bytes());
}
fn put_u32(o: &mut Vec<u8>, v: u32) {
    o.extend_from_slice(&v.to_le_bytes());
}
fn put_str(o: &mut Vec<u8>, s: &str) {
    put_u64(o, s.len() as u64);
    o.extend_from_slice(s.as_bytes());
}
fn put_opt_str(o: &mut Vec<u8>, s: &Option<String>) {
    match s {
        Some(s) => {
            o.push(1);
            put_str(o, s);
        }
        None => o.push(0),
    }
}
fn put_opt_u32(o: &mut Vec<u8>, v: Option<u32>) {
    match v {
        Some(v) => {
            o.push(1);
            put_u32(o, v);
        }
        None => o.push(0),
    }
}

fn put_loc(o: &mut Vec<u8>, l: &Location) {
    put_opt_str(o, &l.entry);
    put_opt_u32(o, l.line);
    put_opt_u32(o, l.column);
    put_opt_u32(o, l.row);
    put_opt_u32(o, l.col);
    put_opt_str(o, &l.sheet);
    put_opt_str(o, &l.cell);
    put_opt_str(o, &l.part);
    put_opt_u32(o, l.paragraph);
    put_opt_u32(o, l.page);
    put_opt_str(o, &l.field);
    o.push(match l.item {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    });
}

fn zone_code(z: Zone) -> u8 {
    match z {
        Zone::Title => 0,
        Zone::Body => 1,
        Zone::HeaderFooter => 2,
        Zone::FileName => 3,
        Zone::SheetName => 4,
        Zone::Metadata => 5,
    }
}

fn zone_from(c: u8) -> Option<Zone> {
    Some(match c {
        0 => Zone::Title,
        1 => Zone::Body,
        2 => Zone::HeaderFooter,
        3 => Zone::FileName,
        4 => Zone::SheetName,
        5 => Zone::Metadata,
        _ => return None,
    })
}

/// Serializes an extraction result for the pipe.
pub fn encode_extracted(ex: &Extracted) -> Vec<u8> {
    let text: usize = ex.segments.iter().map(|s| s.text.len() + 64).sum();
    let mut o = Vec::with_capacity(text + 256);
    put_u64(&mut o, ex.segments.len() as u64);
    for s in &ex.segments {
        put_str(&mut o, &s.text);
        match &s.anchor {
            Anchor::Text {
                line,
                column,
                csv_delim,
            } => {
                o.push(0);
                put_u32(&mut o, *line);
                put_u32(&mut o, *column);
                match csv_delim {
                    Some(d) => {
                        o.push(1);
                        o.push(*d);
                    }
                    None => o.push(0),
                }
            }
            Anchor::TextMap(v) => {
                o.push(1);
                put_u64(&mut o, v.len() as u64);
                for (off, line, col) in v {
                    put_u64(&mut o, *off as u64);
                    put_u32(&mut o, *line);
                    put_u32(&mut o, *col);
                }
            }
            Anchor::Fixed(l) => {
                o.push(2);
                put_loc(&mut o, l);
            }
            Anchor::Cell { sheet, row, col } => {
                o.push(3);
                put_str(&mut o, sheet);
                put_u32(&mut o, *row);
                put_u32(&mut o, *col);
            }
        }
        match s.layer {
            Layer::Visible => o.push(0),
            Layer::Hidden(k) => {
                o.push(1);
                put_str(&mut o, k);
            }
            Layer::Metadata(k) => {
                o.push(2);
                put_str(&mut o, k);
            }
        }
        o.push(zone_code(s.zone));
        put_opt_u32(&mut o, s.record);
        put_u64(&mut o, s.title_len as u64);
    }
    put_u64(&mut o, ex.not_examined.len() as u64);
    for n in &ex.not_examined {
        put_str(&mut o, &n.what);
        put_loc(&mut o, &n.location);
        put_str(&mut o, &n.reason);
    }
    put_u64(&mut o, ex.problems.len() as u64);
    for p in &ex.problems {
        put_str(&mut o, p.kind);
        put_loc(&mut o, &p.location);
        put_str(&mut o, &p.detail);
    }
    put_opt_str(&mut o, &ex.encoding);
    o.push(ex.expected_text_missing as u8);
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
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        // a count can never exceed the bytes left: keeps a bad answer from allocating much
        (n <= self.b.len() - self.at).then_some(n)
    }
    fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok()
    }
    fn opt_str(&mut self) -> Option<Option<String>> {
        Some(match self.u8()? {
            0 => None,
            _ => Some(self.str()?.to_string()),
        })
    }
    fn opt_u32(&mut self) -> Option<Option<u32>> {
        Some(match self.u8()? {
            0 => None,
            _ => Some(self.u32()?),
        })
    }
    fn loc(&mut self) -> Option<Location> {
        Some(Location {
            entry: self.opt_str()?,
            line: self.opt_u32()?,
            column: self.opt_u32()?,
            row: self.opt_u32()?,
            col: self.opt_u32()?,
            sheet: self.opt_str()?,
            cell: self.opt_str()?,
            part: self.opt_str()?,
            paragraph: self.opt_u32()?,
            page: self.opt_u32()?,
            field: self.opt_str()?,
            item: match self.u8()? {
                0 => None,
                1 => Some(false),
                _ => Some(true),
            },
        })
    }
}

/// The `&'static str` kinds an extractor can use; anything else is interned once.
fn intern(s: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "hidden_sheet",
        "hidden_row",
        "hidden_column",
        "comment",
        "tracked_change",
        "hidden_text",
        "html_comment",
        "html_hidden",
        "embedded_object",
        "author",
        "last_modified_by",
        "company",
        "file_path",
        "title",
        "other",
        "corrupt",
        "encrypted",
        "unsupported_format",
        "too_large",
        "limit_exceeded",
    ];
    if let Some(k) = KNOWN.iter().find(|k| **k == s) {
        return k;
    }
    static EXTRA: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut extra = match EXTRA.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    };
    if let Some(k) = extra.iter().find(|k| **k == s) {
        return k;
    }
    if extra.len() >= 64 {
        return "other";
    }
    let k: &'static str = Box::leak(s.to_string().into_boxed_str());
    extra.push(k);
    k
}

/// Parses what [`encode_extracted`] wrote; `None` if it is malformed.
pub fn decode_extracted(b: &[u8]) -> Option<Extracted> {
    let mut r = Reader { b, at: 0 };
    let n = r.len()?;
    let mut segments = Vec::with_capacity(n.min(1 << 20));
    let mut sheets: Vec<Arc<str>> = Vec::new();
    for _ in 0..n {
        let text = r.str()?.to_string();
        let anchor = match r.u8()? {
            0 => {
                let line = r.u32()?;
                let column = r.u32()?;
                let csv_delim = match r.u8()? {
                    0 => None,
                    _ => Some(r.u8()?),
                };
                Anchor::Text {
                    line,
                    column,
                    csv_delim,
                }
            }
            1 => {
                let m = r.len()?;
                let mut v = Vec::with_capacity(m.min(1 << 20));
                for _ in 0..m {
                    v.push((usize::try_from(r.u64()?).ok()?, r.u32()?, r.u32()?));
                }
                Anchor::TextMap(v)
            }
            2 => Anchor::Fixed(Box::new(r.loc()?)),
            3 => {
                let name = r.str()?;
                // cells of one sheet come together: share the name
                let sheet = match sheets.iter().rev().find(|s| &***s == name) {
                    Some(s) => s.clone(),
                    None => {
                        let s: Arc<str> = Arc::from(name);
                        sheets.push(s.clone());
                        s
                    }
                };
                Anchor::Cell {
                    sheet,
                    row: r.u32()?,
                    col: r.u32()?,
                }
            }
            _ => return None,
        };
        let layer = match r.u8()? {
            0 => Layer::Visible,
            1 => Layer::Hidden(intern(r.str()?)),
            2 => Layer::Metadata(intern(r.str()?)),
            _ => return None,
        };
        let zone = zone_from(r.u8()?)?;
        let record = r.opt_u32()?;
        let title_len = usize::try_from(r.u64()?).ok()?;
        if title_len > text.len() || !text.is_char_boundary(title_len) {
            return None;
        }
        segments.push(Segment {
            text,
            anchor,
            layer,
            zone,
            record,
            title_len,
        });
    }
    let n = r.len()?;
    let mut not_examined = Vec::with_capacity(n.min(4096));
    for _ in 0..n {
        not_examined.push(NotExamined {
            what: r.str()?.to_string(),
            location: r.loc()?,
            reason: r.str()?.to_string(),
        });
    }
    let n = r.len()?;
    let mut problems = Vec::with_capacity(n.min(4096));
    for _ in 0..n {
        let kind = intern(r.str()?);
        problems.push(Problem {
            kind,
            location: r.loc()?,
            detail: r.str()?.to_string(),
        });
    }
    let encoding = r.opt_str()?;
    let expected_text_missing = r.u8()? != 0;
    (r.at == b.len()).then_some(Extracted {
        segments,
        not_examined,
        problems,
        encoding,
        expected_text_missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_encoding() {
        let ex = Extracted {
            segments: vec![
                Segment {
                    text: "机密★5年\n正文".into(),
                    anchor: Anchor::Text {
                        line: 3,
                        column: 7,
                        csv_delim: Some(b','),
                    },
                    layer: Layer::Visible,
                    zone: Zone::Body,
                    record: None,
                    title_len: 9,
                },
                Segment {
                    text: "批注".into(),
                    anchor: Anchor::TextMap(vec![(0, 1, 1), (3, 2, 5)]),
                    layer: Layer::Hidden("comment"),
                    zone: Zone::Title,
                    record: Some(4),
                    title_len: 0,
                },
                Segment::fixed(
                    "张三".into(),
                    Location {
                        entry: Some("a.zip!b.docx".into()),
                        part: Some("docProps/core.xml".into()),
                        field: Some("dc:creator".into()),
                        page: Some(2),
                        item: Some(true),
                        ..Default::default()
                    },
                    Layer::Metadata("author"),
                    Zone::Metadata,
                ),
            ],
            not_examined: vec![NotExamined {
                what: "embedded image".into(),
                location: Location::cell("Sheet1", "B2".into()),
                reason: "images are not read".into(),
            }],
            problems: vec![Problem::new(
                "limit_exceeded",
                Location::item(),
                "too many cells",
            )],
            encoding: Some("GB18030".into()),
            expected_text_missing: true,
        };
        let enc = encode_extracted(&ex);
        let back = decode_extracted(&enc).expect("decodes");
        assert_eq!(back.segments.len(), 3);
        for (a, b) in ex.segments.iter().zip(&back.segments) {
            assert_eq!(a.text, b.text);
            assert_eq!(a.anchor, b.anchor);
            assert_eq!(a.layer, b.layer);
            assert_eq!(a.zone, b.zone);
            assert_eq!(a.record, b.record);
            assert_eq!(a.title_len, b.title_len);
        }
        assert_eq!(back.not_examined, ex.not_examined);
        assert_eq!(back.problems, ex.problems);
        assert_eq!(back.encoding, ex.encoding);
        assert!(back.expected_text_missing);
        // every truncation is rejected, never a panic
        for cut in 0..enc.len() {
            assert!(decode_extracted(&enc[..cut]).is_none(), "cut at {cut}");
        }
        // a title_len inside a character is rejected
        let mut bad = ex;
        bad.segments.truncate(1);
        bad.segments[0].title_len = 1;
        assert!(decode_extracted(&encode_extracted(&bad)).is_none());
    }

    #[test]
    fn huge_counts_do_not_allocate() {
        let mut b = Vec::new();
        put_u64(&mut b, u64::MAX);
        assert!(decode_extracted(&b).is_none());
        let mut b = Vec::new();
        put_u64(&mut b, 1);
        put_u64(&mut b, 1 << 40);
        assert!(decode_extracted(&b).is_none());
    }

    #[test]
    fn limits_round_trip() {
        let l = Limits::default();
        let back = limits_from_array(limits_to_array(&l));
        assert_eq!(format!("{l:?}"), format!("{back:?}"));
    }
}
