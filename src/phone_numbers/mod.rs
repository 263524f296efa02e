//! Phone numbers: the numbers available to buy in each country
//! ([`SearchLocalNumbers`], [`SearchTollFreeNumbers`]), and the project's own,
//! its incoming phone numbers, bought ([`BuyPhoneNumber`]), imported
//! ([`ImportPhoneNumber`]), pointed at URLs or applications
//! ([`UpdatePhoneNumber`]) and released ([`ReleasePhoneNumber`]).
//!
//! Every request addresses the client's project, or the subproject its
//! `account_sid` names.

mod available;
mod incoming;

pub use available::*;
pub use incoming::*;

pub use crate::CallbackMethod;
