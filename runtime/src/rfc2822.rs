//! The one form of RFC 2822 the API sends, `Wed, 18 Aug 2021 19:21:34 +0000`,
//! read without the general parser: response decoding spends most of its
//! time outside JSON here otherwise. Anything else is left to `time`'s
//! parser, so what is accepted does not change. One reading does: `time`
//! 0.3 reads an offset of `-0045` as `+00:45`, dropping the sign of a zero
//! hour; this reads it as `-00:45`.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

/// The instant `text` names, when it is exactly `Ddd, DD Mmm YYYY HH:MM:SS ±HHMM`
/// with every field in range and the weekday matching the date; `None`
/// otherwise, for the general parser to decide.
pub(crate) fn parse_canonical(text: &str) -> Option<OffsetDateTime> {
    let b: &[u8; 31] = text.as_bytes().try_into().ok()?;
    if !matches_pattern(b) {
        return None;
    }
    let digit = |at: usize| b[at] - b'0';
    let two = |at: usize| digit(at) * 10 + digit(at + 1);
    let (day, hour, minute, second) = (two(5), two(17), two(20), two(23));
    let year = u16::from(two(12)) * 100 + u16::from(two(14));
    let (offset_hours, offset_minutes) = (two(27), two(29));
    // 1900 and later, as RFC 2822 requires of a four-digit year. A leap
    // second (`60`) is the general parser's to judge.
    if year < 1900
        || hour > 23
        || minute > 59
        || second > 59
        || offset_hours > 23
        || offset_minutes > 59
    {
        return None;
    }
    let sign = match b[26] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    // Names compared as integers, which compiles to a few comparisons
    // rather than a string match.
    let weekday = match name(b[0], b[1], b[2]) {
        MON => Weekday::Monday,
        TUE => Weekday::Tuesday,
        WED => Weekday::Wednesday,
        THU => Weekday::Thursday,
        FRI => Weekday::Friday,
        SAT => Weekday::Saturday,
        SUN => Weekday::Sunday,
        _ => return None,
    };
    let month = match name(b[8], b[9], b[10]) {
        JAN => Month::January,
        FEB => Month::February,
        MAR => Month::March,
        APR => Month::April,
        MAY => Month::May,
        JUN => Month::June,
        JUL => Month::July,
        AUG => Month::August,
        SEP => Month::September,
        OCT => Month::October,
        NOV => Month::November,
        DEC => Month::December,
        _ => return None,
    };

    let date = Date::from_calendar_date(i32::from(year), month, day).ok()?;
    if weekday_of(date) != weekday {
        return None;
    }
    let time = Time::from_hms(hour, minute, second).ok()?;
    let offset =
        UtcOffset::from_hms(sign * offset_hours as i8, sign * offset_minutes as i8, 0).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// The canonical form, a byte per position: `0` a digit, `_` a byte read
/// apart (names and the offset's sign), anything else itself; the last
/// byte pads the text to four words.
const PATTERN: &[u8; 32] = b"___, 00 ___ 0000 00:00:00 _00000";

/// For each 8-byte word of [`PATTERN`]: the mask of its digits, the mask of
/// its fixed bytes, and those bytes.
const WORDS: [(u64, u64, u64); 4] = [word(0), word(1), word(2), word(3)];

const fn word(index: usize) -> (u64, u64, u64) {
    let (mut digits, mut fixed, mut bytes) = (0, 0, 0);
    let mut at = 0;
    while at < 8 {
        let shift = 8 * at;
        match PATTERN[8 * index + at] {
            b'0' => digits |= 0xff << shift,
            b'_' => {}
            byte => {
                fixed |= 0xff << shift;
                bytes |= (byte as u64) << shift;
            }
        }
        at += 1;
    }
    (digits, fixed, bytes)
}

/// Whether `text` has a digit wherever [`PATTERN`] has `0` and the
/// pattern's byte wherever it has one, tested eight bytes at a time.
fn matches_pattern(text: &[u8; 31]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    let mut padded = [b'0'; 32];
    padded[..31].copy_from_slice(text);
    let mut wrong = 0;
    for (chunk, &(digits, fixed, bytes)) in padded.chunks_exact(8).zip(&WORDS) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // A digit less `0` (here: xor 0x30) has an empty high nibble, and
        // adding 6 leaves it empty only for 0 to 9. No byte carries into
        // the next one unless its high nibble was already wrong.
        let value = (word & digits) ^ ((0x30 * ONES) & digits);
        wrong |= (value | value.wrapping_add((6 * ONES) & digits)) & (0xf0 * ONES);
        wrong |= (word & fixed) ^ bytes;
    }
    wrong == 0
}

/// `date.weekday()` for a year from 1 on, from the days since Monday
/// 0001-01-01, without `time`'s Julian day.
fn weekday_of(date: Date) -> Weekday {
    let before = date.year() as u32 - 1;
    let days = before * 365 + before / 4 - before / 100 + before / 400 + u32::from(date.ordinal());
    // Day 1 is a Monday.
    match days % 7 {
        1 => Weekday::Monday,
        2 => Weekday::Tuesday,
        3 => Weekday::Wednesday,
        4 => Weekday::Thursday,
        5 => Weekday::Friday,
        6 => Weekday::Saturday,
        _ => Weekday::Sunday,
    }
}

