//! What the onlookers do on a public social-media thread.
//!
//! On `channel: social` the customer's complaint and the trainee's replies are
//! seen by an audience. The app shows how that audience reacts, so a trainee
//! learns that a public reply is written for everyone watching. The numbers
//! are a pure function of the scenario's audience and the customer's mood, so
//! a replayed attempt shows exactly the same thread.

use crate::scenario::{Channel, Scenario};

/// Likes, shares and replies under one public post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reactions {
    /// People who liked the post.
    pub likes: u32,
    /// People who shared it to their own followers.
    pub shares: u32,
    /// People who replied under it.
    pub replies: u32,
}

/// Whether the customer's line at `node_id`, and the trainee's answer to it,
/// are seen by the public: on a social-media scenario, every node that is not
/// marked `private`. Nothing is public on other channels.
pub fn in_public(s: &Scenario, node_id: &str) -> bool {
    s.channel == Channel::Social && s.node(node_id).is_some_and(|n| !n.private)
}

/// "2,400 people" (or "1 person"), with thousands separators as a social
/// network shows a count.
pub fn people(audience: u32) -> String {
    let digits = audience.to_string();
    let mut count = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            count.push(',');
        }
        count.push(c);
    }
    if audience == 1 {
        format!("{count} person")
    } else {
        format!("{count} people")
    }
}

/// How many onlookers engage with a thread this size: the square root of the
/// audience, because most people who can see a post scroll past it.
fn engaged(audience: u32) -> f64 {
    f64::from(audience).sqrt()
}

/// Reactions to the customer's public post on decision `turn` (1-based): the
/// unhappier the customer and the longer the complaint has stood in public,
/// the more people pile in.
pub fn customer_post(audience: u32, mood: i32, turn: u32) -> Reactions {
    let unhappiness = f64::from((100 - mood).clamp(0, 100)) / 50.0;
    let standing = 1.0 + 0.5 * f64::from(turn.saturating_sub(1));
    let likes = engaged(audience) * unhappiness * standing;
    Reactions {
        likes: likes.round() as u32,
        shares: (likes / 4.0).round() as u32,
        replies: (likes / 8.0).round() as u32,
    }
}

/// Reactions to the trainee's public reply, from how it landed with the
/// customer (`mood_before` to `mood_after`): a reply that helped earns a few
/// likes from onlookers; one that made things worse draws replies piling on.
pub fn brand_reply(audience: u32, mood_before: i32, mood_after: i32) -> Reactions {
    let reach = engaged(audience);
    let delta = f64::from(mood_after - mood_before);
    let likes = reach / 10.0 + reach * delta.max(0.0) / 10.0;
    let pile_on = reach * (-delta).max(0.0) / 10.0;
    Reactions {
        likes: likes.round() as u32,
        shares: (pile_on / 3.0).round() as u32,
        replies: pile_on.round() as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_angrier_customer_draws_more_onlookers_the_longer_it_stays_public() {
        let calm = customer_post(2500, 60, 1);
        let angry = customer_post(2500, 20, 1);
        let later = customer_post(2500, 20, 3);
        assert!(angry.likes > calm.likes);
        assert!(later.likes > angry.likes);
        assert!(later.shares > 0 && later.replies > 0);
    }

    #[test]
    fn a_reply_that_backfires_draws_a_pile_on_and_one_that_helps_draws_likes() {
        let helped = brand_reply(2500, 30, 45);
        let backfired = brand_reply(2500, 30, 15);
        assert!(helped.likes > backfired.likes);
        assert_eq!(helped.replies, 0);
        assert!(backfired.replies > 0);
    }

    #[test]
    fn audiences_read_as_a_network_shows_them() {
        assert_eq!(people(1), "1 person");
        assert_eq!(people(999), "999 people");
        assert_eq!(people(2400), "2,400 people");
        assert_eq!(people(1_250_000), "1,250,000 people");
    }

    #[test]
    fn nobody_watching_means_no_reactions() {
        assert_eq!(customer_post(0, 0, 5), Reactions::default());
        assert_eq!(brand_reply(0, 80, 0), Reactions::default());
    }
}
