//! The lead scoring use cases: rules checked against the people filter catalogue (read
//! through the scoring port: this crate cannot name the customers area), thresholds,
//! page visits and a person's score.

use super::OpportunitiesService;
use crate::scoring::{
    NewPageVisit, PageVisit, PersonScore, ScoringRule, ScoringRuleInput, Thresholds,
};
use crm_core::{Actor, DomainResult};
use uuid::Uuid;

impl OpportunitiesService {
    /// The scoring store, for the scoring jobs.
    pub(crate) fn scoring_store(&self) -> std::sync::Arc<dyn crate::ports::ScoringRepository> {
        self.ports.scoring.clone()
    }

    /// The organisation's live scoring rules, oldest first.
    pub async fn scoring_rules(&self, actor: &Actor) -> DomainResult<Vec<ScoringRule>> {
        self.ports.scoring.rules(actor).await
    }

    /// One scoring rule.
    pub async fn scoring_rule(&self, actor: &Actor, id: Uuid) -> DomainResult<ScoringRule> {
        self.ports.scoring.rule(actor, id).await
    }

    /// Checks a rule against the people filter catalogue (with the organisation's
    /// custom fields) and stores it; its points follow by a job.
    pub async fn create_scoring_rule(
        &self,
        actor: &Actor,
        input: ScoringRuleInput,
    ) -> DomainResult<ScoringRule> {
        let people = self.ports.scoring.people_catalogue(actor).await?;
        let rule = input.validate(None, &people)?;
        self.ports.scoring.create_rule(actor, rule).await
    }

    /// Checks a patch over the stored rule and stores it if the rule is still the
    /// version checked (`if_version` if given).
    pub async fn update_scoring_rule(
        &self,
        actor: &Actor,
        id: Uuid,
        input: ScoringRuleInput,
        if_version: Option<i64>,
    ) -> DomainResult<ScoringRule> {
        let stored = self.ports.scoring.rule(actor, id).await?;
        let people = self.ports.scoring.people_catalogue(actor).await?;
        let rule = input.validate(Some(&stored), &people)?;
        let version = if_version.unwrap_or(stored.version);
        self.ports
            .scoring
            .update_rule(actor, id, rule, version)
            .await
    }

    /// Deletes a rule (restorable); the points it gave go by a job.
    pub async fn delete_scoring_rule(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.ports.scoring.delete_rule(actor, id, if_version).await
    }

    /// Brings a deleted rule back; its points follow by a job.
    pub async fn restore_scoring_rule(&self, actor: &Actor, id: Uuid) -> DomainResult<ScoringRule> {
        self.ports.scoring.restore_rule(actor, id).await
    }

    /// The score thresholds and their version.
    pub async fn score_thresholds(&self, actor: &Actor) -> DomainResult<(Thresholds, i64)> {
        self.ports.scoring.thresholds(actor).await
    }

    /// Checks and replaces the score thresholds.
    pub async fn set_score_thresholds(
        &self,
        actor: &Actor,
        values: Vec<i64>,
        if_version: Option<i64>,
    ) -> DomainResult<(Thresholds, i64)> {
        let t = Thresholds::check(values)?;
        self.ports
            .scoring
            .set_thresholds(actor, t, if_version)
            .await
    }

    /// Checks and records a page visit of a person.
    pub async fn record_page_visit(
        &self,
        actor: &Actor,
        person: Uuid,
        url: String,
        title: Option<String>,
        occurred_at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> DomainResult<PageVisit> {
        let v = NewPageVisit::check(person, url, title, occurred_at, chrono::Utc::now())?;
        self.ports.scoring.record_visit(actor, v).await
    }

    /// A person's score, by rule and over time.
    pub async fn person_score(&self, actor: &Actor, person: Uuid) -> DomainResult<PersonScore> {
        self.ports.scoring.score(actor, person).await
    }
}
