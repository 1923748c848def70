//! Waiting out propagation: a change to an External Client App can take about ten minutes to
//! reach the login servers. An answer that such a change explains (an unknown key, a callback
//! not yet allowed, a flow not yet enabled) is retried with doubling waits while the step that
//! makes the change was marked done less than ten minutes ago; any other answer is final at once.

use std::future::Future;
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use eca_core::StepId;

use crate::diagnosis::{Diagnosis, DiagnosisCode};
use crate::request::{RecentChange, RetryPolicy};
use crate::result::Progress;
use crate::token::TokenError;

/// How long Salesforce may take to apply a change to an app.
pub const WINDOW: Duration = Duration::from_secs(600);

/// The steps whose change an error answer may still be waiting for. The app itself is created
/// by the Create click that ends the Security step.
fn steps_for(error: &str) -> &'static [StepId] {
    match error {
        "invalid_client_id" => &[
            StepId::Security,
            StepId::OauthSettings,
            StepId::FlowEnablement,
        ],
        e if e.eq_ignore_ascii_case("OAUTH_EC_APP_NOT_FOUND") => &[StepId::Security],
        "redirect_uri_mismatch" => &[StepId::OauthSettings],
        "unsupported_grant_type" => &[StepId::FlowEnablement, StepId::Policies],
        _ => &[],
    }
}

/// The most recent change, `elapsed` after the verification started, that `err` may still be
/// waiting for, and the wait left until it has surely been applied.
pub fn pending<'a>(
    err: &TokenError,
    changes: &'a [RecentChange],
    elapsed: Duration,
) -> Option<(&'a RecentChange, Duration)> {
    let TokenError::OAuth { error, .. } = err else {
        return None;
    };
    let steps = steps_for(error);
    changes
        .iter()
        .filter(|change| steps.contains(&change.step))
        .map(|change| (change, WINDOW.saturating_sub(change.ago + elapsed)))
        .filter(|(_, left)| !left.is_zero())
        .max_by_key(|(_, left)| *left)
}

/// The diagnosis for an answer that the change may still explain: Salesforce's words, the step,
/// and the wait left.
pub fn still_applying(diagnosis: &Diagnosis, change: &RecentChange, left: Duration) -> Diagnosis {
    let minutes = |d: Duration| d.as_secs().div_ceil(60).max(1);
    Diagnosis::new(
        DiagnosisCode::ChangePropagating,
        format!(
            "Salesforce may still be applying your change: “{}” was marked done {} minute(s) ago, and changes take up to 10 minutes to reach the login servers. {}",
            change.title,
            change.ago.as_secs() / 60,
            diagnosis.message
        ),
        format!(
            "Wait about {} more minute(s), then verify again. If it still fails then: {}",
            minutes(left),
            diagnosis.fix
        ),
        diagnosis.step,
    )
}

/// The diagnosis of an answer that was retried for `waited`: reworded when a recent change may
/// still explain it, or told how long it was retried when an unknown key was waited out.
pub fn explain(
    err: &TokenError,
    diagnosis: Diagnosis,
    changes: Option<&[RecentChange]>,
    waited: Duration,
) -> Diagnosis {
    if let Some((change, left)) = changes.and_then(|changes| pending(err, changes, waited)) {
        return still_applying(&diagnosis, change, left);
    }
    let mut diagnosis = diagnosis;
    if changes.is_none() && err.is_propagation() && waited.as_secs() > 0 {
        diagnosis.message.push_str(&format!(
            " It was still refused after {} seconds of retrying.",
            waited.as_secs()
        ));
    }
    diagnosis
}

