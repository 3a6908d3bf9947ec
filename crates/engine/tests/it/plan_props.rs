//! Property tests: random programs and histories; every domain rule holds on every schedule,
//! and planning never panics.

use std::collections::BTreeMap;

use deload_engine::plan::{PlanOptions, plan};
use deload_engine::programs::{
    Athlete, Block, DeloadSettings, History, Intensity, Level, PlanInput, PrescriptionSpec,
    Program, Progression, Reps, Scheme, SessionTemplate, SetLine, Sign, TmStep, Units, Weekday,
};
use proptest::prelude::*;

use crate::support::rules;

const MUSCLES: [&str; 5] = ["legs", "back", "chest", "shoulders", "arms"];
const EXERCISES: [&str; 6] = ["Squat", "Bench", "Deadlift", "Press", "Row", "Curl"];

fn reps() -> impl Strategy<Value = Reps> {
    prop_oneof![
        (1u32..20).prop_map(Reps::Fixed),
        (1u32..12, 1u32..8).prop_map(|(a, w)| Reps::Range(a, a + w)),
        Just(Reps::Amrap(None)),
        (1u32..15).prop_map(|m| Reps::Amrap(Some(m))),
    ]
}

fn intensity() -> impl Strategy<Value = Option<Intensity>> {
    prop_oneof![
        Just(None),
        (40.0f64..100.0).prop_map(|p| Some(Intensity::Percent(p))),
        (40.0f64..100.0).prop_map(|p| Some(Intensity::TmPercent(p))),
        (5.0f64..10.0).prop_map(|r| Some(Intensity::Rpe(r))),
        (0.0f64..5.0).prop_map(|r| Some(Intensity::Rir(r))),
        (10.0f64..250.0).prop_map(|l| Some(Intensity::Load(l))),
    ]
}

/// A written percentage no heavier than the lifter can do for `sets` × `reps` (implied RPE 10
/// at most; a TM's at a TM of up to 100 % of the 1RM): a program that writes more is an error
/// (rule 9), which `plan_errors` tests.
fn feasible(intensity: Option<Intensity>, sets: u32, reps: Reps) -> Option<Intensity> {
    let n = match reps {
        Reps::Fixed(n) | Reps::Range(_, n) | Reps::Amrap(Some(n)) => n,
        Reps::Amrap(None) => return intensity,
    };
    let most = deload_engine::plan::feasible_percent(n, sets, 10.0).unwrap_or(55.0);
    match intensity {
        Some(Intensity::Percent(p)) if p > most => Some(Intensity::Percent(most)),
        Some(Intensity::TmPercent(p)) if p > most => Some(Intensity::TmPercent(most)),
        other => other,
    }
}

fn progression() -> impl Strategy<Value = Option<Progression>> {
    prop_oneof![
        Just(None),
        (0.0f64..10.0).prop_map(|a| Some(Progression::Linear(a))),
        (0.0f64..5.0).prop_map(|a| Some(Progression::Percent(a))),
        (0.0f64..5.0).prop_map(|a| Some(Progression::Double(a))),
        (0.0f64..1.0).prop_map(|a| Some(Progression::Rpe(a))),
    ]
}

fn line() -> impl Strategy<Value = SetLine> {
    (
        1u32..8,
        reps(),
        intensity(),
        proptest::option::of("(warm-up|top set|PR set|BBB)"),
    )
        .prop_map(|(sets, reps, intensity, label)| {
            let mut l = SetLine::new(sets, reps, feasible(intensity, sets, reps));
            l.warmup = label.as_deref() == Some("warm-up");
            l.label = label;
            l
        })
}

/// A scheme called `name`: 1–3 weeks of 1–3 lines.
fn scheme(name: &'static str) -> impl Strategy<Value = Scheme> {
    proptest::collection::vec(proptest::collection::vec(line(), 1..4), 1..4).prop_map(
        move |weeks| Scheme {
            name: name.into(),
            weeks,
        },
    )
}

/// The names of the schemes every generated program defines.
const SCHEMES: [&str; 2] = ["w0", "w1"];

