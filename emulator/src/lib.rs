//! A local, stateful stand-in for SignalWire's Compatibility (LaML) REST API,
//! for tests, offline examples and other languages' SDKs.
//!
//! It answers all 79 operations of the API over real HTTP on `127.0.0.1`,
//! driven by the facts table the crate embeds (`spec/operations.json`,
//! generated from SignalWire's OpenAPI document): routing, parameter checks,
//! rendering and paging come from the table, and every operation has a
//! default behaviour over one in-memory store ([Effects](#effects)). The
//! conference family (conferences, their participants, recordings and
//! streams), the voice family (calls, their recordings and streams,
//! queues, recordings and transcriptions), messages and faxes, phone
//! numbers, applications, LaML bins, subprojects and API tokens also have
//! their real behaviour. State lives in memory; each
//! [`Emulator`] has its own, seeded by the test and changed by the requests
//! it receives. Like the real platform, it calls apps back ([apps](#apps)):
//! a call requests its app's LaML, signed with the project's signing key,
//! and follows it; incoming calls and messages reach a number's app; status
//! callbacks report each step. A test
//! can also make it misbehave on purpose ([faults](#faults)), and count the
//! connections its client opens ([`Emulator::connections`]); SDKs in other
//! languages reach all of this over HTTP ([control surface](#control-surface)).
//!
//! # Examples
//!
//! ```
//! use laml_emulator::{ConferenceSeed, Emulator};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::start().await?;
//! let sid = emulator.seed_conference(ConferenceSeed {
//!     friendly_name: "Team Sync".into(),
//!     status: "in-progress".into(),
//!     ..ConferenceSeed::default()
//! });
//!
//! // A client points at `space_url()` with the emulator's credentials.
//! let url = format!(
//!     "{}/api/laml/2010-04-01/Accounts/{}/Conferences/{sid}.json",
//!     emulator.space_url(),
//!     emulator.project_id(),
//! );
//! let response = reqwest::Client::new()
//!     .post(url)
//!     .basic_auth(emulator.project_id(), Some(emulator.api_token()))
//!     .header("content-type", "application/x-www-form-urlencoded")
//!     .body("Status=completed")
//!     .send()
//!     .await?;
//! assert_eq!(response.status(), 200);
//!
//! // The state changed, and the request was recorded as sent.
//! assert_eq!(emulator.conference(&sid).unwrap()["status"], "completed");
//! assert_eq!(emulator.requests()[0].body, "Status=completed");
//! # Ok(())
//! # }
//! ```
//!
//! The `laml-emulator` binary runs one with demo data until Ctrl-C:
//! `cargo run -p laml-emulator -- --port 8080`.
//!
//! # Paths
//!
//! Every operation answers at its spec path under `/api/laml/2010-04-01`
//! (`/Accounts`, `/Accounts/{Sid}`, `/Accounts/{AccountSid}/Calls`…), and
//! also without the `/api/laml` prefix, and with or without `.json` on the
//! last segment (`Conferences.json`, `Conferences/{Sid}.json`). Ids are
//! matched after percent-decoding each segment, and the path is split on `/`
//! before decoding, so a sid such as `a/b?c#d%e f` is reached as
//! `a%2Fb%3Fc%23d%25e%20f`. The `uri` fields of responses percent-encode ids
//! the same way. A last segment ending in a literal `.json` always loses it,
//! so a sid that itself ends in `.json` must be sent with `.json` appended.
//!
//! # Requests
//!
//! Every request is authenticated first, from its headers alone (401,
//! except a [LaML bin](#effects)'s document, served to anyone): Basic
//! authentication with an account's sid and its `auth_token` (the project
//! id and API token, or a subproject's sid and the `auth_token` its creation
//! answered), or with an API token created under that account and not
//! deleted. The credentials name the caller. A request refused here has
//! its body neither read nor recorded, so a stranger can neither fill the
//! log nor hold a connection open with a body that never comes. Then the
//! body is read: at most 1 MiB (413), all there within
//! [`Config::body_read_timeout`] (else 408, and the connection closes).
//! Then the request is recorded (see [`Emulator::requests`]), except one to
//! the [control surface](#control-surface), and the first
//! [fault](#faults) that applies to it, if any, replaces what follows.
//! Then it is checked in this order; the first failure is the reply, and a
//! refused request changes nothing:
//!
//! 1. The credentials (above).
//! 2. The path: one of the spec's path templates (404).
//! 3. The method, as the spec defines it for that path (405, with `Allow`
//!    listing the path's methods).
//! 4. The parameters (400), against the operation's spec: `GET` and
//!    `DELETE` take them from the query string, `POST` from an
//!    `application/x-www-form-urlencoded` body (415 for another body type,
//!    400 for parameters in a POST's query string), and `update_token`'s
//!    `PATCH` from the `application/json` object the spec declares (or a
//!    form). A parameter the operation does not define is refused, as the
//!    spec's request schemas allow no other property; a required one must
//!    be given; a parameter given twice is refused unless the spec makes it
//!    an array (`permissions=a&permissions=b`); enum values must match
//!    exactly; booleans are `true` or `false` in any case (`True`, as
//!    SignalWire's Python SDK sends), and so is an enum of just `true` and
//!    `false` (a fax's `StoreMedia`); integers are digits within `int32`
//!    (`PageSize` 1–1000, `Page` ≥ 0); `format: uri` values must be
//!    absolute `http(s)://` URLs (a stream's `Url` must be `wss://`); date
//!    filters (`DateCreated<`, `StartTime>`…) are `YYYY-MM-DD`, and the
//!    time filters of calls, messages and faxes (`StartTime`, `EndTime`,
//!    `DateSent`, `DateCreatedAfter`…, and the `DateCreated` filters of a
//!    message's media and of the project's recordings and transcriptions, as
//!    SignalWire's Python SDK sends them) also take a UTC time,
//!    `YYYY-MM-DDTHH:MM:SSZ`, compared to the second;
//!    `FriendlyName` has at most 64 characters. Names are taken literally,
//!    `DateCreated<` and `Parameter1.Name` included; a stream takes
//!    `Parameter1.Name` to `Parameter99.Value`. Every list takes `PageSize`,
//!    `Page` and `PageToken`, the available numbers' too, though the spec
//!    leaves them out there. A query or form body must be well-formed
//!    percent-encoded UTF-8 without a NUL. The parties of calls, messages
//!    and faxes are checked as the API checks them: `To` and `From` are
//!    E.164 numbers (`+` and 8 to 15 digits), a message's `From` may be a
//!    short code (3 to 8 digits), a call's parties may be `sip:` or
//!    `client:` addresses and a fax's `To` a `sip:` address. A call's
//!    `StatusCallbackEvent` names `initiated`, `ringing`, `answered` or
//!    `completed`, and a `RecordingStatusCallbackEvent` `in-progress`,
//!    `completed` or `absent`, one by one or several in a value separated by
//!    spaces or commas. A message needs `From`
//!    (or `MessagingServiceSid`) and a non-empty `Body` or a `MediaUrl`, as
//!    the spec's prose says; it takes at most 8 `MediaUrl`s and a `Body` of
//!    at most 1600 characters, and Update a Message takes only an empty
//!    `Body`, which redacts it.
//! 5. The sids in the path (404): the account, which must be the caller or
//!    a subproject the caller owns (another account is 404, not 403, so the
//!    reply says nothing about which accounts exist), each parent of a nested
//!    resource, then the resource. `CallSidToCoach` is checked here too,
//!    against the conference's participants (400); `VoiceApplicationSid`
//!    and `SmsApplicationSid` against the account's applications, a number
//!    to buy against the numbers on sale, and the accounts `AccountSid` (a
//!    number's transfer) and `subproject_id` (a token's) name against those
//!    the caller owns (400). A subproject cannot create subprojects (403).
//! 6. The resource's state (422): a completed conference cannot be updated
//!    and takes no new stream, a participant of a completed conference
//!    cannot be updated, only a recording that is `queued`, `in-progress`,
//!    `paused` or `resumed` can be updated, a stream stops once, and a
//!    stream name is used by one running stream per conference or call.
//!    A call that has ended cannot be updated; `Status=canceled` needs a
//!    call `queued` or `ringing`, `Status=completed` one `in-progress`; only
//!    a call that has ended can be deleted; only a call `in-progress` is
//!    recorded or streamed; a queue with calls waiting cannot be deleted. A
//!    message still `queued` can be neither redacted nor deleted, and only a
//!    `queued` fax can be canceled.
//!
//! # Errors
//!
//! Every error body has the `CompatibilityErrorResponse` shape,
//! `{"code", "message", "more_info", "status"}`, with `more_info` set to
//! `https://www.twilio.com/docs/errors/{code}`:
//!
//! | status | code  | when |
//! |--------|-------|------|
//! | 401    | 20003 | missing or wrong credentials (a deleted API token included); `message` is `Authenticate` |
//! | 403    | 20403 | a subproject's credentials creating a subproject |
//! | 404    | 20404 | unknown path, another account's path, or an unknown sid |
//! | 405    | 20004 | a method the resource does not have |
//! | 400    | 21101 | a required parameter is missing (as the spec says, and `CallSidToCoach` when `Coaching` is true) |
//! | 400    | 21201 | a call's or fax's `To` missing or empty: "No 'To' number is specified" |
//! | 400    | 21213 | a call's or fax's `From` missing or empty: "Caller phone number is required" |
//! | 400    | 21604 | a message's `To` missing or empty: "'To' phone number is required to send a Message" |
//! | 400    | 21603 | a message's `From` missing or empty (without `MessagingServiceSid`): "'From' phone number is required to send a Message" |
//! | 400    | 21602 | a message with neither a non-empty `Body` nor a `MediaUrl`: "Message body is required" |
//! | 400    | 21211 | a `To` in no form the operation takes: "Invalid 'To' Phone Number" |
//! | 400    | 21212 | a `From` in no form the operation takes: "Invalid 'From' Phone Number" |
//! | 400    | 21119 | a query or form body that is not percent-encoded UTF-8 (`%` without two hex digits, bytes that are not UTF-8) or holds a NUL |
//! | 400    | 21102 | a value outside the spec's enum (or a status callback event outside the documented list), or too long (`FriendlyName` over 64 characters, a message's `Body` over 1600), a ninth `MediaUrl`, a non-empty `Body` to Update a Message |
//! | 400    | 21103 | a `format: uri` value that is not an absolute URL of the right scheme |
//! | 400    | 21104 | not an integer, or out of range (`PageSize` 1–1000, `Page` ≥ 0), or not a number |
//! | 400    | 21105 | a boolean other than `true` or `false` (in any case) |
//! | 400    | 21106 | a date filter not in `YYYY-MM-DD` form (nor `YYYY-MM-DDTHH:MM:SSZ` for a time filter) |
//! | 400    | 21107 | a `PageToken` the emulator did not hand out |
//! | 400    | 21108 | a parameter the operation does not define |
//! | 400    | 21109 | a parameter given more than once that is not an array |
//! | 400    | 21110 | `CallSidToCoach` is not another participant of the conference |
//! | 400    | 21115 | `VoiceApplicationSid` or `SmsApplicationSid` names no application of the number's account |
//! | 400    | 21422 | a number to buy that is not on sale (not in the inventory, or held by an account), as Twilio's "PhoneNumber is not available" |
//! | 400    | 22110 | a number to import that an account holds already (this one, another subproject, the project), as Twilio's "Phone Number Not Hostable" |
//! | 400    | 21117 | an `AccountSid` (to move a number to) or `subproject_id` (of a token) that the caller does not own |
//! | 415    | 21111 | a body that is not `application/x-www-form-urlencoded` (nor `application/json` for `update_token`) |
//! | 400    | 21114 | a JSON body that is not an object of strings, numbers, booleans or arrays of them |
//! | 413    | 21112 | a body over 1 MiB |
//! | 408    | 21118 | a body not all there within [`Config::body_read_timeout`] (30 s); the connection closes |
//! | 422    | 21220 | the resource's state does not allow the change (a call hung up twice, canceled once answered, deleted while live; a queue deleted with calls waiting) |
//! | 400    | 21113 | a control request the emulator cannot read (bad JSON, an unknown fault or member) |
//! | any    | status × 100 | a [`Fault::Status`]: `50300` for 503, `42900` for 429 |
//!
//! # Responses
//!
//! JSON with every field the spec lists for the response, and no other:
//! what the resource stores, else its ids from the path (`account_sid`,
//! `conference_sid`…), `api_version` `2010-04-01`, `uri` (such as
//! `/api/laml/2010-04-01/Accounts/{AccountSid}/Conferences/{Sid}.json`) and
//! `subresource_uris` computed, else a default of the field's type: `null`
//! when nullable, the first value of an enum, `""`, `false`, `0`, `[]`.
//! Dates are RFC 2822 (`Wed, 18 Aug 2021 19:21:34 +0000`), sids uuids. The
//! status is the spec's (201 for most creates, 200 for the others);
//! `DELETE` answers 204 with no body.
//!
//! Lists are ordered by `date_created`, then sid, oldest first. They page
//! as the Twilio-compatible API does: `PageSize` (default 50, at most 1000),
//! `Page` (from 0) and `PageToken` (`PA` or `PB` and the offset of the
//! page's first item; when given it wins over `Page`). The envelope holds
//! the items under the spec's list key (`conferences`, `participants`,
//! `calls`…; both `media` and `fax_media` for fax media), plus
//! `uri`, `first_page_uri`, `next_page_uri` (`null` on the last page),
//! `previous_page_uri` (`null` on the first), `page`, `page_size`, `start`
//! and `end`; page URIs carry the request's filters and `PageSize`. A
//! filter keeps the items whose field of the same name (`Status`,
//! `FriendlyName`, `Muted`…) has the value given; one naming no field of
//! the items keeps them all. Date filters compare the UTC date;
//! `DateCreated` is that day, and the bounds
//! include the day given: `DateCreated<=2021-08-18`, as clients write it
//! (the name `DateCreated<`, then `=`), is on or before, as in the
//! Twilio-compatible API, though the spec's prose says "before".
//!
//! # Effects
//!
//! By default, every operation acts on the store as its method and path
//! say: a `POST` on a collection (`/Calls`, `/Queues`, `/tokens`…) creates a
//! resource with a new sid, its fields set from the parameters whose names
//! they take (`FriendlyName` sets `friendly_name`) and `date_created`; `GET`
//! on a resource fetches it, `POST` (or `PATCH`) updates the fields given
//! and `date_updated`, `DELETE` removes it and what is nested under it; a
//! `GET` on a collection lists it. Unknown sids, and unknown parents of
//! nested resources, are 404. The project's own account is there from the
//! start (Get an Account, List Accounts); a subproject created under it has
//! `subproject: true`.
//!
//! Phone numbers: the emulator has a fixed inventory of numbers to buy, in
//! the ranges set aside for fiction: in the US (local `415`, `212`, `512`,
//! `206`; toll-free `800`, `888`), Canada (`416`, `604`, `514`; toll-free
//! `877`) and the UK (London `20`, Manchester `161`; toll-free `808`), ten
//! numbers each (`+14155550100` to `+14155550109`, `+442079460000`…). Every
//! number takes voice; numbers ending in 3 or 7 have no SMS, odd ones no
//! MMS, and those ending in 0, 3, 6 or 9 take faxes. The countries are
//! listed (`US`, `CA`, `GB`; another is 404). A search returns the
//! country's numbers on sale, local or toll-free, that match `AreaCode`,
//! `Contains` (digits anywhere in the number, `*` for any one digit, letters
//! read as keypad digits: `STORE` is `78673`), `InRegion`, `InLocality`
//! and the `VoiceEnabled`, `SmsEnabled`, `MmsEnabled` and `FaxEnabled`
//! flags; `Beta=true` finds none (no number is beta), and the `Exclude…`
//! filters change nothing (no number needs an address). Buying one
//! (`create_incoming_phone_number`) makes it an incoming phone number of
//! the account, with the inventory's capabilities and `origin`
//! `signalwire`, and takes it out of every search; releasing it (`DELETE`)
//! puts it back. An imported number is an incoming phone number with the
//! capabilities given and `origin` `hosted`. A number is held by one
//! account at most, so that its calls and messages reach one app: a number
//! that the project or any subproject holds cannot be bought (`21422`) or
//! imported (`22110`), by its holder either. A number's
//! `VoiceApplicationSid` and `SmsApplicationSid` name applications of its
//! account; deleting an application clears it from the numbers that named
//! it (they fall back on their own URLs; the API documents no error for
//! this). `AccountSid` on an update moves the number to that account
//! (without its applications, which stay behind).
//!
//! LaML bins store their `Contents` and are served at their `request_url`,
//! `http://127.0.0.1:PORT/laml-bins/{sid}`: a `GET` or `POST` there, without
//! credentials, answers the contents as `text/xml`, adds one to
//! `num_requests` and sets `date_last_accessed`. Those requests are not
//! recorded, and faults do not apply to them.
//!
//! Accounts: a subproject (`create_subprojects`) gets its own `auth_token`
//! (`PT` and 48 hex digits) and `signing_key`, and its owner is the
//! project. Its credentials reach its own resources only, and list only
//! itself; the project reaches a subproject's resources through the
//! subproject's `/Accounts/{AccountSid}/…` paths, and lists every account.
//! API tokens (`/tokens`) get a `token` value at creation, shown then only
//! (an update answers `token` as `""`); the token authenticates with its
//! account's sid until it is deleted. There is no operation to list them.
//!
//! Completing a conference (`Status=completed`) makes its participants
//! leave, completes its recordings and stops its streams. `Muted`, `Hold`
//! and `Coaching` change the participant; deleting one removes it (and ends
//! the conference when it has `end_conference_on_exit` or was the last). Recordings pause,
//! resume (`in-progress`) and stop; a stopped one gets its `end_time` and
//! `duration`. Streams start `in-progress` and can be stopped by sid or by
//! name. URLs and methods that would drive audio (`AnnounceUrl`, `HoldUrl`,
//! `WaitUrl`, a stream's `Track`…) are checked, then dropped.
//!
//! A call placed at `t` is `queued`, `ringing` at `t + 1 s` and answered
//! (`in-progress`, `start_time`) at `t + 5 s`, on the [clock](#clock),
//! unless the [test numbers](#test-numbers) end it otherwise or it is hung
//! up first: `Status=canceled` ends it `canceled`, `Status=completed` ends it
//! with the `duration` talked so far, and its remaining steps are dropped.
//! Answered, it follows the LaML at its `Url` (or its application's
//! `VoiceUrl`), as [apps](#apps) says; a call whose `Url` the emulator may
//! not request talks for 60 s instead and is `completed` (`end_time`,
//! `duration` 60). Ending a call completes its recordings and stops its
//! streams. `Url` and `Method` on a call in progress redirect it to that
//! document; on a call not yet answered they replace the one it will ask
//! for. `Record=true` records it from its answer (`source` `OutBoundApi`).
//! Deleting a call deletes its recordings with it.
//!
//! The account-wide recordings (List, Retrieve and Delete Recording) are
//! every recording of every call and conference of the account, filtered by
//! `CallSid` and `ConferenceSid`. Transcriptions belong to recordings:
//! [`Emulator::transcribe`] gives a stopped or completed recording one (the
//! emulator transcribes nothing by itself), and deleting a recording
//! deletes its transcriptions.
//!
//! A queue's `current_size`, `average_wait_time` and each member's
//! `position` (from 1) and `wait_time` are those of the clock's now. Calls
//! join through LaML's `<Enqueue>`, or [`Emulator::enqueue`] puts them in
//! line, refused beyond `max_size`. Update Queue Member (with its required
//! `Url`) dequeues the member, whose call then follows the document at
//! `Url`; `Front` in the path names the first in line (404 when the queue
//! is empty).
//!
//! A message (Create a Message) starts `queued`, direction `outbound-api`,
//! with one media resource per `MediaUrl` (its `content_type` guessed from
//! the extension of the URL's path: `.jpg` is `image/jpeg`, `.png`
//! `image/png`, `.gif`, `.mp3`, `.mp4`, `.pdf`, `.vcf`… and anything else
//! `application/octet-stream`), `num_media`, and `num_segments` counted as
//! carriers count them: a text within GSM-7 (the GSM 03.38 basic set, and
//! its extension table `{ } [ ] ~ \ | ^ €` and form feed, 2 septets each)
//! is one segment up to 160 septets, else parts of 153; any other
//! character makes it UCS-2, one segment up to 70 UTF-16 code units (an
//! emoji is 2), else parts of 67; a part never splits an extension
//! character or a surrogate pair, which starts the next part instead; a
//! message with media and no text is 1 segment. On the
//! [clock](#clock), a second later it is `sent` (`date_sent` set), and two
//! seconds after that `delivered`, with `price` `-0.0079` (USD) per
//! segment; `price` is `null` until then, and stays `null` for a message
//! that is not delivered ([test numbers](#test-numbers)). An empty `Body`
//! redacts a message (its `body` becomes `""`; its segments and media stay);
//! deleting one removes its media too.
//!
//! A fax (Send a Fax) starts `queued`, direction `outbound`, `quality`
//! `fine` unless given; a second later it is `processing`, four seconds
//! after that `sending`, and `delivered` once its pages are sent, 30
//! seconds a page. The emulator does not fetch the document: a fax has the
//! number of pages a `pages=N` query parameter of its `MediaUrl` gives (1
//! to 1000), else 1. Delivered, it has `num_pages`, `duration` (30 seconds
//! a page) and `price` `-0.0070` (USD) a page; until then `num_pages` and
//! `price` are `null`. Its document is its one media resource
//! (`application/pdf`, named by `media_sid`) from the start, as an
//! outbound fax's is; sent with `StoreMedia=false`, it is dropped once
//! the fax is over. `Status=canceled` cancels a queued fax, which then stays
//! `canceled`; deleting a fax ends its course and removes its media.
//! `StatusCallback`, its method and events, `Ttl` and the SIP credentials
//! are checked, then dropped.
//!
//! # Test numbers
//!
//! Any number succeeds, except these, which end as the real network would
//! end them:
//!
//! | to | what happens |
//! |----|--------------|
//! | `+15550100486` | a call ends `busy`, at `t + 3 s`, after ringing |
//! | `+15550100408` | a call ends `no-answer`, once it has rung for its `Timeout` (60 s when left out) |
//! | `+15550100500` | a call ends `failed`, at `t + 1 s`, never ringing; a fax is `failed` once its pages are sent, with an `error_message` and no price or pages |
//! | `+15550130003` | a message is `sent`, then `undelivered`: `error_code` `30003`, "Unreachable destination handset" |
//! | `+15550130008` | a message is `failed` when it leaves the queue, never sent: `error_code` `30008`, "Unknown error" |
//!
//! `RecordingStatusCallbackEvent`, which the spec types as one string, is
//! taken as repeated keys, as SignalWire's SDKs send it.
//!
//! # Adding behaviour for a resource
//!
//! An operation needs nothing but its row in the facts table to answer as
//! above. When a resource does more (a status that moves on, a cascade, a
//! rule between two fields), write a hook: a function
//! `fn(&Request, &mut Store) -> Result<Reply, ApiError>` in the resource's
//! module under `src/behaviour/` (the conference family's are there), and
//! name it under its operation id in `behaviour::hook`. The hook runs after
//! routing and the parameter checks, holding the store's lock, so what it
//! refuses changes nothing; it builds on `engine::defaults` (`new_entry`,
//! `insert`, `update`, `page`) and `Request` (`target`, `check_parents`,
//! `render`) for what stays default. A test goes in `tests/api/`, one file
//! per resource, through real HTTP.
//!
//! # Clock
//!
//! Resources that move on by themselves (a call rings, is answered and
//! ends; a message is sent, then delivered) move on the emulator's clock.
//! It follows the system's time ([`Pace::RealTime`], the default) unless a
//! test pauses it ([`Pace::Paused`]: it stands still until
//! [`Emulator::advance`]) or makes every course immediate
//! ([`Pace::Immediate`]: the clock jumps to each next step as soon as
//! anything looks, so a call placed is over by the next request, with the
//! dates it would have had). The steps are timers that run before each
//! request and each accessor (and every tenth of a second, so that apps
//! hear of them in real time), in order, each at its own moment, so what a
//! client reads always agrees with the clock and no test needs to sleep.
//! `date_created` and the other dates the emulator writes are the clock's.
//!
//! ```
//! use std::time::Duration;
//! use laml_emulator::{Emulator, Pace};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let emulator = Emulator::start().await?;
//! emulator.set_pace(Pace::Paused);
//! let start = emulator.now();
//! emulator.advance(Duration::from_secs(30));
//! assert_eq!(emulator.now(), start + time::Duration::seconds(30));
//! # Ok(())
//! # }
//! ```
//!
//! # Apps
//!
//! The emulator asks apps what to do and tells them what happened, as
//! SignalWire does, so that a whole voice or messaging app is tested on one
//! machine, its real signature validator included.
//!
//! **Requests.** Each is a `POST` of form parameters (or a `GET` with them
//! in the query, when the URL's method says so) carrying
//! `X-SignalWire-Signature`: the base64 HMAC-SHA1, keyed with the account's
//! signing key, of the URL followed by each parameter's name and value,
//! sorted (a `GET` signs its URL with the query, and no parameters). The
//! project's key is [`Emulator::signing_key`] (set it with
//! [`Config::signing_key`]; the binary prints it); a subproject signs with
//! its own `signing_key`. Those about one call or message (a call's
//! recordings included) are sent one at a time, in the order their moments
//! came, so an app sees a call's steps in order; those about different
//! ones go side by side, so a slow app holds up only its own call. A test
//! waits for them with [`Emulator::settle`].
//!
//! **Safety.** Only loopback hosts (`127.0.0.0/8`, `::1`, `localhost`) are
//! requested, unless [`Config::webhook_hosts`] (`--webhook-host`) names
//! others; a request elsewhere is not made, and is logged with error
//! `11210`. Replies are read up to 256 KiB. Timeouts are SignalWire's: 2 s
//! to connect, 5 s for the reply to start and between its parts, 15 s in
//! all, which a fragment of the URL (not sent, and not signed) changes in
//! milliseconds (`http://127.0.0.1:3000/voice#ot=500&rt=200&tt=1000`,
//! within 100–10000, 100–15000 and 100–15000). Up to 3 HTTP redirects are
//! followed, each to a host it may request.
//!
//! **Failures.** A request for a document fails when the app does not
//! answer in time or at all (`11200`, `11205`), answers anything but 2xx
//! (`11200`), redirects more than 3 times (`11215`), or answers something
//! other than a `<Response>` document (`12100`). Then the fallback URL is
//! requested once, with `ErrorCode` and `ErrorUrl` added: a call's
//! `FallbackUrl`, a number's (or application's) `VoiceFallbackUrl` or
//! `SmsFallbackUrl` (`ErrorUrl` is the URL that failed, without its
//! fragment). Without one, or when it fails too, the call ends
//! `failed` (a message stays `received`). A status callback is tried up to
//! three times, then given up.
//!
//! **The webhook log.** Every request made, with its reply's status and
//! body or its error, is in [`Emulator::webhooks`] ([`Webhook`]), in order,
//! with what the emulator did not follow in the document (`notes`).
//!
//! **Calls.** Every request about a call has `AccountSid`, `ApiVersion`,
//! `CallSid`, `CallStatus`, `Direction` (`inbound` or `outbound-api`),
//! `From` and `To`. An answered call requests its document; an incoming
//! one ([`Emulator::incoming_call`]) requests its number's `VoiceUrl` (or
//! the number's voice application's) while `ringing`, and is answered by
//! any document that does not begin with `<Reject>`. Then the verbs run in
//! order, on the clock:
//!
//! | verb | what the call does |
//! |------|--------------------|
//! | `<Say>` | speaks for 1 s per 15 characters (at least 1 s), times `loop` |
//! | `<Play>` | plays for 5 s, times `loop` (the audio is not fetched) |
//! | `<Pause>` | waits `length` seconds (1) |
//! | `<Gather>` | plays its nested `<Say>`, `<Play>` and `<Pause>`, then waits `timeout` seconds (5) for input ([`Emulator::press`], [`Emulator::speak`]); input requests `action` (the document's URL when left out; `method`, `POST`) with `Digits` (up to `finishOnKey`, `#`, and at most `numDigits`) or `SpeechResult` and `Confidence`; without input the document goes on (or, with `actionOnEmptyResult="true"`, `action` gets an empty `Digits`). Digits pressed while no `<Gather>` waits are kept for the next one. |
//! | `<Record>` | records the caller (a call recording, `source` `RecordVerb`): they speak for 5 s (at most `maxLength`) and are silent for `timeout` seconds (5), or press a `finishOnKey` key (any digit, `*`, `#`); then `action` gets `RecordingUrl`, `RecordingSid`, `RecordingDuration` and the `Digits` pressed. With `trim="trim-silence"` (the default) the duration leaves out the closing silence; `do-not-trim` keeps it. A `transcribeCallback` hears the recording's transcription once [`Emulator::transcribe`] gives it one. |
//! | `<Redirect>` | requests its URL (`method`, `POST`) and follows that document |
//! | `<Dial><Conference>` | joins the conference of that name (a participant `in-progress`, `muted` as the noun says), made if none is running; it starts (`in-progress`) once two participants are in and one of them has `startConferenceOnEnter` (`true`), and ends when the last leaves or one with `endConferenceOnExit` does. Leaving it (kicked, or the conference ended) requests the `<Dial>`'s `action` with `DialCallStatus` `completed` and `DialCallDuration`, or goes on with the document. |
//! | `<Enqueue>` | waits in the queue of that name, made if there is none (`max_size` 100), until Update Queue Member dequeues it to a new document. Its `action` hears how the caller left, with `QueueResult`, `QueueSid` and `QueueTime` (seconds waited): `redirected` (dequeued, or the call redirected), `hangup`; the call goes where it was sent, so the reply is not followed. A full queue requests the `action` with `queue-full` and follows its reply, or goes on with the document. |
//! | `<Hangup>`, `<Reject>` | end the call `completed`; `<Reject>` as an incoming call's first verb ends it `busy` (`reason="busy"`) or `no-answer` |
//!
//! A document that runs out hangs up. Relative URLs are read against the
//! document's. Anything else (`<Dial>` to a number, `<Connect>`, `<Pay>`, an
//! `<Enqueue>`'s `waitUrl`…) is skipped, and named in the log's `notes`.
//!
//! **Status callbacks.** A call's `StatusCallback` (`StatusCallbackEvent`:
//! `initiated`, `ringing`, `answered`, `completed`; `completed` alone when
//! none is named) gets the call's parameters, `CallbackSource`
//! (`call-progress-events`), `Timestamp` (RFC 2822), `SequenceNumber` (from
//! 0), SignalWire's media figures (`AudioInMos`, `AudioInMediaPacketCount`,
//! … of a clean line: 50 packets a second, nothing lost) and, when
//! completed, `CallDuration`; an incoming number's `StatusCallback` hears
//! only the call's end, `completed` or `failed`, as SignalWire's incoming
//! call status callback. A
//! `<Conference>`'s `statusCallback` (set by the first participant to give
//! one; `statusCallbackEvent` of `start`, `end`, `join`, `leave`, `mute`,
//! `hold`) gets `AccountSid`, `ConferenceSid`, `FriendlyName`,
//! `StatusCallbackEvent` and `EventName` (`conference-start`,
//! `participant-join`, `participant-unmute`…), `Duration` (seconds since
//! the conference began), `Timestamp`, the participant's call's
//! parameters (`CallSid`, `ApiVersion`, `CallStatus`, `Direction`, `From`,
//! `To`; for `conference-end`, the last participant's) and its `Muted`,
//! `Hold`, `EndConferenceOnExit` and `StartConferenceOnEnter`. A
//! recording's (`<Record recordingStatusCallback>`, or
//! `RecordingStatusCallback` of a call placed with `Record=true` or of
//! Create a Call Recording; events `in-progress` and `completed`,
//! `completed` alone by default; a recording completes when stopped or
//! when its call or conference ends) gets `AccountSid`, `CallSid`,
//! `RecordingSid`, `RecordingUrl`, `RecordingStatus`, `RecordingChannels`,
//! `RecordingStartTime`, `RecordingSource` and `RecordingDuration` (`0`
//! while `in-progress`). A message's `StatusCallback` gets `AccountSid`,
//! `ApiVersion`, `MessageSid`, `SmsSid`, `MessageStatus`, `SmsStatus`,
//! `From`, `To`, `Body`, `NumMedia`, `NumSegments` and `ErrorCode` when it
//! has one, at `sent`, `delivered`, `undelivered` and `failed`. A
//! `<Record transcribeCallback>` gets `AccountSid`, `CallSid`,
//! `TranscriptionSid`, `TranscriptionText`, `TranscriptionStatus`
//! (`completed`), `TranscriptionUrl`, `RecordingSid` and `RecordingUrl`.
//! Every payload of the spec's `webhooks:` is checked against what is sent
//! by laml's `tests/webhook_conformance.rs`.
//!
//! **Messages.** An incoming message ([`Emulator::incoming_message`]) is
//! `received` (direction `inbound`), and its number's `SmsUrl` (or its
//! messaging application's) gets `AccountSid`, `ApiVersion`, `MessageSid`,
//! `SmsSid`, `SmsMessageSid`, `SmsStatus` (`received`), `From`, `To`,
//! `Body`, `NumMedia`, `NumSegments`, and `MediaUrl{N}` and
//! `MediaContentType{N}` for each file. Each `<Message>` of the reply is
//! sent (direction `outbound-reply`, to the sender and from the number
//! unless `to` and `from` say otherwise; its text or `<Body>`, its
//! `<Media>`; Twilio's `statusCallback` for its status callbacks) and goes
//! its course as any message. A `<Message>` with an `action` asks it
//! (`method`, `POST`) with the incoming message's parameters and
//! `MessageStatus` `sending`, and the answer replaces the rest of the
//! document; `<Redirect>` asks the next document.
//!
//! ```
//! use std::time::Duration;
//! use laml_emulator::{Emulator, Pace};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // An app that answers every call with a greeting.
//! let app = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let voice_url = format!("http://{}/voice", app.local_addr()?);
//! let router = axum::Router::new().route(
//!     "/voice",
//!     axum::routing::post(|| async { "<Response><Say>Hello!</Say></Response>" }),
//! );
//! tokio::spawn(async move { axum::serve(app, router).await });
//!
//! let emulator = Emulator::start().await?;
//! emulator.set_pace(Pace::Paused);
//! let numbers = format!(
//!     "{}/api/laml/2010-04-01/Accounts/{}/IncomingPhoneNumbers.json",
//!     emulator.space_url(),
//!     emulator.project_id(),
//! );
//! reqwest::Client::new()
//!     .post(numbers)
//!     .basic_auth(emulator.project_id(), Some(emulator.api_token()))
//!     .form(&[("PhoneNumber", "+14155550100"), ("VoiceUrl", voice_url.as_str())])
//!     .send()
//!     .await?
//!     .error_for_status()?;
//!
//! let call = emulator.incoming_call("+15557654321", "+14155550100")?;
//! assert!(emulator.settle().await);
//! assert_eq!(emulator.call(&call).unwrap()["status"], "in-progress");
//! emulator.advance(Duration::from_secs(1));
//! assert_eq!(emulator.call(&call).unwrap()["status"], "completed");
//!
//! let asked = &emulator.webhooks()[0];
//! assert_eq!(asked.param("CallStatus"), Some("ringing"));
//! assert_eq!(asked.status, Some(200));
//! # Ok(())
//! # }
//! ```
//!
//! # Faults
//!
//! [`Emulator::inject`] makes the emulator misbehave, for the next `n`
//! authenticated requests ([`FaultScope::Next`]) or for every one naming a
//! sid ([`FaultScope::Sid`]), so a test can check how a client copes with a
//! failing server. A faulted request is still recorded, so a test counts a
//! client's attempts with [`Emulator::requests`]; then the fault replaces
//! its handling, which changes no state ([`Fault::Delay`] only delays it).
//!
//! | fault | what goes on the wire |
//! |-------|-----------------------|
//! | [`Fault::Status`] | `status` with `content-type: application/json` and the error shape above, `code` = status × 100: `{"code":50300,"message":"Service Unavailable (a fault injected into laml-emulator)","more_info":"https://www.twilio.com/docs/errors/50300","status":503}`; `retry-after` with the text given, if any. A 204 or 304 carries no body, as HTTP requires. The connection stays open. |
//! | [`Fault::Html`] | `status` with `content-type: text/html` and an nginx-style error page (`<html>…<h1>502 Bad Gateway</h1>…`). The connection stays open. |
//! | [`Fault::TruncatedBody`] | `200`, `content-type: application/json`, `content-length: N`, then the first N/2 bytes of an N-byte JSON object; then the connection closes (FIN). |
//! | [`Fault::MalformedJson`] | `200`, `content-type: application/json`, a correct `content-length`, and the first half of a JSON object, so the JSON ends early. The connection stays open. |
//! | [`Fault::Delay`] | nothing for the duration, then the request's normal reply. |
//! | [`Fault::DropConnection`] | nothing: once the request is read, the connection closes (FIN) without a response. |
//!
//! ```
//! use laml_emulator::{Emulator, Fault, FaultScope};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::start().await?;
//! emulator.inject(Fault::DropConnection, FaultScope::Next(1));
//! let url = format!(
//!     "{}/api/laml/2010-04-01/Accounts/{}/Conferences.json",
//!     emulator.space_url(),
//!     emulator.project_id(),
//! );
//! let sent = reqwest::Client::new()
//!     .get(url)
//!     .basic_auth(emulator.project_id(), Some(emulator.api_token()))
//!     .send()
//!     .await;
//! assert!(sent.is_err());
//! assert_eq!(emulator.requests().len(), 1);
//! # Ok(())
//! # }
//! ```
//!
//! # Connections
//!
//! The server speaks HTTP/1.1 with keep-alive: a connection serves request
//! after request until the client closes it (or a fault does), or until
//! it has sent no complete request line and headers for
//! [`Config::header_read_timeout`] (30 s) since it opened or since its last
//! reply, which closes it without a reply: a connection left idle, or one
//! whose headers never end.
//! [`Emulator::connections`] counts those accepted, those open now and the
//! most open at once, so a test can check that a client reuses its
//! connections and closes them.
//!
//! # Console
//!
//! A web page to watch and drive an app through the emulator, served on a
//! port of its own on 127.0.0.1 (unless [`Config::console`] turns it off):
//! open [`Emulator::console_url`], `http://127.0.0.1:PORT/?token=TOKEN`
//! (the binary prints it, on the line that begins with `console:`). The
//! token, 32 hex digits new at each start, becomes a cookie
//! (`laml_console`, `HttpOnly`, `SameSite=Strict`); scripts may use Basic
//! authentication with the project id and API token instead. Anything else
//! is 401. Every `POST` must be `application/json` (415), which a form on
//! another site cannot send. The page and its assets are embedded, so the
//! console works offline.
//!
//! It shows the project's numbers, calls, messages, conferences with their
//! participants, queues with their members and recordings (each as the API
//! returns it), what each call's caller heard and did (`<Say>` with its
//! voice and language, `<Play>`, `<Pause>`, `<Gather>`, keys pressed, words
//! spoken, hangups: the latest 500 items per call, kept until the call is
//! deleted), and every request made to an app. From it a developer calls
//! one of the project's numbers, presses keys or speaks into a `<Gather>`,
//! hangs up, texts a number, sets and advances the clock, and sends any
//! request again to its app (signed afresh with the signing key as it is
//! now, logged as a new request with `replay_of`; its reply is shown, not
//! followed). Updates arrive live as server-sent events.
//!
//! | request | does | answers |
//! |---------|------|---------|
//! | `GET /?token=TOKEN` | sets the cookie | 303 to `/` |
//! | `GET /`, `/console.js`, `/console.css` | the page | 200 |
//! | `GET /api/state` | everything above, lists newest first | 200, `{"clock", "project_id", "numbers", "calls", "messages", "conferences", "queues", "recordings", "transcripts", "webhooks"}` |
//! | `GET /api/events` | a stream of `changed` (`{"kinds"}`), `heard` (`{"call", "item"}`), `webhook`, `request` (`{"method", "path", "status"}`) and `clock` (`{"now", "pace"}`) events | 200, `text/event-stream` |
//! | `POST /api/calls` | [`Emulator::incoming_call`] with `from` and `to` | 201, the call |
//! | `POST /api/calls/{CallSid}/digits`, `/speech`, `/hangup` | [`Emulator::press`] with `digits`, [`Emulator::speak`] with `speech`, the caller hangs up | 204 |
//! | `POST /api/messages` | [`Emulator::incoming_message`] with `from`, `to`, `body` | 201, the message |
//! | `POST /api/clock` | [`Emulator::set_pace`] with `pace`, [`Emulator::advance`] with `advance` (seconds) | 200, `{"now", "pace"}` |
//! | `POST /api/settle` | [`Emulator::settle`] | 200, `{"settled"}` |
//! | `POST /api/webhooks/{id}/replay` | sends request `id` of [`Emulator::webhooks`] again | 202 |
//!
//! Mistakes are `{"message"}` with 400 (a body the console cannot read, a
//! `to` that is no number of the project), 404 (an unknown call or
//! request) or 409 (a call whose state does not allow it).
//!
//! # Control surface
//!
//! Everything a Rust test does through [`Emulator`]'s methods, an SDK in
//! another language does over HTTP, under `/__emulator/`, a prefix the API
//! never uses. Control requests take the same Basic authentication (401
//! without it), are never recorded and never faulted. Bodies are JSON
//! (whatever the `content-type`); mistakes are 400 with code `21113` and a
//! message saying what is wrong, unknown paths 404, other methods 405. A
//! `{ConferenceSid}` in a control path is percent-encoded as in the API's
//! [paths](#paths).
//!
//! | request | does | answers |
//! |---------|------|---------|
//! | `POST /__emulator/faults` | [`Emulator::inject`] | 201, the fault as read |
//! | `GET /__emulator/faults` | lists the faults waiting, `next` counting the requests left | 200, `{"faults": [...]}` |
//! | `DELETE /__emulator/faults` | [`Emulator::clear_faults`] | 204 |
//! | `GET /__emulator/requests` | [`Emulator::requests`] | 200, `{"requests": [{"method", "uri", "headers": [[name, value], ...], "body"}]}`, as [`RecordedRequest`]'s `Debug` shows them: the `authorization` value and secret parameters' values are `** redacted **` |
//! | `DELETE /__emulator/requests` | [`Emulator::clear_requests`] | 204 |
//! | `POST /__emulator/conferences` | [`Emulator::seed_conference`], with [`ConferenceSeed`]'s fields, all optional: `sid`, `friendly_name`, `status`, `region`, and `date_created` in RFC 3339 (`2021-08-18T19:21:34Z`) or RFC 2822 | 201, the conference as Retrieve a Conference shows it, `sid` included |
//! | `POST /__emulator/conferences/{ConferenceSid}/participants` | [`Emulator::seed_participant`], with [`ParticipantSeed`]'s fields, all optional: `call_sid`, `status`, `call_sid_to_coach` (strings), `muted`, `hold`, `coaching`, `end_conference_on_exit`, `start_conference_on_enter` (booleans), and `date_created` as for conferences | 201, the participant as Retrieve a Participant shows it, `call_sid` included; 404 (code `20404`) without that conference |
//! | `POST /__emulator/conferences/{ConferenceSid}/recordings` | [`Emulator::seed_recording`], with [`RecordingSeed`]'s fields, all optional: `sid`, `status`, `source`, `price` (strings), `duration` (seconds, 0 to 4294967295), `channels` (0 to 255), and `date_created` as for conferences | 201, the recording as Get a Conference Recording shows it, `sid` included; 404 (code `20404`) without that conference |
//! | `GET /__emulator/clock` | [`Emulator::now`], [`Emulator::pace`] | 200, `{"now": "2021-08-18T19:21:34Z", "pace": "real-time", "timers": [{"at", "sid", "step"}]}`, the steps waiting, earliest first |
//! | `POST /__emulator/clock` | [`Emulator::set_pace`] with `"pace"` (`"real-time"`, `"paused"` or `"immediate"`), then [`Emulator::advance`] with `"advance"` (whole seconds, up to a century); both optional | 200, the clock as `GET` shows it |
//! | `GET /__emulator/signing-key` | [`Emulator::signing_key`] | 200, `{"signing_key"}` |
//! | `POST /__emulator/calls` | [`Emulator::incoming_call`], with `from` and `to` | 201, the call as Retrieve a Call shows it; 404 (code `20404`) when no account has the number, 422 (code `21220`) when it has no `VoiceUrl` |
//! | `POST /__emulator/calls/{CallSid}/input` | [`Emulator::press`] with `digits`, or [`Emulator::speak`] with `speech` | 204; 404 without that call, 422 unless it is in progress (and, for speech, in a `<Gather>`) |
//! | `POST /__emulator/messages` | [`Emulator::incoming_message`], with `from`, `to`, and optionally `body` and `media_urls` (an array) | 201, the message as Retrieve a Message shows it; 404 or 422 as for calls, for `SmsUrl` |
//! | `GET /__emulator/webhooks` | [`Emulator::webhooks`] | 200, `{"webhooks": [{"purpose", "sid", "method", "url", "params": [[name, value], ...], "signature", "at", "attempts", "status", "reply", "error", "notes"}]}` |
//! | `DELETE /__emulator/webhooks` | [`Emulator::clear_webhooks`] | 204 |
//! | `POST /__emulator/settle` | [`Emulator::settle`]: answers once the requests to apps that are due are made and followed, or after 30 s | 200, `{"settled": true}` (`false` after 30 s) |
//! | `GET /__emulator/connections` | [`Emulator::connections`]; this request's own connection is open | 200, `{"accepted", "open", "peak_open", "in_flight", "peak_in_flight"}` |
//!
//! A fault is an object with `fault` and `scope`, and the fault's own
//! members:
//!
//! | `fault` | members |
//! |---------|---------|
//! | `"status"` | `status`, and `retry_after` if wanted: a string sent as is, or a number of seconds |
//! | `"html"` | `status` |
//! | `"truncated_body"`, `"malformed_json"`, `"drop_connection"` | none |
//! | `"delay"` | `delay_ms`, in milliseconds |
//!
//! `scope` is `{"next": n}` or `{"sid": "..."}`. With the binary's defaults
//! replaced by known credentials (`laml-emulator --project-id p --api-token
//! t`):
//!
//! ```text
//! curl -u p:t -X POST http://127.0.0.1:8080/__emulator/faults \
//!      -H 'content-type: application/json' \
//!      -d '{"fault": "status", "status": 503, "retry_after": "1", "scope": {"next": 2}}'
//! curl -u p:t -X POST http://127.0.0.1:8080/__emulator/faults \
//!      -d '{"fault": "drop_connection", "scope": {"sid": "CF0123"}}'
//! curl -u p:t -X POST http://127.0.0.1:8080/__emulator/conferences \
//!      -d '{"sid": "CF0123", "friendly_name": "Team Sync", "status": "in-progress"}'
//! curl -u p:t -X POST http://127.0.0.1:8080/__emulator/conferences/CF0123/participants \
//!      -d '{"call_sid": "CA0123", "muted": true, "date_created": "2021-08-18T19:21:34Z"}'
//! curl -u p:t -X POST http://127.0.0.1:8080/__emulator/conferences/CF0123/recordings \
//!      -d '{"sid": "RE0123", "status": "completed", "duration": 42, "channels": 2}'
//! curl -u p:t -X POST http://127.0.0.1:8080/__emulator/clock \
//!      -d '{"pace": "paused", "advance": 30}'
//! curl -u p:t http://127.0.0.1:8080/__emulator/requests
//! curl -u p:t -X DELETE http://127.0.0.1:8080/__emulator/faults
//! ```

