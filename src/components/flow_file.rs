//! "Flow file": an Architect export (`.i3InboundFlow`, `.i3WorkFlow`, …) or a configuration JSON, read in the
//! browser. A bad file gets a sentence and the page keeps working.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use flowsim_core::flow::Flow;
use flowsim_core::net::http::MAX_BODY_BYTES;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::perf::{mark, measure};
use crate::state::FlowFile;

thread_local! {
    static LOADS: Cell<u32> = const { Cell::new(0) };
}

#[derive(Properties, PartialEq)]
pub struct FlowFileProps {
    pub file: Option<Rc<FlowFile>>,
    pub on_change: Callback<Option<Rc<FlowFile>>>,
}

/// Reads the chosen file (at most the API's body limit) into the flow model.
async fn read(file: web_sys::File) -> Result<FlowFile, String> {
    let name = file.name();
    if file.size() > MAX_BODY_BYTES as f64 {
        return Err(format!(
            "{name} is {:.1} MB; flowsim reads flow files up to {} MB.",
            file.size() / 1_048_576.0,
            MAX_BODY_BYTES / 1_048_576
        ));
    }
    let text = gloo_file::futures::read_as_text(&gloo_file::File::from(file))
        .await
        .map_err(|e| format!("{name} could not be read: {e}."))?;
    mark("flowsim:read-flow-file");
    let flow = Flow::parse(&text).map_err(|e| format!("{name}: {}", e.describe()))?;
    measure("flowsim:read-flow-file", "flowsim:read-flow-file");
    let serial = LOADS.with(|l| {
        l.set(l.get() + 1);
        l.get()
    });
    Ok(FlowFile { name, flow: Arc::new(flow), serial })
}

#[component]
pub fn FlowFileField(props: &FlowFileProps) -> Html {
    let error = use_state(|| None::<String>);
    let onchange = {
        let (on_change, error) = (props.on_change.clone(), error.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let (on_change, error) = (on_change.clone(), error.clone());
            spawn_local(async move {
                match read(file).await {
                    Ok(f) => {
                        error.set(None);
                        on_change.emit(Some(Rc::new(f)));
                    }
                    Err(e) => {
                        error.set(Some(e));
                        on_change.emit(None);
                    }
                }
            });
        })
    };
    let clear = {
        let on_change = props.on_change.clone();
        Callback::from(move |_: MouseEvent| on_change.emit(None))
    };
    html! {
        <div class="field">
            <label for="flow-file">{ "Flow file" }</label>
            <input id="flow-file" type="file" accept=".json,.i3InboundFlow,.i3InboundMessage,.i3InboundEmailFlow,.i3InQueueFlow,.i3OutboundFlow,.i3WorkFlow,.i3WorkitemFlow,.i3CommonModuleFlow,.i3BotFlow,.i3DigitalBotFlow,.i3SurveyInviteFlow,*" {onchange} />
            if let Some(f) = &props.file {
                <p class="hint" data-testid="flow-file-loaded">
                    { format!("{}: '{}' ({}, {} containers, {} actions). The run uses this file; ", f.name, f.flow.name, f.flow.flow_type, f.flow.containers.len(), f.flow.actions.len()) }
                    { "with a token, org reads go to the org; without, they take their Not Found path. " }
                    <button type="button" class="link" onclick={clear}>{ "Use the Flow ID instead" }</button>
                </p>
                for p in f.flow.problems.sentences() { <p class="field-warning">{ p }</p> }
            }
            if let Some(e) = &*error { <p class="field-error" role="alert" data-testid="flow-file-error">{ e }</p> }
        </div>
    }
}
