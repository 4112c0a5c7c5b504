//! The flow drawn: a pure function from a [`Flow`] to boxes with coordinates and edges with labels, the way
//! Architect nests a flow. Each container (task, state, menu, loop task, module) is a frame; inside it, its actions
//! are a tree of branches: an action's `next` is drawn below it, each of its paths is a column below it (the
//! path's label on top), and a branch that runs out returns to the branching action's continuation.
//!
//! Linear in the number of actions and paths, and nothing recurses: sequences are made in one pass over a work
//! list, sized in reverse creation order (children are always created after their parent) and placed in creation
//! order. Every action is placed exactly once: an action no branch owns (unreachable, or in a cycle of `next`
//! links) starts a column of its own in its container.
//!
//! Sizes are in SVG user units; text is not measured (names are cut to [`LABEL_CHARS`] characters), so the
//! layout is the same natively and in the browser.

use crate::flow::model::{ActionIdx, ActionKind, ContainerIdx, ContainerKind, Flow};

/// An action's box.
pub const BOX_W: f64 = 180.0;
pub const BOX_H: f64 = 44.0;
/// Space between boxes of a sequence, and between a box and its branches.
pub const GAP_Y: f64 = 22.0;
/// Space between branch columns.
pub const GAP_X: f64 = 24.0;
/// Height of a branch's label row.
pub const LABEL_H: f64 = 18.0;
/// A branch with no actions is drawn as a label and a return line this wide.
pub const EMPTY_W: f64 = 110.0;
/// A container frame: header height and inner padding.
pub const HEAD_H: f64 = 30.0;
pub const PAD: f64 = 16.0;
/// Space between container frames.
pub const FRAME_GAP: f64 = 60.0;
/// Space round the drawing: the jumps between frames run in it, as in the gaps between frames.
pub const MARGIN: f64 = FRAME_GAP / 2.0;
/// Frames wrap to a new row beyond this width.
pub const ROW_W: f64 = 2400.0;
/// Names and labels are cut to this many characters.
pub const LABEL_CHARS: usize = 24;

/// A rectangle (top-left corner and size).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
    pub fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x && o.y >= self.y && o.x + o.w <= self.x + self.w && o.y + o.h <= self.y + self.h
    }
    fn bottom_mid(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h)
    }
    fn top_mid(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y)
    }
}

/// What an edge means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// An action's `nextAction` in the same sequence.
    Next,
    /// A path (branch) of an action, to the branch's first action (or an empty branch's stub).
    Path,
    /// A branch that runs out: back to the branching action's continuation.
    Return,
    /// A link to a task, state or menu (Call Task, Jump to Task, Change State, Jump to Menu).
    Jump,
    /// A path or `next` to an action drawn elsewhere (not in this branch).
    Link,
    /// A menu choice: from the menu's header to the choice's action.
    Choice,
}

/// Where an edge ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Action(ActionIdx),
    Container(ContainerIdx),
    /// A point with nothing on it (an empty branch, a return into a sequence's continuation).
    Point,
}

/// An edge: a polyline from `points[0]` to the last point.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub kind: EdgeKind,
    /// The action the edge leaves (`None` for a menu choice, which leaves the menu's header).
    pub from: Option<ActionIdx>,
    /// The index in the action's `paths` for a Path edge, or of a branch for its Return edge; the index of the
    /// choice for a Choice edge.
    pub path: Option<usize>,
    pub to: End,
    pub label: Option<String>,
    pub points: Vec<(f64, f64)>,
}

/// A container's frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub container: ContainerIdx,
    pub rect: Rect,
}

/// The drawing: `boxes[i]` is the box of `flow.actions[i]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub frames: Vec<Frame>,
    pub boxes: Vec<Rect>,
    pub edges: Vec<Edge>,
    /// Where the flow starts: the start action of the initial container.
    pub start: Option<ActionIdx>,
}

/// A column of actions joined by `next`.
struct Seq {
    actions: Vec<ActionIdx>,
    /// The label drawn above the column (a path or a menu choice).
    label: Option<String>,
    w: f64,
    h: f64,
    x: f64,
    y: f64,
}

