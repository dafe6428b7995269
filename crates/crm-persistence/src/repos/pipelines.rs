//! Sales pipelines and their stages: a pipeline row and its stage rows, written in one
//! transaction and journaled as one record.

use super::opportunities::{Holding, count_in};
use crate::db::Db;
use crate::entities::{pipeline, pipeline_stage};
use crate::error::{Result, port};
use crate::journal;
use crate::record::{self, Record, State, find, scoped};
use crate::time;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::error::Errors;
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainError, DomainResult, EventType};
use crm_opportunities::events;
use crm_opportunities::pipeline::{
    MAX_PIPELINES, NewPipeline, NewStage, Pipeline, Stage, StageKind,
};
use crm_opportunities::ports::PipelineRepository;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use std::collections::HashMap;
use uuid::Uuid;

pub(crate) struct Pipelines(pub Db);

fn stage(r: pipeline_stage::Model) -> Result<Stage> {
    Ok(Stage {
        id: r.id,
        kind: StageKind::parse(&r.kind).ok_or_else(|| {
            DomainError::internal(format!("stored stage kind '{}' is unknown", r.kind))
        })?,
        name: r.name,
        probability: u8::try_from(r.probability.clamp(0, 100)).unwrap_or_default(),
        retired: r.retired_at.is_some(),
    })
}

fn with_stages(r: pipeline::Model, stages: Vec<Stage>) -> Pipeline {
    Pipeline {
        id: r.id,
        name: r.name,
        stages,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
    }
}

/// The stages of `pipelines` (all of one organisation), each pipeline's in order.
async fn stages_of<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    pipelines: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Stage>>> {
    let rows = record::in_org::<pipeline_stage::Entity>(org)
        .filter(pipeline_stage::Column::PipelineId.is_in(pipelines.iter().copied()))
        .order_by_asc(pipeline_stage::Column::PipelineId)
        .order_by_asc(pipeline_stage::Column::Position)
        .all(c)
        .await?;
    let mut by = HashMap::<Uuid, Vec<Stage>>::new();
    for r in rows {
        by.entry(r.pipeline_id).or_default().push(stage(r)?);
    }
    Ok(by)
}

impl Record for pipeline::Entity {
    const RESOURCE: &'static str = "pipeline";
    const COLLECTION: &'static str = "pipelines";
    const ID: pipeline::Column = pipeline::Column::Id;
    const VERSION: pipeline::Column = pipeline::Column::Version;
    const UPDATED_AT: pipeline::Column = pipeline::Column::UpdatedAt;
    const DELETED_AT: pipeline::Column = pipeline::Column::DeletedAt;
    const DELETED: EventType = events::PIPELINE_DELETED;
    const RESTORED: EventType = events::PIPELINE_RESTORED;
    type View = Pipeline;

    fn version_of(row: &pipeline::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        c: &C,
        row: pipeline::Model,
    ) -> impl std::future::Future<Output = Result<Pipeline>> + Send {
        one(c, row)
    }
}

/// A pipeline row with its stages.
async fn one<C: ConnectionTrait>(c: &C, row: pipeline::Model) -> Result<Pipeline> {
    let mut by = stages_of(c, OrgId(row.org_id), &[row.id]).await?;
    let stages = by.remove(&row.id).unwrap_or_default();
    Ok(with_stages(row, stages))
}

