//! Which weekdays to train and which session goes on which day (domain rule 4).
//!
//! One set of training weekdays is used for the whole plan, so every 7-day week of the plan has
//! exactly `d` sessions and `7 − d ≥ 1` rest days. The set is chosen among the available days by,
//! in order:
//! 1. the shortest longest run of consecutive training days, counted on the calendar as a
//!    continuous sequence (Sunday is followed by Monday, and the pattern repeats every week, so
//!    no run in the plan is longer). With every day available this is ⌈d / (7 − d)⌉, the least
//!    possible; with restricted days it is the least those days allow;
//! 2. the fewest pairs of heavy sessions on the same main muscle group on consecutive days
//!    (less than 48 h apart), counted over the actual plan ([`lay_out`]): the real start day,
//!    block changes, and for rotation programs the rotation running on across weeks;
//! 3. the most even rest: the smallest sum of squared rest-gap lengths;
//! 4. the earliest days in the week.
//!
//! For weekly programs each block's sessions go on those days in the program's order unless
//! another order has fewer heavy clashes within the repeating week ([`best_order`]). A rotation's
//! order is fixed by the program. Clashes that no choice avoids are counted and reported.
//!
//! [`choose_training_days`] is the plan's "choose days" stage: it runs all of the above and says
//! why in words.

use super::Inputs;
use super::weeks::WeekPosition;
use crate::error::Error;
use crate::message::{Arg, Message};
use crate::programs::{SessionTemplate, Weekday};

/// The least possible longest run of consecutive training days for `d` sessions a week:
/// ⌈d / (7 − d)⌉ (7 for 7 or more sessions, which the loader rejects).
pub(crate) fn least_run(d: u32) -> u32 {
    if d >= 7 {
        return 7;
    }
    d.div_ceil(7 - d)
}

/// The longest run of consecutive training days when `days` repeat every week (so a run may
/// cross from Sunday into Monday).
pub(crate) fn cyclic_max_run(days: &[Weekday]) -> u32 {
    let mut mask = [false; 7];
    for d in days {
        mask[d.index()] = true;
    }
    if mask.iter().all(|b| *b) {
        return 7;
    }
    let mut best = 0;
    let mut run = 0;
    // Two laps so runs across the week boundary are counted.
    for i in 0..14 {
        if mask[i % 7] {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Whether two sessions clash: both heavy and sharing a main muscle group.
pub(crate) fn clash(a: &SessionTemplate, b: &SessionTemplate) -> bool {
    a.heavy && b.heavy && a.muscles.iter().any(|m| b.muscles.contains(m))
}

/// Days from `a` forward to `b` (1..=7; the same day counts as 7, a week later).
fn gap(a: Weekday, b: Weekday) -> usize {
    let g = (b.index() + 7 - a.index()) % 7;
    if g == 0 { 7 } else { g }
}

/// Heavy clashes in a week where `sessions[i]` is on `days[i]`, the week repeating.
pub(crate) fn week_clashes(days: &[Weekday], sessions: &[&SessionTemplate]) -> u32 {
    let n = days.len().min(sessions.len());
    let mut count = 0;
    for i in 0..n {
        let j = (i + 1) % n;
        if n > 1 && gap(days[i], days[j]) == 1 && clash(sessions[i], sessions[j]) {
            count += 1;
        }
    }
    count
}

/// The order of `sessions` over `days` with the fewest heavy clashes; the program's order wins
/// ties. Returns the order (indices into `sessions`) and its clash count.
pub(crate) fn best_order(days: &[Weekday], sessions: &[&SessionTemplate]) -> (Vec<usize>, u32) {
    let n = sessions.len();
    let mut order: Vec<usize> = (0..n).collect();
    let arranged =
        |o: &[usize]| -> Vec<&SessionTemplate> { o.iter().map(|i| sessions[*i]).collect() };
    let mut best = (order.clone(), week_clashes(days, &arranged(&order)));
    if best.1 == 0 {
        return best;
    }
    // Lexicographic permutations (at most 6! = 720), identity first.
    while next_permutation(&mut order) {
        let c = week_clashes(days, &arranged(&order));
        if c < best.1 {
            best = (order.clone(), c);
            if c == 0 {
                break;
            }
        }
    }
    best
}

fn next_permutation(v: &mut [usize]) -> bool {
    let n = v.len();
    if n < 2 {
        return false;
    }
    let mut i = n - 1;
    while i > 0 && v[i - 1] >= v[i] {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let mut j = n - 1;
    while v[j] <= v[i - 1] {
        j -= 1;
    }
    v.swap(i - 1, j);
    v[i..].reverse();
    true
}

/// The plan's calendar, as far as day choice needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Calendar<'a> {
    /// Weekday of the plan's first day.
    pub(crate) start: Weekday,
    /// The block index of each week, in order (a deload week has the block it follows).
    pub(crate) week_blocks: &'a [usize],
}

/// What each block runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sessions<'a> {
    /// Per block: the week's sessions (weekly programs, cycled to `d`) or the rotation.
    pub(crate) lists: &'a [Vec<&'a SessionTemplate>],
    /// Whether the lists are rotations that run on across weeks.
    pub(crate) rotation: bool,
}

/// For every day of the plan, the session on it as an index into its block's list, or `None`
/// for a rest day. `orders[b][slot]` is the list index for the `slot`-th training weekday of
/// block `b` (weekly programs; ignored for rotations).
pub(crate) fn lay_out(
    days: &[Weekday],
    sessions: Sessions<'_>,
    orders: &[Vec<usize>],
    cal: Calendar<'_>,
) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(cal.week_blocks.len() * 7);
    let mut t = 0usize;
    for &b in cal.week_blocks {
        let len = sessions.lists.get(b).map_or(0, Vec::len);
        for offset in 0..7 {
            let weekday = Weekday::from_index(cal.start.index() + offset);
            let slot = days.iter().position(|d| *d == weekday);
            out.push(match slot {
                Some(_) if len == 0 => None,
                Some(_) if sessions.rotation => {
                    let i = t % len;
                    t += 1;
                    Some(i)
                }
                Some(slot) => Some(
                    orders
                        .get(b)
                        .and_then(|o| o.get(slot))
                        .copied()
                        .unwrap_or(slot)
                        % len,
                ),
                None => None,
            });
        }
    }
    out
}

