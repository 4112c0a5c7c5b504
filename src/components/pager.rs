//! A long list shown a page at a time: which items the page holds, and its Previous / Next bar.
use yew::prelude::*;

/// Page `index` of a list of `total` items: items `start..end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Page {
    pub index: usize,
    pub pages: usize,
    pub start: usize,
    pub end: usize,
    pub total: usize,
}

impl Page {
    /// The page `requested` of `total` items, `size` a page; past the last page, the last page.
    pub fn of(total: usize, size: usize, requested: usize) -> Page {
        let pages = total.div_ceil(size).max(1);
        let index = requested.min(pages - 1);
        let start = index * size;
        Page { index, pages, start, end: (start + size).min(total), total }
    }

    /// The bar, when there is more than one page: "Previous {noun}", "{Noun} 1–100 of 250", "Next {noun}", which set
    /// `page`. `label` names the bar for screen readers; `testid` marks the range text.
    pub fn bar(
        &self,
        noun: &str,
        label: &'static str,
        testid: &'static str,
        page: &UseStateHandle<usize>,
    ) -> Option<Html> {
        if self.pages <= 1 {
            return None;
        }
        let go = |to: usize| {
            let page = page.clone();
            Callback::from(move |_: MouseEvent| page.set(to))
        };
        let mut title = noun.to_string();
        if let Some(first) = title.get(..1).map(str::to_ascii_uppercase) {
            title.replace_range(..1, &first);
        }
        Some(html! {
            <nav class="pager" aria-label={label}>
                <button type="button" disabled={self.index == 0} onclick={go(self.index.saturating_sub(1))}>{ format!("Previous {noun}") }</button>
                <span data-testid={testid}>{ format!("{title} {}–{} of {}", self.start + 1, self.end, self.total) }</span>
                <button type="button" disabled={self.index + 1 >= self.pages} onclick={go(self.index + 1)}>{ format!("Next {noun}") }</button>
            </nav>
        })
    }
}
