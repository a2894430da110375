//! A room of 500 phones voting on one turn, on loopback: the latency from a
//! vote leaving a phone to the answer that it is in the tally.
//!
//!     cargo bench --no-default-features --bench workshop
//!
//! Prints the p50, p99 and worst latency; docs/performance.md records them.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use frontline::scenario::library::load_builtin;
use frontline::serve::{Limits, Room, WorkshopServer};
use frontline::workshop::Workshop;

const PHONES: usize = 500;
/// Phones sending at the same moment (`BENCH_AT_ONCE` overrides it): with 20,
/// all 500 votes arrive within about a tenth of a second, faster than any room.
const AT_ONCE: usize = 20;

fn main() {
    let kettle = load_builtin()
        .scenarios
        .into_iter()
        .filter_map(|l| l.scenario)
        .find(|s| s.id == "returns-desk-leaking-kettle")
        .expect("the kettle is built in");
    let code = "BENCH2".to_string();
    let room = Room::new(Workshop::with_code(kettle, 1, code.clone()).unwrap());
    // Every phone comes from 127.0.0.1 here; in a room each has its own address.
    let server = WorkshopServer::start_with(
        room.clone(),
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        0,
        Limits {
            rate_per_second: 1_000_000,
        },
    )
    .unwrap();
    let tokens: Vec<String> = (0..PHONES)
        .map(|_| room.update(|w| w.join(&code)).unwrap())
        .collect();
    room.update(Workshop::open_vote).unwrap();
    let url = Arc::new(format!("http://{}/api/vote", server.addr()));
    let at_once: usize = std::env::var("BENCH_AT_ONCE")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| (1..=PHONES).contains(&n))
        .unwrap_or(AT_ONCE);
    let chunks: Vec<Vec<(usize, String)>> = tokens
        .into_iter()
        .enumerate()
        .collect::<Vec<_>>()
        .chunks(PHONES.div_ceil(at_once))
        .map(<[_]>::to_vec)
        .collect();
    let started = Instant::now();
    let handles: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let url = Arc::clone(&url);
            let code = code.clone();
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .timeout_global(Some(Duration::from_secs(10)))
                    .http_status_as_error(false)
                    .build()
                    .into();
                chunk
                    .into_iter()
                    .map(|(i, token)| {
                        let body = format!(
                            "{{\"code\":\"{code}\",\"token\":\"{token}\",\"turn\":1,\"choice\":{}}}",
                            i % 3
                        );
                        let sent = Instant::now();
                        let r = agent
                            .post(url.as_str())
                            .header("Content-Type", "application/json")
                            .send(body)
                            .expect("the server answers");
                        assert_eq!(r.status().as_u16(), 200);
                        sent.elapsed()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let total = started.elapsed();
    let counted: u32 = room.read(Workshop::tally).iter().sum();
    assert_eq!(counted as usize, PHONES, "every vote counted once");
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "{PHONES} phones, {at_once} at once: vote to tally p50 {:.1} ms, p99 {:.1} ms, worst {:.1} ms; all {PHONES} counted in {:.0} ms",
        at(0.50).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        latencies.last().unwrap().as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0
    );
    server.stop();
}
