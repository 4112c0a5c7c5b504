//! Starts the fake in-process on 127.0.0.1:0 and talks to it over a real socket.
#![allow(dead_code)]

use std::time::Duration;

use fake_genesys::Config;
use reqwest::header::HeaderMap;
use serde_json::{json, Value};

pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub async fn start(config: Config) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let _ = fake_genesys::serve(listener, config).await;
    });
    let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    Server { base: format!("http://{addr}"), client, task }
}

pub async fn start_default() -> Server {
    start(Config::default()).await
}

/// A response read whole.
#[derive(Debug)]
pub struct Got {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Got {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn correlation_id(&self) -> &str {
        self.header("inin-correlation-id").unwrap_or_else(|| panic!("no ININ-Correlation-Id: {self:?}"))
    }
    /// Asserts the correlation id is a UUID v4.
    pub fn assert_correlation(&self) {
        let id = uuid::Uuid::parse_str(self.correlation_id()).expect("correlation id is a UUID");
        assert_eq!(id.get_version_num(), 4, "{id}");
    }
    /// Asserts a Genesys error body with `status` and `code`; returns the message.
    pub fn assert_error(&self, status: u16, code: &str) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        self.assert_correlation();
        let v = self.json();
        assert_eq!(v["code"], code, "{}", self.body);
        assert_eq!(v["status"], status);
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert_eq!(v["messageWithParams"], v["message"]);
        assert_eq!(v["messageParams"], json!({}));
        assert_eq!(v["details"], json!([]));
        assert_eq!(v["errors"], json!([]));
        let ctx = uuid::Uuid::parse_str(v["contextId"].as_str().unwrap()).expect("contextId is a UUID");
        assert_eq!(ctx.to_string(), self.correlation_id(), "contextId equals the correlation id");
        v["message"].as_str().unwrap().to_string()
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Got {
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.text().await.unwrap();
        Got { status, headers, body }
    }

    /// GET with `Authorization: Bearer token` (none when `token` is empty).
    pub async fn get(&self, path: &str, token: &str) -> Got {
        let mut req = self.client.get(self.url(path));
        if !token.is_empty() {
            req = req.bearer_auth(token);
        }
        self.send(req).await
    }

    pub async fn post(&self, path: &str, token: &str, body: &str) -> Got {
        let mut req =
            self.client.post(self.url(path)).header("content-type", "application/json").body(body.to_string());
        if !token.is_empty() {
            req = req.bearer_auth(token);
        }
        self.send(req).await
    }

    pub async fn simulate(&self, token: &str, flow_id: &str, node_id: &str, phone: &str, timeout: u32) -> Got {
        self.post("/api/v2/architect/simulations", token, &simulation_body(flow_id, node_id, phone, timeout)).await
    }
}

pub fn simulation_body(flow_id: &str, node_id: &str, phone: &str, timeout: u32) -> String {
    json!({
        "flowId": flow_id,
        "context": {
            "from": phone,
            "to": "+15550000000",
            "channel": "voice",
            "conversationId": "simulated-conversation-id",
            "mediaType": "voice",
        },
        "nodeId": node_id,
        "timeout": timeout,
    })
    .to_string()
}
