//! `annex-audit serve`: the audit as a page in the browser, for people who never open a
//! terminal. An HTTP server on 127.0.0.1 only; the page (HTML, CSS and JavaScript embedded in
//! the binary) uploads each file to `POST /api/audit`, which runs the CLI's own pipeline
//! ([`audit_streaming`](crate::pipeline::audit_streaming)) on a temporary copy and answers with
//! the CLI's JSON report; the page only draws that report.
//!
//! - [`routes`]: the API and the page, and the checks every request passes (loopback `Host`,
//!   same-origin `Origin`, bounded body);
//! - [`upload`]: multipart uploads into temporary files, one audit each;
//! - [`store`]: the results (workbook, JSON, published tables) kept for an hour at most;
//! - [`published`]: the audited tables as published, for the page to colour.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use crate::audit::Lang;
use crate::package::Limits;
use crate::{Error, Result};

pub mod published;
pub mod routes;
pub mod store;
pub mod upload;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Port on 127.0.0.1; 0 takes a free one.
    pub port: u16,
    /// The page's language; `None`: from the locale ([`locale_lang`]).
    pub lang: Option<Lang>,
    /// The package limits every upload is read with (the CLI's).
    pub limits: Limits,
    /// Largest request body, all files together.
    pub max_upload_bytes: usize,
    /// How long results are kept.
    pub result_ttl: Duration,
    /// Audits run at once; the rest wait their turn.
    pub concurrent_audits: usize,
}

/// 64 MiB: far beyond any real annex (the corpus's largest is a few MB), small enough that a
/// stray upload cannot fill the disk.
pub const MAX_UPLOAD_BYTES: usize = 64 << 20;

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            port: 0,
            lang: None,
            limits: Limits::default(),
            max_upload_bytes: MAX_UPLOAD_BYTES,
            result_ttl: Duration::from_secs(60 * 60),
            concurrent_audits: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// The page's language from the locale: Chinese when the first of `LC_ALL`, `LC_MESSAGES`,
/// `LANG` that is set starts with `zh`.
pub fn locale_lang() -> Lang {
    Lang::from_env()
}

/// A running server; stopped (its results dropped) by [`ServerHandle::stop`] or when dropped.
pub struct ServerHandle {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ServerHandle {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's address, `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops accepting, lets the requests in flight finish, and drops every result.
    pub fn stop(mut self) {
        self.shutdown();
    }

    /// Waits until the server stops by itself (Ctrl+C, for one started by [`run`]).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Starts the server on a thread of its own and returns once it listens.
///
/// ```no_run
/// let server = annex_audit::serve::start(annex_audit::serve::ServeConfig::default())?;
/// println!("{}", server.url());
/// server.stop();
/// # Ok::<(), annex_audit::Error>(())
/// ```
pub fn start(config: ServeConfig) -> Result<ServerHandle> {
    start_with(config, false)
}

fn start_with(config: ServeConfig, stop_on_ctrl_c: bool) -> Result<ServerHandle> {
    let bind = SocketAddr::from((Ipv4Addr::LOCALHOST, config.port));
    let listener = TcpListener::bind(bind).map_err(|e| Error::io(bind.to_string(), e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::io(bind.to_string(), e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::io(addr.to_string(), e))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(config.concurrent_audits.max(1) + 4)
        .enable_all()
        .thread_name("annex-audit-serve")
        .build()
        .map_err(|e| Error::io("tokio runtime", e))?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let state = routes::AppState::new(&config, addr.port());
    let app = routes::router(state.clone(), &config);
    let ttl = config.result_ttl;
    let thread = std::thread::Builder::new()
        .name("annex-audit-serve".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let store = Arc::clone(&state.store);
                let purge = tokio::spawn(async move {
                    let mut tick = tokio::time::interval(ttl.min(Duration::from_secs(60)));
                    loop {
                        tick.tick().await;
                        store.purge();
                    }
                });
                let shutdown = async move {
                    if stop_on_ctrl_c {
                        tokio::select! {
                            _ = stopped => {}
                            _ = tokio::signal::ctrl_c() => {}
                            _ = terminated() => {}
                        }
                    } else {
                        let _ = stopped.await;
                    }
                };
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown)
                    .await;
                purge.abort();
            });
            // The runtime, the store and every result's temporary file go here.
        })
        .map_err(|e| Error::io("server thread", e))?;
    Ok(ServerHandle {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    })
}

/// Resolves when the process is asked to terminate (SIGTERM), so that a service manager's stop
/// also removes the uploads and results; never elsewhere.
async fn terminated() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            term.recv().await;
            return;
        }
    }
    std::future::pending::<()>().await;
}

/// `annex-audit serve`: starts the server, prints its address, opens the page in the default
/// browser unless `open_browser` is false, and serves until Ctrl+C (or SIGTERM). Returns the
/// exit code.
pub fn run(config: ServeConfig, open_browser: bool) -> Result<u8> {
    let lang = config.lang.unwrap_or_else(locale_lang);
    let server = start_with(config, true)?;
    let url = server.url();
    // Whoever reads the address may go away (or there may be no terminal at all): the server
    // goes on regardless.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{} {url}",
        lang.pick("annex-audit 审核页面：", "annex-audit page:")
    );
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            "（只在本机可用；按 Ctrl+C 停止，结果随之删除）",
            "(this computer only; Ctrl+C stops it and deletes the results)"
        )
    );
    let _ = out.flush();
    drop(out);
    if open_browser && let Err(e) = opener::open_browser(&url) {
        eprintln!(
            "{} {url} ({e})",
            lang.pick(
                "无法打开浏览器，请手动打开：",
                "cannot open a browser; open this address yourself:"
            )
        );
    }
    server.wait();
    Ok(0)
}