/// Actions after which the flow does not continue in the same sequence.
fn ends(kind: &ActionKind) -> bool {
    use ActionKind::*;
    matches!(
        kind,
        TransferTask
            | TransferMenu
            | ChangeState
            | EndTask
            | ExitLoop
            | NextLoop
            | TransferToAcd
            | TransferToNumber
            | TransferToUser
            | TransferToGroup
            | TransferToVoicemail
            | TransferFlow
            | Disconnect
            | DisconnectWorkitem
            | EndWorkflow
            | ExitBotFlow
            | ExitWorkitemFlow
    )
}

/// A column from `head`, following `next` while the action has the same owner and is not placed yet.
fn make_seq(
    flow: &Flow,
    seqs: &mut Vec<Seq>,
    head: Option<ActionIdx>,
    owner: Option<ActionIdx>,
    label: Option<String>,
    placed: &mut [bool],
) -> usize {
    let mut actions = Vec::new();
    let mut x = head;
    while let Some(xi) = x {
        match flow.actions.get(xi) {
            Some(a) if !placed[xi] && (actions.is_empty() || a.parent == owner) => {
                placed[xi] = true;
                actions.push(xi);
                x = a.next;
            }
            _ => break,
        }
    }
    seqs.push(Seq { actions, label, w: 0.0, h: 0.0, x: 0.0, y: 0.0 });
    seqs.len() - 1
}

