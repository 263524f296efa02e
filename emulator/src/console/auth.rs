//! Who may use the console: whoever opened the URL with the token printed
//! at start (Jupyter's way: the token becomes a cookie), or a script with
//! the project's Basic credentials. And what a cross-site page cannot do:
//! every `POST` must be JSON, which an HTML form cannot send.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::api::Failure;
use super::Console;

/// The cookie that carries the token once the URL has been opened.
const COOKIE: &str = "laml_console";

const UNAUTHORIZED_PAGE: &str = "<!doctype html>
<html lang=\"en\"><head><meta charset=\"utf-8\"><title>laml emulator console</title></head>
<body><h1>Open the console with its token</h1>
<p>The laml emulator printed this console's address with its token when it started, on the
line that begins with <code>console:</code> (in a test: <code>Emulator::console_url()</code>).
Open that address; scripts may use Basic authentication with the project id and API token
instead.</p></body></html>
";

/// Lets the request through when it is allowed, else answers it: `303`
/// with the cookie for `GET /?token=TOKEN`, `401` without the cookie or
/// credentials, `415` for a `POST` that is not JSON. Every answer is not
/// to be cached and loads nothing from elsewhere.
pub(super) async fn guard(
    State(console): State<Console>,
    request: Request,
    next: Next,
) -> Response {
    let response = match check(&console, &request) {
        Some(refused) => refused,
        None => next.run(request).await,
    };
    secure(response)
}

/// The answer the guard gives in the request's place, if any.
fn check(console: &Console, request: &Request) -> Option<Response> {
    let headers = request.headers();
    if request.uri().path() == "/" && request.method() == Method::GET {
        if let Some(given) = query_token(request.uri().query()) {
            if !console.token.matches(&given) {
                return Some(unauthorized());
            }
            let cookie = format!(
                "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/",
                console.token.reveal()
            );
            let response = (
                StatusCode::SEE_OTHER,
                [
                    (header::LOCATION, "/".to_owned()),
                    (header::SET_COOKIE, cookie),
                ],
            )
                .into_response();
            return Some(response);
        }
    }
    if !has_cookie(console, headers) && !has_credentials(console, headers) {
        return Some(unauthorized());
    }
    if request.method() == Method::POST && !is_json(headers) {
        let refused = Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the console's POST requests carry Content-Type: application/json",
        );
        return Some(refused.into_response());
    }
    None
}

fn query_token(query: Option<&str>) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(name, _)| name == "token")
        .map(|(_, value)| value.into_owned())
}

fn has_cookie(console: &Console, headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name == COOKIE && console.token.matches(value))
}

fn has_credentials(console: &Console, headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
        && console
            .shared()
            .is_some_and(|shared| shared.authenticate(headers).is_ok())
}

/// `application/json`, with or without parameters (`; charset=utf-8`).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        UNAUTHORIZED_PAGE,
    )
        .into_response()
}

fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
