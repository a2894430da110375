//! Presenting results outside the app: text now, other formats as they come.

pub mod text;
