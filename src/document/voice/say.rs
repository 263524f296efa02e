//! `<Say>` and the SSML it may hold.

use std::fmt::Write as _;
use std::mem;
use std::time::Duration;

use crate::document::xml::{attribute_enum, escape_into, AttributeValue};
use crate::document::{Container, Nest, Render, RenderError, XmlWriter};

/// The voice `<Say>` reads with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SayVoice {
    /// `man`
    Man,
    /// `woman` (the default)
    Woman,
    /// `alice`, deprecated, kept for older documents.
    Alice,
    /// An Amazon Polly voice, `Polly.<name>` (`Joanna`, or `Joanna-Neural`
    /// for its neural version).
    Polly(String),
    /// A Google Cloud voice, `gcloud.<name>` (`en-US-Standard-A`).
    Gcloud(String),
}

impl SayVoice {
    /// The Amazon Polly voice `name`.
    pub fn polly(name: impl Into<String>) -> Self {
        SayVoice::Polly(name.into())
    }

    /// The Google Cloud voice `name`.
    pub fn gcloud(name: impl Into<String>) -> Self {
        SayVoice::Gcloud(name.into())
    }
}

impl AttributeValue for SayVoice {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        let (prefix, name) = match self {
            SayVoice::Man => ("man", ""),
            SayVoice::Woman => ("woman", ""),
            SayVoice::Alice => ("alice", ""),
            SayVoice::Polly(name) => ("Polly.", name.as_str()),
            SayVoice::Gcloud(name) => ("gcloud.", name.as_str()),
        };
        out.push_str(prefix);
        escape_into(out, name, true)
    }
}

element! {
    /// `<Say>`: reads text to the caller, with SSML to shape the speech.
    ///
    /// ```
    /// use laml::document::voice::{Break, Say, SayVoice};
    /// use std::time::Duration;
    ///
    /// let say = Say::new("Hello.")
    ///     .voice(SayVoice::polly("Joanna-Neural"))
    ///     .append(Break::new().time(Duration::from_millis(500)))
    ///     .append("Welcome.");
    /// ```
    pub struct Say("Say") {
        /// The language and locale of the voice.
        language: String = "language",
        /// How many times to read the text (1 by default; 0 repeats until the
        /// call ends).
        loop_: u32 = "loop",
        /// The voice.
        voice: SayVoice = "voice",
    }
    children: Ssml;
}

impl Say {
    /// Reads `text` (up to 4,096 characters).
    pub fn new(text: impl Into<String>) -> Self {
        Self::default().append::<String>(text.into())
    }
}

/// Text and SSML, inside `<Say>` or an SSML element that holds speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ssml {
    /// Text to read.
    Text(String),
    /// `<break>`
    Break(Break),
    /// `<emphasis>`
    Emphasis(Emphasis),
    /// `<lang>`
    Lang(Lang),
    /// `<p>`
    P(P),
    /// `<phoneme>`
    Phoneme(Phoneme),
    /// `<prosody>`
    Prosody(Prosody),
    /// `<s>`
    S(S),
    /// `<say-as>`
    SayAs(SayAs),
    /// `<sub>`
    Sub(Sub),
}

impl Ssml {
    /// The SSML this holds, taken out of it.
    fn take_children(&mut self) -> Vec<Ssml> {
        match self {
            Ssml::Emphasis(element) => mem::take(&mut element.children),
            Ssml::Lang(element) => mem::take(&mut element.children),
            Ssml::P(element) => mem::take(&mut element.children),
            Ssml::Prosody(element) => mem::take(&mut element.children),
            Ssml::S(element) => mem::take(&mut element.children),
            Ssml::Text(_) | Ssml::Break(_) | Ssml::Phoneme(_) | Ssml::SayAs(_) | Ssml::Sub(_) => {
                Vec::new()
            }
        }
    }

