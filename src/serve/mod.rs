//! `baomi serve`: the review service. The producing unit submits, its confidentiality officer
//! decides on what was flagged, and the publishing gateway releases only content that passed or
//! that an accountable officer approved — exactly that content, byte for byte.
//!
//! - [`api`]: the JSON API (`/api/v1/…`), bearer tokens from `users.toml`.
//! - [`pages`]: server-rendered pages in Chinese for officers and drafters (session cookie, CSRF).
//! - [`db`]: SQLite (WAL, `synchronous=FULL`) with a hash-chained audit log.
//! - [`metrics`]: Prometheus text at `/metrics`.

pub mod api;
pub mod db;
pub mod metrics;
pub mod pages;
pub mod users;

use crate::detect::dictionary::Dictionary;
use crate::policy::Policy;
use crate::scan::Config;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use rusqlite::Connection;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};
use users::{Role, User, Users};

const EXIT_USAGE: u8 = 3;

/// `baomi serve`
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// 监听地址（端口 0 表示任选空闲端口，实际地址打印在标准输出第一行）
    #[arg(long, default_value = "127.0.0.1:8640", value_name = "ADDR")]
    pub listen: String,
    /// SQLite 数据库文件（不存在则创建）
    #[arg(long, default_value = "baomi.db", value_name = "FILE")]
    pub db: PathBuf,
    /// 用户文件 users.toml（修改后自动重新加载）
    #[arg(long, default_value = "users.toml", value_name = "FILE")]
    pub users: PathBuf,
    /// 策略文件（TOML），默认使用内置的 portal 策略
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// 追加敏感词词典文件或目录（可重复）
    #[arg(long = "dict", value_name = "PATH")]
    pub dicts: Vec<PathBuf>,
    /// 提交文件的大小上限（MB），超过返回 413
    #[arg(long, default_value_t = 64, value_name = "MB")]
    pub max_body_mb: u64,
    /// 单个请求的处理时限（秒），超时返回 503
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    pub request_timeout_s: u64,
    /// 同时进行的审查数（默认：CPU 核数）
    #[arg(long, value_name = "N")]
    pub scan_workers: Option<usize>,
}

/// `baomi users …`
#[derive(clap::Subcommand, Debug, Clone)]
pub enum UsersCmd {
    /// 新增用户并打印其令牌（只显示一次）(append a user, print its new token once)
    Add(UsersAddArgs),
    /// 列出用户（不含令牌）(list users)
    List {
        /// 用户文件
        #[arg(long, default_value = "users.toml", value_name = "FILE")]
        users: PathBuf,
    },
}

#[derive(clap::Args, Debug, Clone)]
pub struct UsersAddArgs {
    /// 用户名
    #[arg(long)]
    pub name: String,
    /// 角色：drafter（拟稿人）、officer（保密员）、gateway（发布网关）、admin（管理员）
    #[arg(long)]
    pub role: String,
    /// 所在单位（拟稿人和保密员必填）
    #[arg(long)]
    pub unit: Option<String>,
    /// 用户文件（不存在则创建）
    #[arg(long, default_value = "users.toml", value_name = "FILE")]
    pub users: PathBuf,
}

/// Kept for symmetry with the other argument structs (`baomi users add`).
pub type UsersArgs = UsersAddArgs;

/// `baomi audit …`
#[derive(clap::Subcommand, Debug, Clone)]
pub enum AuditCmd {
    /// 校验审计日志的哈希链（完整时退出码 0，否则非 0 并指出第一条有问题的记录）
    Verify(AuditArgs),
}

#[derive(clap::Args, Debug, Clone)]
pub struct AuditArgs {
    /// SQLite 数据库文件
    #[arg(long, default_value = "baomi.db", value_name = "FILE")]
    pub db: PathBuf,
}

/// A signed-in page session.
#[derive(Debug, Clone)]
pub struct Session {
    pub token_sha256: String,
    pub csrf: String,
    pub expires: Instant,
}

pub const SESSION_TTL: Duration = Duration::from_secs(8 * 3600);

struct UsersCache {
    mtime: Option<SystemTime>,
    users: Arc<Users>,
}

