//! The ledger: items, decisions and a hash-chained audit log in one SQLite file (WAL,
//! `synchronous=FULL`, so a committed change survives a crash). Every state change and its
//! audit row are written in one transaction.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde_json::{json, Value};
use std::path::Path;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub const STATUS_PASS: &str = "pass";
pub const STATUS_AWAITING: &str = "awaiting_review";
pub const STATUS_APPROVED: &str = "approved";
pub const STATUS_REJECTED: &str = "rejected";
pub const STATUS_BLOCKED: &str = "blocked";

pub const ALL_STATUSES: [&str; 5] = [
    STATUS_PASS,
    STATUS_AWAITING,
    STATUS_APPROVED,
    STATUS_REJECTED,
    STATUS_BLOCKED,
];

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS items(
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  name         TEXT NOT NULL,
  size         INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  unit         TEXT NOT NULL,
  drafter      TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  verdict      TEXT NOT NULL,
  status       TEXT NOT NULL,
  report       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS items_by_sha256 ON items(sha256, id);
CREATE INDEX IF NOT EXISTS items_by_unit ON items(unit, id);
CREATE TABLE IF NOT EXISTS decisions(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id    INTEGER NOT NULL REFERENCES items(id),
  decision   TEXT NOT NULL,
  note       TEXT NOT NULL,
  officer    TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_item ON decisions(item_id, id);
CREATE TABLE IF NOT EXISTS audit(
  seq       INTEGER PRIMARY KEY,
  ts        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  item_id   INTEGER,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_item ON audit(item_id, seq);
";

/// Open (and create) the database for the server.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "journal_mode stayed {mode}"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.execute_batch(SCHEMA)?;
    conn.pragma_update(None, "user_version", 1)?;
    Ok(conn)
}

/// Open an existing database without creating it (for `baomi audit verify`).
pub fn open_existing(path: &Path) -> Result<Connection, String> {
    if !path.is_file() {
        return Err(format!("{}: no such database", path.display()));
    }
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn =
        Connection::open_with_flags(path, flags).map_err(|e| format!("{}: {e}", path.display()))?;
    let _ = conn.busy_timeout(std::time::Duration::from_secs(10));
    Ok(conn)
}

/// UTC time as RFC 3339 with milliseconds.
pub fn now() -> String {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = d.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86400), secs.rem_euclid(86400));
    // civil from days (Howard Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = if month <= 2 { y + 1 } else { y };
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_millis()
    )
}

#[derive(Debug, Clone)]
pub struct ItemRow {
    pub id: i64,
    pub name: String,
    pub size: i64,
    pub sha256: String,
    pub unit: String,
    pub drafter: String,
    pub submitted_by: String,
    pub verdict: String,
    pub status: String,
    pub report: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone)]
pub struct DecisionRow {
    pub id: i64,
    pub item_id: i64,
    pub decision: String,
    pub note: String,
    pub officer: String,
    pub created_at: String,
}

#[derive(Debug, Clone)]
pub struct AuditRow {
    pub seq: i64,
    pub ts: String,
    pub actor: String,
    pub action: String,
    pub item_id: Option<i64>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    /// The canonical content that is hashed: a JSON array of the row's fields.
    pub fn canonical(&self) -> String {
        json!([
            self.seq,
            self.ts,
            self.actor,
            self.action,
            self.item_id,
            self.detail
        ])
        .to_string()
    }
    pub fn compute_hash(&self) -> String {
        let mut buf = Vec::with_capacity(64 + self.detail.len() + 128);
        buf.extend_from_slice(self.prev_hash.as_bytes());
        buf.extend_from_slice(self.canonical().as_bytes());
        crate::sha256_hex(&buf)
    }
}

/// Status of a freshly scanned item, from its verdict.
pub fn status_for_verdict(verdict: &str) -> &'static str {
    match verdict {
        "pass" => STATUS_PASS,
        "block" => STATUS_BLOCKED,
        _ => STATUS_AWAITING,
    }
}

