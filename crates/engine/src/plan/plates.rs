//! Loads on the plates: rounding to the plate increment (to the nearest, or down for a deload's
//! ceiling), and the decimals every output prints.

/// Rounds `load` to the nearest multiple of `plate`; a load of 0 or less stays as it is (the
/// sanity check reports it), and an unusable plate leaves the load unrounded.
pub(crate) fn round_to_plate(load: f64, plate: f64) -> f64 {
    if !load.is_finite() || load <= 0.0 || !(plate.is_finite() && plate > 0.0) {
        return load;
    }
    clean((load / plate).round() * plate)
}

/// `x` to a millionth, so a load on the plates prints and serialises as the short decimal it
/// is (0.1 × 3 is 0.3, not 0.30000000000000004).
pub(crate) fn clean(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// `load` rounded down to a multiple of `plate` (a hair of tolerance, so 0.9 × 25 = 22.5 stays).
pub(crate) fn floor_to_plate(load: f64, plate: f64) -> f64 {
    if !load.is_finite() || load <= 0.0 || !(plate.is_finite() && plate > 0.0) {
        return load;
    }
    // cleaned downwards: a load rounded down never rises past its ceiling by the millionth
    // that cleaning to the nearest could add (9 × 4.414986… kg is 39.7348746, not 39.734875)
    let down = (load / plate + 1e-9).floor() * plate;
    (down * 1e6 + 1e-6).floor() / 1e6
}

/// `x` rounded to one decimal.
pub(crate) fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `x` rounded to two decimals, as every output prints it.
pub(crate) fn hundredth(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_round_to_the_nearest_plate() {
        assert_eq!(round_to_plate(52.0, 2.5), 52.5);
        assert_eq!(round_to_plate(56.25, 2.5), 57.5);
        assert_eq!(round_to_plate(-5.0, 2.5), -5.0);
        assert_eq!(round_to_plate(61.3, f64::NAN), 61.3);
    }

    /// Found by the rule checker's property test: a load rounded down to odd plates (pounds
    /// in kilograms) and then to a short decimal stays at or under its ceiling.
    #[test]
    fn loads_rounded_down_stay_under_their_ceiling() {
        let plate = 4.414_986_068_456_844;
        // nine plates exactly: 39.7348746…, which the nearest millionth would raise
        let ceiling = 9.0 * plate;
        let load = floor_to_plate(ceiling, plate);
        assert!(load <= ceiling, "{load} > {ceiling}");
        assert_eq!(load, 39.734_874);
        assert_eq!(floor_to_plate(22.5, 2.5), 22.5);
        assert_eq!(floor_to_plate(0.9 * 25.0, 2.5), 22.5);
        assert_eq!(floor_to_plate(0.3, 0.1), 0.3);
    }
}
