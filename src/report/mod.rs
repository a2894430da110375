//! Presenting results outside the app: text, attempt reports, cohort summaries, CSV and xAPI.

pub mod attempt;
pub mod cohort;
pub mod csv;
pub mod files;
pub mod text;
pub mod xapi;