/// Lays the flow out. Never fails; a flow without containers gives an empty layout.
pub fn layout(flow: &Flow) -> Layout {
    let n = flow.actions.len();
    let mut placed = vec![false; n];
    let mut seqs: Vec<Seq> = Vec::new();
    // Per action: its branch sequences, one per path (an empty sequence for a path it does not own).
    let mut branches: Vec<Vec<usize>> = vec![Vec::new(); n];
    // Per container: its top-level columns.
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); flow.containers.len()];

    // Structure: top-level columns of each container, then the branches of every placed action (a work list).
    let mut work: Vec<usize> = Vec::new();
    let order = container_order(flow);
    for &ci in &order {
        let c = &flow.containers[ci];
        if let Some(s) = c.start.filter(|s| flow.actions.get(*s).is_some_and(|a| a.container == ci)) {
            let si = make_seq(flow, &mut seqs, Some(s), None, None, &mut placed);
            columns[ci].push(si);
            work.push(si);
        }
        if let Some(menu) = &c.menu {
            for ch in &menu.choices {
                if let Some(a) = ch.action.filter(|a| !placed.get(*a).copied().unwrap_or(true)) {
                    let label = match &ch.digit {
                        Some(d) => format!("{d}: {}", ch.name),
                        None => ch.name.clone(),
                    };
                    let si = make_seq(flow, &mut seqs, Some(a), None, Some(label), &mut placed);
                    columns[ci].push(si);
                    work.push(si);
                }
            }
        }
    }
    // Expands the work list; then an action still unplaced starts a column of its own: first those whose parent
    // is placed (or who have none), so orphan trees are drawn as trees, then any left (cycles). Two monotonic
    // cursors: linear.
    let mut cursor = (0usize, 0usize);
    loop {
        while let Some(si) = work.pop() {
            for k in 0..seqs[si].actions.len() {
                let ai = seqs[si].actions[k];
                for p in &flow.actions[ai].paths {
                    let own = p
                        .next
                        .filter(|h| !placed.get(*h).copied().unwrap_or(true) && flow.actions[*h].parent == Some(ai));
                    let child = make_seq(flow, &mut seqs, own, Some(ai), Some(p.label.clone()), &mut placed);
                    branches[ai].push(child);
                    work.push(child);
                }
            }
        }
        while cursor.0 < n && (placed[cursor.0] || flow.actions[cursor.0].parent.is_some_and(|p| !placed[p])) {
            cursor.0 += 1;
        }
        let o = if cursor.0 < n {
            cursor.0
        } else {
            while cursor.1 < n && placed[cursor.1] {
                cursor.1 += 1;
            }
            if cursor.1 >= n {
                break;
            }
            cursor.1
        };
        let owner = flow.actions[o].parent;
        let si = make_seq(flow, &mut seqs, Some(o), owner, None, &mut placed);
        if let Some(col) = columns.get_mut(flow.actions[o].container) {
            col.push(si);
        }
        work.push(si);
    }

    // Sizes, children first (a child sequence is always created after the sequence holding its parent).
    let mut block: Vec<(f64, f64)> = vec![(BOX_W, BOX_H); n];
    for si in (0..seqs.len()).rev() {
        let mut w: f64 = if seqs[si].actions.is_empty() { EMPTY_W } else { BOX_W };
        let mut h = 0.0;
        for (k, &ai) in seqs[si].actions.iter().enumerate() {
            let bs = &branches[ai];
            let (bw, bh) = if bs.is_empty() {
                (BOX_W, BOX_H)
            } else {
                let sum: f64 = bs.iter().map(|&b| seqs[b].w).sum::<f64>() + GAP_X * (bs.len() - 1) as f64;
                let tall = bs.iter().map(|&b| seqs[b].h).fold(0.0, f64::max);
                (sum.max(BOX_W), BOX_H + GAP_Y + tall + GAP_Y)
            };
            block[ai] = (bw, bh);
            w = w.max(bw);
            h += bh + if k > 0 { GAP_Y } else { 0.0 };
        }
        if seqs[si].label.is_some() {
            h += LABEL_H;
        }
        seqs[si].w = w;
        seqs[si].h = h;
    }

    // Frames: containers in rows.
    let mut out = Layout { boxes: vec![Rect::default(); n], ..Default::default() };
    let (mut x, mut y, mut row_h) = (MARGIN, MARGIN, 0.0f64);
    for &ci in &order {
        let cols = &columns[ci];
        let inner_w = cols.iter().map(|&s| seqs[s].w).sum::<f64>() + GAP_X * cols.len().saturating_sub(1) as f64;
        let inner_h = cols.iter().map(|&s| seqs[s].h).fold(0.0, f64::max);
        let w = inner_w.max(BOX_W) + 2.0 * PAD;
        let h = HEAD_H + inner_h + 2.0 * PAD;
        if x > MARGIN && x + w > ROW_W {
            x = MARGIN;
            y += row_h + FRAME_GAP;
            row_h = 0.0;
        }
        let rect = Rect { x, y, w, h };
        let mut cx = x + PAD;
        for &s in cols {
            seqs[s].x = cx;
            seqs[s].y = y + HEAD_H + PAD;
            cx += seqs[s].w + GAP_X;
        }
        out.frames.push(Frame { container: ci, rect });
        x += w + FRAME_GAP;
        row_h = row_h.max(h);
        out.width = out.width.max(rect.x + rect.w);
        out.height = out.height.max(rect.y + rect.h);
    }

    // Positions, parents first; edges along the way.
    for si in 0..seqs.len() {
        let (sx, sw) = (seqs[si].x, seqs[si].w);
        let mut y = seqs[si].y + if seqs[si].label.is_some() { LABEL_H } else { 0.0 };
        let acts = seqs[si].actions.clone();
        for (k, &ai) in acts.iter().enumerate() {
            let r = Rect { x: sx + (sw - BOX_W) / 2.0, y, w: BOX_W, h: BOX_H };
            out.boxes[ai] = r;
            let bs = &branches[ai];
            let (_, bh) = block[ai];
            if !bs.is_empty() {
                let sum: f64 = bs.iter().map(|&b| seqs[b].w).sum::<f64>() + GAP_X * (bs.len() - 1) as f64;
                let mut bx = sx + (sw - sum) / 2.0;
                let by = y + BOX_H + GAP_Y;
                let join = (r.x + BOX_W / 2.0, y + bh);
                for (pi, &b) in bs.iter().enumerate() {
                    seqs[b].x = bx;
                    seqs[b].y = by;
                    let head = (bx + seqs[b].w / 2.0, by);
                    let (from_x, from_y) = r.bottom_mid();
                    let to = seqs[b].actions.first().map_or(End::Point, |h| End::Action(*h));
                    out.edges.push(Edge {
                        kind: EdgeKind::Path,
                        from: Some(ai),
                        path: Some(pi),
                        to,
                        label: seqs[b].label.clone(),
                        points: vec![(from_x, from_y), (from_x, by - GAP_Y / 2.0), (head.0, by - GAP_Y / 2.0), head],
                    });
                    // The branch's end: back to the join unless its last action ends the flow or sequence.
                    let last = seqs[b].actions.last().copied();
                    let returns = last.is_none_or(|l| !ends(&flow.actions[l].kind) && flow.actions[l].next.is_none());
                    if returns {
                        let end_y = by + seqs[b].h;
                        out.edges.push(Edge {
                            kind: EdgeKind::Return,
                            from: Some(ai),
                            path: Some(pi),
                            to: End::Point,
                            label: None,
                            points: vec![
                                (head.0, end_y),
                                (head.0, join.1 - GAP_Y / 2.0),
                                (join.0, join.1 - GAP_Y / 2.0),
                                join,
                            ],
                        });
                    }
                    bx += seqs[b].w + GAP_X;
                }
            }
            // Links out of this action: a path to an action drawn elsewhere, a jump, `next`.
            let a = &flow.actions[ai];
            for (pi, p) in a.paths.iter().enumerate() {
                if let Some(t) = p.next {
                    if seqs.get(branches[ai].get(pi).copied().unwrap_or(usize::MAX)).and_then(|s| s.actions.first())
                        != Some(&t)
                    {
                        out.edges.push(Edge {
                            kind: EdgeKind::Link,
                            from: Some(ai),
                            path: Some(pi),
                            to: End::Action(t),
                            label: Some(p.label.clone()),
                            points: Vec::new(),
                        });
                    }
                }
            }
            if let Some(t) = a.target {
                out.edges.push(Edge {
                    kind: EdgeKind::Jump,
                    from: Some(ai),
                    path: None,
                    to: End::Container(t),
                    label: None,
                    points: Vec::new(),
                });
            }
            match (a.next, acts.get(k + 1)) {
                (Some(t), Some(&following)) if t == following => {
                    let from = (r.x + BOX_W / 2.0, y + bh);
                    out.edges.push(Edge {
                        kind: EdgeKind::Next,
                        from: Some(ai),
                        path: None,
                        to: End::Action(t),
                        label: None,
                        points: vec![from, (from.0, from.1 + GAP_Y)],
                    });
                }
                (Some(t), _) => out.edges.push(Edge {
                    kind: EdgeKind::Link,
                    from: Some(ai),
                    path: None,
                    to: End::Action(t),
                    label: None,
                    points: Vec::new(),
                }),
                (None, _) => {}
            }
            y += bh + GAP_Y;
        }
    }

    // Menu choices: from the menu's header to each choice's column.
    for f in &out.frames {
        let Some(menu) = flow.containers.get(f.container).and_then(|c| c.menu.as_ref()) else { continue };
        for (chi, ch) in menu.choices.iter().enumerate() {
            let Some(a) = ch.action else { continue };
            let label = match &ch.digit {
                Some(d) => format!("{d}: {}", ch.name),
                None => ch.name.clone(),
            };
            out.edges.push(Edge {
                kind: EdgeKind::Choice,
                from: None,
                path: Some(chi),
                to: End::Action(a),
                label: Some(label),
                points: Vec::new(),
            });
        }
    }

    // Menu choices are straight lines from the menu's header; links and jumps are connectors between boxes (or
    // to the target frame's header).
    let frame_of: Vec<Option<Rect>> = {
        let mut v = vec![None; flow.containers.len()];
        for f in &out.frames {
            v[f.container] = Some(f.rect);
        }
        v
    };
    for e in out.edges.iter_mut().filter(|e| e.points.is_empty()) {
        let source = e.from.and_then(|a| out.boxes.get(a).copied());
        let target = match e.to {
            End::Action(t) => out.boxes.get(t).copied().map(|r| (r, false)),
            End::Container(c) => frame_of.get(c).copied().flatten().map(|r| (r, true)),
            End::Point => None,
        };
        let source_frame = e.from.and_then(|a| frame_of.get(flow.actions[a].container).copied().flatten());
        e.points = match (source, target) {
            (Some(s), Some((t, true))) => match source_frame {
                Some(f) if f != t => jump_route(&s, &f, &t),
                _ => connector(&s, &t, true),
            },
            (Some(s), Some((t, false))) => connector(&s, &t, false),
            (Some(s), None) => vec![s.bottom_mid(), s.bottom_mid()],
            (None, _) => {
                let from = match e.to {
                    End::Action(t) => {
                        frame_of[flow.actions[t].container].map_or((0.0, 0.0), |r| (r.x + r.w / 2.0, r.y + HEAD_H))
                    }
                    _ => (0.0, 0.0),
                };
                let to = target.map_or(from, |(r, _)| r.top_mid());
                vec![from, to]
            }
        };
    }

    // The margin round the drawing, and a connector round the right-hand side of the last frame, are part of it.
    if !out.frames.is_empty() {
        out.width = out.edges.iter().flat_map(|e| e.points.iter().map(|p| p.0)).fold(out.width + MARGIN, f64::max);
        out.height += MARGIN;
    }
    out.start = flow.initial_sequence.and_then(|c| flow.containers.get(c)).and_then(|c| c.start);
    out
}

