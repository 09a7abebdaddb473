//! Sign-in back-off. Every attempt counts as a failure the moment it starts (before the
//! password is checked), so attempts sent in parallel cannot slip through one back-off
//! window; a success clears the count. Three counts are kept, in the instance's memory:
//!
//! * **an account from one address**: past [`PAIR_FREE`] failures each further attempt must
//!   wait, twice as long after every failure, up to [`MAX_WAIT`];
//! * **an address**, whatever account it tries: past [`ADDRESS_FREE`], the same back-off;
//! * **an account, from every address**: past [`ACCOUNT_FREE`], a mild wait that never grows
//!   past [`ACCOUNT_MAX_WAIT`]: a guesser spread over many addresses is slowed, while a
//!   stranger failing to sign in as someone cannot lock them out for long.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failures an account may have from one address before it must wait.
pub const PAIR_FREE: u32 = 5;
/// Failures an address may have before it must wait (it may try several accounts).
pub const ADDRESS_FREE: u32 = 20;
/// Failures an account may have from all addresses together before every attempt waits.
pub const ACCOUNT_FREE: u32 = 50;
/// The longest wait for an account from one address, and for an address.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// The longest wait an account has because of failures from all addresses together.
pub const ACCOUNT_MAX_WAIT: Duration = Duration::from_secs(30);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Pair(String, IpAddr),
    Address(IpAddr),
    Account(String),
}