#![deny(missing_docs)]

mod behaviour;
mod clock;
mod connections;
mod console;
mod control;
mod demo;
mod engine;
mod error;
mod events;
mod fault;
mod laml;
mod outbox;
mod request_log;
mod seed;
mod server;
mod sid;
mod spec;
mod state;
mod webhook;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Weak};
use std::time::Duration;

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use clock::Pace;
pub use connections::ConnectionStats;
pub use error::SeedRefused;
pub use fault::{Fault, FaultScope};
pub use outbox::Webhook;
pub use request_log::RecordedRequest;
pub use seed::{ConferenceSeed, ParticipantSeed, RecordingSeed};

use behaviour::voice::Input;
use outbox::Outbox;
use request_log::RequestLog;
use seed::SeedError;
use sid::SidGenerator;
use state::{Shared, Store};

/// How to start an [`Emulator`].
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
/// use laml_emulator::{Config, Emulator};
///
/// # async fn run() -> std::io::Result<()> {
/// let emulator = Emulator::start_with(Config {
///     port: 8080,
///     project_id: Some("my-project".into()),
///     api_token: Some("PTmytoken".into()),
///     seed_demo_data: true,
///     signing_key: Some("PSK_mykey".into()),
///     webhook_hosts: vec!["app.example.com".into()],
///     request_log_entries: 100,
///     request_log_bytes: 1 << 20,
///     header_read_timeout: Duration::from_secs(5),
///     body_read_timeout: Duration::from_secs(10),
///     console: false,
/// })
/// .await?;
/// assert_eq!(emulator.space_url(), "http://127.0.0.1:8080");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The project id clients authenticate with, which is also the
    /// `AccountSid` in paths; `None` generates a uuid. It may not be empty
    /// or contain `:`.
    pub project_id: Option<String>,
    /// The API token clients authenticate with; `None` generates `PT` and
    /// 48 hex digits. It may not be empty.
    pub api_token: Option<String>,
    /// Whether to start with the demo conferences the binary serves: seven,
    /// two of them in progress (one with three participants and a
    /// recording), one not started and four completed.
    pub seed_demo_data: bool,
    /// The project's signing key, which signs every request to an app;
    /// `None` generates `PSK_` and 48 hex digits. It may not be empty.
    pub signing_key: Option<String>,
    /// The hosts, besides loopback ones, that the emulator may send
    /// requests to (`app.example.com`): none by default, so that a test
    /// never reaches a real server by mistake.
    pub webhook_hosts: Vec<String>,
    /// The most requests [`Emulator::requests`] keeps; beyond, the oldest
    /// are dropped. 1000 by default; 0 keeps none.
    pub request_log_entries: usize,
    /// The most bytes the recorded requests hold, counting each one's
    /// method, target, headers and body (itself cut to its first 64 KiB);
    /// beyond, the oldest are dropped. 16 MiB by default.
    pub request_log_bytes: usize,
    /// How long a client has to send a request's line and headers, from
    /// the moment its connection opens or its previous reply is sent (so
    /// also how long an idle connection stays open); then the connection
    /// is closed without a reply. 30 s by default; more than zero.
    pub header_read_timeout: Duration,
    /// How long an authenticated request's body may take to arrive once
    /// its headers have; then it is answered 408 (code `21118`) and the
    /// connection is closed. 30 s by default; more than zero.
    pub body_read_timeout: Duration,
    /// Whether to serve the [console](crate#console) on a port of its own
    /// on 127.0.0.1 ([`Emulator::console_url`]). On by default.
    pub console: bool,
}

