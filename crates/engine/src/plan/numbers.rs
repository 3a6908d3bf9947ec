//! What the checks of a plan's numbers (`sanity.rs`, `effort.rs`, `jumps.rs`) share: their
//! inputs, every prescription with its spec, and errors located at a spec.

use super::Week;
use super::lifts::Lifts;
use crate::error::Error;
use crate::message::Message;
use crate::programs::{PrescriptionSpec, Program};

/// A located warning and the message that says it (place, what and hint) in another language.
pub(crate) type Said = (Error, Message);

/// What checking a plan's numbers needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Numbers<'a> {
    /// The program as the athlete runs it.
    pub(crate) program: &'a Program,
    /// The lifts' maxes.
    pub(crate) lifts: &'a Lifts,
    /// The TM as a share of the 1RM (for a TM percentage without a max).
    pub(crate) tm_share: f64,
    /// The plate increment.
    pub(crate) plate: f64,
}

/// Every prescription of `weeks`, with its week and the spec it comes from.
pub(crate) fn each<'w>(
    weeks: &'w [Week],
    program: &'w Program,
) -> impl Iterator<
    Item = (
        &'w Week,
        &'w str,
        &'w super::Prescription,
        Option<&'w PrescriptionSpec>,
    ),
> {
    weeks.iter().flat_map(move |w| {
        w.days
            .iter()
            .filter_map(|d| d.session())
            .flat_map(move |s| {
                s.prescriptions.iter().map(move |p| {
                    let spec = program
                        .sessions
                        .get(p.spec.0)
                        .and_then(|t| t.exercises.get(p.spec.1));
                    (w, s.name.as_str(), p, spec)
                })
            })
    })
}

/// An error or warning at `spec`'s origin (at its `changed_at` when `changed` and there is one).
pub(crate) fn at_spec(
    spec: Option<&PrescriptionSpec>,
    changed: bool,
    message: String,
    hint: &str,
) -> Error {
    let origin = spec.and_then(|s| {
        if changed {
            s.changed_at.as_ref().or(s.origin.as_ref())
        } else {
            s.origin.as_ref()
        }
    });
    match origin {
        Some(o) => o.error(message, hint),
        None => Error::new(message).with_hint(hint),
    }
}

/// [`at_spec`] with its message: `what` says `message`, `why` says `hint`.
pub(crate) fn said_at(
    spec: Option<&PrescriptionSpec>,
    changed: bool,
    (message, what): (String, Message),
    (hint, why): (&str, Message),
) -> Said {
    let e = at_spec(spec, changed, message, hint);
    let m = located(&e, what, why);
    (e, m)
}

/// The message of located warning `e` as [`super::warning_text`] writes it: its place, `what`
/// it says and `why` (its hint).
pub(crate) fn located(e: &Error, what: Message, why: Message) -> Message {
    let body = Message::new("plan_warn_hint")
        .msg("what", what)
        .msg("hint", why);
    match super::warning_place(e) {
        Some(at) => Message::new("plan_warn_at")
            .name("at", at)
            .msg("warning", body),
        None => body,
    }
}
