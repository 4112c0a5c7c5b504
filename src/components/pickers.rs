//! Pick a flow from `GET /api/v2/flows` and a node from the flow's `latestconfiguration`,
//! through the same HTTP layer and proxy as the simulation.

use std::cell::Cell;
use std::rc::Rc;

use flowsim_core::base::encode::component as encode;
use flowsim_core::flow::picker::{has_external_contact_action, picker_groups, PickerGroup, PickerItem};
use flowsim_core::flow::Flow;
use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::error::{Call, UserError};
use flowsim_core::wire::genesys::FlowEntityListing;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::error_view::ErrorView;
use crate::services::fetch::{sleep_ms, BrowserClient, CancelHandle};

const PICKER_TIMEOUT_MS: u32 = 15_000;
const FLOWS_PAGE_SIZE: u32 = 25;

/// Flow types offered by the filter (the API's `type` values), inbound call first as the default.
const FLOW_TYPES: [(&str, &str); 9] = [
    ("inboundcall", "Inbound call"),
    ("inboundshortmessage", "Inbound message"),
    ("inboundchat", "Inbound chat"),
    ("inboundemail", "Inbound email"),
    ("workflow", "Workflow"),
    ("commonmodule", "Common module"),
    ("inqueuecall", "In-queue call"),
    ("bot", "Bot"),
    ("", "All types"),
];

/// The flows listing; flows with unreadable fields are listed with what could be read.
async fn get_flows(conn: &Connection, path: &str) -> Result<FlowEntityListing, UserError> {
    let client = BrowserClient::new(CancelHandle::default(), Callback::noop());
    let api = Api::new(&client, conn, PICKER_TIMEOUT_MS);
    api.get_lenient(Call::FlowList, path).await.map(|l| l.value)
}

/// The flow's configuration, read into the flow model (the interpreter's reader).
async fn get_flow(conn: &Connection, path: &str) -> Result<Flow, UserError> {
    let client = BrowserClient::new(CancelHandle::default(), Callback::noop());
    let api = Api::new(&client, conn, PICKER_TIMEOUT_MS);
    api.get_value(Call::FlowConfiguration, path).await.map(|v| Flow::from_json(&v))
}

#[derive(Properties, PartialEq)]
pub struct FlowPickerProps {
    pub conn: Connection,
    pub on_pick: Callback<String>,
}

#[derive(Clone, PartialEq)]
enum Load<T> {
    Idle,
    Loading,
    Ready(T),
    Failed(UserError),
}

#[component]
pub fn FlowPicker(props: &FlowPickerProps) -> Html {
    let open = use_state(|| false);
    let search = use_state(String::new);
    let flow_type = use_state(|| "inboundcall".to_string());
    let page = use_state(|| 1u32);
    let listing = use_state(|| Load::<Rc<FlowEntityListing>>::Idle);
    // Each query gets a number; answers to older queries are dropped.
    let seq = use_mut_ref(|| Cell::new(0u32));

    {
        let (listing, seq, conn) = (listing.clone(), seq.clone(), props.conn.clone());
        let deps = (*open, (*search).clone(), (*flow_type).clone(), *page);
        use_effect_with(deps, move |(open, search, flow_type, page)| {
            if *open {
                let my = seq.borrow().get() + 1;
                seq.borrow().set(my);
                let mut path =
                    format!("/api/v2/flows?pageSize={FLOWS_PAGE_SIZE}&pageNumber={page}&sortBy=name&sortOrder=asc");
                if !search.trim().is_empty() {
                    path.push_str(&format!("&name={}", encode(&format!("*{}*", search.trim()))));
                }
                if !flow_type.is_empty() {
                    path.push_str(&format!("&type={}", encode(flow_type)));
                }
                let debounce = if search.is_empty() { 0 } else { 300 };
                spawn_local(async move {
                    sleep_ms(debounce).await;
                    if seq.borrow().get() != my {
                        return;
                    }
                    listing.set(Load::Loading);
                    let result = get_flows(&conn, &path).await;
                    if seq.borrow().get() == my {
                        listing.set(match result {
                            Ok(l) => Load::Ready(Rc::new(l)),
                            Err(e) => Load::Failed(e),
                        });
                    }
                });
            }
        });
    }

    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    if !*open {
        return html! { <button type="button" class="secondary" onclick={toggle}>{ "Browse flows" }</button> };
    }
    let on_search = {
        let (search, page) = (search.clone(), page.clone());
        Callback::from(move |e: InputEvent| {
            search.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value());
            page.set(1);
        })
    };
    let on_type = {
        let (flow_type, page) = (flow_type.clone(), page.clone());
        Callback::from(move |e: Event| {
            flow_type.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
            page.set(1);
        })
    };
    let go = |to: u32| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to.max(1)))
    };
    let body = match &*listing {
        Load::Idle | Load::Loading => html! { <p class="muted">{ "Loading flows…" }</p> },
        Load::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Load::Ready(l) => {
            let page_count = l.page_count.unwrap_or(1).max(1);
            let current = l.page_number.unwrap_or(*page);
            html! {
                <>
                    if l.entities.is_empty() { <p class="muted">{ "No flow matches." }</p> }
                    <ul>
                        for f in l.entities.iter() {
                            { flow_row(f, &props.on_pick, &open) }
                        }
                    </ul>
                    <nav class="pager" aria-label="Flow pages">
                        <button type="button" disabled={current <= 1} onclick={go(current.saturating_sub(1))}>{ "Previous page" }</button>
                        <span>{ format!("Page {current} of {page_count} ({} flows)", l.total.unwrap_or(l.entities.len() as u64)) }</span>
                        <button type="button" disabled={current >= page_count} onclick={go(current + 1)}>{ "Next page" }</button>
                    </nav>
                </>
            }
        }
    };
    html! {
        <div class="picker" data-testid="flow-picker">
            <div class="row">
                <div class="field grow">
                    <label for="flow-search">{ "Search flows" }</label>
                    <input id="flow-search" type="search" value={(*search).clone()} oninput={on_search} placeholder="part of the name" />
                </div>
                <div class="field">
                    <label for="flow-type">{ "Flow type" }</label>
                    <select id="flow-type" onchange={on_type}>
                        for (value, label) in FLOW_TYPES {
                            <option value={value} selected={*flow_type == value}>{ label }</option>
                        }
                    </select>
                </div>
            </div>
            { body }
            <button type="button" class="link" onclick={toggle}>{ "Close" }</button>
        </div>
    }
}

