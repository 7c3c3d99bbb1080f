//! The JSON API (`/api/v1/…`). Every call carries `Authorization: Bearer TOKEN`; a missing or
//! unknown token is 401, a known user without the right is 403. Errors are
//! `{"error": code, "message": text}`.

use super::db::{self, DecideError, DecisionRow, ItemRow};
use super::users::{Role, User};
use super::Shared;
use crate::report::Responsibility;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Instant;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "缺少或无效的令牌 (missing or invalid bearer token)",
        )
    }
    pub fn forbidden(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", msg)
    }
    pub fn bad_request(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", msg)
    }
    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "不存在 (not found)")
    }
    pub fn internal(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", msg)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.code, "message": self.message}).to_string();
        let mut r = (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn db_err(e: rusqlite::Error) -> ApiError {
    eprintln!("baomi serve: database error: {e}");
    ApiError::internal("数据库错误 (database error)")
}

/// The user of a request's bearer token.
pub fn bearer_user(st: &Shared, headers: &HeaderMap) -> Result<User, ApiError> {
    let v = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(ApiError::unauthorized)?;
    let (scheme, token) = v
        .trim()
        .split_once(' ')
        .ok_or_else(ApiError::unauthorized)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::unauthorized());
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(ApiError::unauthorized());
    }
    st.users()
        .by_token(token)
        .cloned()
        .ok_or_else(ApiError::unauthorized)
}

/// May this user see this item?
pub fn can_see(u: &User, item: &ItemRow) -> bool {
    match super::visible_unit(u) {
        Some(None) => true,
        Some(Some(unit)) => unit == item.unit,
        None => false,
    }
}

/// Load an item the user may see, with its decisions.
pub async fn load_item(
    st: &Shared,
    u: &User,
    id: i64,
) -> Result<(ItemRow, Vec<DecisionRow>), ApiError> {
    let found = st
        .read(
            move |c| -> rusqlite::Result<Option<(ItemRow, Vec<DecisionRow>)>> {
                match db::get_item(c, id)? {
                    Some(it) => {
                        let d = db::decisions_for(c, id)?;
                        Ok(Some((it, d)))
                    }
                    None => Ok(None),
                }
            },
        )
        .await?
        .map_err(db_err)?;
    let (item, decisions) = found.ok_or_else(ApiError::not_found)?;
    if !can_see(u, &item) {
        return Err(ApiError::forbidden(
            "该事项属于其他单位 (the item belongs to another unit)",
        ));
    }
    Ok((item, decisions))
}

/// Record a decision by `u` (rules: officer of the item's unit, not its drafter, note
/// required, a block item cannot be approved, only pending items).
pub async fn decide(
    st: &Shared,
    u: &User,
    id: i64,
    decision: &str,
    note: &str,
) -> Result<db::Decided, ApiError> {
    if u.role != Role::Officer {
        return Err(ApiError::forbidden(
            "只有保密员可以作出审核决定 (only an officer may decide)",
        ));
    }
    let approve = match decision {
        "approve" => true,
        "reject" => false,
        _ => return Err(ApiError::bad_request("decision 必须是 approve 或 reject")),
    };
    let note = note.trim().to_string();
    if note.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "note_required",
            "必须填写审核意见 (a note is required)",
        ));
    }
    if note.chars().count() > 4000 {
        return Err(ApiError::bad_request(
            "审核意见过长（最多 4000 字）(note too long)",
        ));
    }
    let name = u.name.clone();
    let unit = u.unit.clone().unwrap_or_default();
    let r = st
        .write(move |c| db::decide(c, id, &name, &unit, approve, &note))
        .await?;
    r.map_err(|e| match e {
        DecideError::NotFound => ApiError::not_found(),
        DecideError::OtherUnit => ApiError::forbidden("只能审核本单位的事项 (the item belongs to another unit)"),
        DecideError::OwnItem => ApiError::forbidden("不能审核自己拟稿的事项 (an officer cannot decide on their own item)"),
        DecideError::BlockNotApprovable => ApiError::new(
            StatusCode::CONFLICT,
            "block_not_approvable",
            "结论为「禁止公开」的事项不能批准，只能驳回；请修改后重新提交 (a block item cannot be approved)",
        ),
        DecideError::NotPending(s) => ApiError::new(
            StatusCode::CONFLICT,
            "not_pending",
            format!("该事项当前状态为 {s}，无需或不能再作决定 (item is {s})"),
        ),
        DecideError::Db(e) => {
            eprintln!("baomi serve: database error: {e}");
            ApiError::internal("数据库错误 (database error)")
        }
    })
}

