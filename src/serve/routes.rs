//! The page and the API:
//!
//! - `GET /` (and `/app.js`, `/style.css`): the page, embedded in the binary;
//! - `POST /api/audit`: multipart, each file in a field named `file`; options `template`,
//!   `lang`, `fail_on`. One file: the CLI's JSON report (`X-Audit-Id` names its stored
//!   results); several: the batch index's JSON, each file's `workbook` its download URL
//!   (`X-Audit-Ids`: the ids in the files' order, empty for an unreadable one).
//!   `X-Exit-Code` is the code `annex-audit audit` would exit with;
//! - `GET /api/workbook/{id}`, `GET /api/report/{id}`: the workbook and the JSON report, the
//!   bytes the CLI writes; `GET /api/view/{id}`: the audited tables as published;
//! - `GET /api/health`.
//!
//! Every request must name the server itself in `Host` (127.0.0.1 or localhost and its port:
//! a page on another site that rebinds its name to 127.0.0.1 is refused), and every request
//! that is not a GET must come from no page or from this one (`Origin`).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use tokio::sync::Semaphore;

use super::store::ResultStore;
use super::upload::{self, BadRequest, Outcome, fails};
use super::{ServeConfig, locale_lang};
use crate::audit::{Lang, Summary};
use crate::report::{TOOL_NAME, TOOL_VERSION, write_index_json};

const INDEX_HTML: &str = include_str!("../../web/index.html");
const APP_JS: &str = include_str!("../../web/app.js");
const STYLE_CSS: &str = include_str!("../../web/style.css");

/// Nothing from another origin: no CDN, no font, no script, no frame.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// Results by id.
    pub store: Arc<ResultStore>,
    audits: Arc<Semaphore>,
    concurrent_audits: usize,
    limits: crate::package::Limits,
    lang: Lang,
    port: u16,
    page: Arc<String>,
}

impl AppState {
    /// The state of a server on `port`.
    pub fn new(config: &ServeConfig, port: u16) -> Self {
        let lang = config.lang.unwrap_or_else(locale_lang);
        let code = match lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        };
        AppState {
            store: Arc::new(ResultStore::new(config.result_ttl)),
            audits: Arc::new(Semaphore::new(config.concurrent_audits.max(1))),
            concurrent_audits: config.concurrent_audits.max(1),
            limits: config.limits.clone(),
            lang,
            port,
            page: Arc::new(INDEX_HTML.replace("{{LANG}}", code)),
        }
    }
}

