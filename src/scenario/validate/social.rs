//! Checks on social-media scenarios: the public thread's accounts and
//! audience, and `private` nodes, which only mean something on `channel: social`.

use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::locate::FieldPath;
use crate::scenario::model::{Channel, Scenario};

/// Largest audience accepted: more than any thread a trainee would answer.
pub const MAX_AUDIENCE: u32 = 10_000_000;

/// Runs the social-media checks on `s`, adding what they find to `out`.
pub(super) fn check_social(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let social = s.channel == Channel::Social;
    match (&s.social, social) {
        (None, true) => out.push(
            Diagnostic::warning(
                "social-thread-missing",
                "a social-media scenario without `social`: the thread shows no handles and no audience",
            )
            .at(FieldPath::root().field("channel"))
            .hint(r#"add `social: (handle: "@customer", brand: "@YourHelpTeam", audience: 2400)`"#),
        ),
        (Some(_), false) => out.push(
            Diagnostic::warning(
                "social-thread-unused",
                format!(
                    "`social` describes a public thread, but this conversation happens by {}",
                    s.channel.label().to_lowercase()
                ),
            )
            .at(FieldPath::root().field("social"))
            .hint("remove `social`, or set `channel: social`"),
        ),
        (Some(t), true) => {
            for (field, handle) in [("handle", &t.handle), ("brand", &t.brand)] {
                let name = handle.strip_prefix('@').unwrap_or("");
                if name.is_empty() || name.chars().any(char::is_whitespace) {
                    out.push(
                        Diagnostic::error(
                            "bad-handle",
                            format!("{handle:?} is not a handle"),
                        )
                        .at(FieldPath::root().field("social").field(field))
                        .hint(r#"a handle is an @ followed by a name without spaces, e.g. "@NorthlineHelp""#),
                    );
                }
            }
            if t.audience > MAX_AUDIENCE {
                out.push(
                    Diagnostic::error(
                        "out-of-range",
                        format!("audience {} is more than {MAX_AUDIENCE}", t.audience),
                    )
                    .at(FieldPath::root().field("social").field("audience")),
                );
            }
        }
        (None, false) => {}
    }
    if !social {
        for n in s.nodes.iter().filter(|n| n.private) {
            out.push(
                Diagnostic::warning(
                    "private-off-social",
                    format!(
                        "node {:?} is marked private, which only means something on social media",
                        n.id
                    ),
                )
                .at(FieldPath::node(&n.id).field("private"))
                .hint("remove `private: true`"),
            );
        }
    }
}
