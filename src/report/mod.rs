//! Presenting results outside the app: text, attempt reports, cohort summaries, CSV, xAPI and
//! workshop class debriefs.

pub mod attempt;
pub mod cohort;
pub mod csv;
pub mod files;
pub mod text;
pub mod workshop;
pub mod xapi;