/// The routes, the request checks and the body limit.
pub fn router(state: AppState, config: &ServeConfig) -> Router {
    Router::new()
        .route("/", get(index))
        .route(
            "/app.js",
            get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/style.css",
            get(|| async { asset(STYLE_CSS, "text/css; charset=utf-8") }),
        )
        .route("/api/health", get(health))
        .route("/api/audit", post(audit))
        .route("/api/workbook/{id}", get(workbook))
        .route("/api/report/{id}", get(report))
        .route("/api/view/{id}", get(view))
        .fallback(|State(state): State<AppState>| async move {
            error(
                StatusCode::NOT_FOUND,
                state.lang.pick("没有这个页面", "not found"),
            )
        })
        .layer(DefaultBodyLimit::max(config.max_upload_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Whether `host` (a `Host` header) names this server: 127.0.0.1 or localhost, this port.
pub fn is_own_host(host: &str, port: u16) -> bool {
    let host = host.trim().to_ascii_lowercase();
    host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
}

/// Whether `origin` (an `Origin` header) is this server's page.
pub fn is_own_origin(origin: &str, port: u16) -> bool {
    origin
        .trim()
        .to_ascii_lowercase()
        .strip_prefix("http://")
        .is_some_and(|host| is_own_host(host, port))
}

/// Refuses requests for another host (DNS rebinding) and cross-origin writes; adds the
/// security headers to every answer.
async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let mut response = if !host.is_some_and(|h| is_own_host(h, state.port)) {
        error(
            StatusCode::MISDIRECTED_REQUEST,
            state.lang.pick(
                "拒绝：请求的主机名不是本机服务地址",
                "refused: the request is not addressed to this server",
            ),
        )
    } else if !matches!(*request.method(), Method::GET | Method::HEAD)
        && headers
            .get(header::ORIGIN)
            .is_some_and(|o| !o.to_str().is_ok_and(|o| is_own_origin(o, state.port)))
    {
        error(
            StatusCode::FORBIDDEN,
            state.lang.pick(
                "拒绝：请求来自其他网站",
                "refused: the request comes from another site",
            ),
        )
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

fn bytes(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        Body::from(body),
    )
        .into_response()
}

fn json_value(status: StatusCode, value: &serde_json::Value) -> Response {
    let mut body = serde_json::to_vec_pretty(value).unwrap_or_default();
    body.push(b'\n');
    bytes(status, "application/json; charset=utf-8", body)
}

/// `{"error": message}` with `status`.
fn error(status: StatusCode, message: &str) -> Response {
    json_value(status, &json!({ "error": message }))
}

fn asset(text: &'static str, content_type: &'static str) -> Response {
    bytes(StatusCode::OK, content_type, text.as_bytes().to_vec())
}

async fn index(State(state): State<AppState>) -> Response {
    bytes(
        StatusCode::OK,
        "text/html; charset=utf-8",
        state.page.as_bytes().to_vec(),
    )
}

async fn health(State(state): State<AppState>) -> Response {
    let lang = match state.lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    json_value(
        StatusCode::OK,
        &json!({
            "status": "ok",
            "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
            "lang": lang,
            "audits": {
                "running": state.concurrent_audits - state.audits.available_permits(),
                "at_once": state.concurrent_audits,
            },
            "results": state.store.len(),
        }),
    )
}

fn with_header(mut response: Response, name: &'static str, value: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, v);
    }
    response
}

async fn audit(
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let multipart = match multipart {
        Ok(m) => m,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let request = match upload::read_request(multipart, state.lang).await {
        Ok(r) => r,
        Err(BadRequest { status, message }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
            return error(status, &message);
        }
    };
    let message_lang = request.lang.unwrap_or(state.lang);
    let settings = Arc::new(upload::settings(&request, &state.limits));
    let fail_on = request.fail_on;
    let batch = request.files.len() > 1;
    // Each file waits for a permit, then runs on a blocking thread; a client that goes away
    // leaves its audits to finish (and their uploads to be removed) on their own.
    let tasks: Vec<_> = request
        .files
        .into_iter()
        .map(|file| {
            let (audits, store, settings) = (
                Arc::clone(&state.audits),
                Arc::clone(&state.store),
                Arc::clone(&settings),
            );
            let name = file.name.clone();
            let task = tokio::spawn(async move {
                let permit = audits.acquire_owned().await.ok();
                tokio::task::spawn_blocking(move || {
                    let _permit = permit;
                    upload::audit_upload(file, &settings, &store, message_lang)
                })
                .await
            });
            (name, task)
        })
        .collect();
    let mut outcomes = Vec::with_capacity(tasks.len());
    for (name, task) in tasks {
        let outcome = match task.await {
            Ok(Ok(outcome)) => outcome,
            _ => Outcome {
                entry: crate::report::BatchEntry {
                    path: name.into(),
                    error: Some(
                        message_lang
                            .pick("审核中断（内部错误）", "the audit stopped (internal error)")
                            .into(),
                    ),
                    ..Default::default()
                },
                id: None,
                json: None,
            },
        };
        outcomes.push(outcome);
    }
    if !batch && let Some(outcome) = outcomes.pop() {
        let code = if outcome.entry.error.is_some() {
            3
        } else {
            u8::from(fails(outcome.entry.worst, fail_on))
        };
        let response = match (outcome.json, outcome.id, outcome.entry.error) {
            (Some(json), Some(id), _) => with_header(
                bytes(StatusCode::OK, "application/json; charset=utf-8", json),
                "x-audit-id",
                &id,
            ),
            (_, _, reason) => json_value(
                StatusCode::UNPROCESSABLE_ENTITY,
                &json!({
                    "error": reason.unwrap_or_default(),
                    "file": outcome.entry.path.display().to_string(),
                }),
            ),
        };
        return with_header(response, "x-exit-code", &code.to_string());
    }
    let entries: Vec<_> = outcomes.iter().map(|o| o.entry.clone()).collect();
    let mut total = Summary::default();
    for s in entries.iter().filter_map(|e| e.summary.as_ref()) {
        total.add(s);
    }
    let code = if entries.iter().any(|e| e.error.is_some()) {
        3
    } else {
        u8::from(entries.iter().any(|e| fails(e.worst, fail_on)))
    };
    let mut body = Vec::new();
    if let Err(e) = write_index_json(&mut body, &entries, &total) {
        return error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
    }
    let ids: Vec<&str> = outcomes
        .iter()
        .map(|o| o.id.as_deref().unwrap_or(""))
        .collect();
    let response = bytes(StatusCode::OK, "application/json; charset=utf-8", body);
    let response = with_header(response, "x-audit-ids", &ids.join(","));
    with_header(response, "x-exit-code", &code.to_string())
}

/// `attachment; filename="…"` with the UTF-8 name as well (RFC 6266).
fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn stem(name: &str) -> &str {
    std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("annex")
}

fn gone(lang: Lang) -> Response {
    error(
        StatusCode::NOT_FOUND,
        lang.pick(
            "结果不存在或已过期（保留一小时），请重新上传",
            "no such result, or it expired (results are kept an hour): upload the file again",
        ),
    )
}

async fn workbook(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let state_lang = state.lang;
    let Some(entry) = state.store.get(&id) else {
        return gone(state.lang);
    };
    let read = tokio::task::spawn_blocking(move || {
        let mut workbook = entry
            .workbook
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        workbook.to_bytes().map(|b| (b, entry.name.clone()))
    })
    .await;
    match read {
        Ok(Ok((body, name))) => {
            let response = bytes(
                StatusCode::OK,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                body,
            );
            let disposition = attachment(&format!("{}.audit.xlsx", stem(&name)));
            with_header(response, "content-disposition", &disposition)
        }
        _ => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            state_lang.pick(
                "无法取出工作簿，请重新上传",
                "cannot read the workbook: upload the file again",
            ),
        ),
    }
}

async fn report(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(entry) = state.store.get(&id) else {
        return gone(state.lang);
    };
    let response = bytes(
        StatusCode::OK,
        "application/json; charset=utf-8",
        entry.json.clone(),
    );
    let disposition = attachment(&format!("{}.audit.json", stem(&entry.name)));
    with_header(response, "content-disposition", &disposition)
}

async fn view(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match state.store.get(&id) {
        Some(entry) => bytes(
            StatusCode::OK,
            "application/json; charset=utf-8",
            entry.view.clone(),
        ),
        None => gone(state.lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_server_is_its_own_host_and_origin() {
        assert!(is_own_host("127.0.0.1:8080", 8080));
        assert!(is_own_host("LOCALHOST:8080", 8080));
        assert!(!is_own_host("127.0.0.1:8081", 8080));
        assert!(!is_own_host("evil.example:8080", 8080));
        assert!(!is_own_host("127.0.0.1", 8080));
        assert!(is_own_origin("http://127.0.0.1:8080", 8080));
        assert!(!is_own_origin("https://127.0.0.1:8080", 8080));
        assert!(!is_own_origin("http://evil.example", 8080));
        assert!(!is_own_origin("null", 8080));
    }

    #[test]
    fn attachments_keep_the_name_in_utf8() {
        assert_eq!(
            attachment("附件.audit.xlsx"),
            "attachment; filename=\"__.audit.xlsx\"; filename*=UTF-8''%E9%99%84%E4%BB%B6.audit.xlsx"
        );
    }
}
