//! flowsim-proxy over real sockets: the proxy in-process on 127.0.0.1:0 in front of a recording
//! upstream, one test per rule of the proxy.

mod support;

use std::time::{Duration, Instant};

use flowsim_proxy::Upstream;
use support::*;

const TOKEN: &str = "Bearer tok-3f9a7c21-very-secret";

#[tokio::test]
async fn root_serves_plain_text_help() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let res = client().get(proxy.url("")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    assert!(text.contains("https://api.mypurecloud.com/api/v2/flows"), "{text}");
    assert!(text.contains("https://login.mypurecloud.ie"), "{text}");
    assert!(up.seen().is_empty());
}

#[tokio::test]
async fn forwards_prefix_target_verbatim_with_method_body_and_authorization() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let target = format!("{}/api/v2/flows?x=1&name=a%2Fb%20c", up.origin());
    let res = client()
        .post(proxy.url(&target))
        .header("authorization", TOKEN)
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(r#"{"flowId":"f-1"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["inin-correlation-id"], "echo-corr");

    let seen = up.seen();
    assert_eq!(seen.len(), 1);
    let s = &seen[0];
    assert_eq!(s.method, "POST");
    // Not percent-decoded, query kept as sent.
    assert_eq!(s.target, "/api/v2/flows?x=1&name=a%2Fb%20c");
    assert_eq!(s.header("authorization"), Some(TOKEN));
    assert_eq!(s.header("content-type"), Some("application/json"));
    assert_eq!(s.header("accept"), Some("application/json"));
    assert_eq!(s.header("host"), Some(up.addr.to_string().as_str()));
    assert_eq!(s.body, br#"{"flowId":"f-1"}"#);
}

#[tokio::test]
async fn collapsed_double_slash_is_a_400_that_says_so() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let res = raw_get(&proxy, &format!("http:/{}/api/v2/flows", up.addr), "").await;
    assert_eq!(res.status, 400);
    let j = res.json();
    assert_eq!(j["code"], "proxy.target.invalid");
    assert_eq!(j["status"], 400);
    assert!(j["message"].as_str().unwrap().contains("merged the double slash"), "{j}");
    let res = raw_get(&proxy, "api.mypurecloud.com/api/v2/flows", "").await;
    assert_eq!(res.status, 400);
    assert!(res.json()["message"].as_str().unwrap().contains("https://"));
    assert!(up.seen().is_empty());
}

#[tokio::test]
async fn bypass_attempts_get_403_and_never_reach_the_upstream() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let p = up.addr.port();
    let attempts = [
        // The forms from the issue. DNS in tests maps every name to 127.0.0.1.
        "https://api.mypurecloud.com@evil.com/".to_owned(),
        "https://user:pw@api.mypurecloud.com/".to_owned(),
        "https://api%2emypurecloud%2ecom/".to_owned(),
        "https://api.mypurecloud.com:8443/".to_owned(),
        "https://api.mypurecloud.com.evil.tld/".to_owned(),
        "ftp://api.mypurecloud.com/".to_owned(),
        "https://evil.com/".to_owned(),
        // The same tricks aimed at the allowed local upstream, so a broken check would show up as
        // a request the upstream recorded.
        format!("http://evil.com@127.0.0.1:{p}/userinfo"),
        format!("http://user:pw@127.0.0.1:{p}/userinfo"),
        format!("http://evil.com\\@127.0.0.1:{p}/backslash"),
        format!("http://127%2e0%2e0%2e1:{p}/pct"),
        format!("http://2130706433:{p}/decimal"),
        format!("http://0x7f000001:{p}/hex"),
        format!("http://0x7f.0.0.1:{p}/hexdot"),
        format!("http://0177.0.0.1:{p}/octal"),
        format!("http://127.1:{p}/short"),
        format!("http://[::ffff:127.0.0.1]:{p}/mapped"),
        format!("http://[::ffff:7f00:1]:{p}/mapped2"),
        format!("http://[::1]:{p}/v6"),
        format!("http://localhost:{p}/name"),
        format!("http://127.0.0.1.evil.tld:{p}/suffix"),
        format!("https://127.0.0.1:{p}/scheme"),
        format!("HTTP://127.0.0.1:{}/port", p.wrapping_add(1).max(1)),
    ];
    for target in &attempts {
        let res = raw_get(&proxy, target, "Authorization: Bearer nope").await;
        assert_eq!(res.status, 403, "{target}: {res:?}");
        let j = res.json();
        assert_eq!(j["code"], "proxy.upstream.not.allowed", "{target}");
        assert_eq!(j["status"], 403);
        assert!(j["message"].as_str().unwrap().len() > 40, "{target}: {j}");
        assert_eq!(res.header("access-control-allow-origin"), Some("*"), "{target}");
    }
    assert!(up.seen().is_empty(), "upstream received {:?}", up.seen());

    // Control: the plain form does reach it, so the harness would have seen a leak.
    let ok = raw_get(&proxy, &format!("http://127.0.0.1:{p}/plain"), "").await;
    assert_eq!(ok.status, 200);
    assert_eq!(up.seen().len(), 1);
}

