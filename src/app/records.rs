//! Trainees and their attempts in the app: who is training, every attempt
//! saved (finished or abandoned), and the history the History screen shows.

use bevy::prelude::*;

use crate::records::lrs::Outbox;
use crate::records::progress::{BestScore, best_score};
use crate::records::{AttemptRecord, LoadReport, Profile, Store, StoreError};
use crate::report::xapi::{XapiConfig, statements};

/// The records store of this machine.
#[derive(Resource, Clone)]
pub struct Records {
    /// Where records live.
    pub store: Store,
    /// Every attempt loaded or saved this session, oldest first.
    pub attempts: Vec<AttemptRecord>,
    /// Messages about files that were set aside.
    pub problems: Vec<String>,
    /// Everyone who trains on this machine.
    pub profiles: Vec<Profile>,
}

/// Who is training now; `None` until someone is chosen.
#[derive(Resource, Default, Clone, Debug, PartialEq)]
pub struct CurrentTrainee {
    /// The profile.
    pub profile: Option<Profile>,
    /// Whether the trainee has confirmed who they are this session.
    pub confirmed: bool,
}

impl Records {
    /// Opens the store and loads everything in it.
    pub fn open(store: Store) -> Self {
        let LoadReport {
            attempts,
            mut set_aside,
            newer,
        } = store.load_attempts();
        // Records from a newer frontline stay where they are; say so with the other problems.
        set_aside.extend(newer);
        for p in &set_aside {
            warn!("{p}");
        }
        let profiles = store.profiles();
        Records {
            store,
            attempts,
            problems: set_aside,
            profiles,
        }
    }

    /// Saves an attempt and keeps it in the history; a failure is logged and
    /// shown, and the attempt stays in memory for this session.
    pub fn save(&mut self, record: AttemptRecord) {
        if let Err(e) = self.store.save_attempt(&record) {
            let message = format!("could not save the attempt: {e}");
            error!("{message}");
            self.problems.push(message);
        }
        // Queue its xAPI statements at once, so they wait on disk for the next sync.
        let outbox = Outbox::open(self.store.root());
        if let Err(e) = outbox.enqueue(&statements(&record, None, &XapiConfig::default())) {
            warn!("could not queue the attempt's xAPI statements: {e}");
        }
        self.attempts.push(record);
    }

    /// Where reports saved from the app go.
    pub fn reports_dir(&self) -> std::path::PathBuf {
        self.store.root().join("reports")
    }

    /// The attempts of one trainee.
    pub fn of<'a>(&'a self, profile: &'a Profile) -> impl Iterator<Item = &'a AttemptRecord> + 'a {
        self.attempts
            .iter()
            .filter(move |a| a.profile.id == profile.id)
    }

    /// A trainee's best overall score on a scenario.
    pub fn best(&self, profile: &Profile, scenario_id: &str) -> Option<BestScore> {
        best_score(self.of(profile).filter(|a| a.scenario_id == scenario_id))
    }

    /// Creates a profile, makes it current and remembers it.
    pub fn create(&mut self, name: &str) -> Result<Profile, StoreError> {
        let p = self.store.create_profile(name)?;
        self.profiles = self.store.profiles();
        Ok(p)
    }

    /// Renames a profile.
    pub fn rename(&mut self, id: &str, name: &str) -> Result<Profile, StoreError> {
        let p = self.store.rename_profile(id, name)?;
        self.profiles = self.store.profiles();
        for a in &mut self.attempts {
            if a.profile.id == p.id {
                a.profile.name = p.name.clone();
            }
        }
        Ok(p)
    }
}

pub(super) fn plugin(app: &mut App) {
    let last = app
        .world()
        .get_resource::<Records>()
        .and_then(|r| r.store.last_profile());
    app.insert_resource(CurrentTrainee {
        profile: last,
        confirmed: false,
    });
}
