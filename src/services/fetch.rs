//! The browser's side of the HTTP seam: `fetch` with an AbortController per request, a client deadline,
//! user cancellation, and a cancellable sleep that reports the 429 countdown.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use flowsim_core::net::http::{ClientEvent, HttpClient, HttpRequest, HttpResponse, TransportError, MAX_BODY_BYTES};
use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};
use yew::Callback;

/// Response headers flowsim reads (only those a CORS response exposes are visible anyway).
const READ_HEADERS: [&str; 4] = ["content-type", "retry-after", "inin-correlation-id", "content-length"];

/// Progress shown while a run waits out a 429.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryCountdown {
    pub remaining_secs: u32,
    pub attempt: u32,
    pub max: u32,
}

/// Cancels a run: aborts the request in flight and any 429 wait.
#[derive(Clone, Default)]
pub struct CancelHandle {
    cancelled: Rc<Cell<bool>>,
    in_flight: Rc<RefCell<Option<AbortController>>>,
}

impl PartialEq for CancelHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.cancelled, &other.cancelled)
    }
}

impl CancelHandle {
    pub fn cancel(&self) {
        self.cancelled.set(true);
        if let Some(c) = self.in_flight.borrow().as_ref() {
            c.abort();
        }
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

pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Resolves after `ms` milliseconds.
pub async fn sleep_ms(ms: u32) {
    timeout(ms.min(i32::MAX as u32) as i32).await
}

async fn timeout(ms: i32) {
    let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

fn error_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| "unknown error".to_string())
}

fn is_abort(e: &JsValue) -> bool {
    e.dyn_ref::<web_sys::DomException>().is_some_and(|d| d.name() == "AbortError")
}

impl HttpClient for BrowserClient {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        if self.cancel.is_cancelled() {
            return Err(TransportError::Aborted);
        }
        let controller = AbortController::new().map_err(|e| TransportError::Network(error_text(&e)))?;
        let init = RequestInit::new();
        init.set_method(req.method.as_str());
        init.set_signal(Some(&controller.signal()));
        let headers = Headers::new().map_err(|e| TransportError::Network(error_text(&e)))?;
        for (k, v) in &req.headers {
            headers.set(k, v).map_err(|e| TransportError::Network(error_text(&e)))?;
        }
        init.set_headers(&headers);
        if let Some(body) = &req.body {
            init.set_body(&JsValue::from_str(body));
        }
        let window = web_sys::window().ok_or_else(|| TransportError::Network("no window".to_string()))?;
        *self.cancel.in_flight.borrow_mut() = Some(controller.clone());

        // The client deadline aborts the request; the flag tells a timeout from a user cancel.
        let timed_out = Rc::new(Cell::new(false));
        let deadline = {
            let (timed_out, controller) = (timed_out.clone(), controller.clone());
            let cb = wasm_bindgen::closure::Closure::once(move || {
                timed_out.set(true);
                controller.abort();
            });
            let id = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    cb.as_ref().unchecked_ref(),
                    req.timeout_ms.min(i32::MAX as u32) as i32,
                )
                .ok();
            (id, cb)
        };

        let result = async {
            let resp: Response = JsFuture::from(window.fetch_with_str_and_init(&req.url, &init))
                .await?
                .dyn_into()
                .map_err(|_| JsValue::from_str("fetch did not return a Response"))?;
            let h = resp.headers();
            let headers: Vec<(String, String)> =
                READ_HEADERS.iter().filter_map(|n| h.get(n).ok().flatten().map(|v| (n.to_string(), v))).collect();
            let declared = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.parse::<usize>().ok())
                .unwrap_or(0);
            if declared > MAX_BODY_BYTES {
                controller.abort();
                return Ok(Err(TransportError::BodyTooLarge { limit: MAX_BODY_BYTES }));
            }
            let text = JsFuture::from(resp.text()?).await?;
            let body = text.as_string().unwrap_or_default();
            if body.len() > MAX_BODY_BYTES {
                return Ok(Err(TransportError::BodyTooLarge { limit: MAX_BODY_BYTES }));
            }
            Ok::<_, JsValue>(Ok(HttpResponse { status: resp.status(), headers, body }))
        }
        .await;

        if let Some(id) = deadline.0 {
            window.clear_timeout_with_handle(id);
        }
        drop(deadline.1);
        self.cancel.in_flight.borrow_mut().take();

        match result {
            Ok(r) => r,
            Err(_) if timed_out.get() => Err(TransportError::Timeout { after_ms: req.timeout_ms }),
            Err(_) if self.cancel.is_cancelled() => Err(TransportError::Aborted),
            Err(e) if is_abort(&e) => Err(TransportError::Aborted),
            Err(e) => Err(TransportError::Network(error_text(&e))),
        }
    }

    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        // Ticks of 100 ms so a cancel is noticed quickly and the countdown stays current.
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
            timeout(left.min(100.0) as i32).await;
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
