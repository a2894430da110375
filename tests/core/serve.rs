//! The workshop server on loopback, as phones and hostile clients on the
//! room's Wi-Fi would use it: every bad request gets a clear error and none
//! changes a tally.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use frontline::serve::{Limits, MAX_BODY, Room, WorkshopServer};
use frontline::workshop::Workshop;
use serde_json::{Value, json};

use super::support::shipped;

const CODE: &str = "K7MQ2X";
const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into()
}

struct Started {
    room: Arc<Room>,
    server: WorkshopServer,
}

impl Started {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.server.addr())
    }

    fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let mut r = agent()
            .post(&self.url(path))
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .unwrap();
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    fn get(&self, path: &str) -> (u16, Value) {
        let mut r = agent().get(&self.url(path)).call().unwrap();
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    fn join(&self) -> String {
        let (status, body) = self.post("/api/join", &json!({ "code": CODE }));
        assert_eq!(status, 200, "{body}");
        body["token"].as_str().unwrap().to_string()
    }

    fn vote(&self, token: &str, turn: u32, choice: usize) -> (u16, Value) {
        self.post(
            "/api/vote",
            &json!({ "code": CODE, "token": token, "turn": turn, "choice": choice }),
        )
    }

    fn tally(&self) -> Vec<u32> {
        self.room.read(Workshop::tally)
    }
}

fn start(limits: Limits) -> Started {
    let w = Workshop::with_code(shipped("returns-desk-leaking-kettle"), 3, CODE.into()).unwrap();
    let room = Room::new(w);
    let server = WorkshopServer::start_with(room.clone(), LOOPBACK, 0, limits).unwrap();
    Started { room, server }
}

fn started() -> Started {
    start(Limits::default())
}

#[test]
fn a_phone_joins_sees_the_turn_votes_and_changes_its_vote() {
    let s = started();
    let (status, page) = {
        let mut r = agent().get(&s.url("/?code=K7MQ2X")).call().unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    };
    assert_eq!(status, 200);
    assert!(page.contains("<script src=\"/app.js\""));
    let token = s.join();
    let (status, view) = s.get(&format!("/api/state?code={CODE}&token={token}"));
    assert_eq!(status, 200);
    assert_eq!(view["phase"], "waiting");
    assert_eq!(view["turn"], 1);
    assert!(view["choices"].as_array().unwrap().len() >= 3);
    assert_eq!(view["tally"], Value::Null, "no split before the reveal");
    s.room.update(|w| w.open_vote()).unwrap();
    assert_eq!(s.vote(&token, 1, 0).0, 200);
    assert_eq!(s.vote(&token, 1, 2).0, 200);
    assert_eq!(s.tally()[0], 0, "the change replaced the first vote");
    assert_eq!(s.tally()[2], 1);
    let (_, view) = s.get(&format!("/api/state?code={CODE}&token={token}"));
    assert_eq!(view["my_vote"], 2);
}

#[test]
fn a_waiting_phone_hears_of_the_open_vote_at_once() {
    let s = started();
    let token = s.join();
    let (_, view) = s.get(&format!("/api/state?code={CODE}&token={token}"));
    let version = view["version"].as_u64().unwrap();
    let url = s.url(&format!(
        "/api/state?code={CODE}&token={token}&since={version}"
    ));
    let waiting = std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let mut r = agent().get(&url).call().unwrap();
        let body: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        (body, started.elapsed())
    });
    std::thread::sleep(Duration::from_millis(300));
    s.room.update(|w| w.open_vote()).unwrap();
    let (body, waited) = waiting.join().unwrap();
    assert_eq!(body["phase"], "open");
    assert!(
        waited < Duration::from_secs(5),
        "woken by the change, not the long-poll limit"
    );
}

#[test]
fn wrong_codes_closed_turns_and_unknown_phones_are_refused_and_change_nothing() {
    let s = started();
    let token = s.join();
    // Voting is not open yet.
    assert_eq!(s.vote(&token, 1, 0).0, 409);
    s.room.update(|w| w.open_vote()).unwrap();
    let (status, body) = s.post(
        "/api/vote",
        &json!({ "code": "AAAAAA", "token": token, "turn": 1, "choice": 0 }),
    );
    assert_eq!(status, 403, "{body}");
    assert!(body["error"].as_str().unwrap().contains("code"));
    assert_eq!(s.vote("forged-token", 1, 0).0, 403);
    assert_eq!(s.vote(&token, 7, 0).0, 409, "a stale turn");
    assert_eq!(s.vote(&token, 1, 42).0, 422, "no such choice");
    assert_eq!(s.post("/api/join", &json!({ "code": "NOPE00" })).0, 403);
    assert_eq!(s.get("/api/state?code=WRONG1").0, 403);
    assert_eq!(s.get("/api/state").0, 400, "no code at all");
    s.room.update(|w| w.close_vote()).unwrap();
    assert_eq!(s.vote(&token, 1, 0).0, 409, "after the close");
    assert_eq!(s.tally().iter().sum::<u32>(), 0);
    assert_eq!(s.room.read(Workshop::devices), 1);
}

