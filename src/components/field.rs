//! Small helpers for form inputs.

use yew::prelude::*;

use crate::state::{Field, Form, FormAction};

/// `oninput` that stores the input's value in `field`.
pub fn on_input(form: &UseReducerHandle<Form>, field: Field) -> Callback<InputEvent> {
    let form = form.clone();
    Callback::from(move |e: InputEvent| {
        let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        form.dispatch(FormAction::Edit(field, v));
    })
}

/// `onchange` of a `<select>` that passes the chosen value.
pub fn on_select(f: impl Fn(String) + 'static) -> Callback<Event> {
    Callback::from(move |e: Event| f(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
}
