//! The `flowsim` binary as CI runs it: exit codes, the per-case lines, the last line and JUnit XML, on the twelve
//! real flow configurations (offline) and on the demo org (the fake over a real socket).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_flowsim");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn configs() -> Vec<PathBuf> {
    let dir = root().join("crates/flowsim-core/tests/fixtures/flowconfigs");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("flowsim-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = Command::new(BIN);
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let Output { status, stdout, stderr } = c.output().expect("run flowsim");
    (status.code().unwrap_or(-1), String::from_utf8_lossy(&stdout).into(), String::from_utf8_lossy(&stderr).into())
}

/// `(kind, target)` of a `RUN   name: kind 'target'` line.
fn recorded(line: &str) -> (String, Option<String>) {
    let what = line.split_once(": ").map(|(_, w)| w).unwrap_or_default();
    let what = what.split(" (").next().unwrap_or(what);
    match what.split_once(' ') {
        Some((k, t)) => (k.to_string(), Some(t.trim_matches('\'').to_string())),
        None => (what.to_string(), None),
    }
}

#[test]
fn the_twelve_real_configurations_record_pass_and_fail_with_the_right_exit_codes() {
    let files = configs();
    assert_eq!(files.len(), 12, "{files:?}");
    let dir = temp_dir("real");
    for (i, flow) in files.iter().enumerate() {
        let flow_s = flow.to_string_lossy().to_string();
        // 1. Record: no expectations, exit 0.
        let suite = dir.join(format!("record{i}.json"));
        std::fs::write(
            &suite,
            format!(r#"{{"name": "record", "flow": {{"file": {flow_s:?}}}, "cases": [{{"name": "first"}}]}}"#),
        )
        .unwrap();
        let (code, out, err) = run(&["test", suite.to_str().unwrap()], &[]);
        assert_eq!(code, 0, "{flow_s}: {out}{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("RUN   first: "), "{flow_s}: {out}");
        assert_eq!(lines.last(), Some(&"0 passed, 0 failed"), "{flow_s}: {out}");
        let (kind, target) = recorded(lines[0]);

        // 2. The recorded outcome as expectation passes; a wrong target fails; JUnit says which.
        let expect_ok = match &target {
            Some(t) => format!(r#"{{"outcome": "{kind}", "target": {t:?}}}"#),
            None => format!(r#"{{"outcome": "{kind}"}}"#),
        };
        let suite = dir.join(format!("check{i}.json"));
        std::fs::write(
            &suite,
            format!(
                r#"{{"name": "check <{i}>", "cases": [
                    {{"name": "as recorded", "expect": {expect_ok}}},
                    {{"name": "wrong & target", "expect": {{"target": "No such queue"}}}}]}}"#
            ),
        )
        .unwrap();
        let junit = dir.join(format!("junit{i}.xml"));
        let (code, out, err) =
            run(&["test", suite.to_str().unwrap(), "--flow-file", &flow_s, "--junit", junit.to_str().unwrap()], &[]);
        assert_eq!(code, 1, "{flow_s}: {out}{err}");
        assert!(out.contains("PASS  as recorded: "), "{flow_s}: {out}");
        assert!(out.contains("FAIL  wrong & target: ") && out.contains("instead of 'No such queue'"), "{out}");
        assert_eq!(out.lines().last(), Some("1 passed, 1 failed"), "{flow_s}: {out}");
        let xml = std::fs::read_to_string(&junit).unwrap();
        assert!(xml.contains(&format!(r#"<testsuite name="check &lt;{i}&gt;" tests="2" failures="1""#)), "{xml}");
        assert!(xml.contains(r#"<testcase name="wrong &amp; target""#), "{xml}");
        assert_eq!(xml.matches("<failure ").count(), 1, "{xml}");
        assert!(xml.contains("instead of &apos;No such queue&apos;"), "{xml}");
    }
}

#[test]
fn a_bad_suite_or_file_exits_2_with_a_sentence() {
    let dir = temp_dir("bad");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"flow": {"file": "x.json"}, "cases": [{"expect": {"outcom": "end"}}]}"#).unwrap();
    let (code, out, err) = run(&["test", bad.to_str().unwrap()], &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("The suite is not valid at cases[0].expect.outcom: unknown field `outcom`"), "{err}");

    let (code, _, err) = run(&["test", dir.join("missing.json").to_str().unwrap()], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("could not be read"), "{err}");

    let no_flow = dir.join("noflow.json");
    std::fs::write(&no_flow, r#"{"flow": {"file": "nowhere.i3InboundFlow"}, "cases": []}"#).unwrap();
    let (code, _, err) = run(&["test", no_flow.to_str().unwrap()], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("The flow file") && err.contains("nowhere.i3InboundFlow"), "{err}");

    let by_id = dir.join("byid.json");
    std::fs::write(&by_id, r#"{"flow": {"id": "f-1"}, "cases": []}"#).unwrap();
    let (code, _, err) = run(&["test", by_id.to_str().unwrap()], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("connect with --api-base and --token-env"), "{err}");

    let (code, _, err) = run(
        &["test", by_id.to_str().unwrap(), "--api-base", "http://127.0.0.1:9", "--token-env", "FLOWSIM_UNSET_VAR"],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("FLOWSIM_UNSET_VAR") && err.contains("not set"), "{err}");

    let (code, _, _) = run(&["test"], &[]);
    assert_eq!(code, 2, "a missing argument is a bad invocation");
}

fn demo_suite() -> String {
    root().join("crates/fake-genesys/suites/demo.json").to_string_lossy().to_string()
}

/// Starts the fake on 127.0.0.1:0 on its own runtime thread; returns its base URL.
fn start_fake(config: fake_genesys::Config) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let _ = fake_genesys::serve(listener, config).await;
        });
    });
    format!("http://{}", rx.recv().unwrap())
}

#[test]
fn the_demo_suite_passes_against_the_demo_org_reading_each_resource_once() {
    let base = start_fake(fake_genesys::Config::default());
    let junit = temp_dir("demo").join("junit.xml");
    let token = fake_genesys::demo::TOKEN_DEMO;
    let (code, out, err) = run(
        &[
            "test",
            &demo_suite(),
            "--api-base",
            &base,
            "--token-env",
            "FLOWSIM_TEST_TOKEN",
            "--junit",
            junit.to_str().unwrap(),
        ],
        &[("FLOWSIM_TEST_TOKEN", token)],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.lines().filter(|l| l.starts_with("PASS  ")).count(), 9, "{out}");
    assert_eq!(out.lines().last(), Some("9 passed, 0 failed"));
    // The flow's configuration, the schedule group, its schedules and emergency group, the VIP rows of four
    // numbers and the contacts they name: each read once however many cases need it.
    // Cases run four at a time; a read two of them want at once goes out once, so the run sends the minimum.
    assert!(
        out.contains("API calls: 13 sent, 42 answered from the run's cache; 13 distinct requests needed."),
        "{out}"
    );
    assert!(!out.contains(token) && !err.contains(token));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains(r#"tests="9" failures="0""#), "{xml}");

    // The lines come in case order, the same as one case at a time.
    let case_lines =
        |out: &str| out.lines().filter(|l| l.starts_with("PASS  ")).map(str::to_string).collect::<Vec<_>>();
    let names: Vec<String> = case_lines(&out).iter().map(|l| l[6..].split(':').next().unwrap().to_string()).collect();
    let suite: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(demo_suite()).unwrap()).unwrap();
    let expected: Vec<&str> = suite["cases"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, expected);
    let (code, one, err) = run(
        &["test", &demo_suite(), "--api-base", &base, "--token-env", "FLOWSIM_TEST_TOKEN", "--concurrency", "1"],
        &[("FLOWSIM_TEST_TOKEN", token)],
    );
    assert_eq!(code, 0, "{one}{err}");
    assert_eq!(case_lines(&one), case_lines(&out));
    assert!(one.contains("API calls: 13 sent, "), "{one}");
    let (code, _, err) = run(&["test", &demo_suite(), "--concurrency", "0"], &[]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_refused_token_exits_2_without_printing_it() {
    let base = start_fake(fake_genesys::Config::default());
    let token = fake_genesys::demo::TOKEN_EXPIRED;
    let (code, out, err) = run(
        &["test", &demo_suite(), "--api-base", &base, "--token-env", "FLOWSIM_TEST_TOKEN"],
        &[("FLOWSIM_TEST_TOKEN", token)],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("The access token was not accepted (401)"), "{err}");
    assert!(!out.contains(token) && !err.contains(token), "{out}{err}");
}

#[test]
fn comparing_a_published_version_lists_exactly_the_callers_it_changes() {
    let base = start_fake(fake_genesys::Config::default());
    let env = [("FLOWSIM_TEST_TOKEN", fake_genesys::demo::TOKEN_DEMO)];
    let (code, out, err) = run(
        &["compare", &demo_suite(), "--version", "1.0", "--api-base", &base, "--token-env", "FLOWSIM_TEST_TOKEN"],
        &env,
    );
    // In 1.0 a key-account VIP went to Support; the saved configuration sends Ada to Gold. Nobody else changed.
    assert_eq!(code, 1, "{out}{err}");
    let changed: Vec<&str> = out.lines().filter(|l| l.starts_with("CHANGED  ")).collect();
    assert_eq!(changed.len(), 2, "{out}");
    assert_eq!(
        changed[0],
        "CHANGED  VIP key account: outcome: version 1.0: transfer 'Support'; saved: transfer 'Gold' (target 'Gold' \
         (was 'Support'); path at step 8: 'Transfer to Gold queue' (was 'Transfer to Support queue'))",
        "{out}"
    );
    assert!(changed[1].starts_with("CHANGED  Ada again"), "{out}");
    assert_eq!(out.lines().last(), Some("2 of 9 cases changed"));

    // The saved configuration against its own published copy: nothing changed.
    let (code, out, _) = run(
        &["compare", &demo_suite(), "--version", "2.0", "--api-base", &base, "--token-env", "FLOWSIM_TEST_TOKEN"],
        &env,
    );
    assert_eq!((code, out.lines().last()), (0, Some("0 of 9 cases changed")), "{out}");

    // A version the flow does not have is a bad input, with a sentence.
    let (code, _, err) = run(
        &["compare", &demo_suite(), "--version", "7.0", "--api-base", &base, "--token-env", "FLOWSIM_TEST_TOKEN"],
        &env,
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("Not found (404) on GET /api/v2/flows/") && err.contains("/versions/7.0/configuration"),
        "{err}"
    );
}
