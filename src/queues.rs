//! Queues: where calls wait in line (put there by LaML's `<Enqueue>`)
//! until they are dequeued.
//!
//! A member is addressed by its call's sid, or as [`Member::Front`], the
//! call first in line:
//!
//! ```no_run
//! use laml::queues::{Member, UpdateQueueMember};
//!
//! # async fn run(client: laml::Client) -> Result<(), laml::Error> {
//! let dequeued = client
//!     .send(
//!         &UpdateQueueMember::dequeue(Member::Front)
//!             .from("QU0001")
//!             .url("https://example.com/agent.xml"),
//!     )
//!     .await?;
//! println!("{} waited {} s", dequeued.call_sid, dequeued.wait_time);
//! # Ok(()) }
//! ```

use std::borrow::Cow;

use crate::sid::{AccountSid, CallSid, QueueSid};
use crate::{endpoint, resource, Page, PathValue, Timestamp};

pub use crate::CallbackMethod;

/// Which member of a queue a request addresses: a call in it, or whoever
/// is first in line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Member {
    /// The call first in line (`Front` in the path).
    Front,
    /// The call with this sid.
    Call(CallSid),
}

impl From<CallSid> for Member {
    fn from(sid: CallSid) -> Self {
        Member::Call(sid)
    }
}

impl From<&CallSid> for Member {
    fn from(sid: &CallSid) -> Self {
        Member::Call(sid.clone())
    }
}

impl From<&str> for Member {
    fn from(sid: &str) -> Self {
        Member::Call(sid.into())
    }
}

impl From<String> for Member {
    fn from(sid: String) -> Self {
        Member::Call(sid.into())
    }
}

impl From<&String> for Member {
    fn from(sid: &String) -> Self {
        Member::Call(sid.into())
    }
}

impl PathValue for Member {
    fn to_segment(&self) -> Cow<'_, str> {
        match self {
            Member::Front => Cow::Borrowed("Front"),
            Member::Call(sid) => sid.to_segment(),
        }
    }
}

/// A queue of calls waiting in line.
#[resource(list = "queues")]
pub struct Queue {
    /// The unique identifier of this queue.
    #[resource(required)]
    pub sid: QueueSid,
    /// The account (project) of the queue.
    pub account_sid: AccountSid,
    /// A description, up to 64 characters, of the queue.
    pub friendly_name: String,
    /// The most calls the queue holds, if it has a limit.
    pub max_size: Option<i64>,
    /// How many calls wait in the queue now.
    pub current_size: i64,
    /// The mean time the calls in the queue have waited, in seconds.
    pub average_wait_time: i64,
    /// When the queue was created.
    pub date_created: Option<Timestamp>,
    /// When the queue was last updated.
    pub date_updated: Option<Timestamp>,
    /// The version of the API.
    pub api_version: String,
    /// The URI of this queue, relative to the host.
    pub uri: String,
}

/// A call waiting in a queue.
#[resource(list = "queue_members")]
pub struct QueueMember {
    /// The sid of the waiting call, which identifies the member.
    #[resource(required)]
    pub call_sid: CallSid,
    /// The account (project) of the queue.
    pub account_sid: AccountSid,
    /// The queue the call waits in.
    pub queue_sid: QueueSid,
    /// When the call joined the queue.
    pub date_enqueued: Option<Timestamp>,
    /// The call's place in line, from 1.
    pub position: i64,
    /// How long the call has waited, in seconds.
    pub wait_time: i64,
    /// The kind of member, as the API writes it.
    pub member_type: String,
    /// The URI of this member, relative to the host.
    pub uri: String,
}

