//! Tauri commands, one file per area. Each is thin: unpack, call one core function, return
//! the core's error unchanged. Register new commands in `lib.rs` and in `build.rs`.

pub mod app;
pub mod contacts;