    /// The element, or the text, this is.
    fn node(&self) -> &dyn Render {
        match self {
            Ssml::Text(text) => text,
            Ssml::Break(element) => element,
            Ssml::Emphasis(element) => element,
            Ssml::Lang(element) => element,
            Ssml::P(element) => element,
            Ssml::Phoneme(element) => element,
            Ssml::Prosody(element) => element,
            Ssml::S(element) => element,
            Ssml::SayAs(element) => element,
            Ssml::Sub(element) => element,
        }
    }
}

impl Render for Ssml {
    fn start(&self, out: &mut XmlWriter) -> Result<bool, RenderError> {
        self.node().start(out)
    }

    fn child(&self, index: usize) -> Option<&dyn Render> {
        self.node().child(index)
    }
}

/// An element that holds speech: `<Say>` and the SSML elements that may
/// hold more SSML.
#[diagnostic::on_unimplemented(
    message = "SSML and text cannot be nested in `{Self}`",
    label = "`{Self}` holds no speech",
    note = "SSML elements (`Break`, `Emphasis`, `Prosody`, …) and text go inside a `Say`"
)]
pub trait SsmlContainer: Container<Child = Ssml> {}

macro_rules! ssml_container {
    ($($container:ident),+) => {$(
        impl SsmlContainer for $container {}

        impl Drop for $container {
            fn drop(&mut self) {
                // SSML nests as deep as memory allows, so it is dropped from
                // one list, each element emptied before it goes, rather than
                // by the recursion of the drop glue, which overflowed a 2 MiB
                // stack at about 45,000 elements.
                let mut pending = mem::take(&mut self.children);
                while let Some(mut ssml) = pending.pop() {
                    pending.append(&mut ssml.take_children());
                }
            }
        }
    )+};
}

ssml_container!(Say, Emphasis, Lang, P, Prosody, S);

macro_rules! ssml_nest {
    ($($variant:ident),+) => {$(
        impl<Parent: SsmlContainer> Nest<Parent> for $variant {
            fn nest(self) -> Ssml {
                Ssml::$variant(self)
            }
        }
    )+};
}

ssml_nest!(Break, Emphasis, Lang, P, Phoneme, Prosody, S, SayAs, Sub);

impl<Parent: SsmlContainer> Nest<Parent> for &str {
    fn nest(self) -> Ssml {
        Ssml::Text(self.to_owned())
    }
}

impl<Parent: SsmlContainer> Nest<Parent> for String {
    fn nest(self) -> Ssml {
        Ssml::Text(self)
    }
}

attribute_enum! {
    /// How long a `<break>` is, by the kind of pause it stands for.
    pub enum BreakStrength {
        /// `none`: no pause.
        None = "none",
        /// `x-weak`: no pause.
        XWeak = "x-weak",
        /// `weak`: as after a comma.
        Weak = "weak",
        /// `medium` (the default): as after a comma.
        Medium = "medium",
        /// `strong`: a sentence break.
        Strong = "strong",
        /// `x-strong`: a paragraph break.
        XStrong = "x-strong",
    }
}

impl AttributeValue for Duration {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        if self.subsec_millis() == 0 {
            let _ = write!(out, "{}s", self.as_secs());
        } else {
            let _ = write!(out, "{}ms", self.as_millis());
        }
        Ok(())
    }
}

element! {
    /// `<break>`: a pause in speech.
    pub struct Break("break") {
        /// The pause, by strength.
        strength: BreakStrength = "strength",
        /// The pause, by length (at most 10 seconds), written in `s` or `ms`.
        time: Duration = "time",
    }
}

impl Break {
    /// A pause of medium strength.
    pub fn new() -> Self {
        Self::default()
    }
}

attribute_enum! {
    /// How strongly `<emphasis>` stresses its words.
    pub enum EmphasisLevel {
        /// `strong`: louder and slower.
        Strong = "strong",
        /// `moderate` (the default).
        Moderate = "moderate",
        /// `reduced`: softer and faster.
        Reduced = "reduced",
    }
}

