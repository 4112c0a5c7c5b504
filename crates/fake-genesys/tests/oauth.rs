//! The login host over a socket: the authorize page and its errors, the code exchange and every OAuth error,
//! and the identity endpoints with an issued token.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use fake_genesys::demo::{TOKEN_DEMO, TOKEN_NO_PERMISSION};
use fake_genesys::login::*;
use fake_genesys::Config;
use flowsim_core::net::oauth::{challenge_s256, Pkce};
use support::*;

const APP: &str = "http://127.0.0.1:4321/flowsim/";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

async fn server() -> Server {
    start(Config { redirect_uris: vec![APP.to_string()], ..Config::default() }).await
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn authorize_query(client: &str, redirect: &str, challenge: &str, method: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "code")
        .append_pair("client_id", client)
        .append_pair("redirect_uri", redirect)
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", method)
        .append_pair("state", "st<ate>\"1")
        .finish()
}

/// The query of a redirect's `Location`, after checking it goes to `to`.
fn location_query(got: &Got, to: &str) -> HashMap<String, String> {
    assert_eq!(got.status, 302, "{}", got.body);
    let loc = got.header("location").expect("a Location");
    let (base, q) = loc.split_once('?').expect("a query");
    assert_eq!(base, to);
    form_urlencoded::parse(q.as_bytes()).into_owned().collect()
}

async fn get(s: &Server, path_and_query: &str) -> Got {
    s.send(no_redirects().get(s.url(path_and_query))).await
}