#[tokio::test]
async fn refusal_says_which_host_and_which_flag_allows_it() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let res = client()
        .get(proxy.url("https://evil.com/api/v2/flows"))
        .header("origin", "http://localhost:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(res.headers()["content-type"], "application/json");
    // Readable by the page: CORS headers on the error too.
    assert_eq!(res.headers()["access-control-allow-origin"], "http://localhost:8080");
    let j: serde_json::Value = json(res).await;
    assert_eq!(
        j,
        serde_json::json!({
            "message": "flowsim-proxy forwards only to allowed Genesys Cloud hosts; evil.com is not one. Start the proxy with --allow-upstream https://evil.com to allow it.",
            "code": "proxy.upstream.not.allowed",
            "status": 403
        })
    );
}

#[tokio::test]
async fn origin_allowlist_refuses_other_origins_before_anything_is_forwarded() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |c| {
        c.allowed_origins = vec!["http://localhost:8080".into()];
    })
    .await;
    let url = proxy.url(&format!("{}/api/v2/flows", up.origin()));
    let c = client();

    let res = c.get(&url).header("origin", "https://evil.example").header("authorization", TOKEN).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let j: serde_json::Value = json(res).await;
    assert_eq!(j["code"], "proxy.origin.not.allowed");
    assert!(j["message"].as_str().unwrap().contains("--allow-origin https://evil.example"), "{j}");

    let pre = c
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status(), 403, "preflight from a refused origin");
    assert!(pre.headers().get("access-control-allow-methods").is_none());

    let none = c.get(&url).send().await.unwrap();
    assert_eq!(none.status(), 403, "no Origin header at all");

    // The help page is still there for someone who types the address.
    let help = c.get(proxy.url("")).send().await.unwrap();
    assert_eq!(help.status(), 200);
    assert!(help.headers().get("access-control-allow-origin").is_none());

    // A plain OPTIONS (not a preflight) from a refused origin is not forwarded either.
    let opt = c.request(reqwest::Method::OPTIONS, &url).header("origin", "https://evil.example").send().await.unwrap();
    assert_eq!(opt.status(), 403);
    assert!(up.seen().is_empty(), "upstream received {:?}", up.seen());

    let ok = c.get(&url).header("origin", "http://localhost:8080").send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()["access-control-allow-origin"], "http://localhost:8080");
    assert_eq!(ok.headers()["vary"], "Origin");
    assert_eq!(up.seen().len(), 1);
}

