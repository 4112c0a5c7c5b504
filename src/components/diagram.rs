//! The flow drawn as SVG from [`flowsim_core::flow::layout`], with a run on it: executed actions and taken paths
//! highlighted, the outcome and "not simulated" actions marked, what no run since the page opened has reached
//! shaded, the current step of the stepper ringed. Fits the flow to the view; zooms (wheel, `+` `-`, `0` fits) and
//! pans (drag, Shift+arrow keys). Its text alternative is the trace, linked step by step.

use std::collections::HashSet;
use std::rc::Rc;

use flowsim_core::flow::layout::{kind_label, EdgeKind, End, Layout, Rect, BOX_W, LABEL_CHARS};
use flowsim_core::flow::model::{cut, ActionIdx, Flow};
use std::sync::Arc;
use yew::prelude::*;

/// What a run did on the flow, by action index.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overlay {
    pub visited: Vec<bool>,
    pub not_simulated: Vec<bool>,
    /// `(action, path index)` of every path taken.
    pub taken: HashSet<(ActionIdx, usize)>,
    /// The action the run ended on, and the outcome's name.
    pub outcome: Option<(ActionIdx, String)>,
    /// Reached by some run of this flow since the page opened.
    pub covered: Vec<bool>,
}

#[derive(Properties)]
pub struct DiagramProps {
    pub flow: Arc<Flow>,
    pub layout: Rc<Layout>,
    pub overlay: Rc<Overlay>,
    /// The action of the stepper's current step.
    pub current: Option<ActionIdx>,
    pub breakpoints: Rc<HashSet<String>>,
    /// A click (or Enter) on an action.
    pub on_pick: Callback<ActionIdx>,
    /// A revision that changes whenever `breakpoints` changes (they are shared, not copied).
    pub revision: u32,
}

impl PartialEq for DiagramProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.layout, &o.layout)
            && Rc::ptr_eq(&self.overlay, &o.overlay)
            && self.current == o.current
            && self.revision == o.revision
            && self.on_pick == o.on_pick
    }
}

/// The visible part of the drawing (the SVG `viewBox`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct View {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

const MARGIN: f64 = 24.0;
/// Above this many actions in view, actions and edges are not drawn (the frames are, while they are few):
/// tens of thousands of SVG nodes take seconds and hundreds of MB, and are unreadable at that scale anyway.
/// The user zooms in; only what is in view is ever drawn.
const MAX_DRAWN: usize = 1_500;
/// The width of the view "Zoom to readable size" shows, in drawing units (a few columns of actions).
const READABLE_W: f64 = 1_600.0;

fn fit(l: &Layout) -> View {
    View { x: -MARGIN, y: -MARGIN - 12.0, w: l.width.max(200.0) + 2.0 * MARGIN, h: l.height.max(100.0) + 2.0 * MARGIN }
}

impl View {
    /// Zoom by `f` (< 1 zooms in) keeping the point `(px, py)` where it is.
    fn zoom(self, f: f64, px: f64, py: f64, full: View) -> View {
        let w = (self.w * f).clamp(120.0, full.w.max(full.h) * 4.0);
        let f = w / self.w;
        View { x: px - (px - self.x) * f, y: py - (py - self.y) * f, w, h: self.h * f }
    }
    fn pan(self, dx: f64, dy: f64) -> View {
        View { x: self.x + dx, y: self.y + dy, ..self }
    }
    fn centre(self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
    /// A readable view around `(cx, cy)` with the shape of the element it is drawn in (`aspect`: height / width).
    fn readable(cx: f64, cy: f64, aspect: f64) -> View {
        let h = READABLE_W * aspect;
        View { x: cx - READABLE_W / 2.0, y: cy - h / 2.0, w: READABLE_W, h }
    }
    /// The view with a box's margin around it: what is drawn.
    fn drawn(self) -> Rect {
        Rect { x: self.x - BOX_W, y: self.y - BOX_W, w: self.w + 2.0 * BOX_W, h: self.h + 2.0 * BOX_W }
    }
    fn text(&self) -> String {
        format!("{} {} {} {}", n(self.x), n(self.y), n(self.w), n(self.h))
    }
}

/// Drawing units per screen pixel of the SVG element (the `meet` scale), and its client rectangle.
fn scale_of(svg: &NodeRef, v: View) -> Option<(f64, web_sys::DomRect)> {
    let el = svg.cast::<web_sys::Element>()?;
    let r = el.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    Some(((v.w / r.width()).max(v.h / r.height()), r))
}

/// A client point in drawing units.
fn to_drawing(svg: &NodeRef, v: View, cx: f64, cy: f64) -> (f64, f64) {
    match scale_of(svg, v) {
        Some((s, r)) => {
            let ox = (r.width() - v.w / s) / 2.0;
            let oy = (r.height() - v.h / s) / 2.0;
            (v.x + (cx - r.left() - ox) * s, v.y + (cy - r.top() - oy) * s)
        }
        None => v.centre(),
    }
}

/// A coordinate as a whole number: float formatting would cost its own code in the wasm bundle, and the
/// drawing is in whole units anyway.
fn n(x: f64) -> String {
    (x.round() as i64).to_string()
}

fn points_text(points: &[(f64, f64)]) -> String {
    let mut s = String::with_capacity(points.len() * 14);
    for (i, (x, y)) in points.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&n(*x));
        s.push(',');
        s.push_str(&n(*y));
    }
    s
}

