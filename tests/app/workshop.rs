//! Workshop mode in the app: the presenter view shows what the room's phones
//! sent, the coach runs it by keyboard, and the page stops with the screen.

use std::net::{IpAddr, Ipv4Addr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use bevy::prelude::*;
use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontline::app::Screen;
use frontline::app::screens::workshop::{RunningWorkshop, WorkshopHost};
use frontline::app::ui::workshop::{WorkshopAction, WorkshopView, workshop_ui};
use frontline::workshop::{Phase, Workshop};

use super::support::{
    fixture_folder, headless_app, open_by_search, press, run_until, screen, wait_for_library,
};

fn kettle() -> Arc<frontline::scenario::Scenario> {
    frontline::scenario::library::load_builtin()
        .scenarios
        .into_iter()
        .filter_map(|l| l.scenario)
        .find(|s| s.id == "returns-desk-leaking-kettle")
        .unwrap()
}

#[test]
fn the_presenter_view_shows_the_split_the_phones_sent_once_revealed() {
    let mut w = Workshop::with_code(kettle(), 3, "K7MQ2X".into()).unwrap();
    let phones: Vec<String> = (0..5).map(|_| w.join("K7MQ2X").unwrap()).collect();
    w.open_vote().unwrap();
    for (i, p) in phones.iter().enumerate() {
        w.vote("K7MQ2X", p, 1, usize::from(i >= 3)).unwrap();
    }
    {
        let action = std::cell::Cell::new(None);
        let mut harness = presenter(&w, &action);
        harness.run();
        harness.get_by_label("K7MQ2X");
        harness.get_by_label("5 phones in the room");
        harness.get_by_label_contains("5 votes so far: the split stays hidden");
        assert!(
            harness.query_by_label("3 (60%)").is_none(),
            "no split before the reveal, so the room doesn't follow the crowd"
        );
    }
    w.reveal().unwrap();
    let action = std::cell::Cell::new(None);
    let mut harness = presenter(&w, &action);
    harness.run();
    harness.get_by_label("3 (60%)");
    harness.get_by_label("2 (40%)");
    harness.get_by_label("room's choice");
    harness.get_by_label("Play the room's choice  (P)").click();
    harness.run();
    drop(harness);
    assert_eq!(action.get(), Some(WorkshopAction::PlayRoomChoice));
}

/// The presenter view of `w` at projector size; what the coach clicks lands in `action`.
fn presenter<'a>(
    w: &'a Workshop,
    action: &'a std::cell::Cell<Option<WorkshopAction>>,
) -> Harness<'a> {
    Harness::builder()
        .with_size(egui::vec2(1920.0, 1080.0))
        .build_ui(move |ui| {
            let view = WorkshopView {
                workshop: w,
                join_link: "http://192.168.1.20:7878/?code=K7MQ2X",
                short_link: "http://192.168.1.20:7878/",
                network_note: None,
                notes: None,
                escalation_window: None,
                debrief: None,
                message: None,
                audience_window: false,
                port: Some(7878),
            };
            if let Some(a) = workshop_ui(ui, &view) {
                action.set(Some(a));
            }
        })
}

fn running(app: &App) -> &RunningWorkshop {
    app.world().resource::<RunningWorkshop>()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into()
}