/// Lists the project's queues, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Queues",
    query,
    response = Page<Queue>,
    op = "list_queues"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQueues {
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many queues a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Creates a queue.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Queues",
    form,
    response = Queue,
    op = "create_queue"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateQueue {
    /// A description, up to 64 characters, of the queue.
    pub friendly_name: String,
    /// The most calls the queue holds.
    pub max_size: Option<u32>,
}

/// Fetches one queue, with its current size and mean wait.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Queues/<Sid>",
    response = Queue,
    op = "retrieve_queue"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchQueue {
    /// The queue's sid.
    pub sid: QueueSid,
}

/// Renames a queue, or changes its limit.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Queues/<Sid>",
    form,
    response = Queue,
    op = "update_queue"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateQueue {
    /// The queue's sid.
    pub sid: QueueSid,
    /// A description, up to 64 characters, of the queue.
    pub friendly_name: String,
    /// The most calls the queue holds.
    pub max_size: Option<u32>,
}

/// Deletes an empty queue.
#[endpoint(DELETE, "/Accounts/<AccountSid>/Queues/<Sid>", op = "delete_queue")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteQueue {
    /// The queue's sid.
    pub sid: QueueSid,
}

/// Lists the calls waiting in a queue, first in line first, a page at a
/// time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Queues/<QueueSid>/Members",
    query,
    response = Page<QueueMember>,
    op = "list_all_queue_members"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQueueMembers {
    /// The queue's sid.
    pub queue_sid: QueueSid,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many members a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Fetches one member of a queue, or the one first in line.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Queues/<QueueSid>/Members/<CallSid>",
    response = QueueMember,
    op = "retrieve_queue_member"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchQueueMember {
    /// The queue's sid.
    pub queue_sid: QueueSid,
    /// The member: a call's sid, or [`Member::Front`].
    pub call_sid: Member,
}

/// Dequeues a member: its call leaves the queue and runs the LaML at
/// `url`.
///
/// Not idempotent, though its path ends in a sid: sent again, a dequeue of
/// [`Member::Front`] takes the next caller, so it is retried only where the
/// API cannot have acted, as a create is.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Queues/<QueueSid>/Members/<CallSid>",
    form,
    response = QueueMember,
    op = "update_queue_member",
    idempotent = false
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateQueueMember {
    /// The queue's sid.
    pub queue_sid: QueueSid,
    /// The member: a call's sid, or [`Member::Front`].
    pub call_sid: Member,
    /// The URL of the LaML the dequeued call runs.
    pub url: String,
    /// Whether the request to `url` is a `GET` or a `POST`.
    pub method: Option<CallbackMethod>,
}

impl UpdateQueueMember {
    /// Starts a dequeue of `member` (a call's sid, or [`Member::Front`]);
    /// [`Dequeue::from`] names the queue and [`DequeueFrom::url`] the LaML
    /// the call runs. The same request as [`UpdateQueueMember::new`], whose
    /// arguments all take a string.
    ///
    /// ```
    /// use laml::queues::{Member, UpdateQueueMember};
    ///
    /// let dequeue = UpdateQueueMember::dequeue(Member::Front)
    ///     .from("QU0001")
    ///     .url("https://example.com/agent.xml");
    /// assert_eq!(dequeue.queue_sid, "QU0001");
    /// ```
    pub fn dequeue(member: impl Into<Member>) -> Dequeue {
        Dequeue {
            member: member.into(),
        }
    }
}

/// A dequeue with its member named, waiting for its queue: what
/// [`UpdateQueueMember::dequeue`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a member is dequeued only once its queue and URL are named and the request is sent"]
pub struct Dequeue {
    member: Member,
}

impl Dequeue {
    /// Names the queue's sid.
    pub fn from(self, queue_sid: impl Into<QueueSid>) -> DequeueFrom {
        DequeueFrom {
            member: self.member,
            queue_sid: queue_sid.into(),
        }
    }
}

/// A dequeue with its member and queue named, waiting for the URL of the
/// LaML the call runs: what [`Dequeue::from`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a member is dequeued only once its URL is named and the request is sent"]
pub struct DequeueFrom {
    member: Member,
    queue_sid: QueueSid,
}

impl DequeueFrom {
    /// Names the URL of the LaML the dequeued call runs, giving the request.
    pub fn url(self, url: impl Into<String>) -> UpdateQueueMember {
        UpdateQueueMember::new(self.queue_sid, self.member, url)
    }
}