/// A link from box `s` to `t` (an action's box, or a container's frame, entered at its header): it leaves the side
/// of `s` facing `t` and bends at right angles, so it reads as a connector, not a diagonal across the drawing. The
/// vertical run lies in the gap beside the target (between frames or columns, where no box is); a target above or
/// below (a loop back up, the frame around `s`) is reached round the right-hand side, clear of `s`'s own branches.
fn connector(s: &Rect, t: &Rect, frame: bool) -> Vec<(f64, f64)> {
    let sy = s.y + s.h / 2.0;
    let ty = if frame { t.y + HEAD_H / 2.0 } else { t.y + t.h / 2.0 };
    let gap = if frame { FRAME_GAP / 2.0 } else { GAP_X / 2.0 };
    if t.x >= s.x + s.w + gap {
        let x = t.x - gap;
        vec![(s.x + s.w, sy), (x, sy), (x, ty), (t.x, ty)]
    } else if t.x + t.w + gap <= s.x {
        let x = t.x + t.w + gap;
        vec![(s.x, sy), (x, sy), (x, ty), (t.x + t.w, ty)]
    } else {
        let x = (s.x + s.w).max(t.x + t.w) + gap;
        vec![(s.x + s.w, sy), (x, sy), (x, ty), (t.x + t.w, ty)]
    }
}