#[tokio::test]
async fn without_an_origin_list_any_origin_is_echoed() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let url = proxy.url(&format!("{}/x", up.origin()));
    let res = client().get(&url).header("origin", "https://someone.github.io").send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["access-control-allow-origin"], "https://someone.github.io");
    let vary: Vec<_> = res.headers().get_all("vary").iter().map(|v| v.to_str().unwrap()).collect();
    assert!(vary.contains(&"Origin"), "{vary:?}");
    let res = client().get(&url).send().await.unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn preflight_is_answered_locally_with_explicit_headers() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let url = proxy.url(&format!("{}/api/v2/architect/simulations", up.origin()));
    let res = client()
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "http://localhost:8080")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization,content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let h = res.headers();
    assert_eq!(h["access-control-allow-origin"], "http://localhost:8080");
    assert_eq!(h["access-control-allow-methods"], "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    assert_eq!(h["access-control-allow-headers"], "authorization, content-type, accept");
    assert_eq!(h["access-control-max-age"], "600");
    assert_eq!(h["vary"], "Origin");
    assert!(h.get("access-control-allow-credentials").is_none());
    assert!(up.seen().is_empty(), "the preflight was forwarded");

    // An OPTIONS that is not a preflight is an ordinary request and goes through.
    let res = client().request(reqwest::Method::OPTIONS, &url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(up.seen()[0].method, "OPTIONS");
}

#[tokio::test]
async fn rate_limit_answer_passes_through_with_retry_after_and_correlation_id_exposed() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let res = client()
        .get(proxy.url(&format!("{}/ratelimit", up.origin())))
        .header("origin", "http://localhost:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let h = res.headers();
    assert_eq!(h["retry-after"], "7");
    assert_eq!(h["inin-correlation-id"], "corr-1234");
    assert_eq!(h["access-control-allow-origin"], "http://localhost:8080");
    assert_eq!(h["access-control-expose-headers"], "Retry-After, ININ-Correlation-Id, Location, Content-Disposition");
    let j: serde_json::Value = json(res).await;
    assert_eq!(j["code"], "too.many.requests");
}

#[tokio::test]
async fn upstream_cors_headers_are_replaced_and_cookies_stripped_both_ways() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let res = client()
        .get(proxy.url(&format!("{}/cookies", up.origin())))
        .header("origin", "http://localhost:8080")
        .header("cookie", "browser-session=1")
        .header("cookie2", "$Version=1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert!(h.get("set-cookie").is_none(), "{h:?}");
    assert!(h.get("set-cookie2").is_none());
    assert_eq!(h.get_all("access-control-allow-origin").iter().count(), 1);
    assert_eq!(h["access-control-allow-origin"], "http://localhost:8080");
    assert!(h.get("access-control-allow-credentials").is_none());
    assert!(!h["access-control-expose-headers"].to_str().unwrap().contains("X-Upstream-Only"));
    let s = &up.seen()[0];
    assert_eq!(s.header("cookie"), None);
    assert_eq!(s.header("cookie2"), None);
}

#[tokio::test]
async fn hop_by_hop_and_forwarding_headers_are_not_forwarded() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let head = format!(
        "GET /{}/hop HTTP/1.1\nHost: {}\nConnection: close, X-Hop-Secret\nX-Hop-Secret: 1\n\
         Keep-Alive: timeout=5\nTE: trailers\nTrailer: x-t\nProxy-Authorization: Basic eA==\n\
         Proxy-Connection: keep-alive\nForwarded: for=10.0.0.1\nX-Forwarded-For: 10.0.0.1\n\
         X-Forwarded-Host: evil\nX-Real-IP: 10.0.0.1\nReferer: http://localhost:8080/page\n\
         Origin: http://localhost:8080\nAuthorization: {TOKEN}\nX-Custom: kept",
        up.origin(),
        proxy.addr
    );
    let res = raw(proxy.addr, &head, b"").await;
    assert_eq!(res.status, 200, "{res:?}");
    let s = &up.seen()[0];
    for name in [
        "x-hop-secret",
        "keep-alive",
        "te",
        "trailer",
        "proxy-authorization",
        "proxy-connection",
        "forwarded",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-real-ip",
        "referer",
        "origin",
    ] {
        assert_eq!(s.header(name), None, "{name} was forwarded: {:?}", s.headers);
    }
    assert_ne!(s.header("connection"), Some("close, X-Hop-Secret"));
    assert_eq!(s.header("authorization"), Some(TOKEN));
    assert_eq!(s.header("x-custom"), Some("kept"));
    assert_eq!(s.header("host"), Some(up.addr.to_string().as_str()));

    // And on the way back.
    assert_eq!(res.header("x-hop-resp"), None, "{res:?}");
    assert_eq!(res.header("keep-alive"), None);
    assert_eq!(res.header("trailer"), None);
    assert_eq!(res.body, "hop");
}

