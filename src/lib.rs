//! frontline: a training simulator for difficult customer conversations.
//!
//! The core (scenario model and loader, validation, the conversation engine,
//! scoring and analysis) has no Bevy in it and builds with
//! `--no-default-features`. The desktop app in [`app`] only presents what the
//! core computes.

pub mod analysis;
pub mod cli;
pub mod editor;
pub mod engine;
pub mod records;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod scoring;
pub mod serve;
pub mod workshop;

#[cfg(feature = "app")]
pub mod app;
