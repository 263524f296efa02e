//! Which TLS implementation a client speaks through, chosen by the crate's
//! features: `rustls-ring` (the default), `rustls-aws-lc` or `native-tls`.
//!
//! `rustls-ring` is the default because `ring` builds in a fraction of the
//! time `aws-lc-sys`'s C library takes, and the API needs nothing only
//! aws-lc offers. reqwest has no feature for it, so the rustls
//! configuration is built here, with the platform's certificate verifier
//! as reqwest's own `rustls` feature has it.
//!
//! When several are enabled, an explicit choice beats the default:
//! `native-tls`, then `rustls-aws-lc`, then `rustls-ring`.

use crate::Error;

/// Whether this build can speak `https://`.
pub(crate) const AVAILABLE: bool = cfg!(any(
    feature = "rustls-ring",
    feature = "rustls-aws-lc",
    feature = "native-tls"
));

/// `builder`, set to speak TLS through the implementation the features
/// chose. Works on reqwest's async and blocking builders alike.
macro_rules! configure {
    ($builder:expr) => {{
        #[cfg(feature = "native-tls")]
        let builder: Result<_, $crate::Error> = Ok($builder.tls_backend_native());
        #[cfg(all(feature = "rustls-aws-lc", not(feature = "native-tls")))]
        let builder: Result<_, $crate::Error> = Ok($builder.tls_backend_rustls());
        #[cfg(all(
            feature = "rustls-ring",
            not(any(feature = "rustls-aws-lc", feature = "native-tls"))
        ))]
        let builder = $crate::tls::ring_config().map(|config| match config {
            Some(config) => $builder.tls_backend_preconfigured(config),
            None => $builder,
        });
        #[cfg(not(any(
            feature = "rustls-ring",
            feature = "rustls-aws-lc",
            feature = "native-tls"
        )))]
        let builder: Result<_, $crate::Error> = Ok($builder);
        builder
    }};
}
pub(crate) use configure;

/// A rustls configuration on `ring`, verifying certificates as the
/// platform does; `None` when the application installed a process-wide
/// rustls provider, which reqwest then uses as it would with its own
/// features.
#[cfg(all(
    feature = "rustls-ring",
    not(any(feature = "rustls-aws-lc", feature = "native-tls"))
))]
pub(crate) fn ring_config() -> Result<Option<rustls::ClientConfig>, Error> {
    use std::sync::OnceLock;

    use rustls_platform_verifier::BuilderVerifierExt as _;

    // Loading the platform's certificates takes milliseconds; every
    // client of the process shares them.
    static CONFIG: OnceLock<Result<rustls::ClientConfig, String>> = OnceLock::new();

    if rustls::crypto::CryptoProvider::get_default().is_some() {
        return Ok(None);
    }
    let config = CONFIG.get_or_init(|| {
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|builder| builder.with_platform_verifier())
            .map_err(|error| error.to_string())?
            .with_no_client_auth();
        // reqwest leaves a configuration it is given as it is, ALPN included.
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(config)
    });
    match config {
        Ok(config) => Ok(Some(config.clone())),
        Err(error) => Err(Error::config(format!(
            "TLS could not be set up with ring and the platform's certificates: {error}"
        ))),
    }
}

/// The error for an `https://` space in a build without TLS.
pub(crate) fn missing(space_url: &str) -> Error {
    Error::config(format!(
        "the space URL `{space_url}` needs TLS, and laml was built without it: \
         enable one of laml's features `rustls-ring` (the default), `rustls-aws-lc` or `native-tls`"
    ))
}

/// reqwest's async `builder` set as laml's own clients are, for the
/// emulator's requests to apps.
pub fn configure_async(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    configure!(builder)
}
