use {
  crate::{
    check::pipeline,
    lsp::{check_job::CheckJob, diagnostics, positions::Positions, snapshot::Snapshot},
  },
  crossbeam_channel::{Receiver, RecvTimeoutError, Sender, unbounded},
  indexmap::IndexMap,
  lsp_types::Url,
  std::{panic, thread, time::Duration},
};

/// The checks, on a worker thread of their own: the editor's thread only
/// hands over the latest text and never waits for a check.
///
/// A burst of changes is one check: the worker waits until `quiet` has
/// passed without a newer version of any document, and what arrives while
/// it checks replaces what was pending, so that it checks only the latest
/// version of each document. The editor's thread drops a result whose
/// version is no longer the document's.
pub struct Debouncer {
  jobs: Sender<CheckJob>,
}

impl Debouncer {
  /// Starts the worker; its snapshots arrive on `results`.
  pub fn start(quiet: Duration, results: Sender<Snapshot>) -> Self {
    let (jobs, pending) = unbounded();
    let _ = thread::Builder::new()
      .name("lsp-check".into())
      .spawn(move || work(&pending, quiet, &results));
    Self { jobs }
  }

  pub fn submit(&self, job: CheckJob) {
    let _ = self.jobs.send(job);
  }
}

fn work(jobs: &Receiver<CheckJob>, quiet: Duration, results: &Sender<Snapshot>) {
  let mut pending: IndexMap<Url, CheckJob> = IndexMap::new();
  loop {
    if pending.is_empty() {
      let Ok(job) = jobs.recv() else { return };
      pending.insert(job.uri.clone(), job);
    }
    loop {
      match jobs.recv_timeout(quiet) {
        Ok(job) => {
          pending.insert(job.uri.clone(), job);
        }
        Err(RecvTimeoutError::Timeout) => break,
        Err(RecvTimeoutError::Disconnected) => return,
      }
    }
    let Some((_, job)) = pending.shift_remove_index(0) else {
      continue;
    };
    if let Some(snapshot) = check(job)
      && results.send(snapshot).is_err()
    {
      return;
    }
  }
}

/// Checks one version as `stackc check` does. A rule that panics on a
/// hostile file costs that version its diagnostics, not the server.
pub fn check(job: CheckJob) -> Option<Snapshot> {
  let CheckJob {
    uri,
    version,
    path,
    text,
    output,
    encoding,
  } = job;
  let checked = panic::catch_unwind(panic::AssertUnwindSafe(|| {
    pipeline::check(&path, text.into_bytes(), output.as_deref())
  }))
  .ok()?;
  let positions = Positions::new(&checked.source.text, encoding);
  let diagnostics = diagnostics::to_lsp(&checked, &positions, &uri);
  Some(Snapshot {
    uri,
    version,
    checked,
    positions,
    diagnostics,
  })
}
