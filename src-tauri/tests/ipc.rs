//! The app's commands through Tauri's IPC layer (mock runtime, no window): arguments arrive
//! as the UI sends them (camelCase JSON), results and errors come back as the UI reads them —
//! errors as `{ type, data }`, never a bare string.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

use kith_app::AppState;

struct Harness {
    _app: App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
}

impl Harness {
    fn new(db: &std::path::Path) -> Self {
        let app = kith_app::builder(mock_builder(), AppState::open(Some(db.to_owned())))
            .build(mock_context(noop_assets()))
            .expect("build the mock app");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("open the mock window");
        Self { _app: app, window }
    }

    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().expect("JSON response"))
    }
}

#[test]
fn add_list_and_get_a_contact_through_ipc() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::new(&dir.path().join("kith.db"));

    let added = h
        .invoke(
            "contact_add",
            json!({ "input": { "name": "Ana Ruiz", "company": "Acme", "email": "ana@acme.com" } }),
        )
        .expect("contact_add succeeds");
    assert_eq!(added["name"], "Ana Ruiz");
    assert_eq!(added["company"], "Acme");
    assert_eq!(added["role"], Value::Null);
    assert!(added["createdAt"].is_string());

    let page = h
        .invoke(
            "contact_list",
            json!({ "query": { "limit": 50, "offset": 0 } }),
        )
        .expect("contact_list succeeds");
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["email"], "ana@acme.com");

    let got = h
        .invoke("contact_get", json!({ "id": added["id"] }))
        .expect("contact_get succeeds");
    assert_eq!(got, added);

    let info = h.invoke("database_info", json!({})).expect("database_info");
    assert_eq!(info["schemaVersion"], kith::store::SCHEMA_VERSION);
}

#[test]
fn validation_errors_arrive_tagged_with_every_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::new(&dir.path().join("kith.db"));

    let err = h
        .invoke(
            "contact_add",
            json!({ "input": { "name": "  ", "email": "not an email" } }),
        )
        .expect_err("an empty name is refused");
    assert_eq!(err["type"], "invalid");
    let fields: Vec<&str> = err["data"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("field name"))
        .collect();
    assert_eq!(fields, ["name", "email"]);

    let page = h
        .invoke(
            "contact_list",
            json!({ "query": { "limit": 50, "offset": 0 } }),
        )
        .expect("contact_list");
    assert_eq!(page["total"], 0, "nothing was written");

    let missing = h
        .invoke("contact_get", json!({ "id": 4242 }))
        .expect_err("no such contact");
    assert_eq!(
        missing,
        json!({ "type": "notFound", "data": { "entity": "contact", "id": 4242 } })
    );
}

#[test]
fn a_refused_database_is_reported_by_every_command_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("notes.db");
    std::fs::write(&db, "not a database at all").expect("write");
    let h = Harness::new(&db);

    let err = h.invoke("database_info", json!({})).expect_err("refused");
    assert_eq!(err["type"], "notADatabase");
    assert_eq!(err["data"]["path"], db.display().to_string());

    let err = h
        .invoke("contact_add", json!({ "input": { "name": "Ana" } }))
        .expect_err("nothing can be written");
    assert_eq!(err["type"], "notADatabase");
    assert_eq!(std::fs::read(&db).expect("read"), b"not a database at all");
}
