//! Command-line flags, declared in one place with their help text.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "baomi",
    version,
    about = "保密审查：政务公开前的保密与个人信息检查 (pre-publication confidentiality review)",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 审查文件或文件夹，每个文件生成一份审查报告 (scan files and folders)
    Scan(ScanArgs),
    /// 输出标识符规范值的 sha256，用于策略豁免清单 (hash an identifier for allow.identifiers)
    Hash {
        /// the identifier, e.g. 0571-87654321
        value: String,
    },
    /// 运行审查服务：提交、保密员审核、发布网关放行 (run the review service)
    Serve(baomi::serve::ServeArgs),
    /// 管理服务用户 users.toml (manage the service's users)
    Users {
        #[command(subcommand)]
        cmd: baomi::serve::UsersCmd,
    },
    /// 审计日志 (audit log)
    Audit {
        #[command(subcommand)]
        cmd: baomi::serve::AuditCmd,
    },
    /// internal: an isolated scanning worker (started by scan and serve)
    #[command(name = "__worker", hide = true)]
    Worker,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Sarif,
    Html,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// 文件和/或文件夹；文件夹递归遍历（不跟随符号链接，跳过 .git）
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// 标准输出格式
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// 同时把每项报告（.json 和 .html）及 summary.json 写入该目录
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// 策略文件（TOML），默认使用内置的 portal 策略
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// 追加敏感词词典文件或目录（可重复）
    #[arg(long = "dict", value_name = "PATH")]
    pub dicts: Vec<PathBuf>,
    /// 责任清单 CSV：path,unit,drafter[,reviewer,batch]
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// 清单未列出的文件的责任单位
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    /// 清单未列出的文件的拟稿人
    #[arg(long, value_name = "NAME")]
    pub drafter: Option<String>,
    /// 审核人（保密员）
    #[arg(long, value_name = "NAME")]
    pub reviewer: Option<String>,
    /// 工作线程数（默认：全部核心）
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,
    /// 输出语言
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// 单项文件大小上限（MB），覆盖策略中的设置
    #[arg(long, value_name = "MB")]
    pub max_item_mb: Option<u64>,
    /// 单项读取时限（秒），覆盖策略中的 item_timeout_s
    #[arg(long, value_name = "SECONDS")]
    pub item_timeout: Option<u64>,
    /// 在本进程内读取所有格式（不使用隔离的读取进程）：稍快，但损坏的文件可能中止整个运行
    #[arg(long)]
    pub no_isolation: bool,
    /// 文本输出中也列出提示级（info）发现
    #[arg(short, long)]
    pub verbose: bool,
    /// 不显示进度条
    #[arg(long)]
    pub no_progress: bool,
    /// 文本输出只打印非通过项和汇总
    #[arg(short, long)]
    pub quiet: bool,
}