/// Heavy clashes on consecutive days of a laid-out plan.
pub(crate) fn count_clashes(
    layout: &[Option<usize>],
    sessions: Sessions<'_>,
    cal: Calendar<'_>,
) -> u32 {
    let at = |day: usize| -> Option<&SessionTemplate> {
        let b = *cal.week_blocks.get(day / 7)?;
        let i = (*layout.get(day)?)?;
        sessions.lists.get(b)?.get(i).copied()
    };
    let mut count = 0;
    for day in 1..layout.len() {
        if let (Some(a), Some(b)) = (at(day - 1), at(day))
            && clash(a, b)
        {
            count += 1;
        }
    }
    count
}

/// The chosen training weekdays and session order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DayChoice {
    /// Training weekdays, Monday first.
    pub(crate) days: Vec<Weekday>,
    /// Longest run of consecutive training days (continuous calendar).
    pub(crate) max_run: u32,
    /// Heavy clashes left in the plan (0 when 48 h spacing is met everywhere).
    pub(crate) clashes: u32,
    /// Per block, the list index for each training weekday (weekly programs).
    pub(crate) orders: Vec<Vec<usize>>,
}

/// Chooses `d` training weekdays among `available` (see the module docs for the order of
/// preference). `None` when fewer than `d` days are available, or `d` is 0 or 7 or more.
pub(crate) fn choose_days(
    d: usize,
    available: &[Weekday],
    sessions: Sessions<'_>,
    cal: Calendar<'_>,
) -> Option<DayChoice> {
    let mut avail: Vec<Weekday> = available.to_vec();
    avail.sort();
    avail.dedup();
    if d == 0 || d > avail.len() || d >= 7 {
        return None;
    }
    let mut best: Option<(DayChoice, u32)> = None;
    for subset in subsets(&avail, d) {
        let max_run = cyclic_max_run(&subset);
        if let Some((b, _)) = &best
            && max_run > b.max_run
        {
            continue;
        }
        let orders: Vec<Vec<usize>> = if sessions.rotation {
            Vec::new()
        } else {
            sessions
                .lists
                .iter()
                .map(|l| best_order(&subset, l).0)
                .collect()
        };
        let layout = lay_out(&subset, sessions, &orders, cal);
        let clashes = count_clashes(&layout, sessions, cal);
        let spread = rest_spread(&subset);
        let better = match &best {
            None => true,
            Some((b, b_spread)) => (max_run, clashes, spread) < (b.max_run, b.clashes, *b_spread),
        };
        if better {
            best = Some((
                DayChoice {
                    days: subset,
                    max_run,
                    clashes,
                    orders,
                },
                spread,
            ));
        }
    }
    best.map(|(c, _)| c)
}