impl Config {
    /// This configuration with the console on or off.
    ///
    /// ```
    /// use laml_emulator::{Config, Emulator};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let emulator = Emulator::start_with(Config::default().console(false)).await?;
    /// assert_eq!(emulator.console_url(), None);
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn console(mut self, on: bool) -> Config {
        self.console = on;
        self
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 0,
            project_id: None,
            api_token: None,
            seed_demo_data: false,
            signing_key: None,
            webhook_hosts: Vec::new(),
            request_log_entries: 1000,
            request_log_bytes: 16 << 20,
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(30),
            console: true,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("port", &self.port)
            .field("project_id", &self.project_id)
            .field(
                "api_token",
                &self.api_token.as_ref().map(|_| "** redacted **"),
            )
            .field("seed_demo_data", &self.seed_demo_data)
            .field(
                "signing_key",
                &self.signing_key.as_ref().map(|_| "** redacted **"),
            )
            .field("webhook_hosts", &self.webhook_hosts)
            .field("request_log_entries", &self.request_log_entries)
            .field("request_log_bytes", &self.request_log_bytes)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("body_read_timeout", &self.body_read_timeout)
            .field("console", &self.console)
            .finish()
    }
}

/// A running emulator; the server stops when this handle is dropped.
///
/// Start it inside a Tokio runtime: the server runs as a task of that
/// runtime.
pub struct Emulator {
    shared: Arc<Shared>,
    address: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    console: Option<Console>,
}