const fn name(a: u8, b: u8, c: u8) -> u32 {
    u32::from_be_bytes([0, a, b, c])
}

const MON: u32 = name(b'M', b'o', b'n');
const TUE: u32 = name(b'T', b'u', b'e');
const WED: u32 = name(b'W', b'e', b'd');
const THU: u32 = name(b'T', b'h', b'u');
const FRI: u32 = name(b'F', b'r', b'i');
const SAT: u32 = name(b'S', b'a', b't');
const SUN: u32 = name(b'S', b'u', b'n');
const JAN: u32 = name(b'J', b'a', b'n');
const FEB: u32 = name(b'F', b'e', b'b');
const MAR: u32 = name(b'M', b'a', b'r');
const APR: u32 = name(b'A', b'p', b'r');
const MAY: u32 = name(b'M', b'a', b'y');
const JUN: u32 = name(b'J', b'u', b'n');
const JUL: u32 = name(b'J', b'u', b'l');
const AUG: u32 = name(b'A', b'u', b'g');
const SEP: u32 = name(b'S', b'e', b'p');
const OCT: u32 = name(b'O', b'c', b't');
const NOV: u32 = name(b'N', b'o', b'v');
const DEC: u32 = name(b'D', b'e', b'c');

#[cfg(test)]
mod tests {
    use time::format_description::well_known::Rfc2822;
    use time::Duration;

    use super::*;

    fn general(text: &str) -> Option<OffsetDateTime> {
        OffsetDateTime::parse(text, &Rfc2822).ok()
    }

    #[test]
    fn agrees_with_the_general_parser_on_every_day_of_many_years() {
        let mut at = time::macros::datetime!(1999-12-25 23:59:59 +0000);
        let offsets = [
            UtcOffset::UTC,
            UtcOffset::from_hms(5, 30, 0).unwrap(),
            UtcOffset::from_hms(-8, 0, 0).unwrap(),
            UtcOffset::from_hms(-9, -30, 0).unwrap(),
        ];
        for step in 0..12_000 {
            let shown = at.to_offset(offsets[step % offsets.len()]);
            let text = shown.format(&Rfc2822).unwrap();
            let fast = parse_canonical(&text);
            assert_eq!(fast, general(&text), "{text}");
            assert!(fast.is_some(), "{text}");
            at += Duration::seconds(86_400 * 3 + 3_607);
        }
    }

    #[test]
    fn leaves_every_other_form_to_the_general_parser() {
        for text in [
            "Thu, 18 Aug 2021 19:21:34 +0000", // the wrong weekday
            "Wed, 8 Aug 2021 19:21:34 +0000",
            "Wed, 18 Aug 2021 19:21:34 GMT",
            "Wed, 18 Aug 2021 19:21:60 +0000",
            "Wed, 18 Aug 2021 24:00:00 +0000",
            "Wed, 18 Aug 2021 19:21:34 +0060",
            "Wed, 18 Agu 2021 19:21:34 +0000",
            "Mon, 31 Feb 2021 19:21:34 +0000",
            "Sat, 18 Aug 1888 19:21:34 +0000",
            "Wed, 18 Aug 2021 19:21:34 *0000",
            "Wed, 18 Aug 2021 19:2a:34 +0000",
            "Wed, 18 Aug 2021 19:21:34 +00000",
            "Wed,_18 Aug 2021 19:21:34 +0000",
            "2021-08-18T19:21:34Z",
            "",
        ] {
            assert_eq!(parse_canonical(text), None, "{text}");
        }
        assert_eq!(
            parse_canonical("Wed, 18 Aug 2021 19:21:34 -0130"),
            general("Wed, 18 Aug 2021 19:21:34 -0130")
        );
    }

    #[test]
    fn any_byte_out_of_place_is_refused_or_read_as_the_general_parser_reads_it() {
        let canonical = "Wed, 18 Aug 2021 19:21:34 +0000";
        let mut refused = 0;
        for at in 0..canonical.len() {
            for byte in (b' '..=b'~').chain([b'\t', 0x7f]) {
                let mut text = canonical.as_bytes().to_vec();
                text[at] = byte;
                let text = String::from_utf8(text).unwrap();
                match parse_canonical(&text) {
                    Some(read) => assert_eq!(Some(read), general(&text), "{text}"),
                    None => refused += 1,
                }
                let out_of_place = match PATTERN[at] {
                    b'0' => !byte.is_ascii_digit(),
                    b'_' => false,
                    fixed => byte != fixed,
                };
                if out_of_place {
                    assert_eq!(parse_canonical(&text), None, "{text}");
                }
            }
        }
        assert!(refused > 2_000, "{refused}");
    }

    #[test]
    fn weekdays_agree_with_time_on_every_day_of_the_years_read() {
        let mut day = time::macros::date!(1900 - 01 - 01);
        while day.year() < 2400 {
            assert_eq!(weekday_of(day), day.weekday(), "{day}");
            day = day.next_day().unwrap();
        }
    }

    #[test]
    fn a_negative_offset_under_an_hour_keeps_its_sign() {
        let text = "Wed, 18 Aug 2021 19:21:34 -0045";
        let read = parse_canonical(text).unwrap();
        assert_eq!(read.offset(), UtcOffset::from_hms(0, -45, 0).unwrap());
        assert_eq!(read.unix_timestamp(), 1_629_314_494 + 45 * 60);
    }
}
