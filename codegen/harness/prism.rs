//! Finds the Prism mock server the generated operation tests call.
//!
//! In order: `PRISM_URL` (a Prism already running, e.g. started by a CI job), else a Prism
//! started here from `PRISM_BIN` serving `PRISM_DOCUMENT` (the workspace sets both in
//! `.cargo/config.toml`, with `PRISM_CRATE`), killed when the returned guard drops. When
//! neither is available the tests are skipped with a message on stderr; with `CI=true` they
//! fail instead, so a CI run never passes without having called Prism.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Prism may take to load its document and listen.
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// A reachable Prism: its base URL, and the process when this test started it.
pub struct Prism {
    pub url: String,
    child: Option<Child>,
}

impl Drop for Prism {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The Prism to call, or `None` (after saying why on stderr) when the tests must be skipped.
///
/// `PRISM_CRATE` names the crate whose description Prism serves: another crate's tests (a
/// fixture crate built inside the workspace inherits the variables) are skipped, in CI too.
pub fn find() -> Option<Prism> {
    let this_crate = env!("CARGO_PKG_NAME");
    if let Ok(other) = std::env::var("PRISM_CRATE").map(|name| name.trim().to_owned()) {
        if other != this_crate {
            eprintln!("SKIPPED: Prism serves the description of {other}, not of {this_crate}.");
            return None;
        }
    }
    if let Ok(url) = std::env::var("PRISM_URL") {
        return Some(Prism { url, child: None });
    }
    let unavailable = match (std::env::var("PRISM_BIN"), std::env::var("PRISM_DOCUMENT")) {
        (Ok(bin), Ok(document)) if std::path::Path::new(&bin).exists() => return Some(start(&bin, &document)),
        (Ok(bin), Ok(_)) => format!("PRISM_BIN is {bin}, which does not exist (run `npm ci --prefix tests/prism`)"),
        _ => "neither PRISM_URL nor PRISM_BIN and PRISM_DOCUMENT are set".to_owned(),
    };
    if std::env::var("CI").is_ok_and(|value| value == "true") {
        panic!("Prism is unavailable in CI: {unavailable}");
    }
    eprintln!("SKIPPED: the generated operation tests need Prism, and {unavailable}.");
    None
}

fn start(bin: &str, document: &str) -> Prism {
    let port = TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).expect("a free port").port();
    let child = Command::new(bin)
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--errors", document])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|error| panic!("could not start {bin}: {error}"));
    let mut prism = Prism { url: format!("http://127.0.0.1:{port}"), child: Some(child) };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + START_TIMEOUT;
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if let Some(Ok(Some(status))) = prism.child.as_mut().map(Child::try_wait) {
            panic!("Prism exited before it listened on {addr} ({status})");
        }
        assert!(Instant::now() < deadline, "Prism did not listen on {addr} within {START_TIMEOUT:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    prism
}

/// The operations (`METHOD /path`) whose calls the served description itself makes fail, each
/// with why: its `x-known-failures`, which the importer writes from the overlay. Empty when
/// `PRISM_DOCUMENT` is not set or has none.
pub fn known_failures() -> Vec<(String, String)> {
    let Ok(document) = std::env::var("PRISM_DOCUMENT") else { return Vec::new() };
    let Ok(text) = std::fs::read_to_string(&document) else { return Vec::new() };
    let Ok(serde_json::Value::Object(root)) = serde_json::from_str::<serde_json::Value>(&text) else { return Vec::new() };
    let Some(serde_json::Value::Object(known)) = root.get("x-known-failures") else { return Vec::new() };
    known.iter().map(|(key, why)| (key.clone(), why.as_str().unwrap_or_default().to_owned())).collect()
}

/// What a run of calls found: the operations called (`METHOD /path`) and every failure.
#[derive(Debug, Default)]
pub struct Outcomes {
    pub called: std::collections::BTreeSet<String>,
    pub failures: Vec<String>,
}

/// The unexpected failures of `outcomes`; those of known failures are printed with their
/// reason. A known failure that was called and no longer fails is unexpected too, so the list
/// cannot go stale; one that was not called (its family's feature is off) is left alone.
pub fn without_known(outcomes: Outcomes, known: &[(String, String)]) -> Vec<String> {
    let is_known = |failure: &String| known.iter().any(|(key, _)| failure.starts_with(&format!("{key} (")));
    let (expected, mut unexpected): (Vec<String>, Vec<String>) = outcomes.failures.into_iter().partition(is_known);
    for (key, why) in known.iter().filter(|(key, _)| outcomes.called.contains(key)) {
        if expected.iter().any(|failure| failure.starts_with(&format!("{key} ("))) {
            eprintln!("KNOWN FAILURE: {key}: {why}");
        } else {
            unexpected.push(format!("{key}: listed as a known failure ({why}), but it passes: remove it from the overlay"));
        }
    }
    unexpected
}