/// Everything the handlers share.
pub struct AppState {
    pub cfg: Arc<Config>,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    users_path: PathBuf,
    users: RwLock<UsersCache>,
    pub scan_slots: Arc<tokio::sync::Semaphore>,
    pub metrics: metrics::Metrics,
    pub sessions: Mutex<HashMap<String, Session>>,
    pub max_body: usize,
    pub request_timeout: Duration,
}

pub type Shared = Arc<AppState>;

impl AppState {
    /// Open the database and the users file.
    pub fn new(
        cfg: Config,
        db_path: &Path,
        users_path: &Path,
        scan_workers: usize,
    ) -> Result<AppState, String> {
        let writer = db::open(db_path).map_err(|e| format!("{}: {e}", db_path.display()))?;
        let reader = db::open(db_path).map_err(|e| format!("{}: {e}", db_path.display()))?;
        let users = Users::load(users_path)?;
        let mtime = std::fs::metadata(users_path)
            .and_then(|m| m.modified())
            .ok();
        Ok(AppState {
            cfg: Arc::new(cfg),
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            users_path: users_path.to_path_buf(),
            users: RwLock::new(UsersCache {
                mtime,
                users: Arc::new(users),
            }),
            scan_slots: Arc::new(tokio::sync::Semaphore::new(scan_workers.max(1))),
            metrics: metrics::Metrics::default(),
            sessions: Mutex::new(HashMap::new()),
            max_body: 64 << 20,
            request_timeout: Duration::from_secs(120),
        })
    }

    /// The current users; the file is reloaded when its modification time changed.
    pub fn users(&self) -> Arc<Users> {
        let mtime = std::fs::metadata(&self.users_path)
            .and_then(|m| m.modified())
            .ok();
        {
            let g = self.users.read().unwrap_or_else(|e| e.into_inner());
            if g.mtime == mtime {
                return g.users.clone();
            }
        }
        let mut g = self.users.write().unwrap_or_else(|e| e.into_inner());
        if g.mtime != mtime {
            match Users::load(&self.users_path) {
                Ok(u) => {
                    g.users = Arc::new(u);
                    g.mtime = mtime;
                }
                Err(e) => {
                    // keep the users we had; a half-written file must not lock everyone out
                    eprintln!("baomi serve: users file not reloaded: {e}");
                    g.mtime = mtime;
                }
            }
        }
        g.users.clone()
    }

    /// Run `f` with the write connection on the blocking pool.
    pub async fn write<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Connection) -> T + Send + 'static,
    ) -> Result<T, api::ApiError> {
        let st = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut c = st.writer.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut c)
        })
        .await
        .map_err(|_| api::ApiError::internal("database task failed"))
    }

    /// Run `f` with the read connection on the blocking pool.
    pub async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Connection) -> T + Send + 'static,
    ) -> Result<T, api::ApiError> {
        let st = self.clone();
        tokio::task::spawn_blocking(move || {
            let c = st.reader.lock().unwrap_or_else(|e| e.into_inner());
            f(&c)
        })
        .await
        .map_err(|_| api::ApiError::internal("database task failed"))
    }
}

/// Which items a user may see: `None` = all units, `Some(unit)` = that unit only.
pub fn visible_unit(u: &User) -> Option<Option<&str>> {
    match u.role {
        Role::Gateway | Role::Admin => Some(None),
        Role::Drafter | Role::Officer => u.unit.as_deref().map(Some),
    }
}

/// The router with every route and middleware.
pub fn router(state: Shared) -> Router {
    let timeout = state.request_timeout;
    Router::new()
        .route("/api/v1/items", post(api::submit).get(api::list))
        .route("/api/v1/items/{id}", get(api::get_item))
        .route("/api/v1/items/{id}/decisions", post(api::post_decision))
        .route("/api/v1/release/{sha256}", get(api::release))
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(metrics::handler))
        .route("/", get(pages::root))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/queue", get(pages::queue))
        .route("/items/{id}", get(pages::item_page))
        .route("/items/{id}/decide", post(pages::decide))
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(timeout, timeout_mw))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state)
}