/// The console's address and token, and what stops it.
struct Console {
    address: SocketAddr,
    token: console::Token,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Emulator {
    /// Starts an emulator on a free port of 127.0.0.1, with generated
    /// credentials and no data.
    ///
    /// # Errors
    ///
    /// When the socket cannot be bound.
    pub async fn start() -> io::Result<Emulator> {
        Self::start_with(Config::default()).await
    }

    /// Starts an emulator as `config` says.
    ///
    /// # Errors
    ///
    /// When the socket cannot be bound (the port is taken), or `config`
    /// holds an empty project id or token, a project id with `:`, or a
    /// timeout of zero ([`io::ErrorKind::InvalidInput`]).
    pub async fn start_with(config: Config) -> io::Result<Emulator> {
        let mut sids = SidGenerator::new();
        let project_id = config.project_id.unwrap_or_else(|| sids.uuid());
        let api_token = config
            .api_token
            .unwrap_or_else(|| format!("PT{}", sids.hex(48)));
        if project_id.is_empty() || project_id.contains(':') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the project id must be non-empty and without ':', as Basic authentication needs",
            ));
        }
        if api_token.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the API token must be non-empty",
            ));
        }
        let signing_key = config
            .signing_key
            .unwrap_or_else(|| format!("PSK_{}", sids.hex(48)));
        if signing_key.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the signing key must be non-empty",
            ));
        }
        if config.header_read_timeout.is_zero() || config.body_read_timeout.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the header and body read timeouts must be more than zero",
            ));
        }

        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
        let address = listener.local_addr()?;
        let console_listener = if config.console {
            Some(TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?)
        } else {
            None
        };
        let console_token = console::Token::new(sids.hex(32));
        let mut store = Store::new(sids);
        store.set_space_url(format!("http://{address}"));
        seed::account(&mut store, &project_id, &api_token, &signing_key);
        let (outbox, inbox) = Outbox::new(config.webhook_hosts, signing_key);
        store.set_outbox(outbox);
        let log = RequestLog::new(config.request_log_entries, config.request_log_bytes);
        let shared = Arc::new(Shared::new(project_id, api_token, store, log));
        let timeouts = server::Timeouts {
            header_read: config.header_read_timeout,
            body_read: config.body_read_timeout,
        };
        let (shutdown, stopped) = oneshot::channel::<()>();
        // A dropped sender stops the server as a sent value would.
        tokio::spawn(server::serve(
            listener,
            Arc::clone(&shared),
            timeouts,
            stopped,
        ));
        // Both end once the server has stopped and this handle is dropped.
        tokio::spawn(webhook::dispatch(Arc::downgrade(&shared), inbox));
        tokio::spawn(tick(Arc::downgrade(&shared)));
        let console = match console_listener {
            Some(listener) => {
                let address = listener.local_addr()?;
                let (shutdown, stopped) = oneshot::channel::<()>();
                tokio::spawn(console::serve(
                    listener,
                    Arc::downgrade(&shared),
                    console_token.clone(),
                    stopped,
                ));
                Some(Console {
                    address,
                    token: console_token,
                    shutdown: Some(shutdown),
                })
            }
            None => None,
        };

        let emulator = Emulator {
            shared,
            address,
            shutdown: Some(shutdown),
            console,
        };
        if config.seed_demo_data {
            demo::seed(&emulator.shared);
        }
        Ok(emulator)
    }

    /// The base URL clients are given: `http://127.0.0.1:PORT`, without the
    /// `/api/laml/2010-04-01` prefix.
    pub fn space_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// The [console](crate#console)'s address with its token,
    /// `http://127.0.0.1:PORT/?token=TOKEN`, to open in a browser; `None`
    /// when [`Config::console`] turned it off.
    pub fn console_url(&self) -> Option<String> {
        self.console.as_ref().map(|console| {
            format!(
                "http://{}/?token={}",
                console.address,
                console.token.reveal()
            )
        })
    }

    /// The project id: the Basic-auth user name and the `AccountSid`.
    pub fn project_id(&self) -> &str {
        &self.shared.project_id
    }

    /// The API token: the Basic-auth password.
    pub fn api_token(&self) -> &str {
        &self.shared.api_token
    }

    /// A laml client of this emulator's project, with laml's defaults.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = laml_emulator::Emulator::start().await?;
    /// let client = emulator.client()?;
    /// # Ok(()) }
    /// ```
    pub fn client(&self) -> Result<laml_runtime::Client, laml_runtime::Error> {
        self.client_builder().build()
    }

    /// A laml client builder given this emulator's URL, project id and API
    /// token, for a client with other settings (a timeout, retries).
    pub fn client_builder(&self) -> laml_runtime::ClientBuilder {
        laml_runtime::Client::builder()
            .space_url(self.space_url())
            .project_id(self.project_id())
            .api_token(self.api_token())
    }

    /// Adds a conference, or replaces the one with the same sid (and its
    /// participants, recordings and streams), and returns its sid.
    ///
    /// # Panics
    ///
    /// When `date_created` is outside the years 1900 to 9999.
    pub fn seed_conference(&self, seed: ConferenceSeed) -> String {
        seed.insert(&self.shared)
            .unwrap_or_else(|message| panic!("{message}"))
    }

    /// Adds a participant to a seeded conference, or replaces the one with
    /// the same call sid, and returns its call sid.
    ///
    /// # Panics
    ///
    /// When there is no conference `conference_sid`, or `date_created` is
    /// outside the years 1900 to 9999.
    pub fn seed_participant(&self, conference_sid: &str, seed: ParticipantSeed) -> String {
        seed.insert(&self.shared, conference_sid)
            .unwrap_or_else(|error| seed_failed("seed_participant", conference_sid, error))
    }

    /// Adds a recording to a seeded conference, or replaces the one with the
    /// same sid, and returns its sid.
    ///
    /// # Panics
    ///
    /// When there is no conference `conference_sid`, or `date_created` is
    /// outside the years 1900 to 9999.
    pub fn seed_recording(&self, conference_sid: &str, seed: RecordingSeed) -> String {
        seed.insert(&self.shared, conference_sid)
            .unwrap_or_else(|error| seed_failed("seed_recording", conference_sid, error))
    }

    /// The conference exactly as Retrieve a Conference returns it.
    pub fn conference(&self, sid: &str) -> Option<Value> {
        engine::show(&self.shared, "retrieve_conference", &[sid])
    }

    /// Every conference as List All Conferences returns them, in order,
    /// without paging.
    pub fn conferences(&self) -> Vec<Value> {
        let sids: Vec<String> = {
            let store = self.shared.store();
            let conferences = behaviour::conferences::key(self.project_id(), &[]);
            store
                .list(&conferences)
                .into_iter()
                .map(|conference| conference.id.clone())
                .collect()
        };
        sids.iter().filter_map(|sid| self.conference(sid)).collect()
    }

    /// The participant exactly as Retrieve a Participant returns it.
    pub fn participant(&self, conference_sid: &str, call_sid: &str) -> Option<Value> {
        engine::show(
            &self.shared,
            "retrieve_participant",
            &[conference_sid, call_sid],
        )
    }

    /// The recording exactly as Get a Conference Recording returns it.
    pub fn recording(&self, conference_sid: &str, sid: &str) -> Option<Value> {
        engine::show(
            &self.shared,
            "get_conference_recording",
            &[conference_sid, sid],
        )
    }

    /// The stream as Create a Conference Stream and Update Conference Stream
    /// return it (the API itself has no operation to fetch one).
    pub fn stream(&self, conference_sid: &str, sid: &str) -> Option<Value> {
        engine::show(
            &self.shared,
            "update_conference_stream",
            &[conference_sid, sid],
        )
    }

    /// The requests received since the start or the last
    /// [`clear_requests`](Emulator::clear_requests), in order, including
    /// those refused once authenticated: the latest
    /// [`Config::request_log_entries`] of them, within
    /// [`Config::request_log_bytes`], each body cut to its first 64 KiB. A
    /// request without valid credentials is never recorded.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.log().iter().cloned().collect()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.shared.log().clear();
    }

    /// Makes the emulator misbehave on the requests `scope` names, until
    /// the fault is spent or [`clear_faults`](Emulator::clear_faults).
    ///
    /// Only authenticated requests are faulted. Several faults may wait at
    /// once; a request gets the first that applies to it: the first injected [`FaultScope::Sid`] fault naming a
    /// segment of its path, else the first injected [`FaultScope::Next`]
    /// fault, which the request spends one use of. A faulted request is
    /// still recorded first (see [`requests`](Emulator::requests)); then the
    /// fault replaces its handling, so it changes no state, except
    /// [`Fault::Delay`], which only delays it.
    ///
    /// # Panics
    ///
    /// When the fault cannot be put on the wire: a status that is not a
    /// final HTTP status (200 to 999), or a `retry_after` that is not a
    /// valid header value.
    ///
    /// # Examples
    ///
    /// ```
    /// use laml_emulator::{Emulator, Fault, FaultScope};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::start().await?;
    /// emulator.inject(
    ///     Fault::Status { status: 503, retry_after: Some("2".into()) },
    ///     FaultScope::Next(1),
    /// );
    /// let url = format!(
    ///     "{}/api/laml/2010-04-01/Accounts/{}/Conferences.json",
    ///     emulator.space_url(),
    ///     emulator.project_id(),
    /// );
    /// let client = reqwest::Client::new();
    /// let get = || client.get(&url).basic_auth(emulator.project_id(), Some(emulator.api_token()));
    ///
    /// let refused = get().send().await?;
    /// assert_eq!(refused.status(), 503);
    /// assert_eq!(refused.headers()["retry-after"], "2");
    /// assert!(refused.text().await?.contains("50300"));
    ///
    /// // The fault is spent; the retry goes through, and both were recorded.
    /// assert_eq!(get().send().await?.status(), 200);
    /// assert_eq!(emulator.requests().len(), 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault, scope: FaultScope) {
        if let Err(message) = fault.check() {
            panic!("inject: {message}");
        }
        self.shared.faults().push(fault, scope);
    }

    /// Removes every fault waiting, spent or not.
    pub fn clear_faults(&self) {
        self.shared.faults().clear();
    }

    /// The connections accepted so far, those open now, and the most open
    /// at once.
    pub fn connections(&self) -> ConnectionStats {
        *self.shared.connections()
    }

    /// The emulator's time, in whole seconds: what `date_created` of a
    /// resource created now would show.
    pub fn now(&self) -> time::OffsetDateTime {
        self.shared.store().now()
    }

    /// How the clock moves now.
    pub fn pace(&self) -> Pace {
        self.shared.store().clock().pace()
    }

    /// Sets how the clock moves from now on: [`Pace::Paused`] for a test
    /// that looks at each step, [`Pace::Immediate`] for one that wants
    /// every course run to its end.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use laml_emulator::{Emulator, Pace};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let emulator = Emulator::start().await?;
    /// emulator.set_pace(Pace::Paused);
    /// let before = emulator.now();
    /// emulator.advance(Duration::from_secs(90));
    /// assert_eq!(emulator.now() - before, time::Duration::seconds(90));
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_pace(&self, pace: Pace) {
        let mut store = self.shared.store();
        store.clock().set_pace(pace);
        store.run_due();
        store.clock_moved();
    }

    /// Moves the clock forward by `by`, whatever the pace, and runs every
    /// step it passes (a call answered, a message delivered), in order,
    /// each at its own moment.
    pub fn advance(&self, by: std::time::Duration) {
        let by = time::Duration::try_from(by).unwrap_or(time::Duration::MAX);
        let mut store = self.shared.store();
        store.clock().advance(by);
        store.run_due();
        store.clock_moved();
    }
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("space_url", &self.space_url())
            .field("project_id", &self.project_id())
            .field("api_token", &"** redacted **")
            .field(
                "console_address",
                &self.console.as_ref().map(|console| console.address),
            )
            .finish_non_exhaustive()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(shutdown) = self
            .console
            .as_mut()
            .and_then(|console| console.shutdown.take())
        {
            let _ = shutdown.send(());
        }
    }
}

