//! The scenario format, its loader and its validation. No Bevy here.

pub mod diagnostic;
pub mod graph;
pub mod library;
pub mod load;
pub mod locate;
pub mod model;
pub mod suggest;
pub mod track;
pub mod validate;

pub use diagnostic::{Diagnostic, FileReport, Location, Severity};
pub use load::{LoadedScenario, load_bytes, load_str};
pub use model::*;
