//! Sign-in back-off: failed sign-ins are counted per account and per client address, and
//! past a few of them each further attempt must wait, twice as long after every failure (up to
//! 15 minutes). A success clears the account's and the address's count. Counts live in the
//! instance's memory.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failures an account may have before it must wait.
pub const ACCOUNT_FREE: u32 = 5;
/// Failures an address may have before it must wait (it may try several accounts).
pub const ADDRESS_FREE: u32 = 20;
/// The longest wait.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
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

fn wait_after(count: u32, free: u32) -> Duration {
    if count < free {
        return Duration::ZERO;
    }
    let exp = (count - free).min(20);
    Duration::from_secs(1u64 << exp).min(MAX_WAIT)
}

impl SignInLimiter {
    /// `Err(wait)` while the account or the address must wait before trying again.
    pub fn check(&self, account: &str, addr: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let wait = [Key::Account(account.to_string()), Key::Address(addr)]
            .iter()
            .filter_map(|k| map.get(k))
            .map(|f| f.until.saturating_duration_since(now))
            .max()
            .unwrap_or_default();
        if wait.is_zero() { Ok(()) } else { Err(wait) }
    }

    /// Counts a failure; returns how long the account must now wait.
    pub fn fail(&self, account: &str, addr: IpAddr) -> Duration {
        let now = Instant::now();
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, f| f.until + MAX_WAIT > now);
        }
        let mut longest = Duration::ZERO;
        for (key, free) in [
            (Key::Account(account.to_string()), ACCOUNT_FREE),
            (Key::Address(addr), ADDRESS_FREE),
        ] {
            let f = map.entry(key).or_insert(Failures {
                count: 0,
                until: now,
            });
            f.count = f.count.saturating_add(1);
            let wait = wait_after(f.count, free);
            f.until = now + wait;
            longest = longest.max(wait);
        }
        longest
    }

    /// A success: the account and the address start afresh.
    pub fn succeed(&self, account: &str, addr: IpAddr) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&Key::Account(account.to_string()));
        map.remove(&Key::Address(addr));
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
        for _ in 0..ACCOUNT_FREE - 1 {
            assert_eq!(l.fail("ada", a), Duration::ZERO);
            assert!(l.check("ada", a).is_ok());
        }
        assert_eq!(l.fail("ada", a), Duration::from_secs(1));
        // The account waits from every address; another account from another address does not.
        assert!(l.check("ada", b).is_err());
        assert!(l.check("bob", b).is_ok());
        assert_eq!(l.fail("ada", a), Duration::from_secs(2));
        assert_eq!(l.fail("ada", a), Duration::from_secs(4));
        assert_eq!(wait_after(40, ACCOUNT_FREE), MAX_WAIT);
        l.succeed("ada", a);
        assert!(l.check("ada", a).is_ok());
        // An address trying many accounts waits too.
        for i in 0..ADDRESS_FREE {
            l.fail(&format!("user{i}"), b);
        }
        assert!(l.check("someone-else", b).is_err());
    }
}