/// Sum of squared lengths of the rest gaps between training days (smaller is more even).
fn rest_spread(days: &[Weekday]) -> u32 {
    let n = days.len();
    (0..n)
        .map(|i| {
            let g = u32::try_from(gap(days[i], days[(i + 1) % n])).unwrap_or(7) - 1;
            g * g
        })
        .sum()
}

/// All `k`-element subsets of `items`, in lexicographic order.
fn subsets(items: &[Weekday], k: usize) -> Vec<Vec<Weekday>> {
    let n = items.len();
    let mut out = Vec::new();
    for mask in 0u32..(1 << n) {
        if mask.count_ones() as usize == k {
            out.push(
                (0..n)
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| items[i])
                    .collect(),
            );
        }
    }
    out.sort();
    out
}

/// The sessions each block runs, in the program's order: the week's list cycled to the sessions a
/// week (weekly programs), or the rotation (rotation programs). Error: a block left with no
/// sessions (all of them skipped by the athlete).
pub(crate) fn block_sessions<'p>(
    inputs: &Inputs<'p>,
) -> Result<Vec<Vec<&'p SessionTemplate>>, Error> {
    let program = inputs.program;
    let d = usize::try_from(program.sessions_per_week).unwrap_or(0);
    let mut lists = Vec::with_capacity(program.blocks.len());
    for block in &program.blocks {
        let list: Vec<&SessionTemplate> = program
            .session_list(block)
            .iter()
            .filter_map(|n| program.session(n))
            .collect();
        if list.is_empty() {
            return Err(Error::new("a block has no sessions to run").with_hint(
                "check the block's `sessions` list and the athlete's skipped sessions",
            ));
        }
        lists.push(list);
    }
    if program.rotation.is_none() {
        for list in &mut lists {
            *list = list.iter().copied().cycle().take(d).collect();
        }
    }
    Ok(lists)
}

/// The training days of the whole plan and the session on every day.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TrainingDays<'p> {
    /// Per block, the sessions it runs ([`block_sessions`]).
    pub(crate) lists: Vec<Vec<&'p SessionTemplate>>,
    /// The chosen weekdays, with the longest run and the heavy clashes left.
    pub(crate) choice: DayChoice,
    /// For every day of the plan, the session on it as an index into its block's list, or `None`
    /// for a rest day ([`lay_out`]).
    pub(crate) layout: Vec<Option<usize>>,
    /// Why those days ("3 sessions a week on Mon, Wed, Fri: at most 1 training day in a row ...").
    pub(crate) reason: String,
    /// Set when some heavy sessions on the same muscles could not be kept 48 h apart.
    pub(crate) warning: Option<String>,
    /// `reason` and `warning` as messages.
    pub(crate) messages: (Message, Option<Message>),
}

impl TrainingDays<'_> {
    /// The training weekdays' names, Monday first ("Monday", ...).
    pub(crate) fn weekday_names(&self) -> Vec<String> {
        self.choice
            .days
            .iter()
            .map(|d| d.name().to_string())
            .collect()
    }

    /// The session on day `index` of the plan (0 is the first day) of a week that runs block
    /// `block`, or `None` on a rest day.
    pub(crate) fn session(&self, index: usize, block: usize) -> Option<&SessionTemplate> {
        let i = self.layout.get(index).copied().flatten()?;
        self.lists.get(block)?.get(i).copied()
    }
}

