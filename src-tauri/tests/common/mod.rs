//! The app on Tauri's mock runtime, for the tests that call its commands through IPC.

#![allow(dead_code)]

use std::path::Path;

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

use kith_app::AppState;

/// The app on the database at `db`, with its main window (no real window: the mock runtime).
pub struct MockApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl MockApp {
    pub fn open(db: &Path) -> Self {
        let app = kith_app::builder(mock_builder(), AppState::open(Some(db.to_owned())))
            .build(mock_context(noop_assets()))
            .expect("build the mock app");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("open the mock window");
        Self { _app: app, window }
    }

    /// Calls `cmd` with `body` as the UI would, from the app's own origin.
    pub fn invoke_body(&self, cmd: &str, body: InvokeBody) -> Result<InvokeResponseBody, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body,
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
    }

    /// Calls `cmd` with JSON arguments; the result or the error as JSON.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.invoke_body(cmd, InvokeBody::Json(args))
            .map(|body| body.deserialize::<Value>().expect("JSON response"))
    }
}
