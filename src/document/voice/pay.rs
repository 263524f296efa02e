//! `<Pay>`, with `<Prompt>` and `<Parameter>`.

use super::{Parameter, Play, Say};
use crate::document::xml::{attribute_enum, escape_into, AttributeValue, SpaceList};

/// An amount of money, written as given (`25.00`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Amount(String);

impl Amount {
    /// An amount in cents: `Amount::cents(2045)` is `20.45`.
    pub fn cents(cents: u64) -> Self {
        Amount(format!("{}.{:02}", cents / 100, cents % 100))
    }
}

impl From<&str> for Amount {
    fn from(amount: &str) -> Self {
        Amount(amount.to_owned())
    }
}

impl From<String> for Amount {
    fn from(amount: String) -> Self {
        Amount(amount)
    }
}

impl From<u32> for Amount {
    fn from(whole: u32) -> Self {
        Amount(whole.to_string())
    }
}

impl AttributeValue for Amount {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        escape_into(out, &self.0, true)
    }
}

attribute_enum! {
    /// How `<Pay>` collects the payment.
    pub enum PaymentMethod {
        /// `credit-card` (the default): card number, expiration date,
        /// security code and postal code.
        CreditCard = "credit-card",
        /// `ach-debit`: routing and account numbers.
        AchDebit = "ach-debit",
    }
}

attribute_enum! {
    /// How long a payment token lasts.
    pub enum TokenType {
        /// `one-time`
        OneTime = "one-time",
        /// `reusable` (the default)
        Reusable = "reusable",
    }
}

attribute_enum! {
    /// A kind of card.
    pub enum CardType {
        /// `visa`
        Visa = "visa",
        /// `mastercard`
        Mastercard = "mastercard",
        /// `amex`
        Amex = "amex",
        /// `maestro`
        Maestro = "maestro",
        /// `discover`
        Discover = "discover",
        /// `optima`
        Optima = "optima",
        /// `jcb`
        Jcb = "jcb",
        /// `diners-club`
        DinersClub = "diners-club",
        /// `enroute`
        Enroute = "enroute",
    }
}

attribute_enum! {
    /// How `<Pay>` takes the caller's input: DTMF only.
    pub enum PayInput {
        /// `dtmf`
        Dtmf = "dtmf",
    }
}

/// Whether `<Pay>` asks for the postal code, or the postal code itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PostalCode {
    /// `true` (the default) asks for it; `false` does not.
    Collect(bool),
    /// The postal code, used without asking.
    Value(String),
}

impl From<bool> for PostalCode {
    fn from(collect: bool) -> Self {
        PostalCode::Collect(collect)
    }
}

impl From<&str> for PostalCode {
    fn from(value: &str) -> Self {
        PostalCode::Value(value.to_owned())
    }
}

impl From<String> for PostalCode {
    fn from(value: String) -> Self {
        PostalCode::Value(value)
    }
}

impl AttributeValue for PostalCode {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        match self {
            PostalCode::Collect(collect) => collect.write_attribute(out),
            PostalCode::Value(value) => escape_into(out, value, true),
        }
    }
}

element! {
    /// `<Pay>`: collects a payment, or a payment token, over DTMF and sends
    /// it to the payment connector.
    pub struct Pay("Pay") {
        /// The HTTPS URL SignalWire posts the outcome to.
        action: String = "action",
        /// The amount to charge; 0 or none only tokenizes.
        charge_amount: Amount = "chargeAmount",
        /// The currency, in three letters (`usd`).
        currency: String = "currency",
        /// A description sent to the payment processor.
        description: String = "description",
        /// How the caller's input is taken.
        input: PayInput = "input",
        /// The language of the prompts (`en-US` by default).
        language: String = "language",
        /// How many attempts the caller gets (1 to 3).
        max_attempts: u8 = "maxAttempts",
        /// The shortest postal code accepted.
        min_postal_code_length: u32 = "minPostalCodeLength",
        /// The URL SignalWire posts the encrypted payment data to.
        payment_connector_url: String = "paymentConnectorUrl",
        /// How the payment is collected.
        payment_method: PaymentMethod = "paymentMethod",
        /// Whether to ask for the postal code, or the postal code itself.
        postal_code: PostalCode = "postalCode",
        /// Whether to ask for the security code (on by default).
        security_code: bool = "securityCode",
        /// The HTTPS URL SignalWire posts each step of the payment to.
        status_callback: String = "statusCallback",
        /// Seconds to wait for the next digit (more than 3; 5 by default).
        timeout: u32 = "timeout",
        /// How long the token lasts.
        token_type: TokenType = "tokenType",
        /// The cards accepted.
        valid_card_types: SpaceList<CardType> = "validCardTypes",
    }
    children: PayChild;
}

children! {
    /// What `<Pay>` may hold.
    pub enum PayChild in Pay {
        Prompt, Parameter,
    }
}

impl Pay {
    /// A `<Pay>` whose attributes are set next.
    pub fn new() -> Self {
        Self::default()
    }
}

attribute_enum! {
    /// A step of `<Pay>` whose prompt a `<Prompt>` replaces.
    pub enum PaymentStep {
        /// `payment-card-number`
        PaymentCardNumber = "payment-card-number",
        /// `expiration-date`
        ExpirationDate = "expiration-date",
        /// `security-code`
        SecurityCode = "security-code",
        /// `postal-code`
        PostalCode = "postal-code",
        /// `bank-routing-number`
        BankRoutingNumber = "bank-routing-number",
        /// `bank-account-number`
        BankAccountNumber = "bank-account-number",
        /// `payment-processing`
        PaymentProcessing = "payment-processing",
    }
}

attribute_enum! {
    /// An error after which a `<Prompt>` plays.
    pub enum PayErrorType {
        /// `timeout`
        Timeout = "timeout",
        /// `invalid-card-number`
        InvalidCardNumber = "invalid-card-number",
        /// `invalid-card-type`
        InvalidCardType = "invalid-card-type",
        /// `invalid-date`
        InvalidDate = "invalid-date",
        /// `invalid-security-code`
        InvalidSecurityCode = "invalid-security-code",
        /// `invalid-bank-routing-number`
        InvalidBankRoutingNumber = "invalid-bank-routing-number",
        /// `invalid-bank-account-number`
        InvalidBankAccountNumber = "invalid-bank-account-number",
        /// `input-matching-failed`
        InputMatchingFailed = "input-matching-failed",
    }
}

element! {
    /// `<Prompt>` inside `<Pay>`: what the caller hears at one step, in
    /// place of the default prompt.
    pub struct Prompt("Prompt") {
        /// The step.
        for_: PaymentStep = "for",
        /// The attempt this prompt is for (1 to 10).
        attempt: u8 = "attempt",
        /// The cards this prompt is for.
        card_type: SpaceList<CardType> = "cardType",
        /// The errors this prompt follows.
        error_type: SpaceList<PayErrorType> = "errorType",
    }
    children: PromptChild;
}

children! {
    /// What `<Prompt>` may hold.
    pub enum PromptChild in Prompt {
        Say, Play,
    }
}

impl Prompt {
    /// The prompt for `step`; its `<Say>` or `<Play>` is appended next.
    pub fn new(step: PaymentStep) -> Self {
        Self::default().for_(step)
    }
}
