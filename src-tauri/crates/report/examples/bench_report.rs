//! Times making each report format for a finished setup of every profile (the test fixtures),
//! as the app does on Save: build the report, then render it. Prints the median and the slowest
//! of each. Run with `scripts/bench.sh` (or `cargo run --release -p eca-report --example
//! bench_report`).

#[path = "../tests/common.rs"]
mod common;

use std::time::{Duration, Instant};

use eca_core::profiles;
use eca_report::{Format, Report};

const RUNS: usize = 20;

fn main() {
    println!("report export, one finished setup per profile, {RUNS} runs each:");
    for format in [Format::Pdf, Format::Html, Format::Markdown, Format::Json] {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            for profile in profiles() {
                let setup = common::setup(profile);
                let verification = common::verification(profile);
                let start = Instant::now();
                let report = Report::new(
                    &setup,
                    profile,
                    Some(&verification),
                    Some(common::KEY),
                    common::date(),
                );
                let bytes = report.render(format).expect("the report renders");
                times.push(start.elapsed());
                assert!(!bytes.is_empty());
            }
        }
        times.sort();
        let median = times[times.len() / 2];
        let max = times[times.len() - 1];
        println!(
            "  {:<9} median {:>7.2} ms   max {:>7.2} ms",
            format.extension(),
            ms(median),
            ms(max)
        );
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
