//! The designs REST API against the real server, on SQLite and on PostgreSQL.

#[macro_use]
mod common;

use common::{Server, TestDb, call, request};
use serde_json::{Value, json};

fn doc(name: &str, value: &str, tags: &[&str]) -> Value {
    json!({"name": name, "tags": tags, "kind": "json",
           "source": json!({"type": "Card", "children": [{"type": "Text", "value": value}]}).to_string()})
}

both!(
    create_save_conflict_overwrite_history_restore,
    create_save_conflict_overwrite_history_restore_on
);
fn create_save_conflict_overwrite_history_restore_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let (st, rec) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({"document": doc("Flight", "v1", &["travel"]), "message": "first"})),
    );
    assert_eq!(st, 201, "{rec}");
    let id = rec["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    assert_eq!(rec["revision"], 1);

    let (st, rec) = call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": doc("Flight", "v2", &["travel"]), "base_revision": 1})),
    );
    assert_eq!((st, rec["revision"].as_i64()), (200, Some(2)), "{rec}");

    // A stale save: 409 with the current revision and a diff against the client's copy.
    let (st, err) = call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": doc("Flight", "mine", &["travel"]), "base_revision": 1})),
    );
    assert_eq!(st, 409, "{err}");
    assert_eq!(err["error"]["code"], "conflict");
    assert_eq!(err["error"]["details"]["current_revision"], 2);
    assert_eq!(err["error"]["details"]["diff"][0]["path"], "source");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("overwrite")
    );
    // Nothing was lost: revision 2 is still the head.
    let (_, cur) = call(&s, "GET", &format!("/api/designs/{id}"), None);
    assert!(cur["document"]["source"].as_str().unwrap().contains("v2"));

    let (st, rec) = call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(
            &json!({"document": doc("Flight", "mine", &["travel"]), "overwrite": true, "message": "forced"}),
        ),
    );
    assert_eq!((st, rec["revision"].as_i64()), (200, Some(3)));

    let (_, revs) = call(&s, "GET", &format!("/api/designs/{id}/revisions"), None);
    let numbers: Vec<i64> = revs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [3, 2, 1]);
    assert_eq!(revs["items"][2]["message"], "first");

    let (st, r1) = call(&s, "GET", &format!("/api/designs/{id}/revisions/1"), None);
    assert_eq!(st, 200);
    assert!(r1["document"]["source"].as_str().unwrap().contains("v1"));

    let (_, d) = call(
        &s,
        "GET",
        &format!("/api/designs/{id}/diff?from=1&to=3"),
        None,
    );
    assert_eq!(d["changes"].as_array().unwrap().len(), 1, "{d}");

    // Restoring revision 1 creates revision 4 with its content.
    let (st, rec) = call(
        &s,
        "POST",
        &format!("/api/designs/{id}/revisions/1/restore"),
        None,
    );
    assert_eq!((st, rec["revision"].as_i64()), (200, Some(4)));
    assert!(rec["document"]["source"].as_str().unwrap().contains("v1"));
    // Restoring it again (or any revision that holds what the head holds) makes none: the
    // head is answered as it is.
    let (st, again) = call(
        &s,
        "POST",
        &format!("/api/designs/{id}/revisions/1/restore"),
        None,
    );
    assert_eq!((st, again["revision"].as_i64()), (200, Some(4)), "{again}");
    let (_, list) = call(&s, "GET", &format!("/api/designs/{id}/revisions"), None);
    assert_eq!(list["items"].as_array().map(Vec::len), Some(4), "{list}");
    let (st, _) = call(&s, "GET", &format!("/api/designs/{id}/revisions/99"), None);
    assert_eq!(st, 404);
}