/// Writes the stages as checked, in their order: new ones added, the others changed in
/// place where they differ from `before` (a stage retired keeps when it was retired).
async fn write_stages<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    pipeline_id: Uuid,
    stages: Vec<NewStage>,
    before: &[Stage],
    now: DateTime<Utc>,
) -> Result<Vec<Stage>> {
    let mut out = Vec::with_capacity(stages.len());
    for (position, s) in stages.into_iter().enumerate() {
        let position = i32::try_from(position).unwrap_or(i32::MAX);
        let st = s.stage;
        let old = before
            .iter()
            .position(|b| b.id == st.id)
            .map(|i| (i, &before[i]));
        let retired_at = if st.retired { Some(now) } else { None };
        match old {
            None => {
                pipeline_stage::ActiveModel {
                    id: Set(st.id),
                    org_id: Set(actor.org_id.0),
                    pipeline_id: Set(pipeline_id),
                    position: Set(position),
                    name: Set(st.name.clone()),
                    probability: Set(i32::from(st.probability)),
                    kind: Set(st.kind.as_str().into()),
                    retired_at: Set(retired_at),
                    created_at: Set(now),
                }
                .insert(c)
                .await?;
            }
            Some((i, b)) if usize::try_from(position).ok() != Some(i) || *b != st => {
                let mut update = record::scoped_update::<pipeline_stage::Entity>(actor)
                    .filter(pipeline_stage::Column::Id.eq(st.id))
                    .col_expr(pipeline_stage::Column::Position, position.into())
                    .col_expr(pipeline_stage::Column::Name, st.name.clone().into())
                    .col_expr(
                        pipeline_stage::Column::Probability,
                        i32::from(st.probability).into(),
                    )
                    .col_expr(pipeline_stage::Column::Kind, st.kind.as_str().into());
                if st.retired != b.retired {
                    update = update.col_expr(pipeline_stage::Column::RetiredAt, retired_at.into());
                }
                update.exec(c).await?;
            }
            Some(_) => {}
        }
        out.push(st);
    }
    Ok(out)
}

/// Refuses a change that would strand opportunities: a stage that holds live ones
/// cannot change kind (their status is the stage's kind), and one that holds open ones
/// cannot be retired. Every such stage is named (`stages[i].kind`, `stages[i].retired`).
async fn stages_free_to_change<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    before: &[Stage],
    after: &[NewStage],
) -> Result<()> {
    let mut e = Errors::new();
    for (i, s) in after.iter().enumerate().filter(|(_, s)| !s.new) {
        let Some(b) = before.iter().find(|b| b.id == s.stage.id) else {
            continue;
        };
        if b.kind != s.stage.kind {
            let n = count_in(c, actor, Holding::Stage(b.id), false).await?;
            if n > 0 {
                e.push(
                    format!("stages[{i}].kind"),
                    "in_use",
                    format!("{n} opportunities are in this stage: its kind is their status"),
                );
            }
        }
        if s.stage.retired && !b.retired {
            let n = count_in(c, actor, Holding::Stage(b.id), true).await?;
            if n > 0 {
                e.push(
                    format!("stages[{i}].retired"),
                    "in_use",
                    format!("{n} open opportunities are in this stage: move them first"),
                );
            }
        }
    }
    Ok(e.finish(())?)
}

