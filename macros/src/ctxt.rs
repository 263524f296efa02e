//! Collects independent mistakes so that one build reports them all.

use syn::{Error, Result};

/// Every collector must be finished: one dropped unfinished would swallow
/// the errors pushed to it, so dropping it panics (as serde's `Ctxt` does).
pub struct Errors {
    errors: Option<Error>,
    finished: bool,
}

impl Errors {
    pub fn new() -> Self {
        Errors {
            errors: None,
            finished: false,
        }
    }

    pub fn push(&mut self, error: Error) {
        match &mut self.errors {
            Some(errors) => errors.combine(error),
            None => self.errors = Some(error),
        }
    }

    pub fn finish(mut self) -> Result<()> {
        self.finished = true;
        self.errors.take().map_or(Ok(()), Err)
    }
}

impl Drop for Errors {
    fn drop(&mut self) {
        if !self.finished && !std::thread::panicking() {
            panic!("an error collector was dropped without `finish`");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_reports_every_error() {
        let mut errors = Errors::new();
        errors.push(Error::new(proc_macro2::Span::call_site(), "first"));
        errors.push(Error::new(proc_macro2::Span::call_site(), "second"));
        let error = errors.finish().unwrap_err();
        assert_eq!(error.into_iter().count(), 2);
        assert!(Errors::new().finish().is_ok());
    }

    #[test]
    #[should_panic = "dropped without `finish`"]
    fn an_unfinished_collector_panics_on_drop() {
        let mut errors = Errors::new();
        errors.push(Error::new(proc_macro2::Span::call_site(), "lost"));
        drop(errors);
    }
}