/// The "choose days" stage: the training weekdays among the athlete's available days (all days
/// without an athlete) for the plan's weeks, starting on `start`, and the session on every day.
/// Errors: a block with no sessions, fewer available days than sessions a week.
pub(crate) fn choose_training_days<'p>(
    inputs: &Inputs<'p>,
    start: Weekday,
    positions: &[WeekPosition],
) -> Result<TrainingDays<'p>, Error> {
    let lists = block_sessions(inputs)?;
    let d = inputs.program.sessions_per_week;
    let available = inputs
        .athlete
        .and_then(|a| a.available_days.as_deref())
        .unwrap_or(&Weekday::ALL);
    let week_blocks: Vec<usize> = positions.iter().map(|w| w.position.block).collect();
    let calendar = Calendar {
        start,
        week_blocks: &week_blocks,
    };
    let sessions = Sessions {
        lists: &lists,
        rotation: inputs.program.rotation.is_some(),
    };
    let d_usize = usize::try_from(d).unwrap_or(0);
    let choice = choose_days(d_usize, available, sessions, calendar).ok_or_else(|| {
        Error::new(format!(
            "{} available day{} for {d} sessions a week",
            available.len(),
            crate::text::s(available.len())
        ))
        .with_hint("make more days available or skip a session")
    })?;
    let layout = lay_out(&choice.days, sessions, &choice.orders, calendar);
    Ok(TrainingDays {
        reason: days_reason(d, &choice),
        warning: clash_warning(&choice),
        messages: (
            days_message(d, &choice),
            (choice.clashes > 0)
                .then(|| Message::new("plan_warn_heavy_clash").count("n", choice.clashes)),
        ),
        lists,
        choice,
        layout,
    })
}

/// Why the plan trains on `choice`'s days, for `d` sessions a week.
fn days_reason(d: u32, choice: &DayChoice) -> String {
    let day_names: Vec<&str> = choice.days.iter().map(|d| &d.name()[..3]).collect();
    let least = least_run(d);
    let mut reason = format!(
        "{d} session{} a week on {}: at most {} training day{} in a row",
        crate::text::s(d),
        day_names.join(", "),
        choice.max_run,
        crate::text::s(choice.max_run),
    );
    if choice.max_run == least {
        reason.push_str(&format!(" (the least possible for {d} a week)"));
    } else {
        reason.push_str(&format!(
            " (the least the available days allow; {least} with every day free)"
        ));
    }
    if choice.clashes == 0 {
        reason.push_str("; heavy sessions on the same muscles are at least 48 h apart");
    }
    reason
}

/// [`days_reason`] as a message.
fn days_message(d: u32, choice: &DayChoice) -> Message {
    const SHORT: [&str; 7] = [
        "plan_day_mon",
        "plan_day_tue",
        "plan_day_wed",
        "plan_day_thu",
        "plan_day_fri",
        "plan_day_sat",
        "plan_day_sun",
    ];
    let days = (choice.days.iter())
        .map(|day| Message::new(SHORT[*day as usize % 7]))
        .collect();
    let least = least_run(d);
    let run = Message::new("plan_days")
        .count("d", d)
        .with("days", Arg::List(days))
        .count("run", choice.max_run);
    let mut m = if choice.max_run == least {
        Message::new("plan_days_least")
            .msg("reason", run)
            .count("d", d)
    } else {
        Message::new("plan_days_least_free")
            .msg("reason", run)
            .count("least", least)
    };
    if choice.clashes == 0 {
        m = Message::new("plan_days_apart").msg("reason", m);
    }
    m
}

