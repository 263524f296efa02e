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
    let fixed = [
        (3, b','),
        (4, b' '),
        (7, b' '),
        (11, b' '),
        (16, b' '),
        (19, b':'),
        (22, b':'),
        (25, b' '),
    ];
    if fixed.iter().any(|&(at, byte)| b[at] != byte) {
        return None;
    }
    let weekday = match &b[0..3] {
        b"Mon" => Weekday::Monday,
        b"Tue" => Weekday::Tuesday,
        b"Wed" => Weekday::Wednesday,
        b"Thu" => Weekday::Thursday,
        b"Fri" => Weekday::Friday,
        b"Sat" => Weekday::Saturday,
        b"Sun" => Weekday::Sunday,
        _ => return None,
    };
    let month = match &b[8..11] {
        b"Jan" => Month::January,
        b"Feb" => Month::February,
        b"Mar" => Month::March,
        b"Apr" => Month::April,
        b"May" => Month::May,
        b"Jun" => Month::June,
        b"Jul" => Month::July,
        b"Aug" => Month::August,
        b"Sep" => Month::September,
        b"Oct" => Month::October,
        b"Nov" => Month::November,
        b"Dec" => Month::December,
        _ => return None,
    };
    let day = digits(&b[5..7])?;
    let year = digits(&b[12..16])?;
    // 1900 and later, as RFC 2822 requires of a four-digit year.
    if year < 1900 {
        return None;
    }
    let (hour, minute, second) = (
        digits(&b[17..19])?,
        digits(&b[20..22])?,
        digits(&b[23..25])?,
    );
    // A leap second (`60`) is the general parser's to judge.
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let sign = match b[26] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (offset_hours, offset_minutes) = (digits(&b[27..29])?, digits(&b[29..31])?);
    if offset_minutes > 59 {
        return None;
    }

    let date = Date::from_calendar_date(year as i32, month, day as u8).ok()?;
    if date.weekday() != weekday {
        return None;
    }
    let time = Time::from_hms(hour as u8, minute as u8, second as u8).ok()?;
    let offset =
        UtcOffset::from_hms(sign * offset_hours as i8, sign * offset_minutes as i8, 0).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

fn digits(bytes: &[u8]) -> Option<u16> {
    bytes.iter().try_fold(0u16, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u16::from(b - b'0'))
    })
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
