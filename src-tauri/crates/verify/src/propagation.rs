//! Waiting out propagation: a new or changed app can take up to ten minutes to reach the login
//! servers, and until then its key is "client identifier invalid" (or "not installed"). This
//! retries such an answer with doubling waits, reports each wait, and stops on cancel.

use std::future::Future;
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use crate::diagnosis::Diagnosis;
use crate::request::RetryPolicy;
use crate::result::Progress;
use crate::token::TokenError;

/// Runs `attempt` until it succeeds, fails for another reason, the policy's total time is up,
/// or `cancel` fires. Also returns how long it waited in all.
pub async fn retry<T, F, Fut>(
    policy: RetryPolicy,
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
        let retryable = matches!(&result, Err(err) if err.is_propagation());
        if !retryable || backoff.is_zero() || waited + backoff > policy.total {
            return (result, waited);
        }
        tries += 1;
        progress(Progress::WaitingForPropagation {
            attempt: tries,
            waited_secs: waited.as_secs(),
            next_retry_secs: backoff.as_secs().max(1),
            total_secs: policy.total.as_secs(),
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

        let (result, waited) = retry(policy(100), &|_| {}, &CancellationToken::new(), || async {
            Err::<(), _>(not_yet())
        })
        .await;
        assert!(matches!(result, Err(err) if err.is_propagation()));
        assert!(waited <= Duration::from_millis(300));
    }
}