/// Append one audit row inside the caller's transaction.
fn append_audit(
    tx: &rusqlite::Transaction<'_>,
    ts: &str,
    actor: &str,
    action: &str,
    item_id: Option<i64>,
    detail: &Value,
) -> rusqlite::Result<i64> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let row = AuditRow {
        seq,
        ts: ts.to_string(),
        actor: actor.to_string(),
        action: action.to_string(),
        item_id,
        detail: detail.to_string(),
        prev_hash,
        hash: String::new(),
    };
    let hash = row.compute_hash();
    tx.execute(
        "INSERT INTO audit(seq, ts, actor, action, item_id, detail, prev_hash, hash) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
        params![row.seq, row.ts, row.actor, row.action, row.item_id, row.detail, row.prev_hash, hash],
    )?;
    tx.execute(
        "INSERT INTO meta(key, value) VALUES ('audit_head', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![format!("{seq} {hash}")],
    )?;
    Ok(seq)
}

pub struct NewItem<'a> {
    pub name: &'a str,
    pub size: u64,
    pub sha256: &'a str,
    pub unit: &'a str,
    pub drafter: &'a str,
    pub submitted_by: &'a str,
    pub verdict: &'a str,
    pub report: &'a str,
}

fn submit_detail(id: i64, n: &NewItem<'_>, status: &str) -> Value {
    json!({
        "item": id,
        "name": n.name,
        "size": n.size,
        "sha256": n.sha256,
        "unit": n.unit,
        "drafter": n.drafter,
        "verdict": n.verdict,
        "status": status,
        "report_sha256": crate::sha256_hex(n.report.as_bytes()),
    })
}