element! {
    /// `<emphasis>`: stresses words.
    pub struct Emphasis("emphasis") {
        /// How strongly.
        level: EmphasisLevel = "level",
    }
    children: Ssml;
}

impl Emphasis {
    /// Stresses `words`.
    pub fn new(words: impl Into<String>) -> Self {
        Self::default().append::<String>(words.into())
    }
}

element! {
    /// `<lang>`: words in another language.
    pub struct Lang("lang") {
        /// The language (`en-US`, `de-DE`, `fr-FR`, …).
        xml_lang: String = "xml:lang",
    }
    children: Ssml;
}

impl Lang {
    /// `words` in the language `xml_lang`.
    pub fn new(xml_lang: impl Into<String>, words: impl Into<String>) -> Self {
        Self::default()
            .xml_lang(xml_lang)
            .append::<String>(words.into())
    }
}

element! {
    /// `<p>`: a paragraph, with a pause after it.
    pub struct P("p") {}
    children: Ssml;
}

impl P {
    /// A paragraph of `words`.
    pub fn new(words: impl Into<String>) -> Self {
        Self::default().append::<String>(words.into())
    }
}

element! {
    /// `<s>`: a sentence, with a pause after it.
    pub struct S("s") {}
    children: Ssml;
}

impl S {
    /// A sentence of `words`.
    pub fn new(words: impl Into<String>) -> Self {
        Self::default().append::<String>(words.into())
    }
}

attribute_enum! {
    /// The phonetic alphabet of `<phoneme>`.
    pub enum PhonemeAlphabet {
        /// `ipa`: the International Phonetic Alphabet.
        Ipa = "ipa",
        /// `x-sampa`: the Extended Speech Assessment Methods Phonetic
        /// Alphabet.
        XSampa = "x-sampa",
    }
}

element! {
    /// `<phoneme>`: how to pronounce words, in a phonetic alphabet.
    pub struct Phoneme("phoneme") {
        /// The alphabet of `ph`.
        alphabet: PhonemeAlphabet = "alphabet",
        /// The pronunciation.
        ph: String = "ph",
    }
    text: String;
}

impl Phoneme {
    /// Pronounces `words` as `ph`.
    pub fn new(words: impl Into<String>, ph: impl Into<String>) -> Self {
        Self {
            text: words.into(),
            ..Self::default()
        }
        .ph(ph)
    }
}

/// The volume of `<prosody>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Volume {
    /// `silent`
    Silent,
    /// `x-soft`
    XSoft,
    /// `soft`
    Soft,
    /// `medium`
    Medium,
    /// `loud`
    Loud,
    /// `x-loud`
    XLoud,
    /// A change in decibels from the current volume (`+6dB`, `-3dB`).
    Decibels(i8),
}

/// The speaking rate of `<prosody>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rate {
    /// `x-slow`
    XSlow,
    /// `slow`
    Slow,
    /// `medium`
    Medium,
    /// `fast`
    Fast,
    /// `x-fast`
    XFast,
    /// A percentage of the normal rate (`150%`).
    Percent(u16),
}

/// The pitch of `<prosody>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pitch {
    /// `x-low`
    XLow,
    /// `low`
    Low,
    /// `medium`
    Medium,
    /// `high`
    High,
    /// `x-high`
    XHigh,
    /// A change in per cent from the current pitch (`+5%`, `-10%`).
    Percent(i8),
}

impl AttributeValue for Volume {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        let keyword = match self {
            Volume::Silent => "silent",
            Volume::XSoft => "x-soft",
            Volume::Soft => "soft",
            Volume::Medium => "medium",
            Volume::Loud => "loud",
            Volume::XLoud => "x-loud",
            Volume::Decibels(decibels) => {
                let _ = write!(out, "{decibels:+}dB");
                return Ok(());
            }
        };
        out.push_str(keyword);
        Ok(())
    }
}

