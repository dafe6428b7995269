//! A short per-process memory of the active users that access tokens name, so that a
//! request does not read its caller's row every time (decision 0015). A change made
//! through this process forgets the user at once; one made by another replica is seen
//! when the entry expires.

use crate::model::{NewUser, User, UserPatch};
use crate::ports::UserRepository;
use async_trait::async_trait;
use crm_core::filter::Filter;
use crm_core::ids::{OrgId, UserId};
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult, Email};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The most users remembered at once; past it, expired entries go, then all.
const CAPACITY: usize = 10_000;

/// A [`UserRepository`] that remembers `find_active` answers for `ttl` and forgets a
/// user whenever this process updates, deletes or restores them.
pub struct CachedUsers {
    inner: Arc<dyn UserRepository>,
    ttl: Duration,
    seen: Mutex<HashMap<(Uuid, UserId), (Instant, User)>>,
    /// Bumped by every forget: an answer read while a change happened is not kept.
    epoch: AtomicU64,
}

impl CachedUsers {
    pub fn new(inner: Arc<dyn UserRepository>, ttl: Duration) -> Self {
        Self {
            inner,
            ttl,
            seen: Mutex::new(HashMap::new()),
            epoch: AtomicU64::new(0),
        }
    }

    fn remembered(&self, key: (Uuid, UserId)) -> Option<User> {
        let seen = self.seen.lock().ok()?;
        let (at, user) = seen.get(&key)?;
        (at.elapsed() < self.ttl).then(|| user.clone())
    }

    fn remember(&self, key: (Uuid, UserId), user: &User, read_in_epoch: u64) {
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        // Checked under the lock that `forget` also takes: a change that landed while
        // this answer was read has bumped the epoch, and the answer may predate it.
        if self.epoch.load(Ordering::Acquire) != read_in_epoch {
            return;
        }
        if seen.len() >= CAPACITY {
            let ttl = self.ttl;
            seen.retain(|_, (at, _)| at.elapsed() < ttl);
            if seen.len() >= CAPACITY {
                seen.clear();
            }
        }
        seen.insert(key, (Instant::now(), user.clone()));
    }

    fn forget(&self, org_id: Uuid, id: UserId) {
        if let Ok(mut seen) = self.seen.lock() {
            self.epoch.fetch_add(1, Ordering::AcqRel);
            seen.remove(&(org_id, id));
        }
    }
}

#[async_trait]
impl UserRepository for CachedUsers {
    async fn create(&self, actor: &Actor, user: NewUser) -> DomainResult<User> {
        self.inner.create(actor, user).await
    }