#[tokio::test]
async fn redirects_are_passed_back_untouched_and_not_followed() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let res = client()
        .get(proxy.url(&format!("{}/redirect", up.origin())))
        .header("authorization", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], format!("http://{}/landed?from=redirect", up.addr).as_str());
    assert_eq!(res.text().await.unwrap(), "moved");
    let seen = up.seen();
    assert_eq!(seen.len(), 1, "the proxy followed the redirect: {seen:?}");
    assert_eq!(seen[0].target, "/redirect");
}

#[tokio::test]
async fn request_body_over_the_limit_is_413_and_not_forwarded() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |c| c.max_request_body = 1024).await;
    let url = proxy.url(&format!("{}/api/v2/x", up.origin()));
    let res = client().post(&url).body(vec![b'a'; 2048]).send().await.unwrap();
    assert_eq!(res.status(), 413);
    let j: serde_json::Value = json(res).await;
    assert_eq!(j["code"], "proxy.request.too.large");
    assert!(j["message"].as_str().unwrap().contains("1024 bytes"));

    // Chunked, so no Content-Length to check up front.
    let chunk = "a".repeat(600);
    let body = format!("258\r\n{chunk}\r\n258\r\n{chunk}\r\n0\r\n\r\n");
    let head =
        format!("POST /{}/api/v2/x HTTP/1.1\nHost: x\nConnection: close\nTransfer-Encoding: chunked", up.origin());
    let res = raw(proxy.addr, &head, body.as_bytes()).await;
    assert_eq!(res.status, 413, "{res:?}");
    assert!(up.seen().is_empty());

    // At the limit it goes through.
    let res = client().post(&url).body(vec![b'a'; 1024]).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(up.seen()[0].body.len(), 1024);
}

#[tokio::test]
async fn slow_upstream_gives_504_after_the_timeout() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |c| c.timeout = Duration::from_millis(300)).await;
    let t = Instant::now();
    let res = client().get(proxy.url(&format!("{}/slow/3000", up.origin()))).send().await.unwrap();
    let took = t.elapsed();
    // The 504 came after at least the timeout, instead of the upstream's late answer.
    assert_eq!(res.status(), 504);
    assert!(took >= Duration::from_millis(300), "took {took:?}");
    let j: serde_json::Value = json(res).await;
    assert_eq!(j["code"], "proxy.upstream.timeout");
    assert_eq!(j["message"], format!("{} did not answer within 300 ms (flowsim-proxy's --timeout-ms).", up.addr));
}

