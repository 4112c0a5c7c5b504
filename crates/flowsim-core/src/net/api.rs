//! One HTTP layer for both backends: builds the URL through the proxy setting, adds the bearer token,
//! retries 429 after `Retry-After` (up to 3 times), classifies failures and records every call.

use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::base::lenient::{self, Lenient};
use crate::net::error::{from_status, from_transport, Call, CallContext, ErrorKind, UserError};
use crate::net::http::{ClientEvent, HttpClient, HttpRequest, HttpResponse, Method};
use crate::net::proxy::ProxySetting;
use crate::wire::contract::ApiCall;

/// Retries after a 429, as the official clients do.
pub const MAX_RETRIES: u32 = 3;
/// Official clients give up when `Retry-After` asks for more than this.
pub const MAX_RETRY_AFTER_SECS: u32 = 180;
/// Wait used when a 429 carries no `Retry-After`.
pub const DEFAULT_RETRY_AFTER_SECS: u32 = 3;

/// Where and as whom to call. The token lives here only for the duration of a run.
#[derive(Clone, PartialEq, Eq)]
pub struct Connection {
    pub api_base: String,
    pub proxy: ProxySetting,
    pub token: String,
}

impl std::fmt::Debug for Connection {
    // Never print the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("api_base", &self.api_base)
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

/// A client bound to a connection, recording the calls it makes for the trace.
pub struct Api<'a, C: HttpClient> {
    pub client: &'a C,
    pub conn: &'a Connection,
    /// Per-request client deadline.
    pub timeout_ms: u32,
    /// The Timeout (ms) the user set, when these calls run under it; timeout messages name it.
    pub timeout_setting_ms: Option<u32>,
    /// Flow and node the run is about, for error messages.
    pub flow_id: Option<String>,
    pub node_id: Option<String>,
    calls: RefCell<Vec<ApiCall>>,
}

impl<'a, C: HttpClient> Api<'a, C> {
    pub fn new(client: &'a C, conn: &'a Connection, timeout_ms: u32) -> Self {
        Api {
            client,
            conn,
            timeout_ms,
            timeout_setting_ms: None,
            flow_id: None,
            node_id: None,
            calls: RefCell::new(Vec::new()),
        }
    }

    /// The calls made since the last `take_calls`.
    pub fn take_calls(&self) -> Vec<ApiCall> {
        std::mem::take(&mut *self.calls.borrow_mut())
    }

    pub fn context(&self, call: Call, method: Method, path: &str) -> CallContext {
        CallContext {
            call,
            request: format!("{} {}", method.as_str(), path.split('?').next().unwrap_or(path)),
            api_base: self.conn.api_base.clone(),
            proxy_origin: self.conn.proxy.origin(),
            timeout_setting_ms: self.timeout_setting_ms,
            flow_id: self.flow_id.clone(),
            node_id: self.node_id.clone(),
        }
    }

    /// Sends one request (with 429 retries). Returns the response when it is a 2xx.
    pub async fn send(
        &self,
        call: Call,
        method: Method,
        path_and_query: &str,
        body: Option<String>,
    ) -> Result<HttpResponse, UserError> {
        let ctx = self.context(call, method, path_and_query);
        let url = self.conn.proxy.apply(&self.conn.api_base, path_and_query);
        let mut headers = vec![
            ("Authorization".to_string(), format!("Bearer {}", self.conn.token.trim())),
            ("Accept".to_string(), "application/json".to_string()),
        ];
        if body.is_some() {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
        }
        let mut attempt = 0;
        loop {
            let started = self.client.now_ms();
            let result = self
                .client
                .send(HttpRequest {
                    method,
                    url: url.clone(),
                    headers: headers.clone(),
                    body: body.clone(),
                    timeout_ms: self.timeout_ms,
                })
                .await;
            let duration_ms = (self.client.now_ms() - started).max(0.0);
            let (status, correlation_id) = match &result {
                Ok(r) => (r.status, r.correlation_id().map(str::to_string)),
                Err(_) => (0, None),
            };
            self.calls.borrow_mut().push(ApiCall {
                method: method.as_str().to_string(),
                path: path_and_query.to_string(),
                status,
                duration_ms,
                correlation_id,
            });
            let resp = result.map_err(|e| from_transport(&e, &ctx))?;
            if resp.is_success() {
                return Ok(resp);
            }
            if resp.status == 429 && attempt < MAX_RETRIES {
                let wait = resp.retry_after_secs().unwrap_or(DEFAULT_RETRY_AFTER_SECS);
                if wait <= MAX_RETRY_AFTER_SECS {
                    attempt += 1;
                    self.client.event(ClientEvent::RetryWait { seconds: wait, attempt, max: MAX_RETRIES });
                    self.client.sleep(wait * 1000).await.map_err(|e| from_transport(&e, &ctx))?;
                    continue;
                }
            }
            return Err(from_status(&resp, &ctx));
        }
    }

