//! CORS on and off, `--rate-limit`, `--latency-ms` and the throttled tokens.

mod support;

use std::time::Instant;

use fake_genesys::demo::*;
use fake_genesys::Config;
use support::*;

const FLOWS: &str = "/api/v2/flows";

fn access_control_headers(got: &Got) -> Vec<String> {
    got.headers.keys().map(|k| k.as_str().to_string()).filter(|k| k.starts_with("access-control-")).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn without_cors_there_is_no_access_control_header_at_all() {
    let s = start_default().await;
    let origin = "http://localhost:8080";
    let cases = [
        s.send(s.client.get(s.url(FLOWS)).bearer_auth(TOKEN_DEMO).header("origin", origin)).await,
        s.send(s.client.get(s.url(FLOWS)).header("origin", origin)).await,
        s.send(s.client.get(s.url("/nope")).header("origin", origin)).await,
        s.simulate(TOKEN_DEMO, FLOW_CALLER_LOOKUP, F1_GET_CONTACT, ADA_PHONE_E164, 5000).await,
        s.send(
            s.client
                .request(reqwest::Method::OPTIONS, s.url(FLOWS))
                .header("origin", origin)
                .header("access-control-request-method", "GET")
                .header("access-control-request-headers", "authorization"),
        )
        .await,
    ];
    for got in &cases {
        assert!(access_control_headers(got).is_empty(), "{:?}", got.headers);
        got.assert_correlation();
    }
    // The preflight is not answered with success.
    assert!(cases[4].status >= 400, "{}", cases[4].status);
    // /_fake/* stays readable from any page.
    for path in ["/_fake/scenarios", "/_fake/health"] {
        let got = s.send(s.client.get(s.url(path)).header("origin", origin)).await;
        assert_eq!(got.header("access-control-allow-origin"), Some("*"), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn with_cors_preflights_are_answered_and_headers_exposed() {
    let s = start(Config { cors: true, ..Config::default() }).await;
    let origin = "http://localhost:8080";
    let pre = s
        .send(
            s.client
                .request(reqwest::Method::OPTIONS, s.url("/api/v2/architect/simulations"))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "authorization,content-type"),
        )
        .await;
    assert!((200..300).contains(&pre.status), "{}", pre.status);
    assert_eq!(pre.header("access-control-allow-origin"), Some(origin));
    let allow_headers = pre.header("access-control-allow-headers").unwrap().to_ascii_lowercase();
    assert!(allow_headers.split(',').any(|h| h.trim() == "authorization"), "{allow_headers}");
    assert!(allow_headers.split(',').any(|h| h.trim() == "content-type"), "{allow_headers}");
    assert!(pre.header("access-control-allow-methods").unwrap().contains("POST"));
    pre.assert_correlation();

    let get = s.send(s.client.get(s.url(FLOWS)).bearer_auth(TOKEN_DEMO).header("origin", origin)).await;
    assert_eq!(get.status, 200);
    assert_eq!(get.header("access-control-allow-origin"), Some(origin));
    let expose = get.header("access-control-expose-headers").unwrap().to_ascii_lowercase();
    assert!(expose.contains("retry-after") && expose.contains("inin-correlation-id"), "{expose}");

    // Errors carry them too, so the app can read the status and the correlation id.
    let err = s.send(s.client.get(s.url(FLOWS)).header("origin", origin)).await;
    err.assert_error(401, "authentication.required");
    assert_eq!(err.header("access-control-allow-origin"), Some(origin));
    // No Origin: `*`.
    let no_origin = s.get(FLOWS, TOKEN_DEMO).await;
    assert_eq!(no_origin.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limit_per_token_per_minute() {
    let s = start(Config { rate_limit: Some(3), ..Config::default() }).await;
    for _ in 0..3 {
        assert_eq!(s.get(FLOWS, TOKEN_DEMO).await.status, 200);
    }
    let limited = s.get(FLOWS, TOKEN_DEMO).await;
    let m = limited.assert_error(429, "too.many.requests");
    assert_eq!(m, "Rate limit exceeded the maximum [3] requests within [60] seconds");
    let retry: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((55..=60).contains(&retry), "Retry-After {retry}");
    // Other endpoints count against the same token; another token has its own window.
    s.simulate(TOKEN_DEMO, FLOW_CALLER_LOOKUP, F1_GET_CONTACT, ADA_PHONE_E164, 5000)
        .await
        .assert_error(429, "too.many.requests");
    assert_eq!(s.get(FLOWS, TOKEN_NO_PERMISSION).await.status, 403);
    // /_fake/* is not limited.
    assert_eq!(s.get("/_fake/health", TOKEN_DEMO).await.status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn latency_delays_every_api_response() {
    let s = start(Config { latency_ms: 400, ..Config::default() }).await;
    for (path, token, status) in [(FLOWS, TOKEN_DEMO, 200), (FLOWS, "", 401), ("/api/v2/flows/x", TOKEN_DEMO, 404)] {
        let t = Instant::now();
        let got = s.get(path, token).await;
        let took = t.elapsed().as_millis();
        assert_eq!(got.status, status);
        assert!(took >= 400, "{path}: {took} ms");
    }
    let t = Instant::now();
    assert_eq!(s.simulate(TOKEN_DEMO, FLOW_CALLER_LOOKUP, F1_GET_CONTACT, ADA_PHONE_E164, 5000).await.status, 200);
    assert!(t.elapsed().as_millis() >= 400);
}

/// One request to the fake's router, in process, and the virtual time it took.
async fn timed(router: &axum::Router, request: axum::http::Request<axum::body::Body>) -> (u16, u128) {
    use tower::ServiceExt;
    let t = tokio::time::Instant::now();
    let resp = router.clone().oneshot(request).await.unwrap_or_else(|never| match never {});
    (resp.status().as_u16(), t.elapsed().as_millis())
}

fn get_flows() -> axum::http::Request<axum::body::Body> {
    axum::http::Request::get(FLOWS)
        .header("authorization", format!("Bearer {TOKEN_DEMO}"))
        .body(axum::body::Body::empty())
        .unwrap()
}

fn post_simulation() -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post("/api/v2/architect/simulations")
        .header("authorization", format!("Bearer {TOKEN_DEMO}"))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(simulation_body(FLOW_CALLER_LOOKUP, F1_GET_CONTACT, ADA_PHONE_E164, 5000)))
        .unwrap()
}

/// On a paused clock time moves only by the server's own sleeps, so the delay is exact, not a window: an API
/// request waits the latency once, a simulation too (the engine's own in-process calls to the API do not wait
/// it again), and without `--latency-ms` nothing waits.
#[tokio::test(start_paused = true)]
async fn latency_is_waited_once_per_request_and_not_by_the_engines_own_calls() {
    let slow = fake_genesys::app(Config { latency_ms: 400, ..Config::default() });
    assert_eq!(timed(&slow, get_flows()).await, (200, 400));
    assert_eq!(timed(&slow, post_simulation()).await, (200, 400));
    let quick = fake_genesys::app(Config::default());
    assert_eq!(timed(&quick, get_flows()).await, (200, 0));
    assert_eq!(timed(&quick, post_simulation()).await, (200, 0));
}

#[tokio::test(flavor = "multi_thread")]
async fn throttled_tokens() {
    let s = start_default().await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let got = s.get(FLOWS, TOKEN_THROTTLED).await;
        if got.status == 429 {
            got.assert_error(429, "too.many.requests");
            assert_eq!(got.header("retry-after"), Some("1"));
        }
        statuses.push(got.status);
    }
    assert_eq!(statuses, [429, 429, 200, 429, 429, 200]);
    for _ in 0..4 {
        let got = s.get(&format!("{FLOWS}/{FLOW_CALLER_LOOKUP}"), TOKEN_ALWAYS_THROTTLED).await;
        let m = got.assert_error(429, "too.many.requests");
        assert_eq!(m, "Rate limit exceeded the maximum [300] requests within [60] seconds");
        assert_eq!(got.header("retry-after"), Some("1"));
    }
    // Authentication comes first: an unknown token is 401, not 429.
    s.get(FLOWS, "").await.assert_error(401, "authentication.required");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_simulation_counts_once_and_waits_once() {
    // The engine's own calls to the fake's API run in process: they neither count against the caller's
    // limit nor wait the latency again.
    let s = start(Config { rate_limit: Some(2), latency_ms: 300, ..Config::default() }).await;
    for _ in 0..2 {
        let t = Instant::now();
        let got = s.simulate(TOKEN_DEMO, FLOW_CALLER_LOOKUP, F1_GET_CONTACT, ADA_PHONE_E164, 5000).await;
        assert_eq!(got.status, 200, "{}", got.body);
        // It waited the latency (that it waits only once is exact on a paused clock, in the test above).
        let took = t.elapsed().as_millis();
        assert!(took >= 300, "took {took} ms");
    }
    s.simulate(TOKEN_DEMO, FLOW_CALLER_LOOKUP, F1_GET_CONTACT, ADA_PHONE_E164, 5000)
        .await
        .assert_error(429, "too.many.requests");
}