/// How often the clock is looked at when nothing else looks, so that a
/// call moves on, and its app hears of it, in real time.
const TICK: Duration = Duration::from_millis(100);

async fn tick(shared: Weak<Shared>) {
    loop {
        match shared.upgrade() {
            Some(shared) => drop(shared.store()),
            None => return,
        }
        tokio::time::sleep(TICK).await;
    }
}

fn seed_failed(method: &str, conference_sid: &str, error: SeedError) -> ! {
    match error {
        SeedError::NoConference => {
            panic!("{method}: no conference {conference_sid:?} was seeded")
        }
        SeedError::Date(message) => panic!("{message}"),
    }
}

/// Voice: calls, queues, recordings and transcriptions.
impl Emulator {
    /// The call exactly as Retrieve a Call returns it, as of the clock's now.
    pub fn call(&self, sid: &str) -> Option<Value> {
        engine::show(&self.shared, "retrieve_a_call", &[sid])
    }

    /// Puts call `call_sid` (a new sid when `None`) at the end of queue
    /// `queue_sid`'s line, as LaML's `<Enqueue>` would, and returns the
    /// call's sid.
    ///
    /// # Errors
    ///
    /// [`SeedRefused::NotFound`] without that queue,
    /// [`SeedRefused::Conflict`] when the queue already holds `max_size`
    /// calls.
    pub fn enqueue(&self, queue_sid: &str, call_sid: Option<&str>) -> Result<String, SeedRefused> {
        let mut store = self.shared.store();
        behaviour::queues::enqueue(
            &mut store,
            &self.shared.project_id,
            queue_sid,
            call_sid.map(str::to_owned),
        )
    }

