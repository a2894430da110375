//! The page the room's phones load: HTML, a style sheet and a script kept
//! under `assets/workshop/` and compiled into the binary, so nothing is
//! fetched from anywhere else (the room may have no internet).

use axum::http::header;
use axum::response::IntoResponse;

const INDEX: &str = include_str!("../../assets/workshop/index.html");
const SCRIPT: &str = include_str!("../../assets/workshop/app.js");
const STYLE: &str = include_str!("../../assets/workshop/style.css");

pub(super) async fn index() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX)
}

pub(super) async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
}

pub(super) async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE)
}
