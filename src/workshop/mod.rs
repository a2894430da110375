//! A workshop: a coach plays one scenario on the projector while the room
//! votes from their phones, and the conversation follows the room's choice.
//!
//! This is plain state with no network and no Bevy. The web server
//! (`crate::serve`) and the app both drive the same [`Workshop`]: devices
//! join and vote; the coach opens a vote, closes it, reveals the split and
//! plays a choice. Every rule about votes lives here, so no request the
//! server passes on can change a tally in a way these rules do not allow.
//!
//! Room codes and device tokens are secrets, not part of the story, so they
//! come from the operating system's randomness rather than the attempt's seed.

mod debrief;

use std::collections::HashMap;
use std::sync::Arc;

use rand::RngExt;
use serde::Serialize;

pub use debrief::{ClassDebrief, ClassTurn};

use crate::engine::{Conversation, EngineError, Step, TurnResult};
use crate::rules::ChoiceVerdict;
use crate::scenario::Scenario;

/// Letters a room code is made of: no 0/O, 1/I/L or 5/S to misread on a projector.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRTUVWXYZ2346789";
/// Characters in a room code.
pub const CODE_LEN: usize = 6;
/// Characters in a device token.
const TOKEN_LEN: usize = 24;
/// The most devices one room takes: more than any workshop, few enough that
/// a flood of joins cannot grow the state without bound.
pub const MAX_DEVICES: usize = 1000;

/// A fresh room code, e.g. `K7MQ2X`.
pub fn new_room_code() -> String {
    random_string(CODE_ALPHABET, CODE_LEN)
}

fn random_string(alphabet: &[u8], len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
        .collect()
}

/// What opening a workshop needs: the scenario, the seed for the order its
/// answers are shown in, and the port the coach asked for, if any.
#[derive(Debug, Clone)]
pub struct WorkshopStart {
    /// The scenario.
    pub scenario: Arc<Scenario>,
    /// The seed.
    pub seed: u64,
    /// The port, if the coach chose one.
    pub port: Option<u16>,
}

/// Where the vote on the current turn stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The coach has not opened the vote yet (or the conversation is over).
    Waiting,
    /// Phones can vote, and change their vote.
    Open,
    /// Voting has stopped; the split is not shown yet.
    Closed,
    /// The split is on the projector.
    Revealed,
}

/// Why a request was refused. None of these changes anything.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkshopError {
    /// The room code is wrong.
    #[error("that is not this room's code")]
    WrongCode,
    /// The token was never handed out by this room.
    #[error("this device has not joined the room")]
    UnknownDevice,
    /// The room is full.
    #[error("the room is full ({MAX_DEVICES} devices)")]
    RoomFull,
    /// A vote while no vote is open.
    #[error("voting is not open")]
    VotingClosed,
    /// A vote for a turn that is not the current one (a stale page).
    #[error("that vote is for turn {got}, but the room is on turn {current}")]
    WrongTurn {
        /// The turn the vote names.
        got: u32,
        /// The current turn.
        current: u32,
    },
    /// A choice number that is not on offer.
    #[error("there is no choice {0} on this turn")]
    NoSuchChoice(usize),
    /// A coach action that does not fit where the vote stands.
    #[error("cannot {action} now: the vote is {phase:?}")]
    OutOfOrder {
        /// What was asked.
        action: &'static str,
        /// Where the vote stands.
        phase: Phase,
    },
    /// The engine refused (the conversation is over, say).
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// What a participant's phone shows: the current turn, in the order the room
/// sees it, and the split once the coach reveals it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoomView {
    /// Scenario title.
    pub title: String,
    /// The customer's name.
    pub customer: String,
    /// Changes whenever anything the phones show changes.
    pub version: u64,
    /// The current turn (1-based decision number).
    pub turn: u32,
    /// Where the vote stands.
    pub phase: Phase,
    /// The customer's line, or narration.
    pub line: String,
    /// Whether `line` is narration.
    pub narration: bool,
    /// The choices, in the order shown.
    pub choices: Vec<String>,
    /// This device's vote (0-based position), if any.
    pub my_vote: Option<usize>,
    /// Votes per choice, when the split is shown (revealed, or live).
    pub tally: Option<Vec<u32>>,
    /// Votes cast so far, always shown so the room sees votes arrive.
    pub votes: u32,
    /// What happened on the last turn played, once it was played.
    pub last: Option<PlayedView>,
    /// The ending's text, when the conversation is over.
    pub ending: Option<String>,
}

/// The last turn played, as the room sees it afterwards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlayedView {
    /// What was said.
    pub choice: String,
    /// The author's feedback.
    pub feedback: String,
    /// How it compared with the other options.
    pub verdict: String,
}

/// The coach's notes on the current turn: every option's verdict and
/// feedback, as the debrief would judge it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoachNote {
    /// Position shown (0-based).
    pub position: usize,
    /// The option's text.
    pub text: String,
    /// How the core judges it on this turn.
    pub verdict: ChoiceVerdict,
    /// The author's feedback on it.
    pub feedback: String,
}