    /// GETs `path_and_query` and deserializes the JSON body into `T`.
    pub async fn get_json<T: DeserializeOwned>(&self, call: Call, path_and_query: &str) -> Result<T, UserError> {
        let resp = self.send(call, Method::Get, path_and_query, None).await?;
        parse_json(&resp, &self.context(call, Method::Get, path_and_query))
    }

    /// GETs `path_and_query` and parses the JSON body.
    pub async fn get_value(&self, call: Call, path_and_query: &str) -> Result<Value, UserError> {
        Ok(self.get_value_and_response(call, path_and_query).await?.0)
    }

    /// GETs `path_and_query` and reads the JSON body leniently (see [`lenient::read`]): parts of the wrong type
    /// are left out and listed; a body with nothing readable is the same error as in [`Api::get_json`].
    pub async fn get_lenient<T: DeserializeOwned>(
        &self,
        call: Call,
        path_and_query: &str,
    ) -> Result<Lenient<T>, UserError> {
        let (value, resp) = self.get_value_and_response(call, path_and_query).await?;
        lenient::read(&value).map_err(|e| shape_error(&e, &resp, &self.context(call, Method::Get, path_and_query)))
    }

    async fn get_value_and_response(
        &self,
        call: Call,
        path_and_query: &str,
    ) -> Result<(Value, HttpResponse), UserError> {
        let resp = self.send(call, Method::Get, path_and_query, None).await?;
        let value = parse_value(&resp, &self.context(call, Method::Get, path_and_query))?;
        Ok((value, resp))
    }
}

/// Deserializes a 2xx body, with a sentence for HTML, non-JSON and wrong-shape bodies.
pub fn parse_json<T: DeserializeOwned>(resp: &HttpResponse, ctx: &CallContext) -> Result<T, UserError> {
    T::deserialize(&parse_value(resp, ctx)?).map_err(|e| shape_error(&e, resp, ctx))
}

/// Parses a 2xx body as JSON, with a sentence for HTML and non-JSON bodies.
pub fn parse_value(resp: &HttpResponse, ctx: &CallContext) -> Result<Value, UserError> {
    serde_json::from_str(&resp.body).map_err(|e| {
        crate::net::error::from_parse(
            &crate::wire::contract::ParseError::NotJson {
                looks_like_html: crate::base::text::looks_like_html(&resp.body),
                detail: e.to_string(),
            },
            resp,
            ctx,
        )
    })
}

/// A 2xx JSON body that is not in the expected shape; `why` is serde's sentence.
pub fn shape_error(why: &dyn std::fmt::Display, resp: &HttpResponse, ctx: &CallContext) -> UserError {
    let mut err = UserError::new(
        ErrorKind::NotJson,
        format!("The answer to {} is JSON but not in the expected shape: {why}.", ctx.request),
        "Check that the API base URL points at Genesys Cloud (or a server that speaks its API); open the raw response to see it.",
    );
    err.status = Some(resp.status);
    err.correlation_id = resp.correlation_id().map(str::to_string);
    err.request = Some(ctx.request.clone());
    err.raw_body = crate::net::error::raw_excerpt(&resp.body);
    err
}

#[cfg(test)]
pub(crate) mod testing {
    //! A scripted client for tests: answers requests in order, records them, sleeps instantly.
    use super::*;
    use crate::net::http::TransportError;
    use std::cell::Cell;
    use std::collections::VecDeque;

    #[derive(Default)]
    pub struct Scripted {
        pub answers: RefCell<VecDeque<Result<HttpResponse, TransportError>>>,
        pub sent: RefCell<Vec<HttpRequest>>,
        pub slept: RefCell<Vec<u32>>,
        pub events: RefCell<Vec<ClientEvent>>,
        pub clock: Cell<f64>,
    }