/// Record a scanned item (and its audit row) in one transaction. Returns its id and status.
pub fn insert_item(
    conn: &mut Connection,
    n: &NewItem<'_>,
) -> rusqlite::Result<(i64, &'static str)> {
    let ts = now();
    let status = status_for_verdict(n.verdict);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO items(name, size, sha256, unit, drafter, submitted_by, verdict, status, report, created_at, updated_at)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10)",
        params![n.name, n.size as i64, n.sha256, n.unit, n.drafter, n.submitted_by, n.verdict, status, n.report, ts],
    )?;
    let id = tx.last_insert_rowid();
    append_audit(
        &tx,
        &ts,
        n.submitted_by,
        "item.submitted",
        Some(id),
        &submit_detail(id, n, status),
    )?;
    tx.commit()?;
    Ok((id, status))
}

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ItemRow> {
    Ok(ItemRow {
        id: r.get(0)?,
        name: r.get(1)?,
        size: r.get(2)?,
        sha256: r.get(3)?,
        unit: r.get(4)?,
        drafter: r.get(5)?,
        submitted_by: r.get(6)?,
        verdict: r.get(7)?,
        status: r.get(8)?,
        report: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

const ITEM_COLS: &str =
    "id, name, size, sha256, unit, drafter, submitted_by, verdict, status, report, created_at, updated_at";

pub fn get_item(conn: &Connection, id: i64) -> rusqlite::Result<Option<ItemRow>> {
    conn.query_row(
        &format!("SELECT {ITEM_COLS} FROM items WHERE id = ?1"),
        [id],
        item_from_row,
    )
    .optional()
}

/// Items, newest first, without their reports. `unit`: restrict to one unit.
pub fn list_items(
    conn: &Connection,
    unit: Option<&str>,
    status: Option<&str>,
    verdict: Option<&str>,
    limit: u32,
) -> rusqlite::Result<Vec<ItemRow>> {
    let sql = "SELECT id, name, size, sha256, unit, drafter, submitted_by, verdict, status, '' AS report, created_at, updated_at
               FROM items
               WHERE (?1 IS NULL OR unit = ?1) AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR verdict = ?3)
               ORDER BY id DESC LIMIT ?4";
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(params![unit, status, verdict, limit], item_from_row)?;
    rows.collect()
}

pub fn decisions_for(conn: &Connection, item_id: i64) -> rusqlite::Result<Vec<DecisionRow>> {
    let mut st = conn.prepare_cached(
        "SELECT id, item_id, decision, note, officer, created_at FROM decisions WHERE item_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([item_id], |r| {
        Ok(DecisionRow {
            id: r.get(0)?,
            item_id: r.get(1)?,
            decision: r.get(2)?,
            note: r.get(3)?,
            officer: r.get(4)?,
            created_at: r.get(5)?,
        })
    })?;
    rows.collect()
}

fn audit_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: r.get(0)?,
        ts: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        item_id: r.get(4)?,
        detail: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

pub fn audit_for(conn: &Connection, item_id: i64) -> rusqlite::Result<Vec<AuditRow>> {
    let mut st = conn.prepare_cached(
        "SELECT seq, ts, actor, action, item_id, detail, prev_hash, hash FROM audit WHERE item_id = ?1 ORDER BY seq",
    )?;
    let rows = st.query_map([item_id], audit_from_row)?;
    rows.collect()
}

/// The newest item with exactly this content: (id, status).
pub fn newest_by_sha256(conn: &Connection, sha: &str) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT id, status FROM items WHERE sha256 = ?1 ORDER BY id DESC LIMIT 1",
        [sha],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

pub fn status_counts(conn: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut st =
        conn.prepare_cached("SELECT status, count(*) FROM items GROUP BY status ORDER BY status")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Why a decision was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum DecideError {
    NotFound,
    OtherUnit,
    OwnItem,
    BlockNotApprovable,
    NotPending(String),
    Db(String),
}

impl From<rusqlite::Error> for DecideError {
    fn from(e: rusqlite::Error) -> Self {
        DecideError::Db(e.to_string())
    }
}

#[derive(Debug, Clone)]
pub struct Decided {
    pub decision_id: i64,
    pub item_id: i64,
    pub status: &'static str,
    pub created_at: String,
}

/// Record an officer's decision; the rules are checked inside the write transaction.
pub fn decide(
    conn: &mut Connection,
    item_id: i64,
    officer: &str,
    officer_unit: &str,
    approve: bool,
    note: &str,
) -> Result<Decided, DecideError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let item = tx
        .query_row(
            &format!("SELECT {ITEM_COLS} FROM items WHERE id = ?1"),
            [item_id],
            item_from_row,
        )
        .optional()?
        .ok_or(DecideError::NotFound)?;
    if item.unit != officer_unit {
        return Err(DecideError::OtherUnit);
    }
    if item.drafter == officer || item.submitted_by == officer {
        return Err(DecideError::OwnItem);
    }
    if approve && item.verdict == "block" {
        return Err(DecideError::BlockNotApprovable);
    }
    if item.status != STATUS_AWAITING && item.status != STATUS_BLOCKED {
        return Err(DecideError::NotPending(item.status));
    }
    let ts = now();
    let (decision, status) = if approve {
        ("approve", STATUS_APPROVED)
    } else {
        ("reject", STATUS_REJECTED)
    };
    tx.execute(
        "INSERT INTO decisions(item_id, decision, note, officer, created_at) VALUES (?1,?2,?3,?4,?5)",
        params![item_id, decision, note, officer, ts],
    )?;
    let decision_id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE items SET status = ?1, updated_at = ?2 WHERE id = ?3",
        params![status, ts, item_id],
    )?;
    let detail = json!({
        "item": item_id,
        "decision_id": decision_id,
        "decision": decision,
        "note": note,
        "officer": officer,
        "from": item.status,
        "to": status,
    });
    append_audit(&tx, &ts, officer, "item.decided", Some(item_id), &detail)?;
    tx.commit()?;
    Ok(Decided {
        decision_id,
        item_id,
        status,
        created_at: ts,
    })
}