/// Picks `user` on the sign-in page (an empty user is Cancel).
async fn choose(s: &Server, client: &str, redirect: &str, challenge: &str, user: &str) -> Got {
    let body = format!("{}&user={user}", authorize_query(client, redirect, challenge, "S256"));
    s.send(
        no_redirects()
            .post(s.url("/oauth/authorize"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body),
    )
    .await
}

async fn code_for(s: &Server, user: &str) -> String {
    let got = choose(s, CLIENT_DEMO, APP, &challenge_s256(VERIFIER), user).await;
    let q = location_query(&got, APP);
    assert_eq!(q["state"], "st<ate>\"1");
    q["code"].clone()
}

async fn exchange(s: &Server, pairs: &[(&str, &str)]) -> Got {
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    s.send(
        no_redirects()
            .post(s.url("/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body),
    )
    .await
}

fn good(code: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("code_verifier", VERIFIER),
        ("client_id", CLIENT_DEMO),
        ("redirect_uri", APP),
    ]
}

fn with<'a>(
    mut pairs: Vec<(&'static str, &'a str)>,
    key: &'static str,
    value: &'a str,
) -> Vec<(&'static str, &'a str)> {
    pairs.retain(|(k, _)| *k != key);
    if !value.is_empty() {
        pairs.push((key, value));
    }
    pairs
}

fn assert_oauth_error(got: &Got, status: u16, error: &str) {
    assert_eq!(got.status, status, "{}", got.body);
    assert_eq!(got.header("cache-control"), Some("no-store"));
    let v = got.json();
    assert_eq!(v["error"], error, "{}", got.body);
    assert!(v["error_description"].as_str().is_some_and(|d| !d.is_empty()));
    assert!(v.get("access_token").is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sign_in_page_lists_the_demo_users_and_escapes_what_it_echoes() {
    let s = server().await;
    let got =
        get(&s, &format!("/oauth/authorize?{}", authorize_query(CLIENT_DEMO, APP, &challenge_s256(VERIFIER), "S256")))
            .await;
    assert_eq!(got.status, 200, "{}", got.body);
    assert!(got.header("content-type").unwrap().starts_with("text/html"));
    for u in USERS {
        assert!(got.body.contains(&format!("Sign in as {}", u.name)), "{}", got.body);
    }
    assert!(got.body.contains("value=\"st&lt;ate&gt;&quot;1\""), "the state is escaped: {}", got.body);
    assert!(!got.body.contains("st<ate>"));
}

#[tokio::test(flavor = "multi_thread")]
async fn authorize_errors() {
    let s = server().await;
    let challenge = challenge_s256(VERIFIER);
    // Unknown client, and a redirect URI the client does not have: a page, never a redirect.
    let unknown = get(&s, &format!("/oauth/authorize?{}", authorize_query("nope", APP, &challenge, "S256"))).await;
    assert_eq!(unknown.status, 400);
    assert!(unknown.header("location").is_none());
    assert!(unknown.body.contains("There is no OAuth client"), "{}", unknown.body);
    let other =
        get(&s, &format!("/oauth/authorize?{}", authorize_query(CLIENT_OTHER_APP, APP, &challenge, "S256"))).await;
    assert_eq!(other.status, 400);
    assert!(other.header("location").is_none());
    assert!(other.body.contains("is not registered for the OAuth client"), "{}", other.body);
    let evil = get(
        &s,
        &format!("/oauth/authorize?{}", authorize_query(CLIENT_DEMO, "https://evil.example/", &challenge, "S256")),
    )
    .await;
    assert_eq!(evil.status, 400);
    assert!(evil.header("location").is_none());
    // The same checks guard the form post.
    let posted = choose(&s, CLIENT_DEMO, "https://evil.example/", &challenge, USERS[0].id).await;
    assert_eq!(posted.status, 400);
    assert!(posted.header("location").is_none());

    // The rest go back to the app with error and state.
    let wrong_grant =
        get(&s, &format!("/oauth/authorize?{}", authorize_query(CLIENT_WRONG_GRANT, APP, &challenge, "S256"))).await;
    let q = location_query(&wrong_grant, APP);
    assert_eq!(q["error"], "unauthorized_client");
    assert_eq!(q["state"], "st<ate>\"1");
    let no_challenge = get(&s, &format!("/oauth/authorize?{}", authorize_query(CLIENT_DEMO, APP, "", "S256"))).await;
    assert_eq!(location_query(&no_challenge, APP)["error"], "invalid_request");
    let plain = get(&s, &format!("/oauth/authorize?{}", authorize_query(CLIENT_DEMO, APP, &challenge, "plain"))).await;
    let q = location_query(&plain, APP);
    assert_eq!(q["error"], "invalid_request");
    assert!(q["error_description"].contains("S256"));
    let short = get(&s, &format!("/oauth/authorize?{}", authorize_query(CLIENT_DEMO, APP, "abc", "S256"))).await;
    assert_eq!(location_query(&short, APP)["error"], "invalid_request");
    let token_type = get(
        &s,
        &format!(
            "/oauth/authorize?{}",
            authorize_query(CLIENT_DEMO, APP, &challenge, "S256").replace("response_type=code", "response_type=token")
        ),
    )
    .await;
    assert_eq!(location_query(&token_type, APP)["error"], "unsupported_response_type");
    // Cancel.
    let cancel = choose(&s, CLIENT_DEMO, APP, &challenge, "").await;
    assert_eq!(location_query(&cancel, APP)["error"], "access_denied");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_code_gives_a_token_once_and_the_token_identifies_the_user() {
    let s = server().await;
    let code = code_for(&s, USERS[1].id).await;
    let got = exchange(&s, &good(&code)).await;
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.header("cache-control"), Some("no-store"));
    let v = got.json();
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(v["expires_in"], TOKEN_LIFETIME_SECS);
    let token = v["access_token"].as_str().unwrap().to_string();
    assert!(token.len() >= 32);

    let me = s.get("/api/v2/users/me?expand=authorization", &token).await;
    assert_eq!(me.status, 200, "{}", me.body);
    me.assert_correlation();
    let me = me.json();
    assert_eq!(me["name"], "Robin Reader");
    assert_eq!(
        me["authorization"]["permissions"],
        serde_json::json!(["architect:flow:view", "externalContacts:contact:view"])
    );
    assert!(s.get("/api/v2/users/me", &token).await.json().get("authorization").is_none());
    let org = s.get("/api/v2/organizations/me", &token).await.json();
    assert_eq!(org["name"], ORG_NAME);
    let info = s.get("/api/v2/tokens/me", &token).await.json();
    assert_eq!(info["OAuthClient"]["id"], CLIENT_DEMO);
    assert_eq!(info["OAuthClient"]["authorizedGrantType"], "CODE");
    // The reader's token reads flows, not what needs the admin's permissions.
    assert_eq!(s.get("/api/v2/flows", &token).await.status, 200);

    // Second use: refused, and the token it gave is revoked.
    assert_oauth_error(&exchange(&s, &good(&code)).await, 400, "invalid_grant");
    s.get("/api/v2/users/me", &token).await.assert_error(401, "bad.credentials");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_token_error() {
    let s = server().await;
    // Each bad exchange spends its code; each case gets a fresh one.
    let cases: Vec<(&str, &str, &str, u16, &str)> = vec![
        ("code_verifier", "wrong-verifier-wrong-verifier-wrong-verifier-1", "", 400, "invalid_grant"),
        ("code_verifier", "", "", 400, "invalid_request"),
        ("redirect_uri", "http://127.0.0.1:4321/other/", "", 400, "invalid_grant"),
        ("client_id", "nope", "", 401, "invalid_client"),
        ("client_id", CLIENT_WRONG_GRANT, "", 400, "unauthorized_client"),
        ("client_id", CLIENT_OTHER_APP, "", 400, "invalid_grant"),
        ("grant_type", "client_credentials", "", 400, "unsupported_grant_type"),
        ("client_secret", "s3cret", "", 400, "invalid_request"),
        ("code", "not-a-code", "", 400, "invalid_grant"),
        ("code", "", "", 400, "invalid_request"),
    ];
    for (key, value, _, status, error) in cases {
        let code = code_for(&s, USERS[0].id).await;
        let got = exchange(&s, &with(good(&code), key, value)).await;
        assert_oauth_error(&got, status, error);
    }
    // Not a form.
    let json = s.post("/oauth/token", "", "{}").await;
    assert_oauth_error(&json, 400, "invalid_request");
    // An expired code.
    let code = code_for(&s, USERS[0].id).await;
    let expired = s.send(s.client.post(s.url("/_fake/expire-sessions"))).await;
    assert_eq!(expired.status, 200);
    let got = exchange(&s, &good(&code)).await;
    assert_oauth_error(&got, 400, "invalid_grant");
    assert!(got.json()["error_description"].as_str().unwrap().contains("expired"));
}

#[tokio::test(flavor = "multi_thread")]
async fn revoked_and_expired_tokens_are_refused() {
    let s = server().await;
    let token = exchange(&s, &good(&code_for(&s, USERS[0].id).await)).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(s.get("/api/v2/tokens/me", &token).await.status, 200);
    let revoked = s.send(s.client.delete(s.url("/api/v2/tokens/me")).bearer_auth(&token)).await;
    assert_eq!(revoked.status, 204);
    s.get("/api/v2/tokens/me", &token).await.assert_error(401, "bad.credentials");

    let token = exchange(&s, &good(&code_for(&s, USERS[0].id).await)).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(s.get("/api/v2/flows", &token).await.status, 200);
    assert_eq!(s.send(s.client.post(s.url("/_fake/expire-sessions"))).await.json()["expired"], 1);
    s.get("/api/v2/flows", &token).await.assert_error(401, "bad.credentials");
}

#[tokio::test(flavor = "multi_thread")]
async fn fixed_demo_tokens_have_users_too() {
    let s = server().await;
    let demo = s.get("/api/v2/users/me?expand=authorization", TOKEN_DEMO).await.json();
    assert_eq!(demo["name"], TOKEN_USER.name);
    let none = s.get("/api/v2/users/me?expand=authorization", TOKEN_NO_PERMISSION).await.json();
    assert_eq!(none["authorization"]["permissions"], serde_json::json!([]));
    s.get("/api/v2/users/me", "").await.assert_error(401, "authentication.required");
    // Revoking a fixed token is accepted and changes nothing.
    let del = s.send(s.client.delete(s.url("/api/v2/tokens/me")).bearer_auth(TOKEN_DEMO)).await;
    assert_eq!(del.status, 204);
    assert_eq!(s.get("/api/v2/tokens/me", TOKEN_DEMO).await.status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_made_verifier_round_trips() {
    let s = server().await;
    let pkce = Pkce::from_random(&[7u8; 96]);
    let got = choose(&s, CLIENT_DEMO, APP, &pkce.challenge, USERS[0].id).await;
    let code = location_query(&got, APP)["code"].clone();
    let mut pairs = good(&code);
    pairs.retain(|(k, _)| *k != "code_verifier");
    pairs.push(("code_verifier", &pkce.verifier));
    assert_eq!(exchange(&s, &pairs).await.status, 200);
}