async fn timeout_mw(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => api::ApiError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "请求处理超时 (request timed out)",
        )
        .into_response(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("baomi serve: shutting down (finishing requests in flight)");
}

fn usage(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("baomi: {msg}");
    ExitCode::from(EXIT_USAGE)
}

/// Build the state from the command line (policy, dictionaries, database, users).
pub fn build_state(args: &ServeArgs) -> Result<Shared, String> {
    let policy = match &args.policy {
        Some(p) => Policy::load(p).map_err(|e| format!("策略文件无效 (invalid policy): {e}"))?,
        None => Policy::builtin(),
    };
    let dict =
        Dictionary::load(&args.dicts).map_err(|e| format!("词典无效 (invalid dictionary): {e}"))?;
    let mut cfg = Config::new(policy, dict);
    // one malformed submission must not take the service down: parsed formats are read in
    // worker processes with a memory limit and a deadline
    cfg.enable_isolation()
        .map_err(|e| format!("无法启动隔离读取进程 (cannot start isolated readers): {e}"))?;
    let workers = args.scan_workers.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    });
    if !args.users.is_file() {
        return Err(format!(
            "{}: 用户文件不存在，请先运行 baomi users add (no users file)",
            args.users.display()
        ));
    }
    let mut st = AppState::new(cfg, &args.db, &args.users, workers)?;
    st.max_body = usize::try_from(args.max_body_mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX);
    st.request_timeout = Duration::from_secs(args.request_timeout_s.max(1));
    Ok(Arc::new(st))
}

/// `baomi serve`: run until SIGTERM or ctrl-c.
pub fn run_serve(args: ServeArgs) -> ExitCode {
    let addr: SocketAddr = match args.listen.parse() {
        Ok(a) => a,
        Err(e) => return usage(format!("--listen {}: {e}", args.listen)),
    };
    let state = match build_state(&args) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(64)
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return usage(format!("cannot start the runtime: {e}")),
    };
    rt.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => return usage(format!("--listen {addr}: {e}")),
        };
        let local = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        // first line of stdout: the address (tests and scripts read it when the port was 0)
        println!("listening on http://{local}");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        eprintln!(
            "baomi serve: {} users, database {}, scans at most {} at a time",
            state.users().len(),
            args.db.display(),
            state.scan_slots.available_permits()
        );
        let app = router(state);
        match axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("baomi serve: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

/// `baomi users …`
pub fn run_users(cmd: UsersCmd) -> ExitCode {
    match cmd {
        UsersCmd::Add(a) => {
            let Some(role) = Role::parse(&a.role) else {
                return usage(format!(
                    "--role {}: drafter | officer | gateway | admin",
                    a.role
                ));
            };
            match users::add_user(&a.users, &a.name, role, a.unit.as_deref()) {
                Ok(token) => {
                    println!("{token}");
                    eprintln!(
                        "已将用户 {} （{}）写入 {}。以上令牌只显示这一次，请妥善保存 (token shown once).",
                        a.name,
                        role.label(),
                        a.users.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => usage(e),
            }
        }
        UsersCmd::List { users } => match users::list_users(&users) {
            Ok(list) => {
                for u in list {
                    println!(
                        "{}\t{}\t{}",
                        u.name,
                        u.role.as_str(),
                        u.unit.unwrap_or_default()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => usage(e),
        },
    }
}

/// `baomi audit …`
pub fn run_audit(cmd: AuditCmd) -> ExitCode {
    match cmd {
        AuditCmd::Verify(a) => {
            let conn = match db::open_existing(&a.db) {
                Ok(c) => c,
                Err(e) => return usage(e),
            };
            match db::verify(&conn) {
                Ok(n) => {
                    println!("审计日志完整：{n} 条记录，哈希链无断裂 (audit log intact: {n} rows)");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    match e.seq {
                        Some(s) => println!(
                            "审计日志在第 {s} 条记录处被破坏：{} (audit row {s} is bad)",
                            e.message
                        ),
                        None => println!(
                            "审计日志与数据不一致：{} (tables disagree with the audit log)",
                            e.message
                        ),
                    }
                    ExitCode::from(1)
                }
            }
        }
    }
}
