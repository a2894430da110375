//! A per-address request budget: a token bucket that refills every second,
//! so one phone (or one misbehaving script) cannot flood the room's server.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Addresses remembered at most; past this, idle ones are forgotten first.
const MAX_ADDRESSES: usize = 4096;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    refilled: Instant,
}

/// Allows `per_second` requests a second per address, with bursts of twice that.
#[derive(Debug)]
pub(super) struct RateLimiter {
    per_second: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    pub(super) fn new(per_second: u32) -> Self {
        RateLimiter {
            per_second: f64::from(per_second),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether a request from `ip` may go ahead now (and counts it).
    pub(super) fn allow(&self, ip: IpAddr) -> bool {
        self.allow_at(ip, Instant::now())
    }

    fn allow_at(&self, ip: IpAddr, now: Instant) -> bool {
        let burst = 2.0 * self.per_second;
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_ADDRESSES && !buckets.contains_key(&ip) {
            // Forget addresses whose bucket has refilled: they have been idle.
            let per_second = self.per_second;
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.refilled).as_secs_f64() * per_second < burst
            });
            if buckets.len() >= MAX_ADDRESSES {
                return false;
            }
        }
        let b = buckets.entry(ip).or_insert(Bucket {
            tokens: burst,
            refilled: now,
        });
        let elapsed = now.duration_since(b.refilled).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.per_second).min(burst);
        b.refilled = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_flood_from_one_address_is_cut_off_and_others_are_not() {
        let limit = RateLimiter::new(10);
        let t = Instant::now();
        let flooder: IpAddr = "10.0.0.9".parse().unwrap();
        let allowed = (0..100).filter(|_| limit.allow_at(flooder, t)).count();
        assert_eq!(allowed, 20, "a burst of twice the rate, then nothing");
        assert!(limit.allow_at("10.0.0.10".parse().unwrap(), t));
        // A second later the flooder has ten more.
        let later = t + Duration::from_secs(1);
        let allowed = (0..100).filter(|_| limit.allow_at(flooder, later)).count();
        assert_eq!(allowed, 10);
    }
}