fn prescription() -> impl Strategy<Value = PrescriptionSpec> {
    (
        0..EXERCISES.len(),
        proptest::collection::vec(line(), 0..4),
        proptest::option::of(0..SCHEMES.len()),
        progression(),
        any::<bool>(),
        proptest::option::of(0.0f64..10.0),
    )
        .prop_map(|(e, lines, scheme, progression, main, tm_step)| {
            let mut spec = PrescriptionSpec::new(EXERCISES[e], 1, Reps::Fixed(1), None);
            // A scheme, or at least one line of its own.
            if scheme.is_some() || !lines.is_empty() {
                spec.lines = lines;
            }
            spec.scheme = scheme.map(|i| SCHEMES[i].to_string());
            spec.progression = progression;
            spec.main = main;
            spec.tm_step = tm_step;
            spec
        })
}

fn session(i: usize) -> impl Strategy<Value = SessionTemplate> {
    (
        proptest::sample::subsequence(MUSCLES.to_vec(), 1..3),
        any::<bool>(),
        proptest::collection::vec(prescription(), 1..5),
    )
        .prop_map(move |(muscles, heavy, exercises)| SessionTemplate {
            name: format!("S{i}"),
            muscles: muscles
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            heavy,
            exercises,
            origin: None,
        })
}

/// A block (named by the program) running some of the sessions `names`.
fn block(names: Vec<String>) -> impl Strategy<Value = Block> {
    (
        1u32..8,
        proptest::option::of(proptest::collection::vec(
            proptest::sample::select(names),
            1..7,
        )),
        progression(),
        any::<bool>(),
        proptest::option::of(scheme("w0")),
    )
        .prop_map(|(weeks, sessions, progression, reset, own)| Block {
            name: String::new(),
            weeks,
            focus: String::new(),
            sessions,
            progression,
            reset,
            schemes: own.into_iter().collect(),
        })
}

fn program() -> impl Strategy<Value = Program> {
    (1usize..=6, 1u32..=6, any::<bool>())
        .prop_flat_map(|(n_sessions, d, rotation)| {
            let sessions: Vec<_> = (0..n_sessions).map(session).collect();
            let names: Vec<String> = (0..n_sessions).map(|i| format!("S{i}")).collect();
            (
                sessions,
                proptest::collection::vec(block(names.clone()), 1..4),
                Just(d),
                Just(rotation),
                Just(names),
                progression(),
                proptest::option::of(2u32..10),
                0.05f64..=1.0,
                0.5f64..=1.0,
                any::<bool>(),
                (
                    proptest::option::of(1u32..6),
                    proptest::option::of(70.0f64..=100.0),
                    proptest::option::of((0.0f64..5.0, 0.0f64..10.0)),
                    (scheme("w0"), scheme("w1")),
                ),
            )
        })
        .prop_map(
            |(
                sessions,
                blocks,
                d,
                rotation,
                names,
                prog,
                every,
                sets_factor,
                load_factor,
                lb,
                tm,
            )| {
                let (wave, training_max, tm_step, (w0, w1)) = tm;
                Program {
                    name: "Random".into(),
                    description: String::new(),
                    author: None,
                    units: if lb { Units::Lb } else { Units::Kg },
                    sessions_per_week: d,
                    rotation: rotation.then_some(names),
                    suits: None,
                    blocks: blocks
                        .into_iter()
                        .enumerate()
                        .map(|(i, b)| Block {
                            name: format!("B{i}"),
                            ..b
                        })
                        .collect(),
                    sessions,
                    progression: prog,
                    deload: DeloadSettings {
                        every,
                        sets_factor,
                        load_factor,
                        week: Vec::new(),
                    },
                    training_max,
                    wave,
                    tm_step: tm_step.map(|(upper, lower)| TmStep { upper, lower }),
                    schemes: vec![w0, w1],
                }
            },
        )
}

fn level() -> impl Strategy<Value = Option<Level>> {
    proptest::option::of(prop_oneof![
        Just(Level::Novice),
        Just(Level::Intermediate),
        Just(Level::Advanced)
    ])
}