    /// Gives recording `recording_sid`, of a call or a conference, a
    /// completed transcription reading `text`, and returns its sid.
    ///
    /// # Errors
    ///
    /// [`SeedRefused::NotFound`] without that recording,
    /// [`SeedRefused::Conflict`] unless it has stopped or completed.
    pub fn transcribe(&self, recording_sid: &str, text: &str) -> Result<String, SeedRefused> {
        let mut store = self.shared.store();
        behaviour::transcriptions::transcribe(
            &mut store,
            &self.shared.project_id,
            recording_sid,
            text,
        )
    }
}

/// Apps: what the emulator asks of them and tells them, as SignalWire does.
impl Emulator {
    /// The project's signing key: what an app validates the emulator's
    /// requests with (`X-SignalWire-Signature`). A subproject's requests are
    /// signed with its own `signing_key`.
    pub fn signing_key(&self) -> String {
        self.shared.store().outbox().signing_key().to_owned()
    }

    /// Every request made to an app since the start or the last
    /// [`clear_webhooks`](Emulator::clear_webhooks), in the order made,
    /// with its reply or error.
    pub fn webhooks(&self) -> Vec<Webhook> {
        self.shared.webhooks().clone()
    }

    /// Forgets the requests made to apps so far.
    pub fn clear_webhooks(&self) {
        self.shared.webhooks().clear();
    }