    async fn get(&self, actor: &Actor, id: UserId) -> DomainResult<User> {
        self.inner.get(actor, id).await
    }

    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        page: &PageRequest,
    ) -> DomainResult<Page<User>> {
        self.inner.list(actor, filter, page).await
    }

    async fn update(
        &self,
        actor: &Actor,
        id: UserId,
        patch: UserPatch,
        if_version: Option<i64>,
    ) -> DomainResult<User> {
        let result = self.inner.update(actor, id, patch, if_version).await;
        self.forget(actor.org_id.0, id);
        result
    }

    async fn delete(&self, actor: &Actor, id: UserId, if_version: Option<i64>) -> DomainResult<()> {
        let result = self.inner.delete(actor, id, if_version).await;
        self.forget(actor.org_id.0, id);
        result
    }

    async fn restore(&self, actor: &Actor, id: UserId) -> DomainResult<User> {
        let result = self.inner.restore(actor, id).await;
        self.forget(actor.org_id.0, id);
        result
    }

    async fn find_for_login(
        &self,
        email: &Email,
        organisation: Option<OrgId>,
        limit: u64,
    ) -> DomainResult<Vec<(User, String)>> {
        self.inner.find_for_login(email, organisation, limit).await
    }

    async fn record_login(
        &self,
        org_id: OrgId,
        id: UserId,
        new_hash: Option<String>,
    ) -> DomainResult<()> {
        self.inner.record_login(org_id, id, new_hash).await
    }

    async fn find_active(&self, org_id: OrgId, id: UserId) -> DomainResult<Option<User>> {
        let key = (org_id.0, id);
        if let Some(user) = self.remembered(key) {
            return Ok(Some(user));
        }
        let epoch = self.epoch.load(Ordering::Acquire);
        let found = self.inner.find_active(org_id, id).await?;
        if let Some(user) = &found {
            self.remember(key, user, epoch);
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UserStatus;
    use crate::permission::Role;
    use crm_core::{DomainError, Principal};
    use std::sync::atomic::AtomicUsize;

    /// One stored user and a count of the reads that reached storage.
    struct Stored {
        user: Mutex<Option<User>>,
        reads: AtomicUsize,
    }

    fn unused<T>() -> DomainResult<T> {
        Err(DomainError::internal("not used by these tests"))
    }

    #[async_trait]
    impl UserRepository for Stored {
        async fn create(&self, _: &Actor, _: NewUser) -> DomainResult<User> {
            unused()
        }
        async fn get(&self, _: &Actor, _: UserId) -> DomainResult<User> {
            unused()
        }
        async fn list(
            &self,
            _: &Actor,
            _: Option<&Filter>,
            _: &PageRequest,
        ) -> DomainResult<Page<User>> {
            unused()
        }
        async fn update(
            &self,
            _: &Actor,
            _: UserId,
            patch: UserPatch,
            _: Option<i64>,
        ) -> DomainResult<User> {
            let mut user = self.user.lock().expect("lock");
            let Some(u) = user.as_mut() else {
                return Err(DomainError::not_found("user"));
            };
            if let Some(role) = patch.role {
                u.role = role;
            }
            Ok(u.clone())
        }
        async fn delete(&self, _: &Actor, _: UserId, _: Option<i64>) -> DomainResult<()> {
            *self.user.lock().expect("lock") = None;
            Ok(())
        }
        async fn restore(&self, _: &Actor, _: UserId) -> DomainResult<User> {
            unused()
        }
        async fn find_for_login(
            &self,
            _: &Email,
            _: Option<OrgId>,
            _: u64,
        ) -> DomainResult<Vec<(User, String)>> {
            unused()
        }
        async fn record_login(&self, _: OrgId, _: UserId, _: Option<String>) -> DomainResult<()> {
            unused()
        }
        async fn find_active(&self, _: OrgId, _: UserId) -> DomainResult<Option<User>> {
            self.reads.fetch_add(1, Ordering::SeqCst);
            Ok(self.user.lock().expect("lock").clone())
        }
    }

    fn setup(ttl: Duration) -> (Arc<Stored>, CachedUsers, User) {
        let now = chrono::Utc::now();
        let user = User {
            id: UserId::new(),
            org_id: OrgId(Uuid::now_v7()),
            email: "ana@example.com".into(),
            name: "Ana".into(),
            role: Role::Admin,
            status: UserStatus::Active,
            last_login_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let stored = Arc::new(Stored {
            user: Mutex::new(Some(user.clone())),
            reads: AtomicUsize::new(0),
        });
        let cached = CachedUsers::new(stored.clone(), ttl);
        (stored, cached, user)
    }

    fn actor_of(u: &User) -> Actor {
        Actor::new(u.org_id, Principal::User(u.id), None)
    }

    #[tokio::test]
    async fn a_second_lookup_within_the_lifetime_does_not_reach_storage() {
        let (stored, cached, u) = setup(Duration::from_secs(60));
        for _ in 0..3 {
            let found = cached.find_active(u.org_id, u.id).await.expect("read");
            assert_eq!(found.map(|f| f.id), Some(u.id));
        }
        assert_eq!(stored.reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn an_expired_entry_is_read_again() {
        let (stored, cached, u) = setup(Duration::from_millis(20));
        cached.find_active(u.org_id, u.id).await.expect("read");
        tokio::time::sleep(Duration::from_millis(40)).await;
        cached.find_active(u.org_id, u.id).await.expect("read");
        assert_eq!(stored.reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_role_change_through_this_process_is_seen_by_the_next_lookup() {
        let (_, cached, u) = setup(Duration::from_secs(60));
        cached.find_active(u.org_id, u.id).await.expect("read");
        let patch = UserPatch {
            role: Some(Role::Viewer),
            ..UserPatch::default()
        };
        cached
            .update(&actor_of(&u), u.id, patch, None)
            .await
            .expect("update");
        let found = cached.find_active(u.org_id, u.id).await.expect("read");
        assert_eq!(found.map(|f| f.role), Some(Role::Viewer));
    }

    #[tokio::test]
    async fn a_deleted_user_is_not_found_by_the_next_lookup() {
        let (_, cached, u) = setup(Duration::from_secs(60));
        cached.find_active(u.org_id, u.id).await.expect("read");
        cached
            .delete(&actor_of(&u), u.id, None)
            .await
            .expect("delete");
        assert!(
            cached
                .find_active(u.org_id, u.id)
                .await
                .expect("read")
                .is_none()
        );
    }

    #[tokio::test]
    async fn an_answer_read_while_a_change_landed_is_not_kept() {
        let (stored, cached, u) = setup(Duration::from_secs(60));
        let epoch = cached.epoch.load(Ordering::Acquire);
        cached.forget(u.org_id.0, u.id);
        cached.remember((u.org_id.0, u.id), &u, epoch);
        cached.find_active(u.org_id, u.id).await.expect("read");
        assert_eq!(stored.reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_zero_lifetime_reads_storage_every_time() {
        let (stored, cached, u) = setup(Duration::ZERO);
        cached.find_active(u.org_id, u.id).await.expect("read");
        cached.find_active(u.org_id, u.id).await.expect("read");
        assert_eq!(stored.reads.load(Ordering::SeqCst), 2);
    }
}