both!(
    list_search_tags_sort_pages_trash_fork_import,
    list_search_tags_sort_pages_trash_fork_import_on
);
fn list_search_tags_sort_pages_trash_fork_import_on(db: &TestDb) {
    let s = Server::start(&db.url);
    for (n, t) in [
        ("Alpha card", "a"),
        ("beta list", "b"),
        ("Gamma card", "a"),
        ("100%_done", "b"),
    ] {
        let (st, _) = call(
            &s,
            "POST",
            "/api/designs",
            Some(&json!({"document": doc(n, n, &[t])})),
        );
        assert_eq!(st, 201);
    }
    let (_, all) = call(&s, "GET", "/api/designs?sort=name", None);
    assert_eq!(
        names(&all),
        ["100%_done", "Alpha card", "beta list", "Gamma card"]
    );
    assert_eq!(all["total"], 4);
    let (_, cards) = call(&s, "GET", "/api/designs?q=CARD&sort=name&order=desc", None);
    assert_eq!(names(&cards), ["Gamma card", "Alpha card"]);
    // LIKE wildcards in the query are literal.
    let (_, pct) = call(&s, "GET", "/api/designs?q=%25_", None);
    assert_eq!(names(&pct), ["100%_done"]);
    let (_, tagged) = call(&s, "GET", "/api/designs?tag=b&sort=name", None);
    assert_eq!(names(&tagged), ["100%_done", "beta list"]);
    let (_, page) = call(&s, "GET", "/api/designs?sort=name&limit=2&offset=2", None);
    assert_eq!(
        (names(&page), page["total"].as_i64()),
        (
            vec!["beta list".to_string(), "Gamma card".to_string()],
            Some(4)
        )
    );

    // Soft delete, trash, restore.
    let id = all["items"][1]["id"].as_str().unwrap().to_string();
    let (st, _) = call(&s, "DELETE", &format!("/api/designs/{id}"), None);
    assert_eq!(st, 204);
    assert_eq!(call(&s, "GET", &format!("/api/designs/{id}"), None).0, 404);
    let (_, trash) = call(&s, "GET", "/api/designs?deleted=true", None);
    assert_eq!(names(&trash), ["Alpha card"]);
    assert_eq!(call(&s, "GET", "/api/designs", None).1["total"], 3);
    let (st, back) = call(&s, "POST", &format!("/api/designs/{id}/restore"), None);
    assert_eq!(
        (st, back["document"]["name"].as_str()),
        (200, Some("Alpha card"))
    );
    // Again: nothing to do, and not an error (the design is there); no such design is.
    let (st, again) = call(&s, "POST", &format!("/api/designs/{id}/restore"), None);
    assert_eq!(
        (
            st,
            again["document"]["name"].as_str(),
            again["revision"].as_i64()
        ),
        (200, Some("Alpha card"), back["revision"].as_i64())
    );
    assert_eq!(call(&s, "POST", "/api/designs/nope/restore", None).0, 404);

    // Fork and import.
    let (st, fork) = call(&s, "POST", "/api/designs", Some(&json!({"from": id})));
    assert_eq!(
        (
            st,
            fork["document"]["name"].as_str(),
            fork["revision"].as_i64()
        ),
        (201, Some("Alpha card (copy)"), Some(1))
    );
    // A name as long as a name may be: the copy says so still, its base cut to fit.
    let long = "L".repeat(200);
    let (_, rec) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({"document": doc(&long, "x", &[])})),
    );
    let (st, fork_long) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({"from": rec["id"]})),
    );
    assert_eq!(st, 201, "{fork_long}");
    let name = fork_long["document"]["name"].as_str().unwrap();
    assert!(
        name.ends_with("L (copy)") && name.chars().count() == 200,
        "{name}"
    );
    // (Both go again, so the list below is as it was.)
    for v in [&rec, &fork_long] {
        let (st, _) = call(
            &s,
            "DELETE",
            &format!("/api/designs/{}", v["id"].as_str().unwrap()),
            None,
        );
        assert_eq!(st, 204);
    }
    let (st, imp) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({"import": "<Card><Text value={greeting} /></Card>", "name": "Imported"})),
    );
    assert_eq!(
        (
            st,
            imp["document"]["kind"].as_str(),
            imp["document"]["name"].as_str()
        ),
        (201, Some("jsx"), Some("Imported"))
    );
    let (st, bad) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({"import": "{\"type\": \"Card\",\n  \"children\": [}"})),
    );
    assert_eq!(st, 422);
    assert_eq!(bad["error"]["code"], "invalid-import");
    assert_eq!(bad["error"]["details"]["diagnostics"][0]["line"], 2);
    // A design document written elsewhere is tidied, not refused (as in a backup): a name
    // with a tab, a bidi override and 500 characters, a tag of 80.
    let written = json!({
        "name": format!("tab\there \u{202e}{}", "n".repeat(500)),
        "kind": "jsx",
        "source": "<Card><Text value=\"x\" /></Card>",
        "default_state": {},
        "tags": ["t".repeat(80)],
    });
    let (st, imp) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({"import": written.to_string()})),
    );
    assert_eq!(st, 201, "{imp}");
    let name = imp["document"]["name"].as_str().unwrap();
    assert!(name.starts_with("tab here"), "{name}");
    assert!(name.chars().count() <= 200, "{name}");
    assert!(!name.contains('\u{202e}') && !name.contains('\t'), "{name}");
    let tag = imp["document"]["tags"][0].as_str().unwrap();
    assert!(tag.chars().count() <= 50, "{tag}");
}

