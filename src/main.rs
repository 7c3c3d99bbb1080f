//! Thin entry point: parse flags, run, map the outcome to the exit code (CONTRACT.md §2).

mod cli;

use baomi::detect::dictionary::Dictionary;
use baomi::manifest::Manifest;
use baomi::policy::Policy;
use baomi::report::{self, Report, Summary, Verdict};
use baomi::scan::{self, Config};
use baomi::Lang;
use clap::Parser;
use cli::{Cli, Command, Format, LangArg, ScanArgs};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

const EXIT_USAGE: u8 = 3;

/// mimalloc instead of glibc malloc: a spreadsheet is hundreds of thousands of short cell
/// strings allocated and freed per item, and glibc's malloc/free/consolidation was ~20 % of an
/// office scan (docs/performance.md). Built without transparent huge pages (`no_thp`): with
/// them, the kernel's direct compaction stalled one text scan in three (0.4 s of system time).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A panic message can quote the text being processed (a slicing error prints the string):
    // never let document content reach stderr. Panics are caught per item and reported as
    // `unreadable`; here only where it happened is printed.
    std::panic::set_hook(Box::new(|info| {
        if let Some(l) = info.location() {
            eprintln!(
                "baomi: internal error at {}:{} (item reported as unreadable)",
                l.file(),
                l.line()
            );
        }
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            // `baomi` alone prints the help but scans nothing: a usage error, not a pass (a
            // gateway reads 0 as "publish")
            let code = match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => 0,
                _ => EXIT_USAGE,
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Hash { value } => {
            let ids = baomi::detect::identifiers::IdRecognizer::new();
            match scan::allow_hash(&ids, &value) {
                scan::AllowHash::Identifier {
                    kind,
                    label_zh,
                    label_en,
                    sha256,
                } => {
                    eprintln!("识别为{label_zh}（{}; {label_en}）", kind.as_str());
                    println!("{sha256}");
                    ExitCode::SUCCESS
                }
                scan::AllowHash::Unrecognized { sha256 } => {
                    eprintln!(
                        "注意：未能单独识别为标识符，按字母数字规范形式计算；扫描中需有上下文才会识别的号码（如护照号码）可用此值 \
                         (not recognized as an identifier on its own; hashed in plain canonical form)"
                    );
                    println!("{sha256}");
                    ExitCode::SUCCESS
                }
                scan::AllowHash::Several(n) => usage_error(&format!(
                    "输入中有 {n} 个标识符，每条豁免只对应一个标识符 (the input holds {n} identifiers; give one)"
                )),
            }
        }
        Command::Serve(args) => baomi::serve::run_serve(args),
        Command::Users { cmd } => baomi::serve::run_users(cmd),
        Command::Audit { cmd } => baomi::serve::run_audit(cmd),
        Command::Worker => ExitCode::from(scan::run_worker().clamp(0, 255) as u8),
    }
}

fn usage_error(msg: &str) -> ExitCode {
    // (a path or a file's line in the message is shown, never obeyed, by the terminal)
    let msg: Vec<_> = msg.lines().map(report::text::plain).collect();
    eprintln!("baomi: {}", msg.join("\n"));
    ExitCode::from(EXIT_USAGE)
}

fn run_scan(args: ScanArgs) -> ExitCode {
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let t0 = Instant::now();
    let policy = match &args.policy {
        Some(p) => match Policy::load(p) {
            Ok(p) => p,
            Err(e) => {
                return usage_error(&format!(
                    "{}: {e}",
                    lang.pick("策略文件无效", "invalid policy")
                ))
            }
        },
        None => Policy::builtin(),
    };
    let dict = match Dictionary::load(&args.dicts) {
        Ok(d) => d,
        Err(e) => {
            return usage_error(&format!(
                "{}: {e}",
                lang.pick("词典无效", "invalid dictionary")
            ))
        }
    };
    let manifest = match &args.manifest {
        Some(m) => match Manifest::load(m) {
            Ok(m) => Some(m),
            Err(e) => {
                return usage_error(&format!(
                    "{}: {e}",
                    lang.pick("责任清单无效", "invalid manifest")
                ))
            }
        },
        None => None,
    };
    for p in &args.paths {
        if std::fs::symlink_metadata(p).is_err() {
            return usage_error(&format!(
                "{}: {}",
                lang.pick("路径不存在", "no such path"),
                p.display()
            ));
        }
    }
    if let Some(j) = args.jobs {
        if j == 0 {
            return usage_error(lang.pick("--jobs 必须至少为 1", "--jobs must be at least 1"));
        }
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(j)
            .build_global();
    }
    let mut cfg = Config::new(policy, dict);
    // a row naming a file that is not there is most likely a typo: its file would be
    // reported as unassigned (the path is shown with any identifier in it masked)
    if let Some(m) = &manifest {
        let rows = m.missing_rows();
        for (line, p) in rows.iter().take(5) {
            let p = report::text::plain(&scan::mask_ids_in_path(&cfg.ids, p)).into_owned();
            eprintln!(
                "{}",
                match lang {
                    baomi::Lang::Zh => format!("警告：责任清单第 {line} 行的文件不存在：{p}"),
                    baomi::Lang::En => format!(
                        "warning: manifest line {line} names a file that does not exist: {p}"
                    ),
                }
            );
        }
        if rows.len() > 5 {
            eprintln!(
                "{}",
                match lang {
                    baomi::Lang::Zh => format!("警告：另有 {} 行的文件不存在", rows.len() - 5),
                    baomi::Lang::En =>
                        format!("warning: {} more rows name missing files", rows.len() - 5),
                }
            );
        }
    }
    cfg.manifest = manifest;
    cfg.unit = args.unit.clone();
    cfg.drafter = args.drafter.clone();
    cfg.reviewer = args.reviewer.clone();
    cfg.lang = lang;
    if let Some(mb) = args.max_item_mb {
        cfg.limits.max_item_bytes = mb.saturating_mul(1024 * 1024);
    }
    if let Some(s) = args.item_timeout {
        if s == 0 {
            return usage_error(lang.pick(
                "--item-timeout 必须至少为 1 秒",
                "--item-timeout must be at least 1 second",
            ));
        }
        cfg.limits.item_timeout_ms = s.saturating_mul(1000);
    }
    if !args.no_isolation {
        if let Err(e) = cfg.enable_isolation() {
            eprintln!(
                "{}: {e}",
                lang.pick(
                    "警告：无法启用隔离读取进程，改为本进程内读取",
                    "warning: cannot isolate readers, reading in process"
                )
            );
        }
    }
    // an output folder that cannot be made is found before the scan, not after it
    if let Some(dir) = &args.out {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!(
                "baomi: {}: {}: {e}",
                lang.pick("无法创建输出目录", "cannot create output folder"),
                dir.display()
            );
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let items = match scan::walk(&args.paths) {
        Ok(i) => i,
        Err(e) => return usage_error(&e.0),
    };
    let show_progress = !args.no_progress && std::io::stderr().is_terminal() && items.len() > 1;
    let pb = if show_progress {
        let pb = indicatif::ProgressBar::new(items.len() as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template(lang.pick(
                "{spinner} 审查中 [{bar:30}] {pos}/{len} 项  已用 {elapsed}  剩余约 {eta}",
                "{spinner} scanning [{bar:30}] {pos}/{len}  {elapsed} elapsed, ~{eta} left",
            ))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        pb
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tick = || pb.inc(1);
    let timings = std::env::var_os("BAOMI_TIMINGS").is_some();
    if timings {
        eprintln!("timing: setup {} ms", t0.elapsed().as_millis());
    }
    let reports = scan::scan_items(&cfg, &items, &tick);
    if timings {
        eprintln!("timing: scanned {} ms", t0.elapsed().as_millis());
    }
    pb.finish_and_clear();
    let summary = Summary::from_reports(&reports, t0.elapsed().as_millis() as u64);

    if let Some(dir) = &args.out {
        if let Err(e) = write_out(dir, &reports, &summary, lang) {
            eprintln!(
                "baomi: {}: {}: {e}",
                lang.pick("无法写入输出目录", "cannot write output folder"),
                dir.display()
            );
            return ExitCode::from(EXIT_USAGE);
        }
    }
    if let Err(e) = print_stdout(&args, &reports, &summary, lang) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("baomi: {e}");
        }
    }
    if timings {
        eprintln!(
            "timing: written {} ms, memory {}",
            t0.elapsed().as_millis(),
            scan::memory_status()
        );
    }
    let code = match summary.worst() {
        Verdict::Pass => 0,
        Verdict::Review => 1,
        Verdict::Block => 2,
    };
    // the reports are no longer needed: skip freeing them one by one at exit
    std::mem::forget(reports);
    std::mem::forget(cfg);
    ExitCode::from(code)
}

fn print_stdout(
    args: &ScanArgs,
    reports: &[Report],
    summary: &Summary,
    lang: Lang,
) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Jsonl => {
            // serialized on all workers, written in order
            use rayon::prelude::*;
            let lines: Vec<Vec<u8>> = reports
                .par_iter()
                .map(|r| serde_json::to_vec(r).map_err(std::io::Error::other))
                .collect::<std::io::Result<_>>()?;
            for l in &lines {
                out.write_all(l)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Json => {
            let v = serde_json::json!({"summary": summary, "reports": reports});
            serde_json::to_writer_pretty(&mut out, &v)?;
            out.write_all(b"\n")?;
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut out, &report::sarif::render(reports))?;
            out.write_all(b"\n")?;
        }
        Format::Html => {
            if reports.len() == 1 {
                out.write_all(report::html::render_item(&reports[0], lang).as_bytes())?;
            } else {
                let hrefs: Vec<String> = reports
                    .iter()
                    .map(|r| format!("#{}", r.item.sha256))
                    .collect();
                out.write_all(
                    report::html::render_index(reports, &hrefs, summary, lang).as_bytes(),
                )?;
            }
        }
        Format::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            for r in reports {
                if args.quiet && r.verdict == Verdict::Pass {
                    continue;
                }
                out.write_all(report::text::render_item(r, lang, color, args.verbose).as_bytes())?;
            }
            writeln!(
                out,
                "{}",
                report::text::render_summary(summary, lang, color)
            )?;
        }
    }
    out.flush()
}

