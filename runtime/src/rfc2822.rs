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
    if b[3] != b',' || b[19] != b':' || b[22] != b':' {
        return None;
    }
    if [b[4], b[7], b[11], b[16], b[25]] != [b' '; 5] {
        return None;
    }
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
    let day = two_digits(b[5], b[6])?;
    let year = u16::from(two_digits(b[12], b[13])?) * 100 + u16::from(two_digits(b[14], b[15])?);
    // 1900 and later, as RFC 2822 requires of a four-digit year.
    if year < 1900 {
        return None;
    }
    let hour = two_digits(b[17], b[18])?;
    let minute = two_digits(b[20], b[21])?;
    let second = two_digits(b[23], b[24])?;
    // A leap second (`60`) is the general parser's to judge.
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let sign = match b[26] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let offset_hours = two_digits(b[27], b[28])?;
    let offset_minutes = two_digits(b[29], b[30])?;
    if offset_hours > 23 || offset_minutes > 59 {
        return None;
    }

    let date = Date::from_calendar_date(i32::from(year), month, day).ok()?;
    if date.weekday() != weekday {
        return None;
    }
    let time = Time::from_hms(hour, minute, second).ok()?;
    let offset =
        UtcOffset::from_hms(sign * offset_hours as i8, sign * offset_minutes as i8, 0).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
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

fn two_digits(tens: u8, ones: u8) -> Option<u8> {
    let (tens, ones) = (tens.wrapping_sub(b'0'), ones.wrapping_sub(b'0'));
    (tens < 10 && ones < 10).then_some(tens * 10 + ones)
}

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
    fn a_negative_offset_under_an_hour_keeps_its_sign() {
        let text = "Wed, 18 Aug 2021 19:21:34 -0045";
        let read = parse_canonical(text).unwrap();
        assert_eq!(read.offset(), UtcOffset::from_hms(0, -45, 0).unwrap());
        assert_eq!(read.unix_timestamp(), 1_629_314_494 + 45 * 60);
    }
}