    /// Waits until every request to an app that is due has been made and
    /// its answer followed, those it leads to included: what a test calls
    /// before it looks. Timers that are not due yet do not count, so on a
    /// paused clock it returns once the app has said what the call does
    /// next. Whether it got there within 30 seconds (an app that keeps
    /// redirecting never lets it).
    pub async fn settle(&self) -> bool {
        control::settle(&self.shared, Duration::from_secs(30)).await
    }

    /// A call comes in from `from` to `to`, a number of the project or of
    /// a subproject: it rings, and the number's `VoiceUrl` (or its voice
    /// application's) is asked what to do. Returns the call's sid.
    ///
    /// # Errors
    ///
    /// [`SeedRefused::NotFound`] when no account has the number,
    /// [`SeedRefused::Conflict`] when it has no `VoiceUrl`.
    pub fn incoming_call(&self, from: &str, to: &str) -> Result<String, SeedRefused> {
        behaviour::calls::incoming(&mut self.shared.store(), from, to)
    }

    /// A message comes in from `from` to `to`, a number of the project or
    /// of a subproject, with `body` and the files at `media_urls`: it is
    /// received, and the number's `SmsUrl` (or its messaging application's)
    /// is asked what to answer; each `<Message>` of the answer is sent.
    /// Returns the message's sid.
    ///
    /// # Errors
    ///
    /// [`SeedRefused::NotFound`] when no account has the number,
    /// [`SeedRefused::Conflict`] when it has no `SmsUrl`.
    pub fn incoming_message(
        &self,
        from: &str,
        to: &str,
        body: &str,
        media_urls: &[&str],
    ) -> Result<String, SeedRefused> {
        let media: Vec<String> = media_urls.iter().map(|url| (*url).to_owned()).collect();
        behaviour::messages::incoming(&mut self.shared.store(), from, to, body, &media)
    }