#[derive(Debug, Deserialize, Default)]
pub struct SubmitQuery {
    pub name: Option<String>,
    pub unit: Option<String>,
    pub drafter: Option<String>,
}

fn clean_field(v: Option<&str>, what: &str, max: usize) -> Result<Option<String>, ApiError> {
    let Some(v) = v.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(ApiError::bad_request(format!(
            "{what} 无效（过长或含控制字符）(invalid {what})"
        )));
    }
    Ok(Some(v.to_string()))
}

/// `POST /api/v1/items?name=FILE[&unit=U&drafter=D]`, the file as the raw body.
pub async fn submit(State(st): State<Shared>, req: Request) -> Result<Response, ApiError> {
    let user = bearer_user(&st, req.headers())?;
    let (unit, drafter) = match user.role {
        Role::Drafter => (user.unit.clone().unwrap_or_default(), user.name.clone()),
        Role::Gateway | Role::Admin => {
            let q: SubmitQuery = axum::extract::Query::try_from_uri(req.uri())
                .map(|q| q.0)
                .map_err(|_| ApiError::bad_request("查询参数无效 (invalid query)"))?;
            let unit = clean_field(q.unit.as_deref(), "unit", 200)?;
            let drafter = clean_field(q.drafter.as_deref(), "drafter", 200)?;
            match (unit, drafter) {
                (Some(u), Some(d)) => (u, d),
                _ => {
                    return Err(ApiError::bad_request(
                        "发布网关提交时必须给出 unit 和 drafter (谁产生、谁负责) (unit and drafter are required)",
                    ))
                }
            }
        }
        Role::Officer => {
            return Err(ApiError::forbidden(
                "保密员不能提交事项 (officers do not submit)",
            ))
        }
    };
    let q: SubmitQuery = axum::extract::Query::try_from_uri(req.uri())
        .map(|q| q.0)
        .map_err(|_| ApiError::bad_request("查询参数无效 (invalid query)"))?;
    let name = clean_field(q.name.as_deref(), "name", 255)?
        .ok_or_else(|| ApiError::bad_request("缺少文件名参数 name (name is required)"))?;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("文件超过 {} MB 上限 (body too large)", st.max_body >> 20),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > st.max_body as u64) {
        return Err(too_large());
    }
    let body = match axum::body::to_bytes(req.into_body(), st.max_body).await {
        Ok(b) => b,
        Err(e) => {
            // a length-limit error anywhere in the chain means the body was too large
            let mut src: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            let mut is_limit = false;
            while let Some(x) = src {
                is_limit |= x.to_string().contains("length limit");
                src = x.source();
            }
            return Err(if is_limit {
                too_large()
            } else {
                ApiError::bad_request("无法读取请求体 (cannot read the body)")
            });
        }
    };
    let resp = Responsibility {
        unit: Some(unit.clone()),
        drafter: Some(drafter.clone()),
        reviewer: None,
        source: "cli".into(),
        batch: None,
    };
    let permit = st
        .scan_slots
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::internal("scan pool closed"))?;
    let cfg = st.cfg.clone();
    let scan_name = name.clone();
    let t0 = Instant::now();
    let body_for_scan = body.clone();
    let report = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        crate::scan::scan_bytes(&cfg, &scan_name, &body_for_scan, Some(resp))
    })
    .await
    .map_err(|_| ApiError::internal("审查失败 (scan failed)"))?;
    st.metrics
        .scan(report.verdict.as_str(), t0.elapsed().as_secs_f64());
    let report_json =
        serde_json::to_string(&report).map_err(|e| ApiError::internal(e.to_string()))?;
    let verdict = report.verdict.as_str();
    // the name as the report shows it: an identifier in the submitted file name is masked
    // there, and the name is stored, listed and audited in that form only
    let name = report.item.path.clone();
    let sha = report.item.sha256.clone();
    let size = body.len() as u64;
    drop(body);
    let submitted_by = user.name.clone();
    let rj = report_json.clone();
    let (id, status) = st
        .write(move |c| {
            db::insert_item(
                c,
                &db::NewItem {
                    name: &name,
                    size,
                    sha256: &sha,
                    unit: &unit,
                    drafter: &drafter,
                    submitted_by: &submitted_by,
                    verdict,
                    report: &rj,
                },
            )
        })
        .await?
        .map_err(db_err)?;
    let body = format!("{{\"id\":{id},\"status\":\"{status}\",\"report\":{report_json}}}");
    let mut r = json_response(StatusCode::CREATED, body);
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/items/{id}")) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    Ok(r)
}

