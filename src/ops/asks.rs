use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::model::{Ask, AskQuery, AskStatus, NewAsk};
use crate::store::{asks, contacts, interests};
use crate::Store;

impl Store {
    /// Records a need or an offer of a contact (or of me).
    pub fn add_ask(&mut self, input: NewAsk, now: DateTime<Utc>) -> Result<Ask> {
        let input = input.validated()?;
        let tx = self.conn.transaction()?;
        super::require_contact(&tx, input.contact_id, "contactId")?;
        let id = asks::insert_ask(&tx, &input, now)?;
        for name in &input.interests {
            let interest = interests::get_or_insert_interest(&tx, name, now)?;
            asks::insert_ask_interest(&tx, id, interest)?;
        }
        let ask = asks::get_ask(&tx, id)?;
        tx.commit()?;
        Ok(ask)
    }

    pub fn list_asks(&self, query: &AskQuery) -> Result<Vec<Ask>> {
        asks::list_asks(&self.conn, query)
    }

    /// Marks an ask helped (by whom), closed, or open again.
    pub fn set_ask_status(
        &mut self,
        id: i64,
        status: AskStatus,
        helped_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Ask> {
        let tx = self.conn.transaction()?;
        if let Some(by) = helped_by {
            contacts::get_contact_ref(&tx, by)?;
        }
        asks::update_ask_status(&tx, id, status, helped_by, now)?;
        let ask = asks::get_ask(&tx, id)?;
        tx.commit()?;
        Ok(ask)
    }

    pub fn delete_ask(&mut self, id: i64) -> Result<()> {
        asks::get_ask(&self.conn, id)?;
        asks::delete_ask(&self.conn, id)
    }
}