/// The warning for heavy clashes no arrangement avoids, if there are any.
fn clash_warning(choice: &DayChoice) -> Option<String> {
    (choice.clashes > 0).then(|| {
        format!(
            "no arrangement of the sessions on the available days keeps every heavy session on the same muscle group 48 h apart ({} in the plan)",
            crate::text::plural(choice.clashes, "time", "times")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Weekday::*;

    fn s(name: &str, muscles: &[&str], heavy: bool) -> SessionTemplate {
        SessionTemplate {
            name: name.into(),
            muscles: muscles
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            heavy,
            exercises: vec![],
            origin: None,
        }
    }

    #[test]
    fn least_runs() {
        assert_eq!(
            (1..=7).map(least_run).collect::<Vec<_>>(),
            vec![1, 1, 1, 2, 3, 6, 7]
        );
    }

    #[test]
    fn runs_cross_the_week_boundary() {
        assert_eq!(cyclic_max_run(&[Mon, Sat, Sun]), 3);
        assert_eq!(cyclic_max_run(&[Mon, Wed, Fri]), 1);
        assert_eq!(cyclic_max_run(&Weekday::ALL), 7);
    }

    fn choose(
        d: usize,
        available: &[Weekday],
        list: Vec<&SessionTemplate>,
        rotation: bool,
    ) -> Option<DayChoice> {
        let lists = vec![list];
        let blocks = vec![0usize; 8];
        let sessions = Sessions {
            lists: &lists,
            rotation,
        };
        let cal = Calendar {
            start: Mon,
            week_blocks: &blocks,
        };
        choose_days(d, available, sessions, cal)
    }

    #[test]
    fn all_days_available_reaches_the_least_run() {
        for d in 1..=6usize {
            let sessions: Vec<SessionTemplate> = (0..d)
                .map(|i| s(&format!("S{i}"), &["legs"], false))
                .collect();
            let list: Vec<&SessionTemplate> = sessions.iter().collect();
            let c = choose(d, &Weekday::ALL, list, false);
            let c = c.unwrap_or_else(|| panic!("no choice for {d}"));
            assert_eq!(c.days.len(), d);
            assert_eq!(c.max_run, least_run(u32::try_from(d).unwrap_or(0)));
        }
    }

    #[test]
    fn three_a_week_is_mon_wed_fri() {
        let a = s("A", &["legs"], true);
        let c = choose(3, &Weekday::ALL, vec![&a, &a, &a], false);
        assert_eq!(
            c.map(|c| (c.days, c.clashes)),
            Some((vec![Mon, Wed, Fri], 0))
        );
    }

    #[test]
    fn restricted_days_keep_runs_short_and_fail_when_too_few() {
        let a = s("A", &["legs"], false);
        let c = choose(2, &[Mon, Tue, Wed], vec![&a, &a], false);
        assert_eq!(c.map(|c| (c.days, c.max_run)), Some((vec![Mon, Wed], 1)));
        assert!(choose(3, &[Mon, Tue], vec![&a, &a], false).is_none());
    }

    #[test]
    fn rotation_layout_runs_on_across_weeks_and_counts_real_clashes() {
        let a = s("A", &["legs"], true);
        let b = s("B", &["back"], true);
        let c = s("C", &["legs"], false);
        let lists = vec![vec![&a, &b, &c]];
        let blocks = vec![0usize, 0];
        let sessions = Sessions {
            lists: &lists,
            rotation: true,
        };
        // Starting on a Wednesday: the first training day is Thursday.
        let cal = Calendar {
            start: Wed,
            week_blocks: &blocks,
        };
        let layout = lay_out(&[Mon, Tue, Thu, Sat], sessions, &[], cal);
        let names: String = layout
            .iter()
            .map(|x| x.map_or('.', |i| ['A', 'B', 'C'][i]))
            .collect();
        // Wed Thu Fri Sat Sun Mon Tue | Wed ...
        assert_eq!(names, ".A.B.CA.B.C.AB");
        assert_eq!(count_clashes(&layout, sessions, cal), 0);
        let two_heavy_legs = vec![vec![&a, &a]];
        let sessions = Sessions {
            lists: &two_heavy_legs,
            rotation: true,
        };
        let layout = lay_out(&[Mon, Tue, Thu, Sat], sessions, &[], cal);
        assert_eq!(count_clashes(&layout, sessions, cal), 2);
    }

    #[test]
    fn heavy_sessions_on_same_muscles_are_spread() {
        // Two heavy leg days and two light upper days over Mon, Tue, Thu, Fri: the order must
        // not put the leg days back to back.
        let legs1 = s("Legs 1", &["legs"], true);
        let legs2 = s("Legs 2", &["legs"], true);
        let up1 = s("Upper 1", &["chest"], false);
        let up2 = s("Upper 2", &["back"], false);
        let list = vec![&legs1, &legs2, &up1, &up2];
        let (order, clashes) = best_order(&[Mon, Tue, Thu, Fri], &list);
        assert_eq!(clashes, 0);
        let names: Vec<&str> = order.iter().map(|i| list[*i].name.as_str()).collect();
        assert_ne!(&names[..2], &["Legs 1", "Legs 2"]);
        // The program's order is kept when it already works.
        let list = vec![&legs1, &up1, &legs2, &up2];
        assert_eq!(
            best_order(&[Mon, Tue, Thu, Fri], &list),
            (vec![0, 1, 2, 3], 0)
        );
    }
}