both!(
    bad_requests_get_clear_errors,
    bad_requests_get_clear_errors_on
);
fn bad_requests_get_clear_errors_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let (_, rec) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({"document": doc("X", "x", &[])})),
    );
    let id = rec["id"].as_str().unwrap().to_string();
    // Malformed JSON: 400 with the position.
    let (st, _, body) = request(
        s.addr,
        "POST",
        "/api/designs",
        &[("Content-Type", "application/json")],
        "{\"document\": \n {,}",
    );
    let err: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(st, 400, "{body}");
    assert_eq!(
        (
            err["error"]["details"]["line"].as_i64(),
            err["error"]["code"].as_str()
        ),
        (Some(2), Some("bad-request"))
    );
    for (method, path, body, status, needle) in [
        (
            "PUT",
            format!("/api/designs/{id}"),
            json!({"document": doc("X", "y", &[])}),
            422,
            "base_revision",
        ),
        (
            "POST",
            "/api/designs".to_string(),
            json!({}),
            422,
            "exactly one of",
        ),
        (
            "POST",
            "/api/designs".to_string(),
            json!({"document": doc("  ", "y", &[])}),
            422,
            "name",
        ),
        (
            "POST",
            "/api/designs".to_string(),
            json!({"document": {"name": "n", "kind": "pdf", "source": ""}}),
            400,
            "expected one of `jsx`",
        ),
        (
            "PUT",
            format!("/api/designs/{id}"),
            json!({"base_revision": 1, "document": {"name": "n", "kind": "jsx", "source": "<Card />",
                "states": [{"name": "a", "data": {}}, {"name": "a", "data": {}}]}}),
            422,
            "states[1].name: \"a\" is already the name of states[0]",
        ),
        (
            "POST",
            "/api/designs".to_string(),
            json!({"document": {"name": "n", "kind": "jsx", "source": "<Card />", "default_state": [],
                "states": [{"name": "default", "data": 3}]}}),
            422,
            "default_state: the default state is a list; a state is a JSON object",
        ),
        (
            "POST",
            "/api/designs".to_string(),
            json!({"document": doc("a\u{0}b", "y", &[])}),
            422,
            "name: holds U+0000 (a control character) at character 2",
        ),
        (
            "PATCH",
            format!("/api/designs/{id}"),
            json!({"patch": {"zzz": 1}}),
            422,
            "patch.zzz: not a field of a design document; the fields are name, description",
        ),
        (
            "PATCH",
            format!("/api/designs/{id}"),
            json!({"patch": {"name": "fine", "tags": "x"}}),
            422,
            "patch.tags: invalid type: string \"x\", expected a sequence",
        ),
        (
            "PATCH",
            format!("/api/designs/{id}"),
            json!({"patch": {}}),
            422,
            "patch: empty, so nothing would change",
        ),
        (
            "PATCH",
            format!("/api/designs/{id}"),
            json!({"patch": {"name": "x"}, "base_revision": 99}),
            409,
            "patch again with \"base_revision\": 1, or without base_revision",
        ),
        (
            "POST",
            format!("/api/designs/{id}"),
            json!({}),
            405,
            "does not take POST; it takes",
        ),
        (
            "PUT",
            "/api/assets".to_string(),
            json!({}),
            405,
            "/api/assets does not take PUT; it takes",
        ),
        (
            "GET",
            "/api/designs?q=%00nothing".to_string(),
            Value::Null,
            422,
            "q: holds U+0000",
        ),
        (
            "GET",
            "/api/designs/nope".to_string(),
            Value::Null,
            404,
            "no design",
        ),
        (
            "GET",
            "/api/designs?sort=size".to_string(),
            Value::Null,
            // A sort key outside the closed set is a malformed query (400), like any other.
            400,
            "name, created or updated",
        ),
        (
            "GET",
            "/api/designs?limit=0".to_string(),
            Value::Null,
            422,
            "1 to 200",
        ),
        (
            "PUT",
            "/api/designs/nope".to_string(),
            json!({"document": doc("X", "y", &[]), "base_revision": 1}),
            404,
            "no design",
        ),
        // A revision number out of range is invalid (422); one past the head is not there.
        (
            "POST",
            format!("/api/designs/{id}/shares"),
            json!({"revision": 0}),
            422,
            "revision: 0 is not a revision number; they count from 1",
        ),
        (
            "POST",
            format!("/api/designs/{id}/shares"),
            json!({"revision": 99}),
            404,
            "no revision 99",
        ),
    ] {
        let (st, err) = call(&s, method, &path, (!body.is_null()).then_some(&body));
        assert_eq!(st, status, "{method} {path}: {err}");
        let msg = err["error"]["message"].as_str().unwrap_or_default();
        assert!(msg.contains(needle), "{method} {path}: {msg}");
    }
    // A body over the limit is a JSON error too (it was axum's plain text).
    let big = format!("\"{}\"", "x".repeat(5 << 20));
    for path in [
        "/api/validate".to_string(),
        format!("/api/designs/{id}/shares"),
    ] {
        let (st, head, body) = common::request_bytes(
            s.addr,
            "POST",
            &path,
            &[("Content-Type", "application/json")],
            big.as_bytes(),
        );
        assert_eq!(st, 413, "{path}");
        assert!(
            head.to_ascii_lowercase().contains("application/json"),
            "{path}: {head}"
        );
        let err: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(err["error"]["code"], "too-large", "{path}");
    }
}