#[test]
fn malformed_and_oversized_requests_get_a_clear_error() {
    let s = started();
    let token = s.join();
    s.room.update(|w| w.open_vote()).unwrap();
    let raw = |body: &str| {
        let mut r = agent()
            .post(&s.url("/api/vote"))
            .header("Content-Type", "application/json")
            .send(body)
            .unwrap();
        (
            r.status().as_u16(),
            r.body_mut().read_to_string().unwrap_or_default(),
        )
    };
    let (status, text) = raw("{\"code\": ");
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("not what the page sends"), "{text}");
    let (status, _) = raw(&format!(
        "{{\"code\":\"{CODE}\",\"token\":\"{token}\",\"turn\":\"one\",\"choice\":0}}"
    ));
    assert_eq!(status, 400);
    let big = format!(
        "{{\"code\":\"{CODE}\",\"token\":\"{token}\",\"turn\":1,\"choice\":0,\"pad\":\"{}\"}}",
        "x".repeat(1024 * 1024)
    );
    assert!(big.len() > MAX_BODY);
    // The server answers before reading it all, so send it by hand: a
    // client library would stop at the broken pipe before reading the answer.
    let mut tcp = TcpStream::connect(s.server.addr()).unwrap();
    let head = format!(
        "POST /api/vote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        big.len()
    );
    tcp.write_all(head.as_bytes()).unwrap();
    let _ = tcp.write_all(big.as_bytes());
    let mut answer = Vec::new();
    let _ = tcp.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "a 1 MiB body is refused: {answer}"
    );
    assert_eq!(s.tally().iter().sum::<u32>(), 0);
}

#[test]
fn only_the_page_and_the_api_are_served_with_headers_a_browser_respects() {
    let s = started();
    for path in [
        "/etc/passwd",
        "/../Cargo.toml",
        "/scenarios/",
        "/api/admin",
        "/app.js.map",
    ] {
        let r = agent().get(&s.url(path)).call().unwrap();
        assert_eq!(r.status().as_u16(), 404, "{path}");
    }
    let r = agent().get(&s.url("/")).call().unwrap();
    let h = r.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(h["x-frame-options"], "DENY");
    let r = agent()
        .get(&s.url(&format!("/api/state?code={CODE}")))
        .call()
        .unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    // A raw request with a path outside the site.
    let mut tcp = TcpStream::connect(s.server.addr()).unwrap();
    tcp.write_all(b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    let _ = tcp.read_to_string(&mut answer);
    assert!(!answer.contains("root:"), "{answer}");
}

#[test]
fn a_flood_from_one_address_is_slowed_and_does_not_change_the_tally() {
    let s = start(Limits { rate_per_second: 5 });
    let token = s.join();
    s.room.update(|w| w.open_vote()).unwrap();
    let codes: Vec<u16> = (0..40).map(|i| s.vote(&token, 1, i % 2).0).collect();
    assert!(codes.contains(&429), "{codes:?}");
    assert!(s.tally().iter().sum::<u32>() <= 1, "one phone, one vote");
}

#[test]
fn two_hundred_phones_voting_at_once_are_each_counted_exactly_once() {
    let s = start(Limits {
        rate_per_second: 100_000,
    });
    let tokens: Vec<String> = (0..200).map(|_| s.join()).collect();
    s.room.update(|w| w.open_vote()).unwrap();
    let base = s.url("/api/vote");
    let handles: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(i, token)| {
            let url = base.clone();
            std::thread::spawn(move || {
                // Each phone changes its mind once: the second vote replaces the first.
                for choice in [i % 3, (i + 1) % 3] {
                    let r = agent()
                        .post(&url)
                        .header("Content-Type", "application/json")
                        .send(
                            json!({ "code": CODE, "token": token, "turn": 1, "choice": choice })
                                .to_string(),
                        )
                        .unwrap();
                    assert_eq!(r.status().as_u16(), 200);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let tally = s.tally();
    assert_eq!(tally.iter().sum::<u32>(), 200);
    let expected: Vec<u32> = (0..3)
        .map(|c| (0..200).filter(|i| (i + 1) % 3 == c).count() as u32)
        .collect();
    assert_eq!(tally[..3], expected[..]);
}

#[test]
fn a_stopped_server_frees_its_port_even_with_phones_waiting() {
    let s = started();
    let token = s.join();
    let (_, view) = s.get(&format!("/api/state?code={CODE}&token={token}"));
    let url = s.url(&format!(
        "/api/state?code={CODE}&token={token}&since={}",
        view["version"]
    ));
    let _waiting = std::thread::spawn(move || agent().get(&url).call().is_ok());
    std::thread::sleep(Duration::from_millis(200));
    let addr = s.server.addr();
    let started = std::time::Instant::now();
    s.server.stop();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err(),
        "nothing listens after the workshop ends"
    );
}
