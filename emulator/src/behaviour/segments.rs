//! How many parts (segments) a carrier sends a text in.
//!
//! A text that fits GSM-7 (the GSM 03.38 basic set, plus its extension
//! table, whose characters take an escape and so 2 septets) goes in one
//! part of up to 160 septets, or parts of 153 (the rest of each part is the
//! header that joins them). Any other character makes the whole text UCS-2:
//! one part of up to 70 UTF-16 code units, or parts of 67. As carriers do, a
//! part never splits a character: an extension character that does not fit
//! in what is left of a part, or a surrogate pair (an emoji), starts the
//! next one.

/// GSM 03.38's basic character set: one septet each.
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
                          ¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// GSM 03.38's extension table: an escape and a septet each.
const GSM7_EXTENSION: &str = "\u{c}^{}\\[~]|€";

const GSM7_ALONE: usize = 160;
const GSM7_PER_PART: usize = 153;
const UCS2_ALONE: usize = 70;
const UCS2_PER_PART: usize = 67;

/// The number of parts `text` is sent in; 0 for an empty text.
pub(crate) fn count(text: &str) -> usize {
    let gsm7: Option<Vec<usize>> = text.chars().map(septets).collect();
    match gsm7 {
        Some(sizes) => parts(&sizes, GSM7_ALONE, GSM7_PER_PART),
        None => {
            let sizes: Vec<usize> = text.chars().map(char::len_utf16).collect();
            parts(&sizes, UCS2_ALONE, UCS2_PER_PART)
        }
    }
}

/// How many septets `c` takes in GSM-7, if it has a place there.
fn septets(c: char) -> Option<usize> {
    if GSM7_BASIC.contains(c) {
        Some(1)
    } else if GSM7_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// Parts for characters of `sizes` units: one if they all fit in `alone`,
/// else parts of `per_part`, each character whole in one part.
fn parts(sizes: &[usize], alone: usize, per_part: usize) -> usize {
    let total: usize = sizes.iter().sum();
    if total == 0 {
        return 0;
    }
    if total <= alone {
        return 1;
    }
    let mut parts = 1;
    let mut used = 0;
    for &size in sizes {
        if used + size > per_part {
            parts += 1;
            used = 0;
        }
        used += size;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pieces: &[(&str, usize)]) -> String {
        pieces
            .iter()
            .map(|(piece, times)| piece.repeat(*times))
            .collect()
    }

    #[test]
    fn gsm7_fits_160_alone_and_153_per_part() {
        assert_eq!(count(""), 0);
        assert_eq!(count("Hello"), 1);
        assert_eq!(count(&"a".repeat(160)), 1);
        assert_eq!(count(&"a".repeat(161)), 2);
        assert_eq!(count(&"a".repeat(306)), 2);
        assert_eq!(count(&"a".repeat(307)), 3);
        assert_eq!(count(&"a".repeat(459)), 3);
        assert_eq!(count(&"a".repeat(460)), 4);
    }

    #[test]
    fn every_basic_character_is_one_septet_and_every_extension_two() {
        assert_eq!(GSM7_BASIC.chars().count(), 127, "128 less the escape");
        assert!(GSM7_BASIC.chars().all(|c| septets(c) == Some(1)));
        assert_eq!(GSM7_EXTENSION.chars().count(), 10);
        for c in "{}[]~\\|^€\u{c}".chars() {
            assert_eq!(septets(c), Some(2), "{c:?}");
        }
        for c in "`çÀáÁíóúâêôœ😀ж".chars() {
            assert_eq!(septets(c), None, "{c:?}");
        }
        assert_eq!(count(GSM7_BASIC), 1);
    }

    #[test]
    fn extension_characters_count_twice_at_the_boundary() {
        assert_eq!(count(&text(&[("a", 158), ("€", 1)])), 1, "160 septets");
        assert_eq!(count(&text(&[("a", 159), ("€", 1)])), 2, "161 septets");
        assert_eq!(count(&"{".repeat(80)), 1);
        assert_eq!(count(&"}".repeat(81)), 2);
    }

    #[test]
    fn an_extension_character_is_never_split_across_parts() {
        // 306 septets would fit two parts of 153, but the brace that would
        // straddle them starts the second, and one `a` spills into a third.
        let straddling = text(&[("a", 152), ("{", 1), ("a", 152)]);
        assert_eq!(count(&straddling), 3);
        let fitting = text(&[("a", 151), ("{", 1), ("a", 153)]);
        assert_eq!(count(&fitting), 2);
    }

    #[test]
    fn anything_outside_gsm7_makes_it_ucs2_70_alone_and_67_per_part() {
        assert_eq!(count(&"ж".repeat(70)), 1);
        assert_eq!(count(&"ж".repeat(71)), 2);
        assert_eq!(count(&"ж".repeat(134)), 2);
        assert_eq!(count(&"ж".repeat(135)), 3);
        // One character outside GSM-7 turns the whole text into UCS-2.
        assert_eq!(count(&text(&[("a", 69), ("ж", 1)])), 1);
        assert_eq!(count(&text(&[("a", 70), ("ж", 1)])), 2);
        assert_eq!(count(&text(&[("a", 100), ("`", 1)])), 2);
    }

    #[test]
    fn an_emoji_is_two_code_units_never_split() {
        assert_eq!(count("😀"), 1);
        assert_eq!(count(&"😀".repeat(35)), 1, "70 code units");
        assert_eq!(count(&"😀".repeat(36)), 2, "72 code units");
        assert_eq!(count(&text(&[("a", 68), ("😀", 1)])), 1);
        assert_eq!(count(&text(&[("a", 69), ("😀", 1)])), 2);
        // 134 code units would fit two parts of 67; the emoji that would
        // straddle them starts the second.
        assert_eq!(count(&text(&[("a", 66), ("😀", 1), ("a", 66)])), 3);
        assert_eq!(count(&text(&[("a", 65), ("😀", 1), ("a", 67)])), 2);
    }
}