/// Runs `attempt` until it succeeds, fails for a reason waiting cannot fix, the wait is over,
/// or `cancel` fires. With `changes` known, an answer is retried only while a change it may be
/// waiting for is under ten minutes old; unknown (`None`), an unknown key is retried for the
/// policy's total time, as a new app may be behind it. Also returns how long it waited.
pub async fn retry<T, F, Fut>(
    policy: RetryPolicy,
    changes: Option<&[RecentChange]>,
    progress: &(dyn Fn(Progress) + Send + Sync),
    cancel: &CancellationToken,
    mut attempt: F,
) -> (Result<T, TokenError>, Duration)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, TokenError>>,
{
    let started = Instant::now();
    let mut backoff = policy.first_backoff;
    let mut tries = 1;
    loop {
        let result = tokio::select! {
            () = cancel.cancelled() => Err(TokenError::Other(Diagnosis::cancelled())),
            result = attempt() => result,
        };
        let waited = started.elapsed();
        let Err(err) = &result else {
            return (result, waited);
        };
        let left = match changes {
            Some(changes) => pending(err, changes, waited).map(|(_, left)| left),
            None => err
                .is_propagation()
                .then(|| policy.total.saturating_sub(waited)),
        };
        let total = left.map_or(Duration::ZERO, |left| (waited + left).min(policy.total));
        if backoff.is_zero() || waited + backoff > total {
            return (result, waited);
        }
        tries += 1;
        progress(Progress::WaitingForPropagation {
            attempt: tries,
            waited_secs: waited.as_secs(),
            next_retry_secs: backoff.as_secs().max(1),
            total_secs: total.as_secs(),
        });
        tokio::select! {
            () = cancel.cancelled() => {
                return (Err(TokenError::Other(Diagnosis::cancelled())), started.elapsed())
            }
            () = tokio::time::sleep(backoff) => {}
        }
        backoff = (backoff * 2).min(policy.max_backoff.max(policy.first_backoff));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn not_yet() -> TokenError {
        TokenError::OAuth {
            error: "invalid_client_id".into(),
            description: "client identifier invalid".into(),
        }
    }

    fn policy(total_ms: u64) -> RetryPolicy {
        RetryPolicy {
            total: Duration::from_millis(total_ms),
            first_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(40),
        }
    }

    #[tokio::test]
    async fn retries_until_the_key_is_known() {
        let calls = AtomicU32::new(0);
        let events = std::sync::Mutex::new(Vec::new());
        let (result, _) = retry(
            policy(2_000),
            None,
            &|event| events.lock().unwrap().push(event),
            &CancellationToken::new(),
            || async {
                if calls.fetch_add(1, Ordering::SeqCst) < 3 {
                    Err(not_yet())
                } else {
                    Ok(7)
                }
            },
        )
        .await;
        assert_eq!(result, Ok(7));
        assert_eq!(
            events.lock().unwrap().len(),
            3,
            "one progress event per wait"
        );
    }

    #[tokio::test]
    async fn other_errors_are_not_retried_and_time_runs_out() {
        let calls = AtomicU32::new(0);
        let (result, _) = retry(
            policy(2_000),
            None,
            &|_| {},
            &CancellationToken::new(),
            || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err::<(), _>(TokenError::OAuth {
                    error: "invalid_client".into(),
                    description: String::new(),
                })
            },
        )
        .await;
        assert!(result.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        let (result, waited) = retry(
            policy(100),
            None,
            &|_| {},
            &CancellationToken::new(),
            || async { Err::<(), _>(not_yet()) },
        )
        .await;
        assert!(matches!(result, Err(err) if err.is_propagation()));
        assert!(waited <= Duration::from_millis(300));
    }

    fn change(step: StepId, ago_secs: u64) -> RecentChange {
        RecentChange {
            step,
            title: step.title().into(),
            ago: Duration::from_secs(ago_secs),
        }
    }

    fn answer(error: &str) -> TokenError {
        TokenError::OAuth {
            error: error.into(),
            description: String::new(),
        }
    }

    #[test]
    fn an_answer_waits_only_for_the_step_that_changes_it() {
        let changes = [
            change(StepId::OauthSettings, 120),
            change(StepId::Policies, 30),
        ];
        let (step, left) = pending(&answer("redirect_uri_mismatch"), &changes, Duration::ZERO)
            .expect("the callback changed two minutes ago");
        assert_eq!(step.step, StepId::OauthSettings);
        assert_eq!(left, Duration::from_secs(480));
        assert!(pending(&answer("invalid_client"), &changes, Duration::ZERO).is_none());
        let (step, _) = pending(&answer("unsupported_grant_type"), &changes, Duration::ZERO)
            .expect("policies changed");
        assert_eq!(step.step, StepId::Policies);
        let old = [change(StepId::OauthSettings, 601)];
        assert!(pending(&answer("redirect_uri_mismatch"), &old, Duration::ZERO).is_none());
        assert!(
            pending(
                &answer("redirect_uri_mismatch"),
                &changes,
                Duration::from_secs(480)
            )
            .is_none(),
            "the wait counts the time already spent"
        );
    }

    #[tokio::test]
    async fn with_known_changes_an_old_or_unrelated_step_is_never_retried() {
        let calls = AtomicU32::new(0);
        let changes = [change(StepId::Policies, 60)];
        let (result, _) = retry(
            policy(2_000),
            Some(&changes),
            &|_| {},
            &CancellationToken::new(),
            || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err::<(), _>(not_yet())
            },
        )
        .await;
        assert!(result.is_err());
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "no Create was marked done lately"
        );
    }
}