both!(
    concurrent_saves_never_lose_an_acknowledged_save,
    concurrent_saves_never_lose_an_acknowledged_save_on
);
fn concurrent_saves_never_lose_an_acknowledged_save_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let (_, rec) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({"document": doc("Shared", "0", &[])})),
    );
    let shared = rec["id"].as_str().unwrap().to_string();
    let own: Vec<String> = (0..10)
        .map(|i| {
            call(
                &s,
                "POST",
                "/api/designs",
                Some(&json!({"document": doc(&format!("Own {i}"), "0", &[])})),
            )
            .1["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let addr = s.addr;
    let threads: Vec<_> = (0..50)
        .map(|t| {
            let shared = shared.clone();
            let own = own[t % 10].clone();
            std::thread::spawn(move || {
                let mut acked = Vec::new();
                let mut conflicts = 0;
                for round in 0..4 {
                    let target = if round % 2 == 0 { &shared } else { &own };
                    let (_, _, body) =
                        request(addr, "GET", &format!("/api/designs/{target}"), &[], "");
                    let base = serde_json::from_str::<Value>(&body).unwrap()["revision"]
                        .as_i64()
                        .unwrap();
                    let marker = format!("t{t}r{round}");
                    let save =
                        json!({"document": doc("Shared", &marker, &[]), "base_revision": base})
                            .to_string();
                    let (st, _, body) = request(
                        addr,
                        "PUT",
                        &format!("/api/designs/{target}"),
                        &[("Content-Type", "application/json")],
                        &save,
                    );
                    match st {
                        200 => {
                            let v: Value = serde_json::from_str(&body).unwrap();
                            acked.push((target.clone(), v["revision"].as_i64().unwrap(), marker));
                        }
                        409 => conflicts += 1,
                        other => panic!("unexpected {other}: {body}"),
                    }
                }
                (acked, conflicts)
            })
        })
        .collect();
    let mut acked = Vec::new();
    let mut conflicts = 0;
    for t in threads {
        let (a, c) = t.join().unwrap();
        acked.extend(a);
        conflicts += c;
    }
    assert_eq!(acked.len() + conflicts, 200);
    assert!(!acked.is_empty());
    // Every acknowledged save is a distinct revision holding exactly what was sent.
    let mut seen = std::collections::HashSet::new();
    for (id, n, marker) in &acked {
        assert!(
            seen.insert((id.clone(), *n)),
            "revision {n} of {id} acknowledged twice"
        );
        let (st, r) = call(&s, "GET", &format!("/api/designs/{id}/revisions/{n}"), None);
        assert_eq!(st, 200);
        assert!(
            r["document"]["source"]
                .as_str()
                .unwrap()
                .contains(&format!("\"{marker}\"")),
            "{id}@{n} lost {marker}"
        );
    }
    // Revision numbers are dense: 1 + the acknowledged saves of each design.
    for id in std::iter::once(&shared).chain(own.iter()) {
        let n = acked.iter().filter(|(i, _, _)| i == id).count() as i64;
        assert_eq!(
            call(&s, "GET", &format!("/api/designs/{id}"), None).1["revision"].as_i64(),
            Some(1 + n)
        );
    }
}

both!(
    search_and_sort_fold_case_in_every_script,
    search_and_sort_fold_case_in_every_script_on
);
/// SQLite's `lower()` folds ASCII letters only: a search for "flüge" missed "FLÜGE" there,
/// and sorting by name put "Émile" after "zoe" only on PostgreSQL. Both compare the name
/// lower-cased by the server now.
fn search_and_sort_fold_case_in_every_script_on(db: &TestDb) {
    let s = Server::start(&db.url);
    for n in ["FLÜGE nach Köln", "Émile", "élan", "zoe", "ΣΟΦΙΑ"] {
        let (st, _) = call(
            &s,
            "POST",
            "/api/designs",
            Some(&json!({"document": doc(n, n, &["x"])})),
        );
        assert_eq!(st, 201);
    }
    for (q, want) in [
        ("flüge", vec!["FLÜGE nach Köln"]),
        ("KÖLN", vec!["FLÜGE nach Köln"]),
        ("ÉMI", vec!["Émile"]),
        ("σοφ", vec!["ΣΟΦΙΑ"]),
    ] {
        let (st, v) = call(&s, "GET", &format!("/api/designs?q={}", pct(q)), None);
        assert_eq!(st, 200, "{v}");
        assert_eq!(names(&v), want, "q={q}");
    }
    // "élan" and "Émile" sort together, whatever their case.
    let (_, v) = call(&s, "GET", "/api/designs?sort=name", None);
    assert_eq!(
        names(&v),
        ["FLÜGE nach Köln", "zoe", "élan", "Émile", "ΣΟΦΙΑ"]
    );
}

/// The names of a page of designs, in order.
fn names(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

fn pct(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

both!(
    unknown_fields_are_refused_not_dropped,
    unknown_fields_are_refused_not_dropped_on
);
/// A write's misspelt or unknown field, at any depth the document has fixed fields, is a 422
/// that names its path, its line and column and the fields there are; nothing is saved. The
/// free-form parts (state data, handler rules, `original`) keep any field.
fn unknown_fields_are_refused_not_dropped_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let (st, rec) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({"document": doc("X", "x", &[])})),
    );
    assert_eq!(st, 201, "{rec}");
    let id = rec["id"].as_str().unwrap().to_string();
    let with = |field: &str, value: Value| {
        let mut d = doc("X", "x", &[]);
        d[field] = value;
        d
    };
    let typo = with("descripton", json!("lost"));
    for (method, path, body, at, allowed_has) in [
        (
            "PUT",
            format!("/api/designs/{id}"),
            json!({"document": typo, "base_revision": 1}),
            "document.descripton",
            "description",
        ),
        (
            "POST",
            "/api/designs".to_string(),
            json!({"document": typo}),
            "document.descripton",
            "description",
        ),
        (
            "POST",
            "/api/designs".to_string(),
            json!({"document": doc("X", "x", &[]), "mesage": "m"}),
            "mesage",
            "message",
        ),
        (
            "PUT",
            format!("/api/designs/{id}"),
            json!({"document": doc("X", "x", &[]), "base_revison": 1}),
            "base_revison",
            "base_revision",
        ),
        (
            "PUT",
            format!("/api/designs/{id}"),
            json!({"document": with("states", json!([{"name": "a", "data": {}}, {"name": "b", "dat": {}}])), "base_revision": 1}),
            "document.states[1].dat",
            "data",
        ),
        (
            "PUT",
            format!("/api/designs/{id}"),
            json!({"document": with("export", json!({"asset_bse": "https://cdn.example.com/"})), "base_revision": 1}),
            "document.export.asset_bse",
            "asset_base",
        ),
        (
            "PUT",
            format!("/api/designs/{id}"),
            json!({"document": with("schema", json!({"mode": "json", "jsonschema": {}})), "base_revision": 1}),
            "document.schema.jsonschema",
            "json_schema",
        ),
        (
            "PATCH",
            format!("/api/designs/{id}"),
            json!({"patch": {"export": {"asset_bse": "x"}}}),
            "patch.export.asset_bse",
            "asset_base",
        ),
        (
            "PATCH",
            format!("/api/designs/{id}"),
            json!({"patch": {"name": "Y"}, "base_revison": 1}),
            "base_revison",
            "base_revision",
        ),
        // The other bodies with fixed fields answer the same way.
        (
            "POST",
            format!("/api/designs/{id}/shares"),
            json!({"revison": 1}),
            "revison",
            "revision",
        ),
        (
            "POST",
            "/api/render".to_string(),
            json!({"veiw": "<Card />", "data": {}}),
            "veiw",
            "view",
        ),
        (
            "POST",
            format!("/api/designs/{id}/actions/replay"),
            json!({"from": 1, "too": 2}),
            "too",
            "to",
        ),
    ] {
        let (st, err) = call(&s, method, &path, Some(&body));
        assert_eq!(st, 422, "{method} {path} {body}: {err}");
        let e = &err["error"];
        assert_eq!(e["code"], "invalid", "{err}");
        assert_eq!(e["details"]["path"], at, "{err}");
        assert!(e["details"]["line"].as_u64() >= Some(1), "{err}");
        assert!(e["details"]["column"].as_u64() > Some(1), "{err}");
        let allowed: Vec<&str> = e["details"]["allowed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(allowed.contains(&allowed_has), "{err}");
        let msg = e["message"].as_str().unwrap();
        assert!(
            msg.starts_with(&format!("{at}: not a field of "))
                && msg.contains(&format!("did you mean {allowed_has}?"))
                && msg.contains(&allowed.join(", "))
                && msg.contains("(at line "),
            "{msg}"
        );
    }
    // Nothing was saved or created.
    let (_, now) = call(&s, "GET", &format!("/api/designs/{id}"), None);
    assert_eq!(now["revision"], 1, "{now}");
    let (_, list) = call(&s, "GET", "/api/designs", None);
    assert_eq!(list["total"], 1, "{list}");
    // The document's own fields (the patch's existing message), with the list of fields.
    let (st, err) = call(
        &s,
        "PATCH",
        &format!("/api/designs/{id}"),
        Some(&json!({"patch": {"zzz": 1}})),
    );
    assert_eq!(st, 422);
    assert_eq!(
        err["error"]["details"]["allowed"],
        json!([
            "name",
            "description",
            "tags",
            "kind",
            "source",
            "default_state",
            "states",
            "schema",
            "handlers",
            "target",
            "original",
            "export"
        ])
    );
    // Free-form parts keep whatever they hold; the fields spelt right are saved.
    let mut free = doc("X", "x", &[]);
    free["description"] = json!("kept");
    free["default_state"] = json!({"anything": {"goes": 1}});
    free["states"] = json!([{"name": "a", "data": {"descripton": "is data"}}]);
    free["handlers"] = json!({"whatever": true});
    let (st, saved) = call(
        &s,
        "PUT",
        &format!("/api/designs/{id}"),
        Some(&json!({"document": free, "base_revision": 1})),
    );
    assert_eq!(st, 200, "{saved}");
    assert_eq!(saved["document"]["description"], "kept");
    assert_eq!(
        saved["document"]["states"][0]["data"]["descripton"],
        "is data"
    );
    assert_eq!(saved["document"]["handlers"], json!({"whatever": true}));
}

/// Every JSON route's 405 names the methods the route takes: in the message, in
/// `details.allow` and in the `Allow` header (they were all empty).
#[test]
fn every_405_names_the_methods_the_route_takes() {
    use server::route_table::{ROUTES, Verb};
    let db = TestDb::sqlite("405");
    let s = Server::start(&db.url);
    let fill = |p: &str| {
        p.replace("{id}", "x")
            .replace("{n}", "1")
            .replace("{token}", "t")
            .replace("{name}", "n")
    };
    // The REST API's routes (the pages' server functions and the catch-all aside).
    let mut paths: Vec<&str> = ROUTES
        .iter()
        .map(|r| r.path)
        .filter(|p| {
            (p.starts_with("/api/") || p.starts_with("/s/{token}/"))
                && !p.starts_with("/api/ui/")
                && !["/api/preview", "/api/a2ui", "/api/{*rest}"].contains(p)
        })
        .collect();
    paths.sort_unstable();
    paths.dedup();
    assert!(paths.len() > 20, "{paths:?}");
    let mut checked = 0;
    for path in paths {
        let takes: Vec<Verb> = Verb::METHODS
            .into_iter()
            .filter(|v| ROUTES.iter().any(|r| r.path == path && r.verb == *v))
            .collect();
        // HEAD is answered wherever GET is.
        let allow = takes
            .iter()
            .flat_map(|v| match v {
                Verb::Get => vec!["GET", "HEAD"],
                v => vec![v.as_str()],
            })
            .collect::<Vec<_>>()
            .join(", ");
        for verb in Verb::METHODS.into_iter().filter(|v| !takes.contains(v)) {
            let url = fill(path);
            let (st, head, body) = request(
                s.addr,
                verb.as_str(),
                &url,
                &[("Content-Type", "application/json")],
                "{}",
            );
            assert_eq!(st, 405, "{} {url}: {body}", verb.as_str());
            let err: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(err["error"]["code"], "method-not-allowed");
            assert_eq!(err["error"]["details"]["allow"], allow, "{url}: {body}");
            assert_eq!(
                err["error"]["message"],
                format!(
                    "{url} does not take {}; it takes {allow} (see /api/openapi.json)",
                    verb.as_str()
                )
            );
            assert!(
                head.to_ascii_lowercase()
                    .lines()
                    .any(|l| l == format!("allow: {}", allow.to_ascii_lowercase())),
                "{} {url}: {head}",
                verb.as_str()
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
    // The audit's example, spelt out.
    let (st, head, body) = request(s.addr, "DELETE", "/api/designs", &[], "");
    assert_eq!(st, 405);
    assert!(body.contains("it takes GET, HEAD, POST"), "{body}");
    assert!(head.contains("allow: GET, HEAD, POST"), "{head}");
    // ... and HEAD is answered.
    let (st, _, _) = request(s.addr, "HEAD", "/api/designs", &[], "");
    assert_eq!(st, 200);
}

both!(
    a_share_link_gives_the_design_without_its_handler_rules,
    a_share_link_gives_the_design_without_its_handler_rules_on
);
fn a_share_link_gives_the_design_without_its_handler_rules_on(db: &TestDb) {
    let s = Server::start(&db.url);
    let rules = json!({
        "rules": [{"on": "go", "steps": [{"step": "notice", "level": "info", "message": "RULE-SECRET"}]}],
        "forward": "http://localhost:8123/chatkit"
    });
    let document = json!({
        "name": "Rules", "kind": "jsx", "default_state": {}, "handlers": rules,
        "source": "<Card><Button label=\"Go\" onClickAction={{ type: \"go\" }} /></Card>"
    });
    let (st, rec) = call(
        &s,
        "POST",
        "/api/designs",
        Some(&json!({ "document": document })),
    );
    assert_eq!(st, 201, "{rec}");
    let id = rec["id"].as_str().unwrap().to_string();
    let builder = |file: &str| -> Value {
        let file: Value = serde_json::from_str(file).unwrap();
        let text =
            widget::widgetfile::base64url_decode(file["encodedWidget"].as_str().unwrap()).unwrap();
        serde_json::from_slice(&text).unwrap()
    };
    // The owner's .widget holds the rules: brought back, it is the whole design.
    let (st, _, own) = s.get(&format!("/api/designs/{id}/export?format=widget"));
    assert_eq!(st, 200, "{own}");
    assert_eq!(builder(&own)["handlers"], rules);
    // A share link's page, its data and its .widget do not.
    let (st, share) = call(&s, "POST", &format!("/api/designs/{id}/shares"), None);
    assert_eq!(st, 201, "{share}");
    let token = share["token"].as_str().unwrap();
    let (st, _, file) = s.get(&format!("/s/{token}/export?format=widget"));
    assert_eq!(st, 200, "{file}");
    assert!(builder(&file).get("handlers").is_none(), "{file}");
    for path in [
        format!("/s/{token}"),
        format!("/api/ui/shared?token={token}"),
    ] {
        let (st, _, body) = s.get(&path);
        assert_eq!(st, 200, "{path}: {body}");
        assert!(body.contains("Rules"), "{path}");
        assert!(
            !body.contains("RULE-SECRET") && !body.contains("8123"),
            "{path}"
        );
    }
}