impl AttributeValue for Rate {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        let keyword = match self {
            Rate::XSlow => "x-slow",
            Rate::Slow => "slow",
            Rate::Medium => "medium",
            Rate::Fast => "fast",
            Rate::XFast => "x-fast",
            Rate::Percent(percent) => {
                let _ = write!(out, "{percent}%");
                return Ok(());
            }
        };
        out.push_str(keyword);
        Ok(())
    }
}

impl AttributeValue for Pitch {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        let keyword = match self {
            Pitch::XLow => "x-low",
            Pitch::Low => "low",
            Pitch::Medium => "medium",
            Pitch::High => "high",
            Pitch::XHigh => "x-high",
            Pitch::Percent(percent) => {
                let _ = write!(out, "{percent:+}%");
                return Ok(());
            }
        };
        out.push_str(keyword);
        Ok(())
    }
}

element! {
    /// `<prosody>`: the volume, rate and pitch of speech.
    pub struct Prosody("prosody") {
        /// The volume.
        volume: Volume = "volume",
        /// The speaking rate.
        rate: Rate = "rate",
        /// The pitch.
        pitch: Pitch = "pitch",
    }
    children: Ssml;
}

impl Prosody {
    /// `words`, with the prosody set by the setters.
    pub fn new(words: impl Into<String>) -> Self {
        Self::default().append::<String>(words.into())
    }
}

attribute_enum! {
    /// How `<say-as>` reads its text.
    pub enum InterpretAs {
        /// `characters`: letter by letter.
        Characters = "characters",
        /// `spell-out`: letter by letter.
        SpellOut = "spell-out",
        /// `cardinal`: a cardinal number.
        Cardinal = "cardinal",
        /// `number`: a cardinal number.
        Number = "number",
        /// `ordinal`: an ordinal number.
        Ordinal = "ordinal",
        /// `digits`: digit by digit.
        Digits = "digits",
        /// `fraction`
        Fraction = "fraction",
        /// `unit`: a measurement.
        Unit = "unit",
        /// `date`, in the order `format` gives.
        Date = "date",
        /// `time`: a duration in minutes and seconds.
        Time = "time",
        /// `telephone`: a telephone number.
        Telephone = "telephone",
        /// `address`: part of a street address.
        Address = "address",
        /// `interjection`
        Interjection = "interjection",
        /// `expletive`: bleeped out.
        Expletive = "expletive",
    }
}

attribute_enum! {
    /// The order of a date read by `<say-as interpret-as="date">`.
    pub enum DateFormat {
        /// `mdy`
        Mdy = "mdy",
        /// `dmy`
        Dmy = "dmy",
        /// `ymd`
        Ymd = "ymd",
        /// `md`
        Md = "md",
        /// `dm`
        Dm = "dm",
        /// `ym`
        Ym = "ym",
        /// `my`
        My = "my",
        /// `d`
        D = "d",
        /// `m`
        M = "m",
        /// `y`
        Y = "y",
    }
}

element! {
    /// `<say-as>`: how to read its text (a date, digits, …).
    pub struct SayAs("say-as") {
        /// How to read the text.
        interpret_as: InterpretAs = "interpret-as",
        /// The order of a date.
        format: DateFormat = "format",
    }
    text: String;
}

impl SayAs {
    /// Reads `text` as `interpret_as` says.
    pub fn new(text: impl Into<String>, interpret_as: InterpretAs) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
        .interpret_as(interpret_as)
    }
}

element! {
    /// `<sub>`: reads `alias` in place of its text.
    pub struct Sub("sub") {
        /// What to read instead.
        alias: String = "alias",
    }
    text: String;
}

impl Sub {
    /// Reads `alias` in place of `text`.
    pub fn new(text: impl Into<String>, alias: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
        .alias(alias)
    }
}
