//! The context of a progress report page (`report/report.html`): `deload replan`'s report,
//! `deload history --format html` and, on a site that publishes an athlete with a training log,
//! the athlete's progress page. The struct is `deload_sheet::report`'s, which the in-browser
//! planner renders too.

pub use deload_sheet::report::ReportView;
