//! Exercise names as the apps write them, matched to the names a plan uses.
//!
//! Two names are the same exercise when their canonical forms are equal ([`canonical`]):
//! 1. lower case, trimmed; `-`, `_`, `/` and `,` become spaces, apostrophes and full stops go,
//!    and runs of spaces become one;
//! 2. the equipment in brackets that Strong and Hevy append ("Squat (Barbell)", "Bench Press
//!    (Dumbbell)") is dropped when it is `barbell` or `bodyweight` (a plan's lifts are barbell
//!    lifts unless named otherwise), else it moves to the front ("dumbbell bench press");
//! 3. a name in the [`TABLE`]'s aliases becomes the table's name for it.
//!
//! docs/exercise-names.md prints the table; a test checks that both agree.

/// Plan names (in canonical form) and the names the apps also use for them (after steps 1 and
/// 2 of [`canonical`]).
pub const TABLE: &[(&str, &[&str])] = &[
    (
        "back squat",
        &[
            "squat",
            "barbell squat",
            "barbell back squat",
            "high bar squat",
            "low bar squat",
        ],
    ),
    (
        "bench press",
        &[
            "bench",
            "barbell bench press",
            "flat bench press",
            "flat barbell bench press",
        ],
    ),
    ("deadlift", &["barbell deadlift", "conventional deadlift"]),
    (
        "overhead press",
        &[
            "ohp",
            "military press",
            "standing press",
            "strict press",
            "shoulder press",
            "barbell overhead press",
            "standing overhead press",
        ],
    ),
    ("front squat", &["barbell front squat"]),
    (
        "pause squat",
        &["paused squat", "pause back squat", "paused back squat"],
    ),
    (
        "romanian deadlift",
        &["rdl", "barbell romanian deadlift", "romanian deadlift rdl"],
    ),
    (
        "close grip bench press",
        &["close grip bench", "barbell close grip bench press"],
    ),
    (
        "incline bench press",
        &["incline barbell bench press", "barbell incline bench press"],
    ),
    (
        "incline dumbbell press",
        &[
            "dumbbell incline bench press",
            "incline dumbbell bench press",
            "dumbbell incline press",
        ],
    ),
    (
        "barbell row",
        &[
            "bent over row",
            "bent over barbell row",
            "barbell bent over row",
            "pendlay row",
        ],
    ),
    (
        "dumbbell row",
        &["dumbbell bent over row", "bent over dumbbell row"],
    ),
    (
        "one arm dumbbell row",
        &["single arm dumbbell row", "dumbbell one arm row"],
    ),
    (
        "chest supported row",
        &[
            "chest supported dumbbell row",
            "machine chest supported row",
            "incline dumbbell row",
        ],
    ),
    (
        "cable row",
        &["seated cable row", "cable seated row", "seated row"],
    ),
    (
        "lat pulldown",
        &[
            "cable lat pulldown",
            "lat pull down",
            "wide grip lat pulldown",
        ],
    ),
    ("pull up", &["pullup", "pull ups", "pullups"]),
    (
        "weighted pull up",
        &["weighted pullup", "weighted pull ups"],
    ),
    ("chin up", &["chinup", "chin ups", "chinups"]),
    ("push up", &["pushup", "push ups", "pushups"]),
    (
        "dip",
        &[
            "dips",
            "chest dip",
            "triceps dip",
            "tricep dip",
            "parallel bar dip",
        ],
    ),
    (
        "leg curl",
        &[
            "lying leg curl",
            "seated leg curl",
            "hamstring curl",
            "machine leg curl",
            "machine lying leg curl",
            "machine seated leg curl",
        ],
    ),
    ("leg press", &["machine leg press", "sled leg press"]),
    ("face pull", &["face pulls", "cable face pull"]),
    (
        "lateral raise",
        &["dumbbell lateral raise", "side lateral raise"],
    ),
    (
        "triceps pushdown",
        &[
            "tricep pushdown",
            "cable triceps pushdown",
            "cable tricep pushdown",
            "cable pushdown",
        ],
    ),
    (
        "skull crusher",
        &[
            "skullcrusher",
            "lying triceps extension",
            "ez bar skull crusher",
        ],
    ),
    (
        "curl",
        &["barbell curl", "bicep curl", "biceps curl", "ez bar curl"],
    ),
    ("hammer curl", &["dumbbell hammer curl"]),
    (
        "standing calf raise",
        &[
            "calf raise",
            "machine standing calf raise",
            "machine calf raise",
        ],
    ),
    (
        "walking lunge",
        &[
            "lunge",
            "lunges",
            "walking lunges",
            "dumbbell walking lunge",
        ],
    ),
    ("bulgarian split squat", &["dumbbell bulgarian split squat"]),
    (
        "goblet squat",
        &["dumbbell goblet squat", "kettlebell goblet squat"],
    ),
    (
        "rear delt fly",
        &[
            "reverse fly",
            "dumbbell rear delt fly",
            "rear delt reverse fly",
        ],
    ),
    ("dumbbell fly", &["dumbbell flye", "dumbbell chest fly"]),
    (
        "back extension",
        &[
            "back extensions",
            "hyperextension",
            "45 degree back extension",
        ],
    ),
    (
        "ab wheel rollout",
        &["ab wheel", "ab rollout", "ab wheel roll out"],
    ),
    ("plank", &["front plank"]),
    (
        "farmers carry",
        &["farmer carry", "farmers walk", "farmer walk"],
    ),
    ("hip thrust", &["barbell hip thrust"]),
];