fn decision_json(d: &DecisionRow) -> Value {
    json!({"id": d.id, "decision": d.decision, "note": d.note, "officer": d.officer, "created_at": d.created_at})
}

pub fn item_json(item: &ItemRow, decisions: &[DecisionRow]) -> Value {
    let report: Value = serde_json::from_str(&item.report).unwrap_or(Value::Null);
    json!({
        "id": item.id,
        "name": item.name,
        "size": item.size,
        "sha256": item.sha256,
        "unit": item.unit,
        "drafter": item.drafter,
        "submitted_by": item.submitted_by,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "verdict": item.verdict,
        "status": item.status,
        "report": report,
        "decisions": decisions.iter().map(decision_json).collect::<Vec<_>>(),
    })
}

fn parse_id(s: &str) -> Result<i64, ApiError> {
    s.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(ApiError::not_found)
}

/// `GET /api/v1/items/{id}`
pub async fn get_item(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = bearer_user(&st, &headers)?;
    let id = parse_id(&id)?;
    let (item, decisions) = load_item(&st, &user, id).await?;
    Ok(json_response(
        StatusCode::OK,
        item_json(&item, &decisions).to_string(),
    ))
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    pub status: Option<String>,
    pub verdict: Option<String>,
    pub unit: Option<String>,
    pub limit: Option<u32>,
}

/// `GET /api/v1/items?status=&verdict=&unit=&limit=` — the items the caller may see, newest first.
pub async fn list(State(st): State<Shared>, req: Request) -> Result<Response, ApiError> {
    let user = bearer_user(&st, req.headers())?;
    let q: ListQuery = axum::extract::Query::try_from_uri(req.uri())
        .map(|q| q.0)
        .map_err(|_| ApiError::bad_request("查询参数无效 (invalid query)"))?;
    let unit = match super::visible_unit(&user) {
        Some(None) => q.unit.filter(|s| !s.is_empty()),
        Some(Some(u)) => Some(u.to_string()),
        None => return Err(ApiError::forbidden("no unit")),
    };
    let status = q.status.filter(|s| !s.is_empty());
    let verdict = q.verdict.filter(|s| !s.is_empty());
    let limit = q.limit.unwrap_or(200).clamp(1, 1000);
    let rows = st
        .read(move |c| {
            db::list_items(
                c,
                unit.as_deref(),
                status.as_deref(),
                verdict.as_deref(),
                limit,
            )
        })
        .await?
        .map_err(db_err)?;
    let items: Vec<Value> = rows
        .iter()
        .map(|i| {
            json!({"id": i.id, "name": i.name, "size": i.size, "sha256": i.sha256, "unit": i.unit,
                   "drafter": i.drafter, "verdict": i.verdict, "status": i.status,
                   "created_at": i.created_at, "updated_at": i.updated_at})
        })
        .collect();
    Ok(json_response(
        StatusCode::OK,
        json!({ "items": items }).to_string(),
    ))
}

