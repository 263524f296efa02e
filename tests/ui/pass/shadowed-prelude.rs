#![allow(dead_code, non_camel_case_types)]

// Generated code must name nothing the user can shadow.
struct Result;
struct Ok;
struct Err;
struct Option;
struct Some;
struct None;
struct String;
struct Vec;
struct Default;
struct Into;
mod core {}
mod std {}

#[laml::endpoint(POST, "/Accounts/<AccountSid>/Conferences/<Sid>", form, response = ::serde_json::Value)]
pub struct UpdateConference {
    pub sid: ::std::string::String,
    pub status: ::core::option::Option<::std::string::String>,
    pub status_callback_event: ::std::vec::Vec<::std::string::String>,
}

fn main() {
    let request = UpdateConference::new("CF1")
        .status("completed")
        .status_callback_event(["start", "end"]);
    let _ = request;
}

/// A resource in the same hostile surroundings.
#[laml::resource(list = "conferences")]
pub struct Conference {
    #[resource(required)]
    pub sid: laml::sid::ConferenceSid,
    pub region: ::std::string::String,
    pub muted: ::core::option::Option<bool>,
}