#[tokio::test]
async fn unreachable_upstream_gives_502_with_a_sentence() {
    let up = start_upstream().await;
    // A port that was free a moment ago: nothing listens there.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let proxy =
        start_proxy(&up, |c| c.allowed_upstreams.push(format!("http://{dead}").parse::<Upstream>().unwrap())).await;
    let res = client()
        .get(proxy.url(&format!("http://{dead}/api/v2/flows")))
        .header("origin", "http://localhost:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 502);
    assert_eq!(res.headers()["access-control-allow-origin"], "http://localhost:8080");
    let j: serde_json::Value = json(res).await;
    assert_eq!(j["code"], "proxy.upstream.unreachable");
    let m = j["message"].as_str().unwrap();
    assert!(m.starts_with(&format!("flowsim-proxy could not reach {dead} (")), "{m}");
    assert!(m.to_lowercase().contains("refused"), "{m}");
}

#[tokio::test]
async fn unknown_host_gives_502_unreachable() {
    let up = start_upstream().await;
    let proxy =
        start_proxy(&up, |c| c.allowed_upstreams.push("https://api.nowhere.invalid".parse::<Upstream>().unwrap()))
            .await;
    let res = client().get(proxy.url("https://api.nowhere.invalid/api/v2/flows")).send().await.unwrap();
    assert_eq!(res.status(), 502);
    let j = json(res).await;
    assert_eq!(j["code"], "proxy.upstream.unreachable");
    let m = j["message"].as_str().unwrap();
    assert!(m.starts_with("flowsim-proxy could not reach api.nowhere.invalid ("), "{m}");
    assert!(m.contains("no such host"), "{m}");
}

#[tokio::test]
async fn upstream_that_never_accepts_gives_504_after_the_connect_timeout() {
    let up = start_upstream().await;
    // A listener with a tiny backlog that never accepts: once its queue is full the kernel drops
    // further SYNs, so a connect hangs as it would towards a dead host.
    let sock = tokio::net::TcpSocket::new_v4().unwrap();
    sock.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let stuck = sock.local_addr().unwrap();
    let _listener = sock.listen(1).unwrap();
    let mut fillers = Vec::new();
    for _ in 0..8 {
        let connect = tokio::net::TcpStream::connect(stuck);
        if let Ok(Ok(s)) = tokio::time::timeout(Duration::from_millis(100), connect).await {
            fillers.push(s);
        }
    }
    let proxy = start_proxy(&up, |c| {
        c.connect_timeout = Duration::from_millis(300);
        c.timeout = Duration::from_secs(10);
        c.allowed_upstreams.push(format!("http://{stuck}").parse::<Upstream>().unwrap());
    })
    .await;
    let t = Instant::now();
    let res = client().get(proxy.url(&format!("http://{stuck}/api/v2/flows"))).send().await.unwrap();
    // After at least the connect timeout; the message below shows it was that one, not the 10 s --timeout-ms.
    assert!(t.elapsed() >= Duration::from_millis(300), "took {:?}", t.elapsed());
    assert_eq!(res.status(), 504);
    let j = json(res).await;
    assert_eq!(j["code"], "proxy.upstream.timeout");
    assert_eq!(
        j["message"],
        format!("flowsim-proxy could not connect to {stuck} within 300 ms (--connect-timeout-ms).")
    );
}

#[tokio::test]
async fn concurrency_bound_answers_503_when_all_slots_stay_busy() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |c| {
        c.max_concurrency = 2;
        c.queue_timeout = Duration::from_millis(200);
    })
    .await;
    let url = proxy.url(&format!("{}/slow/1000", up.origin()));
    let c = client();
    let t = Instant::now();
    let results = futures_util::future::join_all((0..3).map(|_| {
        let c = c.clone();
        let url = url.clone();
        async move {
            let res = c.get(&url).send().await.unwrap();
            let status = res.status().as_u16();
            let retry = res.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
            let body = res.text().await.unwrap();
            (status, retry, body, t.elapsed())
        }
    }))
    .await;
    let mut statuses: Vec<u16> = results.iter().map(|r| r.0).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 200, 503], "{results:?}");
    let busy = results.iter().find(|r| r.0 == 503).unwrap();
    assert_eq!(busy.1.as_deref(), Some("1"));
    assert!(busy.2.contains("proxy.busy"), "{}", busy.2);
    // The third waited its queue timeout for a slot, then was turned away (not served once a slot came free).
    assert!(busy.3 >= Duration::from_millis(200), "the 503 came after {:?}", busy.3);
    assert_eq!(up.peak_in_flight(), 2);
    assert_eq!(up.seen().len(), 2);

    // Slots come back once the responses are done.
    let res = c.get(proxy.url(&format!("{}/ok", up.origin()))).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn oversized_upstream_response_is_502_and_smaller_ones_arrive_whole() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |c| {
        c.max_response_body = 1024 * 1024;
        c.max_concurrency = 1;
    })
    .await;
    let c = client();
    // `large` declares its length (buffered when small, streamed when large); `chunked` does not.
    for path in ["large", "chunked"] {
        let res = c.get(proxy.url(&format!("{}/{path}/1100000", up.origin()))).send().await.unwrap();
        assert_eq!(res.status(), 502, "{path}");
        let j: serde_json::Value = json(res).await;
        assert_eq!(j["code"], "proxy.upstream.response.too.large", "{path}");
        assert!(j["message"].as_str().unwrap().contains("1048576 bytes"), "{j}");

        for n in [1000, 60_000, 900_000] {
            let res = c.get(proxy.url(&format!("{}/{path}/{n}", up.origin()))).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}/{n}");
            assert_eq!(res.bytes().await.unwrap().len(), n, "{path}/{n}");
        }
    }
    // With a single slot, every request above had to wait for the one before to give it back,
    // streamed bodies included.
    assert_eq!(up.seen().len(), 8);
}

