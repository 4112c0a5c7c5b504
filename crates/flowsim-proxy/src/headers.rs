//! Which headers cross the proxy, and the CORS headers it adds.
//!
//! CORS is hand-written rather than tower-http's `CorsLayer` because that layer answers every
//! `OPTIONS` itself, does not reject disallowed origins (it only omits the allow header), and
//! its `allow_headers(Any)` sends `*`, which does not cover `Authorization`. Here the origin
//! check happens before anything is forwarded and the preflight answer is fixed and explicit.

use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};

pub const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
/// `authorization` must be named: the `*` wildcard does not cover it (Fetch standard).
pub const ALLOW_HEADERS: &str = "authorization, content-type, accept";
pub const EXPOSE_HEADERS: &str = "Retry-After, ININ-Correlation-Id, Location, Content-Disposition";
pub const MAX_AGE_SECS: &str = "600";

/// Request headers never forwarded upstream (besides those named in `Connection`).
fn drop_request_header(name: &str) -> bool {
    matches!(
        name,
        // hop-by-hop
        "connection" | "keep-alive" | "te" | "trailer" | "transfer-encoding" | "upgrade"
        // reqwest sets these from the target URL and the body
        | "host" | "content-length" | "expect"
        // who is calling, and from where: the upstream needs none of it
        | "origin" | "referer" | "forwarded" | "x-real-ip"
        | "cookie" | "cookie2"
    ) || name.starts_with("proxy-")
        || name.starts_with("x-forwarded-")
}

/// Response headers never passed back (the proxy sets its own CORS headers).
fn drop_response_header(name: &str) -> bool {
    matches!(
        name,
        "connection" | "keep-alive" | "te" | "trailer" | "transfer-encoding" | "upgrade" | "set-cookie" | "set-cookie2"
    ) || name.starts_with("proxy-")
        || name.starts_with("access-control-")
}

/// Lower-cased header names listed in `Connection` (they are hop-by-hop too, RFC 9110 §7.6.1).
fn connection_listed(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

fn filter(src: &HeaderMap, drop: fn(&str) -> bool) -> HeaderMap {
    // `Connection` is rare on real traffic: only allocate the list when it is there.
    let listed = if src.contains_key(header::CONNECTION) { connection_listed(src) } else { Vec::new() };
    let mut out = HeaderMap::with_capacity(src.len());
    for (name, value) in src {
        let n = name.as_str();
        if drop(n) || listed.iter().any(|l| l == n) {
            continue;
        }
        out.append(name.clone(), value.clone());
    }
    out
}

/// Headers to send upstream for a browser request.
pub fn upstream_request_headers(src: &HeaderMap) -> HeaderMap {
    filter(src, drop_request_header)
}

/// Headers to send back to the browser for an upstream response.
pub fn client_response_headers(src: &HeaderMap) -> HeaderMap {
    filter(src, drop_response_header)
}

/// `Access-Control-Allow-Origin` (the request's origin, or `*` without one), `Vary: Origin`,
/// and `Access-Control-Expose-Headers`, for actual responses and proxy errors.
pub fn add_cors(headers: &mut HeaderMap, origin: Option<&HeaderValue>) {
    let allow = origin.cloned().unwrap_or_else(|| HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSE_HEADERS));
}

/// The headers of a preflight answer.
pub fn add_preflight(headers: &mut HeaderMap, origin: Option<&HeaderValue>, private_network: bool) {
    let allow = origin.cloned().unwrap_or_else(|| HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOW_METHODS));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOW_HEADERS));
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(MAX_AGE_SECS));
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if private_network {
        // Older Chrome (Private Network Access) asks this before a public page may call localhost.
        headers
            .insert(HeaderName::from_static("access-control-allow-private-network"), HeaderValue::from_static("true"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn request_side_keeps_auth_and_drops_the_rest() {
        let h = upstream_request_headers(&map(&[
            ("authorization", "Bearer t"),
            ("content-type", "application/json"),
            ("connection", "keep-alive, X-Secret-Hop"),
            ("x-secret-hop", "1"),
            ("cookie", "a=b"),
            ("proxy-authorization", "Basic x"),
            ("x-forwarded-for", "1.2.3.4"),
            ("origin", "http://localhost:8080"),
            ("host", "127.0.0.1"),
        ]));
        let names: Vec<_> = h.keys().map(|k| k.as_str()).collect();
        assert_eq!(names, ["authorization", "content-type"]);
    }

    #[test]
    fn response_side_drops_cookies_and_upstream_cors() {
        let h = client_response_headers(&map(&[
            ("set-cookie", "a=b"),
            ("set-cookie2", "a=b"),
            ("access-control-allow-origin", "https://x"),
            ("retry-after", "3"),
            ("transfer-encoding", "chunked"),
        ]));
        let names: Vec<_> = h.keys().map(|k| k.as_str()).collect();
        assert_eq!(names, ["retry-after"]);
    }
}
