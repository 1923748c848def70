//! Times a client-credentials verification against the practice org and, beside it, the same
//! HTTP requests (token, userinfo, API versions, query) made by `curl`, one process each, as a
//! shell script would. Prints the median of each. Run with `scripts/bench-verify.sh`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use eca_core::inputs::SetupInputs;
use eca_practice::PracticeConfig;
use eca_verify::{verify, CancellationToken, FlowChoice, RetryPolicy, VerifyRequest};

const RUNS: usize = 30;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn curl(args: &[&str], stdin: Option<&str>) -> String {
    use std::io::Write;
    let mut child = Command::new("curl")
        .args(["-sS", "--fail-with-body"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("curl runs (install curl to compare)");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("stdin");
    } else {
        drop(child.stdin.take());
    }
    let output = child.wait_with_output().expect("curl ends");
    assert!(output.status.success(), "curl failed: {args:?}");
    String::from_utf8(output.stdout).expect("utf-8")
}

#[tokio::main]
async fn main() {
    let profile = eca_core::profile("service-board-sync").expect("profile");
    let mut inputs = SetupInputs::suggested(profile);
    inputs
        .values
        .insert("run_as".into(), "integration@acme.example".into());
    inputs
        .values
        .insert("tenant_domain".into(), "acme.serviceboardsync.com".into());
    let config = PracticeConfig::from_profile(profile, &inputs);
    let org = eca_practice::start(config, None)
        .await
        .expect("practice org");
    inputs.domain = org.host();
    let base = org.base_url();

    let mut ours = Vec::new();
    for _ in 0..RUNS {
        let mut request = VerifyRequest::new(
            profile.clone(),
            inputs.clone(),
            org.consumer_key(),
            org.consumer_secret().clone(),
        );
        request.flow = FlowChoice::ClientCredentials;
        request.propagation = RetryPolicy::none();
        request.practice = true;
        let started = Instant::now();
        let verification = verify(request, &|_| Ok(()), &|_| {}, CancellationToken::new()).await;
        ours.push(started.elapsed());
        assert!(verification.passed, "{verification:#?}");
    }

    let key = org.consumer_key().to_owned();
    let secret = org.consumer_secret().expose().to_owned();
    let curl_times = tokio::task::spawn_blocking(move || {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            let form =
                format!("grant_type=client_credentials&client_id={key}&client_secret={secret}");
            let token = curl(
                &[
                    "-X",
                    "POST",
                    "--data-binary",
                    "@-",
                    &format!("{base}/services/oauth2/token"),
                ],
                Some(&form),
            );
            let token: serde_json::Value = serde_json::from_str(&token).expect("token JSON");
            let bearer = format!(
                "Authorization: Bearer {}",
                token["access_token"].as_str().expect("a token")
            );
            curl(
                &["-H", &bearer, &format!("{base}/services/oauth2/userinfo")],
                None,
            );
            curl(&[&format!("{base}/services/data")], None);
            curl(
                &[
                    "-G",
                    "-H",
                    &bearer,
                    "--data-urlencode",
                    "q=SELECT Id, Name FROM Organization",
                    &format!("{base}/services/data/v66.0/query"),
                ],
                None,
            );
            times.push(started.elapsed());
        }
        times
    })
    .await
    .expect("curl runs");

    println!("client-credentials verification against the practice org, median of {RUNS} runs:");
    println!(
        "  eca-verify (token, signature, userinfo, API versions, query, all checks): {:>8.2} ms",
        median(ours).as_secs_f64() * 1000.0
    );
    println!(
        "  curl, the same 4 HTTP requests, one process each:                       {:>8.2} ms",
        median(curl_times).as_secs_f64() * 1000.0
    );
    org.shutdown().await;
}
