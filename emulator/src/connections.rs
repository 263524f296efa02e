//! What a test reads about the TCP connections the server accepted and
//! closed, and the requests it handled at once; the server counts them.

/// Connections the emulator has seen, and requests in flight.
///
/// A client that reuses connections (HTTP/1.1 keep-alive, as connection
/// pools do) shows fewer `accepted` than requests sent. `peak_in_flight`
/// shows how many requests a client had in flight at once, whatever its
/// pool did; control requests are not counted.
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
/// assert_eq!((stats.in_flight, stats.peak_in_flight), (0, 0));
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
    /// Requests received and not yet answered.
    pub in_flight: u64,
    /// The most requests in flight at once since the start.
    pub peak_in_flight: u64,
}