fn history() -> impl Strategy<Value = History> {
    (
        level(),
        proptest::option::of(0.0f64..6.0),
        proptest::option::of(0u32..15),
        proptest::option::of(4.0f64..9.5),
        proptest::sample::subsequence(
            vec![
                Sign::HarderWorkouts,
                Sign::LingeringSoreness,
                Sign::MoodSleep,
                Sign::SlowRecovery,
                Sign::StalledProgress,
            ],
            0..5,
        ),
    )
        .prop_map(
            |(level, training_years, weeks_since_deload, sleep_hours, signs)| History {
                level,
                training_years,
                weeks_since_deload,
                sleep_hours,
                signs,
                ..History::default()
            },
        )
}

fn case() -> impl Strategy<Value = (PlanInput, PlanOptions)> {
    (
        program(),
        proptest::option::of((
            history(),
            proptest::sample::subsequence(Weekday::ALL.to_vec(), 1..=7),
            any::<bool>(),
            proptest::option::of(2u32..10),
            proptest::sample::subsequence(EXERCISES.to_vec(), 0..6),
            proptest::option::of(1.0f64..5.0),
            (
                proptest::option::of(prop_oneof![Just(Units::Kg), Just(Units::Lb)]),
                proptest::option::of(70.0f64..=100.0),
                proptest::sample::subsequence(EXERCISES.to_vec(), 0..3),
            ),
        )),
        level(),
        proptest::option::of(0.0f64..5.0),
        proptest::option::of(0u32..12),
        (0i64..4000),
        proptest::option::of(1u32..60),
    )
        .prop_map(
            |(program, athlete, o_level, o_years, o_since, day, weeks)| {
                let d = program.sessions_per_week as usize;
                let athlete = athlete.map(|(history, days, restrict, every, maxed, plate, tm)| {
                    let (units, training_max, tm_given) = tm;
                    // Keep enough available days for the program.
                    let mut available = days;
                    for w in Weekday::ALL {
                        if available.len() >= d {
                            break;
                        }
                        if !available.contains(&w) {
                            available.push(w);
                        }
                    }
                    available.sort();
                    Athlete {
                        name: "Prop".into(),
                        history,
                        available_days: restrict.then_some(available),
                        maxes: maxed
                            .iter()
                            .map(|e| (e.to_lowercase(), 100.0))
                            .collect::<BTreeMap<_, _>>(),
                        plate_increment: plate,
                        deload_every: every,
                        units,
                        training_max,
                        training_maxes: tm_given
                            .iter()
                            .map(|e| (e.to_lowercase(), 80.0))
                            .collect::<BTreeMap<_, _>>(),
                        ..Athlete::default()
                    }
                });
                let start = jiff::civil::date(2020, 1, 1)
                    .checked_add(jiff::Span::new().days(day))
                    .unwrap_or(jiff::civil::date(2020, 1, 1));
                (
                    PlanInput { program, athlete },
                    PlanOptions {
                        level: o_level,
                        training_years: o_years,
                        weeks_since_deload: o_since,
                        start: Some(start),
                        weeks,
                        warmups: false,
                    },
                )
            },
        )
}

