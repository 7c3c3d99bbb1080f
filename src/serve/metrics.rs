//! Prometheus text exposition: requests by route and status, request latency histogram by
//! route, scans by verdict, scan latency, items by status.

use super::Shared;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
pub const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, secs: f64) {
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                self.counts[i] += 1;
            }
        }
        self.sum += secs;
        self.count += 1;
    }
    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        for (i, b) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "{name}_bucket{{{labels}{sep}le=\"{b}\"}} {}",
                self.counts[i]
            );
        }
        let _ = writeln!(
            out,
            "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}",
            self.count
        );
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

#[derive(Debug, Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<(String, String), Histogram>,
    scans: BTreeMap<String, u64>,
    scan_latency: Histogram,
}

#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    pub fn request(&self, method: &str, route: &str, status: u16, secs: f64) {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        *g.requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        g.latency
            .entry((method.to_string(), route.to_string()))
            .or_default()
            .observe(secs);
    }

    pub fn scan(&self, verdict: &str, secs: f64) {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        *g.scans.entry(verdict.to_string()).or_default() += 1;
        g.scan_latency.observe(secs);
    }

    /// Render everything but the database gauges.
    pub fn render(&self, out: &mut String) {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        out.push_str(
            "# HELP baomi_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE baomi_http_requests_total counter\n");
        for ((m, r, s), n) in &g.requests {
            let _ = writeln!(
                out,
                "baomi_http_requests_total{{method=\"{m}\",route=\"{}\",status=\"{s}\"}} {n}",
                label(r)
            );
        }
        out.push_str("# HELP baomi_http_request_duration_seconds Time to answer a request.\n");
        out.push_str("# TYPE baomi_http_request_duration_seconds histogram\n");
        for ((m, r), h) in &g.latency {
            h.write(
                out,
                "baomi_http_request_duration_seconds",
                &format!("method=\"{m}\",route=\"{}\"", label(r)),
            );
        }
        out.push_str("# HELP baomi_scans_total Items scanned, by verdict.\n");
        out.push_str("# TYPE baomi_scans_total counter\n");
        for v in ["pass", "review", "block"] {
            let _ = writeln!(
                out,
                "baomi_scans_total{{verdict=\"{v}\"}} {}",
                g.scans.get(v).copied().unwrap_or(0)
            );
        }
        out.push_str("# HELP baomi_scan_duration_seconds Time of one scan (on the scan pool).\n");
        out.push_str("# TYPE baomi_scan_duration_seconds histogram\n");
        g.scan_latency.write(out, "baomi_scan_duration_seconds", "");
    }
}

fn label(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware: count and time every request under its route pattern.
pub async fn track(State(st): State<Shared>, req: Request, next: Next) -> Response {
    let t0 = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = req.method().as_str().to_string();
    let resp = next.run(req).await;
    st.metrics.request(
        &method,
        &route,
        resp.status().as_u16(),
        t0.elapsed().as_secs_f64(),
    );
    resp
}

/// `GET /metrics`
pub async fn handler(State(st): State<Shared>) -> Response {
    let mut out = String::with_capacity(8192);
    st.metrics.render(&mut out);
    let counts = st.read(super::db::status_counts).await;
    out.push_str("# HELP baomi_items Items in the ledger, by status.\n");
    out.push_str("# TYPE baomi_items gauge\n");
    let counts: BTreeMap<String, i64> = match counts {
        Ok(Ok(v)) => v.into_iter().collect(),
        _ => BTreeMap::new(),
    };
    for s in super::db::ALL_STATUSES {
        let _ = writeln!(
            out,
            "baomi_items{{status=\"{s}\"}} {}",
            counts.get(s).copied().unwrap_or(0)
        );
    }
    out.push_str("# HELP baomi_scan_slots_free Free places on the bounded scan pool.\n");
    out.push_str("# TYPE baomi_scan_slots_free gauge\n");
    let _ = writeln!(
        out,
        "baomi_scan_slots_free {}",
        st.scan_slots.available_permits()
    );
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}