/// Safe, collision-free file stem for an item path: no `..`, no absolute parts.
pub fn safe_name(path: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let mut s = String::new();
    for comp in Path::new(path).components() {
        use std::path::Component;
        if let Component::Normal(c) = comp {
            if !s.is_empty() {
                s.push_str("__");
            }
            for ch in c.to_string_lossy().chars() {
                if ch.is_alphanumeric() || matches!(ch, '.' | '-' | '_' | '（' | '）' | '(' | ')')
                {
                    s.push(ch);
                } else {
                    s.push('_');
                }
            }
        }
    }
    // a file name may itself hold an identifier: never copy it into an output file name
    let s = baomi::scan::guard_digits(s.trim_start_matches('.'));
    let mut s = if s.is_empty() { "item".to_string() } else { s };
    // file systems limit a name to 255 bytes (a Chinese character is three in UTF-8); the
    // stem leaves room for `-hash` and `.html`
    if s.len() > MAX_STEM_BYTES {
        let h = baomi::sha256_hex(path.as_bytes());
        let mut cut = MAX_STEM_BYTES - 11;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s = format!("{}-{}", &s[..cut], &h[..10]);
    }
    // names that differ only in case are one file on Windows and macOS
    if !taken.insert(s.to_lowercase()) {
        let h = baomi::sha256_hex(path.as_bytes());
        s = format!("{s}-{}", &h[..10]);
        taken.insert(s.to_lowercase());
    }
    s
}

/// Longest report file stem, in bytes.
const MAX_STEM_BYTES: usize = 200;

fn write_out(dir: &Path, reports: &[Report], summary: &Summary, lang: Lang) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut taken = std::collections::HashSet::new();
    taken.insert("summary".to_string());
    taken.insert("index".to_string());
    let mut hrefs = Vec::new();
    for r in reports {
        let name = safe_name(&r.item.path, &mut taken);
        std::fs::write(
            dir.join(format!("{name}.json")),
            serde_json::to_vec_pretty(r)?,
        )?;
        std::fs::write(
            dir.join(format!("{name}.html")),
            report::html::render_item(r, lang),
        )?;
        hrefs.push(format!("{name}.html"));
    }
    let v = serde_json::json!({"summary": summary, "items": reports.iter().zip(&hrefs).map(|(r, h)| serde_json::json!({"path": r.item.path, "verdict": r.verdict, "report": h.replace(".html", ".json")})).collect::<Vec<_>>()});
    std::fs::write(dir.join("summary.json"), serde_json::to_vec_pretty(&v)?)?;
    std::fs::write(
        dir.join("index.html"),
        report::html::render_index(reports, &hrefs, summary, lang),
    )?;
    Ok(())
}
