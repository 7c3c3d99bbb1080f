//! `baomi serve` over real HTTP on loopback: every rule of the API, the pages with their
//! session cookie and CSRF token, graceful shutdown, and `baomi audit verify` after tampering.

mod serve_common;

use serve_common::*;

fn id_of(r: &Resp) -> i64 {
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["id"].as_i64().unwrap()
}

#[test]
fn unauthenticated_and_wrong_role() {
    let f = Fixture::new();
    let s = f.start(&[]);
    // health and metrics need no token
    assert_eq!(s.req("GET", "/healthz", None, b"").status, 200);
    // missing token → 401 on every API route
    let body = unique(REVIEW_TXT, "auth");
    for (m, p) in [
        ("POST", "/api/v1/items?name=a.txt"),
        ("GET", "/api/v1/items"),
        ("GET", "/api/v1/items/1"),
        ("POST", "/api/v1/items/1/decisions"),
        (
            "GET",
            "/api/v1/release/0000000000000000000000000000000000000000000000000000000000000000",
        ),
    ] {
        let r = s.req(m, p, None, &body);
        assert_eq!(r.status, 401, "{m} {p}: {}", r.text());
        assert_eq!(r.header("www-authenticate"), Some("Bearer"));
        let r = s.req(m, p, Some("not-a-token"), &body);
        assert_eq!(r.status, 401, "{m} {p} wrong token");
        let r = request(
            &s.addr,
            m,
            p,
            &[("Authorization", "Basic Zm9vOmJhcg==")],
            &body,
        );
        assert_eq!(r.status, 401, "{m} {p} basic auth");
    }
    // an officer does not submit
    assert_eq!(s.submit(&f.officer, "a.txt", "", &body).status, 403);
    // a gateway must name unit and drafter
    let r = s.submit(&f.gateway, "a.txt", "", &body);
    assert_eq!(r.status, 400, "{}", r.text());
    let r = s.submit(&f.gateway, "a.txt", &format!("&unit={}", enc(UNIT)), &body);
    assert_eq!(r.status, 400);
    // a name is required
    assert_eq!(
        s.req("POST", "/api/v1/items", Some(&f.drafter), &body)
            .status,
        400
    );
    // only a gateway asks for release
    let sha = sha256_hex(&body);
    for t in [&f.drafter, &f.officer] {
        assert_eq!(
            s.req("GET", &format!("/api/v1/release/{sha}"), Some(t), b"")
                .status,
            403
        );
    }
    assert_eq!(
        s.req("GET", "/api/v1/release/xyz", Some(&f.gateway), b"")
            .status,
        400
    );
    // only officers decide
    let id = id_of(&s.submit(&f.drafter, "a.txt", "", &body));
    for t in [&f.gateway, &f.admin] {
        assert_eq!(s.decide(t, id, "approve", "ok").status, 403);
    }
    // metrics count what happened
    let m = s.req("GET", "/metrics", None, b"").text();
    assert!(
        m.contains(
            "baomi_http_requests_total{method=\"POST\",route=\"/api/v1/items\",status=\"401\"}"
        ),
        "{m}"
    );
    assert!(m.contains("baomi_scans_total{verdict=\"review\"} 1"), "{m}");
    assert!(
        m.contains("baomi_http_request_duration_seconds_bucket"),
        "{m}"
    );
}

