//! Counting the TCP connections the server accepts and closes.

use std::sync::Arc;

use crate::server::Shared;

/// Connections the emulator has seen.
///
/// A client that reuses connections (HTTP/1.1 keep-alive, as connection
/// pools do) shows fewer `accepted` than requests sent.
///
/// # Examples
///
/// ```
/// use laml_emulator::Emulator;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let emulator = Emulator::start().await?;
/// let stats = emulator.connections();
/// assert_eq!((stats.accepted, stats.open, stats.peak_open), (0, 0, 0));
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectionStats {
    /// Connections accepted since the start.
    pub accepted: u64,
    /// Connections open now: accepted and not yet closed by either side.
    pub open: u64,
    /// The most connections open at once since the start.
    pub peak_open: u64,
}

/// One accepted connection, counted open until dropped.
pub(crate) struct OpenConnection {
    shared: Arc<Shared>,
}

impl OpenConnection {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        {
            let mut stats = shared.connections();
            stats.accepted += 1;
            stats.open += 1;
            stats.peak_open = stats.peak_open.max(stats.open);
        }
        OpenConnection { shared }
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.shared.connections().open -= 1;
    }
}
