//! The console: a web page, on an address of its own, to watch and drive
//! an app through the emulator (place a call, press keys, text a number,
//! read every request made to the app and send one again, move the clock).
//!
//! The page and its assets are embedded; what it shows comes from a JSON
//! snapshot (`GET /api/state`) and a stream of server-sent events
//! (`GET /api/events`) fed by [`crate::events`]. Nothing is readable
//! without the token printed at start (kept in a cookie) or the project's
//! credentials ([`auth`]).

mod api;
mod auth;

use std::fmt;
use std::io;
use std::sync::{Arc, Weak};

use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::state::Shared;

/// The secret that opens the console, which never prints.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Token(String);

impl Token {
    pub(crate) fn new(secret: String) -> Token {
        Token(secret)
    }

    /// The secret itself, for the one URL that carries it.
    pub(crate) fn reveal(&self) -> &str {
        &self.0
    }

    /// Whether `given` is the token, in time that does not depend on
    /// where they differ.
    fn matches(&self, given: &str) -> bool {
        let (expected, given) = (self.0.as_bytes(), given.as_bytes());
        expected.len() == given.len()
            && expected
                .iter()
                .zip(given)
                .fold(0, |differ, (a, b)| differ | (a ^ b))
                == 0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(** redacted **)")
    }
}

/// What every request of the console reaches: the emulator (gone once it
/// stops) and the token.
#[derive(Clone, Debug)]
struct Console {
    shared: Weak<Shared>,
    token: Token,
}

/// Serves the console on `listener` until `stopped` fires (or its sender
/// is dropped); open event streams end when the emulator is dropped.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Weak<Shared>,
    token: Token,
    stopped: oneshot::Receiver<()>,
) -> io::Result<()> {
    let console = Console { shared, token };
    let router = Router::new()
        .route("/", get(api::page))
        .route("/console.js", get(api::script))
        .route("/console.css", get(api::style))
        .route("/api/state", get(api::state))
        .route("/api/events", get(api::events))
        .route("/api/calls", post(api::place_call))
        .route("/api/calls/{sid}/digits", post(api::press))
        .route("/api/calls/{sid}/speech", post(api::speak))
        .route("/api/calls/{sid}/hangup", post(api::hang_up))
        .route("/api/messages", post(api::send_message))
        .route("/api/clock", post(api::clock))
        .route("/api/settle", post(api::settle))
        .route("/api/webhooks/{id}/replay", post(api::replay))
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            console.clone(),
            auth::guard,
        ))
        .with_state(console);
    axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            let _ = stopped.await;
        })
        .await
}

impl Console {
    fn shared(&self) -> Option<Arc<Shared>> {
        self.shared.upgrade()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_matches_only_itself_and_never_prints() {
        let token = Token::new("0123456789abcdef0123456789abcdef".into());
        assert!(token.matches("0123456789abcdef0123456789abcdef"));
        assert!(!token.matches("0123456789abcdef0123456789abcdee"));
        assert!(!token.matches("0123456789abcdef"));
        assert!(!token.matches(""));
        let debug = format!("{token:?}");
        assert!(!debug.contains("0123456789"), "{debug}");
    }
}
