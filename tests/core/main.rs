//! Tests of the core and the CLI, as stories a trainee, coach or author would tell.
//! One test binary, so the app's dependencies are linked once.

mod architecture;
mod browser;
mod cli;
mod editor;
mod engine;
mod golden;
mod library;
mod lrs;
mod properties;
mod records;
mod scoring;
mod serve;
mod support;
mod validation;
mod workshop;
