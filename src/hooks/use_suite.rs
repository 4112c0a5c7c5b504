//! A suite run in the page: the cases run one after another on the same interpreter as Simulate, the page gets
//! the browser back between cases (a zero timeout), results arrive in batches, and Cancel keeps what has run.

use std::rc::Rc;
use std::sync::Arc;

use flowsim_core::flow::Flow;
use flowsim_core::net::api::{Api, Connection};
use flowsim_core::sim::suite::runner::{self, CaseResult};
use flowsim_core::sim::suite::{CacheStats, Paced, Suite};
use gloo_timers::future::TimeoutFuture;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::fetch::{now_ms, BrowserClient, CancelHandle};
use crate::services::tz::BrowserZones;

/// Results are handed to the page at most this often while a run goes on (ms).
const BATCH_MS: f64 = 100.0;
/// Per-request deadline of a suite's reads.
const TIMEOUT_MS: u32 = 30_000;

/// Which flow a run uses.
#[derive(Clone)]
pub enum FlowChoice {
    /// A flow file read in the page.
    File(Arc<Flow>),
    /// A flow of the org, its saved configuration or a published version.
    Org { id: String, version: Option<String> },
}

#[derive(Clone, PartialEq, Default)]
pub struct SuiteRun {
    pub results: Rc<Vec<Rc<CaseResult>>>,
    pub total: usize,
    pub running: bool,
    pub cancelled: bool,
    pub started_ms: f64,
    pub now_ms: f64,
    pub error: Option<String>,
    pub stats: Option<CacheStats>,
    pub cancel: Option<CancelHandle>,
    /// Runs started; events of an older run are ignored.
    pub id: u32,
}

pub enum SuiteAction {
    Start { total: usize, cancel: CancelHandle },
    Batch { id: u32, results: Vec<Rc<CaseResult>> },
    Finish { id: u32, error: Option<String>, stats: Option<CacheStats> },
}

impl Reducible for SuiteRun {
    type Action = SuiteAction;
    fn reduce(self: Rc<Self>, action: SuiteAction) -> Rc<Self> {
        match action {
            SuiteAction::Start { total, cancel } => Rc::new(SuiteRun {
                total,
                running: true,
                started_ms: now_ms(),
                now_ms: now_ms(),
                cancel: Some(cancel),
                id: self.id + 1,
                ..SuiteRun::default()
            }),
            SuiteAction::Batch { id, results } if id == self.id => {
                let mut all: Vec<Rc<CaseResult>> = (*self.results).clone();
                all.extend(results);
                Rc::new(SuiteRun { results: Rc::new(all), now_ms: now_ms(), ..(*self).clone() })
            }
            SuiteAction::Finish { id, error, stats } if id == self.id => {
                let cancelled = self.cancel.as_ref().is_some_and(|c| c.is_cancelled());
                Rc::new(SuiteRun { running: false, cancelled, error, stats, now_ms: now_ms(), ..(*self).clone() })
            }
            _ => self,
        }
    }
}

pub struct UseSuite {
    pub run: UseReducerHandle<SuiteRun>,
    /// Starts `suite` against a flow (with the org connection when given).
    pub start: Callback<(Rc<Suite>, FlowChoice, Option<Connection>)>,
    pub cancel: Callback<()>,
}

#[hook]
pub fn use_suite() -> UseSuite {
    let run = use_reducer(SuiteRun::default);
    let cancel = {
        let run = run.clone();
        Callback::from(move |_| {
            if let Some(c) = &run.cancel {
                c.cancel();
            }
        })
    };
    let start = {
        let run = run.clone();
        Callback::from(move |(suite, flow, conn): (Rc<Suite>, FlowChoice, Option<Connection>)| {
            if run.running {
                return;
            }
            let cancel = CancelHandle::default();
            let id = run.id + 1;
            run.dispatch(SuiteAction::Start { total: suite.cases.len(), cancel: cancel.clone() });
            let run = run.clone();
            spawn_local(async move {
                let client = BrowserClient::new(cancel.clone(), Callback::noop());
                let paced = Paced::new(&client, 0);
                let api = conn.as_ref().map(|c| Api::new(&paced, c, TIMEOUT_MS));
                let error = run_cases(api.as_ref(), &suite, flow, &cancel, id, &run).await.err();
                let error = if cancel.is_cancelled() { None } else { error };
                let stats = api.is_some().then(|| paced.stats());
                run.dispatch(SuiteAction::Finish { id, error, stats });
            });
        })
    };
    UseSuite { run, start, cancel }
}

async fn run_cases(
    api: Option<&Api<'_, Paced<'_, BrowserClient>>>,
    suite: &Suite,
    flow: FlowChoice,
    cancel: &CancelHandle,
    id: u32,
    run: &UseReducerHandle<SuiteRun>,
) -> Result<(), String> {
    let flow = match flow {
        FlowChoice::File(f) => f,
        FlowChoice::Org { id: flow_id, version } => {
            let api = api.ok_or("Connect to an org (API base and access token) or choose a flow file.")?;
            let f = runner::load_flow(api, &flow_id, version.as_deref())
                .await
                .map_err(|e| format!("{} {}", e.summary, e.action))?;
            Arc::new(f)
        }
    };
    let mut batch = Vec::new();
    let mut last = now_ms();
    for i in 0..suite.cases.len() {
        if cancel.is_cancelled() {
            break;
        }
        let r = runner::run_case(api, flow.clone(), suite, i, Box::new(BrowserZones)).await;
        match r {
            Ok(r) => batch.push(Rc::new(r)),
            Err(e) => {
                run.dispatch(SuiteAction::Batch { id, results: std::mem::take(&mut batch) });
                return Err(format!("{} {}", e.summary, e.action));
            }
        }
        if now_ms() - last >= BATCH_MS {
            run.dispatch(SuiteAction::Batch { id, results: std::mem::take(&mut batch) });
            last = now_ms();
        }
        // Give the page the browser back (rendering, clicks, Cancel) between cases.
        TimeoutFuture::new(0).await;
    }
    run.dispatch(SuiteAction::Batch { id, results: batch });
    Ok(())
}