#[async_trait]
impl PipelineRepository for Pipelines {
    async fn list(&self, actor: &Actor) -> DomainResult<Vec<Pipeline>> {
        port(async {
            let c = &self.0.conn;
            let rows = scoped::<pipeline::Entity>(actor)
                .filter(pipeline::Column::DeletedAt.is_null())
                .order_by_asc(pipeline::Column::CreatedAt)
                .order_by_asc(pipeline::Column::Id)
                .all(c)
                .await?;
            let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
            let mut by = stages_of(c, actor.org_id, &ids).await?;
            Ok(rows
                .into_iter()
                .map(|r| {
                    let stages = by.remove(&r.id).unwrap_or_default();
                    with_stages(r, stages)
                })
                .collect())
        })
        .await
    }

    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Pipeline> {
        record::store::get::<pipeline::Entity>(&self.0, actor, id).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, p: NewPipeline) -> DomainResult<Pipeline> {
        port(async {
            let txn = self.0.begin_write().await?;
            let live = scoped::<pipeline::Entity>(actor)
                .filter(pipeline::Column::DeletedAt.is_null())
                .count(&txn)
                .await?;
            if live >= MAX_PIPELINES {
                return Err(DomainError::conflict(format!(
                    "an organisation has at most {MAX_PIPELINES} pipelines"
                ))
                .into());
            }
            let now = time::now();
            let row = pipeline::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(actor.org_id.0),
                name: Set(p.name),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                deleted_at: Set(None),
            }
            .insert(&txn)
            .await?;
            let stages = write_stages(&txn, actor, row.id, p.stages, &[], now).await?;
            let created = with_stages(row, stages);
            journal::record_change(
                &txn,
                actor,
                events::PIPELINE_CREATED,
                created.id,
                None,
                Some(&created),
            )
            .await?;
            txn.commit().await?;
            Ok(created)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        p: NewPipeline,
        if_version: i64,
    ) -> DomainResult<Pipeline> {
        port(async {
            let txn = self.0.begin_write().await?;
            let row = find::<pipeline::Entity, _>(&txn, actor, id, State::Live, true).await?;
            record::check_version(row.version, Some(if_version))?;
            let before = pipeline::Entity::view(&txn, row.clone()).await?;
            stages_free_to_change(&txn, actor, &before.stages, &p.stages).await?;
            let now = time::now();
            let mut am: pipeline::ActiveModel = row.into();
            am.name = Set(p.name);
            am.updated_at = Set(now);
            am.version = Set(before.version + 1);
            let row = am.update(&txn).await?;
            let stages = write_stages(&txn, actor, id, p.stages, &before.stages, now).await?;
            let after = with_stages(row, stages);
            journal::record_change(
                &txn,
                actor,
                events::PIPELINE_UPDATED,
                id,
                Some(&before),
                Some(&after),
            )
            .await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()> {
        port(async {
            let txn = self.0.begin_write().await?;
            record::soft_delete::<pipeline::Entity, _>(&txn, actor, id, if_version).await?;
            let open = count_in(&txn, actor, Holding::Pipeline(id), true).await?;
            if open > 0 {
                return Err(DomainError::conflict(format!(
                    "{open} open opportunities are in this pipeline: move or close them first"
                ))
                .into());
            }
            Ok(txn.commit().await?)
        })
        .await
    }

    async fn restore(&self, actor: &Actor, id: Uuid) -> DomainResult<Pipeline> {
        record::store::restore::<pipeline::Entity>(
            &self.0,
            actor,
            id,
            "the pipeline cannot be restored",
        )
        .await
    }
}

/// Pipeline `id` of the actor's organisation with its stages, live or (`deleted`) not;
/// `None` if there is none.
pub(crate) async fn pipeline_with_stages<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    deleted: bool,
) -> Result<Option<Pipeline>> {
    let mut q = scoped::<pipeline::Entity>(actor).filter(pipeline::Column::Id.eq(id));
    if !deleted {
        q = q.filter(pipeline::Column::DeletedAt.is_null());
    }
    match q.one(c).await? {
        Some(row) => Ok(Some(one(c, row).await?)),
        None => Ok(None),
    }
}

/// The live pipeline holding stage `stage`, if any.
pub(crate) async fn pipeline_of_stage<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    stage: Uuid,
) -> Result<Option<Uuid>> {
    let row = scoped::<pipeline_stage::Entity>(actor)
        .filter(pipeline_stage::Column::Id.eq(stage))
        .one(c)
        .await?;
    Ok(row.map(|r| r.pipeline_id))
}

/// The organisation's oldest live pipeline: where an opportunity goes when none is named.
pub(crate) async fn first_pipeline<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
) -> Result<Option<Uuid>> {
    let row = scoped::<pipeline::Entity>(actor)
        .filter(pipeline::Column::DeletedAt.is_null())
        .order_by_asc(pipeline::Column::CreatedAt)
        .order_by_asc(pipeline::Column::Id)
        .one(c)
        .await?;
    Ok(row.map(|r| r.id))
}