fn flow_row(f: &flowsim_core::wire::genesys::Flow, on_pick: &Callback<String>, open: &UseStateHandle<bool>) -> Html {
    let id = f.id.clone().unwrap_or_default();
    let version = f.published_version.as_ref().and_then(|v| v.name.clone().or_else(|| v.id.clone()));
    let onclick = {
        let (on_pick, open, id) = (on_pick.clone(), open.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            on_pick.emit(id.clone());
            open.set(false);
        })
    };
    html! {
        <li>
            <button type="button" data-testid="flow-option" {onclick}>
                <strong>{ f.name.clone().unwrap_or_else(|| id.clone()) }</strong>
                { format!(" · {}", f.flow_type.clone().unwrap_or_default()) }
                { format!(" · {}", version.map(|v| format!("published {v}")).unwrap_or_else(|| "not published".to_string())) }
                <code class="step-id">{ format!(" {id}") }</code>
            </button>
        </li>
    }
}

/// The node picker's content: the groups to show and the flow they came from.
type NodeLoad = Load<Rc<(Vec<PickerGroup>, Flow)>>;

#[derive(Properties, PartialEq)]
pub struct NodePickerProps {
    pub conn: Connection,
    pub flow_id: String,
    pub on_pick: Callback<String>,
}

#[component]
pub fn NodePicker(props: &NodePickerProps) -> Html {
    let state = use_state(|| None::<NodeLoad>);
    let load = {
        let (state, conn, flow_id) = (state.clone(), props.conn.clone(), props.flow_id.trim().to_string());
        Callback::from(move |_: MouseEvent| {
            if state.is_some() {
                state.set(None);
                return;
            }
            if flow_id.is_empty() {
                state.set(Some(Load::Failed(UserError::input("Enter or pick a Flow ID first."))));
                return;
            }
            state.set(Some(Load::Loading));
            let (state, conn, flow_id) = (state.clone(), conn.clone(), flow_id.clone());
            spawn_local(async move {
                let path = format!("/api/v2/flows/{}/latestconfiguration", encode(&flow_id));
                let result = get_flow(&conn, &path).await;
                state.set(Some(match result {
                    Ok(flow) => Load::Ready(Rc::new((picker_groups(&flow), flow))),
                    Err(e) => Load::Failed(e),
                }));
            });
        })
    };
    let button = html! { <button type="button" class="secondary" onclick={load.clone()}>{ "Browse nodes" }</button> };
    let Some(s) = &*state else { return button };
    let body = match s {
        Load::Idle | Load::Loading => html! { <p class="muted">{ "Reading the flow configuration…" }</p> },
        Load::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Load::Ready(data) => {
            let (groups, flow) = &**data;
            let problems = flow.problems.sentences();
            html! {
                <>
                    if !has_external_contact_action(flow) {
                        <p class="field-warning">{ "This flow has no external contact action (Get External Contact or Search External Contacts)." }</p>
                    }
                    for g in groups.iter() {
                        <div data-testid="node-group">
                            <p class="group-label"><strong>{ &g.label }</strong></p>
                            <ul>
                                for item in g.items.iter() {
                                    { node_row(item, &props.on_pick, &state) }
                                }
                            </ul>
                        </div>
                    }
                    if !problems.is_empty() {
                        <details>
                            <summary>{ format!("{} part(s) of the configuration could not be read", flow.problems.list.len() + flow.problems.dropped) }</summary>
                            <ul>
                                for p in problems.iter() { <li>{ p }</li> }
                            </ul>
                        </details>
                    }
                </>
            }
        }
    };
    html! {
        <>
            { button }
            <div class="picker" data-testid="node-picker">{ body }</div>
        </>
    }
}

fn node_row(item: &PickerItem, on_pick: &Callback<String>, state: &UseStateHandle<Option<NodeLoad>>) -> Html {
    let onclick = {
        let (on_pick, state, id) = (on_pick.clone(), state.clone(), item.id.clone());
        Callback::from(move |_: MouseEvent| {
            on_pick.emit(id.clone());
            state.set(None);
        })
    };
    html! {
        <li>
            <button type="button" data-testid="node-option" data-lookup={item.is_lookup.to_string()} {onclick}>
                <strong>{ &item.name }</strong>
                <span class="badge">{ &item.type_name }</span>
                <code class="step-id">{ format!(" {}", item.id) }</code>
                if let Some(t) = item.tracking_id { <span class="muted">{ format!(" #{t}") }</span> }
            </button>
        </li>
    }
}
