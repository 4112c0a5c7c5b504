//! The `code` of an error flowsim-proxy answers itself (body `{message, code, status}`, the shape of a Genesys
//! error). One list for both sides: the proxy sends these codes and the app matches on them.

/// A proxy error code; on the wire it is [`ProxyCode::as_str`], e.g. `proxy.upstream.not.allowed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProxyCode {
    /// 400: the request-target is not `/<absolute http(s) URL>`.
    TargetInvalid,
    /// 403: the target's scheme, host or port is not on the allowlist (or is disguised).
    UpstreamNotAllowed,
    /// 403: `--allow-origin` was given and the request's `Origin` is not in it.
    OriginNotAllowed,
    /// 405: a method the proxy does not forward (CONNECT, TRACE, …).
    MethodNotAllowed,
    /// 413: the request body is over `--max-request-bytes`.
    RequestTooLarge,
    /// 400: the request body could not be read (the client broke off the upload).
    RequestInvalid,
    /// 408: the request body did not arrive within `--timeout-ms`.
    RequestTimeout,
    /// 502: connection refused, DNS or TLS failure.
    UpstreamUnreachable,
    /// 502: the upstream response body is over `--max-response-bytes`.
    ResponseTooLarge,
    /// 502: the upstream broke the exchange in another way (reset, malformed response).
    UpstreamError,
    /// 503: `--max-concurrency` requests are in flight and no slot freed in time.
    Busy,
    /// 504: connect or total timeout.
    UpstreamTimeout,
}

impl ProxyCode {
    pub const ALL: [ProxyCode; 12] = [
        ProxyCode::TargetInvalid,
        ProxyCode::UpstreamNotAllowed,
        ProxyCode::OriginNotAllowed,
        ProxyCode::MethodNotAllowed,
        ProxyCode::RequestTooLarge,
        ProxyCode::RequestInvalid,
        ProxyCode::RequestTimeout,
        ProxyCode::UpstreamUnreachable,
        ProxyCode::ResponseTooLarge,
        ProxyCode::UpstreamError,
        ProxyCode::Busy,
        ProxyCode::UpstreamTimeout,
    ];

    /// The code as sent in the error body.
    pub const fn as_str(self) -> &'static str {
        match self {
            ProxyCode::TargetInvalid => "proxy.target.invalid",
            ProxyCode::UpstreamNotAllowed => "proxy.upstream.not.allowed",
            ProxyCode::OriginNotAllowed => "proxy.origin.not.allowed",
            ProxyCode::MethodNotAllowed => "proxy.method.not.allowed",
            ProxyCode::RequestTooLarge => "proxy.request.too.large",
            ProxyCode::RequestInvalid => "proxy.request.invalid",
            ProxyCode::RequestTimeout => "proxy.request.timeout",
            ProxyCode::UpstreamUnreachable => "proxy.upstream.unreachable",
            ProxyCode::ResponseTooLarge => "proxy.upstream.response.too.large",
            ProxyCode::UpstreamError => "proxy.upstream.error",
            ProxyCode::Busy => "proxy.busy",
            ProxyCode::UpstreamTimeout => "proxy.upstream.timeout",
        }
    }

    /// The code an error body carries, when it is one of the proxy's.
    pub fn parse(code: &str) -> Option<ProxyCode> {
        ProxyCode::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_are_distinct() {
        for c in ProxyCode::ALL {
            assert_eq!(ProxyCode::parse(c.as_str()), Some(c));
            assert!(c.as_str().starts_with("proxy."));
        }
        assert_eq!(ProxyCode::parse("not.found"), None);
    }
}
