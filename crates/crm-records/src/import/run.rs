//! One run of an import by a worker, whatever its resource: from where it stopped,
//! every row is read and checked (on a thread of its own, a chunk ahead) and written in
//! batches whose progress is committed with them, so a crash or a lost lease resumes at
//! the next batch without writing a row twice.

use super::ports::ImportQueue;
use super::rows::{self, Checked, RawRow};
use super::scan::Chunk;
use super::{Import, ImportFormat, Progress};
use async_trait::async_trait;
use crm_core::jobs::{Job, JobEnd, JobHandler};
use crm_core::{Actor, DomainError, DomainResult};
use futures_channel::oneshot;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use uuid::Uuid;

/// Rows written per transaction.
pub const BATCH_ROWS: usize = 1000;

/// What one resource's import does with its rows.
#[async_trait]
pub trait RowImporter: Send + Sync + 'static {
    /// A checked row, ready to write.
    type Row: Send + 'static;
    /// What checking rows needs (the mapping, custom fields…), read once per run.
    type Context: Send + Sync + 'static;

    /// Reads the context of `import`'s run; `Ok(Err(why))` when the import can no
    /// longer run (its mapping names a custom field since deleted), which fails it.
    async fn context(
        &self,
        actor: &Actor,
        import: &Import,
    ) -> DomainResult<Result<Self::Context, String>>;

    /// Checks one row as read.
    fn check(ctx: &Self::Context, raw: RawRow) -> Checked<Self::Row>;

    /// Writes `rows` (rows `from + 1 ..= to`) in one transaction with the progress, if
    /// the import is still running and its progress is still `from` (else a conflict,
    /// so a batch is never written twice). With `dry_run`, checked and rolled back.
    #[allow(clippy::too_many_arguments)]
    async fn write(
        &self,
        ctx: &Self::Context,
        actor: &Actor,
        id: Uuid,
        from: u64,
        to: u64,
        rows: Vec<Checked<Self::Row>>,
        dry_run: bool,
    ) -> DomainResult<Progress>;
}

/// Everything a row check needs on its thread.
struct Reading<C> {
    format: ImportFormat,
    columns: Vec<String>,
    context: C,
}

/// Reads and checks the rows of `chunk` after row `after` on a thread of its own; the
/// answer carries the chunk's last row number and the checked rows.
#[allow(clippy::type_complexity)]
fn prepare<R: RowImporter>(
    reading: Arc<Reading<R::Context>>,
    chunk: Chunk,
    after: u64,
) -> (u64, oneshot::Receiver<Vec<Checked<R::Row>>>) {
    let end = chunk.first_row + chunk.rows.max(1) - 1;
    let (tx, rx) = oneshot::channel();
    let work = move || {
        let checked: Vec<Checked<R::Row>> =
            rows::read_chunk(reading.format, &reading.columns, &chunk)
                .into_iter()
                .filter(|r| r.row > after)
                .map(|r| R::check(&reading.context, r))
                .collect();
        let _ = tx.send(checked);
    };
    // Without a thread (the system refuses one), the sender is dropped and the run fails
    // and is retried.
    let _ = std::thread::Builder::new()
        .name("crm-import-rows".into())
        .spawn(work);
    (end, rx)
}

/// Runs import `id` from where it stopped, until it ends or `stop` is set.
pub async fn run<R: RowImporter>(
    queue: &dyn ImportQueue,
    importer: &R,
    id: Uuid,
    stop: &AtomicBool,
) -> DomainResult<JobEnd> {
    let Some((actor, imp)) = queue.open(id).await? else {
        return Ok(JobEnd::Done);
    };
    let context = match importer.context(&actor, &imp).await? {
        Ok(c) => c,
        Err(why) => {
            queue.finish(&actor, id, Some(why)).await?;
            return Ok(JobEnd::Done);
        }
    };
    let reading = Arc::new(Reading {
        format: imp.format,
        columns: imp.columns.clone(),
        context,
    });
    let mut done = imp.progress.rows_done;
    // Rows of the next chunk are read and checked on another thread while this chunk's
    // batches are written.
    let mut next = queue
        .chunk_at(&actor, id, done + 1)
        .await?
        .map(|c| prepare::<R>(reading.clone(), c, done));
    while let Some((chunk_end, ready)) = next.take() {
        let mut rows = ready
            .await
            .map_err(|_| DomainError::internal("reading an import chunk failed"))?;
        next = queue
            .chunk_at(&actor, id, chunk_end + 1)
            .await?
            .map(|c| prepare::<R>(reading.clone(), c, chunk_end));
        loop {
            if stop.load(Ordering::Relaxed) {
                return Ok(JobEnd::Stopped);
            }
            let batch: Vec<Checked<R::Row>> = rows.drain(..rows.len().min(BATCH_ROWS)).collect();
            let to = if rows.is_empty() {
                chunk_end.max(batch.last().map_or(done, |i| i.row))
            } else {
                batch.last().map_or(done, |i| i.row)
            };
            let progress = match importer
                .write(&reading.context, &actor, id, done, to, batch, imp.dry_run)
                .await
            {
                Ok(p) => p,
                // Cancelled, or another worker moved on: this run has nothing left to do.
                Err(DomainError::Conflict { .. }) => return Ok(JobEnd::Done),
                Err(e) => return Err(e),
            };
            done = progress.rows_done;
            if rows.is_empty() {
                break;
            }
        }
    }
    queue.finish(&actor, id, None).await?;
    Ok(JobEnd::Done)
}

/// Marks import `id` failed with `why` (its job has run out of attempts).
pub async fn give_up(queue: &dyn ImportQueue, id: Uuid, why: &str) -> DomainResult<()> {
    if let Some((actor, _)) = queue.open(id).await? {
        queue.finish(&actor, id, Some(why.to_string())).await?;
    }
    Ok(())
}

/// The job that runs one resource's imports (its subject is the import).
pub struct ImportJob<R> {
    pub kind: &'static str,
    pub queue: Arc<dyn ImportQueue>,
    pub importer: R,
}

#[async_trait]
impl<R: RowImporter> JobHandler for ImportJob<R> {
    fn kind(&self) -> &'static str {
        self.kind
    }

    async fn run(&self, job: &Job, stop: &AtomicBool) -> DomainResult<JobEnd> {
        run(self.queue.as_ref(), &self.importer, job.subject_id, stop).await
    }

    async fn give_up(&self, job: &Job, why: &str) -> DomainResult<()> {
        give_up(self.queue.as_ref(), job.subject_id, why).await
    }
}