#[component]
pub fn Diagram(props: &DiagramProps) -> Html {
    let full = fit(&props.layout);
    let view = use_state(|| full);
    let drag = use_mut_ref(|| None::<(f64, f64)>);
    let svg = use_node_ref();

    // Keep the current action in view when stepping.
    {
        let (view, layout) = (view.clone(), props.layout.clone());
        use_effect_with(props.current, move |current| {
            if let Some(r) = current.and_then(|c| layout.boxes.get(c)) {
                let v = *view;
                let inside = r.x >= v.x && r.y >= v.y && r.x + r.w <= v.x + v.w && r.y + r.h <= v.y + v.h;
                if !inside {
                    view.set(View { x: r.x + r.w / 2.0 - v.w / 2.0, y: r.y + r.h / 2.0 - v.h / 2.0, ..v });
                }
            }
        });
    }

    let onwheel = {
        let (view, svg) = (view.clone(), svg.clone());
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let v = *view;
            let (px, py) = to_drawing(&svg, v, e.client_x() as f64, e.client_y() as f64);
            view.set(v.zoom(if e.delta_y() > 0.0 { 1.2 } else { 1.0 / 1.2 }, px, py, full));
        })
    };
    let onpointerdown = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() == 0 {
                *drag.borrow_mut() = Some((e.client_x() as f64, e.client_y() as f64));
            }
        })
    };
    let onpointermove = {
        let (view, svg, drag) = (view.clone(), svg.clone(), drag.clone());
        Callback::from(move |e: PointerEvent| {
            let Some((x0, y0)) = *drag.borrow() else { return };
            let (x, y) = (e.client_x() as f64, e.client_y() as f64);
            if (x - x0).abs() + (y - y0).abs() < 3.0 {
                return;
            }
            let v = *view;
            let s = scale_of(&svg, v).map_or(1.0, |(s, _)| s);
            view.set(v.pan(-(x - x0) * s, -(y - y0) * s));
            *drag.borrow_mut() = Some((x, y));
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    let onkeydown = {
        let view = view.clone();
        Callback::from(move |e: KeyboardEvent| {
            let v = *view;
            let step = v.w.min(v.h) / 8.0;
            let (cx, cy) = v.centre();
            let next = match (e.key().as_str(), e.shift_key()) {
                ("+" | "=", _) => v.zoom(1.0 / 1.25, cx, cy, full),
                ("-" | "_", _) => v.zoom(1.25, cx, cy, full),
                ("0", _) => full,
                ("ArrowLeft", true) => v.pan(-step, 0.0),
                ("ArrowRight", true) => v.pan(step, 0.0),
                ("ArrowUp", true) => v.pan(0.0, -step),
                ("ArrowDown", true) => v.pan(0.0, step),
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            view.set(next);
        })
    };
    let zoom_button = |f: Option<f64>| {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| {
            let v = *view;
            let (cx, cy) = v.centre();
            view.set(match f {
                Some(f) => v.zoom(f, cx, cy, full),
                None => full,
            })
        })
    };

    let flow = &props.flow;
    let l = &props.layout;
    let o = &props.overlay;
    let flag = |v: &[bool], i: usize| v.get(i).copied().unwrap_or(false);

    // Only what is in view is drawn, and actions only while few enough to read.
    let drawn = view.drawn();
    let boxes_in_view = l.boxes.iter().filter(|r| r.overlaps(&drawn)).count();
    let too_many = boxes_in_view > MAX_DRAWN;
    let frames_in_view: Vec<_> = l.frames.iter().filter(|f| f.rect.overlaps(&drawn)).collect();
    let frames_in_view = if frames_in_view.len() > MAX_DRAWN { Vec::new() } else { frames_in_view };
    let edge_in_view = |points: &[(f64, f64)]| {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in points {
            (x0, y0, x1, y1) = (x0.min(*x), y0.min(*y), x1.max(*x), y1.max(*y));
        }
        !points.is_empty() && (Rect { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }).overlaps(&drawn)
    };
    let zoom_readable = {
        let (view, layout, current, svg) = (view.clone(), l.clone(), props.current, svg.clone());
        Callback::from(move |_: MouseEvent| {
            let v = *view;
            let at =
                current.or(layout.start).and_then(|i| layout.boxes.get(i)).map(|r| (r.x + r.w / 2.0, r.y + r.h / 2.0));
            let (cx, cy) = at.unwrap_or_else(|| v.centre());
            let aspect = scale_of(&svg, v).map_or(0.6, |(_, r)| r.height() / r.width());
            view.set(View::readable(cx, cy, aspect));
        })
    };

    let frames = frames_in_view.into_iter().map(|f| {
        let c = flow.containers.get(f.container);
        let title =
            c.map(|c| format!("{}: {}", kind_label(&c.kind), cut(&c.name, LABEL_CHARS * 2))).unwrap_or_default();
        let initial = flow.initial_sequence == Some(f.container);
        html! {
            <g class={classes!("frame", initial.then_some("initial"))} data-testid="diagram-frame">
                <rect x={n(f.rect.x)} y={n(f.rect.y)} width={n(f.rect.w)} height={n(f.rect.h)} rx="8" />
                <text x={n(f.rect.x + 12.0)} y={n(f.rect.y + 20.0)} class="frame-title">{ title }</text>
            </g>
        }
    });
    let edges = l.edges.iter().filter(|e| !too_many && edge_in_view(&e.points)).map(|e| {
        let taken = match (e.kind, e.from, e.path) {
            (EdgeKind::Path | EdgeKind::Link, Some(a), Some(p)) => o.taken.contains(&(a, p)),
            (EdgeKind::Next | EdgeKind::Link, Some(a), None) => {
                flag(&o.visited, a) && matches!(e.to, End::Action(t) if flag(&o.visited, t))
            }
            (EdgeKind::Jump, Some(a), _) => flag(&o.visited, a),
            (EdgeKind::Return, Some(a), Some(p)) => o.taken.contains(&(a, p)),
            _ => false,
        };
        let kind = match e.kind {
            EdgeKind::Next => "next",
            EdgeKind::Path => "path",
            EdgeKind::Return => "return",
            EdgeKind::Jump => "jump",
            EdgeKind::Link => "link",
            EdgeKind::Choice => "choice",
        };
        let label = match (e.kind, &e.label, e.points.get(3), e.points.last()) {
            (EdgeKind::Path, Some(t), Some((x, y)), _) => html! {
                <text class="edge-label" x={n(x + 4.0)} y={n(y + 13.0)}>{ cut(t, LABEL_CHARS) }</text>
            },
            // A menu choice's name above its column.
            (EdgeKind::Choice, Some(t), _, Some((x, y))) => html! {
                <text class="edge-label" x={n(x - BOX_W / 2.0 + 2.0)} y={n(y - 5.0)}>{ cut(t, LABEL_CHARS) }</text>
            },
            // A path to an action drawn elsewhere: its name where it leaves the box, on the side it leaves by.
            (EdgeKind::Link, Some(t), _, _) => match (e.points.first(), e.points.get(1)) {
                (Some(&(x, y)), Some(&(bend, _))) => {
                    let (x, anchor) = if bend < x { (x - 4.0, "end") } else { (x + 4.0, "start") };
                    html! { <text class="edge-label" x={n(x)} y={n(y - 4.0)} text-anchor={anchor}>{ cut(t, LABEL_CHARS) }</text> }
                }
                _ => html! {},
            },
            _ => html! {},
        };
        // Links and jumps end in an arrowhead: they lead somewhere else in the drawing.
        let arrow = matches!(e.kind, EdgeKind::Jump | EdgeKind::Link)
            .then_some(if taken { "url(#arrow-taken)" } else { "url(#arrow)" });
        html! {
            <g class={classes!("edge", kind, taken.then_some("taken"))}>
                <polyline points={points_text(&e.points)} marker-end={arrow} />
                { label }
            </g>
        }
    });
    let boxes = l.boxes.iter().enumerate().filter(|(_, r)| !too_many && r.overlaps(&drawn)).map(|(ai, r)| {
        let Some(a) = flow.actions.get(ai) else { return html! {} };
        let outcome = o.outcome.as_ref().filter(|(x, _)| *x == ai).map(|(_, k)| k.clone());
        let class = classes!(
            "node",
            flag(&o.visited, ai).then_some("visited"),
            flag(&o.not_simulated, ai).then_some("not-simulated"),
            (!flag(&o.covered, ai)).then_some("unreached"),
            (props.current == Some(ai)).then_some("current"),
            props.breakpoints.contains(&a.id).then_some("breakpoint"),
            outcome.is_some().then_some("outcome"),
            (l.start == Some(ai)).then_some("start"),
        );
        let onclick = props.on_pick.reform(move |_: MouseEvent| ai);
        let onkeydown = {
            let pick = props.on_pick.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    pick.emit(ai);
                }
            })
        };
        let name = if a.name.is_empty() { "(unnamed)" } else { a.name.as_str() };
        let ty = a.type_name.strip_suffix("Action").unwrap_or(&a.type_name);
        html! {
            <g {class} data-testid="diagram-node" data-action-id={a.id.clone()} tabindex="0" role="button"
                aria-label={format!("{name} ({ty})")} {onclick} {onkeydown}>
                <title>{ format!("{name} ({ty})") }</title>
                <rect x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="6" />
                <text x={n(r.x + 8.0)} y={n(r.y + 18.0)} class="node-name">{ cut(name, LABEL_CHARS) }</text>
                <text x={n(r.x + 8.0)} y={n(r.y + 35.0)} class="node-type">{ cut(ty, LABEL_CHARS + 4) }</text>
                if props.breakpoints.contains(&a.id) {
                    <circle class="bp-dot" cx={n(r.x + r.w - 10.0)} cy={n(r.y + 10.0)} r="5" />
                }
                if let Some(kind) = outcome {
                    <text class="outcome-label" x={n(r.x)} y={n(r.y + r.h + 14.0)}>{ format!("Outcome: {kind}") }</text>
                }
            </g>
        }
    });
    // The start: the initial container's start action, or the initial container itself (a menu starts with its
    // prompt, not an action).
    let start_at = match l.start.and_then(|s| l.boxes.get(s)) {
        Some(r) => Some((r.x - 4.0, r.y - 6.0)),
        None => {
            l.frames.iter().find(|f| flow.initial_sequence == Some(f.container)).map(|f| (f.rect.x, f.rect.y - 8.0))
        }
    };
    let start = start_at.map(|(x, y)| {
        html! {
            <g class="start-mark" data-testid="diagram-start">
                <text x={n(x)} y={n(y)}>{ "▶ Start" }</text>
            </g>
        }
    });

    html! {
        <div class="diagram" data-testid="diagram">
            <div class="diagram-tools" role="toolbar" aria-label="Diagram view">
                <button type="button" class="secondary" onclick={zoom_button(Some(1.0 / 1.25))} aria-label="Zoom in">{ "+" }</button>
                <button type="button" class="secondary" onclick={zoom_button(Some(1.25))} aria-label="Zoom out">{ "−" }</button>
                <button type="button" class="secondary" onclick={zoom_button(None)}>{ "Fit" }</button>
                <span class="hint">{ "Wheel or + − to zoom, drag or Shift+arrows to pan, 0 to fit; ← → step." }</span>
            </div>
            if too_many {
                <p class="diagram-note" data-testid="diagram-too-many">
                    { format!("{boxes_in_view} actions in view: too many to draw. Zoom in to see them. ") }
                    <button type="button" class="secondary" onclick={zoom_readable}>{ "Zoom to readable size" }</button>
                </p>
            }
            <svg ref={svg} class="diagram-svg" viewBox={view.text()} preserveAspectRatio="xMidYMid meet"
                tabindex="0" role="group" aria-roledescription="flow diagram"
                aria-label={format!("Diagram of {}: the trace below is its text version, step by step.", flow.name)}
                {onwheel} {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointerleave={onpointerup} {onkeydown}>
                <defs>
                    <marker id="arrow" class="arrowhead" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
                        <path d="M0,0 L8,4 L0,8 z" />
                    </marker>
                    <marker id="arrow-taken" class="arrowhead taken" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="5" markerHeight="5" orient="auto">
                        <path d="M0,0 L8,4 L0,8 z" />
                    </marker>
                </defs>
                { for frames }
                { for edges }
                { for boxes }
                { start }
            </svg>
        </div>
    }
}
