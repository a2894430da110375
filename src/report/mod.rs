//! Presenting results outside the app: text, attempt reports, cohort summaries, CSV, xAPI and
//! workshop class debriefs.

pub mod attempt;
pub mod cohort;
pub mod csv;
pub mod files;
pub mod text;
pub mod workshop;
pub mod xapi;

/// Text made safe inside HTML, for the reports' pages.
pub(crate) fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