    impl Scripted {
        pub fn new(answers: Vec<Result<HttpResponse, TransportError>>) -> Self {
            Scripted { answers: RefCell::new(answers.into()), ..Default::default() }
        }
    }

    impl HttpClient for Scripted {
        async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.sent.borrow_mut().push(req);
            self.clock.set(self.clock.get() + 5.0);
            self.answers.borrow_mut().pop_front().unwrap_or(Err(TransportError::Network("script exhausted".into())))
        }
        async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
            self.slept.borrow_mut().push(ms);
            Ok(())
        }
        fn now_ms(&self) -> f64 {
            self.clock.get()
        }
        fn event(&self, event: ClientEvent) {
            self.events.borrow_mut().push(event);
        }
    }

    pub fn respond(status: u16, body: &str, headers: &[(&str, &str)]) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status,
            headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            body: body.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use futures_executor::block_on;

    fn conn(proxy: ProxySetting) -> Connection {
        Connection { api_base: "https://api.mypurecloud.com".into(), proxy, token: "secret-token".into() }
    }

    #[test]
    fn sends_bearer_through_the_proxy() {
        let client = Scripted::new(vec![respond(200, "{}", &[("inin-correlation-id", "c1")])]);
        let c = conn(ProxySetting::prefix("http://127.0.0.1:8081/"));
        let api = Api::new(&client, &c, 7000);
        block_on(api.send(Call::Other, Method::Post, "/api/v2/architect/simulations", Some("{}".into()))).unwrap();
        let sent = client.sent.borrow();
        assert_eq!(sent[0].url, "http://127.0.0.1:8081/https://api.mypurecloud.com/api/v2/architect/simulations");
        assert!(sent[0].headers.contains(&("Authorization".into(), "Bearer secret-token".into())));
        assert!(sent[0].headers.contains(&("Content-Type".into(), "application/json".into())));
        assert_eq!(sent[0].timeout_ms, 7000);
        assert_eq!(api.take_calls()[0].correlation_id.as_deref(), Some("c1"));
        assert!(!format!("{c:?}").contains("secret-token"));
    }

    #[test]
    fn retries_429_after_retry_after_up_to_three_times() {
        let busy = || {
            respond(
                429,
                r#"{"message":"Rate limit exceeded","code":"too.many.requests","status":429}"#,
                &[("retry-after", "2")],
            )
        };
        let client = Scripted::new(vec![busy(), busy(), respond(200, "{\"ok\":1}", &[])]);
        let c = conn(ProxySetting::direct());
        let api = Api::new(&client, &c, 5000);
        let r = block_on(api.send(Call::Other, Method::Get, "/api/v2/flows", None)).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(*client.slept.borrow(), vec![2000, 2000]);
        assert_eq!(client.events.borrow()[1], ClientEvent::RetryWait { seconds: 2, attempt: 2, max: 3 });
        assert_eq!(api.take_calls().len(), 3);

        let client = Scripted::new(vec![busy(), busy(), busy(), busy(), respond(200, "{}", &[])]);
        let api = Api::new(&client, &c, 5000);
        let e = block_on(api.send(Call::Other, Method::Get, "/api/v2/flows", None)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::RateLimited);
        assert_eq!(client.sent.borrow().len(), 4, "one try and three retries");
    }

    #[test]
    fn retry_after_too_long_is_not_waited() {
        let client = Scripted::new(vec![respond(429, "{}", &[("retry-after", "600")])]);
        let c = conn(ProxySetting::direct());
        let api = Api::new(&client, &c, 5000);
        assert_eq!(block_on(api.send(Call::Other, Method::Get, "/x", None)).unwrap_err().kind, ErrorKind::RateLimited);
        assert!(client.slept.borrow().is_empty());
    }

    #[test]
    fn wrong_shape_is_a_sentence() {
        #[derive(serde::Deserialize, Debug)]
        struct Wants {
            #[allow(dead_code)]
            entities: Vec<u8>,
        }
        let client = Scripted::new(vec![respond(200, "{\"entities\": \"no\"}", &[])]);
        let c = conn(ProxySetting::direct());
        let api = Api::new(&client, &c, 5000);
        let e = block_on(api.get_json::<Wants>(Call::FlowList, "/api/v2/flows")).unwrap_err();
        assert!(e.summary.contains("GET /api/v2/flows"), "{}", e.summary);
    }
}