#[test]
fn submissions_are_attributed_and_visible_to_the_unit_only() {
    let f = Fixture::new();
    let s = f.start(&[]);
    let body = unique(REVIEW_TXT, "attr");
    // a drafter's own unit and name win over what the query says
    let r = s.submit(
        &f.drafter,
        "名单.txt",
        &format!("&unit={}&drafter=冒名", enc(OTHER_UNIT)),
        &body,
    );
    let id = id_of(&r);
    let j = r.json();
    assert_eq!(j["status"], "awaiting_review");
    assert_eq!(j["report"]["schema"], "baomi.report/v1");
    assert_eq!(j["report"]["responsibility"]["unit"], UNIT);
    assert_eq!(j["report"]["responsibility"]["drafter"], "张三");
    assert_eq!(j["report"]["item"]["sha256"], sha256_hex(&body));
    // the report never repeats the unmasked number
    assert!(!r.text().contains("13812345678"));
    // a gateway's submission carries the unit and drafter it names
    let r = s.submit(
        &f.gateway,
        "b.txt",
        &format!("&unit={}&drafter={}", enc(OTHER_UNIT), enc("赵拟")),
        &body,
    );
    let id2 = id_of(&r);
    assert_eq!(r.json()["report"]["responsibility"]["unit"], OTHER_UNIT);
    // reading: same unit yes, other unit 403, gateway and admin yes, unknown 404
    for t in [&f.drafter, &f.officer, &f.gateway, &f.admin] {
        let g = s.req("GET", &format!("/api/v1/items/{id}"), Some(t), b"");
        assert_eq!(g.status, 200, "{}", g.text());
        let j = g.json();
        assert_eq!(j["status"], "awaiting_review");
        assert_eq!(j["unit"], UNIT);
        assert_eq!(j["decisions"].as_array().unwrap().len(), 0);
        assert_eq!(j["report"]["verdict"], "review");
    }
    for t in [&f.other_drafter, &f.other_officer] {
        assert_eq!(
            s.req("GET", &format!("/api/v1/items/{id}"), Some(t), b"")
                .status,
            403
        );
    }
    assert_eq!(
        s.req(
            "GET",
            &format!("/api/v1/items/{id2}"),
            Some(&f.drafter),
            b""
        )
        .status,
        403
    );
    assert_eq!(
        s.req("GET", "/api/v1/items/999999", Some(&f.admin), b"")
            .status,
        404
    );
    // the list shows the caller's unit only
    let l = s.req("GET", "/api/v1/items", Some(&f.officer), b"").json();
    let ids: Vec<i64> = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![id]);
    let l = s
        .req(
            "GET",
            "/api/v1/items?status=awaiting_review",
            Some(&f.gateway),
            b"",
        )
        .json();
    assert_eq!(l["items"].as_array().unwrap().len(), 2);
}

#[test]
fn decision_rules() {
    let f = Fixture::new();
    let s = f.start(&[]);
    let review = unique(REVIEW_TXT, "rules");
    let id = id_of(&s.submit(&f.drafter, "r.txt", "", &review));
    // a drafter trying to approve
    let r = s.decide(&f.drafter, id, "approve", "我觉得可以");
    assert_eq!(r.status, 403, "{}", r.text());
    // an officer of another unit
    assert_eq!(s.decide(&f.other_officer, id, "approve", "ok").status, 403);
    // a note is required; the decision must be approve or reject
    assert_eq!(s.decide(&f.officer, id, "approve", "   ").status, 422);
    let r = s.req(
        "POST",
        &format!("/api/v1/items/{id}/decisions"),
        Some(&f.officer),
        br#"{"decision":"approve"}"#,
    );
    assert_eq!(r.status, 422);
    assert_eq!(s.decide(&f.officer, id, "maybe", "x").status, 400);
    assert_eq!(
        s.req(
            "POST",
            &format!("/api/v1/items/{id}/decisions"),
            Some(&f.officer),
            b"not json"
        )
        .status,
        400
    );
    assert_eq!(s.decide(&f.officer, 999_999, "approve", "x").status, 404);
    // nothing of that changed the item
    let j = s
        .req("GET", &format!("/api/v1/items/{id}"), Some(&f.officer), b"")
        .json();
    assert_eq!(j["status"], "awaiting_review");
    // the officer of the unit approves
    let r = s.decide(&f.officer, id, "approve", "已核实号码为单位公开电话");
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["status"], "approved");
    // a second decision on a decided item
    assert_eq!(s.decide(&f.officer, id, "reject", "改主意").status, 409);
    let j = s
        .req("GET", &format!("/api/v1/items/{id}"), Some(&f.drafter), b"")
        .json();
    assert_eq!(j["status"], "approved");
    assert_eq!(j["decisions"][0]["officer"], "王保密");
    assert_eq!(j["decisions"][0]["note"], "已核实号码为单位公开电话");
    // never the item's own drafter: a gateway submits an item drafted by the officer
    let own = unique(REVIEW_TXT, "own");
    let q = format!("&unit={}&drafter={}", enc(UNIT), enc("王保密"));
    let id_own = id_of(&s.submit(&f.gateway, "own.txt", &q, &own));
    let r = s.decide(&f.officer, id_own, "approve", "自己批自己");
    assert_eq!(r.status, 403, "{}", r.text());
    // a pass item needs no decision
    let id_pass = id_of(&s.submit(&f.drafter, "p.txt", "", &unique(PASS_TXT, "p")));
    assert_eq!(s.decide(&f.officer, id_pass, "approve", "x").status, 409);
}