fn expected_level(input: &PlanInput, opts: &PlanOptions) -> Level {
    let h = input
        .athlete
        .as_ref()
        .map(|a| a.history.clone())
        .unwrap_or_default();
    let from_years = |y: f64| {
        if y >= 2.0 {
            Level::Advanced
        } else if y >= 0.5 {
            Level::Intermediate
        } else {
            Level::Novice
        }
    };
    opts.level
        .or(opts.training_years.map(from_years))
        .or(h.level)
        .or(h.training_years.map(from_years))
        .unwrap_or(Level::Novice)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_rule_holds((input, opts) in case()) {
        let s = plan(&input, &opts).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let h = input.athlete.as_ref().map(|a| a.history.clone()).unwrap_or_default();
        let explicit = input
            .athlete
            .as_ref()
            .and_then(|a| a.deload_every)
            .or(input.program.deload.every);
        let k = explicit.unwrap_or_else(|| {
            rules::expected_k(expected_level(&input, &opts), h.sleep_hours, h.signs.len())
        });
        let since = opts.weeks_since_deload.or(h.weeks_since_deload).unwrap_or(0);
        let weeks = match opts.weeks {
            Some(w) => w as usize,
            None => {
                // One pass through the blocks plus the deloads among them.
                let loading = s.weeks.iter().filter(|w| !w.is_deload).count() as u32;
                prop_assert_eq!(loading, input.program.loading_weeks());
                s.weeks.len()
            }
        };
        prop_assert_eq!(s.level, expected_level(&input, &opts));
        rules::check(&s, &input, weeks, rules::Expect { k, since, early: false });
        // Loads are on the plate, in the athlete's units when they set them.
        let plate = input
            .athlete
            .as_ref()
            .and_then(|a| a.plate_increment)
            .unwrap_or_else(|| s.units.default_plate_increment());
        prop_assert_eq!(s.plate_increment, plate);
        let units = input.athlete.as_ref().and_then(|a| a.units).unwrap_or(input.program.units);
        prop_assert_eq!(s.units, units);
        // The schedule always serialises.
        prop_assert!(serde_json::to_string(&s).is_ok());
    }
}

