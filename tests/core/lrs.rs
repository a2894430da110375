//! Sending to a real Learning Record Store: Learning Locker's xAPI service
//! (npm `xapi-statements`) started on loopback by the test, in memory mode.
//! `.ci/run` installs it and sets `FRONTLINE_LRS_DIR` to the folder holding
//! its `node_modules`; without it the test says so and passes, except under CI.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use frontline::records::lrs::{LrsConfig, Outbox};
use frontline::records::{AttemptRecord, Profile};
use frontline::report::xapi::{XapiConfig, statements};
use serde_json::Value;

use super::support::{play, shipped};

struct Lrs {
    child: Child,
    port: u16,
}

impl Drop for Lrs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into()
}

fn start_lrs(dir: &std::path::Path, work: &std::path::Path) -> Lrs {
    let port = free_port();
    let storage = work.join("storage");
    std::fs::create_dir_all(storage.join("accessLogs")).unwrap();
    let child = Command::new("node")
        .arg(dir.join("node_modules/xapi-statements/dist/index.js"))
        .current_dir(work)
        .env("AUTH_REPO", "test")
        .env("EVENTS_REPO", "test")
        .env("MODELS_REPO", "memory")
        .env("STORAGE_REPO", "local")
        .env("FS_LOCAL_STORAGE_DIR", &storage)
        .env("EXPRESS_MORGAN_DIRECTORY", storage.join("accessLogs"))
        .env("EXPRESS_PORT", port.to_string())
        .env("SERVICE_AWAIT_UPDATES", "true")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("node starts the LRS");
    let lrs = Lrs { child, port };
    let about = format!("http://127.0.0.1:{port}/xAPI/about");
    let started = Instant::now();
    loop {
        let ok = agent()
            .get(&about)
            .header("X-Experience-API-Version", "1.0.3")
            .call()
            .is_ok_and(|r| r.status().as_u16() == 200);
        if ok {
            return lrs;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "the LRS did not start on port {port}"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn attempt(name: &str, id: &str, seed: u64, choices: &[usize]) -> AttemptRecord {
    let s = shipped("returns-desk-leaking-kettle");
    let c = play(&s, seed, choices);
    let who = Profile {
        id: id.into(),
        name: name.into(),
    };
    AttemptRecord::new(&who, &c, "2026-11-20T10:00:00Z".into(), &[])
}

fn read_back(port: u16, id: &str) -> Option<Value> {
    let mut r = agent()
        .get(&format!(
            "http://127.0.0.1:{port}/xAPI/statements?statementId={id}"
        ))
        .header("X-Experience-API-Version", "1.0.3")
        .header("Authorization", "Basic dGVzdDp0ZXN0")
        .call()
        .ok()?;
    if r.status().as_u16() != 200 {
        return None;
    }
    serde_json::from_str(&r.body_mut().read_to_string().ok()?).ok()
}

#[test]
fn a_cohort_reaches_the_lrs_once_and_a_stopped_lrs_loses_nothing() {
    let Some(dir) = std::env::var_os("FRONTLINE_LRS_DIR") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set FRONTLINE_LRS_DIR"
        );
        eprintln!("skipped: set FRONTLINE_LRS_DIR to a folder with node_modules/xapi-statements");
        return;
    };
    let work = std::env::temp_dir().join(format!("frontline-lrs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let lrs = start_lrs(std::path::Path::new(&dir), &work);
    let outbox = Outbox::open(&work.join("data"));
    let config = LrsConfig {
        endpoint: format!("http://127.0.0.1:{}/xAPI/", lrs.port),
        username: "test".into(),
        password: "test".into(),
    };
    let s = shipped("returns-desk-leaking-kettle");
    let cohort = [
        attempt(
            "Asha",
            "6a0f8a44-1c7e-4b3e-9d55-0f0f2d9c1a01",
            1,
            &[2, 3, 2, 1, 3, 2, 1, 2],
        ),
        attempt("Ben", "6a0f8a44-1c7e-4b3e-9d55-0f0f2d9c1a02", 2, &[4]),
        attempt("Ben", "6a0f8a44-1c7e-4b3e-9d55-0f0f2d9c1a02", 3, &[2, 3]),
    ];
    let all: Vec<Value> = cohort
        .iter()
        .flat_map(|a| statements(a, Some(&s), &XapiConfig::default()))
        .collect();
    assert_eq!(outbox.enqueue(&all).unwrap(), all.len());

    let report = outbox.sync(&config).unwrap();
    assert_eq!(report.stopped, None);
    assert_eq!(
        (report.sent, report.rejected, report.waiting),
        (all.len(), 0, 0)
    );
    for st in &all {
        let id = st["id"].as_str().unwrap();
        let stored =
            read_back(lrs.port, id).unwrap_or_else(|| panic!("statement {id} not in the LRS"));
        assert_eq!(stored["id"], st["id"]);
        assert_eq!(stored["verb"]["id"], st["verb"]["id"]);
        assert_eq!(
            stored["actor"]["account"]["name"],
            st["actor"]["account"]["name"]
        );
        // JSON numbers may come back as 1 instead of 1.0: compare values, not spellings.
        assert_eq!(
            stored["result"]["score"]["scaled"].as_f64(),
            st["result"]["score"]["scaled"].as_f64()
        );
        assert_eq!(stored["result"]["extensions"], st["result"]["extensions"]);
        assert_eq!(stored["result"]["completion"], st["result"]["completion"]);
        assert_eq!(stored["result"]["success"], st["result"]["success"]);
    }

    // Nothing is sent twice: the ids are stable and the outbox remembers what went.
    assert_eq!(outbox.enqueue(&all).unwrap(), 0);
    assert_eq!(outbox.sync(&config).unwrap().sent, 0);

    // A statement the LRS refuses is kept with its message.
    let mut bad = all[0].clone();
    bad["id"] = Value::String("1d7c3bd2-6a70-4a8e-8f8f-3b0e3f1f9c77".into());
    bad["result"]["score"] = serde_json::json!({ "scaled": 1.5 });
    outbox.enqueue(&[bad]).unwrap();
    let report = outbox.sync(&config).unwrap();
    assert_eq!(report.rejected, 1);
    let rejected = outbox.rejected();
    assert_eq!(rejected.len(), 1);
    assert!(!rejected[0].1.is_empty(), "the LRS's message is kept");

    // The LRS goes away: new statements wait in the queue, nothing is lost.
    drop(lrs);
    let later = attempt("Asha", "6a0f8a44-1c7e-4b3e-9d55-0f0f2d9c1a01", 9, &[1, 1]);
    let more = statements(&later, Some(&s), &XapiConfig::default());
    outbox.enqueue(&more).unwrap();
    let report = outbox.sync(&config).unwrap();
    assert!(report.stopped.is_some());
    assert_eq!(report.sent, 0);
    assert_eq!(
        outbox.waiting().len(),
        more.len(),
        "still queued, ready for the next sync"
    );
    let reopened = Outbox::open(&work.join("data"));
    assert_eq!(
        reopened.waiting().len(),
        more.len(),
        "the queue survives a restart"
    );
    let _ = std::fs::remove_dir_all(&work);
}
