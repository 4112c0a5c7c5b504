//! The browser's side of the HTTP seam: `gloo-net` requests with an `AbortSignal` per request (user Cancel and
//! the client deadline abort it), and a cancellable `gloo-timers` sleep that reports the 429 countdown.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use flowsim_core::net::http::{
    ClientEvent, HttpClient, HttpRequest, HttpResponse, Method as CoreMethod, TransportError, MAX_BODY_BYTES,
};
use gloo_net::http::{Headers, Method, Request};
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, RequestInit};
use yew::Callback;

/// Response headers flowsim reads (only those a CORS response exposes are visible anyway).
const READ_HEADERS: [&str; 4] = ["content-type", "retry-after", "inin-correlation-id", "content-length"];

/// How often a 429 wait wakes to notice Cancel and refresh the countdown.
const COUNTDOWN_TICK_MS: f64 = 100.0;

/// Progress shown while a run waits out a 429.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryCountdown {
    pub remaining_secs: u32,
    pub attempt: u32,
    pub max: u32,
}

/// Cancels a run: aborts the requests in flight (a suite has a few at once) and any 429 wait.
#[derive(Clone, Default)]
pub struct CancelHandle {
    cancelled: Rc<Cell<bool>>,
    in_flight: Rc<RefCell<Vec<AbortController>>>,
}

impl PartialEq for CancelHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.cancelled, &other.cancelled)
    }
}

impl CancelHandle {
    pub fn cancel(&self) {
        self.cancelled.set(true);
        // Taken out first: an abort may settle a request whose end touches the list.
        let in_flight = std::mem::take(&mut *self.in_flight.borrow_mut());
        in_flight.iter().for_each(AbortController::abort);
    }
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }
}

/// `fetch`-backed [`HttpClient`] for one run.
pub struct BrowserClient {
    pub cancel: CancelHandle,
    pub on_countdown: Callback<Option<RetryCountdown>>,
    attempt: Cell<(u32, u32)>,
}

impl BrowserClient {
    pub fn new(cancel: CancelHandle, on_countdown: Callback<Option<RetryCountdown>>) -> Self {
        BrowserClient { cancel, on_countdown, attempt: Cell::new((0, 0)) }
    }
}

/// Milliseconds since the page started (`performance.now()`).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

fn method(m: CoreMethod) -> Method {
    match m {
        CoreMethod::Get => Method::GET,
        CoreMethod::Post => Method::POST,
        CoreMethod::Delete => Method::DELETE,
    }
}

/// What went wrong, as the seam's transport error. A CORS refusal and a refused connection both reach `fetch`
/// as a bare `TypeError`; `net::error` turns that into a sentence naming both causes.
fn transport_error(e: gloo_net::Error) -> TransportError {
    match e {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => TransportError::Aborted,
        gloo_net::Error::JsError(js) => TransportError::Network(js.message),
        other => TransportError::Network(other.to_string()),
    }
}

async fn fetch(req: &HttpRequest, controller: &AbortController) -> Result<HttpResponse, TransportError> {
    let headers = Headers::new();
    for (k, v) in &req.headers {
        headers.set(k, v);
    }
    let init = RequestInit::new();
    init.set_method(method(req.method).as_ref());
    init.set_signal(Some(&controller.signal()));
    init.set_headers(&headers.into_raw());
    if let Some(body) = &req.body {
        init.set_body(&JsValue::from_str(body));
    }
    // Built from a `web_sys::Request` rather than gloo's `RequestBuilder`: the builder re-serialises the URL and
    // appends a stray `&` to one that already has a query (a `?url=` proxy template), so the request would not go
    // to the URL the "Next request" preview shows.
    let request: Request = web_sys::Request::new_with_str_and_init(&req.url, &init)
        .map_err(|e| TransportError::Network(e.as_string().unwrap_or_else(|| "invalid request".to_string())))?
        .into();
    let resp = request.send().await.map_err(transport_error)?;
    let h = resp.headers();
    let headers: Vec<(String, String)> =
        READ_HEADERS.iter().filter_map(|n| h.get(n).map(|v| (n.to_string(), v))).collect();
    let declared = h.get("content-length").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
    if declared > MAX_BODY_BYTES {
        controller.abort();
        return Err(TransportError::BodyTooLarge { limit: MAX_BODY_BYTES });
    }
    let body = resp.text().await.map_err(transport_error)?;
    if body.len() > MAX_BODY_BYTES {
        return Err(TransportError::BodyTooLarge { limit: MAX_BODY_BYTES });
    }
    Ok(HttpResponse { status: resp.status(), headers, body })
}

impl HttpClient for BrowserClient {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        if self.cancel.is_cancelled() {
            return Err(TransportError::Aborted);
        }
        let controller = AbortController::new().map_err(|_| TransportError::Network("AbortController".into()))?;
        self.cancel.in_flight.borrow_mut().push(controller.clone());

        // The client deadline aborts the request; the flag tells a timeout from a user cancel.
        let timed_out = Rc::new(Cell::new(false));
        let deadline = {
            let (timed_out, controller) = (timed_out.clone(), controller.clone());
            Timeout::new(req.timeout_ms, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let result = fetch(&req, &controller).await;
        deadline.cancel();
        self.cancel.in_flight.borrow_mut().retain(|c| c != &controller);

        match result {
            Err(_) if timed_out.get() => Err(TransportError::Timeout { after_ms: req.timeout_ms }),
            Err(_) if self.cancel.is_cancelled() => Err(TransportError::Aborted),
            other => other,
        }
    }

    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        let (attempt, max) = self.attempt.get();
        let end = now_ms() + ms as f64;
        loop {
            if self.cancel.is_cancelled() {
                self.on_countdown.emit(None);
                return Err(TransportError::Aborted);
            }
            let left = end - now_ms();
            if left <= 0.0 {
                break;
            }
            self.on_countdown.emit(Some(RetryCountdown {
                remaining_secs: (left / 1000.0).ceil() as u32,
                attempt,
                max,
            }));
            TimeoutFuture::new(left.min(COUNTDOWN_TICK_MS) as u32).await;
        }
        self.on_countdown.emit(None);
        Ok(())
    }

    fn now_ms(&self) -> f64 {
        now_ms()
    }

    fn event(&self, event: ClientEvent) {
        let ClientEvent::RetryWait { attempt, max, seconds } = event;
        self.attempt.set((attempt, max));
        self.on_countdown.emit(Some(RetryCountdown { remaining_secs: seconds, attempt, max }));
    }
}

/// Resolves after `ms` milliseconds.
pub async fn sleep_ms(ms: u32) {
    TimeoutFuture::new(ms).await
}