/// A jump from box `s` in frame `f` to another frame `t`, through the space between frames, where no box is: down
/// from `s` into `f`'s bottom padding, along it to the gap beside `f` on `t`'s side, along that gap to the gap above
/// `t`'s row, and down into `t`'s header.
fn jump_route(s: &Rect, f: &Rect, t: &Rect) -> Vec<(f64, f64)> {
    let (sx, sy) = s.bottom_mid();
    let below = f.y + f.h - PAD / 2.0;
    let right = if t.x >= f.x + f.w {
        true
    } else if t.x + t.w <= f.x {
        false
    } else {
        t.x + t.w / 2.0 >= f.x + f.w / 2.0
    };
    let side = if right { f.x + f.w + MARGIN } else { f.x - MARGIN };
    let (tx, top) = t.top_mid();
    let above = top - MARGIN;
    vec![(sx, sy), (sx, below), (side, below), (side, above), (tx, above), (tx, top)]
}

/// The initial container first, then the others in the order of the configuration.
fn container_order(flow: &Flow) -> Vec<ContainerIdx> {
    let mut order: Vec<ContainerIdx> = Vec::with_capacity(flow.containers.len());
    if let Some(i) = flow.initial_sequence.filter(|i| *i < flow.containers.len()) {
        order.push(i);
    }
    order.extend((0..flow.containers.len()).filter(|i| Some(*i) != flow.initial_sequence));
    order
}

/// A container kind as the diagram names it.
pub fn kind_label(kind: &ContainerKind) -> &str {
    match kind {
        ContainerKind::Task => "Task",
        ContainerKind::State => "State",
        ContainerKind::Menu => "Menu",
        ContainerKind::LoopTask => "Loop task",
        ContainerKind::CommonModuleTask => "Module",
        ContainerKind::BotState => "Bot state",
        ContainerKind::Other(s) => s,
    }
}
