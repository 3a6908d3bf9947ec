//! The program format as serde reads it, before any check (see `load.rs` for the format).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_yaml::Value;

use super::exercise::RawPrescription;
use super::model::{Base, Units};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProgram {
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) author: Option<String>,
    pub(super) units: Option<Units>,
    pub(super) sessions_per_week: Option<i64>,
    pub(super) rotation: Option<Vec<String>>,
    pub(super) suits: Option<String>,
    pub(super) blocks: Option<Vec<RawBlock>>,
    pub(super) sessions: Option<Vec<RawSession>>,
    pub(super) progression: Option<Value>,
    pub(super) deload: Option<RawDeload>,
    pub(super) extends: Option<String>,
    pub(super) training_max: Option<f64>,
    pub(super) percent_of: Option<Base>,
    pub(super) wave: Option<i64>,
    pub(super) tm_step: Option<Value>,
    pub(super) schemes: Option<BTreeMap<String, Vec<Value>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBlock {
    pub(super) name: String,
    pub(super) weeks: i64,
    pub(super) focus: Option<String>,
    pub(super) sessions: Option<Vec<String>>,
    pub(super) progression: Option<Value>,
    pub(super) reset: Option<bool>,
    pub(super) schemes: Option<BTreeMap<String, Vec<Value>>>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(super) enum SessionIntensity {
    Heavy,
    Light,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSession {
    pub(super) name: String,
    #[serde(default)]
    pub(super) muscles: Vec<String>,
    pub(super) heavy: Option<bool>,
    pub(super) intensity: Option<SessionIntensity>,
    pub(super) exercises: Vec<RawPrescription>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeload {
    pub(super) every: Option<i64>,
    pub(super) sets_factor: Option<f64>,
    pub(super) load_factor: Option<f64>,
    pub(super) week: Option<BTreeMap<String, Value>>,
}