#[derive(Debug, Deserialize)]
struct DecisionBody {
    decision: String,
    #[serde(default)]
    note: Option<String>,
}

/// `POST /api/v1/items/{id}/decisions` with `{"decision": "approve"|"reject", "note": "…"}`
pub async fn post_decision(
    State(st): State<Shared>,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let user = bearer_user(&st, req.headers())?;
    if user.role != Role::Officer {
        return Err(ApiError::forbidden(
            "只有保密员可以作出审核决定 (only an officer may decide)",
        ));
    }
    let id = parse_id(&id)?;
    let body = axum::body::to_bytes(req.into_body(), 1 << 20)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "请求体过大 (body too large)",
            )
        })?;
    let b: DecisionBody = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!("请求体应为 {{\"decision\":…,\"note\":…}}：{e}"))
    })?;
    let d = decide(&st, &user, id, &b.decision, b.note.as_deref().unwrap_or("")).await?;
    let body = json!({
        "id": d.decision_id,
        "item": d.item_id,
        "decision": b.decision,
        "status": d.status,
        "officer": user.name,
        "created_at": d.created_at,
    });
    Ok(json_response(StatusCode::CREATED, body.to_string()))
}

/// `GET /api/v1/release/{sha256}` (gateway): may exactly this content be published?
pub async fn release(
    State(st): State<Shared>,
    Path(sha): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = bearer_user(&st, &headers)?;
    if !matches!(user.role, Role::Gateway | Role::Admin) {
        return Err(ApiError::forbidden(
            "只有发布网关可以查询发布许可 (gateway only)",
        ));
    }
    let sha = sha.trim().to_ascii_lowercase();
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::bad_request(
            "sha256 应为 64 位十六进制 (sha256 must be 64 hex digits)",
        ));
    }
    let found = st
        .read(move |c| db::newest_by_sha256(c, &sha))
        .await?
        .map_err(db_err)?;
    let body = match found {
        None => {
            json!({"allowed": false, "reason": "未经审查：没有内容完全相同的事项 (no item with exactly this content)", "item": null})
        }
        Some((id, status)) => {
            let (allowed, reason) = match status.as_str() {
                db::STATUS_PASS => (true, "审查通过 (pass)"),
                db::STATUS_APPROVED => (true, "保密员已批准 (approved by an officer)"),
                db::STATUS_AWAITING => (false, "等待保密员审核 (awaiting review)"),
                db::STATUS_REJECTED => (false, "保密员已驳回 (rejected by an officer)"),
                db::STATUS_BLOCKED => (false, "禁止公开，须修改后重新提交 (blocked)"),
                _ => (false, "状态未知 (unknown status)"),
            };
            json!({"allowed": allowed, "reason": reason, "item": id, "status": status})
        }
    };
    Ok(json_response(StatusCode::OK, body.to_string()))
}

/// `GET /healthz`
pub async fn healthz(State(st): State<Shared>) -> Response {
    match st
        .read(|c| c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)))
        .await
    {
        Ok(Ok(_)) => json_response(StatusCode::OK, json!({"status": "ok"}).to_string()),
        _ => json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"status": "database unavailable"}).to_string(),
        ),
    }
}

/// Unknown routes.
pub async fn not_found(req: Request<Body>) -> Response {
    if req.uri().path().starts_with("/api/") {
        ApiError::not_found().into_response()
    } else {
        super::pages::not_found_page()
    }
}