/// One running workshop.
#[derive(Debug, Clone)]
pub struct Workshop {
    conversation: Conversation,
    code: String,
    phase: Phase,
    show_live: bool,
    devices: HashMap<String, ()>,
    votes: HashMap<String, usize>,
    version: u64,
    turns: Vec<ClassTurn>,
    last: Option<PlayedView>,
    id: String,
}

impl Workshop {
    /// A workshop on `scenario`, its choices shown in the order of `seed`,
    /// with a fresh room code.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Result<Self, WorkshopError> {
        Self::with_code(scenario, seed, new_room_code())
    }

    /// A workshop with a given room code (for tests).
    pub fn with_code(
        scenario: Arc<Scenario>,
        seed: u64,
        code: String,
    ) -> Result<Self, WorkshopError> {
        Ok(Workshop {
            conversation: Conversation::start(scenario, seed)?,
            code,
            phase: Phase::Waiting,
            show_live: false,
            devices: HashMap::new(),
            votes: HashMap::new(),
            version: 1,
            turns: Vec::new(),
            last: None,
            id: uuid::Uuid::new_v4().to_string(),
        })
    }

    /// The room code participants type or scan.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Whether `code` is this room's (ignoring case and spaces, as people type it).
    pub fn code_matches(&self, code: &str) -> bool {
        let typed: String = code
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        // Compared in full whatever the input, so timing says nothing about a near miss.
        let a = typed.as_bytes();
        let b = self.code.as_bytes();
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// The conversation as played so far.
    pub fn conversation(&self) -> &Conversation {
        &self.conversation
    }

    /// Where the vote stands.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Changes whenever anything a phone or the projector shows changes.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Devices in the room.
    pub fn devices(&self) -> usize {
        self.devices.len()
    }

    /// Whether the split is shown while the vote is open.
    pub fn shows_live(&self) -> bool {
        self.show_live
    }

    fn changed(&mut self) {
        self.version += 1;
    }

    /// The current turn number (1-based), or the last one once over.
    pub fn turn(&self) -> u32 {
        self.conversation.transcript().turns.len() as u32 + 1
    }

    fn choices(&self) -> Vec<String> {
        match self.conversation.step() {
            Step::Turn(t) => t.choices.iter().map(|c| c.text.clone()).collect(),
            Step::Ended(_) => Vec::new(),
        }
    }

    /// A new device joins: it gets a random token, its only identity.
    pub fn join(&mut self, code: &str) -> Result<String, WorkshopError> {
        if !self.code_matches(code) {
            return Err(WorkshopError::WrongCode);
        }
        if self.devices.len() >= MAX_DEVICES {
            return Err(WorkshopError::RoomFull);
        }
        let token = random_string(b"abcdefghijklmnopqrstuvwxyz0123456789", TOKEN_LEN);
        self.devices.insert(token.clone(), ());
        self.changed();
        Ok(token)
    }

    /// Whether this token was handed out by this room.
    pub fn knows(&self, token: &str) -> bool {
        self.devices.contains_key(token)
    }

    /// A vote from a device for the 0-based `position` on `turn`. A second
    /// vote from the same device replaces its first.
    pub fn vote(
        &mut self,
        code: &str,
        token: &str,
        turn: u32,
        position: usize,
    ) -> Result<(), WorkshopError> {
        if !self.code_matches(code) {
            return Err(WorkshopError::WrongCode);
        }
        if !self.knows(token) {
            return Err(WorkshopError::UnknownDevice);
        }
        if self.phase != Phase::Open {
            return Err(WorkshopError::VotingClosed);
        }
        if turn != self.turn() {
            return Err(WorkshopError::WrongTurn {
                got: turn,
                current: self.turn(),
            });
        }
        if position >= self.choices().len() {
            return Err(WorkshopError::NoSuchChoice(position + 1));
        }
        if self.votes.get(token) != Some(&position) {
            self.votes.insert(token.to_string(), position);
            self.changed();
        }
        Ok(())
    }

    /// Votes per choice, in the order shown.
    pub fn tally(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.choices().len()];
        for &p in self.votes.values() {
            if let Some(c) = counts.get_mut(p) {
                *c += 1;
            }
        }
        counts
    }

    /// The room's choice: the option with the most votes. A tie goes to the
    /// option shown first among those tied (the coach can always play any
    /// other). None when nobody voted.
    pub fn majority(&self) -> Option<usize> {
        let tally = self.tally();
        let most = *tally.iter().max()?;
        if most == 0 {
            return None;
        }
        tally.iter().position(|&n| n == most)
    }

    /// Whether the leading options are tied.
    pub fn tied(&self) -> bool {
        let tally = self.tally();
        let most = tally.iter().copied().max().unwrap_or(0);
        most > 0 && tally.iter().filter(|&&n| n == most).count() > 1
    }

    fn out_of_order(&self, action: &'static str) -> WorkshopError {
        WorkshopError::OutOfOrder {
            action,
            phase: self.phase,
        }
    }

    /// The coach opens the vote on the current turn.
    pub fn open_vote(&mut self) -> Result<(), WorkshopError> {
        if self.conversation.is_over() || self.phase != Phase::Waiting {
            return Err(self.out_of_order("open the vote"));
        }
        self.votes.clear();
        self.phase = Phase::Open;
        self.changed();
        Ok(())
    }

    /// The coach closes the vote: no more votes count.
    pub fn close_vote(&mut self) -> Result<(), WorkshopError> {
        if self.phase != Phase::Open {
            return Err(self.out_of_order("close the vote"));
        }
        self.phase = Phase::Closed;
        self.changed();
        Ok(())
    }

    /// The coach shows the split (closing the vote first if it is open).
    pub fn reveal(&mut self) -> Result<(), WorkshopError> {
        match self.phase {
            Phase::Open => {
                self.phase = Phase::Revealed;
            }
            Phase::Closed => self.phase = Phase::Revealed,
            Phase::Waiting | Phase::Revealed => return Err(self.out_of_order("reveal the split")),
        }
        self.changed();
        Ok(())
    }

    /// Shows the split live while votes arrive, or hides it until the reveal
    /// (the default, so the room doesn't follow the crowd).
    pub fn set_live(&mut self, live: bool) {
        if self.show_live != live {
            self.show_live = live;
            self.changed();
        }
    }

    /// How the core judges every option on the current turn, for the
    /// coach's notes: exactly what the debrief would say of each.
    pub fn coach_notes(&self) -> Vec<CoachNote> {
        let Step::Turn(t) = self.conversation.step() else {
            return Vec::new();
        };
        t.choices
            .iter()
            .enumerate()
            .filter_map(|(position, c)| {
                let mut trial = self.conversation.clone();
                let result = trial.choose(position).ok()?;
                Some(CoachNote {
                    position,
                    text: c.text.clone(),
                    verdict: result.verdict,
                    feedback: result.feedback,
                })
            })
            .collect()
    }

    /// Plays the option at `position` (the room's choice, or any other to
    /// discuss "what if"). The vote on this turn is kept for the debrief.
    pub fn play(&mut self, position: usize) -> Result<TurnResult, WorkshopError> {
        if self.phase == Phase::Open {
            return Err(self.out_of_order("play a choice while the vote is open"));
        }
        let notes = self.coach_notes();
        let tally = self.tally();
        let majority = self.majority();
        let voted = self.votes.len() as u32;
        let choice_indexes: Vec<usize> = match self.conversation.step() {
            Step::Turn(t) => t.choices.iter().map(|c| c.choice_index).collect(),
            Step::Ended(_) => Vec::new(),
        };
        let result = self.conversation.choose(position)?;
        self.turns.push(ClassTurn {
            turn: result.record.turn,
            node_id: result.record.node_id.clone(),
            customer_line: result.record.customer_line.clone(),
            narration: result.record.narration,
            options: notes.iter().map(|n| (n.text.clone(), n.verdict)).collect(),
            choice_indexes,
            tally,
            voted,
            majority,
            played: position,
        });
        self.last = Some(PlayedView {
            choice: result.record.said.clone(),
            feedback: result.feedback.clone(),
            verdict: result.verdict.label().to_string(),
        });
        self.votes.clear();
        self.phase = Phase::Waiting;
        self.changed();
        Ok(result)
    }

    /// Plays the room's choice; `None` when nobody voted.
    pub fn play_majority(&mut self) -> Result<Option<TurnResult>, WorkshopError> {
        match self.majority() {
            Some(p) => self.play(p).map(Some),
            None => Ok(None),
        }
    }

    /// What a phone shows; `token` is the asking device, if it has joined.
    pub fn room_view(&self, token: Option<&str>) -> RoomView {
        let (line, narration) = match self.conversation.step() {
            Step::Turn(t) => (t.line.clone(), t.narration),
            Step::Ended(e) => (e.line.clone().unwrap_or_default(), e.narration),
        };
        let ending = match self.conversation.step() {
            Step::Ended(e) => Some(e.closing.clone()),
            Step::Turn(_) => None,
        };
        let split_shown =
            self.phase == Phase::Revealed || (self.phase == Phase::Open && self.show_live);
        RoomView {
            title: self.conversation.scenario().title.clone(),
            customer: self.conversation.scenario().customer.name.clone(),
            version: self.version,
            turn: self.turn(),
            phase: self.phase,
            line,
            narration,
            choices: self.choices(),
            my_vote: token.and_then(|t| self.votes.get(t).copied()),
            tally: split_shown.then(|| self.tally()),
            votes: self.votes.len() as u32,
            last: self.last.clone(),
            ending,
        }
    }

    /// The class debrief of everything played so far.
    pub fn debrief(&self) -> ClassDebrief {
        ClassDebrief::new(&self.conversation, &self.turns, &self.id)
    }
}
