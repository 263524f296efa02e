//! Sids and credentials shaped like the real ones, without a uuid crate.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Tells apart generators created in the same nanosecond.
static GENERATORS: AtomicU64 = AtomicU64::new(0);

/// An xorshift64* stream seeded from the clock: unpredictable enough that
/// two emulators never hand out the same sids, and not meant for secrets
/// beyond a local test server's.
#[derive(Debug)]
pub(crate) struct SidGenerator {
    state: u64,
}

impl SidGenerator {
    pub(crate) fn new() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos() as u64);
        let sequence = GENERATORS.fetch_add(1, Ordering::Relaxed);
        let seed = splitmix64(nanos ^ splitmix64(sequence ^ u64::from(std::process::id())));
        SidGenerator {
            // xorshift never leaves zero.
            state: seed | 1,
        }
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A version-4 uuid: `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`.
    pub(crate) fn uuid(&mut self) -> String {
        let high = self.next_u64();
        let low = self.next_u64();
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            high >> 32,
            (high >> 16) & 0xffff,
            (high & 0x0fff) | 0x4000,
            ((low >> 48) & 0x3fff) | 0x8000,
            low & 0xffff_ffff_ffff,
        )
    }

    /// `digits` lower-case hex digits.
    pub(crate) fn hex(&mut self, digits: usize) -> String {
        let mut hex = String::with_capacity(digits + 16);
        while hex.len() < digits {
            hex.push_str(&format!("{:016x}", self.next_u64()));
        }
        hex.truncate(digits);
        hex
    }
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_have_the_version_4_shape() {
        let mut sids = SidGenerator::new();
        for _ in 0..100 {
            let uuid = sids.uuid();
            let groups: Vec<&str> = uuid.split('-').collect();
            let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
            assert_eq!(lengths, [8, 4, 4, 4, 12], "{uuid}");
            assert!(uuid
                .chars()
                .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)));
            assert!(groups[2].starts_with('4'), "{uuid}");
            assert!(matches!(&groups[3][..1], "8" | "9" | "a" | "b"), "{uuid}");
        }
    }

    #[test]
    fn two_generators_differ() {
        assert_ne!(SidGenerator::new().uuid(), SidGenerator::new().uuid());
    }

    #[test]
    fn hex_has_the_asked_length() {
        let token = SidGenerator::new().hex(48);
        assert_eq!(token.len(), 48);
        assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