/// The first problem `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError {
    /// The audit row (seq) at which the chain is broken, when the problem is in the chain.
    pub seq: Option<i64>,
    pub message: String,
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.seq {
            Some(s) => write!(f, "audit row {s}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

fn bad(seq: Option<i64>, message: impl Into<String>) -> VerifyError {
    VerifyError {
        seq,
        message: message.into(),
    }
}

/// Check the audit chain (contiguous, linked, hashes match, head recorded), then that the
/// items and decisions tables agree with what the log says. Returns the number of audit rows.
pub fn verify(conn: &Connection) -> Result<i64, VerifyError> {
    let dberr = |e: rusqlite::Error| bad(None, format!("database error: {e}"));
    let mut st = conn
        .prepare("SELECT seq, ts, actor, action, item_id, detail, prev_hash, hash FROM audit ORDER BY seq")
        .map_err(dberr)?;
    let rows = st.query_map([], audit_from_row).map_err(dberr)?;
    let mut expect_seq = 1i64;
    let mut prev = GENESIS.to_string();
    // replayed state: item id -> (submit detail, status), decision id -> detail
    let mut items: std::collections::BTreeMap<i64, (Value, String)> = Default::default();
    let mut decisions: std::collections::BTreeMap<i64, Value> = Default::default();
    for r in rows {
        let r = r.map_err(dberr)?;
        if r.seq != expect_seq {
            return Err(bad(
                Some(expect_seq),
                format!(
                    "row missing (the next row present is {}): the log was cut",
                    r.seq
                ),
            ));
        }
        if r.prev_hash != prev {
            return Err(bad(
                Some(r.seq),
                "prev_hash does not match the previous row's hash",
            ));
        }
        if r.compute_hash() != r.hash {
            return Err(bad(
                Some(r.seq),
                "content does not match its hash: the row was altered",
            ));
        }
        let detail: Value = serde_json::from_str(&r.detail)
            .map_err(|e| bad(Some(r.seq), format!("detail is not JSON: {e}")))?;
        let iid = detail.get("item").and_then(Value::as_i64);
        if iid != r.item_id {
            return Err(bad(Some(r.seq), "item_id does not match the detail"));
        }
        match (r.action.as_str(), iid) {
            ("item.submitted", Some(id)) => {
                let status = detail
                    .get("status")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                items.insert(id, (detail, status));
            }
            ("item.decided", Some(id)) => {
                let did = detail
                    .get("decision_id")
                    .and_then(Value::as_i64)
                    .unwrap_or(-1);
                let to = detail
                    .get("to")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                match items.get_mut(&id) {
                    Some(e) => e.1 = to,
                    None => {
                        return Err(bad(
                            Some(r.seq),
                            format!("decision on item {id} before its submission"),
                        ))
                    }
                }
                decisions.insert(did, detail);
            }
            _ => {}
        }
        prev = r.hash.clone();
        expect_seq += 1;
    }
    let last = expect_seq - 1;
    let head: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(dberr)?;
    match head {
        Some(h) => {
            let mut it = h.split(' ');
            let hs: i64 = it.next().and_then(|s| s.parse().ok()).unwrap_or(-1);
            let hh = it.next().unwrap_or("");
            if hs > last {
                return Err(bad(
                    Some(last + 1),
                    format!(
                        "rows {}..{hs} were removed from the end of the log",
                        last + 1
                    ),
                ));
            }
            if hs != last || hh != prev {
                return Err(bad(
                    Some(hs.max(1)),
                    "the recorded head of the log does not match the last row",
                ));
            }
        }
        None if last > 0 => return Err(bad(None, "the recorded head of the log is missing")),
        None => {}
    }
    // the tables must match the log
    let mut st = conn
        .prepare(&format!("SELECT {ITEM_COLS} FROM items ORDER BY id"))
        .map_err(dberr)?;
    let mut seen = 0usize;
    for it in st.query_map([], item_from_row).map_err(dberr)? {
        let it = it.map_err(dberr)?;
        seen += 1;
        let Some((d, status)) = items.get(&it.id) else {
            return Err(bad(
                None,
                format!("item {} has no submission row in the audit log", it.id),
            ));
        };
        let same = d["name"] == it.name
            && d["size"] == it.size
            && d["sha256"] == it.sha256
            && d["unit"] == it.unit
            && d["drafter"] == it.drafter
            && d["verdict"] == it.verdict
            && d["report_sha256"] == crate::sha256_hex(it.report.as_bytes());
        if !same {
            return Err(bad(
                None,
                format!(
                    "item {} differs from its submission in the audit log",
                    it.id
                ),
            ));
        }
        if *status != it.status {
            return Err(bad(
                None,
                format!(
                    "item {}: status {} but the audit log says {status}",
                    it.id, it.status
                ),
            ));
        }
    }
    if seen != items.len() {
        return Err(bad(
            None,
            format!(
                "{} item(s) of the audit log are missing from the items table",
                items.len() - seen
            ),
        ));
    }
    let mut st = conn
        .prepare(
            "SELECT id, item_id, decision, note, officer, created_at FROM decisions ORDER BY id",
        )
        .map_err(dberr)?;
    let mut seen = 0usize;
    let rows = st
        .query_map([], |r| {
            Ok(DecisionRow {
                id: r.get(0)?,
                item_id: r.get(1)?,
                decision: r.get(2)?,
                note: r.get(3)?,
                officer: r.get(4)?,
                created_at: r.get(5)?,
            })
        })
        .map_err(dberr)?;
    for d in rows {
        let d = d.map_err(dberr)?;
        seen += 1;
        let Some(a) = decisions.get(&d.id) else {
            return Err(bad(
                None,
                format!("decision {} has no row in the audit log", d.id),
            ));
        };
        if a["item"] != d.item_id
            || a["decision"] != d.decision
            || a["note"] != d.note
            || a["officer"] != d.officer
        {
            return Err(bad(
                None,
                format!("decision {} differs from the audit log", d.id),
            ));
        }
    }
    if seen != decisions.len() {
        return Err(bad(
            None,
            format!(
                "{} decision(s) of the audit log are missing from the decisions table",
                decisions.len() - seen
            ),
        ));
    }
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(verdict: &'a str, drafter: &'a str) -> NewItem<'a> {
        NewItem {
            name: "a.txt",
            size: 3,
            sha256: "ab",
            unit: "办公室",
            drafter,
            submitted_by: drafter,
            verdict,
            report: "{}",
        }
    }

    #[test]
    fn chain_and_rules() {
        let d = tempfile::tempdir().unwrap();
        let mut c = open(&d.path().join("t.db")).unwrap();
        let (a, s) = insert_item(&mut c, &item("review", "甲")).unwrap();
        assert_eq!(s, STATUS_AWAITING);
        let (b, s) = insert_item(&mut c, &item("block", "甲")).unwrap();
        assert_eq!(s, STATUS_BLOCKED);
        assert_eq!(
            decide(&mut c, a, "甲", "办公室", true, "n").unwrap_err(),
            DecideError::OwnItem
        );
        assert_eq!(
            decide(&mut c, a, "乙", "别处", true, "n").unwrap_err(),
            DecideError::OtherUnit
        );
        assert_eq!(
            decide(&mut c, b, "乙", "办公室", true, "n").unwrap_err(),
            DecideError::BlockNotApprovable
        );
        assert_eq!(
            decide(&mut c, a, "乙", "办公室", true, "ok")
                .unwrap()
                .status,
            STATUS_APPROVED
        );
        assert!(matches!(
            decide(&mut c, a, "乙", "办公室", false, "x"),
            Err(DecideError::NotPending(_))
        ));
        assert_eq!(
            decide(&mut c, b, "乙", "办公室", false, "no")
                .unwrap()
                .status,
            STATUS_REJECTED
        );
        assert_eq!(verify(&c).unwrap(), 4);
        c.execute("UPDATE audit SET actor = 'x' WHERE seq = 2", [])
            .unwrap();
        assert_eq!(verify(&c).unwrap_err().seq, Some(2));
    }

    #[test]
    fn now_is_rfc3339() {
        let n = now();
        assert_eq!(n.len(), 24, "{n}");
        assert!(n.ends_with('Z'));
    }
}
