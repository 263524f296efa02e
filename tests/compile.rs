//! The macro's misuse is a compile error at the right place, and its
//! expansion compiles in hostile surroundings.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
