//! Server-rendered pages in Chinese for officers (保密员) and drafters (拟稿人): sign in with a
//! token (then an HttpOnly, SameSite=Strict session cookie), the unit's review queue, an item
//! page with the findings (masked excerpts only) and the approve / reject form. Every POST
//! carries the session's CSRF token in a hidden field.

use super::api::{self, ApiError};
use super::db::{self, AuditRow, DecisionRow, ItemRow};
use super::users::{self, Role, User};
use super::{Session, Shared, SESSION_TTL};
use crate::extract::Location;
use crate::report::html::{category_label, escape, human_location, kind_label};
use crate::Lang;
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Instant;

pub const COOKIE: &str = "baomi_session";

const CSS: &str = "
body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;background:#f5f6f8;color:#222}
header.top{background:#8b1a1a;color:#fff;padding:.6em 1.2em;display:flex;gap:1em;align-items:center}
header.top a{color:#fff} header.top .who{margin-left:auto}
main{max-width:1100px;margin:1em auto;padding:0 1em}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top;font-size:14px}
th{background:#eee}
.badge{display:inline-block;padding:.1em .5em;border-radius:3px;color:#fff;font-size:13px}
.pass,.approved{background:#2e7d32}.review,.awaiting_review{background:#e08a00}
.block,.blocked,.rejected{background:#b71c1c}
.box{background:#fff;border:1px solid #ddd;padding:.8em 1em;margin:1em 0}
.err{background:#fdecea;border:1px solid #b71c1c;padding:.6em 1em;margin:1em 0}
.ok{background:#e8f5e9;border:1px solid #2e7d32;padding:.6em 1em;margin:1em 0}
code{font-size:12px;word-break:break-all} .muted{color:#777}
textarea{width:100%;min-height:5em} button{padding:.3em 1em}
form.inline{display:inline}
";

fn page(title: &str, user: Option<(&User, &str)>, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 2048);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{} — 保密审查</title><style>{CSS}</style></head><body>\n<header class=\"top\"><b>保密审查服务</b>",
        escape(title)
    );
    if let Some((u, csrf)) = user {
        let _ = write!(
            out,
            "<a href=\"/queue\">审核队列</a><span class=\"who\" id=\"who\">{}（{}{}）</span>\
             <form class=\"inline\" method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <button type=\"submit\">退出</button></form>",
            escape(&u.name),
            u.role.label(),
            u.unit.as_deref().map(|s| format!("，{}", escape(s))).unwrap_or_default(),
            escape(csrf)
        );
    }
    out.push_str("</header>\n<main>\n");
    out.push_str(body);
    out.push_str("\n</main></body></html>\n");
    out
}

fn html(status: StatusCode, body: String) -> Response {
    let mut r = (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn error_page(status: StatusCode, user: Option<(&User, &str)>, msg: &str) -> Response {
    let body = format!(
        "<div class=\"err\" id=\"error\">{}</div><p><a href=\"/queue\">返回审核队列</a></p>",
        escape(msg)
    );
    html(status, page("出错了", user, &body))
}

pub fn not_found_page() -> Response {
    error_page(StatusCode::NOT_FOUND, None, "页面不存在。")
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The signed-in user and the session's CSRF token.
fn session_user(st: &Shared, headers: &HeaderMap) -> Option<(User, String)> {
    let sid = cookie_value(headers, COOKIE)?;
    let sess = {
        let mut g = st.sessions.lock().unwrap_or_else(|e| e.into_inner());
        match g.get(sid) {
            Some(s) if s.expires > Instant::now() => s.clone(),
            Some(_) => {
                g.remove(sid);
                return None;
            }
            None => return None,
        }
    };
    let user = st.users().by_token_sha256(&sess.token_sha256).cloned()?;
    Some((user, sess.csrf))
}

fn status_label(s: &str) -> &str {
    match s {
        db::STATUS_PASS => "审查通过",
        db::STATUS_AWAITING => "待保密员审核",
        db::STATUS_APPROVED => "已批准公开",
        db::STATUS_REJECTED => "已驳回",
        db::STATUS_BLOCKED => "禁止公开",
        other => other,
    }
}

fn verdict_label(v: &str) -> &str {
    match v {
        "pass" => "通过",
        "review" => "需人工审查",
        "block" => "禁止公开",
        other => other,
    }
}

fn action_label(a: &str) -> &str {
    match a {
        "block" => "禁止",
        "review" => "审查",
        "info" => "提示",
        other => other,
    }
}

fn badge(class: &str, text: &str) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        escape(class),
        escape(text)
    )
}

/// `GET /`
pub async fn root(State(st): State<Shared>, headers: HeaderMap) -> Response {
    if session_user(&st, &headers).is_some() {
        redirect("/queue")
    } else {
        redirect("/login")
    }
}

fn login_html(error: Option<&str>) -> String {
    let mut body = String::from("<h1>登录</h1>");
    if let Some(e) = error {
        let _ = write!(body, "<div class=\"err\" id=\"error\">{}</div>", escape(e));
    }
    body.push_str(
        "<form class=\"box\" method=\"post\" action=\"/login\">\
         <p><label>访问令牌：<input type=\"password\" name=\"token\" id=\"token\" size=\"70\" autocomplete=\"off\" required></label></p>\
         <p class=\"muted\">令牌由管理员用 <code>baomi users add</code> 生成。登录后会话有效 8 小时。</p>\
         <p><button type=\"submit\" id=\"login\">登录</button></p></form>",
    );
    page("登录", None, &body)
}

/// `GET /login`
pub async fn login_form() -> Response {
    html(StatusCode::OK, login_html(None))
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    token: String,
}

/// `POST /login`: token → session cookie.
pub async fn login(State(st): State<Shared>, Form(f): Form<LoginForm>) -> Response {
    let token = f.token.trim();
    if token.is_empty() || st.users().by_token(token).is_none() {
        return html(
            StatusCode::UNAUTHORIZED,
            login_html(Some("令牌无效，请重新输入。")),
        );
    }
    let (sid, csrf) = match (users::new_token(), users::new_token()) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return error_page(StatusCode::INTERNAL_SERVER_ERROR, None, "无法生成会话。"),
    };
    {
        let mut g = st.sessions.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        g.retain(|_, s| s.expires > now);
        g.insert(
            sid.clone(),
            Session {
                token_sha256: crate::sha256_hex(token.as_bytes()),
                csrf,
                expires: now + SESSION_TTL,
            },
        );
    }
    let mut r = redirect("/queue");
    let cookie = format!(
        "{COOKIE}={sid}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
        SESSION_TTL.as_secs()
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /logout`
pub async fn logout(
    State(st): State<Shared>,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Some((_, csrf)) = session_user(&st, &headers) {
        if csrf != f.csrf {
            return error_page(
                StatusCode::FORBIDDEN,
                None,
                "表单已失效（CSRF 校验失败），请刷新页面后重试。",
            );
        }
        if let Some(sid) = cookie_value(&headers, COOKIE) {
            st.sessions
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(sid);
        }
    }
    let mut r = redirect("/login");
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("baomi_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    r
}

/// `GET /queue?status=&verdict=`
pub async fn queue(
    State(st): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some((user, csrf)) = session_user(&st, &headers) else {
        return redirect("/login");
    };
    let unit = match super::visible_unit(&user) {
        Some(u) => u.map(str::to_string),
        None => {
            return error_page(
                StatusCode::FORBIDDEN,
                Some((&user, &csrf)),
                "没有所属单位。",
            )
        }
    };
    let status = q
        .get("status")
        .filter(|s| db::ALL_STATUSES.contains(&s.as_str()))
        .cloned();
    let verdict = q
        .get("verdict")
        .filter(|s| ["pass", "review", "block"].contains(&s.as_str()))
        .cloned();
    let (s2, v2, u2) = (status.clone(), verdict.clone(), unit.clone());
    let rows = match st
        .read(move |c| db::list_items(c, u2.as_deref(), s2.as_deref(), v2.as_deref(), 500))
        .await
    {
        Ok(Ok(r)) => r,
        _ => {
            return error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                Some((&user, &csrf)),
                "数据库错误。",
            )
        }
    };
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>审核队列{}</h1>",
        unit.as_deref()
            .map(|u| format!("：{}", escape(u)))
            .unwrap_or_else(|| "（全部单位）".into())
    );
    b.push_str("<form class=\"box\" method=\"get\" action=\"/queue\" id=\"filter\">状态 <select name=\"status\"><option value=\"\">全部</option>");
    for s in db::ALL_STATUSES {
        let sel = if status.as_deref() == Some(s) {
            " selected"
        } else {
            ""
        };
        let _ = write!(b, "<option value=\"{s}\"{sel}>{}</option>", status_label(s));
    }
    b.push_str("</select> 结论 <select name=\"verdict\"><option value=\"\">全部</option>");
    for v in ["pass", "review", "block"] {
        let sel = if verdict.as_deref() == Some(v) {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            b,
            "<option value=\"{v}\"{sel}>{}</option>",
            verdict_label(v)
        );
    }
    b.push_str("</select> <button type=\"submit\">筛选</button></form>");
    if rows.is_empty() {
        b.push_str("<p class=\"muted\" id=\"empty\">没有符合条件的事项。</p>");
    } else {
        b.push_str(
            "<table id=\"queue\"><tr><th>编号</th><th>文件名</th><th>审查结论</th><th>状态</th><th>单位</th><th>拟稿人</th><th>提交时间</th></tr>",
        );
        for r in &rows {
            let _ = write!(
                b,
                "<tr data-id=\"{id}\"><td>{id}</td><td><a href=\"/items/{id}\">{name}</a></td><td>{v}</td><td>{s}</td><td>{unit}</td><td>{d}</td><td>{t}</td></tr>",
                id = r.id,
                name = escape(&r.name),
                v = badge(&r.verdict, verdict_label(&r.verdict)),
                s = badge(&r.status, status_label(&r.status)),
                unit = escape(&r.unit),
                d = escape(&r.drafter),
                t = escape(&r.created_at),
            );
        }
        b.push_str("</table>");
    }
    html(StatusCode::OK, page("审核队列", Some((&user, &csrf)), &b))
}

// `..Default::default()` keeps this compiling when the contract gains location fields.
#[allow(clippy::needless_update)]
fn location_of(v: &Value) -> Location {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let n = |k: &str| v.get(k).and_then(Value::as_u64).map(|x| x as u32);
    Location {
        entry: s("entry"),
        line: n("line"),
        column: n("column"),
        row: n("row"),
        col: n("col"),
        sheet: s("sheet"),
        cell: s("cell"),
        part: s("part"),
        paragraph: n("paragraph"),
        page: n("page"),
        field: s("field"),
        item: v.get("item").and_then(Value::as_bool),
        ..Default::default()
    }
}

/// May this user decide on this item (role, unit, not the drafter, still pending)?
fn may_decide(u: &User, item: &ItemRow) -> bool {
    u.role == Role::Officer
        && u.unit.as_deref() == Some(item.unit.as_str())
        && u.name != item.drafter
        && u.name != item.submitted_by
        && (item.status == db::STATUS_AWAITING || item.status == db::STATUS_BLOCKED)
}

struct ItemView<'a> {
    user: &'a User,
    csrf: &'a str,
    item: &'a ItemRow,
    decisions: &'a [DecisionRow],
    audit: &'a [AuditRow],
    error: Option<&'a str>,
    notice: Option<&'a str>,
    note: &'a str,
}

fn render_item(v: &ItemView<'_>) -> String {
    let item = v.item;
    let report: Value = serde_json::from_str(&item.report).unwrap_or(Value::Null);
    let mut b = String::with_capacity(16 * 1024);
    let _ = write!(b, "<h1 id=\"name\">{}</h1>", escape(&item.name));
    if let Some(e) = v.error {
        let _ = write!(b, "<div class=\"err\" id=\"error\">{}</div>", escape(e));
    }
    if let Some(n) = v.notice {
        let _ = write!(b, "<div class=\"ok\" id=\"notice\">{}</div>", escape(n));
    }
    let _ = write!(
        b,
        "<div class=\"box\"><p>审查结论：<span id=\"verdict\">{}</span>　当前状态：<span id=\"status\" data-status=\"{}\">{}</span></p>",
        badge(&item.verdict, verdict_label(&item.verdict)),
        escape(&item.status),
        badge(&item.status, status_label(&item.status)),
    );
    let resp = &report["responsibility"];
    let get = |k: &str| resp.get(k).and_then(Value::as_str).unwrap_or("—");
    let _ = write!(
        b,
        "<table><tr><th>责任单位</th><td>{}</td><th>拟稿人</th><td>{}</td></tr>\
         <tr><th>提交人</th><td>{}</td><th>提交时间</th><td>{}</td></tr>\
         <tr><th>格式</th><td>{}</td><th>大小</th><td>{} 字节</td></tr>\
         <tr><th>SHA-256</th><td colspan=\"3\"><code id=\"sha256\">{}</code></td></tr></table></div>",
        escape(&item.unit),
        escape(get("drafter")),
        escape(&item.submitted_by),
        escape(&item.created_at),
        escape(report["item"]["format"].as_str().unwrap_or("—")),
        item.size,
        escape(&item.sha256),
    );
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let secret = findings
        .iter()
        .any(|f| f["category"] == "classification_marking" && f["kind"] == "state_secret");
    b.push_str("<h2>发现的问题</h2>");
    if secret {
        b.push_str(
            "<div class=\"err\">该文件带有国家秘密标志：不显示任何摘录，只列出位置和规则。</div>",
        );
    }
    if findings.is_empty() {
        b.push_str("<p class=\"muted\">未发现问题。</p>");
    } else {
        b.push_str(
            "<table id=\"findings\"><tr><th>处理</th><th>类别</th><th>类型</th><th>位置</th><th>摘录（已脱敏）</th><th>说明</th></tr>",
        );
        // block first, then review, then info
        let mut sorted: Vec<&Value> = findings.iter().collect();
        let rank = |f: &Value| match f["action"].as_str() {
            Some("block") => 0,
            Some("review") => 1,
            _ => 2,
        };
        sorted.sort_by_key(|f| rank(f));
        for f in sorted.iter().take(2000) {
            let action = f["action"].as_str().unwrap_or("");
            let excerpt = match f["excerpt"].as_str() {
                Some(e) => format!("<code>{}</code>", escape(e)),
                None => "<span class=\"muted\">（不显示）</span>".into(),
            };
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                badge(action, action_label(action)),
                escape(&category_label(
                    f["category"].as_str().unwrap_or(""),
                    Lang::Zh
                )),
                escape(&kind_label(f["kind"].as_str().unwrap_or(""), Lang::Zh)),
                escape(&human_location(&location_of(&f["location"]), Lang::Zh)),
                excerpt,
                escape(f["message"].as_str().unwrap_or("")),
            );
        }
        if findings.len() > 2000 {
            let _ = write!(
                b,
                "<tr><td colspan=\"6\">另有 {} 条发现未显示。</td></tr>",
                findings.len() - 2000
            );
        }
        b.push_str("</table>");
    }
    let ne = report["not_examined"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    b.push_str("<h2>未检查的部分</h2>");
    if ne.is_empty() {
        b.push_str("<p class=\"muted\">无。</p>");
    } else {
        b.push_str("<table id=\"not-examined\"><tr><th>内容</th><th>位置</th><th>原因</th></tr>");
        for n in &ne {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(n["what"].as_str().unwrap_or("")),
                escape(&human_location(&location_of(&n["location"]), Lang::Zh)),
                escape(n["reason"].as_str().unwrap_or("")),
            );
        }
        b.push_str("</table>");
    }
    b.push_str("<h2>处理记录</h2><table id=\"history\"><tr><th>时间</th><th>操作人</th><th>操作</th><th>意见</th></tr>");
    for a in v.audit {
        let d: Value = serde_json::from_str(&a.detail).unwrap_or(Value::Null);
        let (what, note) = match a.action.as_str() {
            "item.submitted" => (
                format!(
                    "提交审查，结论：{}",
                    verdict_label(d["verdict"].as_str().unwrap_or(""))
                ),
                String::new(),
            ),
            "item.decided" => (
                match d["decision"].as_str() {
                    Some("approve") => "批准公开".to_string(),
                    Some("reject") => "驳回".to_string(),
                    _ => a.action.clone(),
                },
                d["note"].as_str().unwrap_or("").to_string(),
            ),
            other => (other.to_string(), String::new()),
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&a.ts),
            escape(&a.actor),
            escape(&what),
            escape(&note)
        );
    }
    b.push_str("</table>");
    let _ = v.decisions;
    if may_decide(v.user, item) {
        let block = item.verdict == "block";
        let _ = write!(
            b,
            "<h2>审核决定</h2><form class=\"box\" method=\"post\" action=\"/items/{id}/decide\" id=\"decide\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">",
            id = item.id,
            csrf = escape(v.csrf)
        );
        if block {
            b.push_str(
                "<p class=\"muted\">结论为「禁止公开」的事项不能批准，只能驳回；拟稿人须修改后重新提交。</p>\
                 <input type=\"hidden\" name=\"decision\" value=\"reject\">",
            );
        } else {
            b.push_str(
                "<p><label><input type=\"radio\" name=\"decision\" value=\"approve\" id=\"approve\" required> 批准公开</label>　\
                 <label><input type=\"radio\" name=\"decision\" value=\"reject\" id=\"reject\"> 驳回</label></p>",
            );
        }
        let _ = write!(
            b,
            "<p><label>审核意见（必填）：<textarea name=\"note\" id=\"note\" required maxlength=\"4000\">{}</textarea></label></p>\
             <p><button type=\"submit\" id=\"submit\">{}</button></p></form>",
            escape(v.note),
            if block { "驳回" } else { "提交决定" }
        );
    } else if v.user.role == Role::Officer
        && (item.status == db::STATUS_AWAITING || item.status == db::STATUS_BLOCKED)
    {
        b.push_str("<p class=\"muted\">您不能审核此事项（不是本单位事项，或您是其拟稿人）。</p>");
    }
    b
}

async fn load_view_data(
    st: &Shared,
    user: &User,
    id: i64,
) -> Result<(ItemRow, Vec<DecisionRow>, Vec<AuditRow>), ApiError> {
    let (item, decisions) = api::load_item(st, user, id).await?;
    let audit = st
        .read(move |c| db::audit_for(c, id))
        .await?
        .unwrap_or_default();
    Ok((item, decisions, audit))
}

fn api_error_page(e: ApiError, user: &User, csrf: &str) -> Response {
    let msg = match e.status {
        StatusCode::NOT_FOUND => "事项不存在。".to_string(),
        StatusCode::FORBIDDEN => "您无权查看此事项（属于其他单位）。".to_string(),
        _ => e.message,
    };
    error_page(e.status, Some((user, csrf)), &msg)
}

/// `GET /items/{id}`
pub async fn item_page(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some((user, csrf)) = session_user(&st, &headers) else {
        return redirect("/login");
    };
    let Some(id) = id.parse::<i64>().ok().filter(|n| *n > 0) else {
        return error_page(StatusCode::NOT_FOUND, Some((&user, &csrf)), "事项不存在。");
    };
    let (item, decisions, audit) = match load_view_data(&st, &user, id).await {
        Ok(x) => x,
        Err(e) => return api_error_page(e, &user, &csrf),
    };
    let notice = match q.get("done").map(String::as_str) {
        Some("approved") => Some("已批准公开。"),
        Some("rejected") => Some("已驳回。"),
        _ => None,
    };
    let view = ItemView {
        user: &user,
        csrf: &csrf,
        item: &item,
        decisions: &decisions,
        audit: &audit,
        error: None,
        notice,
        note: "",
    };
    html(
        StatusCode::OK,
        page(&item.name, Some((&user, &csrf)), &render_item(&view)),
    )
}

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

/// `POST /items/{id}/decide` (form: csrf, decision, note)
pub async fn decide(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(f): Form<DecideForm>,
) -> Response {
    let Some((user, csrf)) = session_user(&st, &headers) else {
        return redirect("/login");
    };
    if f.csrf.is_empty() || f.csrf != csrf {
        return error_page(
            StatusCode::FORBIDDEN,
            Some((&user, &csrf)),
            "表单已失效（CSRF 校验失败），请刷新页面后重试。",
        );
    }
    let Some(id) = id.parse::<i64>().ok().filter(|n| *n > 0) else {
        return error_page(StatusCode::NOT_FOUND, Some((&user, &csrf)), "事项不存在。");
    };
    match api::decide(&st, &user, id, &f.decision, &f.note).await {
        Ok(d) => redirect(&format!(
            "/items/{id}?done={}",
            if d.status == db::STATUS_APPROVED {
                "approved"
            } else {
                "rejected"
            }
        )),
        Err(e) => {
            let status = e.status;
            let (item, decisions, audit) = match load_view_data(&st, &user, id).await {
                Ok(x) => x,
                Err(e2) => return api_error_page(e2, &user, &csrf),
            };
            let msg = if e.code == "bad_request" {
                "请选择批准或驳回。".to_string()
            } else {
                e.message
            };
            let view = ItemView {
                user: &user,
                csrf: &csrf,
                item: &item,
                decisions: &decisions,
                audit: &audit,
                error: Some(&msg),
                notice: None,
                note: &f.note,
            };
            html(
                status,
                page(&item.name, Some((&user, &csrf)), &render_item(&view)),
            )
        }
    }
}