#[tokio::test]
async fn five_hundred_concurrent_requests_all_succeed() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let url = proxy.url(&format!("{}/api/v2/flows", up.origin()));
    let c = client();
    let statuses = futures_util::future::join_all((0..500).map(|_| {
        let c = c.clone();
        let url = url.clone();
        async move {
            match c.get(&url).header("authorization", TOKEN).send().await {
                Ok(r) => r.status().as_u16(),
                Err(_) => 0,
            }
        }
    }))
    .await;
    let failed = statuses.iter().filter(|&&s| s != 200).count();
    assert_eq!(failed, 0, "{failed} of 500 failed");
    assert_eq!(up.seen().len(), 500);
}

#[tokio::test]
async fn log_has_one_line_per_request_and_never_the_token_or_query() {
    let up = start_upstream().await;
    let proxy = start_proxy(&up, |_| {}).await;
    let c = client();
    let ok = proxy.url(&format!("{}/api/v2/flows/f-1?lookupVal=%2B15551234567", up.origin()));
    let r = c.get(&ok).header("authorization", TOKEN).header("cookie", "sid=cookie-secret").send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .request(reqwest::Method::OPTIONS, &ok)
        .header("origin", "http://localhost:8080")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let refused = raw_get(
        &proxy,
        "https://user:pw-secret@api.mypurecloud.com/x?q=query-secret",
        &format!("Authorization: {TOKEN}"),
    )
    .await;
    assert_eq!(refused.status, 403);
    let r = c
        .post(proxy.url(&format!("{}/ratelimit?q=query-secret", up.origin())))
        .header("authorization", TOKEN)
        .body("body-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);

    let log = proxy.log.wait_lines(4).await;
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 4, "{log}");
    let host = up.addr.to_string();
    assert!(lines[0].starts_with(&format!("GET {host} /api/v2/flows/f-1 200 ")), "{log}");
    assert!(lines[1].starts_with(&format!("OPTIONS {host} /api/v2/flows/f-1 204 ")), "{log}");
    assert!(lines[2].starts_with("GET - - 403 ") && lines[2].ends_with("proxy.upstream.not.allowed"), "{log}");
    assert!(lines[3].starts_with(&format!("POST {host} /ratelimit 429 ")), "{log}");
    for secret in [
        "tok-3f9a7c21",
        "Bearer",
        "15551234567",
        "lookupVal",
        "cookie-secret",
        "pw-secret",
        "query-secret",
        "body-secret",
    ] {
        assert!(!log.contains(secret), "log holds {secret}: {log}");
    }
}

/// The binary as the xtask runs it: `--port 0` prints the bound address on stdout, requests are
/// logged on stderr without the token, and proxy environment variables are ignored.
#[tokio::test]
async fn binary_prints_its_address_ignores_proxy_env_and_keeps_the_token_out_of_stderr() {
    use tokio::io::{AsyncBufReadExt, BufReader};

    let up = start_upstream().await;
    // Proxy variables pointing at a closed port: honouring them would make the request fail.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_flowsim-proxy"))
        .args(["--port", "0", "--allow-upstream", &up.origin()])
        .env("HTTP_PROXY", format!("http://{dead}"))
        .env("http_proxy", format!("http://{dead}"))
        .env("HTTPS_PROXY", format!("http://{dead}"))
        .env("ALL_PROXY", format!("http://{dead}"))
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(60), stdout.next_line())
        .await
        .expect("address line within 10 s")
        .unwrap()
        .unwrap();
    let base =
        first.strip_prefix("flowsim-proxy listening on ").unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    assert!(base.starts_with("http://127.0.0.1:"), "{first}");
    assert_ne!(base, "http://127.0.0.1:0");

    let res = client()
        .get(format!("{base}/{}/api/v2/flows?phone=%2B15551234567", up.origin()))
        .header("authorization", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(up.seen()[0].header("authorization"), Some(TOKEN));

    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut log = String::new();
    while !log.contains("/api/v2/flows") {
        match tokio::time::timeout(Duration::from_secs(60), stderr.next_line()).await {
            Ok(Ok(Some(line))) => {
                log.push_str(&line);
                log.push('\n');
            }
            other => panic!("no request line on stderr ({other:?}); got {log}"),
        }
    }
    child.kill().await.unwrap();
    assert!(log.contains(&format!("GET {} /api/v2/flows 200 ", up.addr)), "{log}");
    assert!(!log.contains("tok-3f9a7c21") && !log.contains("Bearer"), "{log}");
    assert!(!log.contains("15551234567"), "{log}");
}
