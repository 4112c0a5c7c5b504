//! An [`HttpClient`] that sends the engine's requests to the fake's own router, in process: no socket, no
//! latency, no throttling (requests are marked [`Internal`]), but the same handlers, errors and headers.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method as HttpMethod, Request};
use axum::Router;
use flowsim_core::net::http::{HttpClient, HttpRequest, HttpResponse, Method, TransportError};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::auth::Internal;

/// The base URL the engine is given; requests to it are routed in process.
pub const INTERNAL_BASE: &str = "http://fake-genesys.internal";

pub struct InProcess {
    router: Router,
    started: Instant,
}

impl InProcess {
    pub fn new(router: Router) -> Self {
        InProcess { router, started: Instant::now() }
    }
}

impl HttpClient for InProcess {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let path = req
            .url
            .strip_prefix(INTERNAL_BASE)
            .ok_or_else(|| TransportError::Network(format!("not an in-process URL: {}", req.url)))?;
        let path = if path.is_empty() { "/" } else { path };
        let method = match req.method {
            Method::Get => HttpMethod::GET,
            Method::Post => HttpMethod::POST,
            Method::Delete => HttpMethod::DELETE,
        };
        let mut builder = Request::builder().method(method).uri(path);
        for (k, v) in &req.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let mut request = builder
            .body(Body::from(req.body.unwrap_or_default()))
            .map_err(|e| TransportError::Network(format!("cannot build the request: {e}")))?;
        request.extensions_mut().insert(Internal);
        let resp = match self.router.clone().oneshot(request).await {
            Ok(r) => r,
            Err(never) => match never {},
        };
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let bytes =
            resp.into_body().collect().await.map_err(|e| TransportError::BodyUnreadable(e.to_string()))?.to_bytes();
        Ok(HttpResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() })
    }

    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        tokio::time::sleep(Duration::from_millis(ms.into())).await;
        Ok(())
    }

    fn now_ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1000.0
    }
}
