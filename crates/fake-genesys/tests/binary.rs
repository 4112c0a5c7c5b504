//! The binary: flags, the one listening line, and a request to the printed address.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

struct Child(std::process::Child);
impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-genesys"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start fake-genesys");
    let stdout = child.stdout.take().unwrap();
    let child = Child(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .trim_end()
        .strip_prefix("fake-genesys listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(!url.ends_with(":0"), "{url}");
    (child, url)
}

#[tokio::test(flavor = "multi_thread")]
async fn prints_its_address_and_serves_with_flags() {
    let (_child, url) = start(&["--port", "0", "--cors", "--latency-ms", "50", "--rate-limit", "100"]);
    let client = reqwest::Client::new();
    let resp = client
        .get(format!("{url}/api/v2/flows?pageSize=1"))
        .bearer_auth("demo-token")
        .header("origin", "http://app.test")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["access-control-allow-origin"], "http://app.test");
    assert!(resp.headers().contains_key("inin-correlation-id"));
    let health = client.get(format!("{url}/_fake/health")).send().await.unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");
}

#[test]
fn rejects_bad_flags() {
    for args in [&["--port", "x"][..], &[][..], &["--port", "0", "--rate-limit", "0"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_fake-genesys")).args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
