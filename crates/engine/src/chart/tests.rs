use super::*;
use crate::plan::{PlanOptions, plan};

/// The shipped program `name` planned for 15 weeks from 2027-01-04.
fn planned(name: &str) -> Schedule {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../programs");
    let (input, _) =
        crate::programs::load_input(&root.join(name)).unwrap_or_else(|e| panic!("{e}"));
    let opts = PlanOptions {
        start: Some(jiff::civil::date(2027, 1, 4)),
        weeks: Some(15),
        ..PlanOptions::default()
    };
    plan(&input, &opts).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_bar_a_week_deloads_hatched_and_marked() {
    let s = planned("five-three-one-bbb.yaml");
    let svg = svg(&s);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plan-chart\" width=\"100%\" viewBox=\"0 0 360 "), "{svg}");
    assert!(svg.contains("<title id=\"plan-chart-title\">Periodisation of 5/3/1 Boring But Big: 15 weeks from 2027-01-04 to 2027-04-18</title>"), "{svg}");
    let deloads = s.weeks.iter().filter(|w| w.is_deload).count();
    assert_eq!(deloads, 3);
    assert_eq!(svg.matches(">D</text>").count(), deloads);
    // a bar per week in the plot, and one per week per muscle group below
    let bars = svg.matches("<rect x=").count();
    let legend = 2 + draw::block_names(&s).len();
    let bands = s.chart.muscles.len();
    assert_eq!(
        bars,
        legend + bands + s.weeks.len() * (1 + s.chart.muscles.len())
    );
    assert_eq!(
        svg.matches("fill=\"url(#plan-chart-deload)\" stroke")
            .count(),
        deloads
    );
    assert!(
        svg.contains(">D, weeks 4, 8, 12: planned deload at the end</text>"),
        "{svg}"
    );
    assert!(svg.ends_with("</svg>\n"));
}

#[test]
fn intensity_is_of_the_1rm_and_training_maxes_rise_by_cycle() {
    let s = planned("five-three-one-bbb.yaml");
    // week 1 of 5/3/1: 65, 75, 85 % of the TM, the TM 90 % of the 1RM: 76.5 % of the 1RM
    assert_eq!(s.chart.top_intensity[0], Some(76.5));
    // week 3: 95 % of the TM
    assert_eq!(s.chart.top_intensity[2], Some(85.5));
    let press = &s.chart.training_maxes[0];
    assert_eq!(press.exercise, "Overhead press");
    let cycles: Vec<u32> = press.cycles.iter().map(|c| c.cycle).collect();
    assert_eq!(cycles, vec![0, 1, 2, 3]);
    let svg = svg(&s);
    assert!(
        svg.contains("Overhead press: TM, +2.5, +5, +7.5 kg"),
        "{svg}"
    );
}

#[test]
fn no_label_is_smaller_than_12_units() {
    for name in [
        "five-three-one-bbb.yaml",
        "advanced-split.yaml",
        "push-pull-legs.yaml",
    ] {
        let svg = svg(&planned(name));
        for size in svg.split("font-size=\"").skip(1) {
            let n: f64 = size[..size.find('"').unwrap_or(0)].parse().unwrap_or(0.0);
            assert!(n >= LABEL, "{name}: font-size {n}");
        }
        // every text line fits: none longer than the drawing holds
        for text in svg.split("<text ").skip(1) {
            let inner = &text[text.find('>').unwrap_or(0) + 1..text.find("</text>").unwrap_or(0)];
            assert!(inner.chars().count() <= LINE_CHARS + 8, "{name}: {inner}");
        }
    }
}

#[test]
fn the_table_has_a_row_a_week_and_the_muscles() {
    let s = planned("advanced-split.yaml");
    let t = table(&s);
    let weeks = &t[..t.find("</tbody>").unwrap_or(0)];
    assert_eq!(
        weeks.matches("<tr><th scope=\"row\">").count(),
        s.weeks.len()
    );
    assert_eq!(
        s.chart.muscles.iter().map(|g| g.sets.len()).min(),
        Some(s.weeks.len())
    );
    assert!(t.starts_with("<div class=\"plan-chart-numbers\" style=\"position:absolute;"));
    assert!(t.ends_with("</table></div>\n"));
    assert_eq!(html(&s), format!("{}{t}", svg(&s)));
}

#[test]
fn wraps_at_words() {
    assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
    assert_eq!(wrap("aaaaaaa b", 5), vec!["aaaaaaa", "b"]);
    assert!(wrap("", 5).is_empty());
}

/// English with the heading and the week axis's label of a language that writes them longer.
struct Longer;

impl crate::message::Language for Longer {
    fn text(&self, key: &str) -> Option<&str> {
        match key {
            "chart_heading" => Some("Séries effectives et intensité, semaine par semaine"),
            "chart_wk" => Some("sem."),
            _ => english().text(key),
        }
    }
    fn number(&self, n: f64) -> String {
        english().number(n)
    }
    fn code(&self) -> &str {
        "fr"
    }
}

#[test]
fn a_long_heading_wraps_and_a_long_week_label_stays_in_the_drawing() {
    let s = planned("five-three-one-bbb.yaml");
    let svg = svg_in(&s, &Longer);
    assert!(
        svg.contains("font-weight=\"bold\">Séries effectives et intensité, semaine</text>"),
        "{svg}"
    );
    assert!(
        svg.contains("y=\"32\" font-size=\"14\" font-weight=\"bold\">par semaine</text>"),
        "{svg}"
    );
    // the legend starts a line lower than under a one-line heading
    let english_svg = super::svg(&s);
    let first_key = |svg: &str| {
        let at = svg.find("<rect x=\"0\" y=\"").expect("a legend key") + 15;
        svg[at..].split('"').next().unwrap_or("").to_string()
    };
    assert_eq!(first_key(&english_svg), "27.0");
    assert_eq!(first_key(&svg), "44.0");
    // `sem.` ends where all of it is inside the drawing (from x = 0)
    let label = svg
        .split("text-anchor=\"end\">sem.</text>")
        .next()
        .unwrap_or("");
    let x: f64 = label
        .rsplit("<text x=\"")
        .next()
        .and_then(|t| t.split('"').next())
        .and_then(|x| x.parse().ok())
        .expect("the week label's x");
    assert!(x >= 4.0 * 12.0 * 0.6, "{x}");
    assert!(english_svg.contains("text-anchor=\"end\">wk</text>"));
}