impl Key {
    /// Free failures, and the longest wait.
    fn rule(&self) -> (u32, Duration) {
        match self {
            Key::Pair(..) => (PAIR_FREE, MAX_WAIT),
            Key::Address(_) => (ADDRESS_FREE, MAX_WAIT),
            Key::Account(_) => (ACCOUNT_FREE, ACCOUNT_MAX_WAIT),
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    until: Instant,
}

#[derive(Clone, Default)]
pub struct SignInLimiter {
    map: Arc<Mutex<HashMap<Key, Failures>>>,
}

fn wait_after(count: u32, free: u32, max: Duration) -> Duration {
    if count < free {
        return Duration::ZERO;
    }
    let exp = (count - free).min(20);
    Duration::from_secs(1u64 << exp).min(max)
}

fn keys(account: &str, addr: IpAddr) -> [Key; 3] {
    [
        Key::Pair(account.to_string(), addr),
        Key::Address(addr),
        Key::Account(account.to_string()),
    ]
}

impl SignInLimiter {
    /// Starts an attempt: `Err(wait)` while the account or the address must wait; otherwise
    /// the attempt is counted as a failure at once (a success clears it), so parallel
    /// attempts each see the ones before them.
    pub fn begin(&self, account: &str, addr: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let keys = keys(account, addr);
        let wait = keys
            .iter()
            .filter_map(|k| map.get(k))
            .map(|f| f.until.saturating_duration_since(now))
            .max()
            .unwrap_or_default();
        if !wait.is_zero() {
            return Err(wait);
        }
        // Old entries go before the map grows large; each is at most MAX_WAIT long.
        if map.len() > 10_000 {
            map.retain(|_, f| f.until + MAX_WAIT > now);
        }
        for key in keys {
            let (free, max) = key.rule();
            let f = map.entry(key).or_insert(Failures {
                count: 0,
                until: now,
            });
            f.count = f.count.saturating_add(1);
            f.until = now + wait_after(f.count, free, max);
        }
        Ok(())
    }

    /// How long the account must now wait from this address (for the log, after a failure).
    pub fn wait(&self, account: &str, addr: IpAddr) -> Duration {
        let now = Instant::now();
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        keys(account, addr)
            .iter()
            .filter_map(|k| map.get(k))
            .map(|f| f.until.saturating_duration_since(now))
            .max()
            .unwrap_or_default()
    }

    /// `Err(wait)` while an address must wait (a wrong bearer token counts against its
    /// address only: counting it against an account would let anyone stall every client).
    pub fn address_blocked(&self, addr: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        match map.get(&Key::Address(addr)) {
            Some(f) if f.until > now => Err(f.until - now),
            _ => Ok(()),
        }
    }

    /// Counts a wrong bearer token against its address; how long the address must now wait.
    pub fn address_failed(&self, addr: IpAddr) -> Duration {
        let now = Instant::now();
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let key = Key::Address(addr);
        let (free, max) = key.rule();
        let f = map.entry(key).or_insert(Failures {
            count: 0,
            until: now,
        });
        f.count = f.count.saturating_add(1);
        let wait = wait_after(f.count, free, max);
        f.until = now + wait;
        wait
    }

    /// A success: this account from this address, and the address, start afresh; so does
    /// the account's count from all addresses.
    pub fn succeed(&self, account: &str, addr: IpAddr) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        for key in keys(account, addr) {
            map.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_back_off_per_account_and_address() {
        let l = SignInLimiter::default();
        let a = IpAddr::from([10, 0, 0, 1]);
        let b = IpAddr::from([10, 0, 0, 2]);
        for _ in 0..PAIR_FREE - 1 {
            assert!(l.begin("ada", a).is_ok());
            assert_eq!(l.wait("ada", a), Duration::ZERO);
        }
        assert!(l.begin("ada", a).is_ok());
        let wait = l.wait("ada", a);
        assert!(
            wait > Duration::from_millis(900) && wait <= Duration::from_secs(1),
            "{wait:?}"
        );
        // Attempts sent together: the next one already waits, before any password is checked.
        assert!(l.begin("ada", a).is_err());
        // The account from another address does not wait: a stranger cannot lock ada out.
        assert!(l.begin("ada", b).is_ok());
        l.succeed("ada", b);
        assert_eq!(wait_after(40, PAIR_FREE, MAX_WAIT), MAX_WAIT);
        assert_eq!(
            wait_after(40, ACCOUNT_FREE, ACCOUNT_MAX_WAIT),
            Duration::ZERO
        );
        // An address trying many accounts waits too.
        let c = IpAddr::from([10, 0, 0, 3]);
        for i in 0..ADDRESS_FREE {
            assert!(l.begin(&format!("user{i}"), c).is_ok());
        }
        assert!(l.begin("someone-else", c).is_err());
    }

    #[test]
    fn wrong_bearer_tokens_back_off_their_address_only() {
        let l = SignInLimiter::default();
        let a = IpAddr::from([10, 2, 0, 1]);
        for _ in 0..ADDRESS_FREE - 1 {
            assert_eq!(l.address_failed(a), Duration::ZERO);
            assert!(l.address_blocked(a).is_ok());
        }
        assert_eq!(l.address_failed(a), Duration::from_secs(1));
        assert!(l.address_blocked(a).is_err());
        assert!(l.address_blocked(IpAddr::from([10, 2, 0, 2])).is_ok());
        // And the address's sign-in attempts wait too.
        assert!(l.begin("ada", a).is_err());
    }

    #[test]
    fn an_account_failing_from_many_addresses_is_slowed_but_never_locked_long() {
        let l = SignInLimiter::default();
        for i in 0..ACCOUNT_FREE {
            let addr = IpAddr::from([10, 1, (i / 256) as u8, (i % 256) as u8]);
            assert!(l.begin("ada", addr).is_ok(), "attempt {i}");
        }
        let fresh = IpAddr::from([192, 168, 0, 9]);
        let wait = l.begin("ada", fresh).unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= ACCOUNT_MAX_WAIT,
            "{wait:?}"
        );
        assert_eq!(
            wait_after(ACCOUNT_FREE + 30, ACCOUNT_FREE, ACCOUNT_MAX_WAIT),
            ACCOUNT_MAX_WAIT
        );
        // Another account is untouched.
        assert!(l.begin("bob", fresh).is_ok());
    }
}