#[test]
fn block_items_cannot_be_approved() {
    let f = Fixture::new();
    let s = f.start(&[]);
    let body = unique(BLOCK_TXT, "block");
    let r = s.submit(&f.drafter, "密件.txt", "", &body);
    let id = id_of(&r);
    assert_eq!(r.json()["status"], "blocked");
    let r = s.decide(&f.officer, id, "approve", "批准");
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(r.json()["error"], "block_not_approvable");
    let rel = s
        .req(
            "GET",
            &format!("/api/v1/release/{}", sha256_hex(&body)),
            Some(&f.gateway),
            b"",
        )
        .json();
    assert_eq!(rel["allowed"], false);
    // it can be rejected
    let r = s.decide(&f.officer, id, "reject", "含密级标志，退回修改");
    assert_eq!(r.status, 201, "{}", r.text());
    let rel = s
        .req(
            "GET",
            &format!("/api/v1/release/{}", sha256_hex(&body)),
            Some(&f.gateway),
            b"",
        )
        .json();
    assert_eq!(rel["allowed"], false);
    assert_eq!(rel["item"], id);
}

#[test]
fn release_only_of_exactly_the_approved_bytes() {
    let f = Fixture::new();
    let s = f.start(&[]);
    let rel = |b: &[u8]| {
        let r = s.req(
            "GET",
            &format!("/api/v1/release/{}", sha256_hex(b)),
            Some(&f.gateway),
            b"",
        );
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    };
    // a pass item is released at once
    let pass = unique(PASS_TXT, "rel");
    let pid = id_of(&s.submit(
        &f.gateway,
        "p.txt",
        &format!("&unit={}&drafter={}", enc(UNIT), enc("张三")),
        &pass,
    ));
    let j = rel(&pass);
    assert_eq!(
        (j["allowed"].clone(), j["item"].as_i64()),
        (serde_json::json!(true), Some(pid))
    );
    // a review item: not before approval, yes after it
    let review = unique(REVIEW_TXT, "rel");
    let id = id_of(&s.submit(&f.drafter, "r.txt", "", &review));
    assert_eq!(rel(&review)["allowed"], false);
    assert_eq!(s.decide(&f.officer, id, "approve", "同意公开").status, 201);
    let j = rel(&review);
    assert_eq!(j["allowed"], true, "{j}");
    assert_eq!(j["item"], id);
    // changed bytes (one more byte) are not released
    let mut changed = review.clone();
    changed.push(b' ');
    let j = rel(&changed);
    assert_eq!(j["allowed"], false);
    assert!(j["item"].is_null());
    // uppercase hex is accepted
    let up = sha256_hex(&review).to_ascii_uppercase();
    let r = s
        .req(
            "GET",
            &format!("/api/v1/release/{up}"),
            Some(&f.gateway),
            b"",
        )
        .json();
    assert_eq!(r["allowed"], true);
    // the newest item with that content decides: submitted again → awaiting review again
    let id2 = id_of(&s.submit(&f.drafter, "r2.txt", "", &review));
    let j = rel(&review);
    assert_eq!(j["allowed"], false);
    assert_eq!(j["item"], id2);
    // a rejected item is not released
    assert_eq!(s.decide(&f.officer, id2, "reject", "不同意").status, 201);
    assert_eq!(rel(&review)["allowed"], false);
}

#[test]
fn request_size_limit() {
    let f = Fixture::new();
    let s = f.start(&["--max-body-mb", "1"]);
    let big = vec![b'a'; (1 << 20) + 10];
    let r = s.submit(&f.drafter, "big.txt", "", &big);
    assert_eq!(r.status, 413, "{}", r.text());
    // still serving
    let r = s.submit(&f.drafter, "small.txt", "", &unique(PASS_TXT, "small"));
    assert_eq!(r.status, 201);
}