    /// The caller of call `call_sid` presses `digits`: they complete the
    /// `<Gather>` it waits in, or end its `<Record>` (with a `finishOnKey`
    /// key); pressed while neither runs, they are kept for the next
    /// `<Gather>`.
    ///
    /// # Errors
    ///
    /// [`SeedRefused::NotFound`] without that call (of any account),
    /// [`SeedRefused::Conflict`] unless it is in progress.
    pub fn press(&self, call_sid: &str, digits: &str) -> Result<(), SeedRefused> {
        let input = Input::Digits(digits.to_owned());
        behaviour::voice::input(&mut self.shared.store(), call_sid, input)
    }

    /// The caller of call `call_sid` says `speech` into the `<Gather>` it
    /// waits in, which completes it with `SpeechResult`.
    ///
    /// # Errors
    ///
    /// [`SeedRefused::NotFound`] without that call (of any account),
    /// [`SeedRefused::Conflict`] unless it is in progress and in a
    /// `<Gather>`.
    pub fn speak(&self, call_sid: &str, speech: &str) -> Result<(), SeedRefused> {
        let input = Input::Speech(speech.to_owned());
        behaviour::voice::input(&mut self.shared.store(), call_sid, input)
    }

    /// The message exactly as Retrieve a Message returns it.
    pub fn message(&self, sid: &str) -> Option<Value> {
        engine::show(&self.shared, "retrieve_message", &[sid])
    }
}