#[test]
fn a_coach_runs_a_workshop_by_keyboard_and_the_page_stops_with_it() {
    let mut app = headless_app("workshop", fixture_folder());
    app.insert_resource(WorkshopHost {
        host: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: Some(0),
    });
    wait_for_library(&mut app);
    open_by_search(&mut app, "leaking kettle");
    press(&mut app, KeyCode::KeyW);
    run_until(&mut app, 10, "the workshop", |app| {
        screen(app) == Screen::Workshop && app.world().contains_resource::<RunningWorkshop>()
    });
    let addr = running(&app).addr().expect("the page is served");
    let room = running(&app).room.clone();
    let code = room.read(|w| w.code().to_string());
    // Two phones join over HTTP, as the page does.
    let join = || {
        let mut r = agent()
            .post(&format!("http://{addr}/api/join"))
            .header("Content-Type", "application/json")
            .send(format!("{{\"code\":\"{code}\"}}"))
            .unwrap();
        let body: serde_json::Value =
            serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        body["token"].as_str().unwrap().to_string()
    };
    let phones = [join(), join()];
    // The room votes for the best answer (wherever this seed shows it), so
    // the conversation goes on.
    let best = room.read(|w| {
        w.coach_notes()
            .into_iter()
            .find(|n| n.verdict == frontline::rules::ChoiceVerdict::Best)
            .unwrap()
            .position
    });
    press(&mut app, KeyCode::KeyO);
    assert_eq!(room.read(Workshop::phase), Phase::Open);
    for p in &phones {
        let r = agent()
            .post(&format!("http://{addr}/api/vote"))
            .header("Content-Type", "application/json")
            .send(format!(
                "{{\"code\":\"{code}\",\"token\":\"{p}\",\"turn\":1,\"choice\":{best}}}"
            ))
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
    }
    press(&mut app, KeyCode::KeyR);
    assert_eq!(room.read(Workshop::phase), Phase::Revealed);
    assert_eq!(room.read(Workshop::tally)[best], 2);
    press(&mut app, KeyCode::KeyP);
    assert_eq!(room.read(Workshop::turn), 2, "the room's choice was played");
    let played = room.read(|w| w.conversation().transcript().turns[0].said.clone());
    let voted_for = room.read(|w| w.debrief().turns[0].options[best].0.clone());
    assert_eq!(played, voted_for);
    // A number key plays an answer without a vote, to discuss "what if".
    press(&mut app, KeyCode::Digit1);
    assert_eq!(room.read(Workshop::turn), 3);
    // A second window for the projector, and back.
    let windows = |app: &mut App| app.world_mut().query::<&Window>().iter(app.world()).count();
    let before = windows(&mut app);
    press(&mut app, KeyCode::KeyA);
    assert_eq!(windows(&mut app), before + 1, "the audience window opened");
    press(&mut app, KeyCode::KeyA);
    assert_eq!(windows(&mut app), before, "and closed");
    press(&mut app, KeyCode::KeyA);
    assert_eq!(windows(&mut app), before + 1);
    // Esc asks first, then ends the workshop and the page with it.
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Workshop, "one Esc only asks");
    press(&mut app, KeyCode::Escape);
    run_until(&mut app, 10, "the library", |app| {
        screen(app) == Screen::Library
    });
    assert!(!app.world().contains_resource::<RunningWorkshop>());
    assert_eq!(
        windows(&mut app),
        before,
        "the audience window goes with it"
    );
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err(),
        "nothing is served once the workshop ends"
    );
}

#[test]
fn frontline_workshop_opens_straight_into_the_workshop() {
    // What `frontline workshop <scenario>` sets up: the library's own start
    // (which clears any selection) must not undo it.
    let mut app = headless_app("workshop-start", fixture_folder());
    app.insert_resource(WorkshopHost {
        host: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: Some(0),
    });
    app.insert_resource(frontline::app::screens::workshop::WorkshopOnStart(
        frontline::app::screens::Selection {
            key: "workshop:returns-desk-leaking-kettle".into(),
            scenario: kettle(),
            seed: 9,
        },
    ));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Workshop);
    run_until(&mut app, 20, "the workshop", |app| {
        screen(app) == Screen::Workshop && app.world().contains_resource::<RunningWorkshop>()
    });
    assert!(running(&app).addr().is_some());
}

#[test]
fn the_coach_moves_the_page_to_another_port_when_the_venue_blocks_one() {
    let mut app = headless_app("workshop-port", fixture_folder());
    app.insert_resource(WorkshopHost {
        host: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: Some(0),
    });
    wait_for_library(&mut app);
    open_by_search(&mut app, "leaking kettle");
    press(&mut app, KeyCode::KeyW);
    run_until(&mut app, 10, "the workshop", |app| {
        app.world().contains_resource::<RunningWorkshop>()
    });
    let old = running(&app).addr().unwrap();
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    app.world_mut()
        .write_message(frontline::app::screens::workshop::WorkshopCommand(
            WorkshopAction::SetPort(free),
        ));
    app.update();
    let new = running(&app).addr().unwrap();
    assert_eq!(new.port(), free);
    assert!(TcpStream::connect_timeout(&new, Duration::from_millis(500)).is_ok());
    assert!(
        TcpStream::connect_timeout(&old, Duration::from_millis(500)).is_err(),
        "the old port is closed"
    );
    assert_eq!(
        app.world()
            .resource::<frontline::app::settings::Settings>()
            .workshop_port,
        free,
        "remembered for next time"
    );
}