/// Equipment in brackets that a plan's name leaves out.
const DROPPED_EQUIPMENT: &[&str] = &["barbell", "bodyweight"];

/// Steps 1 and 2 of [`canonical`]: the name lower case, punctuation as spaces, the bracketed
/// equipment dropped or moved to the front.
fn normalise(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let (base, equipment) = match (lower.find('('), lower.find(')')) {
        (Some(open), Some(close)) if close > open => (
            format!("{} {}", &lower[..open], &lower[close + 1..]),
            lower[open + 1..close].trim().to_string(),
        ),
        _ => (lower, String::new()),
    };
    let words = |s: &str| -> Vec<String> {
        s.chars()
            .filter(|c| !matches!(c, '\'' | '’' | '.'))
            .map(|c| {
                if matches!(c, '-' | '_' | '/' | ',') {
                    ' '
                } else {
                    c
                }
            })
            .collect::<String>()
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let mut out = Vec::new();
    let equipment = words(&equipment).join(" ");
    if !equipment.is_empty() && !DROPPED_EQUIPMENT.contains(&equipment.as_str()) {
        out.push(equipment);
    }
    out.extend(words(&base));
    out.join(" ")
}

/// The canonical form of an exercise name: two names are the same exercise when their
/// canonical forms are equal ("Squat (Barbell)", "Back squat" → `back squat`; "Pull Up",
/// "Pull-up" → `pull up`).
pub fn canonical(name: &str) -> String {
    let n = normalise(name);
    for (plan, aliases) in TABLE {
        if aliases.contains(&n.as_str()) {
            return (*plan).to_string();
        }
    }
    n
}

/// The muscle groups an exercise (by its canonical name) trains, for a log read without a plan
/// (`deload history`); empty for names it does not know. A plan's own `muscles` win wherever
/// there is a plan.
pub fn muscles(canonical: &str) -> &'static [&'static str] {
    const LEGS: &[&str] = &["legs"];
    match canonical {
        "back squat"
        | "front squat"
        | "pause squat"
        | "leg press"
        | "walking lunge"
        | "bulgarian split squat"
        | "goblet squat"
        | "leg curl"
        | "standing calf raise"
        | "hip thrust"
        | "romanian deadlift"
        | "dumbbell romanian deadlift" => LEGS,
        "deadlift" | "back extension" => &["legs", "back"],
        "bench press"
        | "incline bench press"
        | "incline dumbbell press"
        | "dumbbell bench press"
        | "dumbbell fly"
        | "push up"
        | "dip" => &["chest", "arms"],
        "close grip bench press" => &["chest", "arms"],
        "overhead press"
        | "dumbbell shoulder press"
        | "lateral raise"
        | "cable lateral raise"
        | "rear delt fly"
        | "face pull" => &["shoulders"],
        "barbell row"
        | "dumbbell row"
        | "one arm dumbbell row"
        | "chest supported row"
        | "cable row"
        | "lat pulldown"
        | "pull up"
        | "weighted pull up"
        | "chin up" => &["back", "arms"],
        "curl" | "hammer curl" | "triceps pushdown" | "skull crusher" => &["arms"],
        "plank" | "ab wheel rollout" | "farmers carry" => &["core"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_names_match_plan_names() {
        for (app, plan) in [
            ("Squat (Barbell)", "Back squat"),
            ("Bench Press (Barbell)", "Bench press"),
            ("Deadlift (Barbell)", "Deadlift"),
            ("Overhead Press (Barbell)", "Overhead press"),
            ("Bench Press (Dumbbell)", "Dumbbell bench press"),
            ("Pull Up", "Pull-up"),
            ("Chin Up", "Chin-up"),
            ("Pull Up (Weighted)", "Weighted pull-up"),
            ("Bent Over Row (Barbell)", "Barbell row"),
            ("Lat Pulldown (Cable)", "Lat pulldown"),
            ("Seated Row (Cable)", "Cable row"),
            ("Lying Leg Curl (Machine)", "Leg curl"),
            ("Romanian Deadlift (Barbell)", "Romanian deadlift"),
            ("Romanian Deadlift (Dumbbell)", "Dumbbell Romanian deadlift"),
            ("Lateral Raise (Dumbbell)", "Lateral raise"),
            ("Lateral Raise (Cable)", "Cable lateral raise"),
            ("Farmers Walk", "Farmer's carry"),
            ("Triceps Pushdown (Cable)", "Triceps pushdown"),
            ("Incline Bench Press (Dumbbell)", "Incline dumbbell press"),
            ("Flat Barbell Bench Press", "Bench press"),
        ] {
            assert_eq!(canonical(app), canonical(plan), "{app} vs {plan}");
        }
        assert_ne!(canonical("Front Squat (Barbell)"), canonical("Back squat"));
        assert_ne!(
            canonical("Bench Press (Dumbbell)"),
            canonical("Bench press")
        );
    }

    #[test]
    fn every_alias_is_in_normal_form_and_names_one_exercise() {
        let mut seen = std::collections::BTreeSet::new();
        for (plan, aliases) in TABLE {
            assert_eq!(normalise(plan), *plan, "{plan}");
            for a in *aliases {
                assert_eq!(normalise(a), *a, "{a}");
                assert!(seen.insert(*a), "{a} twice");
                assert!(TABLE.iter().all(|(p, _)| p != a), "{a} is a plan name too");
            }
        }
    }

    #[test]
    fn the_documented_table_is_the_code_s() {
        let doc = include_str!("../../../../docs/exercise-names.md");
        for (plan, aliases) in TABLE {
            let quoted: Vec<String> = aliases.iter().map(|a| format!("`{a}`")).collect();
            let row = format!("| `{plan}` | {} |", quoted.join(", "));
            assert!(
                doc.contains(&row),
                "docs/exercise-names.md lacks the row\n{row}"
            );
        }
        let rows = doc.lines().filter(|l| l.starts_with("| `")).count();
        assert_eq!(
            rows,
            TABLE.len(),
            "docs/exercise-names.md has rows the code does not"
        );
    }
}