/// Programs built in code can hold values the loader would reject; the engine must answer with
/// an error or a schedule, never a panic.
fn wild_program() -> impl Strategy<Value = Program> {
    (
        program(),
        0u32..=9,
        prop_oneof![Just(0u32), Just(1), Just(u32::MAX), 0u32..1000],
        prop_oneof![
            Just(Reps::Range(0, u32::MAX)),
            Just(Reps::Range(9, 3)),
            Just(Reps::Fixed(0)),
            Just(Reps::Amrap(Some(u32::MAX))),
        ],
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-50.0),
            Just(1e300),
        ],
        prop_oneof![Just(0u32), Just(u32::MAX), 1u32..600],
        proptest::option::of(prop_oneof![Just(0u32), Just(1), Just(u32::MAX)]),
    )
        .prop_map(|(mut p, d, sets, reps, number, weeks, every)| {
            p.sessions_per_week = d;
            p.deload.every = every;
            p.deload.sets_factor = number;
            p.deload.load_factor = number;
            if let Some(b) = p.blocks.first_mut() {
                b.weeks = weeks;
            }
            if let Some(s) = p.sessions.first_mut()
                && let Some(e) = s.exercises.first_mut()
            {
                e.lines = vec![SetLine::new(sets, reps, Some(Intensity::Percent(number)))];
                e.progression = Some(Progression::Double(number));
                e.tm_step = Some(number);
            }
            p.training_max = Some(number);
            p.wave = Some(sets);
            p
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn planning_never_panics(
        program in wild_program(),
        weeks in proptest::option::of(0u32..600),
        since in proptest::option::of(prop_oneof![Just(u32::MAX), 0u32..100]),
        years in proptest::option::of(prop_oneof![Just(f64::NAN), Just(-1.0), 0.0f64..50.0]),
        skip_all in any::<bool>(),
    ) {
        let athlete = Athlete {
            name: "Wild".into(),
            maxes: [("squat".to_string(), 1e300)].into_iter().collect(),
            plate_increment: Some(f64::NAN),
            available_days: Some(vec![Weekday::Mon]),
            overrides: deload_engine::programs::Overrides {
                skip: if skip_all { program.sessions.iter().map(|s| s.name.clone()).collect() } else { vec![] },
                ..Default::default()
            },
            ..Athlete::default()
        };
        for athlete in [None, Some(athlete)] {
            let input = PlanInput { program: program.clone(), athlete };
            let opts = PlanOptions {
                training_years: years,
                weeks_since_deload: since,
                start: Some(jiff::civil::date(2026, 1, 5)),
                weeks,
                ..PlanOptions::default()
            };
            if let Ok(s) = plan(&input, &opts) {
                prop_assert!(!s.weeks.is_empty());
                prop_assert!(s.weeks.iter().all(|w| w.days.iter().any(|d| d.rest().is_some())));
            }
        }
    }
}

/// A program in kg: a squat at `percent` % of the 1RM and curls at a fixed `load` kg.
fn kg_program(percent: f64, load: f64) -> Program {
    let session = SessionTemplate {
        name: "A".into(),
        muscles: vec!["legs".into()],
        heavy: true,
        exercises: vec![
            PrescriptionSpec::new(
                "Squat",
                4,
                Reps::Fixed(5),
                Some(Intensity::Percent(percent)),
            ),
            PrescriptionSpec::new("Curl", 4, Reps::Fixed(10), Some(Intensity::Load(load))),
        ],
        origin: None,
    };
    Program {
        name: "Units".into(),
        sessions_per_week: 1,
        blocks: vec![Block {
            name: "B".into(),
            weeks: 6,
            focus: String::new(),
            sessions: None,
            progression: Some(Progression::Linear(2.5)),
            reset: false,
            schemes: vec![],
        }],
        sessions: vec![session],
        ..Program::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The same athlete planned in kg and in lb lifts the same loads, each rounded to its own
    /// plates: a kg program and a 1RM in kg, converted to lb, land within half a plate of each
    /// unit's rounding.
    #[test]
    fn kg_and_lb_plans_lift_the_same(
        max in 40.0f64..300.0,
        percent in 40.0f64..80.0,
        load in 10.0f64..100.0,
    ) {
        const KG_PER_LB: f64 = 0.453_592_37;
        let athlete = |units: Units, max: f64| Athlete {
            name: "U".into(),
            units: Some(units),
            maxes: [("squat".to_string(), max)].into_iter().collect(),
            ..Athlete::default()
        };
        let opts = PlanOptions {
            start: Some(jiff::civil::date(2026, 1, 5)),
            weeks: Some(6),
            ..PlanOptions::default()
        };
        let program = kg_program(percent, load);
        let kg = plan(&PlanInput { program: program.clone(), athlete: Some(athlete(Units::Kg, max)) }, &opts)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let lb = plan(&PlanInput { program, athlete: Some(athlete(Units::Lb, max / KG_PER_LB)) }, &opts)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!((kg.units, lb.units), (Units::Kg, Units::Lb));
        let loads = |s: &deload_engine::plan::Schedule| -> Vec<(f64, f64, bool)> {
            s.weeks
                .iter()
                // Week 1 only: the +2.5 kg a week is +5 lb for the lb athlete (what lb plates
                // add), so later weeks part by half a pound a week.
                .take(1)
                .flat_map(|w| w.days.iter().map(move |d| (d, w.is_deload)))
                .filter_map(|(d, deload)| d.session().map(|s| (s, deload)))
                .flat_map(|(s, deload)| s.prescriptions.iter().map(move |p| (p, deload)))
                .flat_map(|(p, deload)| p.lines.iter().map(move |l| (l, deload)))
                .filter_map(|(l, deload)| {
                    l.load.zip(l.percent.or(Some(0.0))).map(|(a, b)| (a, b, deload))
                })
                .collect()
        };
        for ((k, kp, deload), (l, lp, _)) in loads(&kg).into_iter().zip(loads(&lb)) {
            // Loading weeks round to the nearest plate; deload weeks round down, so each unit
            // may be up to a whole plate under.
            let slack = if deload {
                2.5 / KG_PER_LB + 5.0 + 1e-6
            } else {
                2.5 / KG_PER_LB / 2.0 + 5.0 / 2.0 + 1e-6
            };
            prop_assert!((k / KG_PER_LB - l).abs() <= slack, "{} kg vs {} lb", k, l);
            // The same share of the max, printed alike (to the printing's rounding); a deload
            // prints the share its rounded-down load is.
            if !deload {
                prop_assert!((kp - lp).abs() <= 0.1 + 1e-9, "{}% vs {}%", kp, lp);
            }
            prop_assert_eq!(k % 2.5, 0.0);
            prop_assert_eq!(l % 5.0, 0.0);
        }
    }
}
