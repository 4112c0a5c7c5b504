//! The remote backend: the tutorial's `POST {apiBase}/api/v2/architect/simulations`, exactly.

use crate::net::api::Api;
use crate::net::error::{from_parse, Call, UserError};
use crate::net::http::{HttpClient, Method};
use crate::wire::contract::{SimulationRequest, SimulationResponse};

pub const SIMULATIONS_PATH: &str = "/api/v2/architect/simulations";

/// How long the client waits beyond the payload's own `timeout`, so the server's 504 arrives first.
pub const CLIENT_DEADLINE_MARGIN_MS: u32 = 2_000;

/// A finished simulation: the parsed response and the body exactly as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulated {
    pub response: SimulationResponse,
    pub raw: String,
    /// The flow's variables when the run ended (the in-browser engine; a remote endpoint does not send them).
    pub variables: Vec<(String, crate::expr::Value)>,
}

/// Posts the simulation and parses the answer.
pub async fn simulate<C: HttpClient>(api: &Api<'_, C>, req: &SimulationRequest) -> Result<Simulated, UserError> {
    let body = serde_json::to_string(req).unwrap_or_default();
    let resp = api.send(Call::Simulation, Method::Post, SIMULATIONS_PATH, Some(body)).await?;
    match SimulationResponse::parse(&resp.body) {
        Ok(response) => Ok(Simulated { response, raw: resp.body, variables: Vec::new() }),
        Err(e) => Err(from_parse(&e, &resp, &api.context(Call::Simulation, Method::Post, SIMULATIONS_PATH))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::api::testing::*;
    use crate::net::api::Connection;
    use crate::net::error::ErrorKind;
    use crate::net::proxy::ProxySetting;
    use crate::wire::contract::SimulationContext;
    use futures_executor::block_on;

    fn req() -> SimulationRequest {
        SimulationRequest {
            flow_id: "f".into(),
            node_id: "n".into(),
            timeout: 5000,
            context: SimulationContext {
                from: "+15551234567".into(),
                to: "+15550000000".into(),
                channel: "voice".into(),
                conversation_id: "c".into(),
                media_type: "voice".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn posts_the_contract_and_parses_the_trace() {
        let client = Scripted::new(vec![respond(200, r#"{"status":"COMPLETED","trace":[]}"#, &[])]);
        let conn =
            Connection { api_base: "http://127.0.0.1:9".into(), proxy: ProxySetting::direct(), token: "t".into() };
        let api = Api::new(&client, &conn, 7000);
        let s = block_on(simulate(&api, &req())).unwrap();
        assert_eq!(s.response.status, "COMPLETED");
        let sent = client.sent.borrow();
        assert_eq!(sent[0].url, "http://127.0.0.1:9/api/v2/architect/simulations");
        let body: serde_json::Value = serde_json::from_str(sent[0].body.as_deref().unwrap()).unwrap();
        assert_eq!(body["context"]["from"], "+15551234567");
    }

    #[test]
    fn html_200_is_an_error() {
        let client = Scripted::new(vec![respond(200, "<!doctype html><title>Login</title>", &[])]);
        let conn =
            Connection { api_base: "http://127.0.0.1:9".into(), proxy: ProxySetting::direct(), token: "t".into() };
        let api = Api::new(&client, &conn, 7000);
        assert_eq!(block_on(simulate(&api, &req())).unwrap_err().kind, ErrorKind::HtmlPage);
    }
}