#[test]
fn audit_verify_detects_tampering() {
    let f = Fixture::new();
    let mut s = f.start(&[]);
    let mut ids = Vec::new();
    for i in 0..4 {
        ids.push(id_of(&s.submit(
            &f.drafter,
            "r.txt",
            "",
            &unique(REVIEW_TXT, &format!("audit{i}")),
        )));
    }
    assert_eq!(s.decide(&f.officer, ids[0], "approve", "同意").status, 201);
    assert_eq!(s.decide(&f.officer, ids[1], "reject", "不同意").status, 201);
    assert!(s.terminate(), "graceful shutdown on SIGTERM exits 0");
    let (code, out) = audit_verify(&f.db());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("6"), "{out}");

    let copy = |name: &str| {
        let p = f.dir.path().join(name);
        std::fs::copy(f.db(), &p).unwrap();
        p
    };
    let run = |p: &std::path::Path, sql: &str| {
        let c = rusqlite::Connection::open(p).unwrap();
        c.execute_batch(sql).unwrap();
    };
    // altered row
    let p = copy("altered.db");
    run(
        &p,
        "UPDATE audit SET detail = replace(detail, '不同意', '同意') WHERE seq = 6",
    );
    let (code, out) = audit_verify(&p);
    assert_ne!(code, 0);
    assert!(out.contains("第 6 条"), "{out}");
    // a row deleted from the middle
    let p = copy("deleted.db");
    run(&p, "DELETE FROM audit WHERE seq = 3");
    let (code, out) = audit_verify(&p);
    assert_ne!(code, 0);
    assert!(out.contains("第 3 条"), "{out}");
    // the last row deleted
    let p = copy("cut.db");
    run(&p, "DELETE FROM audit WHERE seq = 6");
    let (code, out) = audit_verify(&p);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("第 6 条"), "{out}");
    // a rewritten row with a recomputed own hash still breaks the next link
    let p = copy("rehashed.db");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        let (ts, actor, action, item, detail, prev): (String, String, String, i64, String, String) =
            c.query_row(
                "SELECT ts, actor, action, item_id, detail, prev_hash FROM audit WHERE seq = 2",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )
            .unwrap();
        let detail = detail.replace("张三", "李四");
        let canon = serde_json::json!([2, ts, actor, action, item, detail]).to_string();
        let h = sha256_hex(format!("{prev}{canon}").as_bytes());
        c.execute(
            "UPDATE audit SET detail = ?1, hash = ?2 WHERE seq = 2",
            rusqlite::params![detail, h],
        )
        .unwrap();
    }
    let (code, out) = audit_verify(&p);
    assert_ne!(code, 0);
    assert!(out.contains("第 3 条"), "{out}");
    // the state changed behind the log's back
    let p = copy("status.db");
    run(
        &p,
        &format!("UPDATE items SET status = 'approved' WHERE id = {}", ids[2]),
    );
    let (code, out) = audit_verify(&p);
    assert_ne!(code, 0);
    assert!(out.contains(&format!("item {}", ids[2])), "{out}");
    // a decision removed
    let p = copy("nodecision.db");
    run(&p, "DELETE FROM decisions WHERE id = 1");
    let (code, _) = audit_verify(&p);
    assert_ne!(code, 0);
    // the original is still intact, and a restarted server serves it
    assert_eq!(audit_verify(&f.db()).0, 0);
    let s2 = f.start(&[]);
    let j = s2
        .req(
            "GET",
            &format!("/api/v1/items/{}", ids[0]),
            Some(&f.officer),
            b"",
        )
        .json();
    assert_eq!(j["status"], "approved");
}

fn cookie_of(r: &Resp) -> String {
    let c = r.header("set-cookie").expect("set-cookie");
    assert!(c.contains("HttpOnly"), "{c}");
    assert!(c.contains("SameSite=Strict"), "{c}");
    c.split(';').next().unwrap().to_string()
}

fn csrf_of(page: &str) -> String {
    let k = "name=\"csrf\" value=\"";
    let i = page.find(k).expect("csrf field") + k.len();
    page[i..i + page[i..].find('"').unwrap()].to_string()
}

