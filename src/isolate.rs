//! Process isolation: each parsed item (office, PDF, OFD, archives, HTML) is scanned — read
//! *and* analysed — by a `baomi __worker` subprocess with an address-space limit (`RLIMIT_AS`)
//! and a wall-clock deadline the parent enforces, as Apache Tika's forked parser does.
//!
//! `catch_unwind` stops only panics; an allocation failure, a stack overflow or an endless loop
//! in a parser would take the whole run (or the service) down with it. Here a worker that dies
//! or overruns its deadline is killed and replaced, and its item gets
//! `unreadable/limit_exceeded`; the rest of the batch goes on.
//!
//! This module is the transport only (pipes, little-endian, length-prefixed): a new worker
//! first gets the pool's setup message `[u64 len][init]` (the run's policy and dictionaries,
//! see `crate::scan`), then requests `[u64 len][u64 head len][head][item bytes]` and answers
//! `[u64 len][reply]` to each; an empty reply means the worker caught an internal error.
//! What head, init and reply hold is the caller's business. The worker scans the bytes the
//! parent already hashed, so what is scanned is what is hashed; what comes back is the
//! finished report, not the document's text (kilobytes instead of every cell).

use crate::extract::{Extracted, Limits, Location, Problem};
use std::io::{Read, Write};
use std::os::unix::io::AsRawFd;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Name of the hidden subcommand that runs a worker.
pub const WORKER_ARG: &str = "__worker";
/// Environment variable that enables fault injection in workers (tests only): an item whose
/// bytes start with `BAOMI-FAULT:<panic|abort|hang|oom|stack>` makes the worker misbehave.
pub const FAULT_ENV: &str = "BAOMI_FAULT_INJECTION";

/// Items larger than this are read in a worker whatever their format (a text or csv of
/// tens of megabytes takes several times its size while it is scanned).
pub const IN_PROCESS_MAX_BYTES: usize = 8 << 20;

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
    /// Setup message every new worker reads first.
    init: Vec<u8>,
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
    /// A pool that starts workers from `exe` (normally `std::env::current_exe()`); each new
    /// worker is sent `init` first.
    pub fn new(exe: PathBuf, init: Vec<u8>, memory_bytes: u64, timeout: Duration) -> WorkerPool {
        WorkerPool {
            exe,
            init,
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
        let mut w = Worker {
            child,
            stdin,
            stdout,
        };
        w.stdin.write_all(&(self.init.len() as u64).to_le_bytes())?;
        w.stdin.write_all(&self.init)?;
        Ok(w)
    }

    /// Sends one request (`head`, the item's `bytes`) to a worker and returns its reply (at most
    /// `reply_cap` bytes; empty when the worker caught an internal error). Never panics; a
    /// worker that dies, overruns the deadline or answers too much is killed, and the item
    /// gets a `Problem` instead (as an `Extracted` to finish the item with).
    pub fn call(&self, head: &[u8], bytes: &[u8], reply_cap: u64) -> Result<Vec<u8>, Extracted> {
        let worker = self.idle.lock().ok().and_then(|mut v| v.pop());
        let mut worker = match worker {
            Some(w) => w,
            None => match self.spawn() {
                Ok(w) => w,
                Err(e) => {
                    return Err(problem(
                        "limit_exceeded",
                        format!("could not start an isolated reader: {}", e.kind()),
                    ))
                }
            },
        };
        match self.round_trip(&mut worker, head, bytes, reply_cap) {
            Ok(reply) => {
                if let Ok(mut v) = self.idle.lock() {
                    v.push(worker);
                }
                Ok(reply)
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
                Err(problem("limit_exceeded", detail))
            }
        }
    }

    fn round_trip(
        &self,
        w: &mut Worker,
        head: &[u8],
        bytes: &[u8],
        reply_cap: u64,
    ) -> Result<Vec<u8>, Failure> {
        let deadline = Instant::now() + self.timeout;
        let total = 8 + head.len() as u64 + bytes.len() as u64;
        let mut send = || -> std::io::Result<()> {
            w.stdin.write_all(&total.to_le_bytes())?;
            w.stdin.write_all(&(head.len() as u64).to_le_bytes())?;
            w.stdin.write_all(head)?;
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
        if len > reply_cap {
            return Err(Failure::TooLarge);
        }
        let mut buf = vec![0u8; len as usize];
        read_deadline(&mut w.stdout, &mut buf, deadline)?;
        Ok(buf)
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

/// The limits as numbers, for a request head.
pub fn limits_to_array(l: &Limits) -> [u64; 9] {
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

/// Inverse of [`limits_to_array`].
pub fn limits_from_array(a: [u64; 9]) -> Limits {
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

/// A worker's request handler: `(head, item bytes) -> reply`.
pub type Handler = Box<dyn FnMut(&[u8], Vec<u8>) -> Vec<u8>>;

/// Runs a worker: reads the setup message, builds its handler with `setup` (exit 2 if that
/// fails), then answers requests on stdin until it closes. A panic in the handler is caught
/// and answered with an empty reply.
pub fn worker_main(setup: &mut dyn FnMut(&[u8]) -> Option<Handler>) -> i32 {
    // a panic message could quote document text: say nothing (stderr is /dev/null anyway)
    std::panic::set_hook(Box::new(|_| {}));
    let faults = std::env::var_os(FAULT_ENV).is_some();
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut input = stdin.lock();
    let mut output = stdout.lock();
    let Some(init) = read_message(&mut input) else {
        return 2;
    };
    let Some(mut handle) = setup(&init) else {
        return 2;
    };
    drop(init);
    loop {
        let Some(req) = read_message(&mut input) else {
            return 0;
        };
        let len = req.len() as u64;
        let Some(head_len) = req
            .get(..8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .and_then(|b| usize::try_from(u64::from_le_bytes(b)).ok())
            .filter(|&n| n <= req.len() - 8)
        else {
            return 2;
        };
        let head = req[8..8 + head_len].to_vec();
        // the item bytes are the tail of the request
        let mut bytes = req;
        bytes.drain(..8 + head_len);
        let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if faults {
                inject_fault(&bytes);
            }
            handle(&head, bytes)
        }))
        .unwrap_or_default();
        if output
            .write_all(&(reply.len() as u64).to_le_bytes())
            .is_err()
            || output.write_all(&reply).is_err()
            || output.flush().is_err()
        {
            return 0;
        }
        // a worker lives for the whole batch: give a large item's memory back
        if len >= crate::RELEASE_AFTER_BYTES {
            drop(reply);
            crate::release_free_memory();
        }
    }
}

/// One length-prefixed message from the parent; `None` at the end of input or when cut short.
fn read_message(input: &mut impl Read) -> Option<Vec<u8>> {
    let mut len = [0u8; 8];
    input.read_exact(&mut len).ok()?;
    let len = u64::from_le_bytes(len);
    if len > (u64::MAX >> 1) {
        return None;
    }
    let mut msg = Vec::new();
    if input.take(len).read_to_end(&mut msg).is_err() || msg.len() as u64 != len {
        return None;
    }
    Some(msg)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_round_trip() {
        let l = Limits::default();
        let back = limits_from_array(limits_to_array(&l));
        assert_eq!(format!("{l:?}"), format!("{back:?}"));
    }
}