fn login(s: &Server, token: &str) -> String {
    let r = request(
        &s.addr,
        "POST",
        "/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        format!("token={}", enc(token)).as_bytes(),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(r.header("location"), Some("/queue"));
    cookie_of(&r)
}

fn get_page(s: &Server, cookie: &str, path: &str) -> Resp {
    request(&s.addr, "GET", path, &[("Cookie", cookie)], b"")
}

fn post_form(s: &Server, cookie: &str, path: &str, form: &[(&str, &str)]) -> Resp {
    let body: Vec<String> = form
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect();
    request(
        &s.addr,
        "POST",
        path,
        &[
            ("Cookie", cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.join("&").as_bytes(),
    )
}

#[test]
fn pages_sign_in_queue_item_and_decide() {
    let f = Fixture::new();
    let s = f.start(&[]);
    let id = id_of(&s.submit(&f.drafter, "联系表.txt", "", &unique(REVIEW_TXT, "page")));
    let bid = id_of(&s.submit(&f.drafter, "密件.txt", "", &unique(BLOCK_TXT, "page")));
    let other = id_of(&s.submit(
        &f.other_drafter,
        "别处.txt",
        "",
        &unique(REVIEW_TXT, "other"),
    ));
    // not signed in → login page
    let r = request(&s.addr, "GET", "/queue", &[], b"");
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/login"));
    let r = request(&s.addr, "GET", "/login", &[], b"");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("访问令牌"));
    // wrong token
    let r = request(
        &s.addr,
        "POST",
        "/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"token=wrong",
    );
    assert_eq!(r.status, 401);
    assert!(r.header("set-cookie").is_none());
    // the officer's queue shows the unit's items only
    let oc = login(&s, &f.officer);
    let q = get_page(&s, &oc, "/queue");
    assert_eq!(q.status, 200);
    let qt = q.text();
    assert!(qt.contains("联系表.txt") && qt.contains("密件.txt"), "{qt}");
    assert!(!qt.contains("别处.txt"));
    assert!(qt.contains("待保密员审核"));
    // filters
    let qt = get_page(&s, &oc, "/queue?status=blocked").text();
    assert!(qt.contains("密件.txt") && !qt.contains("联系表.txt"));
    let qt = get_page(&s, &oc, "/queue?verdict=review").text();
    assert!(!qt.contains("密件.txt") && qt.contains("联系表.txt"));
    // item page: verdict, findings with masked excerpt, history, form with csrf
    let p = get_page(&s, &oc, &format!("/items/{id}"));
    assert_eq!(p.status, 200);
    let pt = p.text();
    assert!(pt.contains("需人工审查") && pt.contains("手机号码"), "{pt}");
    assert!(
        pt.contains("138******78") && !pt.contains("13812345678"),
        "{pt}"
    );
    assert!(pt.contains("提交审查") && pt.contains("id=\"decide\""));
    let csrf = csrf_of(&pt);
    // another unit's item
    assert_eq!(get_page(&s, &oc, &format!("/items/{other}")).status, 403);
    // POST without or with a wrong CSRF token
    let r = post_form(
        &s,
        &oc,
        &format!("/items/{id}/decide"),
        &[("decision", "approve"), ("note", "x")],
    );
    assert_eq!(r.status, 403);
    let r = post_form(
        &s,
        &oc,
        &format!("/items/{id}/decide"),
        &[("csrf", "0000"), ("decision", "approve"), ("note", "x")],
    );
    assert_eq!(r.status, 403);
    // without a cookie: to the login page, nothing decided
    let r = request(
        &s.addr,
        "POST",
        &format!("/items/{id}/decide"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        format!("csrf={csrf}&decision=approve&note=x").as_bytes(),
    );
    assert_eq!(r.status, 303);
    // an empty note is refused
    let r = post_form(
        &s,
        &oc,
        &format!("/items/{id}/decide"),
        &[("csrf", &csrf), ("decision", "approve"), ("note", " ")],
    );
    assert_eq!(r.status, 422);
    assert!(r.text().contains("审核意见"));
    // the block item's form offers reject only, and approving it is refused
    let bt = get_page(&s, &oc, &format!("/items/{bid}")).text();
    assert!(bt.contains("只能驳回") && !bt.contains("value=\"approve\""));
    let r = post_form(
        &s,
        &oc,
        &format!("/items/{bid}/decide"),
        &[("csrf", &csrf), ("decision", "approve"), ("note", "批准")],
    );
    assert_eq!(r.status, 409);
    // approve with a note
    let r = post_form(
        &s,
        &oc,
        &format!("/items/{id}/decide"),
        &[
            ("csrf", &csrf),
            ("decision", "approve"),
            ("note", "号码为办公电话，同意公开"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let pt = get_page(&s, &oc, r.header("location").unwrap()).text();
    assert!(
        pt.contains("已批准公开") && pt.contains("号码为办公电话，同意公开"),
        "{pt}"
    );
    assert!(!pt.contains("id=\"decide\""));
    let j = s
        .req("GET", &format!("/api/v1/items/{id}"), Some(&f.gateway), b"")
        .json();
    assert_eq!(j["status"], "approved");
    // the drafter sees the unit's items and statuses but no decision form
    let dc = login(&s, &f.drafter);
    let qt = get_page(&s, &dc, "/queue").text();
    assert!(qt.contains("已批准公开") && qt.contains("禁止公开"));
    let pt = get_page(&s, &dc, &format!("/items/{bid}")).text();
    assert!(!pt.contains("id=\"decide\""));
    // logging out ends the session
    let lt = csrf_of(&get_page(&s, &dc, "/queue").text());
    let r = post_form(&s, &dc, "/logout", &[("csrf", &lt)]);
    assert_eq!(r.status, 303);
    assert_eq!(get_page(&s, &dc, "/queue").status, 303);
    assert_eq!(audit_verify(&f.db()).0, 0);
}

#[test]
fn users_add_and_reload() {
    let f = Fixture::new();
    let s = f.start(&[]);
    // a user added while the server runs can sign in at once
    std::thread::sleep(std::time::Duration::from_millis(20));
    let t = add_user(&f.users(), "新拟稿人", "drafter", Some(UNIT));
    let r = s.submit(&t, "n.txt", "", &unique(PASS_TXT, "reload"));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["report"]["responsibility"]["drafter"], "新拟稿人");
    // no plain token in the file
    let text = std::fs::read_to_string(f.users()).unwrap();
    assert!(!text.contains(&t) && text.contains(&sha256_hex(t.as_bytes())));
    // bad role, missing unit, duplicate name: usage errors
    for args in [
        vec!["--name", "x", "--role", "boss"],
        vec!["--name", "y", "--role", "officer"],
        vec!["--name", "张三", "--role", "drafter", "--unit", "u"],
    ] {
        let out = std::process::Command::new(BIN)
            .args(["users", "add", "--users"])
            .arg(f.users())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}");
    }
}

/// An identifier in a submitted file name is masked before the name is stored: the item API,
/// the list, the review pages and the database hold the masked name only.
#[test]
fn identifiers_in_submitted_names_are_masked() {
    let f = Fixture::new();
    let s = f.start(&[]);
    let id = "12010119880808555X";
    let name = format!("名单_{id}.txt");
    let r = s.submit(&f.drafter, &name, "", &unique("无内容的公示", "idname"));
    let item = id_of(&r);
    assert!(!r.text().contains(id), "{}", r.text());
    let shown = r.json()["report"]["item"]["path"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(shown.contains("****"), "{shown}");
    for path in [format!("/api/v1/items/{item}"), "/api/v1/items".to_string()] {
        let g = s.req("GET", &path, Some(&f.officer), b"");
        assert_eq!(g.status, 200, "{path}: {}", g.text());
        assert!(!g.text().contains(id), "{path}: {}", g.text());
        assert!(g.text().contains(&shown), "{path}: {}", g.text());
    }
    let cookie = login(&s, &f.officer);
    for page in ["/queue".to_string(), format!("/items/{item}")] {
        let p = get_page(&s, &cookie, &page);
        assert!(!p.text().contains(id), "{page}");
    }
    drop(s);
    let mut db = Vec::new();
    for e in std::fs::read_dir(f.db().parent().unwrap()).unwrap() {
        let p = e.unwrap().path();
        if p.to_string_lossy().contains(".db") {
            db.extend(std::fs::read(&p).unwrap());
        }
    }
    assert!(!db.is_empty());
    assert!(
        !db.windows(id.len()).any(|w| w == id.as_bytes()),
        "the database holds the unmasked name"
    );
}
